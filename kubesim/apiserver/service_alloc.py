"""The Service REST strategy's allocations: ClusterIPs from 10.96.0.0/12 and NodePorts from
30000-32767, with the API server's own error texts.

Read, not copied: kubernetes/kubernetes pkg/registry/core/service/storage/alloc.go
(allocIPs: `failed to allocate IP %v: %v` on `spec.clusterIPs` with the whole list as the bad
value), ipallocator/cidrallocator.go (1.33+ MetaAllocator: an address outside every
ServiceCIDR is `the provided network does not match the current range`; a taken one is
`provided IP is already allocated`), portallocator (`provided port is already allocated`),
and the strategy's patchAllocatedValues / dropTypeDependentFields for updates.

Allocations are derived from the stored Services (an index kept by watching them), so
nothing extra goes into a snapshot and a released address is free the moment its Service
is gone. A dynamic address avoids the low "static" band (the first 256 addresses of the
range), as the real allocator prefers the upper band for dynamic requests.
"""

from __future__ import annotations

from ..network import ipam
from .errors import FieldError, invalid

STATIC_BAND = 256
NEEDS_IP = ("ClusterIP", "NodePort", "LoadBalancer")
NEEDS_NODE_PORT = ("NodePort", "LoadBalancer")


class ServiceAllocator:
    """`allocate(old, new)` fills what the server allocates, or raises a 422 APIError."""

    def __init__(self, store, streams) -> None:
        self.store = store
        self.streams = streams
        self._ips: dict[int, str] | None = None
        self._ports: dict[int, str] | None = None
        store.watch(self._on_change, "services")

    # -- the index of what is taken -----------------------------------------------------------
    def _build(self) -> None:
        self._ips, self._ports = {}, {}
        for svc in self.store.list("services"):
            self._add(svc)

    def _add(self, svc: dict) -> None:
        key = _key(svc)
        for ip in _ips_of(svc):
            self._ips[ip] = key
        for port in _node_ports_of(svc):
            self._ports[port] = key

    def _remove(self, svc: dict) -> None:
        key = _key(svc)
        for ip in _ips_of(svc):
            if self._ips.get(ip) == key:
                del self._ips[ip]
        for port in _node_ports_of(svc):
            if self._ports.get(port) == key:
                del self._ports[port]

    def _on_change(self, change) -> None:
        if self._ips is None:
            return  # built on first use (a snapshot's load tells no watcher)
        if change.old is not None:
            self._remove(change.old)
        if change.new is not None:
            self._add(change.new)

    def ip_owner(self, ip: str) -> str | None:
        if self._ips is None:
            self._build()
        return self._ips.get(ipam.to_int(ip))

    def port_owner(self, port: int) -> str | None:
        if self._ports is None:
            self._build()
        return self._ports.get(port)

    # -- the hook ---------------------------------------------------------------------------
    def __call__(self, old: dict | None, new: dict) -> dict:
        if new.get("kind") != "Service" or new.get("apiVersion") != "v1":
            return new
        if self._ips is None:
            self._build()
        spec = dict(new.get("spec") or {})
        if old is not None:
            spec = _patch_from_old(dict(old.get("spec") or {}), spec)
        key = _key(new)
        errors = family_errors(spec)
        if errors:
            raise invalid("Service", "Service", new["metadata"]["name"], errors)
        errors = self._allocate_ip(spec, key, old)
        errors += self._allocate_node_ports(spec, key)
        if errors:
            raise invalid("Service", "Service", new["metadata"]["name"], errors)
        return {**new, "spec": spec}

    def _allocate_ip(self, spec: dict, key: str, old: dict | None) -> list[FieldError]:
        kind = spec.get("type", "ClusterIP")
        if kind not in NEEDS_IP or spec.get("clusterIP") == "None":
            return []
        wanted = spec.get("clusterIP") or (spec.get("clusterIPs") or [None])[0]
        old_ip = ((old or {}).get("spec") or {}).get("clusterIP")
        if old_ip and old_ip != "None" and wanted and wanted != old_ip:
            return [FieldError("Invalid value", "spec.clusterIPs[0]", wanted, "may not change once set")]
        if not wanted:
            wanted = self._free_ip(key)
        elif wanted != old_ip:
            problem = self._ip_problem(wanted, key)
            if problem:
                listed = list(spec.get("clusterIPs") or [wanted])
                return [FieldError("Invalid value", "spec.clusterIPs", listed,
                                   f"failed to allocate IP {wanted}: {problem}")]
        spec["clusterIP"] = wanted
        spec["clusterIPs"] = [wanted]
        return []

    def _ip_problem(self, ip: str, key: str) -> str:
        if not ipam.in_cidr(ip, ipam.SERVICE_CIDR):
            return "the provided network does not match the current range"
        owner = self._ips.get(ipam.to_int(ip))
        if owner is not None and owner != key:
            return "provided IP is already allocated"
        return ""

    def _free_ip(self, key: str) -> str:
        low, high = ipam.cidr_range(ipam.SERVICE_CIDR)
        low += STATIC_BAND
        size = high - low  # the broadcast address is never handed out
        start = self.streams.integer("service-cluster-ip", key, size)
        for step in range(size):
            candidate = low + (start + step) % size
            if candidate not in self._ips:
                return ipam.to_str(candidate)
        raise invalid("Service", "Service", key.split("/")[-1],
                      [FieldError("Internal error", "spec.clusterIPs", detail="range is full")])

    def _allocate_node_ports(self, spec: dict, key: str) -> list[FieldError]:
        kind = spec.get("type", "ClusterIP")
        wants = kind == "NodePort" or (kind == "LoadBalancer" and spec.get("allocateLoadBalancerNodePorts", True))
        errors: list[FieldError] = []
        if not wants:
            return errors
        ports = [dict(p) for p in spec.get("ports") or []]
        taken_here: set[int] = set()
        for i, port in enumerate(ports):
            given = port.get("nodePort")
            if given:
                owner = self._ports.get(given)
                if owner is not None and owner != key:
                    errors.append(FieldError("Invalid value", f"spec.ports[{i}].nodePort", given,
                                             "provided port is already allocated"))
                taken_here.add(given)
        for port in ports:
            if not port.get("nodePort"):
                port["nodePort"] = self._free_port(key, taken_here)
                taken_here.add(port["nodePort"])
        spec["ports"] = ports
        if kind == "LoadBalancer" and spec.get("externalTrafficPolicy") == "Local" and not spec.get(
                "healthCheckNodePort"):
            spec["healthCheckNodePort"] = self._free_port(key, taken_here)
        return errors

    def _free_port(self, key: str, also_taken: set[int]) -> int:
        low, high = ipam.NODE_PORT_RANGE
        size = high - low + 1
        start = self.streams.integer("service-node-port", key, size)
        for step in range(size):
            candidate = low + (start + step) % size
            if candidate not in self._ports and candidate not in also_taken:
                return candidate
        raise invalid("Service", "Service", key.split("/")[-1],
                      [FieldError("Internal error", "spec.ports", detail="range is full")])


