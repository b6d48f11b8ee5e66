"""Documents as units really send them: Annex 1 workbooks and Word tables, work summaries,
statements on other competitions, 2025 application forms, and scanned score sheets (image-only
PDF or phone photo, signed by the 裁判长 or not)."""
from __future__ import annotations

import io
import random
from dataclasses import dataclass, field

FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
)


@dataclass
class Form:
    """The content of one Annex 1."""
    competition_name: str
    host: str
    organizer: str
    final_venue: str
    co_organizer: str = ""
    filler: str = ""
    rows: list = field(default_factory=list)      # (occupation, standard, time, groups, p1, p2, p3, c1, c2, c3)
    totals: tuple | None = None                   # as written; None = computed
    contact: tuple = ("", "", "", "")            # name, department, phone, email

    def total_row(self) -> tuple:
        if self.totals is not None:
            return self.totals
        out = []
        for i in range(4, 10):
            vals = [r[i] for r in self.rows]
            nums = [v for v in vals if isinstance(v, int)]
            out.append(sum(nums) if nums else "/")
        return tuple(out)

    def expected(self) -> dict:
        """BASIC_INFO as the contract defines it, for golden files."""
        def num(v):
            if isinstance(v, int):
                return v
            s = str(v).strip().translate(str.maketrans("０１２３４５６７８９", "0123456789"))
            s = s.removesuffix("人")
            return int(s) if s.isdigit() else None
        keys_p, keys_c = ("preliminary", "selection", "final"), ("senior_worker", "technician", "senior_technician")
        rows = [{"occupation": r[0], "standard": r[1], "time": r[2], "groups": r[3],
                 "participants": dict(zip(keys_p, map(num, r[4:7]))),
                 "certificates": dict(zip(keys_c, map(num, r[7:10])))} for r in self.rows]
        t = self.total_row()
        return {"competition_name": self.competition_name, "host": self.host, "co_organizer": self.co_organizer,
                "organizer": self.organizer, "final_venue": self.final_venue, "rows": rows,
                "totals": {"participants": dict(zip(keys_p, map(num, t[:3]))),
                           "certificates": dict(zip(keys_c, map(num, t[3:])))},
                "contact": dict(zip(("name", "department", "phone", "email"), self.contact))}


HEADER_1 = ["竞赛职业（工种）", "竞赛标准", "竞赛时间", "竞赛所设的组别", "参赛人数", None, None, "获技能等级证书人数", None, None]
HEADER_2 = [None, None, None, None, "初赛", "选拔赛", "决赛", "高级工", "技师", "高级技师"]


