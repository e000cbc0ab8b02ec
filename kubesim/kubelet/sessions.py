"""Interactive shells in containers: the browser's `kubectl exec -it POD -- sh`.

A session is plain data in `cluster.state["kubelet"]["sessions"][id]`: the pod (key and uid),
the container and its attempt, the shell (`sh` or `bash`) and the shell's state between lines
(working directory, variables that differ from the container's environment, unset and
unexported names, last status). Each line runs as an exec entry of the pod (`execs.run`)
whose record carries the state before it, so replays rerun it exactly and its effects persist
like `kubectl exec`; the state after it becomes the session's. `exit` ends the session (with
kubectl's `command terminated with exit code N` when N is not 0), and so does the container
ending. The public functions go through the `cluster session` verb so that the cluster's
command log holds every line and replaying the log rebuilds the same sessions.

Prompts are the shells' defaults for root: busybox ash's `\\w \\$ ` (`/ # `), Debian bash's
`\\u@\\h:\\w\\$ ` (`root@web:/# `), dash's `# `.
"""

from __future__ import annotations

import json
import shlex

from ..shell.registry import Result, ShellLimit

USAGE = ("session open POD [-c C] [--shell SH] [-n NS] | input ID | close ID   "
         "an interactive shell in a container (`input` reads the line on stdin)")
TERMINATED = "command terminated with exit code {}\n"  # client-go tools/remotecommand, as kubectl prints it


class SessionError(Exception):
    """A session could not be opened; the message is what kubectl prints."""


# The kubelet's modules import this one (world.py runs session lines), so it imports theirs
# inside functions.

# -- the public API (through the command log) ---------------------------------------------------

def open_session(cluster, pod: dict, container: str, shell: str | None = None) -> str:
    """Open a shell in a running container; its session id. `shell` defaults to bash where the
    image has it (Debian-based images), else sh. Raises `SessionError` with kubectl's message."""
    meta = pod["metadata"]
    line = (f"cluster session open {shlex.quote(meta['name'])} -n {shlex.quote(meta.get('namespace', 'default'))} "
            f"-c {shlex.quote(container)}" + (f" --shell {shlex.quote(shell)}" if shell else ""))
    result = cluster.run(line)
    if result.exit_code:
        raise SessionError(result.stderr)
    return result.stdout.strip()


def session_input(cluster, session_id: str, line: str) -> Result:
    """Run one line in the session: its stdout, stderr and status."""
    return cluster.run(f"cluster session input {shlex.quote(session_id)}", line)


def close_session(cluster, session_id: str) -> None:
    if session_id in sessions(cluster):
        cluster.run(f"cluster session close {shlex.quote(session_id)}")


def session_prompt(cluster, session_id: str) -> str | None:
    """The prompt the shell prints now, or None when the session has ended."""
    session = sessions(cluster).get(session_id)
    if session is None:
        return None
    state = session["state"]
    cwd, home = state.get("cwd", "/"), (state.get("vars") or {}).get("HOME", session.get("home", "/root"))
    where = "~" + cwd[len(home):] if home != "/" and (cwd == home or cwd.startswith(home + "/")) else cwd
    if session["flavour"] == "busybox":
        return f"{where} # " if state["shell"] != "bash" else "bash-5.3# "
    if state["shell"] == "bash":
        return f"root@{session['host']}:{where}# "
    return "# "


def sessions(cluster) -> dict:
    from . import runtime

    return runtime.root(cluster).setdefault("sessions", {})


# -- the verb ----------------------------------------------------------------------------------

def verb(cluster, args: list[str], inv) -> int:
    if len(args) >= 2 and args[0] == "open":
        return _open_verb(cluster, args[1:], inv)
    if len(args) == 2 and args[0] == "input":
        result = _input(cluster, args[1], inv.stdin.decode(errors="replace"))
        inv.stdout.write(result.stdout)
        inv.stderr.write(result.stderr)
        return result.exit_code
    if len(args) == 2 and args[0] == "close":
        sessions(cluster).pop(args[1], None)
        return 0
    inv.stderr.write(f"usage: cluster {USAGE}\n")
    return 2


def _open_verb(cluster, args: list[str], inv) -> int:
    name, ns, container, shell, i = None, "default", "", None, 0
    while i < len(args):
        if args[i] in ("-n", "-c", "--shell") and i + 1 < len(args):
            value = args[i + 1]
            if args[i] == "-n":
                ns = value
            elif args[i] == "-c":
                container = value
            else:
                shell = value
            i += 2
            continue
        name, i = args[i], i + 1
    pod = cluster.store.get("pods", ns, name or "")
    if pod is None:
        inv.stderr.write(f'Error from server (NotFound): pods "{name}" not found\n')
        return 1
    result = _open(cluster, pod, container or pod["spec"]["containers"][0]["name"], shell)
    if isinstance(result, Result):
        inv.stderr.write(result.stderr)
        return result.exit_code
    inv.stdout.write(result + "\n")
    return 0


