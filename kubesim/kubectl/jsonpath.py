"""kubectl's JSONPath template dialect (`-o jsonpath=...`, custom columns).

Behaviour follows k8s.io/client-go util/jsonpath (parser.go, jsonpath.go) and the printer in
k8s.io/cli-runtime pkg/printers/jsonpath.go, read at their 1.37-dev snapshots:
- text outside `{...}` is printed as is; `{"\\n"}` and `{'\\t'}` are string literals;
- `.a.b`, `['a']` (a quoted key is re-read as `.a`, so `['a.b']` means `.a.b`), `[*]`, `[i]`,
  `[-1]`, `[start:end:step]`, `..` recursive descent, `[a,b]` unions,
  filters `[?(@.x==1)]` with `==`, `!=`, `<`, `>`, `<=`, `>=`, and `[?(@.x)]` for existence;
- `{range ...}...{end}` loops; `{$}` is the whole object;
- the results of one `{...}` are joined with single spaces; maps and lists print as compact JSON
  (keys sorted, as Go's encoder does), strings raw, numbers as Go prints them, null as `null`;
- a missing key yields nothing when missing keys are allowed (kubectl's default,
  `--allow-missing-template-keys=true`), else `x is not found`.
Go iterates maps in random order for `*` and `..`; we use sorted keys so output is repeatable.
No pattern a learner writes is ever compiled as a regular expression here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import re2

from .printers.gofmt import go_float_v, go_json, go_quote, go_sharp_v, go_sprint


class JSONPathError(ValueError):
    """A template that does not parse, or fails while executing; `message` is Go's text."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# ---------------------------------------------------------------------------------------------
# Nodes


@dataclass
class ListNode:
    nodes: list = field(default_factory=list)


@dataclass
class Text:
    text: str


@dataclass
class Field:
    name: str


@dataclass
class Param:
    value: int = 0
    known: bool = False
    derived: bool = False


@dataclass
class Array:
    params: tuple[Param, Param, Param]


@dataclass
class Filter:
    left: ListNode
    right: ListNode
    op: str


@dataclass
class Number:
    value: int | float


@dataclass
class Bool:
    value: bool


@dataclass
class Wildcard:
    pass


@dataclass
class Recursive:
    pass


@dataclass
class Union:
    lists: list[ListNode]


@dataclass
class Identifier:
    name: str


# ---------------------------------------------------------------------------------------------
# Parser

_TERMINATORS = set(" \t\r\n.,[]$@{}")
_DICT_KEY = re2.compile(r"^'([^']*)'$")
_SLICE = re2.compile(r"^(-?[\d]*)(:-?[\d]*)?(:-?[\d]*)?$")
_FILTER = re2.compile(r"^([^!<>=]+)([!<>=]+)(.+?)$")
_INT = re2.compile(r"^[+-]?[0-9]+$")
_FLOAT = re2.compile(r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)$")


def _alnum(ch: str) -> bool:
    return ch == "_" or ch.isalpha() or ch.isdigit()


def _go_rune(ch: str) -> str:
    """fmt's %#U: `U+0023 '#'` (the character only when printable)."""
    code = f"U+{ord(ch):04X}"
    return f"{code} '{ch}'" if ch.isprintable() else code


