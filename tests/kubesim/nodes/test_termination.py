"""Deleting pods: preStop, SIGTERM, the grace period and SIGKILL (k8s-facts.md facts 36-37)."""

from .helpers import apply, cluster, event_log, pod, summary, timeline


def delete(c, name, grace=None):
    c.api.delete(c.api.resource_of(pod(c, name)), "default", name, grace=grace)
    c.reconcile()


def test_nginx_exits_at_once_on_sigterm():
    c = cluster()
    apply(c, "metadata: {name: web}\nspec:\n  containers: [{name: nginx, image: nginx}]")
    c.advance(20)
    delete(c, "web")
    assert pod(c, "web")["metadata"]["deletionTimestamp"]
    c.advance(0)  # the stop is the next event, at the same moment
    assert pod(c, "web") is None
    assert ("Normal", "Killing", "Stopping container nginx") in event_log(c, "web")


def test_a_sleeping_shell_ignores_sigterm_until_the_grace_period_ends():
    c = cluster()
    apply(c, "metadata: {name: p}\nspec:\n  terminationGracePeriodSeconds: 20\n"
             "  containers: [{name: c, image: busybox:1.28, command: [sh, -c, 'sleep 3600']}]")
    c.advance(10)
    delete(c, "p")
    rows = timeline(c, "p", 30)
    assert [(round(at - rows[0][0]), status) for at, _, status, _ in rows] == [(0, "Terminating"), (20, "<gone>")]


def test_prestop_runs_before_sigterm_and_counts_against_the_grace_period():
    c = cluster()
    apply(c, """metadata: {name: p}
spec:
  terminationGracePeriodSeconds: 30
  containers:
  - name: web
    image: nginx
    lifecycle:
      preStop: {exec: {command: [sh, -c, "sleep 5"]}}
""")
    c.advance(10)
    start = c.clock.now
    delete(c, "p")
    while pod(c, "p") is not None:
        c.step()
    assert c.clock.now - start == 5000


def test_a_prestop_longer_than_the_grace_period_gets_two_more_seconds():
    c = cluster()
    apply(c, """metadata: {name: p}
spec:
  terminationGracePeriodSeconds: 10
  containers:
  - name: app
    image: busybox:1.28
    command: [sleep, "3600"]
    lifecycle:
      preStop: {exec: {command: [sh, -c, "sleep 180"]}}
""")
    c.advance(10)
    start = c.clock.now
    delete(c, "p")
    while pod(c, "p") is not None:
        c.step()
    assert c.clock.now - start == 12000


def test_a_finished_pod_goes_at_once():
    c = cluster()
    apply(c, "metadata: {name: p}\nspec:\n  restartPolicy: Never\n"
             "  containers: [{name: c, image: busybox:1.28, command: [sh, -c, 'exit 0']}]")
    c.advance(10)
    assert summary(c, "p")[1] == "Completed"
    delete(c, "p")
    assert pod(c, "p") is None


def test_force_deletion_removes_the_object_at_once():
    c = cluster()
    apply(c, "metadata: {name: p}\nspec:\n  containers: [{name: c, image: busybox:1.28, command: [sleep, '3600']}]")
    c.advance(10)
    delete(c, "p", grace=0)
    assert pod(c, "p") is None
    c.advance(60)
    assert c.state["kubelet"]["pods"] == {} or all(
        r["key"] != "default/p" for r in c.state["kubelet"]["pods"].values())
