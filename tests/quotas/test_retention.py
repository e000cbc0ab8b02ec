"""Stored history: journal entries the snapshot already holds are pruned beyond the newest
SANDBOX_HISTORY_ROWS, and nothing a learner would notice changes: the cluster, the terminal's
scrollback after a reload and the answer to a recent retry are the same."""

import pytest

from labs.models import Sandbox, SandboxEntry
from labs.sandbox import actions, journal, retention
from labs.sandbox.live import registry

pytestmark = pytest.mark.django_db

CONFIGMAP = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c{n}\ndata:\n  n: \"{n}\"\n"


@pytest.fixture
def small(settings, monkeypatch):
    settings.SANDBOX_HISTORY_ROWS = 10
    monkeypatch.setattr(retention, "MARGIN", 5)
    monkeypatch.setattr(retention, "SCROLLBACK_ROWS", 3)
    monkeypatch.setattr(journal, "SCROLLBACK_ROWS", 3)  # what a reload shows: the same three
    return settings


def live_of(sandbox):
    return registry.get(Sandbox.objects.get(id=sandbox.id))


def command(sandbox, line, client_id=""):
    return actions.perform(live_of(sandbox), {"action": "command", "line": line, "client_id": client_id}, "en")


def apply(sandbox, n):
    actions.perform(live_of(sandbox), {"action": "apply", "manifest": CONFIGMAP.format(n=n)}, "en")


def snapshot(sandbox):
    live = live_of(sandbox)
    with live.lock:
        live.save()


def seqs(sandbox):
    return list(SandboxEntry.objects.filter(sandbox_id=sandbox.id).values_list("seq", flat=True))


def reloaded(sandbox):
    registry.entries.clear()
    live = live_of(sandbox)
    return live.cluster.log, [e.line for e in live.scrollback]


@pytest.fixture
def busy(alice, small):
    """Three commands (seq 1-3), thirty applies (4-33), a snapshot, a command (34), two applies."""
    sandbox = Sandbox.objects.create(owner=alice, name="busy", seed=4, nodes=2)
    for n in range(1, 4):
        command(sandbox, f"kubectl create namespace ns{n}")
    for n in range(4, 34):
        apply(sandbox, n)
    snapshot(sandbox)
    command(sandbox, "kubectl get namespaces", client_id="recent")
    apply(sandbox, 35)
    apply(sandbox, 36)
    return sandbox


def test_it_prunes_what_the_snapshot_holds_beyond_the_newest_rows_and_keeps_the_scrollback(busy):
    before = reloaded(busy)
    assert retention.prune(busy.id) == 24
    assert seqs(busy) == [2, 3, *range(27, 37)]  # the newest ten, and the scrollback's older two
    assert reloaded(busy) == before


def test_a_recent_retry_is_still_answered_without_running_again(busy):
    retention.prune(busy.id)
    registry.entries.clear()
    again = "".join(command(busy, "kubectl get namespaces", client_id="recent").private)
    assert "ns1" in again
    assert [e["line"] for e in live_of(busy).cluster.log].count("kubectl get namespaces") == 1


def test_pruning_again_finds_nothing_and_a_dry_run_deletes_nothing(busy):
    assert retention.prune(busy.id, dry_run=True) == 24
    assert len(seqs(busy)) == 36
    assert retention.prune(busy.id) == 24
    assert retention.prune(busy.id) == 0


def test_entries_after_the_snapshot_are_never_pruned(alice, small):
    sandbox = Sandbox.objects.create(owner=alice, name="young", seed=4, nodes=2)
    command(sandbox, "kubectl create namespace early")
    snapshot(sandbox)
    for n in range(2, 40):
        apply(sandbox, n)
    assert retention.prune(sandbox.id) == 0
    registry.entries.clear()
    assert retention.prune(sandbox.id) == 0
    assert len(seqs(sandbox)) == 39


def test_a_sandbox_without_a_snapshot_keeps_its_whole_journal(alice, small):
    sandbox = Sandbox.objects.create(owner=alice, name="fresh", seed=4, nodes=2)
    for n in range(1, 30):
        apply(sandbox, n)
    assert retention.prune(sandbox.id) == 0


def test_only_sandboxes_with_more_than_the_kept_rows_are_visited(busy, alice, small):
    quiet = Sandbox.objects.create(owner=alice, name="quiet", seed=4, nodes=2)
    command(quiet, "kubectl get pods")
    assert retention.crowded() == [busy.id]
    assert retention.prune_all() == (24, 1)
    assert retention.prune_all() == (0, 0)

