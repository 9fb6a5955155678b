"""Front matter: golden pages, exact round-trips of any title, privacy, comments."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from wpmigrate.config import Config
from wpmigrate.media import MediaIndex
from wpmigrate.model import Attachment, Author, Comment, Item, NoteKind, Notes, Site, Term
from wpmigrate.write.frontmatter import (
    build_front_matter,
    comments_file,
    dump_yaml,
    render_page,
    rfc3339,
)
from wpmigrate.write.permalinks import custom_taxonomies

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

GOLDEN = Path(__file__).parent / "golden" / "write"
CASES = sorted(p.stem for p in GOLDEN.glob("*.json"))


def load_case(name: str) -> tuple[dict[str, Any], Item, Site, MediaIndex]:
    spec = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    raw = dict(spec["item"])
    raw["terms"] = [Term(**t) for t in raw.get("terms", [])]
    raw["comments"] = [Comment(**c) for c in raw.get("comments", [])]
    site_raw = dict(spec["site"])
    site_raw["authors"] = {k: Author(**a) for k, a in site_raw.get("authors", {}).items()}
    media = MediaIndex()
    for att in spec["media"]:
        media.add(Attachment(**att))
    return spec, Item(**raw), Site(**site_raw), media


def render_case(name: str) -> str:
    spec, item, site, media = load_case(name)
    front = build_front_matter(item, site, spec["entry_url"], spec["aliases"], media, Config())
    return render_page(front, spec["body"], spec["format"])


@pytest.mark.parametrize("name", CASES)
def test_golden(name: str) -> None:
    expected = (GOLDEN / f"{name}.md").read_text(encoding="utf-8")
    assert render_case(name) == expected


def test_golden_cases_exist() -> None:
    assert len(CASES) >= 4


def test_private_data_never_reaches_the_page() -> None:
    text = render_case("post-full")
    for secret in ("me@example.com", "_edit_lock", "mashsb", "a:1:{", "_thumbnail_id"):
        assert secret not in text
    assert "subtitle: Seen from the hill" in text


def test_status_note_for_drafts() -> None:
    _, item, site, media = load_case("private-password")
    notes = Notes(item_id=item.id)
    front = build_front_matter(item, site, "/secret/", [], media, Config(), notes)
    assert front["draft"] is True
    assert notes.kinds() == {NoteKind.STATUS}


@pytest.mark.parametrize(
    ("local", "gmt", "expected"),
    [
        ("2021-03-11 09:00:00", "2021-03-11 08:00:00", "2021-03-11T09:00:00+01:00"),
        ("2021-03-11 09:00:00", "2021-03-11 14:30:00", "2021-03-11T09:00:00-05:30"),
        ("2021-03-11 09:00:00", "2021-03-11 03:15:00", "2021-03-11T09:00:00+05:45"),  # Nepal
        ("2021-03-11 09:00:00", "2021-03-11 09:00:00", "2021-03-11T09:00:00+00:00"),
        ("2021-03-11 09:00:07", "2021-03-11 08:00:00", "2021-03-11T09:00:07+01:00"),  # rounded
        ("2021-03-11 09:00:00", "0000-00-00 00:00:00", "2021-03-11T09:00:00"),  # draft
        ("2021-03-11 09:00:00", "", "2021-03-11T09:00:00"),
        ("0000-00-00 00:00:00", "0000-00-00 00:00:00", ""),
        ("garbage", "", ""),
        ("2021-03-11 09:00:00", "2021-03-05 09:00:00", "2021-03-11T09:00:00"),  # absurd offset
    ],
)
def test_rfc3339(local: str, gmt: str, expected: str) -> None:
    assert rfc3339(local, gmt) == expected


def _strptime_rfc3339(local: str) -> str:
    """The reference: what strptime and strftime make of a date (no offset)."""
    try:
        when = datetime.strptime(local.strip(), "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return ""
    return when.strftime("%Y-%m-%dT%H:%M:%S") if when.year > 1 else ""


_DIGITS = st.text("0123456789", min_size=1, max_size=4)


@settings(max_examples=300)
@given(
    st.one_of(
        # the WordPress shape, with values in and out of range
        st.builds(
            "{}-{}-{} {}:{}:{}".format,
            st.integers(0, 9999).map("{:04d}".format),
            *[st.integers(0, 99).map("{:02d}".format)] * 5,
        ),
        # other shapes strptime still reads (or rejects): short fields, spaces, Unicode digits
        st.builds("{}-{}-{} {}:{}:{}".format, *[_DIGITS] * 6),
        st.text(" -:0123456789\u0661T", max_size=21),
    )
)
@example("0999-01-02 03:04:05")  # strftime does not pad the year
@example("2021-02-30 00:00:00")
@example(" 2021-01-02  03:04:05 ")
@example("2021-01-02 24:00:00")
@example("\u0662\u0660\u0662\u0661-01-02 03:04:05")
def test_rfc3339_reads_dates_as_strptime_does(local: str) -> None:
    assert rfc3339(local) == _strptime_rfc3339(local)


NASTY = [
    "yes",
    "no",
    "null",
    "~",
    "1.0",
    "1e3",
    "0o17",
    "0x1F",
    "1_000",
    ": x",
    "#",
    "*x",
    "&a",
    "!tag",
    "---",
    "...",
    "- x",
    "[a]",
    "{a}",
    "a: b",
    "@x",
    "`x`",
    "%x",
    "'",
    '"',
    "\\",
    "\x85",
    "\u2028",
    "a\r\nb",
    "\t",
    " lead",
    "trail ",
    "\ufeff",
    "😀",
    "x" * 10000,
    "",
]
TEXT = st.one_of(st.sampled_from(NASTY), st.text(st.characters(blacklist_categories=("Cs",))))


def _head(page: str, fence: str) -> str:
    assert page.startswith(fence + "\n")
    return page[4 : page.index(f"\n{fence}\n") + 1]


@settings(max_examples=300)
@given(TEXT, st.lists(TEXT, max_size=3))
def test_any_title_round_trips_in_yaml_and_toml(title: str, tags: list[str]) -> None:
    front = {"title": title, "tags": tags, "wordpress_id": 1}
    assert yaml.safe_load(_head(render_page(front, "body", "yaml"), "---")) == front
    assert tomllib.loads(_head(render_page(front, "body", "toml"), "+++")) == front


@pytest.mark.parametrize("value", ["1e3", "0o17", "-2.5E+10", ".5", "1_000.5"])
def test_strings_a_yaml_1_2_parser_reads_as_numbers_are_quoted(value: str) -> None:
    assert dump_yaml({"t": value}) in (f"t: '{value}'\n", f't: "{value}"\n')


def test_render_page_rejects_unknown_format() -> None:
    with pytest.raises(ValueError, match="yaml"):
        render_page({}, "", "json")


def test_comments_file_keeps_approved_only() -> None:
    item = Item(
        "9",
        "post",
        comments=[
            Comment(
                "3", "Carl", "2021-01-02 10:00:00", "2021-01-02 09:00:00", "Reply", "1", parent="1"
            ),
            Comment(
                "1",
                "Ann",
                "2021-01-01 10:00:00",
                "2021-01-01 09:00:00",
                "First\r\nline",
                "1",
                author_url="https://ann.example",
            ),
            Comment("2", "Spammer", "2021-01-01 11:00:00", "", "buy", "spam"),
            Comment("4", "Pending", "2021-01-01 12:00:00", "", "hm", "0"),
            Comment("5", "Bin", "2021-01-01 12:00:00", "", "x", "trash"),
        ],
    )
    found = comments_file(item)
    assert found is not None
    path, data = found
    assert path == "data/comments/9.yaml"
    records = yaml.safe_load(data)
    assert [r["id"] for r in records] == [1, 3]
    assert records[0] == {
        "id": 1,
        "parent": 0,
        "author": "Ann",
        "author_url": "https://ann.example",
        "date": "2021-01-01T10:00:00+01:00",
        "content": "First\nline",
    }
    assert records[1]["parent"] == 1
    assert comments_file(Item("8", "post", comments=item.comments[2:])) is None


def test_polylang_translation_group_is_the_translation_key_not_a_taxonomy() -> None:
    terms = [
        Term(taxonomy="language", slug="fa", name="فارسی"),
        Term(taxonomy="post_translations", slug="pll_6a7ac31a978ec", name="pll_6a7ac31a978ec"),
        Term(taxonomy="genre", slug="essay", name="Essay"),
    ]
    item = Item(id="5", type="post", title="T", terms=terms)
    site = Site(terms=terms)
    front = build_front_matter(item, site, "/t/", [], MediaIndex(), Config())
    assert front["translationKey"] == "pll_6a7ac31a978ec"
    assert front["language"] == ["فارسی"] and front["genre"] == ["Essay"]
    assert "post_translations" not in front
    assert custom_taxonomies(site) == ["genre", "language"]
