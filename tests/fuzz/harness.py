"""What every fuzz target shares: the example budget, a time bound per example, a count of
the examples that ran, and text mutations.

`make test` runs 1,000 examples per target, `make fuzz` 10,000 (FUZZ_PROFILE=fuzz). Both are
derandomized, so a run is the same on every machine, and keep no example database: a failure
is reproduced by running the same test again. Hypothesis's own deadline is off (a loaded CI
machine would make it flaky); instead each example must finish within EXAMPLE_SECONDS of
wall time or it fails as a hang.
"""

import os
import signal
import time
from collections import defaultdict
from contextlib import contextmanager

import yaml
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

EXAMPLE_SECONDS = 10
_COMMON = {
    "derandomize": True,
    "database": None,
    "deadline": None,
    "print_blob": False,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large,
                              HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture],
}
settings.register_profile("test", max_examples=1_000, **_COMMON)
settings.register_profile("fuzz", max_examples=10_000, **_COMMON)
PROFILE = os.getenv("FUZZ_PROFILE", "test")
FUZZ = settings(settings.get_profile(PROFILE))
# Entry points that render whole pages or go through a socket cost ~50x more per example;
# they run a tenth of the budget (still every kind of message, with hostile fields).
WEB = settings(FUZZ, max_examples=FUZZ.max_examples // 10)

COUNTS: dict[str, int] = defaultdict(int)
SECONDS: dict[str, float] = defaultdict(float)


class Hang(BaseException):
    """An example ran longer than EXAMPLE_SECONDS. A BaseException, so that no `except
    Exception` in the code under test swallows it; `example` turns it into a failure."""


@contextmanager
def example(target: str, seconds: float = EXAMPLE_SECONDS):
    """Counts one example of `target` and fails it as a hang after `seconds` (main thread only,
    where pytest runs tests; elsewhere the example is only counted)."""
    COUNTS[target] += 1
    start = time.perf_counter()
    armed = _arm(seconds)
    try:
        yield
    except Hang as hang:
        raise AssertionError(f"{target}: {hang}") from None
    finally:
        if armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
        SECONDS[target] += time.perf_counter() - start


def _arm(seconds: float) -> bool:
    try:
        signal.signal(signal.SIGALRM, _hang)
    except ValueError:  # not the main thread
        return False
    signal.setitimer(signal.ITIMER_REAL, seconds)
    return True


def _hang(signum, frame):
    raise Hang(f"one example took more than {EXAMPLE_SECONDS} s")


# -- text mutations ---------------------------------------------------------------------------
# Characters that break parsers: quotes, escapes, YAML and shell syntax, control characters,
# terminal escapes, markup, and characters outside the BMP.
HOSTILE = [
    "'", '"', "\\", "`", "$", "$(", "${", "|", "&", ";", "<", ">", "<<", "(", ")", "{", "}", "[", "]",
    "*", "?", "~", "#", "!", "\n", "\r", "\t", "\x00", "\x07", "\x1b[2J", "\x1b]0;title\x07", "\x7f",
    ":", "- ", "&a ", "*a", "<<: ", "!!python/object:os.system ", "%", "@", "---\n", "...\n",
    "<script>", "\"]; evil [label=\"", "\ufeff", "\u202e", "\U0001f600", "\ud7ff", "é", "中",
    "{{", "}}", "{%", "0x", "-1", "1e400", "NaN", ".inf", "null", "~", "yes", "=",
]


@st.composite
def mutated(draw, seeds: list[str], extra: list[str] = ()):
    """A seed text with up to eight edits: insert a hostile piece, delete or duplicate a span,
    repeat a piece many times (very long words), or swap two lines."""
    text = draw(st.sampled_from(seeds))
    pieces = HOSTILE + list(extra)
    for _ in range(draw(st.integers(0, 8))):
        where = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["insert", "insert", "text", "delete", "duplicate", "repeat", "lines"]))
        if kind == "insert":
            text = text[:where] + draw(st.sampled_from(pieces)) + text[where:]
        elif kind == "text":
            text = text[:where] + draw(st.text(max_size=12)) + text[where:]
        elif kind == "delete":
            text = text[:where] + text[where + draw(st.integers(1, 20)):]
        elif kind == "duplicate":
            size = draw(st.integers(1, 40))
            text = text[:where] + text[where:where + size] + text[where:]
        elif kind == "repeat":
            piece = draw(st.sampled_from(pieces + ["a", " ", "x" * 100]))
            text = text[:where] + piece * draw(st.integers(2, 3000)) + text[where:]
        else:
            lines = text.split("\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
    return text


SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(),
                    st.text(max_size=20), st.sampled_from(HOSTILE))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)), max_leaves=16)


@st.composite
def reshaped(draw, seeds: list[str]):
    """A seed YAML text with a few fields replaced, removed or added, at any depth."""
    docs = list(yaml.safe_load_all(draw(st.sampled_from(seeds))))
    for _ in range(draw(st.integers(1, 4))):
        node = draw(st.sampled_from(docs))
        while isinstance(node, (dict, list)) and node and draw(st.booleans()):
            key = draw(st.sampled_from(sorted(node) if isinstance(node, dict) else range(len(node))))
            if not isinstance(node[key], (dict, list)):
                break
            node = node[key]
        if isinstance(node, dict):
            key = draw(st.sampled_from(sorted(node) + ["extra", "kind", "metadata", "spec", "name"]))
            if draw(st.booleans()) and key in node:
                del node[key]
            else:
                node[key] = draw(VALUES)
        elif isinstance(node, list) and node:
            node[draw(st.integers(0, len(node) - 1))] = draw(VALUES)
    return yaml.safe_dump_all(docs, allow_unicode=draw(st.booleans()), sort_keys=False)
