"""Test helpers for the controllers: a stand-in kubelet and small builders.

`FakeKubelet` writes the pod status a kubelet would write (Running, Ready=True with its
lastTransitionTime, containerStatuses ready) a fixed time after a pod is bound, and removes
a terminating pod after its grace period (capped), so controller tests do not depend on the
real kubelet, which is being written elsewhere. It lives in the tests only.
"""

from __future__ import annotations

import yaml

from kubesim import clock as clk
from kubesim.cluster import Cluster

START = "test-kubelet/start"
STOP = "test-kubelet/stop"


class FakeKubelet:
    def __init__(self, cluster: Cluster, start_s: float = 2, stop_s: float = 1) -> None:
        self.cluster = cluster
        self.start_ms = int(start_s * 1000)
        self.stop_ms = int(stop_s * 1000)
        cluster.store.watch(self.on_pod, "pods")
        cluster.handlers[START] = self.start
        cluster.handlers[STOP] = self.stop

    def _state(self) -> dict:
        return self.cluster.state.setdefault("test-kubelet", {"down": [], "started": {}, "stopping": {}})

    def node_down(self, node: str) -> bool:
        return node in self._state()["down"]

    def on_pod(self, change) -> None:
        pod = change.new
        if pod is None:
            return
        meta, node = pod["metadata"], (pod.get("spec") or {}).get("nodeName")
        key = f"{meta['namespace']}/{meta['name']}/{meta['uid']}"
        state = self._state()
        if not node or self.node_down(node):
            return
        if meta.get("deletionTimestamp"):
            if key not in state["stopping"]:
                state["stopping"][key] = True
                grace = meta.get("deletionGracePeriodSeconds", 30) * 1000
                self.cluster.clock.schedule(min(grace, self.stop_ms), STOP, key)
        elif key not in state["started"] and (pod.get("status") or {}).get("phase", "Pending") == "Pending":
            state["started"][key] = True
            self.cluster.clock.schedule(self.start_ms, START, key)

    def _pod(self, key: str) -> dict | None:
        ns, name, uid = key.split("/")
        pod = self.cluster.store.get("pods", ns, name)
        return pod if pod is not None and pod["metadata"]["uid"] == uid else None

    def start(self, event) -> None:
        pod = self._pod(event.key)
        if pod is None or pod["metadata"].get("deletionTimestamp") or self.node_down(pod["spec"]["nodeName"]):
            return
        if any(ctr.get("image", "").endswith(":1.161") for ctr in pod["spec"].get("containers") or ()):
            return  # an image that cannot be pulled: the pod stays Pending
        self.cluster.api.update_status("pods", running(pod, self.cluster.clock.now))

    def stop(self, event) -> None:
        pod = self._pod(event.key)
        if pod is None or self.node_down(pod["spec"]["nodeName"]):
            return
        self.cluster.api.remove("pods", pod["metadata"]["namespace"], pod["metadata"]["name"])

    def restart_node(self, node: str) -> None:
        """After a node comes back, finish what its kubelet missed."""
        for pod in self.cluster.store.list("pods"):
            if (pod.get("spec") or {}).get("nodeName") == node:
                key = f"{pod['metadata']['namespace']}/{pod['metadata']['name']}/{pod['metadata']['uid']}"
                self._state()["started"].pop(key, None)
                self._state()["stopping"].pop(key, None)
                self.on_pod(type("C", (), {"new": pod})())


def running(pod: dict, now_ms: int, ready: bool = True) -> dict:
    t = clk.timestamp(now_ms)
    status = dict(pod.get("status") or {})
    flag = "True" if ready else "False"
    conditions = [{"lastProbeTime": None, "lastTransitionTime": t, "status": "True", "type": "Initialized"},
                  {"lastProbeTime": None, "lastTransitionTime": t, "status": flag, "type": "Ready"},
                  {"lastProbeTime": None, "lastTransitionTime": t, "status": flag, "type": "ContainersReady"},
                  {"lastProbeTime": None, "lastTransitionTime": t, "status": "True", "type": "PodScheduled"}]
    containers = [{"name": ctr["name"], "image": ctr.get("image", ""), "ready": ready, "restartCount": 0,
                   "started": True, "state": {"running": {"startedAt": t}}}
                  for ctr in (pod.get("spec") or {}).get("containers") or ()]
    status.update(phase="Running", conditions=conditions, containerStatuses=containers, startTime=t)
    return {**pod, "status": status}


PROBE = {"httpGet": {"path": "/", "port": 80}, "periodSeconds": 1, "failureThreshold": 1}


def set_ready(cluster: Cluster, namespace: str, name: str, ready: bool, wait_s: float = 3) -> None:
    """Make a pod's readiness probe fail or pass (the template needs `PROBE`), and wait."""
    if real_kubelet_installed(cluster):
        result = cluster.run(f"cluster probe {'pass' if ready else 'fail'} {name} -n {namespace}")
        assert result.exit_code == 0, result.stderr
        cluster.advance(wait_s)
        return
    pod = cluster.store.get("pods", namespace, name)
    cluster.api.update_status("pods", running(pod, cluster.clock.now, ready))
    cluster.reconcile()


def real_kubelet_installed(cluster: Cluster) -> bool:
    return any(ctl.name.startswith("kubelet") for ctl in cluster.controllers)


def new_cluster(seed: int = 1, nodes: int = 2, **kubelet) -> Cluster:
    cluster = Cluster(seed, nodes)
    if not real_kubelet_installed(cluster):
        cluster.fake_kubelet = FakeKubelet(cluster, **kubelet)
    return cluster


def resume(cluster: Cluster) -> Cluster:
    """A cluster resumed from `cluster`'s snapshot, with the same test kubelet."""
    fresh = Cluster(snapshot=cluster.snapshot())
    if not real_kubelet_installed(fresh):
        fake = cluster.fake_kubelet
        fresh.fake_kubelet = FakeKubelet(fresh, fake.start_ms / 1000, fake.stop_ms / 1000)
    return fresh


def apply(cluster: Cluster, text: str) -> dict:
    """Create an object from YAML through the API server, as `kubectl create` would."""
    obj = yaml.safe_load(text)
    created = cluster.api.create(obj)
    cluster.reconcile()
    return created


def deployment(name: str = "web", replicas: int = 3, image: str = "nginx:1.27", **spec) -> dict:
    labels = {"app": name}
    body = {"replicas": replicas, "selector": {"matchLabels": labels},
            "template": {"metadata": {"labels": labels},
                         "spec": {"containers": [{"name": "app", "image": image}]}}}
    body.update(spec)
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name, "namespace": "default"},
            "spec": body}


def pods_of(cluster: Cluster, owner: dict) -> list[dict]:
    return [p for p in cluster.store.owned_by(owner["metadata"]["uid"]) if p.get("kind") == "Pod"]


def events(cluster: Cluster, name: str | None = None, reason: str | None = None) -> list[str]:
    out = []
    for ev in sorted(cluster.store.list("events"), key=lambda e: (e.get("firstTimestamp") or e.get("eventTime") or "", e["metadata"]["name"])):
        if name is not None and ev["involvedObject"]["name"] != name:
            continue
        if reason is not None and ev["reason"] != reason:
            continue
        out.append(f"{ev['reason']}: {ev['message']}")
    return out


def writes_during(cluster: Cluster, fn) -> list:
    """The store changes `fn()` makes."""
    seen = []
    cluster.store.watch(lambda ch: seen.append((ch.type, ch.plural, ch.obj["metadata"]["name"])))
    before = len(seen)
    fn()
    return seen[before:]
