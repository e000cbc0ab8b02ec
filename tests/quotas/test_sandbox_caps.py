"""How many sandboxes a learner, a lab and a guest may keep, and how big each one's cluster may
grow (fewer objects and pods for guests); every cap refuses with a message saying what to do."""

import pytest
from django.test import Client

from kubesim.apiserver.limits import Limits
from labs import lab_sandboxes
from labs.lab_sandboxes import starting_cluster
from labs.loading import store_lab
from labs.models import Attempt, Lab, Sandbox
from labs.sandbox import actions, ownership
from labs.sandbox.live import registry
from labs.sandbox.ownership import SandboxLimit, create_lab_sandbox
from tests.labs.conftest import definition

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def lab(db):
    store_lab(definition("pod-basics"))
    return Lab.objects.get(slug="pod-basics")


def command(sandbox, line):
    live = registry.get(Sandbox.objects.get(id=sandbox.id))
    return "".join(actions.perform(live, {"action": "command", "line": line}, "en").shared)


def test_a_learner_keeps_at_most_the_set_number_of_sandboxes(alice, settings):
    settings.SANDBOX_MAX_PER_LEARNER = 1
    client = signed_in(alice)
    assert client.post("/en/sandbox/new/").status_code == 302
    refused = client.post("/en/sandbox/new/", follow=True).content.decode()
    assert "You already have 1 sandbox, the most one learner may keep. Delete it to make another." in refused
    assert Sandbox.objects.filter(owner=alice).count() == 1


def test_the_per_lab_cap_is_a_setting(lab, alice, settings):
    settings.SANDBOX_MAX_PER_LAB = 1
    request = signed_in(alice).get("/en/labs/pod-basics/").wsgi_request  # makes the lab's sandbox
    with pytest.raises(SandboxLimit, match="You already have 1 sandbox for this lab. Delete it on the My"):
        create_lab_sandbox(request, lab, starting_cluster(lab), "a second")
    assert Sandbox.objects.filter(owner=alice, lab=lab).count() == 1


def test_a_guest_keeps_at_most_the_per_visitor_cap_labs_included(lab, settings):
    settings.SANDBOX_ANONYMOUS_PER_VISITOR = 2
    guest = Client()
    assert guest.get("/en/sandbox/").status_code == 200
    assert guest.get("/en/labs/pod-basics/").status_code == 200
    refused = guest.post("/en/sandbox/new/", follow=True).content.decode()
    assert "A guest may keep 2 sandboxes, labs&#x27; included." in refused
    assert "sign up to keep more" in refused
    assert Sandbox.objects.filter(owner=None).count() == 2
    assert Client().get("/en/sandbox/").status_code == 200  # another visitor is not held back


def test_guests_in_all_stop_at_the_global_cap(settings):
    settings.SANDBOX_ANONYMOUS_MAX = 1
    assert Client().get("/en/sandbox/").status_code == 200
    refused = Client().get("/en/sandbox/").content.decode()
    assert "Too many guests are using sandboxes right now. Log in or sign up to get one." in refused


def test_a_learners_sandbox_holds_the_learners_limits_and_a_guests_fewer(alice, settings):
    settings.SANDBOX_MAX_OBJECTS, settings.SANDBOX_MAX_PODS = 400, 150
    settings.SANDBOX_ANONYMOUS_MAX_OBJECTS, settings.SANDBOX_ANONYMOUS_MAX_PODS = 200, 40
    signed_in(alice).get("/en/sandbox/")
    Client().get("/en/sandbox/")
    learners = registry.get(Sandbox.objects.get(owner=alice))
    guests = registry.get(Sandbox.objects.get(owner=None))
    assert learners.cluster.limits == Limits(objects=400, pods=150)
    assert guests.cluster.limits == Limits(objects=200, pods=40)


def test_a_lab_sandbox_holds_the_limits_too(lab, alice, settings):
    settings.SANDBOX_MAX_PODS = 25
    signed_in(alice).get("/en/labs/pod-basics/")
    live = registry.get(Sandbox.objects.get(owner=alice, lab=lab))
    assert live.cluster.limits.pods == 25


def test_a_deployment_scaled_to_ten_thousand_stops_at_the_sandboxs_pod_limit(alice, settings):
    settings.SANDBOX_MAX_PODS = 40
    signed_in(alice).get("/en/sandbox/")
    sandbox = Sandbox.objects.get(owner=alice)
    command(sandbox, "kubectl create deployment web --image=nginx --replicas=2")
    answer = command(sandbox, "kubectl scale deployment web --replicas=10000")
    assert "more than this sandbox&#x27;s limit of 40 pods" in answer
    live = registry.get(sandbox)
    live.settle()
    assert live.cluster.store.count("pods") == 40
    events = command(sandbox, "kubectl get events --field-selector reason=FailedCreate")
    assert "exceeded sandbox limit" in events


def test_zero_means_no_limit(alice, settings):
    settings.SANDBOX_MAX_OBJECTS = settings.SANDBOX_MAX_PODS = 0
    signed_in(alice).get("/en/sandbox/")
    assert registry.get(Sandbox.objects.get(owner=alice)).cluster.limits == Limits(None, None)


def test_a_reset_keeps_the_sandboxs_limits(alice, settings):
    settings.SANDBOX_MAX_PODS = 40
    signed_in(alice).get("/en/sandbox/")
    live = registry.get(Sandbox.objects.get(owner=alice))
    actions.perform(live, {"action": "reset"}, "en")
    assert live.cluster.limits == Limits(objects=settings.SANDBOX_MAX_OBJECTS, pods=40)


def _never(*args, **kwargs):
    raise AssertionError("a cluster was built for a request that is refused anyway")


def test_a_refused_request_builds_no_cluster(lab, alice, settings, monkeypatch):
    settings.SANDBOX_ANONYMOUS_MAX = 0
    monkeypatch.setattr(ownership, "Cluster", _never)
    monkeypatch.setattr(lab_sandboxes, "starting_cluster", _never)
    assert "Too many guests" in Client().get("/en/sandbox/").content.decode()
    assert "Too many guests" in Client().get("/en/labs/pod-basics/").content.decode()


def test_a_replay_past_the_lab_cap_is_refused_before_it_runs(lab, alice, settings, monkeypatch):
    settings.SANDBOX_MAX_PER_LAB = 1
    client = signed_in(alice)
    client.get("/en/labs/pod-basics/")
    attempt = Attempt.objects.create(user=alice, lab=lab, revision=lab.revision, submission=[], score=0,
                                     max_score=100, result={"checks": []}, idempotency_key="a-1")
    monkeypatch.setattr(lab_sandboxes, "replayed_cluster", _never)
    refused = client.post(f"/en/labs/attempts/{attempt.id}/replay/", follow=True).content.decode()
    assert "You already have 1 sandbox for this lab." in refused
