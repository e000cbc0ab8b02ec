"""The command line: `python -m kubesim [--state PATH] [--seed N] [--nodes N] (COMMAND ... | -c LINE)`.

Runs one command line against the cluster kept in PATH (created on first use; without
--state, a throwaway cluster), prints what the command printed and exits with its status.
"""

import argparse
import fcntl
import os
import shlex
import sys
import tempfile

from .cluster import Cluster

CLI_APPLY_LIMIT = 1024 * 1024


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m kubesim", description=__doc__.splitlines()[0])
    parser.add_argument("--state", metavar="PATH", help="file that keeps the cluster between runs")
    parser.add_argument("--seed", type=int, default=0, help="seed of a new cluster (default 0)")
    parser.add_argument("--nodes", type=int, default=2, help="worker nodes of a new cluster (default 2)")
    parser.add_argument("-c", dest="line", metavar="LINE", help="one whole line for the cluster's own shell")
    parser.add_argument("words", nargs=argparse.REMAINDER, help="the command, as its words")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.line is None and not args.words:
        build_parser().print_usage(sys.stderr)
        return 2
    if args.nodes < 1 or args.nodes > 500:
        print("error: --nodes must be between 1 and 500", file=sys.stderr)
        return 2
    line = args.line if args.line is not None else shlex.join(args.words)
    stdin = b"" if sys.stdin is None or sys.stdin.isatty() else sys.stdin.buffer.read()
    if args.state is None:
        return _run(Cluster(args.seed, args.nodes), line, stdin)
    with _locked(args.state):
        cluster = _load(args.state, args.seed, args.nodes)
        if args.line is None and args.words == ["verify"]:
            return _verify(cluster)
        status = _run(cluster, line, stdin)
        _save(args.state, cluster)
        return status


def _run(cluster: Cluster, line: str, stdin: bytes) -> int:
    cluster.apply_limit = CLI_APPLY_LIMIT
    result = cluster.run(line, stdin)
    sys.stdout.write(result.stdout)
    sys.stdout.flush()
    sys.stderr.write(result.stderr)
    return result.exit_code


def _verify(cluster: Cluster) -> int:
    if cluster.verify():
        print(f"ok: replaying {len(cluster.log)} command lines reproduces the stored cluster")
        return 0
    print("error: replaying the command log does not reproduce the stored cluster", file=sys.stderr)
    return 1


class _locked:
    """Serialise runs on one state file, so two terminals cannot lose each other's work."""

    def __init__(self, path: str) -> None:
        self.path = path + ".lock"

    def __enter__(self):
        self.fd = os.open(self.path, os.O_CREAT | os.O_RDWR, 0o644)
        fcntl.flock(self.fd, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc) -> None:
        fcntl.flock(self.fd, fcntl.LOCK_UN)
        os.close(self.fd)


def _load(path: str, seed: int, nodes: int) -> Cluster:
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        return Cluster(seed, nodes)
    with open(path, "rb") as f:
        return Cluster.from_bytes(f.read())


def _save(path: str, cluster: Cluster) -> None:
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".kubesim-")
    with os.fdopen(fd, "wb") as f:
        f.write(cluster.to_bytes())
    os.replace(tmp, path)
