"""Loading lessons from their files: validation, idempotence, and refusing bad files alone."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from learn.loading import load_content
from learn.models import Lesson, LessonTranslation

FRONT = """---
slug: {slug}
topic: {topic}
order: {order}
title: "{title}"
summary: "A lesson."
prerequisites: []
minutes: 5
labs: []
docs:
  - title: "Pods"
    url: "https://kubernetes.io/docs/concepts/workloads/pods/"
---
"""
BODY = """Intro.

## First {{#first}}

```yaml file=pod.yaml
apiVersion: v1
kind: Pod
```

```console
$ kubectl get pods
No resources found in default namespace.
```
"""


def write_lesson(root, slug, topic=None, order=1, en=None, zh=None):
    folder = root / slug
    folder.mkdir(parents=True, exist_ok=True)
    front = {"slug": slug, "topic": topic or slug, "order": order}
    (folder / "en.md").write_text(en if en is not None else
                                  FRONT.format(title=f"{slug} in English", **front) + BODY.format())
    (folder / "zh-hans.md").write_text(zh if zh is not None else
                                       FRONT.format(title=f"{slug} 中文", **front) + BODY.format())
    return folder


@pytest.fixture
def root(tmp_path):
    write_lesson(tmp_path, "pod-basics", order=1)
    write_lesson(tmp_path, "probes", order=6)
    return tmp_path


@pytest.mark.django_db
def test_it_loads_both_languages_of_every_lesson(root):
    report = load_content(root)
    assert report.summary() == "2 lessons, 0 labs"
    assert report.added == ["lesson pod-basics", "lesson probes"]
    assert report.refused == []
    lesson = Lesson.objects.get(slug="pod-basics")
    assert lesson.topic == "pod-basics" and lesson.minutes == 5
    assert [b["kind"] for b in lesson.blocks] == ["file", "console"]
    assert lesson.blocks[1]["commands"] == ["kubectl get pods"]
    zh = lesson.translations.get(language="zh-hans")
    assert zh.title == "pod-basics 中文"
    assert zh.toc == [{"id": "first", "title": "First", "level": 2}]
    assert '<h2 id="first">' in zh.html
    assert "kubectl get pods" in zh.text


@pytest.mark.django_db
def test_it_changes_nothing_when_loaded_twice(root):
    load_content(root)
    first = list(LessonTranslation.objects.order_by("pk").values())
    report = load_content(root)
    assert report.unchanged == ["lesson pod-basics", "lesson probes"]
    assert report.added == report.changed == report.refused == []
    assert list(LessonTranslation.objects.order_by("pk").values()) == first


@pytest.mark.django_db
def test_it_reports_a_changed_lesson(root):
    load_content(root)
    en = root / "probes" / "en.md"
    en.write_text(en.read_text().replace("Intro.", "A new introduction."))
    report = load_content(root)
    assert report.changed == ["lesson probes"]
    assert report.unchanged == ["lesson pod-basics"]
    assert "A new introduction." in LessonTranslation.objects.get(
        lesson__slug="probes", language="en").html


@pytest.mark.django_db
def test_it_refuses_malformed_front_matter_with_file_and_line_and_loads_the_rest(root):
    en = root / "probes" / "en.md"
    en.write_text(en.read_text().replace('title: "probes in English"', 'title: "unclosed\nminutes: ['))
    report = load_content(root)
    assert report.added == ["lesson pod-basics"]
    assert len(report.refused) == 1
    problem = report.refused[0]
    assert problem.startswith(f"{en}:")
    line = int(problem.split(":")[1])
    assert 5 <= line <= 8  # the broken title is on line 5; YAML notices it a little later
    assert "front matter" in problem
    assert not Lesson.objects.filter(slug="probes").exists()


@pytest.mark.django_db
def test_it_keeps_the_stored_lesson_when_its_file_breaks(root):
    load_content(root)
    en = root / "probes" / "en.md"
    en.write_text(en.read_text().replace("minutes: 5", "minutes: five"))
    report = load_content(root)
    assert report.refused == [f"{en}:8: front matter: 'minutes' must be a whole number"]
    assert LessonTranslation.objects.filter(lesson__slug="probes").count() == 2


@pytest.mark.django_db
def test_it_refuses_a_lesson_missing_a_language(root):
    (root / "probes" / "zh-hans.md").unlink()
    report = load_content(root)
    assert report.refused == [f"{root / 'probes' / 'zh-hans.md'}: missing: every lesson needs a zh-hans.md"]


@pytest.mark.django_db
def test_it_refuses_shared_fields_that_differ(root):
    zh = root / "probes" / "zh-hans.md"
    zh.write_text(zh.read_text().replace("minutes: 5", "minutes: 6"))
    (problem,) = load_content(root).refused
    # zh-hans is the first language (settings.LANGUAGES), so the others are compared with it.
    assert problem.endswith("probes/en.md: 'minutes' differs from zh-hans.md (5 vs 6)")


@pytest.mark.django_db
def test_it_refuses_an_unknown_topic(tmp_path):
    write_lesson(tmp_path, "helm-charts")
    (problem,) = load_content(tmp_path).refused
    assert "unknown topic 'helm-charts'" in problem


@pytest.mark.django_db
def test_it_refuses_different_anchors(root):
    zh = root / "probes" / "zh-hans.md"
    zh.write_text(zh.read_text().replace("{#first}", "{#erste}"))
    (problem,) = load_content(root).refused
    assert "heading anchors differ" in problem and "erste" in problem


@pytest.mark.django_db
def test_it_refuses_a_heading_without_an_anchor(root):
    en = root / "probes" / "en.md"
    en.write_text(en.read_text().replace("## First {#first}", "## First"))
    (problem,) = load_content(root).refused
    assert problem == f"{en}:16: a heading without a {{#anchor}} at its end"


@pytest.mark.django_db
def test_it_refuses_runnable_blocks_that_differ_between_languages(root):
    zh = root / "probes" / "zh-hans.md"
    zh.write_text(zh.read_text().replace("No resources found", "没有找到资源"))
    (problem,) = load_content(root).refused
    en = root / "probes" / "en.md"
    assert problem == f"{en}:23: runnable block 1 differs from the one at zh-hans.md:23"


@pytest.mark.django_db
def test_it_refuses_an_unknown_prerequisite(root):
    en = root / "probes" / "en.md"
    zh = root / "probes" / "zh-hans.md"
    for f in (en, zh):
        f.write_text(f.read_text().replace("prerequisites: []", "prerequisites: [nope]"))
    (problem,) = load_content(root).refused
    assert "prerequisite 'nope' is not a lesson" in problem


@pytest.mark.django_db
def test_it_removes_a_lesson_whose_folder_is_gone(root):
    load_content(root)
    for f in (root / "probes").iterdir():
        f.unlink()
    (root / "probes").rmdir()
    report = load_content(root)
    assert report.removed == ["lesson probes"]
    assert list(Lesson.objects.values_list("slug", flat=True)) == ["pod-basics"]


@pytest.mark.django_db
def test_it_loads_every_real_lesson_through_the_command():
    out, err = StringIO(), StringIO()
    call_command("loadcontent", stdout=out, stderr=err)
    assert err.getvalue() == ""
    assert "Added lesson pod-basics.\n" in out.getvalue()
    assert re.search(r"^Loaded 20 lessons, \d+ labs \(\d+ added, 0 changed, 0 unchanged, 0 removed, "
                     r"0 problems\)\.$", out.getvalue(), re.MULTILINE)
    out = StringIO()
    call_command("loadcontent", stdout=out)
    assert re.fullmatch(r"Loaded 20 lessons, \d+ labs \(0 added, 0 changed, \d+ unchanged, "
                        r"0 removed, 0 problems\)\.\n", out.getvalue())
