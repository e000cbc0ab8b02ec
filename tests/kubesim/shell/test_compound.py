"""Compound commands: if, while, until, for, groups and subshells."""


def test_if_elif_else(run):
    line = "for n in 1 2 3; do if [ $n = 1 ]; then echo one; elif [ $n = 2 ]; then echo two; " \
           "else echo many; fi; done"
    assert run(line).stdout == "one\ntwo\nmany\n"


def test_while_and_until_count(run):
    assert run("i=0; while [ $i -lt 3 ]; do echo $i; i=$((i+1)); done").stdout == "0\n1\n2\n"
    assert run("i=0; until [ $i -ge 2 ]; do i=$((i+1)); done; echo $i").stdout == "2\n"


def test_for_over_words_and_substitutions(run):
    assert run("for x in a 'b c' $(echo d e); do echo \"<$x>\"; done").stdout == \
        "<a>\n<b c>\n<d>\n<e>\n"


def test_multi_line_loops(run):
    assert run("for i in 1 2\ndo\n  echo $i\ndone").stdout == "1\n2\n"


def test_break_and_continue(run):
    line = "for i in 1 2 3 4 5; do [ $i = 2 ] && continue; [ $i = 4 ] && break; echo $i; done"
    assert run(line).stdout == "1\n3\n"


def test_while_read_consumes_lines_one_by_one(run):
    line = "printf 'a 1\\nb 2\\n' | while read name n; do echo \"$n=$name\"; done"
    assert run(line).stdout == "1=a\n2=b\n"


def test_a_group_runs_in_this_shell_and_takes_redirections(shell, run):
    assert run("{ X=5; echo in; } > g.txt; echo $X").stdout == "5\n"
    assert shell.fs.read("/home/learner/g.txt") == b"in\n"


def test_a_subshell_keeps_its_changes_to_itself(run):
    assert run("X=1; (X=2; cd /tmp; echo $X $PWD); echo $X $PWD").stdout == \
        "2 /tmp\n1 /home/learner\n"


def test_a_loops_output_can_be_piped(run):
    assert run("for i in 3 1 2; do echo $i; done | sort -n | tail -1").stdout == "3\n"
