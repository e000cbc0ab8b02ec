"""`loadcontent` loads the labs too: idempotently, refusing a malformed lab with its file and line
while loading the others."""

import shutil
from io import StringIO

import pytest
from django.core.management import call_command

from labs.loading import LABS_DIR, load_labs
from labs.models import Lab
from learn.loading import LoadReport


@pytest.fixture
def labs_dir(tmp_path, example_lab):
    root = tmp_path / "labs"
    root.mkdir()
    shutil.copytree(example_lab, root / "example-lab")
    shutil.copytree(LABS_DIR / "rolling-update", root / "rolling-update")
    (root / "PENDING").write_text("")
    return root


@pytest.mark.django_db
def test_it_loads_labs_once(labs_dir):
    first, second = LoadReport(), LoadReport()
    load_labs(first, labs_dir)
    load_labs(second, labs_dir)
    assert first.added == ["lab example-lab", "lab rolling-update"] and first.labs == 2
    assert second.added == [] and second.unchanged == ["lab example-lab", "lab rolling-update"]
    lab = Lab.objects.get(slug="rolling-update")
    assert lab.topic == "rolling-update" and lab.title("zh-hans").startswith("滚动更新")
    assert lab.definition["revision"] == lab.revision


@pytest.mark.django_db
def test_it_refuses_a_malformed_lab_and_keeps_the_others(labs_dir):
    load_labs(LoadReport(), labs_dir)
    yaml = labs_dir / "example-lab" / "lab.yaml"
    yaml.write_text(yaml.read_text().replace("    points: 30\n", "    points: many\n"))
    (labs_dir / "rolling-update" / "steps" / "bounds.en.md").write_text("## Set the bounds, again\n")
    report = LoadReport()
    load_labs(report, labs_dir)
    assert report.refused == [f"{labs_dir}/example-lab/lab.yaml:19: points: a whole number above 0"]
    assert report.changed == ["lab rolling-update"]
    assert Lab.objects.filter(slug="example-lab").exists()  # the last good version stays


@pytest.mark.django_db
def test_it_never_overwrites_a_lab_made_in_the_browser(labs_dir):
    Lab.objects.create(slug="example-lab", topic="pod-basics", revision="mine", definition={},
                       source=Lab.BROWSER, files={"lab.yaml": "slug: example-lab\n"})
    report = LoadReport()
    load_labs(report, labs_dir)
    assert report.refused == [(f"{labs_dir}/example-lab/lab.yaml: the slug example-lab belongs to a lab made "
                              "in the browser; rename this lab")]
    assert report.added == ["lab rolling-update"]
    assert Lab.objects.get(slug="example-lab").revision == "mine"


@pytest.mark.django_db
def test_it_marks_a_removed_lab_inactive(labs_dir):
    load_labs(LoadReport(), labs_dir)
    shutil.rmtree(labs_dir / "example-lab")
    report = LoadReport()
    load_labs(report, labs_dir)
    assert report.removed == ["lab example-lab"]
    assert not Lab.objects.get(slug="example-lab").active


@pytest.mark.django_db
def test_it_is_part_of_loadcontent():
    out = StringIO()
    call_command("loadcontent", stdout=out, stderr=StringIO())
    assert Lab.objects.filter(active=True).count() >= 15
    assert "Added lab rolling-update." in out.getvalue()
