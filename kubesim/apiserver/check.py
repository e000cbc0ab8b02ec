"""The API server's front half in one call: decode, find the kind, check the schema,
default, validate.

`check_text(text, source)` answers both error channels (DESIGN.md principle 2) for every
document: `kubectl` is what kubectl prints for the first stage that fails, as a real API
server answers; `diagnostics` lists every problem at once, each with its field path and YAML
line, for the editor. `obj` is the defaulted object when all stages pass, ready for the
store (the caller still runs admission, name/namespace checks and allocation).
"""

import re
from dataclasses import dataclass, field

from kubesim import resources
from kubesim.apiserver import defaults, schema, validation
from kubesim.apiserver.decode import WEB_MAX_BYTES, DecodeError, Document, decode
from kubesim.apiserver.errors import Diagnostic, FieldError


@dataclass
class Checked:
    """One document after the front half: accepted (obj) or refused (kubectl)."""

    document: Document | None
    obj: dict | None = None
    kubectl: str | None = None
    stage: str = ""  # decode, mapping, decoding, validation; "" when accepted
    field_errors: list[FieldError] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.kubectl is None


def check_text(
    text: str, source: str = "-", max_bytes: int = WEB_MAX_BYTES, old=None
) -> list[Checked]:
    """Check every document of `text`. `old(obj)` may return the live object an update
    would replace (then immutable fields are checked too)."""
    decoded = decode(text, source, max_bytes)
    if decoded.error:
        return [_refused_input(decoded.error)]
    return [
        check_document(doc, source, old(doc.data) if old and doc.error is None else None)
        for doc in decoded.documents
    ]


def _refused_input(error: DecodeError) -> Checked:
    return Checked(None, kubectl=error.kubectl, stage="decode", diagnostics=[error.diagnostic()])


def check_document(
    doc: Document,
    source: str,
    old: dict | None = None,
    verb: str = "creating",
    namespace: str = "default",
) -> Checked:
    """Run the stages on one decoded document. Namespaced objects without a namespace land in
    `namespace`, as kubectl sends them."""
    if doc.error:
        return Checked(
            doc, kubectl=doc.error.kubectl, stage="decode", diagnostics=[doc.error.diagnostic()]
        )
    obj = doc.data
    mapping = schema.kind_error(obj, source)
    if mapping:
        where = doc.position(("kind",))
        message = mapping.split("\n")[0][mapping.index("no matches for kind") :]
        diag = Diagnostic(
            message, "kind", *(where or (None, None)), code="api.unknown_kind", document=doc.index
        )
        return Checked(doc, kubectl=mapping, stage="mapping", diagnostics=[diag])
    problems = schema.check(obj)
    diagnostics = schema.diagnostics(
        [p for p in problems if p.kind != schema.MISSING], doc.position, doc.index
    )
    decoding = schema.decoding_error(obj, problems, source, doc.position, verb)
    defaulted = defaults.apply_defaults(_in_namespace(obj, namespace))
    errors = validation.validate(defaulted) + (
        validation.validate_update(old, defaulted) if old else []
    )
    diagnostics += [_field_diagnostic(e, doc) for e in errors]
    covered = {e.field for e in errors}
    diagnostics += [
        _field_diagnostic(e, doc)
        for e in schema.required_errors(problems)
        if e.field not in covered
    ]
    if decoding:
        return Checked(
            doc, kubectl=decoding, stage="decoding", field_errors=errors, diagnostics=diagnostics
        )
    if errors:
        name = str(((obj.get("metadata") or {}).get("name")) or "")
        return Checked(
            doc,
            kubectl=invalid_text(obj["kind"], name, errors),
            stage="validation",
            field_errors=errors,
            diagnostics=diagnostics,
        )
    return Checked(doc, obj=defaulted, diagnostics=diagnostics)


def _in_namespace(obj: dict, namespace: str) -> dict:
    r = resources.for_kind(obj.get("apiVersion", ""), obj.get("kind", ""))
    meta = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
    if r is None or not r.namespaced or meta.get("namespace"):
        return obj
    return {**obj, "metadata": {**meta, "namespace": namespace}}


def invalid_text(kind: str, name: str, errors: list[FieldError]) -> str:
    """kubectl's rendering of a 422 (kubectl pkg/cmd/util/helpers.go MultilineError): one
    cause on the same line, several as `* cause` lines after a trailing `: `."""
    prefix = f'The {kind} "{name}" is invalid: '
    if len(errors) == 1:
        return prefix + str(errors[0])
    return prefix + "\n" + "\n".join(f"* {e}" for e in errors)


_PART = re.compile(r"([^.\[\]]+)|\[([^\]]*)\]")


def parse_path(text: str) -> tuple:
    """`spec.containers[0].image` -> ('spec', 'containers', 0, 'image'); `data[a.b]` keys stay whole."""
    out: list = []
    for name, index in _PART.findall(text):
        if name:
            out.append(name)
        else:
            out.append(int(index) if index.isdigit() else index)
    return tuple(out)


def _field_diagnostic(error: FieldError, doc: Document) -> Diagnostic:
    path = parse_path(error.field)
    target = _lookup(doc.data, path)
    # A bad label or annotation key is reported on the map with the key as value: point at it.
    if isinstance(target, dict) and isinstance(error.value, str) and error.value in target:
        where = doc.position(path + (error.value,), key=True)
    else:
        where = doc.position(path, key=True)
    line, column = where or (None, None)
    return Diagnostic(
        str(error),
        error.field,
        line,
        column,
        "field." + error.type.lower().replace(" ", "_"),
        doc.index,
    )


def _lookup(data, path: tuple):
    for part in path:
        if (
            isinstance(data, dict)
            and part in data
            or isinstance(data, list)
            and isinstance(part, int)
            and part < len(data)
        ):
            data = data[part]
        else:
            return None
    return data
