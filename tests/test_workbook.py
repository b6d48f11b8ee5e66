"""The tracking workbook as staff use it: a Chinese dashboard, real dates, print setup, region totals,
and staff columns the bot honours and keeps across every rewrite."""
from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from intake_bot.cli import main

NOW = "2025-02-20T09:00:00+08:00"
ENGLISH = re.compile(r"[A-Za-z]{3,}")


def _run(src: Path, world, data: Path) -> None:
    assert main(["run", "--once", "--source", str(src), "--roster", str(world["roster"]), "--data-dir", str(data),
                 "--now", NOW]) == 0


@pytest.fixture()
def processed(world, tmp_path):
    src = tmp_path / "eml"
    shutil.copytree(world["eml"], src)
    data = tmp_path / "data"
    _run(src, world, data)
    return src, data


def _sheet(wb, title):
    ws = wb[title]
    header = [c.value for c in ws[1]]
    return ws, header


def _words(value) -> str:
    """What a clerk reads in a cell, file names, addresses and ids aside."""
    text = str(value or "")
    text = re.sub(r"[\w.+-]+@[\w.-]+|[\w\-./\\]+\.(eml|docx|xlsx|xls|pdf|jpg|png|zip|exe|txt|doc)\b|<[^>]+>", "", text)
    return text


def test_every_word_a_clerk_reads_is_chinese(processed):
    _src, data = processed
    wb = openpyxl.load_workbook(data / "材料跟踪表.xlsx")
    assert wb.sheetnames[0] == "总览"
    english = []
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            for value in row:
                if isinstance(value, str) and ENGLISH.search(_words(value)):
                    english.append((ws.title, value))
    skip = {"来源", "发件人", "主题", "文件名", "文件", "核对编号", "附件编号", "所在压缩包/转发邮件", "电子邮箱"}
    english = [(t, v) for t, v in english if not any(v == c for c in ())]
    # columns that hold the sender's own words or file names are allowed to carry them
    allowed = set()
    for ws in wb.worksheets:
        header = [c.value for c in ws[1]]
        for row in ws.iter_rows(min_row=2, values_only=True):
            for h, value in zip(header, row):
                if h in skip:
                    allowed.add((ws.title, value))
    assert [e for e in english if e not in allowed] == []


def test_dashboard_counts_charts_dates_and_print_setup(processed):
    _src, data = processed
    wb = openpyxl.load_workbook(data / "材料跟踪表.xlsx")
    overview = wb["总览"]
    counts = {overview.cell(r, 1).value: overview.cell(r, 2).value for r in range(7, 12)}
    assert set(counts) == {"齐全", "待更正", "缺材料", "未来信", "需人工处理"} and sum(counts.values()) == 4
    assert overview._charts, "a native chart on the dashboard"
    assert isinstance(overview["B3"].value, dt.datetime) and overview["B3"].value.date() == dt.date(2025, 2, 25)
    mail = wb["来信记录"]
    assert all(isinstance(r[1], dt.datetime) for r in mail.iter_rows(min_row=2, values_only=True))
    tracking = wb["材料跟踪"]
    assert str(tracking.page_setup.paperSize) == "9" and tracking.page_setup.orientation == "landscape"
    assert tracking.print_title_rows == "$1:$1" or tracking.print_title_rows == "1:1"
    status = {r[0]: r[1] for r in tracking.iter_rows(min_row=2, values_only=True)}
    assert status["S01"] == "齐全" and status["S02"] != "齐全"       # S02's 合计 does not add up


def test_region_totals_equal_the_sum_of_the_current_forms(processed):
    _src, data = processed
    wb = openpyxl.load_workbook(data / "材料跟踪表.xlsx")
    form, header = _sheet(wb, "基本情况表")
    rows = list(form.iter_rows(min_row=2, values_only=True))
    assert all(r[header.index("竞赛职业（工种）")] != "合计" for r in rows)        # no 合计 rows to double-count
    region, rheader = _sheet(wb, "全区汇总")
    total = next(r for r in region.iter_rows(min_row=2, values_only=True) if r[0] == "全区合计")
    assert total[rheader.index("参赛人数：决赛")] == sum(r[header.index("决赛")] or 0 for r in rows)
    assert total[rheader.index("获证书人数：高级工")] == sum(r[header.index("高级工")] or 0 for r in rows)
    assert any(str(r[0]).startswith("类别：") for r in region.iter_rows(min_row=2, values_only=True))


