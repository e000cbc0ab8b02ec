"""kube-proxy on each node: which endpoint a connection to a Service gets, and in which mode.

The mode (iptables by default, ipvs or nftables) comes from the `kube-proxy` ConfigMap and is
read when a node's kube-proxy pod starts, so editing the ConfigMap changes nothing until the
pods restart (`kubectl -n kube-system rollout restart daemonset kube-proxy`), as in a real
cluster. Choices are deterministic under the seed: iptables walks its statistic rules with a
fresh draw per rule (probabilities 1/n, 1/(n-1), ...), nftables draws `numgen random mod n`
once, ipvs uses the configured scheduler (`ipvs.scheduler`: rr by default, lc, sh, dh, sed,
nq ...; see ipvs.py). ClientIP affinity remembers the endpoint per
client for `timeoutSeconds` (the `recent` module / ipvs persistence), per node. A Service
with no usable endpoint is REJECTed (connection refused at once, fact 104); traffic policy
`Local` with no endpoint on the node is dropped (the client times out).

Read, not copied: kubernetes/kubernetes pkg/proxy/iptables/proxier.go (chain names,
probabilities, the REJECT and DROP rules), pkg/proxy/topology.go (CategorizeEndpoints: ready
endpoints first, serving-terminating ones as a fallback, Local policies).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .endpoints import SERVICE_NAME
from .http import NetError, Trace
from .ipvs import SCHEDULERS, Ipvs

MODES = ("iptables", "ipvs", "nftables")
PROXY_LABELS = {"k8s-app": "kube-proxy"}


@dataclass(frozen=True)
class Endpoint:
    ip: str
    port: int
    node: str
    pod: tuple[str, str] | None   # (namespace, name) of the pod behind it, if any
    ready: bool
    serving: bool
    terminating: bool

    @property
    def address(self) -> str:
        return f"{self.ip}:{self.port}"


def probability(n: int) -> str:
    """The statistic rule's text for one of n remaining endpoints (computeProbability)."""
    return f"{1.0 / n:0.10f}"


