"""The second wave of Annex 1 forms: how units wrote the form where the first reading went wrong.

Four classes, each in several variants with variety of their own. `build()` makes one mailbox for
its own small roster (entries F01-F14); `EXPECT` is what a careful clerk concludes from each mail:
the class, the counts of the form, the problems told to the sender, and whether staff must look.
`python -m samples --wave-forms OUT` writes them; tests/test_wave_forms.py reads them through the
whole pipeline. The PDFs are made by LibreOffice from Word files, as units make them.

| kind | what varies |
|---|---|
| sheets_plan_first | the 2025 application sheet (附件2 申报表) first, the form second |
| sheets_report_first | a statistics sheet with its own 工种 grid and 合计 first, the form second, a notes sheet last |
| sheets_notes_and_plan | a fill-in instructions sheet full of label words first, the form in "Sheet2", the application after it |
| sheets_two_forms | two sheets, both whole forms with different numbers: which is meant is for staff |
| formula_sum | every 合计 a =SUM() over the rows, written by a program (no values stored) |
| formula_plus_short | 合计 as =E10+E11 that leaves out the last row: the mismatch rests on a computed value, so staff |
| formula_row_and_sheet | counts pulled from a detail sheet (='明细'!B2), a 小计 column of row totals, 合计 by SUM |
| numerals_plain | counts in Chinese numerals in a Word table (一百八十三, 二十五, 零) |
| numerals_units | digits, full-width digits and numerals with units (30人, ２５名, 两千零五人, 壹佰贰拾) |
| numerals_vague | numerals with one "约三十" and one "若干": the real non_numeric_count problem, kept |
| pdf_page_break | a landscape PDF of a long form: its rows and 合计 run on over a page break, the grid continuing on page 2 without its header |
| pdf_wrap_narrow | landscape PDF, a two-row header in narrow columns: 复赛 for 选拔赛, levels beside the certificates ("高级\\n技师\\n（一\\n级）") |
| pdf_wrap_single_row | one header row, each count named in full ("参赛人数（复赛）", "获高级工证书人数"), wrapped over 4-8 lines |
| pdf_header_split | the header split over two rows without merges ("竞赛职业"/"（工种）", "高级工"/"（三级）") |
"""
from __future__ import annotations

import io

from . import documents as d
from .mails import Attachment, Mail, render

ROSTER = [
    (f"F{i:02d}", f"2024年广西波次{trade}职业技能竞赛", host, occupation, "自治区级二类", person, f"0771-59100{i:02d}",
     f"{mailbox}@{domain}")
    for i, (trade, host, occupation, person, mailbox, domain) in enumerate([
        ("电力行业", "广西波次电网公司", "电工", "罗一", "luoyi", "bcdw.example.cn"),
        ("交通行业", "自治区波次交通厅", "汽车维修工", "蒙二", "menger", "bcjt.gx.example"),
        ("教育行业", "自治区波次教育厅", "育婴员", "覃三", "qinsan", "bcjy.gx.example"),
        ("建设行业", "自治区波次住建厅", "砌筑工", "黎四", "lisi", "bczj.gx.example"),
        ("卫生行业", "自治区波次卫健委", "保健按摩师", "陆五", "luwu", "bcwj.gx.example"),
        ("商务行业", "自治区波次商务厅", "中式烹调师", "甘六", "ganliu", "bcsw.gx.example"),
        ("农垦", "广西波次农垦集团", "农艺工", "邓七", "dengqi", "bcnk.example.cn"),
        ("林业", "自治区波次林业局", "林业有害生物防治员", "闭八", "biba", "bcly.gx.example"),
        ("水利行业", "自治区波次水利厅", "水工监测工", "韦九", "weijiu", "bcsl.gx.example"),
        ("民政行业", "自治区波次民政厅", "养老护理员", "黄十", "huangshi", "bcmz.gx.example"),
        ("邮政行业", "广西波次邮政公司", "快递员", "莫甲", "moja", "bcyz.example.cn"),
        ("旅游行业", "自治区波次文旅厅", "茶艺师", "梁乙", "liangyi", "bcwl.gx.example"),
        ("冶金行业", "广西波次钢铁集团", "焊工", "农丙", "nongbing", "bcgt.example.cn"),
        ("化工行业", "广西波次化工集团", "化工总控工", "苏丁", "suding", "bchg.example.cn"),
    ], 1)]
