"""The 2024 plan list the center holds, and matching a mail to its roster entry."""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path

from parsers.annex1 import unit_key

from .errors import ConfigError

COLUMNS = {"id": "id", "竞赛名称": "competition", "牵头主办单位": "host", "竞赛职业（工种）": "occupations",
           "类别": "category", "联系人": "contact", "联系电话": "phone", "电子邮箱": "email"}
WEBMAIL = {"163.com", "126.com", "qq.com", "yeah.net", "sina.com", "foxmail.com", "139.com", "sohu.com",
           "163.example", "126.example", "qq.example", "gmail.com", "outlook.com", "hotmail.com"}


@dataclass(frozen=True)
class RosterEntry:
    id: str
    competition: str
    host: str
    occupations: str = ""
    category: str = ""
    contact: str = ""
    phone: str = ""
    email: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def _norm_header(h: str) -> str:
    h = unicodedata.normalize("NFKC", (h or "").strip().lstrip("\ufeff"))
    for k in COLUMNS:
        if unicodedata.normalize("NFKC", k) == h:
            return k
    return h


def load_roster(path: str | Path) -> list[RosterEntry]:
    path = Path(path)
    if not path.exists():
        raise ConfigError(f"The roster file {path} does not exist.")
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            rows = _rows_xlsx(path)
        elif path.suffix.lower() == ".csv":
            rows = _rows_csv(path)
        else:
            raise ConfigError(f"The roster {path} must be a .csv or .xlsx file.")
    except ConfigError:
        raise
    except Exception as exc:
        raise ConfigError(f"The roster {path} cannot be read: {exc}.") from None
    if not rows:
        raise ConfigError(f"The roster {path} is empty.")
    header = [_norm_header(h) for h in rows[0]]
    missing = [k for k in ("id", "竞赛名称", "牵头主办单位") if k not in header]
    if missing:
        raise ConfigError(f"The roster {path} lacks the column(s) {', '.join(missing)}.")
    entries, seen = [], set()
    for line in rows[1:]:
        values = {COLUMNS[h]: (str(v).strip() if v is not None else "") for h, v in zip(header, line) if h in COLUMNS}
        if not values.get("id"):
            continue
        if values["id"] in seen:
            raise ConfigError(f"The roster {path} lists the id {values['id']} twice.")
        seen.add(values["id"])
        values["email"] = values.get("email", "").lower()
        entries.append(RosterEntry(**values))
    return entries


def _rows_csv(path: Path) -> list[list]:
    raw = path.read_bytes()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    return [row for row in csv.reader(io.StringIO(text)) if any(c.strip() for c in row)]


def _rows_xlsx(path: Path) -> list[list]:
    import openpyxl
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    return [list(r) for r in wb.worksheets[0].iter_rows(values_only=True) if any(v is not None for v in r)]


def _clean(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def competition_cores(name: str) -> list[str]:
    """The distinctive part of a competition name: 2024年广西电力行业职业技能竞赛 → 电力行业."""
    t = _clean(name)
    inner = re.findall(r"[（(]([^）)]{2,})[）)]", t)
    core = re.sub(r"^20\d\d年(度)?(广西|全国)?|(职业技能|技能)?(竞赛|大赛|比赛)(广西选拔赛)?$|[（(].*?[）)]", "", t)
    out = [c for c in {core, re.split(r"[“”\"]", core)[0], *inner} if len(c) >= 3]
    return out


def _domain(addr: str) -> str:
    return addr.rsplit("@", 1)[-1].lower() if "@" in addr else ""


def match(entries: list[RosterEntry], sender: str, forwarded: list[str], texts: list[str],
          form: dict | None) -> tuple[str | None, str]:
    """(roster id, why) for a mail: sender address, forwarded original sender, the Annex 1's
    competition, names in the subject/body/files, then the sender's organisation domain."""
    by_email = {e.email: e for e in entries if e.email}
    if sender in by_email:
        return by_email[sender].id, "sender address is the roster contact"
    for addr in forwarded:
        if addr in by_email:
            return by_email[addr].id, "forwarded mail's original sender is the roster contact"
    haystack = _clean(" ".join(texts))
    if form:
        name = _clean(form.get("competition_name"))
        hits = [e for e in entries if name and _clean(e.competition) == name]
        if len(hits) == 1:
            return hits[0].id, "Annex 1 competition name"
    hits = [e for e in entries if _clean(e.competition) and _clean(e.competition) in haystack]
    if hits:
        best = max(hits, key=lambda e: len(_clean(e.competition)))
        return best.id, "competition name in the mail"
    cores: dict[str, list] = {}
    for e in entries:
        for core in competition_cores(e.competition):
            cores.setdefault(core, []).append(e)
    found_cores = [(k, es) for k, es in cores.items() if len(es) == 1 and k in haystack]
    if found_cores:
        k, es = max(found_cores, key=lambda kv: len(kv[0]))
        return es[0].id, f"competition named in the mail ({k})"
    keys = {}
    for e in entries:
        keys.setdefault(unit_key(e.host), []).append(e)
    found = [(k, es) for k, es in keys.items() if len(k) >= 4 and k in unit_key(haystack) or
             (len(k) >= 4 and k in haystack)]
    if found:
        k, es = max(found, key=lambda kv: len(kv[0]))
        if len(es) == 1:
            return es[0].id, "host unit named in the mail"
    dom = _domain(sender)
    if dom and dom not in WEBMAIL:
        same = [e for e in entries if _domain(e.email) == dom]
        if len(same) == 1:
            return same[0].id, "sender's organisation domain"
    return None, "no roster entry matches the sender or the names in the mail"
