"""Builds the golden files: one sample per parser and per kind of variation, each beside the
answer a careful clerk would give (NAME.expected.json). Run: python tests/golden/build.py [NAME ...]
(with names, only those files are written).

The files are committed; rebuild them when the generator changes. LibreOffice makes the .xls and
the text-layer PDF (skipped when it is not installed)."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from samples import documents as d  # noqa: E402
from samples import wave_forms as wave  # noqa: E402

FORM = d.Form("2024年广西金样行业职业技能竞赛", "自治区金样厅、自治区人力资源社会保障厅", "广西金样职业技术学院",
              "南宁市（广西金样职业技术学院）", co_organizer="自治区职业技能鉴定中心",
              rows=[("电工", "国家职业技能标准（三级/高级工）", "2024年10月12日", "职工组", 120, "/", 30, 5, 2, 0),
                    ("焊工", "焊工国家职业技能标准（2019年版）", "2024年10月14日", "职工组、学生组", 86, 40, 24, 3, 1, 0),
                    ("车工", "车工国家职业技能标准（2022年版）三级", "2024.11.2-11.3", "不分组", 55, "/", 18, 1, 0, 0)],
              contact=("覃金样", "人事处", "0771-5899999", "qinjy@jyt.gx.example"))

MESSY = d.Form("2024年广西金样行业职业技能竞赛", "自治区金样厅", "广西金样职业技术学院", "",
               rows=[("电工", "国家职业技能标准", "2024年10月12日", "职工组", "１２０", "/", "30人", 5, 2, 0),
                     ("焊工", "焊工国家职业技能标准", "2024年10月14日", "职工组", "约80", 40, 24, 20, 6, 1)],
               totals=(200, 40, 60, 25, 8, 1),
               contact=("覃金样", "人事处", "", "qinjy@jyt.gx.example"))


def expected(cls: str, form=None, problems=(), signed=None) -> dict:
    return {"class": cls, "basic_info": form.expected() if form else None,
            "basic_info_problems": sorted(problems), "signed": signed}


def soffice_convert(data: bytes, src_ext: str, target: str) -> bytes | None:
    exe = shutil.which("soffice")
    if not exe:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / f"in.{src_ext}"
        src.write_bytes(data)
        subprocess.run([exe, f"-env:UserInstallation=file://{tmp}/p", "--headless", "--convert-to", target,
                        "--outdir", tmp, str(src)], capture_output=True, timeout=120)
        out = Path(tmp) / f"in.{target}"
        return out.read_bytes() if out.exists() else None


def main() -> None:
    items = {
        "annex1-merged.xlsx": (d.annex1_xlsx(FORM), expected("basic_info", FORM)),
        "annex1-separate-cells.xlsx": (d.annex1_xlsx(FORM, separate_cells=True, padding_rows=3),
                                       expected("basic_info", FORM)),
        "annex1-messy.xlsx": (d.annex1_xlsx(MESSY), expected("basic_info", MESSY, {
            "blank_required_field", "missing_contact_phone", "non_numeric_count", "certificates_exceed_final",
            "total_mismatch"})),
        "annex1-table.docx": (d.annex1_docx(FORM), expected("basic_info", FORM)),
        "annex1-extra-columns.xlsx": (d.annex1_xlsx(FORM, extra_columns=True, spaced_labels=True),
                                      expected("basic_info", FORM)),
        "summary.docx": (d.summary_docx(FORM.competition_name, "自治区金样厅"), expected("summary")),
        "summary-quoting-the-grid.docx": (d.prose_docx(
            f"关于{FORM.competition_name}的工作总结",
            [f"本次竞赛主办单位为{FORM.host}，承办单位为{FORM.organizer}。" * 3,
             "一、竞赛成果。各赛项参赛情况如下表（初赛、选拔赛、决赛人数及获证书人数）。" * 4,
             "二、经验做法与存在问题。" * 10],
            [["竞赛职业（工种）", "初赛", "选拔赛", "决赛", "获技能等级证书人数"], ["电工", "120", "/", "30", "7"]]),
            expected("summary")),
        "other-competitions.docx": (d.other_competitions_docx("自治区金样厅"), expected("other_competitions")),
        "other-competitions-none.docx": (d.other_competitions_docx("自治区金样厅", 0), expected("other_competitions")),
        "plan-2025.docx": (d.plan_2025_docx("自治区金样厅"), expected("plan_2025")),
        "score-signed.pdf": (d.scanned_pdf([d.score_sheet_image(FORM.competition_name, "电工", True, seed=7)]),
                             expected("score_sheet", signed=True)),
        "score-blank-line.pdf": (d.scanned_pdf([d.score_sheet_image(FORM.competition_name, "焊工", False, seed=8)]),
                                 expected("score_sheet", signed=False)),
        "score-no-line.pdf": (d.scanned_pdf([d.score_sheet_image(FORM.competition_name, "车工", None, seed=9)]),
                              expected("score_sheet", signed=False)),
        "score-rotated-short-table.jpg": (d.photo_jpeg(d.score_sheet_image(FORM.competition_name, "焊工", True, people=6,
                                                                          seed=15, rotate=1.8)),
                                         expected("score_sheet", signed=True)),
        "score-photo-signed.jpg": (d.photo_jpeg(d.score_sheet_image(FORM.competition_name, "电工", True, seed=10,
                                                                    rotate=1.5)), expected("score_sheet", signed=True)),
        "annex1-photo.jpg": (d.photo_jpeg(d.annex1_image(FORM)), expected("basic_info", FORM)),
    }
    items.update({
        "annex1-plan-sheet-first.xlsx": (wave.plan_sheet_first(items["annex1-merged.xlsx"][0], FORM.host),
                                         expected("basic_info", FORM)),
        "annex1-sum-formulas.xlsx": (wave.sum_formulas(items["annex1-merged.xlsx"][0]), expected("basic_info", FORM)),
        "annex1-numerals.docx": (wave.numeral_docx(FORM), expected("basic_info", FORM)),
    })
    xls = soffice_convert(items["annex1-merged.xlsx"][0], "xlsx", "xls")
    if xls:
        items["annex1-legacy.xls"] = (xls, expected("basic_info", FORM))
    odt = soffice_convert(items["annex1-table.docx"][0], "docx", "odt")
    doc = soffice_convert(odt, "odt", "doc") if odt else None      # docx→doc directly flattens tables
    if doc:
        items["annex1-word97.doc"] = (doc, expected("basic_info", FORM))
    pdf = soffice_convert(items["annex1-table.docx"][0], "docx", "pdf")
    if pdf:
        items["annex1-text-layer.pdf"] = (pdf, expected("basic_info", FORM))
    if shutil.which("soffice"):
        items["annex1-wrapped-header.pdf"] = (wave.landscape_pdf(FORM, "narrow"), expected("basic_info", FORM))
    only = set(sys.argv[1:])                # names given: write only those (the others stay as committed)
    items = {name: item for name, item in items.items() if not only or name in only}
    for name, (data, answer) in items.items():
        (HERE / name).write_bytes(data)
        stem = name.rsplit(".", 1)[0]
        (HERE / f"{stem}.expected.json").write_text(json.dumps(answer, ensure_ascii=False, indent=1) + "\n",
                                                    encoding="utf-8")
    print(f"{len(items)} golden files in {HERE}")


if __name__ == "__main__":
    main()