def test_ten_rewrites_keep_every_staff_cell_and_added_column(world, tmp_path):
    src = tmp_path / "eml"
    src.mkdir()
    mails = list(world["mails"])
    (src / mails[0][0]).write_bytes(mails[0][1])
    data = tmp_path / "data"
    _run(src, world, data)
    path = data / "材料跟踪表.xlsx"
    wb = openpyxl.load_workbook(path)
    ws, header = _sheet(wb, "材料跟踪")
    ws.title = "跟踪（王老师）"                                   # staff renamed the sheet
    ws.cell(3, header.index("纸质材料") + 1, "2月18日已收")
    ws.cell(4, header.index("工作人员备注") + 1, "已电话催报")
    ws.cell(1, len(header) + 1, "催报次数")                        # a column staff added
    ws.cell(5, len(header) + 1, 2)
    mws, mheader = _sheet(wb, "来信记录")
    mws.cell(2, mheader.index("工作人员备注") + 1, "原件已打印")
    wb.save(path)
    for name, raw in mails[1:]:                                   # nine more mails, one at a time
        (src / name).write_bytes(raw)
        _run(src, world, data)
    _run(src, world, data)
    wb = openpyxl.load_workbook(path)
    ws = next(s for s in wb.worksheets if s.title == "跟踪（王老师）")
    header = [c.value for c in ws[1]]
    rows = {r[0]: dict(zip(header, r)) for r in ws.iter_rows(min_row=2, values_only=True)}
    assert rows["S02"]["纸质材料"] == "2月18日已收" and rows["S03"]["工作人员备注"] == "已电话催报"
    assert rows["S04"]["催报次数"] == 2
    mws, mheader = _sheet(wb, "来信记录")
    first = next(r for r in mws.iter_rows(min_row=2, values_only=True) if r[mheader.index("来源")] == mails[0][0])
    assert first[mheader.index("工作人员备注")] == "原件已打印"


def test_staff_decisions_are_honoured(world, tmp_path):
    from samples import documents as d
    from samples.mails import Attachment, Mail, render
    src = tmp_path / "eml"
    src.mkdir()
    stranger = render(Mail("someone@qq.example", "小王", "材料", "见附件",
                           [Attachment("竞赛工作总结.docx", d.summary_docx("某竞赛", "某单位"))],
                           message_id="<stranger@qq.example>"))
    (src / "001-stranger.eml").write_bytes(stranger)
    data = tmp_path / "data"
    _run(src, world, data)
    path = data / "材料跟踪表.xlsx"
    wb = openpyxl.load_workbook(path)
    manual, mh = _sheet(wb, "待人工核对")
    assert manual.max_row == 2                                     # the unmatched sender waits for a person
    mws, mheader = _sheet(wb, "来信记录")
    mws.cell(2, mheader.index("人工对应编号") + 1, "S03")           # staff: this mail is S03's
    ws, header = _sheet(wb, "材料跟踪")
    s01 = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "S01")
    ws.cell(s01, header.index("人工认定已收") + 1, "全部")            # S01 handed everything in on paper
    wb.save(path)
    _run(src, world, data)                                         # no new mail: the next cycle re-folds
    wb = openpyxl.load_workbook(path)
    ws, header = _sheet(wb, "材料跟踪")
    rows = {r[0]: dict(zip(header, r)) for r in ws.iter_rows(min_row=2, values_only=True)}
    assert rows["S03"]["竞赛工作总结"] == "已收" and rows["S03"]["来信数"] == 1
    assert rows["S01"]["状态"] == "齐全" and rows["S01"]["竞赛工作总结"] == "人工认定"
    manual, mh = _sheet(wb, "待人工核对")
    assert manual.max_row == 1                                     # the assigned mail left the open list
    mws, mheader = _sheet(wb, "来信记录")
    assert list(mws.iter_rows(min_row=2, values_only=True))[0][mheader.index("匹配依据")] == "工作人员指定"


def test_a_closed_manual_item_stays_greyed_at_the_bottom_and_reopens_when_cleared(processed, world):
    src, data = processed
    path = data / "材料跟踪表.xlsx"

    def open_count(wb):
        overview = wb["总览"]
        return next(overview.cell(r, 2).value for r in range(1, 20) if overview.cell(r, 1).value == "待人工核对事项")

    wb = openpyxl.load_workbook(path)
    manual, header = _sheet(wb, "待人工核对")
    before, waiting = manual.max_row - 1, open_count(wb)
    assert before >= 1
    closed_key = manual.cell(2, header.index("核对编号") + 1).value      # the hidden key; 事项 is its short id
    manual.cell(2, header.index("已处理") + 1, "是")
    wb.save(path)
    _run(src, world, data)
    wb = openpyxl.load_workbook(path)
    manual, header = _sheet(wb, "待人工核对")
    rows = [dict(zip(header, r)) for r in manual.iter_rows(min_row=2, values_only=True)]
    assert len(rows) == before and open_count(wb) == waiting - 1
    assert rows[-1]["核对编号"] == closed_key and rows[-1]["已处理"] == "是"      # at the bottom, the mark kept
    assert rows[-1]["处理结果"].startswith("已关闭")
    assert manual.cell(manual.max_row, 1).font.color.rgb.endswith("808080")    # greyed
    manual.cell(manual.max_row, header.index("已处理") + 1).value = None      # cleared: open again
    wb.save(path)
    _run(src, world, data)
    wb = openpyxl.load_workbook(path)
    assert open_count(wb) == waiting


@pytest.mark.integration
def test_libreoffice_opens_the_workbook_and_prints_it(processed, tmp_path):
    _src, data = processed
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice is not installed")
    out = tmp_path / "pdf"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(out), str(data / "材料跟踪表.xlsx")], check=True, capture_output=True,
                   timeout=180)
    pdf = out / "材料跟踪表.pdf"
    assert pdf.exists()
    import pypdfium2
    doc = pypdfium2.PdfDocument(str(pdf))
    assert len(doc) >= 7                                           # every sheet printed
    first = doc[0].get_textpage().get_text_range()
    assert "材料收集情况" in first and "齐全" in first
    width, height = doc[1].get_size()
    assert width > height and abs(width - 842) < 5                  # A4 landscape
