"""Lines the shell refuses, worded as bash words them, with exit status 2."""

import pytest

from kubesim.shell import MAX_LINE


@pytest.mark.parametrize("line, message", [
    ("| grep x", "bash: syntax error near unexpected token `|'\n"),
    ("echo a ;; echo b", "bash: syntax error near unexpected token `;;'\n"),
    ("echo a && && echo b", "bash: syntax error near unexpected token `&&'\n"),
    ("; echo", "bash: syntax error near unexpected token `;'\n"),
    ("echo )", "bash: syntax error near unexpected token `)'\n"),
    ("echo >", "bash: syntax error near unexpected token `newline'\n"),
    ("echo > | cat", "bash: syntax error near unexpected token `|'\n"),
    ("if true; then fi", "bash: syntax error near unexpected token `fi'\n"),
    ("done", "bash: syntax error near unexpected token `done'\n"),
    ("for 1 in a; do echo; done", "bash: `1': not a valid identifier\n"),
    ("echo 'unclosed", "bash: unexpected EOF while looking for matching `''\n"),
    ('echo "unclosed', "bash: unexpected EOF while looking for matching `\"'\n"),
    ("echo $(date", "bash: unexpected EOF while looking for matching `)'\n"),
    ("echo `date", "bash: unexpected EOF while looking for matching ``'\n"),
    ("if true; then echo", "bash: syntax error: unexpected end of file\n"),
    ("echo a |", "bash: syntax error: unexpected end of file\n"),
])
def test_it_words_syntax_errors_as_bash(run, line, message):
    result = run(line)
    assert (result.stdout, result.stderr, result.exit_code) == ("", message, 2)


def test_a_syntax_error_runs_nothing(shell, run):
    run("echo x > made.txt; echo 'oops")
    assert not shell.fs.exists("/home/learner/made.txt")


def test_it_refuses_a_line_over_the_limit(run):
    result = run("echo " + "x" * MAX_LINE)
    assert result.exit_code == 2
    assert result.stderr == "bash: command line too long: 10,005 characters (the limit is " \
                            "10,000)\n"


def test_it_accepts_a_line_at_the_limit(run):
    line = "echo " + "x" * (MAX_LINE - 5)
    assert run(line).exit_code == 0


def test_deep_nesting_is_refused_not_a_crash(run):
    result = run("(" * 500 + "true" + ")" * 500)
    assert result.exit_code == 2
    assert "nesting too deep" in result.stderr
