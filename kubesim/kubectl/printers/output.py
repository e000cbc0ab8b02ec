"""The other `kubectl get` outputs: `-o name`, `-o json`, `-o yaml`, custom columns, and the
grouped tables of `kubectl get all`.

Sources (1.37-dev snapshots): cli-runtime pkg/printers/{name,json,yaml}.go, kubectl
pkg/cmd/get/customcolumn.go and get.go (blank line between resource groups, `kind/name`
prefixes when several types are listed).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from decimal import Decimal

import re2

from .. import jsonpath  # module import: jsonpath itself imports printers.gofmt
from .duration import Now
from .gofmt import go_json, go_quote, go_sprint
from .goyaml import go_yaml
from .kinds import build_table
from .table import print_table, tabwrite


def group_of(obj: dict) -> str:
    api_version = obj.get("apiVersion", "")
    return api_version.split("/")[0] if "/" in api_version else ""


def kind_prefix(obj: dict) -> str:
    """GroupKind as kubectl prints it: `pod`, `deployment.apps`, `cronjob.batch`."""
    kind = obj.get("kind", "").lower()
    group = group_of(obj)
    return f"{kind}.{group}" if group else kind


def name_of(obj: dict) -> str:
    """`-o name`: `pod/web`, `deployment.apps/web`."""
    return f"{kind_prefix(obj)}/{(obj.get('metadata') or {}).get('name') or '<unknown>'}"


def name_output(objects: Iterable[dict]) -> str:
    return "".join(name_of(o) + "\n" for o in objects)


def as_list(objects: Iterable[dict]) -> dict:
    """The `List` kubectl prints when a get can return several objects."""
    return {"apiVersion": "v1", "items": list(objects), "kind": "List", "metadata": {"resourceVersion": ""}}


def _one(data: dict | list) -> dict:
    return as_list(data) if isinstance(data, list) else data


def json_output(data: dict | list) -> str:
    """`-o json`: one object, or a `List` for a list of objects; 4-space indent, sorted keys."""
    return go_json(_one(data), indent=4) + "\n"


def yaml_output(data: dict | list) -> str:
    """`-o yaml`: one object, or a `List` for a list of objects."""
    return go_yaml(_one(data))


# ---------------------------------------------------------------------------------------------
# Custom columns


class PrinterError(ValueError):
    """An output request kubectl refuses; print it as `error: <message>`."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class CustomColumnsError(PrinterError):
    pass


_RELAXED = re2.compile(r"^\{\.?([^{}]+)\}$|^\.?([^{}]+)$")


def relaxed_jsonpath(expression: str) -> str:
    """RelaxedJSONPathExpression: `metadata.name`, `.metadata.name`, `{...}` -> `{.metadata.name}`."""
    if not expression:
        return expression
    match = _RELAXED.match(expression)
    if match is None:
        raise CustomColumnsError(
            "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' "
            "or '{.name1.name2}'"
        )
    return "{." + (match.group(1) or match.group(2)) + "}"


def custom_columns_from_spec(spec: str) -> list[tuple[str, str]]:
    """`-o custom-columns=NAME:.metadata.name,...` into (header, template) pairs."""
    if not spec:
        raise CustomColumnsError("custom-columns format specified but no custom columns given")
    result = []
    for part in spec.split(","):
        header, sep, path = part.partition(":")
        if not sep:
            raise CustomColumnsError(f"unexpected custom-columns spec: {part}, expected <header>:<json-path-expr>")
        result.append((header, relaxed_jsonpath(path)))
    return result


def custom_columns_from_file(text: str) -> list[tuple[str, str]]:
    """`-o custom-columns-file=FILE`: a line of headers, then a line of paths."""
    lines = text.splitlines()
    hint = "Expected format is one line of space separated headers, one line of space separated column specs."
    if not lines:
        raise CustomColumnsError(f"invalid template, missing header line. {hint}")
    if len(lines) < 2:
        raise CustomColumnsError(f"invalid template, missing spec line. {hint}")
    headers, specs = lines[0].split(), lines[1].split()
    if len(headers) != len(specs):
        raise CustomColumnsError(
            f"number of headers ({len(headers)}) and field specifications ({len(specs)}) don't match"
        )
    return [(h, relaxed_jsonpath(s)) for h, s in zip(headers, specs, strict=True)]


def _column_cell(path: jsonpath.JSONPath, obj: dict) -> str:
    results = path.find_results(obj)
    if not results or not results[0]:
        return "<none>"
    values = [go_sprint(v) for group in results for v in group]
    return ",".join(v.replace("\x1b", "^[").replace("\r", "\\r") for v in values)


def custom_columns_output(columns: Sequence[tuple[str, str]], objects: Iterable[dict],
                          no_headers: bool = False) -> str:
    """Rows of the requested columns; `<none>` where a path finds nothing.

    Raises JSONPathError (print it as `error: <message>`) when a path cannot run.
    """
    paths = [jsonpath.JSONPath(template, allow_missing_keys=True) for _, template in columns]
    lines = [] if no_headers else [[header for header, _ in columns]]
    lines += [[_column_cell(p, obj) for p in paths] for obj in objects]
    return tabwrite(lines)



