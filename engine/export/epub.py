"""EPUB 3 e-book of a picture book, written with the standard library (zipfile + string templates).

Reflowable rather than fixed-layout: every reading app (Apple Books, Kobo, Google Play Books, Thorium,
phones) renders reflowable EPUB the same way, while fixed-layout support is patchy; the text stays
resizable and read-aloud friendly for early readers; and one picture-then-text document per page keeps
the picture-book rhythm on any screen shape. The standard library instead of ebooklib: the whole format
is a zip of a few small XML files, we need exact control (mimetype first and stored, nav and landmarks),
and it adds no dependency. Pictures become JPEG (WebP is not an EPUB 3.2 core media type) and Andika is
embedded, subset to the book's characters.
"""

from __future__ import annotations

import io
import logging
import re
import uuid
import zipfile
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from html import escape
from pathlib import Path

from fontTools import subset

from engine.export import pictures
from engine.export.document import PrintableBook
from engine.export.epub_pages import (
    nav_document,
    parents_document,
    story_document,
    title_document,
)
from engine.export.theme import theme
from engine.export.typefaces import FONT_DIR

log = logging.getLogger(__name__)

SCREEN_JPEG_QUALITY = 85  # pictures are looked at on screens here, not printed

_FONTS = {"andika-regular": "Andika-Regular.ttf", "andika-bold": "Andika-Bold.ttf"}
_ALWAYS_IN_FONT = "".join(chr(c) for c in range(0x20, 0x17F)) + "“”‘’–—…•"
_CONTAINER = """<?xml version="1.0" encoding="utf-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles>
<rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>
</rootfiles>
</container>
"""


@dataclass(frozen=True)
class _Item:
    """One file in the package, listed in the OPF manifest."""

    id: str
    href: str
    media_type: str
    data: bytes
    properties: str = ""


def render_epub(book: PrintableBook) -> bytes:
    """The book as EPUB 3 bytes: ``Path("book.epub").write_bytes(render_epub(book))``."""
    language, look = _language(book.language), theme()
    images: list[_Item] = []
    portraits = [
        _add(images, f"portrait-{i}", pictures.as_jpeg(member.portrait, SCREEN_JPEG_QUALITY))
        for i, member in enumerate(book.cast, start=1)
    ]
    title = title_document(book.title, book.byline, book.cast, portraits, language)
    spine = [_xhtml("title", "title.xhtml", title)]
    toc = [("title.xhtml", look.label(language, "title_page"))]
    for number, page in enumerate(book.pages, start=1):
        jpeg = pictures.as_jpeg(page.image, SCREEN_JPEG_QUALITY)
        href = _add(images, f"picture-{number:02d}", jpeg) or _placeholder(images)
        spine.append(
            _xhtml(
                f"page-{number}",
                f"page-{number:02d}.xhtml",
                story_document(page.text, number, href, language),
            )
        )
        toc.append((spine[-1].href, look.label(language, "page", n=number)))
    if book.parents_corner is not None:
        spine.append(_xhtml("parents", "parents.xhtml", parents_document(book.parents_corner, language)))
        toc.append(("parents.xhtml", look.label(language, "parents_corner")))
    first = spine[1].href if len(spine) > 1 else spine[0].href
    nav_text = nav_document(book.title, toc, first, language)
    extra = [
        _Item("nav", "nav.xhtml", "application/xhtml+xml", _utf8(nav_text), "nav"),
        _Item("style", "style.css", "text/css", Path(__file__).with_name("epub.css").read_bytes()),
        *_fonts(book),
    ]
    data = _package(book, language, [*spine, *_with_cover(images), *extra], spine)
    log.info("Wrote an EPUB of %d pages: %d bytes", len(book.pages), len(data))
    return data


def _with_cover(images: list[_Item]) -> list[_Item]:
    """The first story picture doubles as the cover thumbnail in reading apps' libraries."""
    for i, item in enumerate(images):
        if item.id.startswith("picture-"):
            return [*images[:i], replace(item, properties="cover-image"), *images[i + 1 :]]
    return images


