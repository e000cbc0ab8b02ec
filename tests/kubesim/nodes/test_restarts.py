"""restartPolicy and CrashLoopBackOff timings (k8s-facts.md facts 20-21)."""

from itertools import pairwise

from .helpers import apply, cluster, container, event_log, pod, timeline

CRASH = "metadata: {name: p}\nspec:\n  containers: [{name: app, image: 'busybox:1.28', command: [sh, -c, 'exit 1']}]\n"


def restart_moments(rows):
    """When each restart count (1, 2, ...) first appeared, in seconds."""
    seen = {}
    for at, _, _, restarts in rows:
        seen.setdefault(restarts, at)
    return [seen[k] for k in sorted(seen) if k > 0]


def test_it_restarts_at_once_then_backs_off_10_20_40_80_160_then_300_seconds():
    c = cluster()
    apply(c, CRASH)
    rows = timeline(c, "p", 1500)
    moments = restart_moments(rows)
    gaps = [round(b - a, 3) for a, b in pairwise(moments)]
    # The first restart follows the next sync (1 s after the exit); later ones wait the back-off.
    assert gaps[:7] == [10.0, 20.0, 40.0, 80.0, 160.0, 300.0, 300.0]


def test_it_words_the_back_off_as_the_kubelet_does():
    c = cluster()
    apply(c, CRASH)
    c.advance(40)  # exits at 1.8 s, 2.8 s, 12.8 s and 32.8 s: the next wait is 40 s
    p = pod(c, "p")
    uid = p["metadata"]["uid"]
    status = container(p)
    assert status["state"]["waiting"] == {
        "reason": "CrashLoopBackOff",
        "message": f"back-off 40s restarting failed container=app pod=p_default({uid})"}
    assert status["lastState"]["terminated"]["exitCode"] == 1
    assert status["lastState"]["terminated"]["reason"] == "Error"
    assert ("Warning", "BackOff", f"Back-off restarting failed container app in pod p_default({uid})") in event_log(c, "p")


def test_it_formats_long_back_offs_go_style():
    c = cluster()
    apply(c, CRASH)
    c.advance(400)
    message = container(pod(c, "p"))["state"].get("waiting", {}).get("message", "")
    assert message.startswith(("back-off 2m40s ", "back-off 5m0s "))


def test_it_does_not_restart_a_successful_container_on_failure_policy():
    c = cluster()
    apply(c, CRASH.replace("exit 1", "exit 0").replace("spec:\n", "spec:\n  restartPolicy: OnFailure\n"))
    c.advance(60)
    p = pod(c, "p")
    assert p["status"]["phase"] == "Succeeded"
    assert container(p)["restartCount"] == 0


def test_it_restarts_a_failing_container_on_failure_policy():
    c = cluster()
    apply(c, CRASH.replace("spec:\n", "spec:\n  restartPolicy: OnFailure\n"))
    c.advance(60)
    p = pod(c, "p")
    assert p["status"]["phase"] == "Running"
    assert container(p)["restartCount"] >= 3


def test_it_restarts_even_successful_containers_with_always():
    c = cluster()
    apply(c, CRASH.replace("exit 1", "exit 0"))
    c.advance(30)
    p = pod(c, "p")
    assert container(p)["lastState"]["terminated"]["reason"] == "Completed"
    assert container(p)["restartCount"] >= 2


def test_it_forgets_the_back_off_after_ten_quiet_minutes():
    c = cluster()
    apply(c, "metadata: {name: p}\nspec:\n  containers: [{name: app, image: 'busybox:1.28', "
             "command: [sh, -c, 'sleep 700; exit 1']}]")
    rows = timeline(c, "p", 2200)
    moments = restart_moments(rows)
    gaps = [round(b - a, 3) for a, b in pairwise(moments)]
    # Each run lasts 700 s, so every exit comes more than 10 minutes after the last back-off
    # update: every restart is immediate.
    assert gaps[:2] == [701.0, 701.0]
    assert "CrashLoopBackOff" not in [status for _, _, status, _ in rows]


def test_it_restarts_a_container_whose_image_changed_with_the_new_image_whatever_the_policy():
    c = cluster()
    apply(c, """metadata: {name: app}
spec:
  restartPolicy: Never
  containers:
  - {name: app, image: 'nginx:1.27'}
  - {name: side, image: busybox, command: [sleep, '3600']}
""")
    c.advance(20)
    assert c.run("kubectl set image pod/app app=nginx:1.29").stdout == "pod/app image updated\n"
    c.advance(20)
    app, side = container(pod(c, "app"), "app"), container(pod(c, "app"), "side")
    assert app["image"] == "docker.io/library/nginx:1.29"
    assert app["restartCount"] == 1 and "running" in app["state"]
    assert app["lastState"]["terminated"]["exitCode"] == 0  # nginx ends at once on SIGTERM
    assert side["restartCount"] == 0  # only the changed container restarts
    log = event_log(c, "app")
    killing = log.index(("Normal", "Killing", "Container app definition changed, will be restarted"))
    assert [r for _, r, m in log[killing + 1:] if "1.29" in m] == ["Pulling", "Pulled"]
    described = c.run("kubectl describe pod app").stdout
    # Created and Started again after the pull: the events are counted (x2), not repeated.
    assert described.count("(x2 over") == 2