def family_errors(spec: dict) -> list[FieldError]:
    """What initIPFamilyFields (storage/alloc.go) refuses on kind's single-stack IPv4 cluster,
    in its order: a SingleStack policy with two addresses or families, an IPv6 clusterIP,
    then (but for a headless Service without a selector, which needs no address) a demand
    for dual-stack or for the IPv6 family. PreferDualStack is fine: it gets IPv4 alone."""
    if spec.get("type", "ClusterIP") not in NEEDS_IP:
        return []
    policy = spec.get("ipFamilyPolicy")
    families = list(spec.get("ipFamilies") or [])
    ips = list(spec.get("clusterIPs") or ([spec["clusterIP"]] if spec.get("clusterIP") else []))
    headless = ips[:1] == ["None"]
    # ValidateServiceClusterIPsRelatedFields, which runs first: each given address of the
    # family its place in ipFamilies names (an update keeps the addresses it had).
    errors = [FieldError("Invalid value", f"spec.clusterIPs[{i}]", ip,
                         f"expected an {family} value as indicated by `ipFamilies[{i}]`")
              for i, (ip, family) in enumerate(zip([] if headless else ips, families))
              if family in ("IPv4", "IPv6") and ("IPv6" if ":" in str(ip) else "IPv4") != family]
    if errors:
        return errors
    if policy == "SingleStack":
        for count, what in ((len(ips), "cluster IPs"), (len(families), "IP families")):
            if count == 2:
                errors.append(FieldError("Invalid value", "spec.ipFamilyPolicy", policy,
                                         f"must be 'RequireDualStack' or 'PreferDualStack' when multiple {what} "
                                         "are specified"))
    for i, ip in enumerate(ips):
        if ip == "None":
            break
        if i >= len(families):
            family = "IPv6" if ":" in str(ip) else "IPv4"
            if family == "IPv6":
                errors.append(FieldError("Invalid value", f"spec.clusterIPs[{i}]", ips,
                                         "IPv6 is not configured on this cluster"))
            else:
                families.append(family)
    if errors or (spec.get("clusterIP") == "None" and not spec.get("selector")):
        return errors
    if policy == "RequireDualStack":
        errors.append(FieldError("Invalid value", "spec.ipFamilyPolicy", policy,
                                 "this cluster is not configured for dual-stack services"))
    # Values other than IPv4 and IPv6 are left to validation (Unsupported value).
    errors += [FieldError("Invalid value", f"spec.ipFamilies[{i}]", family, "not configured on this cluster")
               for i, family in enumerate(families) if family == "IPv6"]
    return errors


