"""``wpmigrate clean``: golden files per kind of damage, the seed post, the shared corpus."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import frontmatter
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CORPORA, corpus_files
from wpmigrate import audit
from wpmigrate.clean import clean_paths
from wpmigrate.cli import cli
from wpmigrate.config import Config
from wpmigrate.normalize.markdown_text import normalize_markdown
from wpmigrate.repair import fix_encoding

GOLDEN = Path(__file__).parent / "golden" / "clean"
CASES = sorted(p.name.removesuffix(".in.md") for p in GOLDEN.glob("*.in.md"))
MOJIBAKE = re.compile(r"â€|Ã[\u00a0-\u00bf]|ðŸ|Â[\u00a0 ]")


@pytest.mark.parametrize("case", CASES)
def test_golden(case: str, tmp_path: Path) -> None:
    src = GOLDEN / f"{case}.in.md"
    expected = GOLDEN / f"{case}.out.md"
    work = tmp_path / src.name
    shutil.copyfile(src, work)
    report = clean_paths([work], Config())
    want = (expected if expected.exists() else src).read_text(encoding="utf-8")
    assert work.read_text(encoding="utf-8") == want
    assert report.return_code == 0
    # Idempotent: a second pass finds nothing to do.
    again = clean_paths([work], Config(), mode="check")
    assert again.return_code == 0, again.items[0].diff


def test_crlf_and_bom_kept_and_removed(tmp_path: Path) -> None:
    work = tmp_path / "post.md"
    work.write_bytes("\ufeff---\r\ntitle: Itâ€™s\r\n---\r\nLine one&#8217;s\r\n".encode())
    clean_paths([work], Config())
    assert work.read_bytes() == "---\r\ntitle: It’s\r\n---\r\nLine one’s\r\n".encode()


def test_check_and_diff_write_nothing(tmp_path: Path) -> None:
    work = tmp_path / "post.md"
    original = "---\ntitle: x\n---\nIt&#8217;s\n"
    work.write_text(original, encoding="utf-8")
    runner = CliRunner()
    checked = runner.invoke(cli, ["clean", "--check", str(work)])
    assert checked.exit_code == 1
    assert "1 file would be cleaned" in checked.stderr
    diffed = runner.invoke(cli, ["clean", "--diff", str(work)])
    assert diffed.exit_code == 0
    assert "-It&#8217;s" in diffed.stdout and "+It’s" in diffed.stdout
    name = work.as_posix().lstrip("/")  # an absolute path, headed as git heads it
    assert f"--- a/{name}\n+++ b/{name}\n" in diffed.stdout
    assert work.read_text(encoding="utf-8") == original
    done = runner.invoke(cli, ["clean", str(work)])
    assert done.exit_code == 0 and "1 file cleaned" in done.stderr
    assert runner.invoke(cli, ["clean", "--check", str(work)]).exit_code == 0


def test_file_that_would_lose_words_is_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import wpmigrate.clean as clean_module

    # Simulate a cleaning rule gone wrong: it drops a word. The guard must refuse the write.
    monkeypatch.setattr(
        clean_module, "normalize_markdown", lambda body, notes=None: body.replace("precious ", "")
    )
    work = tmp_path / "post.md"
    text = "---\ntitle: x\n---\nA precious sentence&#8217;s end.\n"
    work.write_text(text, encoding="utf-8")
    report = clean_paths([work], Config())
    assert report.items[0].status == "failed"
    assert "precious" in report.items[0].reason
    assert "words-lost" in report.items[0].note_kinds()
    assert work.read_text(encoding="utf-8") == text
    assert report.return_code == 123


def test_bad_front_matter_is_reported_with_line(tmp_path: Path) -> None:
    work = tmp_path / "bad.md"
    work.write_text("---\ntitle: ok\nbroken: [unclosed\n---\nBody\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["clean", str(work)])
    assert result.exit_code == 123
    assert f"{work}:3" in result.stderr and "front matter" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.corpus
def test_seed_post(corpora: Path, tmp_path: Path) -> None:
    seed = corpora / "seed" / "job-search-maybe-youre-doing-wrong.md"
    work = tmp_path / seed.name
    shutil.copyfile(seed, work)
    result = CliRunner().invoke(cli, ["clean", str(work)])
    assert result.exit_code == 0, result.output
    post = frontmatter.load(work)
    assert post["title"] == "Job search: maybe you’re doing wrong"
    assert post["draft"] is True
    assert str(post["date"]).startswith("2019-06-11")
    assert post["categories"] == ["imigracao", "trabalho"]
    assert "url" not in post.metadata
    assert not [k for k in post.metadata if k.startswith("mashsb_")]
    text = work.read_text(encoding="utf-8")
    assert not MOJIBAKE.search(text)
    assert not re.search(r"&#\d+;|&nbsp;", text)
    assert "🙂" in text and "Matt’s" in text
    assert "[LinkedIn](https://www.linkedin.com/)" in text
    assert not re.search(r"target=|rel=|aria-label", text)
    body = frontmatter.loads(fix_encoding(seed.read_text(encoding="utf-8"), Config())).content
    before = audit.markdown_words(body, decode_shown_entities=True)
    assert not before - audit.markdown_words(post.content)
    assert CliRunner().invoke(cli, ["clean", "--check", str(work)]).exit_code == 0


@pytest.mark.corpus
@pytest.mark.parametrize("src", corpus_files("mojibake-md/*/*"), ids=lambda p: p.name[:40])
def test_mojibake_corpus(src: Path, tmp_path: Path) -> None:
    work = tmp_path / src.name
    shutil.copyfile(src, work)
    report = clean_paths([work], Config())
    assert report.items[0].status == "written", report.items[0].reason
    text = work.read_text(encoding="utf-8")
    assert not MOJIBAKE.search(text), MOJIBAKE.search(text)
    assert not text.startswith("\ufeff")
    body_before = frontmatter.loads(fix_encoding(src.read_text(encoding="utf-8-sig"), Config()))
    body_after = frontmatter.loads(text)
    lost = audit.markdown_words(body_before.content, decode_shown_entities=True) - (
        audit.markdown_words(body_after.content, decode_shown_entities=True)
    )
    assert not lost
    assert clean_paths([work], Config(), mode="check").return_code == 0


def test_corpus_present_or_skipped() -> None:
    # Guard against a silently empty parametrization when the corpora exist.
    if CORPORA.is_dir():
        assert corpus_files("mojibake-md/*/*")


def test_junk_key_list_is_the_users_to_change(tmp_path: Path) -> None:
    work = tmp_path / "post.md"
    work.write_text("---\ntitle: x\nmashsb_a: 1\nold_theme_opt: 2\n---\nBody\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(
        cli, ["clean", "--keep-key", "mashsb_a", "--drop-key", "old_theme_", str(work)]
    )
    assert result.exit_code == 0, result.output
    assert work.read_text(encoding="utf-8") == "---\ntitle: x\nmashsb_a: 1\n---\nBody\n"


HIGHLIGHT = re.compile(r"\{\{< highlight [^\n]*?>\}\}.*?\{\{< / ?highlight >\}\}", re.S)


@pytest.mark.corpus
@pytest.mark.parametrize("src", corpus_files("mojibake-md/*/*"), ids=lambda p: p.name[:40])
def test_corpus_highlight_blocks_are_code(src: Path, tmp_path: Path) -> None:
    # Old exporters wrote code as {{< highlight >}} pairs: only mojibake changes there, as in
    # a fence (a sample showing target="_blank" or <clear /> keeps it).
    work = tmp_path / src.name
    shutil.copyfile(src, work)
    clean_paths([work], Config())
    repaired = fix_encoding(src.read_text(encoding="utf-8-sig"), Config())
    assert HIGHLIGHT.findall(work.read_text(encoding="utf-8")) == HIGHLIGHT.findall(repaired)


_CODE_PIECES = [
    '<a href="https://e.com/" target="_blank">e</a>',
    '<img src="x.png" srcset="x-2.png 2x" data-id="5" />',
    "<clear />",
    '<div\n   class="wp-block x">',
    "&#8217;",
    "&amp;",
    "word",
    " ",
    "\n",
    "\n\n",
    "    ",
]
_CODE_TEXT = st.lists(st.sampled_from(_CODE_PIECES), max_size=12).map("".join)


@settings(max_examples=60, deadline=None)
@given(code=_CODE_TEXT, form=st.sampled_from(["< highlight go >", "% highlight %", "< code >"]))
def test_code_shortcode_body_is_left_alone(code: str, form: str) -> None:
    name = form.strip("<>% ").split()[0]
    close = form[0] + f" /{name} " + form[-1]
    body = f"Prose <a href='y' target=\"_blank\">y</a>\n\n{{{{{form}}}}}\n{code}\n{{{{{close}}}}}\n"
    out = normalize_markdown(body)
    assert f"\n{code}\n" in out
    assert out.startswith("Prose [y](y)")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            'Thanks to <a rel="noopener" href="https://x.example/">Cristina Wolff </a>for it.\n',
            "Thanks to [Cristina Wolff](https://x.example/) for it.\n",
        ),
        ('See<a target="_blank" href="/y"> the docs</a>.\n', "See [the docs](/y).\n"),
        ('<a target="_blank" href="/z">plain</a>\n', "[plain](/z)\n"),
    ],
)
def test_space_at_either_end_of_link_text_stays_outside_the_link(body: str, expected: str) -> None:
    assert normalize_markdown(body) == expected


def test_verbose_lines_use_the_summarys_verb(tmp_path: Path) -> None:
    work = tmp_path / "post.md"
    work.write_text("---\ntitle: x\n---\nIt&#8217;s\n", encoding="utf-8")
    runner = CliRunner()
    planned = runner.invoke(cli, ["clean", "-v", "--dry-run", str(work)])
    assert f"would-clean: {work}" in planned.stderr and "would be cleaned" in planned.stderr
    done = runner.invoke(cli, ["clean", "-v", str(work)])
    assert f"cleaned: {work}" in done.stderr and "written" not in done.stderr


def test_a_symlink_inside_a_folder_is_named_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text("---\ntitle: x\n---\nIt&#8217;s\n", encoding="utf-8")
    folder = tmp_path / "posts"
    folder.mkdir()
    (folder / "link.md").symlink_to(outside)
    result = CliRunner().invoke(cli, ["clean", str(folder)])
    assert result.exit_code == 0
    assert f"warning: {folder / 'link.md'}: a symlink, not followed" in result.stderr
    assert outside.read_text(encoding="utf-8").endswith("It&#8217;s\n")  # not touched


@pytest.mark.parametrize(
    "opening", ["---\ntitle: x\ndate: 2020\n", "+++\ntitle = 'x'\ndate = 2020\n"]
)
def test_front_matter_never_closed_fails_the_file_untouched(tmp_path: Path, opening: str) -> None:
    work = tmp_path / "cut.md"
    original = opening + "It&#8217;s cut short\n"
    work.write_text(original, encoding="utf-8")
    result = CliRunner().invoke(cli, ["clean", str(work)])
    assert f"error: {work}:1: the front matter opened at line 1 is never closed" in result.stderr
    assert work.read_text(encoding="utf-8") == original


@pytest.mark.parametrize("after", ["\n", "Note: it&#8217;s one line of text.\n\n"])
def test_a_thematic_break_on_the_first_line_is_not_front_matter(tmp_path: Path, after: str) -> None:
    work = tmp_path / "rule.md"
    work.write_text(f"---\n{after}It&#8217;s an essay\n", encoding="utf-8")
    assert CliRunner().invoke(cli, ["clean", str(work)]).exit_code == 0
    expected = f"---\n{after}It&#8217;s an essay\n".replace("&#8217;", "’")
    assert work.read_text(encoding="utf-8") == expected


def test_texts_and_diffs_are_kept_only_when_asked_for(tmp_path: Path) -> None:
    # Over a folder of thousands of posts they are what would make memory grow.
    for n in range(3):
        (tmp_path / f"p{n}.md").write_text("---\ntitle: x\n---\nIt&#8217;s\n", encoding="utf-8")
    quiet = clean_paths([tmp_path], Config(report_texts=False, report_diffs=False), "dry-run")
    assert [r.status for r in quiet.items] == ["would-change"] * 3
    assert all(not (r.before or r.after or r.diff) for r in quiet.items)
    report = tmp_path / "r.json"
    CliRunner().invoke(cli, ["clean", "--dry-run", "--report", str(report), str(tmp_path)])
    items = json.loads(report.read_text(encoding="utf-8"))["items"]
    assert all("+It’s" in item["diff"] for item in items) and len(items) == 3


def test_mixed_line_endings_alone_leave_the_file_as_it_is(tmp_path: Path) -> None:
    work = tmp_path / "mixed.md"
    clean_text = b"---\r\ntitle: x\r\n---\r\nOne line\nand another\r\n"
    work.write_bytes(clean_text)
    assert CliRunner().invoke(cli, ["clean", str(work)]).exit_code == 0
    assert work.read_bytes() == clean_text
    # With a repair to make, the file is written in one style, and the note says so.
    work.write_bytes(clean_text.replace(b"One", b"It&#8217;s one"))
    report = clean_paths([work], Config())
    assert (
        work.read_bytes()
        == b"---\r\ntitle: x\r\n---\r\nIt\xe2\x80\x99s one line\r\nand another\r\n"
    )
    assert any("mixed line endings" in n.message for n in report.items[0].notes)


def test_the_diff_of_a_file_without_a_final_newline_says_so(tmp_path: Path) -> None:
    work = tmp_path / "post.md"
    work.write_text("---\ntitle: x\n---\nIt&#8217;s", encoding="utf-8")
    diffed = CliRunner().invoke(cli, ["clean", "--diff", str(work)]).stdout
    # As diff -u writes it, so that patch applies it.
    marker = "\\ No newline at end of file\n"
    assert f"-It&#8217;s\n{marker}+It’s\n{marker}" in diffed
