"""The API server's request path: authorize, admit, default, validate, store.

Stages run in the order a real kube-apiserver runs them, and the first that fails answers
(the terminal's error channel). Controllers and the kubelet write through `update_status`
and `remove`, which skip authorization as in-cluster components with full rights would.
"""

from __future__ import annotations

from .. import clock as clk
from .. import resources as res
from ..store import Store
from . import admission, limits, rbac
from .errors import APIError, already_exists, forbidden, invalid, not_found
from .identity import ADMIN, SYSTEM, User

PROTECTED_NAMESPACES = ("default", "kube-system", "kube-public")
ENDPOINTS_WARNING = "v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice"


class APIServer:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.clock = store.clock
        self.streams = store.streams
        # Filled by the cluster: object -> list[FieldError], and object -> defaulted object.
        self.validate = lambda obj: []
        self.validate_update = lambda old, new: []
        self.default = lambda obj: obj
        # Filled by the network: (live or None, object) -> object with ClusterIP/NodePorts allocated.
        self.allocate = lambda old, obj: obj
        # Warnings the API server sends back with a client's request (kubectl prints them).
        self.warnings: list[str] = []
        # The host's limits on this cluster's size (limits.py); None: none.
        self.limits: limits.Limits | None = None

    # -- helpers ----------------------------------------------------------------------------
    def authorize(self, user: User, verb: str, r: res.Resource, namespace: str = "", name: str = "",
                  subresource: str = "") -> None:
        req = rbac.Request(verb, r.group, r.plural, namespace if r.namespaced else "", name, subresource)
        if not rbac.allowed(self.store, user, req):
            raise forbidden(r.qualified_plural, name, rbac.denial(user, req))
        if r.plural == "endpoints" and user is not SYSTEM and ENDPOINTS_WARNING not in self.warnings:
            self.warnings.append(ENDPOINTS_WARNING)

    def can(self, user: User, verb: str, r: res.Resource, namespace: str = "", name: str = "",
            subresource: str = "") -> bool:
        req = rbac.Request(verb, r.group, r.plural, namespace if r.namespaced else "", name, subresource)
        return rbac.allowed(self.store, user, req)

    @staticmethod
    def resource_of(obj: dict) -> res.Resource:
        r = res.for_kind(obj.get("apiVersion", ""), obj.get("kind", ""))
        if r is None:
            raise APIError(404, "NotFound", f'no matches for kind "{obj.get("kind")}" in version "{obj.get("apiVersion")}"')
        return r

    # -- reads ------------------------------------------------------------------------------
    def get(self, r: res.Resource, namespace: str, name: str, user: User = ADMIN) -> dict:
        self.authorize(user, "get", r, namespace, name)
        obj = self.store.get(r.plural, namespace if r.namespaced else "", name)
        if obj is None:
            raise not_found(r.qualified_plural, name)
        return obj

    def list(self, r: res.Resource, namespace: str | None, user: User = ADMIN) -> list[dict]:
        self.authorize(user, "list", r, namespace or "")
        return self.store.list(r.plural, namespace if r.namespaced else None)

    # -- writes -----------------------------------------------------------------------------
    def create(self, obj: dict, user: User = ADMIN, dry_run: bool = False) -> dict:
        r = self.resource_of(obj)
        meta = dict(obj.get("metadata") or {})
        namespace = meta.get("namespace", "default") if r.namespaced else ""
        if r.namespaced:
            meta["namespace"] = namespace
        else:
            meta.pop("namespace", None)
        if not meta.get("name") and meta.get("generateName"):
            meta["name"] = meta["generateName"] + self.streams.suffix("generateName", meta["generateName"])
        obj = {**obj, "metadata": meta}
        self.authorize(user, "create", r, namespace, "")
        obj = self.default(obj)
        obj = admission.mutate(self, r, obj, user)
        errors = self.validate(obj)
        if errors:
            raise invalid(obj["kind"], _qualified_kind(r), meta.get("name", ""), errors)
        admission.check_namespace(self, r, namespace, meta.get("name", ""))
        if self.store.get(r.plural, namespace, meta["name"]) is not None:
            raise already_exists(r.qualified_plural, meta["name"])
        admission.check_quota(self, r, obj)
        limits.check_create(self.limits, self.store, r, obj)
        self._warn_replicas(r, obj, user)
        obj = self.allocate(None, obj)
        if dry_run:
            return obj
        return self.store.create(r.plural, _without_status_for_create(r, obj))

    def update(self, obj: dict, user: User = ADMIN, dry_run: bool = False) -> dict:
        r = self.resource_of(obj)
        meta = obj["metadata"]
        namespace = meta.get("namespace", "default") if r.namespaced else ""
        self.authorize(user, "update", r, namespace, meta["name"])
        live = self.store.get(r.plural, namespace, meta["name"])
        if live is None:
            raise not_found(r.qualified_plural, meta["name"])
        rv = meta.get("resourceVersion")
        if rv and rv != live["metadata"]["resourceVersion"]:
            raise APIError(409, "Conflict", f'Operation cannot be fulfilled on {r.qualified_plural} "{meta["name"]}": '
                           "the object has been modified; please apply your changes to the latest version and try again",
                           r.qualified_plural, meta["name"])
        # Fields the API server owns survive any update from a client.
        kept = {k: live["metadata"][k] for k in ("uid", "creationTimestamp", "generation", "deletionTimestamp",
                                                 "deletionGracePeriodSeconds") if k in live["metadata"]}
        obj = {**obj, "metadata": {**meta, **kept, "namespace": namespace} if r.namespaced else {**meta, **kept}}
        if "status" in live:
            obj = {**obj, "status": live["status"]}
        obj = self.allocate(live, self.default(obj))
        errors = self.validate(obj) + self.validate_update(live, obj)
        if errors:
            raise invalid(obj["kind"], _qualified_kind(r), meta["name"], errors)
        self._warn_replicas(r, obj, user)
        if dry_run:
            return obj
        stored = self.store.update(r.plural, obj)
        return self._finish_if_released(r, stored)

    def update_status(self, plural: str, obj: dict) -> dict:
        """A component's write (status, finalizers, ownerReferences): no authorization."""
        stored = self.store.update(plural, obj)
        return self._finish_if_released(res.BY_PLURAL[plural], stored)

    def delete(self, r: res.Resource, namespace: str, name: str, user: User = ADMIN, grace: int | None = None,
               propagation: str = "Background", dry_run: bool = False) -> dict:
        namespace = namespace if r.namespaced else ""
        self.authorize(user, "delete", r, namespace, name)
        live = self.store.get(r.plural, namespace, name)
        if live is None:
            raise not_found(r.qualified_plural, name)
        if r.plural == "namespaces" and name in PROTECTED_NAMESPACES:
            raise forbidden("namespaces", name, "this namespace may not be deleted")
        if dry_run:
            return live
        if live["metadata"].get("deletionTimestamp"):
            return live
        finalizers = list(live["metadata"].get("finalizers") or [])
        if propagation == "Foreground":
            finalizers.append("foregroundDeletion")
        elif propagation == "Orphan":
            finalizers.append("orphan")
        grace = self._grace_period(r, live, grace)
        if r.plural == "namespaces":
            return self._mark_deleting(r, live, 0, finalizers, {"phase": "Terminating"})
        if grace > 0 or finalizers:
            return self._mark_deleting(r, live, grace, finalizers)
        return self.remove(r.plural, namespace, name)

    def remove(self, plural: str, namespace: str, name: str) -> dict | None:
        """Take an object out of the store for good (grace over, finalizers gone)."""
        return self.store.delete(plural, namespace, name)

    def _warn_replicas(self, r: res.Resource, obj: dict, user: User) -> None:
        warning = limits.replicas_warning(self.limits, r, obj) if user is not SYSTEM else None
        if warning and warning not in self.warnings:
            self.warnings.append(warning)

    # -- deletion details ------------------------------------------------------------------
    def _grace_period(self, r: res.Resource, live: dict, grace: int | None) -> int:
        if r.plural != "pods":
            return 0
        spec = live.get("spec") or {}
        # A pod no kubelet runs (unscheduled, or finished) goes at once, as in a real cluster.
        if not spec.get("nodeName") or (live.get("status") or {}).get("phase") in ("Succeeded", "Failed"):
            return 0
        if grace is None:
            grace = spec.get("terminationGracePeriodSeconds", 30)
        return max(0, int(grace))

    def _mark_deleting(self, r: res.Resource, live: dict, grace: int, finalizers: list[str],
                       status: dict | None = None) -> dict:
        meta = {**live["metadata"], "deletionTimestamp": clk.timestamp(self.clock.now + grace * 1000),
                "deletionGracePeriodSeconds": grace}
        if finalizers:
            meta["finalizers"] = finalizers
        obj = {**live, "metadata": meta}
        if status:
            obj["status"] = {**(live.get("status") or {}), **status}
        return self.store.update(r.plural, obj)

    def _finish_if_released(self, r: res.Resource, obj: dict) -> dict:
        """An object being deleted goes once its last finalizer is removed (non-pods)."""
        meta = obj["metadata"]
        if meta.get("deletionTimestamp") and not meta.get("finalizers") and r.plural not in ("pods", "namespaces"):
            self.store.delete(r.plural, meta.get("namespace", ""), meta["name"])
        return obj


