"""The StatefulSet controller (`statefulset-controller`): pods with stable identities.

Pods are `<set>-<ordinal>` with labels `statefulset.kubernetes.io/pod-name`,
`apps.kubernetes.io/pod-index` and `controller-revision-hash: <set>-<hash>`, hostname = the
pod's name and subdomain = `serviceName`; each volumeClaimTemplate gives a PVC
`<template>-<set>-<ordinal>`, created before the pod and kept when the pod goes
(retention policy Retain). ControllerRevisions keep every template so that pods below a
partition are recreated from the current revision.

OrderedReady (the default): a missing pod is created only when every pod before it is
Running and Ready; a terminating or unready pod blocks the rest; scale-down removes the
highest ordinal first, one at a time, each fully gone before the next, and only while the
pods that stay are healthy. Parallel creates and deletes without waiting. RollingUpdate
replaces pods from the highest ordinal down to the partition, one at a time, waiting for
each to be Running and Ready; OnDelete replaces a pod only when someone deletes it.
Read to learn: kubernetes/kubernetes pkg/controller/statefulset (stateful_set_control.go,
stateful_set_utils.go, stateful_pod_control.go).
"""

from __future__ import annotations

from ..apiserver.errors import APIError
from ..naming import template_hash
from . import common as c
from .events import NORMAL, WARNING

COMPONENT = "statefulset-controller"
RECHECK = f"{COMPONENT}/recheck"
POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name"
POD_INDEX_LABEL = "apps.kubernetes.io/pod-index"
REVISION_LABEL = "controller-revision-hash"


