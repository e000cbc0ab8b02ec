"""The `cluster ...` command: what a real cluster does by other means than kubectl.

Each verb (`node`, `probe`, `sandbox`, `rules`, `crictl`, `forwards`) is registered by the
component that owns it, with a one-line usage; `cluster` alone lists them.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Verb:
    name: str
    usage: str
    run: Callable  # run(cluster, args: list[str], inv) -> int


class Verbs:
    def __init__(self, cluster) -> None:
        self.cluster = cluster
        self.verbs: dict[str, Verb] = {}

    def register(self, name: str, usage: str, run: Callable) -> None:
        self.verbs[name] = Verb(name, usage, run)

    def __call__(self, inv) -> int:
        args = list(inv.argv[1:])
        if not args or args[0] in ("-h", "--help", "help"):
            inv.stdout.write(self.help())
            return 0
        verb = self.verbs.get(args[0])
        if verb is None:
            inv.stderr.write(f'cluster: unknown verb "{args[0]}"\n' + self.help())
            return 2
        return verb.run(self.cluster, args[1:], inv)

    def help(self) -> str:
        lines = ["Usage: cluster VERB [ARG ...]  (what a real cluster does by other means than kubectl)", ""]
        lines += [f"  {v.usage}" for v in sorted(self.verbs.values(), key=lambda v: v.name)]
        if not self.verbs:
            lines.append("  (no verbs yet)")
        return "\n".join(lines) + "\n"
