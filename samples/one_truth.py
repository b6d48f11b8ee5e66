"""A season in small, like the shared corpus, for the one-truth test (tests/test_one_truth.py): every
kind of entry standing a clerk meets — complete, to correct (an unsigned score sheet, a 合计 that does
not add up), missing, a large-attachment link, only next year's plan sent, a mixed mail, a refused
file, a stranger's mail staff must assign, entries that never wrote — then the staff edits a clerk
makes in the workbook, and the mail that arrives after them.

`build()` is the mailbox before the edits; `STAFF_EDITS` what staff write (sheet role, row, column,
value); `after_edits()` the new mail from an edited entry.
"""
from __future__ import annotations

from . import documents as d
from .mails import Attachment, Mail, render

ROSTER = [
    ("T01", "2024年广西真值电力行业职业技能竞赛", "广西真值电网公司", "电工", "自治区级二类", "罗一", "0771-5700001", "luoyi@zzdw.example.cn"),
    ("T02", "2024年广西真值交通行业职业技能竞赛", "自治区真值交通厅", "汽车维修工", "自治区级二类", "蒙二", "0771-5700002", "menger@zzjt.gx.example"),
    ("T03", "2024年广西真值教育行业职业技能竞赛", "自治区真值教育厅", "育婴员", "自治区级二类", "覃三", "0771-5700003", "qinsan@zzjy.gx.example"),
    ("T04", "2024年广西真值建设行业职业技能竞赛", "自治区真值住建厅", "砌筑工", "自治区级一类", "黎四", "0771-5700004", "lisi@zzzj.gx.example"),
    ("T05", "2024年广西真值卫生行业职业技能竞赛", "自治区真值卫健委", "保健按摩师", "自治区级二类", "陆五", "0771-5700005", "luwu@zzwj.gx.example"),
    ("T06", "2024年广西真值商务行业职业技能竞赛", "自治区真值商务厅", "中式烹调师", "自治区级二类", "甘六", "0771-5700006", "ganliu@zzsw.gx.example"),
    ("T07", "2024年广西真值农垦职业技能竞赛", "广西真值农垦集团", "农艺工", "自治区级二类", "邓七", "0771-5700007", "dengqi@zznk.example.cn"),
    ("T08", "2024年广西真值林业职业技能竞赛", "自治区真值林业局", "林业有害生物防治员", "自治区级二类", "闭八", "0771-5700008", "biba@zzly.gx.example"),
    ("T09", "2024年广西真值水利行业职业技能竞赛", "自治区真值水利厅", "河道修防工", "自治区级二类", "韦九", "0771-5700009", "weijiu@zzsl.gx.example"),
    ("T10", "2024年广西真值旅游行业职业技能竞赛", "自治区真值文旅厅", "导游", "自治区级二类", "黄十", "0771-5700010", "huangshi@zzwl.gx.example"),
]
_BY_ID = {r[0]: r for r in ROSTER}


def form(rid: str, final: int = 20, written_final: int | None = None) -> d.Form:
    r = _BY_ID[rid]
    rows = [(r[3], "国家职业技能标准三级", "2024年10月12日", "职工组", 60, "/", final, 4, 1, 0)]
    totals = (60, "/", written_final, 4, 1, 0) if written_final is not None else None
    return d.Form(r[1], r[2], "广西职业技术学院", "南宁市", rows=rows, totals=totals,
                  contact=(r[5], "人事处", r[6], r[7]))


def _mail(rid: str, subject: str, body: str, attachments=(), slug: str = "", **kw) -> Mail:
    r = _BY_ID[rid]
    return Mail(r[7], r[5], subject, body, list(attachments), message_id=f"<{slug or rid.lower()}@{r[7].split('@')[1]}>",
                **kw)


def _summary(rid: str, name: str = "工作总结.docx") -> Attachment:
    r = _BY_ID[rid]
    return Attachment(name, d.summary_docx(r[1], r[2]))


def _sheet(rid: str, signed: bool, seed: int, name: str = "决赛成绩单.pdf") -> Attachment:
    r = _BY_ID[rid]
    return Attachment(name, d.scanned_pdf([d.score_sheet_image(r[1], r[3], signed, seed=seed)]))


