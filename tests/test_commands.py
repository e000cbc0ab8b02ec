from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from core.demo import ensure_demo_instructor
from learn.loading import load_content


def run(*args, **options):
    out = StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


@pytest.mark.django_db
def test_it_creates_the_demo_instructor_and_prints_the_login(settings, monkeypatch):
    settings.DEBUG = True
    monkeypatch.setenv("DEMO_PASSWORD", "demo-pass-123")
    output = run("demo_setup")
    assert "username instructor  password demo-pass-123" in output
    user = authenticate(username="instructor", password="demo-pass-123")
    assert user is not None
    assert user.groups.filter(name="instructors").exists()


@pytest.mark.django_db
def test_it_can_run_demo_setup_twice(django_user_model):
    ensure_demo_instructor("first")
    ensure_demo_instructor("second")
    assert django_user_model.objects.filter(username="instructor").count() == 1
    assert authenticate(username="instructor", password="second") is not None


@pytest.mark.django_db
def test_it_refuses_a_demo_account_on_a_real_site(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        run("demo_setup")


@pytest.mark.django_db
def test_it_reports_what_loadcontent_loaded():
    assert load_content().summary() == "20 lessons, 0 labs"
    assert "Loaded 20 lessons, " in run("loadcontent")  # and the labs (labs/loading.py)


def test_it_runs_the_simulator_through_manage_py(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    state = tmp_path / "c.state"
    first = subprocess.run([sys.executable, "manage.py", "sim", "--state", str(state), "kubectl", "create",
                            "namespace", "dev"], cwd=root, capture_output=True, text=True, timeout=60, check=False)
    assert (first.returncode, first.stdout) == (0, "namespace/dev created\n")
    second = subprocess.run([sys.executable, "-m", "kubesim", "--state", str(state), "-c",
                             "kubectl get ns dev -o name"], cwd=root, capture_output=True, text=True, timeout=60, check=False)
    assert second.stdout == "namespace/dev\n"
    missing = subprocess.run([sys.executable, "manage.py", "sim", "kubectl", "get", "pod", "nope"], cwd=root,
                             capture_output=True, text=True, timeout=60, check=False)
    assert (missing.returncode, missing.stderr) == (1, 'Error from server (NotFound): pods "nope" not found\n')
