"""Score sheets as phones and scanners really deliver them: turned photos and pages, and signature
lines a clerk reads at a glance but a measuring rule gets wrong.

`build()` makes one mailbox for its own small roster (entries W01-W08), three or four mails of each
class, every sheet under a file name that says nothing (IMG_…, 扫描件…): the class comes from the
content. `EXPECT` is what a careful clerk concludes from each mail. `python -m samples --set wave-scans
OUT` writes them; tests/test_wave_scans.py runs them through the whole pipeline.

| class | what varies |
|---|---|
| photo_exif_orientation | a phone photo stored on its side or upside down with the EXIF Orientation tag (6, 8, 3) that turns it |
| photo_turned_pixels | a photo or scan whose pixels lie turned (90°, 270°, 180°) with no tag, or with a tag left over after a program turned them |
| pdf_turned_page | an image-only PDF whose page lies on its side: the scan's pixels turned, the page's /Rotate set, the signed second page turned |
| blank_chief_seal | the 裁判长 line blank, the 监督员 and 记分员 signed, a round seal (red or grey) stamped over the 监督员 label: unsigned |
| scribble_into_label | the 裁判长's scribble runs on into the next label (监督员, 记分员): signed |
| short_wide_stroke | the 裁判长 signed with one short, flat, broad stroke: signed |
| signed_scan_noise_tilt | a signed sheet scanned badly: tilted one to two degrees, specks, blur, a grey or yellowed background, low resolution, heavy JPEG |
| one_line_signers | the three signer labels side by side on one line, each with its own line to sign on, the others signed in tall loops across their lines; the 裁判长 signed or the 裁判长's line left blank |
| phone_photo_angle_light | a full-size phone photo (12 MP) taken at a slight angle (perspective, a turn of a few degrees) in uneven light (a shadow, a lamp's tint, a dark or pale desk), stored with EXIF 6, 8 or 3 or with its pixels turned |
"""
from __future__ import annotations

import functools
import io
import random

from . import documents as d
from .documents import Footer
from .mails import Attachment, Mail, render

ROSTER = [
    ("W01", "2024年广西扫描件交通运输行业职业技能竞赛", "自治区扫描交通运输厅", "汽车维修工", "自治区级二类", "农海", "0771-5910001", "nonghai@smjt.gx.example"),
    ("W02", "2024年广西扫描件水利行业职业技能竞赛", "自治区扫描水利厅", "河道修防工", "自治区级二类", "岑红", "0771-5910002", "cenhong@smsl.gx.example"),
    ("W03", "2024年广西扫描件邮政行业职业技能竞赛", "广西扫描邮政管理局", "快递员", "自治区级二类", "滕飞", "0771-5910003", "tengfei@smyz.gx.example"),
    ("W04", "2024年广西扫描件民政行业职业技能竞赛", "自治区扫描民政厅", "养老护理员", "自治区级二类", "骆敏", "0771-5910004", "luomin@smmz.gx.example"),
    ("W05", "2024年广西扫描件冶金行业职业技能竞赛", "广西扫描冶金集团有限公司", "电焊工", "自治区级二类", "凌志", "0771-5910005", "lingzhi@smyj.example.cn"),
    ("W06", "2024年广西扫描件文旅行业职业技能竞赛", "自治区扫描文化和旅游厅", "导游", "自治区级二类", "廖娟", "0771-5910006", "liaojuan@smwl.gx.example"),
    ("W07", "2024年广西扫描件供销行业职业技能竞赛", "广西扫描供销合作联社", "农产品经纪人", "自治区级二类", "容军", "0771-5910007", "rongjun@smgx.gx.example"),
    ("W08", "2024年广西扫描件林业行业职业技能竞赛", "自治区扫描林业局", "林业有害生物防治员", "自治区级二类", "班婷", "0771-5910008", "banting@smly.gx.example"),
    ("W09", "2024年广西扫描件机械行业职业技能竞赛", "广西扫描机械工业联合会", "车工", "自治区级二类", "韦成", "0771-5910009", "weicheng@smjx.example.cn"),
]
_BY_ID = {r[0]: r for r in ROSTER}

