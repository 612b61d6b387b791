"""Storing and fetching the family's pictures and sounds, always scoped to their owner."""

from __future__ import annotations

from sqlalchemy.orm import Session as DbSession

from engine import metrics
from engine.errors import NotFound
from engine.providers import Picture, Speech, Usage
from storage import tables as t


def store_picture(s: DbSession, owner_id: int, picture: Picture, *, prompt: str | None = None) -> int:
    image = t.Image(
        owner_id=owner_id,
        data=picture.data,
        format=picture.format,
        width=picture.width,
        height=picture.height,
        provider=picture.provider,
        model=picture.model,
        prompt=(prompt if prompt is not None else picture.prompt)[:4000],
        seed=picture.seed,
        cost_usd=sum(u.cost_usd for u in picture.usage),
    )
    s.add(image)
    s.flush()
    return image.id


def store_speech(s: DbSession, owner_id: int, speech: Speech, *, text_hash: str) -> int:
    audio = t.Audio(
        owner_id=owner_id,
        data=speech.data,
        format=speech.format,
        duration_s=speech.duration_s,
        provider=speech.provider,
        model=speech.model,
        voice=speech.voice,
        text_hash=text_hash,
        cost_usd=sum(u.cost_usd for u in speech.usage),
    )
    s.add(audio)
    s.flush()
    return audio.id


def record_usage(s: DbSession, user_id: int, usage: tuple[Usage, ...], *, book_id: int | None) -> None:
    """Usage rows go in the same transaction as what they paid for, so a crash never counts twice."""
    for u in usage:
        if u.cost_usd:
            metrics.COST_USD.labels(u.provider, u.model).inc(u.cost_usd)
        s.add(
            t.UsageEvent(
                user_id=user_id,
                book_id=book_id,
                what=u.what,
                provider=u.provider,
                model=u.model,
                units=u.units,
                cost_usd=u.cost_usd,
            )
        )


def owned_image(s: DbSession, owner_id: int, image_id: int) -> t.Image:
    row = s.get(t.Image, image_id) if isinstance(image_id, int) and 0 < image_id < 2**62 else None
    if row is None or row.owner_id != owner_id:
        raise NotFound("We couldn't find that picture.")
    return row


def delete_image(s: DbSession, image_id: int | None) -> None:
    if image_id is None:
        return
    row = s.get(t.Image, image_id)
    if row is not None:
        s.delete(row)
