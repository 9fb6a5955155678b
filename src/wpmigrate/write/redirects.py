"""Write stage, ``--redirects``: a redirect map for the old URLs Hugo cannot alias.

Hugo aliases are files, so ``/?p=123`` and ``/?page_id=45`` (query strings) cannot be one; and
an alias is an HTML page, which feed readers do not follow, so the old feeds need real
redirects too. This writes them as server rules, permanent (301), targets percent-encoded (a
``Location`` header is ASCII):

* ``netlify`` -> ``static/_redirects`` (Hugo copies it into ``public/``, where Netlify and
  Cloudflare-Pages-like hosts read it): ``/ p=123 /2021/03/slug/ 301!``; forced (``!``)
  because Netlify serves a file that exists (``/index.html``, the ``/feed/`` alias page)
  before it looks at a rule;
* ``nginx`` -> ``redirects.nginx.conf`` at the site root, to ``include`` in the ``server``
  block (it is server configuration, not something to publish);
* ``apache`` -> ``static/.htaccess``, published with the site, where Apache reads it.

Feeds (:func:`feed_redirects`): the site's (``/feed/``, ``/feed/atom/``, ``/comments/feed/``,
``/?feed=rss2``) -> ``/index.xml``; each category, tag and author archive's
``<old>/feed/`` -> Hugo's ``<term page>/index.xml``; each post's and page's comment feed
(``<permalink>feed/``) -> the page itself, where its comments now are (Hugo writes no comment
feeds; a reader that finds HTML there reports it, rather than silently showing other posts).

Attachment ids are left out: their pages are gone and their files moved into bundles. Paths
with control characters are left out too: they could break a line of server configuration.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wpmigrate.write.links import SITE_FEED, is_feed_target, is_target_file
from wpmigrate.write.permalinks import encoded

FILES = {
    "netlify": "static/_redirects",
    "nginx": "redirects.nginx.conf",
    "apache": "static/.htaccess",
}
_PARAMS = ("p", "page_id")
_HEADER = "Old WordPress query-string and feed URLs -> the new site (written by wpmigrate)"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


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
        # Only numeric ids: WordPress knew "?p=334", never the "334-2" wpmigrate gives the
        # second of two items sharing an id.
        if (
            key.startswith("/?")
            and param in _PARAMS
            and value.isdigit()
            and value.isascii()
            and not is_target_file(target)
        ):
            found.append(Redirect(param, value, encoded(target)))
    return sorted(found, key=lambda r: (_PARAMS.index(r.param), int(r.value), r.value))


@dataclass(frozen=True)
class Move:
    """An old path (decoded, base path included) -> ``target`` (percent-encoded)."""

    path: str
    target: str


def feed_redirects(links: dict[str, str]) -> list[Move]:
    """Old feed paths -> Hugo's RSS or the page now showing the comments, sorted by path.

    The archive and site feeds are in the link map already; a comment feed is the feed path
    of an item's old path (``/x/`` -> ``/x/feed/``, ``/x.html`` -> ``/x.html/feed/``)."""
    found = {k: v for k, v in links.items() if _is_path(k) and is_feed_target(v)}
    for key, target in links.items():
        if _is_path(key) and not is_target_file(target) and not is_feed_target(target):
            found.setdefault(key + ("feed/" if key.endswith("/") else "/feed/"), target)
    return [
        Move(path, encoded(target))
        for path, target in sorted(found.items())
        if not _CONTROL.search(path + target)
    ]


def _is_path(key: str) -> bool:
    return key.startswith("/") and not key.startswith("/?")


def netlify(redirects: list[Redirect], feeds: list[Move], base: str) -> str:
    lines = [f"# {_HEADER}"]
    lines += [f"{base}/ {r.param}={r.value} {r.target} 301!" for r in redirects]
    lines.append(f"{base}/ feed=:feed {SITE_FEED} 301!")
    lines += [f"{encoded(m.path)} {m.target} 301!" for m in feeds]
    return "\n".join(lines) + "\n"


def nginx(redirects: list[Redirect], feeds: list[Move], base: str) -> str:
    del base  # WordPress answered ?p= on any path; so does this
    lines = [f"# {_HEADER}", "# Include inside the server block.", 'set $wpmigrate_to "";']
    # First, so that a post's ?p= (set below) wins over its ?feed=: the post, not the site.
    lines.append(f'if ($arg_feed) {{ set $wpmigrate_to "{SITE_FEED}"; }}')
    lines += [
        f'if ($arg_{r.param} = "{r.value}") {{ set $wpmigrate_to "{_nginx(r.target)}"; }}'
        for r in redirects
    ]
    lines.append("if ($wpmigrate_to) { return 301 $wpmigrate_to; }")
    # nginx compares a location with the decoded path, so the old path is written decoded.
    lines += [
        f'location = "{_nginx_quote(m.path)}" {{ return 301 "{_nginx(m.target)}"; }}' for m in feeds
    ]
    return "\n".join(lines) + "\n"


def apache(redirects: list[Redirect], feeds: list[Move], base: str) -> str:
    del base
    lines = [f"# {_HEADER}", "RewriteEngine On"]
    for r in redirects:
        lines.append(f"RewriteCond %{{QUERY_STRING}} (^|&){r.param}={r.value}(&|$)")
        lines.append(f"RewriteRule ^ {_apache(r.target)}? [R=301,L,NE]")  # "?": no old query
    lines.append("RewriteCond %{QUERY_STRING} (^|&)feed=")
    lines.append(f"RewriteRule ^ {SITE_FEED}? [R=301,L,NE]")
    # In .htaccess the pattern sees the decoded path without its leading "/".
    for m in feeds:
        pattern = "^" + re.escape(m.path.removeprefix("/")) + "$"
        quoted = pattern.replace('"', '\\"')  # inside Apache's quotes only \" is an escape
        lines.append(f'RewriteRule "{quoted}" {_apache(m.target)}? [R=301,L,NE]')
    return "\n".join(lines) + "\n"


def _nginx_quote(text: str) -> str:
    """``text`` for inside an nginx double-quoted argument (``\\`` and ``"`` escaped)."""
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _nginx(target: str) -> str:
    # nginx expands $variables in set and return values: a literal "$" must not be one.
    return target.replace("$", "%24")


def _apache(target: str) -> str:
    # mod_rewrite reads %N and $N in a substitution as back-references ("%d8%b3" holds "%8"):
    # escaped, they stay literal; NE keeps it from encoding the "%" once more.
    return target.replace("%", "\\%").replace("$", "\\$")


_RENDER = {"netlify": netlify, "nginx": nginx, "apache": apache}


def redirect_file(kind: str, links: dict[str, str], base: str) -> tuple[str, bytes]:
    """``(path in the site, content)`` of the ``kind`` redirect map for ``links``."""
    if kind not in _RENDER:
        raise ValueError(f"unknown redirect format {kind!r}; use {', '.join(FILES)}")
    text = _RENDER[kind](query_redirects(links), feed_redirects(links), base)
    return FILES[kind], text.encode("utf-8")
