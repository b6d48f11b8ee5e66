"""The campaign's plan list the center holds (the roster), and matching a mail to its roster entry."""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path

from ..base.errors import ConfigError
from .units import related_units, signing_units, unit_key  # noqa: F401  (the units' names: roster's words)

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
        raise ConfigError(f"名单文件 {path} 不存在。")
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            rows = _rows_xlsx(path)
        elif path.suffix.lower() == ".csv":
            rows = _rows_csv(path)
        else:
            raise ConfigError(f"名单 {path} 应为 .csv 或 .xlsx 文件。")
    except ConfigError:
        raise
    except Exception as exc:
        raise ConfigError(f"名单 {path} 无法读取：{exc}。") from None
    if not rows:
        raise ConfigError(f"名单 {path} 是空的。")
    header = [_norm_header(h) for h in rows[0]]
    missing = [k for k in ("id", "竞赛名称", "牵头主办单位") if k not in header]
    if missing:
        raise ConfigError(f"名单 {path} 缺少这些列：{'、'.join(missing)}。")
    entries, seen = [], set()
    for line in rows[1:]:
        values = {COLUMNS[h]: (str(v).strip() if v is not None else "") for h, v in zip(header, line) if h in COLUMNS}
        if not values.get("id"):
            continue
        if values["id"] in seen:
            raise ConfigError(f"名单 {path} 中编号 {values['id']} 出现了两次。")
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
    """The distinctive part of a competition name: YYYY年广西电力行业职业技能竞赛 → 电力行业."""
    t = _clean(name)
    inner = re.findall(r"[（(]([^）)]{2,})[）)]", t)
    core = re.sub(r"^20\d\d年(度)?(广西|全国)?|(职业技能|技能)?(竞赛|大赛|比赛)(广西选拔赛)?$|[（(].*?[）)]", "", t)
    out = [c for c in {core, re.split(r"[“”\"]", core)[0], *inner} if len(c) >= 3]
    return out


def _domain(addr: str) -> str:
    return addr.rsplit("@", 1)[-1].lower() if "@" in addr else ""


@dataclass(frozen=True)
class FormNames:
    """What a form read from the mail names, as its reader says: the competition and the units."""
    competition: str
    units: tuple[str, ...] = ()


def match(entries: list[RosterEntry], sender: str, forwarded: list[str], texts: list[str],
          form: FormNames | None) -> tuple[str | None, str]:
    """(roster id, why) for a mail: sender address, forwarded original sender, the form's
    competition, names in the subject/body/files, then the sender's organisation domain."""
    by_email = {e.email: e for e in entries if e.email}
    mine = [e for e in entries if e.email and e.email == sender]
    if len(mine) > 1:                   # one contact for several entries: the one the mail names
        named = (named_entry(mine, form.competition if form else "") or named_entry(mine, " ".join(texts)))
        return (named or mine[0]).id, "发件人地址是名单中的联系人邮箱" + ("（按邮件所写的竞赛）" if named else "")
    if sender in by_email:
        return by_email[sender].id, "发件人地址是名单中的联系人邮箱"
    for addr in forwarded:
        if addr in by_email:
            return by_email[addr].id, "转发邮件的原发件人是名单中的联系人"
    haystack = _clean(" ".join(texts))
    if form:
        name = _clean(form.competition)
        hits = [e for e in entries if name and _clean(e.competition) == name]
        if len(hits) == 1:
            return hits[0].id, "表格中的竞赛名称与名单一致"
    hits = [e for e in entries if _clean(e.competition) and _clean(e.competition) in haystack]
    if hits:
        best = max(hits, key=lambda e: len(_clean(e.competition)))
        return best.id, "邮件中写有竞赛名称"
    cores: dict[str, list] = {}
    for e in entries:
        for core in competition_cores(e.competition):
            cores.setdefault(core, []).append(e)
    found_cores = [(k, es) for k, es in cores.items() if len(es) == 1 and k in haystack]
    signed = signing_units(texts)
    named_on_form = form.units if form else ()
    found_cores = [(k, es) for k, es in found_cores if not signed or any(
        related_units(u, unit) for u in signed for unit in (es[0].host, *named_on_form))]
    if found_cores:                     # a part of a name, from a sender who signs for another unit, is no match
        k, es = max(found_cores, key=lambda kv: len(kv[0]))
        return es[0].id, f"邮件中提到了竞赛（{k}）"
    keys = {}
    for e in entries:
        keys.setdefault(unit_key(e.host), []).append(e)
    found = [(k, es) for k, es in keys.items() if len(k) >= 4 and k in unit_key(haystack) or
             (len(k) >= 4 and k in haystack)]
    if found:
        k, es = max(found, key=lambda kv: len(kv[0]))
        if len(es) == 1:
            return es[0].id, "邮件中写有主办单位名称"
    dom = _domain(sender)
    if dom and dom not in WEBMAIL:
        same = [e for e in entries if _domain(e.email) == dom]
        if len(same) == 1:
            return same[0].id, "发件人邮箱域名属于名单中的单位"
    return None, "发件人和邮件内容都对不上名单中的任何竞赛"


