"""A campaign as data: one year's collection, read from `config/campaigns/*/campaign.toml`.

Everything that changes from one year's notice to the next lives here and in the reply templates
beside the TOML file: deadline, the required materials and how each is recognised, the form read
field by field, the material that belongs elsewhere (misrouted), contacts, wording, reminder days.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated

from pydantic import (
    Field,
    StrictBool,
    StrictInt,
    field_validator,
    model_validator,
)

from .rules import FileNameRule, Regex, Rule, _Frozen, _regex  # noqa: F401  (the recognition rules)

OTHER = "other"
UNSAFE = "unsafe"
_KEY = r"^[a-z][a-z0-9_]*$"


CHIEF_REFEREE = "裁判长"
CHIEF_REFEREE_FOOTER = {"signature_roles": ("裁判长", "记分员", "计分员", "监督员"),
                        "signature_labels": ("监督", "记分", "计分", "仲裁"),
                        "signature_beside": "监督", "signature_below": "记分|计分"}


class Material(_Frozen):
    key: Annotated[str, Field(pattern=_KEY)]
    name: str                                   # the notice's wording (replies)
    short: str                                  # the workbook's column header
    formats: tuple[str, ...] = ()               # typical formats (for staff; the bytes decide)
    signature: str = ""                         # a signature looked for under the table (裁判长)
    signature_roles: tuple[str, ...] = ()       # the roles whose lines are printed under its table: a footer
                                                # showing two of them is this sheet's (read as a scan)
    signature_labels: tuple[str, ...] = ()      # the other lines' label words: where the signer's zone ends
    signature_beside: str = ""                  # regex: a label on the signer's line, and one under the
    signature_below: str = ""                   # signer's: where a label lost under the ink is
    body_statement: StrictBool = False          # a sentence in the body can stand for it
    statement_topic: str = ""                   # regex: what the statement says did not happen
    statement_only: str = ""                    # regex: "only this one was held" (also a statement)
    closing_statement: StrictBool = False       # its closing paragraphs may carry that statement (a summary)
    title_check: StrictBool = False             # its title names a year and a competition: another year's or
                                                # another competition's is not counted (intake_bot.reading.vintage)

    @model_validator(mode="before")
    @classmethod
    def _chief_referee_footer(cls, values):
        """A campaign file written before the signer's footer was data (an installation keeps its own copy
        of it) names 裁判长 and nothing else: its footer is the one the reader always knew."""
        if isinstance(values, dict) and values.get("signature") == CHIEF_REFEREE and not any(
                values.get(k) for k in ("signature_roles", "signature_labels", "signature_beside", "signature_below")):
            values = {**values, **CHIEF_REFEREE_FOOTER}
        return values


class Misrouted(_Frozen):
    """Material that belongs elsewhere: its sender is told where to file it."""
    key: Annotated[str, Field(pattern=_KEY)]
    name: str
    short: str
    system: str = ""
    address: str = ""
    path: str = ""
    support: str = ""


class Planning(_Frozen):
    """The notice's rules by which this year's material decides next year's plan (intake_bot.standing.planning):
    hints for the center's planning staff, never sent to an organizer."""
    year: StrictInt                             # the plan year the hints are for
    sheet: str                                  # the workbook sheet's title
    final_material: str                         # the material whose receipt shows the final was held
    not_held: str                               # the consequence of a competition not completed
    unfinished: str                             # of an occupation whose final was not held
    repeated: str                               # of the same occupation applied for again
    note: str = ""                              # the rule in the notice's words (the sheet's 使用说明 line)


class FormSpec(_Frozen):
    reader: str                                 # a registered form reader (intake_bot.campaign.forms)
    material: str                               # which material the form is
    name: str = "表格"                           # how staff and senders call it


class Words(_Frozen):
    """Sentences generic code says to senders and staff, in the campaign's words ([words]); each has a
    default, so a campaign file names only what it says otherwise. {placeholders} as each line says."""
    mention: Regex = "总结|成绩单|成绩表|附件|材料|报送|补报"   # a mail's text speaks of sending material
    # a statement standing for a material ({short}: the material's short name; {file}: the file's name)
    statement_in_body: str = "邮件正文说明：未自行开展其它竞赛（视为已报送“{short}”）"
    statement_closing: str = "{file} 文末的说明：未自行开展其它竞赛（视为已报送“{short}”）"
    statement_closing_reason: str = "；文末说明了“{short}”为无（计为已报送）"
    unsigned: str = "未见{signer}签字，请提供含签字的复印件"          # a signed material's, without [problems]
    # the reminder's subject: {collection}, {deadline}, {parts} (尚缺…、…需更正)
    reminder_subject: str = "提醒：{collection}将于{deadline}截止，贵单位{parts}"
    reminder_missing: str = "尚缺{count}项材料"
    reminder_corrections: str = "{count}项材料需更正"
    # whom a reply is written to: the contact's name, the name the sender signed with, the unit's contact
    salutation_name: str = "{name}同志"
    salutation_sender: str = "尊敬的{name}"
    salutation_unit: str = "{unit}联系人"
    salutation_anyone: str = "尊敬的联系人"


