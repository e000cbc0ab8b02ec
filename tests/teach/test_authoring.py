"""Authoring a lab in the browser: create, edit, the live check, runs, preview, zip, publish."""

import json
import time

import pytest

from labs.grading.definition import LABS_DIR, read_lab
from labs.loading import store_lab
from labs.models import Lab
from teach import labfiles, proving, ziplab

pytestmark = pytest.mark.django_db
EDIT = "/en/teach/labs/ivy-lab/"


@pytest.fixture
def as_ivy(client, ivy):
    client.force_login(ivy)
    return client


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def save(client, files, op="save", **extra):
    return client.post(EDIT + "save/", {"files": json.dumps(files), "op": op, **extra}, follow=True)


def test_it_creates_a_draft_lab_from_a_valid_skeleton(as_ivy, ivy):
    response = as_ivy.post("/en/teach/labs/new/", {"slug": "first-lab"})
    assert response["Location"] == "/en/teach/labs/first-lab/"
    lab = Lab.objects.get(slug="first-lab")
    assert (lab.source, lab.author, lab.active) == (Lab.BROWSER, ivy, False)
    assert lab.definition["slug"] == "first-lab" and set(lab.files) == set(labfiles.skeleton("x"))
    page = as_ivy.get(response["Location"]).content.decode()
    assert "The lab is valid." in page and "Draft: learners do not see it" in page


@pytest.mark.parametrize(("slug", "message"), [
    ("pod-basics", "The slug pod-basics is taken"),
    ("ivy-lab", "The slug ivy-lab is taken"),
    ("Bad Slug", "A slug is lowercase letters"),
])
def test_it_refuses_a_slug_that_is_taken_or_malformed(as_ivy, ivy_lab, slug, message):
    response = as_ivy.post("/en/teach/labs/new/", {"slug": slug}, follow=True)
    assert any(message in m for m in messages_of(response))
    assert Lab.objects.filter(source=Lab.BROWSER).count() == 1


def test_saving_valid_files_updates_the_definition(as_ivy, ivy_lab):
    files = {**ivy_lab.files, "lab.yaml": ivy_lab.files["lab.yaml"].replace("A new lab", "Pods, first")}
    response = save(as_ivy, files)
    assert messages_of(response) == ["Saved."]
    ivy_lab.refresh_from_db()
    assert ivy_lab.titles["en"] == "Pods, first" and ivy_lab.definition["title"]["en"] == "Pods, first"


def test_saving_invalid_files_keeps_them_and_the_last_valid_definition(as_ivy, ivy_lab):
    revision = ivy_lab.revision
    files = {**ivy_lab.files, "lab.yaml": ivy_lab.files["lab.yaml"].replace("points: 30", "points: -1")}
    response = save(as_ivy, files)
    assert "The lab has problems" in messages_of(response)[0]
    ivy_lab.refresh_from_db()
    assert ivy_lab.files == files and ivy_lab.revision == revision
    page = response.content.decode()
    assert 'data-file="lab.yaml" data-line="19"' in page and "points: a whole number above 0" in page


def test_without_javascript_the_textarea_saves_one_file_with_unix_line_ends(as_ivy, ivy_lab):
    as_ivy.post(EDIT + "save/", {"path": "solution.sh", "text": "kubectl run web --image=nginx:1.29\r\n"})
    ivy_lab.refresh_from_db()
    assert ivy_lab.files["solution.sh"] == "kubectl run web --image=nginx:1.29\n"
    assert ivy_lab.files["lab.yaml"] == labfiles.skeleton("ivy-lab")["lab.yaml"]


def test_it_adds_renames_and_deletes_files(as_ivy, ivy_lab):
    files = dict(ivy_lab.files)
    response = save(as_ivy, files, op="add", new_path="starter/pod.yaml", current="lab.yaml")
    assert response.redirect_chain[-1][0].endswith("?file=starter/pod.yaml")
    ivy_lab.refresh_from_db()
    assert ivy_lab.files["starter/pod.yaml"] == ""
    save(as_ivy, ivy_lab.files, op="rename", new_path="world/pod.yaml", current="starter/pod.yaml")
    ivy_lab.refresh_from_db()
    assert "world/pod.yaml" in ivy_lab.files and "starter/pod.yaml" not in ivy_lab.files
    save(as_ivy, ivy_lab.files, op="delete", current="world/pod.yaml")
    ivy_lab.refresh_from_db()
    assert set(ivy_lab.files) == set(labfiles.skeleton("x"))


@pytest.mark.parametrize(("op", "data", "message"), [
    ("add", {"new_path": "../../etc/passwd"}, "files are lab.yaml, solution.sh, or go in"),
    ("add", {"new_path": "solution.sh"}, "There is already a file solution.sh."),
    ("rename", {"new_path": "steps/x.md", "current": "lab.yaml"}, "lab.yaml keeps its name"),
    ("delete", {"current": "lab.yaml"}, "a lab always has its lab.yaml"),
])
def test_it_explains_a_file_operation_it_refuses(as_ivy, ivy_lab, op, data, message):
    response = save(as_ivy, ivy_lab.files, op=op, **data)
    assert any(message in m for m in messages_of(response)), messages_of(response)
    ivy_lab.refresh_from_db()
    assert ivy_lab.files == labfiles.skeleton("ivy-lab")


