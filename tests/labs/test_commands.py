"""`manage.py grade` prints every check (or JSON); `manage.py labcheck LAB` proves one lab."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from labs.loading import LABS_DIR


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_it_grades_a_manifest_and_prints_each_check(tmp_path):
    manifest = (LABS_DIR / "pod-basics" / "starter" / "pod.yaml").read_text()
    wrong = manifest.replace("nginx:1.29", "nginx:1.299")
    script = tmp_path / "wrong.sh"
    script.write_text("kubectl apply -f - <<'EOF'\n" + wrong + "EOF\n")
    text = run("grade", "access-pods", "--script", str(script), "--language", "en")
    assert text.splitlines()[0].startswith("access-pods (revision ")
    assert "  FAIL   0/15  pods-ready: The pods web and web-hostport are Running and Ready" in text
    assert "       expected: = 2" in text


def test_it_prints_the_grade_as_json(tmp_path):
    solution = LABS_DIR / "access-services" / "solution.sh"
    data = json.loads(run("grade", "access-services", str(solution), "--json", "--language", "zh-hans"))
    assert (data["score"], data["max"]) == (100, 100)
    assert [c["id"] for c in data["checks"]] == ["nodeport", "loadbalancer", "through-kubectl-proxy",
                                                  "anonymous-refused"]
    assert data["checks"][0]["title_text"] == "访问 http://172.18.0.3:30086/ 能到达 nginx（NodePort）"


def test_it_explains_failures_in_json():
    data = json.loads(run("grade", "access-services", "--json", "--language", "en"))
    nodeport = data["checks"][0]
    assert nodeport["passed"] is False
    assert nodeport["findings"][0]["code"] == "object-missing" or nodeport["explanations"]
    assert nodeport["explanations"][-1].startswith("A request to http://172.18.0.3:30086/ from your workstation")


def test_it_refuses_an_unknown_lab():
    with pytest.raises(CommandError, match="no lab 'no-such-lab'"):
        run("grade", "no-such-lab")


def test_it_proves_one_lab_from_the_command_line():
    assert run("labcheck", "access-services") == "OK access-services\n"


def test_it_fails_for_a_broken_lab(tmp_path, monkeypatch):
    from labs.management.commands import labcheck

    broken = tmp_path / "broken-lab"
    broken.mkdir()
    (broken / "lab.yaml").write_text("slug: broken-lab\n")
    out = StringIO()
    assert labcheck.check_labs([Path(broken)], out.write) == 1
    assert out.getvalue().startswith("INVALID broken-lab")
