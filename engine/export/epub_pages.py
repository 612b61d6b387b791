"""The XHTML documents inside an EPUB: title page, one document per story page, parent's corner, nav."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence

from engine.export.document import CastEntry, ParentsCornerPage
from engine.export.theme import theme

# Characters XML 1.0 forbids even when escaped: a stray one would make the whole book unreadable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def esc(text: str) -> str:
    """Text safe inside XHTML elements and attributes."""
    return html.escape(_NOT_XML.sub("", unicodedata.normalize("NFC", text)), quote=True)


def paragraphs(text: str, css_class: str = "") -> str:
    """One ``<p>`` per non-empty line, keeping the writer's line breaks."""
    attr = f' class="{css_class}"' if css_class else ""
    return "\n".join(f"<p{attr}>{esc(line.strip())}</p>" for line in text.splitlines() if line.strip())


def document(title: str, language: str, body_class: str, body: str, epub_type: str) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" \
xml:lang="{language}" lang="{language}">
<head>
<meta charset="utf-8"/>
<title>{esc(title)}</title>
<link rel="stylesheet" type="text/css" href="style.css"/>
</head>
<body class="{body_class}" epub:type="{epub_type}">
{body}
</body>
</html>
"""


def title_document(
    title: str, byline: str, cast: Sequence[CastEntry], portraits: Sequence[str | None], language: str
) -> str:
    """Title, byline and the cast; ``portraits`` are image hrefs, ``None`` shows a coloured initial."""
    look = theme()
    members = []
    for i, (member, href) in enumerate(zip(cast, portraits, strict=True)):
        name = esc(member.name)
        if href is not None:
            alt = esc(look.label(language, "portrait", name=member.name))
            face = f'<img src="{href}" alt="{alt}"/>'
        else:
            color = look.accents[i % len(look.accents)]
            initial = esc(member.name[:1].upper())
            face = f'<span class="initial" style="background-color: {color}">{initial}</span>'
        members.append(f"<li>{face}{name}</li>")
    cast_html = ""
    if members:
        starring = esc(look.label(language, "starring"))
        cast_html = f'<h2>{starring}</h2>\n<ul class="cast">\n' + "\n".join(members) + "\n</ul>"
    body = f'<h1 class="title">{esc(title)}</h1>\n<p class="byline">{esc(byline)}</p>\n{cast_html}'
    return document(
        title, language, "front", f'<section epub:type="titlepage">\n{body}\n</section>', "frontmatter"
    )


def story_document(text: str, number: int, image_href: str, language: str) -> str:
    look = theme()
    alt = esc(look.label(language, "picture", n=number))
    body = (
        f'<section class="story" epub:type="chapter" id="page-{number}">\n'
        f'<figure class="picture"><img src="{image_href}" alt="{alt}"/></figure>\n'
        f"{paragraphs(text)}\n</section>"
    )
    return document(look.label(language, "page", n=number), language, "page", body, "bodymatter")


def parents_document(corner: ParentsCornerPage, language: str) -> str:
    look = theme()
    heading = look.label(language, "parents_corner")
    questions = "\n".join(f"<li>{esc(q)}</li>" for q in corner.questions if q.strip())
    parts = [
        f"<h1>{esc(heading)}</h1>",
        f"<h2>{esc(look.label(language, 'questions'))}</h2>",
        f"<ol>\n{questions}\n</ol>" if questions else "",
        paragraphs(corner.note, "note"),
    ]
    body = '<section class="parents">\n' + "\n".join(p for p in parts if p) + "\n</section>"
    return document(heading, language, "back", body, "backmatter")


def nav_document(title: str, entries: Sequence[tuple[str, str]], first_page: str, language: str) -> str:
    """The table of contents (``entries`` are href, label) and landmarks every EPUB 3 needs."""
    look = theme()
    items = "\n".join(f'<li><a href="{href}">{esc(label)}</a></li>' for href, label in entries)
    body = (
        f'<nav epub:type="toc" id="toc">\n<h1>{esc(look.label(language, "contents"))}</h1>\n'
        f"<ol>\n{items}\n</ol>\n</nav>\n"
        '<nav epub:type="landmarks" id="landmarks" hidden="hidden">\n<ol>\n'
        f'<li><a epub:type="bodymatter" href="{first_page}">{esc(title)}</a></li>\n'
        "</ol>\n</nav>"
    )
    return document(title, language, "nav", body, "frontmatter")