class Campaign(_Frozen):
    id: str
    year: StrictInt
    title: str
    collection: str                             # what replies call the collected material
    plan: str                                   # the list the roster comes from
    deadline: dt.date
    reminder_days: tuple[StrictInt, ...] = (7, 3, 1)
    mention_words: Regex | None = None          # words that make a stranger's mail about this collection
    reminder_hour: StrictInt = Field(9, ge=0, le=23)
    center_name: str
    center_address: str
    contacts: str
    paper_address: str
    materials: tuple[Material, ...] = Field(min_length=1)
    misrouted: Misrouted | None = None
    forms: tuple[FormSpec, ...] = ()            # the forms read field by field ([form], or [[forms]])
    planning: Planning | None = None
    problems: dict[str, str] = {}
    words: Words = Words()
    rules: tuple[Rule, ...] = ()
    file_names: tuple[FileNameRule, ...] = ()
    templates: Path = Path(".")                 # the reply templates' folder (relative: beside the TOML)
    source_file: Path | None = None             # where this campaign was read from

    @field_validator("deadline", mode="before")
    @classmethod
    def _date(cls, value):
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                raise ValueError(f"截止日期应写作 YYYY-MM-DD 这样的格式，现在是 {value!r}") from None
        return value

    @model_validator(mode="before")
    @classmethod
    def _one_form(cls, values):
        """A single [form] table is the list of one ([[forms]] for several)."""
        if isinstance(values, dict) and "form" in values:
            values = dict(values)
            if "forms" in values:
                raise ValueError("form 与 forms 只能写一个")
            form = values.pop("form")
            values["forms"] = [form] if form is not None else []
        return values

    @model_validator(mode="after")
    def _consistent(self):
        keys = [m.key for m in self.materials]
        if len(set(keys)) != len(keys):
            raise ValueError(f"materials 中有重复的 key：{', '.join(sorted({k for k in keys if keys.count(k) > 1}))}")
        classes = set(keys) | {OTHER} | ({self.misrouted.key} if self.misrouted else set())
        if self.misrouted and self.misrouted.key in keys:
            raise ValueError(f"misrouted.key {self.misrouted.key!r} 与某项材料的 key 相同")
        for i, rule in enumerate((*self.rules, *self.file_names)):
            if rule.cls not in classes:
                raise ValueError(f"识别规则第 {i + 1} 条的 class {rule.cls!r} 不是材料、误投材料或 other 之一"
                                 f"（可选：{', '.join(sorted(classes))}）")
        if self.planning and self.planning.final_material not in keys:
            raise ValueError(f"planning.final_material {self.planning.final_material!r} 不是 materials 中的一项")
        for form in self.forms:
            if form.material not in keys:
                raise ValueError(f"form.material {form.material!r} 不是 materials 中的一项")
        if self.mention_words:
            try:
                re.compile(self.mention_words)
            except re.error as exc:
                raise ValueError(f"mention_words 不是有效的正则表达式：{exc}") from None
        for m in self.materials:
            if m.body_statement and not m.statement_topic:
                raise ValueError(f"材料 {m.key!r} 可由正文说明代替（body_statement），但没有写 statement_topic")
            for field_name in ("statement_topic", "statement_only"):
                try:
                    re.compile(getattr(m, field_name))
                except re.error as exc:
                    raise ValueError(f"材料 {m.key!r} 的 {field_name} 不是有效的正则表达式：{exc}") from None
        if any(d < 0 for d in self.reminder_days):
            raise ValueError("reminder_days 应为截止日前的天数（非负整数）")
        return self

    # -- what generic code asks of a campaign -------------------------------------------------------
    @property
    def material_keys(self) -> tuple[str, ...]:
        return tuple(m.key for m in self.materials)

    def material(self, key: str) -> Material | None:
        return next((m for m in self.materials if m.key == key), None)

    @property
    def form(self) -> FormSpec | None:
        """The first form: the one whose values an entry keeps (the export's form values)."""
        return self.forms[0] if self.forms else None

    def form_of(self, material: str | None) -> FormSpec | None:
        """The form a material is read as, or None."""
        return next((f for f in self.forms if f.material == material), None)

    @property
    def body_statement_material(self) -> str | None:
        return next((m.key for m in self.materials if m.body_statement), None)

    @property
    def statement(self) -> Material | None:
        """The material a statement in the words can stand for ('we ran no other competitions')."""
        return next((m for m in self.materials if m.body_statement), None)

    @property
    def statements(self) -> tuple[Material, ...]:
        """Every material a statement in the words can stand for."""
        return tuple(m for m in self.materials if m.body_statement)

    @property
    def sheet_roles(self) -> tuple[str, ...]:
        """The roles printed under the signed sheets' tables (a scan's footer showing two is a sheet's)."""
        return tuple(dict.fromkeys(r for m in self.materials for r in m.signature_roles))

    def ordinal(self, key: str) -> int:
        """The material's number in the notice's list (1 for the first); 0 when it is not asked for."""
        return next((i for i, m in enumerate(self.materials, 1) if m.key == key), 0)

    @property
    def signed_materials(self) -> dict[str, str]:
        return {m.key: m.signature for m in self.materials if m.signature}

    @property
    def misrouted_key(self) -> str | None:
        return self.misrouted.key if self.misrouted else None

    def problem_text(self, code: str) -> str:
        return self.problems.get(code, code)

    def template_path(self, name: str) -> Path:
        return self.templates / f"{name}.txt"


def unsigned_problem(material: str) -> str:
    """The problem code of a signed material found unsigned."""
    return f"{material}_unsigned"
