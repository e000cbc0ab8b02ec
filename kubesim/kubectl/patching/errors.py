"""Why a patch cannot be computed or applied, with the words kubectl and the API server use.

`MergeError` is a failure inside the patch algorithms themselves (the texts of
k8s.io/apimachinery/pkg/util/mergepatch/errors.go and evanphx/json-patch v4). `PatchError` is
what the learner sees: `str()` is the exact text kubectl prints on standard error, and `code`
the HTTP status the API server answered (0 when kubectl refused before sending anything).
"""

from kubesim.kubectl.patching.gofmt import go_fmt


class MergeError(Exception):
    """An error of the strategic merge patch or JSON patch machinery, as Go words it."""

    def __init__(self, message: str, reason: str = "Unknown"):
        super().__init__(message)
        self.message = message
        # How the API server answers it: BadRequest (400), Invalid (422) or Unknown (500).
        self.reason = reason


class PatchError(Exception):
    """A refused `kubectl patch` / `kubectl apply`: `str()` is kubectl's stderr text."""

    def __init__(self, message: str, code: int = 0, reason: str = ""):
        super().__init__(message)
        self.message = message
        self.code = code
        self.reason = reason

    def __str__(self) -> str:
        return self.message


# The fixed errors of apimachinery's mergepatch package, which the API server answers with
# 400 BadRequest (see interpretStrategicMergePatchError in apiserver's handlers/patch.go).
def bad_patch_format_for_primitive_list() -> MergeError:
    return MergeError("invalid patch format of primitive list", "BadRequest")


def bad_patch_format_for_retain_keys() -> MergeError:
    return MergeError("invalid patch format of retainKeys", "BadRequest")


def bad_patch_format_for_set_element_order() -> MergeError:
    return MergeError("invalid patch format of setElementOrder list", "BadRequest")


def no_list_of_lists() -> MergeError:
    return MergeError("lists of lists are not supported", "Invalid")


def no_merge_key(item: dict, merge_key: str) -> MergeError:
    return MergeError(f"map: {go_fmt(item)} does not contain declared merge key: {merge_key}")


def bad_patch_type(directive, item: dict) -> MergeError:
    return MergeError(f"unknown patch type: {go_fmt(directive)} in map: {go_fmt(item)}")


def bad_arg_type(expected: str, actual) -> MergeError:
    return MergeError(f"expected a {expected}, but received a {go_kind(actual)}")


def go_kind(value) -> str:
    """reflect.Kind of a decoded JSON value, as Go names it in error texts."""
    if isinstance(value, dict):
        return "map"
    if isinstance(value, list):
        return "slice"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "float64"
    return "invalid"
