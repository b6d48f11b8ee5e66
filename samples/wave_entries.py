"""One unit, two roster entries: mail that serves two competitions at once, and corrections that
reach one of them later in the thread (issue 21, class 6).

A unit that leads two competitions on the roster writes once for both: two Annex 1 forms (one per
competition, each naming its own), summaries and score sheets whose titles name the competition or
one of its occupations. Each document belongs to the entry its content names; what names none (a
statement on other competitions, a summary without a title) is the mail's. `build()` makes one
mailbox of every variant below for its own roster (W01-W12, pairs of one unit each); `EXPECT` is what
a clerk concludes from each mail, `ENTRIES` each entry's final state. `python -m samples
--wave-entries OUT` writes them; tests/test_wave_entries.py reads them through the whole pipeline.

| kind | what varies |
|---|---|
| two_xlsx_forms | one contact for both entries; two .xlsx forms, two summaries and two signed score-sheet scans, each titled by its competition (the two names share their distinctive words); the body says no other competitions |
| one_zip_both_sets | two contacts of one company; one zip with a folder per competition: forms in separate cells, one form's 合计 wrong; score sheets titled by the unit and an occupation only; a statement document naming no competition; then the first contact corrects the other entry's form in the thread (the mail stays the sender's, the form goes to its entry, the sender's entry is not touched) |
| docx_forms_titled_summaries | forms as .docx, summaries under generic file names titled by competition; one form lacks its phone (a true problem, of that entry only) |
| second_entry_in_later_reply | the first mail carries one entry's set and says the other follows; the reply in the thread carries the second entry's form, summary and sheet (no statement: that entry still lacks it) |
| correction_for_one_entry | both forms in one mail, each with a problem; a Re: mail brings only the second entry's corrected form: it replaces that form and its problem, the first entry keeps its own |
| correction_both_forms_again | both forms sent again in a Re: mail, one corrected and one now wrong: the later version of each replaces the earlier, per entry |
| one_summary_for_both | one work summary for both competitions (its title names the unit only, its parts name each competition): it counts for each; score sheets told apart by occupation |
"""
from __future__ import annotations

from . import documents as d
from .mails import Attachment, Mail, raw_zip, render

ROSTER = [
    ("W01", "2024年广西波次交通运输行业职业技能竞赛", "自治区波次交通运输厅", "汽车维修工、桥隧工", "自治区级二类",
     "韦华", "0771-5700001", "weihua@bcjt.gx.example"),
    ("W02", "2024年全国波次交通运输行业职业技能大赛广西选拔赛", "自治区波次交通运输厅", "起重装卸机械操作工", "全国行业选拔赛",
     "韦华", "0771-5700001", "weihua@bcjt.gx.example"),
    ("W03", "2024年广西波次电力行业职业技能竞赛", "广西波次电网有限公司", "电力电缆安装运维工", "自治区级二类",
     "黄丽", "0771-5700003", "huangli@bcdw.example.cn"),
    ("W04", "2024年广西波次新能源职业技能竞赛", "广西波次电网有限公司", "风电机组检修工、光伏电站运维值班员", "自治区级二类",
     "蒙强", "0771-5700004", "mengqiang@bcdw.example.cn"),
    ("W05", "2024年广西波次农业行业职业技能竞赛", "自治区波次农业农村厅", "农机修理工", "自治区级二类",
     "覃芳", "0771-5700005", "qinfang@bcny.gx.example"),
    ("W06", "2024年广西波次渔业职业技能竞赛", "自治区波次农业农村厅", "水生物病害防治员", "自治区级二类",
     "覃芳", "0771-5700005", "qinfang@bcny.gx.example"),
    ("W07", "2024年广西波次卫生健康行业职业技能竞赛", "自治区波次卫生健康委员会", "保健按摩师", "自治区级二类",
     "陆敏", "0771-5700007", "lumin2024@163.example"),
    ("W08", "2024年广西波次养老护理职业技能竞赛", "自治区波次卫生健康委员会", "养老护理员", "自治区级二类",
     "陆敏", "0771-5700007", "lumin2024@163.example"),
    ("W09", "2024年广西波次建筑行业职业技能竞赛", "自治区波次住房和城乡建设厅", "砌筑工", "自治区级一类",
     "黎军", "0771-5700009", "lijun@bczj.gx.example"),
    ("W10", "2024年广西波次市政行业职业技能竞赛", "自治区波次住房和城乡建设厅", "管工", "自治区级二类",
     "黎军", "0771-5700009", "lijun@bczj.gx.example"),
    ("W11", "2024年广西波次商贸流通职业技能竞赛", "自治区波次商务厅", "中式烹调师", "自治区级二类",
     "甘洋", "0771-5700011", "ganyang@bcsw.gx.example"),
    ("W12", "2024年广西波次电子商务职业技能竞赛", "自治区波次商务厅", "互联网营销师", "自治区级二类",
     "甘洋", "0771-5700011", "ganyang@bcsw.gx.example"),
    ("W13", "2024年广西波次机场集团职工职业技能竞赛", "广西波次机场管理集团有限责任公司", "民航安全检查员",
     "自治区级二类", "谭刚", "0771-5700013", "tangang@bcairport.example.cn"),
    ("W14", "2024年全国波次民航行业职业技能竞赛广西选拔赛", "广西波次机场管理集团有限责任公司", "民航货运员",
     "全国行业选拔赛", "黎娟", "0771-5700014", "lijuan@bcairport.example.cn"),
]
_BY_ID = {r[0]: r for r in ROSTER}


