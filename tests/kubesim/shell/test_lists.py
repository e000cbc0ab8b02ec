"""Lists and pipelines: `;`, `&&`, `||`, `|`, `!` and their exit statuses."""


def test_and_runs_the_second_only_after_success(run):
    assert run("true && echo yes").stdout == "yes\n"
    assert run("false && echo yes").stdout == ""
    assert run("false && echo yes").exit_code == 1


def test_or_runs_the_second_only_after_failure(run):
    assert run("false || echo fallback").stdout == "fallback\n"
    assert run("true || echo fallback").stdout == ""


def test_and_or_chains_left_to_right(run):
    assert run("false && echo a || echo b").stdout == "b\n"
    assert run("true && false || echo c && echo d").stdout == "c\nd\n"


def test_a_sequence_returns_the_last_status(run):
    assert run("false; true").exit_code == 0
    assert run("true; false").exit_code == 1


def test_a_pipeline_returns_its_last_commands_status(run):
    assert run("false | true").exit_code == 0
    assert run("true | false").exit_code == 1
    assert run("! true").exit_code == 1
    assert run("! grep x <<< y").exit_code == 0


def test_pipes_pass_bytes_along(run):
    assert run("printf 'c\\nb\\na\\n' | sort | head -n 2 | tr a-z A-Z").stdout == "A\nB\n"


def test_each_part_of_a_pipeline_runs_in_a_subshell(run):
    assert run("X=1; X=2 | true; echo $X; cd /tmp | true; pwd").stdout == "1\n/home/learner\n"


def test_an_unknown_command_answers_127(run):
    result = run("kubeclt get pods")
    assert result.stderr == "bash: kubeclt: command not found\n"
    assert result.exit_code == 127


def test_it_stops_the_line_at_exit(run):
    result = run("echo before; exit 3; echo after")
    assert result.stdout == "before\n"
    assert result.exit_code == 3