_BY_ID = {r[0]: r for r in ROSTER}

# (occupation, 初赛, 选拔赛, 决赛, 高级工, 技师, 高级技师); None is a "/" on the form
ROWS = {
    "two": [("{occ}", 183, None, 40, 12, 3, 0), ("{occ}（学生组）", 96, 48, 25, 8, 0, 0)],
    "three": [("{occ}", 120, None, 30, 5, 2, 0), ("{occ}（职工组）", 86, 40, 24, 3, 1, 0), ("{occ}（学生组）", 55, None, 18, 1, 0, 0)],
    # a long form: its rows and 合计 run over a page break (the grid continues on page 2 without its header)
    "many": [("{occ}（第%d赛区）" % n, 40 + 7 * n, 20 + n, 10 + n, n % 4, n % 3, 0) for n in range(1, 15)],
}


def figures(rid: str, shape: str) -> list[tuple]:
    occ = _BY_ID[rid][3]
    return [(r[0].format(occ=occ), *r[1:]) for r in ROWS[shape]]


def sums(rows: list[tuple]) -> tuple:
    cols = list(zip(*[r[1:] for r in rows]))
    return tuple(sum(v for v in col if v is not None) if any(v is not None for v in col) else None for col in cols)


def cn_numeral(n: int, liang: bool = False, upper: bool = False) -> str:
    """How a clerk writes n in Chinese numerals (n < 10000): 一百八十三, 两千零五, 壹佰捌拾叁, 十五."""
    digits = "零壹贰叁肆伍陆柒捌玖" if upper else "零一二三四五六七八九"
    units = ("", "拾", "佰", "仟") if upper else ("", "十", "百", "千")
    if n == 0:
        return digits[0]
    out, zero = "", False
    for power in range(3, -1, -1):
        digit = n // 10 ** power % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out += digits[0]
            zero = False
        word = "两" if liang and digit == 2 and power >= 2 else digits[digit]
        if not (power == 1 and digit == 1 and not out and not upper):
            out += word
        out += units[power]
    return out


# ---- workbooks ----------------------------------------------------------------------------------

HEADER_1 = d.HEADER_1
HEADER_2 = d.HEADER_2


def annex1_sheet(ws, rid: str, rows: list[tuple], write=lambda v: "/" if v is None else v, totals=None,
                 contact: bool = True) -> dict:
    """The form on one sheet; `write` turns a count into what the cell holds; `totals(col letter, first
    row, last row, index)` writes the 合计 cell (default: the sum, as a number). Returns the row numbers."""
    r = _BY_ID[rid]
    ws.append(["附件1"])
    ws.append(["2024年自治区级职业技能竞赛基本情况表"])
    ws.append([f"填报单位（盖章）：{r[2]}", None, None, None, None, None, "时间：2025年2月12日"])
    for label, value in (("竞赛名称", r[1]), ("主办单位", r[2]), ("协办单位", "自治区职业技能鉴定中心"),
                         ("承办单位", f"{r[2]}培训中心"), ("决赛地点", "南宁市")):
        ws.append([f"{label}：{value}"])
    ws.append(HEADER_1)
    ws.append(HEADER_2)
    first = ws.max_row + 1
    for row in rows:
        ws.append([row[0], "国家职业技能标准（三级）", "2024年10月18日", "不分组", *(write(v) for v in row[1:])])
    last = ws.max_row
    written = sums(rows)
    ws.append(["合计", None, None, None, *(
        totals("EFGHIJ"[i], first, last, i) if totals else write(v) for i, v in enumerate(written))])
    if contact:
        ws.append([f"联系人：{r[5]}", None, "所在部门：人事处", None, f"联系电话：{r[6]}", None, None, f"电子邮箱：{r[7]}"])
    return {"first": first, "last": last}


