from kubesim.cluster import Cluster
from labs.sandbox import fragments, timeline
from labs.sandbox.live import LiveSandbox


def live_cluster():
    return LiveSandbox(id=1, cluster=Cluster(5, 2), revision=0)


def test_it_draws_a_lane_per_pod_and_container_with_restarts():
    live = live_cluster()
    live.run("kubectl run crash --image=busybox -- sh -c 'exit 1'")
    live.next_overrides()
    live.cluster.advance(120)
    live.next_overrides()
    lanes, _start = timeline.lanes(live.lanes, live.cluster.clock.now)
    names = [(lane.name, lane.container) for lane in lanes]
    assert names == [("crash", False), ("crash", True)]
    container = lanes[1]
    kinds = [s.css for s in container.segments]
    assert "failing" in kinds and "restart" in kinds


def test_it_lists_events_as_kubectl_get_events_does():
    live = live_cluster()
    live.run("kubectl create deployment web --image=nginx")
    live.cluster.advance(5)
    rows = timeline.events(live.cluster.store, live.cluster.wall_seconds())
    reasons = [(r.reason, r.object) for r in rows]
    assert ("ScalingReplicaSet", "deployment/web") in reasons
    assert any(r.reason == "Scheduled" and r.object.startswith("pod/web-") for r in rows)
    html = fragments.state_fragments(live, "en", only=("events",))["events"]
    assert "<th scope=\"col\">LAST SEEN</th>" in html and "ScalingReplicaSet" in html


def test_it_shows_escapes_as_caret_text():
    assert fragments.visible_text("\x1b[31mred\x07\n") == "^[[31mred^G\n"


def test_it_keeps_the_diagram_layout_apart_from_statuses():
    live = live_cluster()
    live.run("kubectl create deployment web --image=nginx --replicas=2")
    live.run("kubectl expose deployment web --port=80")
    before = fragments.state_fragments(live, "en", only=("diagram", "diagram_status"))
    live.cluster.settle()
    after = fragments.state_fragments(live, "en", only=("diagram", "diagram_status"))
    assert 'id="dot-src"' in before["diagram"] and "svc/default/web" in before["diagram"]
    assert "class=" not in before["diagram"].split("hx-swap-oob")[1]
    assert before["diagram_status"] != after["diagram_status"]
