"""What this year's material says about next year's plan: hints for the center's planning staff, never
sent to an organizer. The notice (section 二) makes this year decide the next: a lead host unit on this
year's plan that did not complete its competition may not apply for next year's; an occupation whose
final was not held must be held next year; the same unit should not apply for the same occupation two
years running.

The facts are the bot's own: the roster (the planned occupations), each entry's current form (what its
reader says of each occupation's final) and whether a score sheet was counted, and the
next year's applications sent here by mistake (the unit, and the occupations they name when readable).
The campaign declares the rules and their words (`[planning]`); a campaign without it has no sheet."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from . import forms
from .campaign import Campaign
from .campaign.model import Planning
from .records import DocClass
from .roster import unit_key

NOT_HELD, UNFINISHED, REPEATED = "not_held", "unfinished", "repeated"


def _clean(text) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text or "")))


def _split(text: str) -> list[str]:
    return [o for o in re.split(r"[、，,；;/\n]+", _clean(text)) if len(o) >= 2]


@dataclass
class Occupation:
    name: str
    finished: bool | None          # None: the form does not list it
    why: str                       # the form's time and final-round count, in words


@dataclass
class EntryPlan:
    roster_id: str
    unit: str
    competition: str
    held: bool | None              # this year's final held; None: nothing to tell by yet
    evidence: str                  # what it rests on, in words
    occupations: list = field(default_factory=list)     # [Occupation]
    consequences: list = field(default_factory=list)    # [(code, in words)]

    @property
    def finished(self) -> list[str]:
        return [o.name for o in self.occupations if o.finished]

    @property
    def unfinished(self) -> list[str]:
        return [o.name for o in self.occupations if o.finished is False]


@dataclass
class Application:
    """A next-year application received by mail (misrouted)."""
    source: str
    roster_id: str
    unit: str
    file: str
    occupations: list              # as the application names them; [] when unreadable
    repeated: list                 # of those, occupations the unit ran on this year's plan


@dataclass
class PlanningFacts:
    year: int                      # the plan year the hints are for
    entries: list                  # [EntryPlan], roster order
    applications: list             # [Application], in the order read


def _occupations(entry: dict, finals: list | None, form_name: str) -> list[Occupation]:
    """Each planned occupation (the roster's, else the form's) with what the form says of its final."""
    listed = finals or []
    planned = _split(entry.get("occupations") or "") or [f.name for f in listed]
    out = []
    for name in dict.fromkeys(planned):
        final = next((f for f in listed if f.name and (name in f.name or f.name in name)), None)
        if final is None:
            out.append(Occupation(name, None if finals is None else False,
                                  f"{form_name}未列" if finals is not None else f"未收到{form_name}"))
        else:
            out.append(Occupation(name, final.held, final.said))
    return out


def entry_plan(p: Planning, campaign: Campaign, entry: dict, standing) -> EntryPlan:
    values = standing.state.form
    reader = forms.reader(campaign.form.reader) if campaign.form else None
    finals = reader.finals(values, campaign.year) if values and reader else None
    form = finals is not None
    name, final = campaign.form.name if campaign.form else "表格", campaign.material(p.final_material).short
    sheet = p.final_material in standing.state.received
    occupations = _occupations(entry, finals, name)
    finished = [o for o in occupations if o.finished]
    if form and finished:
        held, evidence = True, f"{name}：{'、'.join(o.name for o in finished)}已举办决赛"
    elif sheet:
        held, evidence = True, f"已收到{final}" + (f"（{name}未见已举办的决赛，请核实）" if form else "")
    elif form:
        held, evidence = False, f"{name}：" + "；".join(f"{o.name}{o.why}" for o in occupations)
    else:
        held, evidence = None, f"尚未收到{name}和{final}"
    plan = EntryPlan(entry["id"], entry.get("host") or "", entry.get("competition") or "", held, evidence, occupations)
    if held is False:
        plan.consequences.append((NOT_HELD, p.not_held))
    elif held and plan.unfinished:
        plan.consequences.append((UNFINISHED, f"{'、'.join(plan.unfinished)}：{p.unfinished}"))
    return plan


def applications(p: Planning, season, roster: list[dict], plans: dict[str, EntryPlan]) -> list[Application]:
    """Each next-year application received, with the occupations it names; an occupation the same unit
    ran on this year's plan is a repeat (同一职业连续两年申办)."""
    by_id = {e["id"]: e for e in roster}
    out = []
    for m in season.messages:
        r = m.view
        # the documents of one mail are one unit's (a form and its feasibility report): the unit one names
        mail_unit = next((d.applicant for d in r.documents if d.cls is DocClass.MISROUTED and d.applicant), "")
        for doc in r.documents:
            if doc.cls is not DocClass.MISROUTED:
                continue
            entry = by_id.get(doc.roster_id or r.roster_id or "")
            named_unit = (entry or {}).get("host") or doc.applicant or mail_unit   # a unit, not a person
            unit = named_unit or f"未能读出（发件人 {r.sender_name or r.sender}）"
            mine = [e for e in roster if named_unit and unit_key(e.get("host") or "") == unit_key(named_unit)]
            ran = {o.name for e in mine if e["id"] in plans for o in plans[e["id"]].occupations}
            ran |= {o for e in mine for o in _split(e.get("occupations") or "")}
            named = list(doc.occupations)
            repeated = [o for o in named if any(o == x or o in x or x in o for x in ran)]
            out.append(Application(m.source, (entry or {}).get("id", ""), unit, doc.name, named, repeated))
            if repeated and entry and entry["id"] in plans:
                text = f"{'、'.join(repeated)}：{p.repeated}（已收到其{p.year}年申报表「{doc.name}」）"
                if (REPEATED, text) not in plans[entry["id"]].consequences:
                    plans[entry["id"]].consequences.append((REPEATED, text))
    return out


