"""Inputs the fuzz targets found that once raised instead of answering; each now gets a message."""

import re

import pytest

from kubesim.cluster import Cluster
from labs.grading.definition import LabInvalid, read_lab_files
from learn.loading import LESSONS_DIR, ContentError, read_lesson_file
from tests.fuzz.test_fuzz_labs import FILES


@pytest.mark.parametrize("line", ['kubectl get "" web', "kubectl describe , web", "kubectl delete , web"])
def test_kubectl_names_without_a_type_are_refused_like_kubectl(line):
    result = Cluster(seed=1).run(line)
    assert result.exit_code == 1
    assert result.stderr.startswith("error: the server doesn't have a resource type")


def problems(files):
    with pytest.raises(LabInvalid) as refused:
        read_lab_files(files, "probes")
    return [p.text() for p in refused.value.problems]


def test_a_control_character_in_lab_yaml_is_a_problem_with_its_line():
    files = dict(FILES["probes"])
    files["lab.yaml"] = files["lab.yaml"].replace("topic: probes", "topic: pro\x1fbes")
    assert problems(files) == [("lab.yaml:2: the character U+001F is not allowed in YAML "
                               "(special characters are not allowed)")]


def test_a_control_character_in_a_world_file_is_a_problem_with_its_line():
    files = dict(FILES["probes"])
    files["world/service.yaml"] = "apiVersion: v1\nkind: \x07Service\n"
    assert problems(files) == [("world/service.yaml:2: the character U+0007 is not allowed in YAML "
                               "(special characters are not allowed)")]


@pytest.mark.parametrize("where", ["lab.yaml", "world/service.yaml"])
def test_yaml_nested_thousands_deep_is_a_problem_not_a_crash(where):
    files = dict(FILES["probes"])
    files[where] = files[where] + "\ndeep: " + "[" * 5000
    assert any("nesting too deep" in p for p in problems(files))


def lesson_with(tmp_path, front_matter_edit):
    source = (LESSONS_DIR / "pod-basics" / "en.md").read_text()
    path = tmp_path / "en.md"
    path.write_text(front_matter_edit(source))
    with pytest.raises(ContentError) as refused:
        read_lesson_file(path, "en")
    return refused.value


def test_a_control_character_in_front_matter_is_refused_with_its_line(tmp_path):
    error = lesson_with(tmp_path, lambda s: s.replace("order: 1", "order: \x1b1"))
    assert error.line == 4
    assert "U+001B" in error.message


def test_front_matter_nested_thousands_deep_is_refused(tmp_path):
    error = lesson_with(tmp_path, lambda s: s.replace("order: 1", "order: " + "[" * 5000))
    assert "nested too deep" in error.message


@pytest.mark.parametrize("field", ["prerequisites", "labs"])
def test_front_matter_slugs_must_be_text(tmp_path, field):
    error = lesson_with(tmp_path, lambda s: re.sub(rf"(?m)^{field}: .*$", f"{field}: [{{a: 1}}]", s))
    assert error.message == f"front matter: {field!r} must be a list of slugs (text)"
    assert error.line == (7 if field == "prerequisites" else 9)


@pytest.mark.parametrize("edit, message", [
    (("topic: probes", "topic: [probes]"), "unknown topic ['probes']"),
    (("- name: break-ready-web", "- name: [x]"), "an event's name is text"),
    (("  - name: liveness-on-both", "  - name: [x]"), "each mutant has its own name"),
    (("    fails: readiness-never-restarts", "    fails: [x]"), "fails: the id of a check of this lab, not ['x']"),
    (("    explainer: value-mismatch", "    explainer: {x: 1}"), "explainer: a finding code"),
    (("    explainer: value-mismatch", "    explainer: value-mismatch\n    files: [x]"), "files: starter file"),
    (("    explainer: value-mismatch\n    edits:", "    explainer: value-mismatch\n    edits: 3\n    files:"),
     "edits: a list of {replace: TEXT, with: TEXT}"),
])
def test_lab_fields_of_the_wrong_type_are_problems_not_crashes(edit, message):
    files = dict(FILES["probes"])
    assert edit[0] in files["lab.yaml"], edit[0]
    files["lab.yaml"] = files["lab.yaml"].replace(edit[0], edit[1], 1)
    assert any(message in p for p in problems(files)), problems(files)


@pytest.mark.parametrize("edit, message", [
    (("  objects: [world/service.yaml]", "  objects: true"), "objects: a list of YAML files"),
    (("    diagnose: [pods:app=web]", "    diagnose: 3"), "diagnose: a list of KIND/NAME"),
    (("  - id: both-ready", "  - id: [both-ready]"), "each check has its own id"),
])
def test_more_lab_fields_of_the_wrong_type_are_problems_not_crashes(edit, message):
    test_lab_fields_of_the_wrong_type_are_problems_not_crashes(edit, message)