def _form(rid: str, rows: list, totals=None, phone: str | None = None, organizer: str = "广西交通技师学院",
          venue: str = "南宁市") -> d.Form:
    r = _BY_ID[rid]
    return d.Form(r[1], r[2], organizer, venue, rows=rows, totals=totals,
                  contact=(r[5], "人事教育处", r[6] if phone is None else phone, r[7]))


def _row(occ: str, final: int, prelim: int | str = "/", certs=(3, 1, 0), when: str = "2024年10月16日") -> tuple:
    return (occ, f"{occ}国家职业技能标准（2019年版）", when, "职工组", final * 3, prelim, final, *certs)


FORMS = {
    "W01": _form("W01", [_row("汽车维修工", 24), _row("桥隧工", 18, certs=(2, 0, 0))]),
    "W02": _form("W02", [_row("起重装卸机械操作工", 20, prelim=40, certs=(4, 2, 0))], venue="柳州市"),
    "W03": _form("W03", [_row("电力电缆安装运维工", 30, certs=(6, 2, 1))], organizer="广西电力职业技术学院"),
    "W04": _form("W04", [_row("风电机组检修工", 16), _row("光伏电站运维值班员", 14, certs=(2, 1, 0))],
                 totals=(90, "/", 32, 5, 2, 0), organizer="广西电力职业技术学院", venue="钦州市"),   # 30 finalists, 32 written
    "W05": _form("W05", [_row("农机修理工", 28, certs=(5, 1, 0))], organizer="广西农业工程职业技术学院"),
    "W06": _form("W06", [_row("水生物病害防治员", 22, certs=(3, 0, 0))], phone="", organizer="广西水产科学研究院",
                 venue="北海市"),                                                      # no phone: a true problem
    "W07": _form("W07", [_row("保健按摩师", 26, certs=(4, 2, 0))], organizer="广西卫生职业技术学院"),
    "W08": _form("W08", [_row("养老护理员", 34, certs=(6, 2, 0))], organizer="广西卫生职业技术学院", venue="桂林市"),
    "W09": _form("W09", [_row("砌筑工", 40, certs=(8, 3, 0))], totals=(120, "/", 44, 8, 3, 0),
                 organizer="广西建设职业技术学院"),                                     # 合计 wrong (40 finalists)
    "W10": _form("W10", [_row("管工", 18, certs=(2, 1, 0))], phone="", organizer="广西建设职业技术学院"),   # no phone
    "W11": _form("W11", [_row("中式烹调师", 36, certs=(5, 2, 1))], phone="", organizer="广西商业技师学院"),  # no phone
    "W12": _form("W12", [_row("互联网营销师", 25, certs=(4, 1, 0))], organizer="广西商业技师学院"),
    "W13": _form("W13", [_row("民航安全检查员", 22, certs=(3, 1, 0))], organizer="广西民航职业学院"),
    "W14": _form("W14", [_row("民航货运员", 16, prelim=40, certs=(2, 0, 0))], organizer="广西民航职业学院"),
}
CORRECTED = {
    "W04": _form("W04", [_row("风电机组检修工", 16), _row("光伏电站运维值班员", 14, certs=(2, 1, 0))],
                 organizer="广西电力职业技术学院", venue="钦州市"),
    "W10": _form("W10", [_row("管工", 18, certs=(2, 1, 0))], organizer="广西建设职业技术学院"),
    "W11": _form("W11", [_row("中式烹调师", 36, certs=(5, 2, 1))], organizer="广西商业技师学院"),
    "W12": _form("W12", [_row("互联网营销师", 25, certs=(4, 1, 0))], totals=(75, "/", 52, 4, 1, 0),
                 organizer="广西商业技师学院"),                                          # the resend is the wrong one
}


