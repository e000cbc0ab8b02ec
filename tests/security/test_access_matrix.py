"""Who may reach every URL of the project, and the sandbox's WebSocket: one entry per URL
pattern, one expected answer per person. A new URL pattern (or WebSocket route) without an
entry here fails `test_every_url_pattern_is_in_the_matrix`.

The cast: Alice (learner) owns a sandbox, a lab sandbox and an attempt, and is in Ivy's
class; Bob (other learner) is in Oscar's class; Ivy (instructor) teaches Alice and owns the
browser lab `ivy-lab`; Oscar (other instructor) teaches another class; Sam is staff (not a
superuser). Another visitor owns a guest sandbox. No one reads or drives what is not theirs:
what is not yours answers 404, as if it did not exist (teaching pages: 403 for learners).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import pytest
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone, translation

from config.asgi import application
from core.roles import INSTRUCTORS
from labs.loading import store_lab
from labs.models import Attempt, Lab, Sandbox
from labs.sandbox.live import registry
from labs.sandbox.ownership import guest_expiry
from learn.models import Lesson, LessonTranslation
from teach import labfiles, labstore, proving
from teach.models import Classroom, Membership
from tests.conftest import PASSWORD
from tests.labs.conftest import definition

ROLES = ("anonymous", "learner", "other_learner", "instructor", "other_instructor", "staff")
OK, REDIRECT, FORBIDDEN, MISSING = 200, 302, 403, 404
LOGIN, ADMIN_LOGIN = "login", "admin login"  # a 302 to the sign-in page, or to the admin's


def row(default, **given) -> dict:
    unknown = set(given) - set(ROLES)
    assert not unknown, unknown
    return {role: given.get(role, default) for role in ROLES}


OWNER_AND_STAFF = row(MISSING, learner=OK, staff=OK)
OWNER_AND_STAFF_MOVE_ON = row(MISSING, learner=REDIRECT, staff=REDIRECT)
SIGNED_IN = row(REDIRECT, anonymous=LOGIN)
# The teaching area: instructors (and staff) only; Ivy's things are not there for Oscar.
TEACHING = row(OK, anonymous=LOGIN, learner=FORBIDDEN, other_learner=FORBIDDEN)
IVYS = row(OK, anonymous=LOGIN, learner=FORBIDDEN, other_learner=FORBIDDEN, other_instructor=MISSING)
# The admin: staff only (Sam has no model permissions, so the models' pages refuse him too).
ADMIN = row(ADMIN_LOGIN, staff=OK)
ADMIN_MODEL = row(ADMIN_LOGIN, staff=FORBIDDEN)


@dataclass
class Entry:
    method: str
    url: str  # with {placeholders} filled from the cast
    expected: dict
    data: dict = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.method} {self.url}"


MATRIX = [
    # -- core, accounts, language, sitemap ------------------------------------------------
    Entry("GET", "/en/", row(OK)),
    Entry("GET", "/en/credits/", row(OK)),
    Entry("GET", "/en/accounts/login/", row(OK)),
    Entry("POST", "/en/accounts/logout/", row(REDIRECT)),
    Entry("GET", "/en/accounts/signup/", row(OK)),
    Entry("POST", "/i18n/setlang/", row(REDIRECT), {"language": "en", "next": "/en/"}),
    Entry("GET", "/sitemap.xml", row(OK)),
    # -- lessons ---------------------------------------------------------------------------
    Entry("GET", "/en/lessons/", row(OK)),
    Entry("GET", "/en/lessons/search/?q=pods", row(OK)),
    Entry("GET", "/en/lessons/pod-basics/", row(OK)),
    Entry("POST", "/en/lessons/pod-basics/read/", SIGNED_IN),
    # -- labs --------------------------------------------------------------------------------
    Entry("GET", "/en/labs/", row(OK)),
    Entry("GET", "/en/labs/pod-basics/", row(OK)),  # everyone gets a sandbox of their own
    Entry("GET", "/en/labs/pod-basics/?sandbox={lab_sandbox}", row(MISSING, learner=OK)),
    Entry("GET", "/en/labs/ivy-lab/", row(MISSING)),  # a draft: learners see it once it is published
    Entry("POST", "/en/labs/ivy-lab/hints/", row(MISSING), {"step": "nope", "index": "0"}),
    Entry("POST", "/en/labs/pod-basics/hints/", row(REDIRECT), {"step": "nope", "index": "0"}),
    Entry("POST", "/en/labs/pod-basics/submit/", row(MISSING, anonymous=LOGIN, learner=REDIRECT),
          {"sandbox": "{lab_sandbox}", "key": "{key}"}),
    # An attempt: its learner, staff, and the instructor of the learner's class.
    Entry("GET", "/en/labs/attempts/{attempt}/", row(MISSING, learner=OK, instructor=OK, staff=OK)),
    Entry("POST", "/en/labs/attempts/{attempt}/replay/",
          row(MISSING, learner=REDIRECT, instructor=REDIRECT, staff=REDIRECT)),
    # -- sandboxes ---------------------------------------------------------------------------
    Entry("GET", "/en/sandbox/", row(OK)),
    Entry("GET", "/en/sandbox/mine/", row(OK)),
    Entry("POST", "/en/sandbox/new/", row(REDIRECT)),
    Entry("GET", "/en/sandbox/{sandbox}/", OWNER_AND_STAFF),
    Entry("GET", "/en/sandbox/{lab_sandbox}/", OWNER_AND_STAFF),
    Entry("GET", "/en/sandbox/{guest_sandbox}/", row(MISSING, staff=OK)),
    Entry("POST", "/en/sandbox/{sandbox}/act/", OWNER_AND_STAFF, {"action": "command", "line": "kubectl get pods"}),
    Entry("POST", "/en/sandbox/{guest_sandbox}/act/", row(MISSING, staff=OK), {"action": "command", "line": "ls"}),
    Entry("POST", "/en/sandbox/{sandbox}/rename/", OWNER_AND_STAFF_MOVE_ON, {"name": "taken"}),
    Entry("POST", "/en/sandbox/{sandbox}/reset/", OWNER_AND_STAFF_MOVE_ON),
    Entry("POST", "/en/sandbox/{sandbox}/delete/", OWNER_AND_STAFF_MOVE_ON),
    # -- teaching (tests/teach/test_permissions.py has the finer matrix) -----------------------
    Entry("GET", "/en/teach/", TEACHING),
    Entry("POST", "/en/teach/labs/new/", row(REDIRECT, anonymous=LOGIN, learner=FORBIDDEN, other_learner=FORBIDDEN),
          {"slug": "brand-new"}),
    Entry("POST", "/en/teach/labs/import/", row(REDIRECT, anonymous=LOGIN, learner=FORBIDDEN,
                                                 other_learner=FORBIDDEN)),
    Entry("GET", "/en/teach/labs/ivy-lab/", IVYS),
    Entry("POST", "/en/teach/labs/ivy-lab/save/", {**IVYS, "instructor": REDIRECT, "staff": FORBIDDEN},
          {"path": "solution.sh", "text": "kubectl get pods\n"}),
    Entry("POST", "/en/teach/labs/ivy-lab/check/", IVYS, {"files": "{{}}"}),
    Entry("POST", "/en/teach/labs/ivy-lab/run/", IVYS, {"which": "starter"}),
    Entry("GET", "/en/teach/labs/ivy-lab/preview/", IVYS),
    Entry("GET", "/en/teach/labs/ivy-lab/export/", IVYS),
    Entry("POST", "/en/teach/labs/ivy-lab/copy/", {**IVYS, "instructor": REDIRECT, "staff": REDIRECT},
          {"slug": "ivy-copy"}),
    Entry("POST", "/en/teach/labs/ivy-lab/publish/", {**IVYS, "instructor": REDIRECT, "staff": FORBIDDEN},
          {"publish": "0"}),
    Entry("GET", "/en/teach/classes/", TEACHING),
    Entry("GET", "/en/teach/classes/{ivy_class}/", IVYS),
    Entry("POST", "/en/teach/classes/{ivy_class}/labs/", {**IVYS, "instructor": REDIRECT, "staff": MISSING}),
    Entry("GET", "/en/teach/classes/{ivy_class}/learners/{alice}/", IVYS),
    Entry("GET", "/en/teach/classes/{ivy_class}/grades.csv", IVYS),
    Entry("GET", "/en/teach/join/", row(OK, anonymous=LOGIN)),
    # -- the admin -----------------------------------------------------------------------------
    Entry("GET", "/admin/", ADMIN),
    Entry("GET", "/admin/login/", row(OK, staff=REDIRECT)),
    Entry("POST", "/admin/logout/", row(REDIRECT)),
    Entry("GET", "/admin/password_change/", ADMIN),
    Entry("GET", "/admin/password_change/done/", ADMIN),
    Entry("GET", "/admin/autocomplete/", row(ADMIN_LOGIN, staff=FORBIDDEN)),
    Entry("GET", "/admin/jsi18n/", ADMIN),
    Entry("GET", "/admin/r/1/{alice}/", row(ADMIN_LOGIN, staff=MISSING)),
    Entry("GET", "/admin/auth/", row(ADMIN_LOGIN, staff=MISSING)),
    Entry("GET", "/admin/auth/group/", ADMIN_MODEL),
    Entry("GET", "/admin/auth/group/add/", ADMIN_MODEL),
    Entry("GET", "/admin/auth/group/1/", row(REDIRECT)),  # to .../change/, which asks for staff
    Entry("GET", "/admin/auth/group/1/change/", ADMIN_MODEL),
    Entry("GET", "/admin/auth/group/1/history/", ADMIN_MODEL),
    Entry("GET", "/admin/auth/group/1/delete/", ADMIN_MODEL),
    Entry("GET", "/admin/auth/user/", ADMIN_MODEL),
    Entry("GET", "/admin/auth/user/add/", ADMIN_MODEL),
    Entry("GET", "/admin/auth/user/{alice}/", row(REDIRECT)),
    Entry("GET", "/admin/auth/user/{alice}/change/", ADMIN_MODEL),
    Entry("GET", "/admin/auth/user/{alice}/history/", ADMIN_MODEL),
    Entry("GET", "/admin/auth/user/{alice}/delete/", ADMIN_MODEL),
    Entry("GET", "/admin/auth/user/{alice}/password/", ADMIN_MODEL),
    Entry("GET", "/admin/nowhere/", row(ADMIN_LOGIN, staff=MISSING)),
]


# -- the cast -------------------------------------------------------------------------------------

def _user(django_user_model, name, instructor=False, **extra):
    user = django_user_model.objects.create_user(name, password=PASSWORD, **extra)
    if instructor:
        # get_or_create: a transactional test's flush removes the migration's group.
        user.groups.add(Group.objects.get_or_create(name=INSTRUCTORS)[0])
    return user


@pytest.fixture
def cast(db, django_user_model, monkeypatch):
    registry.entries.clear()
    # Who may run a lab is the question here, not how its runs go.
    monkeypatch.setattr(proving, "run_labs", lambda definition, which, timeout_s=0: {"runs": [], "error": ""})
    people = {
        "anonymous": None,
        "learner": _user(django_user_model, "alice"),
        "other_learner": _user(django_user_model, "bob"),
        "instructor": _user(django_user_model, "ivy", instructor=True),
        "other_instructor": _user(django_user_model, "oscar", instructor=True),
        "staff": _user(django_user_model, "sam", is_staff=True),
    }
    alice = people["learner"]
    store_lab(definition("pod-basics"))
    lab = Lab.objects.get(slug="pod-basics")
    lesson = Lesson.objects.create(slug="pod-basics", topic="pod-basics", order=1, minutes=10)
    LessonTranslation.objects.create(lesson=lesson, language="en", title="Pods", summary="One pod.",
                                     html="<p>Pods</p>", text="Pods", source_hash="x")
    ivy_lab = labstore.create("ivy-lab", labfiles.skeleton("ivy-lab"), people["instructor"])
    ivy_class = Classroom.objects.create(name="Kubernetes 101", instructor=people["instructor"])
    ivy_class.labs.add(ivy_lab)
    Membership.objects.create(classroom=ivy_class, learner=alice)
    oscar_class = Classroom.objects.create(name="Other class", instructor=people["other_instructor"])
    Membership.objects.create(classroom=oscar_class, learner=people["other_learner"])
    sandbox = Sandbox.objects.create(owner=alice, name="alices", seed=1, nodes=2)
    lab_sandbox = Sandbox.objects.create(owner=alice, name="alices lab", seed=1, nodes=2, lab=lab)
    guest_sandbox = Sandbox.objects.create(owner=None, session_key="another-visitor", name="guest", seed=1,
                                           nodes=2, expires=guest_expiry())
    attempt = Attempt.objects.create(user=alice, lab=lab, revision=lab.revision, submission=[], score=0,
                                     max_score=100, result={"checks": []}, idempotency_key="alice-1")
    values = {"sandbox": sandbox.id, "lab_sandbox": lab_sandbox.id, "guest_sandbox": guest_sandbox.id,
              "attempt": attempt.id, "ivy_class": ivy_class.id, "alice": alice.id, "key": uuid.uuid4()}
    yield {"people": people, "values": values, "sandbox": sandbox}
    registry.entries.clear()


def _client(person) -> Client:
    client = Client()
    if person is not None:
        client.force_login(person)
    return client


def _filled(template: str, values: dict) -> str:
    return template.format(**values)


# -- the HTTP matrix ------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("entry", MATRIX, ids=[e.id for e in MATRIX])
def test_it_lets_in_only_who_may(cast, entry, role):
    values = cast["values"]
    url = _filled(entry.url, values)
    data = {key: _filled(value, values) for key, value in entry.data.items()}
    client = _client(cast["people"][role])
    response = client.get(url) if entry.method == "GET" else client.post(url, data)
    expected = entry.expected[role]
    if expected == LOGIN:
        assert response.status_code == 302, (response.status_code, response.content[:300])
        assert response["Location"].startswith("/en/accounts/login/?next="), response["Location"]
    elif expected == ADMIN_LOGIN:
        assert response.status_code == 302, (response.status_code, response.content[:300])
        assert response["Location"].startswith("/admin/login/?next="), response["Location"]
    else:
        assert response.status_code == expected, (response.status_code, response.content[:300])


def test_what_was_refused_changed_nothing(cast):
    """The sandbox rows that strangers posted to are as they were."""
    values = cast["values"]
    for role in ("anonymous", "other_learner", "instructor", "other_instructor"):
        client = _client(cast["people"][role])
        client.post(f"/en/sandbox/{values['sandbox']}/rename/", {"name": "stolen"})
        client.post(f"/en/sandbox/{values['sandbox']}/act/", {"action": "command", "line": "kubectl create ns x"})
        client.post(f"/en/sandbox/{values['sandbox']}/delete/")
    sandbox = Sandbox.objects.get(id=values["sandbox"])
    assert sandbox.name == "alices"
    assert "kubectl create ns x" not in [e["line"] for e in registry.get(sandbox).cluster.log]


def test_lists_show_each_person_only_their_own(cast):
    for role, person in cast["people"].items():
        client = _client(person)
        mine = client.get("/en/sandbox/mine/").content.decode()
        assert ("alices" in mine) == (role == "learner"), role
        classes = client.get("/en/teach/classes/").content.decode()
        assert ("Kubernetes 101" in classes) == (role in ("instructor", "staff")), role


def _patterns(resolver, prefix: str = ""):
    """Every URL pattern's full route, as `resolve(url).route` spells it."""
    for pattern in resolver.url_patterns:
        part = str(pattern.pattern)
        route = prefix + (part.removeprefix("^") if prefix else part)
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield route


