"""What a next-year plan application names, read in the worker while its text is at hand: the applicant
unit (申办单位 before 申报单位 and the hosts) and the occupations it applies for."""
from __future__ import annotations

import re
import unicodedata

def plain(text) -> str:
    """A cell or a line without spaces, in the form a reader compares (NFKC)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text or "")))


def items(text: str) -> list[str]:
    """The items of a list written in one cell or line (、，；/ or one per line)."""
    return [o for o in re.split(r"[、，,；;/\n]+", plain(text)) if len(o) >= 2]


_LABEL = re.compile(r"^(拟设?|申报|拟申报)?(竞赛)?(职业[（(]?工种[）)]?|工种)(名称)?$")
_TEXT_LABEL = re.compile(r"(竞赛职业|申报职业|竞赛工种|职业)[（(]工种[）)][：:]\s*([^\n]+)")
_STOP = re.compile(r"申报竞赛类别|经费|计划|联系人|主管单位|说明|合计|类别")


_UNIT_LABEL = re.compile(r"^(申办|申报|牵头主办|牵头|主办|举办)单位(名称)?([（(][盖公签]?章[）)])?[:：]?$")
# A cell that is itself a form's label (a header row: 申报单位 | 联系人 | 电话, the values in the row below).
_ANY_LABEL = re.compile(r"^[\u4e00-\u9fff]{1,8}(人|电话|手机|邮箱|地址|名称|类别|编码|时间|日期|单位|职业|工种|备注|等级|"
                        r"级别|号码|部门|职务|方式|代码|性质|地点|项目)([（(][^）)]{1,6}[）)])?[:：]?$")
_UNIT_ORDER = ("申办", "申报", "牵头主办", "牵头", "主办", "举办")
_TEXT_UNIT = re.compile(r"(申办|申报|牵头主办|主办)单位(?:名称)?(?:[（(][盖公签]?章[）)])?[ \t\u3000]*[:：][ \t\u3000]*"
                        r"([^\n，。；;:：]{2,40})")
_NOT_A_UNIT = re.compile(r"^[\d\s年月日./\-—:：]+$|^\d{4}年")      # a date or a number where the unit was left blank


def unit_named(tables, text: str) -> str:
    """The unit an application is made by: the value of its 申办单位 field (else 申报单位, 牵头主办单位,
    主办单位…, in that order), beside the label in a table or under it, or after it in the text; "" when
    none is readable."""
    found: dict[str, str] = {}                       # label's first word → its value, the first of each
    for table in tables or []:
        for r, row in enumerate(table.rows):
            cells = [plain(c) for c in row]
            for c, cell in enumerate(cells):
                m = _UNIT_LABEL.match(cell)
                if not m or m.group(1) in found:
                    continue
                right = next((t for t in cells[c + 1:] if t), "")
                below = plain(table.rows[r + 1][c]) if r + 1 < len(table.rows) and c < len(table.rows[r + 1]) else ""
                value = right if right and not _ANY_LABEL.match(right) else below
                if len(value) >= 2 and not _ANY_LABEL.match(value) and not _UNIT_LABEL.match(value) \
                        and not _NOT_A_UNIT.match(value):
                    found[m.group(1)] = value
    for m in _TEXT_UNIT.finditer(text or ""):
        value = m.group(2).strip()
        if len(value) >= 2 and not _ANY_LABEL.match(value) and not _NOT_A_UNIT.match(value):
            found.setdefault(m.group(1), value)
    return next((found[label] for label in _UNIT_ORDER if label in found), "")


def occupations_named(tables, text: str) -> list[str]:
    """The occupations an application names: the column under its 竞赛职业（工种） header, or the words after
    that label; [] when neither is readable."""
    out: list[str] = []
    for table in tables or []:
        rows = table.rows
        for r, row in enumerate(rows):
            cells = [plain(c) for c in row]
            c = next((i for i, t in enumerate(cells) if _LABEL.match(t)), None)
            if c is None:
                continue
            right = [t for t in cells[c + 1:] if t]
            if right and not any(_LABEL.match(t) for t in right) and r > 0 and len(right) == 1:
                out += items(right[0])                    # a label cell with its value beside it
                continue
            for below in rows[r + 1:]:
                value = plain(below[c]) if c < len(below) else ""
                if _STOP.search(value) or (below and _STOP.search(plain(below[0]))):
                    break
                if value and not re.fullmatch(r"[\d\-./]+", value):
                    out += items(value)
            if out:
                return list(dict.fromkeys(out))
    for m in _TEXT_LABEL.finditer(text or ""):
        out += items(re.split(r"[。；;]", m.group(2))[0])
    return list(dict.fromkeys(o for o in out if len(o) <= 20))
