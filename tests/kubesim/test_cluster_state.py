"""A cluster is its seed, its world and its command log: snapshots, replay and determinism."""

import os
import subprocess
import sys
from pathlib import Path

from kubesim.cluster import Cluster

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = [
    "kubectl version",
    "sleep 45s",
    "date",
    "echo hello > note.txt && cat note.txt",
    "kubectl cluster-info",
]


def _cli(state: Path, *words: str, hashseed: str = "0") -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONHASHSEED": hashseed}
    return subprocess.run([sys.executable, "-m", "kubesim", "--state", str(state), *words], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60, check=False)


def test_it_reaches_the_same_snapshot_when_the_log_is_replayed():
    cluster = Cluster(seed=7)
    for line in SCENARIO:
        cluster.run(line)
    cluster.advance(30)
    assert cluster.verify()


def test_it_resumes_from_a_snapshot_as_if_it_had_never_stopped():
    straight = Cluster(seed=3)
    resumed = Cluster(seed=3)
    for line in SCENARIO[:3]:
        straight.run(line)
        resumed.run(line)
    resumed = Cluster.from_bytes(resumed.to_bytes())
    outputs = [(straight.run(line), resumed.run(line)) for line in SCENARIO[3:]]
    assert all(a == b for a, b in outputs)
    assert straight.snapshot() == resumed.snapshot()


def test_it_keeps_virtual_time_between_command_line_runs(tmp_path):
    state = tmp_path / "c.state"
    assert _cli(state, "sleep", "2m").returncode == 0
    assert _cli(state, "date").stdout == "Thu Jan  1 00:02:00 UTC 2026\n"
    verdict = _cli(state, "verify")
    assert verdict.returncode == 0, verdict.stderr
    assert "replaying 2 command lines" in verdict.stdout


def test_it_gives_byte_identical_output_under_two_hash_seeds(tmp_path):
    runs = []
    for seed in ("1", "2"):
        state = tmp_path / f"c{seed}.state"
        out = [_cli(state, "-c", line, hashseed=seed) for line in SCENARIO]
        runs.append(([(r.stdout, r.stderr, r.returncode) for r in out], state.read_bytes()))
    assert runs[0] == runs[1]


def test_it_refuses_a_command_line_over_the_limit():
    result = Cluster().run("echo " + "x" * 10_001)
    assert result.exit_code == 1
    assert "the limit is 10,000" in result.stderr
