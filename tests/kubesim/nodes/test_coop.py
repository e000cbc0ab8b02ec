"""The cooperative runner gives the same interleaving on greenlets and on threads (the fallback
when the `greenlet` package is missing), and the same pod outcome."""

import pytest

from kubesim.kubelet import coop

from .helpers import cluster

STACKS = [coop._ThreadStack] + ([coop._GreenletStack] if coop.greenlet is not None else [])


def interleaving() -> list[tuple[int, str]]:
    seen: list[tuple[int, str]] = []

    def ticker(name: str, step: int):
        def body(proc: coop.Process) -> None:
            for _ in range(3):
                seen.append((proc.now, name))
                proc.sleep(step)
        return body

    runner = coop.Runner()
    runner.add(coop.Process("slow", 0, ticker("slow", 300)))
    runner.add(coop.Process("fast", 100, ticker("fast", 200)))
    runner.add(coop.Process("forever", 50, lambda proc: proc.sleep(coop.FOREVER)))
    runner.run(1000)
    return seen


@pytest.mark.parametrize("stack", STACKS, ids=lambda s: s.__name__)
def test_processes_take_turns_in_virtual_time_order(monkeypatch, stack):
    monkeypatch.setattr(coop, "Stack", stack)
    # At 300 both wake: the one that went to sleep first goes first.
    assert interleaving() == [(0, "slow"), (100, "fast"), (300, "slow"), (300, "fast"), (500, "fast"),
                              (600, "slow")]


@pytest.mark.parametrize("stack", STACKS, ids=lambda s: s.__name__)
def test_a_pod_runs_alike_on_either_stack(monkeypatch, stack):
    monkeypatch.setattr(coop, "Stack", stack)
    c = cluster()
    c.run("kubectl run loop --image=busybox:1.36 --restart=Never -- sh -c 'for i in 1 2 3; do echo tick $i; sleep 2; done'")
    c.advance(30)
    assert c.run("kubectl logs loop").stdout == "tick 1\ntick 2\ntick 3\n"
    assert "Completed" in c.run("kubectl get pod loop").stdout
