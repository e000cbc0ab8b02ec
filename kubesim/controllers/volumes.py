"""The PersistentVolume controller (`persistentvolume-controller`), the `standard` StorageClass's
local-path provisioner and PVC protection.

- A Pending claim binds to the smallest Available PersistentVolume of its class that is big
  enough and offers its access modes.
- Otherwise, with a StorageClass in `WaitForFirstConsumer` mode (kind's `standard`), the claim
  stays Pending (event `WaitForFirstConsumer`) until a pod using it is bound to a node; then
  the provisioner (`rancher.io/local-path`) creates PV `pvc-<claim uid>` on that node and
  both become Bound (events ExternalProvisioning, Provisioning, ProvisioningSucceeded).
- A claim without class and without volume stays Pending (event FailedBinding).
- When its claim is deleted, a PV becomes Released; reclaim policy Delete removes it, Retain
  keeps it. A claim in use by a pod keeps `kubernetes.io/pvc-protection` until no pod uses it.
Keys are `pvc|namespace/name` and `pv|name`. Read to learn: kubernetes/kubernetes
pkg/controller/volume/persistentvolume (pv_controller.go), rancher/local-path-provisioner.
"""

from __future__ import annotations

from .. import clock as clk
from ..scheduler import quantity
from . import common as c
from .events import NORMAL, WARNING

COMPONENT = "persistentvolume-controller"
PROVISIONER = "rancher.io/local-path"
PROTECTION = "kubernetes.io/pvc-protection"
SELECTED_NODE = "volume.kubernetes.io/selected-node"


