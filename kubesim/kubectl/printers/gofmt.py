"""Go's text renderings that kubectl output depends on, for values decoded from JSON.

- `go_json`: encoding/json as kubectl uses it (map keys sorted; `<`, `>`, `&`, U+2028/9
  escaped; floats without a trailing `.0`); compact, or indented like json.MarshalIndent.
- `go_sprint`: fmt's `%v` (`map[a:1 b:[x y]]`, `<nil>`, `1e+06`), used by custom columns.
- `go_sharp_v`: fmt's `%#v` (`map[string]interface {}{"a":1}`), used in JSONPath errors.
- `go_quote`: strconv.Quote / `%q`.
Values are what a JSON decoder gives: dict, list, str, int, float, bool, None.
"""

from __future__ import annotations

import math
from decimal import Decimal

_JSON_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f",
                 "<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def _json_string(s: str) -> str:
    out = []
    for ch in s:
        if ch in _JSON_ESCAPES:
            out.append(_JSON_ESCAPES[ch])
        elif ord(ch) < 0x20:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _json_float(f: float) -> str:
    """encoding/json's float64: shortest digits, %f between 1e-6 and 1e21, else %e (`1e-7`)."""
    if math.isnan(f) or math.isinf(f):
        raise ValueError(f"json: unsupported value: {f}")
    if f == 0:
        return "-0" if math.copysign(1, f) < 0 else "0"
    text = repr(f)
    if abs(f) < 1e-6 or abs(f) >= 1e21:
        mantissa, _, exp = f"{Decimal(text):e}".partition("e")
        return f"{mantissa}e{'-' if exp.startswith('-') else '+'}{int(exp.lstrip('+-')):02d}".replace("e-0", "e-")
    plain = format(Decimal(text), "f")
    return plain.removesuffix(".0")


def _scalar_json(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _json_float(value)
    return _json_string(str(value))


def go_json(value, indent: int | None = None) -> str:
    """encoding/json Marshal (indent=None) or MarshalIndent(prefix "", indent spaces)."""
    if indent is None:
        return _compact(value)
    return _indented(value, indent, 0)


def _compact(value) -> str:
    if isinstance(value, dict):
        return "{" + ",".join(f"{_json_string(str(k))}:{_compact(value[k])}" for k in sorted(value)) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_compact(v) for v in value) + "]"
    return _scalar_json(value)


def _indented(value, indent: int, level: int) -> str:
    pad, inner = " " * (indent * level), " " * (indent * (level + 1))
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [f"{inner}{_json_string(str(k))}: {_indented(value[k], indent, level + 1)}" for k in sorted(value)]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        items = [inner + _indented(v, indent, level + 1) for v in value]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    return _scalar_json(value)


def go_float_v(f: float) -> str:
    """fmt `%v` of a float64: strconv 'g' with the shortest digits (`1.5`, `1e+06`, `3`)."""
    if math.isnan(f):
        return "NaN"
    if math.isinf(f):
        return "+Inf" if f > 0 else "-Inf"
    if f == 0:
        return "-0" if math.copysign(1, f) < 0 else "0"
    # repr() gives the same shortest round-trip digits as Go's strconv.
    _sign, digit_tuple, exponent = Decimal(repr(abs(f))).normalize().as_tuple()
    digits = "".join(map(str, digit_tuple))
    point = len(digits) + exponent  # position of the decimal point
    x = point - 1
    minus = "-" if f < 0 else ""
    if x < -4 or x >= 6:  # %g with the shortest precision switches to %e at 6
        mant = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return f"{minus}{mant}e{'-' if x < 0 else '+'}{abs(x):02d}"
    if point <= 0:
        return f"{minus}0.{'0' * -point}{digits}"
    if point >= len(digits):
        return minus + digits + "0" * (point - len(digits))
    return f"{minus}{digits[:point]}.{digits[point:]}"


def go_quote(s: str) -> str:
    """strconv.Quote: Go's double-quoted string literal."""
    out = []
    named = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v",
             '"': '\\"', "\\": "\\\\"}
    for ch in s:
        code = ord(ch)
        if ch in named:
            out.append(named[ch])
        elif ch == " " or ch.isprintable():
            out.append(ch)
        elif code < 0x80:
            out.append(f"\\x{code:02x}")
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def go_sprint(value) -> str:
    """fmt `%v` of a decoded JSON value."""
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return go_float_v(value)
    if isinstance(value, dict):
        return "map[" + " ".join(f"{k}:{go_sprint(value[k])}" for k in sorted(value)) + "]"
    if isinstance(value, (list, tuple)):
        return "[" + " ".join(go_sprint(v) for v in value) + "]"
    return str(value)


def go_sharp_v(value, top: bool = True) -> str:
    """fmt `%#v` of a decoded JSON value held in an `interface{}`."""
    if value is None:
        return "interface {}(nil)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return go_float_v(value)
    if isinstance(value, str):
        return go_quote(value)
    if isinstance(value, dict):
        body = ", ".join(f"{go_quote(str(k))}:{go_sharp_v(value[k], False)}" for k in sorted(value))
        return "map[string]interface {}{" + body + "}"
    if isinstance(value, (list, tuple)):
        return "[]interface {}{" + ", ".join(go_sharp_v(v, False) for v in value) + "}"
    return go_quote(str(value))
