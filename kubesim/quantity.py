"""Resource quantities (`100m`, `170Mi`, `16Gi`): parsing, sums, and printing as kubectl does.

Follows apimachinery pkg/api/resource/quantity.go (read at its 1.37-dev snapshot):
`ParseQuantity` keeps the text it parsed only when that text is already canonical (decimal:
a scale that is a multiple of 3, no `000` tail, no leading zero; binary: a 1024-power suffix on a
number not divisible by 8); otherwise `String()` prints the canonical form: the smallest
1024-power suffix for exact binary amounts of 1Ki or more, else a decimal mantissa with an
exponent that is a multiple of 3 (`n u m "" k M G T P E`). Values are rounded up to 1n.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction

BINARY, DECIMAL, EXPONENT = "BinarySI", "DecimalSI", "DecimalExponent"

_BINARY_SUFFIXES = {"Ki": 10, "Mi": 20, "Gi": 30, "Ti": 40, "Pi": 50, "Ei": 60}
_DECIMAL_SUFFIXES = {"n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}
_DECIMAL_BY_EXPONENT = {v: k for k, v in _DECIMAL_SUFFIXES.items()}
_BINARY_BY_POWER = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"]
_NUMBER = re.compile(r"^([+-]?)(\d*)(?:\.(\d*))?(.*)$")
_EXPONENT = re.compile(r"^[eE]([+-]?\d+)$")
_NANO = Fraction(1, 10**9)


@dataclass(frozen=True)
class Quantity:
    """An exact amount, the format it was written in, and its cached text (if canonical)."""

    value: Fraction = Fraction(0)
    fmt: str = DECIMAL
    cached: str = ""

    def __str__(self) -> str:
        return self.cached or canonical(self.value, self.fmt)

    def __add__(self, other: Quantity) -> Quantity:
        # Quantity.Add keeps the receiver's format, or takes the other's when it was zero.
        fmt = self.fmt if self.value or not other.value else other.fmt
        return Quantity(self.value + other.value, fmt)

    def milli_value(self) -> int:
        return math.ceil(self.value * 1000)

    def int_value(self) -> int:
        return math.ceil(self.value)


ZERO = Quantity()


def _suffix(text: str) -> tuple[int, int, str] | None:
    """(base, exponent, format) for a suffix, as quantitySuffixer.interpret reads it."""
    if text in _BINARY_SUFFIXES:
        return 2, _BINARY_SUFFIXES[text], BINARY
    if text in _DECIMAL_SUFFIXES:
        return 10, _DECIMAL_SUFFIXES[text], DECIMAL
    match = _EXPONENT.match(text)
    if match:
        return 10, int(match.group(1)), EXPONENT
    return None


def _round_up_nano(value: Fraction) -> Fraction:
    scaled = value / _NANO
    if scaled.denominator == 1:
        return value
    magnitude = math.ceil(abs(scaled))  # inf.RoundUp rounds away from zero
    return Fraction(magnitude if value > 0 else -magnitude) * _NANO


def _keeps_text(num: str, denom: str, base: int, exponent: int, fmt: str) -> bool:
    """Whether ParseQuantity caches the original string (its fast, canonical path)."""
    if base == 2:
        precision = 15 - len(num) - int(exponent * 3 / 10) - 1
        return (not denom and precision >= 0 and exponent % 10 == 0
                and int(num or "0") & 0x07 != 0)
    scale = exponent - len(denom)
    shifted = num + denom
    if 18 - len(num) - len(denom) < 0 or scale < -9 or not shifted:
        return False
    go_mod = int(math.fmod(scale, 3))
    return go_mod == 0 and not shifted.endswith("000") and shifted[0] != "0"


_PARSED: dict[str, Quantity] = {}
_PARSED_LIMIT = 4096


def parse(text) -> Quantity:
    """Parse a quantity string (or a bare number); an unparseable one counts as zero."""
    if isinstance(text, bool) or text is None:
        return ZERO
    if isinstance(text, int | float):
        text = str(text)
    if not isinstance(text, str):
        return ZERO
    # Quantities are immutable and a cluster writes the same few texts again and again (every
    # node's allocatable, every replica's requests): remember what each text parsed to.
    found = _PARSED.get(text)
    if found is None:
        if len(_PARSED) >= _PARSED_LIMIT:
            _PARSED.clear()
        found = _PARSED[text] = _parse(text.strip())
    return found


def _parse(text: str) -> Quantity:
    if text == "0":
        return Quantity(Fraction(0), DECIMAL, "0")
    match = _NUMBER.match(text)
    if not match or not (match.group(2) or match.group(3)):
        return ZERO
    sign, num, denom, suffix_text = match.groups()
    denom = denom or ""
    interpreted = _suffix(suffix_text)
    if interpreted is None:
        return ZERO
    base, exponent, fmt = interpreted
    amount = Fraction(int((num or "0") + denom), 10 ** len(denom)) * Fraction(base) ** exponent
    amount = _round_up_nano(-amount if sign == "-" else amount)
    if fmt == BINARY and 0 < abs(amount) < 1:
        fmt = DECIMAL
    cached = text if _keeps_text(num, denom, base, exponent, fmt) else ""
    return Quantity(amount, fmt, cached)


def canonical(value: Fraction, fmt: str) -> str:
    """CanonicalizeBytes: the text of an amount in its format."""
    if value == 0:
        return "0"
    if fmt == BINARY and (-1024 < value < 1024 or value.denominator != 1):
        fmt = DECIMAL
    sign = "-" if value < 0 else ""
    magnitude = abs(value)
    if fmt == BINARY:
        number, power = int(magnitude), 0
        while number % 1024 == 0 and power < len(_BINARY_BY_POWER) - 1:
            number //= 1024
            power += 1
        return f"{sign}{number}{_BINARY_BY_POWER[power]}"
    mantissa, exponent = int(magnitude / _NANO), -9
    while mantissa % 10 == 0:
        mantissa //= 10
        exponent += 1
    shift = exponent % 3  # lower the exponent to a multiple of 3 (floor)
    mantissa *= 10**shift
    exponent -= shift
    if fmt == DECIMAL and exponent in _DECIMAL_BY_EXPONENT:
        suffix = _DECIMAL_BY_EXPONENT[exponent]
    else:
        suffix = "" if exponent == 0 else f"e{exponent}"
    return f"{sign}{mantissa}{suffix}"


def total(quantities) -> Quantity:
    """The sum of quantities; ZERO for none."""
    result = ZERO
    for quantity in quantities:
        result = quantity if result is ZERO else result + quantity
    return result