def plan_2025_sheet(ws, unit: str, occupation: str, contact: tuple = ("", "")) -> None:
    """Next year's application (附件2 申报表), sent in the same workbook."""
    for line in (["附件2"], ["2025年自治区级职业技能竞赛申报表"], [f"申报单位（盖章）：{unit}"],
                 [f"竞赛名称：2025年广西波次{occupation}职业技能竞赛"], [f"主办单位：{unit}"],
                 ["拟设竞赛职业（工种）", "竞赛标准", "拟举办时间", "竞赛所设的组别", "预计参赛人数", "拟晋升等级"],
                 [occupation, "国家职业技能标准", "2025年9月", "职工组", 150, "高级工"],
                 [f"联系人：{contact[0]}", None, f"联系电话：{contact[1]}"]):
        ws.append(line)


def report_sheet(ws, rid: str) -> None:
    """A statistics sheet kept in the same file: its own 工种 grid by city, with a 合计."""
    occ = _BY_ID[rid][3]
    ws.append([f"{occ}竞赛各市参赛情况统计表"])
    ws.append(["序号", "竞赛职业（工种）", "市别", "参赛人数", "决赛", "高级工"])
    for i, city in enumerate(("南宁市", "柳州市", "桂林市"), 1):
        ws.append([i, occ, city, 30 + i, 10 + i, i])
    ws.append(["合计", None, None, 96, 36, 6])


def notes_sheet(ws) -> None:
    ws.append(["填表说明"])
    for line in ("1. 竞赛名称：填写计划文件中的竞赛全称。", "2. 主办单位：填写牵头主办单位。",
                 "3. 参赛人数：初赛、选拔赛、决赛分别填写，没有的填“/”。", "4. 联系电话：填写办公电话或手机。"):
        ws.append([line])


def _save(wb) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def workbook(rid: str, order: list[str], shape: str = "three", title: str = "附件1") -> bytes:
    import openpyxl
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for kind in order:
        if kind == "form":
            annex1_sheet(wb.create_sheet(title), rid, figures(rid, shape))
        elif kind == "form_other":
            annex1_sheet(wb.create_sheet("附件1（修改前）"), rid, figures(rid, "two"))
        elif kind == "plan":
            r = _BY_ID[rid]
            plan_2025_sheet(wb.create_sheet("附件2 申报表"), r[2], r[3], (r[5], r[6]))
        elif kind == "report":
            report_sheet(wb.create_sheet("统计"), rid)
        elif kind == "notes":
            notes_sheet(wb.create_sheet("填表说明"))
    return _save(wb)


def formula_workbook(rid: str, style: str) -> bytes:
    """Formulas as a program writes them: openpyxl stores no computed value."""
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "基本情况表"
    rows = figures(rid, "three")
    if style == "sum":
        annex1_sheet(ws, rid, rows, totals=lambda col, a, b, i: f"=SUM({col}{a}:{col}{b})")
    elif style == "plus_short":          # the 合计 of 决赛 leaves out the last row
        annex1_sheet(ws, rid, rows, totals=lambda col, a, b, i: "+".join(
            f"{col}{n}" for n in range(a, b if col == "G" else b + 1)).join(("=", "")))
    else:                                # counts from a detail sheet, a 小计 column, 合计 by SUM
        detail = wb.create_sheet("明细")
        detail.append(["工种", "初赛", "选拔赛", "决赛", "高级工", "技师", "高级技师"])
        for row in rows:
            detail.append(list(row))
        place = annex1_sheet(ws, rid, rows, totals=lambda col, a, b, i: f"=SUM({col}{a}:{col}{b})")
        for k, n in enumerate(range(place["first"], place["last"] + 1)):
            for i, col in enumerate("EFGHIJ"):
                if rows[k][i + 1] is not None:
                    ws[f"{col}{n}"] = f"=明细!{'BCDEFG'[i]}{k + 2}"
            ws[f"K{n}"] = f"=E{n}+G{n}"
        ws[f"K{place['first'] - 1}"] = "小计"
    return _save(wb)


