"""Pieces every describer shares: multi-line labels, annotations, taints and tolerations,
RFC 1123 timestamps, the "Controlled By" owner and the Events table.

Each function mirrors its namesake in kubernetes/kubectl pkg/describe/describe.go
(v0.37.0-beta.0): printLabelsMultilineWithIndent, printAnnotationsMultiline (values longer than
140 characters or with newlines go on their own lines, cut at 138 characters with `...`),
printTaintsMultilineWithIndent, printTolerationsMultilineWithIndent and DescribeEvents (sorted
by lastTimestamp; `2m (x3 over 5m)` for repeated events).
"""

from __future__ import annotations

from datetime import UTC

from ..printers.duration import Now, age, parse_time
from .writer import LEVEL_0, LEVEL_1, PrefixWriter

MAX_ANNOTATION_LEN = 140
SKIP_ANNOTATIONS = {"kubectl.kubernetes.io/last-applied-configuration"}
ZERO_TIME = "Mon, 01 Jan 0001 00:00:00 +0000"  # Go's zero time.Time in RFC1123Z


def rfc1123z(timestamp: str | None) -> str:
    """time.RFC1123Z: `Thu, 01 Jan 2026 00:00:00 +0000` (Go's zero time when unset)."""
    moment = parse_time(timestamp)
    if moment is None:
        return ZERO_TIME
    return moment.astimezone(UTC).strftime("%a, %d %b %Y %H:%M:%S +0000")


def meta(obj: dict) -> dict:
    return obj.get("metadata") or {}


def go_list(values) -> str:
    """fmt's %v of a []string: `[a b c]`, `[]` when empty."""
    return "[" + " ".join(str(v) for v in values or []) + "]"


def go_bool(value) -> str:
    return "true" if value else "false"


def print_bool(value) -> str:
    """describe.go's printBool: `True` / `False`."""
    return "True" if value else "False"


def print_bool_ptr(value) -> str:
    return "<unset>" if value is None else print_bool(value)


def string_or_none(text: str) -> str:
    return text if text else "<none>"


def controller_of(obj: dict) -> dict | None:
    """metav1.GetControllerOf: the owner reference with `controller: true`."""
    for ref in meta(obj).get("ownerReferences") or []:
        if ref.get("controller"):
            return ref
    return None


def controlled_by(obj: dict) -> str:
    """printController: `ReplicaSet/web-7d9c6c5b4f`, or '' when nothing controls the object."""
    ref = controller_of(obj)
    return f"{ref.get('kind', '')}/{ref.get('name', '')}" if ref else ""


def labels_multiline(w: PrefixWriter, title: str, labels: dict | None,
                     initial_indent: str = "", inner_indent: str = "\t") -> None:
    """printLabelsMultilineWithIndent: one `key=value` per line, sorted, `<none>` when empty."""
    w.write(LEVEL_0, f"{initial_indent}{title}:{inner_indent}")
    keys = sorted(labels or {})
    if not keys:
        w.line("<none>")
        return
    for i, key in enumerate(keys):
        if i:
            w.write(LEVEL_0, initial_indent + inner_indent)
        w.write(LEVEL_0, f"{key}={labels[key]}\n")


def _shorten(text: str, limit: int) -> str:
    return text[:limit] + "..." if len(text) > limit else text


def annotations_multiline(w: PrefixWriter, title: str, annotations: dict | None) -> None:
    """printAnnotationsMultiline: `key: value`, long or multi-line values below their key."""
    w.write(LEVEL_0, f"{title}:\t")
    keys = sorted(k for k in annotations or {} if k not in SKIP_ANNOTATIONS)
    if not keys:
        w.line("<none>")
        return
    indent = "\t"
    for i, key in enumerate(keys):
        if i:
            w.write(LEVEL_0, indent)
        value = str(annotations[key])
        value = value.removesuffix("\n")
        # Go measures len() in bytes, not characters.
        if len(value.encode()) + len(key.encode()) + 2 > MAX_ANNOTATION_LEN or "\n" in value:
            w.write(LEVEL_0, f"{key}:\n")
            for part in value.split("\n"):
                w.write(LEVEL_0, f"{indent}  {_shorten(part, MAX_ANNOTATION_LEN - 2)}\n")
        else:
            w.write(LEVEL_0, f"{key}: {value}\n")


def taint_string(taint: dict) -> str:
    """Taint.ToString: `key=value:Effect`, `key:Effect`, `key=value` or `key`."""
    text = taint.get("key", "")
    if taint.get("value"):
        text += "=" + taint["value"]
    if taint.get("effect"):
        text += ":" + taint["effect"]
    return text


