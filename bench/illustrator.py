"""Benchmark the offline illustrator: milliseconds per 1024×1024 picture per style, median of 20.

Prints, per style: the whole ``draw()`` (render + JPEG, what a family waits for), JPEG encoding alone,
PNG encoding alone for comparison, and the JPEG size. Run: ``.venv/bin/python bench/illustrator.py``.
The pages rotate through settings, times, weather and cameras so the median is a typical page.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path
from typing import get_args

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine.art.compose import render
from engine.art.encode import encode, encode_png
from engine.art.offline import OfflineIllustrator
from engine.catalog import ArtStyle, Setting
from engine.models import CharacterSpec, Scene, SceneCharacter
from engine.providers import PictureRequest

STYLES: tuple[ArtStyle, ...] = get_args(ArtStyle)
SETTINGS: tuple[Setting, ...] = get_args(Setting)

RUNS = 20
CAST = (
    CharacterSpec(name="Mia", kind="girl", hair_style="pigtails", accessory="bow"),
    CharacterSpec(name="Dad", kind="dad", accessory="glasses"),
    CharacterSpec(name="Biscuit", kind="dog", skin="#c8915a"),
)
POSES = ("waving", "walking", "running", "sitting", "pointing", "jumping")


def _request(style: ArtStyle, i: int) -> PictureRequest:
    settings = SETTINGS
    scene = Scene(
        setting=settings[i % len(settings)],
        time_of_day=("morning", "day", "afternoon", "evening", "night")[i % 5],
        weather=("clear", "cloudy", "rain", "snow", "windy")[(i // 2) % 5],
        camera=("wide", "medium", "close")[i % 3],
        characters=tuple(SceneCharacter(who=w, action=POSES[(i + w) % len(POSES)]) for w in range(1 + i % 3)),
        props=(("ball", "kite", "basket", "lantern", "gift")[i % 5],),
    )
    return PictureRequest(scene=scene, cast=CAST, style=style, seed=11, page_index=i)


def _ms(fn: object, *args: object) -> float:
    start = time.perf_counter()
    fn(*args)  # type: ignore[operator]
    return (time.perf_counter() - start) * 1000


def main() -> None:
    illustrator = OfflineIllustrator()
    print(f"{'style':<11}{'draw ms':>9}{'jpeg ms':>9}{'png ms':>8}{'jpeg KB':>9}{'max KB':>8}")
    for style in STYLES:
        illustrator.draw(_request(style, 0))  # warm the texture caches once per style
        draws, jpegs, pngs, sizes = [], [], [], []
        for i in range(RUNS):
            request = _request(style, i)
            draws.append(_ms(illustrator.draw, request))
            image = render(request)
            jpegs.append(_ms(encode, image))
            pngs.append(_ms(encode_png, image))
            sizes.append(len(encode(image)) / 1024)
        print(
            f"{style:<11}{statistics.median(draws):>9.0f}{statistics.median(jpegs):>9.1f}{statistics.median(pngs):>8.0f}"
            f"{statistics.median(sizes):>9.0f}{max(sizes):>8.0f}"
        )


if __name__ == "__main__":
    main()
