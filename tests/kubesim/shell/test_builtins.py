"""Shell builtins and the small commands: cd, export, env, unset, read, echo, printf, test."""

import pytest


def test_cd_moves_and_reports_errors_as_bash(run):
    assert run("cd /tmp && pwd && cd .. && pwd && cd && pwd").stdout == \
        "/tmp\n/\n/home/learner\n"
    assert run("cd /nowhere").stderr == "bash: cd: /nowhere: No such file or directory\n"
    assert run("touch f; cd f").stderr == "bash: cd: f: Not a directory\n"
    assert run("cd a b").stderr == "bash: cd: too many arguments\n"


def test_cd_dash_returns_and_prints(run):
    assert run("cd /tmp; cd -; cd -").stdout == "/home/learner\n/tmp\n"


def test_export_env_and_unset(run):
    assert run("export A=1 B; env | grep -E '^(A|HOME)='").stdout == "A=1\nHOME=/home/learner\n"
    assert run("unset A; echo \"[$A]\"").stdout == "[]\n"
    assert run("export 1x=2").stderr == "bash: export: `1x=2': not a valid identifier\n"


def test_env_runs_a_command_with_extra_variables(run):
    assert run("env GREETING=hi sh -c 'echo $GREETING'").stdout == "hi\n"


@pytest.mark.parametrize("line, output", [
    ("echo -n a; echo b", "ab\n"),
    ("echo -e 'a\\tb\\nc'", "a\tb\nc\n"),
    ("echo -e 'stop\\cnever'", "stop"),
    ("echo -x", "-x\n"),
    ("echo 'a\\tb'", "a\\tb\n"),
    ("printf '%s=%d\\n' a 1 b 2", "a=1\nb=2\n"),
    ("printf '%5s|%-5s|%05.1f|%x|%o|%%\\n' ab cd 3.14159 255 8", "   ab|cd   |003.1|ff|10|%\n"),
    ("printf '%b' 'x\\ty\\n'", "x\ty\n"),
    ("printf '%c%c\\n' hello world", "hw\n"),
    ("printf 'no newline'", "no newline"),
    ("printf '%d\\n' \"'A\"", "65\n"),
])
def test_echo_and_printf(run, line, output):
    assert run(line).stdout == output


def test_printf_reports_a_bad_number(run):
    result = run("printf '%d\\n' abc")
    assert (result.stdout, result.stderr, result.exit_code) == \
        ("0\n", "bash: printf: abc: invalid number\n", 1)


@pytest.mark.parametrize("line, status", [
    ("test -z ''", 0), ("test -n ''", 1), ("[ a = a ]", 0), ("[ a != a ]", 1),
    ("[ 2 -gt 10 ]", 1), ("[ 2 -lt 10 ]", 0), ("[ ! -e /nope ]", 0), ("[ -d /tmp ]", 0),
    ("[ -f /tmp ]", 1), ("[ 1 -eq 1 -a 2 -eq 3 ]", 1), ("[ 1 -eq 1 -o 2 -eq 3 ]", 0),
    ("[ \\( a = b \\) -o c = c ]", 0), ("[ ]", 1), ("[ word ]", 0),
])
def test_test_and_brackets(run, line, status):
    assert run(line).exit_code == status


def test_test_errors_as_bash(run):
    assert run("[ 1 -eq 1").stderr == "bash: [: missing `]'\n"
    result = run("[ x -eq 1 ]")
    assert (result.stderr, result.exit_code) == ("bash: [: x: integer expression expected\n", 2)


def test_read_splits_fields_and_fails_at_end_of_input(run):
    assert run("read a b <<< 'one two three'; echo \"$a|$b\"").stdout == "one|two three\n"
    assert run("read line < /dev/null; echo $?").stdout == "1\n"
    assert run("printf 'x\\\\y\\n' | { read -r v; echo $v; }").stdout == "x\\y\n"


def test_true_false_and_colon(run):
    assert [run(c).exit_code for c in ("true", "false", ":")] == [0, 1, 0]


def test_seq(run):
    assert run("seq 3").stdout == "1\n2\n3\n"
    assert run("seq 2 2 7").stdout == "2\n4\n6\n"
    assert run("seq 3 -1 1").stdout == "3\n2\n1\n"
    assert run("seq -s, 3").stdout == "1,2,3\n"
    assert run("seq -w 8 10").stdout == "08\n09\n10\n"
    assert run("seq 0.5 0.5 1.5").stdout == "0.5\n1.0\n1.5\n"
    assert run("seq x").stderr == "seq: invalid floating point argument: 'x'\n" \
                                  "Try 'seq --help' for more information.\n"


def test_date_formats_the_virtual_clock(run):
    assert run("date").stdout == "Thu Jan  1 00:00:00 UTC 2026\n"
    assert run("date +%Y-%m-%d").stdout == "2026-01-01\n"
    assert run("date -u +%s").stdout == "1767225600\n"
    assert run("date -d @0 +%F").stdout == "1970-01-01\n"


def test_clear_sends_the_terminal_reset(run):
    assert run("clear").stdout == "\x1b[H\x1b[2J\x1b[3J"