class _Parser:
    """A scanner over the template, producing the node tree client-go's parser builds."""

    def __init__(self, text: str):
        self.input = text
        self.pos = 0
        self.start = 0
        self.root = ListNode()

    def take_text(self) -> str:
        value = self.input[self.start:self.pos]
        self.start = self.pos
        return value

    def next(self) -> str:
        if self.pos >= len(self.input):
            return ""
        ch = self.input[self.pos]
        self.pos += 1
        return ch

    def peek(self) -> str:
        return self.input[self.pos] if self.pos < len(self.input) else ""

    def parse(self) -> ListNode:
        while True:
            brace = self.input.find("{", self.pos)
            if brace < 0:
                self.pos = len(self.input)
                if self.pos > self.start:
                    self.root.nodes.append(Text(self.take_text()))
                return self.root
            self.pos = brace
            if self.pos > self.start:
                self.root.nodes.append(Text(self.take_text()))
            self.pos += 1
            self.take_text()
            action = ListNode()
            self.root.nodes.append(action)
            self.parse_action(action)

    def parse_action(self, cur: ListNode) -> None:
        """Everything between `{` and `}` into `cur`; returns after the closing brace."""
        while True:
            if self.input.startswith("}", self.pos):
                self.pos += 1
                self.take_text()
                return
            if self.input.startswith("[?(", self.pos):
                self.parse_filter(cur)
                continue
            if self.input.startswith("..", self.pos):
                self.parse_recursive(cur)
                continue
            ch = self.next()
            if ch in ("", "\r", "\n"):
                raise JSONPathError("unclosed action")
            if ch in (" ", "@", "$"):
                self.take_text()
            elif ch == "[":
                self.parse_array(cur)
            elif ch in ("'", '"'):
                self.parse_quote(cur, ch)
            elif ch == ".":
                self.parse_field(cur)
            elif ch in "+-" or ch.isdigit():
                self.pos -= 1
                self.parse_number(cur)
            elif _alnum(ch):
                self.pos -= 1
                self.parse_identifier(cur)
            else:
                raise JSONPathError(f"unrecognized character in action: {_go_rune(ch)}")

    def parse_identifier(self, cur: ListNode) -> None:
        while (ch := self.next()) and ch not in _TERMINATORS:
            pass
        if ch:
            self.pos -= 1
        value = self.take_text()
        cur.nodes.append(Bool(value == "true") if value in ("true", "false") else Identifier(value))

    def parse_recursive(self, cur: ListNode) -> None:
        if cur.nodes and isinstance(cur.nodes[-1], Recursive):
            raise JSONPathError("invalid multiple recursive descent")
        self.pos += 2
        self.take_text()
        cur.nodes.append(Recursive())
        if self.peek() and _alnum(self.peek()):
            self.parse_field(cur)

    def parse_number(self, cur: ListNode) -> None:
        if self.peek() in ("+", "-") and self.peek():
            self.pos += 1
        while (ch := self.peek()) and (ch == "." or ch.isdigit()):
            self.pos += 1
        value = self.take_text()
        if _INT.match(value):
            cur.nodes.append(Number(int(value)))
        elif _FLOAT.match(value):
            cur.nodes.append(Number(float(value)))
        else:
            raise JSONPathError(f"cannot parse number {value}")

    def parse_array(self, cur: ListNode) -> None:
        while True:
            ch = self.next()
            if ch in ("", "\n"):
                raise JSONPathError("unterminated array")
            if ch == "]":
                break
        text = self.take_text()[1:-1]
        if text == "*":
            text = ":"
        parts = text.split(",")
        if len(parts) > 1:
            cur.nodes.append(Union([_parse_sub(f"[{p.strip(' ')}]") for p in parts]))
            return
        key = _DICT_KEY.match(text)
        if key:
            cur.nodes.extend(_parse_sub("." + key.group(1)).nodes)
            return
        cur.nodes.append(Array(_slice_params(text)))

    def parse_filter(self, cur: ListNode) -> None:
        self.pos += 3
        self.take_text()
        begin = end = False
        pair = ""
        while True:
            ch = self.next()
            if ch in ("", "\n"):
                raise JSONPathError("unterminated filter")
            if ch in ("'", '"'):
                if not begin:
                    begin, pair = True, ch
                    continue
                if self.input[self.pos - 2] != "\\" and ch == pair:
                    end = True
            elif ch == ")" and begin == end:
                break
        if self.next() != "]":
            raise JSONPathError("unclosed array expect ]")
        text = self.take_text()[:-2]
        match = _FILTER.match(text)
        if match is None:
            cur.nodes.append(Filter(_parse_sub(text), ListNode(), "exists"))
        else:
            cur.nodes.append(Filter(_parse_sub(match.group(1)), _parse_sub(match.group(3)), match.group(2)))

    def parse_quote(self, cur: ListNode, quote: str) -> None:
        while True:
            ch = self.next()
            if ch in ("", "\n"):
                raise JSONPathError("unterminated quoted string")
            if ch == quote and self.input[self.pos - 2] != "\\":
                break
        value = self.take_text()
        try:
            cur.nodes.append(Text(_unquote(value)))
        except ValueError:
            raise JSONPathError(f"unquote string {value} error invalid syntax") from None

    def parse_field(self, cur: ListNode) -> None:
        self.take_text()
        while True:
            ch = self.next()
            if ch == "\\":
                self.next()
            elif ch == "" or ch in _TERMINATORS:
                if ch:
                    self.pos -= 1
                break
        value = self.take_text()
        cur.nodes.append(Wildcard() if value == "*" else Field(value.replace("\\", "")))


