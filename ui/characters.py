"""Characters page: the family's cast as portrait cards, a designer with a live preview, and delete."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

import gradio as gr

from engine import Character, CharacterSpec, Studio, User
from engine.catalog import Accessory, CharacterKind, HairStyle, Pronouns, choices, label
from ui.common import (
    friendly_errors,
    image_url,
    picture_grid,
    placeholder_url,
    signed_in,
    status_html,
    text,
)

DEFAULT = CharacterSpec(name="New friend")
EMPTY_NOTE = "No characters yet. Design your first one on the right, then press Save."


def options(literal: object) -> list[tuple[str, str]]:
    return [(label(v), v) for v in choices(literal)]


@dataclass(frozen=True)
class CharactersPage:
    outputs: tuple[gr.components.Component, ...]

    def fill(self, studio: Studio, user: User, request: gr.Request) -> list[Any]:
        fresh = preview_html(studio.characters.preview(DEFAULT), "")
        return [*cards(studio.characters.list(user), request), *form_values(DEFAULT, None, fresh)]

    def clear(self) -> list[Any]:
        return [gr.update(value=[], visible=False), [], gr.update(visible=True), *form_values(DEFAULT, None)]


def cards(cast: list[Character], request: gr.Request) -> list[Any]:
    """Gallery items (portrait, name), the ids in the same order, and the empty-cast hint."""
    items = [
        (image_url(request, c.portrait_image_id) if c.portrait_image_id else placeholder_url(request), c.name)
        for c in cast
    ]
    return [
        gr.update(value=items, visible=bool(items)),
        [c.id for c in cast],
        gr.update(visible=not cast),
    ]


def form_values(spec: CharacterSpec, editing: int | None, preview: str = "") -> list[Any]:
    heading = f"<h2>Editing {text(spec.name)}</h2>" if editing else "<h2>Design a new character</h2>"
    return [
        editing,
        heading,
        preview,
        "" if editing is None else spec.name,
        spec.kind,
        spec.pronouns or "",
        ", ".join(spec.traits),
        spec.skin,
        spec.hair_color,
        spec.hair_style,
        spec.eye_color,
        spec.outfit_primary,
        spec.outfit_secondary,
        spec.accessory,
        gr.update(visible=editing is not None),
        gr.update(visible=False),
    ]


def spec_from(values: tuple[Any, ...]) -> CharacterSpec:
    name, kind, pronouns, traits, skin, hair, hair_style, eyes, outfit, outfit2, accessory = values
    words = [w.strip() for w in str(traits or "").split(",") if w.strip()]
    return CharacterSpec(
        name=name,
        kind=kind,
        pronouns=pronouns or None,
        traits=tuple(words),
        skin=skin,
        hair_color=hair,
        hair_style=hair_style,
        eye_color=eyes,
        outfit_primary=outfit,
        outfit_secondary=outfit2,
        accessory=accessory,
    )


def portrait_html(src: str, name: str) -> str:
    alt = text(f"Portrait of {name}" if name else "Preview of your character")
    return f'<div class="mm-portrait"><img src="{text(src)}" alt="{alt}"></div>'


def preview_html(picture: bytes, name: str) -> str:
    """The live preview inline as a data URL: nothing is written to disk or served to anyone else."""
    return portrait_html("data:image/webp;base64," + base64.b64encode(picture).decode(), name)


def stored_portrait(character: Character, request: gr.Request) -> str:
    if character.portrait_image_id is None:
        return ""
    return portrait_html(image_url(request, character.portrait_image_id), character.name)


def build(studio: Studio) -> CharactersPage:
    editing = gr.State(None)
    ids = gr.State([])
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=280):
            gr.HTML("<h2>Your characters</h2><p>Choose one to change it.</p>", js_on_load=None)
            gallery = picture_grid("Your characters", "mm-cast")
            empty = gr.HTML(status_html(EMPTY_NOTE), js_on_load=None)
            new = gr.Button("New character", elem_id="mm-new-character")
        with gr.Column(scale=2, min_width=280, elem_id="mm-designer"):
            heading = gr.HTML("<h2>Design a new character</h2>", js_on_load=None)
            preview = gr.HTML(js_on_load=None, elem_id="mm-preview", min_height=200)
            name = gr.Textbox(label="Name", max_length=40, elem_id="mm-character-name")
            kind = gr.Dropdown(options(CharacterKind), value="child", label="Who are they?")
            pronouns = gr.Dropdown(
                [("Usual for who they are", ""), *options(Pronouns)], value="", label="Pronouns"
            )
            traits = gr.Textbox(label="What are they like? (up to 6 words, with commas)", max_length=200)
            with gr.Row():
                skin = gr.ColorPicker(DEFAULT.skin, label="Skin or fur colour", min_width=100)
                hair = gr.ColorPicker(DEFAULT.hair_color, label="Hair colour", min_width=100)
                eyes = gr.ColorPicker(DEFAULT.eye_color, label="Eye colour", min_width=100)
            hair_style = gr.Dropdown(options(HairStyle), value=DEFAULT.hair_style, label="Hair style")
            with gr.Row():
                outfit = gr.ColorPicker(DEFAULT.outfit_primary, label="Outfit colour", min_width=100)
                outfit2 = gr.ColorPicker(
                    DEFAULT.outfit_secondary, label="Second outfit colour", min_width=100
                )
            accessory = gr.Dropdown(options(Accessory), value=DEFAULT.accessory, label="Accessory")
            save = gr.Button("Save character", variant="primary", elem_id="mm-save-character")
            note = gr.HTML(js_on_load=None, elem_id="mm-character-note")
            delete = gr.Button("Delete this character", variant="stop", visible=False)
            with gr.Row(visible=False) as confirm_row:
                gr.HTML("<p>Delete for good? Books already made keep their copy.</p>", js_on_load=None)
                confirm = gr.Button("Yes, delete", variant="stop")
                keep = gr.Button("Keep")

    fields = [name, kind, pronouns, traits, skin, hair, hair_style, eyes, outfit, outfit2, accessory]
    form = [editing, heading, preview, *fields, delete, confirm_row]
    listing = [gallery, ids, empty]

    @friendly_errors
    def show_preview(request: gr.Request, *values: Any) -> Any:
        signed_in(studio, request)
        try:
            spec = spec_from((values[0] or "Preview", *values[1:]))
        except Exception:  # half-typed values: keep the last good preview
            return gr.skip()
        return preview_html(studio.characters.preview(spec), str(values[0] or ""))

    @friendly_errors
    def pick(ids: list[int], evt: gr.SelectData, request: gr.Request) -> list[Any]:
        user = signed_in(studio, request)
        index = evt.index if isinstance(evt.index, int) else -1
        if not 0 <= index < len(ids):
            return [gr.skip()] * (len(form) + 1)
        character = studio.characters.get(user, ids[index])
        return [*form_values(character.spec, character.id, stored_portrait(character, request)), ""]

    @friendly_errors
    def start_new(request: gr.Request) -> list[Any]:
        signed_in(studio, request)
        return [*form_values(DEFAULT, None, preview_html(studio.characters.preview(DEFAULT), "")), ""]

    @friendly_errors
    def save_character(request: gr.Request, editing: int | None, *values: Any) -> list[Any]:
        user = signed_in(studio, request)
        spec = spec_from(values)
        if editing is None:
            saved = studio.characters.create(user, spec)
        else:
            saved = studio.characters.update(user, editing, spec)
        done = status_html(f"Saved {saved.name}.", "ok")
        portrait = stored_portrait(saved, request)
        return [
            *cards(studio.characters.list(user), request),
            *form_values(saved.spec, saved.id, portrait),
            done,
        ]

    @friendly_errors
    def delete_character(editing: int | None, request: gr.Request) -> list[Any]:
        user = signed_in(studio, request)
        if editing is not None:
            studio.characters.delete(user, editing)
        done = status_html("Deleted.", "ok")
        fresh = preview_html(studio.characters.preview(DEFAULT), "")
        return [*cards(studio.characters.list(user), request), *form_values(DEFAULT, None, fresh), done]

    live: list[gr.Dropdown | gr.ColorPicker] = [
        kind,
        pronouns,
        skin,
        hair,
        hair_style,
        eyes,
        outfit,
        outfit2,
        accessory,
    ]
    for control in live:
        control.input(show_preview, fields, preview, show_progress="hidden", api_visibility="undocumented")
    gallery.select(pick, ids, [*form, note], api_name="character_open", api_visibility="undocumented")
    new.click(start_new, None, [*form, note], api_visibility="undocumented")
    save.click(
        save_character,
        [editing, *fields],
        [*listing, *form, note],
        api_name="character_save",
        api_visibility="undocumented",
    )
    delete.click(lambda: gr.update(visible=True), None, confirm_row, api_visibility="private")
    keep.click(lambda: gr.update(visible=False), None, confirm_row, api_visibility="private")
    confirm.click(
        delete_character,
        editing,
        [*listing, *form, note],
        api_name="character_delete",
        api_visibility="undocumented",
    )
    return CharactersPage(outputs=(*listing, *form))
