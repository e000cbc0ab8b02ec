"""Strict schema checks with the OpenAPI schemas of Kubernetes 1.37 that kubernetes-validate
ships, and the API server's decoding-stage answers built from them.

The API server decodes a request body in two passes (k8s.io/apimachinery's json serializer
over sigs.k8s.io/json): a type mismatch fails the first pass at once (Go's
`json: cannot unmarshal ...`, the earliest one wins), and only then does strict field
validation list every unknown field (`strict decoding error: unknown field "spec.replica"`).
kubectl prints either as `Error from server (BadRequest): error when creating "f.yaml":
Deployment in version "v1" cannot be handled as a Deployment: ...`.

`check(obj)` returns every problem at once for the editor; `decoding_error()` picks what the
server answers. Validators are `jsonschema.Draft202012Validator`s over one shared registry,
built once per process and cached per kind (kubernetes-validate's own `validate()` re-reads
1.8 MB of JSON per call and stops at the first error).
"""

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources as importlib_resources

import jsonschema
from referencing import Registry, Resource

from kubesim import resources
from kubesim.apiserver.errors import REQUIRED, Diagnostic, FieldError

SCHEMA_DIR = "kubernetes-json-schema/v1.37.0-local-strict"
_DEFS_URI = "https://kubernetes.io/api/_definitions.json"

UNKNOWN_FIELD = "unknown_field"
WRONG_TYPE = "wrong_type"
MISSING = "required"
OTHER = "other"

# Today's apiVersion of each kind and the release it arrived in, for the hint after a
# removed apiVersion (Kubernetes deprecation guide, docs:reference/using-api/deprecation-guide/).
_SERVED_SINCE = {
    "Deployment": "1.9",
    "DaemonSet": "1.9",
    "ReplicaSet": "1.9",
    "StatefulSet": "1.9",
    "Ingress": "1.19",
    "IngressClass": "1.19",
    "NetworkPolicy": "1.7",
    "CronJob": "1.21",
    "PodDisruptionBudget": "1.21",
    "HorizontalPodAutoscaler": "1.23",
    "EndpointSlice": "1.21",
    "ClusterRole": "1.8",
    "ClusterRoleBinding": "1.8",
    "Role": "1.8",
    "RoleBinding": "1.8",
    "StorageClass": "1.6",
    "PriorityClass": "1.14",
    "Lease": "1.14",
}


@dataclass(frozen=True)
class SchemaProblem:
    """One schema violation: where (instance path) and what."""

    kind: str  # UNKNOWN_FIELD, WRONG_TYPE, MISSING or OTHER
    path: tuple  # for UNKNOWN_FIELD and MISSING, the path includes the field itself
    message: str  # for the editor
    go_error: str = ""  # WRONG_TYPE: Go's `json: cannot unmarshal ...`

    @property
    def field(self) -> str:
        return field_path(self.path)


def field_path(path) -> str:
    """`('spec', 'containers', 0, 'image')` -> `spec.containers[0].image`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


@functools.cache
def _definitions() -> dict:
    ref = importlib_resources.files("kubernetes_validate").joinpath(SCHEMA_DIR, "_definitions.json")
    with ref.open("r", encoding="utf-8") as f:
        return json.load(f)["$defs"]


@functools.cache
def _registry() -> Registry:
    contents = {
        "$id": _DEFS_URI,
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$defs": _definitions(),
    }
    return Resource.from_contents(contents) @ Registry()


@functools.cache
def _definition_names() -> dict:
    """(apiVersion, kind) -> definition name, from the definitions' group-version-kind tags."""
    out = {}
    for name, schema in _definitions().items():
        for gvk in schema.get("x-kubernetes-group-version-kind", ()):
            api_version = f"{gvk['group']}/{gvk['version']}" if gvk["group"] else gvk["version"]
            out[(api_version, gvk["kind"])] = name
    return out


def definition_name(api_version: str, kind: str) -> str | None:
    """The schema definition of a kind the simulated server serves, e.g.
    `io.k8s.api.apps.v1.Deployment`; None for kinds it does not serve."""
    if resources.for_kind(api_version, kind) is None:
        return None
    return _definition_names().get((api_version, kind))


@functools.cache
def validator_for(api_version: str, kind: str) -> jsonschema.Draft202012Validator | None:
    name = definition_name(api_version, kind)
    if name is None:
        return None
    return jsonschema.Draft202012Validator(
        {"$ref": f"{_DEFS_URI}#/$defs/{name}"}, registry=_registry()
    )


def warm_up() -> None:
    """Build the registry and the validators of every served kind (call at start-up)."""
    for r in resources.RESOURCES:
        validator_for(r.api_version, r.kind)


# --- unknown kinds -----------------------------------------------------------------------


