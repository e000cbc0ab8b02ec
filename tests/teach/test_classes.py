"""Classes: creating one, joining it with its code, the dashboard, a learner's attempts, the CSV."""

import csv
import io

import pytest

from teach import labfiles, labstore
from teach.access import teaches
from teach.gradebook import safe_cell
from teach.models import CODE_ALPHABET, Classroom, Membership
from teach.views.join import normalise_code
from tests.teach.conftest import attempt

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_an_instructor_creates_a_class_with_a_code_and_labs(client, ivy, ivy_lab):
    client.force_login(ivy)
    response = client.post("/en/teach/classes/", {"name": "Evening class", "labs": [str(ivy_lab.id), "x", "999"]})
    made = Classroom.objects.get(name="Evening class")
    assert response["Location"] == f"/en/teach/classes/{made.id}/"
    assert made.instructor == ivy and list(made.labs.all()) == [ivy_lab]
    assert len(made.code) == 8 and set(made.code) <= set(CODE_ALPHABET)
    assert made.code in client.get(response["Location"]).content.decode()


def test_a_class_cannot_get_another_instructors_draft(client, ivy, oscar):
    secret = labstore.create("oscar-draft", labfiles.skeleton("oscar-draft"), oscar)
    client.force_login(ivy)
    client.post("/en/teach/classes/", {"name": "Mine", "labs": [str(secret.id)]})
    assert not Classroom.objects.get(name="Mine").labs.exists()


def test_a_learner_joins_with_the_code_however_it_is_typed(client, alice, ivy_class):
    client.force_login(alice)
    Membership.objects.all().delete()
    typed = " " + "-".join([ivy_class.code[:4].lower(), ivy_class.code[4:]])
    response = client.post("/en/teach/join/", {"code": typed}, follow=True)
    assert messages_of(response) == ["You joined Kubernetes 101."]
    assert Membership.objects.filter(classroom=ivy_class, learner=alice).exists()
    response = client.post("/en/teach/join/", {"code": ivy_class.code}, follow=True)
    assert messages_of(response) == ["You are already in Kubernetes 101."]
    assert Membership.objects.count() == 1


def test_a_wrong_code_joins_nothing(client, bob, ivy_class):
    client.force_login(bob)
    response = client.post("/en/teach/join/", {"code": "ZZZZ2222"}, follow=True)
    assert messages_of(response) == ["No class has this code. Check it with your instructor."]
    assert not Membership.objects.filter(learner=bob).exists()


def test_an_instructor_does_not_join_their_own_class(client, ivy, ivy_class):
    client.force_login(ivy)
    response = client.post("/en/teach/join/", {"code": ivy_class.code}, follow=True)
    assert messages_of(response) == ["You teach this class."]


def test_codes_are_normalised():
    assert normalise_code(" ab-cd 23ef ") == "ABCD23EF"


def test_teaches_is_true_only_for_the_instructor_of_the_learners_class(ivy, oscar, alice, bob, sam,
                                                                        ivy_class, oscar_class):
    assert teaches(ivy, alice) and teaches(oscar, bob)
    assert not teaches(ivy, bob) and not teaches(oscar, alice)
    assert not teaches(alice, alice) and not teaches(sam, alice) and not teaches(None, alice)
    ivy.groups.clear()
    assert not teaches(ivy, alice)  # no longer an instructor


@pytest.fixture
def busy_class(ivy_class, ivy_lab, alice, bob, django_user_model):
    carol = django_user_model.objects.create_user("=cmd|carol")
    Membership.objects.create(classroom=ivy_class, learner=carol)
    attempt(alice, ivy_lab, failed=("image", "label"))
    attempt(alice, ivy_lab, failed=("label",))
    attempt(carol, ivy_lab, failed=("label",))
    attempt(carol, ivy_lab)
    attempt(bob, ivy_lab, failed=("pod-ready",))  # bob is not in the class: not counted
    return ivy_class


