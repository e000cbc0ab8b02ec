"""A stand-in cloud controller's service loop: LoadBalancer Services get an address from
172.18.255.200 upwards (as MetalLB or cloud-provider-kind hand out on kind), a moment after
they are created; until then EXTERNAL-IP shows `<pending>`.

It is installed only while `kubesim.controllers` has no `cloud` module of its own: the
controllers' cloud-controller-manager takes over when it lands.
"""

from __future__ import annotations

import importlib.util

from . import ipam

ASSIGN_DELAY_MS = 1500
EVENT = "network.cloud-lb"


class LoadBalancers:
    def __init__(self, cluster) -> None:
        self.cluster = cluster
        self.store = cluster.store
        self.queue = cluster.add_controller("service-lb-controller", self.sync)
        cluster.handlers[EVENT] = lambda event: self.queue.enqueue(event.key)
        self.store.watch(self._on_service, "services")

    def _on_service(self, change) -> None:
        svc = change.new
        if svc is None:
            return
        meta = svc["metadata"]
        key = f"{meta.get('namespace', 'default')}/{meta['name']}"
        is_lb = (svc.get("spec") or {}).get("type") == "LoadBalancer"
        was_lb = ((change.old or {}).get("spec") or {}).get("type") == "LoadBalancer"
        if is_lb and not was_lb:
            self.cluster.clock.schedule(ASSIGN_DELAY_MS, EVENT, key)
        elif was_lb and not is_lb:
            self.queue.enqueue(key)

    def sync(self, key: str) -> None:
        ns, _, name = key.partition("/")
        svc = self.store.get("services", ns, name)
        if svc is None:
            return
        status = svc.get("status") or {}
        has = (status.get("loadBalancer") or {}).get("ingress")
        if (svc.get("spec") or {}).get("type") != "LoadBalancer":
            if has:
                self.cluster.api.update_status("services", {**svc, "status": {**status, "loadBalancer": {}}})
            return
        if has:
            return
        ip = self._free_ip()
        self.cluster.api.update_status("services", {**svc, "status": {
            **status, "loadBalancer": {"ingress": [{"ip": ip, "ipMode": "VIP"}]}}})

    def _free_ip(self) -> str:
        taken = set()
        for svc in self.store.list("services"):
            for ing in ((svc.get("status") or {}).get("loadBalancer") or {}).get("ingress") or ():
                if ing.get("ip"):
                    taken.add(ing["ip"])
        value = ipam.to_int(ipam.LB_POOL_START)
        while ipam.to_str(value) in taken:
            value += 1
        return ipam.to_str(value)


def install(cluster) -> LoadBalancers | None:
    if importlib.util.find_spec("kubesim.controllers.cloud") is not None:
        return None
    return LoadBalancers(cluster)
