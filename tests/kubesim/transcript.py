"""Golden transcripts: `$ command` lines followed by the exact output a learner would see.

A transcript file starts with optional `#` comment lines; a line `# cluster: seed=N nodes=N`
chooses the cluster. Each command starts with `$ `; a here-document's body and terminator
belong to the command. The output that follows is stdout, then stderr, then `[exit N]`
when the status is not zero. Set UPDATE_GOLDEN=1 to rewrite the files from the simulator.
"""

import os
import re
from dataclasses import dataclass
from pathlib import Path

from kubesim.cluster import Cluster

HEREDOC = re.compile(r"<<-?\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\1")


@dataclass
class Step:
    command: str
    expected: str


def parse(text: str) -> tuple[dict, list[Step], list[str]]:
    lines = text.splitlines()
    options: dict = {}
    header: list[str] = []
    i = 0
    while i < len(lines) and not lines[i].startswith("$ "):
        header.append(lines[i])
        m = re.match(r"#\s*cluster:\s*(.*)", lines[i])
        if m:
            options.update(dict(kv.split("=", 1) for kv in m.group(1).split()))
        i += 1
    steps: list[Step] = []
    while i < len(lines):
        command = [lines[i][2:]]
        i += 1
        marker = HEREDOC.search(command[0])
        if marker:
            while i < len(lines):
                command.append(lines[i])
                i += 1
                if lines[i - 1].strip() == marker.group(2):
                    break
        out = []
        while i < len(lines) and not lines[i].startswith("$ "):
            out.append(lines[i])
            i += 1
        steps.append(Step("\n".join(command), "\n".join(out)))
    return options, steps, header


def render(result) -> str:
    text = result.stdout + result.stderr
    if result.exit_code:
        text += ("" if not text or text.endswith("\n") else "\n") + f"[exit {result.exit_code}]\n"
    return text.rstrip("\n")


def run_file(path: Path) -> list[tuple[Step, str]]:
    options, steps, _ = parse(path.read_text())
    cluster = Cluster(int(options.get("seed", 0)), int(options.get("nodes", 2)))
    return [(step, render(cluster.run(step.command))) for step in steps]


def check(path: Path, may_update: bool = True) -> None:
    """Compare a transcript with the simulator; with UPDATE_GOLDEN=1 rewrite it instead
    (never for pending transcripts, which hold real behaviour the simulator lacks)."""
    outcomes = run_file(path)
    if may_update and os.environ.get("UPDATE_GOLDEN"):
        _, _, header = parse(path.read_text())
        body = "".join(f"$ {step.command}\n" + (f"{actual}\n" if actual else "") for step, actual in outcomes)
        path.write_text("\n".join(header) + ("\n" if header else "") + body)
        return
    for step, actual in outcomes:
        assert actual == step.expected, f"{path.name}: $ {step.command}\n--- expected\n{step.expected}\n--- got\n{actual}"
