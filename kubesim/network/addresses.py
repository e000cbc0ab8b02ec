"""Who owns an address: indexes from IP (and node port) to the Service, pod or node behind it.

Built on first use from the store and kept current by watching Services, pods and nodes, so
a routed request finds its destination in a few dictionary lookups however big the cluster.
"""

from __future__ import annotations


class AddressBook:
    def __init__(self, store) -> None:
        self.store = store
        self._built = False
        self.cluster_ips: dict[str, tuple[str, str]] = {}     # ip -> (ns, name)
        self.external_ips: dict[str, list[tuple[str, str]]] = {}
        self.lb_ips: dict[str, tuple[str, str]] = {}
        self.node_ports: dict[int, tuple[str, str]] = {}
        self.pod_ips: dict[str, dict[tuple[str, str], None]] = {}
        self.node_ips: dict[str, str] = {}                    # ip -> node name
        store.watch(self._on_service, "services")
        store.watch(self._on_pod, "pods")
        store.watch(self._on_node, "nodes")

    def _build(self) -> None:
        self._built = True
        for svc in self.store.list("services"):
            self._add_service(svc)
        for pod in self.store.list("pods"):
            self._add_pod(pod)
        for node in self.store.list("nodes"):
            self._add_node(node)

    def ready(self) -> AddressBook:
        if not self._built:
            self._build()
        return self

    # -- services ---------------------------------------------------------------------------
    def _add_service(self, svc: dict) -> None:
        key = (svc["metadata"].get("namespace", "default"), svc["metadata"]["name"])
        spec = svc.get("spec") or {}
        ip = spec.get("clusterIP")
        if ip and ip != "None":
            self.cluster_ips[ip] = key
        for ext in spec.get("externalIPs") or ():
            self.external_ips.setdefault(ext, []).append(key)
        for ingress in ((svc.get("status") or {}).get("loadBalancer") or {}).get("ingress") or ():
            if ingress.get("ip"):
                self.lb_ips[ingress["ip"]] = key
        for port in spec.get("ports") or ():
            if port.get("nodePort"):
                self.node_ports[port["nodePort"]] = key

    def _remove_service(self, svc: dict) -> None:
        key = (svc["metadata"].get("namespace", "default"), svc["metadata"]["name"])
        for table in (self.cluster_ips, self.lb_ips, self.node_ports):
            for k in [k for k, v in table.items() if v == key]:
                del table[k]
        for ext in list(self.external_ips):
            self.external_ips[ext] = [k for k in self.external_ips[ext] if k != key]
            if not self.external_ips[ext]:
                del self.external_ips[ext]

    def _on_service(self, change) -> None:
        if not self._built:
            return
        if change.old is not None:
            self._remove_service(change.old)
        if change.new is not None:
            self._add_service(change.new)

    # -- pods and nodes ---------------------------------------------------------------------
    def _add_pod(self, pod: dict) -> None:
        ip = (pod.get("status") or {}).get("podIP")
        if ip:
            key = (pod["metadata"].get("namespace", "default"), pod["metadata"]["name"])
            self.pod_ips.setdefault(ip, {})[key] = None

    def _remove_pod(self, pod: dict) -> None:
        ip = (pod.get("status") or {}).get("podIP")
        if ip and ip in self.pod_ips:
            self.pod_ips[ip].pop((pod["metadata"].get("namespace", "default"), pod["metadata"]["name"]), None)
            if not self.pod_ips[ip]:
                del self.pod_ips[ip]

    def _on_pod(self, change) -> None:
        if not self._built:
            return
        old_ip = ((change.old or {}).get("status") or {}).get("podIP")
        new_ip = ((change.new or {}).get("status") or {}).get("podIP")
        if change.old is not None and change.new is not None and old_ip == new_ip:
            return
        if change.old is not None:
            self._remove_pod(change.old)
        if change.new is not None:
            self._add_pod(change.new)

    def _add_node(self, node: dict) -> None:
        for address in (node.get("status") or {}).get("addresses") or ():
            if address.get("type") == "InternalIP":
                self.node_ips[address["address"]] = node["metadata"]["name"]

    def _on_node(self, change) -> None:
        if not self._built:
            return
        if change.old is not None:
            for ip in [ip for ip, n in self.node_ips.items() if n == change.old["metadata"]["name"]]:
                del self.node_ips[ip]
        if change.new is not None:
            self._add_node(change.new)

    # -- lookups ----------------------------------------------------------------------------
    def pods_at(self, ip: str) -> list[dict]:
        """Pods using `ip`: one for a pod address, all hostNetwork pods of a node for its IP."""
        out = []
        for ns, name in self.ready().pod_ips.get(ip, {}):
            pod = self.store.get("pods", ns, name)
            if pod is not None:
                out.append(pod)
        return out

    def node_ip(self, node_name: str) -> str | None:
        for ip, name in self.ready().node_ips.items():
            if name == node_name:
                return ip
        return None
