"""The simulated network: where a connection to IP:port from somewhere ends up, and the HTTP
exchange over it. `Network` is what a cluster holds as `cluster.network`.

Who can reach what follows a kind cluster seen from the host: the workstation reaches node
addresses (172.18.0.x), LoadBalancer addresses, external IPs and the fixed internet, and
its own 127.0.0.1 (where `kubectl proxy` and `port-forward` listen); ClusterIPs and pod
addresses are not routed outside the cluster, so from the workstation they time out. Pods
and nodes reach everything; a ClusterIP is handled by kube-proxy on the asker's node.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import backends, internet, ipam
from .addresses import AddressBook
from .dns import ClusterDNS, parse_resolv_conf, search_path
from .http import CONNECT_TIMEOUT_MS, NetError, Request, Response, Trace
from .kubeproxy import KubeProxy

WORKSTATION_IP = "172.18.0.1"   # the docker bridge's gateway: how nodes see the host
SA_NAMESPACE = "/var/run/secrets/kubernetes.io/serviceaccount/namespace"


@dataclass(frozen=True)
class Origin:
    """Where a request starts: the workstation, a pod, or a node."""

    kind: str                              # workstation, pod, node
    ip: str
    node: str = ""
    pod: tuple[str, str] | None = None     # (namespace, name)
    search: tuple[str, ...] = ()
    ndots: int = 5
    nameserver: str = ""
    flavour: str = "bind"                  # which nslookup: busybox or bind

    @property
    def id(self) -> str:
        if self.pod:
            return f"pod/{self.pod[0]}/{self.pod[1]}"
        return f"node/{self.node}" if self.kind == "node" else "client/workstation"


@dataclass
class Cert:
    """The certificate a TLS server presents, as far as curl's checks care."""

    subject: str
    issuer: str
    names: tuple[str, ...] = ()
    trust: str = "public"     # public, kubernetes-ca, self-signed, or user-ca:<issuer>
    organization: str = ""    # the O= of subject and issuer, when they carry one

    def dn(self, cn: str) -> str:
        """A name as curl prints it (`O=Acme Co; CN=...`)."""
        return (f"O={self.organization}; " if self.organization else "") + f"CN={cn}"


@dataclass
class Exchange:
    request: Request
    trace: Trace
    ip: str = ""
    response: Response | None = None
    error: NetError | None = None
    cert: Cert | None = None
    answer_chain: list = field(default_factory=list)


@dataclass(frozen=True)
class Target:
    kind: str            # pod, ingress, apiserver, internet, forward
    pod: dict | None = None
    port: int = 0
    node: str = ""
    host: object = None


