"""The editor's path (YAML -> validation -> apply) on mutated and generated manifests: it never
raises, and everything it refuses comes with a message that says where (a line or a field)."""

import yaml
from hypothesis import given
from hypothesis import strategies as st

from kubesim.apiserver.decode import WEB_MAX_BYTES
from tests.fuzz.clusters import fresh_cluster
from tests.fuzz.harness import FUZZ, HOSTILE, example, mutated, reshaped
from tests.fuzz.seeds import MANIFESTS


def _leaves(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _leaves(value, (*path, i))
    else:
        yield path, node


SAME_KIND = {
    str: st.one_of(st.text(max_size=30), st.from_regex(r"[a-z0-9]([-a-z0-9.]{0,20}[a-z0-9])?", fullmatch=True),
                   st.sampled_from(HOSTILE)),
    int: st.one_of(st.integers(-5, 100), st.sampled_from([65_535, 65_536, 2**31, -(2**31) - 1, 10**20])),
    bool: st.booleans(),
}


@st.composite
def tweaked(draw):
    """A seed manifest with one to three leaves given another value of the same type, so most
    stay well-formed and reach validation, apply and the controllers."""
    docs = list(yaml.safe_load_all(draw(st.sampled_from(MANIFESTS))))
    leaves = [(i, path, value) for i, doc in enumerate(docs) for path, value in _leaves(doc)]
    for _ in range(draw(st.integers(1, 3))):
        i, path, value = draw(st.sampled_from(leaves))
        node = docs[i]
        for key in path[:-1]:
            node = node[key]
        # Thousands of replicas are valid and only slow (the quotas limit them, not validation).
        kind = st.integers(-5, 50) if path[-1] == "replicas" else SAME_KIND.get(type(value), st.text(max_size=10))
        node[path[-1]] = draw(kind)
    return yaml.safe_dump_all(docs, allow_unicode=True, sort_keys=False)


MANIFEST_TEXT = st.one_of(mutated(MANIFESTS), reshaped(MANIFESTS), tweaked(), tweaked(), st.text(max_size=300))


def assert_every_problem_says_where(diagnostics, text):
    lines = len(text.splitlines()) + 2  # YAML breaks lines at \r and \x85 too
    for d in diagnostics:
        assert isinstance(d.message, str) and d.message.strip(), d
        assert d.severity in ("error", "warning"), d
        assert d.line is None or 1 <= d.line <= lines, (d, lines)
        if d.severity == "error" and not d.code.startswith("limit."):  # a limit is the whole input's
            assert d.line or d.path, f"{d.message!r} names no line and no field"


@FUZZ
@given(MANIFEST_TEXT)
def test_it_checks_any_manifest_with_messages_that_say_where(text):
    with example("manifests: check"):
        assert_every_problem_says_where(fresh_cluster().check(text), text)


@FUZZ
@given(MANIFEST_TEXT)
def test_it_applies_or_refuses_any_manifest_with_a_message(text):
    with example("manifests: apply"):
        cluster = fresh_cluster()
        result = cluster.apply(text)
        assert_every_problem_says_where(result.diagnostics, text)
        if not result.applied:
            assert any(d.severity == "error" for d in result.diagnostics)
        elif result.stderr:
            assert "error" in result.stderr.lower() or "warning" in result.stderr.lower(), result.stderr
        cluster.advance(5)  # whatever was accepted, the controllers take it


def test_it_refuses_an_oversized_manifest_with_its_size():
    text = "# filler\n" * (WEB_MAX_BYTES // 9 + 10)
    diagnostics = fresh_cluster().check(text)
    assert diagnostics and diagnostics[0].severity == "error"
    assert "KiB" in diagnostics[0].message or "bytes" in diagnostics[0].message
