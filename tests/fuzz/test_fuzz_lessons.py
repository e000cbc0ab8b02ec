"""Lesson files with mutated front matter and Markdown: loading one either gives a rendered,
sanitised lesson or refuses it with a message that names the file (and the line, when there
is one). Nothing raises, and no markup from the file survives sanitising as a live tag."""

import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from learn.loading import (
    LESSONS_DIR,
    ContentError,
    _render,
    check_lesson,
    check_parity,
    read_lesson,
)
from tests.fuzz.harness import FUZZ, example, mutated, reshaped
from tests.security.markup import dangers

LESSON = "pod-basics"
SOURCES = {language: (LESSONS_DIR / LESSON / f"{language}.md").read_text() for language in ("en", "zh-hans")}
MARKDOWN = [
    "## Title {#title}\n\n<script>alert(1)</script> <img src=x onerror=alert(1)>\n",
    "[link](javascript:alert(1)) [x](data:text/html,<b>) ![i](x\" onerror=\"y)\n",
    "```console\n$ kubectl get pods\n```\n\n::: notes key\ntext\n:::\n",
    "| a | b |\n|:--|--:|\n| <b> | `c` |\n",
]


@st.composite
def lesson_sources(draw):
    """Both languages of a real lesson; one or both mutated, in the front matter or the body."""
    sources = dict(SOURCES)
    for language in draw(st.sampled_from([("en",), ("zh-hans",), ("en", "zh-hans")])):
        text = sources[language]
        end = text.index("\n---", 3) + 4
        part = draw(st.sampled_from(["front matter", "fields", "body", "whole", "markdown"]))
        if part == "front matter":
            text = draw(mutated([text[:end]])) + text[end:]
        elif part == "fields":
            text = "---\n" + draw(reshaped([text[4:end - 4]])) + text[end - 4:]
        elif part == "body":
            text = text[:end] + draw(mutated([text[end:]]))
        elif part == "markdown":
            text = text[:end] + "\n" + draw(mutated(MARKDOWN))
        else:
            text = draw(mutated([text]))
        sources[language] = text
    return sources


@FUZZ
@given(lesson_sources())
def test_a_lesson_file_loads_or_is_refused_with_its_file(sources):
    with example("lessons: load"), tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / LESSON
        folder.mkdir()
        for language, text in sources.items():
            (folder / f"{language}.md").write_bytes(text.encode("utf-8", "surrogatepass"))
        try:
            files = read_lesson(folder)
            check_lesson(files, {LESSON, "pod-lifecycle"})
            rendered = {f.language: _render(f) for f in files}
            check_parity(files, rendered)
        except ContentError as error:
            assert error.message.strip() and error.path.name in ("en.md", "zh-hans.md")
            assert error.line is None or error.line >= 1
            return
        for r in rendered.values():
            assert not dangers(r.html)
