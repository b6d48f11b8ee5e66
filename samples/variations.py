"""Variation the shared corpus does not show: other phrasings, layouts, numbering, senders, scans.

Each kind below is one way real units write that the reading must hold on. `build()` makes one
mailbox of all of them for its own small roster (entries V01-V08); `EXPECT` is what a careful clerk
concludes from each mail. `python -m samples --variations OUT` writes them; tests/test_variations.py
runs them through the whole pipeline.

| kind | what varies |
|---|---|
| statement_label_colon | "自行开展的其他竞赛：本年度未开展" — a label, a colon, the time word, the negation at the end |
| statement_clause_end | "其它技能比赛开展情况，今年我们没有举办" — the negation ends a clause after the topic |
| statement_only_this | "今年仅承办了本次竞赛" — no negation at all: only this one was held |
| statement_heading | a heading line naming the material, the next line a bare "无" |
| statement_one_line_document | a .docx whose whole text is "其他竞赛情况：无" under a name that says nothing |
| annex1_html_rowspan | Annex 1 pasted as one HTML table: label rows, two-row header (rowspan/colspan), an occupation merged over two rows, 合计 spanning four columns |
| score_sheets_per_occupation | one scan per occupation, in two other layouts (排名/得分, 结果/等次) and other footer labels |
| annex1_photo_by_ocr | a phone photo of Annex 1 whose 合计 is wrong: staff check it against the photo; the sender is not told |
| nested_archive_bomb | a zip in a zip holding a bomb: reported under the attached archive's name, the rest read |
| reused_message_id | a web-form client reuses one Message-ID for two mails with different files: both count |
| stranger_executable | a stranger sends an .exe and a .js: other mail, never answered |
| stranger_office_mail | a stranger's ordinary office mail ("会议材料请查收", a notice .docx): other mail, never answered |
"""
from __future__ import annotations

from . import documents as d
from .mails import Attachment, Mail, raw_zip, render, zip_bomb

ROSTER = [
    ("V01", "2024年广西变体电力行业职业技能竞赛", "广西变体电网公司", "电工", "自治区级二类", "罗文", "0771-5900001", "luowen@btdw.example.cn"),
    ("V02", "2024年广西变体交通行业职业技能竞赛", "自治区变体交通厅", "汽车维修工", "自治区级二类", "蒙丽", "0771-5900002", "mengli@btjt.gx.example"),
    ("V03", "2024年广西变体教育行业职业技能竞赛", "自治区变体教育厅", "育婴员", "自治区级二类", "覃华", "0771-5900003", "qinhua@btjy.gx.example"),
    ("V04", "2024年广西变体建设行业职业技能竞赛", "自治区变体住建厅", "砌筑工、钢筋工", "自治区级一类", "黎明", "0771-5900004", "liming@btzj.gx.example"),
    ("V05", "2024年广西变体卫生行业职业技能竞赛", "自治区变体卫健委", "保健按摩师", "自治区级二类", "陆芳", "0771-5900005", "lufang@btwj.gx.example"),
    ("V06", "2024年广西变体商务行业职业技能竞赛", "自治区变体商务厅", "中式烹调师", "自治区级二类", "甘强", "0771-5900006", "ganqiang@btsw.gx.example"),
    ("V07", "2024年广西变体农垦职业技能竞赛", "广西变体农垦集团", "农艺工", "自治区级二类", "邓静", "0771-5900007", "dengjing@btnk.example.cn"),
    ("V08", "2024年广西变体林业职业技能竞赛", "自治区变体林业局", "林业有害生物防治员", "自治区级二类", "闭伟", "0771-5900008", "biwei@btly.gx.example"),
]
_BY_ID = {r[0]: r for r in ROSTER}

FORM_V04 = d.Form(
    "2024年广西变体建设行业职业技能竞赛", "自治区变体住建厅", "广西建设职业技术学院", "南宁市",
    rows=[("砌筑工", "砌筑工国家职业技能标准（2019年版）", "2024年11月2日", "职工组", 60, "/", 20, 6, 2, 0),
          ("砌筑工", "砌筑工国家职业技能标准（2019年版）", "2024年11月3日", "学生组", 48, "/", 16, 5, 0, 0),
          ("钢筋工", "钢筋工国家职业技能标准", "2024年11月4日", "不分组", 52, 30, 18, 4, 1, 0)],
    contact=("黎明", "人事教育处", "0771-5900004", "liming@btzj.gx.example"))

FORM_V06 = d.Form(
    "2024年广西变体商务行业职业技能竞赛", "自治区变体商务厅", "广西商业技师学院", "南宁市",
    rows=[("中式烹调师", "国家职业技能标准三级", "2024年10月20日", "职工组", 80, "/", 30, 8, 3, 0)],
    totals=(80, "/", 36, 8, 3, 0),                 # 合计 written wrong: 36 finalists for 30
    contact=("甘强", "市场处", "0771-5900006", "ganqiang@btsw.gx.example"))


def _mail(rid: str, subject: str, body: str, attachments=(), **kw) -> Mail:
    r = _BY_ID[rid]
    return Mail(r[7], r[5], subject, body, list(attachments), **kw)


def _summary(rid: str) -> Attachment:
    r = _BY_ID[rid]
    return Attachment("工作总结.docx", d.summary_docx(r[1], r[2]))


