"""wpmigrate: move a WordPress site to Hugo without losing a word.

Public API: :func:`convert_site` (WXR export -> Hugo site), :func:`clean_paths` (repair legacy
Markdown in place), :class:`Config`, :class:`Report`.
"""

__version__ = "0.1.0"