class StatefulSetController:
    def __init__(self, manager) -> None:
        self.m = manager
        self.queue = manager.loop(COMPONENT, self.sync)
        manager.on_event(RECHECK, self.queue)
        self.backoff = c.Backoff(manager.cluster, COMPONENT, RECHECK)
        manager.store.watch(self._on_set, "statefulsets")
        manager.store.watch(self._on_pod, "pods")

    # -- watches ------------------------------------------------------------------------------
    def _on_set(self, change) -> None:
        self.queue.enqueue(c.key_of(change.obj))
        if change.new is None:
            self.m.tracker.forget(change.old["metadata"]["uid"])

    def _on_pod(self, change) -> None:
        for pod in (change.old, change.new):
            if pod is None:
                continue
            ref = c.controller_ref(pod)
            ns = pod["metadata"]["namespace"]
            if ref is not None:
                if ref.get("kind") == "StatefulSet":
                    self.queue.enqueue(f"{ns}/{ref['name']}")
            elif pod is change.new and c.is_active(pod):
                for sts in self.m.store.list("statefulsets", ns):
                    if c.selector_matches((sts.get("spec") or {}).get("selector"), pod["metadata"].get("labels")):
                        self.queue.enqueue(c.key_of(sts))

    # -- sync -----------------------------------------------------------------------------------
    def sync(self, key: str) -> None:
        ns, name = c.split_key(key)
        sts = self.m.store.get("statefulsets", ns, name)
        if sts is None:
            self.backoff.forget(key)
            return
        owned = self.m.tracker.owned(sts["metadata"]["uid"])
        if not c.being_deleted(sts):
            self._claim(sts, owned)
        current, update = self._revisions(sts)
        error = None
        if not c.being_deleted(sts):
            try:
                self._update(sts, owned, current, update)
            except APIError as err:
                error = err
        sts = self.m.store.get("statefulsets", ns, name)
        self._write_status(sts, owned, current, update)
        if error is not None:
            self.backoff.retry(key)
        else:
            self.backoff.forget(key)

    def _claim(self, sts: dict, owned) -> None:
        selector = (sts.get("spec") or {}).get("selector")
        for pod in self.m.tracker.orphans(sts["metadata"]["namespace"]):
            if c.selector_matches(selector, pod["metadata"].get("labels")) and ordinal_of(sts, pod) is not None:
                self.m.update("pods", c.with_owner(pod, sts))
        for name in list(owned.relabeled):
            owned.relabeled.pop(name, None)
            pod = owned.pods.get(name)
            if pod is not None and not c.selector_matches(selector, pod["metadata"].get("labels")):
                self.m.update("pods", c.without_owner(pod, sts["metadata"]["uid"]))

    # -- revisions --------------------------------------------------------------------------------
    def _revisions(self, sts: dict) -> tuple[dict, dict]:
        """(current, update) ControllerRevisions, creating the update revision if needed."""
        name = sts["metadata"]["name"]
        template = (sts.get("spec") or {}).get("template") or {}
        update_name = f"{name}-{template_hash(template, (sts.get('status') or {}).get('collisionCount', 0))}"
        ns = sts["metadata"]["namespace"]
        update = self.m.store.get("controllerrevisions", ns, update_name)
        revisions = [r for r in self.m.store.owned_by(sts["metadata"]["uid"]) if r.get("kind") == "ControllerRevision"]
        if update is None:
            number = max((r.get("revision", 0) for r in revisions), default=0) + 1
            update = self.m.store.create("controllerrevisions", {
                "apiVersion": "apps/v1", "kind": "ControllerRevision",
                "metadata": {"name": update_name, "namespace": ns,
                             "labels": {**_match_labels(sts), "controller.kubernetes.io/hash": update_name[len(name) + 1:]},
                             "ownerReferences": [c.owner_reference(sts)]},
                "data": {"spec": {"template": {**template, "$patch": "replace"}}},
                "revision": number,
            })
        elif update.get("revision", 0) < max((r.get("revision", 0) for r in revisions), default=0):
            # Rolling back to an earlier template makes it the newest revision again.
            number = max(r.get("revision", 0) for r in revisions) + 1
            update = self.m.store.update("controllerrevisions", {**update, "revision": number})
        current_name = (sts.get("status") or {}).get("currentRevision") or update_name
        current = self.m.store.get("controllerrevisions", ns, current_name) or update
        return current, update

    def _template(self, revision: dict) -> dict:
        template = dict(revision["data"]["spec"]["template"])
        template.pop("$patch", None)
        return template

    # -- the update ------------------------------------------------------------------------------
    def _update(self, sts: dict, owned, current: dict, update: dict) -> None:
        spec = sts.get("spec") or {}
        monotonic = spec.get("podManagementPolicy", "OrderedReady") != "Parallel"
        start = (spec.get("ordinals") or {}).get("start", 0)
        want = spec.get("replicas", 1)
        slots: dict[int, dict] = {}
        condemned: list[dict] = []
        for pod in owned.pods.values():
            ordinal = ordinal_of(sts, pod)
            if ordinal is not None and start <= ordinal < start + want:
                slots[ordinal] = pod
            elif ordinal is not None:
                condemned.append(pod)
        condemned.sort(key=lambda p: -ordinal_of(sts, p))
        first_unhealthy = self._first_unhealthy(sts, slots, condemned, start, want)
        for ordinal in range(start, start + want):
            pod = slots.get(ordinal)
            if pod is not None and c.is_terminal(pod) and not c.being_deleted(pod):
                self._delete_pod(sts, pod)  # a failed or finished pod is replaced
                if monotonic:
                    return
                continue
            if pod is None or c.is_terminal(pod):
                if pod is None:
                    self._create_pod(sts, ordinal, current, update)
                if monotonic:
                    return
                continue
            if c.being_deleted(pod) or not self._running_and_available(sts, pod):
                if monotonic:
                    return
                continue
            self._ensure_claims(sts, pod, ordinal)
        for pod in condemned:
            if c.being_deleted(pod):
                if monotonic:
                    return
                continue
            if monotonic and not _running_and_ready(pod) and pod is not first_unhealthy:
                return
            self._delete_pod(sts, pod)
            if monotonic:
                return
        self._rolling_update(sts, slots, start, want, update)

    def _first_unhealthy(self, sts, slots, condemned, start, want) -> dict | None:
        for ordinal in range(start, start + want):
            pod = slots.get(ordinal)
            if pod is not None and not _healthy(pod):
                return pod
        for pod in reversed(condemned):
            if not _healthy(pod):
                return pod
        return None

    def _rolling_update(self, sts: dict, slots: dict, start: int, want: int, update: dict) -> None:
        strategy = (sts.get("spec") or {}).get("updateStrategy") or {}
        if strategy.get("type", "RollingUpdate") == "OnDelete":
            return
        partition = (strategy.get("rollingUpdate") or {}).get("partition", 0)
        for ordinal in range(start + want - 1, start + partition - 1, -1):
            pod = slots.get(ordinal)
            if pod is None:
                return
            if revision_of(pod) != update["metadata"]["name"] and not c.being_deleted(pod):
                self._delete_pod(sts, pod)
                return
            if not _healthy(pod):
                return

    def _running_and_available(self, sts: dict, pod: dict) -> bool:
        if not _running_and_ready(pod):
            return False
        min_ready = (sts.get("spec") or {}).get("minReadySeconds", 0) or 0
        if min_ready and not c.is_available(pod, min_ready, self.m.now):
            at = c.available_at_ms(pod, min_ready)
            c.wake_at(self.m.cluster, RECHECK, c.key_of(sts), at)
            return False
        return True

    # -- pods and claims ---------------------------------------------------------------------------
    def _create_pod(self, sts: dict, ordinal: int, current: dict, update: dict) -> None:
        strategy = (sts.get("spec") or {}).get("updateStrategy") or {}
        partition = (strategy.get("rollingUpdate") or {}).get("partition", 0)
        revision = update
        if strategy.get("type", "RollingUpdate") == "RollingUpdate" and ordinal < partition:
            revision = current
        pod = new_pod(sts, ordinal, self._template(revision), revision["metadata"]["name"])
        self._ensure_claims(sts, pod, ordinal)
        try:
            created = self.m.create(pod)
        except APIError as err:
            self.m.event(sts, WARNING, "FailedCreate",
                         f"create Pod {pod['metadata']['name']} in StatefulSet {sts['metadata']['name']} failed "
                         f"error: {err.message}", COMPONENT)
            raise
        self.m.event(sts, NORMAL, "SuccessfulCreate",
                     f"create Pod {created['metadata']['name']} in StatefulSet {sts['metadata']['name']} successful",
                     COMPONENT)

    def _delete_pod(self, sts: dict, pod: dict) -> None:
        meta = pod["metadata"]
        if self.m.delete("pods", meta["namespace"], meta["name"]) is not None:
            self.m.event(sts, NORMAL, "SuccessfulDelete",
                         f"delete Pod {meta['name']} in StatefulSet {sts['metadata']['name']} successful", COMPONENT)

    def _ensure_claims(self, sts: dict, pod: dict, ordinal: int) -> None:
        ns = sts["metadata"]["namespace"]
        for template in (sts.get("spec") or {}).get("volumeClaimTemplates") or ():
            name = claim_name(sts, template, ordinal)
            if self.m.store.get("persistentvolumeclaims", ns, name) is not None:
                continue
            tmeta = template.get("metadata") or {}
            claim = {"apiVersion": "v1", "kind": "PersistentVolumeClaim",
                     "metadata": {"name": name, "namespace": ns,
                                  "labels": {**(tmeta.get("labels") or {}), **_match_labels(sts)}},
                     "spec": template.get("spec") or {}}
            if tmeta.get("annotations"):
                claim["metadata"]["annotations"] = tmeta["annotations"]
            try:
                self.m.create(claim)
            except APIError as err:
                self.m.event(sts, WARNING, "FailedCreate",
                             f"create Claim {name} for Pod {pod['metadata']['name']} in StatefulSet "
                             f"{sts['metadata']['name']} failed error: {err.message}", COMPONENT)
                raise
            self.m.event(sts, NORMAL, "SuccessfulCreate",
                         f"create Claim {name} Pod {pod['metadata']['name']} in StatefulSet "
                         f"{sts['metadata']['name']} success", COMPONENT)

    # -- status --------------------------------------------------------------------------------------
    def _write_status(self, sts: dict, owned, current: dict, update: dict) -> None:
        min_ready = (sts.get("spec") or {}).get("minReadySeconds", 0) or 0
        counts = {"replicas": 0, "readyReplicas": 0, "availableReplicas": 0, "currentReplicas": 0,
                  "updatedReplicas": 0}
        for pod in owned.pods.values():
            counts["replicas"] += 1
            if _running_and_ready(pod):
                counts["readyReplicas"] += 1
                if c.is_available(pod, min_ready, self.m.now):
                    counts["availableReplicas"] += 1
            if not c.being_deleted(pod):
                rev = revision_of(pod)
                counts["currentReplicas"] += rev == current["metadata"]["name"]
                counts["updatedReplicas"] += rev == update["metadata"]["name"]
        old = sts.get("status") or {}
        current_name = current["metadata"]["name"]
        strategy = ((sts.get("spec") or {}).get("updateStrategy") or {}).get("type", "RollingUpdate")
        if strategy == "RollingUpdate" and counts["updatedReplicas"] == counts["replicas"] \
                and counts["readyReplicas"] == counts["replicas"]:
            counts["currentReplicas"] = counts["updatedReplicas"]
            current_name = update["metadata"]["name"]
        status = {
            "availableReplicas": counts["availableReplicas"],
            "collisionCount": old.get("collisionCount", 0),
            "currentRevision": current_name,
            "observedGeneration": sts["metadata"].get("generation", 0),
            "replicas": counts["replicas"],
            "updateRevision": update["metadata"]["name"],
            **c.without_zeros({k: counts[k] for k in ("currentReplicas", "readyReplicas", "updatedReplicas")}),
        }
        if old.get("conditions"):
            status["conditions"] = old["conditions"]
        c.write_status(self.m.cluster, "statefulsets", sts, status)