def numeral_workbook(rid: str) -> bytes:
    import openpyxl
    styles = [lambda v: f"{v}人", lambda v: str(v).translate(str.maketrans("0123456789", "０１２３４５６７８９")) + "名",
              lambda v: cn_numeral(v, liang=True) + "人", lambda v: cn_numeral(v, upper=True)]
    count = iter(range(100))

    def write(v):
        return "/" if v is None else styles[next(count) % len(styles)](v)
    wb = openpyxl.Workbook()
    annex1_sheet(wb.active, rid, figures(rid, "three"), write=write)
    return _save(wb)


def form_of(rid: str, shape: str, write=lambda v: "/" if v is None else v) -> d.Form:
    """The roster entry's form as documents.Form, its counts written by `write`."""
    r = _BY_ID[rid]
    rows = figures(rid, shape)
    return d.Form(r[1], r[2], f"{r[2]}培训中心", "南宁市", co_organizer="自治区职业技能鉴定中心",
                  rows=[(row[0], "国家职业技能标准", "2024年11月", "职工组", *map(write, row[1:])) for row in rows],
                  totals=tuple(map(write, sums(rows))), contact=(r[5], "人事处", r[6], r[7]))


def numeral_docx(form: d.Form, vague: bool = False) -> bytes:
    """The form in a Word table, every count in Chinese numerals (one "约三十" and one "若干" when vague)."""
    def numeral(v):
        return cn_numeral(v) if isinstance(v, int) else v
    rows = [list(row[:4]) + [numeral(v) for v in row[4:]] for row in form.rows]
    if vague:
        rows[0][4], rows[1][5] = "约三十", "若干"
    written = d.Form(form.competition_name, form.host, form.organizer, form.final_venue, form.co_organizer,
                     rows=[tuple(r) for r in rows], totals=tuple(numeral(v) for v in form.total_row()),
                     contact=form.contact)
    return d.annex1_docx(written)


# ---- landscape PDFs -----------------------------------------------------------------------------

PDF_HEADERS = {
    "narrow": ([HEADER_1, [None] * 4 + ["初赛", "复赛", "决赛", "高级工（三级）", "技师（二级）", "高级技师（一级）"]],
               [2.6, 3.0, 2.4, 1.6] + [1.0] * 6, [(0, c, 1, c) for c in range(4)]
               + [(0, 4, 0, 6), (0, 7, 0, 9)]),
    "single_row": ([["竞赛职业（工种）", "竞赛标准", "竞赛时间", "竞赛所设的组别", "参赛人数（初赛）", "参赛人数（复赛）",
                     "参赛人数（决赛）", "获高级工证书人数", "获技师证书人数", "获高级技师证书人数"]],
                   [2.8, 3.2, 2.6, 2.2] + [1.1] * 6, []),
    "split": ([["竞赛职业", "竞赛", "竞赛", "竞赛所设", "初赛", "复赛", "决赛", "高级工", "技师", "高级技师"],
               ["（工种）", "标准", "时间", "的组别", "人数", "人数", "人数", "（三级）", "（二级）", "（一级）"]],
              [2.8, 3.2, 2.6, 2.2] + [1.5] * 6, []),
}


