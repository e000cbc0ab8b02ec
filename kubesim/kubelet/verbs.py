"""`cluster node`, `cluster probe`, `cluster sandbox` and `cluster crictl`: the node side of a cluster.

crictl's tables follow crictl's own printing (tabwriter: min width 20, padding 3; IDs cut to
13 characters; CREATED as Docker's go-units HumanDuration plus " ago"; RUNTIME `(default)`).
"""

from __future__ import annotations

from .. import clock as clk
from . import runtime, sessions

USAGE_NODE = "node stop|start NAME           stop or start a node's kubelet (it stops renewing its Lease)"
USAGE_PROBE = "probe fail|pass POD [CONTAINER] [-n NS]   make a container's probes fail or pass from now on"
USAGE_SANDBOX = "sandbox kill POD [-n NS]        kill a pod's sandbox (pause container)"
USAGE_SESSION = sessions.USAGE
USAGE_CRICTL = "crictl NODE pods|ps [-a]        the node's sandboxes or containers, as crictl lists them"


def register(cluster) -> None:
    cluster.verbs.register("node", USAGE_NODE, node_verb)
    cluster.verbs.register("probe", USAGE_PROBE, probe_verb)
    cluster.verbs.register("sandbox", USAGE_SANDBOX, sandbox_verb)
    cluster.verbs.register("crictl", USAGE_CRICTL, crictl_verb)
    cluster.verbs.register("session", USAGE_SESSION, sessions.verb)


def _namespace(args: list[str]) -> tuple[list[str], str]:
    out, ns, i = [], "default", 0
    while i < len(args):
        if args[i] in ("-n", "--namespace") and i + 1 < len(args):
            ns, i = args[i + 1], i + 2
            continue
        if args[i].startswith("--namespace="):
            ns = args[i].split("=", 1)[1]
        else:
            out.append(args[i])
        i += 1
    return out, ns


def node_verb(cluster, args: list[str], inv) -> int:
    if len(args) != 2 or args[0] not in ("stop", "start"):
        inv.stderr.write(f"usage: cluster {USAGE_NODE}\n")
        return 2
    action, name = args
    if cluster.store.get("nodes", "", name) is None:
        inv.stderr.write(f'cluster: node "{name}" not found\n')
        return 1
    state = runtime.node_state(cluster, name)
    if action == "stop":
        if not state["stopped"]:
            state.update(stopped=True, stoppedAt=cluster.clock.now,
                         lastRenew=cluster.clock.now - cluster.clock.now % 10_000)
            _write_lease(cluster, name, state["lastRenew"])
            cluster.clock.schedule(0, "node.kubelet-stopped", name)
        inv.stdout.write(f"node/{name}: kubelet stopped\n")
        return 0
    if state["stopped"]:
        state["stopped"] = False
        held, state["held"] = state["held"], []
        for item in held:
            rec = runtime.root(cluster)["pods"].get(item["params"].get("uid"))
            if rec is None:
                continue
            seq = cluster.clock.schedule(0, item["kind"], item["key"], item["params"])
            rec["timers"][item["params"]["timer"]] = seq
        _write_lease(cluster, name, cluster.clock.now)
        cluster.clock.schedule(0, "node.kubelet-started", name)
        for pod in cluster.store.list("pods"):
            if pod["spec"].get("nodeName") == name:
                cluster.kubelet.controller.enqueue(runtime.pod_key(pod))
    inv.stdout.write(f"node/{name}: kubelet started\n")
    return 0


def _write_lease(cluster, node: str, ms: int) -> None:
    lease = cluster.store.get("leases", "kube-node-lease", node)
    if lease is not None:
        renew = clk.to_datetime(ms).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        cluster.api.update_status("leases", {**lease, "spec": {**lease["spec"], "renewTime": renew}})


def _find_pod(cluster, args, inv, usage):
    args, ns = _namespace(args)
    if not args:
        inv.stderr.write(f"usage: cluster {usage}\n")
        return None, None, args
    pod = cluster.store.get("pods", ns, args[0])
    if pod is None:
        inv.stderr.write(f'cluster: pod "{args[0]}" not found in namespace "{ns}"\n')
        return None, None, args
    rec = runtime.record_of(cluster, runtime.pod_key(pod))
    if rec is None and (pod.get("status") or {}).get("phase") == "Running":
        rec = runtime.adopt(cluster, pod)
    if rec is None:
        inv.stderr.write(f'cluster: pod "{args[0]}" is not running on a node\n')
    return pod, rec, args


def probe_verb(cluster, args: list[str], inv) -> int:
    if not args or args[0] not in ("fail", "pass"):
        inv.stderr.write(f"usage: cluster {USAGE_PROBE}\n")
        return 2
    pod, rec, rest = _find_pod(cluster, args[1:], inv, USAGE_PROBE)
    if rec is None:
        return 1
    names = [c["name"] for c in pod["spec"]["containers"]]
    name = rest[1] if len(rest) > 1 else names[0]
    if name not in rec["containers"]:
        inv.stderr.write(f'cluster: container "{name}" not found in pod "{rest[0]}"\n')
        return 1
    rec["health"].setdefault(name, []).append([cluster.clock.now, args[0]])
    cluster.kubelet.replan(pod, rec)
    inv.stdout.write(f"pod/{rest[0]}: probes of container {name} will {args[0]} from now on\n")
    return 0


