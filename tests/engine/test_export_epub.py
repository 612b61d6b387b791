"""The EPUB 3 e-book: its zip structure, package document and pages, and epubcheck where installed."""

from __future__ import annotations

import io
import posixpath
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from engine.export.document import CastEntry, ParentsCornerPage, PrintableBook, PrintablePage
from engine.export.epub import render_epub

OPF = "{http://www.idpf.org/2007/opf}"
XHTML = "{http://www.w3.org/1999/xhtml}"
EPUBCHECK = Path("/usr/bin/epubcheck")


def picture(colour: tuple[int, int, int], fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA" if fmt == "PNG" else "RGB", (200, 200), colour).save(out, fmt)
    return out.getvalue()


def sample_book(language: str = "en") -> PrintableBook:
    return PrintableBook(
        title="Tom & Zoë <the brave>",
        byline="A story for Sal, made with love by Grandma",
        language=language,
        cast=(CastEntry("Zoë 🐶", picture((200, 80, 60), "PNG")), CastEntry("小明", None)),
        pages=(
            PrintablePage("Zoë found a shell.\nIt sang like the sea.", picture((60, 120, 220), "WEBP")),
            PrintablePage("小明 said «¡hola!» & waved 🐶.", picture((240, 170, 40), "JPEG")),
            PrintablePage("Not drawn yet.", None),
            PrintablePage("Still not drawn.", None),
        ),
        parents_corner=ParentsCornerPage(("What did the shell sing?", "Who waved?"), "Read it slowly."),
    )


@pytest.fixture(scope="module")
def epub() -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(render_epub(sample_book())))


def package(epub: zipfile.ZipFile) -> tuple[str, ET.Element]:
    container = ET.fromstring(epub.read("META-INF/container.xml"))
    rootfile = container.find(".//{urn:oasis:names:tc:opendocument:xmlns:container}rootfile")
    assert rootfile is not None and rootfile.get("media-type") == "application/oebps-package+xml"
    path = rootfile.get("full-path") or ""
    return posixpath.dirname(path), ET.fromstring(epub.read(path))


def manifest(epub: zipfile.ZipFile) -> dict[str, ET.Element]:
    _, opf = package(epub)
    return {item.get("id") or "": item for item in opf.iter(f"{OPF}item")}


def test_mimetype_is_the_first_entry_and_stored_uncompressed(epub: zipfile.ZipFile) -> None:
    first = epub.infolist()[0]
    assert first.filename == "mimetype"
    assert first.compress_type == zipfile.ZIP_STORED
    assert epub.read("mimetype") == b"application/epub+zip"


def test_package_has_metadata_manifest_spine_and_a_nav_document(epub: zipfile.ZipFile) -> None:
    root, opf = package(epub)
    assert opf.get("version") == "3.0"
    assert opf.findtext(".//{http://purl.org/dc/elements/1.1/}title") == "Tom & Zoë <the brave>"
    assert opf.findtext(".//{http://purl.org/dc/elements/1.1/}language") == "en"
    navs = [item for item in manifest(epub).values() if "nav" in (item.get("properties") or "").split()]
    assert len(navs) == 1
    nav = ET.fromstring(epub.read(posixpath.join(root, navs[0].get("href") or "")))
    assert nav.find(f".//{XHTML}nav[@{{http://www.idpf.org/2007/ops}}type='toc']") is not None


def test_spine_reads_title_page_then_story_pages_in_order_then_parents_corner(epub: zipfile.ZipFile) -> None:
    root, opf = package(epub)
    items = manifest(epub)
    order = [items[ref.get("idref") or ""].get("href") for ref in opf.iter(f"{OPF}itemref")]
    assert order == [
        "title.xhtml",
        "page-01.xhtml",
        "page-02.xhtml",
        "page-03.xhtml",
        "page-04.xhtml",
        "parents.xhtml",
    ]
    second = epub.read(posixpath.join(root, "page-02.xhtml")).decode()
    assert "小明 said «¡hola!» &amp; waved 🐶." in second


def test_every_xhtml_document_is_well_formed_xml(epub: zipfile.ZipFile) -> None:
    documents = [name for name in epub.namelist() if name.endswith((".xhtml", ".opf", ".xml"))]
    assert len(documents) >= 8
    for name in documents:
        ET.fromstring(epub.read(name))  # raises on any malformed document


def test_every_referenced_file_exists_and_every_file_is_in_the_manifest(epub: zipfile.ZipFile) -> None:
    root, _ = package(epub)
    names = set(epub.namelist())
    listed = {posixpath.join(root, item.get("href") or "") for item in manifest(epub).values()}
    assert listed <= names
    assert names - listed == {"mimetype", "META-INF/container.xml", posixpath.join(root, "package.opf")}
    for name in (n for n in names if n.endswith(".xhtml")):
        doc = ET.fromstring(epub.read(name))
        refs = [el.get("src") or "" for el in doc.iter(f"{XHTML}img")]
        refs += [el.get("href") or "" for el in doc.iter(f"{XHTML}link")]
        for ref in refs:
            assert posixpath.normpath(posixpath.join(posixpath.dirname(name), ref)) in listed, ref
    css = epub.read(posixpath.join(root, "style.css")).decode()
    for url in re.findall(r'url\("([^"]+)"\)', css):
        assert posixpath.join(root, url) in listed


def test_pictures_of_any_format_become_jpeg_and_missing_ones_share_a_placeholder(
    epub: zipfile.ZipFile,
) -> None:
    images = [name for name in epub.namelist() if "/images/" in name]
    assert all(epub.read(name)[:3] == b"\xff\xd8\xff" for name in images)  # JPEG magic
    assert sorted(posixpath.basename(n) for n in images) == [
        "picture-01.jpg",
        "picture-02.jpg",
        "placeholder.jpg",
        "portrait-1.jpg",
    ]


def test_title_page_lists_the_cast_with_portraits_or_initials(epub: zipfile.ZipFile) -> None:
    root, _ = package(epub)
    title = ET.fromstring(epub.read(posixpath.join(root, "title.xhtml")))
    names = ["".join(li.itertext()) for li in title.iter(f"{XHTML}li")]
    assert names == ["Zoë 🐶", "小小明"]  # the second shows its initial before the name
    assert [img.get("alt") for img in title.iter(f"{XHTML}img")] == ["Portrait of Zoë 🐶"]


def test_spanish_book_has_spanish_language_and_labels() -> None:
    epub = zipfile.ZipFile(io.BytesIO(render_epub(sample_book("es"))))
    root, opf = package(epub)
    assert opf.findtext(".//{http://purl.org/dc/elements/1.1/}language") == "es"
    nav = epub.read(posixpath.join(root, "nav.xhtml")).decode()
    assert "Página 1" in nav and "El rincón de los padres" in nav
    assert 'xml:lang="es"' in nav


@pytest.mark.slow
@pytest.mark.skipif(not EPUBCHECK.exists() or shutil.which("java") is None, reason="needs Debian's epubcheck")
def test_epubcheck_finds_no_errors_or_warnings(tmp_path: Path) -> None:
    path = tmp_path / "book.epub"
    path.write_bytes(render_epub(sample_book()))
    result = subprocess.run(
        ["java", "-jar", str(EPUBCHECK.resolve()), str(path)], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No errors or warnings detected" in result.stdout
