"""Keep Hugo from reading literal ``{{<``/``{{%`` in code as shortcode calls.

Hugo scans the Markdown source for shortcodes before rendering, even inside code; its comment
form ``{{</* x */>}}`` shows exactly ``{{< x >}}``, so code with complete calls is rewritten to
that form. Code with an unterminated opening cannot be expressed; callers fall back to HTML.
"""

from __future__ import annotations

import re

_CALL = re.compile(r"\{\{(?:<(.*?)>|%(.*?)%)\}\}", re.S)
_OPEN = re.compile(r"\{\{[<%]")


def protect_code(text: str) -> str | None:
    """``text`` with every ``{{< x >}}`` as ``{{</* x */>}}``; ``None`` if that cannot work."""
    if not _OPEN.search(text):
        return text
    if _OPEN.search(_CALL.sub("", text)):
        return None
    inners = [m.group(1) if m.group(1) is not None else m.group(2) for m in _CALL.finditer(text)]
    if any("*/" in inner or inner.startswith("/*") for inner in inners):
        return None
    return _CALL.sub(_comment, text)


def _comment(match: re.Match[str]) -> str:
    if match.group(1) is not None:
        return "{{</*" + match.group(1) + "*/>}}"
    return "{{%/*" + match.group(2) + "*/%}}"


def neutralize_html(source: str) -> str:
    """Raw HTML that shows the same but holds no ``{{<``/``{{%`` for Hugo to read."""
    return source.replace("{{<", "{{&lt;").replace("{{%", "{{&percnt;")