def _patch_from_old(old: dict, new: dict) -> dict:
    """patchAllocatedValues and dropTypeDependentFields: an update that leaves out what the
    server allocated keeps it; a type change sheds what the new type cannot have."""
    old_type, new_type = old.get("type", "ClusterIP"), new.get("type", "ClusterIP")
    if new_type in NEEDS_IP and old_type in NEEDS_IP and not new.get("clusterIP") and old.get("clusterIP"):
        new["clusterIP"], new["clusterIPs"] = old["clusterIP"], list(old.get("clusterIPs") or [old["clusterIP"]])
    if new_type == "ExternalName" and old_type != "ExternalName":
        for field in ("clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy", "internalTrafficPolicy"):
            if new.get(field) == old.get(field):
                new.pop(field, None)
    if new_type in NEEDS_NODE_PORT and old_type in NEEDS_NODE_PORT:
        by_port = {(p.get("port"), p.get("protocol", "TCP")): p.get("nodePort") for p in old.get("ports") or []}
        new["ports"] = [p if p.get("nodePort") else _with_node_port(p, by_port.get((p.get("port"),
                                                                                      p.get("protocol", "TCP"))))
                        for p in new.get("ports") or []]
    elif new_type not in NEEDS_NODE_PORT and old_type in NEEDS_NODE_PORT:
        olds = {p.get("nodePort") for p in old.get("ports") or []}
        new["ports"] = [{k: v for k, v in p.items() if not (k == "nodePort" and v in olds)}
                        for p in new.get("ports") or []]
    return new


def _with_node_port(port: dict, node_port) -> dict:
    return {**port, "nodePort": node_port} if node_port else port


def _key(svc: dict) -> str:
    return f"{svc['metadata'].get('namespace', 'default')}/{svc['metadata']['name']}"


def _ips_of(svc: dict) -> list[int]:
    spec = svc.get("spec") or {}
    out = []
    for ip in spec.get("clusterIPs") or ([spec["clusterIP"]] if spec.get("clusterIP") else []):
        value = ipam.to_int(ip)
        if value is not None:
            out.append(value)
    return out


def _node_ports_of(svc: dict) -> list[int]:
    spec = svc.get("spec") or {}
    ports = [p.get("nodePort") for p in spec.get("ports") or [] if isinstance(p, dict) and p.get("nodePort")]
    if spec.get("healthCheckNodePort"):
        ports.append(spec["healthCheckNodePort"])
    return ports


def install(api) -> ServiceAllocator:
    allocator = ServiceAllocator(api.store, api.streams)
    api.allocate = allocator
    return allocator
