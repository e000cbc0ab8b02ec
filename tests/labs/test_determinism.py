"""Grading is deterministic: the same submission gets the same grade, in this process and in
another one with a different PYTHONHASHSEED; a grade records the lab revision."""

import json
import os
import subprocess
import sys
from pathlib import Path

from labs.grading import grade
from labs.grading.labcheck import mutant_entries
from labs.grading.submission import parse_script

from .conftest import definition

PROJECT = Path(__file__).resolve().parents[2]
SLUG = "rolling-update"
IN_ANOTHER_PROCESS = """
import json
from pathlib import Path
from labs.grading import grade
from labs.grading.definition import read_lab
from labs.grading.submission import parse_script
lab = read_lab(Path("labs/content/rolling-update"))
print(json.dumps(grade(lab, parse_script(lab["solution"])).as_dict(), sort_keys=True))
"""


def test_it_gives_the_same_grade_twice():
    lab = definition(SLUG)
    wrong = mutant_entries(lab["mutants"][0])
    assert grade(lab, wrong).as_dict() == grade(lab, wrong).as_dict()


def test_it_records_the_revision_graded_against():
    lab = definition(SLUG)
    assert grade(lab, []).as_dict()["revision"] == lab["revision"]


def test_it_gives_the_same_grade_under_other_hash_seeds():
    lab = definition(SLUG)
    here = json.dumps(grade(lab, parse_script(lab["solution"])).as_dict(), sort_keys=True)
    outputs = set()
    for seed in ("1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(PROJECT)}
        run = subprocess.run([sys.executable, "-c", IN_ANOTHER_PROCESS], cwd=PROJECT, env=env,
                             capture_output=True, text=True, timeout=300, check=True)
        outputs.add(run.stdout.strip())
    assert outputs == {here}
