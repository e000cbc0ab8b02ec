"""The grading engine and kubesim.findings are plain Python: tests, `manage.py grade` and the
sandbox share them, and none of them needs Django to grade."""

import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
IMPORT_ALL = """
import sys
import kubesim.findings
import labs.grading, labs.grading.engine, labs.grading.labcheck, labs.grading.definition, labs.grading.world
print(sorted(m for m in sys.modules if m == "django" or m.startswith("django.")))
"""


def test_it_grades_without_importing_django():
    run = subprocess.run([sys.executable, "-c", IMPORT_ALL], cwd=PROJECT, capture_output=True, text=True,
                         env={"PYTHONPATH": str(PROJECT), "PATH": "/usr/bin:/bin"}, timeout=120, check=True)
    assert run.stdout.strip() == "[]"