def test_the_dashboard_shows_progress_best_scores_and_failing_checks(client, ivy, busy_class):
    client.force_login(ivy)
    response = client.get(f"/en/teach/classes/{busy_class.id}/")
    html = response.content.decode()
    rows = {row.learner.username: row for row in response.context["rows"]}
    assert set(rows) == {"alice", "=cmd|carol"}
    alice, carol = rows["alice"].cells[0], rows["=cmd|carol"].cells[0]
    assert (alice.best, alice.attempts, alice.state) == (80, 2, "attempted")
    assert (carol.best, carol.attempts, carol.state) == (100, 2, "passed")
    assert "80/100" in html and "100/100" in html
    failing = [(f["item"].check_id, f["item"].failures, f["item"].learners) for f in response.context["failing"]]
    assert failing == [("label", 3, 2), ("image", 1, 1)]
    assert "web is labelled run=web" in html and "failed in 3 attempts" in html and "by 2 learners" in html


def test_a_passed_lab_counts_even_when_hints_cost_points(client, ivy, ivy_class, ivy_lab, alice):
    attempt(alice, ivy_lab, hint_cost=15)
    client.force_login(ivy)
    cell = client.get(f"/en/teach/classes/{ivy_class.id}/").context["rows"][0].cells[0]
    assert (cell.best, cell.state) == (85, "passed")


def test_a_learner_not_started_shows_as_such(client, ivy, ivy_class):
    client.force_login(ivy)
    html = client.get(f"/en/teach/classes/{ivy_class.id}/").content.decode()
    assert "not started" in html and "No failed checks yet." in html


def test_the_learner_page_lists_their_attempts_with_submission_and_grade(client, ivy, busy_class, alice):
    client.force_login(ivy)
    html = client.get(f"/en/teach/classes/{busy_class.id}/learners/{alice.id}/").content.decode()
    assert html.count('class="panel teach-attempt"') == 2
    assert "A new lab: 80/100" in html and "A new lab: 50/100" in html
    assert "Failed checks: web runs nginx 1.29, web is labelled run=web" in html
    assert "$ kubectl run web --image=nginx:1.29" in html
    for attempt_ in alice.lab_attempts.all():
        assert f'<a href="/en/labs/attempts/{attempt_.id}/">Grade and replay</a>' in html


def test_the_grade_book_csv_has_best_scores_and_totals_and_no_formulas(client, ivy, busy_class, ivy_lab):
    other = labstore.create("second-lab", labfiles.skeleton("second-lab"), ivy)
    busy_class.labs.add(other)
    client.force_login(ivy)
    response = client.get(f"/en/teach/classes/{busy_class.id}/grades.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="grades-{busy_class.id}.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [["learner", "ivy-lab", "second-lab", "total"],
                    ["'=cmd|carol", "100", "", "100"],
                    ["alice", "80", "", "80"]]


def test_a_csv_cell_never_starts_a_formula():
    for dangerous in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert safe_cell(dangerous).startswith("'")
    assert safe_cell("alice") == "alice" and safe_cell(None) == "" and safe_cell(80) == "80"


def test_the_owner_changes_the_class_labs(client, ivy, ivy_class, ivy_lab):
    other = labstore.create("second-lab", labfiles.skeleton("second-lab"), ivy)
    client.force_login(ivy)
    client.post(f"/en/teach/classes/{ivy_class.id}/labs/", {"labs": [str(other.id)]})
    assert list(ivy_class.labs.all()) == [other]


def test_the_dashboard_names_labs_in_the_readers_language(client, ivy, ivy_class):
    client.force_login(ivy)
    assert '<th scope="col">新实验</th>' in client.get(f"/zh-hans/teach/classes/{ivy_class.id}/").content.decode()
    assert '<th scope="col">A new lab</th>' in client.get(f"/en/teach/classes/{ivy_class.id}/").content.decode()


def test_the_dashboard_links_to_the_join_page_with_the_code_filled_in(client, ivy, alice, ivy_class):
    client.force_login(ivy)
    html = client.get(f"/en/teach/classes/{ivy_class.id}/").content.decode()
    assert f'<a href="/en/teach/join/?code={ivy_class.code}">the join page</a>' in html
    client.force_login(alice)
    assert f'value="{ivy_class.code}"' in client.get(f"/en/teach/join/?code={ivy_class.code}").content.decode()
