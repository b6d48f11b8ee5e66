"""Word 97-2003 .doc read straight from its streams (olefile opens the container).

LibreOffice is the main route for .doc (parsers/legacy.py). Some generators write tables whose
rows carry no table properties; LibreOffice then runs the cells together. The text stream still
ends every cell with \\x07, and the paragraph properties still flag each row's end mark (sprmPFTtp),
so the grid can be rebuilt exactly: piece table → text, FKPs of paragraph properties → row ends.
"""
from __future__ import annotations

import io
import struct

from .base import Content, Table
from .errors import DocumentError

CELL = "\x07"
SPRM_TTP = (0x2417, 0x664B)          # sprmPFTtp, sprmPFInnerTtp
SPRM_IN_TABLE = 0x2416               # sprmPFInTable
SPRM_HUGE_PAPX = 0x6646              # the paragraph's properties live in the Data stream


class WordDoc:
    def __init__(self, data: bytes):
        import olefile
        try:
            ole = olefile.OleFileIO(io.BytesIO(data))
            self.word = ole.openstream("WordDocument").read()
            flags, = struct.unpack_from("<H", self.word, 0x0A)
            self.table = ole.openstream("1Table" if flags & 0x0200 else "0Table").read()
            self.data = ole.openstream("Data").read() if ole.exists("Data") else b""
        except Exception as exc:
            raise DocumentError(f"damaged Word .doc file: {exc}") from None
        csw, = struct.unpack_from("<H", self.word, 32)
        pos = 34 + csw * 2
        cslw, = struct.unpack_from("<H", self.word, pos)
        self.fclcb = pos + 2 + cslw * 4 + 2         # start of FibRgFcLcb97
        self.pieces = self._pieces()

    def _fc_lcb(self, index: int) -> tuple[int, int]:
        return struct.unpack_from("<II", self.word, self.fclcb + index * 8)

    def _pieces(self) -> list[tuple[int, int, int, bool]]:
        """[(cp start, cp end, fc start in bytes, compressed)]"""
        fc, lcb = self._fc_lcb(33)                  # fcClx
        clx = self.table[fc:fc + lcb]
        i = 0
        while i < len(clx) and clx[i] == 0x01:      # Prc entries
            cb, = struct.unpack_from("<H", clx, i + 1)
            i += 3 + cb
        if i >= len(clx) or clx[i] != 0x02:
            raise DocumentError("Word .doc file without a piece table")
        size, = struct.unpack_from("<I", clx, i + 1)
        plc = clx[i + 5:i + 5 + size]
        n = (size - 4) // 12
        cps = struct.unpack_from(f"<{n + 1}I", plc, 0)
        out = []
        for k in range(n):
            raw, = struct.unpack_from("<I", plc, (n + 1) * 4 + k * 8 + 2)
            compressed = bool(raw & 0x40000000)
            start = (raw & ~0x40000000) // 2 if compressed else raw
            out.append((cps[k], cps[k + 1], start, compressed))
        return out

    def main_length(self) -> int:
        """ccpText: the main document's characters; footnotes, headers, comments and text boxes
        follow it in the same character stream."""
        csw, = struct.unpack_from("<H", self.word, 32)
        pos = 34 + csw * 2 + 2                       # FibRgLw97
        try:
            return struct.unpack_from("<i", self.word, pos + 3 * 4)[0]
        except struct.error:
            return 0

    def text(self) -> str:
        parts = []
        for cp0, cp1, fc, compressed in self.pieces:
            n = cp1 - cp0
            if compressed:
                parts.append(self.word[fc:fc + n].decode("cp1252", "replace"))
            else:
                parts.append(self.word[fc:fc + 2 * n].decode("utf-16-le", "replace"))
        return "".join(parts)

    def cp_of(self, fc: int) -> int | None:
        for cp0, cp1, start, compressed in self.pieces:
            width = 1 if compressed else 2
            if start <= fc <= start + (cp1 - cp0) * width:
                return cp0 + (fc - start) // width
        return None

    def paragraph_flags(self) -> dict[int, dict]:
        """End position (cp of the paragraph mark) → {"in_table", "row_end", "bounds"} from the FKPs."""
        fc, lcb = self._fc_lcb(13)                  # fcPlcfBtePapx
        plc = self.table[fc:fc + lcb]
        n = (lcb - 4) // 8
        pns = struct.unpack_from(f"<{n}I", plc, (n + 1) * 4) if n > 0 else ()
        flags: dict[int, set] = {}
        for pn in pns:
            base = (pn & 0x3FFFFF) * 512
            page = self.word[base:base + 512]
            if len(page) < 512:
                continue
            crun = page[511]
            fcs = struct.unpack_from(f"<{crun + 1}I", page, 0)
            for j in range(crun):
                offset = page[4 * (crun + 1) + 13 * j] * 2
                cp = self.cp_of(fcs[j + 1])
                if not offset or not cp:
                    continue
                found = self._sprms(self._grpprl(page, offset))
                flags[cp - 1] = found
        return flags

    @staticmethod
    def _grpprl(page: bytes, offset: int) -> bytes:
        cb = page[offset]
        if cb == 0:
            size, start = page[offset + 1] * 2, offset + 2
        else:
            size, start = cb * 2 - 1, offset + 1
        return page[start + 2:start + size]         # past istd

    def _sprms(self, grp: bytes) -> dict:
        found: dict = {}
        i = 0
        while i + 2 <= len(grp):
            sprm, = struct.unpack_from("<H", grp, i)
            i += 2
            spra = sprm >> 13
            width = {0: 1, 1: 1, 2: 2, 3: 4, 4: 2, 5: 2, 7: 3}.get(spra)
            if sprm == 0xD608 and i + 2 <= len(grp):  # sprmTDefTable: a 2-byte size (plus one)
                width = 1 + struct.unpack_from("<H", grp, i)[0]
            elif width is None:                     # variable length operand
                width = 1 + (grp[i] if i < len(grp) else 0)
            operand = grp[i:i + width]
            if sprm in SPRM_TTP and operand[:1] == b"\x01":
                found["row_end"] = True
            elif sprm == SPRM_IN_TABLE and operand[:1] == b"\x01":
                found["in_table"] = True
            elif sprm == 0xD608 and len(operand) > 3:   # the row's cell boundaries (rgdxaCenter)
                cells = operand[2]
                found["bounds"] = struct.unpack_from(f"<{cells + 1}h", operand, 3)
            elif sprm == SPRM_HUGE_PAPX and len(operand) == 4 and self.data:
                at, = struct.unpack("<I", operand)
                size, = struct.unpack_from("<H", self.data, at)
                found.update(self._sprms(self.data[at + 2:at + 2 + size]))
            i += width
        return found


