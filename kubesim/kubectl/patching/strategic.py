"""Applying a strategic merge patch, as the API server does for `kubectl patch` and `apply`.

Lists whose schema says `x-kubernetes-patch-strategy: merge` are merged element by element on
their merge key (containers by `name`, ports by `containerPort`); other lists are replaced.
The directives: `$patch: replace|delete` (on a map or a list element), `$retainKeys` (keys
not listed are cleared: how `strategy` switches from RollingUpdate to Recreate),
`$setElementOrder/<list>` (the order the client wants) and
`$deleteFromPrimitiveList/<list>` (strings to drop from a merging list of scalars).

The same `merge_map` also combines two patches on the client (kubectl's three-way patch) when
`merge_parallel_list` is off: then directives are carried over instead of executed.
Source read: k8s.io/apimachinery/pkg/util/strategicpatch/patch.go (mergeMap, mergeSlice,
mergePatchIntoOriginal, applyRetainKeysDirective, normalizeElementOrder).
"""

from dataclasses import dataclass

from kubesim.kubectl.patching import errors
from kubesim.kubectl.patching.gofmt import go_fmt
from kubesim.kubectl.patching.schema import Node, as_node

DIRECTIVE = "$patch"
RETAIN_KEYS = "$retainKeys"
SET_ORDER = "$setElementOrder"
DELETE_FROM_LIST = "$deleteFromPrimitiveList"


@dataclass(frozen=True)
class MergeOptions:
    # True on the server: execute $setElementOrder, $retainKeys, $deleteFromPrimitiveList.
    merge_parallel_list: bool = True
    # True on the server: a null for a key that is absent is dropped, not kept.
    ignore_unmatched_nulls: bool = True


SERVER = MergeOptions()
CLIENT = MergeOptions(merge_parallel_list=False, ignore_unmatched_nulls=False)


def strategic_merge_patch(original: dict, patch: dict, kind) -> dict:
    """`original` with a strategic merge `patch` applied, as the API server computes it.

    `kind` is a kind name (`Deployment`), a definition name or a schema `Node`. Inputs are
    never changed; subtrees the patch does not touch are shared with `original`.
    Raises `MergeError` with the server's wording.
    """
    return merge_map(original, patch, as_node(kind), SERVER)


def merge_map(original: dict | None, patch: dict, schema: Node, opts: MergeOptions) -> dict:
    if DIRECTIVE in patch:
        return _map_directive(patch)
    result = dict(original or {})
    patch = dict(patch)
    _apply_retain_keys(result, patch, opts)
    _merge_ordered_lists(result, patch, schema, opts)
    for key, value in patch.items():
        is_delete_list = False
        if key.startswith(DELETE_FROM_LIST):
            if not opts.merge_parallel_list:
                result[key] = value
                continue
            key = _strip_prefix(key, DELETE_FROM_LIST)
            is_delete_list = True
        _merge_key(result, key, value, schema, opts, is_delete_list)
    return result


def _merge_key(
    result: dict, key: str, value, schema: Node, opts: MergeOptions, is_delete_list: bool
):
    if value is None:
        result.pop(key, None)
        if opts.ignore_unmatched_nulls:
            return
    if key not in result or go_type(result[key]) != go_type(value):
        if not is_delete_list:
            _set_without_directives(result, key, value, opts)
        return
    current = result[key]
    if isinstance(current, dict):
        child, meta = schema.field(key)
        if meta.strategy == "replace":
            result[key] = value
        else:
            result[key] = merge_map(current, value, child, opts)
    elif isinstance(current, list):
        child, meta = schema.field(key)
        result[key] = merge_list(current, value, child.items(), meta, opts, is_delete_list)
    else:
        _set_without_directives(result, key, value, opts)


def _set_without_directives(result: dict, key: str, value, opts: MergeOptions):
    if opts.ignore_unmatched_nulls:
        value = _discard_nulls(value)
    keep, value = remove_directives(value)
    if keep:
        result[key] = value
    else:
        result.pop(key, None)


def _map_directive(patch: dict) -> dict:
    directive = patch[DIRECTIVE]
    if directive == "replace":
        return {k: v for k, v in patch.items() if k != DIRECTIVE}
    if directive == "delete":
        return {}
    raise errors.bad_patch_type(directive, patch)


