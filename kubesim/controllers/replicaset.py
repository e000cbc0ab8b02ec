"""The ReplicaSet and ReplicationController controllers (kube-controller-manager's
`replicaset-controller` and `replication-controller`).

A sync adopts matching orphan pods, releases owned pods that no longer match, creates pods
in slow-start batches (1, 2, 4, ...; at most 500 a sync) or deletes the pods Kubernetes
ranks first for deletion, then writes the status: replicas, fullyLabeledReplicas,
readyReplicas, availableReplicas (after minReadySeconds), observedGeneration and the
ReplicaFailure condition. Read to learn: kubernetes/kubernetes pkg/controller/replicaset
(replica_set.go, replica_set_utils.go) and pkg/controller/controller_utils.go
(ActivePodsWithRanks).
"""

from __future__ import annotations

import heapq
import itertools

from ..apiserver.errors import APIError
from . import common as c
from .events import NORMAL, WARNING
from .pods import rank_facts

BURST_REPLICAS = 500


class ReplicaSetController:
    """One controller for a kind with a pod template: ReplicaSet or ReplicationController."""

    def __init__(self, manager, plural: str, kind: str, component: str) -> None:
        self.m = manager
        self.plural, self.kind, self.component = plural, kind, component
        self.queue = manager.loop(component, self.sync)
        self.recheck = f"{component}/recheck"
        manager.on_event(self.recheck, self.queue)
        self.backoff = c.Backoff(manager.cluster, component, self.recheck)
        manager.store.watch(self._on_owner, plural)
        manager.store.watch(self._on_pod, "pods")

    # -- watches: enqueue keys only ----------------------------------------------------------
    def _on_owner(self, change) -> None:
        self.queue.enqueue(c.key_of(change.obj))
        if change.new is None:
            self.m.tracker.forget(change.old["metadata"]["uid"])

    def _on_pod(self, change) -> None:
        for pod in (change.old, change.new):
            if pod is None:
                continue
            ref = c.controller_ref(pod)
            if ref is not None:
                if ref.get("kind") == self.kind:
                    self.queue.enqueue(f"{pod['metadata']['namespace']}/{ref['name']}")
            elif pod is change.new and c.is_active(pod):
                for owner in self.m.store.list(self.plural, pod["metadata"]["namespace"]):
                    if self.selects(owner, pod):
                        self.queue.enqueue(c.key_of(owner))

    # -- the selector of each kind -----------------------------------------------------------
    def selects(self, owner: dict, pod: dict) -> bool:
        spec = owner.get("spec") or {}
        if self.kind == "ReplicationController":
            selector = spec.get("selector") or ((spec.get("template") or {}).get("metadata") or {}).get("labels")
            return c.map_selector_matches(selector, pod["metadata"].get("labels"))
        return c.selector_matches(spec.get("selector"), pod["metadata"].get("labels"))

    # -- sync ----------------------------------------------------------------------------------
    def sync(self, key: str) -> None:
        ns, name = c.split_key(key)
        owner = self.m.store.get(self.plural, ns, name)
        if owner is None:
            self.backoff.forget(key)
            return
        owned = self.m.tracker.owned(owner["metadata"]["uid"])
        error = None
        if not c.being_deleted(owner):
            self._claim(owner, owned)
            diff = owned.active - (owner.get("spec") or {}).get("replicas", 1)
            if diff < 0:
                error = self._create(owner, min(-diff, BURST_REPLICAS))
            elif diff > 0:
                self._delete(owner, owned, min(diff, BURST_REPLICAS))
        owner = self.m.store.get(self.plural, ns, name)
        self._write_status(owner, owned, error)
        if error is not None:
            self.backoff.retry(key)
        else:
            self.backoff.forget(key)

    def _claim(self, owner: dict, owned) -> None:
        """Adopt matching orphans, release owned pods whose labels no longer match."""
        for pod in self.m.tracker.orphans(owner["metadata"]["namespace"]):
            if self.selects(owner, pod):
                self.m.update("pods", c.with_owner(pod, owner))
        uid = owner["metadata"]["uid"]
        for name in list(owned.relabeled):
            owned.relabeled.pop(name, None)
            pod = owned.pods.get(name)
            if pod is not None and not self.selects(owner, pod):
                self.m.update("pods", c.without_owner(pod, uid))

    def _create(self, owner: dict, count: int) -> str | None:
        """Create `count` pods in slow-start batches; stop at the first batch with a failure."""
        batch, made = 1, 0
        while made < count:
            size = min(batch, count - made)
            failure = None
            for _ in range(size):
                try:
                    pod = self.m.create(pod_from_template(owner))
                except APIError as err:
                    failure = err.message
                    self.m.event(owner, WARNING, "FailedCreate", f"Error creating: {err.message}", self.component)
                    continue
                self.m.event(owner, NORMAL, "SuccessfulCreate", f"Created pod: {pod['metadata']['name']}",
                             self.component)
            if failure is not None:
                return failure
            made += size
            batch *= 2
        return None

    def _delete(self, owner: dict, owned, count: int) -> None:
        ranks = self._node_ranks(owner)
        now = self.m.now
        victims = pick_victims(owned, count, ranks, now)
        for pod in victims:
            meta = pod["metadata"]
            if self.m.delete("pods", meta["namespace"], meta["name"]) is not None:
                self.m.event(owner, NORMAL, "SuccessfulDelete", f"Deleted pod: {meta['name']}", self.component)

    def _node_ranks(self, owner: dict) -> dict[str, int]:
        """Active pods per node among related pods: those of every ReplicaSet sharing this
        one's controller (a Deployment's ReplicaSets), or this one's own."""
        ref = c.controller_ref(owner)
        siblings = [owner]
        if ref is not None:
            siblings = [o for o in self.m.store.owned_by(ref["uid"]) if o.get("kind") == self.kind] or [owner]
        counts: dict[str, int] = {}
        for sibling in siblings:
            for node, n in self.m.tracker.owned(sibling["metadata"]["uid"]).nodes.items():
                counts[node] = counts.get(node, 0) + n
        return counts

    # -- status --------------------------------------------------------------------------------
    def _write_status(self, owner: dict, owned, error: str | None) -> None:
        spec = owner.get("spec") or {}
        min_ready = spec.get("minReadySeconds", 0) or 0
        available = owned.ready
        if min_ready:
            available = self._available(owner, owned, min_ready)
        status = {
            "replicas": owned.active,
            "fullyLabeledReplicas": self._fully_labeled(owner, owned),
            "readyReplicas": owned.ready,
            "availableReplicas": available,
            "observedGeneration": owner["metadata"].get("generation", 0),
        }
        status = {"replicas": owned.active, **c.without_zeros(status)}
        conditions = list((owner.get("status") or {}).get("conditions") or [])
        failed = c.condition(owner, "ReplicaFailure")
        if error is not None and failed is None:
            conditions.append(c.new_condition("ReplicaFailure", "True", "FailedCreate", error, self.m.now))
        elif error is None and failed is not None:
            conditions = c.remove_condition(conditions, "ReplicaFailure")
        if conditions:
            status["conditions"] = conditions
        c.write_status(self.m.cluster, self.plural, owner, status)

    def _available(self, owner: dict, owned, min_ready: int) -> int:
        """Count available pods; wake up when the next ready pod becomes available."""
        now, count, soonest = self.m.now, 0, None
        for pod in owned.pods.values():
            if not c.is_active(pod):
                continue
            at = c.available_at_ms(pod, min_ready)
            if at is None:
                continue
            if at <= now:
                count += 1
            elif soonest is None or at < soonest:
                soonest = at
        if soonest is not None:
            c.wake_at(self.m.cluster, self.recheck, c.key_of(owner), soonest)
        return count

    @staticmethod
    def _fully_labeled(owner: dict, owned) -> int:
        spec = owner.get("spec") or {}
        wanted = ((spec.get("template") or {}).get("metadata") or {}).get("labels") or {}
        selector = spec.get("selector") or {}
        required = selector.get("matchLabels", selector) if isinstance(selector, dict) else {}
        if all(required.get(k) == v for k, v in wanted.items()):
            return owned.active  # every owned pod matches the selector, hence these labels
        return sum(1 for p in owned.active_pods()
                   if all((p["metadata"].get("labels") or {}).get(k) == v for k, v in wanted.items()))


