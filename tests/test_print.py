"""The workbook as staff print it: a season-sized generated world through the whole pipeline, the
workbook printed to PDF by LibreOffice, and the pages read back — 今日概要 and 总览 one page each,
every detail sheet one page wide (its first and last column on every page, the entry ids on every
page), no cut text; and what the sheets say: one problem per line, the region's totals honest."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from intake_bot.cli import main

NOW = "2025-02-20T09:00:00+08:00"
DETAIL = {   # sheet → (its first column, its last visible column)
    "材料跟踪": ("编号", "工作人员备注"),
    "来信记录": ("来信", "工作人员备注"),
    "附件明细": ("附件", "工作人员备注"),
    "基本情况表": ("编号", "电子邮箱"),
    "全区汇总": ("范围", "说明"),
    "待人工核对": ("事项", "工作人员备注"),
}


@pytest.fixture(scope="module")
def season(tmp_path_factory):
    from samples import print_world
    out = tmp_path_factory.mktemp("season")
    eml = print_world.write(out)
    data = out / "data"
    assert main(["run", "--once", "--source", str(eml), "--roster", str(out / "roster.csv"), "--data-dir", str(data),
                 "--now", NOW]) == 0
    return data / "材料跟踪表.xlsx"


def _pdf(workbook: Path, tmp: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice is not installed")
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp / 'profile'}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp), str(workbook)], check=True, capture_output=True, timeout=300,
                   start_new_session=True)
    return tmp / (workbook.stem + ".pdf")


def _pages_by_sheet(pdf: Path) -> dict[str, list[tuple[str, list]]]:
    """Each printed page's text and table cells, grouped by the sheet named in its page header."""
    import pdfplumber
    out: dict[str, list] = {}
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            text = page.extract_text() or ""
            sheet = re.split(r"[（ ]", text.split("\n", 1)[0], maxsplit=1)[0]
            cells = [c for table in page.extract_tables() for row in table for c in row if c]
            out.setdefault(sheet, []).append((text, cells))
    return out


def _flat(value) -> str:
    return re.sub(r"\s+", "", str(value))


def _written(ws) -> set[str]:
    """The text cells of a sheet's visible columns, as the bot wrote them."""
    header = [c.value for c in ws[1]]
    hidden = {i for i, _h in enumerate(header) if ws.column_dimensions[ws.cell(1, i + 1).column_letter].hidden}
    return {_flat(v) for row in ws.iter_rows(min_row=2, values_only=True) for i, v in enumerate(row)
            if isinstance(v, str) and v.strip() and i not in hidden}


@pytest.mark.integration
def test_the_season_workbook_prints_one_page_wide_with_ids_on_every_page(season, tmp_path):
    pages = _pages_by_sheet(_pdf(season, tmp_path))
    assert len(pages["今日概要"]) == 1 and len(pages["总览"]) == 1
    total = sum(len(p) for p in pages.values())
    wb = openpyxl.load_workbook(season)
    for sheet, (first, last) in DETAIL.items():
        assert sheet in pages, f"{sheet} printed"
        printed = set()
        for n, (text, cells) in enumerate(pages[sheet], 1):
            flat = _flat(text)
            assert first in flat and last in flat, f"{sheet} page {n}: a column band of its own"
            assert re.search(rf"第\d+页共{total}页", flat), f"{sheet} page {n}: footer"
            if sheet in ("材料跟踪", "基本情况表"):
                assert re.search(r"P\d\d", text), f"{sheet} page {n}: the entry ids"
            printed |= {_flat(c) for c in cells}
        if sheet != "全区汇总":                    # its notes are merged cells below the table
            assert _written(wb[sheet]) <= printed, f"{sheet}: text cut ({sorted(_written(wb[sheet]) - printed)[:3]})"
    assert len(pages["材料跟踪"]) <= 4 and len(pages["全区汇总"]) == 1
    assert any(re.fullmatch(r"2024年12月\d+日", c) for _t, cells in pages["基本情况表"] for c in map(_flat, cells))


def test_every_problem_keeps_its_own_line_and_its_numbers(season):
    wb = openpyxl.load_workbook(season)
    ws = wb["材料跟踪"]
    header = [c.value for c in ws[1]]
    rows = {r[0]: dict(zip(header, r)) for r in ws.iter_rows(min_row=2, values_only=True)}
    lines = rows["P05"]["问题"].split("\n")
    assert len(lines) == 2 and [ln.split(".")[0] for ln in lines] == ["1", "2"]
    assert all(re.search(r"写 \d+，各工种相加为 \d+$", ln) for ln in lines)


def test_region_totals_leave_out_and_mark_what_they_cannot_count(season):
    wb = openpyxl.load_workbook(season)
    ws = wb["全区汇总"]
    header = [c.value for c in ws[1]]
    rows = {r[0]: dict(zip(header, r)) for r in ws.iter_rows(min_row=2, values_only=True) if r[0]}
    assert {"类别：自治区级一类", "类别：自治区级二类", "类别：全国行业选拔赛"} <= set(rows)
    total = rows["全区合计"]
    assert total["竞赛项数"] == 36 and total["未计入表格数"] == 1 and total["已计入表格数"] == 29
    assert "P09" in total["说明"] and "P07" in total["说明"] and "初赛" in total["说明"]
    doubtful = ws.cell(2, header.index("参赛人数：初赛") + 1)
    assert doubtful.fill.fgColor.rgb.endswith("FFEB9C")                          # marked, not a silent 0
    notes = {r[0]: r for r in ws.iter_rows(values_only=True) if r[0] in ("P07", "P09")}
    assert "约100" in " ".join(str(c) for c in notes["P07"] if c) and "未计入" in notes["P09"]
    form = wb["基本情况表"]
    fheader = [c.value for c in form[1]]
    counted = [r for r in form.iter_rows(min_row=2, values_only=True) if r[0] != "P09"]
    assert total["参赛人数：决赛"] == sum(r[fheader.index("决赛")] or 0 for r in counted)


def test_staff_read_short_ids_and_the_technical_ones_stay_hidden(season):
    wb = openpyxl.load_workbook(season)
    for title, shown, key in (("来信记录", "来信", "来源"), ("附件明细", "附件", "附件编号"), ("待人工核对", "事项", "核对编号")):
        ws = wb[title]
        header = [c.value for c in ws[1]]
        values = [r[header.index(shown)] for r in ws.iter_rows(min_row=2, values_only=True)]
        assert values and all(re.fullmatch(r"来信#\d+(-\d+)?(（下载链接）)?", v) for v in values), title
        letter = ws.cell(1, header.index(key) + 1).column_letter
        assert ws.column_dimensions[letter].hidden, f"{title}: {key} hidden"
    guide = wb["使用说明"]
    text = " ".join(str(c) for row in guide.iter_rows(values_only=True) for c in row if c)
    assert all(word in text for word in ("齐全", "待更正", "缺材料", "未来信", "需人工处理", "人工认定已收", "人工对应编号", "已处理"))