def _summary(rid: str, title: str | None = None) -> bytes:
    r = _BY_ID[rid]
    return d.summary_docx(r[1], r[2]) if title is None else d.prose_docx(title, [
        f"{r[2]}按照通知要求组织了本项竞赛，现将有关情况报告如下。",
        "一、竞赛成果。决赛选手技能水平较往年有明显提高。二、存在问题。部分地市参赛积极性有待提高。"])


def _sheet(title: str, occupation: str, seed: int, layout: str = "standard") -> bytes:
    """A signed score sheet scan: its first line is `title` (the competition, or the unit's name)."""
    return d.scanned_pdf([d.score_sheet_image(title, occupation, True, seed=seed, layout=layout, people=8)])


def _mail(rid: str, subject: str, body: str, attachments, message_id: str, date: str, reply_to: str = "") -> Mail:
    r = _BY_ID[rid]
    headers = {"In-Reply-To": reply_to, "References": reply_to} if reply_to else {}
    return Mail(r[7], r[5], subject, body, list(attachments), headers=headers, message_id=message_id, date=date)


def build() -> list[tuple[str, bytes]]:
    out: list[tuple[str, bytes]] = []

    def add(slug: str, mail: Mail) -> None:
        out.append((f"{len(out) + 1:03d}-{slug}.eml", render(mail)))

    w01, w02 = _BY_ID["W01"], _BY_ID["W02"]
    add("two_xlsx_forms", _mail(
        "W01", "报送两项竞赛的总结材料（交通运输厅）",
        "鉴定中心：\n  我厅牵头的两项竞赛材料一并报送，请查收。我厅2024年未自行开展其它职业技能竞赛。\n韦华",
        [Attachment("附件1-基本情况表（交通运输行业竞赛）.xlsx", d.annex1_xlsx(FORMS["W01"])),
         Attachment("附件1-基本情况表（选拔赛）.xlsx", d.annex1_xlsx(FORMS["W02"], extra_columns=True)),
         Attachment("竞赛工作总结一.docx", _summary("W01")),
         Attachment("竞赛工作总结二.docx", _summary("W02")),
         Attachment("决赛成绩单1.pdf", _sheet(w01[1], "汽车维修工", 61)),
         Attachment("决赛成绩单2.pdf", _sheet(w02[1], "起重装卸机械操作工", 62, layout="ranking"))],
        "<w01-both@bcjt.gx.example>", "Mon, 10 Feb 2025 09:30:00 +0800"))

    w03, w04 = _BY_ID["W03"], _BY_ID["W04"]
    add("one_zip_both_sets", _mail(
        "W03", "电网公司两项竞赛材料", "您好！两项竞赛的材料打包发送，其他竞赛情况说明见压缩包。\n黄丽",
        [Attachment("两项竞赛材料.zip", raw_zip([
            ("电力竞赛/基本情况表.xlsx".encode("gb18030"), d.annex1_xlsx(FORMS["W03"], separate_cells=True)),
            ("电力竞赛/工作总结.docx".encode("gb18030"), _summary("W03")),
            ("电力竞赛/成绩单.pdf".encode("gb18030"), _sheet(w03[2], "电力电缆安装运维工", 63)),
            ("新能源竞赛/基本情况表.xlsx".encode("gb18030"), d.annex1_xlsx(FORMS["W04"], separate_cells=True)),
            ("新能源竞赛/工作总结.docx".encode("gb18030"), _summary("W04")),
            ("新能源竞赛/成绩单.pdf".encode("gb18030"), _sheet(w04[2], "风电机组检修工", 64, layout="results")),
            ("其他竞赛情况说明.docx".encode("gb18030"), d.other_competitions_docx(w03[2], count=0))]))],
        "<w03-zip@bcdw.example.cn>", "Mon, 10 Feb 2025 10:05:00 +0800"))
    add("one_zip_both_sets_correction", _mail(
        "W03", "Re: 电网公司两项竞赛材料", "您好！新能源竞赛的基本情况表合计有误，现更正重发。\n黄丽",
        [Attachment("基本情况表（新能源，更正）.xlsx", d.annex1_xlsx(CORRECTED["W04"], separate_cells=True))],
        "<w03-fix@bcdw.example.cn>", "Wed, 12 Feb 2025 10:00:00 +0800", reply_to="<w03-zip@bcdw.example.cn>"))

    w05, w06 = _BY_ID["W05"], _BY_ID["W06"]
    add("docx_forms_titled_summaries", _mail(
        "W05", "农业农村厅竞赛材料", "各位老师好：\n  附件为两项竞赛的基本情况表和工作总结。\n  其他竞赛开展情况：无。\n覃芳",
        [Attachment("基本情况表1.docx", d.annex1_docx(FORMS["W05"])),
         Attachment("基本情况表2.docx", d.annex1_docx(FORMS["W06"])),
         Attachment("总结A.docx", _summary("W05", title=f"{w05[1]}工作总结")),
         Attachment("总结B.docx", _summary("W06", title=f"关于举办{w06[1]}的情况总结"))],
        "<w05-docx@bcny.gx.example>", "Mon, 10 Feb 2025 11:00:00 +0800"))

    w07, w08 = _BY_ID["W07"], _BY_ID["W08"]
    add("second_entry_in_later_reply_1", _mail(
        "W07", "卫生健康行业竞赛材料", "您好：\n  先报送卫生健康行业竞赛的材料，养老护理竞赛的材料随后发送。"
        "我委未自行开展其他职业技能竞赛。\n陆敏",
        [Attachment("基本情况表.xlsx", d.annex1_xlsx(FORMS["W07"])),
         Attachment("工作总结.docx", _summary("W07")),
         Attachment("成绩单.pdf", _sheet(w07[1], "保健按摩师", 65))],
        "<w07-first@163.example>", "Tue, 11 Feb 2025 09:00:00 +0800"))
    add("second_entry_in_later_reply_2", _mail(
        "W07", "Re: 卫生健康行业竞赛材料", "您好，补发养老护理竞赛的材料。\n陆敏",
        [Attachment("养老护理基本情况表.xlsx", d.annex1_xlsx(FORMS["W08"], padding_rows=2)),
         Attachment("工作总结（养老护理）.docx", _summary("W08")),
         Attachment("成绩单（养老护理）.pdf", _sheet(w08[1], "养老护理员", 66))],
        "<w07-second@163.example>", "Wed, 12 Feb 2025 15:20:00 +0800", reply_to="<w07-first@163.example>"))

    add("correction_for_one_entry_1", _mail(
        "W09", "住建厅两项竞赛基本情况表及总结", "您好！两项竞赛的基本情况表和总结见附件。我厅未自行开展其他竞赛。\n黎军",
        [Attachment("建筑行业竞赛基本情况表.xlsx", d.annex1_xlsx(FORMS["W09"])),
         Attachment("市政行业竞赛基本情况表.xlsx", d.annex1_xlsx(FORMS["W10"])),
         Attachment("建筑行业竞赛总结.docx", _summary("W09")),
         Attachment("市政行业竞赛总结.docx", _summary("W10"))],
        "<w09-first@bczj.gx.example>", "Tue, 11 Feb 2025 10:00:00 +0800"))
    add("correction_for_one_entry_2", _mail(
        "W09", "Re: 住建厅两项竞赛基本情况表及总结", "您好，市政行业竞赛的基本情况表已补上联系电话，请以此为准。\n黎军",
        [Attachment("市政行业竞赛基本情况表（更正）.xlsx", d.annex1_xlsx(CORRECTED["W10"]))],
        "<w09-fix@bczj.gx.example>", "Thu, 13 Feb 2025 08:40:00 +0800", reply_to="<w09-first@bczj.gx.example>"))

    add("correction_both_forms_again_1", _mail(
        "W11", "商务厅竞赛材料", "您好！两项竞赛材料见附件，我厅今年未自行开展其他竞赛。\n甘洋",
        [Attachment("表1.xlsx", d.annex1_xlsx(FORMS["W11"])), Attachment("表2.xlsx", d.annex1_xlsx(FORMS["W12"])),
         Attachment("商贸流通竞赛总结.docx", _summary("W11")), Attachment("电子商务竞赛总结.docx", _summary("W12"))],
        "<w11-first@bcsw.gx.example>", "Tue, 11 Feb 2025 14:00:00 +0800"))
    add("correction_both_forms_again_2", _mail(
        "W11", "Re: 商务厅竞赛材料", "您好，两张基本情况表重新发送，以本次为准。\n甘洋",
        [Attachment("表1（修改）.xlsx", d.annex1_xlsx(CORRECTED["W11"])),
         Attachment("表2（修改）.xlsx", d.annex1_xlsx(CORRECTED["W12"]))],
        "<w11-again@bcsw.gx.example>", "Fri, 14 Feb 2025 16:30:00 +0800", reply_to="<w11-first@bcsw.gx.example>"))

    w13, w14 = _BY_ID["W13"], _BY_ID["W14"]
    add("one_summary_for_both", _mail(
        "W13", "机场集团2024年两项竞赛总结材料",
        "鉴定中心：\n  两项赛事合并写了一份工作总结，基本情况表每项一份，成绩单按工种拍照。\n谭刚",
        [Attachment("集团2024年职业技能竞赛工作总结.docx", d.prose_docx(f"{w13[2]}2024年职业技能竞赛工作总结", [
            "2024年，集团牵头主办了两项列入计划的赛事，现合并总结如下。",
            f"第一部分 {w13[1]}。本项竞赛设民航安全检查员一个工种，决赛选手22人。",
            f"第二部分 {w14[1]}。选拔赛设民航货运员一个工种，决赛选手16人。",
            "三、存在问题。部分基层单位参赛积极性有待提高。"])),
         Attachment("附件1-职工竞赛基本情况表.xlsx", d.annex1_xlsx(FORMS["W13"])),
         Attachment("附件1-选拔赛基本情况表.xlsx", d.annex1_xlsx(FORMS["W14"], separate_cells=True)),
         Attachment("安检员成绩单.pdf", _sheet(w13[2], "民航安全检查员", 64)),
         Attachment("货运员成绩单.pdf", _sheet(w13[2], "民航货运员", 65, layout="ranking"))],
        "<w13-both@bcairport.example.cn>", "Mon, 17 Feb 2025 10:00:00 +0800"))
    return out


