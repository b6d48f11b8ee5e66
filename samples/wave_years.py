"""The third wave: last year's material and another competition's, and the facts that decide next year's
plan. Work summaries and score sheets whose title names another year or another competition than the
entry (in several wordings and formats, next to titles that only look like it), and Annex 1 forms whose
competition times and final-round counts say a final was not held, so that each of the notice's three
consequences for the 2025 plan arises once.

`build()` makes one mailbox for its own small roster (entries Y01-Y12; Y12 never writes); `EXPECT` is
what a careful clerk concludes from each mail, `PLANNING` what the 2025 planning sheet says of each
entry. `python -m samples --set wave-years OUT` writes them; tests/test_wave_years.py runs them through
the whole pipeline.

| kind | what varies |
|---|---|
| summary_2023_docx | a .docx summary titled 2023年广西…职业技能竞赛工作总结: last year's, not counted |
| summary_2023_chinese_numerals | the year in Chinese numerals: 二〇二三年度…技能竞赛工作总结 |
| summary_2023_pdf_report | a PDF (text layer) titled 关于2023年度…开展情况的报告 |
| summary_mentions_2023_in_body | a 2024 summary whose dated heading and prose name 2023 (与2023年相比): counted |
| summary_abbreviated_title | a summary titled 农业行业技能竞赛总结 (no year, the name abbreviated): counted |
| summary_other_entry_docx | a summary titled with another unit's roster competition (by its full name): not counted for either |
| score_sheet_other_entry_xlsx | a score sheet (.xlsx) titled with another unit's roster competition: not counted for either |
| score_sheet_other_industry_docx | a Word score table titled 2024年广西化工行业职业技能竞赛决赛成绩汇总表: an industry no roster entry names may be a branch of the entry's own (公路养护 of 交通运输): counted, staff look |
| score_sheet_2023_pdf | a PDF score sheet titled 2023年…决赛成绩表: last year's, not counted |
| score_sheet_nickname_xlsx | a sheet titled “金穗杯”技能大赛决赛成绩表 (maybe a nickname): counted, staff look |
| score_sheet_scan_other_entry | a scanned sheet whose title band names another entry's competition (OCR): counted, staff look |
| summary_2024_after_2023 | the entry that sent last year's summary sends this year's: counted, the problem gone |
| plan_not_held | an Annex 1 whose only final was postponed to 2025 (决赛 0): 不可申报2025年计划 |
| plan_partly_held | an Annex 1 with one occupation's final held and one not held: that one 须于2025年内完成 |
| plan_held | an Annex 1 with every final held, and a text score sheet: no consequence |
| plan_application_repeats | a 2025 application (misrouted) naming this year's occupation again: 同一职业连续两年申办 |
"""
from __future__ import annotations

import io

from . import documents as d
from .mails import Attachment, Mail, render
from .wave_words import SUMMARY_PARTS, text_pdf

ROSTER = [
    ("Y01", "2024年广西三波电力行业职业技能竞赛", "广西三波电网公司", "变配电运行值班员、继电保护员", "自治区级二类", "黄新", "0771-5920001", "huangxin@sbdw.example.cn"),
    ("Y02", "2024年广西三波交通行业职业技能竞赛", "自治区三波交通厅", "汽车维修工", "自治区级二类", "韦芳", "0771-5920002", "weifang@sbjt.gx.gov.example"),
    ("Y03", "2024年广西三波建筑业职业技能竞赛", "广西三波建筑业协会", "砌筑工、钢筋工", "自治区级二类", "蓝天", "0771-5920003", "lantian@sbjz.example.org"),
    ("Y04", "2024年广西三波卫生行业职业技能竞赛", "自治区三波卫健委", "医疗护理员", "自治区级二类", "农丽", "0771-5920004", "nongli@sbwj.gx.gov.example"),
    ("Y05", "2024年广西三波商务行业职业技能竞赛", "自治区三波商务厅", "中式烹调师", "自治区级二类", "卢强", "0771-5920005", "luqiang@sbsw.gx.gov.example"),
    ("Y06", "2024年广西三波农业行业职业技能竞赛", "自治区三波农业厅", "农机修理工", "自治区级二类", "苏静", "0771-5920006", "sujing@sbny.gx.gov.example"),
    ("Y07", "2024年广西三波林业职业技能竞赛", "自治区三波林业局", "森林消防员", "自治区级二类", "潘伟", "0771-5920007", "panwei@sbly.gx.gov.example"),
    ("Y08", "2024年广西三波水利行业职业技能竞赛", "自治区三波水利厅", "河道修防工", "自治区级二类", "廖敏", "0771-5920008", "liaomin@sbsl.gx.gov.example"),
    ("Y09", "2024年广西三波冶金行业职业技能竞赛", "广西三波冶金集团", "炼钢工、轧钢工", "自治区级二类", "梁勇", "0771-5920009", "liangyong@sbyj.example.cn"),
    ("Y10", "2024年广西三波邮政行业职业技能竞赛", "广西三波邮政公司", "快递员", "自治区级二类", "莫丹", "0771-5920010", "modan@sbyz.example.cn"),
    ("Y11", "2024年广西三波旅游行业职业技能竞赛", "自治区三波文旅厅", "导游", "自治区级二类", "刘洋", "0771-5920011", "liuyang@sbwl.gx.gov.example"),
    ("Y12", "2024年广西三波民政行业职业技能竞赛", "自治区三波民政厅", "养老护理员", "自治区级二类", "谢军", "0771-5920012", "xiejun@sbmz.gx.gov.example"),
]
_BY_ID = {r[0]: r for r in ROSTER}

