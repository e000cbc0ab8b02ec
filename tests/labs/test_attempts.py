"""grade_submission grades for a stored lab, records an Attempt with the revision, and is
idempotent per key."""

import pytest

from labs.grading import grade_submission
from labs.loading import store_lab
from labs.models import Attempt, Lab
from labs.services import explain_result

from .conftest import definition


@pytest.fixture
def lab(db):
    store_lab(definition("access-services"))
    return Lab.objects.get(slug="access-services")


def test_it_records_a_graded_attempt(alice, lab):
    attempt = grade_submission(alice, lab, lab.definition["solution"], idempotency_key="alice-1")
    assert (attempt.score, attempt.max_score, attempt.revision) == (100, 100, lab.revision)
    assert attempt.submission[0]["line"].startswith("kubectl expose deployment my-nginx")
    assert attempt.result["checks"][0]["passed"] is True


def test_it_grades_once_per_key(alice, lab):
    first = grade_submission(alice, lab, [{"t": 0, "line": "kubectl get pods", "stdin": ""}],
                             idempotency_key="alice-2")
    again = grade_submission(alice, lab, "kubectl expose deployment my-nginx --port=80", idempotency_key="alice-2")
    assert again.pk == first.pk and Attempt.objects.count() == 1
    assert first.score == 20  # only the anonymous request is refused, as expected


def test_it_explains_a_stored_result_in_the_readers_language(alice, lab):
    attempt = grade_submission(alice, lab, [], idempotency_key="alice-3")
    shown = explain_result(attempt.result, "zh-hans")
    assert shown["checks"][0]["title_text"] == "访问 http://172.18.0.3:30086/ 能到达 nginx（NodePort）"
    assert shown["checks"][0]["explanations"][-1].startswith("在你的工作站上请求 http://172.18.0.3:30086/")
