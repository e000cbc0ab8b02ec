"""HTML fragments the sandbox page swaps in, each from a template partial whose root element
has a stable `id` and `hx-swap-oob` (STYLE.md). Pages render the same partials, so a reload
and a pushed frame show the same markup."""

import re
import time

from django.template.loader import render_to_string
from django.utils import translation

from labs.sandbox import board as boards
from labs.sandbox import diagram, timeline

TEMPLATE = "labs/sandbox/fragments.html"
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
KUBECTL_WORDS = ["kubectl", "get", "describe", "apply", "create", "delete", "edit", "explain", "label", "annotate", "scale", "rollout", "set", "patch", "replace", "wait", "logs", "exec", "run", "expose", "cordon", "uncordon", "drain", "config", "auth", "top", "pods", "deployments", "replicasets", "services", "nodes", "namespaces", "events", "configmaps", "secrets", "statefulsets", "daemonsets", "jobs", "ingresses", "endpoints", "all", "-o", "wide", "yaml", "json", "-n", "-A", "-f", "-w", "cluster", "node", "stop", "start", "probe", "fail", "pass", "sandbox", "kill", "crictl", "rules", "forwards", "curl", "nslookup", "sleep", "echo", "cat", "grep", "ls", "clear"]
STREAMS = ("board", "clock", "events", "timeline", "diagram", "diagram_status", "words", "trace")


def visible_text(text: str) -> str:
    """Terminal output as text: control characters (escape sequences too) shown, not obeyed."""
    return CONTROL.sub(lambda m: "^" + chr(ord(m.group()) ^ 0x40), text)


def clock_text(ms: int) -> str:
    seconds, millis = divmod(int(ms), 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis // 100}"


def render(name: str, context: dict, language: str) -> str:
    with translation.override(language):
        return render_to_string(f"{TEMPLATE}#{name}", context)


def state_fragments(live, language: str, cluster=None, overrides=None, past=False,
                    only=STREAMS) -> dict:
    """The page's state fragments named in `only` ({fragment id: html})."""
    cluster = cluster or live.cluster
    now = cluster.clock.now
    context = {"now": now, "clock": clock_text(now), "speed": 0 if past else live.speed,
               "past": past}
    wanted = set(only)
    if wanted & {"board", "diagram", "diagram_status", "words"}:
        pods = boards.learner_pods(cluster.store, overrides)
        board = boards.build(cluster.store, overrides)
        dot, statuses = diagram.topology(cluster, pods)
        names = sorted({p["metadata"]["name"] for p in pods}
                       | {n["metadata"]["name"] for n in cluster.store.list("nodes")}
                       | {w.name for w in board.workloads} | {s.name for s in board.services})
        context.update({
            "board": board,
            "dot": dot,
            "dot_status": " ".join(f"{k}={v.replace(' ', '.')}" for k, v in sorted(statuses.items())),
            "words": " ".join(KUBECTL_WORDS + names),
            "names": " ".join(names),
        })
    if "events" in wanted:
        context["events"] = timeline.events(cluster.store, cluster.wall_seconds())
    if "timeline" in wanted:
        lanes, lane_start = timeline.lanes(live.lanes if not past else {}, now)
        context.update({"lanes": lanes, "lane_start": clock_text(lane_start)})
    if "trace" in wanted:
        trace = None if past else diagram.last_trace(cluster)
        context["trace"] = trace.as_dict() if trace is not None else None
    with translation.override(language):
        return {name: render_to_string(f"{TEMPLATE}#{name}", context)
                for name in STREAMS if name in wanted}


def streams_due(live, language: str, overrides) -> tuple:
    """Which fragments may have changed since the last frame in `language`: the board and the
    diagram when the store changed, the trace when a command ran, the ages in the events and
    the timeline at most once a wall second while time plays, and always the clock."""
    cluster = live.cluster
    keys = live.render_keys.setdefault(language, {})
    state = (cluster.store.resource_version, overrides is not None)
    commands = len(cluster.log)
    second = cluster.clock.now // 1000
    wall = time.monotonic()
    due = ["clock"]
    changed = overrides is not None or keys.get("state") != state
    if changed:
        due += ["board", "diagram", "diagram_status", "words"]
    if keys.get("commands") != commands:
        due.append("trace")
    if changed or (keys.get("second") != second and wall - keys.get("aged", 0.0) >= 1.0):
        due += ["events", "timeline"]
        keys.update(second=second, aged=wall)
    keys.update(state=state, commands=commands)
    return tuple(due)


def terminal_entry(entry, language: str) -> str:
    return render("term_entry", {
        "entry": entry,
        "stdout": visible_text(entry.stdout),
        "stderr": visible_text(entry.stderr),
    }, language)


def prompt(live, language: str) -> str:
    return render("prompt", {"prompt": live.nested["prompt"] if live.nested else "$"}, language)


def diagnostics(items, language: str, applied=None) -> str:
    """The editor's problem list; with `applied` (kubectl's answer) also the apply result."""
    html = render("diagnostics", {"diagnostics": items, "applied": applied}, language)
    if applied is not None:
        html += render("apply_result", {"applied": applied}, language)
    return html


def ack(client_id: str) -> str:
    """Tells the page that its message `client_id` is stored: it need not send it again."""
    return render_to_string(f"{TEMPLATE}#ack", {"client_id": client_id})


def notice(message: str, language: str, level: str = "error") -> str:
    return render("notice", {"message": message, "level": level}, language)