def go_type(value) -> str:
    """Go's reflect type of a decoded JSON value: all numbers are float64."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "float64"
    return type(value).__name__


# --- $retainKeys and $setElementOrder ---------------------------------------------------


def _apply_retain_keys(result: dict, patch: dict, opts: MergeOptions):
    if RETAIN_KEYS not in patch:
        return
    keys = patch.pop(RETAIN_KEYS)
    if not opts.merge_parallel_list:
        if RETAIN_KEYS in result and result[RETAIN_KEYS] != keys:
            raise errors.MergeError(
                f"{go_fmt(result[RETAIN_KEYS])} and {go_fmt(keys)} are not deep equal: "
                "this may happen when calculating the 3-way diff patch"
            )
        result[RETAIN_KEYS] = keys
        return
    if not isinstance(keys, list):
        raise errors.bad_patch_format_for_retain_keys()
    for key, value in patch.items():
        if value is None or key.startswith((DELETE_FROM_LIST, SET_ORDER)):
            continue
        if key not in keys:
            raise errors.bad_patch_format_for_retain_keys()
    for key in [k for k in result if k not in keys]:
        del result[key]


def _merge_ordered_lists(result: dict, patch: dict, schema: Node, opts: MergeOptions):
    """Merge each list that has a `$setElementOrder/<list>`, then order it as asked: the
    order list first, the patch's order next, the live order for server-only elements."""
    for order_key in [k for k in patch if k.startswith(SET_ORDER)]:
        order = patch.pop(order_key)
        if not opts.merge_parallel_list:
            if order_key in result and result[order_key] != order:
                raise errors.bad_patch_format_for_set_element_order()
            result[order_key] = order
        if not isinstance(order, list):
            raise errors.bad_arg_type("slice", order)
        key = _strip_prefix(order_key, SET_ORDER)
        found_original, found_patch = key in result, key in patch
        original_list = _as_list(result.get(key)) if found_original else []
        patch_list = _as_list(patch.get(key)) if found_patch else []
        child, meta = schema.field(key)
        _validate_order(patch_list, order, meta.merge_key)
        if found_original and found_patch:
            merged = merge_list(original_list, patch_list, child.items(), meta, opts, False)
        elif found_original:
            merged = original_list
        elif found_patch:
            merged = remove_directives(patch_list)[1]
        else:
            continue
        element_kind = _element_kind(original_list, patch_list)
        in_order, server_only = _partition(merged, order, meta.merge_key)
        result[key] = _normalize_order(
            in_order, server_only, order, original_list, meta.merge_key, element_kind
        )
        patch.pop(key, None)


def _as_list(value) -> list:
    if not isinstance(value, list):
        raise errors.bad_arg_type("slice", value)
    return value


def _validate_order(patch_list: list, order: list, merge_key: str):
    """The patch's elements must appear in the order list, in the same relative order."""
    if not order or not patch_list:
        return
    items = (
        [v for v in patch_list if not (merge_key and _is_delete(v))] if merge_key else patch_list
    )
    i = j = 0
    while i < len(items) and j < len(order):
        if isinstance(items[i], dict) and DIRECTIVE in items[i]:
            i += 1
            continue
        if _same_key(items[i], order[j], merge_key):
            i += 1
        j += 1
    if i < len(items) and j >= len(order):
        raise errors.MergeError(
            f"the order in patch list:\n{go_fmt(patch_list)}\n doesn't match {SET_ORDER} list:\n{go_fmt(order)}"
        )


# --- lists ----------------------------------------------------------------------------


def merge_list(
    original: list, patch: list, elem: Node, meta, opts: MergeOptions, is_delete_list: bool
) -> list:
    if not isinstance(patch, list):
        raise errors.bad_arg_type("slice", patch)
    if meta.strategy != "merge":
        return patch
    if not original and not patch:
        return original
    element_kind = _element_kind(original, patch)
    merge_key = meta.merge_key
    if element_kind != "map":
        if opts.merge_parallel_list and is_delete_list:
            return [v for v in original if v not in patch]
        merged = _dedupe(original + patch)
    else:
        if not merge_key:
            raise errors.MergeError("cannot merge lists without merge key for type struct")
        original, patch = _apply_list_directives(original, patch, merge_key)
        merged = _merge_elements(original, patch, merge_key, elem, opts)
    in_patch, server_only = _partition(merged, patch, merge_key)
    return _normalize_order(in_patch, server_only, patch, original, merge_key, element_kind)


def _apply_list_directives(original: list, patch: list, merge_key: str) -> tuple[list, list]:
    """Execute `$patch: delete` elements; `$patch: replace` makes the patch the whole list."""
    plain, replace = [], False
    for item in patch:
        if not isinstance(item, dict) or DIRECTIVE not in item:
            plain.append(item)
            continue
        directive = item[DIRECTIVE]
        if directive == "delete":
            if merge_key not in item:
                raise errors.no_merge_key(item, merge_key)
            _check_maps(original)
            original = [
                o for o in original if not (merge_key in o and o[merge_key] == item[merge_key])
            ]
        elif directive == "replace":
            replace = True
        elif directive == "merge":
            raise errors.MergeError("merging lists cannot yet be specified in the patch")
        else:
            raise errors.bad_patch_type(directive, item)
    if replace:
        return plain, []
    return original, plain


def _merge_elements(
    original: list, patch: list, merge_key: str, elem: Node, opts: MergeOptions
) -> list:
    merged = list(original)
    for item in patch:
        if merge_key not in item:
            raise errors.no_merge_key(item, merge_key)
        index = _find(merged, merge_key, item[merge_key])
        if index is None:
            merged.append(item)
        else:
            merged[index] = merge_map(merged[index], item, elem, opts)
    return merged


