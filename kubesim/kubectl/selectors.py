"""Label and field selectors, parsed and matched as the API server does.

Label selectors follow apimachinery's `pkg/labels/selector.go` (read at the 1.37-dev snapshot):
its lexer (`=`, `==`, `!=`, `in`, `notin`, `!`, `>`, `<`, commas; blanks are spaces, tabs,
CR and LF), its parser, its error texts, and its canonical string form (requirements sorted by
key, values sorted). Field selectors follow `pkg/fields/selector.go` plus the per-kind
"field label" tables the API server registers (`AddFieldLabelConversionFunc`).

Errors carry the API server's message (`SelectorError.message`); `list_error` wraps it the way
kubectl's resource builder does (`cli-runtime/pkg/resource/helper.go`, EnhanceListError).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import re2

# ---------------------------------------------------------------------------------------------
# Errors


class SelectorError(ValueError):
    """A selector the API server refuses; `message` is the server's text."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def list_error(resource: str, label_selector: str, field_selector: str, message: str) -> str:
    """kubectl's line for a refused list, e.g. for `resource="/v1, Resource=pods"`.

    `resource` is the GroupVersionResource as Go prints it: `/v1, Resource=pods`,
    `apps/v1, Resource=deployments` (see `group_version_resource`).
    """
    if not label_selector and not field_selector:
        text = f"Unable to list {_go_quote(resource)}: {message}"
    else:
        text = (
            f"Unable to find {_go_quote(resource)} that match label selector "
            f"{_go_quote(label_selector)}, field selector {_go_quote(field_selector)}: {message}"
        )
    return f"Error from server (BadRequest): {text}"


def group_version_resource(group: str, version: str, plural: str) -> str:
    """schema.GroupVersionResource.String(): `/v1, Resource=pods`."""
    return f"{group}/{version}, Resource={plural}"


def _go_quote(s: str) -> str:
    # Go's %q is close enough to JSON string quoting for the printable text selectors hold.
    return json.dumps(s, ensure_ascii=False)


# ---------------------------------------------------------------------------------------------
# Label key and value validation (apimachinery api/validate/content)

_KEY_NAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
_KEY_NAME_RE = re2.compile("^" + _KEY_NAME_FMT + "$")
_KEY_MSG = (
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character"
)
_VALUE_FMT = "(" + _KEY_NAME_FMT + ")?"
_VALUE_RE = re2.compile("^" + _VALUE_FMT + "$")
_VALUE_MSG = (
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
    "'.', and must start and end with an alphanumeric character"
)
_DNS1123_SUBDOMAIN_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*"
_DNS1123_SUBDOMAIN_RE = re2.compile("^" + _DNS1123_SUBDOMAIN_FMT + "$")
_DNS1123_SUBDOMAIN_MSG = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
    "'.', and must start and end with an alphanumeric character"
)


def _regex_error(msg: str, fmt: str, *examples: str) -> str:
    if not examples:
        return f"{msg} (regex used for validation is '{fmt}')"
    shown = " or ".join(f"'{e}', " for e in examples)
    return f"{msg} (e.g. {shown}regex used for validation is '{fmt}')"


def label_key_errors(key: str) -> list[str]:
    """The reasons `key` is not a valid label key (empty when it is valid)."""
    errs: list[str] = []
    parts = key.split("/")
    if len(parts) > 2:
        return [
            "a valid label key "
            + _regex_error(_KEY_MSG, _KEY_NAME_FMT, "MyName", "my.name", "123-abc")
            + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
        ]
    name = parts[-1]
    if len(parts) == 2:
        prefix = parts[0]
        if not prefix:
            errs.append("prefix part must be non-empty")
        else:
            if len(prefix) > 253:
                errs.append("prefix part must be no more than 253 bytes")
            if not _DNS1123_SUBDOMAIN_RE.match(prefix):
                errs.append(
                    "prefix part "
                    + _regex_error(_DNS1123_SUBDOMAIN_MSG, _DNS1123_SUBDOMAIN_FMT, "example.com")
                )
    if not name:
        errs.append("name part must be non-empty")
    elif len(name) > 63:
        errs.append("name part must be no more than 63 bytes")
    if not _KEY_NAME_RE.match(name):
        errs.append("name part " + _regex_error(_KEY_MSG, _KEY_NAME_FMT, "MyName", "my.name", "123-abc"))
    return errs