def _qualified_kind(r: res.Resource) -> str:
    return f"{r.kind}.{r.group}" if r.group else r.kind


def _without_status_for_create(r: res.Resource, obj: dict) -> dict:
    """The API server drops a client's status on create, except for kinds without a status
    subresource; new objects start with the status their kind starts with."""
    if r.plural in ("pods",):
        return {**{k: v for k, v in obj.items() if k != "status"}, "status": {"phase": "Pending", "qosClass": _qos(obj)}}
    if r.plural in ("deployments", "replicasets", "statefulsets", "daemonsets", "jobs", "services", "ingresses",
                    "persistentvolumeclaims", "namespaces", "nodes", "cronjobs", "horizontalpodautoscalers",
                    "poddisruptionbudgets", "resourcequotas", "persistentvolumes"):
        out = {k: v for k, v in obj.items() if k != "status"}
        initial = _INITIAL_STATUS.get(r.plural)
        if initial is not None:
            out["status"] = initial(obj)
        return out
    return obj


def _qos(pod: dict) -> str:
    containers = (pod.get("spec") or {}).get("containers") or []
    containers = containers + ((pod.get("spec") or {}).get("initContainers") or [])
    requests = [((c.get("resources") or {}).get("requests") or {}) for c in containers]
    limits = [((c.get("resources") or {}).get("limits") or {}) for c in containers]
    if not any(requests) and not any(limits):
        return "BestEffort"
    guaranteed = all(
        lim.get("cpu") and lim.get("memory") and req.get("cpu", lim["cpu"]) == lim["cpu"]
        and req.get("memory", lim["memory"]) == lim["memory"]
        for req, lim in zip(requests, limits)
    )
    return "Guaranteed" if guaranteed else "Burstable"


_INITIAL_STATUS = {
    "services": lambda obj: {"loadBalancer": {}},
    "namespaces": lambda obj: {"phase": "Active"},
    "persistentvolumeclaims": lambda obj: {"phase": "Pending"},
    "persistentvolumes": lambda obj: {"phase": "Pending"},
    "ingresses": lambda obj: {"loadBalancer": {}},
    "deployments": lambda obj: {},
    "replicasets": lambda obj: {"replicas": 0},
    "statefulsets": lambda obj: {"replicas": 0, "availableReplicas": 0},
    "daemonsets": lambda obj: {"currentNumberScheduled": 0, "desiredNumberScheduled": 0, "numberMisscheduled": 0,
                               "numberReady": 0},
    "jobs": lambda obj: {},
}
