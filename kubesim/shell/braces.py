"""Brace expansion: `{a,b}c` gives `ac bc`, `{1..3}` gives `1 2 3`, `{a..e..2}`, nested braces.

It runs first, on the word as typed: only unquoted literal characters can form braces; other
parts (quoted text, `$x`, `$(...)`) are carried along whole, so `{$a,$b}` works as in bash.
A word may expand to at most `MAX_WORDS` words.
"""

from __future__ import annotations

import re
from itertools import pairwise

from .nodes import Lit, Word
from .registry import ShellLimit

MAX_WORDS = 10_000
# A fixed pattern of ours: stdlib re is linear on it.
SEQUENCE = re.compile(r"^(-?\d+|[A-Za-z])\.\.(-?\d+|[A-Za-z])(?:\.\.(-?\d+))?$")

Item = object  # a one-character str (unquoted, may be syntax) or a Part carried whole


def brace_expand(word: Word) -> list[Word]:
    if not any(isinstance(p, Lit) and not p.quoted and "{" in p.text for p in word.parts):
        return [word]
    items: list[Item] = []
    for part in word.parts:
        if isinstance(part, Lit) and not part.quoted:
            items.extend(part.text)
        else:
            items.append(part)
    return [_to_word(seq) for seq in _expand(items)]


def _to_word(items: list[Item]) -> Word:
    parts: list = []
    for item in items:
        if isinstance(item, str):
            if parts and isinstance(parts[-1], Lit) and not parts[-1].quoted:
                parts[-1] = Lit(parts[-1].text + item)
            else:
                parts.append(Lit(item))
        else:
            parts.append(item)
    return Word(tuple(parts))


def _expand(items: list[Item]) -> list[list[Item]]:
    start = 0
    while True:
        found = _find_brace(items, start)
        if found is None:
            return [items]
        open_at, close_at, alternatives = found
        if alternatives is not None:
            break
        start = open_at + 1
    prefix, suffix = items[:open_at], items[close_at + 1:]
    results: list[list[Item]] = []
    tails = _expand(suffix)
    for alternative in alternatives:
        for middle in _expand(alternative):
            for tail in tails:
                results.append(prefix + middle + tail)
                if len(results) > MAX_WORDS:
                    raise ShellLimit(f"brace expansion too large: at most {MAX_WORDS:,} words")
    return results


def _find_brace(items: list[Item], start: int):
    """The first `{` from `start` with its matching `}` and its alternatives (None: not one)."""
    for open_at in range(start, len(items)):
        if items[open_at] != "{":
            continue
        depth, commas = 0, []
        for index in range(open_at + 1, len(items)):
            item = items[index]
            if item == "{":
                depth += 1
            elif item == "}" and depth:
                depth -= 1
            elif item == "}":
                inner = items[open_at + 1:index]
                return open_at, index, _alternatives(inner, [c - open_at - 1 for c in commas])
            elif item == "," and depth == 0:
                commas.append(index)
    return None


def _alternatives(inner: list[Item], commas: list[int]):
    if commas:
        bounds = [-1] + commas + [len(inner)]
        return [inner[a + 1:b] for a, b in pairwise(bounds)]
    if all(isinstance(item, str) for item in inner):
        return _sequence("".join(inner))
    return None


def _sequence(text: str):
    match = SEQUENCE.match(text)
    if not match:
        return None
    first, last, step_text = match.groups()
    step = abs(int(step_text)) if step_text and int(step_text) else 1
    if first.lstrip("-").isdigit() and last.lstrip("-").isdigit():
        a, b = int(first), int(last)
        if abs(b - a) // step + 1 > MAX_WORDS:
            raise ShellLimit(f"brace expansion too large: at most {MAX_WORDS:,} words")
        values = range(a, b + 1, step) if a <= b else range(a, b - 1, -step)
        width = max(len(first), len(last)) if _padded(first) or _padded(last) else 0
        return [list(f"{v:0{width}d}") for v in values]
    if first.isalpha() and last.isalpha():
        a, b = ord(first), ord(last)
        values = range(a, b + 1, step) if a <= b else range(a, b - 1, -step)
        return [[chr(v)] for v in values]
    return None


def _padded(number: str) -> bool:
    digits = number.lstrip("-")
    return len(digits) > 1 and digits.startswith("0")
