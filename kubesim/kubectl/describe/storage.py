"""`kubectl describe` for PersistentVolumeClaim, PersistentVolume and StorageClass.

Mirrors describePersistentVolumeClaim (with getPodsForPVC's "Used By"), describePersistentVolume
and describeStorageClass in kubernetes/kubectl pkg/describe/describe.go (v0.37.0-beta.0), and
the helpers of kubectl's pkg/util/storage (access modes as `RWO,ROX,RWX,RWOP`, the beta
storage-class annotation taking precedence, `IsDefaultClass: Yes|No`).
"""

from __future__ import annotations

from ...quantity import parse
from ..printers.duration import Now, age
from ..selectors import format_labels
from .common import (
    MAX_ANNOTATION_LEN,
    annotations_multiline,
    describe_events,
    go_list,
    labels_multiline,
    meta,
    print_bool_ptr,
    rfc1123z,
)
from .containers import volume_source_lines
from .related import Related
from .writer import LEVEL_0, LEVEL_1, LEVEL_2, PrefixWriter

BETA_CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class"
_MODES = (("ReadWriteOnce", "RWO"), ("ReadOnlyMany", "ROX"), ("ReadWriteMany", "RWX"),
          ("ReadWriteOncePod", "RWOP"))


def access_modes(modes: list | None) -> str:
    """GetAccessModesAsString: short names in a fixed order, duplicates dropped."""
    present = set(modes or [])
    return ",".join(short for long, short in _MODES if long in present)


def access_modes_go(modes: list | None) -> str:
    """%v of the raw access-mode slice, as the StatefulSet claim templates print it."""
    return go_list(modes)


def claim_class(pvc: dict) -> str:
    annotations = meta(pvc).get("annotations") or {}
    if BETA_CLASS_ANNOTATION in annotations:
        return annotations[BETA_CLASS_ANNOTATION]
    return (pvc.get("spec") or {}).get("storageClassName") or ""


def pods_using(pvc: dict, related: Related) -> list[dict]:
    """getPodsForPVC: pods mounting the claim (once per volume), then owner pods."""
    m = meta(pvc)
    pods = related.list("pods", m.get("namespace", ""))
    found = [pod for pod in pods for volume in (pod.get("spec") or {}).get("volumes") or []
             if (volume.get("persistentVolumeClaim") or {}).get("claimName") == m.get("name")]
    for ref in m.get("ownerReferences") or []:
        if ref.get("kind") != "Pod":
            continue
        owner = next((p for p in pods if meta(p).get("uid") == ref.get("uid")), None)
        if owner is not None and all(meta(p).get("uid") != ref.get("uid") for p in found):
            found.append(owner)
    return found


def _claim_fields(w: PrefixWriter, pvc: dict, now: Now) -> None:
    m, spec, status = meta(pvc), pvc.get("spec") or {}, pvc.get("status") or {}
    w.write(LEVEL_0, f"Name:\t{m.get('name', '')}\n")
    w.write(LEVEL_0, f"Namespace:\t{m.get('namespace', '')}\n")
    w.write(LEVEL_0, f"StorageClass:\t{claim_class(pvc)}\n")
    if m.get("deletionTimestamp"):
        w.write(LEVEL_0, f"Status:\tTerminating (lasts {age(m['deletionTimestamp'], now)})\n")
    else:
        w.write(LEVEL_0, f"Status:\t{status.get('phase', '')}\n")
    w.write(LEVEL_0, f"Volume:\t{spec.get('volumeName', '')}\n")
    labels_multiline(w, "Labels", m.get("labels"))
    annotations_multiline(w, "Annotations", m.get("annotations"))
    w.write(LEVEL_0, f"Finalizers:\t{go_list(m.get('finalizers'))}\n")
    capacity, modes = "", ""
    if spec.get("volumeName"):
        modes = access_modes(status.get("accessModes"))
        capacity = str(parse((status.get("capacity") or {}).get("storage", "0")))
    w.write(LEVEL_0, f"Capacity:\t{capacity}\n")
    w.write(LEVEL_0, f"Access Modes:\t{modes}\n")
    if spec.get("volumeMode") is not None:
        w.write(LEVEL_0, f"VolumeMode:\t{spec['volumeMode']}\n")
    source = spec.get("dataSource")
    if source is not None:
        w.write(LEVEL_0, "DataSource:\n")
        if source.get("apiGroup") is not None:
            w.write(LEVEL_1, f"APIGroup:\t{source['apiGroup']}\n")
        w.write(LEVEL_1, f"Kind:\t{source.get('kind', '')}\n")
        w.write(LEVEL_1, f"Name:\t{source.get('name', '')}\n")