def _parse_sub(text: str) -> ListNode:
    """parseAction: parse `{text}` and return its single action list."""
    return _Parser("{" + text + "}").parse().nodes[0]


def _slice_params(text: str) -> tuple[Param, Param, Param]:
    match = _SLICE.match(text)
    if match is None:
        raise JSONPathError(f"invalid array index {text}")
    params = [Param(), Param(), Param()]
    for i, raw in enumerate(match.groups()):
        raw = raw or ""
        if raw:
            if i > 0:
                raw = raw[1:]
            if i > 0 and raw == "":
                params[i] = Param(0, False)
            else:
                try:
                    params[i] = Param(int(raw), True)
                except ValueError:
                    raise JSONPathError(f"array index {raw} is not a number") from None
        elif i == 1:
            params[i] = Param(params[0].value + 1, True, True)
    return tuple(params)


_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "\\": "\\"}


def _unquote(value: str) -> str:
    """UnquoteExtend: Go string-literal escapes inside single or double quotes."""
    quote, body = value[0], value[1:-1]
    out, i = [], 0
    while i < len(body):
        ch = body[i]
        if ch == quote:
            raise ValueError(value)
        if ch != "\\":
            out.append(ch)
            i += 1
            continue
        esc = body[i + 1] if i + 1 < len(body) else ""
        if esc in _ESCAPES:
            out.append(_ESCAPES[esc])
            i += 2
        elif esc in ("'", '"'):
            if esc != quote:
                raise ValueError(value)
            out.append(esc)
            i += 2
        elif esc in ("x", "u", "U"):
            width = {"x": 2, "u": 4, "U": 8}[esc]
            digits = body[i + 2:i + 2 + width]
            if len(digits) != width or not all(c in "0123456789abcdefABCDEF" for c in digits):
                raise ValueError(value)
            out.append(chr(int(digits, 16)))
            i += 2 + width
        elif esc in "01234567" and esc:
            digits = body[i + 1:i + 4]
            if len(digits) != 3 or not all(c in "01234567" for c in digits) or int(digits, 8) > 255:
                raise ValueError(value)
            out.append(chr(int(digits, 8)))
            i += 4
        else:
            raise ValueError(value)
    return "".join(out)


def parse(template: str) -> ListNode:
    """Parse a template; raises JSONPathError with client-go's parser message."""
    try:
        return _Parser(template).parse()
    except RecursionError:
        # Only absurdly nested filters and unions get here; Go would recurse on, we refuse.
        raise JSONPathError("template nests too deeply") from None


# ---------------------------------------------------------------------------------------------
# Evaluation
#
# A result list holds decoded JSON values. A key that is present with a null value is a
# result (None); a missing key is no result at all, as reflect.Value.MapIndex makes it in Go.


