"""JSON patch (RFC 6902) with the behaviour and error texts of the API server's library.

The API server applies `kubectl patch --type json` with evanphx/json-patch v4, whose quirks a
learner meets: `replace` of a missing object member adds it (only a missing list index or a
missing parent fails), a path's first segment is taken as the root whatever it says, negative
list indexes count from the end for `add` and `remove`, and every error is wrapped as
`<context>: <cause>` (github.com/pkg/errors), e.g. `add operation does not apply: doc is
missing path: "/metadata/annotations/a": missing value`.
Source read: github.com/evanphx/json-patch patch.go, v4 line as Kubernetes 1.37 vendors it
(gopkg.in/evanphx/json-patch.v4 v4.13.0: findObject, partialDoc, partialArray, Patch.*).

Documents are never changed in place: each operation copies the containers on its path.
"""

import re

from kubesim.kubectl.patching.errors import MergeError
from kubesim.kubectl.patching.gofmt import go_quote
from kubesim.kubectl.patching.merge_patch import json_equal

MISSING = "missing value"
INVALID_INDEX = "invalid index referenced"
TEST_FAILED = "test failed"
_INTEGER = re.compile(r"[+-]?[0-9]+\Z")


class _Absent:
    """An operation field that is not there (unlike a JSON null)."""


ABSENT = _Absent()


def apply_json_patch(doc, operations: list) -> object:
    """`doc` with the operations applied in order. Raises `MergeError` (reason Invalid, as
    the API server answers 422) on the first operation that does not apply."""
    for op in operations:
        doc = _apply_one(doc, op)
    return doc


def _apply_one(doc, op: dict):
    kind = op.get("op")
    handlers = {
        "add": _add,
        "remove": _remove,
        "replace": _replace,
        "move": _move,
        "test": _test,
        "copy": _copy,
    }
    handler = handlers.get(kind if isinstance(kind, str) else None)
    if handler is None:
        raise _fail(f"Unexpected kind: {kind if isinstance(kind, str) else 'unknown'}")
    return handler(doc, op)


def _fail(message: str) -> MergeError:
    return MergeError(message, "Invalid")


def _wrap(context: str, cause: str) -> MergeError:
    return _fail(f"{context}: {cause}")


# --- pointers -----------------------------------------------------------------------------


def _split(path: str) -> tuple[list[str], str] | None:
    """(parent segments, last key) as findObject splits them, or None when too short."""
    parts = path.split("/")
    if len(parts) < 2:
        return None
    return [_decode(p) for p in parts[1:-1]], _decode(parts[-1])


def _decode(segment: str) -> str:
    return segment.replace("~1", "/").replace("~0", "~")


def _container(doc, parents: list[str]):
    """The object or list the path ends in, or None when a parent is missing."""
    node = doc
    for segment in parents:
        try:
            node = _get(node, segment)
        except _AccessError:
            return None
        if not isinstance(node, (dict, list)):
            return None
    return node


class _AccessError(Exception):
    pass


def _index(key: str) -> int:
    if not _INTEGER.match(key):
        raise _AccessError(f"strconv.Atoi: parsing {go_quote(key)}: invalid syntax")
    return int(key)


def _get(node, key: str):
    if isinstance(node, dict):
        return node.get(key)  # v4 answers a missing member with nil, not an error
    idx = _index(key)
    if idx < -len(node) or idx >= len(node):
        raise _AccessError(f"Unable to access invalid index: {idx}: {INVALID_INDEX}")
    return node[idx]  # v4 counts negative indexes from the end


def _with_child(doc, parents: list[str], change):
    """A copy of `doc` whose container at `parents` is replaced by `change(container)`."""
    if not parents:
        return change(doc)
    head, rest = parents[0], parents[1:]
    child = _with_child(_get(doc, head), rest, change)
    if isinstance(doc, dict):
        return {**doc, head: child}
    copy = list(doc)
    copy[_index(head)] = child
    return copy


def _insert(container, key: str, value):
    if isinstance(container, dict):
        return {**container, key: value}
    if key == "-":
        return [*container, value]
    try:
        idx = _index(key)
    except _AccessError as err:
        raise _AccessError(f"value was not a proper array index: '{key}': {err}") from None
    size = len(container) + 1
    if idx >= size or idx < -size:
        raise _AccessError(f"Unable to access invalid index: {idx}: {INVALID_INDEX}")
    if idx < 0:
        idx += size
    return [*container[:idx], value, *container[idx:]]


def _delete(container, key: str):
    if isinstance(container, dict):
        if key not in container:
            raise _AccessError(f"Unable to remove nonexistent key: {key}: {MISSING}")
        return {k: v for k, v in container.items() if k != key}
    idx = _index(key)
    if idx >= len(container) or idx < -len(container):
        raise _AccessError(f"Unable to access invalid index: {idx}: {INVALID_INDEX}")
    if idx < 0:
        idx += len(container)
    return [*container[:idx], *container[idx + 1 :]]


