"""Go's renderings of JSON values, where kubectl and the API server show them to a learner.

- `go_json`: `encoding/json`'s compact form (sorted map keys, `<`, `>`, `&`, U+2028 and U+2029
  escaped, whole floats without a fraction), as kubectl stores the last-applied annotation.
- `go_fmt`: `fmt`'s `%v` of a decoded JSON value (`map[a:1 b:[x y]]`), as strategic merge
  patch errors print maps.
- `go_quote`: `strconv.Quote` (`%q`), as kubectl quotes a patch it cannot parse.
"""

import json
import math
from decimal import Decimal

_HTML_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def go_json(value) -> str:
    """Compact JSON as Go's `json.Marshal` writes a decoded (unstructured) value."""
    text = json.dumps(_go_numbers(value), separators=(",", ":"), sort_keys=True, ensure_ascii=False)
    for raw, escaped in _HTML_ESCAPES.items():
        text = text.replace(raw, escaped)
    return text


def _go_numbers(value):
    """Whole floats become ints: Go decodes `1.0` from YAML into an int64 of 1."""
    if isinstance(value, dict):
        return {k: _go_numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_go_numbers(v) for v in value]
    if (
        isinstance(value, float)
        and math.isfinite(value)
        and value.is_integer()
        and abs(value) < 1e21
    ):
        return int(value)
    return value


def go_float(number) -> str:
    """`%v` of a float64 (strconv's 'g' with shortest digits): exponent form below 1e-4 and
    from 1e+06 on, as `fmt.Println(1e6)` prints `1e+06`."""
    f = float(number)
    if f == 0 or not math.isfinite(f):
        return "0" if f == 0 else repr(f)
    sign, digits, exp = Decimal(repr(f)).normalize().as_tuple()
    text = "".join(map(str, digits))
    point = len(text) + exp  # digits before the decimal point
    minus = "-" if sign else ""
    if point - 1 < -4 or point - 1 >= 6:
        mantissa = text[0] + ("." + text[1:] if len(text) > 1 else "")
        return f"{minus}{mantissa}e{point - 1:+03d}"
    if point <= 0:
        return f"{minus}0.{'0' * -point}{text}"
    if point >= len(text):
        return minus + text + "0" * (point - len(text))
    return f"{minus}{text[:point]}.{text[point:]}"


def go_fmt(value) -> str:
    """`fmt.Sprintf("%v", v)` of a value decoded from JSON into interface{}."""
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return go_float(value)
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "[" + " ".join(go_fmt(v) for v in value) + "]"
    if isinstance(value, dict):
        return "map[" + " ".join(f"{k}:{go_fmt(value[k])}" for k in sorted(value)) + "]"
    return str(value)


def go_quote(text: str) -> str:
    """`strconv.Quote`: double quotes, backslash escapes, printable Unicode kept."""
    out = ['"']
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif ch.isprintable() or ch == " ":
            out.append(ch)
        elif ord(ch) < 0x80:
            out.append(f"\\x{ord(ch):02x}")
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    out.append('"')
    return "".join(out)
