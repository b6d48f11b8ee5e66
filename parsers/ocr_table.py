"""A grid rebuilt from OCR boxes of a photographed or scanned form.

Visual rows are boxes whose vertical centres are close; columns are anchored on the header labels
the form prints (given by the form's reader as `GridLabels`); every box of a row goes to the column
whose span holds its centre. Lines above the grid stay text (the header block, label：value)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .base import Table


@dataclass(frozen=True)
class GridLabels:
    """What a form prints: its column headers, the group headers spanning several columns, and the
    labels of lines below the grid that are not grid rows (contact lines)."""
    header: re.Pattern
    spanning: re.Pattern
    not_rows: re.Pattern


def visual_rows(found: list[tuple]) -> list[list[tuple]]:
    rows: list[list[tuple]] = []
    heights = sorted(b[4] - b[2] for b in found) or [10]
    tol = heights[len(heights) // 2] * 0.6
    for box in sorted(found, key=lambda b: (b[2] + b[4]) / 2):
        mid = (box[2] + box[4]) / 2
        if rows and abs(mid - rows[-1][-1][5]) <= tol:
            rows[-1].append(box + (rows[-1][-1][5],))
        else:
            rows.append([box + (mid,)])
    return [sorted(r, key=lambda b: b[1]) for r in rows]


def _clean(text: str) -> str:
    return re.sub(r"\s+", "", text)


def form_from_ocr(found: list[tuple], labels: GridLabels, source: str = "scan") -> tuple[str, list[Table]]:
    """(text of the non-grid lines, [the grid]) from OCR boxes of one page."""
    rows = visual_rows(found)
    anchors: list[float] = []
    header_rows = set()
    for i, row in enumerate(rows):
        heads = [b for b in row if labels.header.match(_clean(b[0]))]
        if len(heads) >= 3:                # every box of a header row anchors a column (OCR may cut a label)
            header_rows.add(i)
            anchors.extend((b[1] + b[3]) / 2 for b in row if not labels.spanning.search(_clean(b[0])))
    if not anchors:
        return "\n".join("\t".join(b[0] for b in row) for row in rows), []
    anchors.sort()
    bounds = [(a + b) / 2 for a, b in zip(anchors, anchors[1:])]
    first, last = min(header_rows), max(header_rows)
    text_lines, grid = [], []
    for i, row in enumerate(rows):
        cells: list[str | None] = [None] * len(anchors)
        in_grid = first <= i and (i <= last or _grid_row(row, labels))
        if not in_grid:
            text_lines.append("\t".join(b[0] for b in row))
            continue
        for b in row:
            centre = (b[1] + b[3]) / 2
            col = sum(centre > x for x in bounds)
            cells[col] = (cells[col] + b[0]) if cells[col] else b[0]
        grid.append(cells)
    return "\n".join(text_lines), [Table(source=source, rows=grid)] if grid else []


def _grid_row(row: list[tuple], labels: GridLabels) -> bool:
    """A data row: several boxes spread over the grid's columns, not a label：value line."""
    if any(labels.not_rows.match(_clean(b[0])) for b in row):
        return False
    return len(row) >= 3
