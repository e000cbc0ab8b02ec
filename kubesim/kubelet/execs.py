"""`kubectl exec`: running a command inside a running container, now and in every later replay.

An exec is recorded in the pod's runtime record (`runtime.record_exec`) before it runs, so every
later replay of the pod's world includes it and its effects persist (a file it wrote, a
variable a session line set). Its output comes from the replayed world: stdout and stderr kept
apart. A command that sleeps blocks as a terminal would: the cluster's virtual time advances
until it ends, at most `WAIT_MS` (kubectl's default request timeout in this simulator); a
command still running then (`tail -f`, a server) keeps running in the container, as it does
when kubectl is interrupted without a TTY.
"""

from __future__ import annotations

from ..shell.registry import Result
from . import runtime
from .container import has_binary
from .world import STDERR, STDOUT, Outcome

WAIT_MS = 60_000


class ExecFailure(Result):
    """The command never ran: `stderr` is kubectl's error line, `exit_code` its status."""


def running_record(cluster, pod: dict) -> dict | None:
    rec = runtime.record_of(cluster, runtime.pod_key(pod))
    if rec is None and (pod.get("status") or {}).get("phase") == "Running":
        rec = runtime.adopt(cluster, pod)
    return rec


def refusal(cluster, pod: dict, rec: dict | None, container: str, argv: list[str]) -> ExecFailure | None:
    """Why the runtime refuses to start `argv` in the container, as kubectl reports it."""
    c = (rec or {}).get("containers", {}).get(container)
    if c is None or c["state"] != "running":
        return ExecFailure("", f"error: unable to upgrade connection: container not found (\"{container}\")\n", 1)
    world = cluster.kubelet.world(pod, rec)
    if argv and not has_binary(world.image_of(container), argv[0]):
        exec_id = cluster.streams.hexdigits("exec-id", rec["uid"], 64)
        return ExecFailure("", "error: Internal error occurred: Internal error occurred: error executing command in "
                               f'container: failed to exec in container: failed to start exec "{exec_id}": OCI '
                               "runtime exec failed: exec failed: unable to start container process: exec: "
                               f'"{argv[0]}": executable file not found in $PATH: unknown\n', 1)
    return None


def run(cluster, pod: dict, rec: dict, item: dict) -> Outcome:
    """Record the exec `item` (t, container, attempt, argv, ...) and run it; its outcome."""
    item = runtime.record_exec(rec, item)
    kubelet = cluster.kubelet
    start = cluster.clock.now
    outcome = kubelet.world(pod, rec).run(start).outcome_of(item["id"])
    kubelet.replan(pod, rec)
    if outcome.finished or outcome.stalled:
        return outcome
    # It sleeps or waits: find when it ends, and let the cluster's time run until then.
    later = kubelet.world(pod, rec).run(start + WAIT_MS).outcome_of(item["id"])
    cluster.advance_to(later.ended if later.finished else start + WAIT_MS)
    live = kubelet.pod(rec) if runtime.record_of(cluster, rec["key"]) is rec else None
    if live is None:
        return later
    return kubelet.world(live, rec).run(cluster.clock.now).outcome_of(item["id"]) or later


def exec_in(cluster, pod: dict, container: str, argv: list[str], stdin: bytes = b"") -> Result:
    rec = running_record(cluster, pod)
    failure = refusal(cluster, pod, rec, container, argv)
    if failure is not None:
        return failure
    c = rec["containers"][container]
    item = {"t": cluster.clock.now, "container": container, "attempt": c["attempt"], "argv": list(argv)}
    if stdin:
        item["stdin"] = stdin.decode(errors="replace")  # replays feed it again
    outcome = run(cluster, pod, rec, item)
    return Result(outcome.text(STDOUT), outcome.text(STDERR), outcome.status if outcome.finished else 0)