def kind_error(obj: dict, source: str) -> str | None:
    """kubectl's answer when the server serves no such kind/version (kubectl's REST mapping),
    verbatim; None when the kind is served. (The editor adds `removed_hint` to its diagnostic;
    the terminal prints only what kubectl prints.)"""
    api_version, kind = str(obj.get("apiVersion", "")), str(obj.get("kind", ""))
    if definition_name(api_version, kind):
        return None
    meta = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
    name, namespace = meta.get("name", ""), meta.get("namespace", "")
    text = (
        f'error: resource mapping not found for name: "{name}" namespace: "{namespace}" from "{source}": '
        f'no matches for kind "{kind}" in version "{api_version}"\nensure CRDs are installed first'
    )
    return text


def removed_hint(api_version: str, kind: str) -> str | None:
    """`hint: Ingress is served as networking.k8s.io/v1 since Kubernetes 1.19;
    extensions/v1beta1 was removed in 1.22`."""
    note = resources.REMOVED_API_VERSIONS.get(api_version)
    current = resources.current_api_version(kind)
    if not note or not current:
        return None
    removed = re.findall(r"1\.\d+", note)
    removed_in = removed[-1] if kind in ("Ingress", "IngressClass") else removed[0]
    since = _SERVED_SINCE.get(kind)
    served = f"{kind} is served as {current}" + (f" since Kubernetes {since}" if since else "")
    return f"hint: {served}; {api_version} was removed in {removed_in}"


# --- checking ------------------------------------------------------------------------------


def check(obj: dict) -> list[SchemaProblem]:
    """Every schema problem of an object of a served kind ([] for unknown kinds)."""
    validator = validator_for(str(obj.get("apiVersion", "")), str(obj.get("kind", "")))
    if validator is None:
        return []
    root = definition_name(obj["apiVersion"], obj["kind"])
    problems: list[SchemaProblem] = []
    for error in validator.iter_errors(obj):
        problems.extend(_classify(error, root))
    return problems + _base64_problems(obj)


# Byte fields travel as base64 strings; Go's decoder refuses bad ones while decoding.
_BYTE_MAPS = {"Secret": "data", "ConfigMap": "binaryData"}
_B64 = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")


def _base64_problems(obj: dict) -> list[SchemaProblem]:
    key = _BYTE_MAPS.get(obj.get("kind", ""))
    data = obj.get(key) if key else None
    if not isinstance(data, dict):
        return []
    out = []
    for name, value in data.items():
        at = base64_error_at(value) if isinstance(value, str) else None
        if at is not None:
            message = f"illegal base64 data at input byte {at}"
            out.append(SchemaProblem(WRONG_TYPE, (key, name), message, message))
    return out


def base64_error_at(text: str) -> int | None:
    """Where Go's base64.StdEncoding.Decode gives up (its CorruptInputError offset), or None.
    Mirrors decodeQuantum in Go's encoding/base64: quanta of 4, `\r`/`\n` skipped, `=`
    padding only at the end."""
    src, si, n = text.encode("utf-8"), 0, len(text.encode("utf-8"))
    while True:
        j = 0
        while j < 4:
            if si == n:
                return None if j == 0 else si - j
            ch = chr(src[si])
            si += 1
            if ch in _B64:
                j += 1
                continue
            if ch in "\r\n":
                continue
            if ch != "=" or j < 2:
                return si - 1
            if j == 2:  # "==" expected
                while si < n and chr(src[si]) in "\r\n":
                    si += 1
                if si == n:
                    return n
                if chr(src[si]) != "=":
                    return si - 1
                si += 1
            while si < n and chr(src[si]) in "\r\n":
                si += 1
            return si if si < n else None


def _classify(error: jsonschema.ValidationError, root: str) -> list[SchemaProblem]:
    path = tuple(error.absolute_path)
    if error.validator == "additionalProperties":
        known = error.schema.get("properties", {})
        extra = [k for k in error.instance if k not in known]
        return [
            SchemaProblem(UNKNOWN_FIELD, path + (k,), f'unknown field "{field_path(path + (k,))}"')
            for k in extra
        ]
    if error.validator == "required":
        m = re.match(r"'(.*)' is a required property", error.message)
        name = m.group(1) if m else "?"
        return [
            SchemaProblem(MISSING, path + (name,), f"{field_path(path + (name,))}: Required value")
        ]
    if error.validator in ("type", "oneOf") and error.instance is not None:
        # Go decodes null into anything (the field stays unset), so only non-null values count.
        go = _go_type_error(root, path, error.instance)
        return [SchemaProblem(WRONG_TYPE, path, go.removeprefix("json: "), go)]
    if error.validator == "type":
        return []
    return [SchemaProblem(OTHER, path, f"{field_path(path)}: {error.message}")]


