"""The workstation's small fixed "internet": a few named hosts with known pages.

Everything else is NXDOMAIN. Addresses are documentation-style and stable; they only need
to be the same every time, not the same as the real hosts'.
"""

from __future__ import annotations

from dataclasses import dataclass, field

EXAMPLE_PAGE = """<!doctype html>
<html>
<head>
    <title>Example Domain</title>
    <meta charset="utf-8" />
</head>
<body>
<div>
    <h1>Example Domain</h1>
    <p>This domain is for use in documentation examples without needing permission.</p>
    <p><a href="https://iana.org/domains/example">Learn more</a></p>
</div>
</body>
</html>
"""


@dataclass(frozen=True)
class Host:
    name: str
    ip: str
    pages: dict[str, str] = field(default_factory=dict)
    ports: tuple[int, ...] = (80, 443)
    server: str = "ECS (nyd/D10E)"


HOSTS: tuple[Host, ...] = (
    Host("example.com", "93.184.215.14", {"/": EXAMPLE_PAGE}),
    Host("www.example.com", "93.184.215.14", {"/": EXAMPLE_PAGE}),
    Host("example.org", "93.184.215.34", {"/": EXAMPLE_PAGE}),
    Host("kubernetes.io", "147.75.40.148", {"/": "<!doctype html><html><head><title>Kubernetes</title></head>"
                                                 "<body><h1>Production-Grade Container Orchestration</h1></body>"
                                                 "</html>\n"}, server="Netlify"),
    Host("my.database.example.com", "203.0.113.10", {}, ports=(5432, 3306)),
    Host("registry.k8s.io", "34.96.108.209", {"/": ""}, server="Google Frontend"),
)

_BY_NAME = {h.name: h for h in HOSTS}
_BY_IP = {}
for _h in HOSTS:
    _BY_IP.setdefault(_h.ip, _h)


def lookup(name: str) -> Host | None:
    return _BY_NAME.get(name.rstrip(".").lower())


def at(ip: str) -> Host | None:
    return _BY_IP.get(ip)
