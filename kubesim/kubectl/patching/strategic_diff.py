"""Computing strategic merge patches: the two-way diff and kubectl apply's three-way patch.

`create_three_way_merge_patch(last_applied, modified, live, kind)` is what client-side
`kubectl apply` sends: the changes and additions from the live object to the new manifest,
plus the deletions from the last-applied manifest to the new one. A field the learner never
wrote in a manifest (set by `kubectl scale`, `kubectl label`, a controller, or defaulting)
is therefore never deleted. Deleted list elements travel as `$patch: delete`, deleted
scalars of merging lists as `$deleteFromPrimitiveList/...`; changed merging lists bring
`$setElementOrder/...`, and fields with the retainKeys strategy bring `$retainKeys`.
Source read: k8s.io/apimachinery/pkg/util/strategicpatch/patch.go (diffMaps, diffLists,
diffListsOfMaps, diffListsOfScalars, CreateThreeWayMergePatch).
"""

import json
from dataclasses import dataclass, replace

from kubesim.kubectl.patching import errors
from kubesim.kubectl.patching.gofmt import go_fmt
from kubesim.kubectl.patching.merge_patch import json_equal
from kubesim.kubectl.patching.schema import Node, as_node
from kubesim.kubectl.patching.strategic import (
    CLIENT,
    DELETE_FROM_LIST,
    DIRECTIVE,
    RETAIN_KEYS,
    SET_ORDER,
    go_type,
    merge_map,
    normalize_slice_order,
)


@dataclass(frozen=True)
class DiffOptions:
    set_element_order: bool = True
    ignore_changes_and_additions: bool = False
    ignore_deletions: bool = False
    build_retain_keys: bool = False  # set per field from its patch strategy


def create_two_way_merge_patch(original: dict, modified: dict, kind) -> dict:
    """The strategic merge patch that turns `original` into `modified` (`{}` when equal)."""
    return diff_maps(original, modified, as_node(kind), DiffOptions())


def create_three_way_merge_patch(
    last_applied: dict | str | None, modified: dict, live: dict, kind
) -> dict:
    """kubectl apply's patch (with --overwrite, its default): `{}` means "unchanged".

    `last_applied` is the last-applied manifest, or the annotation's text; None (or "")
    when the live object has none, and then nothing is deleted."""
    if isinstance(last_applied, str):
        last_applied = json.loads(last_applied) if last_applied else None
    schema = as_node(kind)
    delta = diff_maps(live, modified, schema, DiffOptions(ignore_deletions=True))
    deletions = diff_maps(
        last_applied or {}, modified, schema, DiffOptions(ignore_changes_and_additions=True)
    )
    return merge_map(deletions, delta, schema, CLIENT)


def diff_maps(original: dict, modified: dict, schema: Node, opts: DiffOptions) -> dict:
    patch: dict = {}
    retain = [k for k, v in modified.items() if v is not None] if opts.build_retain_keys else []
    for key, new in modified.items():
        if key not in original:
            if not opts.ignore_changes_and_additions:
                patch[key] = new
            continue
        old = original[key]
        if key == DIRECTIVE:
            _diff_directive(old, new, patch)
        elif go_type(old) != go_type(new):
            if not opts.ignore_changes_and_additions:
                patch[key] = new
        elif isinstance(old, dict):
            _diff_map_field(key, old, new, patch, schema, opts)
        elif isinstance(old, list):
            _diff_list_field(key, old, new, patch, schema, opts)
        elif not opts.ignore_changes_and_additions and not json_equal(old, new):
            patch[key] = new
    if not opts.ignore_deletions:
        for key in original:
            if key not in modified:
                patch[key] = None
    if retain and (patch or any(v is not None and k not in modified for k, v in original.items())):
        patch[RETAIN_KEYS] = sorted(retain, key=go_fmt)
    return patch


def _diff_directive(old, new, patch: dict):
    if not isinstance(old, str) or not isinstance(new, str):
        raise errors.MergeError(f"invalid value for special key: {DIRECTIVE}")
    if old != new:
        patch[DIRECTIVE] = new


def _diff_map_field(key: str, old: dict, new: dict, patch: dict, schema: Node, opts: DiffOptions):
    child, meta = schema.field(key)
    if meta.strategy == "replace":
        # Go sends the whole map for the replace strategy, even when nothing changed.
        if not opts.ignore_changes_and_additions:
            patch[key] = new
        return
    sub = diff_maps(old, new, child, replace(opts, build_retain_keys=meta.retain_keys))
    if sub:
        patch[key] = sub


