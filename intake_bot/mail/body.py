"""What the mail text itself says: 'we ran no other competitions', large-attachment links.

Only the sender's own words count: quoted replies (our earlier gap list among them) are cut off.
"""
from __future__ import annotations

import re
import unicodedata

_QUOTE_START = re.compile(
    r"^\s*(-{2,}\s*(原始邮件|Original Message|转发邮件|Forwarded message)\s*-{2,}|"
    r"在\s*.{0,60}写道[:：]|On .{0,120} wrote:|发件人[:：]|From:\s.*@|"
    r"-{5,}\s*(回复的原邮件|邮件原文)?\s*-{0,}$|_{10,})", re.I)

_LARGE_LINK = re.compile(
    r"(超大附件|large-?attachment|ftn(Exs)?_?download|HUGE-ATTACHMENT|/ftn/|文件中转站|大附件)", re.I)
_URL = re.compile(r"https?://\S+")


def own_text(body: str) -> str:
    """The sender's own words: quoted lines and everything after a reply/forward marker dropped."""
    out = []
    for line in body.replace("\r", "").split("\n"):
        if _QUOTE_START.match(line):
            break
        if line.lstrip().startswith(">"):
            continue
        out.append(line)
    return "\n".join(out)


# A statement that something does not exist, read by structure, not by listed phrasings: in one
# sentence, the topic (the campaign's words for what may be absent) and a negation that scopes it —
# before it ("未自行开展其他竞赛", "无其他赛事") or after it, at the end of a label or a clause
# ("其他竞赛情况：无", "其他比赛，今年我们没有举办"); time words and the speaker may sit anywhere.
_SENTENCE = re.compile(r"[。；;！!？?\n]+")
_NEGATION = re.compile(r"从未|未曾|不曾|并未|尚未|均未|皆未|并无|均无|暂无|尚无|再无|没有|未|无|没|零|不涉及|不存在|否")
_NOT_EXISTENCE = re.compile(      # negations of something else: "no problem", "could not", "not attached"
    r"无误|无法|无关|无需|无须|无异议|无意|未能|未附|未及|未尽|未按|未收到|未完成|未签|未盖|没有问题|没问题|否则|是否")
_WHAT_FOLLOWS = re.compile(        # what may follow a negation that speaks of existence
    r"(再|另|另行|自行|自主|自己|亲自|本身|单独|额外|又|曾|有|过|了|的|任何|举行|举办|开展|组织|承办|进行|主办|安排|实施|搞|办|"
    r"[\d０-９]|其)")
_ZERO = re.compile(r"(^|[：:为是共计\s])(0|零|〇)\s*(项|场|次|个|届)?($|[，,、。）)])")
_BARE_NEGATION = re.compile(r"[(（]?(无|没有|暂无|均无|不涉及|未开展|未举办|未组织|否|0|零)[)）]?[.。]?")
_NEAR = 24                         # characters between the negation and the topic, within the sentence


def declares_none(text: str, topic: str, only: str = "", ordinal: int = 0) -> bool:
    """The sender's own words state that `topic` (a regex: 'other competitions') did not happen, or
    that `only` (a regex: 'only this competition was held') holds; with `ordinal`, also when they name
    the material by its number in the notice's list ("第四项材料：无此情况", "（四）无")."""
    return _declares(unicodedata.normalize("NFKC", own_text(text)), topic, only, ordinal)


def _declares(text: str, topic: str, only: str = "", ordinal: int = 0) -> bool:
    topic_re = re.compile(topic)
    only_re = re.compile(only) if only else None
    item_re = re.compile(item_reference(ordinal)) if ordinal else None
    heading = False                 # the previous sentence names the topic and says nothing of it
    for sentence in _SENTENCE.split(text):
        sentence = re.sub(r"[ \t\u3000]+", "", sentence)
        if not sentence:
            continue
        if only_re is not None and only_re.search(sentence):
            return True
        if heading and _BARE_NEGATION.fullmatch(sentence):          # "其他竞赛情况" / "无"
            return True
        matches = list(topic_re.finditer(sentence))
        if any(_negated(sentence, m.start(), m.end()) for m in matches):
            return True
        items = list(item_re.finditer(sentence)) if item_re else []
        if any(_item_negated(sentence, m.start(), m.end()) for m in items):
            return True
        heading = bool(matches) or any(_ITEM_HEADING.fullmatch(sentence, m.end()) for m in items)
    return False


