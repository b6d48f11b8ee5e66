"""The evaluation export (schema intake-bot/export/v1, see shared/contracts/EXPORT.md)."""
from __future__ import annotations

from .config import MATERIAL_KEYS
from .entries import fold

SCHEMA = "intake-bot/export/v1"


def build_export(roster: list[dict], records: list[dict], replies: dict) -> dict:
    states = fold([e["id"] for e in roster], records)
    entries = []
    for e in roster:
        st = states[e["id"]]
        entries.append({
            "roster_id": e["id"],
            "received": [m for m in MATERIAL_KEYS if m in st.received],
            "missing": st.missing,
            "declared_no_other_competitions": st.declared_no_other,
            "problems": st.problems,
            "basic_info": st.basic_info,
            "score_sheet_signed": st.score_sheet_signed,
        })
    messages = []
    for r in records:
        rep = replies.get(r.get("_row")) or {}
        messages.append({
            "source": r.get("source"),
            "message_id": r.get("message_id"),
            "kind": r.get("kind") or "other",
            "roster_id": r.get("roster_id"),
            "replied": rep.get("status") in ("written", "sent", "uncertain"),
            "declares_no_other_competitions": bool(r.get("declares_no_other_competitions")),
            "large_attachment_link": bool(r.get("large_attachment_link")),
            "attachments": [{"name": a["name"], "container": a.get("container"), "class": a["class"],
                             "reason": a.get("reason", "")} for a in r.get("attachments", [])],
            "basic_info": r.get("basic_info"),
            "basic_info_problems": r.get("basic_info_problems") or [],
            "score_sheet_signed": r.get("score_sheet_signed"),
            "status": r.get("_status"),
            "error": r.get("_error"),
        })
    return {"schema": SCHEMA, "entries": entries, "messages": messages}
