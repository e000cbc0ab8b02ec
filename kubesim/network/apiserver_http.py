"""The API server as curl sees it at https://172.18.0.2:6443 (or through `kubectl proxy`).

Authentication: the kubeconfig's client certificate (`--cert`, from the notes' `grep | awk
| base64 -d` steps) is kubernetes-admin; a service account token (`Authorization: Bearer`)
is that account; a token that is not one answers 401; no credentials is `system:anonymous`,
which RBAC lets read only /healthz, /livez, /readyz and /version, so anything else is a 403
Status (fact 137). Paths: the apiserver proxy URLs
`/api/v1/namespaces/NS/services/[SCHEME:]NAME[:PORT]/proxy/PATH` and `.../pods/NAME[:PORT]
/proxy/PATH` (one endpoint picked at random; none: 503 `no endpoints available for service
"x"`), plain GET/list of any resource, and the health and version paths. JSON is indented
for curl and wget user agents, as the API server does for them.
"""

from __future__ import annotations

import base64
import json

from .. import resources as res
from ..apiserver import identity, rbac
from ..apiserver.errors import APIError, not_found
from . import backends
from .http import Request, Response, Trace
from .tools import pem

PUBLIC_PATHS = ("/healthz", "/livez", "/readyz", "/version")
VERSION = {"major": "1", "minor": "37", "emulationMajor": "1", "emulationMinor": "37",
           "minCompatibilityMajor": "1", "minCompatibilityMinor": "36", "gitVersion": "v1.37.0",
           "gitCommit": "0000000000000000000000000000000000000000", "gitTreeState": "clean",
           "buildDate": "2026-01-01T00:00:00Z", "goVersion": "go1.25.4", "compiler": "gc", "platform": "linux/amd64"}


def handle(cluster, req: Request, trace: Trace, proxied: bool = False) -> Response:
    user = identity.ADMIN if proxied else authenticate(cluster, req)
    if user is None:
        return _json(cluster, req, 401, {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                                         "message": "Unauthorized", "reason": "Unauthorized", "code": 401})
    trace.add("apiserver", "apiserver", f"{req.method} {req.path}", f"authenticated as {user.name}")
    path = req.path.split("?", 1)[0]
    if path in PUBLIC_PATHS or path.rstrip("/") in PUBLIC_PATHS:
        if path.rstrip("/") == "/version":
            return _json(cluster, req, 200, VERSION)
        return _text(cluster, 200, "ok")
    parts = [p for p in path.split("/")]
    try:
        if len(parts) >= 8 and parts[1] == "api" and parts[3] == "namespaces" and parts[7] == "proxy":
            return _proxy(cluster, req, trace, user, parts)
        return _rest(cluster, req, user, parts)
    except APIError as err:
        body = err.status()
        return _json(cluster, req, err.code, body)


def authenticate(cluster, req: Request):
    if req.client_cert:
        if pem.is_kubeconfig_client_cert(req.client_cert):
            return identity.ADMIN
        return None
    auth = req.header("Authorization") or ""
    if auth.lower().startswith("bearer "):
        return _token_user(cluster, auth[7:].strip())
    return identity.ANONYMOUS


def _token_user(cluster, token: str):
    _head, _, body = token.partition(".")
    try:
        text = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        return None
    if not text.startswith("kubelab-token/"):
        return None
    _, ns, pod_name = text.split("/", 2)
    pod = cluster.store.get("pods", ns, pod_name)
    if pod is None:
        return None
    return identity.service_account(ns, (pod.get("spec") or {}).get("serviceAccountName", "default"))


def _forbidden_path(user, path: str) -> APIError:
    err = APIError(403, "Forbidden", f'forbidden: User "{user.name}" cannot get path "{path}"')
    return err


def _proxy(cluster, req: Request, trace: Trace, user, parts: list[str]) -> Response:
    ns, kind, target = parts[4], parts[5], parts[6]
    rest = "/" + "/".join(parts[8:]) if len(parts) > 8 else "/"
    pieces = target.split(":")
    if len(pieces) == 3:
        _, name, port = pieces
    elif len(pieces) == 2:
        name, port = pieces
    else:
        name, port = pieces[0], ""
    plural = {"services": "services", "pods": "pods"}.get(kind)
    if plural is None:
        raise APIError(404, "NotFound", "the server could not find the requested resource")
    r = res.BY_PLURAL[plural]
    _authorize_proxy(cluster, user, r, ns, name)
    if plural == "pods":
        pod = cluster.store.get("pods", ns, name)
        if pod is None:
            raise not_found("pods", name)
        return _to_pod(cluster, req, trace, pod, int(port) if port.isdigit() else _first_port(pod), rest)
    svc = cluster.store.get("services", ns, name)
    if svc is None:
        raise not_found("services", name)
    svc_port = _service_port(svc, port)
    if svc_port is None:
        raise APIError(503, "ServiceUnavailable", f'no service port "{port}" found for service "{name}"')
    trace.add("service", f"svc/{ns}/{name}", f"{name}:{svc_port.get('name') or svc_port.get('port')}",
              "the apiserver proxy looks up the Service's endpoints itself (no kube-proxy)")
    endpoints = cluster.network.proxy.usable(cluster.network.proxy.endpoints(svc, svc_port))
    if not endpoints:
        raise APIError(503, "ServiceUnavailable", f'no endpoints available for service "{name}"')
    ep = endpoints[cluster.streams.integer("apiserver-proxy", f"{ns}/{name}", len(endpoints))]
    trace.add("endpoint", f"ep/{ns}/{name}/{ep.address}", ep.address, f"picked at random of {len(endpoints)}")
    pod = cluster.store.get("pods", *ep.pod) if ep.pod else None
    if pod is None:
        raise APIError(503, "ServiceUnavailable", f'no endpoints available for service "{name}"')
    return _to_pod(cluster, req, trace, pod, ep.port, rest)


