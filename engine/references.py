"""Reference portraits: illustrators that keep characters consistent from portraits get one per cast
member, made once per book and art style, stored with the book so a resumed job reuses them."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from engine.media import owned_image, record_usage, store_picture
from engine.providers import Illustrator
from engine.recipes import Recipe
from storage import tables as t
from storage.db import Database


def ensure_references(
    db: Database, illustrator: Illustrator, concurrency: int, user_id: int, book_id: int
) -> tuple[bytes | None, ...]:
    """One portrait per cast member, made once per book and style, for illustrators that use them."""
    if not getattr(illustrator, "uses_references", False):
        return ()
    with db.read() as s:
        book = s.get(t.Book, book_id)
        assert book is not None
        recipe = Recipe.model_validate(book.recipe)
        stored: dict[str, int] = dict(book.recipe.get("reference_images", {}))
        style = recipe.settings.style
        keys = [f"{style}:{i}" for i in range(len(recipe.cast))]
        have = {k: owned_image(s, user_id, stored[k]).data for k in keys if k in stored}
    missing = [i for i, k in enumerate(keys) if k not in have]
    if not missing:
        return tuple(have.get(k) for k in keys)
    with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="portrait") as pool:
        futures = {i: pool.submit(illustrator.portrait, recipe.cast[i], style, recipe.seed) for i in missing}
    made = {i: f.result() for i, f in futures.items() if f.exception() is None}
    # Keep every portrait that arrived (it is paid for) even if another one failed.
    with db.transaction() as s:
        book = s.get(t.Book, book_id, with_for_update=True)
        if book is None:
            return ()
        updated = dict(book.recipe.get("reference_images", {}))
        for i, picture in made.items():
            prompt = f"portrait of {recipe.cast[i].name}"
            updated[keys[i]] = store_picture(s, user_id, picture, prompt=prompt)
            record_usage(s, user_id, picture.usage, book_id=book_id)
            have[keys[i]] = picture.data
        book.recipe = {**book.recipe, "reference_images": updated}
    for future in futures.values():
        error = future.exception()
        if error is not None:
            raise error
    return tuple(have.get(k) for k in keys)
