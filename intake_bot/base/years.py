"""The years a text names as what it is about, as a clerk reads a title: 2019年, 二〇一九年; not a date
(2019年3月), a document number (〔2019〕) or an edition (2019年版)."""
from __future__ import annotations

import re

_CN_DIGITS = str.maketrans("〇零○Ｏ一二三四五六七八九", "0000123456789")
_CN_YEAR = re.compile(r"[〇零○Ｏ一二三四五六七八九]{4}(?=\s*年)")
_YEAR = re.compile(r"(?<![\d])(19[5-9]\d|20\d\d)(?![\d])")
_NOT_A_YEAR_AFTER = re.compile(r"\s*(年\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月|年版|[.\-/／]\s*\d{1,2}|[〕\]】])")
_NOT_A_YEAR_BEFORE = re.compile(r"[〔\[【]\s*$")


def years_named(title: str) -> list[int]:
    """The years a title names as what it is about (not a date, a document number or an edition)."""
    text = _CN_YEAR.sub(lambda m: m.group(0).translate(_CN_DIGITS), title)
    out = []
    for m in _YEAR.finditer(text):
        if _NOT_A_YEAR_AFTER.match(text, m.end()) or _NOT_A_YEAR_BEFORE.search(text[:m.start()]):
            continue
        out.append(int(m.group(1)))
    return list(dict.fromkeys(out))
