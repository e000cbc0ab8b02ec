"""Fixtures for the lesson tests: the real lessons loaded into the test database."""

import pytest

from learn import loading
from learn.models import Lesson

# Rendering all forty files takes a noticeable fraction of a second; storing them is quick.
# Tests share the rendered results (keyed by file and content) and store them each time.
_rendered = {}


@pytest.fixture
def lessons(db, monkeypatch):
    render = loading._render

    def remembered(lesson_file):
        key = (lesson_file.path, lesson_file.source)
        if key not in _rendered:
            _rendered[key] = render(lesson_file)
        return _rendered[key]

    monkeypatch.setattr(loading, "_render", remembered)
    report = loading.load_content()
    assert report.refused == []
    return Lesson.objects.all()