def _open(cluster, pod: dict, container: str, shell: str | None) -> str | Result:
    from . import execs, runtime
    from .container import hostname_of

    rec = execs.running_record(cluster, pod)
    if rec is None or container not in rec["containers"]:
        return execs.refusal(cluster, pod, None, container, [])
    image = cluster.kubelet.world(pod, rec).image_of(container)
    busybox = image is not None and "busybox" in image.binaries
    if shell is None:
        shell = "bash" if image is not None and "bash" in image.binaries and not busybox else "sh"
    failure = execs.refusal(cluster, pod, rec, container, [shell])
    if failure is not None:
        return failure
    root = runtime.root(cluster)
    root["sessionCount"] = root.get("sessionCount", 0) + 1
    session_id = f"s{root['sessionCount']}"
    spec = runtime.spec_of(pod, container)
    cwd = spec.get("workingDir") or (image.workdir if image else "/")
    sessions(cluster)[session_id] = {
        "id": session_id, "pod": rec["key"], "uid": rec["uid"], "container": container,
        "attempt": rec["containers"][container]["attempt"], "opened": cluster.clock.now,
        "flavour": "busybox" if busybox else "debian", "host": hostname_of(pod),
        "home": "/root", "state": {"shell": shell.rsplit("/", 1)[-1], "cwd": cwd}}
    return session_id


def _input(cluster, session_id: str, line: str) -> Result:
    from . import execs, runtime
    from .world import STDERR, STDOUT

    session = sessions(cluster).get(session_id)
    if session is None:
        return Result("", f"error: no session {session_id}\n", 1)
    rec = runtime.root(cluster)["pods"].get(session["uid"])
    c = (rec or {}).get("containers", {}).get(session["container"])
    pod = cluster.kubelet.pod(rec) if rec else None
    if pod is None or c is None or c["state"] != "running" or c["attempt"] != session["attempt"]:
        # The container went away under the shell: kubectl reports the shell's death.
        sessions(cluster).pop(session_id, None)
        return Result("", TERMINATED.format(137), 137)
    if not line.strip():
        return Result("", "", session["state"].get("status", 0))
    outcome = execs.run(cluster, pod, rec, {
        "t": cluster.clock.now, "container": session["container"], "attempt": session["attempt"],
        "what": "session", "argv": [line], "session": json.dumps(session["state"], sort_keys=True)})
    status = outcome.status if outcome.finished else 0
    stderr = outcome.text(STDERR)
    if outcome.shell is not None and session_id in sessions(cluster):
        session["state"] = outcome.shell
    if outcome.exited:
        sessions(cluster).pop(session_id, None)
        if status:
            stderr += TERMINATED.format(status)
    return Result(outcome.text(STDOUT), stderr, status)


# -- one line, inside the replayed world -----------------------------------------------------

def run_line(shell, entry, outcome, streams) -> int:
    """Run a session line in `shell` (the container's fresh shell) with the session's state."""
    from ..shell.expand import ExpansionError
    from ..shell.interp import ExitShell, LoopControl
    from ..shell.lexer import ShellSyntaxError
    from ..shell.parser import parse
    from .coop import Stopped

    state = json.loads(entry.session or "{}")
    base = dict(shell.vars)
    _apply(shell, state)
    line = entry.argv[0] if entry.argv else ""
    try:
        program = parse(line)
        for warning in program.warnings:
            streams.stderr.write(f"{shell.name}: {warning}\n")
        status = shell.execute(program, streams)
    except (ShellSyntaxError, RecursionError) as exc:
        streams.stderr.write(f"{shell.name}: {exc}\n")
        status = 2
    except ExitShell as exc:
        outcome.exited, status = True, exc.status
    except LoopControl:
        status = 0
    except ExpansionError as exc:
        streams.stderr.write(f"{shell.name}: {exc}\n")
        status = 1
    except Stopped:
        raise
    except ShellLimit as exc:
        streams.stderr.write(f"{shell.name}: {exc}\n")
        status = 124
    shell.status = status
    outcome.shell = _capture(shell, base, state)
    return status


def _apply(shell, state: dict) -> None:
    shell.name = state.get("shell", "sh")
    node = shell.fs.lookup(state.get("cwd") or "/")
    if node is not None and node.is_dir:
        shell.cwd = state["cwd"]
    shell.vars.update(state.get("vars") or {})
    for name in state.get("unset") or []:
        shell.vars.pop(name, None)
    local = set(state.get("local") or [])
    shell.exported = {k for k in shell.vars if k not in local}
    shell.status = state.get("status", 0)


def _capture(shell, base: dict, before: dict) -> dict:
    state = {"shell": before.get("shell", "sh"), "cwd": shell.cwd, "status": shell.status}
    changed = {k: v for k, v in sorted(shell.vars.items()) if base.get(k) != v}
    unset = sorted(k for k in base if k not in shell.vars)
    local = sorted(k for k in shell.vars if k not in shell.exported)
    state.update({k: v for k, v in (("vars", changed), ("unset", unset), ("local", local)) if v})
    return state
