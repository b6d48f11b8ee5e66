"""The Annex 1 form of the competition-summary campaigns (基本情况表), read from tables and text lines.

Pure functions chained: cells → labelled header values → grid (header rows, data rows, 合计) →
BASIC_INFO with where each value came from → problem codes. The header block and the grid are
found by their labels, never by fixed addresses. Nothing is guessed: what cannot be read is None
and a problem code says so.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from parsers import Table
from parsers.ocr_table import GridLabels, form_from_ocr

from .. import forms
from ..roster import unit_key

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
PARTICIPANTS = (("preliminary", "初赛"), ("selection", "选拔赛"), ("final", "决赛"))
CERTIFICATES = (("senior_worker", "高级工"), ("technician", "技师"), ("senior_technician", "高级技师"))
REQUIRED = ("competition_name", "host", "organizer", "final_venue")
_ALL_LABELS = sorted({lab for labs in (*HEADER_LABELS.values(), *CONTACT_LABELS.values()) for lab in labs},
                     key=len, reverse=True)
_LABEL_RE = re.compile("(" + "|".join(r"[ \u3000]*".join(map(re.escape, x)) for x in _ALL_LABELS)
                       + r")[ \u3000]*(?:（盖章）|\(盖章\))?\s*[:：]")
_EMPTY = {"", "/", "-", "—", "——", "无", "\\", "－", "／"}


def clean(text) -> str:
    if text is None:
        return ""
    text = unicodedata.normalize("NFKC", str(text))
    return re.sub(r"\s+", "", text)


def display(text) -> str:
    """Cell text as the value: lines joined without separators, blanks around trimmed."""
    if text is None:
        return ""
    lines = [ln.strip() for ln in str(text).replace("\r", "").split("\n")]
    return "".join(lines).strip().strip("\u3000").strip()


@dataclass
class Count:
    value: int | None
    non_numeric: bool = False


def read_count(text) -> Count:
    t = clean(text).strip(".·,，'`")
    if t in _EMPTY:
        return Count(None)
    m = re.fullmatch(r"(\d+)(?:\.0+)?(?:人|名|个)?", t)
    if m:
        return Count(int(m.group(1)))
    return Count(None, non_numeric=True)


@dataclass
class Annex1:
    info: dict
    sources: dict = field(default_factory=dict)     # field path → cell address
    non_numeric: list = field(default_factory=list)
    found_grid: bool = False


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


# ---- the grid -----------------------------------------------------------------------------------

@dataclass
class Columns:
    occupation: int | None = None
    standard: int | None = None
    time: int | None = None
    groups: int | None = None
    counts: dict = field(default_factory=dict)     # ("participants", "final") → column


def _find_columns(table: Table, r: int) -> tuple[Columns, int]:
    """Columns from the header row r and up to two rows below; returns the first data row index."""
    cols = Columns()
    rows = table.rows
    last = r
    for rr in range(r, min(r + 3, len(rows))):
        row_has_label = False
        for c, cell in enumerate(rows[rr]):
            t = clean(cell)
            if not t:
                continue
            if ("工种" in t or "竞赛职业" in t or t in ("职业", "竞赛项目")) and cols.occupation is None:
                cols.occupation, row_has_label = c, True
            elif "标准" in t and cols.standard is None:
                cols.standard, row_has_label = c, True
            elif "时间" in t and cols.time is None:
                cols.time, row_has_label = c, True
            elif ("组别" in t or t.startswith("竞赛所")) and cols.groups is None:
                cols.groups, row_has_label = c, True
            else:
                for group, pairs in (("participants", PARTICIPANTS), ("certificates", CERTIFICATES)):
                    for key, label in pairs:
                        if t == label or t == label + "人数" or t.endswith(label) and len(t) <= len(label) + 2 \
                                and not (label == "技师" and "高级" in t):
                            if (group, key) not in cols.counts:
                                cols.counts[(group, key)] = c
                                row_has_label = True
                if "参赛人数" in t or "证书人数" in t:
                    row_has_label = True
        if row_has_label:
            last = rr
    return cols, last + 1


def _is_header_row(row) -> bool:
    cells = [clean(c) for c in row if c]
    return any("工种" in t or t.startswith("竞赛职业") for t in cells) and \
        any("标准" in t or "参赛人数" in t or "时间" in t for t in cells)


def _is_total(row) -> bool:
    cells = [clean(c) for c in row if clean(c)]
    return bool(cells) and cells[0] in ("合计", "总计", "合计：", "合计:")


def _is_contact(row) -> bool:
    return any(_LABEL_RE.match(clean(c)) and _label_of(_LABEL_RE.match(clean(c)).group(1)) in
               ("contact.name", "contact.phone", "contact.email", "contact.department")
               for c in row if c)


def read_grid(tables: list[Table], result: Annex1) -> None:
    rows_out, totals = [], None
    for table in tables:
        r = 0
        while r < len(table.rows):
            if not _is_header_row(table.rows[r]):
                r += 1
                continue
            result.found_grid = True
            cols, r = _find_columns(table, r)
            first = r
            while r < len(table.rows):
                row = table.rows[r]
                if _is_header_row(row) or _is_contact(row):
                    break
                if _is_total(row):
                    totals = _counts(table, r, cols, result, "totals")
                    r += 1
                    break
                item = _data_row(table, r, cols, result, top=first)
                if item:
                    rows_out.append(item)
                r += 1
    result.info["rows"] = rows_out
    result.info["totals"] = totals or _empty_counts()


def _empty_counts() -> dict:
    return {"participants": {k: None for k, _ in PARTICIPANTS},
            "certificates": {k: None for k, _ in CERTIFICATES}}


def _cell(table: Table, r: int, c: int | None):
    if c is None or c >= len(table.rows[r]):
        return None
    return table.rows[r][c]


def _counts(table: Table, r: int, cols: Columns, result: Annex1, path: str) -> dict:
    out = _empty_counts()
    for group, pairs in (("participants", PARTICIPANTS), ("certificates", CERTIFICATES)):
        for key, _label in pairs:
            c = cols.counts.get((group, key))
            cnt = read_count(_cell(table, r, c))
            out[group][key] = cnt.value
            if c is not None:
                result.sources[f"{path}.{group}.{key}"] = table.origin(r, c)
            if cnt.non_numeric:
                result.non_numeric.append((path, group, key, display(_cell(table, r, c))))
    return out


def _merged_text(table: Table, r: int, c: int | None, top: int) -> str:
    """A text cell; one covered by a cell merged from above (None, not "") reads as that cell, as a
    person reads two rows of one occupation under one merged 工种 cell."""
    value = _cell(table, r, c)
    while value is None and c is not None and r > top:
        r -= 1
        value = _cell(table, r, c)
    return display(value)


def _data_row(table: Table, r: int, cols: Columns, result: Annex1, top: int = 0) -> dict | None:
    counts_here = [clean(_cell(table, r, c)) for c in cols.counts.values()]
    if all(t in _EMPTY for t in counts_here) and all(
            _cell(table, r, getattr(cols, k)) in (None, "") for k in ("occupation", "standard", "time", "groups")):
        return None                                    # blank padding row (nothing of its own)
    occupation = _merged_text(table, r, cols.occupation, top)
    texts = {k: _merged_text(table, r, getattr(cols, k), top) for k in ("standard", "time", "groups")}
    raw_counts = [clean(_cell(table, r, c)) for c in cols.counts.values()]
    if not occupation and not any(texts.values()) and not any(t not in _EMPTY for t in raw_counts):
        return None                                    # blank padding row
    if re.fullmatch(r"(备注|说明|注)[:：].*", clean(occupation)):
        return None
    path = f"rows[{occupation or r}]"
    item = {"occupation": occupation, **texts}
    item.update(_counts(table, r, cols, result, path))
    result.sources[f"{path}.occupation"] = table.origin(r, cols.occupation or 0)
    return item


# ---- whole form and checks -----------------------------------------------------------------------

def read_annex1(tables: list[Table], text: str) -> Annex1:
    labels, where = read_labels(tables, text)
    info = {k: labels.get(k, "") for k in ("competition_name", "host", "co_organizer", "organizer", "final_venue")}
    result = Annex1(info=info, sources={k: v for k, v in where.items()})
    read_grid(tables, result)
    info["contact"] = {k: labels.get("contact." + k, "") for k in CONTACT_LABELS}
    return result


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


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
    if _total_mismatch(result):
        problems.append("total_mismatch")
    for row in info["rows"]:
        final = row["participants"]["final"]
        certs = sum(v or 0 for v in row["certificates"].values())
        if final is not None and certs > final:
            problems.append("certificates_exceed_final")
            break
    return problems


def _total_mismatch(result: Annex1) -> bool:
    info = result.info
    if not info["rows"] or all(v is None for g in info["totals"].values() for v in g.values()):
        return False
    unreadable = {(g, k) for _path, g, k, _text in result.non_numeric}
    for group, pairs in (("participants", PARTICIPANTS), ("certificates", CERTIFICATES)):
        for key, _ in pairs:
            if (group, key) in unreadable:
                continue
            column = sum(row[group][key] or 0 for row in info["rows"])
            if column != (info["totals"][group][key] or 0):
                return True
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


def explain(result: Annex1, problems: list[str]) -> list[tuple[str, str]]:
    """Each problem in words a sender can act on: the place on the form and the numbers."""
    info = result.info
    out: list[tuple[str, str]] = []
    if "blank_required_field" in problems:
        blank = [FIELD_NAMES[k] for k in REQUIRED if not clean(info.get(k)) or clean(info.get(k)) in _EMPTY]
        out.append(("blank_required_field", f"基本情况表的{'、'.join(f'「{b}」' for b in blank)}未填写"))
    if "missing_contact_phone" in problems:
        phone = display(info["contact"].get("phone"))
        out.append(("missing_contact_phone", f"基本情况表的联系电话{'写作「' + phone + '」，号码不完整' if phone else '未填写'}"))
    if "missing_contact_email" in problems:
        mail = display(info["contact"].get("email"))
        out.append(("missing_contact_email", f"基本情况表的电子邮箱{'写作「' + mail + '」，格式不正确' if mail else '未填写'}"))
    for path, group, key, text in result.non_numeric if "non_numeric_count" in problems else []:
        out.append(("non_numeric_count", f"基本情况表{_where(path)}的「{COUNT_NAMES[(group, key)]}」写作「{text}」，"
                                          "请填写确切的数字"))
    if "total_mismatch" in problems:
        unreadable = {(g, k) for _p, g, k, _t in result.non_numeric}
        for (group, key), name in COUNT_NAMES.items():
            if (group, key) in unreadable:
                continue
            column = sum(row[group][key] or 0 for row in info["rows"])
            written = info["totals"][group][key] or 0
            if column != written:
                out.append(("total_mismatch", f"基本情况表合计行「{name}」写 {written}，各工种相加为 {column}"))
    if "certificates_exceed_final" in problems:
        for row in info["rows"]:
            final = row["participants"]["final"]
            certs = sum(v or 0 for v in row["certificates"].values())
            if final is not None and certs > final:
                out.append(("certificates_exceed_final", f"基本情况表工种「{row['occupation']}」获证书 {certs} 人，"
                                                         f"多于决赛参赛人数 {final} 人"))
    return out


def _years(text: str) -> set:
    return set(re.findall(r"(20\d\d)年", clean(text)))


def roster_mismatch(info: dict, competition: str, host: str) -> bool:
    """The form's competition name or host unit is clearly not the roster entry's."""
    from difflib import SequenceMatcher
    name = clean(info.get("competition_name"))
    want = clean(competition)
    if name and want:
        if _years(name) and _years(want) and not (_years(name) & _years(want)):
            return True
        if name not in want and want not in name and SequenceMatcher(None, name, want).ratio() < 0.6:
            return True
    hosts = [unit_key(h) for h in re.split(r"[、，,；;/]|和(?=自治区|广西)", info.get("host") or "") if clean(h)]
    if hosts and host and unit_key(host) not in hosts and not any(unit_key(host) in h or h in unit_key(host) for h in hosts):
        return True
    return False


# ---- the reader a campaign names: form.reader = "annex1" -----------------------------------------

OCR_LABELS = GridLabels(
    header=re.compile(r"^(竞赛职业.*|.*工种.*|竞赛标准|竞赛时间|.*组别|初赛|选拔赛|决赛|高级工|技师|高级技师)$"),
    spanning=re.compile(r"参赛人数|证书人数"),
    not_rows=re.compile(r"^(联系人|所在部门|联系电话|电子邮箱)"),
)


@forms.register("annex1")
class Annex1Reader:
    """The Annex 1 form: header block, one row per occupation, 合计, contact lines."""

    def looks_like(self, tables: list, text: str) -> bool:
        return looks_like_annex1(tables, text)

    def read(self, tables: list, text: str) -> forms.FormReading:
        form = read_annex1(tables, text)
        problems = check(form)
        return forms.FormReading(values=form.info, found_grid=form.found_grid, problems=problems,
                                 explanations=explain(form, problems))

    def read_scan(self, page_images: list[bytes]) -> tuple[str, list]:
        from parsers import ocr
        texts, tables = [], []
        for i, page in enumerate(page_images[:4], 1):
            text, grids = form_from_ocr(ocr.lines(page, max_side=1400), OCR_LABELS, source=f"page {i} (OCR)")
            texts.append(text)
            tables.extend(grids)
        return "\n".join(texts), tables

    def roster_mismatch(self, values: dict, competition: str, host: str) -> str | None:
        if not roster_mismatch(values, competition, host):
            return None
        return (f"基本情况表的竞赛名称「{display(values.get('competition_name'))}」、主办单位「{display(values.get('host'))}」"
                f"与名单中的「{competition}」「{host}」不一致（是否误用了其他年度或其他竞赛的表格？）")
