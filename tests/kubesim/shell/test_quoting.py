"""Quoting decides what a word is, as in bash."""

import pytest


@pytest.mark.parametrize("line, output", [
    ("echo 'single $HOME \\n'", "single $HOME \\n\n"),
    ('echo "double $HOME"', "double /home/learner\n"),
    ('echo "a   b"  c', "a   b c\n"),
    ("echo a\\ b", "a b\n"),
    ("echo \\$HOME", "$HOME\n"),
    ('echo "\\$HOME \\" \\\\ \\x"', '$HOME " \\ \\x\n'),
    ("echo 'it'\\''s'", "it's\n"),
    ('echo "it\'s"', "it's\n"),
    ("echo ''", "\n"),
    ("echo a''b", "ab\n"),
    ('echo "$(echo "inner quotes")"', "inner quotes\n"),
    ("echo '#not a comment'", "#not a comment\n"),
    ("echo a#b", "a#b\n"),
    ("echo a # a comment", "a\n"),
    ("echo '~' \"~\" ~", "~ ~ /home/learner\n"),
    ("echo \"line1\nline2\"", "line1\nline2\n"),
])
def test_it_quotes_as_bash_does(run, line, output):
    assert run(line).stdout == output


def test_it_keeps_empty_quoted_arguments(run):
    assert run("printf '[%s]' a '' b").stdout == "[a][][b]"


def test_it_drops_empty_unquoted_expansions(run):
    assert run("printf '[%s]' a $NOTHING b").stdout == "[a][b]"


def test_it_splits_unquoted_expansions_on_blanks(run):
    assert run("X='1  2   3'; printf '[%s]' $X").stdout == "[1][2][3]"
    assert run("X='1  2   3'; printf '[%s]' \"$X\"").stdout == "[1  2   3]"


def test_it_continues_a_line_after_a_backslash_newline(run):
    assert run("echo one \\\ntwo").stdout == "one two\n"
