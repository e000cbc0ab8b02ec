"""HTTP as the simulated network carries it: requests, responses, failures and the trace.

Every request records its hops (client -> node:port -> the kube-proxy rule chosen -> Service
-> endpoint -> pod:containerPort, or ingress controller -> rule -> Service -> pod) with the
reason for each choice. The UI reads a `Trace` as data (`as_dict()`), and `diagrams.py`
draws it; node ids in a trace are the same ids the topology diagram uses.
"""

from __future__ import annotations

from dataclasses import dataclass, field

CONNECT_TIMEOUT_MS = 133_000  # Linux gives up a SYN after ~133 s (tcp_syn_retries=6)
REASONS = {200: "OK", 201: "Created", 204: "No Content", 301: "Moved Permanently", 302: "Found",
           304: "Not Modified", 307: "Temporary Redirect", 308: "Permanent Redirect", 400: "Bad Request",
           401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
           500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Temporarily Unavailable",
           504: "Gateway Time-out"}


@dataclass
class Request:
    method: str = "GET"
    scheme: str = "http"
    host: str = ""            # what the URL names (an IP or a host name)
    port: int = 80
    path: str = "/"
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: str = ""
    sni: str = ""             # the TLS server name (the URL's host, or --resolve's)
    client_cert: str = ""     # the PEM text given with --cert, if any

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    @property
    def host_header(self) -> str:
        given = self.header("Host")
        if given is not None:
            return given.split(":", 1)[0]
        return self.host


@dataclass
class Response:
    status: int
    body: str = ""
    headers: list[tuple[str, str]] = field(default_factory=list)
    reason: str = ""
    version: str = "HTTP/1.1"

    def __post_init__(self) -> None:
        if not self.reason:
            self.reason = REASONS.get(self.status, "")

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None


class NetError(Exception):
    """A connection that never carried HTTP: refused, timed out, name not found, TLS failed.

    `kind` is refused, timeout, resolve, reset, empty or tls; `detail` carries the TLS
    problem text (curl words the others itself).
    """

    def __init__(self, kind: str, detail: str = "", elapsed_ms: int = 0) -> None:
        super().__init__(kind)
        self.kind = kind
        self.detail = detail
        # A dropped connection is given up by the kernel after its SYN retries (~133 s).
        self.elapsed_ms = elapsed_ms or (CONNECT_TIMEOUT_MS if kind == "timeout" else 0)


@dataclass(frozen=True)
class Hop:
    kind: str     # client, node, kube-proxy, service, endpoint, pod, ingress, rule, apiserver, forwarder, ...
    id: str       # the diagram node id: pod/NS/NAME, svc/NS/NAME, node/NAME, ing/NS/NAME, ...
    label: str    # what the hop is, e.g. 10.244.1.5:80
    reason: str   # why the request went this way

    def as_dict(self) -> dict:
        return {"kind": self.kind, "id": self.id, "label": self.label, "reason": self.reason}


@dataclass
class Trace:
    """The path of one request, hop by hop, and how it ended."""

    request: str = ""
    hops: list[Hop] = field(default_factory=list)
    outcome: str = ""
    at: int = 0

    def add(self, kind: str, id_: str, label: str, reason: str) -> None:
        self.hops.append(Hop(kind, id_, label, reason))

    def as_dict(self) -> dict:
        return {"request": self.request, "at": self.at, "outcome": self.outcome,
                "hops": [h.as_dict() for h in self.hops]}

    def text(self) -> str:
        lines = [f"{self.request}"]
        lines += [f"  -> {h.kind} {h.label}: {h.reason}" for h in self.hops]
        lines.append(f"  = {self.outcome}")
        return "\n".join(lines) + "\n"
