"""`kubectl proxy` and `kubectl port-forward`, left running "in the background".

A forwarder is a record in `cluster.state` (so snapshots keep it): what it listens on and
where it leads. `curl localhost:8001/...` reaches the API server as the kubeconfig's user;
`curl localhost:8080` reaches the one pod port-forward chose when it started (no load
balancing, no failover: fact 118), printing `Handling connection for 8080` on the terminal for
each connection as kubectl does. `cluster forwards` lists them, shows a forwarder's output
(`log ID`) and stops them.

Read, not copied: kubernetes/kubectl pkg/cmd/proxy/proxy.go and pkg/proxy/proxy_server.go
(default accept-hosts and reject-paths, the `<h3>Unauthorized</h3>` refusal),
pkg/cmd/portforward/portforward.go (pod choice, port translation, messages).
"""

from __future__ import annotations

import re2

from .http import NetError, Request, Response, Trace

DEFAULT_ACCEPT_HOSTS = r"^localhost$,^127\.0\.0\.1$,^\[::1\]$"
DEFAULT_REJECT_PATHS = r"^/api/.*/pods/.*/exec,^/api/.*/pods/.*/attach"
OUTPUT_KEPT = 50   # lines of a forwarder's output kept for `cluster forwards log`


class Forwards:
    def __init__(self, cluster) -> None:
        self.cluster = cluster

    @property
    def records(self) -> list[dict]:
        return self.cluster.state.setdefault("network", {}).setdefault("forwards", [])

    def listening(self, port: int, address: str = "127.0.0.1") -> dict | None:
        for record in self.records:
            if record["port"] == port and (record["address"] in ("0.0.0.0", address) or (
                    address == "127.0.0.1" and record["address"] in ("localhost", "127.0.0.1"))):
                return record
        return None

    def busy(self, port: int) -> bool:
        return any(r["port"] == port for r in self.records)

    def add(self, record: dict) -> dict:
        next_id = self.cluster.state["network"].get("nextForward", 1)
        self.cluster.state["network"]["nextForward"] = next_id + 1
        record = {"id": next_id, "started": self.cluster.clock.now, **record}
        self.records.append(record)
        return record

    def stop(self, which: str) -> list[dict]:
        gone = [r for r in self.records if which == "all" or str(r["id"]) == which]
        self.records[:] = [r for r in self.records if r not in gone]
        return gone

    def free_port(self) -> int:
        for _ in range(100):
            port = 32768 + self.cluster.streams.integer("forward-port", "", 28231)
            if not self.busy(port):
                return port
        return 0


def handle(net, record: dict, req: Request, trace: Trace) -> Response:
    if record["kind"] == "proxy":
        return _via_proxy(net, record, req, trace)
    return _via_port_forward(net, record, req, trace)


def _via_proxy(net, record: dict, req: Request, trace: Trace) -> Response:
    from . import apiserver_http

    host = req.host_header
    accepted = _any_match(record.get("acceptHosts", DEFAULT_ACCEPT_HOSTS), host)
    if not accepted or _any_match(record.get("rejectPaths", DEFAULT_REJECT_PATHS), req.path.split("?")[0]):
        trace.add("forwarder", f"fwd/{record['id']}", "kubectl proxy",
                  f"Host {host!r} is not in --accept-hosts (or the path is rejected): 403")
        body = "<h3>Unauthorized</h3>"
        return Response(403, body, [("Date", _date(net)), ("Content-Length", str(len(body))),
                                    ("Content-Type", "text/plain; charset=utf-8")])
    trace.add("apiserver", "apiserver", "https://172.18.0.2:6443",
              "kubectl proxy forwards to the API server with the kubeconfig's credentials")
    return apiserver_http.handle(net.cluster, req, trace, proxied=True)


def _via_port_forward(net, record: dict, req: Request, trace: Trace) -> Response:
    from . import backends

    ns, name = record["pod"]
    pod = net.store.get("pods", ns, name)
    trace.add("apiserver", "apiserver", "portforward", "kubectl streams the connection through the API server")
    if pod is None or (pod.get("status") or {}).get("phase") != "Running":
        trace.add("pod", f"pod/{ns}/{name}", name, "the pod chosen at the start is gone: the forward is broken")
        raise NetError("empty")
    node = (pod.get("spec") or {}).get("nodeName", "")
    trace.add("node", f"node/{node}", f"kubelet on {node}", "the kubelet opens the pod's port (no kube-proxy, "
                                                            "no Service load balancing)")
    trace.add("pod", f"pod/{ns}/{name}", f"localhost:{record['remote']}",
              f"the port inside pod {name}, chosen when port-forward started")
    say(net.cluster, record, f"Handling connection for {record['port']}\n")
    inner = Request(req.method, "http", "localhost", record["remote"], req.path, req.headers, req.body)
    answer = backends.pod_answer(net.cluster, pod, record["remote"], inner)
    if answer is None:
        raise NetError("empty")
    return answer


def say(cluster, record: dict, line: str) -> None:
    """What the forwarder prints, as a job in the background prints: on the learner's
    terminal while the current line runs (past any pipe or redirection of that line), and
    kept with the forwarder (`cluster forwards log ID`)."""
    output = record.setdefault("output", [])
    output.append(line)
    del output[:-OUTPUT_KEPT]
    terminal = getattr(cluster.shell, "terminal", None)
    if terminal is not None:
        terminal.write(line)


def _any_match(patterns: str, text: str) -> bool:
    options = re2.Options()
    options.log_errors = False
    for pattern in patterns.split(","):
        if not pattern:
            continue
        try:
            if re2.compile(pattern, options).search(text):
                return True
        except re2.error:
            continue
    return False


def _date(net) -> str:
    from .backends import http_date

    return http_date(net.cluster.clock.now)


# -- `cluster forwards` ------------------------------------------------------------------------

def verb(cluster, args: list[str], inv) -> int:
    forwards = cluster.forwards
    if args[:1] == ["stop"]:
        if len(args) < 2:
            inv.stderr.write("usage: cluster forwards stop ID|all\n")
            return 2
        gone = forwards.stop(args[1])
        if not gone:
            inv.stderr.write(f"cluster forwards: no forwarder {args[1]}\n")
            return 1
        for record in gone:
            inv.stdout.write(f"stopped {record['id']}: {record['command']}\n")
        return 0
    if args[:1] == ["log"]:
        if len(args) < 2:
            inv.stderr.write("usage: cluster forwards log ID\n")
            return 2
        record = next((r for r in forwards.records if str(r["id"]) == args[1]), None)
        if record is None:
            inv.stderr.write(f"cluster forwards: no forwarder {args[1]}\n")
            return 1
        inv.stdout.write("".join(record.get("output") or ()))
        return 0
    if not forwards.records:
        inv.stdout.write("No forwarders are running.\n")
        return 0
    rows = [("ID", "COMMAND", "LISTENING", "AGE")]
    for record in forwards.records:
        rows.append((str(record["id"]), record["command"], ",".join(record["listen"]),
                     _age(cluster.clock.now - record["started"])))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    for row in rows:
        inv.stdout.write("   ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() + "\n")
    return 0


def _age(ms: int) -> str:
    seconds = ms // 1000
    if seconds < 120:
        return f"{seconds}s"
    if seconds < 7200:
        return f"{seconds // 60}m"
    return f"{seconds // 3600}h"


def install(cluster) -> Forwards:
    return Forwards(cluster)