def describe_pvc(pvc: dict, events: list[dict] | None, related: Related, now: Now) -> str:
    w = PrefixWriter()
    _claim_fields(w, pvc, now)
    users = sorted(pods_using(pvc, related), key=lambda p: meta(p).get("name", ""))
    w.write(LEVEL_0, "Used By:\t")
    if not users:
        w.line("<none>")
    for i, pod in enumerate(users):
        w.write(LEVEL_0, ("\t" if i else "") + meta(pod).get("name", "") + "\n")
    conditions = (pvc.get("status") or {}).get("conditions") or []
    if conditions:
        w.write(LEVEL_0, "Conditions:\n")
        w.write(LEVEL_1, "Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n")
        w.write(LEVEL_1, "----\t------\t-----------------\t------------------\t------\t-------\n")
        for c in conditions:
            w.write(LEVEL_1, f"{c.get('type', '')} \t{c.get('status', '')} \t{rfc1123z(c.get('lastProbeTime'))} \t"
                             f"{rfc1123z(c.get('lastTransitionTime'))} \t{c.get('reason', '')} \t"
                             f"{c.get('message', '')}\n")
    if events is not None:
        describe_events(events, w, now)
    return w.text()


def _node_affinity(pv_spec: dict, w: PrefixWriter) -> None:
    """printVolumeNodeAffinity: required node-selector terms, operators in lower case."""
    required = (pv_spec.get("nodeAffinity") or {}).get("required")
    w.write(LEVEL_0, "Node Affinity:\t")
    if required is None:
        w.line("<none>")
        return
    w.line("")
    w.write(LEVEL_1, "Required Terms:\t")
    terms = required.get("nodeSelectorTerms") or []
    if not terms:
        w.line("<none>")
        return
    w.line("")
    for i, term in enumerate(terms):
        w.write(LEVEL_2, f"Term {i}:\t")
        exprs = term.get("matchExpressions") or []
        if not exprs:
            w.line("<none>")
        for j, req in enumerate(exprs):
            if j:
                w.write(LEVEL_2, "\t")
            text = f"{req.get('key', '')} {str(req.get('operator', '')).lower()}"
            if req.get("values"):
                text += f" [{', '.join(req['values'])}]"
            w.write(LEVEL_0, text + "\n")


def _csi_lines(csi: dict, w: PrefixWriter) -> None:
    w.write(LEVEL_2, "Type:\tCSI (a Container Storage Interface (CSI) volume source)\n"
                     f"    Driver:\t{csi.get('driver', '')}\n"
                     f"    FSType:\t{csi.get('fsType', '')}\n"
                     f"    VolumeHandle:\t{csi.get('volumeHandle', '')}\n"
                     f"    ReadOnly:\t{str(bool(csi.get('readOnly'))).lower()}\n")
    attributes = csi.get("volumeAttributes") or {}
    w.write(LEVEL_2, "VolumeAttributes:\t")
    if not attributes:
        w.line("<none>")
    for i, key in enumerate(sorted(attributes)):
        if i:
            w.write(LEVEL_2, "\t")
        line = f"{key}={attributes[key]}"
        w.write(LEVEL_2, (line[:MAX_ANNOTATION_LEN] + "...\n") if len(line) > MAX_ANNOTATION_LEN else line + "\n")


def _pv_source(spec: dict, w: PrefixWriter) -> None:
    w.write(LEVEL_0, "Source:\n")
    if spec.get("hostPath") is not None or spec.get("nfs") is not None:
        key = "hostPath" if spec.get("hostPath") is not None else "nfs"
        for line in volume_source_lines({key: spec[key]}):
            w.write(LEVEL_2, line + "\n")
    elif spec.get("local") is not None:
        w.write(LEVEL_2, "Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n"
                         f"    Path:\t{spec['local'].get('path', '')}\n")
    elif spec.get("csi") is not None:
        _csi_lines(spec["csi"], w)
    else:
        w.write(LEVEL_1, "<unknown>\n")


