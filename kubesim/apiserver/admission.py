"""Admission: the plugins a kind cluster enables that a learner can notice.

Mutating: ServiceAccount (the pod's account and its token volume), DefaultTolerationSeconds,
DefaultStorageClass, DefaultIngressClass, LimitRanger defaults (all on create only). Validating: NamespaceLifecycle, ResourceQuota.
Each refusal carries the message the real plugin gives.
"""

from .. import resources as res
from . import limitranger
from .errors import APIError, forbidden, not_found

TOKEN_MOUNT = "/var/run/secrets/kubernetes.io/serviceaccount"
NOT_READY_TAINT = "node.kubernetes.io/not-ready"
UNREACHABLE_TAINT = "node.kubernetes.io/unreachable"


def mutate(server, r: res.Resource, obj: dict, user) -> dict:
    if r.plural == "pods":
        obj = _service_account(server, obj)
        obj = _default_tolerations(obj)
        obj = limitranger.admit(server.store, obj)
    elif r.plural == "persistentvolumeclaims":
        obj = _default_storage_class(server, obj)
    elif r.plural == "ingresses":
        obj = _default_ingress_class(server, obj)
    return obj


def check_namespace(server, r: res.Resource, namespace: str, name: str) -> None:
    """NamespaceLifecycle: no content in a missing or terminating namespace."""
    if not r.namespaced or r.plural == "namespaces":
        return
    ns = server.store.get("namespaces", "", namespace)
    if ns is None:
        raise not_found("namespaces", namespace)
    if ns["metadata"].get("deletionTimestamp"):
        raise forbidden(r.qualified_plural, name,
                        f"unable to create new content in namespace {namespace} because it is being terminated")


def check_quota(server, r: res.Resource, obj: dict) -> None:
    """ResourceQuota: refuse a pod (or object count) that would pass a quota's hard limit."""
    namespace = obj["metadata"].get("namespace", "")
    for quota in server.store.list("resourcequotas", namespace):
        hard = (quota.get("spec") or {}).get("hard") or {}
        key = _count_key(r)
        if key in hard:
            # Live usage, not status.used: the quota controller writes that after the fact, and
            # a controller creating several pods in one sync must meet the limit at once.
            limit, current = int(hard[key]), _live_count(server, r, namespace)
            if current + 1 > limit:
                name = obj["metadata"]["name"]
                raise forbidden(r.qualified_plural, name,
                                f"exceeded quota: {quota['metadata']['name']}, requested: {key}=1, "
                                f"used: {key}={current}, limited: {key}={limit}")


def _live_count(server, r: res.Resource, namespace: str) -> int:
    """Objects the quota charges: every object of the kind, except pods that have finished."""
    if r.plural != "pods":
        return server.store.count(r.plural, namespace)
    return sum(1 for p in server.store.list("pods", namespace)
               if (p.get("status") or {}).get("phase") not in ("Succeeded", "Failed"))


def _count_key(r: res.Resource) -> str:
    return r.plural if not r.group else f"count/{r.plural}.{r.group}"


def _service_account(server, pod: dict) -> dict:
    spec = dict(pod.get("spec") or {})
    meta = pod["metadata"]
    name = spec.get("serviceAccountName") or spec.get("serviceAccount") or "default"
    namespace = meta.get("namespace", "default")
    if server.store.get("serviceaccounts", namespace, name) is None and server.store.get("namespaces", "", namespace):
        raise APIError(403, "Forbidden", f'pods "{meta.get("name")}" is forbidden: error looking up service account '
                       f'{namespace}/{name}: serviceaccount "{name}" not found', "pods", meta.get("name", ""))
    spec["serviceAccountName"] = name
    spec["serviceAccount"] = name
    if spec.get("automountServiceAccountToken") is False:
        return {**pod, "spec": spec}
    if any(v.get("name", "").startswith("kube-api-access-") for v in spec.get("volumes") or ()):
        return {**pod, "spec": spec}
    volume_name = "kube-api-access-" + server.streams.suffix("token-volume", f"{namespace}/{meta.get('name')}")
    spec["volumes"] = list(spec.get("volumes") or []) + [_token_volume(volume_name)]
    mount = {"mountPath": TOKEN_MOUNT, "name": volume_name, "readOnly": True}
    for field in ("initContainers", "containers"):
        if field in spec:
            spec[field] = [_with_mount(c, mount) for c in spec[field]]
    return {**pod, "spec": spec}


def _with_mount(container: dict, mount: dict) -> dict:
    mounts = container.get("volumeMounts") or []
    if any(m.get("mountPath") == TOKEN_MOUNT for m in mounts):
        return container
    return {**container, "volumeMounts": list(mounts) + [mount]}


def _token_volume(name: str) -> dict:
    return {
        "name": name,
        "projected": {
            "defaultMode": 420,
            "sources": [
                {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
                {"configMap": {"items": [{"key": "ca.crt", "path": "ca.crt"}], "name": "kube-root-ca.crt"}},
                {"downwardAPI": {"items": [{"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"},
                                            "path": "namespace"}]}},
            ],
        },
    }


def _default_tolerations(pod: dict) -> dict:
    spec = pod.get("spec") or {}
    tolerations = list(spec.get("tolerations") or [])
    have = {(t.get("key"), t.get("effect")) for t in tolerations}
    for key in (NOT_READY_TAINT, UNREACHABLE_TAINT):
        if (key, "NoExecute") not in have and not any(t.get("operator") == "Exists" and not t.get("key")
                                                      for t in tolerations):
            tolerations.append({"effect": "NoExecute", "key": key, "operator": "Exists", "tolerationSeconds": 300})
    return {**pod, "spec": {**spec, "tolerations": tolerations}}


def _default_storage_class(server, pvc: dict) -> dict:
    spec = pvc.get("spec") or {}
    if "storageClassName" in spec:
        return pvc
    for sc in server.store.list("storageclasses"):
        if (sc["metadata"].get("annotations") or {}).get("storageclass.kubernetes.io/is-default-class") == "true":
            return {**pvc, "spec": {**spec, "storageClassName": sc["metadata"]["name"]}}
    return pvc


def _default_ingress_class(server, ing: dict) -> dict:
    """An Ingress naming no class, neither by field nor by the old annotation, gets the default
    IngressClass (the newest, if several claim it), as plugin/pkg/admission/network/defaultingressclass."""
    spec = ing.get("spec") or {}
    annotations = (ing.get("metadata") or {}).get("annotations") or {}
    if spec.get("ingressClassName") or "kubernetes.io/ingress.class" in annotations:
        return ing
    defaults = [c for c in server.store.list("ingressclasses")
                if (c["metadata"].get("annotations") or {}).get("ingressclass.kubernetes.io/is-default-class") == "true"]
    if not defaults:
        return ing
    newest = max(defaults, key=lambda c: (c["metadata"].get("creationTimestamp", ""), c["metadata"]["name"]))
    return {**ing, "spec": {**spec, "ingressClassName": newest["metadata"]["name"]}}