# ---- which entry a document names (one mail can serve two entries of one unit) ----------------------

def named_entry(entries: list[RosterEntry], text: str) -> RosterEntry | None:
    """The one entry a title or a form's competition name names: its full competition name (the
    longest, when one name holds another), else a distinctive part of its name no other entry shares.
    None when the text names none, or more than one."""
    t = _clean(text)
    if not t:
        return None
    full = [e for e in entries if _clean(e.competition) and _clean(e.competition) in t]
    full = [e for e in full if not any(_clean(e.competition) in _clean(o.competition) and
                                       len(_clean(o.competition)) > len(_clean(e.competition)) for o in full)]
    if full:
        return full[0] if len({e.id for e in full}) == 1 else None
    owners: dict[str, set] = {}
    for e in entries:
        for core in competition_cores(e.competition):
            owners.setdefault(core, set()).add(e.id)
    named = {next(iter(ids)) for core, ids in owners.items() if len(ids) == 1 and core in t}
    return next(e for e in entries if e.id in named) if len(named) == 1 else None


def entries_covered(unit: list[RosterEntry], text: str) -> list[RosterEntry]:
    """The unit's entries a document's text names each by its competition (a summary written for two
    competitions at once, its title naming neither): by full name, or a distinctive part of the name
    no other of the unit's entries shares."""
    t = _clean(text)
    if not t:
        return []
    out = []
    for e in unit:
        cores = [c for c in competition_cores(e.competition)
                 if not any(c in _clean(o.competition) for o in unit if o.id != e.id)]
        if _clean(e.competition) in t or any(c in t for c in cores):
            out.append(e)
    return out


def occupations(entry: RosterEntry) -> list[str]:
    return [o for o in re.split(r"[、，,；;/]+", _clean(entry.occupations)) if len(o) >= 2]


def entry_by_occupation(candidates: list[RosterEntry], text: str) -> RosterEntry | None:
    """The one candidate whose occupation a title names (电工 inside 维修电工 counts as 维修电工 only)."""
    t = _clean(text)
    hits = [(o, e) for e in candidates for o in occupations(e) if o in t]
    hits = [(o, e) for o, e in hits if not any(o != other and o in other for other, _ in hits)]
    ids = {e.id for _, e in hits}
    return hits[0][1] if len(ids) == 1 else None


def same_unit(entries: list[RosterEntry], entry: RosterEntry) -> list[RosterEntry]:
    """The entries one unit leads: the same lead host, or the same contact mailbox."""
    key = unit_key(entry.host)
    return [e for e in entries if (key and unit_key(e.host) == key) or (entry.email and e.email == entry.email)]


def leads_several(entries: list[RosterEntry], sender: str) -> bool:
    """The sender is the contact of an entry whose unit leads more than one entry on the roster."""
    dom = _domain(sender)
    own = [e for e in entries if e.email and (e.email == sender or (dom not in WEBMAIL and _domain(e.email) == dom))]
    return any(len(same_unit(entries, e)) > 1 for e in own)


def assign(entries: list[RosterEntry], own: RosterEntry, docs: list, fits, name_of=None) -> None:
    """Set each document's roster_id to the entry its content names, when that is not `own` (the
    mail's): a form by its competition name (`name_of(form)`), when the whole form fits that entry
    (`fits(form, entry)`); another document by a title naming a competition, else its file name, else a title or
    file name naming an occupation of one of the unit's competitions (those of `own`'s unit and those
    the mail's forms name). None when the content names no entry, or several; a document whose title
    names none while its text names several of the unit's competitions covers each (`roster_ids`)."""
    for doc in docs:
        named = named_entry(entries, name_of(doc.form)) if doc.form and fits and name_of else None
        doc.roster_id = named.id if named and fits(doc.form, named) else None
    by_id = {e.id: e for e in entries}
    unit = list({e.id: e for e in [*same_unit(entries, own), *(by_id[d.roster_id] for d in docs if d.roster_id)]}.values())
    for doc in docs:
        if not doc.form:
            covered = entries_covered(unit, doc.excerpt)
            title = (doc.heading or "").split("\n", 1)[0]
            if len(covered) > 1 and not named_entry(entries, title) and not named_entry(entries, doc.name):
                doc.roster_id, doc.roster_ids = None, tuple(e.id for e in covered)    # one document for several
                continue
            named = (named_entry(entries, doc.heading) or named_entry(entries, doc.name)
                     or entry_by_occupation(unit, doc.heading) or entry_by_occupation(unit, doc.name))
            if named and not any(e.id == named.id for e in unit):
                named = None            # another unit's competition: not this mail's to count (vintage says so)
            doc.roster_id = named.id if named else None
        if doc.roster_id == own.id:
            doc.roster_id = None
