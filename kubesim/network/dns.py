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

    @property
    def found(self) -> bool:
        return self.rcode == "NOERROR" and bool(self.addresses or self.ptr or self.cnames)


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
