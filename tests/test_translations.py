"""Every interface string has a Chinese translation, and the catalogue is up to date.

makemessages runs on a copy of the project, so the test never rewrites the committed
catalogue; any string missing from it shows up in the copy as untranslated.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
CATALOGUE = Path("locale/zh_Hans/LC_MESSAGES/django.po")
NOT_COPIED = shutil.ignore_patterns(
    ".git", ".venv", "venv", "node_modules", "staticfiles", "__pycache__", "*.sqlite3*",
    ".pytest_cache", "*.state", "*.mo", ".secret_key",
)

pytestmark = pytest.mark.skipif(shutil.which("msgattrib") is None, reason="needs gettext")


@pytest.fixture(scope="module")
def fresh_catalogue(tmp_path_factory):
    copy = tmp_path_factory.mktemp("project") / "kubelab"
    shutil.copytree(PROJECT, copy, ignore=NOT_COPIED)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans"],
        cwd=copy, check=True, capture_output=True, timeout=120,
    )
    return copy / CATALOGUE


def msgattrib(option, catalogue):
    result = subprocess.run(
        ["msgattrib", option, "--no-location", "--no-wrap", str(catalogue)],
        check=True, capture_output=True, text=True,
    )
    return result.stdout


def test_it_translates_every_interface_string(fresh_catalogue):
    assert msgattrib("--untranslated", fresh_catalogue) == ""


def test_it_has_no_fuzzy_translations(fresh_catalogue):
    assert msgattrib("--only-fuzzy", fresh_catalogue) == ""


def test_it_commits_a_catalogue_with_exactly_the_current_strings(fresh_catalogue):
    fresh = msgids(fresh_catalogue)
    committed = msgids(PROJECT / CATALOGUE)
    assert fresh == committed, "locale/ is stale: run `make messages` and translate the strings"


def msgids(catalogue):
    """The live (not obsolete) message ids of a catalogue."""
    text = msgattrib("--no-obsolete", catalogue)
    return set(re.findall(r'^msgid "(.+)"$', text, re.MULTILINE))
