"""Client-side `kubectl apply` as pure functions: the last-applied annotation and the plan.

kubectl keeps the manifest it last applied in the `kubectl.kubernetes.io/last-applied-
configuration` annotation: the object as kubectl holds it after its own client-side steps
(the namespace filled in, no server defaults), without that annotation, with
`metadata.annotations` present even when empty (`"annotations":{}`), as compact JSON with
sorted keys and a trailing newline (Go's json.Encoder). An existing object gets the
three-way strategic merge patch between that annotation, the new manifest (carrying its own
new annotation) and the live object; an empty patch prints `unchanged`.
Source read: kubernetes/kubectl pkg/util/apply.go (GetModifiedConfiguration,
CreateApplyAnnotation) and pkg/cmd/apply/apply.go, patcher.go (patchSimple).
"""

import json
from dataclasses import dataclass, field

from kubesim import resources
from kubesim.kubectl.patching.errors import MergeError, PatchError
from kubesim.kubectl.patching.gofmt import go_json
from kubesim.kubectl.patching.schema import Node, root
from kubesim.kubectl.patching.strategic import strategic_merge_patch
from kubesim.kubectl.patching.strategic_diff import create_three_way_merge_patch

LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"

CREATED = "created"
CONFIGURED = "configured"
UNCHANGED = "unchanged"

# apply.go's warningNoLastAppliedConfigAnnotation, with kubectl as the command's name.
_MISSING_ANNOTATION = (
    "Warning: resource {resource}/{name} is missing the " + LAST_APPLIED + " annotation which is "
    "required by kubectl apply. kubectl apply should only be used on resources created "
    "declaratively by either kubectl create --save-config or kubectl apply. The missing "
    "annotation will be patched automatically."
)


@dataclass(frozen=True)
class ApplyPlan:
    """What `kubectl apply` does with one manifest.

    `action` is what kubectl prints after the name (`deployment.apps/web configured`);
    `patch` is the strategic merge patch it sends (None when it creates); `result` is the
    object to store before the API server's defaulting and validation; `warnings` are lines
    kubectl prints on standard error first.
    """

    action: str
    patch: dict | None
    result: dict
    warnings: tuple[str, ...] = field(default=())


def last_applied(manifest: dict) -> str:
    """The annotation value kubectl writes for `manifest`, byte for byte."""
    return go_json(_without_last_applied(manifest)) + "\n"


def _without_last_applied(manifest: dict) -> dict:
    metadata = dict(manifest.get("metadata") or {})
    annotations = metadata.get("annotations") or {}
    metadata["annotations"] = {k: v for k, v in annotations.items() if k != LAST_APPLIED}
    return {**manifest, "metadata": metadata}


def with_last_applied(manifest: dict) -> dict:
    """`manifest` carrying its own last-applied annotation (kubectl's "modified")."""
    value = last_applied(manifest)
    bare = _without_last_applied(manifest)
    metadata = bare["metadata"]
    return {
        **bare,
        "metadata": {**metadata, "annotations": {**metadata["annotations"], LAST_APPLIED: value}},
    }


def plan_apply(manifest: dict, live: dict | None, namespace: str | None = None) -> ApplyPlan:
    """Plan `kubectl apply` of `manifest` against `live` (None when the object is absent).

    `namespace` is the one kubectl would fill in (from -n or the context) when a namespaced
    manifest names none. Raises `PatchError` when the API server would refuse the patch.
    """
    manifest = _fill_namespace(manifest, namespace)
    modified = with_last_applied(manifest)
    if live is None:
        return ApplyPlan(CREATED, None, modified)
    warnings = ()
    annotations = (live.get("metadata") or {}).get("annotations") or {}
    if LAST_APPLIED not in annotations:
        warnings = (_missing_annotation_warning(live),)
    original = _parse_last_applied(annotations.get(LAST_APPLIED, ""))
    kind = _kind_of(live)
    try:
        patch = create_three_way_merge_patch(original, modified, live, kind)
        if not patch:
            return ApplyPlan(UNCHANGED, patch, live, warnings)
        return ApplyPlan(CONFIGURED, patch, strategic_merge_patch(live, patch, kind), warnings)
    except MergeError as err:
        raise PatchError(f"error: {err.message}") from err


def _fill_namespace(manifest: dict, namespace: str | None) -> dict:
    metadata = manifest.get("metadata") or {}
    resource = resources.for_kind(manifest.get("apiVersion", ""), manifest.get("kind", ""))
    if not namespace or metadata.get("namespace") or resource is None or not resource.namespaced:
        return manifest
    return {**manifest, "metadata": {**metadata, "namespace": namespace}}


def _missing_annotation_warning(live: dict) -> str:
    resource = resources.for_kind(live.get("apiVersion", ""), live.get("kind", ""))
    plural = resource.plural if resource else live.get("kind", "").lower()
    return _MISSING_ANNOTATION.format(
        resource=plural, name=live.get("metadata", {}).get("name", "")
    )


def _parse_last_applied(text: str) -> dict | None:
    if not text:
        return None
    try:
        value = json.loads(text)
    except ValueError as err:
        raise PatchError("error: invalid JSON document") from err
    return value if isinstance(value, dict) else None


def _kind_of(obj: dict) -> Node:
    return root(obj["kind"], obj.get("apiVersion"))
