"""What a learner can do to a live sandbox, one function per action; the WebSocket consumer
and the pages' no-JavaScript forms both come through `perform`.

The message protocol (JSON, as the htmx ws extension sends a form, plus `HEADERS`):
  {"action": "command", "line": "kubectl get pods"}
  {"action": "apply"|"delete"|"check", "manifest": "apiVersion: ..."}
  {"action": "time", "op": "play"|"pause"|"step"|"settle", "speed": "1"|"4"|"16"}
  {"action": "fault", "line": "cluster node stop kind-worker"}
  {"action": "reset"}
  {"action": "scrub", "t": "12345"|"live"}   (the consumer answers it; see consumers.py)
"""

import os
import re
import shlex
import signal
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from labs.sandbox import fragments, journal
from labs.sandbox.board import learner_namespaces
from labs.sandbox.live import SPEEDS, LiveSandbox, TermEntry

MAX_LINE = 10_000
FAULT_VERBS = ("cluster node ", "cluster sandbox ", "cluster probe ")
FAULT_BUTTONS = ("node stop", "node start", "sandbox kill", "probe fail", "probe pass")
NAME = re.compile(r"[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?")


@dataclass
class Reply:
    private: list[str] = field(default_factory=list)  # html for the asking socket only
    shared: list[str] = field(default_factory=list)  # html for every tab (terminal entries)
    changed: bool = False  # the cluster moved: push a frame
    save: bool = False  # the cluster changed: a snapshot may be due (the journal has it already)


def perform(live: LiveSandbox, data: dict, language: str) -> Reply:
    """Do what `data` asks and store it in the journal; the caller answers only after this.

    A message carries a client id (`client_id`); one that already ran is answered from the
    journal instead of running again (the page resends what it saw no acknowledgement for).
    """
    action = str(data.get("action") or "")
    handler = HANDLERS.get(action)
    if handler is None:
        return Reply(private=[fragments.notice(_("Unknown action."), language)])
    client_id = str(data.get("client_id") or "")[:64]
    with live.lock:
        stored = journal.answered(live, client_id)
        if stored is not None:
            reply = _answer_again(live, stored, language)
        else:
            reply = handler(live, data, language)
            _fault_point("before-store", data)
            journal.record(live, client_id)
            _fault_point("after-store", data)
    if client_id:
        reply.private.append(fragments.ack(client_id))
    return reply


def _fault_point(where: str, data: dict) -> None:
    """The scale-out tests' stand-in for a machine dying at this very point (SANDBOX_FAULT)."""
    if settings.SANDBOX_FAULT and settings.SANDBOX_FAULT == f"{where}:{data.get('line')}":
        os.kill(os.getpid(), signal.SIGKILL)


def _answer_again(live, stored: dict, language: str) -> Reply:
    if stored.get("terminal"):
        entry = TermEntry(stored["seq"], stored["shown"], stored["stdout"], stored["stderr"], stored["exit"], 0,
                          stored["prompt"])
        return Reply(private=[fragments.terminal_entry(entry, language), fragments.prompt(live, language)])
    if "stdout" in stored:
        answer = stored["stdout"] + stored["stderr"]
        return Reply(private=[fragments.diagnostics([], language, applied=answer)])
    return Reply()


def _command(live, data, language, *, allowed=None) -> Reply:
    line = str(data.get("line") or "").strip("\r\n")
    if not line.strip():
        return Reply()
    if len(line) > MAX_LINE:
        return Reply(private=[fragments.notice(
            _("That command line is %(size)d characters long; the limit is %(limit)d.")
            % {"size": len(line), "limit": MAX_LINE}, language)])
    if allowed and not line.startswith(allowed):
        return Reply(private=[fragments.notice(_("That is not a fault button's command."), language)])
    if live.nested is not None and not allowed:
        return _in_container(live, line, language)
    entry = live.run(line)
    shell = nested_shell(line)
    if shell is not None and entry.exit_code == 0:
        live.nested = shell  # `kubectl exec -it POD -- sh` opened a shell: `/ #` until exit
    return Reply(shared=[fragments.terminal_entry(entry, language),
                         fragments.prompt(live, language)], changed=True, save=True)


SHELLS = ("sh", "/bin/sh", "bash", "/bin/bash", "ash", "/bin/ash")


def nested_shell(line: str) -> dict | None:
    """For `kubectl exec -it POD [-c C] [-n NS] -- sh`: what each line inside it runs as."""
    try:
        words = shlex.split(line)
    except ValueError:
        return None
    if words[:2] != ["kubectl", "exec"] or "--" not in words:
        return None
    cut = words.index("--")
    flags, command = words[2:cut], words[cut + 1:]
    if len(command) != 1 or command[0] not in SHELLS:
        return None
    short = "".join(w[1:] for w in flags if w.startswith("-") and not w.startswith("--"))
    stdin = "i" in short or "--stdin" in flags
    tty = "t" in short or "--tty" in flags
    if not (stdin and tty):
        return None
    kept = [w for w in flags if w not in ("-it", "-ti", "-i", "-t", "--stdin", "--tty")]
    return {"prefix": ["kubectl", "exec", *kept, "--", command[0], "-c"], "prompt": "/ #"}


