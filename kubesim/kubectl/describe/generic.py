"""The generic describer kubectl falls back to for kinds without their own (Lease, CronJob's
cousins, custom resources...): genericDescriber, printUnstructuredContent and smartLabelFor in
kubernetes/kubectl pkg/describe/describe.go (v0.37.0-beta.0).

Fields print sorted by name, each under a "smart" label (`apiVersion` -> `API Version`,
`creationTimestamp` -> `Creation Timestamp`, camel-case split as github.com/fatih/camelcase
does), maps and lists nested two spaces deeper; name, namespace, labels, annotations and
managedFields are left out of the body because the header already shows them.
"""

from __future__ import annotations

from ..printers.duration import Now
from ..printers.gofmt import go_sprint
from .common import annotations_multiline, describe_events, labels_multiline, meta
from .related import Related
from .writer import LEVEL_0, PrefixWriter

SKIP = {".metadata.managedFields", ".metadata.name", ".metadata.namespace", ".metadata.labels",
        ".metadata.annotations"}
ACRONYMS = {"API", "URL", "UID", "GUID"}


def _char_class(ch: str) -> int:
    if ch.islower():
        return 1
    if ch.isupper():
        return 2
    if ch.isdigit():
        return 3
    return 4


def camel_split(text: str) -> list[str]:
    """fatih/camelcase.Split: runs of one character class; `HTTPServer` -> `HTTP`, `Server`."""
    runs: list[list[str]] = []
    last = 0
    for ch in text:
        cls = _char_class(ch)
        if runs and cls == last:
            runs[-1].append(ch)
        else:
            runs.append([ch])
        last = cls
    for i in range(len(runs) - 1):
        if runs[i] and runs[i][0].isupper() and runs[i + 1][0].islower():
            runs[i + 1].insert(0, runs[i].pop())
    return ["".join(r) for r in runs if r]


def smart_label(field: str) -> str:
    """smartLabelFor: `apiVersion` -> `API Version`; names with other symbols stay as they are."""
    if any(not (ch.isalpha() or ch == "-") for ch in field):
        return field
    parts = camel_split(field)
    merged: list[str] = []
    i = 0
    while i < len(parts):
        part = parts[i]
        upper = all(not c.isalpha() or c.isupper() for c in part)
        if i < len(parts) - 1 and len(part) >= 2 and upper and parts[i + 1][:1].isupper():
            merged.append(part + parts[i + 1])
            i += 2
            continue
        merged.append(part)
        i += 1
    words = []
    for part in merged:
        if part == "_":
            continue
        if part.upper() in ACRONYMS:
            part = part.upper()
        elif part.lower() == part:
            part = part[:1].upper() + part[1:]
        words.append(part)
    return " ".join(words)


def print_content(w: PrefixWriter, level: int, content: dict, prefix: str = "") -> None:
    """printUnstructuredContent: one field per line, maps and lists nested."""
    for field in sorted(content):
        value, path = content[field], f"{prefix}.{field}"
        if path in SKIP:
            continue
        if isinstance(value, dict):
            w.write(level, f"{smart_label(field)}:\n")
            print_content(w, level + 1, value, path)
        elif isinstance(value, list):
            w.write(level, f"{smart_label(field)}:\n")
            for child in value:
                if isinstance(child, dict):
                    print_content(w, level + 1, child, path)
                else:
                    w.write(level + 1, f"{go_sprint(child)}\n")
        else:
            w.write(level, f"{smart_label(field)}:\t{go_sprint(value)}\n")


def describe_generic(obj: dict, events: list[dict] | None, related: Related, now: Now) -> str:
    m = meta(obj)
    w = PrefixWriter()
    w.write(LEVEL_0, f"Name:\t{m.get('name', '')}\n")
    w.write(LEVEL_0, f"Namespace:\t{m.get('namespace', '')}\n")
    labels_multiline(w, "Labels", m.get("labels"))
    annotations_multiline(w, "Annotations", m.get("annotations"))
    print_content(w, LEVEL_0, obj)
    if events is not None:
        describe_events(events, w, now)
    return w.text()