_OPENING = "根据通知要求，{unit}牵头举办了本次竞赛。现将竞赛工作有关情况总结如下。"


def _paragraphs(rid: str, extra: list[str] = ()) -> list[str]:
    return [_OPENING.format(unit=_BY_ID[rid][2]), *SUMMARY_PARTS, *extra]


def _summary(rid: str, title: str, name: str = "竞赛工作总结.docx", extra: list[str] = ()) -> Attachment:
    return Attachment(name, d.prose_docx(title, _paragraphs(rid, extra)))


_PEOPLE = [("陈伟", "南宁市代表队", 92.5, 1), ("李芳", "柳州市代表队", 88.0, 2), ("黄敏", "桂林市代表队", 85.5, 3),
           ("韦静", "梧州市代表队", 81.0, 4), ("覃丽", "玉林市代表队", 78.5, 5)]
_SHEET_HEAD = ["序号", "姓名", "参赛单位", "综合成绩", "名次"]
_FOOTER = ["裁判长（签字）：", "监督员（签字）：", "记分员（签字）："]


def score_sheet_xlsx(title: str, occupation: str) -> bytes:
    """A score sheet typed in a workbook: its title, the occupation, one row per finalist, the signature lines."""
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([title])
    ws.append([f"竞赛职业（工种）：{occupation}"])
    ws.append(_SHEET_HEAD)
    for i, (name, unit, score, rank) in enumerate(_PEOPLE, 1):
        ws.append([i, name, unit, score, rank])
    ws.append([])
    ws.append(_FOOTER)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def score_sheet_docx(title: str) -> bytes:
    rows = [_SHEET_HEAD] + [[str(i), n, u, f"{s}", str(r)] for i, (n, u, s, r) in enumerate(_PEOPLE, 1)]
    import docx
    document = docx.Document()
    document.add_heading(title, level=1)
    table = document.add_table(rows=0, cols=len(_SHEET_HEAD))
    for row in rows:
        for c, v in zip(table.add_row().cells, row):
            c.text = v
    document.add_paragraph("　".join(_FOOTER))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def score_sheet_pdf(title: str) -> bytes:
    lines = [title, "　".join(_SHEET_HEAD)]
    lines += ["　".join([str(i), n, u, f"{s}", str(r)]) for i, (n, u, s, r) in enumerate(_PEOPLE, 1)]
    return text_pdf(lines + ["　".join(_FOOTER)])


def _form(rid: str, rows: list[tuple]) -> Attachment:
    r = _BY_ID[rid]
    form = d.Form(r[1], r[2], "南宁职业技术大学", "南宁市", rows=rows, contact=(r[5], "人事处", r[6], r[7]))
    return Attachment("附件1 基本情况表.xlsx", d.annex1_xlsx(form))