def pod_from_template(owner: dict) -> dict:
    """A pod for `owner` (controller.GetPodFromTemplate): `<owner>-<5 chars>` via generateName."""
    template = (owner.get("spec") or {}).get("template") or {}
    tmeta = template.get("metadata") or {}
    meta: dict = {"generateName": owner["metadata"]["name"] + "-", "namespace": owner["metadata"]["namespace"]}
    for field in ("labels", "annotations", "finalizers"):
        if tmeta.get(field):
            meta[field] = tmeta[field]
    meta["ownerReferences"] = [c.owner_reference(owner)]
    return {"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": template.get("spec") or {}}


def group_rank(facts: tuple, node_ranks: dict[str, int], now: int) -> tuple:
    """Sort key of a group of pods with the same `pods.rank_facts`: pods first in it are
    deleted first (controller.ActivePodsWithRanks with LogarithmicScaleDown): unassigned,
    then Pending < Unknown < Running, not ready, lower pod-deletion-cost, more related pods
    on the same node, more recently ready, more restarts, newer; the uid breaks ties.
    Simplification: equal log buckets fall through to the next rule instead of comparing
    uids at once."""
    node, phase, ready_since, cost, minus_restarts, created = facts
    ready = ready_since >= 0
    return (1 if node else 0, phase, 1 if ready else 0, cost, -node_ranks.get(node, 0),
            c.log2_bucket(now, ready_since) if ready else 0, minus_restarts, c.log2_bucket(now, created))


