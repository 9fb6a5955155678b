"""Write stage, old URLs: the slugs WordPress made of user logins, to predict its author URLs.

A WXR export names each author by login and display name, not by ``user_nicename``, the slug
of ``/author/<nicename>/``. WordPress makes that slug when the user is created
(``wp_insert_user``): ``sanitize_title(mb_substr(login, 0, 50))``, the login having been
reduced by ``sanitize_user(login, strict=true)`` to ``A-Z a-z 0-9 space _ . - @``. So
``Jane.Doe`` -> ``jane-doe``, ``jane@example.com`` -> ``janeexample-com`` (``@`` is dropped,
``.`` becomes ``-``), ``Jane Doe`` -> ``jane-doe``; ``_`` stays.

:func:`nicenames` returns every slug WordPress may have used: logins from plugins or old
versions that skipped the strict reduction, and logins longer than 50 characters (versions
before 4.4 did not cut them), give more than one. An extra guess costs an alias page; a
missing one is a 404. A nicename edited by hand, or suffixed ``-2`` for a clash, cannot be
known from the export.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

#: Letters ``remove_accents`` spells out rather than strips (the rest lose their marks).
_SPELLED = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "ł": "l",
        "Ł": "L",
        "þ": "th",
        "Þ": "TH",
        "ı": "i",
        "ħ": "h",
        "Ħ": "H",
        "ŋ": "n",
        "Ŋ": "N",
        "ŧ": "t",
        "Ŧ": "T",
        "ſ": "s",
    }
)
#: What ``sanitize_title`` turns into a hyphen ("save" context): nbsp, en and em dash, ``/``.
_HYPHENS = ("%c2%a0", "%e2%80%93", "%e2%80%94", "/")
_ASCII = "".join(chr(c) for c in range(32, 127))
_OCTET = re.compile(r"%([0-9a-fA-F]{2})")


def remove_accents(text: str) -> str:
    """WordPress's ``remove_accents``, for Latin letters: ``é`` -> ``e``, ``ß`` -> ``ss``."""
    text = text.translate(_SPELLED)
    if text.isascii():
        return text
    kept: list[str] = []
    for ch in unicodedata.normalize("NFD", text):
        # Only the marks of Latin letters go: other scripts keep theirs (й), as in WordPress.
        if not (unicodedata.combining(ch) and kept and kept[-1].isascii()):
            kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept))


def sanitize_user_strict(login: str) -> str:
    """``sanitize_user($login, true)``: accents removed, octets, entities and tags dropped,
    only ``A-Z a-z 0-9 space _ . - @`` kept, whitespace runs made one space."""
    text = re.sub(r"<[^>]*>", "", login)
    text = remove_accents(text)
    text = _OCTET.sub("", text)
    text = re.sub(r"&.+?;", "", text)
    text = re.sub(r"[^a-zA-Z0-9 _.\-@]", "", text).strip()
    return re.sub(r"\s+", " ", text)


def sanitize_title(title: str) -> str:
    """``sanitize_title($title)`` ("save" context, ``sanitize_title_with_dashes``): lower
    case, letters outside ASCII percent-encoded (lower-case hex), ``.`` and whitespace made
    ``-``, anything but ``a-z 0-9 _ - %xx`` dropped, hyphen runs made one and trimmed."""
    text = remove_accents(re.sub(r"<[^>]*>", "", title))
    # Escaped octets are kept as they are; a lone "%" is dropped.
    text = re.sub(r"%(?![0-9a-fA-F]{2})", "", text)
    text = quote(text.lower(), safe=_ASCII).lower()  # UTF-8 octets, lower-case hex
    for hyphen in _HYPHENS:
        text = text.replace(hyphen, "-")
    text = text.replace("%c3%97", "x")  # the multiplication sign
    text = re.sub(r"&.+?;", "", text).replace(".", "-")
    text = re.sub(r"[^%a-z0-9 _-]", "", text)
    text = re.sub(r"\s+", "-", text)
    return re.sub(r"-+", "-", text).strip("-")


def nicenames(login: str) -> list[str]:
    """Every ``user_nicename`` WordPress may have made of ``login``, the likeliest first."""
    strict = sanitize_user_strict(login)
    candidates = [
        sanitize_title(strict[:50]),  # WordPress 4.4 and later
        sanitize_title(strict),  # earlier versions: the login whole
        sanitize_title(login[:50]),  # a login that never went through sanitize_user
        sanitize_title(login),
    ]
    return list(dict.fromkeys(c for c in candidates if c))
