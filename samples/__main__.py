"""python -m samples OUT_DIR: write the sample mailbox (OUT_DIR/eml) and roster (OUT_DIR/roster.csv)."""
import sys
from pathlib import Path

from .world import write

if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m samples OUT_DIR")
    folder = write(Path(sys.argv[1]))
    print(f"sample mailbox: {folder} ({len(list(folder.glob('*.eml')))} mails); roster: {folder.parent / 'roster.csv'}")
