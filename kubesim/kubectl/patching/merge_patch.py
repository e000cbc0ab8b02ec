"""JSON merge patch (RFC 7386), as the API server applies `kubectl patch --type merge`.

The API server uses evanphx/json-patch (v4) `MergePatch`, whose one departure from the RFC a
learner can see is that `null`s are pruned from objects nested in a list the patch sets (the
RFC copies such a list verbatim). `create_merge_patch` is its `CreateMergePatch`: lists are
replaced whole, removed keys become `null`.
Source read: github.com/evanphx/json-patch merge.go (mergeDocs, pruneNulls, getDiff).
"""


def merge_patch(target, patch):
    """`target` with `patch` merged in; neither input is changed (unchanged subtrees shared)."""
    if not isinstance(patch, dict):
        return _prune_nulls(patch)
    if not isinstance(target, dict):
        return _prune_nulls(patch)
    result = dict(target)
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        elif result.get(key) is None:
            result[key] = _prune_nulls(value)
        else:
            result[key] = _merge_value(result[key], value)
    return result


def _merge_value(current, patch):
    if not isinstance(current, dict):
        return _prune_nulls(patch)
    if not isinstance(patch, dict):
        # evanphx returns a non-object patch value as it is, nulls and all.
        return patch
    return merge_patch(current, patch)


def _prune_nulls(value):
    """Drop `null` members of objects, at any depth (list elements that are null stay)."""
    if isinstance(value, dict):
        return {k: _prune_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_prune_nulls(v) for v in value]
    return value


def create_merge_patch(original: dict, modified: dict) -> dict:
    """The merge patch that turns `original` into `modified`."""
    patch = {}
    for key, new in modified.items():
        if key not in original:
            patch[key] = new
            continue
        old = original[key]
        if isinstance(old, dict) and isinstance(new, dict):
            sub = create_merge_patch(old, new)
            if sub:
                patch[key] = sub
        elif not json_equal(old, new):
            patch[key] = new
    for key in original:
        if key not in modified:
            patch[key] = None
    return patch


def json_equal(a, b) -> bool:
    """Equality of JSON values: `true` is not `1`, `1` equals `1.0`."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, dict):
        return (
            isinstance(b, dict) and a.keys() == b.keys() and all(json_equal(a[k], b[k]) for k in a)
        )
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(map(json_equal, a, b))
    return a == b
