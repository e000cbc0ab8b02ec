"""head, tail, cut, wc, sort, uniq and tr, as GNU coreutils print them."""

import pytest


@pytest.fixture
def lines(shell):
    shell.fs.write("/home/learner/l.txt", "".join(f"line {i}\n" for i in range(1, 13)))
    shell.fs.write("/home/learner/csv", "b,2,x\na,10,y\nc,1,z\na,10,y\n")


@pytest.mark.parametrize("line, output", [
    ("head -n 2 l.txt", "line 1\nline 2\n"),
    ("head -3 l.txt | tail -1", "line 3\n"),
    ("head l.txt | wc -l", "10\n"),
    ("head -n -10 l.txt", "line 1\nline 2\n"),
    ("head -c 4 l.txt", "line"),
    ("tail -n 2 l.txt", "line 11\nline 12\n"),
    ("tail -2 l.txt", "line 11\nline 12\n"),
    ("tail -n +12 l.txt", "line 12\n"),
    ("cut -d, -f1 csv", "b\na\nc\na\n"),
    ("cut -d, -f2,3 csv | head -1", "2,x\n"),
    ("cut -d, -f2- csv | head -1", "2,x\n"),
    ("cut -c1-3 l.txt | head -1", "lin\n"),
    ("echo 'no delimiter' | cut -d, -f2", "no delimiter\n"),
    ("wc -l l.txt", "12 l.txt\n"),
    ("wc -l < l.txt", "12\n"),
    ("echo 'a b c' | wc -w", "3\n"),
    ("echo 'hello' | wc -c", "6\n"),
    ("echo 'a b' | wc", "      1       2       4\n"),
    ("wc l.txt csv", " 12  24  87 l.txt\n  4   4  26 csv\n 16  28 113 total\n"),
    ("sort csv", "a,10,y\na,10,y\nb,2,x\nc,1,z\n"),
    ("sort -u csv", "a,10,y\nb,2,x\nc,1,z\n"),
    ("sort -t, -k2 -n csv", "c,1,z\nb,2,x\na,10,y\na,10,y\n"),
    ("sort -t, -k2 -nr csv | head -1", "a,10,y\n"),
    ("printf '10\\n9\\n100\\n' | sort", "10\n100\n9\n"),
    ("printf '10\\n9\\n100\\n' | sort -n", "9\n10\n100\n"),
    ("sort csv | uniq", "a,10,y\nb,2,x\nc,1,z\n"),
    ("sort csv | uniq -c", "      2 a,10,y\n      1 b,2,x\n      1 c,1,z\n"),
    ("sort csv | uniq -d", "a,10,y\n"),
    ("echo hello | tr a-z A-Z", "HELLO\n"),
    ("echo hello | tr '[:lower:]' '[:upper:]'", "HELLO\n"),
    ("echo 'a  b   c' | tr -s ' '", "a b c\n"),
    ("echo hello | tr -d l", "heo\n"),
    ("printf 'a\\nb\\n' | tr '\\n' ,", "a,b,"),
    ("echo abc | tr abc x", "xxx\n"),
])
def test_it_slices_text(lines, run, line, output):
    assert run(line).stdout == output


@pytest.mark.parametrize("line, message", [
    ("head -n x l.txt", "head: invalid number of lines: 'x'\n"),
    ("tail -n x l.txt", "tail: invalid number of lines: 'x'\n"),
    ("head nofile", "head: cannot open 'nofile' for reading: No such file or directory\n"),
    ("cut -f1 -d,, csv", ("cut: the delimiter must be a single character\n"
                          "Try 'cut --help' for more information.\n")),
    ("cut csv", ("cut: you must specify a list of bytes, characters, or fields\n"
                 "Try 'cut --help' for more information.\n")),
    ("wc nofile", "wc: nofile: No such file or directory\n"),
    ("tr", "tr: missing operand\nTry 'tr --help' for more information.\n"),
])
def test_it_words_errors_as_coreutils(lines, run, line, message):
    result = run(line)
    assert result.stderr == message
    assert result.exit_code == 1


def test_headers_for_several_files(lines, run):
    assert run("head -n1 l.txt csv").stdout == "==> l.txt <==\nline 1\n\n==> csv <==\nb,2,x\n"
