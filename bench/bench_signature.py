"""The signature check on random footers (samples.documents.Footer): how many it reads right.

Two sweeps, each of N footers drawn from a seeded generator, half signed:
- "layout": the label's wording, font size, gap, flat scribbles, lines to sign on, tables without
  column borders, tilt and scan resolution;
- "others": the same, and the cases of issue 21: the 监督员 and 记分员 signed beside a blank or signed
  裁判长 line, a round seal (red or grey) over the 监督员 label, a scribble running on into the next
  label, a short wide stroke.

    PYTHONPATH=. .venv/bin/python bench/bench_signature.py [--count 200] [--sweep layout|others|both]
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from samples.documents import Footer, score_footer_page  # noqa: E402
from intake_bot.campaign import load_campaign  # noqa: E402
from intake_bot.reading.examine import signer  # noqa: E402

SIGNER = signer(load_campaign().material("score_sheet"))

LABELS = ["裁判长（签字）：", "裁判长：", "裁判长签名：", "裁判长签字：", "竞赛裁判长（签字）", "裁 判 长：", "裁判长（签名）："]
OTHERS = [("监督员（签字）：", "记分员（签字）："), ("监督：", "制表："), ("仲裁：", "核分人："), ("裁判员：", "记分员：")]


def layout_footer(rnd: random.Random) -> Footer:
    flat = rnd.random() < 0.25
    return Footer(label=rnd.choice(LABELS), others=rnd.choice(OTHERS), size=rnd.randint(20, 32),
                  signed=rnd.random() < 0.5, gap=rnd.randint(2, 30), strokes=rnd.randint(5, 16),
                  amplitude=rnd.uniform(0.1, 0.2) if flat else rnd.uniform(0.25, 0.7), pen=rnd.randint(2, 5),
                  underline=rnd.random() < 0.3, borders=rnd.random() < 0.8, rotate=rnd.uniform(-1.2, 1.2),
                  scale=rnd.choice([0.8, 0.9, 1.0, 1.0, 1.1, 1.3]))


def others_footer(rnd: random.Random) -> Footer:
    base = layout_footer(rnd)
    case = rnd.choice(["others_signed", "seal", "run_on", "short_stroke"])
    changes: dict = {"others": ("监督员（签字）：", "记分员（签字）：") if rnd.random() < 0.6 else base.others}
    if case == "others_signed":
        changes.update(others_signed=True)
    elif case == "seal":
        changes.update(others_signed=rnd.random() < 0.7, seal=rnd.choice(["red", "grey"]))
    elif case == "run_on":
        changes.update(signed=True, run_on=rnd.randint(10, 70), underline=False)
    else:                                   # a short wide stroke: a character or two wide, flat, a broad pen
        changes.update(signed=True, strokes=rnd.randint(4, 6), amplitude=rnd.uniform(0.04, 0.15),
                       pen=rnd.randint(3, 6))
    return Footer(**{**base.__dict__, **changes})


def sweep(kind: str, count: int, seed: int) -> tuple[int, list]:
    from intake_bot.reading import signature
    rnd = random.Random(seed)
    make = layout_footer if kind == "layout" else others_footer
    right, wrong = 0, []
    for i in range(count):
        footer = make(rnd)
        got = signature.sheet_signed([score_footer_page(footer, seed=i)], SIGNER)
        if got is footer.signed:
            right += 1
        else:
            wrong.append((i, got, footer))
    return right, wrong


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--sweep", choices=["layout", "others", "both"], default="both")
    parser.add_argument("--seed", type=int, default=21)
    args = parser.parse_args()
    from parsers import base
    base.configure(base.ParseLimits(ocr_threads=1))      # as in a worker: one thread
    for kind in (["layout", "others"] if args.sweep == "both" else [args.sweep]):
        start = time.perf_counter()
        right, wrong = sweep(kind, args.count, args.seed)
        print(f"{kind}: {right}/{args.count} right ({time.perf_counter() - start:.0f} s)")
        for i, got, footer in wrong:
            print(f"  #{i} read {got}: {footer}")


if __name__ == "__main__":
    main()