def _in_container(live, line, language) -> Reply:
    """A line typed in a nested shell runs as `kubectl exec ... -- sh -c LINE` (so the log
    replays it); `exit` leaves the shell."""
    if line.strip() in ("exit", "logout"):
        entry = live.note(line, prompt=live.nested["prompt"])
        live.nested = None
    else:
        wrapped = " ".join(shlex.quote(w) for w in live.nested["prefix"]) + " " + shlex.quote(line)
        entry = live.run(wrapped, shown=line, prompt=live.nested["prompt"])
        entry.stderr = entry.stderr.replace(TTY_WARNING, "")
    return Reply(shared=[fragments.terminal_entry(entry, language), fragments.prompt(live, language)],
                 changed=True, save=True)


TTY_WARNING = "Unable to use a TTY - input is not a terminal or the right kind of file\n"


def _fault(live, data, language) -> Reply:
    """A fault button: `verb` (e.g. "node stop") and `target` (a node or pod name) make the
    `cluster ...` line, which then runs like any typed command."""
    verb, target = str(data.get("verb") or ""), str(data.get("target") or "").strip()
    if verb or target:
        if verb not in FAULT_BUTTONS or not NAME.fullmatch(target):
            return Reply(private=[fragments.notice(
                _("Choose a fault and the name of a node or pod."), language)])
        data = {**data, "line": f"cluster {verb} {target}"}
    return _command(live, data, language, allowed=FAULT_VERBS)


def _manifest(data) -> str:
    return str(data.get("manifest") or "")


def _apply(live, data, language) -> Reply:
    text = _manifest(data)
    if not text.strip():
        return Reply(private=[fragments.diagnostics([], language)])
    outcome = live.apply(text)
    if not outcome.applied:
        return Reply(private=[fragments.diagnostics(outcome.diagnostics, language)])
    answer = (outcome.stdout or "") + (outcome.stderr or "")
    return Reply(private=[fragments.diagnostics(outcome.diagnostics, language, applied=answer)],
                 changed=True, save=True)


def _delete(live, data, language) -> Reply:
    text = _manifest(data)
    if not text.strip():
        return Reply()
    # --wait=false: the pods fade out as time plays instead of time jumping ahead.
    result = live.run_quietly("kubectl delete --wait=false -f -", text)
    answer = result.stdout + result.stderr
    return Reply(private=[fragments.diagnostics([], language, applied=answer)], changed=True,
                 save=True)


def _check(live, data, language) -> Reply:
    return Reply(private=[fragments.diagnostics(live.check(_manifest(data)), language)])


def _time(live, data, language) -> Reply:
    op = str(data.get("op") or "")
    if op == "play":
        try:
            speed = int(data.get("speed") or 1)
        except (TypeError, ValueError, OverflowError):  # a list, "abc", Infinity
            speed = 1
        live.play(speed if speed in SPEEDS else 1)
    elif op == "pause":
        live.pause()
    elif op == "step":
        live.step()
    elif op == "settle":
        live.settle()
    else:
        return Reply(private=[fragments.notice(_("Unknown time control."), language)])
    live.dirty = True
    return Reply(changed=True, save=True)


def _reset(live, data, language) -> Reply:
    live.reset()
    clear = fragments.render("term_clear", {}, language)
    return Reply(shared=[clear, fragments.prompt(live, language)], changed=True, save=True)


def _why(live, data, language) -> Reply:
    """Why a pod is not ready, or a Service gets no traffic: the simulator's findings, as
    sentences in the learner's language."""
    name = str(data.get("target") or "").strip()
    sentences, subject = explain(live.cluster, name, language)
    return Reply(private=[fragments.render("why", {
        "name": name, "subject": subject, "sentences": sentences}, language)])


def explain(cluster, name: str, language: str) -> tuple[list[str], str]:
    try:
        from kubesim import findings
        from labs.explainers import explain as sentence
    except ImportError:
        return [], ""
    for namespace in learner_namespaces(cluster.store):
        pod = cluster.store.get("pods", namespace, name)
        if pod is not None:
            return [sentence(f, language) for f in findings.why_pod(cluster, pod)], "pod"
        if cluster.store.get("services", namespace, name) is not None:
            return [sentence(f, language)
                    for f in findings.why_service(cluster, namespace, name)], "service"
    return [], ""


HANDLERS = {
    "why": _why,
    "command": _command,
    "fault": _fault,
    "apply": _apply,
    "delete": _delete,
    "check": _check,
    "time": _time,
    "reset": _reset,
}