def _find(items: list, merge_key: str, value) -> int | None:
    _check_maps(items)
    for i, item in enumerate(items):
        if merge_key in item and item[merge_key] == value:
            return i
    return None


def _check_maps(items: list):
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise errors.MergeError(f"value for key {i} is not a map.")


def _element_kind(*lists: list) -> str:
    kinds = {go_type(v) for items in lists for v in items}
    if not kinds:
        raise errors.MergeError("no elements in any of the given slices")
    if "list" in kinds:
        raise errors.no_list_of_lists()
    if len(kinds) > 1:
        raise errors.MergeError(f"list element types are not identical: {go_fmt(list(lists))}")
    kind = kinds.pop()
    return "map" if kind == "dict" else kind


def _dedupe(items: list) -> list:
    out = []
    for item in items:
        if item not in out:
            out.append(item)
    return out


# --- ordering ---------------------------------------------------------------------------


def _key_of(item, merge_key: str):
    return item.get(merge_key) if merge_key and isinstance(item, dict) else item


def _same_key(left, right, merge_key: str) -> bool:
    if not merge_key:
        return left == right
    for item in (left, right):
        if not isinstance(item, dict):
            raise errors.bad_arg_type("map", item)
        if merge_key not in item:
            raise errors.no_merge_key(item, merge_key)
    return left[merge_key] == right[merge_key]


def _index(items: list, item, merge_key: str) -> int:
    wanted = _key_of(item, merge_key)
    for i, candidate in enumerate(items):
        if _key_of(candidate, merge_key) == wanted:
            return i
    return -1


def _partition(merged: list, by: list, merge_key: str) -> tuple[list, list]:
    """Split `merged` into the elements present in `by` and the others (server-only)."""
    present, server_only = [], []
    for item in merged:
        if merge_key:
            if not isinstance(item, dict):
                raise errors.bad_arg_type("map", item)
            if merge_key not in item:
                raise errors.no_merge_key(item, merge_key)
        (present if _index(by, item, merge_key) >= 0 else server_only).append(item)
    return present, server_only


def normalize_slice_order(items: list, order: list, merge_key: str, element_kind: str) -> list:
    """Sort `items` by their position in `order`; `$patch: delete` elements go last."""
    deletes: list = []
    if element_kind == "map":
        for item in items + order:
            if not isinstance(item, dict):
                raise errors.bad_arg_type("map", item)
            if merge_key not in item:
                raise errors.no_merge_key(item, merge_key)
        deletes = [i for i in items if _is_delete(i)]
        items = [i for i in items if not _is_delete(i)]
    # Elements missing from `order` cannot happen in the uses above; keep them last, stably.
    positions = [_index(order, item, merge_key) for item in items]
    ranked = sorted(range(len(items)), key=lambda i: (positions[i] < 0, positions[i], i))
    return [items[i] for i in ranked] + deletes


def _is_delete(item) -> bool:
    return isinstance(item, dict) and item.get(DIRECTIVE) == "delete"


def _normalize_order(
    patch_items, server_only, patch_order, server_order, merge_key, element_kind
) -> list:
    patch_items = normalize_slice_order(patch_items, patch_order, merge_key, element_kind)
    server_only = normalize_slice_order(server_only, server_order, merge_key, element_kind)
    return _merge_sorted(server_only, patch_items, server_order, merge_key)


def _merge_sorted(left: list, right: list, server_order: list, merge_key: str) -> list:
    """Interleave server-only elements (`left`) into the patch's (`right`), keeping both
    relative orders; a server-only element goes first only when it came first live."""
    out, i, j = [], 0, 0
    while i < len(left) or j < len(right):
        if i >= len(left):
            out.append(right[j])
            j += 1
        elif j >= len(right):
            out.append(left[i])
            i += 1
        else:
            li, ri = (
                _index(server_order, left[i], merge_key),
                _index(server_order, right[j], merge_key),
            )
            if li >= 0 and ri >= 0 and li < ri:
                out.append(left[i])
                i += 1
            else:
                out.append(right[j])
                j += 1
    return out


# --- directive clean-up -------------------------------------------------------------------


def remove_directives(value) -> tuple[bool, object]:
    """(keep, value without `$patch` maps): a map carrying `$patch` is dropped altogether."""
    if isinstance(value, dict):
        if DIRECTIVE in value:
            return False, None
        out = {}
        for k, v in value.items():
            keep, v = remove_directives(v)
            if keep:
                out[k] = v
        return True, out
    if isinstance(value, list):
        kept = [remove_directives(v) for v in value]
        return True, [v for keep, v in kept if keep]
    return True, value


def _discard_nulls(value):
    if isinstance(value, dict):
        return {k: _discard_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_discard_nulls(v) for v in value]
    return value


def _strip_prefix(key: str, prefix: str) -> str:
    head, sep, rest = key.partition("/")
    if not sep or head != prefix:
        if prefix == DELETE_FROM_LIST:
            raise errors.bad_patch_format_for_primitive_list()
        raise errors.bad_patch_format_for_set_element_order()
    return rest
