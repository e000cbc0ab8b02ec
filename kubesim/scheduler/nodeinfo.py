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


class Board:
    """For one kind of pod (same requests, tolerations and scoring requests, needing nothing
    but node-local plugins): every node's verdict and score, in node order, kept across
    attempts. Only the nodes a pod landed on or left since are looked at again (`stale`);
    a new node list (a node changed) makes a new board."""

    def __init__(self, nodes: dict[str, dict]) -> None:
        self.nodes = nodes
        self.verdicts: dict[str, list] = dict.fromkeys(nodes)  # name -> findings ([] fits), node order
        self.scores: dict[str, float] = {}
        self.stale: dict[str, None] = dict.fromkeys(nodes)
        self.per_node: dict[str, list] | None = None  # the last answer, while nothing is stale
        self.feasible: list[dict] | None = None
        # Does any node have a PreferNoSchedule taint (else TaintToleration scores them alike)?
        self.preferring = any(t.get("effect") == "PreferNoSchedule" for node in nodes.values()
                              for t in (node.get("spec") or {}).get("taints") or ())


class Cache:
    def __init__(self, store) -> None:
        self.store = store
        self._nodes: dict[str, NodeInfo] | None = None
        self._placed: dict[str, tuple[str, dict[str, int], list]] = {}
        self._anti: dict[str, None] = {}  # placed pods with required anti-affinity terms
        self._memo: dict[str, tuple[dict, dict]] = {}  # node name -> (node, results), see memo()
        self._boards: dict[tuple, Board] = {}

    def nodes(self) -> dict[str, NodeInfo]:
        if self._nodes is None:
            self._nodes = {}
            for pod in self.store.list("pods"):
                self._add(pod)
        return self._nodes

    def memo(self, node: dict) -> dict:
        """A place for what the scheduler works out about one node for a kind of pod (whether it
        fits, its score), kept until a pod lands on the node or leaves it or the node changes.
        Consecutive attempts, a ReplicaSet's pods one after another, mostly find the answer
        there: only the node the last pod went to has changed."""
        name = node["metadata"]["name"]
        entry = self._memo.get(name)
        if entry is not None and entry[0] is node:
            return entry[1]
        self.nodes()
        entry = self._memo[name] = (node, {})
        return entry[1]

    def board(self, key: tuple, nodes: dict[str, dict]) -> Board:
        self.nodes()
        found = self._boards.get(key)
        if found is None or found.nodes is not nodes:
            if len(self._boards) >= 8:
                self._boards.clear()
            found = self._boards[key] = Board(nodes)
        return found

    def _changed(self, node: str) -> None:
        self._memo.pop(node, None)
        for board in self._boards.values():
            board.stale[node] = None

    @staticmethod
    def remember(memo: dict, key, value):
        if len(memo) >= 32:  # many kinds of pods: keep the memo small
            memo.clear()
        memo[key] = value
        return value

    def info(self, node_name: str) -> NodeInfo:
        return self.nodes().get(node_name) or NodeInfo()

    def observe(self, old: dict | None, new: dict | None) -> None:
        if self._nodes is None:
            return
        if old is not None and new is not None and old.get("spec") is new.get("spec") \
                and counts_on_node(old) == counts_on_node(new):
            return  # a status write that leaves the pod where it was, asking for the same
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
        self._changed(node)
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
        self._changed(node)
        for k, v in requests.items():
            info.requested[k] = info.requested.get(k, 0) - v
        info.pods.pop(key, None)
        for p in ports:
            info.ports.remove(p)

    def has_anti_affinity(self) -> bool:
        self.nodes()
        return bool(self._anti)

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
