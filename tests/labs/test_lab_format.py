"""The lab format: a valid lab reads into a definition; a broken one is refused with every
problem, each with its file and line."""

import pytest

from labs.grading.definition import LabInvalid, read_lab, revision_of

from .conftest import LAB_SLUGS, definition


def problems(folder) -> list[str]:
    with pytest.raises(LabInvalid) as caught:
        read_lab(folder)
    return [p.text(folder) for p in caught.value.problems]


def edit(folder, old, new, file="lab.yaml"):
    path = folder / file
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_it_reads_a_valid_lab(example_lab):
    lab = read_lab(example_lab)
    assert lab["slug"] == "example-lab"
    assert [c["id"] for c in lab["checks"]] == ["pod-ready", "image", "label"]
    assert lab["steps"][0]["text"]["zh-hans"].startswith("## 运行")
    assert lab["budget_ms"] == 120_000
    assert "ngnix:1.29" in lab["mutants"][0]["script"]
    assert lab["revision"] == revision_of(lab)


def test_it_reads_every_lab_of_the_course():
    for slug in LAB_SLUGS:
        lab = definition(slug)
        assert len(lab["checks"]) >= 3 and len(lab["mutants"]) >= 2, slug


def test_it_covers_every_lab_topic():
    from labs.grading.definition import LAB_TOPICS

    assert {definition(slug)["topic"] for slug in LAB_SLUGS} >= set(LAB_TOPICS)


def test_it_gives_the_line_of_a_yaml_syntax_error(example_lab):
    edit(example_lab, "  nodes: 2\n", "  nodes: [2\n")
    # an unclosed flow sequence is noticed where the next key begins
    assert problems(example_lab) == ["lab.yaml:8: expected ',' or ']', but got ':'"]


def test_it_refuses_a_duplicate_key_at_its_line(example_lab):
    edit(example_lab, "budget: 2m\n", "budget: 2m\nbudget: 3m\n")
    assert problems(example_lab) == ["lab.yaml:27: mapping key 'budget' already defined"]


def test_it_names_the_line_of_each_problem(example_lab):
    edit(example_lab, "    points: 30\n", "    points: thirty\n")
    edit(example_lab, 'equals: web}', 'equal: web}')
    edit(example_lab, "    fails: pod-ready\n    explainer: count-mismatch",
         "    fails: pod-running\n    explainer: count-mismatch")
    assert problems(example_lab) == [
        "lab.yaml:19: points: a whole number above 0",
        ("lab.yaml:25: get: unknown field 'equal' (expected one of: contains, equals, exists, jsonpath, "
        "matches, max, min, namespace, not_equals, one_of, resource)"),
        "lab.yaml:25: get: say what to expect: equals, contains, matches, min, max, one_of or exists",
        "lab.yaml:34: fails: the id of a check of this lab, not 'pod-running'",
    ]


def test_it_requires_both_languages(example_lab):
    edit(example_lab, "  zh-hans: 示例实验\n", "")
    (example_lab / "steps" / "run.zh-hans.md").unlink()
    assert problems(example_lab) == [
        "lab.yaml:3: the zh-hans text is missing",
        "lab.yaml:8: file not found: steps/run.zh-hans.md",
    ]


def test_it_refuses_a_mutant_edit_that_does_not_apply(example_lab):
    edit(example_lab, '{replace: "kubectl run web", with:', '{replace: "kubectl create pod web", with:')
    assert problems(example_lab) == [
        "lab.yaml:37: the text to replace occurs 0 times in the solution; it must occur exactly once"]


def test_it_refuses_unknown_explainers_and_too_few_checks(example_lab):
    edit(example_lab, "explainer: image-pull", "explainer: image-typo")
    text = (example_lab / "lab.yaml").read_text()
    start, end = text.index("  - id: label"), text.index("budget:")
    (example_lab / "lab.yaml").write_text(text[:start] + text[end:])
    assert problems(example_lab) == [
        "lab.yaml:13: a lab has at least 3 checks",
        "lab.yaml:26: explainer: a finding code (labs/grading/codes.py), not 'image-typo'",
    ]


def test_it_checks_world_files_and_moments(example_lab):
    edit(example_lab, "  nodes: 2\n", "  nodes: 2\n  objects: [world/missing.yaml]\n")
    edit(example_lab, "    pods: {name: web, ready: true, count: 1}",
         "    happens: {scripted: nothing, within: soon}")
    assert problems(example_lab) == [
        "lab.yaml:8: file not found: world/missing.yaml",
        "lab.yaml:18: happens: no scripted event is named 'nothing'",
        "lab.yaml:18: happens: 'soon' is not a duration (write 30s, 2m or 1h)",
    ]


def test_it_refuses_a_slug_unlike_its_folder(example_lab):
    edit(example_lab, "slug: example-lab", "slug: example")
    assert problems(example_lab) == ["lab.yaml:1: slug 'example' differs from its folder's name 'example-lab'"]
