"""The ServiceAccount controller and the root-CA publisher: every active namespace has the
`default` ServiceAccount and the `kube-root-ca.crt` ConfigMap (recreated if deleted).

Read to learn: kubernetes/kubernetes pkg/controller/serviceaccount (serviceaccounts_controller.go)
and pkg/controller/certificates/rootcacertpublisher (publisher.go).
"""

from __future__ import annotations

from ..world.build import CA_PEM
from . import common as c

COMPONENT = "serviceaccount-controller"
ROOT_CA = "kube-root-ca.crt"


class ServiceAccountController:
    def __init__(self, manager) -> None:
        self.m = manager
        self.queue = manager.loop(COMPONENT, self.sync)
        manager.store.watch(self._on_namespace, "namespaces")
        manager.store.watch(self._on_content, "serviceaccounts")
        manager.store.watch(self._on_content, "configmaps")

    def _on_namespace(self, change) -> None:
        if change.new is not None:
            self.queue.enqueue(change.new["metadata"]["name"])

    def _on_content(self, change) -> None:
        meta = change.obj["metadata"]
        if change.type == "DELETED" and meta["name"] in ("default", ROOT_CA) or (
                change.plural == "configmaps" and meta["name"] == ROOT_CA):
            self.queue.enqueue(meta.get("namespace", ""))

    def sync(self, name: str) -> None:
        ns = self.m.store.get("namespaces", "", name)
        if ns is None or c.being_deleted(ns):
            return
        if self.m.store.get("serviceaccounts", name, "default") is None:
            self.m.store.create("serviceaccounts", {"apiVersion": "v1", "kind": "ServiceAccount",
                                                    "metadata": {"name": "default", "namespace": name}})
        cm = self.m.store.get("configmaps", name, ROOT_CA)
        if cm is None:
            self.m.store.create("configmaps", {"apiVersion": "v1", "kind": "ConfigMap",
                                               "metadata": {"name": ROOT_CA, "namespace": name},
                                               "data": {"ca.crt": CA_PEM}})
        elif cm.get("data") != {"ca.crt": CA_PEM}:
            self.m.update("configmaps", {**cm, "data": {"ca.crt": CA_PEM}})


def install(manager) -> ServiceAccountController:
    return ServiceAccountController(manager)
