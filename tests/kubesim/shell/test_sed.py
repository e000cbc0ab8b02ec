"""sed: substitutions, printing, deleting, addresses and in-place edits, on RE2."""

import pytest

LINES = "one\ntwo\nthree\nfour\n"


@pytest.fixture
def numbers(shell):
    shell.fs.write("/home/learner/n.txt", LINES)


@pytest.mark.parametrize("script, output", [
    ("'s/o/0/'", "0ne\ntw0\nthree\nf0ur\n"),
    ("'s/o/0/g'", "0ne\ntw0\nthree\nf0ur\n"),
    ("'s/e/E/2'", "one\ntwo\nthreE\nfour\n"),
    ("-n '2p'", "two\n"),
    ("-n '$p'", "four\n"),
    ("'2d'", "one\nthree\nfour\n"),
    ("'2,3d'", "one\nfour\n"),
    ("-n '/^t/p'", "two\nthree\n"),
    ("'/two/,/three/d'", "one\nfour\n"),
    ("'/o/!d'", "one\ntwo\nfour\n"),
    ("-e 's/one/1/' -e 's/two/2/'", "1\n2\nthree\nfour\n"),
    ("'s/one/1/; s/four/4/'", "1\ntwo\nthree\n4\n"),
    ("-E 's/(t)(w|h)/\\2\\1/'", "one\nwto\nhtree\nfour\n"),
    ("'s/\\(o\\)/[\\1]/'", "[o]ne\ntw[o]\nthree\nf[o]ur\n"),
    ("'s/.*/<&>/'", "<one>\n<two>\n<three>\n<four>\n"),
    ("'s|o|/|g'", "/ne\ntw/\nthree\nf/ur\n"),
    ("'2q'", "one\ntwo\n"),
    ("-n '$='", "4\n"),
    ("'y/otw/OTW/'", "One\nTWO\nThree\nfOur\n"),
    ("'1i\\\nfirst'", "first\none\ntwo\nthree\nfour\n"),
    ("'$a end'", "one\ntwo\nthree\nfour\nend\n"),
    ("-n 's/two/2/p'", "2\n"),
    ("'s/O/0/gI'", "0ne\ntw0\nthree\nf0ur\n"),
])
def test_it_edits_streams(numbers, run, script, output):
    assert run(f"sed {script} n.txt").stdout == output


def test_it_edits_files_in_place(shell, numbers, run):
    assert run("sed -i 's/two/2/' n.txt").stdout == ""
    assert shell.fs.read("/home/learner/n.txt") == b"one\n2\nthree\nfour\n"
    run("sed -i.bak -e '1d' n.txt")
    assert shell.fs.read("/home/learner/n.txt") == b"2\nthree\nfour\n"


def test_it_edits_a_manifest_in_a_pipeline(run):
    line = "printf 'image: nginx:1.25\\nreplicas: 1\\n' | sed -e 's/1.25/1.27/' -e 's/: 1$/: 3/'"
    assert run(line).stdout == "image: nginx:1.27\nreplicas: 3\n"


def test_it_reports_script_errors_as_gnu(run):
    result = run("sed 's/a/b' /dev/null")
    assert result.stderr == "sed: -e expression #1, char 5: unterminated `s' command\n"
    assert result.exit_code == 1
    assert run("sed k /dev/null").stderr == "sed: -e expression #1, char 1: unknown command: `k'\n"


def test_it_reports_an_unreadable_file(run):
    result = run("sed p nofile")
    assert result.stderr == "sed: can't read nofile: No such file or directory\n"
    assert result.exit_code == 2