ALL = ("summary", "score_sheet", "basic_info", "other_competitions")

# slug -> (kind, the mail's roster id (one contact for two entries: the one its content names first), {entry: materials the mail brings it}, {entry: Annex 1 problems of its form here})
EXPECT = {
    "two_xlsx_forms": ("submission", "W01", {"W01": set(ALL), "W02": set(ALL)}, {"W01": [], "W02": []}),
    "one_zip_both_sets": ("submission", "W03", {"W03": set(ALL), "W04": set(ALL)},
                          {"W03": [], "W04": ["total_mismatch"]}),
    "one_zip_both_sets_correction": ("submission", "W03", {"W04": {"basic_info"}}, {"W04": []}),
    "docx_forms_titled_summaries": ("submission", "W05",
                                    {"W05": {"summary", "basic_info", "other_competitions"},
                                     "W06": {"summary", "basic_info", "other_competitions"}},
                                    {"W05": [], "W06": ["missing_contact_phone"]}),
    "second_entry_in_later_reply_1": ("submission", "W07", {"W07": set(ALL)}, {"W07": []}),
    "second_entry_in_later_reply_2": ("submission", "W08", {"W08": {"summary", "score_sheet", "basic_info"}},
                                      {"W08": []}),
    "correction_for_one_entry_1": ("submission", "W09",
                                   {"W09": {"summary", "basic_info", "other_competitions"},
                                    "W10": {"summary", "basic_info", "other_competitions"}},
                                   {"W09": ["total_mismatch"], "W10": ["missing_contact_phone"]}),
    "correction_for_one_entry_2": ("submission", "W10", {"W10": {"basic_info"}}, {"W10": []}),
    "correction_both_forms_again_1": ("submission", "W11",
                                      {"W11": {"summary", "basic_info", "other_competitions"},
                                       "W12": {"summary", "basic_info", "other_competitions"}},
                                      {"W11": ["missing_contact_phone"], "W12": []}),
    "correction_both_forms_again_2": ("submission", "W11", {"W11": {"basic_info"}, "W12": {"basic_info"}},
                                      {"W11": [], "W12": ["total_mismatch"]}),
    "one_summary_for_both": ("submission", "W13", {"W13": {"summary", "score_sheet", "basic_info"},
                                                   "W14": {"summary", "score_sheet", "basic_info"}},
                             {"W13": [], "W14": []}),
}

# entry -> (missing at the end, open problems at the end, the form that is current)
ENTRIES = {
    "W01": ([], [], FORMS["W01"]),
    "W02": ([], [], FORMS["W02"]),
    "W03": ([], [], FORMS["W03"]),
    "W04": ([], [], CORRECTED["W04"]),
    "W05": (["score_sheet"], [], FORMS["W05"]),
    "W06": (["score_sheet"], ["missing_contact_phone"], FORMS["W06"]),
    "W07": ([], [], FORMS["W07"]),
    "W08": (["other_competitions"], [], FORMS["W08"]),     # the first mail's statement spoke for W07 only
    "W09": (["score_sheet"], ["total_mismatch"], FORMS["W09"]),   # untouched by the correction of W10
    "W10": (["score_sheet"], [], CORRECTED["W10"]),
    "W11": (["score_sheet"], [], CORRECTED["W11"]),
    "W12": (["score_sheet"], ["total_mismatch"], CORRECTED["W12"]),
    "W13": (["other_competitions"], [], FORMS["W13"]),
    "W14": (["other_competitions"], [], FORMS["W14"]),
}
