"""The pages around the story: the title page (title, byline, the cast in round portraits) and the
parent's corner (questions to talk about, and a note for grown-ups)."""

from __future__ import annotations

from collections.abc import Sequence

from engine.export import pictures
from engine.export.document import CastEntry, ParentsCornerPage, PrintableBook
from engine.export.pdf_sheet import Fitted, Sheet, sizes_between
from engine.export.theme import theme
from engine.export.typefaces import printable

PORTRAIT_MAX = 1.35 * 72
PER_ROW = 4
RING = 4.0
BULLET_INDENT = 24.0
NOTE_PAD = 16.0


def title_page(sheet: Sheet, book: PrintableBook) -> None:
    look, w, h = theme(), sheet.width, sheet.height
    sheet.new_page(look.rgb("title_paper"))
    for i, (x, y, d) in enumerate(look.bubbles):
        sheet.circle(look.accent(i), x * w, y * h, d * w, look.bubble_opacity)
    width = 0.8 * w
    sizes = look.sizes
    title = sheet.fit_or_cut(
        printable(book.title), width, 0.3 * h, sizes_between(sizes["title_max"], sizes["title_min"]), "B"
    )
    byline_room = 3 * sizes["byline"] * sizes["line_height"]
    byline = sheet.fit_or_cut(printable(book.byline), width, byline_room, sizes_between(sizes["byline"], 10))
    block = title.height + 16 + byline.height + 30
    region_bottom = 0.55 * h if book.cast else 0.85 * h
    y = 0.1 * h + (region_bottom - 0.1 * h - block) / 2
    sheet.write(title, 0.1 * w, y, width, look.rgb("ink"), "B")
    sheet.write(byline, 0.1 * w, y + title.height + 16, width, look.rgb("muted"))
    dots_y = y + title.height + 16 + byline.height + 18
    for i in range(3):
        sheet.circle(look.accent(i), w / 2 - 21 + i * 18, dots_y, 6)
    if book.cast:
        cast_section(sheet, book.cast, book.language, top=0.6 * h, bottom=0.93 * h)


