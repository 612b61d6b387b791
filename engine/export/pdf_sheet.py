"""One PDF being printed: page geometry (trim size plus optional bleed) and the text and picture
primitives the page layouts share. Coordinates are points measured from the trim corner, so a layout
never thinks about bleed unless it wants to reach into it."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from fpdf import FPDF
from PIL import Image

from engine.export import pictures
from engine.export.theme import RGB, theme
from engine.export.typefaces import BODY, install

PageSize = Literal["square", "a4", "letter"]
PAGE_SIZES_PT: dict[str, tuple[float, float]] = {
    "square": (612.0, 612.0),  # 8.5 × 8.5 in, the classic picture-book trim
    "a4": (595.28, 841.89),
    "letter": (612.0, 792.0),
}
BLEED_PT = 3 / 25.4 * 72  # 3 mm, what print shops ask for
PRINT_DPI = 300
_ELLIPSIS = "…"


@dataclass(frozen=True)
class Fitted:
    """Text already broken into lines that fit a width, at one font size."""

    lines: tuple[str, ...]
    size: float
    line_height: float
    cut: bool = False  # True when the text did not fit and ends in an ellipsis

    @property
    def height(self) -> float:
        return len(self.lines) * self.line_height


def sizes_between(largest: float, smallest: float) -> list[float]:
    """Font sizes to try, biggest first, one point apart."""
    return [largest - step for step in range(int(largest - smallest) + 1)]


class Sheet:
    """An ``FPDF`` set up for one trim size, with fonts installed and automatic page breaks off."""

    def __init__(self, size: PageSize, bleed: bool, text: str = "") -> None:
        """``text`` is everything the book will print, so only the fallback fonts it needs are loaded."""
        if size not in PAGE_SIZES_PT:
            raise ValueError(f"Unknown print size {size!r}; choose square, a4 or letter")
        self.width, self.height = PAGE_SIZES_PT[size]
        self.bleed = BLEED_PT if bleed else 0.0
        self.pdf = FPDF(unit="pt", format=(self.width + 2 * self.bleed, self.height + 2 * self.bleed))
        self.pdf.set_auto_page_break(False)
        self.pdf.set_margins(0, 0, 0)
        self.pdf.c_margin = 0
        install(self.pdf, text)

    def new_page(self, paper: RGB | None = None) -> None:
        """A blank page, washed edge to edge (into the bleed) when ``paper`` is given."""
        self.pdf.add_page()
        if paper is not None:
            b = self.bleed
            self.pdf.set_fill_color(*paper)
            self.pdf.rect(0, 0, self.width + 2 * b, self.height + 2 * b, style="F")

    def circle(self, color: RGB, x: float, y: float, diameter: float, opacity: float = 1.0) -> None:
        """A filled circle whose bounding square starts at (x, y); see-through below opacity 1."""
        with self.pdf.local_context(fill_opacity=opacity):
            self.pdf.set_fill_color(*color)
            self.pdf.ellipse(x + self.bleed, y + self.bleed, diameter, diameter, style="F")

    def rounded_box(self, color: RGB, x: float, y: float, w: float, h: float, radius: float) -> None:
        self.pdf.set_fill_color(*color)
        self.pdf.rect(
            x + self.bleed, y + self.bleed, w, h, style="F", round_corners=True, corner_radius=radius
        )

    # --- text ---------------------------------------------------------------------------------------

    def lines(self, text: str, width: float, size: float, style: str = "") -> list[str]:
        self.pdf.set_font(BODY, style, size)
        lines = self.pdf.multi_cell(width, size, text, dry_run=True, output="LINES")
        if not isinstance(lines, list):  # output="LINES" always gives a list; this narrows the type
            raise TypeError("fpdf2 did not return wrapped lines")
        return [str(line) for line in lines]

    def fit(
        self, text: str, width: float, height: float, sizes: Sequence[float], style: str = ""
    ) -> Fitted | None:
        """The biggest size whose wrapped lines fit the box, or ``None`` if even the smallest overflows."""
        spacing = theme().sizes["line_height"]
        for size in sizes:
            lines = self.lines(text, width, size, style)
            if len(lines) * size * spacing <= height:
                return Fitted(tuple(lines), size, size * spacing)
        return None

    def cut(self, text: str, width: float, height: float, size: float, style: str = "") -> Fitted:
        """As many lines as fit at ``size``, the last one ending in an ellipsis: text never overflows."""
        line_height = size * theme().sizes["line_height"]
        room = max(1, int(height // line_height))
        lines = self.lines(text, width, size, style)
        if len(lines) <= room:
            return Fitted(tuple(lines), size, line_height)
        words = lines[room - 1].split()
        while len(words) > 1 and self.pdf.get_string_width(" ".join(words) + _ELLIPSIS) > width:
            words.pop()  # end on a whole word
        last = " ".join(words)
        while last and self.pdf.get_string_width(last + _ELLIPSIS) > width:
            last = last[:-1]  # one enormous word: cut inside it
        return Fitted((*lines[: room - 1], last + _ELLIPSIS), size, line_height, cut=True)

    def fit_or_cut(
        self, text: str, width: float, height: float, sizes: Sequence[float], style: str = ""
    ) -> Fitted:
        return self.fit(text, width, height, sizes, style) or self.cut(text, width, height, sizes[-1], style)

    def write(
        self, fitted: Fitted, x: float, y: float, width: float, color: RGB, style: str = "", align: str = "C"
    ) -> None:
        """Draw lines fitted earlier, top-left at (x, y) in trim coordinates."""
        self.pdf.set_font(BODY, style, fitted.size)
        self.pdf.set_text_color(*color)
        for i, line in enumerate(fitted.lines):
            self.pdf.set_xy(x + self.bleed, y + self.bleed + i * fitted.line_height)
            self.pdf.cell(width, fitted.line_height, line, align=align)

    # --- pictures -----------------------------------------------------------------------------------

    def picture(
        self, image: Image.Image, x: float, y: float, w: float, h: float, alt: str, radius: float = 0.0
    ) -> None:
        """Crop ``image`` to the frame, keep at most print resolution, and place it as a JPEG."""
        framed = pictures.crop_to_aspect(image, w / h, theme().crop_focus_y)
        most = round(w / 72 * PRINT_DPI)
        if framed.width > most:
            framed = framed.resize((most, round(most * h / w)), Image.Resampling.LANCZOS)
        if radius:
            corner = round(radius * framed.width / w)
            framed = pictures.round_corners(framed, corner, theme().rgb("paper"))
        data = io.BytesIO(pictures.jpeg(framed))
        self.pdf.image(data, x + self.bleed, y + self.bleed, w, h, alt_text=alt)

    def portrait(self, image: Image.Image, x: float, y: float, diameter: float, alt: str) -> None:
        """A picture in a circle (clipped, so the page colour shows around it)."""
        square = pictures.crop_to_aspect(image, 1.0)
        data = io.BytesIO(pictures.jpeg(square))
        with self.pdf.elliptic_clip(x + self.bleed, y + self.bleed, diameter, diameter):
            self.pdf.image(data, x + self.bleed, y + self.bleed, diameter, diameter, alt_text=alt)

    def output(self) -> bytes:
        return bytes(self.pdf.output())
