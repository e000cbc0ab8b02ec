"""`manage.py purge`: expired guests' sandboxes go, stored history is pruned, counts are
reported; running it again finds nothing; --dry-run only counts."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from labs.models import Sandbox, SandboxEntry
from labs.sandbox import retention
from tests.quotas.test_retention import apply, command, snapshot

pytestmark = pytest.mark.django_db


def purge(*args):
    out = StringIO()
    call_command("purge", *args, stdout=out)
    return out.getvalue()


def guest(hours_left, key="k"):
    return Sandbox.objects.create(owner=None, session_key=key, name="g", seed=1, nodes=2,
                                  expires=timezone.now() + timedelta(hours=hours_left))


@pytest.fixture
def cast(alice):
    old = guest(-1, "gone")
    SandboxEntry.objects.create(sandbox=old, seq=1, t=0, line="kubectl get pods")
    older = guest(-30, "gone-too")
    fresh = guest(+5, "here")
    learners = Sandbox.objects.create(owner=alice, name="mine", seed=1, nodes=2)
    Sandbox.objects.filter(id=learners.id).update(updated=timezone.now() - timedelta(days=400))
    return {"expired": [old, older], "kept": [fresh, learners]}


def test_it_deletes_expired_guest_sandboxes_only_and_says_how_many(cast):
    out = purge()
    assert "Deleted 2 expired guest sandboxes (unused for 24 hours)." in out
    assert set(Sandbox.objects.values_list("id", flat=True)) == {s.id for s in cast["kept"]}
    assert not SandboxEntry.objects.filter(sandbox_id=cast["expired"][0].id).exists()


def test_running_it_again_finds_nothing(cast):
    purge()
    out = purge()
    assert "Deleted 0 expired guest sandboxes" in out
    assert "Pruned 0 stored history entries from 0 sandboxes" in out


def test_a_dry_run_counts_and_deletes_nothing(cast):
    out = purge("--dry-run")
    assert "Would delete 2 expired guest sandboxes" in out
    assert Sandbox.objects.count() == 4


def test_it_prunes_stored_history_beyond_the_setting(alice, settings, monkeypatch):
    settings.SANDBOX_HISTORY_ROWS = 5
    monkeypatch.setattr(retention, "MARGIN", 2)
    sandbox = Sandbox.objects.create(owner=alice, name="busy", seed=4, nodes=2)
    command(sandbox, "kubectl create namespace one")
    for n in range(2, 21):
        apply(sandbox, n)
    snapshot(sandbox)
    assert "Would prune 14 stored history entries from 1 sandbox (keeping the newest 5 of each)." in purge(
        "--dry-run")
    assert SandboxEntry.objects.filter(sandbox=sandbox).count() == 20
    assert "Pruned 14 stored history entries from 1 sandbox" in purge()
    assert list(SandboxEntry.objects.filter(sandbox=sandbox).values_list("seq", flat=True)) == [1, 16, 17, 18, 19, 20]
