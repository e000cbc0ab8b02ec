"""Shared fixtures for the lab tests: the real labs, and a small valid lab to break on purpose."""

import shutil
from pathlib import Path

import pytest

from labs.grading.definition import read_lab
from labs.loading import LABS_DIR, lab_folders

LAB_SLUGS = [folder.name for folder in lab_folders()]
EXAMPLE = Path(__file__).resolve().parent / "example_lab"

_definitions: dict[str, dict] = {}


def definition(slug: str) -> dict:
    """A real lab's definition, read once per test session."""
    if slug not in _definitions:
        _definitions[slug] = read_lab(LABS_DIR / slug)
    return _definitions[slug]


@pytest.fixture
def example_lab(tmp_path):
    """A copy of a small valid lab, named `example-lab`, to edit in a test."""
    folder = tmp_path / "example-lab"
    shutil.copytree(EXAMPLE, folder)
    return folder
