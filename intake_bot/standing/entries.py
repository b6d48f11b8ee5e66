"""Each roster entry's state, folded from its submissions in the order they arrived.

Derived, never stored: a later valid version of a material supersedes an earlier one, so the
entry's form, its problems and the signature come from the latest message that carried them.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..campaign import Campaign
from ..campaign.model import unsigned_problem
from ..store.records import DocClass, MessageKind, MessageRecord, StoredMessage

STATEMENT_FILE = "（邮件正文说明未自行开展）"
CLOSING_FILE = "{name}（文末说明未自行开展）"


@dataclass
class EntryState:
    roster_id: str
    required: tuple = ()                               # the campaign's material keys, in order
    signed_materials: tuple = ()                       # the campaign's signed materials, in order
    received: set = field(default_factory=set)
    files: dict = field(default_factory=dict)          # material → [(file name, source)]
    form: dict | None = None
    form_problems: list = field(default_factory=list)
    texts: dict = field(default_factory=dict)          # problem code → [in words: the place and the numbers]
    signatures: dict = field(default_factory=dict)     # signed material → signed (the latest verdict)
    declared_no_other: bool = False
    not_counted: dict = field(default_factory=dict)    # material → (code, in words): only another year's or
                                                       # another competition's was sent (vintage)
    messages: list = field(default_factory=list)
    last_message_at: str = ""

    @property
    def signed(self) -> bool | None:
        """The first signed material's signature (the export's score_sheet_signed)."""
        return self.signatures.get(self.signed_materials[0]) if self.signed_materials else None

    @property
    def missing(self) -> list[str]:
        return [m for m in self.required if m not in self.received]

    def problem_lines(self, campaign: Campaign) -> list[str]:
        """Every open problem in words, with the place and the numbers where the reader gave them."""
        out = []
        for code in self.problems:
            out.extend(self.texts.get(code) or [t for c, t in self.not_counted.values() if c == code]
                       or [campaign.problem_text(code)])
        return out

    @property
    def problems(self) -> list[str]:
        out = list(self.form_problems)
        out += [unsigned_problem(m) for m in self.signed_materials if self.signatures.get(m) is False]
        return out + list(dict.fromkeys(code for code, _text in self.not_counted.values()))


def apply(state: EntryState, record: MessageRecord, body_statement: str | None) -> None:
    state.messages.append(record.source)
    state.last_message_at = record.received_at or record.date or state.last_message_at
    for doc in record.documents:
        if doc.cls is DocClass.MATERIAL and doc.material in state.required and doc.names_other:
            if doc.material not in state.received:      # another year's or competition's: not counted
                state.not_counted[doc.material] = tuple(doc.names_other)
        elif doc.cls is DocClass.MATERIAL and doc.material in state.required:
            state.received.add(doc.material)
            state.not_counted.pop(doc.material, None)
            state.files.setdefault(doc.material, []).append((doc.name, record.source))
    if record.states_no_other and body_statement:
        state.received.add(body_statement)
        state.declared_no_other = state.declared_no_other or record.declares_no_other   # said in a mail's text
        said = [STATEMENT_FILE] if record.declares_no_other else []
        said += [CLOSING_FILE.format(name=doc.name) for doc in record.documents if doc.closing_statement]
        state.files.setdefault(body_statement, []).extend((name, record.source) for name in said)
    if record.form:
        state.form = record.form
        state.form_problems = list(record.form_problems)
        for code in {c for c in state.texts if not c.endswith("_unsigned")}:
            del state.texts[code]
        for code, text in record.problem_texts:
            if code in record.form_problems:
                state.texts.setdefault(code, []).append(text)
    verdicts = signatures(record, state.signed_materials)
    state.signatures.update(verdicts)
    for material, signed in verdicts.items():
        state.texts.pop(unsigned_problem(material), None)
        for code, text in record.problem_texts:
            if code == unsigned_problem(material) and not signed:
                state.texts.setdefault(code, []).append(text)


def signatures(record: MessageRecord, signed_materials: tuple) -> dict:
    """Each signed material's verdict in one message: signed when any of its copies is signed. A record
    whose documents do not carry their verdict (an older one) has its one verdict for the first."""
    out: dict = {}
    for d in record.documents:
        if d.cls is DocClass.MATERIAL and d.signed is not None and d.material in signed_materials:
            out[d.material] = out.get(d.material, False) or d.signed
    if not out and record.signed is not None and signed_materials:
        out[signed_materials[0]] = record.signed
    return out


def counts(message: StoredMessage) -> bool:
    rec = message.record
    return rec is not None and rec.kind is MessageKind.SUBMISSION and bool(rec.roster_id) and not rec.failed


def empty(campaign: Campaign, roster_id: str) -> EntryState:
    return EntryState(roster_id, required=campaign.material_keys, signed_materials=tuple(campaign.signed_materials))


def fold(campaign: Campaign, roster_ids: list[str], messages: list[StoredMessage]) -> dict[str, EntryState]:
    states = {rid: empty(campaign, rid) for rid in roster_ids}
    for message in messages:
        fold_one(campaign, states, message)
    return states


def fold_one(campaign: Campaign, states: dict[str, EntryState], message: StoredMessage) -> None:
    if not counts(message):
        return
    for rid in message.record.served():
        if rid in states:
            apply(states[rid], share(message.record, rid, campaign.body_statement_material), campaign.body_statement_material)


def share(record: MessageRecord, rid: str, body_statement: str | None) -> MessageRecord:
    """What one message brings to one of the entries it speaks for, as a message of its own: the
    documents that are that entry's, the last form among them with its problems, their signature.
    A statement on other competitions that names no competition (in the body or a document) is the
    unit's: it counts for every entry the message speaks for — the entries its documents name, and
    its own entry unless every document it carries names another. A document written for several of
    the unit's competitions at once (one summary of two, its text naming each) counts for each of them.
    A record from before documents carried their entry and form is all its own entry's."""
    if not any(d.roster_id or d.roster_ids or d.form for d in record.documents):
        return record

    def unit_wide(d) -> bool:
        return d.roster_id is None and d.cls is DocClass.MATERIAL and d.material == body_statement

    speaks = rid != record.roster_id or not any(d.roster_id for d in record.documents) or \
        any(d.roster_id is None and d.cls is DocClass.MATERIAL and not unit_wide(d) for d in record.documents)
    docs = tuple(d for d in record.documents
                 if ((rid in d.roster_ids) if d.roster_ids else
                     (speaks if unit_wide(d) else (d.roster_id or record.roster_id) == rid)))
    forms = [d for d in docs if d.form]
    form = forms[-1] if forms else None
    signs = [d.signed for d in docs if d.cls is DocClass.MATERIAL and d.signed is not None]
    declares = record.declares_no_other and speaks
    materials = {d.material for d in docs if d.counted}
    materials |= {body_statement} if declares and body_statement else set()
    return replace(record, roster_id=rid, documents=docs, materials=tuple(sorted(materials)), declares_no_other=declares,
                   form=form.form if form else None, form_problems=form.form_problems if form else (),
                   problem_texts=tuple(p for d in docs if d is form or not d.form for p in d.problem_texts),
                   signed=any(signs) if signs else None)
