"""The public surface is a contract: ``engine.__all__`` matches what the README documents."""

from __future__ import annotations

import re
from pathlib import Path

import engine

README = Path(__file__).resolve().parents[1] / "README.md"


def test_engine_exports_exactly_what_the_readme_documents() -> None:
    text = README.read_text(encoding="utf-8")
    section = text.split("### Public API", 1)[1].split("\n\n", 2)[1]
    documented = set(re.findall(r"`([A-Za-z_]+)`", section)) - {"engine", "__all__"}
    assert documented == set(engine.__all__)
    for name in engine.__all__:
        assert hasattr(engine, name), name


def test_the_readme_example_names_real_methods() -> None:
    text = README.read_text(encoding="utf-8")
    studio_attrs = {"accounts", "characters", "books", "jobs", "usage", "admin", "health"}
    for attr, method in re.findall(r"studio\.(\w+)\.(\w+)\(", text):
        assert attr in studio_attrs, attr
        owner = {
            "accounts": "engine.recovery:AccountsWithEmail",
            "characters": "engine.characters:Characters",
            "books": "engine.books:Books",
            "jobs": "engine.jobs:Jobs",
            "usage": "engine.usage:Usage",
            "admin": "engine.admin:Admin",
        }[attr]
        module, cls = owner.split(":")
        klass = getattr(__import__(module, fromlist=[cls]), cls)
        assert hasattr(klass, method), f"studio.{attr}.{method} is documented but does not exist"