def test_every_url_pattern_is_in_the_matrix():
    with translation.override("en"):
        known = set(_patterns(get_resolver()))
        covered = {resolve(_filled(e.url, _PLACEHOLDERS).split("?")[0]).route for e in MATRIX}
    assert known - covered == set(), "add these URL patterns to MATRIX"


_PLACEHOLDERS = {"sandbox": 1, "lab_sandbox": 1, "guest_sandbox": 1, "attempt": 1, "ivy_class": 1, "alice": 1,
                 "key": "k"}


# -- the sandbox's WebSocket ----------------------------------------------------------------------

ORIGIN = (b"origin", b"http://localhost:8000")
SOCKETS = {
    "/ws/sandbox/{sandbox}/": OWNER_AND_STAFF,  # OK: accepted; MISSING: closed before accepting
    "/ws/sandbox/{guest_sandbox}/": row(MISSING, staff=OK),
    "/ws/ping/": row(OK),
}


@database_sync_to_async
def _socket_cast(django_user_model):
    alice = _user(django_user_model, "alice")
    people = {
        "anonymous": None,
        "learner": alice,
        "other_learner": _user(django_user_model, "bob"),
        "instructor": _user(django_user_model, "ivy", instructor=True),
        "other_instructor": _user(django_user_model, "oscar", instructor=True),
        "staff": _user(django_user_model, "sam", is_staff=True),
    }
    Membership.objects.create(classroom=Classroom.objects.create(name="101", instructor=people["instructor"]),
                              learner=alice)
    sandbox = Sandbox.objects.create(owner=alice, name="alices", seed=1, nodes=2)
    guest = Sandbox.objects.create(owner=None, session_key="another-visitor", name="guest", seed=1, nodes=2,
                                   expires=timezone.now() + timezone.timedelta(hours=1))
    cookies = {role: _session_cookie(person) for role, person in people.items()}
    return {"sandbox": sandbox.id, "guest_sandbox": guest.id}, cookies


