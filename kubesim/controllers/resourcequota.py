"""The ResourceQuota controller (`resourcequota-controller`): `status.hard` and `status.used`.

Usage is recounted when something a quota charges is created or deleted in its namespace,
or a pod finishes (the real controller's replenishment): object counts (`pods`, `services`,
`configmaps`, `secrets`, `persistentvolumeclaims`, `replicationcontrollers`,
`resourcequotas`, `services.loadbalancers`, `services.nodeports`, `count/<resource>.<group>`),
the CPU and memory requests and limits of pods that have not finished, and
`requests.storage` of claims. The admission plugin refuses over-limit creations itself (see
apiserver/admission.py); this status is what `kubectl describe quota` shows. Read to learn:
kubernetes/kubernetes pkg/controller/resourcequota and pkg/quota/v1/evaluator/core.
"""

from __future__ import annotations

from fractions import Fraction

from .. import resources as res
from ..scheduler import quantity
from . import common as c

COMPONENT = "resourcequota-controller"
_SIMPLE = {"pods": "pods", "services": "services", "configmaps": "configmaps", "secrets": "secrets",
           "persistentvolumeclaims": "persistentvolumeclaims", "replicationcontrollers": "replicationcontrollers",
           "resourcequotas": "resourcequotas"}


class ResourceQuotaController:
    def __init__(self, manager) -> None:
        self.m = manager
        self.queue = manager.loop(COMPONENT, self.sync)
        manager.store.watch(self._on_change)

    def _on_change(self, change) -> None:
        if change.plural == "resourcequotas":
            self.queue.enqueue(c.key_of(change.obj))
        if change.plural == "events":
            return
        ns = change.obj["metadata"].get("namespace")
        if not ns:
            return
        finished = change.plural == "pods" and change.new is not None and change.old is not None \
            and c.is_terminal(change.new) != c.is_terminal(change.old)
        if change.type in ("ADDED", "DELETED") or finished:
            for quota in self.m.store.list("resourcequotas", ns):
                self.queue.enqueue(c.key_of(quota))

    def sync(self, key: str) -> None:
        ns, name = c.split_key(key)
        quota = self.m.store.get("resourcequotas", ns, name)
        if quota is None or c.being_deleted(quota):
            return
        hard = dict((quota.get("spec") or {}).get("hard") or {})
        used = {k: self._usage(k, ns) for k in sorted(hard)}
        c.write_status(self.m.cluster, "resourcequotas", quota, {"hard": hard, "used": used})

    def _usage(self, key: str, ns: str) -> str:
        store = self.m.store
        if key in _SIMPLE:
            if key == "pods":
                return str(sum(1 for p in store.list("pods", ns) if not c.is_terminal(p)))
            return str(store.count(_SIMPLE[key], ns))
        if key.startswith("count/"):
            plural, _, group = key[len("count/"):].partition(".")
            r = res.BY_PLURAL.get(plural)
            return str(store.count(plural, ns)) if r is not None and r.group == group else "0"
        if key in ("services.loadbalancers", "services.nodeports"):
            kind = "LoadBalancer" if key == "services.loadbalancers" else "NodePort"
            return str(sum(1 for s in store.list("services", ns) if (s.get("spec") or {}).get("type") == kind))
        if key == "requests.storage":
            total = sum(quantity.parse(((p.get("spec") or {}).get("resources") or {}).get("requests", {})
                                       .get("storage", 0)) for p in store.list("persistentvolumeclaims", ns))
            return format_quantity(total, binary=True)
        field, _, resource = key.rpartition(".")
        if resource in ("cpu", "memory") and field in ("", "requests", "limits"):
            total = Fraction(0)
            for pod in store.list("pods", ns):
                if c.is_terminal(pod):
                    continue
                for ctr in (pod.get("spec") or {}).get("containers") or ():
                    resources = ctr.get("resources") or {}
                    values = resources.get("limits" if field == "limits" else "requests") or {}
                    if field != "limits" and resource not in values:
                        values = resources.get("limits") or {}
                    total += quantity.parse(values.get(resource, 0))
            return format_quantity(total, binary=resource == "memory")
        return "0"


def format_quantity(value: Fraction, binary: bool) -> str:
    """A quantity in canonical form: `500m`, `2`, `128Mi`, `1Gi`."""
    if value == 0:
        return "0"
    if binary and value == int(value):
        n = int(value)
        for suffix, size in (("Ei", 2**60), ("Pi", 2**50), ("Ti", 2**40), ("Gi", 2**30), ("Mi", 2**20), ("Ki", 2**10)):
            if n % size == 0:
                return f"{n // size}{suffix}"
        return str(n)
    if value == int(value):
        return str(int(value))
    milli = value * 1000
    return f"{int(milli)}m" if milli == int(milli) else str(float(value))


def install(manager) -> ResourceQuotaController:
    return ResourceQuotaController(manager)
