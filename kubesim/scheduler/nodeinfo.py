"""The scheduler's cache: what each node already holds (requests, pods, host ports).

Built from the store on first use (so it is rebuilt after `Cluster(snapshot=...)`) and kept up
to date from the pod watch. As in kube-scheduler, terminal pods (Succeeded/Failed) count for
nothing: the scheduler's pod informer filters them out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import quantity


def pod_key(pod: dict) -> str:
    meta = pod["metadata"]
    return f"{meta.get('namespace', '')}/{meta['name']}"


def host_ports(pod: dict) -> list[tuple[str, str, int]]:
    """(hostIP, protocol, hostPort) for every container port that asks for a host port."""
    spec = pod.get("spec") or {}
    out = []
    for c in (spec.get("initContainers") or []) + (spec.get("containers") or []):
        for p in c.get("ports") or []:
            if p.get("hostPort"):
                out.append((p.get("hostIP") or "0.0.0.0", p.get("protocol") or "TCP", int(p["hostPort"])))
    return out


def counts_on_node(pod: dict | None) -> bool:
    if pod is None or not (pod.get("spec") or {}).get("nodeName"):
        return False
    return (pod.get("status") or {}).get("phase") not in ("Succeeded", "Failed")


@dataclass
class NodeInfo:
    requested: dict[str, int] = field(default_factory=dict)
    pods: dict[str, None] = field(default_factory=dict)  # ordered set of pod keys
    ports: list[tuple[str, str, int]] = field(default_factory=list)


class Cache:
    def __init__(self, store) -> None:
        self.store = store
        self._nodes: dict[str, NodeInfo] | None = None
        self._placed: dict[str, tuple[str, dict[str, int], list]] = {}
        self._anti: dict[str, None] = {}  # placed pods with required anti-affinity terms

    def nodes(self) -> dict[str, NodeInfo]:
        if self._nodes is None:
            self._nodes = {}
            for pod in self.store.list("pods"):
                self._add(pod)
        return self._nodes

    def info(self, node_name: str) -> NodeInfo:
        return self.nodes().get(node_name) or NodeInfo()

    def observe(self, old: dict | None, new: dict | None) -> None:
        if self._nodes is None:
            return
        if old is not None:
            self._remove(pod_key(old))
        if new is not None:
            self._add(new)

    def _add(self, pod: dict) -> None:
        if not counts_on_node(pod):
            return
        key, node = pod_key(pod), pod["spec"]["nodeName"]
        requests, ports = quantity.pod_requests(pod), host_ports(pod)
        info = self._nodes.setdefault(node, NodeInfo())
        for k, v in requests.items():
            info.requested[k] = info.requested.get(k, 0) + v
        info.pods[key] = None
        info.ports.extend(ports)
        self._placed[key] = (node, requests, ports)
        if (((pod["spec"].get("affinity") or {}).get("podAntiAffinity") or {})
                .get("requiredDuringSchedulingIgnoredDuringExecution")):
            self._anti[key] = None

    def _remove(self, key: str) -> None:
        placed = self._placed.pop(key, None)
        if placed is None:
            return
        node, requests, ports = placed
        self._anti.pop(key, None)
        info = self._nodes[node]
        for k, v in requests.items():
            info.requested[k] = info.requested.get(k, 0) - v
        info.pods.pop(key, None)
        for p in ports:
            info.ports.remove(p)

    def with_anti_affinity(self) -> list[dict]:
        self.nodes()
        return self._get(sorted(self._anti))

    def pods_on(self, node_name: str) -> list[dict]:
        return self._get(self.info(node_name).pods)

    def _get(self, keys) -> list[dict]:
        out = []
        for key in keys:
            ns, name = key.split("/", 1)
            pod = self.store.get("pods", ns, name)
            if pod is not None:
                out.append(pod)
        return out