def deletion_rank(pod: dict, node_ranks: dict[str, int], now: int) -> tuple:
    """The full sort key of one pod."""
    return group_rank(rank_facts(pod), node_ranks, now) + (pod["metadata"].get("uid", ""),)


def pick_victims(owned, count: int, node_ranks: dict[str, int], now: int) -> list[dict]:
    """The `count` pods to delete first, ranking groups of alike pods rather than pods.

    The first five parts of a rank are the group's `pods.static_rank` and minus the related
    pods on its node: groups are taken by those (`Owned.by_node` keeps them so), one run of
    equal first parts at a time, and only that run is ranked whole. A scale-down by a few
    pods of a large ReplicaSet computes the whole rank of the groups on a node or two."""
    victims: list[dict] = []
    for static in sorted(owned.by_node):
        per_node = owned.by_node[static]
        nodes = sorted(per_node, key=lambda node: -node_ranks.get(node, 0))
        for _, same_prefix in itertools.groupby(nodes, key=lambda node: -node_ranks.get(node, 0)):
            ranked = sorted(((group_rank(facts, node_ranks, now), facts) for node in same_prefix
                             for facts in per_node[node]), key=lambda r: r[0])
            for _, run in itertools.groupby(ranked, key=lambda r: r[0]):
                # Groups that rank alike are merged, so that the uid alone decides among them.
                tied = [owned.pods[n] for _, facts in run for n in owned.groups[facts] if n in owned.pods]
                victims += heapq.nsmallest(count - len(victims), tied, key=lambda p: p["metadata"].get("uid", ""))
                if len(victims) >= count:
                    return victims
    return victims


def install(manager) -> list[ReplicaSetController]:
    return [ReplicaSetController(manager, "replicasets", "ReplicaSet", "replicaset-controller"),
            ReplicaSetController(manager, "replicationcontrollers", "ReplicationController",
                                 "replication-controller")]