def landscape_docx(form: d.Form, header: str) -> bytes:
    """The form as units lay it out in Word for a landscape page: header block, the grid with one of
    PDF_HEADERS (column widths in cm, merges), the contact line."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm
    heads, widths, merges = PDF_HEADERS[header]
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    document.add_paragraph("2024年自治区级职业技能竞赛基本情况表")
    for label, value in (("竞赛名称", form.competition_name), ("主办单位", form.host), ("协办单位", form.co_organizer),
                         ("承办单位", form.organizer), ("决赛地点", form.final_venue)):
        document.add_paragraph(f"{label}：{value}")
    table = document.add_table(rows=len(heads), cols=10)
    table.style = "Table Grid"
    table.autofit = False
    for i, row in enumerate(heads):
        for c, text in enumerate(row):
            if text:
                table.cell(i, c).text = text
    for r0, c0, r1, c1 in merges:
        table.cell(r0, c0).merge(table.cell(r1, c1))
    for row in [*form.rows, ("合计", "", "", "", *form.total_row())]:
        cells = table.add_row().cells
        for c, v in enumerate(row):
            cells[c].text = "" if v is None else str(v)
    for c, width in enumerate(widths):
        table.columns[c].width = Cm(width)
        for cell in table.columns[c].cells:
            cell.width = Cm(width)
    name, dept, phone, mail = form.contact
    document.add_paragraph(f"联系人：{name}\u3000\u3000所在部门：{dept}\u3000\u3000联系电话：{phone}\u3000\u3000电子邮箱：{mail}")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def landscape_pdf(form: d.Form, header: str) -> bytes:
    from parsers.legacy import convert
    return convert(landscape_docx(form, header), "docx", "pdf")


def plan_sheet_first(annex1: bytes, unit: str) -> bytes:
    """A finished Annex 1 workbook with next year's application sheet put in front of it."""
    import openpyxl
    wb = openpyxl.load_workbook(io.BytesIO(annex1))
    plan_2025_sheet(wb.create_sheet("附件2 申报表", 0), unit, "电工")
    return _save(wb)


def sum_formulas(annex1: bytes) -> bytes:
    """A finished Annex 1 workbook whose 合计 cells are =SUM() over the rows above, saved by a program
    (no computed values stored)."""
    import openpyxl
    wb = openpyxl.load_workbook(io.BytesIO(annex1))
    ws = wb.worksheets[0]
    header = next(r for r in range(1, ws.max_row + 1) if str(ws.cell(r, 1).value or "").startswith("竞赛职业"))
    total = next(r for r in range(1, ws.max_row + 1) if "".join(str(ws.cell(r, 1).value or "").split()) == "合计")
    for c in range(5, 11):
        if isinstance(ws.cell(total, c).value, int):
            letter = openpyxl.utils.get_column_letter(c)
            ws.cell(total, c).value = f"=SUM({letter}{header + 2}:{letter}{total - 1})"
    return _save(wb)


# ---- the mailbox --------------------------------------------------------------------------------

def _mail(rid: str, slug: str, subject: str, body: str, name: str, data: bytes) -> Mail:
    r = _BY_ID[rid]
    return Mail(r[7], r[5], subject, body, [Attachment(name, data)], message_id=f"<{slug}@{r[7].split('@')[1]}>")


def build() -> list[tuple[str, bytes]]:
    mails = [
        ("sheets_plan_first", "F01", "基本情况表", "您好，基本情况表见附件（文件里第二张表）。",
         "竞赛材料.xlsx", lambda: workbook("F01", ["plan", "form"])),
        ("sheets_report_first", "F02", "报送基本情况表", "老师好：附件为基本情况表及统计。",
         "基本情况及统计.xlsx", lambda: workbook("F02", ["report", "form", "notes"])),
        ("sheets_notes_and_plan", "F03", "附件1及附件2", "请查收。", "附件.xlsx",
         lambda: workbook("F03", ["notes", "form", "plan"], title="Sheet2")),
        ("sheets_two_forms", "F04", "基本情况表（两个版本）", "表格见附件。", "基本情况表.xlsx",
         lambda: workbook("F04", ["form_other", "form"])),
        ("formula_sum", "F05", "基本情况表（系统导出）", "系统导出的基本情况表，请查收。", "基本情况表导出.xlsx",
         lambda: formula_workbook("F05", "sum")),
        ("formula_plus_short", "F06", "基本情况表", "附件是基本情况表。", "附件1基本情况表.xlsx",
         lambda: formula_workbook("F06", "plus_short")),
        ("formula_row_and_sheet", "F07", "基本情况表（含明细）", "基本情况表及明细见附件。", "情况表.xlsx",
         lambda: formula_workbook("F07", "sheet")),
        ("numerals_plain", "F08", "基本情况表", "您好！基本情况表请查收。", "基本情况表.docx",
         lambda: numeral_docx(form_of("F08", "two"))),
        ("numerals_units", "F09", "附件1", "附件1见附件。", "附件1.xlsx", lambda: numeral_workbook("F09")),
        ("numerals_vague", "F10", "基本情况表", "基本情况表见附件，部分人数为估计。", "基本情况表.docx",
         lambda: numeral_docx(form_of("F10", "two"), vague=True)),
        ("pdf_wrap_narrow", "F11", "基本情况表PDF", "基本情况表（PDF）请查收。", "基本情况表.pdf",
         lambda: landscape_pdf(form_of("F11", "three"), "narrow")),
        ("pdf_wrap_single_row", "F12", "基本情况表", "附件为盖章后的基本情况表。", "附件1 基本情况表.pdf",
         lambda: landscape_pdf(form_of("F12", "three"), "single_row")),
        ("pdf_header_split", "F13", "报送附件1", "附件1请查收。", "附件1.pdf",
         lambda: landscape_pdf(form_of("F13", "three"), "split")),
        ("pdf_page_break", "F14", "基本情况表（分赛区）", "各赛区情况见基本情况表，共两页。", "基本情况表（两页）.pdf",
         lambda: landscape_pdf(form_of("F14", "many"), "single_row")),
    ]
    return [(f"{i:03d}-{slug}.eml", render(_mail(rid, slug, subject, body, name, make())))
            for i, (slug, rid, subject, body, name, make) in enumerate(mails, 1)]