def label_value_errors(value: str) -> list[str]:
    """The reasons `value` is not a valid label value (empty when it is valid)."""
    errs: list[str] = []
    if len(value) > 63:
        errs.append("must be no more than 63 bytes")
    if not _VALUE_RE.match(value):
        errs.append(_regex_error(_VALUE_MSG, _VALUE_FMT, "MyValue", "my_value", "12345"))
    return errs


def _invalid(path: str, value, detail: str) -> str:
    """field.Invalid(...).Error(): `path: Invalid value: <value>: detail`."""
    shown = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return f"{path}: Invalid value: {shown}: {detail}"


def _aggregate(errors: list[str]) -> str:
    unique = list(dict.fromkeys(errors))
    return unique[0] if len(unique) == 1 else "[" + ", ".join(unique) + "]"


# ---------------------------------------------------------------------------------------------
# Requirements and selectors

IN, NOT_IN, EQUALS, DOUBLE_EQUALS, NOT_EQUALS = "in", "notin", "=", "==", "!="
EXISTS, DOES_NOT_EXIST, GT, LT = "exists", "!", "gt", "lt"
_BINARY = (IN, NOT_IN, EQUALS, DOUBLE_EQUALS, NOT_EQUALS, GT, LT)


@dataclass(frozen=True)
class Requirement:
    """One `key op values` term of a label selector."""

    key: str
    op: str
    values: tuple[str, ...] = ()

    def matches(self, labels: dict | None) -> bool:
        labels = labels or {}
        op = self.op
        if op in (IN, EQUALS, DOUBLE_EQUALS):
            return self.key in labels and labels[self.key] in self.values
        if op in (NOT_IN, NOT_EQUALS):
            return self.key not in labels or labels[self.key] not in self.values
        if op == EXISTS:
            return self.key in labels
        if op == DOES_NOT_EXIST:
            return self.key not in labels
        if op in (GT, LT):
            return _compare_int(labels.get(self.key), self.values, op)
        return False

    def __str__(self) -> str:
        if self.op == EXISTS:
            return self.key
        if self.op == DOES_NOT_EXIST:
            return "!" + self.key
        values = ",".join(sorted(self.values)) if len(self.values) > 1 else "".join(self.values)
        if self.op in (IN, NOT_IN):
            return f"{self.key} {self.op} ({values})"
        symbol = {GT: ">", LT: "<"}.get(self.op, self.op)
        return f"{self.key}{symbol}{values}"


_DECIMAL_INT = re2.compile(r"^[+-]?[0-9]+$")


def _parse_int(text: str | None) -> int | None:
    # strconv.ParseInt(s, 10, 64): optional sign, decimal digits, no blanks or underscores.
    if text is None or not _DECIMAL_INT.match(text):
        return None
    number = int(text)
    return number if -(2**63) <= number < 2**63 else None


def _compare_int(label_value: str | None, values: tuple[str, ...], op: str) -> bool:
    left = _parse_int(label_value)
    if left is None or len(values) != 1:
        return False
    right = _parse_int(values[0])
    if right is None:
        return False
    return left > right if op == GT else left < right


@dataclass(frozen=True)
class Selector:
    """An AND of requirements; `None` requirements means "matches nothing"."""

    requirements: tuple[Requirement, ...] | None = ()

    def matches(self, labels: dict | None) -> bool:
        if self.requirements is None:
            return False
        return all(r.matches(labels) for r in self.requirements)

    @property
    def empty(self) -> bool:
        return self.requirements == ()

    def __str__(self) -> str:
        return ",".join(str(r) for r in self.requirements or ())


