"""Where do the offline writer's repeats come from? A tool for whoever writes the story data.

    .venv/bin/python bench/story_variety.py --age 0-2 [--language es] [--worst 40]

For the ten fixed book settings of ``tests/story_requests.VARIETY_BOOKS``, writes 30
books that differ only in their seed and prints the share of unique sentences for each (the measure of
issue #3: the refrain, which repeats on purpose, counts). With ``--worst N`` it then lists the N sentences
said most often over all those books, each with the data pool (file: keys) its line came from, so a writer
knows which pool needs more or richer lines.
"""

from __future__ import annotations

import argparse
import collections
import statistics
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine.catalog import AgeGroup, Language, choices
from engine.story import phrasing
from engine.story.content import content
from engine.story.draft import sentences
from engine.story.offline import OfflineWriter
from tests.story_requests import VARIETY_BOOKS, said, thirty_seeds


def pools(language: Language) -> dict[str, str]:
    """Every line template in the data, with the path it lives at ("beats: goal.tiny")."""
    found: dict[str, str] = {}

    def walk(node: Any, path: tuple[str, ...]) -> Iterator[tuple[str, tuple[str, ...]]]:
        if isinstance(node, dict):
            for key, value in node.items():
                yield from walk(value, (*path, key))
        elif isinstance(node, list):
            for value in node:
                yield from walk(value, path)
        elif isinstance(node, str):
            yield node, path

    for name, data in content(language).files.items():
        for template, path in walk(data, ()):
            found.setdefault(template, f"{name}: {'.'.join(path)}")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--age", default="3-5", choices=choices(AgeGroup))
    parser.add_argument("--language", default="en", choices=("en", "es"))
    parser.add_argument("--worst", type=int, default=0)
    args = parser.parse_args()
    source: dict[str, str] = {}
    render = phrasing.Binding.render

    def traced(self: phrasing.Binding, template: str, *a: Any, **k: Any) -> phrasing.Rendered:
        out = render(self, template, *a, **k)
        for sentence in sentences(out.text):
            source.setdefault(sentence, template)
        return out

    phrasing.Binding.render = traced  # type: ignore[method-assign]  # this script's own tracing only
    writer, everything, shares = OfflineWriter(), collections.Counter[str](), []
    print(f"{'cast':>6} | {'tone':<11} | {'moral':<17} | {'setting':<15} | unique")
    for book in VARIETY_BOOKS:
        books_said = said(writer, thirty_seeds(book, args.age, args.language))
        everything.update(books_said)
        shares.append(100 * len(set(books_said)) / len(books_said))
        print(f"{len(book[0]):>6} | {book[1]:<11} | {book[2]:<17} | {book[3]:<15} | {shares[-1]:5.1f}%")
    print(f"mean {statistics.mean(shares):.1f}%  min {min(shares):.1f}%")
    where = pools(args.language)
    for sentence, count in everything.most_common(args.worst):
        template = source.get(sentence, "")
        print(f"{count:4d}  {sentence:<60}  {where.get(template, '(composed)')}")


if __name__ == "__main__":
    main()
