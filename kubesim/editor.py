"""The editor's error channel: every problem in a manifest at once, each on its YAML line.

The terminal answers like kubectl, with the first stage that fails; the editor shows
everything that is wrong, so the learner can fix it all together (DESIGN.md, principle 2).
"""

import re
from dataclasses import dataclass, field

from . import resources
from .apiserver import decode as dec
from .apiserver import schema
from .apiserver.errors import Diagnostic, FieldError

_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


@dataclass
class ApplyResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    stdout: str = ""
    stderr: str = ""
    applied: bool = False

    @property
    def ok(self) -> bool:
        return self.applied and not self.stderr


def field_path_parts(text: str) -> tuple:
    """`spec.containers[0].image` -> ('spec', 'containers', 0, 'image')."""
    return tuple(int(i) if i else name for name, i in _PART.findall(text))


def check(api, text: str, max_bytes: int = dec.WEB_MAX_BYTES) -> list[Diagnostic]:
    """Every diagnostic for `text`: syntax, limits, unknown kinds, schema and semantic rules."""
    decoded = dec.decode(text, "editor", max_bytes)
    found = list(decoded.diagnostics())
    for doc in decoded.objects:
        found.extend(_document(api, doc))
    return sorted(found, key=lambda d: (d.line or 0, d.column or 0, d.path))


def _document(api, doc: dec.Document) -> list[Diagnostic]:
    obj = doc.data
    missing = schema.kind_error(obj, "editor")
    if missing:
        where = doc.position(("kind",)) or doc.position(("apiVersion",)) or (doc.first_line, 1)
        message = f'no matches for kind "{obj.get("kind")}" in version "{obj.get("apiVersion")}"'
        hint = schema.removed_hint(str(obj.get("apiVersion", "")), str(obj.get("kind", "")))
        if hint:
            message += f" ({hint.removeprefix('hint: ')})"
        return [Diagnostic(message, "kind", where[0], where[1], "api.unknown_kind", doc.index)]
    problems = schema.check(obj)
    found = schema.diagnostics(problems, doc.position, doc.index)
    try:
        errors = api.validate(api.default(_as_stored(obj)))
    except Exception:  # noqa: BLE001 - a wrongly typed field may trip a rule; the schema said why
        errors = []
    seen = {d.path for d in found}
    return found + [_field_diagnostic(doc, e) for e in errors if e.field not in seen]


def _as_stored(obj: dict) -> dict:
    """The object as the API server validates it: in a namespace when its kind has one."""
    r = resources.for_kind(obj.get("apiVersion", ""), obj.get("kind", ""))
    meta = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
    if r is not None and r.namespaced and not meta.get("namespace"):
        return {**obj, "metadata": {**meta, "namespace": "default"}}
    return obj


def _field_diagnostic(doc: dec.Document, error: FieldError) -> Diagnostic:
    where = doc.position(field_path_parts(error.field), key=True) or (doc.first_line, 1)
    return Diagnostic(error.body(), error.field, where[0], where[1], "field." + error.type.lower().replace(" ", "_"),
                      doc.index)