def test_it_explains_files_it_cannot_read(as_ivy, ivy_lab):
    response = as_ivy.post(EDIT + "save/", {"files": "{not json"}, follow=True)
    assert response.status_code == 200
    assert "cannot be read" in messages_of(response)[0]


def test_the_live_check_returns_each_problem_on_its_file_and_line(as_ivy, ivy_lab):
    files = {**ivy_lab.files, "lab.yaml": ivy_lab.files["lab.yaml"].replace("topic: pod-basics", "topic: cooking")}
    del files["steps/run.zh-hans.md"]
    html = as_ivy.post(EDIT + "check/", {"files": json.dumps(files)}, HTTP_HX_REQUEST="true").content.decode()
    assert html.lstrip().startswith('<div id="lab-problems"')
    assert "2 problems" in html
    assert '<li data-file="lab.yaml" data-line="2"><code>lab.yaml:2</code>: unknown topic &#x27;cooking&#x27;' in html
    assert 'data-line="9"><code>lab.yaml:9</code>: file not found: steps/run.zh-hans.md' in html
    valid = as_ivy.post(EDIT + "check/", {"files": json.dumps(ivy_lab.files)}).content.decode()
    assert "The lab is valid." in valid


def test_it_runs_the_reference_the_starter_and_each_mutant(as_ivy, ivy_lab):
    html = as_ivy.post(EDIT + "run/", {"which": "all"}, HTTP_HX_REQUEST="true").content.decode()
    assert html.count('data-ok="1"') == 4 and 'data-ok="0"' not in html
    assert 'data-run="reference"' in html and "The reference scores 100%." in html
    assert "Fails the check it claims, pod-ready." in html and "Its explainer is image-pull, as claimed." in html


def test_it_says_when_a_mutant_does_not_fail_its_claimed_check(as_ivy, ivy_lab):
    files = {**ivy_lab.files, "lab.yaml": ivy_lab.files["lab.yaml"].replace(
        "  - name: image-typo\n    fails: pod-ready", "  - name: image-typo\n    fails: label")}
    html = as_ivy.post(EDIT + "run/", {"which": "mutant:image-typo", "files": json.dumps(files)},
                       HTTP_HX_REQUEST="true").content.decode()
    assert 'data-run="mutant:image-typo" data-ok="0"' in html
    assert "Does not fail the check it claims, label." in html
    assert '<tr data-check="label" data-passed="1">' in html
    assert '<tr data-check="pod-ready" data-passed="0">' in html


def test_running_an_invalid_lab_asks_to_fix_it_first(as_ivy, ivy_lab):
    files = {**ivy_lab.files, "lab.yaml": ivy_lab.files["lab.yaml"].replace("points: 30", "points: -1")}
    html = as_ivy.post(EDIT + "run/", {"which": "all", "files": json.dumps(files)}).content.decode()
    assert "Fix the problems of the lab first: 1 found." in html


def test_a_run_that_takes_too_long_is_stopped(ivy_lab, monkeypatch):
    monkeypatch.setattr(proving, "run_one", lambda definition, name: time.sleep(30))
    began = time.monotonic()
    outcome = proving.run_labs(ivy_lab.definition, "reference", timeout_s=0.5)
    assert outcome == {"runs": [], "error": "grading did not finish within 0.5 s of real time"}
    assert time.monotonic() - began < 5


def test_a_repository_lab_is_read_only_but_can_be_run_and_copied(as_ivy, ivy):
    store_lab(read_lab(LABS_DIR / "pod-basics"))
    page = as_ivy.get("/en/teach/labs/pod-basics/").content.decode()
    assert "Repository lab: read-only" in page and "readonly" in page and 'value="save"' not in page
    response = as_ivy.post("/en/teach/labs/pod-basics/copy/", {"slug": "my-pods"})
    assert response["Location"] == "/en/teach/labs/my-pods/"
    copy = Lab.objects.get(slug="my-pods")
    assert (copy.source, copy.author, copy.active) == (Lab.BROWSER, ivy, False)
    assert copy.files["lab.yaml"].startswith("slug: my-pods\n")
    assert copy.definition["checks"] == read_lab(LABS_DIR / "pod-basics")["checks"]


def test_the_preview_shows_steps_and_hints_as_a_learner_reads_them(as_ivy, ivy_lab):
    html = as_ivy.get(EDIT + "preview/").content.decode()
    assert "<h1>A new lab</h1>" in html
    assert "Run a pod named <code>web</code>" in html
    assert "Hint 1" in html and "Use kubectl run." in html
    assert "Nothing is graded here." in html
    chinese = as_ivy.get("/zh-hans/teach/labs/ivy-lab/preview/").content.decode()
    assert "<h1>新实验</h1>" in chinese and "使用 kubectl run。" in chinese