class VolumeController:
    def __init__(self, manager) -> None:
        self.m = manager
        self.queue = manager.loop(COMPONENT, self.sync)
        manager.store.watch(self._on_claim, "persistentvolumeclaims")
        manager.store.watch(self._on_volume, "persistentvolumes")
        manager.store.watch(self._on_pod, "pods")

    def _on_claim(self, change) -> None:
        self.queue.enqueue("pvc|" + c.key_of(change.obj))
        volume = (change.obj.get("spec") or {}).get("volumeName")
        if change.new is None and volume:
            self.queue.enqueue(f"pv|{volume}")

    def _on_volume(self, change) -> None:
        self.queue.enqueue("pv|" + change.obj["metadata"]["name"])
        if change.old is None and not (change.obj.get("spec") or {}).get("claimRef"):
            # A new volume nobody claims yet: claims still waiting may bind to it (the real
            # controller finds it at its next periodic resync of claims, within 15 s).
            for pvc in self.m.store.list("persistentvolumeclaims"):
                if not (pvc.get("spec") or {}).get("volumeName") and not c.being_deleted(pvc):
                    self.queue.enqueue("pvc|" + c.key_of(pvc))

    def _on_pod(self, change) -> None:
        old, new = change.old, change.new
        placed = new is not None and (new.get("spec") or {}).get("nodeName") and \
            (old is None or not (old.get("spec") or {}).get("nodeName"))
        if placed or new is None:
            pod = new if new is not None else old
            for claim in claims_of(pod):
                self.queue.enqueue(f"pvc|{pod['metadata']['namespace']}/{claim}")

    def sync(self, key: str) -> None:
        kind, _, rest = key.partition("|")
        if kind == "pv":
            self._sync_volume(rest)
        else:
            self._sync_claim(*c.split_key(rest))

    # -- claims ----------------------------------------------------------------------------------
    def _sync_claim(self, ns: str, name: str) -> None:
        pvc = self.m.store.get("persistentvolumeclaims", ns, name)
        if pvc is None:
            return
        finalizers = pvc["metadata"].get("finalizers") or []
        if c.being_deleted(pvc):
            if PROTECTION in finalizers and not self._users(pvc):
                meta = {**pvc["metadata"], "finalizers": [f for f in finalizers if f != PROTECTION]}
                if not meta["finalizers"]:
                    del meta["finalizers"]
                self.m.update("persistentvolumeclaims", {**pvc, "metadata": meta})
            return
        if PROTECTION not in finalizers:
            pvc = self.m.update("persistentvolumeclaims", {**pvc, "metadata": {**pvc["metadata"],
                                                                               "finalizers": finalizers + [PROTECTION]}})
        if (pvc.get("status") or {}).get("phase") == "Bound":
            return
        pv = self._matching_volume(pvc)
        if pv is not None:
            self._bind(pvc, pv)
            return
        class_name = (pvc.get("spec") or {}).get("storageClassName") or ""
        sc = self.m.store.get("storageclasses", "", class_name) if class_name else None
        if sc is None:
            message = "no persistent volumes available for this claim and no storage class is set" if not class_name \
                else f'storageclass.storage.k8s.io "{class_name}" not found'
            self.m.event(pvc, NORMAL if not class_name else WARNING,
                         "FailedBinding" if not class_name else "ProvisioningFailed", message, COMPONENT)
            return
        node = (pvc["metadata"].get("annotations") or {}).get(SELECTED_NODE) or self._consumer_node(pvc)
        if sc.get("volumeBindingMode") == "WaitForFirstConsumer" and not node:
            self.m.event(pvc, NORMAL, "WaitForFirstConsumer",
                         "waiting for first consumer to be created before binding", COMPONENT)
            return
        if sc.get("provisioner") == PROVISIONER:
            self._provision(pvc, sc, node or "")
        else:
            self.m.event(pvc, NORMAL, "ExternalProvisioning", _external(sc.get("provisioner", "")), COMPONENT)

    def _users(self, pvc: dict) -> list[dict]:
        name = pvc["metadata"]["name"]
        return [p for p in self.m.store.list("pods", pvc["metadata"]["namespace"])
                if name in claims_of(p) and not c.is_terminal(p)]

    def _consumer_node(self, pvc: dict) -> str:
        for pod in self._users(pvc):
            node = (pod.get("spec") or {}).get("nodeName")
            if node:
                return node
        return ""

    def _matching_volume(self, pvc: dict) -> dict | None:
        spec = pvc.get("spec") or {}
        wanted_class = spec.get("storageClassName") or ""
        wanted = quantity.parse(((spec.get("resources") or {}).get("requests") or {}).get("storage", 0))
        modes = set(spec.get("accessModes") or ())
        fits = []
        for pv in self.m.store.list("persistentvolumes"):
            pspec = pv.get("spec") or {}
            ref = pspec.get("claimRef")
            if spec.get("volumeName") and spec["volumeName"] != pv["metadata"]["name"]:
                continue
            if ref and (ref.get("name"), ref.get("namespace")) != (pvc["metadata"]["name"], pvc["metadata"]["namespace"]):
                continue
            if (pv.get("status") or {}).get("phase", "Available") not in ("Available", "Pending") and not ref:
                continue
            size = quantity.parse((pspec.get("capacity") or {}).get("storage", 0))
            if (pspec.get("storageClassName") or "") == wanted_class and size >= wanted \
                    and modes <= set(pspec.get("accessModes") or ()):
                fits.append((size, pv["metadata"]["name"], pv))
        return min(fits, key=lambda f: f[:2])[2] if fits else None

    def _provision(self, pvc: dict, sc: dict, node: str) -> None:
        meta, spec = pvc["metadata"], pvc.get("spec") or {}
        self.m.event(pvc, NORMAL, "ExternalProvisioning", _external(PROVISIONER), COMPONENT)
        self.m.event(pvc, NORMAL, "Provisioning",
                     f'External provisioner is provisioning volume for claim "{meta["namespace"]}/{meta["name"]}"',
                     PROVISIONER)
        name = f"pvc-{meta['uid']}"
        storage = ((spec.get("resources") or {}).get("requests") or {}).get("storage", "1Gi")
        pv = self.m.store.create("persistentvolumes", {
            "apiVersion": "v1", "kind": "PersistentVolume",
            "metadata": {"name": name, "annotations": {"local.path.provisioner/selected-node": node,
                                                       "pv.kubernetes.io/provisioned-by": PROVISIONER},
                         "finalizers": ["kubernetes.io/pv-protection"]},
            "spec": {"accessModes": spec.get("accessModes") or ["ReadWriteOnce"], "capacity": {"storage": storage},
                     "hostPath": {"path": f"/var/local-path-provisioner/{name}_{meta['namespace']}_{meta['name']}",
                                  "type": "DirectoryOrCreate"},
                     "nodeAffinity": {"required": {"nodeSelectorTerms": [{"matchExpressions": [
                         {"key": "kubernetes.io/hostname", "operator": "In", "values": [node]}]}]}},
                     "persistentVolumeReclaimPolicy": sc.get("reclaimPolicy", "Delete"),
                     "storageClassName": sc["metadata"]["name"], "volumeMode": spec.get("volumeMode", "Filesystem")},
            "status": {"phase": "Pending"},
        })
        self.m.event(pvc, NORMAL, "ProvisioningSucceeded", f"Successfully provisioned volume {name}", PROVISIONER)
        notes = {**(meta.get("annotations") or {}), SELECTED_NODE: node,
                 "volume.beta.kubernetes.io/storage-provisioner": PROVISIONER,
                 "volume.kubernetes.io/storage-provisioner": PROVISIONER}
        pvc = self.m.update("persistentvolumeclaims", {**pvc, "metadata": {**meta, "annotations": notes}})
        self._bind(pvc, pv)

    def _bind(self, pvc: dict, pv: dict) -> None:
        now = clk.timestamp(self.m.now)
        meta = pvc["metadata"]
        ref = {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "name": meta["name"],
               "namespace": meta["namespace"], "resourceVersion": meta.get("resourceVersion", ""), "uid": meta["uid"]}
        pv = self.m.update("persistentvolumes", {**pv, "spec": {**pv["spec"], "claimRef": ref},
                                                 "status": {"lastPhaseTransitionTime": now, "phase": "Bound"}})
        notes = {**(meta.get("annotations") or {}), "pv.kubernetes.io/bind-completed": "yes",
                 "pv.kubernetes.io/bound-by-controller": "yes"}
        self.m.update("persistentvolumeclaims", {
            **pvc, "metadata": {**meta, "annotations": notes},
            "spec": {**pvc.get("spec", {}), "volumeName": pv["metadata"]["name"]},
            "status": {"accessModes": pv["spec"].get("accessModes", []), "capacity": pv["spec"].get("capacity", {}),
                       "phase": "Bound"}})

    # -- volumes ---------------------------------------------------------------------------------
    def _sync_volume(self, name: str) -> None:
        pv = self.m.store.get("persistentvolumes", "", name)
        if pv is None:
            return
        if c.being_deleted(pv):
            if (pv.get("status") or {}).get("phase") != "Bound" and pv["metadata"].get("finalizers"):
                self.m.update("persistentvolumes", {**pv, "metadata": {
                    k: v for k, v in pv["metadata"].items() if k != "finalizers"}})
            return
        ref = (pv.get("spec") or {}).get("claimRef")
        phase = (pv.get("status") or {}).get("phase")
        if ref is None:
            if phase != "Available":
                self.m.update("persistentvolumes", {**pv, "status": {
                    "lastPhaseTransitionTime": clk.timestamp(self.m.now), "phase": "Available"}})
            return
        claim = self.m.store.get("persistentvolumeclaims", ref.get("namespace", ""), ref.get("name", ""))
        if claim is not None and claim["metadata"]["uid"] == ref.get("uid") or phase != "Bound":
            return
        if pv["spec"].get("persistentVolumeReclaimPolicy", "Retain") == "Delete":
            self.m.api.remove("persistentvolumes", "", name)
            return
        self.m.update("persistentvolumes", {**pv, "status": {
            "lastPhaseTransitionTime": clk.timestamp(self.m.now), "phase": "Released"}})


def claims_of(pod: dict) -> list[str]:
    return [v["persistentVolumeClaim"]["claimName"] for v in (pod.get("spec") or {}).get("volumes") or ()
            if (v.get("persistentVolumeClaim") or {}).get("claimName")]


def _external(provisioner: str) -> str:
    return (f"Waiting for a volume to be created either by the external provisioner '{provisioner}' or manually "
            "by the system administrator. If volume creation is delayed, please verify that the provisioner is "
            "running and correctly registered.")


def install(manager) -> VolumeController:
    return VolumeController(manager)
