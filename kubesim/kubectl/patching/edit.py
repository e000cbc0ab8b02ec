"""`kubectl edit`: the strategic merge patch from the object as shown to the object as saved.

kubectl diffs the two (two-way, with `$setElementOrder`), refuses the edit when the patch
would touch `apiVersion`, `kind`, `metadata.name` or `managedFields`, and sends the patch as
`kubectl patch` would. An unchanged file prints `Edit cancelled, no changes made.`
Source read: kubernetes/kubectl pkg/cmd/util/editor/editoptions.go (visitToPatch) and
k8s.io/apimachinery/pkg/util/mergepatch/util.go (RequireKeyUnchanged).
"""

from kubesim.kubectl.patching.errors import MergeError, PatchError
from kubesim.kubectl.patching.kubectl_patch import server_error
from kubesim.kubectl.patching.merge_patch import json_equal
from kubesim.kubectl.patching.strategic import strategic_merge_patch
from kubesim.kubectl.patching.strategic_diff import create_two_way_merge_patch

EDIT_CANCELLED = "Edit cancelled, no changes made."
IDENTITY_CHANGED = "error: At least one of apiVersion, kind and name was changed"


def edit_patch(original: dict, edited: dict, kind) -> dict:
    """The patch kubectl sends for an edit (`{}` when nothing changed)."""
    patch = create_two_way_merge_patch(original, edited, kind)
    if any(key in patch for key in ("apiVersion", "kind", "managedFields")) or "name" in (
        patch.get("metadata") or {}
    ):
        raise PatchError(IDENTITY_CHANGED)
    return patch


def apply_edit(live: dict, original: dict, edited: dict, kind) -> tuple[dict, bool]:
    """(the object after the edit, whether it changed), the patch applied to `live`."""
    patch = edit_patch(original, edited, kind)
    if not patch:
        return live, False
    try:
        result = strategic_merge_patch(live, patch, kind)
    except MergeError as err:
        raise server_error(err) from err
    return result, not json_equal(result, live)
