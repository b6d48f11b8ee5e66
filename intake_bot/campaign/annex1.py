"""The Annex 1 form of the competition-summary campaigns (基本情况表), read from tables and text lines.

Pure functions chained: cells → labelled header values → grid (annex1_grid: header band, data rows,
合计) → BASIC_INFO with where each value came from → problem codes. The header block and the grid are
found by their labels, never by fixed addresses. Nothing is guessed: what cannot be read is None
and a problem code says so. Which sheet or table is the form is decided in annex1_pick.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from parsers import Table

from .numbers import read_count  # noqa: F401  (the one number reader; tests import it from here)
from .annex1_grid import CERTIFICATES, PARTICIPANTS, Grid, clean, display, empty_counts, read_grid
from .annex1_sheet import roster_mismatch  # noqa: F401  (the form against a roster entry)

HEADER_LABELS = {
    "competition_name": ("竞赛名称",),
    "host": ("主办单位",),
    "co_organizer": ("协办单位",),
    "organizer": ("承办单位",),
    "final_venue": ("决赛地点", "决赛举办地点", "决赛场地"),
    "filler": ("填报单位",),
    "filled_at": ("时间",),
}
CONTACT_LABELS = {
    "name": ("联系人",),
    "department": ("所在部门", "部门"),
    "phone": ("联系电话", "电话", "手机"),
    "email": ("电子邮箱", "电子邮件", "邮箱", "E-mail", "Email", "email"),
}
REQUIRED = ("competition_name", "host", "organizer", "final_venue")
_ALL_LABELS = sorted({lab for labs in (*HEADER_LABELS.values(), *CONTACT_LABELS.values()) for lab in labs},
                     key=len, reverse=True)
_LABEL_RE = re.compile("(" + "|".join(r"[ \u3000]*".join(map(re.escape, x)) for x in _ALL_LABELS)
                       + r")[ \u3000]*(?:（盖章）|\(盖章\))?\s*[:：]")
_EMPTY = {"", "/", "-", "—", "——", "无", "\\", "－", "／"}


@dataclass
class Annex1:
    info: dict
    sources: dict = field(default_factory=dict)     # field path → cell address
    non_numeric: list = field(default_factory=list)  # (path, group, key, text as written)
    found_grid: bool = False
    labels: set = field(default_factory=set)        # the header and contact labels found on the form
    grid: Grid | None = None                        # the grid read (its rows, columns, computed cells)

    @property
    def computed(self) -> set:
        return self.grid.computed if self.grid else set()

    @property
    def uncomputed(self) -> list:
        return self.grid.uncomputed if self.grid else []


def looks_like_annex1(tables: list[Table], text: str) -> bool:
    t = clean(text)
    has_grid = ("竞赛职业" in t or "工种" in t) and ("获技能等级证书" in t or ("初赛" in t and "选拔赛" in t))
    return has_grid and ("竞赛名称" in t or "主办单位" in t or "基本情况表" in t)


# ---- header block -------------------------------------------------------------------------------

def _segments(tables: list[Table], text: str):
    """(text, table, r, c, next line) for every non-empty cell, then every text line (table None,
    with the line after it: a value may wrap onto it)."""
    for table in tables:
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row):
                if cell is not None and str(cell).strip():
                    yield str(cell), table, r, c, ""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    for i, line in enumerate(lines):
        yield line, None, None, None, lines[i + 1] if i + 1 < len(lines) else ""


def _label_of(raw: str) -> str | None:
    raw = re.sub(r"[ \u3000]", "", raw)           # 联 系 人 is 联系人
    for key, labels in (*HEADER_LABELS.items(), *(("contact." + k, v) for k, v in CONTACT_LABELS.items())):
        if raw in labels:
            return key
    return None


def _next_value(table: Table, r: int, c: int) -> tuple[str, str]:
    row = table.rows[r]
    for cc in range(c + 1, len(row)):
        cell = row[cc]
        if cell is None or not str(cell).strip():
            continue
        if _LABEL_RE.match(clean(cell)) or _label_of(clean(cell).rstrip(":：")):
            return "", ""
        return display(cell), table.origin(r, cc)
    return "", ""


def _wrapped_value(next_line: str) -> str:
    nxt = unicodedata.normalize("NFKC", next_line).strip()
    return nxt if nxt and not _LABEL_RE.search(nxt) and len(nxt) < 60 else ""


def read_labels(tables: list[Table], text: str) -> tuple[dict, dict]:
    """Label → value for the header block and the contact line (first occurrence wins)."""
    values: dict[str, str] = {}
    where: dict[str, str] = {}
    for raw, table, r, c, next_line in _segments(tables, text):
        original = "".join(raw.replace("\r", "").split("\n"))
        flat = unicodedata.normalize("NFKC", original).replace("\u3000", " ")
        if len(flat) == len(original):      # values keep their characters as written (full-width brackets)
            source_text = original
        else:
            source_text = flat
        matches = list(_LABEL_RE.finditer(flat))
        if not matches:
            key = _label_of(clean(flat))      # a label alone in its cell, value in the next cell
            if key and table is not None and key not in values:
                val, addr = _next_value(table, r, c)
                values[key], where[key] = val, addr
            continue
        for i, m in enumerate(matches):
            key = _label_of(m.group(1))
            if key is None or key in values:
                continue
            end = matches[i + 1].start() if i + 1 < len(matches) else len(flat)
            val = source_text[m.end():end].split("\t")[0].strip().strip("\u3000").strip()
            addr = table.origin(r, c) if table is not None else "text"
            if not val and table is not None and len(matches) == 1:
                val, addr2 = _next_value(table, r, c)
                addr = addr2 or addr
            elif not val and table is None and i == len(matches) - 1:
                val = _wrapped_value(next_line)    # the value wrapped onto the next text line
            values[key], where[key] = val, addr
    return values, where


# ---- whole form and checks -----------------------------------------------------------------------

def _is_contact(row) -> bool:
    return any(_LABEL_RE.match(clean(c)) and _label_of(_LABEL_RE.match(clean(c)).group(1)) in
               ("contact.name", "contact.phone", "contact.email", "contact.department")
               for c in row if c)


def read_annex1(tables: list[Table], text: str, grid_tables: list[Table] | None = None) -> Annex1:
    """One form from these tables and text: its labels, and the grid of the table (of `grid_tables`,
    else of all) that holds the most occupation rows (rows of two tables are never merged)."""
    labels, where = read_labels(tables, text)
    info = {k: labels.get(k, "") for k in ("competition_name", "host", "co_organizer", "organizer", "final_venue")}
    result = Annex1(info=info, sources=dict(where), labels=set(labels))
    grids = [g for g in (read_grid(t, _is_contact) for t in (tables if grid_tables is None else grid_tables))
             if g is not None]
    if grids:
        grid = max(grids, key=lambda g: (len(g.rows), g.totals is not None))
        result.grid, result.found_grid = grid, True
        result.sources.update(grid.sources)
        result.non_numeric = list(grid.non_numeric)
    info["rows"] = result.grid.rows if result.grid else []
    info["totals"] = (result.grid.totals if result.grid else None) or empty_counts()
    info["contact"] = {k: labels.get("contact." + k, "") for k in CONTACT_LABELS}
    return result


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
COLUMNS = [(g, k) for g, pairs in (("participants", PARTICIPANTS), ("certificates", CERTIFICATES)) for k, _ in pairs]


def check(result: Annex1) -> list[str]:
    """Problem codes of contracts/EXPORT.md for one parsed form (roster check is separate)."""
    info = result.info
    problems = []
    if any(not clean(info.get(k)) or clean(info.get(k)) in _EMPTY for k in REQUIRED):
        problems.append("blank_required_field")
    phone = clean(info["contact"].get("phone"))
    if len(re.findall(r"\d", phone)) < 7:         # 0771-5832158（办）, 138…, with 转 extensions: all fine
        problems.append("missing_contact_phone")
    if not _EMAIL.search(clean(info["contact"].get("email"))):
        problems.append("missing_contact_email")
    if result.non_numeric:
        problems.append("non_numeric_count")
    if mismatched_columns(result):
        problems.append("total_mismatch")
    if over_final(result):
        problems.append("certificates_exceed_final")
    return problems


def mismatched_columns(result: Annex1) -> list[tuple[str, str, int, int]]:
    """(group, key, sum of the rows, 合计 as written) for every column whose 合计 is not its sum; a column
    with a cell no one can read (words, or a formula that could not be computed) is not summed."""
    info = result.info
    if not info["rows"] or all(v is None for g in info["totals"].values() for v in g.values()):
        return []
    unreadable = {(g, k) for _path, g, k, _text in [*result.non_numeric, *result.uncomputed]}
    out = []
    for group, key in COLUMNS:
        if (group, key) in unreadable:
            continue
        column = sum(row[group][key] or 0 for row in info["rows"])
        written = info["totals"][group][key] or 0
        if column != written:
            out.append((group, key, column, written))
    return out


def over_final(result: Annex1) -> list[tuple[dict, int]]:
    out = []
    for row in result.info["rows"]:
        final = row["participants"]["final"]
        certs = sum(v or 0 for v in row["certificates"].values())
        if final is not None and certs > final:
            out.append((row, certs))
    return out


def rests_on_computed(result: Annex1, code: str, detail) -> bool:
    """A problem whose numbers include a value this bot computed (a formula the file stored without its
    value): staff check it; the sender is not told of it."""
    computed = result.computed
    if code == "total_mismatch":
        group, key = detail[:2]
        return any(p.endswith(f".{group}.{key}") for p in computed)
    if code == "certificates_exceed_final":
        row = detail[0]
        return any(p.startswith(f"rows[{row['occupation']}].") for p in computed)
    return False


FIELD_NAMES = {"competition_name": "竞赛名称", "host": "主办单位", "co_organizer": "协办单位", "organizer": "承办单位",
               "final_venue": "决赛地点"}
COUNT_NAMES = {("participants", "preliminary"): "初赛参赛人数", ("participants", "selection"): "选拔赛参赛人数",
               ("participants", "final"): "决赛参赛人数", ("certificates", "senior_worker"): "获高级工证书人数",
               ("certificates", "technician"): "获技师证书人数", ("certificates", "senior_technician"): "获高级技师证书人数"}


def _where(path: str) -> str:
    if path == "totals":
        return "合计行"
    m = re.fullmatch(r"rows\[(.*)\]", path)
    return f"工种「{m.group(1)}」" if m else path


def explain_all(result: Annex1, problems: list[str]) -> list[tuple[str, str, bool]]:
    """Each problem in words a sender can act on (the place on the form and the numbers), and whether
    it rests only on values read as written (True) or on one this bot computed (False)."""
    info = result.info
    out: list[tuple[str, str, bool]] = []
    if "blank_required_field" in problems:
        blank = [FIELD_NAMES[k] for k in REQUIRED if not clean(info.get(k)) or clean(info.get(k)) in _EMPTY]
        out.append(("blank_required_field", f"基本情况表的{'、'.join(f'「{b}」' for b in blank)}未填写", True))
    if "missing_contact_phone" in problems:
        phone = display(info["contact"].get("phone"))
        out.append(("missing_contact_phone",
                    f"基本情况表的联系电话{'写作「' + phone + '」，号码不完整' if phone else '未填写'}", True))
    if "missing_contact_email" in problems:
        mail = display(info["contact"].get("email"))
        out.append(("missing_contact_email",
                    f"基本情况表的电子邮箱{'写作「' + mail + '」，格式不正确' if mail else '未填写'}", True))
    for path, group, key, text in result.non_numeric if "non_numeric_count" in problems else []:
        out.append(("non_numeric_count", f"基本情况表{_where(path)}的「{COUNT_NAMES[(group, key)]}」写作「{text}」，"
                                          "请填写确切的数字", True))
    for detail in mismatched_columns(result) if "total_mismatch" in problems else []:
        group, key, column, written = detail
        out.append(("total_mismatch", f"基本情况表合计行「{COUNT_NAMES[(group, key)]}」写 {written}，各工种相加为 {column}",
                    not rests_on_computed(result, "total_mismatch", detail)))
    for detail in over_final(result) if "certificates_exceed_final" in problems else []:
        row, certs = detail
        out.append(("certificates_exceed_final", f"基本情况表工种「{row['occupation']}」获证书 {certs} 人，"
                                                 f"多于决赛参赛人数 {row['participants']['final']} 人",
                    not rests_on_computed(result, "certificates_exceed_final", detail)))
    return out


def explain(result: Annex1, problems: list[str]) -> list[tuple[str, str]]:
    return [(code, text) for code, text, _sure in explain_all(result, problems)]


def uncomputed_notes(result: Annex1) -> list[str]:
    """Formulas the file stored without their value and this machine could not compute: shown as written."""
    out = []
    for path, group, key, formula in result.uncomputed:
        written, _, value = formula.partition(" → ")
        why = f"算出的是「{value}」，不是人数" if value else "文件中没有计算结果，本机也未能计算"
        out.append(f"{_where(path)}的「{COUNT_NAMES[(group, key)]}」是公式「{written}」，{why}")
    return out
