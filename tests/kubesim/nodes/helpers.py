"""Shared helpers for the node tests: a cluster, manifests, and what a learner would look at."""

from __future__ import annotations

import yaml

from kubesim.cluster import Cluster
from kubesim.kubectl.printers.pods import pod_summary
from kubesim.kubelet import events


def cluster(seed: int = 1, nodes: int = 2) -> Cluster:
    return Cluster(seed=seed, nodes=nodes)


def apply(c: Cluster, manifest: str, namespace: str = "default") -> dict:
    doc = yaml.safe_load(manifest)
    doc.setdefault("apiVersion", "v1")
    doc.setdefault("kind", "Pod")
    doc.setdefault("metadata", {}).setdefault("namespace", namespace)
    created = c.api.create(doc)
    c.reconcile()
    return created


def pod(c: Cluster, name: str, namespace: str = "default") -> dict | None:
    return c.store.get("pods", namespace, name)


def summary(c: Cluster, name: str) -> tuple[str, str, int]:
    """(READY, STATUS, RESTARTS) as `kubectl get pods` shows them."""
    ready, status, restarts = pod_summary(pod(c, name))
    return ready, status, restarts.count


def condition(p: dict, kind: str) -> dict:
    return next(c for c in p["status"]["conditions"] if c["type"] == kind)


def container(p: dict, name: str | None = None, init: bool = False) -> dict:
    statuses = p["status"]["initContainerStatuses" if init else "containerStatuses"]
    return statuses[0] if name is None else next(s for s in statuses if s["name"] == name)


def event_log(c: Cluster, name: str, namespace: str = "default") -> list[tuple[str, str, str]]:
    """(type, reason, message) of the events about a pod, oldest first."""
    p = pod(c, name, namespace)
    found = events.for_object(c, p) if p else sorted(
        (e for e in c.store.list("events", namespace) if e["involvedObject"]["name"] == name),
        key=lambda e: int(e["metadata"]["name"].rsplit(".", 1)[1], 16))
    return [(e["type"], e["reason"], e["message"]) for e in found]


def reasons(c: Cluster, name: str) -> list[str]:
    return [r for _, r, _ in event_log(c, name)]


def timeline(c: Cluster, name: str, seconds: float) -> list[tuple[float, str, str, int]]:
    """Every change of (READY, STATUS, RESTARTS) up to `seconds`, with its moment in seconds."""
    out, last = [], None
    target = c.clock.now + int(seconds * 1000)
    while True:
        current = summary(c, name) if pod(c, name) else ("", "<gone>", 0)
        if current != last:
            out.append((c.clock.now / 1000, *current))
            last = current
        at = c.clock.next_time()
        if at is None or at > target or current[1] == "<gone>":
            break
        c.advance_to(at)
    c.advance_to(max(c.clock.now, target))
    return out


def statuses_seen(c: Cluster, name: str, seconds: float) -> list[str]:
    """The STATUS column's successive values (a repeat after a restart counts once)."""
    out: list[str] = []
    for _, _, status, _ in timeline(c, name, seconds):
        if not out or out[-1] != status:
            out.append(status)
    return out
