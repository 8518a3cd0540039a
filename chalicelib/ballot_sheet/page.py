"""A small PDF writer for the printable ballot sheet: text in the standard fonts Helvetica and
Helvetica-Bold, wrapped to a width; rules; one greyscale image (the QR code); pages of US Letter.

Why not a PDF library: fpdf2 brought fontTools, Pillow and two embedded fonts, ≈ 7.6 MB of the
Lambda package every function loads from (issue 11: the package must stay ≤ 10 MB). Every PDF
reader carries the 14 standard fonts (ISO 32000-1, 9.6.2.2), and WinAnsiEncoding covers every
letter of Spanish (á é í ó ú ü ñ ¿ ¡ and their capitals), so nothing needs embedding. A character
outside it prints as its base letter (NFKD) or "?". The output depends only on what is drawn and the
metadata given: the same sheet is the same bytes (one ETag).

Positions are in millimetres from the top-left corner, as on paper; PDF's origin is bottom-left, in points.
"""

from __future__ import annotations

import unicodedata
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar

from chalicelib.ballot_sheet import helvetica

POINTS_PER_MM = 72 / 25.4
LETTER_MM = (215.9, 279.4)  # "carta"
CELL_PADDING = 1.0  # mm of space left of text inside a cell, as fpdf2's c_margin