# --- Go's type errors ----------------------------------------------------------------------


def _json_kind(value) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _go_type_error(root: str, path: tuple, value) -> str:
    """`json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of
    type int32`: the struct is the innermost Go struct holding the field, the field path lists
    struct fields only (Go's decoder skips array indexes and map keys)."""
    struct, fields, schema = _locate(root, path)
    go_type = _go_type(schema)
    what = _json_kind(value)
    if what == "number" and go_type in ("int32", "int64") and not float(value).is_integer():
        what = f"number {value}"
    if not fields:
        return f"json: cannot unmarshal {what} into Go value of type {go_type}"
    return f"json: cannot unmarshal {what} into Go struct field {struct}.{'.'.join(fields)} of type {go_type}"


def _deref(schema: dict) -> tuple[dict, str | None]:
    ref = schema.get("$ref")
    if not ref:
        return schema, None
    name = ref.rsplit("/", 1)[1]
    return _definitions()[name], name


def _locate(root: str, path: tuple) -> tuple[str, list[str], dict]:
    """Walk the schema along `path`: (the Go struct holding the last struct field, the struct
    field names on the way, the field's schema with its `$ref` kept to name its Go type)."""
    current = holder = _short(root)
    fields: list[str] = []
    schema: dict = _definitions()[root]
    raw: dict = {"$ref": root}
    for part in path:
        if isinstance(part, int):
            raw = schema.get("items", {})
        elif part in schema.get("properties", {}):
            holder = current
            fields.append(part)
            raw = schema["properties"][part]
        else:  # a map value: Go does not name map keys in its field path
            raw = schema.get("additionalProperties") or {}
        schema, name = _deref(raw)
        if name and "properties" in schema:
            current = _short(name)
    return holder, fields, raw


def _short(name: str) -> str:
    return name.rsplit(".", 1)[1]


def _go_type(schema: dict) -> str:
    schema, name = _deref(schema)
    if name == "io.k8s.apimachinery.pkg.util.intstr.IntOrString":
        return "intstr.IntOrString"
    if name == "io.k8s.apimachinery.pkg.api.resource.Quantity":
        return "resource.Quantity"
    if name and "properties" in schema:
        return f"{name.split('.')[-2]}.{_short(name)}"
    types = schema.get("type", [])
    types = [types] if isinstance(types, str) else types
    if "integer" in types:
        return schema.get("format", "int64")
    if "number" in types:
        return "float64"
    if "boolean" in types:
        return "bool"
    if "string" in types:
        return "[]uint8" if schema.get("format") == "byte" else "string"
    if "array" in types:
        return "[]" + _go_type(schema.get("items", {}))
    if "object" in types:
        return "map[string]" + _go_type(schema.get("additionalProperties") or {"type": "string"})
    return "interface {}"


# --- what the server answers, and what the editor shows ---------------------------------


def decoding_error(
    obj: dict, problems: list[SchemaProblem], source: str, order=None, verb: str = "creating"
) -> str | None:
    """kubectl's text for the decoding stage: the earliest type error, else all unknown
    fields; None when decoding would succeed. `order(path)` sorts problems by their place
    in the text (Document.position), since Go reports in document order."""
    kind = obj.get("kind", "")
    version = str(obj.get("apiVersion", "")).rsplit("/", 1)[-1]
    prefix = f'Error from server (BadRequest): error when {verb} "{source}": {kind} in version "{version}" cannot be handled as a {kind}: '
    key = (lambda p: order(p.path) or (0, 0)) if order else (lambda p: 0)
    types = sorted((p for p in problems if p.kind == WRONG_TYPE), key=key)
    if types:
        return prefix + types[0].go_error
    unknown = sorted((p for p in problems if p.kind == UNKNOWN_FIELD), key=key)
    if unknown:
        return prefix + "strict decoding error: " + ", ".join(p.message for p in unknown)
    return None


def required_errors(problems: list[SchemaProblem]) -> list[FieldError]:
    """Schema `required` failures as the validation-stage field errors they become."""
    return [FieldError(REQUIRED, p.field) for p in problems if p.kind == MISSING]


def diagnostics(problems: list[SchemaProblem], position, document: int = 0) -> list[Diagnostic]:
    """One Diagnostic per problem; `position(path, key)` is Document.position. Unknown fields
    point at the extra key itself, missing fields at their parent."""
    out = []
    for p in problems:
        if p.kind == UNKNOWN_FIELD:
            where = position(p.path, True)
        elif p.kind == MISSING:
            where = position(p.path[:-1], True)
        else:
            where = position(p.path, False)
        line, column = where if where else (None, None)
        out.append(Diagnostic(p.message, p.field, line, column, f"schema.{p.kind}", document))
    return out