EVERYTHING = Selector(())
NOTHING = Selector(None)


def new_requirement(key: str, op: str, values: list[str]) -> Requirement:
    """labels.NewRequirement: validate and build, raising the aggregated field errors."""
    errs = []
    if key_errs := label_key_errors(key):
        errs.append(_invalid("key", key, "; ".join(key_errs)))
    if op in (IN, NOT_IN) and not values:
        errs.append(_invalid("values", values, "for 'in', 'notin' operators, values set can't be empty"))
    elif op in (EQUALS, DOUBLE_EQUALS, NOT_EQUALS) and len(values) != 1:
        errs.append(_invalid("values", values, "exact-match compatibility requires one single value"))
    elif op in (EXISTS, DOES_NOT_EXIST) and values:
        errs.append(_invalid("values", values, "values set must be empty for exists and does not exist"))
    elif op in (GT, LT):
        if len(values) != 1:
            errs.append(_invalid("values", values, "for 'Gt', 'Lt' operators, exactly one value is required"))
        for i, v in enumerate(values):
            if _parse_int(v) is None:
                errs.append(_invalid(f"values[{i}]", v, "for 'Gt', 'Lt' operators, the value must be an integer"))
    for i, v in enumerate(values):
        if value_errs := label_value_errors(v):
            errs.append(_invalid(f"values[{i}][{key}]", v, "; ".join(value_errs)))
    if errs:
        raise SelectorError(_aggregate(errs))
    return Requirement(key, op, tuple(values))


def _sorted(requirements) -> Selector:
    return Selector(tuple(sorted(requirements, key=lambda r: r.key)))


def selector_from_set(labels: dict | None) -> Selector:
    """A Service/ReplicationController map selector: every pair must match (empty = all)."""
    return _sorted(Requirement(k, EQUALS, (v,)) for k, v in (labels or {}).items())


def selector_from_label_selector(spec: dict | None) -> Selector:
    """metav1.LabelSelectorAsSelector: None matches nothing, `{}` matches everything."""
    if spec is None:
        return NOTHING
    reqs = [new_requirement(k, EQUALS, [v]) for k, v in (spec.get("matchLabels") or {}).items()]
    ops = {"In": IN, "NotIn": NOT_IN, "Exists": EXISTS, "DoesNotExist": DOES_NOT_EXIST}
    for expr in spec.get("matchExpressions") or []:
        operator = expr.get("operator")
        if operator not in ops:
            raise SelectorError(f"{_go_quote(str(operator))} is not a valid label selector operator")
        reqs.append(new_requirement(expr.get("key", ""), ops[operator], list(expr.get("values") or [])))
    return _sorted(reqs)


def format_label_selector(spec: dict | None) -> str:
    """metav1.FormatLabelSelector: the selector's string, `<none>` when empty."""
    try:
        text = str(selector_from_label_selector(spec))
    except SelectorError:
        return "<error>"
    return text or "<none>"


def format_labels(labels: dict | None) -> str:
    """labels.FormatLabels: `k=v` pairs sorted as strings, comma-joined; `<none>` when empty."""
    return ",".join(sorted(f"{k}={v}" for k, v in (labels or {}).items())) or "<none>"


def matches(selector: Selector | str | dict | None, labels: dict | None) -> bool:
    """Match labels against a parsed selector, a selector string or a LabelSelector dict."""
    if isinstance(selector, str):
        selector = parse_label_selector(selector)
    elif selector is None or isinstance(selector, dict):
        selector = selector_from_label_selector(selector)
    return selector.matches(labels)


# ---------------------------------------------------------------------------------------------
# Node selector requirements (node affinity): In, NotIn, Exists, DoesNotExist, Gt, Lt

_NODE_OPS = {"In": IN, "NotIn": NOT_IN, "Exists": EXISTS, "DoesNotExist": DOES_NOT_EXIST, "Gt": GT, "Lt": LT}


