"""The evaluation export (schema intake-bot/export/v1, see shared/contracts/EXPORT.md).

Class and kind names come from the campaign: a material is its key, misrouted material is the
campaign's misrouted key (the default campaign's names are the contract's).
"""
from __future__ import annotations

from .campaign import Campaign
from .entries import fold
from .records import DocClass, DocumentRecord, MessageKind, StoredMessage

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


def build_export(campaign: Campaign, roster: list[dict], messages: list[StoredMessage]) -> dict:
    states = fold(campaign, [e["id"] for e in roster], messages)
    entries = []
    for e in roster:
        st = states[e["id"]]
        entries.append({
            "roster_id": e["id"],
            "received": [m for m in campaign.material_keys if m in st.received],
            "missing": st.missing,
            "declared_no_other_competitions": st.declared_no_other,
            "problems": st.problems,
            "basic_info": st.form,
            "score_sheet_signed": st.signed,
        })
    out = []
    for m in messages:
        r = m.view
        out.append({
            "source": m.source,
            "message_id": r.message_id,
            "kind": kind_name(campaign, r.kind),
            "roster_id": r.roster_id,
            "replied": bool(m.reply and m.reply.status.delivered),
            "declares_no_other_competitions": r.states_no_other,
            "large_attachment_link": r.large_attachment_link,
            "attachments": [{"name": d.name, "container": d.container, "class": class_name(campaign, d),
                             "reason": d.reason} for d in r.documents],
            "basic_info": r.form,
            "basic_info_problems": list(r.form_problems),
            "score_sheet_signed": r.signed,
            "status": m.status.value,
            "error": m.error,
        })
    return {"schema": SCHEMA, "entries": entries, "messages": out}
