"""ingress-nginx (controller v1.15) for networking.k8s.io/v1 Ingresses.

The controller serves every Ingress of its class (`nginx`, the default IngressClass, so
class-less Ingresses too). Rules of all Ingresses are merged per host, as nginx servers: a
request goes to the server of its Host header (exact, or a `*.` wildcard matching one label),
else to the catch-all server that holds host-less rules. Within a server the longest
matching path wins, `Exact` before `Prefix` on a tie; `Prefix` matches whole path elements;
`ImplementationSpecific` is nginx's own prefix match (a regex with `use-regex` or
`rewrite-target`). Paths and defaultBackends with a `resource` backend are skipped. No match: the Ingress's `defaultBackend`, else the controller's default
backend (404). Plain HTTP to a location whose Ingress has TLS for the host (or
`force-ssl-redirect: "true"`) is answered `308 Permanent Redirect`, unless `ssl-redirect:
"false"`. A backend Service that is missing or has no ready endpoint gives 503. HTTPS uses
the Ingress's TLS Secret when it covers the SNI name, else the "Kubernetes Ingress
Controller Fake Certificate". ingress-nginx clears the Server header (server-tokens off), so
its own pages end in a bare "nginx".

Read, not copied: kubernetes/ingress-nginx docs/user-guide (tls.md, ingress-path-matching.md,
nginx-configuration/annotations.md, configmap.md), internal/ingress/controller/controller.go
(servers and locations from Ingresses), rootfs/etc/nginx/template/nginx.tmpl (redirects,
HSTS, more_clear_headers Server), internal/net/ssl/ssl.go (the fake certificate).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

import re2

from . import backends
from .http import Request, Response, Trace

PREFIX = "nginx.ingress.kubernetes.io/"
FAKE_CN = "Kubernetes Ingress Controller Fake Certificate"
FAKE_O = "Acme Co"   # internal/net/ssl/ssl.go: the fake certificate's subject and issuer organization
STATUS_PERIOD_MS = 60_000
STATUS_EVENT = "network.ingress-status"
STATUS_ADDRESS = "localhost"   # kind's ingress-nginx: --publish-status-address=localhost


def error_page(status: int, reason: str) -> str:
    return (f"<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n<center><h1>{status} {reason}"
            f"</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n")


@dataclass
class Location:
    ingress: dict
    host: str                 # "" for the catch-all server
    path: str
    path_type: str
    backend: dict
    rule_index: int
    path_index: int

    @property
    def id(self) -> str:
        meta = self.ingress["metadata"]
        return f"ing/{meta.get('namespace', 'default')}/{meta['name']}"

    def annotation(self, name: str) -> str | None:
        return (self.ingress["metadata"].get("annotations") or {}).get(PREFIX + name)


# -- which Ingresses are ours ------------------------------------------------------------------

def ours(cluster, ing: dict) -> bool:
    name = (ing.get("spec") or {}).get("ingressClassName")
    legacy = (ing["metadata"].get("annotations") or {}).get("kubernetes.io/ingress.class")
    wanted = name or legacy
    if wanted:
        cls = cluster.store.get("ingressclasses", "", wanted)
        return wanted == "nginx" or ((cls or {}).get("spec") or {}).get("controller") == "k8s.io/ingress-nginx"
    for cls in cluster.store.list("ingressclasses"):
        annotations = cls["metadata"].get("annotations") or {}
        if annotations.get("ingressclass.kubernetes.io/is-default-class") == "true" and (
                (cls.get("spec") or {}).get("controller") == "k8s.io/ingress-nginx"):
            return True
    return False


def served(cluster) -> list[dict]:
    return [i for i in cluster.store.list("ingresses") if ours(cluster, i)
            and not i["metadata"].get("deletionTimestamp")]


# -- matching -----------------------------------------------------------------------------------

def host_matches(rule_host: str, host: str) -> bool:
    if rule_host.startswith("*."):
        rest = rule_host[2:]
        return host.endswith("." + rest) and "." not in host[: -len(rest) - 1]
    return rule_host == host


def locations_for(ingresses: list[dict], host: str) -> tuple[str, list[Location]]:
    """The server a Host header lands on ("" = catch-all) and its locations."""
    by_host: dict[str, list[Location]] = {}
    for ing in ingresses:
        for r, rule in enumerate((ing.get("spec") or {}).get("rules") or ()):
            rule_host = rule.get("host") or ""
            for p, path in enumerate(((rule.get("http") or {}).get("paths")) or ()):
                if not (path.get("backend") or {}).get("service"):
                    continue  # resource backends: ingress-nginx skips the path (the default backend answers)
                by_host.setdefault(rule_host, []).append(Location(
                    ing, rule_host, path.get("path") or "/", path.get("pathType", "ImplementationSpecific"),
                    path.get("backend") or {}, r, p))
    if host in by_host:
        return host, by_host[host]
    wild = sorted((h for h in by_host if h.startswith("*.") and host_matches(h, host)), key=len, reverse=True)
    if wild:
        return wild[0], by_host[wild[0]]
    return "", by_host.get("", [])


def path_matches(loc: Location, path: str) -> bool:
    path = path.split("?", 1)[0] or "/"
    if loc.path_type == "Exact":
        return path == loc.path
    if loc.path_type == "Prefix":
        want = [p for p in loc.path.split("/") if p]
        have = [p for p in path.split("/") if p]
        return have[: len(want)] == want
    if _uses_regex(loc):
        regex = _regex(loc.path)
        return regex is not None and regex.match(path) is not None
    return path.startswith(loc.path)


def best_location(locations: list[Location], path: str) -> Location | None:
    matching = [loc for loc in locations if path_matches(loc, path)]
    if not matching:
        return None
    return max(matching, key=lambda loc: (len(loc.path), loc.path_type == "Exact"))


def _uses_regex(loc: Location) -> bool:
    return loc.annotation("use-regex") == "true" or loc.annotation("rewrite-target") is not None


def _regex(pattern: str):
    options = re2.Options()
    options.log_errors = False
    try:
        return re2.compile(pattern, options)
    except re2.error:
        return None


def rewritten(loc: Location, path: str) -> str:
    target = loc.annotation("rewrite-target")
    if target is None:
        return path
    regex = _regex(loc.path)
    match = regex.match(path) if regex is not None else None
    if match is None:
        return path
    out = target
    for i in range(9, 0, -1):
        group = match.group(i) if i <= (regex.groups or 0) else ""
        out = out.replace(f"${i}", group or "")
    rest = path[match.end():]
    return (out + rest) or "/"


# -- TLS ----------------------------------------------------------------------------------------

@dataclass
class TLSMatch:
    ingress: dict
    secret: dict | None


def tls_for(cluster, ingresses: list[dict], host: str) -> TLSMatch | None:
    for ing in ingresses:
        for entry in (ing.get("spec") or {}).get("tls") or ():
            hosts = entry.get("hosts") or []
            if (not hosts and not host) or any(host_matches(h, host) for h in hosts):
                secret = None
                if entry.get("secretName"):
                    secret = cluster.store.get("secrets", ing["metadata"].get("namespace", "default"),
                                               entry["secretName"])
                    if secret is not None and not _valid_tls_secret(secret):
                        secret = None
                return TLSMatch(ing, secret)
    return None


def _valid_tls_secret(secret: dict) -> bool:
    data = secret.get("data") or {}
    return bool(data.get("tls.crt")) and bool(data.get("tls.key"))


def certificate(cluster, sni: str):
    """The certificate the controller presents for `sni`."""
    from .fabric import Cert
    from .tools.pem import describe

    match = tls_for(cluster, served(cluster), sni)
    if match is None or match.secret is None:
        return Cert(FAKE_CN, FAKE_CN, ("ingress.local",), "self-signed", FAKE_O)
    try:
        pem = base64.b64decode(match.secret["data"]["tls.crt"]).decode(errors="replace")
    except (ValueError, TypeError):
        return Cert(FAKE_CN, FAKE_CN, ("ingress.local",), "self-signed", FAKE_O)
    info = describe(pem)
    names = tuple(info.get("san") or ([info["cn"]] if info.get("cn") else []))
    if info.get("issuer") == info.get("subject"):
        return Cert(info.get("cn", sni), info.get("issuer_cn", sni), names, "self-signed")
    return Cert(info.get("cn", sni), info.get("issuer_cn", ""), names, f"user-ca:{info.get('issuer_cn', '')}")


# -- serving -------------------------------------------------------------------------------------

def handle(net, origin, target, req: Request, trace: Trace) -> Response:
    cluster = net.cluster
    https = target.port == 443
    host = req.host_header.lower()
    ingresses = served(cluster)
    server, locations = locations_for(ingresses, host)
    loc = best_location(locations, req.path)
    server_text = f'server "{server or "_"}"'
    if loc is None:
        fallback = _default_backend(ingresses, server)
        if fallback is None:
            trace.add("ingress", target.pod and f"pod/ingress-nginx/{target.pod['metadata']['name']}" or "ingress",
                      server_text, f"no rule matches {host}{req.path}: the controller's default backend answers 404")
            return _page(cluster, 404, "Not Found")
        ing, backend = fallback
        trace.add("rule", f"ing/{ing['metadata'].get('namespace', 'default')}/{ing['metadata']['name']}",
                  "defaultBackend", f"no rule matches {host}{req.path}: the Ingress's defaultBackend")
        return _proxy(net, ing, backend, req, req.path, trace, https)
    trace.add("rule", loc.id, f"{loc.host or '*'}{loc.path} ({loc.path_type})",
              f"{server_text}: the longest matching path of rules[{loc.rule_index}].http.paths[{loc.path_index}]")
    if not https and _redirects(cluster, ingresses, loc, host):
        location = f"https://{req.host_header}{req.path}"
        trace.add("ingress", loc.id, "308 Permanent Redirect", "TLS applies to this host (or force-ssl-redirect): "
                                                              "plain HTTP is redirected to HTTPS")
        response = _page(cluster, 308, "Permanent Redirect")
        response.headers.append(("Location", location))
        return response
    response = _proxy(net, loc.ingress, loc.backend, req, rewritten(loc, req.path.split("?", 1)[0]), trace, https,
                      loc.annotation("backend-protocol") or "HTTP")
    if https and tls_for(cluster, ingresses, host) is not None:
        response.headers.append(("Strict-Transport-Security", "max-age=31536000; includeSubDomains"))
    return response


def _redirects(cluster, ingresses: list[dict], loc: Location, host: str) -> bool:
    if loc.annotation("force-ssl-redirect") == "true":
        return True
    if loc.annotation("ssl-redirect") == "false":
        return False
    config = cluster.store.get("configmaps", "ingress-nginx", "ingress-nginx-controller")
    if ((config or {}).get("data") or {}).get("ssl-redirect") == "false":
        return False
    # TLS is matched against the rule's host: a tls entry without hosts covers host-less rules.
    return tls_for(cluster, [loc.ingress], loc.host or host) is not None or (
        not loc.host and tls_for(cluster, [loc.ingress], "") is not None)


def _default_backend(ingresses: list[dict], server: str) -> tuple[dict, dict] | None:
    for ing in ingresses:
        backend = (ing.get("spec") or {}).get("defaultBackend")
        if not backend or not backend.get("service"):
            continue
        hosts = {r.get("host") or "" for r in (ing.get("spec") or {}).get("rules") or ()}
        if not server or server in hosts:
            return ing, backend
    return None


def _proxy(net, ing: dict, backend: dict, req: Request, path: str, trace: Trace, https: bool,
           protocol: str = "HTTP") -> Response:
    cluster = net.cluster
    ns = ing["metadata"].get("namespace", "default")
    service = backend.get("service") or {}
    svc = cluster.store.get("services", ns, service.get("name", ""))
    if svc is None:
        trace.add("service", f"svc/{ns}/{service.get('name', '')}", service.get("name", "?"),
                  "the backend Service does not exist: 503")
        return _page(cluster, 503, "Service Temporarily Unavailable")
    port_ref = service.get("port") or {}
    svc_port = next((p for p in (svc.get("spec") or {}).get("ports") or ()
                     if p.get("port") == port_ref.get("number") or (
                         port_ref.get("name") and p.get("name") == port_ref.get("name"))), None)
    endpoints = net.proxy.usable(net.proxy.endpoints(svc, svc_port)) if svc_port else []
    trace.add("service", f"svc/{ns}/{svc['metadata']['name']}",
              f"{svc['metadata']['name']}:{port_ref.get('number') or port_ref.get('name')}",
              "the rule's backend; ingress-nginx sends to the endpoints directly, not to the ClusterIP")
    if not endpoints:
        trace.add("ingress", f"svc/{ns}/{svc['metadata']['name']}", "503",
                  "the backend has no ready endpoints: 503 Service Temporarily Unavailable")
        return _page(cluster, 503, "Service Temporarily Unavailable")
    state = cluster.state.setdefault("network", {}).setdefault("ingressRR", {})
    upstream = f"{ns}-{svc['metadata']['name']}-{svc_port.get('port')}"
    turn = state.get(upstream, 0)
    state[upstream] = turn + 1
    ep = endpoints[turn % len(endpoints)]
    trace.add("endpoint", f"ep/{ns}/{svc['metadata']['name']}/{ep.address}", ep.address,
              f"upstream {upstream}: round robin picks endpoint {turn % len(endpoints) + 1} of {len(endpoints)}")
    pod = cluster.store.get("pods", *ep.pod) if ep.pod else None
    if pod is None:
        return _page(cluster, 502, "Bad Gateway")
    trace.add("pod", f"pod/{pod['metadata'].get('namespace', 'default')}/{pod['metadata']['name']}",
              f"{ep.ip}:{ep.port}", f"proxied as {req.method} {path}")
    if protocol.upper() in ("HTTPS", "GRPCS"):
        return _page(cluster, 502, "Bad Gateway")  # the pod does not speak TLS
    upstream_req = Request(req.method, "http", ep.ip, ep.port, path, req.headers, req.body)
    answer = backends.pod_answer(cluster, pod, ep.port, upstream_req)
    if answer is None:
        return _page(cluster, 502, "Bad Gateway")
    headers = [(k, v) for k, v in answer.headers if k.lower() not in ("server", "connection", "date")]
    headers.insert(0, ("Date", backends.http_date(cluster.clock.now)))
    headers.append(("Connection", "keep-alive"))
    return Response(answer.status, answer.body, headers)


def _page(cluster, status: int, reason: str) -> Response:
    body = error_page(status, reason)
    return Response(status, body, [("Date", backends.http_date(cluster.clock.now)), ("Content-Type", "text/html"),
                                   ("Content-Length", str(len(body.encode()))), ("Connection", "keep-alive")],
                    reason)


# -- status: the ADDRESS column -----------------------------------------------------------------

class StatusSync:
    """Writes `status.loadBalancer` of served Ingresses on the controller's periodic sync."""

    def __init__(self, cluster) -> None:
        self.cluster = cluster
        self.queue = cluster.add_controller("ingress-nginx-status", self.sync)
        cluster.handlers[STATUS_EVENT] = lambda event: self.queue.enqueue(event.key)
        cluster.store.watch(self._on_ingress, "ingresses")

    def _on_ingress(self, change) -> None:
        if change.new is None or change.old is not None and change.old.get("spec") == change.new.get("spec"):
            return
        meta = change.new["metadata"]
        now = self.cluster.clock.now
        next_tick = (now // STATUS_PERIOD_MS + 1) * STATUS_PERIOD_MS
        self.cluster.clock.schedule(next_tick - now, STATUS_EVENT, f"{meta.get('namespace', 'default')}/{meta['name']}")

    def sync(self, key: str) -> None:
        ns, _, name = key.partition("/")
        ing = self.cluster.store.get("ingresses", ns, name)
        if ing is None:
            return
        want = {"ingress": [{"hostname": STATUS_ADDRESS}]} if ours(self.cluster, ing) else {}
        status = ing.get("status") or {}
        if (status.get("loadBalancer") or {}) == want:
            return
        self.cluster.api.update_status("ingresses", {**ing, "status": {**status, "loadBalancer": want}})


def install(cluster) -> StatusSync:
    return StatusSync(cluster)

