"""Which year and which competition a material names in its title, as a clerk reads the first lines of
a work summary or a score sheet: a summary titled for last year (…年…工作总结) is last year's, a sheet
titled for another industry's competition (…年广西化工行业职业技能竞赛决赛成绩表) is another competition's,
whatever the file is called.

Read by structure, not by a list of phrasings: the title lines are the document's first lines before
its prose (a line with sentence punctuation ends them); a year is any four-digit year written in them
(YYYY年, YYYY年度, 二〇二三年), except a date (YYYY年2月12日, YYYY.2.12), a document number (〔YYYY〕) or a
standard's edition (2022年版). A competition is what the title calls a 竞赛/大赛/比赛; it is this entry's
when its distinctive words (the title without year, region and generic words) share a word with the
entry's competition, occupations or lead unit — titles abbreviate ("电力行业技能竞赛总结").

Only what is sure blames the sender: a year that is not the campaign's (and the campaign's year not
named beside it), a competition that is another roster entry, or an industry (…行业) that shares
nothing with the entry. An unknown name that shares nothing, or any reading from a scan (OCR), is a
guess: the file stays counted and staff are asked to look."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..base.years import years_named
from ..campaign.roster import RosterEntry, competition_cores, named_entry

WRONG_YEAR, OTHER_COMPETITION = "wrong_year", "other_competition"

_SENTENCE = re.compile(r"[，。；：:,;！？!?]")
TITLE_LINES, TITLE_WIDTH = 3, 60

# A competition as a title names it: the words before 竞赛/大赛/比赛 on one title line.
_COMPETITION = re.compile(r"([^\s，。；：:,;]{2,40}?)(职业技能|技能)?(竞赛|大赛|比赛|选拔赛|技能赛)")
_GENERIC = re.compile(
    r"(19|20)\d\d年度?|关于|广西壮族自治区|广西|自治区级?|全区|全国|第[一二三四五六七八九十\d]{1,3}届|"
    r"职业技能|技能|竞赛|大赛|比赛|选拔赛|暨|决赛|初赛|复赛|工作|总结|报告|情况|成绩|汇总|一览|的|年度|"
    r"行业|产业|领域|系统|有限责任公司|股份有限公司|有限公司|集团|分公司|[“”\"'‘’《》〈〉（）()·、\-—_\s]")


@dataclass(frozen=True)
class Naming:
    """What a material's title names that is not this entry's."""
    code: str                   # WRONG_YEAR or OTHER_COMPETITION (the export's problem code)
    named: str                  # what it names, in words: "2023年" or the competition as the title writes it
    title: str                  # the title as read
    sure: bool                  # False: a guess (read by OCR, or a name that may be a nickname): staff look


def title_lines(heading: str) -> list[str]:
    """The title: the first lines before the prose (a line with sentence punctuation), each short."""
    out = []
    for line in (heading or "").splitlines()[:TITLE_LINES]:
        line = unicodedata.normalize("NFKC", line).strip()
        if not line:
            continue
        if _SENTENCE.search(line) or len(line) > TITLE_WIDTH or (out and _table_row(line)):
            break
        out.append(line)
    return out


def _table_row(line: str) -> bool:
    """A row of short cells under the title (a table's header as text: 序号 姓名 单位 成绩) is not part of it;
    the first line is the title however it is spaced (2023年 化工行业 决赛成绩表)."""
    cells = line.split()
    return len(cells) >= 3 and max(len(c) for c in cells) <= 8


def _core(text: str) -> str:
    return _GENERIC.sub("", unicodedata.normalize("NFKC", text or ""))


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


def _entry_words(entry: RosterEntry) -> str:
    return "".join(_core(t) for t in (entry.competition, entry.occupations, entry.host))


def title_competition(title: str) -> str | None:
    """The competition a title names, as written ("…年广西化工行业职业技能竞赛"); None when it names
    none or only generic words ("竞赛总结", "职业技能竞赛决赛成绩表")."""
    for line in title.splitlines():
        m = _COMPETITION.search(line)
        if m and len(_core(m.group(1))) >= 2:
            return m.group(0)
    return None


def check(heading: str, year: int, entry: RosterEntry, roster: list[RosterEntry], unit: list[RosterEntry],
          scanned: bool) -> Naming | None:
    """What the title names that is not this entry's (another year, another competition), or None."""
    lines = title_lines(heading)
    if not lines:
        return None
    title, shown = "\n".join(lines), " ".join(lines)
    years = years_named("".join(lines))
    own = {year, *years_named(entry.competition)}       # an entry carried over from another year names its own
    if years and not own & set(years):
        return Naming(WRONG_YEAR, f"{years[0]}年", shown, sure=not scanned)
    other = _other_competition(title, entry, roster, unit)
    if other is None:
        return None
    named, sure = other
    return Naming(OTHER_COMPETITION, named, shown, sure=sure and not scanned)


def _other_competition(title: str, entry: RosterEntry, roster: list[RosterEntry],
                       unit: list[RosterEntry]) -> tuple[str, bool] | None:
    named = title_competition(title)
    flat = title.replace("\n", "")
    listed = named_entry(roster, flat)
    if listed is not None:
        if listed.id == entry.id or any(e.id == listed.id for e in unit):
            return None
        return listed.competition, True         # another roster entry's competition
    if named is None:
        return None
    core = _core(named)
    mine = _entry_words(entry)
    own_cores = [_core(c) for c in competition_cores(entry.competition)]
    if _bigrams(core) & _bigrams(mine) or any(c and (c in core or core in c) for c in own_cores):
        return None                             # the same competition, abbreviated
    return named, False                         # an industry word alone is a guess (公路养护 of 交通运输): staff


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


def sender_text(template: str, naming: Naming, file: str, material: str, year: int, competition: str) -> str:
    """The campaign's sentence for the problem, filled in: which file, what its title names."""
    from ..mail.sender_text import quoted
    values = _Blank(file=quoted(file, file_name=True), title=quoted(naming.title), named=quoted(naming.named),
                    material=material, year=year, competition=competition)
    return template.format_map(values)


def staff_text(naming: Naming, scanned: bool) -> str:
    """A guess, for staff only: what the title seems to name and why it is not sure."""
    from ..mail.sender_text import quoted
    why = "由扫描件识别" if scanned else "名称与本竞赛对不上，但不能确定是另一项竞赛"
    what = f"{naming.named}的材料" if naming.code == WRONG_YEAR else f"另一项竞赛（{quoted(naming.named)}）的材料"
    return f"标题似为“{quoted(naming.title)}”（{why}），可能是{what}；已计入已收，未告知发件人，请打开原件核对"