# -- identity helpers ---------------------------------------------------------------------------------

def ordinal_of(sts: dict, pod: dict) -> int | None:
    """The ordinal in `<set>-<ordinal>`, or None when the name is not one of the set's."""
    prefix = sts["metadata"]["name"] + "-"
    name = pod["metadata"]["name"]
    if not name.startswith(prefix) or not name[len(prefix):].isdigit():
        return None
    return int(name[len(prefix):])


def claim_name(sts: dict, template: dict, ordinal: int) -> str:
    return f"{(template.get('metadata') or {}).get('name', '')}-{sts['metadata']['name']}-{ordinal}"


def revision_of(pod: dict) -> str:
    return (pod["metadata"].get("labels") or {}).get(REVISION_LABEL, "")


def new_pod(sts: dict, ordinal: int, template: dict, revision: str) -> dict:
    """The pod for `ordinal` from `template` (newVersionedStatefulSetPod)."""
    name = f"{sts['metadata']['name']}-{ordinal}"
    tmeta = template.get("metadata") or {}
    labels = {**(tmeta.get("labels") or {}), POD_NAME_LABEL: name, POD_INDEX_LABEL: str(ordinal),
              REVISION_LABEL: revision}
    meta: dict = {"name": name, "namespace": sts["metadata"]["namespace"], "labels": labels,
                  "ownerReferences": [c.owner_reference(sts)]}
    if tmeta.get("annotations"):
        meta["annotations"] = tmeta["annotations"]
    spec = dict(template.get("spec") or {})
    spec["hostname"] = name
    service = (sts.get("spec") or {}).get("serviceName")
    if service:
        spec["subdomain"] = service
    claims = (sts.get("spec") or {}).get("volumeClaimTemplates") or ()
    if claims:
        names = {(t.get("metadata") or {}).get("name") for t in claims}
        volumes = [v for v in spec.get("volumes") or () if v.get("name") not in names]
        for t in claims:
            tname = (t.get("metadata") or {}).get("name", "")
            volumes.append({"name": tname, "persistentVolumeClaim": {"claimName": claim_name(sts, t, ordinal)}})
        spec["volumes"] = volumes
    return {"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": spec}


def _match_labels(sts: dict) -> dict:
    return dict((((sts.get("spec") or {}).get("selector") or {}).get("matchLabels")) or {})


def _running_and_ready(pod: dict) -> bool:
    return c.pod_phase(pod) == "Running" and c.is_ready(pod)


def _healthy(pod: dict) -> bool:
    return _running_and_ready(pod) and not c.being_deleted(pod)


def install(manager) -> StatefulSetController:
    return StatefulSetController(manager)
