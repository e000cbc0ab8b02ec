"""The kubelet's runtime records: plain JSON in `cluster.state["kubelet"]`.

`state["kubelet"]["nodes"][node]`: `stopped`, `stoppedAt`, `images` (refs present), `pullFreeAt`
(image pulls are serialized per node, as with the kubelet's default `serializeImagePulls`),
`held` (events that came while the kubelet was stopped).
`state["kubelet"]["pods"][uid]`: one record per pod the kubelet runs: its sandbox, every
container's state, attempts (start/stop moments, for replaying the world), timers (sequence
numbers of queued events, so a stale event is recognised and cancelled), exec history and
health overrides. Everything the kubelet knows is here or in the store, so a snapshot
carries it.
"""

from __future__ import annotations

from .. import clock as clk
from . import images
from .world import Entry

MAX_ATTEMPTS_KEPT = 5
MAX_EXECS_KEPT = 50


def root(cluster) -> dict:
    return cluster.state.setdefault("kubelet", {"nodes": {}, "pods": {}, "byKey": {}})


def node_state(cluster, node: str) -> dict:
    nodes = root(cluster)["nodes"]
    if node not in nodes:
        from .images import KIND_NODE_IMAGES

        nodes[node] = {"stopped": False, "images": list(KIND_NODE_IMAGES), "pullFreeAt": 0, "held": []}
    return nodes[node]


def pod_key(pod: dict) -> str:
    return f"{pod['metadata'].get('namespace', '')}/{pod['metadata']['name']}"


def record_of(cluster, key: str) -> dict | None:
    uid = root(cluster)["byKey"].get(key)
    return root(cluster)["pods"].get(uid) if uid else None


def forget(cluster, rec: dict) -> None:
    state = root(cluster)
    for seq in rec.get("timers", {}).values():
        cluster.clock.cancel(seq)
    state["pods"].pop(rec["uid"], None)
    if state["byKey"].get(rec["key"]) == rec["uid"]:
        del state["byKey"][rec["key"]]


def kind_of(spec: dict, name: str) -> str:
    for c in spec.get("initContainers") or []:
        if c["name"] == name:
            return "sidecar" if c.get("restartPolicy") == "Always" else "init"
    return "app"


def spec_of(pod: dict, name: str) -> dict:
    spec = pod["spec"]
    for c in (spec.get("initContainers") or []) + spec["containers"]:
        if c["name"] == name:
            return c
    raise KeyError(name)


def field_path(pod: dict, name: str) -> str:
    kind = kind_of(pod["spec"], name)
    return f"spec.initContainers{{{name}}}" if kind != "app" else f"spec.containers{{{name}}}"


def new_container(pod: dict, c: dict) -> dict:
    has_init = bool(pod["spec"].get("initContainers"))
    return {"name": c["name"], "kind": kind_of(pod["spec"], c["name"]), "step": "idle", "state": "waiting",
            "reason": "PodInitializing" if has_init else "ContainerCreating", "message": "",
            "restartCount": 0, "attempt": -1, "id": "", "image": c.get("image", ""), "imageID": "",
            "startedAt": None, "finishedAt": None, "exitCode": None, "termReason": "", "termMessage": "",
            "last": None, "ready": False, "started": False, "postStartDone": True, "attempts": [],
            "backoff": None, "pullBackoff": None, "probes": {}}


def new_record(cluster, pod: dict, host_ip: str) -> dict:
    spec = pod["spec"]
    rec = {"uid": pod["metadata"]["uid"], "key": pod_key(pod), "node": spec["nodeName"], "hostIP": host_ip,
           "startTime": cluster.clock.now, "sandbox": None, "oldSandboxes": [], "initDone": False,
           "containers": {c["name"]: new_container(pod, c)
                          for c in (spec.get("initContainers") or []) + spec["containers"]},
           "execs": [], "health": {}, "timers": {}, "terminating": None, "done": False, "phase": None,
           "reason": None, "message": None}
    state = root(cluster)
    state["pods"][rec["uid"]] = rec
    state["byKey"][rec["key"]] = rec["uid"]
    return rec