def _diff_list_field(key: str, old: list, new: list, patch: dict, schema: Node, opts: DiffOptions):
    child, meta = schema.field(key)
    if meta.strategy != "merge":
        if not opts.ignore_changes_and_additions and not json_equal(old, new):
            patch[key] = new
        return
    list_opts = replace(opts, build_retain_keys=meta.retain_keys)
    additions, deletions, order = diff_lists(old, new, child.items(), meta.merge_key, list_opts)
    if additions:
        patch[key] = additions
    if deletions:
        patch[f"{DELETE_FROM_LIST}/{key}"] = deletions
    if order:
        patch[f"{SET_ORDER}/{key}"] = order


def diff_lists(original: list, modified: list, elem: Node, merge_key: str, opts: DiffOptions):
    """(patch list, scalar deletion list, $setElementOrder list) for a merging list."""
    if not original:
        if not modified or opts.ignore_changes_and_additions:
            return None, None, None
        return modified, None, None
    kinds = {go_type(v) for v in original + modified}
    if "list" in kinds:
        raise errors.no_list_of_lists()
    if len(kinds) > 1:
        raise errors.MergeError(
            f"list element types are not identical: {go_fmt([original, modified])}"
        )
    if kinds == {"dict"}:
        return _diff_lists_of_maps(original, modified, elem, merge_key, opts)
    additions, deletions = _diff_lists_of_scalars(original, modified, opts)
    additions = normalize_slice_order(additions, modified, "", "scalar")
    order = None
    changed = not json_equal(original, modified)
    if opts.set_element_order and (
        (not opts.ignore_deletions and deletions)
        or (not opts.ignore_changes_and_additions and changed)
    ):
        order = modified
    return additions, deletions, order


def _diff_lists_of_maps(
    original: list, modified: list, elem: Node, merge_key: str, opts: DiffOptions
):
    patch, deletions = [], []
    # Walk both lists sorted by the merge key's text, as Go does, so duplicate keys pair up
    # the same way (e.g. port 53 for UDP and for TCP).
    old_sorted = sorted(original, key=lambda m: go_fmt(_merge_value(m, merge_key, check=False)))
    new_sorted = sorted(modified, key=lambda m: go_fmt(_merge_value(m, merge_key, check=False)))
    i = j = 0
    while i < len(old_sorted) or j < len(new_sorted):
        old_key = go_fmt(_merge_value(old_sorted[i], merge_key)) if i < len(old_sorted) else None
        new_key = go_fmt(_merge_value(new_sorted[j], merge_key)) if j < len(new_sorted) else None
        if old_key is not None and new_key is not None and old_key == new_key:
            sub = diff_maps(old_sorted[i], new_sorted[j], elem, opts)
            if sub:
                sub[merge_key] = new_sorted[j][merge_key]
                patch.append(sub)
            i, j = i + 1, j + 1
        elif old_key is None or (new_key is not None and old_key > new_key):
            if not opts.ignore_changes_and_additions:
                patch.append(new_sorted[j])
            j += 1
        else:
            if not opts.ignore_deletions:
                deletions.append({merge_key: old_sorted[i][merge_key], DIRECTIVE: "delete"})
            i += 1
    patch = normalize_slice_order(patch, modified, merge_key, "map") + deletions
    order = None
    if opts.set_element_order and (
        (
            not opts.ignore_changes_and_additions
            and (patch or not _same_order(original, modified, merge_key))
        )
        or (not opts.ignore_deletions and patch)
    ):
        order = [{merge_key: m[merge_key]} for m in modified]
    return patch, None, order


def _merge_value(item, merge_key: str, check: bool = True):
    if not isinstance(item, dict):
        raise errors.bad_arg_type("map", item)
    if merge_key not in item:
        if check:
            raise errors.no_merge_key(item, merge_key)
        return None
    return item[merge_key]


def _same_order(original: list, modified: list, merge_key: str) -> bool:
    if len(original) != len(modified):
        return False
    return all(
        _merge_value(a, merge_key) == _merge_value(b, merge_key)
        for a, b in zip(original, modified, strict=True)
    )


def _diff_lists_of_scalars(original: list, modified: list, opts: DiffOptions) -> tuple[list, list]:
    old_sorted = sorted(original, key=go_fmt)
    new_sorted = sorted(modified, key=go_fmt)
    additions, deletions = [], []
    i = j = 0
    while i < len(old_sorted) or j < len(new_sorted):
        old = go_fmt(old_sorted[i]) if i < len(old_sorted) else None
        new = go_fmt(new_sorted[j]) if j < len(new_sorted) else None
        if old is not None and new is not None and old == new:
            i, j = i + 1, j + 1
        elif old is None or (new is not None and old > new):
            if not opts.ignore_changes_and_additions:
                additions.append(new_sorted[j])
            j += 1
        else:
            if not opts.ignore_deletions:
                deletions.append(old_sorted[i])
            i += 1
    unique: list = []
    for value in deletions:
        if value not in unique:
            unique.append(value)
    return additions, unique
