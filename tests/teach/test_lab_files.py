"""A lab given as a dict of files is validated exactly as its folder would be."""

import pytest

from labs.grading.definition import LABS_DIR, LabInvalid, read_lab, read_lab_files
from labs.loading import lab_folders
from labs.models import Lab
from teach import labfiles, labstore


def folder_files(folder):
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("folder", lab_folders()[:4], ids=lambda f: f.name)
def test_it_reads_a_repository_lab_from_its_files_as_from_its_folder(folder):
    assert read_lab_files(folder_files(folder), name=folder.name) == read_lab(folder)


def test_it_names_the_file_and_line_of_each_problem():
    files = labfiles.skeleton("my-lab")
    files["lab.yaml"] = files["lab.yaml"].replace("points: 30", "points: thirty")
    del files["steps/run.zh-hans.md"]
    with pytest.raises(LabInvalid) as raised:
        read_lab_files(files)
    found = {(str(p.path), p.line, p.message) for p in raised.value.problems}
    assert ("lab.yaml", 19, "points: a whole number above 0") in found
    assert ("lab.yaml", 9, "file not found: steps/run.zh-hans.md") in found


def test_it_points_at_the_line_of_a_broken_world_file():
    files = labfiles.skeleton("my-lab")
    files["lab.yaml"] = files["lab.yaml"].replace("  nodes: 2\n", "  nodes: 2\n  objects: [world/web.yaml]\n")
    files["world/web.yaml"] = "kind: Service\nmetadata: {name: web\n"
    with pytest.raises(LabInvalid) as raised:
        read_lab_files(files)
    assert [(str(p.path), p.line) for p in raised.value.problems] == [("world/web.yaml", 3)]


def test_it_checks_the_slug_against_the_name_only_when_given():
    files = labfiles.skeleton("my-lab")
    assert read_lab_files(files)["slug"] == "my-lab"
    with pytest.raises(LabInvalid, match="differs from its folder's name 'other'"):
        read_lab_files(files, name="other")


def test_it_refuses_paths_outside_the_lab_layout():
    assert labfiles.path_problem("steps/a.en.md") is None
    for bad in ("../etc/passwd", "steps/../lab.yaml", "notes.txt", "steps/", "steps/a/b.md", "/lab.yaml",
                "world/.hidden"):
        assert labfiles.path_problem(bad), bad


def test_it_refuses_files_over_the_limits():
    big = {"lab.yaml": "x" * (labfiles.MAX_FILE_BYTES + 1)}
    assert "at most 100,000" in labfiles.refusals(big)[0]
    many = {f"steps/s{i}.md": "" for i in range(labfiles.MAX_FILES + 1)}
    assert any("at most 60 files" in m for m in labfiles.refusals(many))


def test_the_skeleton_is_a_valid_lab():
    definition, issues = labfiles.check(labfiles.skeleton("fresh"), "fresh")
    assert issues == [] and definition["slug"] == "fresh"


def test_a_copy_gets_its_own_slug():
    files = labfiles.renamed_slug(folder_files(LABS_DIR / "pod-basics"), "my-pods")
    assert read_lab_files(files, name="my-pods")["slug"] == "my-pods"


@pytest.mark.django_db
def test_slugs_are_shared_with_the_repository(ivy):
    assert labstore.slug_problem("pod-basics") == "taken"  # a repository folder, loaded or not
    assert labstore.slug_problem("Not A Slug") == "slug"
    assert labstore.slug_problem("free-one") is None
    labstore.create("free-one", labfiles.skeleton("free-one"), ivy)
    assert labstore.slug_problem("free-one") == "taken"
    with pytest.raises(labstore.SlugTaken):
        labstore.create("free-one", labfiles.skeleton("free-one"), ivy)
    assert Lab.objects.get(slug="free-one").active is False  # a draft
