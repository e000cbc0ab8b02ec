import time

import pytest

from kubesim.cluster import Cluster, dumps
from labs.models import Sandbox
from labs.sandbox.live import KEYFRAME_EVERY_MS, LiveSandbox, Registry


def replayed_to(cluster, moment):
    fresh = Cluster(cluster.seed, cluster.nodes)
    for entry in cluster.log:
        if entry["t"] > moment:
            break
        fresh.advance_to(entry["t"])
        if entry["line"] is not None:
            fresh.run(entry["line"], entry["stdin"])
    fresh.advance_to(moment)
    return fresh


def test_it_rebuilds_any_earlier_moment_from_keyframes_and_the_log():
    live = LiveSandbox(id=1, cluster=Cluster(9, 2), revision=0)
    live.run("kubectl create deployment web --image=nginx --replicas=3")
    for step in range(4):
        live.cluster.advance(25)
        live.run(f"kubectl scale deployment web --replicas={2 + step}")
    live.cluster.advance(20)
    assert len(live.keyframes) >= 2  # a keyframe every 30 virtual seconds
    for moment in (0, 1_000, KEYFRAME_EVERY_MS + 500, 77_000, live.cluster.clock.now):
        past = live.at(moment)
        assert past.clock.now == moment
        assert dumps(past.store.dump()) == dumps(replayed_to(live.cluster, moment).store.dump())


def test_it_plays_only_in_whole_moments_so_a_replay_agrees():
    live = LiveSandbox(id=1, cluster=Cluster(4, 2), revision=0)
    live.run("kubectl create deployment web --image=nginx --replicas=5")
    live.play(16)
    live.anchor = (time.monotonic() - 2, live.cluster.clock.now)  # 2 s of wall time ago
    while not live.advance_slice(0.001):
        pass
    live.pause()
    assert live.cluster.clock.now >= 30_000
    assert live.cluster.verify()


def test_it_steps_to_the_next_moment_with_an_event():
    live = LiveSandbox(id=1, cluster=Cluster(4, 2), revision=0)
    live.run("kubectl create deployment web --image=nginx")
    upcoming = live.cluster.clock.next_time()
    live.step()
    assert live.cluster.clock.now == upcoming
    assert live.cluster.log[-1] == {"t": upcoming, "line": None, "stdin": ""}


@pytest.mark.django_db
def test_it_evicts_unwatched_sandboxes_and_resumes_them_from_the_store(alice, settings):
    settings.SANDBOX_IDLE_SECONDS = 0
    registry = Registry()
    row = Sandbox.objects.create(owner=alice, name="s", seed=1, nodes=2)
    live = registry.get(row)
    live.run("kubectl create deployment web --image=nginx")
    live.step()
    live.save()
    live.watchers["someone"] = "en"
    registry.evict_idle()
    assert registry.peek(row.id) is live  # watched: kept
    live.watchers.clear()
    registry.evict_idle()
    assert registry.peek(row.id) is None
    again = registry.get(Sandbox.objects.get(id=row.id))
    assert again is not live
    assert dumps(again.cluster.snapshot()) == dumps(live.cluster.snapshot())
