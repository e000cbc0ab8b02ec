"""The Deployment controller (`deployment-controller`): ReplicaSets per pod template.

The sync follows the real controller's order (read to learn: kubernetes/kubernetes
pkg/controller/deployment: deployment_controller.go syncDeployment, sync.go, rolling.go,
recreate.go, progress.go and util/deployment_util.go): claim ReplicaSets; a deleted
Deployment only gets its status; paused conditions; a paused Deployment or a scaling event
only scales (proportionally) and cleans up; otherwise Recreate or RollingUpdate
(reconcileNewReplicaSet, then reconcileOldReplicaSets with cleanupUnhealthyReplicas). The
rollout helpers the kubectl layer calls (undo, history, restart, pause, status) are in
`rollout.py`; the arithmetic in `deployment_util.py`.
"""

from __future__ import annotations

from ..apiserver.errors import APIError
from ..naming import template_hash
from . import common as c
from . import deployment_util as du
from .events import NORMAL, WARNING
from .pods import OrphanIndex

COMPONENT = "deployment-controller"
RECHECK = f"{COMPONENT}/recheck"


class DeploymentController:
    def __init__(self, manager) -> None:
        self.m = manager
        self.queue = manager.loop(COMPONENT, self.sync)
        manager.on_event(RECHECK, self.queue)
        self.orphan_rss = OrphanIndex(manager.store, "replicasets")
        manager.store.watch(lambda ch: self.queue.enqueue(c.key_of(ch.obj)), "deployments")
        manager.store.watch(self._on_replicaset, "replicasets")
        manager.store.watch(self._on_pod, "pods")

    # -- watches: enqueue keys only ----------------------------------------------------------
    def _on_replicaset(self, change) -> None:
        for rs in (change.old, change.new):
            if rs is None:
                continue
            ref = c.controller_ref(rs)
            ns = rs["metadata"]["namespace"]
            if ref is not None:
                if ref.get("kind") == "Deployment":
                    self.queue.enqueue(f"{ns}/{ref['name']}")
            elif rs is change.new and not c.being_deleted(rs):
                for d in self.m.store.list("deployments", ns):
                    if c.selector_matches((d.get("spec") or {}).get("selector"), rs["metadata"].get("labels")):
                        self.queue.enqueue(c.key_of(d))

    def _on_pod(self, change) -> None:
        # Recreate waits for old pods to be gone: a pod leaving the store may unblock it.
        if change.type != "DELETED":
            return
        ref = c.controller_ref(change.old)
        if ref is None or ref.get("kind") != "ReplicaSet":
            return
        rs = self.m.store.get("replicasets", change.old["metadata"]["namespace"], ref["name"])
        owner = c.controller_ref(rs) if rs is not None else None
        if owner is not None and owner.get("kind") == "Deployment":
            d = self.m.store.get("deployments", rs["metadata"]["namespace"], owner["name"])
            if d is not None and du.strategy_type(d) == "Recreate":  # as deletePod: only Recreate waits
                self.queue.enqueue(f"{rs['metadata']['namespace']}/{owner['name']}")

    # -- sync ----------------------------------------------------------------------------------
    def sync(self, key: str) -> None:
        ns, name = c.split_key(key)
        d = self.m.store.get("deployments", ns, name)
        if d is None:
            return
        spec = d.get("spec") or {}
        if spec.get("selector") == {}:
            self.m.event(d, WARNING, "SelectingAll",
                         "This deployment is selecting all pods. A non-empty selector is required.", COMPONENT)
            if (d.get("status") or {}).get("observedGeneration", 0) < d["metadata"].get("generation", 0):
                self._put_status(d, {**(d.get("status") or {}), "observedGeneration": d["metadata"]["generation"]})
            return
        rs_list = self._claim(d)
        if c.being_deleted(d):
            new_rs, old_rss, d = self._all_replicasets(d, rs_list, create=False)
            self._sync_status(d, old_rss, new_rs)
            return
        d = self._check_paused(d)
        if spec.get("paused") or self._is_scaling_event(d, rs_list):
            self._scale_only(d, rs_list)
        elif du.strategy_type(d) == "Recreate":
            self._rollout_recreate(d, rs_list)
        else:
            self._rollout_rolling(d, rs_list)

    def _claim(self, d: dict) -> list[dict]:
        """The ReplicaSets this Deployment controls, adopting and releasing by selector;
        oldest first (ReplicaSetsByCreationTimestamp)."""
        uid = d["metadata"]["uid"]
        selector = (d.get("spec") or {}).get("selector")
        owned = []
        for rs in self.m.store.owned_by(uid):
            if rs.get("kind") != "ReplicaSet" or not c.is_controlled_by(rs, d):
                continue
            if c.selector_matches(selector, rs["metadata"].get("labels")) or c.being_deleted(d):
                owned.append(rs)
            else:
                self.m.update("replicasets", c.without_owner(rs, uid))
        if not c.being_deleted(d):
            for rs in self.orphan_rss.get(d["metadata"]["namespace"]):
                if c.selector_matches(selector, rs["metadata"].get("labels")):
                    owned.append(self.m.update("replicasets", c.with_owner(rs, d)))
        return sorted(owned, key=du.creation_order)

    def _check_paused(self, d: dict) -> dict:
        """checkPausedConditions: Progressing=Unknown DeploymentPaused / DeploymentResumed."""
        if not du.has_progress_deadline(d):
            return d
        cond = c.condition(d, "Progressing")
        if cond is not None and cond.get("reason") == du.TIMED_OUT:
            return d
        paused_now = cond is not None and cond.get("reason") == du.PAUSED
        paused = bool((d.get("spec") or {}).get("paused"))
        if paused and not paused_now:
            new = c.new_condition("Progressing", "Unknown", du.PAUSED, "Deployment is paused", self.m.now,
                                  update_time=True)
        elif not paused and paused_now:
            new = c.new_condition("Progressing", "Unknown", du.RESUMED, "Deployment is resumed", self.m.now,
                                  update_time=True)
        else:
            return d
        status = d.get("status") or {}
        return self._put_status(d, {**status, "conditions": c.set_condition(status.get("conditions") or [], new)})

    # -- finding and creating the new ReplicaSet ---------------------------------------------
    def _all_replicasets(self, d: dict, rs_list: list[dict], create: bool):
        """getAllReplicaSetsAndSyncRevision: (new RS or None, old RSs, deployment)."""
        new_rs = du.find_new_replicaset(d, rs_list)
        old_rss = [rs for rs in rs_list if new_rs is None or rs["metadata"]["uid"] != new_rs["metadata"]["uid"]]
        new_revision = str(du.max_revision(old_rss) + 1)
        if new_rs is not None:
            new_rs, d = self._sync_new_replicaset(d, new_rs, new_revision)
            return new_rs, old_rss, d
        if not create:
            return None, old_rss, d
        new_rs, d = self._create_new_replicaset(d, old_rss, new_revision)
        return new_rs, old_rss, d

    def _sync_new_replicaset(self, d: dict, rs: dict, new_revision: str) -> tuple:
        annotations, changed = du.new_replicaset_annotations(d, rs, new_revision, exists=True)
        min_ready = (d.get("spec") or {}).get("minReadySeconds", 0)
        if changed or (rs.get("spec") or {}).get("minReadySeconds", 0) != min_ready:
            rs = {**rs, "metadata": {**rs["metadata"], "annotations": annotations},
                  "spec": {**rs["spec"], "minReadySeconds": min_ready}}
            if not min_ready:
                rs["spec"] = {k: v for k, v in rs["spec"].items() if k != "minReadySeconds"}
            return self.m.update("replicasets", rs), d
        revision = (rs["metadata"].get("annotations") or {}).get(du.REVISION, "")
        d2 = du.with_revision(d, revision)
        status = d2.get("status") or {}
        if du.has_progress_deadline(d2) and c.condition(d2, "Progressing") is None:
            cond = c.new_condition("Progressing", "True", du.FOUND_NEW_RS, f'Found new replica set "{rs["metadata"]["name"]}"',
                                   self.m.now, update_time=True)
            d2 = {**d2, "status": {**status, "conditions": c.set_condition(status.get("conditions") or [], cond)}}
        if d2 is not d:
            d = self._put(d2)
        return rs, d

    def _create_new_replicaset(self, d: dict, old_rss: list[dict], new_revision: str) -> tuple:
        spec = d["spec"]
        pth = template_hash(spec["template"], (d.get("status") or {}).get("collisionCount", 0))
        template = spec["template"]
        labels = {**((template.get("metadata") or {}).get("labels") or {}), du.HASH_LABEL: pth}
        selector = spec["selector"]
        selector = {**selector, "matchLabels": {**(selector.get("matchLabels") or {}), du.HASH_LABEL: pth}}
        rs = {
            "apiVersion": "apps/v1", "kind": "ReplicaSet",
            "metadata": {"name": f"{d['metadata']['name']}-{pth}", "namespace": d["metadata"]["namespace"],
                         "labels": labels, "ownerReferences": [c.owner_reference(d)]},
            "spec": {"replicas": 0, "selector": selector,
                     "template": {**template, "metadata": {**(template.get("metadata") or {}), "labels": labels}}},
        }
        if spec.get("minReadySeconds"):
            rs["spec"]["minReadySeconds"] = spec["minReadySeconds"]
        replicas = du.new_rs_new_replicas(d, old_rss + [rs], rs)
        rs["spec"]["replicas"] = replicas
        annotations, _ = du.new_replicaset_annotations(d, rs, new_revision, exists=False)
        rs["metadata"]["annotations"] = annotations
        try:
            created = self.m.create(rs)
        except APIError as err:
            existing = self.m.store.get("replicasets", d["metadata"]["namespace"], rs["metadata"]["name"])
            if err.code == 409 and existing is not None and c.is_controlled_by(existing, d) \
                    and du.equal_ignore_hash(existing["spec"]["template"], template):
                return existing, d
            return self._creation_failed(d, rs, err)
        if replicas > 0:
            self.m.event(d, NORMAL, "ScalingReplicaSet",
                         f"Scaled up replica set {created['metadata']['name']} from 0 to {replicas}", COMPONENT)
        d2 = du.with_revision(d, new_revision)
        if du.has_progress_deadline(d2):
            status = d2.get("status") or {}
            cond = c.new_condition("Progressing", "True", du.NEW_RS_CREATED,
                                   f'Created new replica set "{created["metadata"]["name"]}"', self.m.now,
                                   update_time=True)
            d2 = {**d2, "status": {**status, "conditions": c.set_condition(status.get("conditions") or [], cond)}}
        if d2 is not d:
            d = self._put(d2)
        return created, d

    def _creation_failed(self, d: dict, rs: dict, err: APIError) -> tuple:
        status = d.get("status") or {}
        msg = f'Failed to create new replica set "{rs["metadata"]["name"]}": {err.message}'
        cond = c.new_condition("Progressing", "False", "ReplicaSetCreateError", msg, self.m.now, update_time=True)
        self.m.event(d, WARNING, "ReplicaSetCreateError", msg, COMPONENT)
        d = self._put_status(d, {**status, "conditions": c.set_condition(status.get("conditions") or [], cond)})
        return None, d

    # -- the three ways to sync ----------------------------------------------------------------
    def _is_scaling_event(self, d: dict, rs_list: list[dict]) -> bool:
        new_rs, old_rss, _ = self._all_replicasets(d, rs_list, create=False)
        replicas = du.replicas(d)
        for rs in du.active(old_rss + ([new_rs] if new_rs else [])):
            desired = du.desired_annotation(rs)
            if desired is not None and desired != replicas:
                return True
        return False

    def _scale_only(self, d: dict, rs_list: list[dict]) -> None:
        """dc.sync: scale proportionally, clean up when paused, write the status."""
        d = self.m.store.get("deployments", d["metadata"]["namespace"], d["metadata"]["name"])
        new_rs, old_rss, d = self._all_replicasets(d, self._claim(d), create=False)
        new_rs, old_rss = self._scale(d, new_rs, old_rss)
        if (d.get("spec") or {}).get("paused"):
            self._cleanup(d, old_rss)
        self._sync_status(d, old_rss, new_rs)

    def _rollout_rolling(self, d: dict, rs_list: list[dict]) -> None:
        new_rs, old_rss, d = self._all_replicasets(d, rs_list, create=True)
        if new_rs is None:
            return
        all_rss = old_rss + [new_rs]
        scaled, new_rs = self._reconcile_new(d, all_rss, new_rs)
        if scaled:
            return self._sync_rollout_status(d, old_rss, new_rs)
        scaled, old_rss = self._reconcile_old(d, old_rss, new_rs)
        if scaled:
            return self._sync_rollout_status(d, old_rss, new_rs)
        if du.complete(d, d.get("status") or {}):
            self._cleanup(d, old_rss)
        self._sync_rollout_status(d, old_rss, new_rs)

    def _rollout_recreate(self, d: dict, rs_list: list[dict]) -> None:
        new_rs, old_rss, d = self._all_replicasets(d, rs_list, create=False)
        scaled = False
        for i, rs in enumerate(old_rss):
            if du.spec_replicas(rs) != 0:
                _, old_rss[i] = self._scale_rs(d, rs, 0)
                scaled = True
        if scaled or self._old_pods_running(new_rs, old_rss):
            return self._sync_rollout_status(d, old_rss, new_rs)
        if new_rs is None:
            new_rs, old_rss, d = self._all_replicasets(d, rs_list, create=True)
            if new_rs is None:
                return
        _, new_rs = self._scale_rs(d, new_rs, du.replicas(d))
        if du.complete(d, d.get("status") or {}):
            self._cleanup(d, old_rss)
        self._sync_rollout_status(d, old_rss, new_rs)

    def _old_pods_running(self, new_rs: dict | None, old_rss: list[dict]) -> bool:
        if sum((rs.get("status") or {}).get("replicas", 0) for rs in old_rss) > 0:
            return True
        for rs in old_rss:
            for pod in self.m.tracker.owned(rs["metadata"]["uid"]).pods.values():
                if not c.is_terminal(pod):
                    return True
        return False

    # -- rolling update steps --------------------------------------------------------------------
    def _reconcile_new(self, d: dict, all_rss: list[dict], new_rs: dict) -> tuple[bool, dict]:
        want = du.replicas(d)
        if du.spec_replicas(new_rs) == want:
            return False, new_rs
        if du.spec_replicas(new_rs) > want:
            return self._scale_rs(d, new_rs, want)
        return self._scale_rs(d, new_rs, du.new_rs_new_replicas(d, all_rss, new_rs))

    def _reconcile_old(self, d: dict, old_rss: list[dict], new_rs: dict) -> tuple[bool, list[dict]]:
        if du.total_spec(old_rss) == 0:
            return False, old_rss
        all_pods = du.total_spec(old_rss + [new_rs])
        min_available = du.replicas(d) - du.max_unavailable(d)
        new_unavailable = du.spec_replicas(new_rs) - (new_rs.get("status") or {}).get("availableReplicas", 0)
        max_scaled_down = all_pods - min_available - new_unavailable
        if max_scaled_down <= 0:
            return False, old_rss
        old_rss, cleaned = self._cleanup_unhealthy(d, old_rss, max_scaled_down)
        scaled_down, old_rss = self._scale_down_old(d, old_rss, new_rs)
        return cleaned + scaled_down > 0, old_rss

    def _cleanup_unhealthy(self, d: dict, old_rss: list[dict], max_cleanup: int) -> tuple[list[dict], int]:
        total = 0
        out = list(old_rss)
        for i, rs in sorted(enumerate(out), key=lambda pair: du.creation_order(pair[1])):
            if total >= max_cleanup:
                break
            size = du.spec_replicas(rs)
            available = (rs.get("status") or {}).get("availableReplicas", 0)
            if size == 0 or size == available:
                continue
            down = min(max_cleanup - total, size - available)
            _, out[i] = self._scale_rs(d, rs, size - down)
            total += down
        return out, total

    def _scale_down_old(self, d: dict, old_rss: list[dict], new_rs: dict) -> tuple[int, list[dict]]:
        min_available = du.replicas(d) - du.max_unavailable(d)
        available = sum((rs.get("status") or {}).get("availableReplicas", 0) for rs in old_rss + [new_rs])
        if available <= min_available:
            return 0, old_rss
        budget = available - min_available
        total = 0
        out = list(old_rss)
        for i, rs in sorted(enumerate(out), key=lambda pair: du.creation_order(pair[1])):
            if total >= budget:
                break
            size = du.spec_replicas(rs)
            if size == 0:
                continue
            down = min(size, budget - total)
            _, out[i] = self._scale_rs(d, rs, size - down)
            total += down
        return total, out

    # -- proportional scaling (dc.scale) ---------------------------------------------------------
    def _scale(self, d: dict, new_rs: dict | None, old_rss: list[dict]) -> tuple[dict | None, list[dict]]:
        want = du.replicas(d)
        target = du.active_or_latest(new_rs, old_rss)
        if target is not None:
            if du.spec_replicas(target) != want:
                _, updated = self._scale_rs(d, target, want)
                new_rs, old_rss = _replace(new_rs, old_rss, updated)
            return new_rs, old_rss
        if du.saturated(d, new_rs):
            for rs in du.active(old_rss):
                _, updated = self._scale_rs(d, rs, 0)
                new_rs, old_rss = _replace(new_rs, old_rss, updated)
            return new_rs, old_rss
        if du.strategy_type(d) != "RollingUpdate":
            return new_rs, old_rss
        for rs, size in du.proportional_sizes(d, new_rs, old_rss):
            _, updated = self._scale_rs(d, rs, size)
            new_rs, old_rss = _replace(new_rs, old_rss, updated)
        return new_rs, old_rss

    def _scale_rs(self, d: dict, rs: dict, size: int) -> tuple[bool, dict]:
        """scaleReplicaSet: new size and the desired/max replicas annotations; one event."""
        old_size = du.spec_replicas(rs)
        annotations, notes_changed = du.replicas_annotations(rs, d)
        if old_size == size and not notes_changed:
            return False, rs
        updated = {**rs, "metadata": {**rs["metadata"], "annotations": annotations},
                   "spec": {**rs["spec"], "replicas": size}}
        updated = self.m.update("replicasets", updated)
        if old_size != size:
            verb = "up" if old_size < size else "down"
            self.m.event(d, NORMAL, "ScalingReplicaSet",
                         f"Scaled {verb} replica set {rs['metadata']['name']} from {old_size} to {size}", COMPONENT)
        return old_size != size, updated

    def _cleanup(self, d: dict, old_rss: list[dict]) -> None:
        """cleanupDeployment: delete the oldest scaled-down ReplicaSets beyond the history limit."""
        limit = (d.get("spec") or {}).get("revisionHistoryLimit", 10)
        alive = [rs for rs in old_rss if not c.being_deleted(rs)]
        extra = len(alive) - limit
        if extra <= 0:
            return
        for rs in sorted(alive, key=du.revision_order)[:extra]:
            status = rs.get("status") or {}
            if status.get("replicas", 0) or du.spec_replicas(rs) \
                    or rs["metadata"].get("generation", 0) > status.get("observedGeneration", 0):
                continue
            self.m.delete("replicasets", rs["metadata"]["namespace"], rs["metadata"]["name"])

    # -- status ------------------------------------------------------------------------------------
    def _sync_status(self, d: dict, old_rss: list[dict], new_rs: dict | None) -> None:
        """syncDeploymentStatus: the counts and the Available condition only."""
        status = du.calculate_status(d, old_rss, new_rs, self.m.now)
        if status != (d.get("status") or {}):
            self._put_status(d, status)

    def _sync_rollout_status(self, d: dict, old_rss: list[dict], new_rs: dict | None) -> None:
        """syncRolloutStatus: counts, Available, Progressing and ReplicaFailure; then a wake-up
        at the progress deadline."""
        status = du.calculate_status(d, old_rss, new_rs, self.m.now)
        status = du.progressing(d, status, new_rs, self.m.now)
        failure = du.replica_failure(old_rss + ([new_rs] if new_rs else []), new_rs)
        conditions = status.get("conditions") or []
        if failure is not None:
            conditions = c.set_condition(conditions, failure)
        else:
            conditions = c.remove_condition(conditions, "ReplicaFailure")
        status = {**status, "conditions": conditions} if conditions else \
            {k: v for k, v in status.items() if k != "conditions"}
        if status != (d.get("status") or {}):
            self._put_status(d, status)
        self._requeue_stuck(d, status)

    def _requeue_stuck(self, d: dict, new_status: dict) -> None:
        cond = c.condition(d, "Progressing")
        if not du.has_progress_deadline(d) or cond is None:
            return
        if du.complete(d, new_status) or cond.get("reason") == du.TIMED_OUT:
            return
        deadline = c.parse_time(cond.get("lastUpdateTime")) + du.progress_deadline(d) * 1000 + 1
        c.wake_at(self.m.cluster, RECHECK, c.key_of(d), max(deadline, self.m.now))

    def _put_status(self, d: dict, status: dict) -> dict:
        return self.m.update("deployments", {**d, "status": status})

    def _put(self, d: dict) -> dict:
        return self.m.update("deployments", d)


def _replace(new_rs: dict | None, old_rss: list[dict], updated: dict) -> tuple[dict | None, list[dict]]:
    uid = updated["metadata"]["uid"]
    if new_rs is not None and new_rs["metadata"]["uid"] == uid:
        return updated, old_rss
    return new_rs, [updated if rs["metadata"]["uid"] == uid else rs for rs in old_rss]


def install(manager) -> DeploymentController:
    return DeploymentController(manager)
