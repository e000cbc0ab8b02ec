"""Liveness, readiness and startup probes: outcomes from the container's behaviour."""

from .helpers import apply, cluster, container, event_log, pod, summary, timeline

EXEC_LIVENESS = """metadata: {name: liveness-exec, labels: {test: liveness}}
spec:
  containers:
  - name: liveness
    image: registry.k8s.io/busybox:1.27.2
    args: [/bin/sh, -c, "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"]
    livenessProbe:
      exec: {command: [cat, /tmp/healthy]}
      initialDelaySeconds: 5
      periodSeconds: 5
"""

HTTP_LIVENESS = """metadata: {name: liveness-http, labels: {test: liveness}}
spec:
  containers:
  - name: liveness
    image: registry.k8s.io/e2e-test-images/agnhost:2.40
    args: [liveness]
    livenessProbe:
      httpGet:
        path: /healthz
        port: 8080
        httpHeaders: [{name: Custom-Header, value: Awesome}]
      initialDelaySeconds: 3
      periodSeconds: 3
"""


def test_it_kills_the_docs_exec_liveness_pod_after_three_failures():
    c = cluster()
    apply(c, EXEC_LIVENESS)
    rows = timeline(c, "liveness-exec", 80)
    started = rows[1][0]  # READY 1/1 from the start
    # /tmp/healthy goes at +30 s; probes at +30, +35, +40 fail; the kill comes at +40 s and,
    # as `sleep` ignores SIGTERM, the container dies 30 s later (the grace period) with 137.
    assert [r[1:] for r in rows] == [("0/1", "ContainerCreating", 0), ("1/1", "Running", 0), ("0/1", "Running", 0),
                                      ("0/1", "Error", 0), ("1/1", "Running", 1)]
    assert [round(r[0] - started, 3) for r in rows[2:]] == [40.0, 70.0, 71.0]
    log = event_log(c, "liveness-exec")
    unhealthy = [m for _, r, m in log if r == "Unhealthy"]
    # busybox's cat words it its own way (the docs' transcript of this very pod).
    assert unhealthy == ["Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory"]  # (x3)
    assert ("Normal", "Killing", "Container liveness failed liveness probe, will be restarted") in log
    last = container(pod(c, "liveness-exec"))["lastState"]["terminated"]
    assert (last["exitCode"], last["reason"]) == (137, "Error")


def test_it_counts_unhealthy_events_as_one_event_object():
    c = cluster()
    apply(c, EXEC_LIVENESS)
    c.advance(60)
    unhealthy = [e for e in c.store.list("events", "default") if e["reason"] == "Unhealthy"]
    assert len(unhealthy) == 1 and unhealthy[0]["count"] == 3
    assert unhealthy[0]["involvedObject"]["fieldPath"] == "spec.containers{liveness}"
    assert unhealthy[0]["source"] == {"component": "kubelet", "host": pod(c, "liveness-exec")["spec"]["nodeName"]}


def test_it_restarts_the_docs_http_liveness_pod_when_healthz_turns_500():
    c = cluster()
    apply(c, HTTP_LIVENESS)
    c.advance(40)
    log = event_log(c, "liveness-http")
    assert ("Warning", "Unhealthy", "Liveness probe failed: HTTP probe failed with statuscode: 500") in log
    assert ("Normal", "Killing", "Container liveness failed liveness probe, will be restarted") in log
    assert container(pod(c, "liveness-http"))["restartCount"] >= 1


def test_readiness_failure_unreadies_without_restarting():
    c = cluster()
    apply(c, """metadata: {name: web}
spec:
  containers:
  - name: nginx
    image: nginx
    readinessProbe:
      httpGet: {path: /ready.html, port: 80}
      periodSeconds: 5
""")
    c.advance(60)
    assert summary(c, "web") == ("0/1", "Running", 0)
    assert ("Warning", "Unhealthy", "Readiness probe failed: HTTP probe failed with statuscode: 404") in event_log(
        c, "web")
    ready = next(x for x in pod(c, "web")["status"]["conditions"] if x["type"] == "Ready")
    assert ready["message"] == "containers with unready status: [nginx]"


def test_readiness_follows_the_file_a_probe_looks_at():
    c = cluster()
    apply(c, """metadata: {name: web}
spec:
  containers:
  - name: app
    image: busybox:1.28
    command: [sh, -c, "sleep 20; touch /tmp/ready; sleep 3600"]
    readinessProbe:
      exec: {command: [test, -e, /tmp/ready]}
      periodSeconds: 5
""")
    rows = timeline(c, "web", 60)
    start = rows[1][0]
    assert [(round(at - start), ready) for at, ready, _, _ in rows[1:]] == [(0, "0/1"), (20, "1/1")]


def test_a_startup_probe_holds_liveness_and_started():
    c = cluster()
    apply(c, """metadata: {name: slow}
spec:
  containers:
  - name: app
    image: nginx
    startupProbe:
      tcpSocket: {port: 80}
      failureThreshold: 30
      periodSeconds: 10
    livenessProbe:
      tcpSocket: {port: 80}
""")
    c.advance(20)
    status = container(pod(c, "slow"))
    assert status["started"] is True and status["ready"] is True


def test_cluster_probe_fail_and_pass_script_health():
    c = cluster()
    apply(c, """metadata: {name: web}
spec:
  containers:
  - name: nginx
    image: nginx
    readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 10}
    livenessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 10, failureThreshold: 3}
""")
    c.advance(20)
    assert summary(c, "web") == ("1/1", "Running", 0)
    assert c.run("cluster probe fail web").exit_code == 0
    c.advance(25)
    assert summary(c, "web")[0] == "0/1"
    c.advance(60)
    assert container(pod(c, "web"))["restartCount"] >= 1
    c.run("cluster probe pass web")
    c.advance(60)
    assert summary(c, "web")[0] == "1/1"


def test_it_notices_when_the_script_removes_the_file_a_readiness_exec_probe_reads():
    """Fact 42: the script's `rm` at 30 s and `touch` at 60 s each change the readiness result
    (the replay observes every moment a process ran, also those it ran through on its own)."""
    c = cluster()
    apply(c, """metadata: {name: web, labels: {app: web}}
spec:
  containers:
  - name: app
    image: busybox
    command: [sh, -c, "touch /tmp/ready; sleep 30; rm /tmp/ready; sleep 30; touch /tmp/ready; sleep 3600"]
    readinessProbe:
      exec: {command: [cat, /tmp/ready]}
      periodSeconds: 5
""")
    ready = [(round(t), r) for t, r, _, _ in timeline(c, "web", 90)]
    assert [r for _, r in ready] == ["0/1", "1/1", "0/1", "1/1"]
    went, came = ready[2][0], ready[3][0]
    assert 40 <= went <= 48 and 60 <= came <= 68  # three failures 5 s apart; one success
    p = pod(c, "web")
    assert p["status"]["containerStatuses"][0]["restartCount"] == 0