# ---------------------------------------------------------------------------------------------
# Tables for one kind, and `kubectl get all`

# The "all" category as discovery lists it: core, apps, autoscaling, batch; by name in a group.
GET_ALL_KINDS = (
    "Pod", "ReplicationController", "Service", "DaemonSet", "Deployment", "ReplicaSet",
    "StatefulSet", "HorizontalPodAutoscaler", "CronJob", "Job",
)


def table_output(
    kind: str,
    objects: Sequence[dict],
    now: Now,
    *,
    wide: bool = False,
    no_headers: bool = False,
    with_namespace: bool = False,
    show_labels: bool = False,
    label_columns: Sequence[str] = (),
    with_kind: bool = False,
) -> str:
    """The table `kubectl get KIND` prints ('' for no objects; see table.no_resources)."""
    prefix = kind_prefix(objects[0]) if with_kind and objects else None
    return print_table(
        build_table(kind, objects, now, wide), wide=wide, no_headers=no_headers,
        with_namespace=with_namespace, show_labels=show_labels, label_columns=label_columns,
        kind_prefix=prefix,
    )


def grouped_output(objects: Iterable[dict], now: Now, *, kinds: Sequence[str] = GET_ALL_KINDS,
                   no_headers: bool = False, **options) -> str:
    """Several kinds at once (`kubectl get all`, `kubectl get deploy,svc`): one table per kind
    in `kinds` order, a blank line between tables when headers are on. Names get a `kind/`
    prefix only when the objects really are of more than one kind (get.go multipleGVKsRequested).
    """
    by_kind: dict[str, list[dict]] = {}
    for obj in objects:
        by_kind.setdefault(obj.get("kind", ""), []).append(obj)
    with_kind = len(by_kind) > 1
    parts = []
    for kind in [*kinds, *(k for k in by_kind if k not in kinds)]:
        if by_kind.get(kind):
            parts.append(table_output(kind, by_kind[kind], now, no_headers=no_headers, with_kind=with_kind,
                                      **options))
    return ("" if no_headers else "\n").join(parts)


# ---------------------------------------------------------------------------------------------
# --sort-by (kubectl pkg/cmd/get/sorter.go)

_QUANTITY = re2.compile(r"^([+-]?[0-9]*\.?[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$")
_SUFFIX = {"n": Decimal("1e-9"), "u": Decimal("1e-6"), "m": Decimal("1e-3"), "": Decimal(1), "k": Decimal("1e3"),
           "M": Decimal("1e6"), "G": Decimal("1e9"), "T": Decimal("1e12"), "P": Decimal("1e15"), "E": Decimal("1e18"),
           **{s: Decimal(1024) ** (i + 1) for i, s in enumerate(("Ki", "Mi", "Gi", "Ti", "Pi", "Ei"))}}


def _quantity(text: str) -> Decimal | None:
    match = _QUANTITY.match(text)
    if match is None:
        return None
    number, suffix = Decimal(match.group(1)), match.group(2) or ""
    if suffix[:1] in ("e", "E"):
        return number * Decimal(10) ** int(suffix[1:])
    return number * _SUFFIX[suffix]


def _less(a, b) -> bool:
    """isLess for decoded JSON values: numbers by value, strings as quantities when both are."""
    if a is None or b is None:
        return a is None and b is not None
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return a < b
    if isinstance(a, str) and isinstance(b, str):
        qa, qb = _quantity(a), _quantity(b)
        return qa < qb if qa is not None and qb is not None else a < b
    if isinstance(a, list) and isinstance(b, list):
        for x, y in zip(a, b, strict=False):
            if not _less(x, y):
                return False
        return True
    raise PrinterError(f"unsortable type: {type(a).__name__}")


def sort_objects(objects: Sequence[dict], expression: str) -> list[dict]:
    """`--sort-by=.metadata.creationTimestamp`: objects lacking the field come first."""
    field = relaxed_jsonpath(expression)
    path = jsonpath.JSONPath(field, allow_missing_keys=True)
    keys = []
    for obj in objects:
        results = path.find_results(obj)
        keys.append(results[0][0] if results and results[0] else _MISSING)
    if objects and all(k is _MISSING for k in keys):
        raise PrinterError(f"couldn't find any field with path {go_quote(field)} in the list of objects")

    def compare(i: int, j: int) -> int:
        a, b = keys[i], keys[j]
        if a is _MISSING:
            return 0 if b is _MISSING else -1
        if b is _MISSING:
            return 1
        return -1 if _less(a, b) else (1 if _less(b, a) else 0)

    order = sorted(range(len(objects)), key=functools.cmp_to_key(compare))
    return [objects[i] for i in order]


_MISSING = object()
