"""Commands per minute per learner, over all of their tabs and forms (labs/sandbox/budget.py),
and the no-JavaScript form path refusing past it with the reason on the page."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.utils import translation

from labs.models import Sandbox
from labs.sandbox import budget
from labs.sandbox.budget import Budget
from labs.sandbox.live import registry


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def rates(settings):
    settings.SANDBOX_COMMANDS_PER_MINUTE = 6
    settings.SANDBOX_ANONYMOUS_COMMANDS_PER_MINUTE = 3
    return settings


def spend(spender, key, times):
    return [spender.allow(key) for _ in range(times)]


def test_a_learner_gets_the_minutes_budget_then_is_refused(rates):
    spender = Budget(FakeClock())
    assert spend(spender, "user:1", 7) == [True] * 6 + [False]


def test_the_budget_refills_at_the_per_minute_rate(rates):
    clock = FakeClock()
    spender = Budget(clock)
    spend(spender, "user:1", 6)
    clock.now += 9  # 6 a minute: one every 10 s
    assert spender.allow("user:1") is False
    clock.now += 1
    assert spender.allow("user:1") is True
    assert spender.allow("user:1") is False
    clock.now += 600  # a long pause refills to the minute's budget, not beyond
    assert spend(spender, "user:1", 7) == [True] * 6 + [False]


def test_each_learner_and_guest_has_their_own_budget_and_guests_a_smaller_one(rates):
    spender = Budget(FakeClock())
    spend(spender, "user:1", 6)
    assert spender.allow("user:2") is True
    assert spend(spender, "guest:abc", 4) == [True] * 3 + [False]


def test_zero_means_no_limit(rates):
    rates.SANDBOX_COMMANDS_PER_MINUTE = 0
    spender = Budget(FakeClock())
    assert all(spend(spender, "user:1", 500))


def test_the_key_is_the_account_else_the_guest_session(alice):
    assert budget.key_for(alice, "s1") == f"user:{alice.pk}"
    assert budget.key_for(AnonymousUser(), "s1") == "guest:s1"


def test_only_actions_that_run_something_are_counted():
    assert budget.counted({"action": "command", "line": "ls"})
    assert budget.counted({"action": "apply"})
    assert not budget.counted({"action": "check"})  # the editor checks as one types
    assert not budget.counted({"action": "scrub"})


def test_the_refusal_says_the_learners_rate(rates):
    # Its Chinese is in the catalogue; tests/test_translations.py checks none is missing.
    with translation.override("en"):
        assert budget.refusal("user:1") == "Too many commands: at most 6 a minute. Wait a moment, then go on."
        assert budget.refusal("guest:x") == "Too many commands: at most 3 a minute. Wait a moment, then go on."


def test_idle_full_buckets_are_forgotten(rates, monkeypatch):
    monkeypatch.setattr(budget, "PRUNE_AT", 3)
    clock = FakeClock()
    spender = Budget(clock)
    for n in range(4):
        spender.allow(f"user:{n}")
    clock.now += 120
    spender.allow("user:9")
    assert list(spender.buckets) == ["user:9"]


# -- the no-JavaScript form path ---------------------------------------------------------------

@pytest.mark.django_db
def test_the_form_path_refuses_past_the_budget_with_the_reason_and_runs_nothing(rates, alice):
    client = Client()
    client.force_login(alice)
    client.get("/en/sandbox/")
    one = Sandbox.objects.get(owner=alice)
    client.post("/en/sandbox/new/")
    two = Sandbox.objects.exclude(id=one.id).get(owner=alice)
    for n in range(3):
        assert client.post(f"/en/sandbox/{one.id}/act/", {"action": "command", "line": f"echo {n}"}).status_code == 200
    for n in range(3):  # the same learner's other sandbox spends the same budget
        assert client.post(f"/en/sandbox/{two.id}/act/", {"action": "command", "line": f"echo {n}"}).status_code == 200
    refused = client.post(f"/en/sandbox/{one.id}/act/", {"action": "command", "line": "kubectl create ns late"})
    assert refused.status_code == 429
    assert "Too many commands: at most 6 a minute." in refused.content.decode()
    assert "kubectl create ns late" not in [e["line"] for e in registry.get(one).cluster.log]
    checked = client.post(f"/en/sandbox/{one.id}/act/", {"action": "check", "manifest": "kind: Pod"})
    assert checked.status_code == 200  # checking a manifest is free


@pytest.mark.django_db
def test_a_reset_from_my_sandboxes_spends_the_budget_too(rates, alice):
    rates.SANDBOX_COMMANDS_PER_MINUTE = 1
    client = Client()
    client.force_login(alice)
    client.get("/en/sandbox/")
    sandbox = Sandbox.objects.get(owner=alice)
    assert client.post(f"/en/sandbox/{sandbox.id}/reset/").status_code == 302
    refused = client.post(f"/en/sandbox/{sandbox.id}/reset/", follow=True)
    assert "Too many commands: at most 1 a minute." in refused.content.decode()
