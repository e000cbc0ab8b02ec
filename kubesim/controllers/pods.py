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

    __slots__ = ("active", "by_node", "facts", "groups", "nodes", "pods", "ready", "relabeled")

    def __init__(self) -> None:
        self.pods: dict[str, dict] = {}
        # Active pods grouped by what deletion ranking reads from them (`rank_facts`): a
        # scale-down ranks the few groups, not every pod.
        self.groups: dict[tuple, dict[str, None]] = {}
        # The same groups by what ranks them before the pods per node counts in:
        # (assigned, phase, ready, deletion cost) -> node -> groups (`replicaset.pick_victims`).
        self.by_node: dict[tuple, dict[str, dict[tuple, None]]] = {}
        self.facts: dict[str, tuple] = {}  # each active pod's rank_facts, as counted
        self.active = 0
        self.ready = 0
        self.nodes: dict[str, int] = {}
        self.relabeled: dict[str, None] = {}

    def add(self, pod: dict) -> None:
        self.pods[pod["metadata"]["name"]] = pod
        self._count(pod, 1)

    def replace(self, old: dict, new: dict) -> None:
        """A write to an owned pod: most (a container started, a probe passed) change nothing
        that is counted, and only the pod object is swapped."""
        name = new["metadata"]["name"]
        if name == old["metadata"]["name"] and c.is_active(old) and c.is_active(new) \
                and c.is_ready(old) == c.is_ready(new) and rank_facts(new) == self.facts.get(name):
            # rank_facts holds the node, so the node counts stay too. The pod moves to the end,
            # as a drop and an add would move it (some controllers act on pods in this order).
            del self.pods[name]
            self.pods[name] = new
            return
        self.drop(old)
        self.add(new)

    def drop(self, pod: dict) -> None:
        self.pods.pop(pod["metadata"]["name"], None)
        self._count(pod, -1)

    def _count(self, pod: dict, sign: int) -> None:
        if not c.is_active(pod):
            return
        self.active += sign
        name = pod["metadata"]["name"]
        # What was counted in is counted out: the facts of the pod object that was added.
        facts = rank_facts(pod) if sign > 0 else self.facts.pop(name, None) or rank_facts(pod)
        if sign > 0:
            self.facts[name] = facts
            group = self.groups.setdefault(facts, {})
            if not group:
                self.by_node.setdefault(static_rank(facts), {}).setdefault(facts[0], {})[facts] = None
            group[name] = None
        else:
            group = self.groups.get(facts, {})
            group.pop(name, None)
            if not group and self.groups.pop(facts, None) is not None:
                per_node = self.by_node[static_rank(facts)]
                per_node[facts[0]].pop(facts, None)
                if not per_node[facts[0]]:
                    del per_node[facts[0]]
                    if not per_node:
                        del self.by_node[static_rank(facts)]
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

class OrphanIndex:
    """Names of objects of one resource that no controller owns, per namespace (lazy)."""

    def __init__(self, store, plural: str, active_only: bool = False) -> None:
        self.store, self.plural, self.active_only = store, plural, active_only
        self._names: dict[str, dict[str, None]] | None = None
        store.watch(self._on_change, plural)

    def _wanted(self, obj: dict) -> bool:
        if _controller_uid(obj) is not None:
            return False
        return c.is_active(obj) if self.active_only else not c.being_deleted(obj)

    def _index(self) -> dict[str, dict[str, None]]:
        if self._names is None:
            self._names = {}
            for obj in self.store.list(self.plural):
                if self._wanted(obj):
                    self._names.setdefault(obj["metadata"].get("namespace", ""), {})[obj["metadata"]["name"]] = None
        return self._names

    def get(self, namespace: str) -> list[dict]:
        names = self._index().get(namespace, {})
        found = (self.store.get(self.plural, namespace, n) for n in sorted(names))
        return [o for o in found if o is not None]

    def _on_change(self, change) -> None:
        if self._names is None:
            return
        obj = change.obj
        space = self._names.setdefault(obj["metadata"].get("namespace", ""), {})
        if change.new is not None and self._wanted(change.new):
            space[obj["metadata"]["name"]] = None
        else:
            space.pop(obj["metadata"]["name"], None)


class PodTracker:
    def __init__(self, store) -> None:
        self.store = store
        self._owned: dict[str, Owned] = {}
        self._orphans = OrphanIndex(store, "pods", active_only=True)
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
        return self._orphans.get(namespace)

    def forget(self, uid: str) -> None:
        self._owned.pop(uid, None)

    # -- keeping current ----------------------------------------------------------------------
    def _on_change(self, change) -> None:
        old, new = change.old, change.new
        old_uid = _controller_uid(old) if old is not None else None
        new_uid = _controller_uid(new) if new is not None else None
        if old_uid is not None and old_uid == new_uid and old_uid in self._owned:
            owned = self._owned[new_uid]
            owned.replace(old, new)
            if old["metadata"].get("labels") != new["metadata"].get("labels"):
                owned.relabeled[new["metadata"]["name"]] = None
            return
        if old_uid is not None and old_uid in self._owned:
            self._owned[old_uid].drop(old)
        if new_uid is not None and new_uid in self._owned:
            self._owned[new_uid].add(new)


_PHASE_ORDINAL = {"Pending": 0, "Unknown": 1, "Running": 2}
DELETION_COST = "controller.kubernetes.io/pod-deletion-cost"


def rank_facts(pod: dict) -> tuple:
    """What ReplicaSet deletion ranking reads from a pod, but its uid: (node, phase ordinal,
    ready since (ms, or -1), deletion cost, minus restarts, created (ms))."""
    meta, spec = pod["metadata"], pod.get("spec") or {}
    try:
        cost = int((meta.get("annotations") or {}).get(DELETION_COST, 0))
    except ValueError:
        cost = 0
    ready_since = c.ready_since_ms(pod)
    return (spec.get("nodeName", ""), _PHASE_ORDINAL.get(c.pod_phase(pod), 0),
            -1 if ready_since is None else ready_since, cost, -c.restarts(pod),
            c.parse_time(meta.get("creationTimestamp")))


def static_rank(facts: tuple) -> tuple:
    """The first parts of a group's deletion rank, which depend on its facts alone:
    (assigned to a node, phase ordinal, ready, deletion cost)."""
    node, phase, ready_since, cost = facts[:4]
    return 1 if node else 0, phase, 1 if ready_since >= 0 else 0, cost


def _controller_uid(obj: dict) -> str | None:
    ref = c.controller_ref(obj)
    return ref["uid"] if ref is not None else None
