"""The YAML fast path writes exactly what PyYAML (with the project's dumper) writes."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from wpmigrate.write import yaml_text
from wpmigrate.write.yaml_text import dump_yaml


def _pyyaml(data: Any) -> str:
    return yaml_text.pyyaml_dump(data)


# Texts that resolve to other types, start or hold indicators, or need escapes.
TRICKY = [
    *("", " ", "yes", "No", "ON", "off", "y", "n", "true", "False", "null", "~", "NULL"),
    *("1e3", "0o17", "0x1F", "1_000", ".5", "-.inf", ".NaN", "+1", "-1", "12", "0", "1:20"),
    *("2021-04-17", "2021-04-17T10:45:00-05:00", "2001-12-14 21:59:43.10 -5", "<<", "="),
    *("---", "--- x", "...", "-", "- x", "-x", "?", "? x", "?x", ":", ": x", ":x", "a:b"),
    *("a: b", "a:", "a #b", "a#b", "#x", "it's", "'q'", '"q"', "@me", "`c`", "%p", "!t"),
    *("&a", "*a", "|", ">", "[x]", "{x}", "a, b", "x ", " x", "a\nb", "a\tb", "\u2028"),
    *("caf\u00e9", "\U0001f642 smile", "\ufeffbom", "\x85", "\x7f", "\ud7ff", "\ue000"),
    *("\ufffe", "\U0010fffe", "\U0010ffff", "a  b", "a ' b", "x" * 130, "https://e.org/a?b=c"),
]
ALPHABET = st.sampled_from(
    list(" -?:#,[]{}&*!|>'\"%@`.~=<+_0123456789eEoxyYnNtTfF\t\n\r\x85\xa0\u2028\ufeff")
    + ["a", "Z", "\u00e9", "\U0001f642", "\x00", "\x7f", "\ud800", "\uffff"]
)
# Printable only, so that most documents take the fast path and are compared there.
PRINTABLE = st.sampled_from(list(" -?:#,[]{}&*!|>'\"%@`.~=<+_019eEoxyYnNtTfF\xa0\u00e9\U0001f642"))
TEXT = st.one_of(
    st.sampled_from(TRICKY),
    st.text(ALPHABET, max_size=12),
    st.text(PRINTABLE, max_size=12),
    st.text(PRINTABLE, max_size=12),
    st.lists(st.sampled_from(TRICKY), min_size=2, max_size=3).map("".join),
    st.text(max_size=20),
)
SCALAR = st.one_of(TEXT, TEXT, st.integers(-(10**20), 10**20), st.booleans())
KEY = st.one_of(
    st.sampled_from(["title", "date", "slug", "tags", "cover", "wordpress_meta", "x" * 125]),
    TEXT,
)
FLAT = st.dictionaries(KEY, SCALAR, max_size=4)
VALUE = st.one_of(SCALAR, SCALAR, st.lists(SCALAR, max_size=3), FLAT, st.none(), st.floats())
FRONT = st.dictionaries(KEY, VALUE, max_size=8)
COMMENTS = st.lists(FLAT, max_size=3)
# Shapes and texts the fast path accepts, mostly: compared there rather than in PyYAML.
PLAIN_TEXT = st.one_of(st.text(PRINTABLE, max_size=12), st.sampled_from(TRICKY[:60]))
PLAIN_SCALAR = st.one_of(PLAIN_TEXT, PLAIN_TEXT, st.integers(), st.booleans())
PLAIN_FLAT = st.dictionaries(PLAIN_TEXT, PLAIN_SCALAR, min_size=1, max_size=3)
PLAIN_VALUE = st.one_of(PLAIN_SCALAR, st.lists(PLAIN_SCALAR, min_size=1, max_size=3), PLAIN_FLAT)
PLAIN_FRONT = st.dictionaries(PLAIN_TEXT, PLAIN_VALUE, min_size=1, max_size=8)


@settings(max_examples=300, deadline=None)
@given(st.one_of(FRONT, PLAIN_FRONT, PLAIN_FRONT, COMMENTS, st.lists(PLAIN_FLAT)))
def test_dump_yaml_equals_pyyaml(data: Any) -> None:
    assert dump_yaml(data) == _pyyaml(data)


@settings(max_examples=300, deadline=None)
@given(TEXT, st.one_of(TEXT, KEY))
def test_each_string_is_written_as_pyyaml_writes_it(value: str, key: str) -> None:
    for data in ({key: value}, {"k": [value]}, {"k": {key: value}}, [{key: value}]):
        fast = yaml_text._document(data)
        assert fast is None or fast == _pyyaml(data)


def test_shared_lists_and_mappings_keep_their_anchor() -> None:
    names = ["a", "b"]
    data = {"tags": names, "categories": names}
    assert "&id001" in dump_yaml(data)
    assert dump_yaml(data) == _pyyaml(data)


def test_usual_front_matter_takes_the_fast_path() -> None:
    front = {
        "title": "Coffee & Code: a Saturday at the caf\u00e9 \U0001f642",
        "date": "2021-04-17T10:45:00-05:00",
        "draft": True,
        "slug": "coffee-and-code",
        "categories": ["Caf\u00e9 culture", "Code & Tools"],
        "tags": ["espresso", "it's"],
        "wordpress_id": 12,
        "cover": {"image": "https://fieldnotes.example.com/a.png"},
        "wordpress_meta": {"_rating": "5", "mood": "yes"},
    }
    fast = yaml_text._document(front)
    assert fast is not None
    assert fast == _pyyaml(front)
    assert "title: 'Coffee & Code: a Saturday at the caf\u00e9 \U0001f642'\n" in fast


def test_comment_records_take_the_fast_path() -> None:
    records = [
        {"id": 3, "parent": 0, "author": "Ann", "author_url": "", "content": "Hi"},
        {
            "id": 4,
            "parent": 3,
            "author": "Bob",
            "author_url": "",
            "content": 'Yes\n\n"Hi" \U0001f642',
        },
    ]
    fast = yaml_text._document(records)
    assert fast is not None
    assert fast == _pyyaml(records)
    assert 'content: "Yes\\n\\n\\"Hi\\" \\U0001F642"\n' in fast


def test_resolvers_are_chosen_by_first_character_only() -> None:
    # The fast path asks the resolver only about texts whose first character has one.
    assert None not in yaml_text._Dumper.yaml_implicit_resolvers
    assert not yaml_text._Dumper.yaml_path_resolvers
    assert yaml_text._string("Yes") == "'Yes'"
    assert yaml_text._string("Zebra 12") == "Zebra 12"
