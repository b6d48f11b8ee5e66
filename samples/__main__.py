"""python -m samples [--campaign 2025] OUT_DIR: write a sample mailbox (OUT_DIR/eml) and roster (OUT_DIR/roster.csv).

Without --campaign: the default (2024) collection's sample world; with --campaign 2025: next year's."""
import argparse
from pathlib import Path

from . import next_year, variations, wave_scans, world

if __name__ == "__main__":
    ap = argparse.ArgumentParser(prog="python -m samples")
    ap.add_argument("--campaign", choices=("2024", "2025"), default="2024")
    ap.add_argument("--variations", action="store_true", help="the variation set (samples/variations.py)")
    ap.add_argument("--wave-scans", action="store_true", help="turned and hard-to-sign scans (samples/wave_scans.py)")
    ap.add_argument("out")
    args = ap.parse_args()
    if args.variations:
        folder = world.write(Path(args.out), variations.build(), variations.ROSTER)
    elif args.wave_scans:
        folder = world.write(Path(args.out), wave_scans.build(), wave_scans.ROSTER)
    else:
        folder = (next_year if args.campaign == "2025" else world).write(Path(args.out))
    print(f"sample mailbox: {folder} ({len(list(folder.glob('*.eml')))} mails); roster: {folder.parent / 'roster.csv'}")