def _add(items: list[_Item], name: str, jpeg: bytes | None) -> str | None:
    """Add a JPEG as ``images/<name>.jpg`` and return its href; ``None`` when there is no picture."""
    if jpeg is None:
        return None
    items.append(_Item(name, f"images/{name}.jpg", "image/jpeg", jpeg))
    return items[-1].href


def _placeholder(items: list[_Item]) -> str:
    """One shared soft placeholder picture for every page that is not drawn yet."""
    href = "images/placeholder.jpg"
    if not any(it.href == href for it in items):
        items.append(_Item("placeholder", href, "image/jpeg", pictures.jpeg(pictures.placeholder(512, 512))))
    return href


def _xhtml(item_id: str, href: str, text: str) -> _Item:
    return _Item(item_id, href, "application/xhtml+xml", _utf8(text))


def _utf8(text: str) -> bytes:
    return text.encode("utf-8")


def _language(code: str) -> str:
    """A safe BCP 47 tag for ``xml:lang`` (anything odd becomes English)."""
    return code if re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*", code or "") else "en"


def _fonts(book: PrintableBook) -> list[_Item]:
    """Andika regular and bold, cut down to the characters this book uses (tens of KB, not 1.3 MB)."""
    words = [book.title, book.byline, *(m.name for m in book.cast), *(p.text for p in book.pages)]
    if book.parents_corner is not None:
        words += [*book.parents_corner.questions, book.parents_corner.note]
    words += [v for labels in theme().labels.values() for v in labels.values()]
    text = _ALWAYS_IN_FONT + "".join(words)
    return [
        _Item(name, f"fonts/{name}.ttf", "font/ttf", _subset(FONT_DIR / filename, text))
        for name, filename in _FONTS.items()
    ]


def _subset(path: Path, text: str) -> bytes:
    options = subset.Options()
    options.drop_tables += ["Silf", "Silt", "Glat", "Gloc", "Feat", "Sill"]  # Graphite: not in e-readers
    font = subset.load_font(str(path), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    out = io.BytesIO()
    subset.save_font(font, out, options)
    return out.getvalue()


def _package(book: PrintableBook, language: str, items: list[_Item], spine: list[_Item]) -> bytes:
    """Zip it the way EPUB requires: ``mimetype`` first and uncompressed, then everything else."""
    now = datetime.now(UTC)
    files = [
        ("mimetype", b"application/epub+zip"),
        ("META-INF/container.xml", _utf8(_CONTAINER)),
        ("EPUB/package.opf", _utf8(_opf(book, language, items, spine, now))),
        *((f"EPUB/{item.href}", item.data) for item in items),
    ]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files:
            entry = zipfile.ZipInfo(name, date_time=now.timetuple()[:6])
            entry.external_attr = 0o644 << 16
            # JPEGs don't shrink further; the mimetype must be stored so readers can sniff it.
            stored = name == "mimetype" or name.endswith(".jpg")
            entry.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            archive.writestr(entry, data)
    return out.getvalue()


def _opf(book: PrintableBook, language: str, items: list[_Item], spine: list[_Item], now: datetime) -> str:
    fingerprint = "\n".join([book.title, book.byline, *(p.text for p in book.pages)])
    identifier = uuid.uuid5(uuid.NAMESPACE_URL, "memory-maker:" + fingerprint)
    modified = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    manifest = "\n".join(
        f'<item id="{it.id}" href="{it.href}" media-type="{it.media_type}"'
        + (f' properties="{it.properties}"' if it.properties else "")
        + "/>"
        for it in items
    )
    refs = "\n".join(f'<itemref idref="{it.id}"/>' for it in spine)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="book-id" xml:lang="{language}">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:identifier id="book-id">urn:uuid:{identifier}</dc:identifier>
<dc:title>{escape(book.title)}</dc:title>
<dc:creator>{escape(book.byline)}</dc:creator>
<dc:language>{language}</dc:language>
<meta property="dcterms:modified">{modified}</meta>
</metadata>
<manifest>
{manifest}
</manifest>
<spine>
{refs}
</spine>
</package>
"""
