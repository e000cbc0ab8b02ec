"""An index of pods by their controlling owner, with running counts.

A controller syncing a ReplicaSet of 1,000 pods must not look at 1,000 pods every time one
of them changes (DESIGN.md: cost grows with changes). `PodTracker` keeps, per owner uid, the
owned pods and their counts (active, ready, per node), updated from the pod watch in O(1)
per change, plus the active pods without a controller (candidates for adoption).

It is derived state: built lazily from the store for an owner the first time it is asked
about (after a snapshot is loaded, for instance), then kept current by the watch.
"""

from __future__ import annotations

from . import common as c


class Owned:
    """The pods one owner controls, with counts."""

    __slots__ = ("pods", "active", "ready", "nodes", "relabeled")

    def __init__(self) -> None:
        self.pods: dict[str, dict] = {}
        self.active = 0
        self.ready = 0
        self.nodes: dict[str, int] = {}
        self.relabeled: dict[str, None] = {}

    def add(self, pod: dict) -> None:
        self.pods[pod["metadata"]["name"]] = pod
        self._count(pod, 1)

    def drop(self, pod: dict) -> None:
        self.pods.pop(pod["metadata"]["name"], None)
        self._count(pod, -1)

    def _count(self, pod: dict, sign: int) -> None:
        if not c.is_active(pod):
            return
        self.active += sign
        if c.is_ready(pod):
            self.ready += sign
        node = (pod.get("spec") or {}).get("nodeName", "")
        left = self.nodes.get(node, 0) + sign
        if left:
            self.nodes[node] = left
        else:
            self.nodes.pop(node, None)

    def active_pods(self) -> list[dict]:
        return [p for p in self.pods.values() if c.is_active(p)]


class PodTracker:
    def __init__(self, store) -> None:
        self.store = store
        self._owned: dict[str, Owned] = {}
        self._orphans: dict[str, dict[str, None]] | None = None
        store.watch(self._on_change, "pods")

    # -- reading ----------------------------------------------------------------------------
    def owned(self, uid: str) -> Owned:
        found = self._owned.get(uid)
        if found is None:
            found = Owned()
            for obj in self.store.owned_by(uid):
                if obj.get("kind") == "Pod" and _controller_uid(obj) == uid:
                    found.add(obj)
            self._owned[uid] = found
        return found

    def orphans(self, namespace: str) -> list[dict]:
        """Active pods of a namespace that no controller owns, by name."""
        names = self._orphan_index().get(namespace, {})
        pods = (self.store.get("pods", namespace, n) for n in sorted(names))
        return [p for p in pods if p is not None]

    def forget(self, uid: str) -> None:
        self._owned.pop(uid, None)

    # -- keeping current ----------------------------------------------------------------------
    def _orphan_index(self) -> dict[str, dict[str, None]]:
        if self._orphans is None:
            self._orphans = {}
            for pod in self.store.list("pods"):
                if _controller_uid(pod) is None and c.is_active(pod):
                    self._orphans.setdefault(pod["metadata"]["namespace"], {})[pod["metadata"]["name"]] = None
        return self._orphans

    def _on_change(self, change) -> None:
        old, new = change.old, change.new
        old_uid = _controller_uid(old) if old is not None else None
        new_uid = _controller_uid(new) if new is not None else None
        if old_uid is not None and old_uid in self._owned:
            self._owned[old_uid].drop(old)
        if new_uid is not None and new_uid in self._owned:
            owned = self._owned[new_uid]
            owned.add(new)
            if old is not None and old_uid == new_uid and old["metadata"].get("labels") != new["metadata"].get("labels"):
                owned.relabeled[new["metadata"]["name"]] = None
        if self._orphans is not None:
            pod = new if new is not None else old
            ns, name = pod["metadata"]["namespace"], pod["metadata"]["name"]
            space = self._orphans.setdefault(ns, {})
            if new is not None and new_uid is None and c.is_active(new):
                space[name] = None
            else:
                space.pop(name, None)


def _controller_uid(obj: dict) -> str | None:
    ref = c.controller_ref(obj)
    return ref["uid"] if ref is not None else None
