"""Write stage: the key Hugo files a taxonomy term under, and the value a term is listed by.

Hugo keys a term by the value front matter lists it by: lower-cased character by character
as Go does ("İ" -> "i", "Σ" -> "σ" at the end of a word too), each space (U+0020, no other
white space) a hyphen, everything else kept (checked against Hugo 0.168). The key is the
folder of the term's page (``content/tags/<key>/_index.md``) and, unless the page says
otherwise, part of its address. A name whose key cannot be a folder on every system (a
Windows device name such as ``con``, a ``:``, ``?``, ``*``, ``"``, a backslash, a control
character, a trailing dot, more than 255 bytes, or a leading ``.`` or ``#``, which Hugo skips)
is listed by its slug instead: the term's page still shows the name as its title.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import unquote

from wpmigrate.errors import OutputError
from wpmigrate.model import Author
from wpmigrate.write.atomic import check_name
from wpmigrate.write.paths import check_relative
from wpmigrate.write.wpslug import nicenames, sanitize_title

# Characters Windows refuses in a file name (control characters are refused by check_name).
_NOT_ON_WINDOWS = re.compile(r'[<>:"|?*\\]')


def term_key(value: str) -> str:
    """The key Hugo files a term listed as ``value`` under."""
    return "".join("-" if ch == " " else "i" if ch == "\u0130" else ch.lower() for ch in value)


def folder_ok(key: str) -> bool:
    """Whether ``key`` can be a content folder on every system, one that Hugo reads."""
    if not key.strip("-"):
        return False
    try:
        check_name(check_relative(key))
    except OutputError:
        return False
    return all(_segment_ok(part) for part in key.split("/"))


def _segment_ok(part: str) -> bool:
    return not (
        part.startswith((".", "#"))
        or part.endswith((".", " "))
        or _NOT_ON_WINDOWS.search(part)
        or len(part.encode("utf-8")) > 255
    )


# Asked for every term of every page: the same few hundred terms over and over.
@lru_cache(maxsize=4096)
def listed_value(name: str, slug: str) -> str:
    """What front matter lists a term by: its name, or its slug when the name's key cannot
    be a folder (see the module doc); the name when neither can (Hugo keeps the term at its
    own address)."""
    slug = slug or sanitize_title(name)  # slug-less terms: what WordPress would have made
    for value in (name, unquote(slug), slug):
        if value.strip() and folder_ok(term_key(value)):
            return value
    return name


def author_name(author: Author) -> str:
    """The author's name as the site shows it."""
    return author.display_name.strip() or author.login


def author_value(author: Author) -> str:
    """What front matter lists the author by (``authors:``): the name, or the nicename when
    Hugo could not file the name."""
    return _author_value(author_name(author), author.login)


@lru_cache(maxsize=1024)
def _author_value(name: str, login: str) -> str:
    return listed_value(name, (nicenames(login) or [""])[0])