def build() -> list[tuple[str, bytes]]:
    """[(file name, raw mail)] before the staff edits, in delivery order."""
    out: list[tuple[str, bytes]] = []

    def add(slug: str, mail: Mail) -> None:
        out.append((f"{len(out) + 1:03d}-{slug}.eml", render(mail)))

    add("t01-complete-numbered-names", _mail(
        "T01", "2024年竞赛总结材料", "中心领导：\n  材料四份见附件，请查收。\n罗一",
        [_summary("T01", "1.工作总结.docx"), _sheet("T01", True, 31, "2.决赛成绩单.pdf"),
         Attachment("3.基本情况表.xlsx", d.annex1_xlsx(form("T01"))),
         Attachment("4.自行开展的其它竞赛情况.docx", d.other_competitions_docx(_BY_ID["T01"][2]))]))
    add("t02-total-mismatch-no-sheet", _mail(
        "T02", "竞赛总结材料（交通厅）", "您好！总结和基本情况表见附件。我厅未自行开展其它职业技能竞赛。",
        [_summary("T02"), Attachment("基本情况表.xlsx", d.annex1_xlsx(form("T02", 20, 25)))]))
    add("t03-unsigned-sheet", _mail(
        "T03", "2024年竞赛总结材料", "老师好：材料见附件。本厅未组织其他职业技能竞赛。",
        [_summary("T03"), _sheet("T03", False, 33), Attachment("基本情况表.xlsx", d.annex1_xlsx(form("T03")))]))
    add("t04-large-link", _mail(
        "T04", "竞赛总结材料（超大附件）",
        "您好！工作总结见附件；决赛成绩单扫描件较大，用超大附件发送：\n"
        "超大附件：决赛成绩单扫描件.pdf（62.5M，2025年3月5日到期）\n"
        "下载链接：https://mail.163.example/large-attachment/download?fid=zz04\n黎四",
        [_summary("T04")]))
    add("t05-only-next-year", _mail(
        "T05", "申报2025年自治区级职业技能竞赛计划", "您好！附件为我委2025年竞赛计划申报表，请审核。",
        [Attachment("2025年竞赛计划申报表.docx", d.plan_2025_docx(_BY_ID["T05"][2]))]))
    add("t06-mixed-with-next-year", _mail(
        "T06", "竞赛总结及2025年申报", "您好！附件为我厅竞赛工作总结，另附2025年竞赛计划申报表。",
        [_summary("T06"), Attachment("2025年竞赛计划申报表.docx", d.plan_2025_docx(_BY_ID["T06"][2]))]))
    add("t08-refused-file", _mail(
        "T08", "林业竞赛材料", "材料见附件。",
        [_summary("T08"), Attachment("决赛成绩单.pdf.exe", b"MZ\x90\x00" + b"\x00" * 120)]))
    add("stranger-for-t07", Mail(
        "xiaowang2024@qq.example", "小王", "竞赛总结材料", "老师好，我单位竞赛工作总结见附件。",
        [Attachment("竞赛工作总结.docx", d.summary_docx("某职业技能竞赛", "我单位"))],
        message_id="<stranger-t07@qq.example>"))
    return out


STRANGER_SOURCE = "008-stranger-for-t07.eml"
LINK_ITEM = "004-t04-large-link.eml#link"
REFUSED_ITEM = "007-t08-refused-file.eml#2"

# What staff write in the workbook: (sheet role, row key, column, value). Each kind a clerk writes.
STAFF_EDITS = [
    ("tracking", "T09", "人工认定已收", "工作总结（纸质）"),      # a material name with a remark
    ("tracking", "T02", "人工认定已收", "决赛成绩单"),            # a short name: the sheet came on paper
    ("tracking", "T03", "人工认定已收", "成绩单"),                # the signed sheet came on paper: settles it
    ("tracking", "T10", "人工认定已收", "盖章原件"),              # not a material: kept, marked 未识别
    ("mail", STRANGER_SOURCE, "人工对应编号", "t07"),             # any case
    ("manual", LINK_ITEM, "已处理", "√"),                        # done: the center fetched the link
    ("manual", REFUSED_ITEM, "已处理", "已联系对方，待重发"),       # a note: the item stays open
]


def after_edits() -> tuple[str, bytes]:
    """The mail an edited entry sends after the staff edits: T09's score sheet and form."""
    mail = _mail("T09", "补报材料（水利厅）", "您好！决赛成绩单和基本情况表见附件，总结纸质版已交。",
                 [_sheet("T09", True, 39), Attachment("基本情况表.xlsx", d.annex1_xlsx(form("T09")))],
                 slug="t09-after", date="Fri, 21 Feb 2025 10:00:00 +0800")
    return "009-t09-after-staff-edits.eml", render(mail)
