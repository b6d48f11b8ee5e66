"""What staff decided in the workbook, read as a clerk reads a colleague's note — and said back.

Three staff columns carry decisions: 人工认定已收 (materials staff count as received: names or short
names, 全部), 人工对应编号 (the roster entry a mail belongs to, in any case: "r22" is R22) and 已处理
(是/√/已处理 close a manual-check item). A value that is not understood is never dropped: it is kept
in its cell, said in the feedback column beside it, and listed in the digest. Free text in 已处理
("已联系对方，待重发") is a note: it does not close the item.

Pure functions over the staff cells (tracking.staff reads them); the decisions are stored with the
state so every output — workbook, replies, preview, status, reminders, digest, export — reads the same.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..campaign import Campaign

RECEIVED_COLUMN, ASSIGN_COLUMN, DONE_COLUMN = "人工认定已收", "人工对应编号", "已处理"
ALL_WORDS = ("全部", "全", "齐", "齐全", "全齐", "已收齐", "都已收", "所有")
NONE_WORDS = ("无", "没有", "否", "未收", "/", "-", "—")
DONE_WORDS = ("是", "√", "✓", "✔", "☑", "对", "已处理", "处理", "已核对", "核对", "已完成", "完成", "已解决",
              "处理完毕", "已办", "办结", "ok", "y", "yes")
OPEN_WORDS = ("否", "未处理", "待处理", "未", "×", "✗", "x", "no", "n")
_SEPARATORS = re.compile(r"[、,，;；/|\s]+|(?<=[^\s])[和及与](?=[^\s])")
_BRACKETS = re.compile(r"[（(【\[][^）)】\]]*[）)】\]]")
_ID = re.compile(r"^([A-Za-z]*)[-_]?0*(\d+)$")


@dataclass(frozen=True)
class Reading:
    """One staff cell as the bot understood it (the feedback column says `said`)."""
    role: str                     # the sheet's role: tracking, mail, manual
    key: str                      # the row (编号, 来源, 核对编号)
    column: str
    value: str
    said: str                     # what the bot understood, in words
    unrecognised: str = ""        # what it did not understand (kept in the cell, listed in the digest)


@dataclass
class Decisions:
    """What staff decided, honoured by every output."""
    received: dict = field(default_factory=dict)      # roster id → {material keys staff count as received}
    assigned: dict = field(default_factory=dict)      # source → roster id
    handled: set = field(default_factory=set)         # manual-check item keys staff closed
    readings: list = field(default_factory=list)      # [Reading], every staff decision cell

    def reading(self, role: str, key: str) -> Reading | None:
        return next((r for r in self.readings if r.role == role and r.key == key), None)

    @property
    def unrecognised(self) -> list[Reading]:
        return [r for r in self.readings if r.unrecognised]

    def to_meta(self) -> dict:
        return {"received": {k: sorted(v) for k, v in self.received.items()}, "assigned": self.assigned,
                "handled": sorted(self.handled),
                "readings": [[r.role, r.key, r.column, r.value, r.said, r.unrecognised] for r in self.readings]}

    @classmethod
    def from_meta(cls, data: dict | None) -> "Decisions":
        data = data or {}
        return cls(received={k: set(v) for k, v in (data.get("received") or {}).items()},
                   assigned=dict(data.get("assigned") or {}), handled=set(data.get("handled") or []),
                   readings=[Reading(*r) for r in data.get("readings") or []])


def typed(value) -> str:
    """A cell as staff typed it (what the feedback and the digest quote back)."""
    return str(value if value is not None else "").strip()


def plain(value) -> str:
    """A cell as typed, in one width (full-width letters and digits folded), without outer spaces."""
    return unicodedata.normalize("NFKC", str(value if value is not None else "")).strip()


def _bare(text: str) -> str:
    """A name without brackets' content, book-title marks and spaces; 其他 and 其它 alike."""
    text = _BRACKETS.sub("", plain(text))
    return re.sub(r"[《》〈〉\"“”'‘’\s]", "", text).replace("其他", "其它")


def material_aliases(campaign: Campaign) -> dict[str, str]:
    """Every way staff name a material (key, notice name, short name, with or without brackets) → key."""
    out: dict[str, str] = {}
    for m in campaign.materials:
        for alias in (m.key, m.name, m.short):
            for form in (alias, _bare(alias), *[b[1:-1] for b in _BRACKETS.findall(plain(alias))]):
                form = re.sub(r"\s+", "", plain(form)).replace("其他", "其它").lower()
                if form:
                    out.setdefault(form, m.key)
    return out


def materials_of(text: str, campaign: Campaign) -> tuple[set[str], list[str]]:
    """The materials named in a 人工认定已收 cell, and the parts not understood."""
    value = plain(text)
    if not value or value in NONE_WORDS:
        return set(), []
    if _bare(value) in ALL_WORDS or value in ALL_WORDS:
        return set(campaign.material_keys), []
    aliases = material_aliases(campaign)
    whole = _material(value, aliases)
    if whole:
        return {whole}, []
    found, unknown = set(), []
    for part in _SEPARATORS.split(value):
        if not part or part in NONE_WORDS:
            continue
        key = _material(part, aliases)
        if key:
            found.add(key)
        elif _bare(part) in ALL_WORDS:
            found.update(campaign.material_keys)
        else:
            unknown.append(part)
    return found, unknown