def cast_section(sheet: Sheet, cast: Sequence[CastEntry], language: str, top: float, bottom: float) -> None:
    """ "Starring" and the cast in rows of up to four round portraits, names underneath."""
    look, w = theme(), sheet.width
    label = sheet.fit_or_cut(look.label(language, "starring"), w, 30, [look.sizes["name"]])
    per_row = min(len(cast), PER_ROW)
    rows = -(-len(cast) // per_row)
    gap, name_room = 26.0, 2 * look.sizes["name"] * look.sizes["line_height"]
    row_room = (bottom - top - label.height - 12) / rows
    diameter = min(PORTRAIT_MAX, (0.84 * w - (per_row - 1) * gap) / per_row, row_room - name_room - 18)
    row_room = diameter + name_room + 18
    top += (bottom - top - label.height - 12 - rows * row_room) / 2  # centre the cast in its space
    sheet.write(label, 0, top, w, look.rgb("muted"))
    for index, member in enumerate(cast):
        row, col = divmod(index, per_row)
        in_row = min(per_row, len(cast) - row * per_row)
        left = (w - (in_row * diameter + (in_row - 1) * gap)) / 2
        x = left + col * (diameter + gap)
        y = top + label.height + 12 + RING + row * row_room
        cast_member(sheet, member, index, x, y, diameter, gap, language)


def cast_member(
    sheet: Sheet, member: CastEntry, index: int, x: float, y: float, d: float, gap: float, language: str
) -> None:
    look = theme()
    name = printable(member.name)
    sheet.circle(look.accent(index), x - RING, y - RING, d + 2 * RING)
    image = pictures.decode(member.portrait)
    if image is not None:
        sheet.portrait(image, x, y, d, look.label(language, "portrait", name=name))
    elif name:
        initial = Fitted((name[0].upper(),), round(d * 0.42), d * 0.5)
        sheet.write(initial, x, y + d / 2 - initial.line_height / 2, d, look.rgb("paper"), "B")
    room = 2 * look.sizes["name"] * look.sizes["line_height"]
    label = sheet.fit_or_cut(name, d + gap - 6, room, sizes_between(look.sizes["name"], 9), "B")
    sheet.write(label, x - (gap - 6) / 2, y + d + RING + 8, d + gap - 6, look.rgb("ink"), "B")


def parents_corner_page(sheet: Sheet, corner: ParentsCornerPage, language: str) -> None:
    """Heading, questions and note, centred on the page when short; type shrinks when long."""
    look, w, h = theme(), sheet.width, sheet.height
    sheet.new_page(look.rgb("title_paper"))
    margin = max(48.0, 0.1 * w)
    width = w - 2 * margin
    heading = sheet.fit_or_cut(
        look.label(language, "parents_corner"), width, 80, sizes_between(look.sizes["heading"], 16), "B"
    )
    sub = sheet.fit_or_cut(look.label(language, "questions"), width, 40, sizes_between(14, 10))
    top_part = heading.height + 4 + sub.height + 26
    questions = [q for q in (printable(q) for q in corner.questions) if q]
    blocks = fit_corner(sheet, questions, printable(corner.note), width, 0.84 * h - top_part)
    y = max(0.08 * h, (h - top_part - corner_height(blocks, len(questions))) / 2.2)
    sheet.write(heading, margin, y, width, look.rgb("ink"), "B")
    sheet.write(sub, margin, y + heading.height + 4, width, look.rgb("muted"))
    draw_corner(sheet, blocks, len(questions), margin, y + top_part, width)


def fit_corner(sheet: Sheet, questions: list[str], note: str, width: float, room: float) -> list[Fitted]:
    """The biggest size at which every question and the note fit whole (else cut at the smallest)."""
    texts = [*questions, *([note] if note else [])]
    widths = [width - BULLET_INDENT] * len(questions) + [width - 2 * NOTE_PAD] * bool(note)
    blocks: list[Fitted] = []
    for size in sizes_between(17, 10):
        blocks = stack(sheet, texts, widths, size, room - (2 * NOTE_PAD if note else 0))
        if len(blocks) == len(texts) and not any(b.cut for b in blocks):
            break
    return blocks


def corner_height(blocks: list[Fitted], questions: int) -> float:
    asked = sum(b.height + b.size * 0.7 for b in blocks[:questions])
    return asked + sum(12 + b.height + 2 * NOTE_PAD for b in blocks[questions:])


def draw_corner(sheet: Sheet, blocks: list[Fitted], questions: int, x: float, y: float, width: float) -> None:
    """Questions with coloured bullets, then the note in a soft rounded box."""
    look = theme()
    for i, block in enumerate(blocks):
        if i < questions:
            dot = block.size * 0.5
            sheet.circle(look.accent(i), x, y + (block.line_height - dot) / 2, dot)
            sheet.write(block, x + BULLET_INDENT, y, width - BULLET_INDENT, look.rgb("ink"), align="L")
            y += block.height + block.size * 0.7
        else:
            y += 12
            sheet.rounded_box(look.rgb("note_paper"), x, y, width, block.height + 2 * NOTE_PAD, 14)
            sheet.write(block, x + NOTE_PAD, y + NOTE_PAD, width - 2 * NOTE_PAD, look.rgb("ink"))


def stack(sheet: Sheet, texts: list[str], widths: list[float], size: float, room: float) -> list[Fitted]:
    """Blocks at one size, each cut to the room left; stops when not even one more line fits."""
    blocks: list[Fitted] = []
    for text, width in zip(texts, widths, strict=True):
        line = size * theme().sizes["line_height"]
        if room < line:
            break
        block = sheet.cut(text, width, room, size)
        blocks.append(block)
        room -= block.height + size * 0.7
    return blocks
