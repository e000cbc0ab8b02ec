"""What a pod answers on a port: the kubelet's servers, as HTTP responses with real headers.

The kubelet owns what runs in a pod: when it is installed (`cluster.kubelet`), its
`kubelet.http_get(cluster, pod, port, path) -> serve.Answer | None` answers (None: nothing
listens, connection refused). Without a kubelet (unit tests of the network alone), the
image's default server is assumed from the image catalogue (nginx's welcome page on 80,
httpd's "It works!", hello-app on 8080, serve_hostname on 9376).
"""

from __future__ import annotations

import calendar
from datetime import UTC, datetime

from .. import clock as clk
from .http import Request, Response

# When nginx's image files were built (Last-Modified and ETag of the welcome page).
NGINX_FILES_MTIME = datetime(2025, 10, 28, 12, 5, 10, tzinfo=UTC)


def http_date(ms: int) -> str:
    return clk.to_datetime(ms).strftime("%a, %d %b %Y %H:%M:%S GMT")


def pod_answer(cluster, pod: dict, port: int, request: Request) -> Response | None:
    """The pod's answer to `request` on `port`, or None when nothing listens there."""
    if (pod.get("status") or {}).get("phase") != "Running":
        return None
    kubelet = getattr(cluster, "kubelet", None) is not None
    answer = None
    known = not kubelet or _untouched(cluster, pod)
    if known:
        answer = _static_answer(pod, port, request.path)
    if answer is None and kubelet:
        # Only a few images' servers are known without replaying the pod; ask the kubelet.
        answer = _kubelet_answer(cluster, pod, port, request.path)
    if answer is None:
        return None
    return _as_response(answer, cluster.clock.now, request)


def _untouched(cluster, pod: dict) -> bool:
    """Does the pod run its images' own servers on their own files? Then what they serve is
    known without replaying the pod: no command or args, no hooks, no volumes but the
    service account token, no init containers, every container running, no exec so far."""
    spec = pod.get("spec") or {}
    if spec.get("initContainers") or spec.get("hostNetwork"):
        return False
    for container in spec.get("containers") or ():
        if container.get("command") or container.get("args") or container.get("lifecycle"):
            return False
        mounts = container.get("volumeMounts") or ()
        if any(not m.get("mountPath", "").startswith("/var/run/secrets/") for m in mounts):
            return False
    statuses = (pod.get("status") or {}).get("containerStatuses") or ()
    if not statuses or not all("running" in (s.get("state") or {}) for s in statuses):
        return False
    from ..kubelet import runtime

    record = runtime.record_of(cluster, runtime.pod_key(pod)) or {}
    return not record.get("execs")


def _kubelet_answer(cluster, pod: dict, port: int, path: str):
    """The kubelet's answer, remembered for the same pod, port, path and moment.

    What a server answers is a pure function of the pod, its kubelet plan (restarts and
    execs) and the time, and replaying a pod's processes is the expensive part of a request.
    The key holds all of them: the store's version (any restart writes the pod), the number
    of execs recorded for the pod, and the virtual time.
    """
    from .. import kubelet
    from ..kubelet import runtime

    record = runtime.record_of(cluster, runtime.pod_key(pod)) or {}
    key = (pod["metadata"].get("uid"), port, path, cluster.clock.now, cluster.store.resource_version,
           len(record.get("execs") or ()))
    memo = cluster.network.answers
    if key not in memo:
        if len(memo) > 4096:
            memo.clear()
        memo[key] = kubelet.http_get(cluster, pod, port, path)
    return memo[key]


def _as_response(answer, now: int, request: Request) -> Response:
    server = getattr(answer, "server", "") or ""
    body = answer.body
    headers: list[tuple[str, str]] = []
    if server:
        headers.append(("Server", server))
    headers.append(("Date", http_date(now)))
    content_type = answer.content_type
    if content_type == "text/plain" and not server:
        content_type = "text/plain; charset=utf-8"
    headers.append(("Content-Type", content_type))
    headers.append(("Content-Length", str(len(body.encode()))))
    if server.startswith("nginx") and answer.status == 200:
        mtime = calendar.timegm(NGINX_FILES_MTIME.timetuple())
        headers.append(("Last-Modified", NGINX_FILES_MTIME.strftime("%a, %d %b %Y %H:%M:%S GMT")))
        headers.append(("Connection", "keep-alive"))
        headers.append(("ETag", f'"{mtime:x}-{len(body.encode()):x}"'))
        headers.append(("Accept-Ranges", "bytes"))
    elif server.startswith("nginx"):
        headers.append(("Connection", "keep-alive"))
    return Response(answer.status, body if request.method != "HEAD" else "", headers)


# -- the fallback: an image's default server -------------------------------------------------

def _static_answer(pod: dict, port: int, path: str):
    from ..kubelet import images, serve

    for container in (pod.get("spec") or {}).get("containers") or ():
        if container.get("command"):
            continue
        image = images.lookup(images.resolve(container.get("image", "")))
        if image is None:
            continue
        repo = image.repository
        if repo.endswith(("/nginx", "/nginx-slim")) and port == 80:
            files = {"/": images.NGINX_INDEX, "/index.html": images.NGINX_INDEX, "/50x.html": images.NGINX_50X}
            return _file(files, path, f"nginx/{images.nginx_version(container.get('image', ''))}", serve)
        if repo.endswith("/httpd") and port == 80:
            return _file({"/": images.HTTPD_INDEX, "/index.html": images.HTTPD_INDEX}, path,
                         "Apache/2.4.65 (Unix)", serve)
        if repo.endswith("/hello-app") and port == 8080:
            version = "2.0.0" if container.get("image", "").endswith("2.0") else "1.0.0"
            return serve.Answer(200, f"Hello, world!\nVersion: {version}\nHostname: {pod['metadata']['name']}\n",
                                "text/plain")
        if repo.endswith("/serve_hostname") and port == 9376:
            return serve.Answer(200, pod["metadata"]["name"], "text/plain")
    return None


def _file(files: dict, path: str, server: str, serve):
    path = path.split("?", 1)[0] or "/"
    if path in files:
        return serve.Answer(200, files[path], "text/html", server)
    return serve.Answer(404, serve._error_page(404, "Not Found", server), "text/html", server)
