"""The happy path of one pod, condition by condition (k8s-facts.md fact 4)."""

import re

from kubesim import clock as clk

from .helpers import apply, cluster, condition, container, event_log, pod, summary

WEB = "metadata: {name: web}\nspec:\n  containers: [{name: nginx, image: nginx}]\n"


def test_it_reports_pending_with_container_creating_right_after_binding():
    c = cluster()
    apply(c, WEB)
    p = pod(c, "web")
    status = p["status"]
    assert status["phase"] == "Pending"
    assert [x["type"] for x in status["conditions"]] == [
        "PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"]
    assert condition(p, "Initialized")["status"] == "True"
    assert condition(p, "PodReadyToStartContainers")["status"] == "False"
    for kind in ("Ready", "ContainersReady"):
        cond = condition(p, kind)
        assert (cond["status"], cond["reason"], cond["message"]) == (
            "False", "ContainersNotReady", "containers with unready status: [nginx]")
    assert container(p)["state"] == {"waiting": {"reason": "ContainerCreating"}}
    assert container(p)["image"] == "nginx" and container(p)["imageID"] == ""
    assert status["startTime"] == "2026-01-01T00:00:00Z"
    assert status["hostIP"] == "172.18.0.3" or status["hostIP"] == "172.18.0.4"
    assert "podIP" not in status
    assert summary(c, "web") == ("0/1", "ContainerCreating", 0)


def test_it_gets_an_ip_from_the_node_cidr_when_the_sandbox_is_up():
    c = cluster()
    apply(c, WEB)
    c.advance(1)
    p = pod(c, "web")
    assert condition(p, "PodReadyToStartContainers")["status"] == "True"
    assert condition(p, "PodReadyToStartContainers")["lastTransitionTime"] == "2026-01-01T00:00:01Z"
    node = c.store.get("nodes", "", p["spec"]["nodeName"])
    prefix = node["spec"]["podCIDR"].rsplit(".", 1)[0] + "."
    assert p["status"]["podIP"].startswith(prefix)
    assert p["status"]["podIPs"] == [{"ip": p["status"]["podIP"]}]


def test_it_becomes_ready_when_the_pulled_container_starts():
    c = cluster()
    apply(c, WEB)
    c.advance(30)
    p = pod(c, "web")
    log = event_log(c, "web")
    assert [r for _, r, _ in log] == ["Scheduled", "Pulling", "Pulled", "Created", "Started"]
    pulled = log[2][2]
    match = re.fullmatch(r'Successfully pulled image "nginx" in ([0-9.]+)s \(([0-9.]+)s including waiting\)\. '
                         r"Image size: 72195292 bytes\.", pulled)
    assert match, pulled
    started_ms = 1000 + round(float(match.group(1)) * 1000)
    started = clk.timestamp(started_ms)
    assert log[3][2] == "Created container: nginx" and log[4][2] == "Started container nginx"
    assert container(p)["state"] == {"running": {"startedAt": started}}
    assert container(p)["ready"] and container(p)["started"]
    assert container(p)["image"] == "docker.io/library/nginx:latest"
    assert container(p)["imageID"].startswith("docker.io/library/nginx@sha256:")
    assert container(p)["containerID"].startswith("containerd://")
    assert condition(p, "Ready")["lastTransitionTime"] == started
    assert condition(p, "ContainersReady") == {"lastProbeTime": None, "lastTransitionTime": started,
                                               "status": "True", "type": "ContainersReady"}
    assert p["status"]["phase"] == "Running"
    assert summary(c, "web") == ("1/1", "Running", 0)


def test_it_pulls_once_per_node_and_serializes_pulls():
    c = cluster(nodes=1)
    apply(c, WEB)
    apply(c, WEB.replace("name: web", "name: web2"))
    c.advance(30)
    second = event_log(c, "web2")
    pulled = next(m for _, r, m in second if r == "Pulled")
    waited = re.search(r"in ([0-9.]+)s \(([0-9.]+)s including waiting\)", pulled)
    assert float(waited.group(2)) > float(waited.group(1))  # it waited for the first pull
    apply(c, WEB.replace("name: web", "name: web3").replace("image: nginx", "image: nginx:1.29"))
    c.advance(30)
    assert summary(c, "web3") == ("1/1", "Running", 0)


def test_it_says_already_present_for_if_not_present_images():
    c = cluster(nodes=1)
    tagged = "metadata: {name: a}\nspec:\n  containers: [{name: web, image: 'nginx:1.14.2'}]\n"
    apply(c, tagged)
    c.advance(30)
    apply(c, tagged.replace("name: a", "name: b"))
    c.advance(5)
    message = 'Container image "nginx:1.14.2" already present on machine and can be accessed by the pod'
    assert ("Normal", "Pulled", message) in event_log(c, "b")
    assert "Pulling" not in [r for _, r, _ in event_log(c, "b")]
