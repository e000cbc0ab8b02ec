"""CoreDNS's answers for the cluster, and the workstation's resolver for the internet.

The `kubernetes` plugin of the default Corefile (`kubernetes cluster.local ... pods
insecure`) answers: a Service's A record (its ClusterIP); a headless Service's A records
(one per ready endpoint, all of them with publishNotReadyAddresses, hand-made Endpoints for
selector-less ones); `HOSTNAME.SVC.NS.svc.cluster.local` for endpoints with a hostname
(StatefulSet pods, pods with hostname + subdomain) and `DASHED-IP.SVC...` for the others;
an ExternalName's CNAME; pod records `10-244-1-5.NS.pod.cluster.local`; PTR records for
Service and endpoint addresses. Anything else under cluster.local is NXDOMAIN; other names
go to `forward . /etc/resolv.conf`, i.e. the fixed internet.

A resolver applies the search list of the asker's /etc/resolv.conf as the kubelet writes
it (`search NS.svc.cluster.local svc.cluster.local cluster.local`, `options ndots:5`).
Read, not copied: coredns/coredns plugin/kubernetes (kubernetes.go, parse.go, xfr.go).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import internet, ipam
from .endpoints import SERVICE_NAME

DOMAIN = "cluster.local"
DEFAULT_SEARCH = ("svc.cluster.local", "cluster.local")
NDOTS = 5


@dataclass
class Answer:
    """What a lookup found: the name that answered, its CNAME chain, its addresses."""

    name: str
    rcode: str = "NOERROR"              # NOERROR or NXDOMAIN
    addresses: list[str] = field(default_factory=list)
    cnames: list[tuple[str, str]] = field(default_factory=list)   # (alias, canonical)
    ptr: list[str] = field(default_factory=list)
    authoritative: bool = True
    tried: list[str] = field(default_factory=list)               # names queried before it
    srv: list[tuple[int, int, int, str]] = field(default_factory=list)   # (priority, weight, port, target.)
    extra: list[tuple[str, str]] = field(default_factory=list)   # additional A records (name., address)

    @property
    def found(self) -> bool:
        return self.rcode == "NOERROR" and bool(self.addresses or self.ptr or self.cnames or self.srv)


class ClusterDNS:
    def __init__(self, cluster) -> None:
        self.cluster = cluster
        self.store = cluster.store

    # -- one query, as CoreDNS answers it ------------------------------------------------------
    def query(self, fqdn: str, cluster_dns: bool = True) -> Answer:
        name = fqdn.rstrip(".").lower()
        if name.endswith(".in-addr.arpa"):
            return self._ptr(name) if cluster_dns else Answer(name, "NXDOMAIN")
        if cluster_dns and (name == DOMAIN or name.endswith("." + DOMAIN)):
            return self._cluster(name)
        host = internet.lookup(name)
        if host is None:
            return Answer(name, "NXDOMAIN", authoritative=False)
        return Answer(name, addresses=[host.ip], authoritative=False)

    def _cluster(self, name: str) -> Answer:
        labels = name[: -len(DOMAIN) - 1].split(".") if name != DOMAIN else []
        if len(labels) == 3 and labels[2] == "pod":
            ip = labels[0].replace("-", ".")
            if ipam.is_ip(ip) and self.store.get("namespaces", "", labels[1]) is not None:
                return Answer(name, addresses=[ip])
            return Answer(name, "NXDOMAIN")
        if len(labels) < 3 or labels[-1] != "svc":
            return Answer(name, "NXDOMAIN")
        ns, svc_name = labels[-2], labels[-3]
        svc = self.store.get("services", ns, svc_name)
        if svc is None:
            return Answer(name, "NXDOMAIN")
        spec = svc.get("spec") or {}
        if len(labels) == 3:
            return self._service(name, svc, spec)
        if len(labels) == 4 and spec.get("clusterIP") == "None":
            return self._endpoint_name(name, svc, labels[0])
        return Answer(name, "NXDOMAIN")

    def _service(self, name: str, svc: dict, spec: dict) -> Answer:
        if spec.get("type") == "ExternalName":
            target = str(spec.get("externalName", "")).rstrip(".").lower()
            then = self.query(target)
            return Answer(name, then.rcode if not then.found else "NOERROR", list(then.addresses),
                          [(name, target)] + then.cnames)
        if spec.get("clusterIP") and spec.get("clusterIP") != "None":
            return Answer(name, addresses=[spec["clusterIP"]])
        addresses = [ip for ip, _ in self.ready_endpoints(svc)]
        if not addresses:
            return Answer(name, "NXDOMAIN")
        return Answer(name, addresses=addresses)

    def _endpoint_name(self, name: str, svc: dict, first: str) -> Answer:
        for ip, hostname in self.ready_endpoints(svc):
            if first == (hostname or ipam.dashed(ip)):
                return Answer(name, addresses=[ip])
        return Answer(name, "NXDOMAIN")

    def ready_endpoints(self, svc: dict) -> list[tuple[str, str]]:
        """(ip, hostname) of a Service's ready endpoints, from its EndpointSlices."""
        ns, name = svc["metadata"].get("namespace", "default"), svc["metadata"]["name"]
        seen: dict[str, str] = {}
        for slc in self.store.with_labels("endpointslices", ns, {SERVICE_NAME: name}):
            for ep in slc.get("endpoints") or ():
                if (ep.get("conditions") or {}).get("ready", True) is False:
                    continue
                for ip in ep.get("addresses") or ():
                    seen.setdefault(ip, ep.get("hostname", ""))
        return sorted(seen.items(), key=lambda kv: ipam.to_int(kv[0]) or 0)

    def _ptr(self, name: str) -> Answer:
        parts = name[: -len(".in-addr.arpa")].split(".")
        ip = ".".join(reversed(parts))
        if not ipam.is_ip(ip):
            return Answer(name, "NXDOMAIN")
        book = self.cluster.network.book.ready()
        key = book.cluster_ips.get(ip)
        if key is not None:
            return Answer(name, ptr=[f"{key[1]}.{key[0]}.svc.{DOMAIN}"])
        for pod in book.pods_at(ip):
            for svc_name, hostname in self._headless_of(pod):
                ns = pod["metadata"].get("namespace", "default")
                return Answer(name, ptr=[f"{hostname or ipam.dashed(ip)}.{svc_name}.{ns}.svc.{DOMAIN}"])
        return Answer(name, "NXDOMAIN")

    def _headless_of(self, pod: dict) -> list[tuple[str, str]]:
        ns = pod["metadata"].get("namespace", "default")
        out = []
        for svc in self.store.list("services", ns):
            spec = svc.get("spec") or {}
            selector = spec.get("selector")
            if spec.get("clusterIP") == "None" and selector and all(
                    (pod["metadata"].get("labels") or {}).get(k) == v for k, v in selector.items()):
                hostname = pod["spec"].get("hostname") if pod["spec"].get("subdomain") == svc["metadata"]["name"] \
                    else ""
                out.append((svc["metadata"]["name"], hostname or ""))
        return out

    # -- SRV records ----------------------------------------------------------------------------
    def query_srv(self, fqdn: str, cluster_dns: bool = True) -> Answer:
        """SRV records as CoreDNS's kubernetes plugin answers them: `_PORT._PROTO.SVC.NS.svc...`
        (a named port; `SVC.NS.svc...` alone matches every port). A ClusterIP Service gives one
        record per port, aimed at the Service's name; a headless one, one per ready endpoint and
        port, aimed at `HOSTNAME.SVC.NS.svc...` (the pod's hostname or its dashed address). The
        weights share 100 between the records; targets' A records go in the additional section.
        Read, not copied: coredns plugin/kubernetes/kubernetes.go (findServices,
        matchPortAndProtocol), plugin/backend_lookup.go (SRV)."""
        name = fqdn.rstrip(".").lower()
        if not (cluster_dns and name.endswith("." + DOMAIN)):
            return Answer(name, "NXDOMAIN", authoritative=False)
        labels = name[: -len(DOMAIN) - 1].split(".")
        if len(labels) < 3 or labels[-1] != "svc" or len(labels) > 5:
            return Answer(name, "NXDOMAIN")
        svc = self.store.get("services", labels[-2], labels[-3])
        if svc is None:
            return Answer(name, "NXDOMAIN")
        rest = labels[:-3]
        endpoint = rest[0] if len(rest) == 1 else ""
        port_name, proto = (rest[0].removeprefix("_"), rest[1].removeprefix("_")) if len(rest) == 2 else ("", "")
        found = self._srv_targets(svc, endpoint, port_name, proto)
        if found is None:
            return Answer(name, "NXDOMAIN")
        weight = int(100.0 / (100 * len(found)) * 100) if found else 100
        answer = Answer(name)
        for target, port, ip in found:
            if (0, weight, port, target) not in answer.srv:
                answer.srv.append((0, weight, port, target))
            if ip and (target, ip) not in answer.extra:
                answer.extra.append((target, ip))
        return answer

    def _srv_targets(self, svc: dict, endpoint: str, port_name: str, proto: str) -> list | None:
        """(target., port, address) per matching port, or None (NXDOMAIN) when nothing matches."""
        spec = svc.get("spec") or {}
        meta = svc["metadata"]
        base = f"{meta['name']}.{meta.get('namespace', 'default')}.svc.{DOMAIN}."
        if spec.get("type") == "ExternalName":
            if endpoint or port_name or proto:
                return None
            return [(str(spec.get("externalName", "")).rstrip(".") + ".", 0, "")]

        def matches(p: dict) -> bool:
            return ((not port_name or port_name == (p.get("name") or "").lower())
                    and (not proto or proto == p.get("protocol", "TCP").lower()))

        if spec.get("clusterIP") == "None" or endpoint:
            found = []
            for ip, hostname, ports in self._ready_with_ports(svc):
                label = hostname or ipam.dashed(ip)
                if endpoint and endpoint != label:
                    continue
                found += [(f"{label}.{base}", p["port"], ip) for p in ports if matches(p)]
            return found or None
        found = [(base, p["port"], spec.get("clusterIP", "")) for p in spec.get("ports") or () if matches(p)]
        return found or None

    def _ready_with_ports(self, svc: dict) -> list[tuple[str, str, list[dict]]]:
        """(ip, hostname, the slice's ports) of a Service's ready endpoints, by address."""
        ns, name = svc["metadata"].get("namespace", "default"), svc["metadata"]["name"]
        seen: dict[str, tuple[str, list[dict]]] = {}
        for slc in self.store.with_labels("endpointslices", ns, {SERVICE_NAME: name}):
            ports = [p for p in slc.get("ports") or () if p.get("port") is not None]
            for ep in slc.get("endpoints") or ():
                if (ep.get("conditions") or {}).get("ready", True) is False:
                    continue
                for ip in ep.get("addresses") or ():
                    seen.setdefault(ip, (ep.get("hostname", ""), ports))
        return [(ip, host, ports) for ip, (host, ports) in
                sorted(seen.items(), key=lambda kv: ipam.to_int(kv[0]) or 0)]

    def resolve_srv(self, name: str, search: tuple[str, ...], ndots: int = NDOTS) -> Answer:
        """An SRV lookup through the search list, as nslookup does it."""
        if name.endswith("."):
            return self.query_srv(name)
        candidates = [f"{name}.{suffix}" for suffix in search]
        candidates = candidates + [name] if name.count(".") < ndots else [name] + candidates
        tried: list[str] = []
        for candidate in candidates:
            answer = self.query_srv(candidate)
            if answer.found:
                answer.tried = tried
                return answer
            tried.append(candidate)
        miss = Answer(name, "NXDOMAIN")
        miss.tried = tried
        return miss

    # -- a resolver with a search list ---------------------------------------------------------
    def resolve(self, name: str, search: tuple[str, ...], ndots: int = NDOTS, cluster_dns: bool = True) -> Answer:
        """Look `name` up as a stub resolver does: through the search list when it has
        fewer than `ndots` dots, then as given (or the other way round)."""
        if ipam.is_ip(name):
            return Answer(name, addresses=[name], authoritative=False)
        if name.endswith("."):
            return self.query(name, cluster_dns)
        candidates = [f"{name}.{suffix}" for suffix in search]
        candidates = candidates + [name] if name.count(".") < ndots else [name] + candidates
        tried: list[str] = []
        last = None
        for candidate in candidates:
            answer = self.query(candidate, cluster_dns)
            if answer.found:
                answer.tried = tried
                return answer
            tried.append(candidate)
            last = answer
        miss = Answer(name, "NXDOMAIN", authoritative=last.authoritative if last else True)
        miss.tried = tried
        return miss


def search_path(namespace: str) -> tuple[str, ...]:
    return (f"{namespace}.svc.{DOMAIN}",) + DEFAULT_SEARCH


def parse_resolv_conf(text: str) -> tuple[str, tuple[str, ...], int]:
    """(nameserver, search list, ndots) from /etc/resolv.conf."""
    nameserver, search, ndots = "", (), NDOTS
    for line in text.splitlines():
        words = line.split()
        if not words or words[0].startswith("#"):
            continue
        if words[0] == "nameserver" and len(words) > 1 and not nameserver:
            nameserver = words[1]
        elif words[0] == "search":
            search = tuple(words[1:])
        elif words[0] == "options":
            for option in words[1:]:
                if option.startswith("ndots:") and option[6:].isdigit():
                    ndots = int(option[6:])
    return nameserver, search, ndots