def _set(container, key: str, value):
    if isinstance(container, dict):
        return {**container, key: value}
    copy = list(container)
    copy[_index(key)] = value
    return copy


# --- operations -----------------------------------------------------------------------------


def _field(op: dict, name: str):
    value = op.get(name, ABSENT)
    return value if isinstance(value, str) else ABSENT


# Operations whose "failed to decode path" error drops the cause (v4 wraps ErrMissing there).
_PLAIN_DECODE_ERRORS = {("add", "path"), ("remove", "path"), ("copy", "path")}


def _locate(doc, op: dict, name: str, what: str, missing: str):
    """(path, parents, key, container) of the operation's `path` or `from`, or its error."""
    path = _field(op, name)
    if path is ABSENT:
        cause = (
            "operation missing path field" if name == "path" else "operation, missing from field"
        )
        if (what, name) in _PLAIN_DECODE_ERRORS:
            raise _wrap(f"{what} operation failed to decode {name}", MISSING)
        raise _wrap(f"{what} operation failed to decode {name}", f"{cause}: {MISSING}")
    split = _split(path)
    container = _container(doc, split[0]) if split else None
    if container is None:
        raise _wrap(f"{what} operation does not apply: {missing}".format(path=path), MISSING)
    return path, split[0], split[1], container


def _add(doc, op):
    path, parents, key, _ = _locate(doc, op, "path", "add", 'doc is missing path: "{path}"')
    value = op.get("value")
    try:
        return _with_child(doc, parents, lambda c: _insert(c, key, value))
    except _AccessError as err:
        raise _wrap(f"error in add for path: '{path}'", str(err)) from None


def _remove(doc, op):
    path, parents, key, _ = _locate(doc, op, "path", "remove", 'doc is missing path: "{path}"')
    try:
        return _with_child(doc, parents, lambda c: _delete(c, key))
    except _AccessError as err:
        raise _wrap(f"error in remove for path: '{path}'", str(err)) from None


def _replace(doc, op):
    if op.get("path") == "":
        # The whole document.
        value = op.get("value")
        if not isinstance(value, (dict, list)):
            # v4.13 wraps a nil error here, and Go prints that as %!w(<nil>).
            raise _fail("replace operation value must be object or array: %!w(<nil>)")
        return value
    path, parents, key, container = _locate(
        doc, op, "path", "replace", "doc is missing path: {path}"
    )
    try:
        _get(container, key)
    except _AccessError:
        raise _wrap(
            f"replace operation does not apply: doc is missing key: {path}", MISSING
        ) from None
    return _with_child(doc, parents, lambda c: _set(c, key, op.get("value")))


def _move(doc, op):
    _source, parents, key, container = _locate(
        doc, op, "from", "move", "doc is missing from path: {path}"
    )
    try:
        value = _get(container, key)
        doc = _with_child(doc, parents, lambda c: _delete(c, key))
    except _AccessError as err:
        raise _wrap(f"error in move for path: '{key}'", str(err)) from None
    path, parents, key, _ = _locate(
        doc, op, "path", "move", "doc is missing destination path: {path}"
    )
    try:
        return _with_child(doc, parents, lambda c: _insert(c, key, value))
    except _AccessError as err:
        raise _wrap(f"error in move for path: '{path}'", str(err)) from None


def _copy(doc, op):
    source, parents, key, container = _locate(
        doc, op, "from", "copy", "doc is missing from path: {path}"
    )
    try:
        value = _get(container, key)
    except _AccessError as err:
        raise _wrap(f"error in copy for from: '{source}'", str(err)) from None
    _path, parents, key, _ = _locate(
        doc, op, "path", "copy", "doc is missing destination path: {path}"
    )
    try:
        return _with_child(doc, parents, lambda c: _insert(c, key, value))
    except _AccessError as err:
        raise _wrap("error while adding value during copy", str(err)) from None


def _test(doc, op):
    if op.get("path") == "":
        if json_equal(doc, op.get("value")):
            return doc
        raise _wrap("testing value  failed", TEST_FAILED)
    path, _parents, key, container = _locate(doc, op, "path", "test", "is missing path: {path}")
    try:
        current = _get(container, key)
    except _AccessError as err:
        raise _wrap(f"error in test for path: '{path}'", str(err)) from None
    expected = op.get("value", ABSENT)
    if current is None and (expected is ABSENT or expected is None):
        return doc  # a missing or null member matches a null or absent value
    if expected is not ABSENT and json_equal(current, expected):
        return doc
    raise _wrap(f"testing value {path} failed", TEST_FAILED)
