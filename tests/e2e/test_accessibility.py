import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.helpers import PAGE_TYPES, blocking_violations


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_it_has_no_serious_accessibility_problems(page_at, axe, path):
    assert blocking_violations(axe, page_at(path)) == []


def test_it_has_no_serious_accessibility_problems_in_chinese(page_at, axe):
    assert blocking_violations(axe, page_at("/zh-hans/")) == []


def test_it_would_notice_a_serious_problem(page_at, axe):
    # Guards against a check that silently checks nothing.
    page = page_at("/en/")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=x>')")
    assert any(v.startswith("image-alt") for v in blocking_violations(axe, page))
