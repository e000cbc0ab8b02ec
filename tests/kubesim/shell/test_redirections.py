"""Redirections write into and read from the virtual filesystem."""


def test_it_writes_and_appends(shell, run):
    run("echo one > out.txt; echo two >> out.txt")
    assert shell.fs.read("/home/learner/out.txt") == b"one\ntwo\n"
    run("echo three > out.txt")
    assert shell.fs.read("/home/learner/out.txt") == b"three\n"


def test_it_reads_standard_input_from_a_file(shell, run):
    shell.fs.write("/home/learner/in.txt", "b\na\n")
    assert run("sort < in.txt").stdout == "a\nb\n"


def test_it_sends_errors_where_asked(shell, run):
    result = run("cat nofile 2> err.txt")
    assert result.stderr == ""
    assert shell.fs.read("/home/learner/err.txt") == b"cat: nofile: No such file or directory\n"
    assert run("cat nofile 2>&1").stdout == "cat: nofile: No such file or directory\n"
    assert run("cat nofile 2>/dev/null").stderr == ""


def test_order_matters_for_duplication_as_in_bash(shell, run):
    result = run("cat nofile 2>&1 > out.txt")
    assert result.stderr == ""
    assert result.stdout == "cat: nofile: No such file or directory\n"
    assert shell.fs.read("/home/learner/out.txt") == b""
    result = run("cat nofile > both.txt 2>&1")
    assert result.stdout == ""
    assert shell.fs.read("/home/learner/both.txt") == b"cat: nofile: No such file or directory\n"


def test_it_sends_both_streams_with_ampersand(shell, run):
    run("{ echo out; echo err >&2; } &> all.txt")
    assert shell.fs.read("/home/learner/all.txt") == b"out\nerr\n"


def test_it_feeds_a_here_string(run):
    assert run("base64 -d <<< aGVsbG8=").stdout == "hello"
    assert run("X=world; cat <<< \"hello $X\"").stdout == "hello world\n"


def test_it_reports_a_missing_input_file_as_bash(run):
    result = run("sort < nofile")
    assert result.stderr == "bash: nofile: No such file or directory\n"
    assert result.exit_code == 1


def test_it_refuses_to_write_into_a_missing_directory(run):
    result = run("echo x > nodir/file")
    assert result.stderr == "bash: nodir/file: No such file or directory\n"
    assert result.exit_code == 1


def test_it_reports_an_ambiguous_redirect(run):
    assert run("echo x > $NOWHERE").stderr == "bash: $NOWHERE: ambiguous redirect\n"


def test_dev_null_reads_empty(run):
    assert run("cat /dev/null; echo done").stdout == "done\n"
