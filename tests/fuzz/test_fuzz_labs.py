"""Lab definitions (lab.yaml and the files it names) from the browser's editor or a folder,
mutated: reading one either gives a definition or refuses it with problems that each name
the file, and the line when the file has lines."""

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from labs.grading.definition import LABS_DIR, LabInvalid, read_lab_files
from tests.fuzz.harness import FUZZ, HOSTILE, example, mutated, reshaped

LABS = ("probes", "controller-manager", "access-services")


def lab_files(slug: str) -> dict[str, str]:
    folder = LABS_DIR / slug
    return {str(p.relative_to(folder)): p.read_text() for p in sorted(folder.rglob("*")) if p.is_file()}


FILES = {slug: lab_files(slug) for slug in LABS}
LAB_YAMLS = [files["lab.yaml"] for files in FILES.values()]


@st.composite
def mutated_lab(draw):
    slug = draw(st.sampled_from(LABS))
    files = dict(FILES[slug])
    how = draw(st.sampled_from(["lab.yaml", "lab.yaml", "reshape", "other file", "drop a file", "add a file"]))
    if how == "lab.yaml":
        files["lab.yaml"] = draw(mutated([files["lab.yaml"]]))
    elif how == "reshape":
        files["lab.yaml"] = draw(reshaped([files["lab.yaml"]]))
    elif how == "other file":
        name = draw(st.sampled_from(sorted(files)))
        files[name] = draw(mutated([files[name]]))
    elif how == "drop a file":
        del files[draw(st.sampled_from(sorted(files)))]
    else:
        files[draw(st.sampled_from(["../x", "/etc/passwd", "steps/new.en.md", "", "a\x00b"] + HOSTILE))] = (
            draw(st.text(max_size=50)))
    return slug, files


@FUZZ
@given(mutated_lab())
def test_a_lab_is_read_or_refused_with_problems_that_say_where(lab):
    slug, files = lab
    with example("labs: definition"):
        try:
            definition = read_lab_files(files, slug)
        except LabInvalid as invalid:
            assert invalid.problems
            for problem in invalid.problems:
                assert problem.message.strip()
                assert isinstance(problem.path, Path) and str(problem.path)
                assert problem.line is None or problem.line >= 1
        else:
            assert definition["slug"] == slug and definition["revision"]


def test_every_seed_lab_reads_unchanged():
    for slug, files in FILES.items():
        assert read_lab_files(files, slug)["slug"] == slug