def _negated(sentence: str, start: int, end: int) -> bool:
    masked = _NOT_EXISTENCE.sub(lambda m: "#" * len(m.group()), sentence)
    for neg in _NEGATION.finditer(masked):
        if _others_speak(masked, neg.start()):
            continue
        if neg.end() <= start and start - neg.end() <= _NEAR:       # 未(自行)开展其他竞赛 / 无其他赛事
            if _RELATIVE.match(masked, end):                        # describes units, not the speaker
                continue
            if neg.end() == start or _WHAT_FOLLOWS.match(masked, neg.end()):
                return True
        elif neg.start() >= end and neg.start() - end <= _NEAR:     # 其他竞赛情况：无 / ……今年没有举办
            if _closes_statement(masked[neg.end():]):
                return True
    return bool(_ZERO.search(masked[end:end + _NEAR]))


def _closes_statement(rest: str) -> bool:
    """What follows a negation that ends a statement: nothing, a pause, a verb of holding, 此/该 —
    but not a promise to send it later ("暂无，后补")."""
    if _PROMISE.match(rest):
        return False
    return not rest or rest[0] in "，,、）)”\"" or bool(_WHAT_FOLLOWS.match(rest)) or rest.startswith(("此", "该"))


# ---- the material named by its number in the notice ------------------------------------------------
# "第四项材料：无此情况", "通知要求的第四项材料，我公司无此情况", "（四）无", "第4项：无", "附件中第四项不涉及":
# the number is the material's place in the campaign's list. Between the number and the negation
# only the speaker, time words and pauses may stand; a label ("四、", "（四）") counts only at the
# start of a line, and a number inside a table or form ("表中第四项") is not the notice's item.
_CN_NUMERALS = "〇一二三四五六七八九十"
_FILLER = re.compile(
    r"(?:[：:，,、\-—~～]|材料|内容|要求|情况|方面|我们?|本|该|贵|单位|公司|协会|学会|厅|局|委|院|校|集团|中心|"
    r"今年|年度|全年|年内|\d{2,4}年度?|均|都|目前|确实?)*")
_ITEM_HEADING = re.compile(r"(?:[：:]|材料|内容|情况|说明|事项)*")
_IN_A_TABLE = re.compile(r"(表|表格|栏|栏目|页|题)[中里内的上]?$")


def item_reference(ordinal: int) -> str:
    """A regex for 'the notice's item number `ordinal`': 第四项(材料), 材料四, a line's label 四、/（四）/4."""
    number = f"(?:{_CN_NUMERALS[ordinal]}|{ordinal})" if 0 < ordinal <= 10 else str(ordinal)
    return (rf"第{number}(?:项|个|条|点|部分)(?:材料|内容|要求|事项)?"
            rf"|材料(?:之|第)?{number}(?![\d份件页张个本])"
            rf"|^(?:[（(]{number}[)）]|{number}[、.．)）])")


def _item_negated(sentence: str, start: int, end: int) -> bool:
    """The item just named is said to be none: only filler, then a negation that closes the statement."""
    if _IN_A_TABLE.search(sentence[:start]):
        return False
    masked = _NOT_EXISTENCE.sub(lambda m: "#" * len(m.group()), sentence)
    pos = _FILLER.match(masked, end).end()
    if _others_speak(masked, pos):
        return False
    neg = _NEGATION.match(masked, pos)
    if neg:
        return _closes_statement(masked[neg.end():])
    return bool(_ZERO.match(masked, max(pos - 1, 0)))


# ---- whose statement it is, and whether it is one yet ----------------------------------------------
# "暂无，后补" promises the material; "部分市县未开展其他竞赛" tells what others did.
_PROMISE = re.compile(r"[，,、]?(?:(?:相关|该|此项?|有关)?材料|我们?|本单位|将|会|拟|请)*"
                      r"(?:后补|补报|补交|补发|补充报送|另行(?:报送|提交|发送|上报|补报)|稍后|随后|待.{0,12}后|"
                      r"正在(?:整理|汇总|准备)|尚在|还在)")
_OTHERS = re.compile(r"(部分|个别|少数|一些|有的|不少|多数|许多)(地区|地方|市县|市|县|区|单位|企业|院校|学校|行业|选手)")


_IF = re.compile(r"(?<![例比诸])(若|如果|假如|倘若|如若|如(?![实下此期约今上前同何]))")
_ASKS = re.compile(r"请[^，,。]{0,6}(说明|注明|填写|写明|填报|标明|回复|告知)")      # addressed to the reader
_ASKS_NONE = re.compile(r"(说明|注明|填写|写明|填报|标明|回复)[“\"'「『]$")          # …须说明“无”: the word asked for
_RELATIVE = re.compile(r"的(单位|企业|地区|市县|院校|情况下|话)")                  # 未开展其他竞赛的单位…


def _others_speak(masked: str, at: int) -> bool:
    """The clause that holds position `at` has someone else as its subject, is a condition or asks for
    the statement ("若贵单位未自行开展其他竞赛，请说明'无'" asks for it, it does not make it)."""
    clause = max(masked.rfind(c, 0, at) for c in "，,、：:（(") + 1
    return bool(_OTHERS.search(masked, clause, at)) or bool(_IF.search(masked, clause, at)) or \
        bool(_ASKS.search(masked, clause, at)) or bool(_ASKS_NONE.search(masked[clause:at]))   # 请说明“无”