def adopt(cluster, pod: dict) -> dict:
    """A record for a pod already running when the simulation began (the default world)."""
    status = pod.get("status") or {}
    rec = new_record(cluster, pod, status.get("hostIP", ""))
    rec["startTime"] = clk.parse_timestamp(status["startTime"]) if status.get("startTime") else 0
    rec["initDone"] = True
    uid = pod["metadata"]["uid"]
    rec["sandbox"] = {"id": cluster.streams.hexdigits("sandbox-id", f"{uid}/0", 64), "attempt": 0,
                      "created": rec["startTime"], "ip": status.get("podIP", ""), "ready": True}
    for cs in status.get("containerStatuses") or []:
        c = rec["containers"].get(cs["name"])
        if c is None:
            continue
        started = clk.parse_timestamp(cs["state"]["running"]["startedAt"]) if "running" in cs["state"] else 0
        c.update(step="running", state="running", reason="", id=cs.get("containerID", "").split("//")[-1],
                 image=cs.get("image", ""), imageID=cs.get("imageID", ""), startedAt=started, ready=cs.get("ready"),
                 started=True, attempt=0, restartCount=cs.get("restartCount", 0), adopted=True,
                 attempts=[[0, started, None]])
    return rec


def set_timer(cluster, rec: dict, name: str, at: int, kind: str, params: dict | None = None) -> None:
    """Queue the event for timer `name`, replacing the one it had."""
    old = rec["timers"].pop(name, None)
    if old is not None:
        cluster.clock.cancel(old)
    seq = cluster.clock.schedule(max(0, at - cluster.clock.now), kind, rec["key"],
                                 {"uid": rec["uid"], "timer": name, **(params or {})})
    rec["timers"][name] = seq


def clear_timer(cluster, rec: dict, name: str) -> None:
    old = rec["timers"].pop(name, None)
    if old is not None:
        cluster.clock.cancel(old)


def clear_timers(cluster, rec: dict, prefix: str) -> None:
    for name in [n for n in rec["timers"] if n.startswith(prefix)]:
        clear_timer(cluster, rec, name)


def allocate_ip(cluster, pod: dict, node: dict) -> str:
    """The next address of the node's podCIDR (kindnet's host-local IPAM hands them out in order)."""
    if pod["spec"].get("hostNetwork"):
        return node["status"]["addresses"][0]["address"]
    name = node["metadata"]["name"]
    addresses = cluster.state.setdefault("podAddresses", {})
    octet = addresses.get(name, 2)
    addresses[name] = octet + 1 if octet < 254 else 2
    return node["spec"]["podCIDR"].rsplit(".", 1)[0] + f".{octet}"


def pull_policy(c: dict, ref: images.Reference) -> str:
    if c.get("imagePullPolicy"):
        return c["imagePullPolicy"]
    return "Always" if ref.tag == "latest" and not ref.digest else "IfNotPresent"


def exec_entry(item: dict, end: int | None = None) -> Entry:
    """The plan entry of a recorded `kubectl exec` or session line."""
    return Entry(item["t"], item["container"], item["attempt"], item.get("what", "exec"), tuple(item["argv"]), end,
                 (item.get("stdin") or "").encode(), str(item.get("id", "")), item.get("session", ""))


def record_exec(rec: dict, item: dict) -> dict:
    """Keep an exec in the record (the newest MAX_EXECS_KEPT), numbered so it can be found again."""
    rec["execCount"] = rec.get("execCount", 0) + 1
    item = {**item, "id": f"x{rec['execCount']}"}
    rec["execs"] = (rec["execs"] + [item])[-MAX_EXECS_KEPT:]
    if rec.get("answers"):  # the answers its outside calls got (world.PodWorld) go with it
        kept = {e["id"] for e in rec["execs"]}
        rec["answers"] = {k: v for k, v in rec["answers"].items() if k in kept}
    return item


def plan(pod: dict, rec: dict, extra: list[Entry] = ()) -> list[Entry]:
    """The processes of the current sandbox, for `world.PodWorld`."""
    entries = []
    for name, c in rec["containers"].items():
        try:
            spec = spec_of(pod, name)
        except KeyError:
            continue
        # emptyDir volumes outlive containers and sandboxes, so earlier attempts count too.
        for attempt, start, end in c["attempts"]:
            argv = tuple(c.get("argv") or ())
            entries.append(Entry(start, name, attempt, "main", argv, end))
            hook = ((spec.get("lifecycle") or {}).get("postStart") or {}).get("exec")
            if hook:
                entries.append(Entry(start, name, attempt, "postStart", tuple(hook.get("command") or ())))
    ends = {(name, attempt): end for name, c in rec["containers"].items() for attempt, _, end in c["attempts"]}
    for item in rec.get("execs") or []:
        # An exec dies with its container's attempt.
        entries.append(exec_entry(item, ends.get((item["container"], item["attempt"]))))
    return entries + list(extra)
