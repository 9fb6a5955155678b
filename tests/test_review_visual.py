"""What the old page showed, the new page shows: defects found by comparing WordPress's
rendering of posts with the pages Hugo builds from wpmigrate's output, side by side.

Each test is the smallest HTML showing one defect; the Hugo tests build a page with the real
binary and the site configuration wpmigrate writes, and read what a visitor would see.
"""

from __future__ import annotations

from wpmigrate.convert import html_to_markdown

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
