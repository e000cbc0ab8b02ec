"""Errors as the API server returns them, and diagnostics as the editor shows them.

`FieldError` renders exactly like apimachinery's field errors (the 1.34+ rendering: maps
and structs as JSON). `APIError` is a Status failure (code, reason, message). `Diagnostic`
is the editor's channel: every problem at once, each with its field path and YAML line.
"""

import json
from dataclasses import dataclass, field

REQUIRED = "Required value"
INVALID = "Invalid value"
UNSUPPORTED = "Unsupported value"
FORBIDDEN = "Forbidden"
DUPLICATE = "Duplicate value"
NOT_FOUND = "Not found"
TOO_LONG = "Too long"
TOO_MANY = "Too many"
INTERNAL = "Internal error"

# Error types whose text never shows the offending value (apimachinery's ErrorBody).
_VALUELESS = {REQUIRED, FORBIDDEN, TOO_LONG, INTERNAL}


class _Omit:
    def __repr__(self) -> str:
        return "OMIT"


OMIT = _Omit()


class Struct(dict):
    """A Go struct value: rendered as JSON in field order (Go sorts map keys, not struct
    fields), e.g. a LabelSelector `{"matchLabels":{...},"matchExpressions":[...]}`."""

    __hash__ = None


def render_value(value) -> str:
    """A bad value as apimachinery prints it: strings Go-quoted, scalars bare, the rest JSON."""
    if isinstance(value, Struct):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return json.dumps(value, separators=(",", ":"), sort_keys=True, ensure_ascii=False)


@dataclass(frozen=True)
class FieldError:
    type: str
    field: str
    value: object = OMIT
    detail: str = ""

    def body(self) -> str:
        text = self.type
        if self.type not in _VALUELESS and self.value is not OMIT:
            text += ": " + render_value(self.value)
        if self.detail:
            text += ": " + self.detail
        return text

    def __str__(self) -> str:
        return f"{self.field}: {self.body()}" if self.field else self.body()


@dataclass
class APIError(Exception):
    """A failed API request, as the Status object the API server returns."""

    code: int
    reason: str  # NotFound, AlreadyExists, Invalid, BadRequest, Forbidden, Conflict, ...
    message: str
    kind: str = ""
    name: str = ""
    causes: list[FieldError] = field(default_factory=list)

    def __str__(self) -> str:
        return self.message

    def status(self) -> dict:
        """The Status object as JSON, as `curl` against the API server shows it."""
        details = {"name": self.name, "kind": self.kind} if self.name or self.kind else None
        out = {
            "kind": "Status",
            "apiVersion": "v1",
            "metadata": {},
            "status": "Failure",
            "message": self.message,
            "reason": self.reason,
        }
        if details:
            out["details"] = {k: v for k, v in details.items() if v}
        out["code"] = self.code
        return out


def not_found(plural_qualified: str, name: str) -> APIError:
    return APIError(404, "NotFound", f'{plural_qualified} "{name}" not found', plural_qualified, name)


def already_exists(plural_qualified: str, name: str) -> APIError:
    return APIError(409, "AlreadyExists", f'{plural_qualified} "{name}" already exists', plural_qualified, name)


def invalid(kind: str, qualified_kind: str, name: str, causes: list[FieldError]) -> APIError:
    """422 Invalid. The message is the server's; kubectl re-renders it (see kubectl errors)."""
    joined = str(causes[0]) if len(causes) == 1 else "[" + ", ".join(str(c) for c in causes) + "]"
    return APIError(422, "Invalid", f'{qualified_kind} "{name}" is invalid: {joined}', kind, name, list(causes))


def forbidden(plural_qualified: str, name: str, why: str) -> APIError:
    subject = f'{plural_qualified} "{name}"' if name else plural_qualified
    return APIError(403, "Forbidden", f"{subject} is forbidden: {why}", plural_qualified, name)


def bad_request(message: str) -> APIError:
    return APIError(400, "BadRequest", message)


@dataclass(frozen=True)
class Diagnostic:
    """One problem in what the learner wrote, for the editor: all of them at once."""

    message: str
    path: str = ""  # field path, e.g. spec.template.spec.containers[0].image
    line: int | None = None  # 1-based YAML line
    column: int | None = None  # 1-based
    code: str = ""  # machine-readable, e.g. yaml.syntax, schema.unknown_field, field.required
    document: int = 0  # index of the YAML document
    severity: str = "error"  # error | warning
