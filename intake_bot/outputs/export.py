"""The evaluation export (schema intake-bot/export/v1, see shared/contracts/EXPORT.md).

Class and kind names come from the campaign: a material is its key, misrouted material is the
campaign's misrouted key (the default campaign's names are the contract's). Entries are their standing
(entry_state), as every other output: with no staff decisions (an evaluation run) that is what the
mail alone says.
"""
from __future__ import annotations

from ..standing import planning
from ..campaign import Campaign
from ..standing.decisions import Decisions
from ..standing.entry_state import season
from ..store.records import DocClass, DocumentRecord, MessageKind, StoredMessage

SCHEMA = "intake-bot/export/v1"


def class_name(campaign: Campaign, doc: DocumentRecord) -> str:
    if doc.cls is DocClass.MATERIAL and doc.material:
        return doc.material
    if doc.cls is DocClass.MISROUTED:
        return campaign.misrouted_key or DocClass.OTHER.value
    return doc.cls.value


def kind_name(campaign: Campaign, kind: MessageKind) -> str:
    if kind is MessageKind.MISROUTED:
        return campaign.misrouted_key or MessageKind.OTHER.value
    return kind.value


def build_export(campaign: Campaign, roster: list[dict], messages: list[StoredMessage],
                 decisions: Decisions | None = None) -> dict:
    now = season(campaign, roster, messages, decisions or Decisions())
    entries = []
    for e in roster:
        standing = now.standings[e["id"]]
        st = standing.state
        entries.append({
            "roster_id": e["id"],
            "received": list(standing.received),
            "missing": list(standing.missing),
            "declared_no_other_competitions": st.declared_no_other,
            "problems": list(standing.problem_codes),
            "basic_info": st.form,
            "score_sheet_signed": st.signed,
        })
    out = []
    for m in now.messages:
        r = m.view
        out.append({
            "source": m.source,
            "message_id": r.message_id,
            "kind": kind_name(campaign, r.kind),
            "roster_id": r.roster_id,
            "replied": bool(m.reply and m.reply.status.delivered),
            "declares_no_other_competitions": r.declares_no_other,     # the mail text itself (the contract)
            "large_attachment_link": r.large_attachment_link,
            "attachments": [{"name": d.name, "container": d.container, "class": class_name(campaign, d),
                             "reason": d.reason} for d in r.documents],
            "basic_info": r.form,
            "basic_info_problems": list(r.form_problems),
            "score_sheet_signed": r.signed,
            "status": m.status.value,
            "error": m.error,
        })
    found = planning.facts(campaign, roster, now)
    extra = {"planning": planning.export(found)} if found else {}     # an extra key: the hints for next year's plan
    return {"schema": SCHEMA, "entries": entries, "messages": out, **extra}