FIELD_BEGIN, FIELD_SEPARATOR, FIELD_END = "\x13", "\x14", "\x15"


def parse_doc_direct(data: bytes) -> Content:
    doc = WordDoc(data)
    text = doc.text()
    main = doc.main_length()
    if 0 < main <= len(text):
        text = text[:main]                          # the body only, as a reader sees the page
    flags = doc.paragraph_flags()
    tables, rows, row, cell = [], [], [], []
    kept: list[str] = []
    fields: list[bool] = []                         # per open field: still in its code (PAGE \* MERGEFORMAT)
    for i, ch in enumerate(text):
        if ch == FIELD_BEGIN:
            fields.append(True)
            continue
        if ch == FIELD_SEPARATOR:
            if fields:
                fields[-1] = False                  # the field's result follows: shown text
            continue
        if ch == FIELD_END:
            if fields:
                fields.pop()
            continue
        if any(fields) and ch not in (CELL, "\r"):
            continue                                # a field code, never shown
        if ch < " " and ch not in (CELL, "\r", "\t", "\x0b", "\x0c"):
            continue                                # anchors of footnotes, comments, pictures
        kept.append(ch)
        mark = flags.get(i, {})
        if ch == CELL:
            if mark.get("row_end"):
                rows.append((row, mark.get("bounds")))
                row = []
            else:
                row.append("\n".join("".join(cell).split("\r")).strip())
            cell = []
            continue
        if ch == "\r" and not mark.get("in_table"):
            if rows:                                # a paragraph outside the table ends it
                tables.append(rows)
                rows = []
            cell = []
            continue
        cell.append(ch)
    if rows:
        tables.append(rows)
    out = [Table(source=f"table {k + 1}", rows=_grid(t)) for k, t in enumerate(tables)]
    plain = "".join(kept).replace(CELL, "\t").replace("\r", "\n").replace("\x0b", "\n").replace("\x0c", "\n")
    return Content(text=plain, tables=out, pages=1, converted_from="doc")


def _grid(rows: list[tuple[list, tuple | None]]) -> list[list]:
    """Cells placed on the table's grid by their boundaries: a merged cell holds its text in its
    first grid column and None in the others (as the other readers do)."""
    edges = sorted({x for _cells, bounds in rows if bounds for x in bounds})
    if len(edges) < 2:
        width = max(len(cells) for cells, _ in rows)
        return [cells + [None] * (width - len(cells)) for cells, _ in rows]
    width = len(edges) - 1
    grid = []
    for cells, bounds in rows:
        line: list = [None] * width
        if not bounds or len(bounds) != len(cells) + 1:
            for c, text in enumerate(cells[:width]):
                line[c] = text
        else:
            for c, text in enumerate(cells):
                line[edges.index(bounds[c])] = text
        grid.append(line)
    return grid


def has_cell_marks(data: bytes) -> bool:
    try:
        return CELL in WordDoc(data).text()
    except Exception:
        return False
