"""WordPress's slugs of user logins (``user_nicename``), which author archive URLs use."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wpmigrate.write.wpslug import nicenames, remove_accents, sanitize_title


@pytest.mark.parametrize(
    ("login", "nicename"),
    [
        ("admin", "admin"),
        ("Jane.Doe", "jane-doe"),  # "." becomes "-", upper case lowered
        ("jane@example.com", "janeexample-com"),  # "@" is dropped, not made "-"
        ("Jane  Doe", "jane-doe"),  # whitespace runs: one "-"
        ("jane_doe", "jane_doe"),  # "_" stays
        ("--jane..doe--", "jane-doe"),  # hyphen runs made one and trimmed
        ("José", "jose"),  # accents removed first
        ("x" * 60, "x" * 50),  # WordPress 4.4+ cuts the login at 50
    ],
)
def test_the_likeliest_nicename_is_wordpress_rule(login: str, nicename: str) -> None:
    assert nicenames(login)[0] == nicename


def test_other_nicenames_wordpress_may_have_made() -> None:
    assert nicenames("x" * 60) == ["x" * 50, "x" * 60]  # before 4.4: the login whole
    # A login that never went through sanitize_user: its letters kept, percent-encoded.
    assert nicenames("علی") == ["%d8%b9%d9%84%db%8c"]
    assert nicenames("Zoë <b>K</b>") == ["zoe-k"]


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Hello World!", "hello-world"),
        ("a – b — c", "a-b-c"),  # en and em dash
        ("2×3", "2x3"),
        ("50% off", "50-off"),  # a lone "%" is dropped
        ("caf%C3%A9", "caf%c3%a9"),  # an escaped octet is kept, lower-cased
        ("Straße Ærø", "strasse-aero"),
    ],
)
def test_sanitize_title(text: str, slug: str) -> None:
    assert sanitize_title(text) == slug


def test_remove_accents_leaves_other_scripts() -> None:
    assert remove_accents("Ça ira, мой") == "Ca ira, мой"


@settings(max_examples=200)
@given(st.text(max_size=80))
def test_nicenames_are_url_path_segments(login: str) -> None:
    for nicename in nicenames(login):
        assert nicename == sanitize_title(nicename)  # stable: already a slug
        assert "/" not in nicename and nicename.isascii() and nicename.strip("-") == nicename
