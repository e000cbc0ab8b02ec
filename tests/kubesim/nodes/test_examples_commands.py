"""Every command the example manifests give a container can be run by the simulated kubelet.

For each manifest of the examples collection whose INDEX.tsv status is `ok`, every container's
command line (ENTRYPOINT/CMD with `command`/`args`, as the kubelet builds it), every probe `exec`
and every lifecycle hook `exec` must parse with the simulator's shell and call only programs the
container can find: the shell's builtins and the binaries its image has in the image registry,
each of them simulated (not the "not simulated yet" stand-in). The registry of commands is built
as the kubelet builds it for a container (`container.registry`).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml

from kubesim.cluster import Cluster
from kubesim.kubelet import container as ct
from kubesim.kubelet import images
from kubesim.shell import nodes
from kubesim.shell.lexer import ShellSyntaxError
from kubesim.shell.parser import parse

EXAMPLES = Path(__file__).resolve().parents[4] / "shared" / "k8s-examples"
SHELLS = ("sh", "bash", "ash", "dash")
# Windows containers cannot run on the kind (Linux) nodes of the simulated cluster, nor on a real one.
SKIPPED_DIRS = ("windows/",)
# Commands that fail in real Kubernetes too (the image really lacks the program): not simulator gaps.
REAL_FAILURES = {
    ("pods/lifecycle-events.yaml", "killall"),  # the nginx image has no psmisc
    ("pods/resource/pod-level-memory-request-limit.yaml", "stress"),  # nginx has no stress
}


def _manifests() -> list[str]:
    index = EXAMPLES / "INDEX.tsv"
    if not index.exists():
        return []
    with index.open(newline="") as f:
        return sorted(row["path"] for row in csv.DictReader(f, delimiter="\t")
                      if row["status"] == "ok" and not row["path"].startswith(SKIPPED_DIRS))


def _pod_specs(node):
    """Every pod spec inside a document (Pod, templates of workloads, CronJob's job template)."""
    if isinstance(node, dict):
        if isinstance(node.get("containers"), list):
            yield node
        for value in node.values():
            yield from _pod_specs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _pod_specs(value)


def _commands(spec: dict):
    """(where, container, argv) of every command line the kubelet would run for this pod."""
    for kind in ("initContainers", "containers"):
        for i, c in enumerate(spec.get(kind) or []):
            if not isinstance(c, dict):
                continue
            where = f"{kind}[{i}]({c.get('name')})"
            image = images.lookup(images.resolve(str(c.get("image") or "")))
            yield where, c, ct.argv_of(c, image, {})
            for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
                argv = ((c.get(probe) or {}).get("exec") or {}).get("command")
                if argv:
                    yield f"{where}.{probe}", c, [str(a) for a in argv]
            for hook in ("postStart", "preStop"):
                argv = (((c.get("lifecycle") or {}).get(hook) or {}).get("exec") or {}).get("command")
                if argv:
                    yield f"{where}.lifecycle.{hook}", c, [str(a) for a in argv]


def _names(tree) -> list[str]:
    """The command names (first words that are plain literals) in a parsed script."""
    found: list[str] = []

    def word_text(word: nodes.Word) -> str | None:
        parts = word.parts
        if all(isinstance(p, nodes.Lit) for p in parts):
            return "".join(p.text for p in parts)
        return None

    def walk(node) -> None:
        if isinstance(node, nodes.SimpleCommand):
            if node.words:
                name = word_text(node.words[0])
                if name is not None:
                    found.append(name)
            for word in node.words:
                walk(word)
        elif isinstance(node, nodes.CmdSub):
            walk(node.body)
        elif isinstance(node, nodes.Word):
            for part in node.parts:
                walk(part)
        elif isinstance(node, tuple):
            for item in node:
                walk(item)
        elif hasattr(node, "__dataclass_fields__"):
            for name in node.__dataclass_fields__:
                walk(getattr(node, name))

    walk(tree)
    return found


def _scripts(argv: list[str]) -> tuple[str, list[str]]:
    """(shell script or "", program names) of one command line."""
    if not argv:
        return "", []
    program = argv[0].rsplit("/", 1)[-1]
    if program in SHELLS and "-c" in argv[1:]:
        i = argv.index("-c", 1)
        return (argv[i + 1] if i + 1 < len(argv) else ""), [argv[0]]
    return "", [argv[0]]


_BASE = None


def _base():
    global _BASE
    if _BASE is None:
        _BASE = Cluster(seed=0, nodes=1).shell.commands
    return _BASE


def problems_of(path: str) -> list[str]:
    out: list[str] = []
    text = (EXAMPLES / path).read_text()
    for doc in yaml.safe_load_all(text):
        for spec in _pod_specs(doc):
            for where, c, argv in _commands(spec):
                image_name = str(c.get("image") or "")
                image = images.lookup(images.resolve(image_name))
                if image is None and not argv:
                    continue  # the image's own entrypoint: nothing written in the manifest to check
                if image is None:
                    out.append(f"{path}: {where}: image {image_name!r} is not in the image registry")
                    continue
                script, programs = _scripts(argv)
                if script:
                    try:
                        programs += _names(parse(script))
                    except ShellSyntaxError as exc:
                        out.append(f"{path}: {where}: the shell cannot parse {script!r}: {exc}")
                        continue
                registry = ct.registry(_base(), image, lambda *a: None)
                for name in programs:
                    if (path, name) in REAL_FAILURES:
                        continue
                    command = registry.lookup(name) or registry.lookup(name.rsplit("/", 1)[-1])
                    if command is None:
                        out.append(f"{path}: {where}: {name!r} is not in image {image_name!r}")
                    elif command.fn is ct._missing_tool:
                        out.append(f"{path}: {where}: {name!r} (image {image_name!r}) is not simulated")
    return out


MANIFESTS = _manifests()


@pytest.mark.skipif(not MANIFESTS, reason="the examples collection is not present")
@pytest.mark.parametrize("path", MANIFESTS)
def test_every_container_command_of_the_example_runs(path):
    assert problems_of(path) == []
