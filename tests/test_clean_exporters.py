"""``clean`` on Markdown written by wordpress-export-to-markdown (Turndown) and its kin: only
repairs change, every other character stays as it was written."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from wpmigrate.clean import clean_paths
from wpmigrate.config import Config
from wpmigrate.normalize.markdown_text import normalize_markdown


def _clean(tmp_path: Path, text: str) -> str:
    work = tmp_path / "index.md"
    work.write_text(text, encoding="utf-8")
    report = clean_paths([work], Config())
    assert report.return_code == 0, report.items[0].reason
    again = clean_paths([work], Config(), mode="check")
    assert again.return_code == 0, again.items[0].diff
    return work.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "text",
    [
        # Code an exporter left as prose: its quotes are not attribute syntax to rewrite.
        "var s = '<img id=\"pic\" src=\\\\''+url+'\\\\' />';\n",
        "m = re.findall(r'\\\\<pre lang=\\\\\".\\*?\\\\\"\\\\>', s)\n",
        # A tag with nothing to drop stays byte for byte, its quoting included.
        "<span class='note' title=x>Note</span>\n",
    ],
)
def test_tag_without_wordpress_attributes_is_untouched(text: str) -> None:
    assert normalize_markdown(text) == text


def test_dropped_attribute_leaves_the_rest_as_written() -> None:
    text = "p = \"<div class='p-name'><a target='_blank' href='(.*?)'>\"\n"
    assert normalize_markdown(text) == "p = \"<div class='p-name'><a href='(.*?)'>\"\n"


def test_wordpress_class_dropped_others_kept_in_place() -> None:
    text = '<p class="wp-block-x lead" id=a>Hi</p>\n'
    assert normalize_markdown(text) == '<p class="lead" id=a>Hi</p>\n'


@pytest.mark.parametrize(
    "text",
    [
        "x = '<img src=\\\\''+u+'\\\\' alt=a>'\n",
        "y = '<a href=\\\\''+u+'\\\\' rel=x>go</a>'\n",
    ],
)
def test_tag_like_code_is_not_made_markdown(text: str) -> None:
    assert normalize_markdown(text) == text


def test_unknown_escape_in_double_quoted_title_is_a_literal_backslash(tmp_path: Path) -> None:
    # The exporter escapes only quotes, so a backslash in a title makes YAML (and Hugo) fail.
    text = '---\ntitle: "Paths like C:\\Temp; and \\"quotes\\""\ndate: "2013-01-05"\n---\n\nBody\n'
    cleaned = _clean(tmp_path, text)
    assert cleaned == (
        '---\ntitle: "Paths like C:\\\\Temp; and \\"quotes\\""\ndate: "2013-01-05"\n---\n\nBody\n'
    )
    report = clean_paths([tmp_path / "index.md"], Config(), mode="check")
    assert report.return_code == 0


def test_unescaped_quote_in_list_item_is_escaped(tmp_path: Path) -> None:
    text = '---\ntitle: "T"\ntags: \n  - "the "best" tag"\n  - "plain"\n---\n\nBody\n'
    cleaned = _clean(tmp_path, text)
    assert '\n  - "the \\"best\\" tag"\n  - "plain"\n' in cleaned
    assert cleaned == text.replace('"the "best" tag"', '"the \\"best\\" tag"')


def test_valid_escapes_are_not_touched_when_another_line_is_repaired(tmp_path: Path) -> None:
    text = '---\ntitle: "tab\\there"\nsummary: "a\\;b"\n---\n\nBody\n'
    cleaned = _clean(tmp_path, text)
    assert cleaned == '---\ntitle: "tab\\there"\nsummary: "a\\\\;b"\n---\n\nBody\n'


def test_front_matter_broken_otherwise_still_fails(tmp_path: Path) -> None:
    work = tmp_path / "index.md"
    text = '---\ntitle: "a\\;b\nnext: [\n---\n\nBody\n'
    work.write_text(text, encoding="utf-8")
    report = clean_paths([work], Config())
    assert report.items[0].status == "failed"
    assert work.read_text(encoding="utf-8") == text


def test_valid_line_with_comment_kept_while_another_is_mended(tmp_path: Path) -> None:
    text = '---\ntitle: "a" # the "short" one\nsummary: "x\\;y"\n---\n\nBody\n'
    cleaned = _clean(tmp_path, text)
    assert cleaned == '---\ntitle: "a" # the "short" one\nsummary: "x\\\\;y"\n---\n\nBody\n'


def test_mended_front_matter_is_noted(tmp_path: Path) -> None:
    work = tmp_path / "index.md"
    work.write_text('---\ntitle: "a\\;b"\n---\n\nBody\n', encoding="utf-8")
    report = clean_paths([work], Config(), mode="check")
    assert report.return_code == 1
    assert any("backslash or quote escaped" in n.message for n in report.items[0].notes)


def test_repaired_values_keep_their_double_quotes(tmp_path: Path) -> None:
    text = (
        '---\ntitle: "News &amp; Views"\ndate: "2020-01-02"\ncategories: \n'
        '  - "Caf&eacute;"\n  - "plain"\n\ntags: \n  - "x"\n---\n\nBody\n'
    )
    cleaned = _clean(tmp_path, text)
    assert cleaned == (
        '---\ntitle: "News & Views"\ndate: "2020-01-02"\ncategories: \n'
        '  - "Café"\n  - "plain"\n\ntags: \n  - "x"\n---\n\nBody\n'
    )


def test_plain_values_stay_plain(tmp_path: Path) -> None:
    text = "---\ntitle: News &amp; Views\ntags:\n- Caf&eacute;\n---\n\nBody\n"
    assert _clean(tmp_path, text) == "---\ntitle: News & Views\ntags:\n- Café\n---\n\nBody\n"


def test_requoted_value_keeps_emoji_and_escapes_only_what_yaml_needs(tmp_path: Path) -> None:
    text = '---\ntitle: "Caf&eacute; \\\\ &quot;x&quot; \U0001f642&#8232;."\n---\n\nBody\n'
    cleaned = _clean(tmp_path, text)
    assert cleaned.splitlines()[1] == 'title: "Café \\\\ \\"x\\" \U0001f642\\u2028."'


CAPTIONED = (
    "Intro.\n\n"
    '\\[caption id="attachment\\_12" align="alignleft" width="300"\\]'
    '![A cat](https://example.org/cat.jpg "Cat") A cat on a *mat*.\\[/caption\\]\n\n'
    "After.\n"
)


def test_escaped_caption_becomes_image_and_caption(tmp_path: Path) -> None:
    cleaned = _clean(tmp_path, "---\ntitle: x\n---\n" + CAPTIONED)
    assert cleaned == (
        "---\ntitle: x\n---\nIntro.\n\n"
        '![A cat](https://example.org/cat.jpg "Cat")\n\nA cat on a *mat*.\n\nAfter.\n'
    )


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # the caption as an attribute (WordPress before 3.4), around a linked image
        (
            '\\[caption id="a\\_1" width="50" caption="Seen from above"\\]'
            "[![](https://e.org/a.png)](https://e.org/a.png)\\[/caption\\]",
            "[![](https://e.org/a.png)](https://e.org/a.png)\n\nSeen from above",
        ),
        # as other exporters left it: brackets not escaped, the image still raw HTML
        (
            '[caption id="attachment_3" align="alignnone"]<img src="https://e.org/b.png" '
            'alt="B" class="size-full wp-image-3" /> Bee[/caption]',
            "![B](https://e.org/b.png)\n\nBee",
        ),
        # no caption text: the image alone
        (
            '\\[caption id="" width="9"\\]![](https://e.org/c.png)\\[/caption\\]',
            "![](https://e.org/c.png)",
        ),
    ],
)
def test_caption_forms(line: str, expected: str) -> None:
    assert normalize_markdown(f"Before.\n\n{line}\n\nAfter.\n") == (
        f"Before.\n\n{expected}\n\nAfter.\n"
    )


@pytest.mark.parametrize(
    "text",
    [
        # inside a sentence, a quote or a list: moving it out would break the block
        'See \\[caption id="x"\\]![](https://e.org/a.png) A\\[/caption\\] here.\n',
        '> \\[caption id="x"\\]![](https://e.org/a.png) A\\[/caption\\]\n',
        # no image inside: not the shortcode's shape, left for the author
        '\\[caption id="x"\\]Only words\\[/caption\\]\n',
        # in code it is what the reader must see
        '```\n\\[caption id="x"\\]![](https://e.org/a.png) A\\[/caption\\]\n```\n',
    ],
)
def test_caption_left_where_unwrapping_is_unsafe(text: str) -> None:
    assert normalize_markdown(text) == text


def test_unwrapped_caption_is_noted(tmp_path: Path) -> None:
    work = tmp_path / "index.md"
    work.write_text("---\ntitle: x\n---\n" + CAPTIONED, encoding="utf-8")
    report = clean_paths([work], Config(), mode="check")
    assert any("[caption]" in n.message for n in report.items[0].notes)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Use List<string> here.", "Use List\\<string> here."),
        ("Type <username> then <Enter>.", "Type \\<username> then \\<Enter>."),
        ("Close it: </Item>", "Close it: \\</Item>"),
        ("PORT <SP> <host-port> <CRLF>", "PORT \\<SP> \\<host-port> \\<CRLF>"),
        ('A <my-player src="a">clip</my-player>.', None),
        # HTML, autolinks, shortcodes, code and what is no tag at all stay as written
        ("<b>bold</b>, <br> and <span class='x'>y</span>", None),
        ("<https://x.example> and <me@x.example>", None),
        ('{{<youtube abc>}} and {{< figure src="a" >}}', None),
        ("`List<string>` and Dictionary<string, int> and a < b > c", None),
        ("Already \\<escaped>.", None),
        # inline SVG and MathML, attribute values, shortcode arguments: their "<" is theirs
        ('<svg width="9"><circle cx="4" r="3"/><path d="M0"/></svg>', None),
        ("<math><mi>x</mi><mo>+</mo><mn>1</mn></math>", None),
        ('<a href="/x" title="type <username>">x</a>', None),
        ('{{< figure src="a.png" alt="<username>" >}}', None),
    ],
)
def test_a_tag_no_html_knows_is_escaped_so_it_shows(text: str, expected: str | None) -> None:
    # Markdown would take "<string>" for an HTML tag: Hugo shows nothing of it.
    assert normalize_markdown(text + "\n") == (expected or text) + "\n"


@pytest.mark.hugo
def test_escaped_tags_show_on_the_built_page(tmp_path: Path) -> None:
    from conftest import run_hugo

    body = normalize_markdown("Use List<string> and press <Enter>, or <b>bold</b>.\n")
    (tmp_path / "content").mkdir()
    (tmp_path / "layouts/_default").mkdir(parents=True)
    (tmp_path / "layouts/_default/single.html").write_text("{{ .Content }}")
    (tmp_path / "layouts/_default/list.html").write_text("{{ .Content }}")
    (tmp_path / "hugo.toml").write_text("[markup.goldmark.renderer]\nunsafe = true\n")
    (tmp_path / "content/p.md").write_text("---\ntitle: p\n---\n" + body)
    assert run_hugo(tmp_path, "-d", "out").returncode == 0
    page = (tmp_path / "out/p/index.html").read_text(encoding="utf-8")
    assert "List&lt;string&gt;" in page and "&lt;Enter&gt;" in page and "<b>bold</b>" in page


def test_a_stray_backtick_does_not_make_code_of_the_next_paragraph() -> None:
    # "Don`t" opens no code span reaching into the next paragraph: the real span there
    # stays as written, its "<" and entity included.
    text = "Don`t do that.\n\nThen `List<T>` and `a &amp; b`, and List<T> outside.\n"
    assert normalize_markdown(text) == text.replace("List<T> outside", "List\\<T> outside")


def test_lazy_images_keep_their_real_address() -> None:
    text = '<img src="p.gif" data-src="https://x.example/real.jpg" data-attachment-id="5">\n'
    assert normalize_markdown(text) == '<img src="p.gif" data-src="https://x.example/real.jpg">\n'


def test_values_beside_a_repaired_one_keep_their_type(tmp_path: Path) -> None:
    # Hugo reads YAML 1.2: "no", "on" and "1:20" are text. Rewriting the entry that holds a
    # repaired value must not turn them into false, true and 80.
    front = "params:\n  answer: no\n  flag: on\n  time: 1:20\n  note: caf\u00c3\u00a9\n  ok: true\n"
    out = _clean(tmp_path, f"---\n{front}---\nBody.\n")
    assert out == "---\n" + front.replace("caf\u00c3\u00a9", "café") + "---\nBody.\n"


def test_mending_leaves_block_scalars_and_comments_alone(tmp_path: Path) -> None:
    front = (
        'title: "a \\; b" # note "x"\n'  # a bare backslash: the line to mend; its comment stays
        "summary: |\n"
        '  Code: "C:\\path"\n'  # the text of a block scalar: read as it is, never mended
        "  more text\n"
    )
    out = _clean(tmp_path, f"---\n{front}---\nBody.\n")
    data = yaml.safe_load(out.split("---\n")[1])
    assert data["title"] == "a \\; b"
    assert data["summary"] == 'Code: "C:\\path"\nmore text\n'
    assert '# note "x"' in out and '  Code: "C:\\path"\n' in out


def test_a_caption_with_text_and_a_caption_attribute_keeps_both(tmp_path: Path) -> None:
    # WordPress shows the text after the image, then the attribute as the caption under it.
    body = '\\[caption id="a" caption="The harbour"\\]![boats](b.jpg) Early light\\[/caption\\]\n'
    out = _clean(tmp_path, "---\ntitle: x\n---\n" + body)
    assert out.endswith("![boats](b.jpg)\n\nEarly light\n\nThe harbour\n")


def test_front_matter_closed_by_yamls_own_end_marker_keeps_it(tmp_path: Path) -> None:
    out = _clean(tmp_path, "---\ntitle: caf\u00c3\u00a9\n...\nBody.\n")
    assert out == "---\ntitle: café\n...\nBody.\n"