def _session_cookie(person) -> str:
    client = _client(person)
    if person is None:
        client.get("/en/")
        client.session.save()
        return client.session.session_key
    return client.cookies["sessionid"].value


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", SOCKETS)
async def test_the_sockets_let_in_only_who_may(django_user_model, path):
    registry.entries.clear()
    values, cookies = await _socket_cast(django_user_model)
    for role in ROLES:
        headers = [ORIGIN, (b"cookie", f"sessionid={cookies[role]}".encode())]
        communicator = WebsocketCommunicator(application, _filled(path, values) + "?lang=en", headers=headers)
        connected, _code = await communicator.connect(timeout=10)
        assert connected == (SOCKETS[path][role] == OK), role
        if connected and "sandbox" in path:
            await communicator.receive_from(timeout=10)  # the whole state: they may read it
        await communicator.disconnect()
    registry.entries.clear()


def _routes(app):
    """The WebSocket routes config/asgi.py serves, through its middleware."""
    app = app.application_mapping["websocket"]
    while not isinstance(app, URLRouter):
        app = getattr(app, "inner", None) or app.application
    return [str(route.pattern) for route in app.routes]


def test_every_socket_route_is_in_the_matrix():
    covered = {_filled(path, {"sandbox": 1, "guest_sandbox": 1}) for path in SOCKETS}
    for route in _routes(application):
        example = route.replace("<int:sandbox_id>", "1")
        assert "/" + example in covered, f"add {route} to SOCKETS"
