"""Each roster entry's state, folded from its submissions in the order they arrived.

Derived, never stored: a later valid version of a material supersedes an earlier one, so the
entry's Annex 1, its problems and the signature come from the latest message that carried them.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .config import MATERIAL_KEYS

SOFT_PROBLEMS = {"score_sheet_unsigned"}


@dataclass
class EntryState:
    roster_id: str
    received: set = field(default_factory=set)
    files: dict = field(default_factory=dict)          # material → [(file name, source)]
    basic_info: dict | None = None
    basic_info_problems: list = field(default_factory=list)
    score_sheet_signed: bool | None = None
    declared_no_other: bool = False
    messages: list = field(default_factory=list)
    last_message_at: str = ""

    @property
    def missing(self) -> list[str]:
        return [m for m in MATERIAL_KEYS if m not in self.received]

    @property
    def problems(self) -> list[str]:
        out = list(self.basic_info_problems)
        if self.score_sheet_signed is False:
            out.append("score_sheet_unsigned")
        return out


def apply(state: EntryState, record: dict) -> None:
    state.messages.append(record["source"])
    state.last_message_at = record.get("received_at") or record.get("date") or state.last_message_at
    for att in record.get("attachments", []):
        if att["class"] in MATERIAL_KEYS:
            state.received.add(att["class"])
            state.files.setdefault(att["class"], []).append((att["name"], record["source"]))
    if record.get("declares_no_other_competitions"):
        state.received.add("other_competitions")
        state.declared_no_other = True
        state.files.setdefault("other_competitions", []).append(("（邮件正文说明未自行开展）", record["source"]))
    if record.get("basic_info"):
        state.basic_info = record["basic_info"]
        state.basic_info_problems = list(record.get("basic_info_problems") or [])
    if record.get("score_sheet_signed") is not None:
        state.score_sheet_signed = record["score_sheet_signed"]


def counts(record: dict) -> bool:
    return record.get("kind") == "submission" and bool(record.get("roster_id")) and not record.get("failed")


def fold(roster_ids: list[str], records: list[dict], upto_row: int | None = None) -> dict[str, EntryState]:
    states = {rid: EntryState(rid) for rid in roster_ids}
    for rec in records:
        if upto_row is not None and rec.get("_row", 0) > upto_row:
            break
        if counts(rec) and rec["roster_id"] in states:
            apply(states[rec["roster_id"]], rec)
    return states