def taints_multiline(w: PrefixWriter, title: str, taints: list | None,
                     initial_indent: str = "", inner_indent: str = "\t") -> None:
    """printTaintsMultilineWithIndent: sorted by `effect,key`."""
    w.write(LEVEL_0, f"{initial_indent}{title}:{inner_indent}")
    if not taints:
        w.line("<none>")
        return
    ordered = sorted(taints, key=lambda t: f"{t.get('effect', '')},{t.get('key', '')}")
    for i, taint in enumerate(ordered):
        if i:
            w.write(LEVEL_0, initial_indent + inner_indent)
        w.write(LEVEL_0, taint_string(taint) + "\n")


def toleration_string(toleration: dict) -> str:
    """One toleration as describe prints it: `key=value:Effect op=Exists for 300s`."""
    key, value, effect = (toleration.get(k) or "" for k in ("key", "value", "effect"))
    text = key + (f"={value}" if value else "") + (f":{effect}" if effect else "")
    if toleration.get("operator") == "Exists" and not value:
        # A bare `operator: Exists` tolerates everything and prints as `op=Exists`.
        text += " op=Exists" if key or effect else "op=Exists"
    if toleration.get("tolerationSeconds") is not None:
        text += f" for {toleration['tolerationSeconds']}s"
    return text


def tolerations_multiline(w: PrefixWriter, title: str, tolerations: list | None,
                          initial_indent: str = "", inner_indent: str = "\t") -> None:
    """printTolerationsMultilineWithIndent: sorted by key (a stable sort for so few items)."""
    w.write(LEVEL_0, f"{initial_indent}{title}:{inner_indent}")
    if not tolerations:
        w.line("<none>")
        return
    for i, toleration in enumerate(sorted(tolerations, key=lambda t: t.get("key") or "")):
        if i:
            w.write(LEVEL_0, initial_indent + inner_indent)
        w.write(LEVEL_0, toleration_string(toleration) + "\n")


def _event_interval(event: dict, now: Now) -> str:
    first = age(event.get("eventTime"), now)
    if not event.get("eventTime"):
        first = age(event.get("firstTimestamp"), now)
    series = event.get("series")
    if series:
        return f"{age(series.get('lastObservedTime'), now)} (x{series.get('count', 0)} over {first})"
    count = int(event.get("count") or 0)
    if count > 1:
        return f"{age(event.get('lastTimestamp'), now)} (x{count} over {first})"
    return first


def _last_timestamp(event: dict) -> float:
    moment = parse_time(event.get("lastTimestamp"))
    return moment.timestamp() if moment else float("-inf")


def describe_events(events: list[dict], w: PrefixWriter, now: Now) -> None:
    """DescribeEvents: the Events table, or `Events:  <none>`."""
    if not events:
        w.write(LEVEL_0, "Events:\t<none>\n")
        return
    w.write(LEVEL_0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n")
    w.write(LEVEL_1, "----\t------\t----\t----\t-------\n")
    for event in sorted(events, key=_last_timestamp):
        source = (event.get("source") or {}).get("component") or event.get("reportingComponent") or ""
        message = (event.get("message") or "").strip()
        field_path = (event.get("involvedObject") or {}).get("fieldPath")
        if field_path:
            message = f"{field_path}: {message}"
        w.write(LEVEL_1, f"{event.get('type', '')}\t{event.get('reason', '')}\t"
                         f"{_event_interval(event, now)}\t{source}\t{message}\n")


def events_for(obj: dict, events: list[dict], *, uid_or_name: bool = False) -> list[dict]:
    """The events kubectl's searchEvents finds for an object (name, namespace, kind, uid).

    Pods are searched without the kind (kubectl clears it); nodes also by their name as uid,
    because the kubelet reports node events with `uid: <node name>`.
    """
    m = meta(obj)
    kind = "" if obj.get("kind") == "Pod" else obj.get("kind", "")
    uids = {m.get("uid", "")}
    if uid_or_name:
        uids.add(m.get("name", ""))
    found = []
    for event in events:
        ref = event.get("involvedObject") or {}
        if ref.get("name") != m.get("name"):
            continue
        if (ref.get("namespace") or "") != (m.get("namespace") or "") and m.get("namespace"):
            continue
        if kind and ref.get("kind") != kind:
            continue
        if m.get("uid") and ref.get("uid") not in uids:
            continue
        found.append(event)
    return found