class Network:
    def __init__(self, cluster) -> None:
        self.cluster = cluster
        self.store = cluster.store
        self.book = AddressBook(cluster.store)
        self.proxy = KubeProxy(cluster)
        self.dns = ClusterDNS(cluster)
        self.traces: list[Trace] = []
        self.answers: dict = {}  # pod answers memoized by backends (derived, never snapshotted)

    # -- who is asking -----------------------------------------------------------------------
    def workstation(self) -> Origin:
        return Origin("workstation", WORKSTATION_IP, search=(), nameserver="127.0.0.53")

    def origin_of(self, inv) -> Origin:
        """The workstation, or the pod whose container runs this command."""
        if inv.shell is self.cluster.shell or inv.fs is self.cluster.shell.fs:
            return self.workstation()
        fs = inv.fs
        name = _read(fs, "/etc/hostname").strip()
        nameserver, search, ndots = parse_resolv_conf(_read(fs, "/etc/resolv.conf"))
        ns = _read(fs, SA_NAMESPACE).strip() or (search[0].split(".")[0] if search else "default")
        pod = self.store.get("pods", ns, name)
        # bind-tools (dig) bring bind's nslookup, which replaces busybox's applet (agnhost).
        bind = fs.lookup("/usr/bin/dig") is not None
        flavour = "busybox" if fs.lookup("/usr/bin/busybox") is not None and not bind else "bind"
        if pod is None:
            return Origin("pod", "", search=search or search_path(ns), ndots=ndots,
                          nameserver=nameserver or ipam.DNS_IP, flavour=flavour)
        return self.pod_origin(pod, flavour, nameserver, search, ndots)

    def pod_origin(self, pod: dict, flavour: str = "busybox", nameserver: str = "", search: tuple = (),
                   ndots: int = 5) -> Origin:
        ns = pod["metadata"].get("namespace", "default")
        return Origin("pod", (pod.get("status") or {}).get("podIP", ""), (pod.get("spec") or {}).get("nodeName", ""),
                      (ns, pod["metadata"]["name"]), search or search_path(ns), ndots,
                      nameserver or ipam.DNS_IP, flavour)

    def node_origin(self, node: str) -> Origin:
        return Origin("node", self.book.node_ip(node) or "", node, search=(), nameserver=ipam.DNS_IP)

    # -- names ---------------------------------------------------------------------------------
    def resolve(self, origin: Origin, name: str):
        """Resolve as the origin's resolver would (cluster DNS for pods, the host's otherwise)."""
        if name.lower() == "localhost":
            from .dns import Answer
            return Answer("localhost", addresses=["127.0.0.1"], authoritative=False)
        if origin.kind != "workstation" and not ipam.is_ip(name) and not self.dns_reachable():
            from .dns import Answer
            return Answer(name, "TIMEOUT")
        return self.dns.resolve(name, origin.search, origin.ndots, cluster_dns=origin.kind != "workstation")

    def dns_reachable(self) -> bool:
        """Cluster DNS is CoreDNS pods behind kube-dns: with none ready, queries go unanswered."""
        svc = self.store.get("services", "kube-system", "kube-dns")
        if svc is None:
            return False
        port = next((p for p in (svc.get("spec") or {}).get("ports") or () if p.get("protocol") == "UDP"), None)
        return port is not None and bool(self.proxy.usable(self.proxy.endpoints(svc, port)))

    # -- one HTTP exchange ---------------------------------------------------------------------
    def request(self, origin: Origin, req: Request, ip: str | None = None, verify=None, answer=None) -> Exchange:
        """Send `req` from `origin`; `ip` skips name resolution (curl --resolve); `verify(cert)`
        may raise NetError("tls") to refuse the server's certificate before anything is sent."""
        trace = Trace(f"{req.method} {req.scheme}://{req.host}:{req.port}{req.path}", at=self.cluster.clock.now)
        trace.add("client", origin.id, origin.ip or origin.kind, f"the request starts at the {origin.kind}")
        ex = Exchange(req, trace)
        try:
            if ip is None or answer is not None:
                answer = answer or self.resolve(origin, req.host)
                if not answer.found:
                    trace.add("dns", "dns", req.host, "the name does not resolve (NXDOMAIN)")
                    raise NetError("resolve")
                ip = answer.addresses[0]
                if ip != req.host:
                    trace.add("dns", "svc/kube-system/kube-dns" if origin.kind != "workstation" else "dns",
                              f"{answer.name} -> {ip}", "resolved by " + (
                                  "CoreDNS (kube-dns 10.96.0.10)" if origin.kind != "workstation" else
                                  "the workstation's resolver"))
            ex.ip = ip
            target = self.connect(origin, ip, req.port, trace)
            if req.scheme == "https":
                ex.cert = self._tls(target, req)
                if verify is not None:
                    verify(ex.cert)
            ex.response = self._serve(origin, target, req, trace)
            if ex.cert is not None and target.kind in ("ingress", "apiserver"):
                ex.response = as_http2(ex.response)
            trace.outcome = f"{ex.response.status} {ex.response.reason}".rstrip()
        except NetError as err:
            ex.error = err
            trace.outcome = {"refused": "connection refused", "timeout": "connection timed out",
                             "resolve": "could not resolve host", "tls": "TLS handshake failed",
                             "empty": "empty reply"}.get(err.kind, err.kind)
        self.traces.append(trace)
        del self.traces[:-50]
        return ex

    @property
    def last_trace(self) -> Trace | None:
        return self.traces[-1] if self.traces else None

    # -- where a connection goes ------------------------------------------------------------
    def connect(self, origin: Origin, ip: str, port: int, trace: Trace) -> Target:
        book = self.book.ready()
        if ip in ("127.0.0.1", "::1"):
            return self._loopback(origin, port, trace)
        if origin.kind == "workstation" and ip == WORKSTATION_IP:
            return self._loopback(origin, port, trace, ip)
        if ip in book.node_ips:
            return self._at_node(origin, book.node_ips[ip], ip, port, trace)
        if ip in book.cluster_ips:
            return self._cluster_ip(origin, ip, port, trace)
        if ip in book.lb_ips:
            return self._external(origin, book.lb_ips[ip], ip, port, trace, "LoadBalancer ingress")
        if ip in book.external_ips:
            return self._external(origin, book.external_ips[ip][0], ip, port, trace, "externalIP")
        pods = [p for p in book.pods_at(ip) if not (p.get("spec") or {}).get("hostNetwork")]
        if pods:
            if origin.kind == "workstation":
                trace.add("route", "client/workstation", ip, "pod addresses (10.244.0.0/16) are not routed "
                                                              "outside the cluster: no answer")
                raise NetError("timeout", elapsed_ms=CONNECT_TIMEOUT_MS)
            pod = pods[0]
            trace.add("pod", _pod_id(pod), f"{ip}:{port}", "a pod address: straight to the pod over the pod network")
            return Target("pod", pod, port)
        host = internet.at(ip)
        if host is not None:
            trace.add("internet", f"net/{host.name}", f"{ip}:{port}", "outside the cluster, through NAT")
            if port not in host.ports:
                raise NetError("refused")
            return Target("internet", port=port, host=host)
        trace.add("route", origin.id, ip, "nothing answers at this address")
        raise NetError("timeout", elapsed_ms=CONNECT_TIMEOUT_MS)

    def _loopback(self, origin: Origin, port: int, trace: Trace, ip: str = "127.0.0.1") -> Target:
        if origin.kind == "workstation":
            forwards = getattr(self.cluster, "forwards", None)
            fwd = forwards.listening(port, ip) if forwards is not None else None
            if fwd is None and port in (80, 443) and ip == "127.0.0.1":
                trace.add("route", "client/workstation", f"127.0.0.1:{port}",
                          "kind maps the host's ports 80 and 443 to kind-control-plane (extraPortMappings)")
                return self._at_node(origin, "kind-control-plane", ipam.API_SERVER_IP, port, trace)
            if fwd is None:
                trace.add("route", "client/workstation", f"{ip}:{port}", "nothing listens on this port")
                raise NetError("refused")
            trace.add("forwarder", f"fwd/{fwd['id']}", f"127.0.0.1:{port}", f"kubectl {fwd['kind']} listens here")
            return Target("forward", port=port, host=fwd)
        if origin.pod:
            pod = self.store.get("pods", *origin.pod)
            if pod is not None:
                trace.add("pod", _pod_id(pod), f"127.0.0.1:{port}", "localhost: the pod's own network namespace")
                return Target("pod", pod, port)
        raise NetError("refused")

    def _at_node(self, origin: Origin, node: str, ip: str, port: int, trace: Trace) -> Target:
        book = self.book
        trace.add("node", f"node/{node}", f"{ip}:{port}", f"{ip} is node {node}")
        key = book.node_ports.get(port)
        if key is not None:
            svc = self.store.get("services", *key)
            svc_port = next((p for p in (svc.get("spec") or {}).get("ports") or () if p.get("nodePort") == port), None)
            if svc is not None and svc_port is not None:
                trace.add("service", _svc_id(svc), f"NodePort {port}",
                          f"kube-proxy on {node} matches node port {port} of {key[0]}/{key[1]} (KUBE-NODEPORTS)")
                ep = self.proxy.route(node, svc, svc_port, origin.ip, True, trace, f"{ip}:{port}")
                return self._to_endpoint(svc, ep, trace)
        host_port = self._host_port(node, port)
        if host_port is not None:
            pod, container_port = host_port
            if _is_ingress_controller(pod):
                trace.add("ingress", _pod_id(pod), f"hostPort {port} -> {container_port}",
                          f"the ingress-nginx controller on {node} holds hostPort {port}")
                return Target("ingress", pod, container_port, node)
            trace.add("pod", _pod_id(pod), f"hostPort {port} -> {pod['status'].get('podIP')}:{container_port}",
                      f"hostPort {port} on {node} is mapped to the pod (CNI portmap)")
            return Target("pod", pod, container_port, node)
        if ip == ipam.API_SERVER_IP and port == ipam.API_SERVER_PORT:
            trace.add("apiserver", "apiserver", f"{ip}:{port}", "kube-apiserver listens on the control plane")
            return Target("apiserver", port=port, node=node)
        for pod in book.pods_at(ip):
            if (pod.get("spec") or {}).get("hostNetwork") and _declares_port(pod, port):
                trace.add("pod", _pod_id(pod), f"{ip}:{port}", "a hostNetwork pod listens on the node's address")
                return Target("pod", pod, port, node)
        trace.add("node", f"node/{node}", f"{ip}:{port}", "nothing listens on this port of the node: RST")
        raise NetError("refused")

    def _host_port(self, node: str, port: int) -> tuple[dict, int] | None:
        for pod in self.store.list("pods"):
            spec = pod.get("spec") or {}
            if spec.get("nodeName") != node or pod["metadata"].get("deletionTimestamp"):
                continue
            for container in spec.get("containers") or ():
                for p in container.get("ports") or ():
                    if p.get("hostPort") == port and p.get("protocol", "TCP") == "TCP":
                        return pod, p.get("containerPort", port)
        return None

    def _cluster_ip(self, origin: Origin, ip: str, port: int, trace: Trace) -> Target:
        key = self.book.cluster_ips[ip]
        svc = self.store.get("services", *key)
        if origin.kind == "workstation":
            trace.add("route", "client/workstation", f"{ip}:{port}",
                      "ClusterIPs (10.96.0.0/12) exist only in kube-proxy's rules on the nodes: no route "
                      "from the workstation")
            raise NetError("timeout", elapsed_ms=CONNECT_TIMEOUT_MS)
        node = origin.node
        svc_port = next((p for p in (svc.get("spec") or {}).get("ports") or ()
                         if p.get("port") == port and p.get("protocol", "TCP") == "TCP"), None)
        mode = self.proxy.mode(node)
        if svc_port is None:
            trace.add("kube-proxy", f"node/{node}", f"{mode} on {node}",
                      f"{key[0]}/{key[1]} has no port {port}: no rule matches" +
                      (" and the packet is lost" if mode == "iptables" else ", so it is rejected"))
            raise NetError("timeout" if mode == "iptables" else "refused", elapsed_ms=CONNECT_TIMEOUT_MS)
        trace.add("service", _svc_id(svc), f"{ip}:{port}", f"ClusterIP of {key[0]}/{key[1]} (KUBE-SERVICES)")
        ep = self.proxy.route(node, svc, svc_port, origin.ip, False, trace, f"{ip}:{port}")
        return self._to_endpoint(svc, ep, trace)

    def _external(self, origin: Origin, key: tuple[str, str], ip: str, port: int, trace: Trace,
                  what: str) -> Target:
        svc = self.store.get("services", *key)
        spec = svc.get("spec") or {}
        svc_port = next((p for p in spec.get("ports") or () if p.get("port") == port), None)
        node = origin.node if origin.kind != "workstation" else self._entry_node(svc, svc_port)
        trace.add("service", _svc_id(svc), f"{ip}:{port}", f"{what} of {key[0]}/{key[1]}; enters at node {node}")
        if svc_port is None:
            raise NetError("refused")
        ep = self.proxy.route(node, svc, svc_port, origin.ip, True, trace, f"{ip}:{port}")
        return self._to_endpoint(svc, ep, trace)

    def _entry_node(self, svc: dict, svc_port: dict | None) -> str:
        """The node a load balancer or a routed external IP delivers to: with Local traffic
        policy one that has an endpoint (the health check), else the first schedulable worker."""
        nodes = [n["metadata"]["name"] for n in self.store.list("nodes")]
        if (svc.get("spec") or {}).get("externalTrafficPolicy") == "Local" and svc_port is not None:
            local = {e.node for e in self.proxy.usable(self.proxy.endpoints(svc, svc_port))}
            for name in nodes:
                if name in local:
                    return name
        workers = [n for n in nodes if n != "kind-control-plane"]
        return (workers or nodes)[0]

    def _to_endpoint(self, svc: dict, ep, trace: Trace) -> Target:
        ns = svc["metadata"].get("namespace", "default")
        trace.add("endpoint", f"ep/{ns}/{svc['metadata']['name']}/{ep.address}", ep.address,
                  "DNAT to the chosen endpoint" + (f" (pod {ep.pod[1]})" if ep.pod else " (not a pod)"))
        if ep.pod is not None:
            pod = self.store.get("pods", *ep.pod)
            if pod is not None:
                trace.add("pod", _pod_id(pod), f"{ep.ip}:{ep.port}", f"on node {pod['spec'].get('nodeName', '?')}")
                return Target("pod", pod, ep.port)
        origin = self.node_origin(ep.node) if ep.node else Origin("node", "", "")
        return self.connect(origin, ep.ip, ep.port, trace)

    # -- what answers -------------------------------------------------------------------------
    def _tls(self, target: Target, req: Request) -> Cert:
        if target.kind == "ingress":
            from . import ingress
            return ingress.certificate(self.cluster, req.sni or req.host_header)
        if target.kind == "apiserver":
            return Cert("kube-apiserver", "kubernetes", ("kubernetes", "kubernetes.default",
                                                         "kubernetes.default.svc",
                                                         "kubernetes.default.svc.cluster.local",
                                                         "kind-control-plane", "localhost", "10.96.0.1",
                                                         ipam.API_SERVER_IP, "127.0.0.1"), "kubernetes-ca")
        if target.kind == "internet":
            return Cert(target.host.name, "DigiCert Global G3 TLS ECC SHA384 2020 CA1", (target.host.name,))
        raise NetError("tls", "OpenSSL/3.0.17: error:0A00010B:SSL routines::wrong version number")

    def _serve(self, origin: Origin, target: Target, req: Request, trace: Trace) -> Response:
        if target.kind == "pod":
            response = backends.pod_answer(self.cluster, target.pod, target.port, req)
            if response is None:
                trace.add("pod", _pod_id(target.pod), f":{target.port}", "nothing listens on this port in the pod")
                raise NetError("refused")
            return response
        if target.kind == "ingress":
            from . import ingress
            return ingress.handle(self, origin, target, req, trace)
        if target.kind == "apiserver":
            from . import apiserver_http
            return apiserver_http.handle(self.cluster, req, trace)
        if target.kind == "forward":
            from . import forwarders
            return forwarders.handle(self, target.host, req, trace)
        host = target.host
        page = host.pages.get(req.path.split("?")[0])
        if page is None:
            return Response(404, "", [("Content-Type", "text/html"), ("Content-Length", "0")])
        return Response(200, page if req.method != "HEAD" else "",
                        [("Content-Type", "text/html"), ("Server", host.server),
                         ("Content-Length", str(len(page.encode())))])


def as_http2(response: Response) -> Response:
    """nginx and the API server speak HTTP/2 to curl over TLS (ALPN h2): lower-case header
    names, no reason phrase, no Connection header."""
    headers = [(k.lower(), v) for k, v in response.headers if k.lower() != "connection"]
    out = Response(response.status, response.body, headers, version="HTTP/2")
    out.reason = ""
    return out


def _read(fs, path: str) -> str:
    node = fs.lookup(path)
    if node is None or node.is_dir:
        return ""
    return node.data.decode(errors="replace")


def _pod_id(pod: dict) -> str:
    return f"pod/{pod['metadata'].get('namespace', 'default')}/{pod['metadata']['name']}"


def _svc_id(svc: dict) -> str:
    return f"svc/{svc['metadata'].get('namespace', 'default')}/{svc['metadata']['name']}"


def _is_ingress_controller(pod: dict) -> bool:
    return (pod["metadata"].get("labels") or {}).get("app.kubernetes.io/name") == "ingress-nginx"


def _declares_port(pod: dict, port: int) -> bool:
    return any(p.get("containerPort") == port for c in (pod.get("spec") or {}).get("containers") or ()
               for p in c.get("ports") or ())
