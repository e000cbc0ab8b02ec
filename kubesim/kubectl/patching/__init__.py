"""The merge logic behind `kubectl apply`, `kubectl patch` and edit-style updates.

- JSON merge patch (RFC 7386): `merge_patch`, `create_merge_patch`.
- JSON patch (RFC 6902): `apply_json_patch`.
- Strategic merge patch: `strategic_merge_patch` (the API server's side),
  `create_two_way_merge_patch`, `create_three_way_merge_patch` (kubectl's side).
- Client-side apply: `last_applied`, `plan_apply` -> `ApplyPlan`.
- `kubectl patch`: `patch_object`, `patch_result_text`; `kubectl edit`: `edit_patch`, `apply_edit`.

Objects are plain dicts shaped as the API returns them; nothing here changes its inputs.
Errors a learner can meet are `PatchError`s whose text is what kubectl prints.
"""

from kubesim.kubectl.patching.apply import (
    CONFIGURED,
    CREATED,
    LAST_APPLIED,
    UNCHANGED,
    ApplyPlan,
    last_applied,
    plan_apply,
    with_last_applied,
)
from kubesim.kubectl.patching.edit import EDIT_CANCELLED, apply_edit, edit_patch
from kubesim.kubectl.patching.errors import MergeError, PatchError
from kubesim.kubectl.patching.json_patch import apply_json_patch
from kubesim.kubectl.patching.kubectl_patch import PATCH_TYPES, patch_object, patch_result_text
from kubesim.kubectl.patching.merge_patch import create_merge_patch, merge_patch
from kubesim.kubectl.patching.strategic import strategic_merge_patch
from kubesim.kubectl.patching.strategic_diff import (
    create_three_way_merge_patch,
    create_two_way_merge_patch,
)

__all__ = [
    "CONFIGURED",
    "CREATED",
    "EDIT_CANCELLED",
    "LAST_APPLIED",
    "PATCH_TYPES",
    "UNCHANGED",
    "ApplyPlan",
    "MergeError",
    "PatchError",
    "apply_edit",
    "apply_json_patch",
    "create_merge_patch",
    "create_three_way_merge_patch",
    "create_two_way_merge_patch",
    "edit_patch",
    "last_applied",
    "merge_patch",
    "patch_object",
    "patch_result_text",
    "plan_apply",
    "strategic_merge_patch",
    "with_last_applied",
]