def expected_counts(rid: str, shape: str, unreadable: tuple = ()) -> dict:
    """The form's rows and 合计 as the export gives them; `unreadable`: (row, index) cells written as words."""
    keys = (("participants", "preliminary"), ("participants", "selection"), ("participants", "final"),
            ("certificates", "senior_worker"), ("certificates", "technician"), ("certificates", "senior_technician"))

    def counts(values):
        out = {"participants": {}, "certificates": {}}
        for (group, key), v in zip(keys, values):
            out[group][key] = v
        return out
    rows = figures(rid, shape)
    body = [{"occupation": r[0], **counts([None if (i, k) in unreadable else v for k, v in enumerate(r[1:])])}
            for i, r in enumerate(rows)]
    return {"rows": body, "totals": counts(sums(rows))}


# slug -> (kind, roster id, materials, Annex 1 problems told to the sender, the form's counts, staff must look)
EXPECT = {
    "sheets_plan_first": ("submission", "F01", {"basic_info"}, [], expected_counts("F01", "three"), False),
    "sheets_report_first": ("submission", "F02", {"basic_info"}, [], expected_counts("F02", "three"), False),
    "sheets_notes_and_plan": ("submission", "F03", {"basic_info"}, [], expected_counts("F03", "three"), False),
    "sheets_two_forms": ("submission", "F04", {"basic_info"}, [], expected_counts("F04", "three"), True),
    "formula_sum": ("submission", "F05", {"basic_info"}, [], expected_counts("F05", "three"), False),
    "formula_plus_short": ("submission", "F06", {"basic_info"}, [], None, True),         # 合计 of 决赛: 54 for 72
    "formula_row_and_sheet": ("submission", "F07", {"basic_info"}, [], expected_counts("F07", "three"), False),
    "numerals_plain": ("submission", "F08", {"basic_info"}, [], expected_counts("F08", "two"), False),
    "numerals_units": ("submission", "F09", {"basic_info"}, [], expected_counts("F09", "three"), False),
    "numerals_vague": ("submission", "F10", {"basic_info"}, ["non_numeric_count"],
                       expected_counts("F10", "two", unreadable=((0, 0), (1, 1))), False),
    "pdf_wrap_narrow": ("submission", "F11", {"basic_info"}, [], expected_counts("F11", "three"), False),
    "pdf_wrap_single_row": ("submission", "F12", {"basic_info"}, [], expected_counts("F12", "three"), False),
    "pdf_header_split": ("submission", "F13", {"basic_info"}, [], expected_counts("F13", "three"), False),
    "pdf_page_break": ("submission", "F14", {"basic_info"}, [], expected_counts("F14", "many"), False),
}