def node_requirement_matches(requirement: dict, labels: dict | None) -> bool:
    """One NodeSelectorRequirement against a node's labels (an unknown operator never matches)."""
    op = _NODE_OPS.get(requirement.get("operator", ""))
    if op is None:
        return False
    req = Requirement(requirement.get("key", ""), op, tuple(requirement.get("values") or ()))
    return req.matches(labels)


def node_selector_term_matches(term: dict, node: dict) -> bool:
    """A NodeSelectorTerm: all matchExpressions (labels) and matchFields (metadata.name) hold.

    An empty term matches no node, as the scheduler's nodeaffinity helper decides.
    """
    expressions = term.get("matchExpressions") or []
    fields = term.get("matchFields") or []
    if not expressions and not fields:
        return False
    labels = (node.get("metadata") or {}).get("labels") or {}
    name = (node.get("metadata") or {}).get("name", "")
    if not all(node_requirement_matches(e, labels) for e in expressions):
        return False
    for f in fields:
        if f.get("key") != "metadata.name":
            return False
        if not node_requirement_matches({**f, "key": "n"}, {"n": name}):
            return False
    return True


def node_selector_matches(node_selector: dict | None, node: dict) -> bool:
    """A NodeSelector: its terms are ORed; no terms matches nothing."""
    terms = (node_selector or {}).get("nodeSelectorTerms") or []
    return any(node_selector_term_matches(t, node) for t in terms)


# ---------------------------------------------------------------------------------------------
# Label selector lexer and parser (kubectl -l, ?labelSelector=)

_ID, _EOS, _CLOSE, _COMMA, _NOT, _DEQ, _EQ, _GT, _IN, _LT, _NEQ, _NOTIN, _OPEN = range(13)
_TOKENS = {")": _CLOSE, ",": _COMMA, "!": _NOT, "==": _DEQ, "=": _EQ, ">": _GT, "in": _IN,
           "<": _LT, "!=": _NEQ, "notin": _NOTIN, "(": _OPEN}
_SPECIAL = set("=!(),><")
_BLANK = set(" \t\r\n")


def _lex(text: str) -> list[tuple[int, str]]:
    items, pos, n = [], 0, len(text)
    while True:
        while pos < n and text[pos] in _BLANK:
            pos += 1
        if pos >= n:
            items.append((_EOS, ""))
            return items
        if text[pos] in _SPECIAL:
            # Longest run of special characters that is still a known operator.
            end = pos + 1
            while end < n and text[end] in _SPECIAL and text[pos:end + 1] in _TOKENS:
                end += 1
            lit = text[pos:end]
        else:
            end = pos
            while end < n and text[end] not in _SPECIAL and text[end] not in _BLANK:
                end += 1
            lit = text[pos:end]
        items.append((_TOKENS.get(lit, _ID), lit))
        pos = end