# ---- the closing part of a long document -------------------------------------------------------------
CLOSING_CHARS = 300                 # the last paragraphs of a document, about this many characters
_SENTENCE_END = "。！？!?；;：:"


def closing_part(text: str, chars: int = CLOSING_CHARS) -> str:
    """The last paragraph of a document and those before it up to about `chars` characters; a line
    broken by the page width (PDF text) is joined to the next, so a paragraph is never cut."""
    lines = [line.strip() for line in unicodedata.normalize("NFKC", text or "").splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        return ""
    width = max(len(line) for line in lines)
    paragraphs: list[str] = []
    previous = ""
    for line in lines:
        if paragraphs and width >= 20 and len(previous) >= 0.85 * width and previous[-1] not in _SENTENCE_END:
            paragraphs[-1] += line
        else:
            paragraphs.append(line)
        previous = line
    out: list[str] = []
    for paragraph in reversed(paragraphs):
        if out and sum(map(len, out)) >= chars:
            break
        out.insert(0, paragraph)
    return "\n".join(out)


def closing_declares_none(text: str, material) -> bool:
    """The closing paragraphs of a document (a work summary) state the material's 'none' (its topic
    negated, or 'only this one was held'); the document's own numbering is not the notice's."""
    if material is None or not material.statement_topic:
        return False
    return _declares(closing_part(text), material.statement_topic, material.statement_only)


def declares_no_other(body: str, material=None, ordinal: int = 0, center: str = "", trusted=()) -> bool:
    """The body's statement for the campaign's body-statement material (its topic and 'only' words,
    and its number in the notice's list when `ordinal` is given): in the sender's own words, or in a
    mail forwarded or quoted below them that the sender or a roster contact wrote (`trusted`: a colleague
    forwards the unit's mail); never in the center's own words quoted back (our gap list asks for the
    statement), nor in a notice or another sender's mail forwarded for reference."""
    if material is None or not material.statement_topic:
        return False
    if declares_none(body, material.statement_topic, material.statement_only, ordinal):
        return True
    return any(_declares(unicodedata.normalize("NFKC", words), material.statement_topic, material.statement_only, ordinal)
               for words in forwarded_words(body, center, trusted))


_HEADER_LINE = re.compile(r"^\s*(发件人|收件人|抄送|发送时间|日期|时间|主题|From|To|Cc|Sent|Date|Subject)\s*[:：]", re.I)
_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def forwarded_words(body: str, center: str = "", trusted=()) -> list[str]:
    """The text of each mail forwarded or quoted in the body whose author's address is known, is one of
    `trusted` and is not the center's (nor of its domain), without its header lines; quoted '>' lines
    are left out."""
    trusted = {t.lower() for t in trusted if t}
    center = (center or "").lower()
    center_domain = center.rsplit("@", 1)[-1] if "@" in center else ""
    blocks: list[list[str]] = []
    for line in body.replace("\r", "").split("\n"):
        if _QUOTE_START.match(line):
            blocks.append([line])
        elif blocks and not line.lstrip().startswith(">"):
            blocks[-1].append(line)
    out = []
    for block in blocks:
        head = "\n".join(block[:8])
        found = _ADDRESS.search(block[0]) or _QUOTED_SENDER.search(head)
        author = (found.group(found.lastindex or 0) if found else "").lower()
        if not author or author not in trusted or author == center or \
                (center_domain and author.endswith("@" + center_domain)):
            continue
        out.append("\n".join(line for line in block[1:] if not _HEADER_LINE.match(line)))
    return out


def large_attachment_link(body: str, html: str = "") -> bool:
    for text in (body, html):
        if _URL.search(text or "") and _LARGE_LINK.search(text or ""):
            return True
    return False


def mentions_material(text: str, words: str) -> bool:
    """The sender writes about this collection's materials (an attachment forgotten, a promise to
    send): the campaign's words (a regex: `mention_words`, else `[words] mention`)."""
    if not words:
        return False
    pattern = re.compile(words)
    own = re.sub(r"\s+", "", unicodedata.normalize("NFKC", own_text(text)))
    return bool(pattern.search(own))


_QUOTED_SENDER = re.compile(r"^\s*(?:发件人|From)\s*[:：].*?([\w.+-]+@[\w-]+(?:\.[\w-]+)+)", re.M | re.I)


def quoted_senders(body: str) -> list[str]:
    """Addresses in 'From:' / '发件人：' lines of forwarded or quoted mail pasted into the body."""
    return [m.group(1).lower() for m in _QUOTED_SENDER.finditer(body or "")]
