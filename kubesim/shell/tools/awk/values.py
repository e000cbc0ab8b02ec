"""awk values: numbers (float), strings (str), numeric strings from input (`StrNum`) and the
uninitialised value (None), with POSIX's conversion and comparison rules."""

from __future__ import annotations

import math
import re

# Fixed patterns of ours (never a learner's), so stdlib re is safe, and faster than re2 here.
NUMBER_PREFIX = re.compile(r"^[ \t\n]*([-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)")
LOOKS_NUMERIC = re.compile(
    r"^[ \t\n]*[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?[ \t\n]*$")


class StrNum(str):
    """Text from input (fields, split(), -v): compares as a number when it looks like one."""


def to_num(value) -> float:
    if value is None:
        return 0.0
    if isinstance(value, float):
        return value
    if value.isascii() and value.isdigit():  # the common case, without a regex
        return float(value)
    match = NUMBER_PREFIX.search(value)
    return float(match.group(1)) if match else 0.0


def to_str(value, fmt: str = "%.6g") -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isfinite(value) and value == int(value):
            return str(int(value))
        if math.isnan(value):
            return "-nan" if math.copysign(1, value) < 0 else "+nan"
        if math.isinf(value):
            return "-inf" if value < 0 else "+inf"
        return fmt % value
    return str(value)


def is_numeric(value) -> bool:
    return value is None or isinstance(value, float) or (
        isinstance(value, StrNum) and LOOKS_NUMERIC.search(value) is not None)


def to_bool(value) -> bool:
    if value is None:
        return False
    if isinstance(value, float):
        return value != 0
    if isinstance(value, StrNum) and LOOKS_NUMERIC.search(value):
        return to_num(value) != 0
    return value != ""


def compare(op: str, left, right, fmt: str = "%.6g") -> bool:
    if is_numeric(left) and is_numeric(right):
        a, b = to_num(left), to_num(right)
    else:
        a, b = to_str(left, fmt), to_str(right, fmt)
    return {"<": a < b, "<=": a <= b, "==": a == b, "!=": a != b, ">=": a >= b,
            ">": a > b}[op]
