"""A season-sized world for the printed workbook: 36 roster entries in three categories of the plan (one
of them the national-industry selection contests), long competition and unit names, forms of two or
three occupations with long standards and dates, and the forms the region's totals must not take at
face value (a count written "约100", last year's form, totals wrong in two columns, no contact).
Six entries never write. Text documents only (no scans), so the whole pipeline runs in seconds.

`python -c "from samples import print_world; print_world.write(OUT)"` writes OUT/eml and OUT/roster.csv."""
from __future__ import annotations

from pathlib import Path

from . import documents as d
from . import world
from .mails import Attachment, Mail, render

SECTORS = ["交通运输", "建筑业", "卫生健康", "民政", "电信", "港口物流", "汽车制造", "商务", "职工技能", "农业农村",
           "数字经济", "电力", "文化和旅游", "物业管理", "移动通信", "应急救援", "工程机械", "家政服务", "铁路运输",
           "水利", "电子商务", "林业", "钢铁冶金", "青年就业", "市场监管", "交通投资", "茶业", "装备制造", "邮政快递",
           "烹饪餐饮", "住房和城乡建设", "自然资源", "旅游发展", "残疾人", "海洋渔业", "有色金属"]
OCCUPATIONS = ["电工", "焊工", "车工", "钳工", "砌筑工", "育婴员", "茶艺师", "评茶员", "汽车维修工", "中式烹调师"]
CATEGORIES = ("自治区级一类", "自治区级二类", "全国行业选拔赛")
WRITERS = 30                       # entries 31-36 never write
TWO_MISMATCHES, WORDS_COUNT, LAST_YEAR, NO_CONTACT = "P05", "P07", "P09", "P11"


def _entry(i: int) -> tuple:
    sector = SECTORS[i - 1]
    category = CATEGORIES[i % 3]
    name = (f"2024年全国行业职业技能竞赛广西选拔赛（{sector}）" if category == CATEGORIES[2]
            else f"2024年广西{sector}行业职业技能竞赛")
    host = f"广西壮族自治区{sector}行业协会" if i % 2 else f"广西{sector}集团有限责任公司"
    return (f"P{i:02d}", name, host, "电工、焊工", category, f"联系人{i:02d}", f"0771-58{i:05d}",
            f"contact{i:02d}@unit{i:02d}.gx.example")


ROSTER = [_entry(i) for i in range(1, len(SECTORS) + 1)]


def _form(entry: tuple) -> d.Form:
    rid, name, host = entry[0], entry[1], entry[2]
    n = int(rid[1:])
    rows = [(OCCUPATIONS[(n + k) % len(OCCUPATIONS)], f"{SECTORS[n - 1]}国家职业技能标准（2019年版）三级/高级工",
             f"2024年12月{10 + k}日", "职工组、学生组（含院校教师）", 60 + k * 7, "/", 20 + k, 3, 1, 0)
            for k in range(1, 3 + n % 2)]
    totals = None
    if rid == TWO_MISMATCHES:                      # two columns wrong: two problems, each with its numbers
        computed = d.Form(name, host, "", "", rows=rows).total_row()
        totals = (computed[0] + 5, computed[1], computed[2] + 2, *computed[3:])
    if rid == WORDS_COUNT:
        rows[0] = (*rows[0][:4], "约100", *rows[0][5:])
    contact = ("", "", "", "") if rid == NO_CONTACT else (entry[5], "人事处", entry[6], entry[7])
    form_name = name.replace("2024年", "2023年") if rid == LAST_YEAR else name
    return d.Form(form_name, host, f"广西{SECTORS[n - 1]}职业技术学院", f"南宁市（广西{SECTORS[n - 1]}职业技术学院实训基地）",
                  rows=rows, totals=totals, contact=contact)


def build() -> list[tuple[str, bytes]]:
    out: list[tuple[str, bytes]] = []
    for entry in ROSTER[:WRITERS]:
        rid, name, host = entry[0], entry[1], entry[2]
        out.append((f"{len(out) + 1:03d}-{rid.lower()}-materials.eml", render(Mail(
            entry[7], entry[5], f"报送{name}总结材料",
            f"鉴定中心：\n    现将{name}总结材料报送贵中心，请查收。我单位2024年未自行开展其它职业技能竞赛。\n\n{entry[5]}",
            [Attachment("竞赛工作总结.docx", d.summary_docx(name, host)),
             Attachment("基本情况表.xlsx", d.annex1_xlsx(_form(entry)))],
            message_id=f"<{rid.lower()}-materials@unit.gx.example>"))))
    for entry in ROSTER[:10]:                      # a second mail from some: the mail log grows
        out.append((f"{len(out) + 1:03d}-{entry[0].lower()}-question.eml", render(Mail(
            entry[7], entry[5], "关于竞赛总结材料的询问", "您好，请问决赛成绩单复印件是否需要盖章？谢谢。",
            message_id=f"<{entry[0].lower()}-question@unit.gx.example>"))))
    out.append((f"{len(out) + 1:03d}-stranger.eml", render(Mail(   # not on the roster: waits for a person
        "xiaowang@qq.example", "小王", "竞赛总结材料", "老师好，总结见附件。",
        [Attachment("竞赛工作总结.docx", d.summary_docx("2024年广西某行业职业技能竞赛", "某协会"))],
        message_id="<stranger@qq.example>"))))
    return out


def write(out: Path) -> Path:
    return world.write(out, build(), ROSTER)
