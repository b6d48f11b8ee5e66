"""Which material a document is: content first (title, tables, text), then the file name.

Each decision records a class, a confidence and a short reason; low confidence goes to the staff's
manual-check list. The signals are ordered so that a file is classed by what it is, whatever its
name says.
"""
from __future__ import annotations

import re
import unicodedata

from parsers.annex1 import looks_like_annex1

from .model import Document

MANUAL_BELOW = 0.6


def _clean(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


_PLAN = re.compile(r"2025年.{0,20}(申报表|申报书)|组织实施方案|可行性分析报告|可行性研究报告|竞赛计划申报")
_SCORE_TITLE = re.compile(r"成绩(汇总|统计|登记|一览)?表|成绩单|成绩公示|决赛成绩|汇总表.{0,20}参赛证号|"
                          r"姓名.{0,30}(名次|成绩|得分)")
_OTHER_TITLE = re.compile(r"(自行|自主)(开展|组织|举办)|其[它他].{0,8}(竞赛|比赛).{0,6}(情况|说明)")
_SUMMARY_TITLE = re.compile(r"(工作)?总结|(工作|开展|举办)?情况的?报告|工作报告")


def classify_content(doc: Document) -> tuple[str, float, str] | None:
    text = _clean(doc.text)
    if not text:
        return None
    title = text[:160]
    if _PLAN.search(title):
        return "plan_2025", 0.9, "2025 plan application material (申报表 / 实施方案 / 可行性分析报告)"
    if _SUMMARY_TITLE.search(title[:60]) and "基本情况表" not in title[:60] and len(text) > 400 \
            and not _SCORE_TITLE.search(title[:60]):
        return "summary", 0.9, "work summary (工作总结), prose with any tables it quotes"
    if _OTHER_TITLE.search(title[:60]) and "基本情况表" not in title[:60]:
        return "other_competitions", 0.9, "statement on other competitions the unit ran (自行开展的其它竞赛)"
    if looks_like_annex1(doc.tables, doc.text) or ("基本情况表" in title and "竞赛名称" in text):
        return "basic_info", 0.95, "Annex 1 grid (竞赛职业（工种）, 参赛人数, 获技能等级证书人数)"
    if _SCORE_TITLE.search(title) or sum(k in text for k in ("裁判长", "记分员", "监督员")) >= 2 or ("裁判长" in text and "名次" in text) or \
            ("姓名" in text and re.search(r"综合成绩|总成绩|总分|名次", text)):
        return "score_sheet", 0.9 if not doc.scanned else 0.85, "score table (成绩汇总表, 姓名/成绩/名次)"
    if _SUMMARY_TITLE.search(title[:80]) and len(text) > 300:
        return "summary", 0.9, "work summary (工作总结)"
    if _OTHER_TITLE.search(title):
        return "other_competitions", 0.75, "mentions other competitions the unit ran"
    if _SUMMARY_TITLE.search(title):
        return "summary", 0.7, "titled 总结"
    return "other", 0.7, "readable document that is none of the four materials"


_NAME_RULES = (
    (re.compile(r"2025.*(申报|计划)|申报表|实施方案|可行性"), "plan_2025"),
    (re.compile(r"成绩"), "score_sheet"),
    (re.compile(r"基本情况|附件1|附件一"), "basic_info"),
    (re.compile(r"其[它他]|自行"), "other_competitions"),
    (re.compile(r"总结"), "summary"),
)


def classify_name(doc: Document) -> tuple[str, float, str] | None:
    name = _clean(doc.name)
    for pattern, cls in _NAME_RULES:
        if pattern.search(name):
            return cls, 0.5, f"by file name only ({pattern.pattern})"
    return None


def classify(doc: Document) -> None:
    if doc.cls:                         # already decided while reading (unsafe, unreadable type)
        return
    decided = classify_content(doc)
    if decided is None:
        decided = classify_name(doc) or ("other", 0.3, "no readable text and an unhelpful file name")
        doc.needs_manual_check = True
    doc.cls, doc.confidence, reason = decided
    doc.reason = f"{reason}; {doc.reason}" if doc.reason else reason
    if doc.confidence < MANUAL_BELOW:
        doc.needs_manual_check = True