def _go_type(value) -> str:
    """The Go type name of a decoded JSON value, for `... is not array or slice`."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int64"
    if isinstance(value, float):
        return "float64"
    if isinstance(value, str):
        return "string"
    if isinstance(value, dict):
        return "map[string]interface {}"
    return "interface {}"


def _children(value) -> list:
    """What `*` expands a value into (map values in sorted key order, list items, string bytes)."""
    if isinstance(value, dict):
        return [value[k] for k in sorted(value)]
    if isinstance(value, list):
        return list(value)
    if isinstance(value, str):
        return list(value.encode())
    return []


_KINDS = ((bool, "bool"), (int, "int"), (float, "float"), (str, "string"))


def _kind(value) -> str:
    for python_type, kind in _KINDS:
        if isinstance(value, python_type):
            return kind
    raise JSONPathError("invalid type for comparison")


def _less(left, right) -> bool:
    if _kind(left) != _kind(right):
        raise JSONPathError("incompatible types for comparison")
    if _kind(left) == "bool":
        raise JSONPathError("invalid type for comparison")
    return left < right


def _equal(left, right) -> bool:
    if _kind(left) != _kind(right):
        raise JSONPathError("incompatible types for comparison")
    return left == right


def _compare(op: str, left, right) -> bool:
    if op == "==":
        return _equal(left, right)
    if op == "!=":
        return not _equal(left, right)
    if op == "<":
        return _less(left, right)
    if op == "<=":
        return _less(left, right) or _equal(left, right)
    if op == ">":
        return not (_less(left, right) or _equal(left, right))
    if op == ">=":
        return not _less(left, right)
    raise JSONPathError(f"unrecognized filter operator {op}")


def _is_range(node) -> bool:
    return isinstance(node, ListNode) and any(isinstance(n, Identifier) and n.name == "range" for n in node.nodes)


def _is_end(node) -> bool:
    return isinstance(node, ListNode) and any(isinstance(n, Identifier) and n.name == "end" for n in node.nodes)


class JSONPath:
    """A parsed template, ready to run against decoded JSON data."""

    def __init__(self, template: str, allow_missing_keys: bool = True):
        self.template = template
        self.root = parse(template)
        self.allow_missing_keys = allow_missing_keys

    # -- running ------------------------------------------------------------------------------

    def find_results(self, data) -> list[list]:
        """One result list per top-level node, range bodies expanded (FindResults)."""
        try:
            return self._run(self.root.nodes, data, in_range=False)
        except RecursionError:
            raise JSONPathError("template nests too deeply") from None

    def _run(self, nodes: list, data, in_range: bool) -> list[list]:
        out: list[list] = []
        i = 0
        while i < len(nodes):
            node = nodes[i]
            if _is_end(node):
                if not in_range:
                    raise JSONPathError("not in range, nothing to end")
                return out
            if _is_range(node):
                values = self._walk([data], node)
                end = self._matching_end(nodes, i + 1)
                body = nodes[i + 1:end + 1]
                for value in values:
                    out.extend(self._run(body, value, in_range=True))
                if not values:
                    # client-go still walks the body (with nil) to find its end.
                    self._run(body, None, in_range=True)
                i = end + 1
                continue
            out.append(self._walk([data], node))
            i += 1
        return out

    @staticmethod
    def _matching_end(nodes: list, start: int) -> int:
        depth = 0
        for k in range(start, len(nodes)):
            if _is_range(nodes[k]):
                depth += 1
            elif _is_end(nodes[k]):
                if depth == 0:
                    return k
                depth -= 1
        return len(nodes) - 1

    def _walk(self, values: list, node) -> list:
        if isinstance(node, ListNode):
            for child in node.nodes:
                values = self._walk(values, child)
            return values
        if isinstance(node, Text):
            return [node.text]
        if isinstance(node, (Number, Bool)):
            return [node.value for _ in values]
        if isinstance(node, Field):
            return self._field(values, node.name)
        if isinstance(node, Array):
            return self._array(values, node.params)
        if isinstance(node, Filter):
            return self._filter(values, node)
        if isinstance(node, Wildcard):
            return [child for v in values if v is not None for child in _children(v)]
        if isinstance(node, Recursive):
            return self._recursive(values)
        if isinstance(node, Union):
            return [r for branch in node.lists for r in self._walk(values, branch)]
        if isinstance(node, Identifier):
            if node.name in ("range", "end"):
                return values if node.name == "range" else []
            raise JSONPathError(f"unrecognized identifier {node.name}")
        raise JSONPathError(f"unexpected Node {node}")

    def _field(self, values: list, name: str) -> list:
        if not values:
            return []
        results = [v[name] for v in values if isinstance(v, dict) and name in v]
        if not results and not self.allow_missing_keys:
            raise JSONPathError(f"{name} is not found")
        return results

    def _array(self, values: list, params: tuple[Param, Param, Param]) -> list:
        results = []
        for value in values:
            if value is None:
                continue
            if not isinstance(value, list):
                raise JSONPathError(f"{_go_type(value)} is not array or slice")
            length = len(value)
            start = params[0].value if params[0].known else 0
            if start < 0:
                start += length
            stop = params[1].value if params[1].known else length
            if stop < 0 or (stop == 0 and params[1].derived):
                stop += length
            if stop == start:
                return results
            if start >= length or start < 0:
                raise JSONPathError(f"array index out of bounds: index {start}, length {length}")
            if stop > length or stop < 0:
                raise JSONPathError(f"array index out of bounds: index {stop - 1}, length {length}")
            if start > stop:
                raise JSONPathError(f"starting index {start} is greater than ending index {stop}")
            step = 1
            if params[2].known:
                if params[2].value <= 0:
                    raise JSONPathError("step must be > 0")
                step = params[2].value
            results.extend(value[start:stop:step])
        return results

    def _filter(self, values: list, node: Filter) -> list:
        results = []
        for value in values:
            if not isinstance(value, list):
                raise JSONPathError(f"{go_sprint(value)} is not array or slice and cannot be filtered")
            for item in value:
                try:
                    lefts = self._walk([item], node.left)
                except JSONPathError:
                    if node.op == "exists":
                        continue
                    raise
                if node.op == "exists":
                    if lefts:
                        results.append(item)
                    continue
                if not lefts:
                    continue
                if len(lefts) > 1:
                    raise JSONPathError("can only compare one element at a time")
                rights = self._walk([item], node.right)
                if not rights:
                    continue
                if len(rights) > 1:
                    raise JSONPathError("can only compare one element at a time")
                if _compare(node.op, lefts[0], rights[0]):
                    results.append(item)
        return results

    def _recursive(self, values: list) -> list:
        results = []
        for value in values:
            if value is None:
                continue
            children = _children(value)
            if children:
                results.append(value)
                results.extend(self._recursive(children))
        return results

    # -- printing -----------------------------------------------------------------------------

    def execute(self, data, as_json: bool = False) -> str:
        """The text the template prints for `data` (`-o jsonpath`, or `-o jsonpath-as-json`)."""
        return "".join(print_results(r, as_json) for r in self.find_results(data))


def text_of(value) -> str:
    """evalToText / json.Marshal for one result, as PrintResults writes it."""
    if isinstance(value, (dict, list)):
        return go_json(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return go_float_v(value)
    return str(value)


def print_results(results: list, as_json: bool = False) -> str:
    if as_json:
        return go_json(list(results), indent=4) + "\n"
    return " ".join(text_of(v) for v in results)


# ---------------------------------------------------------------------------------------------
# kubectl's messages


def parse_error(template: str, err: JSONPathError) -> str:
    """`kubectl get -o jsonpath=...` with a template that does not parse (standard error)."""
    return f"error: error parsing jsonpath {template}, {err.message}\n"


def execute_error(template: str, err: JSONPathError, data) -> str:
    """`kubectl get -o jsonpath=...` when the template fails on the object (standard error)."""
    detail = (
        f"Error executing template: {err.message}. Printing more information for debugging the template:\n"
        f"\ttemplate was:\n\t\t{template}\n"
        f"\tobject given to jsonpath engine was:\n\t\t{go_sharp_v(data)}\n\n"
    )
    return f"error: error executing jsonpath {go_quote(template)}: {detail}\n"


def render(template: str, data, allow_missing_keys: bool = True, as_json: bool = False) -> tuple[str, str]:
    """Run a template the way `kubectl get -o jsonpath=` does: returns (stdout, stderr).

    `data` is the object, or for several objects the `List` kubectl wraps them in
    (see printers.as_list). Output has no trailing newline unless the template prints one.
    """
    try:
        path = JSONPath(template, allow_missing_keys)
    except JSONPathError as err:
        return "", parse_error(template, err)
    try:
        return path.execute(data, as_json), ""
    except JSONPathError as err:
        return "", execute_error(template, err, data)
