"""What the old page showed, the new page shows: defects found by comparing WordPress's
rendering of posts with the pages Hugo builds from wpmigrate's output, side by side.

Each test is the smallest HTML showing one defect; the Hugo tests build a page with the real
binary and the site configuration wpmigrate writes, and read what a visitor would see.
"""

from __future__ import annotations

import pytest

from conftest import run_hugo
from robust_wxr import Post, write_export
from wpmigrate.config import Config
from wpmigrate.convert import html_to_markdown
from wpmigrate.pipeline import convert_site

PNG = "https://blog.example.com/a.png"
IMG = f'<a href="{PNG}"><img src="{PNG}" alt="A" /></a>'


def test_an_image_alone_in_a_pre_is_shown_not_dropped() -> None:
    # an empty code block used to be dropped with the image it framed
    markdown = html_to_markdown(f"<p>Before</p><pre> {IMG}</pre><p>After</p>")
    assert "![A](https://blog.example.com/a.png)" in markdown
    assert "```" not in markdown
    assert markdown.index("Before") < markdown.index("a.png") < markdown.index("After")


def test_images_inside_code_text_follow_the_code_block() -> None:
    # a <pre> left open runs over the paragraphs and images after it: the text stays code,
    # the image (and its link) used to vanish with the markup
    html = f"<pre>print(1)\n<p>Output:</p>{IMG}</pre><p>Next</p>"
    markdown = html_to_markdown(html)
    assert "```\nprint(1)\nOutput:\n```" in markdown
    image = "[![A](https://blog.example.com/a.png)](https://blog.example.com/a.png)"
    assert image in markdown
    assert markdown.index("```\n\n" + image) < markdown.index("Next")


def test_a_pre_with_code_only_is_unchanged() -> None:
    assert html_to_markdown("<pre>a &lt; b</pre>") == "```\na < b\n```\n"


def test_text_lt_before_an_autolink_is_escaped() -> None:
    markdown = html_to_markdown(
        '<p>realm: &lt;<a href="https://x.example/">https://x.example/</a>&gt;</p>'
    )
    assert markdown == "realm: \\<<https://x.example/>>\n"


def test_text_lt_before_inline_html_is_escaped() -> None:
    assert html_to_markdown("<p>x &lt;<sup>2</sup>&gt;</p>") == "x \\<<sup>2</sup>>\n"


def test_a_figure_does_not_turn_the_image_title_into_a_heading() -> None:
    image = f'<img src="{PNG}" alt="A" title="Tooltip" />'
    html = f"<figure>{image}<figcaption>Words</figcaption></figure>"
    markdown = html_to_markdown(html)
    assert "Tooltip" not in markdown
    assert 'caption="Words"' in markdown


POSTS = {
    "autolink": (
        '<p>Realm: &lt;<a href="https://x.example/">https://x.example/</a>&gt;'
        " and &lt;<sup>2</sup>&gt;</p>"
    ),
    "figure": (
        f'[caption id="" align="alignnone" width="300"]<img src="{PNG}" alt="" '
        'title="Tooltip" /> Words under[/caption]'
    ),
    "pre-image": f"<p>Before</p><pre> {IMG}</pre><p>After</p>",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Each post of POSTS as the page Hugo builds from wpmigrate's site (name -> HTML)."""
    folder = tmp_path_factory.mktemp("visual")
    posts = [
        Post(id=str(n), slug=name, title=name, content=html)
        for n, (name, html) in enumerate(POSTS.items(), 1)
    ]
    report = convert_site([write_export(folder, *posts)], folder / "site", Config(jobs=1))
    assert report.return_code == 0, report.problems
    done = run_hugo(folder / "site", "--destination", str(folder / "public"), "--quiet")
    assert done.returncode == 0, done.stderr
    found = {p.parent.name: p.read_text() for p in (folder / "public").rglob("index.html")}
    return {name: found[name] for name in POSTS}


@pytest.mark.hugo
def test_hugo_shows_the_brackets_around_an_autolink_once(built: dict[str, str]) -> None:
    page = built["autolink"]
    assert 'Realm: &lt;<a href="https://x.example/">https://x.example/</a>&gt; and' in page
    assert "&lt;<sup>2</sup>&gt;" in page


@pytest.mark.hugo
def test_hugo_shows_no_heading_for_an_image_title(built: dict[str, str]) -> None:
    page = built["figure"]
    assert "Words under" in page
    assert "<h4>" not in page


@pytest.mark.hugo
def test_hugo_shows_an_image_put_in_a_pre(built: dict[str, str]) -> None:
    page = built["pre-image"]
    assert f'<img src="{PNG}" alt="A">' in page
    assert "<pre>" not in page


def test_a_table_with_row_headers_stays_html() -> None:
    # as a GFM table, the first row became the header and the other rows' header cells
    # plain cells: the bold column was gone and the first data row looked like a heading
    html = "<table><tr><th>Name</th><td>1</td></tr><tr><th>Other</th><td>2</td></tr></table>"
    markdown = html_to_markdown(html)
    assert "| --- |" not in markdown
    assert "<th>Other</th>" in markdown


def test_a_table_with_one_header_row_is_still_gfm() -> None:
    html = "<table><tr><th>Name</th><th>N</th></tr><tr><td>One</td><td>1</td></tr></table>"
    assert html_to_markdown(html) == "| Name | N |\n| --- | --- |\n| One | 1 |\n"