class _Parser:
    def __init__(self, text: str):
        self.items = _lex(text)
        self.pos = 0

    def peek(self, values: bool = True) -> tuple[int, str]:
        return self._ctx(self.items[self.pos], values)

    def take(self, values: bool = True) -> tuple[int, str]:
        item = self.items[self.pos]
        self.pos += 1
        return self._ctx(item, values)

    @staticmethod
    def _ctx(item, values):
        # In the values context `in` and `notin` are plain identifiers (`x in (in)`).
        tok, lit = item
        return (_ID, lit) if values and tok in (_IN, _NOTIN) else (tok, lit)

    def parse(self) -> list[Requirement]:
        reqs: list[Requirement] = []
        while True:
            tok, lit = self.peek()
            if tok == _EOS:
                return reqs
            if tok not in (_ID, _NOT):
                raise SelectorError(f"found '{lit}', expected: !, identifier, or 'end of string'")
            try:
                reqs.append(self.requirement())
            except SelectorError as err:
                raise SelectorError(f"unable to parse requirement: {err.message}") from None
            tok, lit = self.take()
            if tok == _EOS:
                return reqs
            if tok != _COMMA:
                raise SelectorError(f"found '{lit}', expected: ',' or 'end of string'")
            tok2, lit2 = self.peek()
            if tok2 not in (_ID, _NOT):
                raise SelectorError(f"found '{lit2}', expected: identifier after ','")

    def requirement(self) -> Requirement:
        key, op = self.key_and_inferred_operator()
        if op in (EXISTS, DOES_NOT_EXIST):
            return new_requirement(key, op, [])
        op = self.operator()
        values = self.set_values() if op in (IN, NOT_IN) else self.exact_value()
        return new_requirement(key, op, sorted(values))

    def key_and_inferred_operator(self) -> tuple[str, str]:
        op = ""
        tok, lit = self.take()
        if tok == _NOT:
            op = DOES_NOT_EXIST
            tok, lit = self.take()
        if tok != _ID:
            raise SelectorError(f"found '{lit}', expected: identifier")
        if errs := label_key_errors(lit):
            raise SelectorError(_invalid("<nil>", lit, "; ".join(errs)))
        if self.peek()[0] in (_EOS, _COMMA) and op != DOES_NOT_EXIST:
            op = EXISTS
        return lit, op

    def operator(self) -> str:
        tok, lit = self.take(values=False)
        ops = {_IN: IN, _EQ: EQUALS, _DEQ: DOUBLE_EQUALS, _GT: GT, _LT: LT, _NOTIN: NOT_IN, _NEQ: NOT_EQUALS}
        if tok not in ops:
            raise SelectorError(f"found '{lit}', expected: {', '.join(_BINARY)}")
        return ops[tok]

    def set_values(self) -> set[str]:
        tok, lit = self.take()
        if tok != _OPEN:
            raise SelectorError(f"found '{lit}' expected: '('")
        tok, lit = self.peek()
        if tok in (_ID, _COMMA):
            values = self.identifiers()
            if self.take()[0] != _CLOSE:
                raise SelectorError(f"found '{lit}', expected: ')'")
            return values
        if tok == _CLOSE:
            self.take()
            return {""}
        raise SelectorError(f"found '{lit}', expected: ',', ')' or identifier")

    def identifiers(self) -> set[str]:
        values: set[str] = set()
        while True:
            tok, lit = self.take()
            if tok == _ID:
                values.add(lit)
                tok2, lit2 = self.peek()
                if tok2 == _CLOSE:
                    return values
                if tok2 != _COMMA:
                    raise SelectorError(f"found '{lit2}', expected: ',' or ')'")
            elif tok == _COMMA:
                # Empty members are allowed: "(,a)", "(a,,b)", "(a,)".
                if not values:
                    values.add("")
                if self.peek()[0] == _CLOSE:
                    values.add("")
                    return values
                if self.peek()[0] == _COMMA:
                    values.add("")
            else:
                raise SelectorError(f"found '{lit}', expected: ',', or identifier")

    def exact_value(self) -> set[str]:
        if self.peek()[0] in (_EOS, _COMMA):
            return {""}
        tok, lit = self.take()
        if tok == _ID:
            return {lit}
        raise SelectorError(f"found '{lit}', expected: identifier")


def parse_label_selector(text: str) -> Selector:
    """labels.Parse: `app=web,tier in (a,b),!legacy`. Raises SelectorError with the server text."""
    return _sorted(_Parser(text).parse())


# ---------------------------------------------------------------------------------------------
# Field selectors (kubectl --field-selector, ?fieldSelector=)

