"""Every command is stored before it is acknowledged, a retried message runs once, and a
sandbox comes back from its snapshot plus the journal after a restart."""

import pytest
from channels.db import database_sync_to_async

from kubesim.cluster import Cluster
from labs.models import Sandbox, SandboxEntry
from labs.sandbox import actions, journal
from labs.sandbox.live import registry
from tests.sandbox.conftest import DEPLOYMENT
from tests.sandbox.test_sandbox_consumer import opened, receive_until, send

pytestmark = pytest.mark.django_db(transaction=True)


def act(sandbox, **data):
    live = registry.get(Sandbox.objects.get(id=sandbox.id))
    return live, actions.perform(live, data, "en")


def restart():
    """What a server restart leaves: the database only."""
    registry.entries.clear()


@pytest.fixture
def sandbox(alice):
    return Sandbox.objects.create(owner=alice, name="s", seed=3, nodes=2)


async def test_the_acknowledgement_comes_after_the_command_is_stored(alice):
    sandbox, communicator, _first = await opened(alice)
    await send(communicator, action="command", line="kubectl create namespace shop", client_id="c-1")
    await receive_until(communicator, 'data-ack="c-1"')
    stored = await database_sync_to_async(
        lambda: list(SandboxEntry.objects.filter(sandbox_id=sandbox.id, client_id="c-1")
                     .values_list("line", flat=True)))()
    assert stored == ["kubectl create namespace shop"]
    await receive_until(communicator, "namespace/shop created")
    await communicator.disconnect()


def test_a_retried_message_is_answered_without_running_again(sandbox):
    live, _first = act(sandbox, action="command", line="kubectl create namespace shop", client_id="c-1")
    length = len(live.cluster.log)
    live, again = act(sandbox, action="command", line="kubectl create namespace shop", client_id="c-1")
    assert len(live.cluster.log) == length
    answer = "".join(again.private)
    assert "namespace/shop created" in answer
    assert "AlreadyExists" not in answer
    assert 'data-ack="c-1"' in answer


def test_a_retry_after_a_restart_is_answered_from_the_journal(sandbox):
    act(sandbox, action="apply", manifest=DEPLOYMENT, client_id="apply-1")
    restart()
    live, again = act(sandbox, action="apply", manifest=DEPLOYMENT, client_id="apply-1")
    assert "deployment.apps/web created" in "".join(again.private)
    assert sum(1 for e in live.cluster.log if e["line"] == "kubectl apply -f -") == 1


def test_a_restart_finds_every_acknowledged_command_without_a_snapshot(sandbox):
    act(sandbox, action="apply", manifest=DEPLOYMENT, client_id="a")
    act(sandbox, action="time", op="settle", client_id="b")
    live, _ = act(sandbox, action="command", line="kubectl get deployments", client_id="c")
    before = live.cluster.to_bytes()
    assert Sandbox.objects.get(id=sandbox.id).state == b""  # no snapshot was written
    restart()
    live, _ = act(sandbox, action="command", line="kubectl get pods", client_id="d")
    assert live.cluster.log[:-1] == Cluster.from_bytes(before).log
    ready = [p for p in live.cluster.store.list("pods", "default")
             if p["status"].get("phase") == "Running"]
    assert len(ready) == 2
    assert [e.line for e in live.scrollback] == ["kubectl get deployments", "kubectl get pods"]
    assert "web    2/2" in live.scrollback[0].stdout


def test_a_restart_keeps_the_learner_inside_an_open_shell(sandbox):
    act(sandbox, action="command", line="kubectl run box --image=busybox -- sleep 3600")
    act(sandbox, action="time", op="settle")
    act(sandbox, action="command", line="kubectl exec -it box -- sh")
    restart()
    live = registry.get(Sandbox.objects.get(id=sandbox.id))
    assert live.nested is not None and live.nested["prompt"] == "/ #"
    act(sandbox, action="command", line="exit")
    restart()
    assert registry.get(Sandbox.objects.get(id=sandbox.id)).nested is None


def test_a_reset_is_stored_at_once_and_forgets_the_old_journal(sandbox):
    act(sandbox, action="command", line="kubectl create namespace shop")
    act(sandbox, action="reset", client_id="r")
    assert not SandboxEntry.objects.filter(sandbox_id=sandbox.id).exists()
    restart()
    live, _ = act(sandbox, action="command", line="kubectl get namespace shop")
    assert "NotFound" in live.scrollback[-1].stderr


def test_snapshots_are_written_every_so_many_entries_not_after_every_command(sandbox):
    for number in range(journal.SNAPSHOT_EVERY - 1):
        live, _reply = act(sandbox, action="command", line=f"kubectl create namespace n{number}")
        assert not journal.snapshot_due(live)
    live, _reply = act(sandbox, action="command", line="kubectl get namespaces")
    assert journal.snapshot_due(live)


def test_after_a_restart_the_scrubber_shows_the_same_past(sandbox):
    live, _ = act(sandbox, action="apply", manifest=DEPLOYMENT)
    act(sandbox, action="time", op="step")
    live, _ = act(sandbox, action="time", op="step")
    moment = live.cluster.clock.now
    act(sandbox, action="time", op="settle")
    live, _ = act(sandbox, action="command", line="kubectl scale deployment web --replicas=3")
    with live.lock:
        live.save()
        before = {p["metadata"]["name"]: p["status"].get("phase") for p in live.at(moment).store.list("pods", "default")}
    restart()
    live = registry.get(Sandbox.objects.get(id=sandbox.id))
    assert live.keyframes, "the stored snapshot serves as a keyframe"
    after = {p["metadata"]["name"]: p["status"].get("phase") for p in live.at(moment).store.list("pods", "default")}
    assert after == before and len(after) == 2
