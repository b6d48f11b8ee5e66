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

from dataclasses import dataclass, field

from ..campaign import forms
from ..campaign import Campaign
from ..campaign.model import Planning
from ..store.records import DocClass
from ..campaign.roster import unit_key
from ..reading.application import items

NOT_HELD, UNFINISHED, REPEATED = "not_held", "unfinished", "repeated"


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
    planned = items(entry.get("occupations") or "") or [f.name for f in listed]
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
            ran |= {o for e in mine for o in items(e.get("occupations") or "")}
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
