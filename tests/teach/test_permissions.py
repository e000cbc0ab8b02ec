"""Who may reach each teaching page: one row per view, one column per person.

Anonymous visitors are sent to sign in; learners (in a class or not) get 403 on instructor
pages; an instructor of another class gets 404 for Ivy's lab and class (they do not exist for
him); Ivy, who owns them, gets in; staff see everything but edit only their own labs.
"""

import pytest

from labs.grading.definition import LABS_DIR, read_lab
from labs.loading import store_lab
from teach import proving

ROLES = ("anonymous", "learner", "other_learner", "other_instructor", "instructor", "staff")
OK, REDIRECT, FORBIDDEN, MISSING, LOGIN = 200, 302, 403, 404, "login"


def row(anonymous=LOGIN, learner=FORBIDDEN, other_learner=FORBIDDEN, other_instructor=MISSING,
        instructor=OK, staff=OK):
    return dict(zip(ROLES, (anonymous, learner, other_learner, other_instructor, instructor, staff), strict=True))


INSTRUCTOR_PAGE = row(other_instructor=OK)  # pages every instructor has, about their own things
MATRIX = [
    ("GET", "/en/teach/", {}, INSTRUCTOR_PAGE),
    ("POST", "/en/teach/labs/new/", {"slug": "brand-new"}, row(other_instructor=REDIRECT, instructor=REDIRECT,
                                                                staff=REDIRECT)),
    ("POST", "/en/teach/labs/import/", {}, row(other_instructor=REDIRECT, instructor=REDIRECT, staff=REDIRECT)),
    ("GET", "/en/teach/labs/ivy-lab/", {}, row()),
    ("GET", "/en/teach/labs/pod-basics/", {}, INSTRUCTOR_PAGE),
    ("POST", "/en/teach/labs/ivy-lab/save/", {"path": "solution.sh", "text": "kubectl get pods\n"},
     row(instructor=REDIRECT, staff=FORBIDDEN)),
    ("POST", "/en/teach/labs/pod-basics/save/", {"path": "solution.sh", "text": "x"},
     row(other_instructor=FORBIDDEN, instructor=FORBIDDEN, staff=FORBIDDEN)),
    ("POST", "/en/teach/labs/ivy-lab/check/", {"files": "{}"}, row()),
    ("POST", "/en/teach/labs/ivy-lab/run/", {"which": "starter"}, row()),
    ("POST", "/en/teach/labs/pod-basics/run/", {"which": "starter"}, INSTRUCTOR_PAGE),
    ("GET", "/en/teach/labs/ivy-lab/preview/", {}, row()),
    ("GET", "/en/teach/labs/ivy-lab/export/", {}, row()),
    ("GET", "/en/teach/labs/pod-basics/export/", {}, INSTRUCTOR_PAGE),
    ("POST", "/en/teach/labs/ivy-lab/copy/", {"slug": "ivy-copy"}, row(instructor=REDIRECT, staff=REDIRECT)),
    ("POST", "/en/teach/labs/ivy-lab/publish/", {"publish": "0"}, row(instructor=REDIRECT, staff=FORBIDDEN)),
    ("POST", "/en/teach/labs/pod-basics/publish/", {"publish": "0"},
     row(other_instructor=FORBIDDEN, instructor=FORBIDDEN, staff=FORBIDDEN)),
    ("GET", "/en/teach/classes/", {}, INSTRUCTOR_PAGE),
    ("POST", "/en/teach/classes/", {"name": "New"}, row(other_instructor=REDIRECT, instructor=REDIRECT,
                                                         staff=REDIRECT)),
    ("GET", "/en/teach/classes/{class_id}/", {}, row()),
    ("POST", "/en/teach/classes/{class_id}/labs/", {}, row(instructor=REDIRECT, staff=MISSING)),
    ("GET", "/en/teach/classes/{class_id}/learners/{alice_id}/", {}, row()),
    ("GET", "/en/teach/classes/{class_id}/learners/{bob_id}/", {}, row(instructor=MISSING, staff=MISSING)),
    ("GET", "/en/teach/classes/{class_id}/grades.csv", {}, row()),
    ("GET", "/en/teach/join/", {}, row(learner=OK, other_learner=OK, other_instructor=OK)),
    ("POST", "/en/teach/join/", {"code": "NOPE"}, row(learner=REDIRECT, other_learner=REDIRECT,
                                                       other_instructor=REDIRECT, instructor=REDIRECT,
                                                       staff=REDIRECT)),
]


@pytest.fixture
def cast(alice, bob, ivy, oscar, sam, ivy_class, oscar_class, monkeypatch):
    store_lab(read_lab(LABS_DIR / "pod-basics"))
    # Who may run a lab is the question here, not how grading goes.
    monkeypatch.setattr(proving, "run_labs", lambda definition, which, timeout_s=0: {"runs": [], "error": ""})
    return {"anonymous": None, "learner": alice, "other_learner": bob, "other_instructor": oscar,
            "instructor": ivy, "staff": sam, "ivy_class": ivy_class}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "url", "data", "expected"), MATRIX,
                         ids=[f"{m} {u}" for m, u, _d, _e in MATRIX])
def test_it_lets_in_only_who_may(client, cast, role, method, url, data, expected):
    url = url.format(class_id=cast["ivy_class"].id, alice_id=cast["learner"].id, bob_id=cast["other_learner"].id)
    if cast[role] is not None:
        client.force_login(cast[role])
    response = client.get(url) if method == "GET" else client.post(url, data)
    if expected[role] == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith("/en/accounts/login/?next=")
    else:
        assert response.status_code == expected[role], response.content[:500]


@pytest.mark.django_db
def test_it_shows_an_instructor_only_their_own_classes_and_labs(client, cast):
    client.force_login(cast["other_instructor"])
    assert "Kubernetes 101" not in client.get("/en/teach/classes/").content.decode()
    assert "ivy-lab" not in client.get("/en/teach/").content.decode()
    client.force_login(cast["instructor"])
    assert "Other class" not in client.get("/en/teach/classes/").content.decode()
    listing = client.get("/en/teach/").content.decode()
    assert "ivy-lab" in listing and "pod-basics" in listing


@pytest.mark.django_db
def test_it_shows_staff_every_class(client, cast):
    client.force_login(cast["staff"])
    html = client.get("/en/teach/classes/").content.decode()
    assert "Kubernetes 101" in html and "Other class" in html


@pytest.mark.django_db
def test_it_shows_a_learner_only_the_classes_they_joined(client, cast):
    client.force_login(cast["learner"])
    html = client.get("/en/teach/join/").content.decode()
    assert "Kubernetes 101" in html and "Other class" not in html
    client.force_login(cast["other_learner"])
    html = client.get("/en/teach/join/").content.decode()
    assert "Other class" in html and "Kubernetes 101" not in html


@pytest.mark.django_db
def test_it_leaves_a_read_only_lab_unchanged_when_someone_else_posts(client, cast, ivy_lab):
    before = dict(ivy_lab.files)
    client.force_login(cast["staff"])
    client.post("/en/teach/labs/ivy-lab/save/", {"path": "solution.sh", "text": "changed"})
    ivy_lab.refresh_from_db()
    assert ivy_lab.files == before


@pytest.mark.django_db
def test_it_shows_the_header_entry_to_instructors_only(client, cast):
    assert 'href="/en/teach/"' not in client.get("/en/").content.decode()
    client.force_login(cast["learner"])
    assert 'href="/en/teach/"' not in client.get("/en/").content.decode()
    client.force_login(cast["instructor"])
    assert 'href="/en/teach/"' in client.get("/en/").content.decode()
