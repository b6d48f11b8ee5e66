"""Next year's sample world: the 2025 collection (config/campaigns/2025), which asks for a fifth
material, the winners' list (获奖选手名单). Used by the tests that run a second campaign end to end.

    python -m samples --campaign 2025 OUT
"""
from __future__ import annotations

from pathlib import Path

from . import documents as d
from .mails import Attachment, Mail, raw_zip, render

ROSTER = [
    ("N01", "2025年广西新能源行业职业技能竞赛", "自治区新能源局", "电工", "自治区级二类", "覃海", "0771-5900001",
     "qinhai@xny.gx.example"),
    ("N02", "2025年广西智能制造职业技能竞赛", "广西智造集团有限公司", "钳工", "自治区级二类", "陆燕", "0771-5900002",
     "luyan@zhizao.example.cn"),
]

FORMS = {
    "N01": d.Form("2025年广西新能源行业职业技能竞赛", "自治区新能源局", "广西电力职业技术学院", "南宁市",
                  rows=[("电工", "国家职业技能标准（三级/高级工）", "2025年9月20日", "职工组", 80, "/", 24, 4, 1, 0)],
                  contact=("覃海", "人事处", "0771-5900001", "qinhai@xny.gx.example")),
    "N02": d.Form("2025年广西智能制造职业技能竞赛", "广西智造集团有限公司", "柳州职业技术大学", "柳州市",
                  rows=[("钳工", "钳工国家职业技能标准", "2025年10月8日", "不分组", 60, "/", 20, 3, 1, 0)],
                  contact=("陆燕", "人力资源部", "0772-3900002", "luyan@zhizao.example.cn")),
}

DATE = "Tue, 10 Feb 2026 10:00:00 +0800"


def _sheet(rid: str, seed: int) -> bytes:
    comp = next(r[1] for r in ROSTER if r[0] == rid)
    return d.scanned_pdf([d.score_sheet_image(comp, "电工", True, seed=seed)])


def build() -> list[tuple[str, bytes]]:
    n01, n02 = ROSTER
    out = []

    def add(slug: str, mail: Mail) -> None:
        out.append((f"{len(out) + 1:03d}-{slug}.eml", render(mail)))

    add("n01-all-five", Mail(
        n01[7], n01[5], "2025年竞赛总结材料",
        "鉴定中心：\n    现将我局2025年竞赛总结材料报送，请查收。本局未自行开展其它职业技能竞赛。\n\n覃海",
        [Attachment("竞赛工作总结.docx", d.summary_docx(n01[1], n01[2], year=2025)),
         Attachment("决赛成绩单.pdf", _sheet("N01", 11)),
         Attachment("基本情况表.xlsx", d.annex1_xlsx(FORMS["N01"])),
         Attachment("获奖选手名单.xlsx", d.winners_list_xlsx(n01[1], n01[2]))],
        message_id="<n01-all@xny.gx.example>", date=DATE))
    add("n02-four-of-five-in-zip", Mail(
        n02[7], n02[5], "报送2025年广西智能制造职业技能竞赛总结材料", "您好！材料见压缩包。\n\n陆燕",
        [Attachment("总结材料.zip", raw_zip([
            ("1.竞赛工作总结.docx".encode("gb18030"), d.summary_docx(n02[1], n02[2], year=2025)),
            ("2.基本情况表.xlsx".encode("gb18030"), d.annex1_xlsx(FORMS["N02"])),
            ("3.自行开展的其它竞赛情况.docx".encode("gb18030"), d.other_competitions_docx(n02[2], count=1)),
            ("4.决赛成绩单.pdf".encode("gb18030"), _sheet("N02", 12))]))],
        message_id="<n02-zip@zhizao.example.cn>", date=DATE))
    add("n02-plan-2026-misrouted", Mail(
        n02[7], n02[5], "申报2026年自治区级职业技能竞赛计划", "您好！附件为我公司2026年竞赛计划申报表。",
        [Attachment("2026年竞赛申报表.docx", d.plan_2025_docx(n02[2], year=2026))],
        message_id="<n02-plan@zhizao.example.cn>", date=DATE))
    return out


EXPECT = {
    # slug → kind (export name), roster id, materials the message carries
    "n01-all-five": ("submission", "N01", {"summary", "score_sheet", "basic_info", "other_competitions", "winners_list"}),
    "n02-four-of-five-in-zip": ("submission", "N02", {"summary", "score_sheet", "basic_info", "other_competitions"}),
    "n02-plan-2026-misrouted": ("plan_2026", "N02", set()),
}
FINAL = {"N01": [], "N02": ["winners_list"]}          # what each entry still misses


def write(out: Path) -> Path:
    from . import world
    return world.write(out, build(), ROSTER)