def test_the_preview_shows_what_a_hint_costs(as_ivy, ivy_lab):
    store_lab(read_lab(LABS_DIR / "pod-basics"))
    html = as_ivy.get("/en/teach/labs/pod-basics/preview/").content.decode()
    assert "Hint 2 (costs 5 points)" in html and "Hint 3 (costs 10 points)" in html


def test_it_exports_and_imports_back_byte_identical(as_ivy, ivy_lab):
    exported = as_ivy.get(EDIT + "export/")
    assert exported["Content-Type"] == "application/zip"
    assert exported["Content-Disposition"] == 'attachment; filename="ivy-lab.zip"'
    assert exported.content == ziplab.export_zip("ivy-lab", ivy_lab.files)
    upload = _upload(exported.content)
    response = as_ivy.post("/en/teach/labs/import/", {"archive": upload}, follow=True)
    assert messages_of(response) == ["Imported: the files of ivy-lab were replaced."]
    assert as_ivy.get(EDIT + "export/").content == exported.content


def test_it_imports_a_new_lab_as_a_draft(as_ivy, ivy):
    data = ziplab.export_zip("imported-lab", labfiles.skeleton("imported-lab"))
    response = as_ivy.post("/en/teach/labs/import/", {"archive": _upload(data)})
    assert response["Location"] == "/en/teach/labs/imported-lab/"
    lab = Lab.objects.get(slug="imported-lab")
    assert (lab.author, lab.active, lab.source) == (ivy, False, Lab.BROWSER)


def test_it_explains_an_import_it_refuses(as_ivy, oscar):
    bad = labfiles.skeleton("broken-lab")
    bad["lab.yaml"] = bad["lab.yaml"].replace("budget: 2m", "budget: forever")
    response = as_ivy.post("/en/teach/labs/import/", {"archive": _upload(ziplab.export_zip("x", bad))}, follow=True)
    assert messages_of(response) == ["Not imported: lab.yaml:26: 'forever' is not a duration (write 30s, 2m or 1h)"]
    response = as_ivy.post("/en/teach/labs/import/", {"archive": _upload(b"not a zip")}, follow=True)
    assert messages_of(response) == ["Not imported: this is not a zip file"]
    repo = ziplab.export_zip("pod-basics", labfiles.skeleton("pod-basics"))
    response = as_ivy.post("/en/teach/labs/import/", {"archive": _upload(repo)}, follow=True)
    assert "the slug pod-basics is taken" in messages_of(response)[0]
    assert not Lab.objects.filter(slug__in=["broken-lab", "pod-basics"]).exists()


def test_it_publishes_only_a_valid_saved_lab(as_ivy, ivy_lab):
    as_ivy.post(EDIT + "publish/", {"publish": "1"})
    ivy_lab.refresh_from_db()
    assert ivy_lab.active
    save(as_ivy, {**ivy_lab.files, "solution.sh": ""} | {"lab.yaml": "slug: ivy-lab\n"})
    as_ivy.post(EDIT + "publish/", {"publish": "0"})
    response = as_ivy.post(EDIT + "publish/", {"publish": "1"}, follow=True)
    assert messages_of(response)[-1] == "Save a valid version first: learners would get a lab with problems."
    ivy_lab.refresh_from_db()
    assert not ivy_lab.active


def _upload(data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("lab.zip", data, content_type="application/zip")


def test_the_list_offers_to_copy_each_repository_lab(as_ivy, ivy_lab):
    store_lab(read_lab(LABS_DIR / "pod-basics"))
    html = as_ivy.get("/en/teach/").content.decode()
    assert 'action="/en/teach/labs/pod-basics/copy/"' in html and 'value="my-pod-basics"' in html
    assert 'href="/en/teach/labs/ivy-lab/"' in html and "Draft" in html


def test_without_javascript_each_file_opens_in_the_textarea(as_ivy, ivy_lab):
    html = as_ivy.get(EDIT + "?file=solution.sh").content.decode()
    assert '<input type="hidden" name="path" value="solution.sh">' in html
    assert ">kubectl run web --image=nginx:1.29\nkubectl wait" in html
    assert 'href="?file=steps/run.en.md"' in html


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_teaching_page_renders_in_both_languages(as_ivy, ivy_class, alice, language):
    for path in ("teach/", "teach/labs/ivy-lab/", "teach/labs/ivy-lab/preview/", "teach/classes/",
                 f"teach/classes/{ivy_class.id}/", f"teach/classes/{ivy_class.id}/learners/{alice.id}/",
                 "teach/join/"):
        response = as_ivy.get(f"/{language}/{path}")
        assert response.status_code == 200, path
        assert f'<html lang="{language}">' in response.content.decode()
