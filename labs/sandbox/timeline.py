"""The timeline: a swimlane per pod over virtual time, and the events as `kubectl get events`
lists them (LAST SEEN, TYPE, REASON, OBJECT, MESSAGE)."""

from dataclasses import dataclass

from kubesim.kubectl.printers.duration import human_duration, seconds_between
from labs.sandbox.board import learner_namespaces

WINDOW_MS = 5 * 60 * 1000
MAX_LANES = 40
MAX_EVENTS = 40


@dataclass
class Segment:
    css: str
    left: float  # percent of the window
    width: float


@dataclass
class Lane:
    name: str
    segments: list[Segment]
    container: bool = False


def lanes(recorded: dict, now_ms: int) -> tuple[list[Lane], int]:
    """Lanes for the last five virtual minutes, from (virtual ms, class) steps per pod."""
    start = max(0, now_ms - WINDOW_MS)
    span = max(now_ms - start, 1)
    out = []
    for (namespace, name, container), steps in list(recorded.items())[-MAX_LANES:]:
        segments = []
        states = [(at, css) for at, css in steps if css != "restart"]
        for i, (at, css) in enumerate(states):
            end = states[i + 1][0] if i + 1 < len(states) else now_ms
            if css == "gone" or end < start:
                continue
            left = max(at, start)
            width = max(end - left, 0)
            segments.append(Segment(css, round((left - start) * 100 / span, 2),
                                    max(round(width * 100 / span, 2), 0.6)))
        for at, css in steps:
            if css == "restart" and at >= start:
                segments.append(Segment(css, round((at - start) * 100 / span, 2), 0.6))
        if segments:
            shown = name if namespace == "default" else f"{namespace}/{name}"
            out.append(Lane(container or shown, segments, container=bool(container)))
    return out, start


@dataclass
class EventRow:
    last_seen: str
    type: str
    reason: str
    object: str
    message: str


def events(store, wall_now: float) -> list[EventRow]:
    items = []
    for namespace in learner_namespaces(store):
        items.extend(store.list("events", namespace))
    items.sort(key=lambda e: (e.get("lastTimestamp") or e.get("eventTime") or "",
                              e["metadata"].get("name", "")))
    rows = []
    for ev in items[-MAX_EVENTS:]:
        involved = ev.get("involvedObject") or {}
        seen = seconds_between(ev.get("lastTimestamp") or ev.get("eventTime"), wall_now)
        rows.append(EventRow(
            last_seen=human_duration(seen) if seen is not None else "<unknown>",
            type=ev.get("type", ""),
            reason=ev.get("reason", ""),
            object=f"{involved.get('kind', '').lower()}/{involved.get('name', '')}",
            message=ev.get("message", ""),
        ))
    return rows
