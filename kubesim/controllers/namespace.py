"""The namespace controller (`namespace-controller`): emptying a Terminating namespace.

`kubectl delete ns dev` leaves the namespace with a deletionTimestamp and phase Terminating
(the API server's doing). This controller deletes everything in it, reports what remains in
the status conditions, and once nothing is left removes the `kubernetes` finalizer from
`spec.finalizers`, so that the namespace goes. Read to learn: kubernetes/kubernetes
pkg/controller/namespace/deletion (namespaced_resources_deleter.go).
"""

from __future__ import annotations

from .. import resources as res
from . import common as c

COMPONENT = "namespace-controller"
FINALIZER = "kubernetes"


class NamespaceController:
    def __init__(self, manager) -> None:
        self.m = manager
        self.queue = manager.loop(COMPONENT, self.sync)
        manager.store.watch(self._on_change)

    def _on_change(self, change) -> None:
        if change.plural == "namespaces":
            if change.new is not None and c.being_deleted(change.new):
                self.queue.enqueue(change.new["metadata"]["name"])
            return
        if change.type == "DELETED":
            ns = change.old["metadata"].get("namespace", "")
            space = self.m.store.get("namespaces", "", ns) if ns else None
            if space is not None and c.being_deleted(space):
                self.queue.enqueue(ns)

    def sync(self, name: str) -> None:
        ns = self.m.store.get("namespaces", "", name)
        if ns is None or not c.being_deleted(ns):
            return
        remaining = self._delete_content(name)
        ns = self._write_conditions(ns, remaining)
        if remaining:
            return
        spec_finalizers = [f for f in (ns.get("spec") or {}).get("finalizers") or () if f != FINALIZER]
        if spec_finalizers != ((ns.get("spec") or {}).get("finalizers") or []):
            ns = self.m.update("namespaces", {**ns, "spec": {**ns.get("spec", {}), "finalizers": spec_finalizers}})
        if not spec_finalizers and not ns["metadata"].get("finalizers"):
            self.m.api.remove("namespaces", "", name)

    def _delete_content(self, namespace: str) -> dict[str, tuple[int, list[str]]]:
        """Delete every namespaced object; what is left: plural -> (count, finalizers)."""
        left: dict[str, tuple[int, list[str]]] = {}
        for plural in self.m.store.plurals():
            r = res.BY_PLURAL.get(plural)
            if r is not None and not r.namespaced:
                continue
            for obj in self.m.store.list(plural, namespace):
                if not c.being_deleted(obj):
                    self.m.delete(plural, namespace, obj["metadata"]["name"])
            objs = self.m.store.list(plural, namespace)
            if objs:
                finalizers = sorted({f for o in objs for f in o["metadata"].get("finalizers") or ()})
                left[plural] = (len(objs), finalizers)
        return left

    def _write_conditions(self, ns: dict, remaining: dict) -> dict:
        """The five deletion conditions, as the real controller reports them."""
        now = self.m.now
        if remaining:
            parts = ", ".join(f"{_group_resource(p)} has {n} resource instances" for p, (n, _) in sorted(remaining.items()))
            content = ("True", "SomeResourcesRemain", f"Some resources are remaining: {parts}")
        else:
            content = ("False", "ContentRemoved", "All content successfully removed")
        finalizers = sorted({f for _, (_, fs) in remaining.items() for f in fs})
        if finalizers:
            counts = ", ".join(f"{f} in {sum(n for n, fs in remaining.values() if f in fs)} resource instances"
                               for f in finalizers)
            final = ("True", "SomeFinalizersRemain", f"Some content in the namespace has finalizers remaining: {counts}")
        else:
            final = ("False", "ContentHasNoFinalizers", "All content-preserving finalizers finished")
        rows = [
            ("NamespaceDeletionDiscoveryFailure", "False", "ResourcesDiscovered", "All resources successfully discovered"),
            ("NamespaceDeletionGroupVersionParsingFailure", "False", "ParsedGroupVersions",
             "All legacy kube types successfully parsed"),
            ("NamespaceDeletionContentFailure", "False", "ContentDeleted",
             "All content successfully deleted, may be waiting on finalization"),
            ("NamespaceContentRemaining",) + content,
            ("NamespaceFinalizersRemaining",) + final,
        ]
        conditions = list((ns.get("status") or {}).get("conditions") or [])
        for kind, status, reason, message in rows:
            current = next((x for x in conditions if x["type"] == kind), None)
            if current is not None and (current["status"], current["reason"], current["message"]) == (status, reason, message):
                continue
            cond = c.new_condition(kind, status, reason, message, now)
            conditions = [x for x in conditions if x["type"] != kind] + [cond] if current is None else \
                [cond if x["type"] == kind else x for x in conditions]
        return c.write_status(self.m.cluster, "namespaces", ns, {**(ns.get("status") or {}), "conditions": conditions})


def _group_resource(plural: str) -> str:
    r = res.BY_PLURAL.get(plural)
    return f"{plural}.{r.group}" if r is not None and r.group else f"{plural}."


def install(manager) -> NamespaceController:
    return NamespaceController(manager)