class KubeProxy:
    def __init__(self, cluster) -> None:
        self.cluster = cluster
        self.store = cluster.store
        self.queue = cluster.add_controller("kube-proxy", self.sync_node)
        self.store.watch(self._on_pod, "pods")
        self._memo: dict = {}
        self._memo_version = -1
        self.ipvs = Ipvs(cluster)

    # -- mode ---------------------------------------------------------------------------------
    @property
    def state(self) -> dict:
        return self.cluster.state.setdefault("network", {}).setdefault("kubeProxy", {})

    def _on_pod(self, change) -> None:
        pod = change.new
        if pod is None or pod["metadata"].get("namespace") != "kube-system":
            return
        if (pod["metadata"].get("labels") or {}).get("k8s-app") != "kube-proxy":
            return
        node = (pod.get("spec") or {}).get("nodeName")
        # kube-proxy reads its configuration when its process starts: a new container start
        # (a new pod's first, or a restart), not the pod's creation.
        if node and _starts(pod) and _starts(change.old) != _starts(pod):
            self.queue.enqueue(node)

    def sync_node(self, node: str) -> None:
        """A kube-proxy (re)started on `node`: it reads its configuration now."""
        mode, scheduler = self.configured()
        self.state.setdefault("modes", {})[node] = mode
        self.state.setdefault("schedulers", {})[node] = scheduler
        self.state.get("affinity", {}).pop(node, None)
        self.ipvs.reset(node)

    def configured(self) -> tuple[str, str]:
        cm = self.store.get("configmaps", "kube-system", "kube-proxy")
        text = ((cm or {}).get("data") or {}).get("config.conf", "")
        mode = _yaml_scalar(text, "mode") or "iptables"
        scheduler = _yaml_scalar(text, "scheduler", indented=True) or "rr"
        return (mode if mode in MODES else "iptables"), (scheduler if scheduler in SCHEDULERS else "rr")

    def mode(self, node: str) -> str:
        return self.state.get("modes", {}).get(node, "iptables")

    def scheduler(self, node: str) -> str:
        return self.state.get("schedulers", {}).get(node, "rr")

    # -- endpoints ----------------------------------------------------------------------------
    def endpoints(self, svc: dict, svc_port: dict) -> list[Endpoint]:
        """The Service port's endpoints from its EndpointSlices, in kube-proxy's order
        (remembered until the store changes: kube-proxy's view between two syncs)."""
        ns, name = svc["metadata"].get("namespace", "default"), svc["metadata"]["name"]
        if self._memo_version != self.store.resource_version:
            self._memo, self._memo_version = {}, self.store.resource_version
        key = (ns, name, svc_port.get("name") or "", svc_port.get("protocol", "TCP"))
        if key not in self._memo:
            self._memo[key] = self._endpoints(ns, name, svc_port)
        return self._memo[key]

    def _endpoints(self, ns: str, name: str, svc_port: dict) -> list[Endpoint]:
        out: dict[tuple[str, int], Endpoint] = {}
        for slc in self.store.with_labels("endpointslices", ns, {SERVICE_NAME: name}):
            port = next((p for p in slc.get("ports") or () if (p.get("name") or "") == (svc_port.get("name") or "")
                         and p.get("protocol", "TCP") == svc_port.get("protocol", "TCP")), None)
            if port is None or port.get("port") is None:
                continue
            for ep in slc.get("endpoints") or ():
                cond = ep.get("conditions") or {}
                ready = cond.get("ready", True) is not False
                ref = ep.get("targetRef") or {}
                pod = (ref.get("namespace", ns), ref["name"]) if ref.get("kind") == "Pod" else None
                for ip in ep.get("addresses") or ():
                    out[(ip, port["port"])] = Endpoint(ip, port["port"], ep.get("nodeName", ""), pod, ready,
                                                       cond.get("serving", ready) is not False,
                                                       bool(cond.get("terminating")))
        return sorted(out.values(), key=lambda e: (_ip_key(e.ip), e.port))

    @staticmethod
    def usable(endpoints: list[Endpoint]) -> list[Endpoint]:
        """Ready endpoints; if none, the serving terminating ones (CategorizeEndpoints)."""
        ready = [e for e in endpoints if e.ready]
        return ready or [e for e in endpoints if e.serving and e.terminating]

    # -- choosing ----------------------------------------------------------------------------
    def route(self, node: str, svc: dict, svc_port: dict, client_ip: str, external: bool,
              trace: Trace, via: str) -> Endpoint:
        """The endpoint kube-proxy on `node` sends this connection to, or a NetError."""
        ns, name = svc["metadata"].get("namespace", "default"), svc["metadata"]["name"]
        spec = svc.get("spec") or {}
        mode = self.mode(node)
        port_name = f"{ns}/{name}" + (f":{svc_port['name']}" if svc_port.get("name") else "")
        candidates = self.usable(self.endpoints(svc, svc_port))
        if not candidates:
            trace.add("kube-proxy", f"node/{node}", f"{mode} on {node}",
                      f'"{port_name} has no endpoints": REJECT (connection refused)')
            raise NetError("refused")
        policy = spec.get("externalTrafficPolicy" if external else "internalTrafficPolicy", "Cluster")
        if policy == "Local":
            local = [e for e in candidates if e.node == node]
            if not local:
                trace.add("kube-proxy", f"node/{node}", f"{mode} on {node}",
                          f'{"externalTrafficPolicy" if external else "internalTrafficPolicy"}: Local and no '
                          f"endpoint of {port_name} on {node}: DROP (the client waits)")
                raise NetError("timeout")
            candidates = local
        chosen, why = self._affine(node, spec, port_name, client_ip, candidates)
        if chosen is None:
            chosen, why = self._balance(node, mode, port_name, via, candidates, client_ip)
            self._remember(node, spec, port_name, client_ip, chosen)
        trace.add("kube-proxy", f"node/{node}", f"{mode} on {node}", why)
        return chosen

    def _balance(self, node: str, mode: str, port_name: str, via: str, candidates: list[Endpoint],
                 client_ip: str = "") -> tuple[Endpoint, str]:
        n = len(candidates)
        streams = self.cluster.streams
        if mode == "ipvs":
            return self.ipvs.pick(node, via, self.scheduler(node), candidates, client_ip)
        if mode == "nftables":
            pick = streams.integer("kube-proxy/nftables", node, n)
            return candidates[pick], f"nftables numgen random mod {n} = {pick} -> {candidates[pick].address}"
        for i, candidate in enumerate(candidates[:-1]):
            remaining = n - i
            if streams.fraction("kube-proxy/iptables", node) < 1.0 / remaining:
                return candidate, (f"iptables KUBE-SVC rule {i + 1} of {n} matched (--probability "
                                   f"{probability(remaining)}) -> {candidate.address}")
        last = candidates[-1]
        return last, f"iptables KUBE-SVC rule {n} of {n} (the last rule takes the rest) -> {last.address}"

    def _affine(self, node: str, spec: dict, port_name: str, client_ip: str,
                candidates: list[Endpoint]) -> tuple[Endpoint | None, str]:
        if spec.get("sessionAffinity") != "ClientIP":
            return None, ""
        seen = self.state.get("affinity", {}).get(node, {}).get(port_name, {}).get(client_ip)
        if not seen or seen[1] < self.cluster.clock.now:
            return None, ""
        chosen = next((e for e in candidates if e.address == seen[0]), None)
        if chosen is None:
            return None, ""
        return chosen, f"sessionAffinity ClientIP: {client_ip} went to {chosen.address} before (recent)"

    def _remember(self, node: str, spec: dict, port_name: str, client_ip: str, chosen: Endpoint) -> None:
        if spec.get("sessionAffinity") != "ClientIP":
            return
        timeout = ((spec.get("sessionAffinityConfig") or {}).get("clientIP") or {}).get("timeoutSeconds", 10800)
        table = self.state.setdefault("affinity", {}).setdefault(node, {}).setdefault(port_name, {})
        table[client_ip] = [chosen.address, self.cluster.clock.now + timeout * 1000]


def _starts(pod: dict | None) -> tuple:
    """When each container of the pod last started (empty while none runs)."""
    if pod is None:
        return ()
    return tuple(((s.get("state") or {}).get("running") or {}).get("startedAt", "")
                 for s in (pod.get("status") or {}).get("containerStatuses") or ()
                 if "running" in (s.get("state") or {}))


def _yaml_scalar(text: str, key: str, indented: bool = False) -> str:
    pattern = rf"^\s+{key}:\s*(.*)$" if indented else rf"^{key}:\s*(.*)$"
    match = re.search(pattern, text, re.MULTILINE)
    if not match:
        return ""
    return match.group(1).strip().strip('"').strip("'")


def _ip_key(ip: str) -> tuple:
    return tuple(int(p) if p.isdigit() else 0 for p in ip.split("."))
