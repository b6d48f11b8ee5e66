"""Organisations by name, as a clerk compares them: one unit's two ways of writing its name (unit_key), a
body and its branch (related_units), and the units a mail is signed for (signing_units)."""
from __future__ import annotations

import re
import unicodedata


def _clean(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


_UNIT_PREFIXES = (("广西壮族自治区", "自治区"), ("广西", ""), ("自治区", ""))


def unit_key(name: str) -> str:
    t = _clean(name)
    for long, short in _UNIT_PREFIXES:
        if t.startswith(long):
            t = short + t[len(long):]
    t = t.replace("人力资源和社会保障", "人力资源社会保障")
    return t.removeprefix("自治区")


_ORG = re.compile(r"^[\u4e00-\u9fff（）()“”\"]{2,38}(有限责任公司|有限公司|公司|集团|协会|学会|联合会|商会|学院|"
                  r"学校|大学|厅|局|委员会|委|办公室|中心|研究院|研究所|站)$")
SIGNATURE_LINES = 5      # the sign-off: the sender's name, unit, phone, date
_SENTENCE = re.compile(r"[我本请将给向的了把已于]|贵(中心|单位|厅|局|会|司|院|校)")     # words of a sentence, not of a name
_ORG_TAIL = re.compile(r"(有限责任公司|有限公司|股份|公司|集团|协会|学会|联合会|委员会)$")


def signing_units(texts: list[str]) -> list[str]:
    """The organisations a mail is signed for: lines that are an organisation's name and nothing else
    among the last lines of a text of several lines (the line under the sender's name in the body; not
    a subject, a file name or the addressee's line at the top)."""
    out = []
    for text in texts:
        lines = [ln for ln in (text or "").splitlines() if ln.strip()]
        if len(lines) < 3:
            continue
        for line in lines[-SIGNATURE_LINES:]:
            t = _clean(line)
            if 4 <= len(t) <= 40 and _ORG.match(t) and not _SENTENCE.search(t):
                out.append(t)
    return out


def related_units(a: str, b: str) -> bool:
    """Two names of one organisation, or of a body and its branch: one holds the other, or most of
    their two-character pieces are shared (广西电网公司 / 广西电网有限责任公司南宁供电局)."""
    ka, kb = unit_key(a), unit_key(b)
    if not ka or not kb:
        return False
    if ka in kb or kb in ka:
        return True
    ca, cb = _ORG_TAIL.sub("", ka), _ORG_TAIL.sub("", kb)
    pa, pb = {ca[i:i + 2] for i in range(len(ca) - 1)}, {cb[i:i + 2] for i in range(len(cb) - 1)}
    return bool(pa and pb) and len(pa & pb) / min(len(pa), len(pb)) >= 0.6