def plan_2025_docx(rid: str, occupations: list[str]) -> bytes:
    """The 2025 application (附件2) as units fill it in Word: the header lines, then the occupations' table."""
    r = _BY_ID[rid]
    table = [["竞赛职业（工种）", "职业编码", "竞赛的职业技能标准等级", "备注"]]
    table += [[o, f"4-02-07-{i:02d}", "三级/高级工", ""] for i, o in enumerate(occupations, 8)]
    return d.prose_docx("2025年自治区级职业技能竞赛申报表",
                        [f"申办单位（盖章）：{r[2]}", f"竞赛名称：{r[1].replace('2024', '2025')}", f"主办单位：{r[2]}"], table)


def message_id(slug: str) -> str:
    """The Message-ID of a kind's mail (the tests find its reply by In-Reply-To)."""
    return f"<{slug.replace('_', '-')}@years.example>"


def _mail(rid: str, subject: str, body: str, attachments, n: int = 1) -> Mail:
    r = _BY_ID[rid]
    return Mail(r[7], r[5], subject, body, list(attachments))


def build() -> list[tuple[str, bytes]]:
    out: list[tuple[str, bytes]] = []

    def add(slug: str, mail: Mail) -> None:
        mail.message_id = message_id(slug)
        out.append((f"{len(out) + 1:03d}-{slug}.eml", render(mail)))

    y = _BY_ID
    add("summary_2023_docx", _mail("Y01", "竞赛工作总结", "中心领导：\n  我单位竞赛工作总结见附件。\n黄新",
                                   [_summary("Y01", "2023年广西三波电力行业职业技能竞赛工作总结")]))
    add("summary_2023_chinese_numerals", _mail("Y02", "交通行业竞赛总结", "您好！工作总结见附件。",
                                               [_summary("Y02", "二〇二三年度三波交通行业技能竞赛工作总结", "总结.docx")]))
    add("summary_2023_pdf_report", _mail("Y03", "建筑业竞赛情况报告", "您好，报告（PDF）见附件。", [Attachment(
        "竞赛情况报告.pdf", text_pdf(["关于2023年度广西三波建筑业职业技能竞赛", "开展情况的报告",
                                     *[p[i:i + 36] for p in _paragraphs("Y03") for i in range(0, len(p), 36)]]))]))
    add("summary_mentions_2023_in_body", _mail("Y04", "卫生行业竞赛总结", "您好！总结见附件。", [Attachment(
        "竞赛工作总结.docx", d.prose_docx(f"{y['Y04'][1]}工作总结", [
            "（2025年2月12日）", *_paragraphs("Y04", ["与2023年相比，参赛人数增加三成，决赛选手平均成绩提高5分。"])]))]))
    add("summary_abbreviated_title", _mail("Y06", "农业竞赛总结", "您好，总结见附件。",
                                           [_summary("Y06", "农业行业技能竞赛总结")]))
    add("summary_other_entry_docx", _mail("Y11", "旅游行业竞赛总结", "您好，总结见附件。刘洋",
                                          [_summary("Y11", f"{y['Y12'][1]}工作总结", "工作总结.docx")]))
    add("score_sheet_other_entry_xlsx", _mail("Y07", "林业竞赛决赛成绩", "您好，决赛成绩表见附件。", [Attachment(
        "决赛成绩表.xlsx", score_sheet_xlsx(f"{y['Y02'][1]}决赛成绩汇总表", "汽车维修工"))]))
    add("score_sheet_other_industry_docx", _mail("Y05", "商务行业竞赛成绩单", "您好，成绩单见附件。", [Attachment(
        "成绩单.docx", score_sheet_docx("2024年广西化工行业职业技能竞赛决赛成绩汇总表"))]))
    add("score_sheet_2023_pdf", _mail("Y04", "卫生行业竞赛成绩", "您好，成绩表见附件。", [Attachment(
        "决赛成绩表.pdf", score_sheet_pdf("2023年广西三波卫生行业职业技能竞赛决赛成绩表"))], n=2))
    add("score_sheet_nickname_xlsx", _mail("Y06", "农业竞赛成绩表", "您好，成绩表见附件。", [Attachment(
        "成绩表.xlsx", score_sheet_xlsx("“金穗杯”技能大赛决赛成绩表", "农机修理工"))], n=2))
    scan = d.scanned_pdf([d.score_sheet_image(y["Y02"][1], "汽车维修工", True, seed=7)])
    add("score_sheet_scan_other_entry", _mail("Y03", "建筑业竞赛成绩单", "您好，成绩单扫描件见附件。",
                                              [Attachment("成绩单扫描件.pdf", scan)], n=2))
    add("summary_2024_after_2023", _mail("Y01", "Re: 竞赛工作总结", "您好，重新发送2024年的总结，请查收。",
                                         [_summary("Y01", f"{y['Y01'][1]}工作总结")], n=2))
    add("plan_not_held", _mail("Y08", "水利行业竞赛基本情况表", "您好，基本情况表见附件。决赛因汛期推迟。", [_form("Y08", [
        ("河道修防工", "国家职业技能标准（三级）", "延期至2025年4月", "职工组", 60, "/", 0, 0, 0, 0)])]))
    add("plan_partly_held", _mail("Y09", "冶金行业竞赛基本情况表", "您好，基本情况表见附件。", [_form("Y09", [
        ("炼钢工", "国家职业技能标准（三级）", "2024年10月15日", "职工组", 80, "/", 24, 6, 2, 0),
        ("轧钢工", "国家职业技能标准（三级）", "未举办", "职工组", 40, "/", 0, 0, 0, 0)])]))
    add("plan_held", _mail("Y10", "邮政行业竞赛材料", "您好，基本情况表和决赛成绩表见附件。", [
        _form("Y10", [("快递员", "国家职业技能标准（三级）", "2024年11月6日", "职工组", 120, "/", 30, 8, 2, 0)]),
        Attachment("决赛成绩表.xlsx", score_sheet_xlsx(f"{y['Y10'][1]}决赛成绩汇总表", "快递员"))]))
    add("plan_application_repeats", _mail("Y10", "2025年竞赛计划申报", "您好，2025年竞赛申报表见附件。", [
        Attachment("2025年竞赛申报表.docx", plan_2025_docx("Y10", ["快递员", "网约配送员"]))], n=2))
    return out


