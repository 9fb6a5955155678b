"""Typed records: the note collector counts repeated notes instead of repeating them."""

from __future__ import annotations

import pickle

from wpmigrate.model import NoteKind, Notes


def test_repeated_notes_are_counted() -> None:
    notes = Notes(item_id="7")
    for _ in range(3):
        notes.add("normalize", NoteKind.BLOCK, "core/column: layout flattened")
    notes.add("normalize", NoteKind.BLOCK, "core/column: layout flattened", field="excerpt")
    notes.add("normalize", NoteKind.RAW_HTML, "custom HTML kept as written")
    assert [(n.message, n.field) for n in notes.items] == [
        ("core/column: layout flattened (x3)", ""),
        ("core/column: layout flattened", "excerpt"),
        ("custom HTML kept as written", ""),
    ]
    assert all(n.item_id == "7" for n in notes.items)


def test_notes_travel_between_processes() -> None:
    notes = Notes(item_id="1")
    notes.add("repair", NoteKind.MOJIBAKE, "text repaired", field="title")
    again = pickle.loads(pickle.dumps(notes))
    again.add("repair", NoteKind.MOJIBAKE, "text repaired", field="title")
    assert [n.message for n in again.items] == ["text repaired (x2)"]


def test_public_api() -> None:
    import wpmigrate

    assert set(wpmigrate.__all__) == {
        "Config",
        "Report",
        "__version__",
        "clean_paths",
        "convert_site",
        "survey",
    }
    for name in wpmigrate.__all__:
        assert getattr(wpmigrate, name) is not None
