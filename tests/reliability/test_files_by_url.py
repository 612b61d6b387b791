"""Another family's files can't be fetched by URL, however the URL is dressed up: every picture, PDF,
read-aloud and the data archive of a victim family, with tricks on the path, through Gradio's own file
routes, as another family, signed out, or with forged, expired and revoked sessions."""

from __future__ import annotations

import io
import zipfile
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from engine import Studio
from tests.app_server import AppServer, Family
from tests.reliability.conftest import Victim, sign_up
from tests.reliability.figures import record

pytestmark = [pytest.mark.reliability, pytest.mark.slow]
FORGED = "A" * 43


def victim_urls(victim: Victim) -> list[str]:
    """Every URL that names one of the victim's files, plain and dressed up."""
    book = victim.book
    images = [p.image_id for p in book.pages if p.image_id] + [i for i in victim.ids if i not in (book.id,)]
    urls = []
    for image in sorted(set(images)):
        urls += [
            f"/media/images/{image}.webp",
            f"/media/images/{image:06d}.webp",
            f"/media/images/+{image}.webp",
        ]
        urls += [f"/media/images/{image}.webp?owner={victim.family.user.id}", f"/media//images/{image}.webp"]
        urls += [f"/media/images/{image}.png", f"/media/images/%2e%2e/images/{image}.webp"]
    for size in ("square", "a4", "letter", "../../x"):
        urls.append(f"/media/books/{book.id}.pdf?size={size}")
    urls += [f"/media/books/{book.id}/pages/{p.index}/read-aloud" for p in book.pages]
    urls += [f"/media/books/{book.id:04d}.pdf", f"/media/books/{book.id}.pdf/../{book.id}.pdf"]
    return urls


def server_files(server: AppServer) -> list[str]:
    """Gradio's own file routes pointed at the database and the log."""
    paths = [server.data_dir / "memory-maker.db", server.log_path, server.data_dir / "memory-maker.db-wal"]
    urls = []
    for path in paths:
        urls += [f"/gradio_api/file={path}", f"/file={path}", f"/gradio_api/file=../../../../{path}"]
    urls += ["/gradio_api/file=memory-maker.db", "/gradio_api/file=/etc/passwd", "/static/../memory-maker.db"]
    return urls


def fetch(server: AppServer, url: str, token: str | None) -> httpx.Response:
    cookies = {"mm_session": token} if token else None
    return httpx.get(f"{server.url}{url}", cookies=cookies, timeout=60, follow_redirects=True)


def archive_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return " ".join(archive.read(name).decode("latin-1") for name in archive.namelist())


@pytest.fixture(scope="module")
def stranger(quiet_app: AppServer, quiet_studio: Studio) -> Family:
    return sign_up(quiet_app, quiet_studio, "stranger@example.org", "Stan Stranger")


def test_no_url_gives_another_family_s_files_to_anyone_else(
    quiet_app: AppServer, quiet_studio: Studio, victim: Victim, stranger: Family
) -> None:
    first_picture = next(p.image_id for p in victim.book.pages if p.image_id)
    own = fetch(quiet_app, f"/media/images/{first_picture}.webp", victim.family.token)
    assert own.status_code == 200 and own.headers["content-type"].startswith("image/"), "the URLs are right"
    tokens = [stranger.token, None, FORGED, victim.expired_token, victim.revoked_token]
    attempts = [(url, token) for url in victim_urls(victim) + server_files(quiet_app) for token in tokens]
    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(lambda a: fetch(quiet_app, *a), attempts))
    leaks = [
        f"{url} ({'stranger' if token == stranger.token else token and token[:6]}): {answer.status_code}"
        for (url, token), answer in zip(attempts, answers, strict=True)
        if answer.status_code == 200
    ]
    archive = fetch(quiet_app, "/media/my-data.zip", stranger.token)
    in_archive = [m for m in victim.markers if m in archive_text(archive.content)]
    record("test_files_by_url", urls_tried=len(attempts) + 1, leaks=len(leaks) + len(in_archive))
    assert leaks == []
    assert archive.status_code == 200 and in_archive == [], "the stranger's own archive holds only theirs"
    assert all(a.status_code in (400, 401, 403, 404, 405, 422) for a in answers)