def describe_pv(pv: dict, events: list[dict] | None, related: Related, now: Now) -> str:
    m, spec, status = meta(pv), pv.get("spec") or {}, pv.get("status") or {}
    annotations = m.get("annotations") or {}
    w = PrefixWriter()
    w.write(LEVEL_0, f"Name:\t{m.get('name', '')}\n")
    labels_multiline(w, "Labels", m.get("labels"))
    annotations_multiline(w, "Annotations", annotations)
    w.write(LEVEL_0, f"Finalizers:\t{go_list(m.get('finalizers'))}\n")
    storage_class = annotations.get(BETA_CLASS_ANNOTATION, spec.get("storageClassName") or "")
    w.write(LEVEL_0, f"StorageClass:\t{storage_class}\n")
    if m.get("deletionTimestamp"):
        w.write(LEVEL_0, f"Status:\tTerminating (lasts {age(m['deletionTimestamp'], now)})\n")
    else:
        w.write(LEVEL_0, f"Status:\t{status.get('phase', '')}\n")
    claim = spec.get("claimRef")
    w.write(LEVEL_0, f"Claim:\t{claim.get('namespace', '') + '/' + claim.get('name', '') if claim else ''}\n")
    w.write(LEVEL_0, f"Reclaim Policy:\t{spec.get('persistentVolumeReclaimPolicy', '')}\n")
    w.write(LEVEL_0, f"Access Modes:\t{access_modes(spec.get('accessModes'))}\n")
    if spec.get("volumeMode") is not None:
        w.write(LEVEL_0, f"VolumeMode:\t{spec['volumeMode']}\n")
    w.write(LEVEL_0, f"Capacity:\t{parse((spec.get('capacity') or {}).get('storage', '0'))}\n")
    _node_affinity(spec, w)
    w.write(LEVEL_0, f"Message:\t{status.get('message', '')}\n")
    _pv_source(spec, w)
    if events is not None:
        describe_events(events, w, now)
    return w.text()


def describe_storageclass(sc: dict, events: list[dict] | None, related: Related, now: Now) -> str:
    m = meta(sc)
    annotations = m.get("annotations") or {}
    default = "Yes" if "true" in (annotations.get("storageclass.kubernetes.io/is-default-class"),
                                  annotations.get("storageclass.beta.kubernetes.io/is-default-class")) else "No"
    w = PrefixWriter()
    w.write(LEVEL_0, f"Name:\t{m.get('name', '')}\n")
    w.write(LEVEL_0, f"IsDefaultClass:\t{default}\n")
    w.write(LEVEL_0, f"Annotations:\t{format_labels(annotations)}\n")
    w.write(LEVEL_0, f"Provisioner:\t{sc.get('provisioner', '')}\n")
    w.write(LEVEL_0, f"Parameters:\t{format_labels(sc.get('parameters'))}\n")
    w.write(LEVEL_0, f"AllowVolumeExpansion:\t{print_bool_ptr(sc.get('allowVolumeExpansion'))}\n")
    options = sc.get("mountOptions") or []
    if not options:
        w.write(LEVEL_0, "MountOptions:\t<none>\n")
    else:
        w.write(LEVEL_0, "MountOptions:\n")
        for option in options:
            w.write(LEVEL_1, f"{option}\n")
    if sc.get("reclaimPolicy") is not None:
        w.write(LEVEL_0, f"ReclaimPolicy:\t{sc['reclaimPolicy']}\n")
    if sc.get("volumeBindingMode") is not None:
        w.write(LEVEL_0, f"VolumeBindingMode:\t{sc['volumeBindingMode']}\n")
    if sc.get("allowedTopologies") is not None:
        _allowed_topologies(sc["allowedTopologies"], w)
    if events is not None:
        describe_events(events, w, now)
    return w.text()


def _allowed_topologies(terms: list, w: PrefixWriter) -> None:
    w.write(LEVEL_0, "AllowedTopologies:\t")
    if not terms:
        w.line("<none>")
        return
    w.line("")
    for i, term in enumerate(terms):
        w.write(LEVEL_1, f"Term {i}:\t")
        reqs = term.get("matchLabelExpressions") or []
        if not reqs:
            w.line("<none>")
        for j, req in enumerate(reqs):
            if j:
                w.write(LEVEL_1, "\t")
            text = f"{req.get('key', '')} in"
            if req.get("values"):
                text += f" [{', '.join(req['values'])}]"
            w.write(LEVEL_0, text + "\n")
