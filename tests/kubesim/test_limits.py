"""Each limit of DESIGN.md's limits table, as a learner meets it: refused, quickly, with a
message that says which limit and by how much."""

import time

import pytest

from kubesim.cluster import Cluster

# Generous: these inputs are refused in milliseconds; the bound only catches a hang.
FAST = 2.0


@pytest.fixture(scope="module")
def cluster():
    return Cluster()


def timed_run(cluster, line: str, stdin: str = ""):
    start = time.perf_counter()
    result = cluster.run(line, stdin)
    return result, time.perf_counter() - start


def config_map(name: str, size: int = 10) -> str:
    return f"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: {name}}}\ndata:\n  big: \"{'x' * size}\"\n"


def test_it_refuses_a_web_apply_over_256_kib(cluster):
    result = cluster.apply(config_map("big", 300_000))
    assert not result.applied
    assert [d.message for d in result.diagnostics] == ["input too large: more than 256 KiB"]


def test_it_lets_the_command_line_apply_up_to_1_mib():
    cli = Cluster()
    cli.apply_limit = 1024 * 1024
    assert cli.run("kubectl apply -f -", config_map("big", 300_000)).stdout == "configmap/big created\n"
    result = cli.run("kubectl apply -f -", config_map("huge", 1_100_000))
    assert result.stderr == "error: error reading STDIN: input too large: more than 1 MiB\n"


def test_it_refuses_a_10_mb_paste_in_milliseconds(cluster):
    result, seconds = timed_run(cluster, "kubectl apply -f -", "a: b\n" * 2_000_000)
    assert "input too large" in result.stderr and result.exit_code == 1
    assert seconds < FAST


def test_it_refuses_more_than_50_documents(cluster):
    docs = "---\n".join(config_map(f"c{i}") for i in range(51))
    result = cluster.run("kubectl apply -f -", docs)
    assert result.stderr == "error: error reading STDIN: too many YAML documents: 51 (the limit is 50)\n"
    assert cluster.run("kubectl get cm c0").exit_code == 1


def test_it_refuses_100000_levels_of_nesting_in_milliseconds(cluster):
    result, seconds = timed_run(cluster, "kubectl apply -f -", "[" * 100_000)
    assert result.stderr == ("error: error parsing STDIN: error converting YAML to JSON: yaml: "
                             "nesting too deep: more than 64 levels\n") or "more than 64 levels" in result.stderr
    assert seconds < FAST


def test_it_refuses_an_alias_bomb_in_milliseconds(cluster):
    bomb = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi"))
    result, seconds = timed_run(cluster, "kubectl apply -f -", bomb)
    assert "too many aliases: expanding them makes more than 10000 nodes" in result.stderr
    assert seconds < FAST


def test_it_allows_aliases_and_merge_keys_within_the_budget(cluster):
    manifest = """apiVersion: v1
kind: ConfigMap
metadata: &meta
  name: shared
  labels: &labels {app: web}
data:
  <<: {colour: blue}
  size: large
"""
    assert cluster.run("kubectl apply -f -", manifest).stdout == "configmap/shared created\n"
    assert cluster.run("kubectl get cm shared -o jsonpath={.data.colour}").stdout == "blue"


def test_it_refuses_duplicate_mapping_keys_with_both_lines(cluster):
    result = cluster.run("kubectl apply -f -", "apiVersion: v1\nkind: ConfigMap\nkind: ConfigMap\n")
    assert 'line 3: mapping key "kind" already defined at line 2' in result.stderr


def test_it_refuses_a_command_line_over_10000_characters(cluster):
    result = cluster.run("echo " + "x" * 10_000)
    assert result.exit_code == 1
    assert result.stderr == "error: the command line is 10,005 characters long; the limit is 10,000\n"


def test_it_runs_learner_patterns_in_linear_time(cluster):
    cluster.run("printf 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!' > evil.txt")
    result, seconds = timed_run(cluster, "grep -E '(a+)+b' evil.txt; sed -E 's/(a|aa)+$/x/' evil.txt")
    assert result.stdout == "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"  # sed keeps the missing newline
    assert seconds < FAST


def test_it_stops_an_endless_loop_with_a_step_budget(cluster):
    result, seconds = timed_run(cluster, "while true; do echo x > /dev/null; done")
    assert "stopped after 10,000 steps" in result.stderr
    assert seconds < FAST