def build() -> list[tuple[str, bytes]]:
    out: list[tuple[str, bytes]] = []

    def add(slug: str, mail: Mail) -> None:
        out.append((f"{len(out) + 1:03d}-{slug}.eml", render(mail)))

    add("statement_label_colon", _mail(
        "V01", "竞赛总结材料", "中心领导：\n  附件为我公司竞赛工作总结。\n  自行开展的其他竞赛：本年度未开展。\n罗文",
        [_summary("V01")], message_id="<v01@btdw.example.cn>"))
    add("statement_clause_end", _mail(
        "V02", "报送总结", "您好！工作总结见附件。其它技能比赛开展情况，今年我们没有举办。谢谢！",
        [_summary("V02")], message_id="<v02@btjt.gx.example>"))
    add("statement_only_this", _mail(
        "V03", "育婴员竞赛总结", "老师好：\n我厅今年仅承办了本次竞赛，总结随信附上。\n覃华",
        [_summary("V03")], message_id="<v03@btjy.gx.example>"))
    add("statement_heading", _mail(
        "V05", "材料报送（卫健委）", "一、竞赛工作总结（见附件）\n二、其他职业技能竞赛开展情况\n无\n\n陆芳",
        [_summary("V05")], message_id="<v05@btwj.gx.example>"))
    add("statement_one_line_document", _mail(
        "V07", "补充一份说明", "您好，补充说明见附件。",
        [Attachment("补充说明.docx", d.prose_docx("补充", ["其他竞赛情况：无"]))], message_id="<v07@btnk.example.cn>"))
    add("annex1_html_rowspan", _mail(
        "V04", "基本情况表（直接粘贴在正文）", d.annex1_html_spans(FORM_V04), html_only=True,
        message_id="<v04@btzj.gx.example>"))
    r04 = _BY_ID["V04"]
    add("score_sheets_per_occupation", _mail(
        "V04", "决赛成绩（分工种）", "各工种决赛成绩扫描件见附件。",
        [Attachment("砌筑工.pdf", d.scanned_pdf([d.score_sheet_image(r04[1], "砌筑工", True, seed=21, layout="ranking")])),
         Attachment("钢筋工.pdf", d.scanned_pdf([d.score_sheet_image(r04[1], "钢筋工", True, seed=22, layout="results")]))],
        message_id="<v04-sheets@btzj.gx.example>"))
    add("annex1_photo_by_ocr", _mail(
        "V06", "基本情况表（手机拍照）", "基本情况表拍照发送，请查收。",
        [Attachment("IMG_20250210_101500.jpg", d.photo_jpeg(d.annex1_image(FORM_V06, seed=6)), style="ascii")],
        message_id="<v06@btsw.gx.example>"))
    bomb = zip_bomb(size=256 << 20)
    add("nested_archive_bomb", _mail(
        "V08", "林业竞赛材料", "材料打包发送。",
        [Attachment("林业竞赛材料.zip", raw_zip([
            ("总结/工作总结.docx".encode("gb18030"), d.summary_docx(_BY_ID["V08"][1], _BY_ID["V08"][2])),
            ("备份.zip".encode("gb18030"), raw_zip([("数据.xlsx".encode("gb18030"), bomb)]))]))],
        message_id="<v08@btly.gx.example>"))
    for i, att in enumerate((_summary("V02"), Attachment("基本情况表.xlsx", d.annex1_xlsx(d.Form(
            "2024年广西变体交通行业职业技能竞赛", "自治区变体交通厅", "广西交通技师学院", "柳州市",
            rows=[("汽车维修工", "国家职业技能标准", "2024年9月8日", "不分组", 40, "/", 12, 2, 1, 0)],
            contact=("蒙丽", "人事处", "0771-5900002", "mengli@btjt.gx.example")))))):
        add(f"reused_message_id_{i + 1}", _mail(
            "V02", "网上报送系统提交的材料", "材料见附件。", [att], message_id="<form-submit@webform.example>"))
    add("stranger_executable", Mail(
        "sales@quote-request.example", "Sales", "REQUEST FOR QUOTE", "Please see the attached quotation.",
        [Attachment("REQUEST FOR QUOTE.exe", b"MZ\x90\x00" + b"\x00" * 200, style="ascii"),
         Attachment("invoice.js", b"var x = new ActiveXObject('WScript.Shell');", style="ascii")],
        message_id="<rfq@quote-request.example>"))
    add("stranger_office_mail", Mail(
        "office@some-bureau.gx.example", "办公室", "关于召开季度工作会议的通知", "各位同事：\n会议材料请查收，附件为会议通知。",
        [Attachment("会议通知.docx", d.prose_docx("关于召开季度工作会议的通知",
                                                 ["定于3月5日上午9时在三楼会议室召开季度工作会议，请准时参加。"]))],
        message_id="<meeting@some-bureau.gx.example>"))
    return out


# slug -> (kind, roster id, materials the mail adds, Annex 1 problems told to the sender, signed)
EXPECT = {
    "statement_label_colon": ("submission", "V01", {"summary", "other_competitions"}, [], None),
    "statement_clause_end": ("submission", "V02", {"summary", "other_competitions"}, [], None),
    "statement_only_this": ("submission", "V03", {"summary", "other_competitions"}, [], None),
    "statement_heading": ("submission", "V05", {"summary", "other_competitions"}, [], None),
    "statement_one_line_document": ("submission", "V07", {"other_competitions"}, [], None),
    "annex1_html_rowspan": ("submission", "V04", {"basic_info"}, [], None),
    "score_sheets_per_occupation": ("submission", "V04", {"score_sheet"}, [], True),
    "annex1_photo_by_ocr": ("submission", "V06", {"basic_info"}, [], None),
    "nested_archive_bomb": ("submission", "V08", {"summary"}, [], None),
    "reused_message_id_1": ("submission", "V02", {"summary"}, [], None),
    "reused_message_id_2": ("submission", "V02", {"basic_info"}, [], None),
    "stranger_executable": ("other", None, set(), [], None),
    "stranger_office_mail": ("other", None, set(), [], None),
}
