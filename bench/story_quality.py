"""How good is the offline story writer? Prints one row per age group.

    .venv/bin/python bench/story_quality.py [--language es] [--books 50]

Columns: mean Flesch–Kincaid grade over random books (Crawford grade for Spanish), the most words on
any page, the share of unique sentences over 30 books with identical settings and different seeds (the
refrain, which repeats on purpose, counts) as the mean and the lowest over the ten fixed settings of
``tests/story_requests.VARIETY_BOOKS``, distinct titles per 100 random books, and the median / worst
milliseconds to write a 24-page book (each the best of three runs of the same book).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine.catalog import AgeGroup, Language, choices
from engine.story.offline import OfflineWriter
from engine.story.readability import flesch_kincaid_grade
from tests.story_requests import VARIETY_BOOKS, best_of_three, random_request, thirty_seeds, unique_share


def row(age: AgeGroup, language: Language, books: int) -> str:
    writer, rng = OfflineWriter(), random.Random(f"bench-{age}")
    grades, most_words = [], 0
    for _ in range(books):
        story = writer.write(random_request(rng, age, language)).story
        grades.append(flesch_kincaid_grade(" ".join(p.text for p in story.pages), language))
        most_words = max(most_words, *(len(p.text.split()) for p in story.pages))
    shares = [100 * unique_share(writer, thirty_seeds(book, age, language)) for book in VARIETY_BOOKS]
    titles = {writer.write(random_request(rng, age, language)).story.title for _ in range(200)}
    times = [1000 * best_of_three(writer, random_request(rng, age, language, pages=24)) for _ in range(30)]
    return (
        f"{age:>5} | {statistics.mean(grades):9.2f} | {most_words:9d} | "
        f"{statistics.mean(shares):5.1f}% / {min(shares):4.1f}% | "
        f"{len(titles) / 2:10.1f} | {statistics.median(times):6.1f} / {max(times):5.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--language", default="en", choices=choices(Language))
    parser.add_argument("--books", type=int, default=50)
    args = parser.parse_args()
    grade = "FK grade" if args.language == "en" else "Crawford"
    print(
        f"  age | {grade:>9} | words/pg  | unique (mean / min) | titles/100 "
        "| ms per 24-page book (median / max)"
    )
    for age in choices(AgeGroup):
        print(row(age, args.language, args.books))  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
