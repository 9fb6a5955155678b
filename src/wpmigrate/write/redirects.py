"""Write stage, ``--redirects``: a redirect map for the old URLs Hugo cannot alias.

Hugo aliases are files, so ``/?p=123`` and ``/?page_id=45`` (query strings) cannot be one.
This writes them as server rules, permanent (301), targets percent-encoded (a ``Location``
header is ASCII):

* ``netlify`` -> ``static/_redirects`` (Hugo copies it into ``public/``, where Netlify and
  Cloudflare-Pages-like hosts read it): ``/ p=123 /2021/03/slug/ 301``;
* ``nginx`` -> ``redirects.nginx.conf`` at the site root, to ``include`` in the ``server``
  block (it is server configuration, not something to publish);
* ``apache`` -> ``static/.htaccess``, published with the site, where Apache reads it.

Attachment ids are left out: their pages are gone and their files moved into bundles.
"""

from __future__ import annotations

from dataclasses import dataclass

from wpmigrate.write.links import is_target_file
from wpmigrate.write.permalinks import encoded

FILES = {
    "netlify": "static/_redirects",
    "nginx": "redirects.nginx.conf",
    "apache": "static/.htaccess",
}
_PARAMS = ("p", "page_id")
_HEADER = "Old WordPress query-string URLs -> their new pages (written by wpmigrate)"


@dataclass(frozen=True)
class Redirect:
    """``<base>/?<param>=<value>`` -> ``target``."""

    param: str
    value: str
    target: str


def query_redirects(links: dict[str, str]) -> list[Redirect]:
    """The query-string entries of the link map, sorted by parameter and numeric id."""
    found = []
    for key, target in links.items():
        param, _, value = key.removeprefix("/?").partition("=")
        if key.startswith("/?") and param in _PARAMS and not is_target_file(target):
            found.append(Redirect(param, value, encoded(target)))
    return sorted(found, key=lambda r: (_PARAMS.index(r.param), int(r.value), r.value))


def netlify(redirects: list[Redirect], base: str) -> str:
    lines = [f"# {_HEADER}"]
    lines += [f"{base}/ {r.param}={r.value} {r.target} 301" for r in redirects]
    return "\n".join(lines) + "\n"


def nginx(redirects: list[Redirect], base: str) -> str:
    del base  # WordPress answered ?p= on any path; so does this
    lines = [f"# {_HEADER}", "# Include inside the server block.", 'set $wpmigrate_to "";']
    lines += [
        f'if ($arg_{r.param} = "{r.value}") {{ set $wpmigrate_to "{r.target}"; }}'
        for r in redirects
    ]
    lines.append("if ($wpmigrate_to) { return 301 $wpmigrate_to; }")
    return "\n".join(lines) + "\n"


def apache(redirects: list[Redirect], base: str) -> str:
    del base
    lines = [f"# {_HEADER}", "RewriteEngine On"]
    for r in redirects:
        lines.append(f"RewriteCond %{{QUERY_STRING}} (^|&){r.param}={r.value}(&|$)")
        lines.append(f"RewriteRule ^ {r.target}? [R=301,L]")  # "?" drops the old query
    return "\n".join(lines) + "\n"


_RENDER = {"netlify": netlify, "nginx": nginx, "apache": apache}


def redirect_file(kind: str, links: dict[str, str], base: str) -> tuple[str, bytes]:
    """``(path in the site, content)`` of the ``kind`` redirect map for ``links``."""
    if kind not in _RENDER:
        raise ValueError(f"unknown redirect format {kind!r}; use {', '.join(FILES)}")
    text = _RENDER[kind](query_redirects(links), base)
    return FILES[kind], text.encode("utf-8")