# title, column heads, the 裁判长's label, the two other labels
LAYOUTS = [
    ("{occ}决赛成绩汇总表", ["序号", "姓名", "参赛单位", "理论", "实操", "总成绩", "名次"],
     "裁判长（签字）：", ("监督员（签字）：", "记分员（签字）：")),
    ("{occ}项目决赛成绩登记表", ["名次", "选手姓名", "代表队", "理论知识", "技能操作", "得分"],
     "裁判长签名：", ("监督员签名：", "记分员签名：")),
    ("{comp}决赛成绩", ["序号", "参赛选手", "所在单位", "成绩", "排名"],
     "裁判长：", ("监督员：", "计分员：")),
]
SURNAMES = "覃韦黄莫陆梁蒙农廖滕"
GIVEN = "春秋海燕丽军华明芳勇"


def sheet_page(rid: str, footer: Footer | None, seed: int, layout: int = 0, people: int = 10):
    """A printed final score sheet of the entry's competition (PIL image, A4 at 144 dpi), its footer
    drawn as `footer` says (with the layout's labels); None: a first page, the table goes on."""
    from PIL import Image, ImageDraw
    rnd = random.Random(seed)
    comp, occ = _BY_ID[rid][1], _BY_ID[rid][3].split("、")[0]
    title, heads, label, others = LAYOUTS[layout]
    w, h = 1191, 1684
    img = Image.new("RGB", (w, h), (250, 250, 250))
    dr = ImageDraw.Draw(img)
    dr.text((w / 2, 90), comp, font=_font(32), fill=(20, 20, 20), anchor="mm")
    dr.text((w / 2, 140), title.format(occ=occ, comp=occ + "赛项"), font=_font(32), fill=(20, 20, 20), anchor="mm")
    left, right, top, row = 80, 1110, 200, 50
    cols = [left + (right - left) * k // len(heads) for k in range(len(heads) + 1)]
    for i in range(people + 1):
        y = top + i * row
        cells = heads if i == 0 else _row(heads, i, rnd)
        for c, text in enumerate(cells):
            dr.text(((cols[c] + cols[c + 1]) / 2, y + row / 2), text, font=_font(24 if i == 0 else 22),
                    fill=(15, 15, 15), anchor="mm")
    bottom = top + (people + 1) * row
    for i in range(people + 2):
        dr.line((left, top + i * row, right, top + i * row), fill=(10, 10, 10), width=2)
    for x in cols:
        dr.line((x, top, x, bottom), fill=(10, 10, 10), width=2)
    if footer is not None:
        footer = Footer(**{**footer.__dict__, "label": label, "others": others})
        img = d.draw_footer(img, footer, bottom + 70, rnd, x0=left, x_other=620)
    return img.convert("RGB")


@functools.lru_cache(maxsize=8)
def _font(size: int):
    return d._font(size)


def _row(heads: list[str], i: int, rnd: random.Random) -> list[str]:
    out = []
    for head in heads:
        if head in ("序号", "名次", "排名"):
            out.append(str(i))
        elif "姓名" in head or "选手" in head:
            out.append(rnd.choice(SURNAMES) + rnd.choice(GIVEN) + rnd.choice(GIVEN))
        elif "单位" in head or "代表队" in head:
            out.append(rnd.choice(["南宁市代表队", "柳州市代表队", "梧州市代表队", "百色市代表队"]))
        else:
            out.append(f"{rnd.uniform(60, 98):.1f}")
    return out


def scanned(img, seed: int, tilt: float = 0.3, specks: int = 300, blur: float = 0.5, scale: float = 1.0,
            background: tuple = (250, 250, 250)):
    """What a flatbed scanner makes of the page."""
    from PIL import Image, ImageDraw, ImageFilter
    rnd = random.Random(seed)
    img = img.copy()
    dr = ImageDraw.Draw(img)
    for _ in range(specks):
        v = rnd.randint(0, 120)
        dr.point((rnd.randrange(img.width), rnd.randrange(img.height)), fill=(v, v, v))
    if background != (250, 250, 250):
        from PIL import ImageChops
        img = ImageChops.multiply(img, Image.new("RGB", img.size, background))
    img = img.rotate(tilt, fillcolor=background, resample=Image.BICUBIC).filter(ImageFilter.GaussianBlur(blur))
    if scale != 1.0:
        img = img.resize((int(img.width * scale), int(img.height * scale)))
    return img


def photographed(img, seed: int):
    """A phone photo of the page on a desk: a margin of desk, a slight tilt, light falling off."""
    import numpy as np
    from PIL import Image, ImageFilter
    rnd = random.Random(seed)
    desk = (rnd.randint(90, 140), rnd.randint(75, 110), rnd.randint(55, 85))
    out = Image.new("RGB", (img.width + 160, img.height + 200), desk)
    out.paste(img, (80 + rnd.randint(-20, 20), 100 + rnd.randint(-20, 20)))
    out = out.rotate(rnd.uniform(-1.5, 1.5), fillcolor=desk, resample=Image.BICUBIC)
    light = np.linspace(1.0, rnd.uniform(0.8, 0.9), out.height)[:, None, None]
    out = Image.fromarray((np.asarray(out) * light).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.7))
    return out.resize((out.width * 9 // 10, out.height * 9 // 10))


def phone_photo(img, seed: int, size: tuple = (3024, 4032), fill: float = 0.8, skew: float = 3.0,
                lamp: tuple = (1.0, 1.0, 1.0), shadow: float = 0.35, hard_shadow: bool = False, desk=None):
    """A full-size phone photo of the page held at a slight angle (`skew` degrees of perspective and a
    turn of up to three degrees), the page `fill` of the frame's width on a desk (`desk`: its colour),
    light falling off across it, a shadow (soft, or the hard edge of the phone's and hand's shadow),
    the lamp's tint (`lamp`: each channel's share) and the sensor's noise."""
    import cv2
    import numpy as np
    from PIL import Image, ImageFilter
    rnd = random.Random(seed)
    width, height = size
    desk = np.array(desk or [rnd.randint(80, 150), rnd.randint(70, 120), rnd.randint(50, 90)], np.float32)
    src = np.asarray(img.convert("RGB"), np.float32)
    h, w = src.shape[:2]
    pw = width * fill
    ph = min(pw * h / w, height * 0.95)
    pw = ph * w / h
    k = np.tan(np.radians(skew))
    dx, dy = pw * k * rnd.choice([-1, 1]), ph * k * 0.3
    corners = np.array([[-pw / 2 + dx / 2, -ph / 2], [pw / 2 - dx / 2, -ph / 2 + dy], [pw / 2 + dx / 4, ph / 2],
                        [-pw / 2 - dx / 4, ph / 2 - dy]])
    turn = np.radians(rnd.uniform(-3, 3))
    rotation = np.array([[np.cos(turn), -np.sin(turn)], [np.sin(turn), np.cos(turn)]])
    centre = [width / 2 + rnd.uniform(-0.04, 0.04) * width, height / 2 + rnd.uniform(-0.03, 0.03) * height]
    matrix = cv2.getPerspectiveTransform(np.float32([[0, 0], [w, 0], [w, h], [0, h]]),
                                         (corners @ rotation.T + centre).astype(np.float32))
    out = cv2.warpPerspective(src, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=desk.tolist())
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    light = 1.0 - rnd.uniform(0.15, 0.35) * (xx / width if rnd.random() < 0.5 else yy / height)
    if hard_shadow:
        edge = rnd.uniform(0.25, 0.6) * width
        light *= 1.0 - shadow / (1 + np.exp(-(edge - xx - 0.3 * yy) / 40.0))
    else:
        sx, sy, sr = rnd.uniform(0, width), rnd.uniform(0, height), rnd.uniform(0.25, 0.45) * width
        light *= 1.0 - shadow * np.exp(-((xx - sx) ** 2 + (yy - sy) ** 2) / (2 * sr ** 2))
    del xx, yy
    out *= light[..., None] * np.array(lamp, np.float32)
    out += np.random.default_rng(seed).normal(0, 6, out.shape).astype(np.float32)
    return Image.fromarray(np.clip(out, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(1.2))


def jpeg(img, orientation: int = 0, quality: int = 82) -> bytes:
    """JPEG bytes, with an EXIF Orientation tag when one is given."""
    from PIL import Image
    out = io.BytesIO()
    extra = {}
    if orientation:
        exif = Image.Exif()
        exif[0x0112] = orientation
        extra["exif"] = exif.tobytes()
    img.convert("RGB").save(out, format="JPEG", quality=quality, **extra)
    return out.getvalue()


def png(img) -> bytes:
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


# how a phone stores a page for each Orientation tag: the pixels turned so that the tag turns them back
STORED_FOR_TAG = {6: 90, 8: 270, 3: 180}


def turned(img, degrees: int):
    """The image turned counter-clockwise by a multiple of 90 degrees."""
    from PIL import Image
    ops = {90: Image.Transpose.ROTATE_90, 180: Image.Transpose.ROTATE_180, 270: Image.Transpose.ROTATE_270}
    return img.transpose(ops[degrees]) if degrees in ops else img


def pdf_with_rotation(images, rotate: dict[int, int] | None = None) -> bytes:
    """An image-only PDF; `rotate` sets a page's /Rotate (page index -> degrees clockwise)."""
    data = d.scanned_pdf(images)
    if not rotate:
        return data
    import pypdfium2
    pdf = pypdfium2.PdfDocument(data)
    try:
        for index, degrees in rotate.items():
            pdf[index].set_rotation(degrees)
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()
    finally:
        pdf.close()


SIGNED = Footer(strokes=12, amplitude=0.5, pen=3, gap=14, rotate=0)
BLANK = Footer(signed=False, rotate=0)


def _mail(rid: str, subject: str, body: str, name: str, data: bytes, n: int) -> Mail:
    r = _BY_ID[rid]
    return Mail(r[7], r[5], subject, body, [Attachment(name, data, style="ascii" if name.isascii() else "rfc2047-gb2312")],
                message_id=f"<{rid.lower()}-{n}@wave-scans.example>")


def build() -> list[tuple[str, bytes]]:
    out: list[tuple[str, bytes]] = []

    def add(slug: str, rid: str, subject: str, body: str, name: str, data: bytes) -> None:
        out.append((f"{len(out) + 1:03d}-{slug}.eml", render(_mail(rid, subject, body, name, data, len(out) + 1))))

    # turned photos: the EXIF tag turns the stored pixels back
    for n, (tag, layout, signed) in enumerate([(6, 0, True), (8, 1, True), (3, 2, False)], 1):
        page = photographed(sheet_page("W01", SIGNED if signed else BLANK, seed=100 + n, layout=layout), seed=n)
        add(f"photo_exif_orientation_{n}", "W01", "决赛成绩单（手机拍照）", "成绩单拍照发送，请查收。",
            f"IMG_20250211_09301{n}.jpg", jpeg(turned(page, STORED_FOR_TAG[tag]), orientation=tag))
    # turned pixels, no tag (or a stale one)
    page = photographed(sheet_page("W02", SIGNED, seed=201, layout=1), seed=11)
    add("photo_turned_pixels_1", "W02", "成绩单", "您好，成绩单见附件。", "微信图片_20250212101530.jpg", jpeg(turned(page, 90)))
    page = scanned(sheet_page("W02", SIGNED, seed=202, layout=2), seed=12)
    add("photo_turned_pixels_2", "W02", "成绩单扫描", "扫描件见附件。", "扫描件002.png", png(turned(page, 270)))
    page = photographed(sheet_page("W02", BLANK, seed=203, layout=0), seed=13)
    add("photo_turned_pixels_3", "W02", "补发成绩单照片", "照片已转正后发送。", "IMG_20250212_111500.jpg",
        jpeg(page, orientation=6))               # turned upright by a program that kept the tag
    page = photographed(sheet_page("W02", SIGNED, seed=204, layout=1), seed=14)
    add("photo_turned_pixels_4", "W02", "成绩单（倒置）", "请查收。", "IMG_20250212_113000.jpg", jpeg(turned(page, 180)))
    # image-only PDFs with a page on its side
    page = scanned(sheet_page("W03", SIGNED, seed=301, layout=0), seed=21)
    add("pdf_turned_page_1", "W03", "决赛成绩扫描件", "扫描件请查收。", "扫描件001.pdf", d.scanned_pdf([turned(page, 90)]))
    page = scanned(sheet_page("W03", SIGNED, seed=302, layout=1), seed=22)
    add("pdf_turned_page_2", "W03", "决赛成绩扫描件", "附件为扫描件。", "doc20250213.pdf", pdf_with_rotation([page], {0: 90}))
    first = scanned(sheet_page("W03", None, seed=303, layout=2, people=14), seed=23)
    signed = scanned(sheet_page("W03", SIGNED, seed=304, layout=2, people=6), seed=24)
    add("pdf_turned_page_3", "W03", "决赛成绩（两页）", "两页扫描件。", "scan_0213.pdf",
        d.scanned_pdf([first, turned(signed, 270)]))
    # the 裁判长 line blank; the others signed and a seal over the 监督员 label
    for n, (seal, layout, make) in enumerate([("red", 0, "photo"), ("grey", 1, "pdf"), ("red", 2, "png")], 1):
        footer = Footer(signed=False, others_signed=True, seal=seal, rotate=0)
        page = sheet_page("W04", footer, seed=400 + n, layout=layout)
        data = (jpeg(photographed(page, seed=40 + n)) if make == "photo" else
                d.scanned_pdf([scanned(page, seed=40 + n).convert("L")]) if make == "pdf" else png(scanned(page, seed=40 + n)))
        add(f"blank_chief_seal_{n}", "W04", "决赛成绩单（已盖章）", "成绩单已盖章，请查收。",
            {"photo": "IMG_20250214_1000{}.jpg", "pdf": "扫描件00{}.pdf", "png": "scan_00{}.png"}[make].format(n), data)
    # the 裁判长's scribble runs on into the next label
    for n, (run_on, pen, layout) in enumerate([(30, 3, 0), (60, 4, 1), (15, 5, 2)], 1):
        footer = Footer(run_on=run_on, pen=pen, amplitude=0.45, gap=10, others_signed=n == 2, rotate=0)
        page = scanned(sheet_page("W05", footer, seed=500 + n, layout=layout), seed=50 + n)
        add(f"scribble_into_label_{n}", "W05", "成绩单扫描件", "决赛成绩单扫描件。", f"扫描件10{n}.pdf", d.scanned_pdf([page]))
    # one short, flat, broad stroke
    for n, (strokes, pen, gap, layout) in enumerate([(4, 6, 6, 0), (5, 5, 3, 1), (4, 5, 16, 2)], 1):
        footer = Footer(strokes=strokes, amplitude=0.08, pen=pen, gap=gap, rotate=0)
        page = sheet_page("W06", footer, seed=600 + n, layout=layout)
        data = d.scanned_pdf([scanned(page, seed=60 + n)]) if n != 2 else jpeg(photographed(page, seed=60 + n))
        add(f"short_wide_stroke_{n}", "W06", "成绩单", "成绩单请查收。", f"scan_20{n}.pdf" if n != 2 else "IMG_0602.jpg", data)
    # signed sheets scanned badly
    for n, (tilt, scale, quality, background) in enumerate([(1.8, 0.8, 45, (235, 235, 232)), (-1.4, 0.7, 55, (240, 228, 200)),
                                                           (1.1, 1.0, 40, (225, 225, 225))], 1):
        page = scanned(sheet_page("W07", SIGNED, seed=700 + n, layout=n - 1), seed=70 + n, tilt=tilt, specks=1500,
                       blur=0.9, scale=scale, background=background)
        data = jpeg(page, quality=quality)
        add(f"signed_scan_noise_tilt_{n}", "W07", "决赛成绩单扫描", "扫描件见附件。", f"扫描件30{n}.pdf" if n == 1 else f"扫描件30{n}.jpg",
            data if n != 1 else d.scanned_pdf([page]))
    # full-size phone photos at a slight angle in uneven light: (stored as: EXIF tag or pixels turned, signed, how)
    lamp, tungsten = (1.0, 0.86, 0.66), (1.0, 0.8, 0.55)
    for n, (tag, turn, signed, how) in enumerate([
            (6, 0, True, dict(size=(3024, 4032), fill=0.8, skew=3.0)),                      # an iPhone's 4032×3024 with tag 6
            (8, 0, True, dict(lamp=lamp, hard_shadow=True, shadow=0.5, skew=4.0)),
            (3, 0, True, dict(desk=[40, 35, 30], skew=6.0, fill=0.7)),
            (0, 90, False, dict(lamp=tungsten, fill=0.65, skew=2.0)),
            (0, 270, True, dict(desk=[205, 203, 198], hard_shadow=True, shadow=0.45, lamp=lamp))], 1):
        page = phone_photo(sheet_page("W08", SIGNED if signed else BLANK, seed=800 + n, layout=(n - 1) % 3), seed=80 + n, **how)
        data = jpeg(turned(page, STORED_FOR_TAG[tag]), orientation=tag, quality=88) if tag else jpeg(turned(page, turn), quality=88)
        add(f"phone_photo_angle_light_{n}", "W08", "决赛成绩单照片", "成绩单用手机拍的，请查收。", f"IMG_{4410 + n}.JPG", data)
    # three signers on one line, each on a line of their own: (the 裁判长 signed, layout, loop height, font size, how)
    for n, (signed, layout, amplitude, size, make) in enumerate([
            (True, 2, 1.4, 30, "pdf"), (True, 0, 1.3, 26, "png"), (True, 1, 1.2, 28, "photo"),
            (False, 0, 1.3, 30, "pdf"), (False, 2, 1.2, 30, "png")], 1):
        footer = Footer(signed=signed, others_signed=True, underline=True, one_line=True, amplitude=amplitude,
                        strokes=16, pen=3, gap=12, size=size, rotate=0)
        page = sheet_page("W09", footer, seed=900 + n, layout=layout)
        data = (d.scanned_pdf([scanned(page, seed=90 + n).convert("L")]) if make == "pdf" else
                png(scanned(page, seed=90 + n)) if make == "png" else jpeg(photographed(page, seed=90 + n)))
        add(f"one_line_signers_{n}", "W09", "决赛成绩单（签字页）", "签字后的成绩单扫描件，请查收。",
            {"pdf": "签字页扫描0{}.pdf", "png": "scan_09{}.png", "photo": "IMG_09{}.jpg"}[make].format(n), data)
    return out


# slug -> (roster id, the sheet's class, signed)
EXPECT = {
    "photo_exif_orientation_1": ("W01", "score_sheet", True),
    "photo_exif_orientation_2": ("W01", "score_sheet", True),
    "photo_exif_orientation_3": ("W01", "score_sheet", False),
    "photo_turned_pixels_1": ("W02", "score_sheet", True),
    "photo_turned_pixels_2": ("W02", "score_sheet", True),
    "photo_turned_pixels_3": ("W02", "score_sheet", False),
    "photo_turned_pixels_4": ("W02", "score_sheet", True),
    "pdf_turned_page_1": ("W03", "score_sheet", True),
    "pdf_turned_page_2": ("W03", "score_sheet", True),
    "pdf_turned_page_3": ("W03", "score_sheet", True),
    "blank_chief_seal_1": ("W04", "score_sheet", False),
    "blank_chief_seal_2": ("W04", "score_sheet", False),
    "blank_chief_seal_3": ("W04", "score_sheet", False),
    "scribble_into_label_1": ("W05", "score_sheet", True),
    "scribble_into_label_2": ("W05", "score_sheet", True),
    "scribble_into_label_3": ("W05", "score_sheet", True),
    "short_wide_stroke_1": ("W06", "score_sheet", True),
    "short_wide_stroke_2": ("W06", "score_sheet", True),
    "short_wide_stroke_3": ("W06", "score_sheet", True),
    "signed_scan_noise_tilt_1": ("W07", "score_sheet", True),
    "signed_scan_noise_tilt_2": ("W07", "score_sheet", True),
    "signed_scan_noise_tilt_3": ("W07", "score_sheet", True),
    "phone_photo_angle_light_1": ("W08", "score_sheet", True),
    "phone_photo_angle_light_2": ("W08", "score_sheet", True),
    "phone_photo_angle_light_3": ("W08", "score_sheet", True),
    "phone_photo_angle_light_4": ("W08", "score_sheet", False),
    "phone_photo_angle_light_5": ("W08", "score_sheet", True),
    "one_line_signers_1": ("W09", "score_sheet", True),
    "one_line_signers_2": ("W09", "score_sheet", True),
    "one_line_signers_3": ("W09", "score_sheet", True),
    "one_line_signers_4": ("W09", "score_sheet", False),
    "one_line_signers_5": ("W09", "score_sheet", False),
}