# slug -> (kind, roster id, materials counted for the entry, {material: problem code} not counted, staff look)
EXPECT = {
    "summary_2023_docx": ("submission", "Y01", set(), {"summary": "wrong_year"}, False),
    "summary_2023_chinese_numerals": ("submission", "Y02", set(), {"summary": "wrong_year"}, False),
    "summary_2023_pdf_report": ("submission", "Y03", set(), {"summary": "wrong_year"}, False),
    "summary_mentions_2023_in_body": ("submission", "Y04", {"summary"}, {}, False),
    "summary_abbreviated_title": ("submission", "Y06", {"summary"}, {}, False),
    "summary_other_entry_docx": ("submission", "Y11", set(), {"summary": "other_competition"}, False),
    "score_sheet_other_entry_xlsx": ("submission", "Y07", set(), {"score_sheet": "other_competition"}, False),
    "score_sheet_other_industry_docx": ("submission", "Y05", {"score_sheet"}, {}, True),
    "score_sheet_2023_pdf": ("submission", "Y04", set(), {"score_sheet": "wrong_year"}, False),
    "score_sheet_nickname_xlsx": ("submission", "Y06", {"score_sheet"}, {}, True),
    "score_sheet_scan_other_entry": ("submission", "Y03", {"score_sheet"}, {}, True),
    "summary_2024_after_2023": ("submission", "Y01", {"summary"}, {}, False),
    "plan_not_held": ("submission", "Y08", {"basic_info"}, {}, False),
    "plan_partly_held": ("submission", "Y09", {"basic_info"}, {}, False),
    "plan_held": ("submission", "Y10", {"basic_info", "score_sheet"}, {}, False),
    "plan_application_repeats": ("plan_2025", "Y10", set(), {}, False),
}

# roster id -> (the 2024 final held: True / False / None unknown, occupations finished, consequence codes)
PLANNING = {
    "Y01": (None, set(), set()),
    "Y02": (None, set(), set()),
    "Y03": (True, set(), set()),
    "Y04": (None, set(), set()),
    "Y05": (True, set(), set()),                    # its score sheet counts (the title a guess for staff)
    "Y06": (True, set(), set()),
    "Y07": (None, set(), set()),
    "Y08": (False, set(), {"not_held"}),
    "Y09": (True, {"炼钢工"}, {"unfinished"}),
    "Y10": (True, {"快递员"}, {"repeated"}),
    "Y11": (None, set(), set()),
    "Y12": (None, set(), set()),
}
