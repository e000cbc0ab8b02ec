"""Every probe handler (exec, httpGet, tcpSocket) as liveness and as readiness: what fails, what
the kubelet says about it, and what a Service then does with the pod."""

import pytest

from .helpers import apply, cluster, container, event_log, pod, summary

HANDLERS = {
    # handler -> (probe stanza that fails on a healthy nginx, the prober's own failure output)
    "exec": ("exec: {command: [cat, /tmp/healthy]}",
             "cat: /tmp/healthy: No such file or directory"),
    "httpGet": ("httpGet: {path: /healthz, port: 80}",
                "HTTP probe failed with statuscode: 404"),
    "tcpSocket": ("tcpSocket: {port: 8080}",
                  "dial tcp {ip}:8080: connect: connection refused"),
}
PASSING = {
    "exec": "exec: {command: [cat, /usr/share/nginx/html/index.html]}",
    "httpGet": "httpGet: {path: /, port: 80}",
    "tcpSocket": "tcpSocket: {port: 80}",
}


def nginx(kind: str, stanza: str, restart: str = "Always") -> str:
    return f"""metadata: {{name: web, labels: {{app: web}}}}
spec:
  restartPolicy: {restart}
  containers:
  - name: nginx
    image: nginx
    {kind}Probe:
      {stanza}
      periodSeconds: 5
"""


def ip_of(c) -> str:
    return pod(c, "web")["status"]["podIP"]


@pytest.mark.parametrize("handler", sorted(HANDLERS))
def test_a_failing_liveness_probe_restarts_the_container_with_the_kubelets_words(handler):
    c = cluster()
    stanza, output = HANDLERS[handler]
    apply(c, nginx("liveness", stanza))
    c.advance(40)
    log = event_log(c, "web")
    assert ("Warning", "Unhealthy", "Liveness probe failed: " + output.format(ip=ip_of(c))) in log
    assert ("Normal", "Killing", "Container nginx failed liveness probe, will be restarted") in log
    assert summary(c, "web")[2] >= 1
    # nginx exits at once on SIGTERM, with 0.
    assert container(pod(c, "web"))["lastState"]["terminated"]["exitCode"] == 0


def test_without_a_restart_the_killing_event_says_only_that_the_probe_failed():
    c = cluster()
    apply(c, nginx("liveness", HANDLERS["httpGet"][0], restart="Never"))
    c.advance(40)
    assert ("Normal", "Killing", "Container nginx failed liveness probe") in event_log(c, "web")
    assert summary(c, "web") == ("0/1", "Completed", 0)


@pytest.mark.parametrize("handler", sorted(HANDLERS))
def test_a_failing_readiness_probe_unreadies_without_a_restart(handler):
    c = cluster()
    stanza, output = HANDLERS[handler]
    apply(c, nginx("readiness", stanza))
    c.advance(40)
    assert summary(c, "web") == ("0/1", "Running", 0)
    assert ("Warning", "Unhealthy", "Readiness probe failed: " + output.format(ip=ip_of(c))) in event_log(c, "web")
    assert not any(r == "Killing" for _, r, _ in event_log(c, "web"))


def endpoint_ready(c) -> bool | None:
    slices = [s for s in c.store.list("endpointslices", "default")
              if s["metadata"]["labels"].get("kubernetes.io/service-name") == "web"]
    found = [e for s in slices for e in s.get("endpoints") or [] if ip_of(c) in e["addresses"]]
    return found[0]["conditions"]["ready"] if found else None


@pytest.mark.parametrize("handler", sorted(PASSING))
def test_cluster_probe_fail_and_pass_move_the_pod_out_of_and_back_into_its_service(handler):
    c = cluster()
    apply(c, nginx("readiness", PASSING[handler]))
    c.run("kubectl expose pod web --port=80")
    c.advance(30)
    assert summary(c, "web") == ("1/1", "Running", 0) and endpoint_ready(c) is True
    c.run("cluster probe fail web")
    c.advance(30)
    assert summary(c, "web") == ("0/1", "Running", 0)
    assert endpoint_ready(c) is False
    ready_column = c.run("kubectl get endpoints web -o jsonpath={.subsets[0].notReadyAddresses[0].ip}").stdout
    assert ready_column == ip_of(c)
    c.run("cluster probe pass web")
    c.advance(30)
    assert summary(c, "web") == ("1/1", "Running", 0) and endpoint_ready(c) is True


@pytest.mark.parametrize("handler", sorted(PASSING))
def test_cluster_probe_fail_kills_through_liveness_and_pass_lets_it_live(handler):
    c = cluster()
    apply(c, nginx("liveness", PASSING[handler]))
    c.advance(30)
    c.run("cluster probe fail web")
    c.advance(20)
    log = event_log(c, "web")
    assert ("Normal", "Killing", "Container nginx failed liveness probe, will be restarted") in log
    assert any(r == "Unhealthy" and m.startswith("Liveness probe failed:") for _, r, m in log)
    restarts = summary(c, "web")[2]
    assert restarts >= 1
    c.run("cluster probe pass web")
    c.advance(120)
    assert summary(c, "web") == ("1/1", "Running", restarts)


def test_an_unready_pod_is_not_reached_through_its_service():
    c = cluster()
    apply(c, nginx("readiness", PASSING["httpGet"]))
    c.run("kubectl expose pod web --port=80")
    c.run("kubectl run client --image=busybox -- sleep 36000")
    c.advance(30)
    assert c.run("kubectl exec client -- wget -qO- -T 2 http://web").exit_code == 0
    c.run("cluster probe fail web")
    c.advance(30)
    assert c.run("kubectl exec client -- wget -qO- -T 2 http://web").exit_code != 0
