"""grep, with GNU grep's options, output and exit statuses."""

import pytest

PODS = "NAME READY STATUS\nweb-1 1/1 Running\nweb-2 0/1 CrashLoopBackOff\ndb-1 1/1 Running\n"


@pytest.fixture
def pods(shell):
    shell.fs.write("/home/learner/pods.txt", PODS)


@pytest.mark.parametrize("line, output", [
    ("grep Running pods.txt", "web-1 1/1 Running\ndb-1 1/1 Running\n"),
    ("grep -i running pods.txt", "web-1 1/1 Running\ndb-1 1/1 Running\n"),
    ("grep -v Running pods.txt", "NAME READY STATUS\nweb-2 0/1 CrashLoopBackOff\n"),
    ("grep -c web pods.txt", "2\n"),
    ("grep -n db pods.txt", "4:db-1 1/1 Running\n"),
    ("grep -o 'web-[0-9]' pods.txt", "web-1\nweb-2\n"),
    ("grep -E 'web|db' pods.txt | wc -l", "3\n"),
    ("grep 'web\\|db' pods.txt | wc -l", "3\n"),
    ("grep -F '1/1' pods.txt | wc -l", "2\n"),
    ("grep -w we pods.txt", ""),
    ("grep -cw web pods.txt", "2\n"),
    ("grep -w 'web-1' pods.txt", "web-1 1/1 Running\n"),
    ("grep -x 'db-1 1/1 Running' pods.txt", "db-1 1/1 Running\n"),
    ("grep '^web' pods.txt | grep -c 'Off$'", "1\n"),
    ("grep 'a\\{2\\}' <<< 'baa'", "baa\n"),
    ("grep -E 'a{2}' <<< 'baa'", "baa\n"),
    ("grep 'a+' <<< 'a+'", "a+\n"),
    ("grep -e web -e NAME pods.txt | wc -l", "3\n"),
    ("grep -o '[[:digit:]]/[[:digit:]]' pods.txt | sort -u", "0/1\n1/1\n"),
    ("grep -l Running pods.txt /dev/null", "pods.txt\n"),
])
def test_it_selects_lines(pods, run, line, output):
    assert run(line).stdout == output


def test_it_answers_with_the_exit_status(pods, run):
    assert run("grep -q Running pods.txt").exit_code == 0
    assert run("grep -q Pending pods.txt").exit_code == 1
    assert run("grep -q Running pods.txt").stdout == ""


def test_it_reports_a_missing_file_with_status_2(pods, run):
    result = run("grep web nofile pods.txt")
    assert result.stderr == "grep: nofile: No such file or directory\n"
    assert result.stdout == "pods.txt:web-1 1/1 Running\npods.txt:web-2 0/1 CrashLoopBackOff\n"
    assert result.exit_code == 2
    assert run("grep -s web nofile").stderr == ""


def test_it_searches_directories_recursively(shell, run):
    shell.fs.write("/home/learner/k8s/app/deploy.yaml", "kind: Deployment\n", parents=True)
    shell.fs.write("/home/learner/k8s/svc.yaml", "kind: Service\n")
    assert run("grep -r kind k8s").stdout == \
        "k8s/app/deploy.yaml:kind: Deployment\nk8s/svc.yaml:kind: Service\n"
    assert run("cd k8s; grep -rh kind").stdout == "kind: Deployment\nkind: Service\n"
    assert run("cd; grep kind k8s").stderr == "grep: k8s: Is a directory\n"


def test_it_prints_usage_without_a_pattern(run):
    result = run("grep")
    assert result.exit_code == 2
    assert result.stderr == "Usage: grep [OPTION]... PATTERNS [FILE]...\n" \
                            "Try 'grep --help' for more information.\n"


def test_it_refuses_an_unknown_option_as_gnu(run):
    result = run("grep -Z x")
    assert result.stderr.startswith("grep: invalid option -- 'Z'\n")
    assert result.exit_code == 2


@pytest.mark.parametrize("line, output", [
    ("seq 1 9 | grep -A1 3", "3\n4\n"),
    ("seq 1 9 | grep -B2 3", "1\n2\n3\n"),
    ("seq 1 9 | grep -A1 -e 2 -e 6", "2\n3\n--\n6\n7\n"),
    ("seq 1 9 | grep -C1 -e 2 -e 4", "1\n2\n3\n4\n5\n"),
    ("seq 1 9 | grep -n -A1 5", "5:5\n6-6\n"),
    ("seq 1 20 | grep -m2 1", "1\n10\n"),
])
def test_it_prints_context_lines_as_gnu_grep(run, line, output):
    assert run(line).stdout == output


def test_it_refuses_a_context_length_that_is_not_a_number(run):
    result = run("grep -A x 1 /dev/null")
    assert result.exit_code == 2
    assert result.stderr.startswith("grep: x: invalid context length argument\n")
