"""Building blocks of the API server's validation: field-error constructors, object
metadata (names, labels, annotations) and label selectors.

Sources (read, not copied): kubernetes/kubernetes pkg/apis/core/validation/validation.go
(ValidateObjectMeta via apimachinery pkg/api/validation/objectmeta.go) and apimachinery
pkg/apis/meta/v1/validation/validation.go (ValidateLabels, ValidateLabelSelector).
"""

from kubesim.apiserver import names
from kubesim.apiserver.errors import (
    DUPLICATE,
    FORBIDDEN,
    INVALID,
    REQUIRED,
    UNSUPPORTED,
    FieldError,
    Struct,
)

SELECTOR_MISMATCH = "`selector` does not match template `labels`"


# --- small helpers --------------------------------------------------------------------------


def as_str(value) -> str:
    """Names must be strings; a wrong type was already refused at decoding."""
    return value if isinstance(value, str) else ""


def as_dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def as_list(value) -> list:
    return value if isinstance(value, list) else []


def child(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def required(path: str, detail: str = "") -> FieldError:
    return FieldError(REQUIRED, path, detail=detail)


def invalid(path: str, value, detail: str) -> FieldError:
    return FieldError(INVALID, path, value, detail)


def forbidden(path: str, detail: str) -> FieldError:
    return FieldError(FORBIDDEN, path, detail=detail)


def duplicate(path: str, value) -> FieldError:
    return FieldError(DUPLICATE, path, value)


def unsupported(path: str, value, supported) -> FieldError:
    return FieldError(
        UNSUPPORTED, path, value, "supported values: " + ", ".join(f'"{s}"' for s in supported)
    )


def messages(path: str, value, msgs: list[str]) -> list[FieldError]:
    return [invalid(path, value, m) for m in msgs]


def nonnegative(path: str, value) -> list[FieldError]:
    if isinstance(value, int) and not isinstance(value, bool) and value < 0:
        return [invalid(path, value, "must be greater than or equal to 0")]
    return []


# --- names and metadata ---------------------------------------------------------------------


def _mask_dash(name: str) -> str:
    """generateName is a prefix: a trailing '-' is fine (apimachinery's maskTrailingDash)."""
    return name[:-1] + "a" if len(name) > 1 and name.endswith("-") else name


def subdomain_name(name: str, prefix: bool = False) -> list[str]:
    return names.dns1123_subdomain(_mask_dash(name) if prefix else name)


def label_name(name: str, prefix: bool = False) -> list[str]:
    return names.dns1123_label(_mask_dash(name) if prefix else name)


def path_segment_name(name: str, prefix: bool = False) -> list[str]:
    """RBAC names (apimachinery path.IsValidPathSegmentName)."""
    if not isinstance(name, str):
        return []
    if not prefix and name in (".", ".."):
        return [f"may not be '{name}'"]
    return [f"may not contain '{c}'" for c in "/%" if c in name]


def validate_labels(labels, path: str) -> list[FieldError]:
    errs = []
    for key, value in as_dict(labels).items():
        errs += messages(path, key, names.qualified_name(key))
        if isinstance(value, str):
            errs += messages(path, value, names.label_value(value))
    return errs


def validate_annotations(annotations, path: str) -> list[FieldError]:
    errs = []
    for key in as_dict(annotations):
        errs += messages(path, key, names.qualified_name(key.lower()))
    return errs


def validate_meta(obj: dict, name_fn=subdomain_name, namespaced: bool = True) -> list[FieldError]:
    meta = as_dict(obj.get("metadata"))
    errs = []
    generate = meta.get("generateName")
    if generate:
        errs += messages("metadata.generateName", generate, name_fn(generate, True))
    name = meta.get("name")
    if not name:
        errs.append(required("metadata.name", "name or generateName is required"))
    else:
        errs += messages("metadata.name", name, name_fn(str(name)))
    namespace = meta.get("namespace")
    if namespaced:
        if not namespace:
            errs.append(required("metadata.namespace"))
        else:
            errs += messages("metadata.namespace", namespace, names.dns1123_label(namespace))
    elif namespace:
        errs.append(forbidden("metadata.namespace", "not allowed on this type"))
    errs += validate_labels(meta.get("labels"), "metadata.labels")
    errs += validate_annotations(meta.get("annotations"), "metadata.annotations")
    return errs


# --- label selectors (apimachinery meta/v1/validation) --------------------------------------


def validate_selector(selector, path: str) -> list[FieldError]:
    selector = as_dict(selector)
    errs = validate_labels(selector.get("matchLabels"), child(path, "matchLabels"))
    for i, expr in enumerate(as_list(selector.get("matchExpressions"))):
        errs += _requirement(as_dict(expr), f"{path}.matchExpressions[{i}]")
    return errs


def _requirement(expr: dict, path: str) -> list[FieldError]:
    errs = []
    operator, values = expr.get("operator"), as_list(expr.get("values"))
    if operator in ("In", "NotIn"):
        if not values:
            errs.append(
                required(f"{path}.values", "must be specified when `operator` is 'In' or 'NotIn'")
            )
    elif operator in ("Exists", "DoesNotExist"):
        if values:
            errs.append(
                forbidden(
                    f"{path}.values",
                    "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                )
            )
    else:
        errs.append(invalid(f"{path}.operator", operator, "not a valid selector operator"))
    errs += messages(
        f"{path}.key", expr.get("key", ""), names.qualified_name(str(expr.get("key", "")))
    )
    for i, value in enumerate(values):
        errs += messages(f"{path}.values[{i}]", value, names.label_value(str(value)))
    return errs


def selector_usable(selector) -> bool:
    """False when LabelSelectorAsSelector would fail (the API then says `invalid label selector`)."""
    for expr in as_list(as_dict(selector).get("matchExpressions")):
        expr = as_dict(expr)
        operator, values = expr.get("operator"), as_list(expr.get("values"))
        if operator in ("In", "NotIn") and not values:
            return False
        if operator in ("Exists", "DoesNotExist") and values:
            return False
        if operator not in ("In", "NotIn", "Exists", "DoesNotExist"):
            return False
    return True


def selector_matches(selector, labels) -> bool:
    """Does a LabelSelector select these labels? A missing selector selects nothing."""
    if not isinstance(selector, dict):
        return False
    labels = as_dict(labels)
    for key, value in as_dict(selector.get("matchLabels")).items():
        if labels.get(key) != value:
            return False
    for expr in as_list(selector.get("matchExpressions")):
        expr = as_dict(expr)
        key, operator, values = expr.get("key"), expr.get("operator"), as_list(expr.get("values"))
        present = key in labels
        if operator == "In" and not (present and labels[key] in values):
            return False
        if operator == "NotIn" and present and labels[key] in values:
            return False
        if operator == "Exists" and not present:
            return False
        if operator == "DoesNotExist" and present:
            return False
    return True


def selector_value(selector):
    """A LabelSelector as apimachinery renders it since 1.34: JSON in struct field order."""
    if not isinstance(selector, dict):
        return None
    out = Struct()
    if selector.get("matchLabels"):
        out["matchLabels"] = dict(sorted(as_dict(selector["matchLabels"]).items()))
    if selector.get("matchExpressions"):
        out["matchExpressions"] = [
            _requirement_value(as_dict(e)) for e in as_list(selector["matchExpressions"])
        ]
    return out


def _requirement_value(expr: dict) -> Struct:
    out = Struct(key=expr.get("key", ""), operator=expr.get("operator", ""))
    if expr.get("values"):
        out["values"] = expr["values"]
    return out
