"""The kubelet and container runtime of the simulated nodes.

Design: containers are not simulated step by step. The kubelet keeps a runtime record per pod
(`runtime.py`, JSON in `cluster.state`) and queues an event only for the next moment
something observable changes: sandbox ready, image pulled, process exit, postStart done,
probe result change, restart after back-off, container stopped, active deadline.

Container behaviour is evaluated lazily. A container's process is its image's ENTRYPOINT/CMD
or the pod's command/args, run by the simulator's shell (`sh -c '...'`, `sleep`, loops,
redirections into volumes) in a per-container filesystem with the pod's volumes mounted
(`container.py`). Its state at time t is a pure function of its start time and inputs, so
`world.PodWorld` rebuilds it by replaying every process of the pod from its start up to t,
interleaved deterministically (`coop.py`: one greenlet at a time, resumed in virtual-time
order). From one replay the kubelet learns when a script exits, when a postStart hook ends
and, through observers, the outcome of each probe at every moment something ran, so it can
compute when a probe's result next changes (`probes.py`) and schedule only that. A
`while true; do date >> /html/index.html; sleep 10; done` loop therefore costs nothing
until someone looks (exec, HTTP GET, logs) or a probe depends on it. Servers (nginx, httpd,
`python -m http.server`, `busybox httpd`, ...) mark their container as listening and serve
files from its document root as it is at the moment of the request (`serve.py`).
Replays are bounded (a step budget per process; a one-hour horizon, re-planned when
reached); `kubectl exec` commands are recorded so that later replays include their effects
(`execs.py`). An attempt's recorded end is its last moment: what the process does at that
very moment (the `echo b` after `sleep 5` that ends the script) still happens. Processes keep
stdout and stderr apart (exec shows them apart, logs merge them in the order written);
`tail -f` waits for its files to grow (`coop.Process.wait_until`) instead of waking every
second. Interactive shells (`sessions.py`) run each line as a recorded exec.

Public API (used by kubectl, networking and the node controller):
- `install(cluster)`: wire the kubelet in (done by `Cluster._wire`).
- `http_get(cluster, pod, port, path) -> serve.Answer | None`: what the pod answers now at
  its IP on `port` (None: connection refused).
- `tcp_connect(cluster, pod, port) -> bool`.
- `exec_in(cluster, pod, container, argv, stdin=b"") -> Result`: run a command inside a
  running container (its effects persist); the process's stdout, stderr and exit status. A
  command that sleeps advances virtual time until it ends (at most 60 s). When the runtime
  refuses (container not running, binary missing) an `ExecFailure` (a `Result`) carries
  kubectl's error line.
- `logs(cluster, pod, container, previous=False) -> str`: stdout and stderr as written.
- `open_session(cluster, pod, container, shell=None) -> id`, `session_input(cluster, id,
  line) -> Result`, `session_prompt(cluster, id) -> str | None`, `close_session(cluster,
  id)`: the browser's `kubectl exec -it` shell (`sessions.py`; logged as `cluster session`
  command lines so replays rebuild them).
- `node_running(cluster, node) -> bool`, `lease_renew_ms(cluster, node) -> int`: the node's
  heartbeat; `cluster node stop` also queues a `node.kubelet-stopped` event (kind, key = node
  name) and `cluster node start` a `node.kubelet-started` one for the node controller.
- `images.resolve/lookup`: the image registry.
"""

from __future__ import annotations

from ..shell.registry import Result
from . import execs, images, runtime, serve
from . import world as world_mod
from .execs import ExecFailure
from .sessions import SessionError, close_session, open_session, session_input, session_prompt
from .worker import Kubelet

__all__ = ["ExecFailure", "Kubelet", "SessionError", "close_session", "exec_in", "http_get", "images", "install",
           "lease_renew_ms", "logs", "node_running", "open_session", "session_input", "session_prompt",
           "tcp_connect"]


def install(cluster) -> Kubelet:
    kubelet = Kubelet(cluster)
    cluster.kubelet = kubelet
    from . import verbs

    verbs.register(cluster)
    return kubelet


def _running_world(cluster, pod: dict, extra=()):
    rec = runtime.record_of(cluster, runtime.pod_key(pod))
    if rec is None and (pod.get("status") or {}).get("phase") == "Running":
        rec = runtime.adopt(cluster, pod)
    if rec is None:
        return None, None
    world = cluster.kubelet.world(pod, rec, list(extra))
    return rec, world


def _world_at(cluster, pod: dict):
    """The pod's world run up to the moment of a request, and that moment.

    A request to the asker's own pod (localhost, its own IP: the containers share the
    sandbox's network namespace) is answered by the running world itself at the asker's
    moment, never by a replay of the pod inside itself (which would replay the request again,
    without end). Another pod answers as it is now: the network remembers answers per
    virtual `now` (network/backends.py), so a replay asking at its own earlier or later
    moments sees the pod as it is now."""
    live = world_mod.live_world(cluster, pod)
    if live is not None:
        return live, live.local_now()
    _, world = _running_world(cluster, pod)
    if world is None:
        return None, cluster.clock.now
    return world.run(cluster.clock.now), cluster.clock.now


def http_get(cluster, pod: dict, port: int, path: str = "/") -> serve.Answer | None:
    world, at = _world_at(cluster, pod)
    return None if world is None else serve.answer(world, port, path, at)


def tcp_connect(cluster, pod: dict, port: int) -> bool:
    world, at = _world_at(cluster, pod)
    return world is not None and serve.connects(world, port, at)


def exec_in(cluster, pod: dict, container: str, argv: list[str], stdin: bytes = b"") -> Result:
    return execs.exec_in(cluster, pod, container, argv, stdin)


def logs(cluster, pod: dict, container: str, previous: bool = False) -> str:
    rec, world = _running_world(cluster, pod)
    if world is None:
        return ""
    c = rec["containers"].get(container)
    if c is None:
        return ""
    world.run(cluster.clock.now)
    # As the kubelet's validateContainerLogStatus picks the container: `--previous` is the one
    # in lastState, and a container waiting to restart (CrashLoopBackOff) shows its last run
    # either way.
    waiting = c["state"] == "waiting"
    attempt = c["attempt"] - 1 if previous and not waiting else c["attempt"]
    return world.logs(container, attempt)


def node_running(cluster, node: str) -> bool:
    return not runtime.node_state(cluster, node)["stopped"]


def lease_renew_ms(cluster, node: str) -> int:
    """When the node's kubelet last renewed its Lease (every 10 s while it runs)."""
    state = runtime.node_state(cluster, node)
    if state["stopped"]:
        return state.get("lastRenew", 0)
    return cluster.clock.now - cluster.clock.now % 10_000
