"""Write stage, part 7: what a Hugo site of the user's own needs from its owner.

Into a folder with a Hugo config wpmigrate did not write, only pages (and the category and tag
pages) are written: the config, layouts and themes are the owner's. Three things the pages
rely on then have to come from them, and a build that lacks one fails or loses text without
saying why; :func:`users_site_warnings` names each one that is missing:

- the shortcodes the pages call that Hugo does not ship (``gallery``, ``audio``, ``video``),
  looked for in the site's ``layouts`` and in each of its ``themes``;
- the permalinks that keep the old post addresses;
- Goldmark's ``unsafe`` renderer, without which the HTML kept on purpose (a table cell with
  a list, a ``<video>``...) is replaced by a "raw HTML omitted" comment.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from pathlib import Path
from typing import Any

import tomli_w
import yaml

from wpmigrate.write.permalinks import PermalinkPlan, hugo_patterns

#: Shortcodes wpmigrate's pages may call that Hugo does not ship (its own layouts have them).
OWN_SHORTCODES = ("audio", "gallery", "video")
_CALL = re.compile(rb"\{\{[<%]\s*(" + b"|".join(s.encode() for s in OWN_SHORTCODES) + rb")\b")
_UNSAFE = re.compile(r"unsafe\W+true", re.I)


def shortcodes_called(page: bytes) -> set[str]:
    """Which of :data:`OWN_SHORTCODES` the page calls."""
    if b"{{" not in page:
        return set()
    return {m.decode() for m in _CALL.findall(page)}


def users_site_warnings(
    root: Path, config: str, called: Collection[str], plan: PermalinkPlan
) -> list[str]:
    """What the site at ``root``, with its own Hugo config ``config`` (relative), lacks for
    the pages just written; ``called``: the shortcodes they call."""
    warnings = []
    missing = sorted(name for name in called if not _provided(root, name))
    if missing:
        names = ", ".join(missing)
        warnings.append(
            f"{root}: pages call the shortcodes {names}, which neither the site's layouts nor"
            " its themes provide; Hugo stops until they do (wpmigrate's are in"
            " layouts/shortcodes/ of a conversion into an empty folder)"
        )
    files = _config_files(root / config)
    text = "\n".join(_read(file) for file in files)
    pages, _ = hugo_patterns(plan)
    has_permalinks = "permalinks" in text or any(f.stem == "permalinks" for f in files)
    if pages and not has_permalinks:
        warnings.append(
            f"{root / config}: no permalinks, so posts are not at their old addresses; add:\n"
            + _snippet(config, {"permalinks": {"page": pages}})
        )
    if not _UNSAFE.search(text):
        warnings.append(
            f"{root / config}: Goldmark's renderer is not unsafe, so the HTML the pages keep on"
            " purpose (a list in a table cell, a video...) is left out of the built site; add:\n"
            + _snippet(config, {"markup": {"goldmark": {"renderer": {"unsafe": True}}}})
        )
    return warnings


def _snippet(config: str, settings: dict[str, Any]) -> str:
    """``settings`` written as the config is (TOML, YAML or JSON), indented under a warning."""
    suffix = Path(config).suffix
    if suffix in (".yaml", ".yml"):
        text = yaml.safe_dump(settings, default_flow_style=False, sort_keys=False)
    elif suffix == ".json":
        text = json.dumps(settings, indent=2) + "\n"
    else:  # hugo.toml, config.toml, or a config/ folder (TOML by default)
        text = tomli_w.dumps(settings)
    return "".join(f"    {line}\n" if line else "\n" for line in text.splitlines()).rstrip("\n")


def _provided(root: Path, name: str) -> bool:
    # Hugo 0.146 moved shortcodes to layouts/_shortcodes/; the old folder still works.
    bases = [root, *sorted((root / "themes").glob("*/"))]
    return any(
        (base / "layouts" / folder / f"{name}.html").is_file()
        for base in bases
        for folder in ("shortcodes", "_shortcodes")
    )


def _config_files(path: Path) -> list[Path]:
    """The config: one file, or every file of a ``config/`` folder."""
    return sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]


def _read(file: Path) -> str:
    try:
        return file.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