def annex1_xlsx(form: Form, separate_cells: bool = False, padding_rows: int = 1, extra_columns: bool = False,
                spaced_labels: bool = False) -> bytes:
    """The official layout; labels and values in one merged cell or in separate cells; optionally a
    序号 column in front and a 备注 column behind, and labels spaced out (联 系 人)."""
    import openpyxl
    pre, post = ([None], [None]) if extra_columns else ([], [])
    width = 10 + len(pre) + len(post)

    def label(text: str) -> str:
        return " ".join(text) if spaced_labels else text

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "附件1"
    ws.append(["附件1"])
    ws.append(["2024年自治区级职业技能竞赛基本情况表"])
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    ws.append([f"填报单位（盖章）：{form.filler or form.host}", None, None, None, None, None, "时间：2025年2月10日"])
    for name, value in (("竞赛名称", form.competition_name), ("主办单位", form.host), ("协办单位", form.co_organizer),
                        ("承办单位", form.organizer), ("决赛地点", form.final_venue)):
        if separate_cells:
            ws.append([label(name), value])
            ws.merge_cells(start_row=ws.max_row, start_column=2, end_row=ws.max_row, end_column=width)
        else:
            ws.append([f"{label(name)}：{value}"])
            ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=width)
    ws.append((["序号"] if extra_columns else []) + HEADER_1 + (["备注"] if extra_columns else []))
    top = ws.max_row
    ws.append(pre + HEADER_2 + post)
    first = 1 + len(pre)
    for c in [*range(1, first), *range(first, first + 4), *([width] if extra_columns else [])]:
        ws.merge_cells(start_row=top, start_column=c, end_row=top + 1, end_column=c)
    ws.merge_cells(start_row=top, start_column=first + 4, end_row=top, end_column=first + 6)
    ws.merge_cells(start_row=top, start_column=first + 7, end_row=top, end_column=first + 9)
    for i, row in enumerate(form.rows, 1):
        ws.append(([i] if extra_columns else []) + list(row) + (["线上+线下"] if extra_columns else []))
    for _ in range(padding_rows):
        ws.append([None] * width)
    ws.append((["合计", None] if extra_columns else ["合    计"]) + [None] * (3 if extra_columns else 3)
              + list(form.total_row()))
    name, dept, phone, mail = form.contact
    ws.append([f"{label('联系人')}：{name}", None, f"所在部门：{dept}", None, f"联系电话：{phone}", None, None,
               f"电子邮箱：{mail}"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def annex1_docx(form: Form) -> bytes:
    """A Word version: the header block as paragraphs, the grid as a table with merged headers."""
    import docx
    d = docx.Document()
    d.add_paragraph("附件1")
    d.add_paragraph("2024年自治区级职业技能竞赛基本情况表")
    d.add_paragraph(f"填报单位（盖章）：{form.filler or form.host}\u3000\u3000时间：2025年2月10日")
    for label, value in (("竞赛名称", form.competition_name), ("主办单位", form.host), ("协办单位", form.co_organizer),
                         ("承办单位", form.organizer), ("决赛地点", form.final_venue)):
        d.add_paragraph(f"{label}：{value}")
    t = d.add_table(rows=2, cols=10)
    t.style = "Table Grid"
    for c, text in enumerate(HEADER_1):
        if text:
            t.cell(0, c).text = text
    for c, text in enumerate(HEADER_2):
        if text:
            t.cell(1, c).text = text
    for c in range(4):
        t.cell(0, c).merge(t.cell(1, c))
    t.cell(0, 4).merge(t.cell(0, 6))
    t.cell(0, 7).merge(t.cell(0, 9))
    for row in [*form.rows, ("合    计", "", "", "", *form.total_row())]:
        cells = t.add_row().cells
        for c, value in enumerate(row):
            cells[c].text = "" if value is None else str(value)
    name, dept, phone, mail = form.contact
    d.add_paragraph(f"联系人：{name}\u3000\u3000所在部门：{dept}\u3000\u3000联系电话：{phone}\u3000\u3000电子邮箱：{mail}")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def prose_docx(title: str, paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    import docx
    d = docx.Document()
    d.add_heading(title, level=1)
    for p in paragraphs:
        d.add_paragraph(p)
    if table:
        t = d.add_table(rows=0, cols=len(table[0]))
        t.style = "Table Grid"
        for row in table:
            cells = t.add_row().cells
            for c, v in enumerate(row):
                cells[c].text = v
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def summary_docx(competition: str, unit: str, year: int = 2024) -> bytes:
    body = [
        f"根据通知要求，{unit}于{year}年成功举办了{competition}。现将有关情况总结如下：",
        "一、竞赛成果。本次竞赛共有来自全区各地的选手参加初赛，经过选拔，进入决赛的选手展现了较高的技能水平。",
        "二、技术分析。竞赛试题紧扣国家职业技能标准，理论知识与技能操作并重，选手在实际操作环节表现突出。",
        "三、经验做法。坚持以赛促学、以赛促训，组织专家团队命题，严格执行裁判员回避制度，确保竞赛公平公正。",
        "四、参加全国决赛成绩。选派优秀选手参加全国决赛，取得了较好成绩。",
        "五、存在问题。部分地区参赛积极性不高，竞赛宣传仍需加强，下一步将持续改进。",
    ]
    return prose_docx(f"关于{competition}的工作总结", body)


def other_competitions_docx(unit: str, count: int = 2) -> bytes:
    if count == 0:
        return prose_docx("自行开展的其它职业技能竞赛情况", [f"2024年，{unit}未自行开展其它职业技能竞赛。"])
    rows = [["序号", "竞赛名称", "竞赛职业（工种）", "举办时间", "参赛人数", "组织单位", "备注"]]
    for i in range(count):
        rows.append([str(i + 1), f"2024年{unit}岗位技能比武（第{i + 1}期）", "电工", "2024年9月", str(100 + i * 17), unit, ""])
    return prose_docx("自行开展的其它职业技能竞赛情况",
                      [f"2024年，{unit}结合行业实际自行组织开展了{count}项职业技能竞赛活动，具体情况如下："], rows)


def plan_2025_docx(unit: str, year: int = 2025) -> bytes:
    """Next year's plan application (sent here by mistake): `year` is the plan's year."""
    return prose_docx(f"{year}年自治区级职业技能竞赛申报表",
                      [f"申办单位（盖章）：{unit}", f"竞赛名称：{year}年广西某行业职业技能竞赛", "拟设竞赛职业（工种）：电工"])


WINNERS_HEADER = ["序号", "姓名", "工作单位", "竞赛职业（工种）", "名次", "奖项"]


def winners_list_xlsx(competition: str, unit: str, people: int = 6, title: str = "获奖选手名单") -> bytes:
    """The winners' list a later campaign asks for: a title, then one row per winner."""
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([f"{competition}{title}"])
    ws.append([f"主办单位（盖章）：{unit}"])
    ws.append(WINNERS_HEADER)
    surnames = "韦黄莫梁覃陆蒙李"
    for i in range(people):
        award = "一等奖" if i == 0 else "二等奖" if i < 3 else "三等奖"
        ws.append([i + 1, f"{surnames[i % len(surnames)]}{'明华强丽军芳'[i % 6]}", f"{unit}下属单位{i + 1}", "电工", i + 1, award])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _font(size: int):
    from PIL import ImageFont
    for path in FONT_CANDIDATES:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    raise RuntimeError("no CJK font installed (Debian package fonts-noto-cjk)")


SHEET_LAYOUTS = {
    # title, column heads, footer labels (the first is the chief referee's)
    "standard": ("{occ}（职工组）决赛成绩汇总表", ["序号", "参赛证号", "姓名", "参赛单位", "理论知识", "技能操作", "综合成绩", "名次"],
                 ("裁判长（签字）：", "监督员（签字）", "记分员（签字）：")),
    "ranking": ("{occ}赛项决赛选手得分排名", ["排名", "选手编号", "选手", "代表队", "实操得分", "理论得分", "总分", "备注"],
                ("裁判长：", "裁判员：", "核分人：")),
    "results": ("{occ}项目决赛结果", ["序号", "考号", "参赛人员", "所在单位", "模块一", "模块二", "合计分", "等次"],
                ("裁判长签名：", "仲裁：", "制表：")),
}


def score_sheet_image(competition: str, occupation: str, signed: bool | None, people: int = 12,
                      seed: int = 1, rotate: float = 0.4, layout: str = "standard"):
    """A scanned final score sheet page. signed: True (ink after 裁判长), False (blank line), None (no
    line). layout: one of SHEET_LAYOUTS (the title, column heads and footer labels units use)."""
    from PIL import Image, ImageDraw, ImageFilter
    rnd = random.Random(seed)
    w, h = 1191, 1684
    img = Image.new("L", (w, h), 250)
    dr = ImageDraw.Draw(img)
    title, head, cell = _font(34), _font(26), _font(22)
    dr.text((w / 2, 90), competition, font=title, fill=20, anchor="mm")
    title_line, heads, footer = SHEET_LAYOUTS[layout]
    dr.text((w / 2, 140), title_line.format(occ=occupation), font=title, fill=20, anchor="mm")
    dr.text((70, 190), "竞赛时间：2024年10月12日   竞赛地点：南宁市", font=cell, fill=30)
    cols = [70, 150, 270, 400, 640, 780, 920, 1050, 1120]
    y = 240
    row_h = 48
    surnames = "陈李黄韦覃莫蓝梁刘农"
    given = "伟芳敏静丽强磊军洋勇艳杰娟涛明超"
    for i in range(people + 1):
        dr.line((cols[0], y, cols[-1], y), fill=10, width=2)
        values = heads if i == 0 else [str(i), f"{rnd.randint(100000, 999999)}",
                                       rnd.choice(surnames) + rnd.choice(given) + rnd.choice(given),
                                       rnd.choice(["南宁市代表队", "柳州市代表队", "桂林市代表队"]),
                                       f"{rnd.uniform(55, 98):.1f}", f"{rnd.uniform(55, 98):.1f}",
                                       f"{rnd.uniform(55, 98):.2f}", str(i)]
        for c, v in enumerate(values):
            dr.text(((cols[c] + cols[c + 1]) / 2, y + row_h / 2), v, font=head if i == 0 else cell, fill=15, anchor="mm")
        y += row_h
    dr.line((cols[0], y, cols[-1], y), fill=10, width=2)
    for x in cols:
        dr.line((x, 240, x, y), fill=10, width=2)
    y += 60
    if signed is None:
        dr.text((70, y), "制表人：", font=head, fill=20)
        dr.text((600, y), "审核：", font=head, fill=20)
    else:
        dr.text((70, y), footer[0], font=head, fill=20)
        dr.text((600, y), footer[1], font=head, fill=20)
        dr.text((70, y + 80), footer[2], font=head, fill=20)
        dr.text((600, y + 80), "日期：2024年10月12日", font=head, fill=20)
        if signed:
            pts = [(290 + k * 14, y + 18 + rnd.randint(-14, 14)) for k in range(16)]
            dr.line(pts, fill=5, width=4)
            pts = [(800 + k * 12, y + 18 + rnd.randint(-12, 12)) for k in range(14)]
            dr.line(pts, fill=5, width=4)
    for _ in range(300):
        dr.point((rnd.randrange(w), rnd.randrange(h)), fill=rnd.randint(0, 120))
    img = img.rotate(rotate, fillcolor=250, resample=Image.BICUBIC).filter(ImageFilter.GaussianBlur(0.6))
    return img


@dataclass(frozen=True)
class Footer:
    """How a unit lays out the signature lines under its score table (what score_sheet_image does not vary)."""
    label: str = "裁判长（签字）："          # the chief referee's label as printed
    others: tuple = ("监督员（签字）：", "记分员（签字）：")
    size: int = 26                         # font size of the labels, pixels at 144 dpi
    signed: bool = True
    gap: int = 15                          # from the end of the label to the first stroke
    strokes: int = 12                      # points of the scribble
    amplitude: float = 0.5                 # of the scribble, as a share of the font size (small: a flat signature)
    pen: int = 3
    underline: bool = False                # a ruled line to sign on after the label
    borders: bool = True                   # the table has column borders
    rotate: float = 0.3
    scale: float = 1.0                     # a page scanned at another resolution
    others_signed: bool = False            # the 监督员 and 记分员 signed after their labels
    seal: str = ""                         # "red" / "grey": a round seal stamped over the 监督员 label
    seal_on_signer: bool = False           # the seal stamped right after the chief referee's label instead
    run_on: int = 0                        # the scribble runs this many pixels into the next label
    one_line: bool = False                 # the three labels side by side on one line, each with its line to sign on


def score_footer_page(footer: Footer, seed: int = 1) -> bytes:
    """A scanned score page (PNG) whose footer is laid out as `footer` says."""
    from PIL import Image, ImageDraw, ImageFilter
    rnd = random.Random(seed)
    w, h = 1191, 1684
    mode = "RGB" if footer.seal == "red" else "L"          # a page with a red seal is scanned in colour
    img = Image.new(mode, (w, h), (248,) * 3 if mode == "RGB" else 248)
    dr = ImageDraw.Draw(img)
    cell = _font(22)
    y = 200
    for i in range(12):
        dr.line((70, y, 1120, y), fill=_ink(img, 10), width=2)
        dr.text((100, y + 12), f"{i + 1}  {rnd.randint(100000, 999999)}  南宁市代表队  {rnd.uniform(50, 99):.1f}",
                font=cell, fill=_ink(img, 15))
        y += 48
    dr.line((70, y, 1120, y), fill=_ink(img, 10), width=2)
    if footer.borders:
        for x in (70, 300, 700, 1120):
            dr.line((x, 200, x, y), fill=_ink(img, 10), width=2)
    img = draw_footer(img, footer, y + 70, rnd)
    dr = ImageDraw.Draw(img)
    for _ in range(300):
        dr.point((rnd.randrange(w), rnd.randrange(h)), fill=_ink(img, rnd.randint(0, 120)))
    img = img.rotate(footer.rotate, fillcolor=_ink(img, 248), resample=Image.BICUBIC).filter(ImageFilter.GaussianBlur(0.5))
    if footer.scale != 1.0:
        img = img.resize((int(w * footer.scale), int(h * footer.scale)))
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


def draw_footer(img, footer: Footer, y: int, rnd: random.Random, x0: int = 70, x_other: int = 600):
    """The signature lines under a score table, from row y: the chief referee's label at x0 and the next
    label at x_other, the second line under them; what is written and stamped there as `footer` says.
    Returns the image (a new one when a seal was stamped)."""
    from PIL import Image, ImageDraw
    if footer.one_line:
        return _draw_one_line(img, footer, y, rnd, x0)
    dr = ImageDraw.Draw(img)
    font = _font(footer.size)
    dr.text((x0, y), footer.label, font=font, fill=_ink(img, 20))
    dr.text((x_other, y), footer.others[0], font=font, fill=_ink(img, 20))
    dr.text((x0, y + 80), footer.others[1], font=font, fill=_ink(img, 20))
    end = x0 + dr.textlength(footer.label, font=font)
    if footer.underline:
        dr.line((end + 4, y + footer.size + 4, x_other - 30, y + footer.size + 4), fill=_ink(img, 30), width=2)
    swing = max(1, int(footer.size * footer.amplitude))
    if footer.signed:
        strokes = footer.strokes
        if footer.run_on:                    # on past the gap, into the next label
            strokes = max(strokes, int((x_other + footer.run_on - end - footer.gap) / 12) + 1)
        points = [(end + footer.gap + k * 12, y + footer.size // 2 + rnd.randint(-swing, swing))
                  for k in range(strokes)]
        dr.line(points, fill=_ink(img, 5), width=footer.pen)
    if footer.others_signed:
        for label, (x, yy) in zip(footer.others, ((x_other, y), (x0, y + 80))):
            start = x + dr.textlength(label, font=font) + 12
            dr.line([(start + k * 12, yy + footer.size // 2 + rnd.randint(-swing - 3, swing + 3)) for k in range(11)],
                    fill=_ink(img, 5), width=footer.pen)
    if footer.seal:                          # stamped: the print shows through the seal's ink
        from PIL import ImageChops
        stamp = Image.new(img.mode, img.size, _ink(img, 248))
        x_seal = end + 2.5 * footer.size if footer.seal_on_signer else x_other + 60
        _seal(ImageDraw.Draw(stamp), (x_seal + rnd.randint(-20, 20), y + footer.size // 2 + rnd.randint(-10, 10)),
              footer.size * rnd.uniform(2.6, 3.8), (205, 40, 45) if footer.seal == "red" else _ink(img, 120), rnd)
        img = ImageChops.multiply(img, stamp)
        dr = ImageDraw.Draw(img)
    return img


def _draw_one_line(img, footer: Footer, y: int, rnd: random.Random, x0: int):
    """裁判长：＿＿＿ 监督员：＿＿＿ 记分员：＿＿＿ across the page, each label with its own ruled line; the
    chief referee signs on the first line when `signed`, the others on theirs when `others_signed`, in
    tall loops that cross the line as people sign."""
    from PIL import ImageDraw
    dr = ImageDraw.Draw(img)
    font = _font(footer.size)
    span = img.width - 2 * x0
    xs = [x0 + span * k // 3 for k in range(3)] + [x0 + span]
    swing = max(1, int(footer.size * footer.amplitude))
    base = y + footer.size + 4
    for k, label in enumerate((footer.label, *footer.others)):
        dr.text((xs[k], y), label, font=font, fill=_ink(img, 20))
        end = xs[k] + dr.textlength(label, font=font)
        if footer.underline:
            dr.line((end + 4, base, xs[k + 1] - 24, base), fill=_ink(img, 30), width=2)
        if footer.signed if k == 0 else footer.others_signed:
            n = max(5, min(footer.strokes, int((xs[k + 1] - 60 - end - footer.gap) / 12)))
            dr.line([(end + footer.gap + i * 12, base - footer.size // 2 + rnd.randint(-swing, swing)) for i in range(n)],
                    fill=_ink(img, 5), width=footer.pen)
    return img


def _ink(img, level: int):
    """A grey level in the image's mode (a page with a red seal is scanned in colour)."""
    return (level, level, level) if img.mode == "RGB" else level


def _seal(dr, centre: tuple, radius: float, colour, rnd: random.Random) -> None:
    """A unit's round seal: a double ring, a star in the middle, the unit's name along the upper arc."""
    import math
    x, y = centre
    for r, width in ((radius, 5), (radius - 8, 2)):
        dr.ellipse((x - r, y - r, x + r, y + r), outline=colour, width=width)
    star = [(x + (radius * (0.3 if k % 2 == 0 else 0.12)) * math.cos(math.pi / 2 + k * math.pi / 5),
             y - (radius * (0.3 if k % 2 == 0 else 0.12)) * math.sin(math.pi / 2 + k * math.pi / 5)) for k in range(10)]
    dr.polygon(star, fill=colour)
    font = _font(int(radius * 0.26))
    name = "广西职业技能竞赛组委会"
    for k, ch in enumerate(name):
        angle = math.pi * (1.25 - 1.5 * k / (len(name) - 1))
        cx, cy = x + 0.72 * radius * math.cos(angle), y - 0.72 * radius * math.sin(angle)
        dr.text((cx, cy), ch, font=font, fill=colour, anchor="mm")
    dr.text((x, y + 0.5 * radius), "专用章", font=font, fill=colour, anchor="mm")
    for _ in range(int(radius * 3)):             # the stamp's ink is uneven: paper shows through
        dr.point((x + rnd.uniform(-radius, radius), y + rnd.uniform(-radius, radius)), fill=_paper(colour))


def _paper(colour):
    return (248, 248, 248) if isinstance(colour, tuple) else 248


def scanned_pdf(images) -> bytes:
    out = io.BytesIO()
    first, *rest = [im.convert("RGB") for im in images]
    first.save(out, format="PDF", save_all=True, append_images=rest, resolution=144)
    return out.getvalue()


def photo_jpeg(image) -> bytes:
    out = io.BytesIO()
    image.convert("RGB").save(out, format="JPEG", quality=80)
    return out.getvalue()


def annex1_html(form: Form) -> str:
    """The Annex 1 pasted into a mail body as an HTML table (as webmail editors do)."""
    def tr(cells, tag="td"):
        return "<tr>" + "".join(f"<{tag}>{'' if c is None else c}</{tag}>" for c in cells) + "</tr>"
    head = "".join(f"<p>{label}：{value}</p>" for label, value in (
        ("竞赛名称", form.competition_name), ("主办单位", form.host), ("协办单位", form.co_organizer),
        ("承办单位", form.organizer), ("决赛地点", form.final_venue)))
    rows = [tr(["竞赛职业（工种）", "竞赛标准", "竞赛时间", "竞赛所设的组别", "初赛", "选拔赛", "决赛", "高级工", "技师", "高级技师"], "th")]
    rows += [tr(r) for r in form.rows] + [tr(["合计", "", "", "", *form.total_row()])]
    name, dept, phone, mail = form.contact
    return (f"<html><body><p>2024年自治区级职业技能竞赛基本情况表</p>{head}<table border=1>{''.join(rows)}</table>"
            f"<p>联系人：{name}　所在部门：{dept}　联系电话：{phone}　电子邮箱：{mail}</p></body></html>")


def annex1_html_spans(form: Form) -> str:
    """The whole Annex 1 as one HTML table, as Word or WPS paste it into a webmail editor: label rows
    whose value spans the width, the two-row header (rowspan/colspan), 合计 spanning the first four
    columns, and an occupation whose rows share one merged cell."""
    def cell(text, rowspan=1, colspan=1, tag="td"):
        span = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (f' colspan="{colspan}"' if colspan > 1 else "")
        return f"<{tag}{span}>{'' if text is None else text}</{tag}>"
    rows = [f"<tr>{cell('2024年自治区级职业技能竞赛基本情况表', colspan=10, tag='th')}</tr>"]
    for label, value in (("竞赛名称", form.competition_name), ("主办单位", form.host), ("协办单位", form.co_organizer),
                         ("承办单位", form.organizer), ("决赛地点", form.final_venue)):
        rows.append(f"<tr>{cell(label, colspan=2)}{cell(value, colspan=8)}</tr>")
    rows.append("<tr>" + "".join(cell(t, rowspan=2, tag="th") for t in ("竞赛职业（工种）", "竞赛标准", "竞赛时间", "竞赛所设的组别"))
                + cell("参赛人数", colspan=3, tag="th") + cell("获技能等级证书人数", colspan=3, tag="th") + "</tr>")
    rows.append("<tr>" + "".join(cell(t, tag="th") for t in ("初赛", "选拔赛", "决赛", "高级工", "技师", "高级技师")) + "</tr>")
    previous = None
    for i, r in enumerate(form.rows):
        same = sum(1 for x in form.rows[i:] if x[0] == r[0]) if r[0] != previous else 0
        first = cell(r[0], rowspan=same) if r[0] != previous else ""
        rows.append("<tr>" + first + "".join(cell(v) for v in r[1:]) + "</tr>")
        previous = r[0]
    rows.append("<tr>" + cell("合计", colspan=4) + "".join(cell(v) for v in form.total_row()) + "</tr>")
    name, dept, phone, mail = form.contact
    rows.append(f"<tr>{cell('联系人')}{cell(name)}{cell('所在部门')}{cell(dept, colspan=2)}{cell('联系电话')}"
                f"{cell(phone, colspan=2)}{cell('电子邮箱')}{cell(mail)}</tr>")
    return (f"<html><body><div>您好，基本情况表如下：</div><table border=\"1\" cellspacing=\"0\">{''.join(rows)}</table>"
            "<div>请查收。</div></body></html>")


def annex1_image(form: Form, seed: int = 3, rotate: float = 0.3):
    """A photographed / scanned Annex 1: header lines, the grid with its two-row header, contacts."""
    from PIL import Image, ImageDraw, ImageFilter
    rnd = random.Random(seed)
    w, h = 1684, 1191                                  # landscape A4, as the form is printed
    img = Image.new("L", (w, h), 248)
    dr = ImageDraw.Draw(img)
    big, mid, small = _font(34), _font(24), _font(20)
    dr.text((w / 2, 60), "2024年自治区级职业技能竞赛基本情况表", font=big, fill=15, anchor="mm")
    y = 110
    dr.text((60, y), f"填报单位（盖章）：{form.filler or form.host}", font=mid, fill=15)
    dr.text((1200, y), "时间：2025年2月10日", font=mid, fill=15)
    for label, value in (("竞赛名称", form.competition_name), ("主办单位", form.host), ("协办单位", form.co_organizer),
                         ("承办单位", form.organizer), ("决赛地点", form.final_venue)):
        y += 42
        dr.text((60, y), f"{label}：{value}", font=mid, fill=15)
    cols = [60, 250, 560, 760, 960, 1060, 1170, 1270, 1380, 1480, 1620]
    y += 60
    top = y
    row_h = 56
    dr.text(((cols[4] + cols[7]) / 2, y + row_h / 2), "参赛人数", font=small, fill=15, anchor="mm")
    dr.text(((cols[7] + cols[10]) / 2, y + row_h / 2), "获技能等级证书人数", font=small, fill=15, anchor="mm")
    for c, label in enumerate(["竞赛职业（工种）", "竞赛标准", "竞赛时间", "竞赛所设的组别"]):
        dr.text(((cols[c] + cols[c + 1]) / 2, y + row_h), label, font=small, fill=15, anchor="mm")
    y += row_h
    for c, label in enumerate(["初赛", "选拔赛", "决赛", "高级工", "技师", "高级技师"], start=4):
        dr.text(((cols[c] + cols[c + 1]) / 2, y + row_h / 2), label, font=small, fill=15, anchor="mm")
    y += row_h
    for row in [*form.rows, ("合计", "", "", "", *form.total_row())]:
        for c, value in enumerate(row):
            text = "" if value is None else str(value)
            dr.text(((cols[c] + cols[c + 1]) / 2, y + row_h / 2), text, font=small, fill=15, anchor="mm")
        y += row_h
    for yy in range(top, y + 1, row_h):
        dr.line((cols[0], yy, cols[-1], yy), fill=20, width=2)
    for x in cols:
        dr.line((x, top, x, y), fill=20, width=2)
    name, dept, phone, mail = form.contact
    dr.text((60, y + 30), f"联系人：{name}　　所在部门：{dept}　　联系电话：{phone}　　电子邮箱：{mail}", font=mid, fill=15)
    for _ in range(400):
        dr.point((rnd.randrange(w), rnd.randrange(h)), fill=rnd.randint(0, 120))
    return img.rotate(rotate, fillcolor=248, resample=Image.BICUBIC).filter(ImageFilter.GaussianBlur(0.5))