def encode(text: str) -> bytes:
    """`text` in WinAnsiEncoding; a character it lacks becomes its base letter, or "?"."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1252")
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFKD", char).encode("cp1252", errors="ignore")
            out += base[:1] or b"?"
    return bytes(out)


def _literal(data: bytes) -> bytes:
    """A PDF literal string, ASCII only: the delimiters escaped, bytes above 126 in octal."""
    out = bytearray(b"(")
    for byte in data:
        if byte in b"()\\":
            out += b"\\" + bytes([byte])
        elif 32 <= byte < 127:
            out.append(byte)
        else:
            out += b"\\%03o" % byte
    return bytes(out + b")")


def _text_string(text: str) -> bytes:
    """A PDF text string for the document information (UTF-16BE with its byte-order mark)."""
    return b"<" + ("\ufeff" + text).encode("utf-16-be").hex().upper().encode() + b">"


def _number(value: float) -> bytes:
    return (b"%.3f" % value).rstrip(b"0").rstrip(b".") or b"0"


@dataclass
class SheetPage:
    """The drawing state: a cursor (x, y in mm), the current font, and the pages drawn so far."""

    w: ClassVar[float] = LETTER_MM[0]
    h: ClassVar[float] = LETTER_MM[1]

    title: str
    author: str
    created: datetime
    l_margin: float = 16.0
    t_margin: float = 14.0
    r_margin: float = 16.0
    b_margin: float = 14.0
    x: float = 0.0
    y: float = 0.0
    bold: bool = False
    size: float = 12.0
    gray: float = 0.0  # stroke colour of rules, 0 black … 1 white
    _pages: list[list[bytes]] = field(default_factory=list)
    _image: tuple[int, bytes] | None = None  # side in pixels, greyscale bytes

    def __post_init__(self) -> None:
        self.add_page()

    # the page ----------------------------------------------------------------------------------
    @property
    def epw(self) -> float:
        """The effective page width: between the margins."""
        return self.w - self.l_margin - self.r_margin

    def page_no(self) -> int:
        return len(self._pages)

    def add_page(self) -> None:
        self._pages.append([])
        self.x, self.y = self.l_margin, self.t_margin

    def _draw(self, operation: bytes) -> None:
        self._pages[-1].append(operation)

    # text ----------------------------------------------------------------------------------------
    def set_font(self, size: float, bold: bool = False) -> None:
        self.size, self.bold = size, bold

    def width_of(self, text: str) -> float:
        """How wide `text` prints in the current font, in mm."""
        widths = helvetica.BOLD if self.bold else helvetica.REGULAR
        return sum(widths[b] for b in encode(text)) * self.size / 1000 / POINTS_PER_MM

    def lines(self, text: str, width: float) -> list[str]:
        """`text` wrapped at spaces to lines that fit `width` (mm, less the cell's padding)."""
        room = width - 2 * CELL_PADDING
        lines: list[str] = []
        for paragraph in text.split("\n"):
            line = ""
            for word in paragraph.split(" "):
                candidate = f"{line} {word}" if line else word
                if self.width_of(candidate) <= room or not line:
                    line = candidate
                else:
                    lines.append(line)
                    line = word
                while self.width_of(line) > room and len(line) > 1:  # a word wider than the line
                    cut = next(n for n in range(len(line), 0, -1) if self.width_of(line[:n]) <= room or n == 1)
                    lines.append(line[:cut])
                    line = line[cut:]
            lines.append(line)
        return lines

    def _text_at(self, x: float, baseline: float, text: str) -> None:
        font = b"/F2" if self.bold else b"/F1"
        self._draw(
            b"BT %s %s Tf %s %s Td %s Tj ET"
            % (font, _number(self.size), _number(x * POINTS_PER_MM), _number((self.h - baseline) * POINTS_PER_MM),
               _literal(encode(text)))
        )  # fmt: skip

    def cell(self, width: float, height: float, text: str, align: str = "L") -> None:
        """One line of text in a box `height` high at the cursor; the cursor goes to the next line."""
        self._break_if_needed(height)
        offset = width - CELL_PADDING - self.width_of(text) if align == "R" else CELL_PADDING
        self._text_at(self.x + offset, self.y + 0.5 * height + 0.3 * self.size / POINTS_PER_MM, text)
        self.x, self.y = self.l_margin, self.y + height

    def multi_cell(self, width: float, height: float, text: str) -> None:
        """`text` wrapped to `width`, each line `height` high, from the cursor down (over pages)."""
        left = self.x
        for line in self.lines(text, width):
            self._break_if_needed(height)
            self._text_at(left + CELL_PADDING, self.y + 0.5 * height + 0.3 * self.size / POINTS_PER_MM, line)
            self.y += height
        self.x = self.l_margin

    def _break_if_needed(self, height: float) -> None:
        if self.y + height > self.h - self.b_margin and self._pages[-1]:
            left = self.x
            self.add_page()
            self.x = left

    def ln(self, height: float) -> None:
        self.x, self.y = self.l_margin, self.y + height

    # drawing -------------------------------------------------------------------------------------
    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        self._draw(
            b"%s G 0.57 w %s %s m %s %s l S"
            % (_number(self.gray), *(_number(v * POINTS_PER_MM) for v in (x1, self.h - y1, x2, self.h - y2)))
        )

    def image(self, modules: Sequence[Sequence[int]], x: float, y: float, side: float, scale: int = 8) -> None:
        """A square image of dark (1) and light (0) modules, each `scale` pixels, at (x, y), `side` mm wide.
        One per document: the QR code."""
        rows = [bytes(0 if dark else 255 for dark in row for _ in range(scale)) for row in modules]
        pixels = b"".join(row for row in rows for _ in range(scale))
        self._image = (len(modules) * scale, pixels)
        size, left, top = (_number(v * POINTS_PER_MM) for v in (side, x, self.h - y - side))
        self._draw(b"q %s 0 0 %s %s %s cm /Q Do Q" % (size, size, left, top))

    # the file ------------------------------------------------------------------------------------
    def output(self) -> bytes:
        objects: list[bytes] = [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"",  # the page tree, once the pages' numbers are known
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        ]
        resources = b"/Font << /F1 3 0 R /F2 4 0 R >>"
        if self._image is not None:
            side, pixels = self._image
            data = zlib.compress(pixels, 9)
            objects.append(
                b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream"
                % (side, side, len(data), data)
            )
            resources += b" /XObject << /Q %d 0 R >>" % len(objects)
        local = self.created.strftime("D:%Y%m%d%H%M%S")
        offset = self.created.utcoffset()
        if offset is not None:
            minutes = int(offset.total_seconds() // 60)
            sign = "+" if minutes >= 0 else "-"
            local += f"{sign}{abs(minutes) // 60:02d}'{abs(minutes) % 60:02d}'"
        objects.append(
            b"<< /Title %s /Author %s /Creator %s /Producer %s /CreationDate %s >>"
            % (_text_string(self.title), _text_string(self.author), _text_string(self.author),
               _text_string(self.author), _literal(local.encode()))
        )  # fmt: skip
        info = len(objects)
        kids = []
        for operations in self._pages:
            content = zlib.compress(b"\n".join(operations), 9)
            objects.append(b"<< /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
            objects.append(
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %s %s] /Resources << %s >> /Contents %d 0 R >>"
                % (_number(self.w * POINTS_PER_MM), _number(self.h * POINTS_PER_MM), resources, len(objects))
            )
            kids.append(b"%d 0 R" % len(objects))
        objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))

        out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for number, body in enumerate(objects, start=1):
            offsets.append(len(out))
            out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
        out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
            len(objects) + 1,
            info,
            xref,
        )
        return bytes(out)
