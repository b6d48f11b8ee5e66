"""python -m samples [--campaign 2025] OUT_DIR: write a sample mailbox (OUT_DIR/eml) and roster (OUT_DIR/roster.csv).

Without --campaign: the default (2024) collection's sample world; with --campaign 2025: next year's."""
import argparse
from pathlib import Path

from . import next_year, variations, wave_entries, world

if __name__ == "__main__":
    ap = argparse.ArgumentParser(prog="python -m samples")
    ap.add_argument("--campaign", choices=("2024", "2025"), default="2024")
    ap.add_argument("--variations", action="store_true", help="the variation set (samples/variations.py)")
    ap.add_argument("--wave-entries", action="store_true", help="one unit, two entries (samples/wave_entries.py)")
    ap.add_argument("out")
    args = ap.parse_args()
    if args.variations:
        folder = world.write(Path(args.out), variations.build(), variations.ROSTER)
    elif args.wave_entries:
        folder = world.write(Path(args.out), wave_entries.build(), wave_entries.ROSTER)
    else:
        folder = (next_year if args.campaign == "2025" else world).write(Path(args.out))
    print(f"sample mailbox: {folder} ({len(list(folder.glob('*.eml')))} mails); roster: {folder.parent / 'roster.csv'}")
