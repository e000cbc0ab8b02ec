"""base64 and xargs."""


def test_base64_round_trips_and_wraps(run):
    assert run("echo -n hello | base64").stdout == "aGVsbG8=\n"
    assert run("echo aGVsbG8= | base64 -d").stdout == "hello"
    assert run("echo aGVsbG8= | base64 --decode").stdout == "hello"
    long = run("seq 100 | base64").stdout
    assert [len(line) for line in long.splitlines()][:2] == [76, 76]
    assert "\n" not in run("seq 100 | base64 -w 0").stdout
    assert run("seq 100 | base64 | base64 -d").stdout == run("seq 100").stdout


def test_base64_reports_invalid_input_as_coreutils(run):
    result = run("echo 'aGVs!bG8=' | base64 -d")
    assert (result.stdout, result.stderr, result.exit_code) == \
        ("hel", "base64: invalid input\n", 1)


def test_xargs_appends_words_to_a_command(shell, run):
    assert run("printf 'a b\\nc\\n' | xargs echo got").stdout == "got a b c\n"
    assert run("printf 'a b c\\n' | xargs -n 2 echo").stdout == "a b\nc\n"
    assert run("printf 'x\\ny\\n' | xargs -I {} echo 'item {}'").stdout == "item x\nitem y\n"
    run("touch f1 f2")
    assert run("ls | xargs rm && ls").stdout == ""
    assert run("echo nosuch | xargs cat").exit_code == 123