def facts(campaign: Campaign, roster: list[dict], season) -> PlanningFacts | None:
    """The planning hints of the season (entry_state.Season), or None when the campaign declares none."""
    p = campaign.planning
    if p is None:
        return None
    plans = {e["id"]: entry_plan(p, campaign, e, season.standings[e["id"]]) for e in roster}
    apps = applications(p, season, roster, plans)
    return PlanningFacts(p.year, list(plans.values()), apps)


def export(found: PlanningFacts) -> dict:
    """The export's planning section (an extra key beside schema intake-bot/export/v1's)."""
    return {
        "year": found.year,
        "entries": [{"roster_id": e.roster_id, "final_held": e.held, "finished": e.finished,
                     "unfinished": e.unfinished, "consequences": [c for c, _t in e.consequences],
                     "hint": "；".join(t for _c, t in e.consequences)} for e in found.entries],
        "applications": [{"source": a.source, "roster_id": a.roster_id or None, "unit": a.unit, "file": a.file,
                          "occupations": a.occupations, "repeated": a.repeated} for a in found.applications],
    }


# ---- reading a next-year application (in the worker, while its text is at hand) ----------------------

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
            cells = [_clean(c) for c in row]
            for c, cell in enumerate(cells):
                m = _UNIT_LABEL.match(cell)
                if not m or m.group(1) in found:
                    continue
                right = next((t for t in cells[c + 1:] if t), "")
                below = _clean(table.rows[r + 1][c]) if r + 1 < len(table.rows) and c < len(table.rows[r + 1]) else ""
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
            cells = [_clean(c) for c in row]
            c = next((i for i, t in enumerate(cells) if _LABEL.match(t)), None)
            if c is None:
                continue
            right = [t for t in cells[c + 1:] if t]
            if right and not any(_LABEL.match(t) for t in right) and r > 0 and len(right) == 1:
                out += _split(right[0])                    # a label cell with its value beside it
                continue
            for below in rows[r + 1:]:
                value = _clean(below[c]) if c < len(below) else ""
                if _STOP.search(value) or (below and _STOP.search(_clean(below[0]))):
                    break
                if value and not re.fullmatch(r"[\d\-./]+", value):
                    out += _split(value)
            if out:
                return list(dict.fromkeys(out))
    for m in _TEXT_LABEL.finditer(text or ""):
        out += _split(re.split(r"[。；;]", m.group(2))[0])
    return list(dict.fromkeys(o for o in out if len(o) <= 20))
