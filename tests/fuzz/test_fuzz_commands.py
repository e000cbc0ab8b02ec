"""The terminal's command language on generated and mutated command lines: quotes, pipes,
heredocs, escapes, very long words and control characters. The shell never raises (a tool's
exception is let through here, so it fails the test), never hangs, and a refused kubectl
command says why."""

from hypothesis import given
from hypothesis import strategies as st

from kubesim.cluster import MAX_LINE
from tests.fuzz.clusters import fresh_cluster
from tests.fuzz.harness import FUZZ, HOSTILE, example, mutated
from tests.fuzz.seeds import COMMANDS

WORDS = [
    "kubectl", "get", "describe", "apply", "create", "delete", "edit", "label", "annotate", "scale",
    "rollout", "set", "patch", "wait", "logs", "exec", "run", "expose", "cordon", "drain", "explain",
    "pods", "deployment", "deploy/web", "svc", "nodes", "all", "web", "kind-worker", "-o", "yaml",
    "json", "wide", "jsonpath={.items[*].metadata.name}", "-n", "kube-system", "-A", "-l", "app=web",
    "-f", "-", "--replicas=3", "--image=nginx", "--", "sh", "-c", "echo", "cat", "grep", "sed",
    "awk", "sort", "head", "tail", "wc", "cut", "tr", "printf", "export", "cd", "ls", "mkdir", "rm",
    "touch", "true", "false", "test", "sleep", "1", "0", "-1", "999999999", "x=1", "$x", "${x}",
    "$(date)", "`id`", "'a b'", '"$HOME"', "*", "?", "~", "cluster", "node", "stop", "curl",
    "nslookup", "crictl", "base64", "jq", "yes", "seq", "history", "env", "alias", "type", "which",
]
OPERATORS = [" ", " ", " ", " | ", " && ", " || ", "; ", " > f ", " >> f ", " < f ", " 2>&1 ", " & ",
             "\n", " <<EOF\nx\nEOF\n", " $(", ") ", " ( ", " ) ", " { ", "; } "]


@st.composite
def generated(draw):
    """A command line built from the shell's and kubectl's words joined by operators."""
    parts = []
    for _ in range(draw(st.integers(1, 14))):
        parts.append(draw(st.sampled_from(WORDS + HOSTILE)))
        parts.append(draw(st.sampled_from(OPERATORS)))
    return "".join(parts)


LINES = st.one_of(mutated(COMMANDS), mutated(COMMANDS), generated(), st.text(max_size=200))
KUBECTL = st.lists(st.one_of(st.sampled_from(WORDS[:60]), st.text(max_size=15)), min_size=1, max_size=8)


@FUZZ
@given(LINES)
def test_it_runs_any_command_line_without_raising_or_hanging(line):
    with example("commands: shell"):
        result = fresh_cluster().run(line)
        assert isinstance(result.stdout, str) and isinstance(result.stderr, str)
        assert 0 <= result.exit_code <= 255
        if result.exit_code == 2 and not result.stdout:
            assert result.stderr.strip(), "a usage or syntax error with no message"


@FUZZ
@given(KUBECTL)
def test_a_refused_kubectl_command_says_why(words):
    import shlex

    line = "kubectl " + " ".join(shlex.quote(w) for w in words)
    with example("commands: kubectl"):
        result = fresh_cluster().run(line)
        if result.exit_code != 0:
            assert result.stderr.strip(), f"{line!r} failed with no message"


def test_it_refuses_an_overlong_line_with_the_limit():
    result = fresh_cluster().run("echo " + "a" * MAX_LINE)
    assert result.exit_code == 1 and "the limit is 10,000" in result.stderr
