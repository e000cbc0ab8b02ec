"""URLs as curl and wget take them: an optional scheme (http by default), a host, a port."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_PORTS = {"http": 80, "https": 443}


class URLError(Exception):
    pass


@dataclass(frozen=True)
class URL:
    url: str
    scheme: str
    host: str
    port: int
    path: str

    @property
    def default_port(self) -> int:
        return DEFAULT_PORTS[self.scheme]


def parse_url(text: str) -> URL:
    scheme, sep, rest = text.partition("://")
    if not sep:
        scheme, rest = "http", text
    scheme = scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise URLError(f'Protocol "{scheme}" not supported')
    authority, slash, path = rest.partition("/")
    path = "/" + path if slash else "/"
    if "?" in authority:
        authority, _, query = authority.partition("?")
        path = "/?" + query
    if "@" in authority:
        authority = authority.rsplit("@", 1)[1]
    if authority.startswith("["):
        host, _, after = authority[1:].partition("]")
        port_text = after[1:] if after.startswith(":") else ""
    else:
        host, _, port_text = authority.partition(":")
    if not host:
        raise URLError("URL rejected: No host part in the URL")
    if port_text and not port_text.isdigit():
        raise URLError("URL rejected: Port number was not a decimal number between 0 and 65535")
    port = int(port_text) if port_text else DEFAULT_PORTS[scheme]
    normal = f"{scheme}://{host}" + (f":{port}" if port_text else "") + path
    return URL(normal, scheme, host.lower(), port, path)
