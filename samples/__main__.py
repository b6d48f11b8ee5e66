"""python -m samples [--campaign 2025 | --set NAME] OUT_DIR: write a sample mailbox (OUT_DIR/eml) and roster
(OUT_DIR/roster.csv).

Without options: the default (2024) collection's sample world; with --campaign 2025: next year's; with
--set NAME one of the variation sets below (each module has its own roster and EXPECT table)."""
import argparse
import importlib
from pathlib import Path

from . import next_year, world

SETS = {                                # name → module of samples/ with build() and ROSTER
    "variations": "variations",         # the first variation set
    "wave-words": "wave_words",         # the second wave: statements by item number, kinds
    "wave-forms": "wave_forms",         # the second wave: Annex 1 in workbooks, formulas, numerals, PDFs
    "wave-entries": "wave_entries",     # the second wave: one unit's mail serving two roster entries
    "wave-years": "wave_years",         # the third wave: last year's or another competition's material, 2025 planning
    "wave-scans": "wave_scans",         # the second wave: turned photos and pages, hard-to-read signatures
}

if __name__ == "__main__":
    ap = argparse.ArgumentParser(prog="python -m samples")
    ap.add_argument("--campaign", choices=("2024", "2025"), default="2024")
    ap.add_argument("--set", choices=sorted(SETS), help="a variation set instead of the sample world")
    for name in SETS:                   # --variations, --wave-forms, ...: the older spelling
        ap.add_argument(f"--{name}", action="store_const", const=name, dest="set", help=argparse.SUPPRESS)
    ap.add_argument("out")
    args = ap.parse_args()
    if args.set:
        module = importlib.import_module(f"samples.{SETS[args.set]}")
        folder = world.write(Path(args.out), module.build(), module.ROSTER)
    else:
        folder = (next_year if args.campaign == "2025" else world).write(Path(args.out))
    print(f"sample mailbox: {folder} ({len(list(folder.glob('*.eml')))} mails); roster: {folder.parent / 'roster.csv'}")
