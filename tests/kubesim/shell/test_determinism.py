"""Same input, same output: no real time, files, environment or randomness."""

import json
import os
import pickle

from kubesim.shell import Shell, VirtualFS, parse

SCRIPT = """
mkdir -p work && cd work
for i in $(seq 5); do echo "line $i $((i * i))" >> data.txt; done
awk '{s += $3} END {print s, rand()}' data.txt
ls -l
date
sleep 1h
date -u +%Y-%m-%dT%H:%M:%SZ
env | sort
"""


def test_two_shells_give_identical_results():
    first, second = Shell(env={"USER": "learner"}), Shell(env={"USER": "learner"})
    assert first.run(SCRIPT) == second.run(SCRIPT)
    assert first.snapshot() == second.snapshot()


def test_the_environment_is_only_what_was_given(run):
    os.environ["KUBELAB_SHOULD_NOT_LEAK"] = "1"
    try:
        assert "KUBELAB_SHOULD_NOT_LEAK" not in run("env").stdout
    finally:
        del os.environ["KUBELAB_SHOULD_NOT_LEAK"]


def test_the_clock_starts_at_the_virtual_epoch(run):
    assert run("date").stdout == "Thu Jan  1 00:00:00 UTC 2026\n"


def test_an_injected_clock_is_used():
    shell = Shell(clock=lambda: 1_767_225_600 + 86400 * 31 + 3661.25)
    assert shell.run("date -u '+%Y-%m-%d %H:%M:%S.%N %s'").stdout == \
        "2026-02-01 01:01:01.250000000 1769907661\n"


def test_the_syntax_tree_is_plain_data():
    tree = parse("a=1 b=$(echo x) cmd 'q' \"$v\" 2>&1 | grep -v y && { echo; } || (echo)\n"
                 "for i in 1; do while false; do :; done; done; cat <<EOF\nbody $x\nEOF")
    assert parse("echo hi") == parse("echo hi")
    assert pickle.loads(pickle.dumps(tree)) == tree
    assert hash(tree) == hash(pickle.loads(pickle.dumps(tree)))


def test_a_shell_snapshot_round_trips_through_json(shell, run):
    run("mkdir -p d; echo data > d/f; export MODE=test; cd d")
    state = json.loads(json.dumps(shell.snapshot()))
    other = Shell()
    other.restore(state)
    assert other.run("pwd; cat f; echo $MODE; env | grep MODE").stdout == \
        "/home/learner/d\ndata\ntest\nMODE=test\n"


def test_a_filesystem_snapshot_round_trips(shell, run):
    run("mkdir -p a/b; printf '\\x00\\xff' > a/b/bin; chmod 755 a/b/bin")
    snap = shell.fs.snapshot()
    restored = VirtualFS.restore(json.loads(json.dumps(snap)))
    assert restored.snapshot() == snap
    assert restored.read("/home/learner/a/b/bin") == b"\x00\xff"