def _authorize_proxy(cluster, user, r, ns: str, name: str) -> None:
    req = rbac.Request("get", r.group, r.plural, ns, name, "proxy")
    if not rbac.allowed(cluster.store, user, req):
        raise APIError(403, "Forbidden", f'{r.plural} "{name}" is forbidden: {rbac.denial(user, req)}', r.plural,
                       name)


def _service_port(svc: dict, port: str) -> dict | None:
    ports = (svc.get("spec") or {}).get("ports") or []
    if port:
        return next((p for p in ports if p.get("name") == port or str(p.get("port")) == port), None)
    unnamed = [p for p in ports if not p.get("name")]
    if unnamed:
        return unnamed[0]
    return ports[0] if len(ports) == 1 else None


def _first_port(pod: dict) -> int:
    for container in (pod.get("spec") or {}).get("containers") or ():
        for port in container.get("ports") or ():
            return port.get("containerPort", 80)
    return 80


def _to_pod(cluster, req: Request, trace: Trace, pod: dict, port: int, path: str) -> Response:
    trace.add("pod", f"pod/{pod['metadata'].get('namespace', 'default')}/{pod['metadata']['name']}",
              f"{(pod.get('status') or {}).get('podIP')}:{port}", f"proxied by the API server as GET {path}")
    inner = Request(req.method, "http", (pod.get("status") or {}).get("podIP", ""), port, path, req.headers)
    answer = backends.pod_answer(cluster, pod, port, inner)
    if answer is None:
        status = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                  "message": f"error trying to reach service: dial tcp {inner.host}:{port}: connect: connection "
                             "refused", "reason": "ServiceUnavailable", "code": 503}
        return _json(cluster, req, 503, status)
    return answer


def _rest(cluster, req: Request, user, parts: list[str]) -> Response:
    path = "/".join(parts)
    if parts[1:2] == ["api"]:
        group, version, rest = "", parts[2] if len(parts) > 2 else "", parts[3:]
    elif parts[1:2] == ["apis"] and len(parts) > 3:
        group, version, rest = parts[2], parts[3], parts[4:]
    else:
        if user.is_anonymous or path not in ("/", "/api", "/apis"):
            raise _forbidden_path(user, path or "/") if user.is_anonymous else APIError(
                404, "NotFound", "the server could not find the requested resource")
        return _json(cluster, req, 200, {"paths": ["/api", "/api/v1", "/apis", "/healthz", "/livez", "/readyz",
                                                   "/version"]})
    ns = None
    if rest[:1] == ["namespaces"] and len(rest) >= 3:
        ns, rest = rest[1], rest[2:]
    rest = [p for p in rest if p]
    if not rest:
        if user.is_anonymous:
            raise _forbidden_path(user, path)
        return _json(cluster, req, 200, {"kind": "APIResourceList", "groupVersion": f"{group}/{version}".lstrip("/"),
                                         "resources": []})
    r = res.BY_PLURAL.get(rest[0])
    if r is None or r.group != group:
        raise APIError(404, "NotFound", "the server could not find the requested resource")
    if len(rest) >= 2:
        obj = cluster.api.get(r, ns or "", rest[1], user)
        return _json(cluster, req, 200, obj)
    items = cluster.api.list(r, ns, user)
    return _json(cluster, req, 200, {"kind": f"{r.kind}List", "apiVersion": r.api_version,
                                     "metadata": {"resourceVersion": str(cluster.store.resource_version)},
                                     "items": [{"kind": r.kind, "apiVersion": r.api_version, **i} for i in items]})


def _json(cluster, req: Request, status: int, body: dict) -> Response:
    agent = (req.header("User-Agent") or "").lower()
    if agent.startswith(("curl", "wget")):
        text = json.dumps(body, indent=2, ensure_ascii=False) + "\n"
    else:
        text = json.dumps(body, separators=(",", ":"), ensure_ascii=False) + "\n"
    return Response(status, text, _headers(cluster, "application/json", len(text.encode())))


def _text(cluster, status: int, text: str) -> Response:
    return Response(status, text, _headers(cluster, "text/plain; charset=utf-8", len(text.encode())))


def _headers(cluster, content_type: str, length: int) -> list[tuple[str, str]]:
    return [("Audit-Id", cluster.streams.uid("audit-id")), ("Cache-Control", "no-cache, private"),
            ("Content-Type", content_type), ("X-Content-Type-Options", "nosniff"),
            ("Date", backends.http_date(cluster.clock.now)), ("Content-Length", str(length))]
