"""Submissions: scripts of command lines (here-documents kept whole) and sandbox logs."""

import pytest

from labs.grading.submission import SubmissionError, from_log, normalise, parse_script


def test_it_keeps_a_here_document_with_its_command():
    script = "# apply it\nkubectl apply -f - <<'EOF'\nkind: Pod\n# not a comment here\nEOF\n\nkubectl get pods\n"
    assert parse_script(script) == [
        {"t": None, "line": "kubectl apply -f - <<'EOF'\nkind: Pod\n# not a comment here\nEOF", "stdin": ""},
        {"t": None, "line": "kubectl get pods", "stdin": ""},
    ]


def test_it_joins_continued_lines_and_ignores_quoted_arrows():
    assert [e["line"] for e in parse_script("echo '<<EOF' \\\n  done\nls")] == ["echo '<<EOF'   done", "ls"]


def test_it_makes_log_times_relative_to_the_lab_start():
    log = [{"t": 5000, "line": "kubectl get pods", "stdin": ""}, {"t": 9000, "line": None, "stdin": ""},
           {"t": 12000, "line": "kubectl apply -f -", "stdin": "kind: Pod\n"}]
    assert from_log(log, start_ms=4000) == [
        {"t": 1000, "line": "kubectl get pods", "stdin": ""},
        {"t": 8000, "line": "kubectl apply -f -", "stdin": "kind: Pod\n"},
    ]


def test_it_refuses_malformed_entries():
    with pytest.raises(SubmissionError, match="entry 2: 't' must be whole milliseconds"):
        normalise([{"line": "ls"}, {"line": "ls", "t": -5}])
