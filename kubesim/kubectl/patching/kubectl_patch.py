"""`kubectl patch` as a pure function: parse the patch as kubectl does, apply it as the API
server does, and answer with kubectl's words.

kubectl checks `--type` (json, merge or strategic; strategic by default), turns the patch
text from YAML or JSON into JSON (`error: unable to parse "<patch>": yaml: ...` otherwise),
and sends it. The API server first decodes the patch body (its default field validation,
Warn, decodes strictly: `Error from server (BadRequest): error decoding patch: ...`), then
applies it. kubectl prints `deployment.apps/web patched`, or `patched (no change)` when the
returned object equals the one it read.
Source read: kubernetes/kubectl pkg/cmd/patch/patch.go; kubernetes/apiserver
pkg/endpoints/handlers/patch.go (applyJSPatch, strategicPatchObject,
interpretStrategicMergePatchError); kubectl pkg/cmd/util/helpers.go (checkErr).
"""

import yaml

from kubesim.kubectl.patching.errors import MergeError, PatchError
from kubesim.kubectl.patching.gofmt import go_quote
from kubesim.kubectl.patching.json_patch import apply_json_patch
from kubesim.kubectl.patching.merge_patch import json_equal, merge_patch
from kubesim.kubectl.patching.schema import root
from kubesim.kubectl.patching.strategic import strategic_merge_patch

PATCH_TYPES = ("json", "merge", "strategic")


def patch_object(
    live: dict, patch_text: str, patch_type: str = "strategic", kind=None, from_file: bool = False
) -> tuple[dict, bool]:
    """(the patched object, whether it changed) for `kubectl patch --type TYPE -p TEXT`.

    `kind` defaults to the live object's own; `from_file` is True for `--patch-file`, whose
    parse errors kubectl prints with an empty patch (it quotes the `-p` value). Raises
    `PatchError` whose text is what kubectl prints on standard error.
    """
    patch_type = patch_type or "strategic"
    if patch_type.lower() not in PATCH_TYPES:
        raise PatchError(
            f"error: --type must be one of [json merge strategic], not {go_quote(patch_type)}"
        )
    if not patch_text and not from_file:
        raise PatchError(
            "error: must specify --patch or --patch-file containing the contents of the patch"
        )
    patch = parse_patch(patch_text, "" if from_file else patch_text)
    try:
        patched = _apply(live, patch, patch_type.lower(), kind)
    except MergeError as err:
        raise server_error(err) from err
    return patched, not json_equal(patched, live)


def patch_result_text(qualified_name: str, changed: bool) -> str:
    """`deployment.apps/web patched` or `deployment.apps/web patched (no change)`."""
    return f"{qualified_name} patched" if changed else f"{qualified_name} patched (no change)"


def _apply(live: dict, patch, patch_type: str, kind) -> dict:
    if patch_type == "json":
        return apply_json_patch(live, _decode_json_patch(patch))
    if patch_type == "merge":
        if patch is None:
            raise MergeError("Invalid JSON Patch", "BadRequest")
        if not isinstance(patch, dict):
            raise MergeError(
                f"error decoding patch: {_cannot_unmarshal(patch, 'map[string]interface {}')}",
                "BadRequest",
            )
        return merge_patch(live, patch)
    if patch is None:
        return live
    if not isinstance(patch, dict):
        raise MergeError(_cannot_unmarshal(patch, "map[string]interface {}"), "BadRequest")
    schema = kind if kind is not None else root(live["kind"], live.get("apiVersion"))
    return strategic_merge_patch(live, patch, schema)


def _decode_json_patch(patch) -> list:
    """The server's strict decoding of the operations into its jsonPatchOp struct."""
    if patch is None:
        return []
    if not isinstance(patch, list):
        raise MergeError(
            f"error decoding patch: {_cannot_unmarshal(patch, '[]handlers.jsonPatchOp')}",
            "BadRequest",
        )
    for op in patch:
        if op is None:
            continue
        if not isinstance(op, dict):
            raise MergeError(
                f"error decoding patch: {_cannot_unmarshal(op, 'handlers.jsonPatchOp')}",
                "BadRequest",
            )
        for field in ("op", "path", "from"):
            value = op.get(field)
            if value is not None and not isinstance(value, str):
                what = _json_kind(value)
                raise MergeError(
                    f"error decoding patch: json: cannot unmarshal {what} into Go struct field "
                    f"jsonPatchOp.{field} of type string",
                    "BadRequest",
                )
    return [op or {} for op in patch]


def _cannot_unmarshal(value, go_type: str) -> str:
    return f"json: cannot unmarshal {_json_kind(value)} into Go value of type {go_type}"


def _json_kind(value) -> str:
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "bool"
    return "number"


def server_error(err: MergeError) -> PatchError:
    """How kubectl prints the API server's refusal of a patch."""
    if err.reason == "BadRequest":
        return PatchError(f"Error from server (BadRequest): {err.message}", 400, "BadRequest")
    if err.reason == "Invalid":
        # A 422 with no kind or name and one cause whose field is empty: checkErr prints
        # "The request is invalid: " and the cause as "<field>: <message>".
        return PatchError(f"The request is invalid: : {err.message}", 422, "Invalid")
    return PatchError(f"Error from server: {err.message}", 500, "")


# --- parsing the patch text -----------------------------------------------------------------


class _PatchLoader(yaml.SafeLoader):
    """YAML as sigs.k8s.io/yaml reads it into JSON: timestamps stay strings."""


_PatchLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def parse_patch(text: str, shown: str):
    """The patch as JSON data; `shown` is the text kubectl quotes in its error."""
    try:
        return yaml.load(text, Loader=_PatchLoader)  # a SafeLoader subclass
    except yaml.MarkedYAMLError as err:
        raise PatchError(
            f"error: unable to parse {go_quote(shown)}: yaml: {_go_yaml_error(err)}"
        ) from err
    except yaml.YAMLError as err:
        raise PatchError(f"error: unable to parse {go_quote(shown)}: yaml: {err}") from err


# PyYAML and go-yaml both descend from libyaml, with different wording for the same problems.
_GO_YAML_PROBLEMS = (
    ("expected ',' or '}'", "did not find expected ',' or '}'"),
    ("expected ',' or ']'", "did not find expected ',' or ']'"),
    ("expected <block end>", "did not find expected key"),
    ("expected the node content", "did not find expected node content"),
    ("expected '<document start>'", "did not find expected <document start>"),
)


def _go_yaml_error(err: yaml.MarkedYAMLError) -> str:
    problem = err.problem or "unknown problem parsing YAML content"
    for pyyaml, go in _GO_YAML_PROBLEMS:
        if problem.startswith(pyyaml):
            problem = go
            break
    line = _go_yaml_line(err)
    return f"line {line}: {problem}" if line else problem


def _go_yaml_line(err: yaml.MarkedYAMLError) -> int:
    """go-yaml reports a scanner error's 1-based line, but a parser error's 0-based line,
    and libyaml ends the stream on a fresh line (so an unclosed `{...` says `line 1`)."""
    mark = err.problem_mark
    if isinstance(err, yaml.scanner.ScannerError):
        return mark.line + 1 if mark else 0
    line = mark.line if mark else 0
    if mark and "<stream end>" in (err.problem or "") and mark.column:
        line += 1
    if not line and err.context_mark:
        line = err.context_mark.line
    return line