def sandbox_verb(cluster, args: list[str], inv) -> int:
    if not args or args[0] != "kill":
        inv.stderr.write(f"usage: cluster {USAGE_SANDBOX}\n")
        return 2
    pod, rec, rest = _find_pod(cluster, args[1:], inv, USAGE_SANDBOX)
    if rec is None:
        return 1
    if not (rec.get("sandbox") or {}).get("ready"):
        inv.stderr.write(f'cluster: pod "{rest[0]}" has no running sandbox\n')
        return 1
    cluster.kubelet.kill_sandbox(pod, rec)
    cluster.kubelet.flush(cluster.kubelet.pod(rec), rec)
    inv.stdout.write(f"pod/{rest[0]}: sandbox {rec['sandbox']['id'][:13]} killed\n")
    return 0


# -- crictl ------------------------------------------------------------------------------------

def human_duration(seconds: float) -> str:
    """github.com/docker/go-units HumanDuration."""
    s = int(seconds)
    if s < 1:
        return "Less than a second"
    if s == 1:
        return "1 second"
    if s < 60:
        return f"{s} seconds"
    minutes = int(seconds / 60)
    if minutes == 1:
        return "About a minute"
    if minutes < 60:
        return f"{minutes} minutes"
    hours = int(seconds / 3600 + 0.5)
    if hours == 1:
        return "About an hour"
    if hours < 48:
        return f"{hours} hours"
    if hours < 24 * 7 * 2:
        return f"{hours // 24} days"
    if hours < 24 * 30 * 2:
        return f"{hours // 24 // 7} weeks"
    if hours < 24 * 365 * 2:
        return f"{hours // 24 // 30} months"
    return f"{int(hours / 24 / 365)} years"


def table(rows: list[list[str]]) -> str:
    widths = [max(20, max(len(r[i]) for r in rows) + 3) for i in range(len(rows[0]) - 1)]
    return "".join("".join(cell.ljust(w) for cell, w in zip(r, widths)) + r[-1] + "\n" for r in rows)


def _records_on(cluster, node: str) -> list[tuple[dict, dict]]:
    out = []
    for pod in cluster.store.list("pods"):
        if pod["spec"].get("nodeName") != node:
            continue
        rec = runtime.record_of(cluster, runtime.pod_key(pod))
        if rec is None and (pod.get("status") or {}).get("phase") == "Running":
            rec = _view_of_adoptable(cluster, pod)
        if rec is not None:
            out.append((pod, rec))
    return out


def _view_of_adoptable(cluster, pod: dict) -> dict:
    """What the runtime holds for a pod running since time zero, without recording anything."""
    saved = runtime.root(cluster)
    before = {"pods": dict(saved["pods"]), "byKey": dict(saved["byKey"])}
    streams_before = dict(cluster.streams.counters)
    rec = runtime.adopt(cluster, pod)
    saved["pods"], saved["byKey"] = before["pods"], before["byKey"]
    cluster.streams.counters = streams_before
    return rec


def crictl_verb(cluster, args: list[str], inv) -> int:
    if len(args) < 2 or args[1] not in ("pods", "ps"):
        inv.stderr.write(f"usage: cluster {USAGE_CRICTL}\n")
        return 2
    node = args[0]
    if cluster.store.get("nodes", "", node) is None:
        inv.stderr.write(f'cluster: node "{node}" not found\n')
        return 1
    now = cluster.clock.now

    def ago(ms):
        return human_duration((now - ms) / 1000) + " ago"

    records = _records_on(cluster, node)
    if args[1] == "pods":
        rows = [["POD ID", "CREATED", "STATE", "NAME", "NAMESPACE", "ATTEMPT", "RUNTIME"]]
        sandboxes = []
        for pod, rec in records:
            for sb in rec.get("oldSandboxes", []) + ([rec["sandbox"]] if rec.get("sandbox") else []):
                sandboxes.append((sb["created"], sb, pod))
        for _, sb, pod in sorted(sandboxes, key=lambda x: -x[0]):
            rows.append([sb["id"][:13], ago(sb["created"]), "Ready" if sb["ready"] else "NotReady",
                         pod["metadata"]["name"], pod["metadata"].get("namespace", ""), str(sb["attempt"]),
                         "(default)"])
        inv.stdout.write(table(rows))
        return 0
    show_all = "-a" in args[2:] or "--all" in args[2:]
    rows = [["CONTAINER", "IMAGE", "CREATED", "STATE", "NAME", "ATTEMPT", "POD ID", "POD", "NAMESPACE"]]
    found = []
    for pod, rec in records:
        sandbox = rec.get("sandbox") or {}
        for c in rec["containers"].values():
            if not c.get("id") or not c["attempts"] and not c.get("adopted"):
                continue
            state = {"running": "Running", "terminated": "Exited"}.get(c["state"], "Exited")
            if state != "Running" and not show_all:
                continue
            created = c["attempts"][-1][1] if c["attempts"] else 0
            image_id = (c.get("imageID") or "").split("sha256:")[-1]
            found.append((created, [c["id"][:13], image_id[:13], ago(created), state, c["name"],
                                    str(max(c["attempt"], 0)), sandbox.get("id", "")[:13], pod["metadata"]["name"],
                                    pod["metadata"].get("namespace", "")]))
    rows += [row for _, row in sorted(found, key=lambda x: -x[0])]
    inv.stdout.write(table(rows))
    return 0
