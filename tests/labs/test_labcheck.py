"""Every lab proves itself: the reference scores 100%, the starter does not, and each mutant
fails at its named check with its named explainer. Labs listed in labs/content/PENDING wait
for a part of the simulator; they must fail (strict), so the list can only shrink."""

import pytest

from labs.grading.labcheck import prove, prove_isolated
from labs.pending import pending_labs

from .conftest import LAB_SLUGS, definition

PENDING = pending_labs()
HUNG_AFTER_S = 60  # a pending lab may hang the simulator: it is proved in a child process


def lab_params():
    for slug in LAB_SLUGS:
        marks = [pytest.mark.xfail(strict=True, reason=PENDING[slug])] if slug in PENDING else []
        yield pytest.param(slug, marks=marks, id=slug)


def test_it_lists_only_existing_labs_as_pending():
    assert set(PENDING) <= set(LAB_SLUGS)


@pytest.mark.parametrize("slug", lab_params())
def test_it_proves_the_lab(slug):
    if slug in PENDING:
        assert prove_isolated(definition(slug), HUNG_AFTER_S) == []
    else:
        assert prove(definition(slug)).problems == []
