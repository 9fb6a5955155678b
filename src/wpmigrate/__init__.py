"""wpmigrate: move a WordPress site to Hugo without losing a word.

Public API:

- :func:`convert_site` -- WXR export(s) -> Hugo site, returns a :class:`Report`;
- :func:`clean_paths` -- repair legacy Markdown files in place, returns a :class:`Report`;
- :func:`survey` -- what an export holds (the ``inspect`` command);
- :class:`Config` -- every option, documented once;
- :class:`Report` -- counts, notes per item, exit code, JSON/HTML rendering.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["Config", "Report", "__version__", "clean_paths", "convert_site", "survey"]

_EXPORTS = {
    "Config": "wpmigrate.config",
    "Report": "wpmigrate.report",
    "clean_paths": "wpmigrate.clean",
    "convert_site": "wpmigrate.pipeline",
    "survey": "wpmigrate.survey",
}

if TYPE_CHECKING:
    from wpmigrate.clean import clean_paths
    from wpmigrate.config import Config
    from wpmigrate.pipeline import convert_site
    from wpmigrate.report import Report
    from wpmigrate.survey import survey


def __getattr__(name: str) -> Any:
    # Imported on first use: `wpmigrate --version` and worker start-up stay light.
    if name in _EXPORTS:
        import importlib

        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'wpmigrate' has no attribute {name!r}")
