"""What a pod's servers answer: HTTP GET and TCP connects at a pod's port, at a moment.

`answer(world, port, path, at)` gives the (status, body, content type) a real server would
send, or None when nothing listens (connection refused). nginx, httpd, `python -m
http.server` and `busybox httpd` serve files from their document root as the container sees
it then (so a postStart `sed` or a sidecar writing into a shared emptyDir shows up);
hello-app, serve_hostname and agnhost answer what those programs answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import images


@dataclass(frozen=True)
class Answer:
    status: int
    body: str
    content_type: str = "text/html"
    server: str = ""


def _error_page(status: int, text: str, server: str) -> str:
    if server.startswith("nginx"):
        return (f"<html>\r\n<head><title>{status} {text}</title></head>\r\n<body>\r\n<center><h1>{status} {text}"
                f"</h1></center>\r\n<hr><center>{server}</center>\r\n</body>\r\n</html>\r\n")
    if server.startswith("Apache"):
        return ('<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n'
                f"<title>{status} {text}</title>\n</head><body>\n<h1>{text}</h1>\n"
                "<p>The requested URL was not found on this server.</p>\n</body></html>\n")
    return f"{status} {text}\n"


def _file_answer(fs, docroot: str, path: str, server: str, listing: bool) -> Answer:
    path = path.split("?", 1)[0] or "/"
    full = docroot.rstrip("/") + "/" + path.lstrip("/")
    node = fs.lookup(full)
    if node is not None and node.is_dir:
        index = fs.lookup(full.rstrip("/") + "/index.html")
        if index is not None and not index.is_dir:
            return Answer(200, index.data.decode(errors="replace"), server=server)
        if listing:
            names = "".join(f'<li><a href="{n}">{n}</a></li>\n' for n in fs.listdir(full))
            return Answer(200, f"<!DOCTYPE HTML>\n<html>\n<body>\n<ul>\n{names}</ul>\n</body>\n</html>\n",
                          server=server)
        return Answer(403, _error_page(403, "Forbidden", server), server=server)
    if node is None:
        return Answer(404, _error_page(404, "Not Found", server), server=server)
    content_type = "text/plain" if not full.endswith((".html", ".htm")) else "text/html"
    return Answer(200, node.data.decode(errors="replace"), content_type, server)


def answer(world, port: int, path: str, at: int) -> Answer | None:
    found = world.listening(port, at)
    if found is None:
        return None
    name, attempt, served = found
    fs = world.filesystem(name, attempt)
    kind = served.kind
    pod_name = world.pod["metadata"]["name"]
    written = next((c.get("image", "") for c in world.pod["spec"]["containers"] if c["name"] == name), "")
    if kind == "nginx":
        version = images.nginx_version(written)
        return _file_answer(fs, served.docroot, path, f"nginx/{version}", listing=False)
    if kind == "httpd":
        return _file_answer(fs, served.docroot, path, "Apache/2.4.65 (Unix)", listing=False)
    if kind in ("python-http", "busybox-httpd"):
        return _file_answer(fs, served.docroot, path, "SimpleHTTP/0.6 Python/3.13.9", listing=kind == "python-http")
    if kind == "hello-app":
        version = "2.0.0" if written.endswith(":2.0") else "1.0.0"
        return Answer(200, f"Hello, world!\nVersion: {version}\nHostname: {pod_name}\n", "text/plain")
    if kind == "hello-go":
        return Answer(200, '{"message":"Hello"}', "application/json")  # google-samples/hello-go-gke
    if kind == "node-hello":
        return Answer(200, "Hello Kubernetes!", "text/plain")  # gcr.io/google-samples/node-hello's server.js
    if kind == "serve-hostname":
        return Answer(200, pod_name, "text/plain")
    if kind == "agnhost":
        return _agnhost(served, path, at, pod_name)
    return Answer(400, "", "text/plain")  # a TCP server that does not speak HTTP


def _agnhost(served, path: str, at: int, pod_name: str) -> Answer:
    sub = served.argv[1] if len(served.argv) > 1 else ""
    if sub == "liveness":
        # agnhost liveness: /healthz answers 200 for the first 10 seconds, then 500.
        elapsed = (at - served.since) / 1000
        if path.startswith("/healthz") and elapsed >= 10:
            return Answer(500, f"error: {elapsed:.6f}", "text/plain")
        return Answer(200, "ok", "text/plain")
    if sub == "serve-hostname" or path.startswith("/hostname"):  # serve-hostname answers every path
        return Answer(200, pod_name, "text/plain")
    return Answer(200, "NOW: 2026-01-01 00:00:00.000000000 +0000 UTC m=+0.000000001", "text/plain")


def connects(world, port: int, at: int) -> bool:
    return world.listening(port, at) is not None