# Field labels each kind accepts beyond the generic metadata.name/metadata.namespace
# (pkg/apis/*/v1/conversion.go). Node and PersistentVolume accept no namespace.
_FIELD_LABELS: dict[str, tuple[str, ...]] = {
    "Pod": ("metadata.name", "metadata.namespace", "spec.nodeName", "spec.restartPolicy",
            "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork", "status.phase",
            "status.podIP", "status.podIPs", "status.nominatedNodeName"),
    "Node": ("metadata.name", "spec.unschedulable"),
    "PersistentVolume": ("metadata.name",),
    "Namespace": ("metadata.name", "status.phase"),
    "Secret": ("metadata.name", "metadata.namespace", "type"),
    "Event": ("metadata.name", "metadata.namespace", "involvedObject.kind", "involvedObject.namespace",
              "involvedObject.name", "involvedObject.uid", "involvedObject.apiVersion",
              "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason",
              "reportingComponent", "source", "type"),
    "ReplicationController": ("metadata.name", "metadata.namespace", "status.replicas"),
    "ReplicaSet": ("metadata.name", "metadata.namespace", "status.replicas"),
    "Job": ("metadata.name", "metadata.namespace", "status.successful"),
    "Service": ("metadata.name", "metadata.namespace", "spec.clusterIP", "spec.type"),
}
_FIELD_ALIASES = {("Pod", "spec.host"): "spec.nodeName"}
_GENERIC_FIELDS = ("metadata.name", "metadata.namespace")


@dataclass(frozen=True)
class FieldTerm:
    field: str
    value: str
    negated: bool = False


def _split_terms(text: str) -> list[str]:
    terms, start, escaped = [], 0, False
    for i, c in enumerate(text):
        if escaped:
            escaped = False
        elif c == "\\":
            escaped = True
        elif c == ",":
            terms.append(text[start:i])
            start = i + 1
    terms.append(text[start:])
    return terms


def _unescape(value: str) -> str:
    out, escaped = [], False
    for c in value:
        if escaped:
            if c not in "\\,=":
                raise SelectorError(f"invalid field selector: invalid escape sequence: \\{c}")
            out.append(c)
            escaped = False
        elif c == "\\":
            escaped = True
        elif c in ",=":
            raise SelectorError(f"invalid field selector: unescaped character in value: {ord(c)}")
        else:
            out.append(c)
    if escaped:
        raise SelectorError("invalid field selector: invalid escape sequence: \\")
    return "".join(out)


def parse_field_selector(text: str, kind: str | None = None) -> tuple[FieldTerm, ...]:
    """fields.ParseSelector, then the kind's field-label check when `kind` is given.

    Raises SelectorError: `invalid selector: 'x'; can't understand 'x'` or
    `field label not supported: foo`.
    """
    if not text:
        return ()
    terms = []
    for part in sorted(_split_terms(text)):
        if not part:
            continue
        for i in range(len(part)):
            op = next((o for o in ("!=", "==", "=") if part.startswith(o, i)), None)
            if op:
                lhs, rhs = part[:i], part[i + len(op):]
                break
        else:
            raise SelectorError(f"invalid selector: '{text}'; can't understand '{part}'")
        terms.append(FieldTerm(lhs, _unescape(rhs), op == "!="))
    if kind is not None:
        terms = [_convert_field_label(kind, t) for t in terms]
    return tuple(terms)


def _convert_field_label(kind: str, term: FieldTerm) -> FieldTerm:
    field = _FIELD_ALIASES.get((kind, term.field), term.field)
    if field not in _FIELD_LABELS.get(kind, _GENERIC_FIELDS):
        raise SelectorError(f"field label not supported: {term.field}")
    return FieldTerm(field, term.value, term.negated)


def field_value(obj: dict, field: str) -> str:
    """The string the API server compares for a field label (booleans as `true`/`false`)."""
    if field == "status.podIPs":
        ips = (obj.get("status") or {}).get("podIPs") or []
        return ips[0].get("ip", "") if ips else ""
    if field == "source":
        return ((obj.get("source") or {}).get("component")) or ""
    if field == "status.successful":
        field = "status.succeeded"
    value = obj
    for part in field.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "false" if field in ("spec.unschedulable", "spec.hostNetwork") else (
            "0" if field in ("status.replicas", "status.succeeded") else "")
    return str(value)


def field_selector_matches(terms: tuple[FieldTerm, ...], obj: dict) -> bool:
    """All terms hold for `obj` (an empty selector matches everything)."""
    for t in terms:
        equal = field_value(obj, t.field) == t.value
        if equal == t.negated:
            return False
    return True