def _material(part: str, aliases: dict[str, str]) -> str | None:
    """One name → its material: exactly, without a remark in brackets (工作总结（纸质）), or as a part of
    exactly one material's names (a material's short name without its first words)."""
    for form in (re.sub(r"\s+", "", part).replace("其他", "其它").lower(), _bare(part).lower()):
        if form in aliases:
            return aliases[form]
    bare = _bare(part).lower()
    if len(bare) < 2:
        return None
    keys = {key for alias, key in aliases.items() if len(alias) >= 2 and (bare in alias or alias in bare)}
    return keys.pop() if len(keys) == 1 else None


def roster_id_of(text: str, roster_ids: set[str]) -> str | None:
    """A 编号 as staff type it: any case, full-width, with spaces or without leading zeros."""
    value = re.sub(r"\s+", "", plain(text))
    by_upper = {r.upper(): r for r in roster_ids}
    if value.upper() in by_upper:
        return by_upper[value.upper()]
    match = _ID.match(value)
    if not match:
        return None
    want = (match.group(1).upper(), int(match.group(2)))
    for rid in roster_ids:
        m = _ID.match(rid)
        if m and (m.group(1).upper(), int(m.group(2))) == want:
            return rid
    return None


def is_done(text: str) -> bool | None:
    """True for a done value, False for an explicit 'not yet', None for anything else (a note)."""
    value = re.sub(r"[\s。.!！,，]+$", "", plain(text)).lower()
    if value in DONE_WORDS:
        return True
    if value in OPEN_WORDS or not value:
        return False
    return None


def read(cells: dict, campaign: Campaign, roster_ids: set[str]) -> Decisions:
    """The staff cells (role → {row key → {column → value}}) as decisions, each cell with feedback."""
    out = Decisions()
    shorts = {m.key: m.short for m in campaign.materials}
    for rid, row in (cells.get("tracking") or {}).items():
        value = typed(row.get(RECEIVED_COLUMN))
        if not value:
            continue
        keys, unknown = materials_of(value, campaign)
        if keys:
            out.received[rid] = keys
        said = ("认定已收：" + "、".join(shorts[k] for k in campaign.material_keys if k in keys)) if keys else "未认定任何材料"
        out.readings.append(Reading("tracking", rid, RECEIVED_COLUMN, value, said,
                                    "、".join(f"「{u}」" for u in unknown) + "不是材料名称" if unknown else ""))
    for source, row in (cells.get("mail") or {}).items():
        value = typed(row.get(ASSIGN_COLUMN))
        if not value:
            continue
        rid = roster_id_of(value, roster_ids)
        if rid:
            out.assigned[source] = rid
            out.readings.append(Reading("mail", source, ASSIGN_COLUMN, value, f"已对应到 {rid}"))
        else:
            out.readings.append(Reading("mail", source, ASSIGN_COLUMN, value, "未对应",
                                        f"名单中没有编号「{value}」"))
    for key, row in (cells.get("manual") or {}).items():
        value = typed(row.get(DONE_COLUMN))
        if not value:
            continue
        done = is_done(value)
        if done:
            out.handled.add(key)
            out.readings.append(Reading("manual", key, DONE_COLUMN, value, "已关闭（清空此格即重新打开）"))
        elif done is False:
            out.readings.append(Reading("manual", key, DONE_COLUMN, value, "未关闭"))
        else:
            out.readings.append(Reading("manual", key, DONE_COLUMN, value, "未关闭：视为备注",
                                        "不是“已处理”的填法（关闭请填 是、√ 或 已处理）"))
    return out


def help_text(column: str, campaign: Campaign) -> str:
    """What a staff column accepts, for the header cell's comment."""
    if column == RECEIVED_COLUMN:
        names = "、".join(m.short for m in campaign.materials)
        return (f"填写工作人员认定已收到的材料（如纸质材料已交）：可填材料名称或简称（{names}），多项用顿号隔开；"
                "填“全部”表示全部认定。认定后该材料计为已收，不再向对方催要或要求更正。"
                "不认识的内容会保留，并在旁边一列标“未识别”。")
    if column == ASSIGN_COLUMN:
        return ("这封邮件属于哪项竞赛：填名单中的编号（大小写均可，如 r22 即 R22）。"
                "填写后，邮件中的材料计入该竞赛，其回复和提醒以该竞赛为准。名单中没有的编号会标“未识别”。")
    if column == DONE_COLUMN:
        return ("核对完毕后填“是”、“√”或“已处理”，该事项即关闭（变灰，排到表末）；清空即重新打开。"
                "其他文字（如“已联系对方，待重发”）视为备注，事项不关闭。")
    return ""


def choices(column: str, campaign: Campaign) -> list[str]:
    """The values offered in a cell's drop-down list (typing others stays allowed)."""
    if column == RECEIVED_COLUMN:
        return ["全部", *[m.short for m in campaign.materials]]
    if column == DONE_COLUMN:
        return ["是", "√", "已处理"]
    return []
