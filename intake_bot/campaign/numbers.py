"""One reader for every way a clerk writes a count in a form's cell.

"30", "３０", "30人", "30 名", "1,200", "30.0" (a spreadsheet's float), "一百八十三", "两千零五人",
"壹佰贰拾" are numbers; a blank, "/", "—" or "无" is no number (the cell says nothing); "约30",
"30左右", "若干", "30余", "20-30" are not numbers a clerk can add up, and stay as written so the
sender (or staff) can be told exactly what the cell says. Chinese numerals go through `cn2an`.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum


class Written(StrEnum):
    BLANK = "blank"                  # nothing, or a dash / 无: the cell gives no number
    DIGITS = "digits"                # Arabic digits (full-width or not, with a unit or thousands commas)
    NUMERALS = "numerals"            # Chinese numerals (一百八十三, 两千零五, 壹佰贰拾)
    UNREADABLE = "unreadable"        # words no one can add up: 约30, 若干, 30左右


@dataclass(frozen=True)
class Count:
    value: int | None
    written: Written = Written.BLANK
    text: str = ""                   # the cell as written (for staff and the sender)

    @property
    def non_numeric(self) -> bool:
        return self.written is Written.UNREADABLE


BLANKS = {"", "/", "-", "—", "——", "无", "\\", "－", "／", "−", "–"}
UNITS = r"(?:人次|人|名|个|位|户|家|项|队)?"
_DIGITS = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)(?:\.0+)?" + UNITS)
_NUMERALS = re.compile(r"([零〇一二两三四五六七八九十百千万廿壹贰叁肆伍陆柒捌玖拾佰仟]+)" + UNITS)


def _flat(text) -> str:
    if text is None:
        return ""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text)))


def read_count(text) -> Count:
    """The count a cell holds, and how it was written."""
    shown = "" if text is None else " ".join(str(text).split())
    t = _flat(text).strip(".·,，'`。")
    if t in BLANKS:
        return Count(None, Written.BLANK, shown)
    m = _DIGITS.fullmatch(t)
    if m:
        return Count(int(m.group(1).replace(",", "")), Written.DIGITS, shown)
    m = _NUMERALS.fullmatch(t)
    if m:
        value = _numerals(m.group(1))
        if value is not None:
            return Count(value, Written.NUMERALS, shown)
    return Count(None, Written.UNREADABLE, shown)


def _numerals(text: str) -> int | None:
    import cn2an
    try:
        value = cn2an.cn2an(text, "normal")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    if isinstance(value, float):
        if not value.is_integer():
            return None
        value = int(value)
    return value if isinstance(value, int) and value >= 0 else None
