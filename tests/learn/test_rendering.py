"""Lesson Markdown becomes safe HTML: only the markup the renderer makes survives."""

from html.parser import HTMLParser

import pytest

from learn.loading import load_content
from learn.models import LessonTranslation
from learn.rendering import render_lesson
from tests.learn.test_loading import FRONT

HOSTILE = """Hello <script>alert("body")</script> world.

<img src=x onerror="alert(1)">

<div onclick="steal()">raw block</div>

[click me](javascript:alert(1)) and [data](data:text/html;base64,PHNjcmlwdD4=)

[![img](javascript:alert(2))](javascript:alert(3))

## Heading <b onmouseover="x()">bold</b> {#heading}

::: notes some-key
An aside with <iframe src="https://evil.example"></iframe>.
:::

```yaml file=evil.yaml" onclick="alert(1)
kind: Pod
```

```dot alt="x&quot; onload=&quot;alert(1)"
digraph { a -> b [label="</pre><script>alert(4)</script>"] }
```
"""


def render(body, language="en"):
    return render_lesson(body, "pod-basics", language).html


class Elements(HTMLParser):
    """Every element of an HTML fragment as (tag, attributes)."""

    def __init__(self, html):
        super().__init__()
        self.found = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def test_it_shows_raw_html_as_text():
    html = render(HOSTILE)
    tags = {tag for tag, _ in Elements(html).found}
    assert not tags & {"script", "img", "iframe", "b"}
    assert "<p>Hello &lt;script&gt;alert(\"body\")&lt;/script&gt; world.</p>" in html


def test_it_drops_javascript_and_data_links():
    hrefs = [attrs.get("href", "") for tag, attrs in Elements(render(HOSTILE)).found if tag == "a"]
    assert hrefs
    assert not [h for h in hrefs if not h.startswith(("/", "#", "https:"))]


def test_it_keeps_no_event_handler_attributes():
    for tag, attrs in Elements(render(HOSTILE)).found:
        assert not [name for name in attrs if name.startswith("on")], tag


def test_it_escapes_the_dot_source_of_a_diagram():
    html = render(HOSTILE)
    assert "&lt;/pre&gt;&lt;script&gt;alert(4)&lt;/script&gt;" in html
    assert html.count("<pre") == html.count("</pre>")


@pytest.mark.django_db
def test_it_shows_a_hostile_lesson_file_as_text(tmp_path):
    folder = tmp_path / "pod-basics"
    folder.mkdir()
    for language in ("en", "zh-hans"):
        front = FRONT.format(slug="pod-basics", topic="pod-basics", order=1, title="Evil")
        (folder / f"{language}.md").write_text(front + HOSTILE)
    report = load_content(tmp_path)
    assert report.refused == []
    html = LessonTranslation.objects.get(language="en").html
    assert "<script" not in html and 'href="javascript' not in html


def test_it_gives_headings_their_anchor_and_a_permalink():
    html = render("## Pods and `kubectl` {#pods}\n\n### More {#more}\n")
    assert html.startswith('<h2 id="pods">Pods and <code>kubectl</code> <a class="header-anchor" '
                           'href="#pods" aria-label="Link to this section">#</a></h2>')
    assert '<h3 id="more">' in html


def test_it_translates_the_permalink_label():
    assert 'aria-label="链接到本节"' in render("## 标题 {#t}\n", "zh-hans")


def test_it_turns_notes_asides_into_labelled_notes():
    html = render("::: notes pod-conditions\n**What the notes said:** x.\n:::\n")
    assert '<div class="notes" role="note" data-notes="pod-conditions">' in html
    assert "<strong>What the notes said:</strong> x." in html


def test_it_links_a_manifest_to_the_sandbox():
    html = render("```yaml file=web.yaml\nkind: Pod\n```\n")
    assert '<div class="runnable" data-block="0" data-kind="file" data-file="web.yaml">' in html
    assert '<a class="runnable__action" href="/en/sandbox/?lesson=pod-basics&amp;block=0">Run it</a>' in html


def test_it_sends_a_console_block_to_the_terminal_with_its_commands():
    body = "```yaml file=a.yaml\nkind: Pod\n```\n\n```console\n$ kubectl get pods\nNo resources\n$ echo 'a b'\na b\n```\n"
    html = render(body, "zh-hans")
    assert ('href="/zh-hans/sandbox/?lesson=pod-basics&amp;block=1&amp;'
            'command=kubectl+get+pods%0Aecho+%27a+b%27">发送到终端</a>') in html


def test_it_highlights_code_with_pygments():
    html = render("```yaml\nkind: Pod\n```\n")
    assert '<pre class="highlight" tabindex="0"><code class="language-yaml"><span class="nt">kind</span>' in html


def test_it_renders_tables_with_alignment_only():
    html = render("| a | b |\n|--:|---|\n| 1 | 2 |\n")
    assert '<table tabindex="0">' in html
    assert '<th style="text-align:right">a</th>' in html


def test_it_describes_a_diagram_in_text():
    result = render_lesson('```dot alt="Two boxes"\ndigraph { a -> b }\n```\n', "x", "en")
    assert result.has_diagrams
    assert 'role="img" aria-label="Two boxes"' in result.html
    assert "<details><summary>Text description of the diagram</summary><p>Two boxes</p></details>" in result.html
    assert '<pre class="diagram__source" hidden="">digraph { a -&gt; b }' in result.html


def test_it_collects_the_table_of_contents_and_plain_text():
    result = render_lesson("Intro *text*.\n\n## One {#one}\n\n### Two `x` {#two}\n\n#### Three {#three}\n", "x", "en")
    assert result.toc == [{"id": "one", "title": "One", "level": 2},
                          {"id": "two", "title": "Two x", "level": 3}]
    assert result.anchors == ["one", "two", "three"]
    assert result.text == "Intro text.\nOne\nTwo x\nThree"
