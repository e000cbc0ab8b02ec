"""Bash syntax the example manifests' scripts use inside containers: arrays, `[[ ]]` with
`=~` and BASH_REMATCH, `$(<file)` and `exec` (the mysql StatefulSet, the indexed Job)."""

import pytest

from kubesim.shell.interp import Shell
from kubesim.shell.lexer import ShellSyntaxError
from kubesim.shell.parser import parse

from .helpers import cluster, pod


def run(line: str) -> tuple[str, str, int]:
    result = Shell(name="bash").run(line)
    return result.stdout, result.stderr, result.exit_code


def test_it_indexes_counts_and_lists_bash_arrays():
    assert run("items=(foo bar baz qux xyz); i=3; echo ${items[$i]} ${items[i-1]} ${#items[@]}")[0] == \
        "qux baz 5\n"
    assert run("a=(x y); echo ${a[@]} $a ${a[7]}.")[0] == "x y x .\n"


def test_it_matches_regular_expressions_in_double_brackets_and_keeps_the_groups():
    script = "h=mysql-12\n[[ $h =~ -([0-9]+)$ ]] || exit 1\nordinal=${BASH_REMATCH[1]}\necho $((100 + $ordinal))"
    assert run(script)[0] == "112\n"
    assert run("[[ mysql =~ -([0-9]+)$ ]]; echo $?")[0] == "1\n"
    line = "[[ 'bin.001 42' =~ ^(.*?)[[:space:]]+(.*?)$ ]] && echo \"${BASH_REMATCH[1]}|${BASH_REMATCH[2]}\""
    assert run(line)[0] == "bin.001|42\n"


def test_it_evaluates_double_bracket_tests_and_short_circuits():
    assert run("[[ -d / && ! -f /nope ]] && echo yes")[0] == "yes\n"
    assert run("x=abc; [[ $x == a* ]] && echo glob; [[ $x == \"a*\" ]] || echo literal")[0] == "glob\nliteral\n"
    assert run("[[ 2 -gt 10 ]] || echo no; [[ b > a ]] && echo after")[0] == "no\nafter\n"
    # The right side of && is not evaluated when the left decides: no error for the missing file.
    assert run('if [[ -f x && "x$(<x)" != "x" ]]; then echo a; else echo b; fi') == ("b\n", "", 0)
    assert run('echo hi > x; echo "$(<x)"')[0] == "hi\n"


def test_it_replaces_the_shell_with_exec():
    assert run("exec echo hi; echo never") == ("hi\n", "", 0)
    assert run("(exec false); echo $?")[0] == "1\n"


def test_it_reports_an_unterminated_double_bracket():
    with pytest.raises(ShellSyntaxError):
        parse("[[ -f x")


def test_it_runs_the_indexed_job_script_in_a_container():
    c = cluster()
    script = "items=(foo bar baz qux xyz)\necho ${items[$JOB_COMPLETION_INDEX]} | rev"
    c.api.create({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "idx", "namespace": "default"},
                  "spec": {"restartPolicy": "Never", "containers": [{
                      "name": "c", "image": "bash", "env": [{"name": "JOB_COMPLETION_INDEX", "value": "2"}],
                      "command": ["bash", "-c", script]}]}})
    c.advance(20)
    assert c.run("kubectl logs idx").stdout == "zab\n"
    assert pod(c, "idx")["status"]["phase"] == "Succeeded"
