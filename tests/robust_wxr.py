"""Test helper: WXR exports built from a template, for the robustness and safety tests.

Every field is given as text and escaped here (CDATA split around ``]]>`` as WordPress does),
so tests can throw any string at the reader without writing XML by hand.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

import frontmatter

from wpmigrate import cli

ENV = {"COLUMNS": "200"}


def cdata(text: str) -> str:
    """``text`` in a CDATA section, with ``]]>`` split the way WordPress's exporter does."""
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


@dataclass
class Post:
    """One ``<item>``; ``extra`` is raw XML appended inside it (postmeta, comments...)."""

    id: str = "1"
    title: str = "A post"
    content: str = "<p>Some words.</p>"
    slug: str = "a-post"
    type: str = "post"
    status: str = "publish"
    date: str = "2020-01-02 03:04:05"
    parent: str = "0"
    password: str = ""
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    extra: str = ""
    fields: dict[str, str] = field(default_factory=dict)  # more wp:<name> fields

    def replace(self, **changes: object) -> Post:
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]

    def xml(self) -> str:
        terms = "".join(
            f'<category domain="{d}" nicename="{slug}">{cdata(slug)}</category>'
            for d, names in (("category", self.categories), ("post_tag", self.tags))
            for slug in names
        )
        more = "".join(f"<wp:{k}>{cdata(v)}</wp:{k}>" for k, v in self.fields.items())
        return f"""<item>
<title>{cdata(self.title)}</title>
<link>https://blog.example.com/?p={self.id}</link>
<dc:creator>{cdata("admin")}</dc:creator>
<guid isPermaLink="false">https://blog.example.com/?p={self.id}</guid>
<content:encoded>{cdata(self.content)}</content:encoded>
<excerpt:encoded>{cdata("")}</excerpt:encoded>
<wp:post_id>{self.id}</wp:post_id>
<wp:post_date>{cdata(self.date)}</wp:post_date>
<wp:post_date_gmt>{cdata(self.date)}</wp:post_date_gmt>
<wp:post_name>{cdata(self.slug)}</wp:post_name>
<wp:status>{cdata(self.status)}</wp:status>
<wp:post_parent>{self.parent}</wp:post_parent>
<wp:post_type>{cdata(self.type)}</wp:post_type>
<wp:post_password>{cdata(self.password)}</wp:post_password>
{terms}{more}{self.extra}
</item>
"""


AUTHOR = """<wp:author><wp:author_id>1</wp:author_id><wp:author_login>admin</wp:author_login>
<wp:author_email>owner.private@mail.example</wp:author_email>
<wp:author_display_name><![CDATA[The Owner]]></wp:author_display_name></wp:author>
"""


def export(*posts: Post, channel: str = AUTHOR) -> str:
    """A complete WXR 1.2 export holding ``posts``."""
    items = "".join(p.xml() for p in posts)
    return f"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
 xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:wfw="http://wellformedweb.org/CommentAPI/"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Robust blog</title>
<link>https://blog.example.com</link>
<language>en-US</language>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>https://blog.example.com</wp:base_site_url>
<wp:base_blog_url>https://blog.example.com</wp:base_blog_url>
{channel}{items}</channel>
</rss>
"""


def comment(cid: str, text: str, email: str, ip: str) -> str:
    return f"""<wp:comment><wp:comment_id>{cid}</wp:comment_id>
<wp:comment_author>{cdata("Visitor")}</wp:comment_author>
<wp:comment_author_email>{cdata(email)}</wp:comment_author_email>
<wp:comment_author_IP>{cdata(ip)}</wp:comment_author_IP>
<wp:comment_date>{cdata("2020-01-03 10:00:00")}</wp:comment_date>
<wp:comment_content>{cdata(text)}</wp:comment_content>
<wp:comment_approved>{cdata("1")}</wp:comment_approved>
<wp:comment_parent>0</wp:comment_parent></wp:comment>
"""


def meta(key: str, value: str) -> str:
    return (
        f"<wp:postmeta><wp:meta_key>{cdata(key)}</wp:meta_key>"
        f"<wp:meta_value>{cdata(value)}</wp:meta_value></wp:postmeta>"
    )


def write_export(folder: Path, *posts: Post, name: str = "export.xml") -> Path:
    path = folder / name
    path.write_text(export(*posts), encoding="utf-8")
    return path


@dataclass
class Run:
    code: int
    out: str
    err: str


def run_cli(capsys: object, *args: str) -> Run:
    """``wpmigrate ARGS`` in process; exit code and captured stdout/stderr."""
    code = cli.run(list(args))
    captured = capsys.readouterr()  # type: ignore[attr-defined]
    return Run(code, captured.out, captured.err)


def pages(site: Path) -> dict[str, frontmatter.Post]:
    """Every ``index.md`` under ``site/content``, parsed: relative path -> post."""
    return {
        str(p.relative_to(site)): frontmatter.loads(p.read_text(encoding="utf-8"))
        for p in sorted((site / "content").rglob("index.md"))
    }


def tree(site: Path) -> dict[str, bytes]:
    """Every file under ``site`` (the manifest included): relative path -> bytes."""
    return {
        str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()
    }
