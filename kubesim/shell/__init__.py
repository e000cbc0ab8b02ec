"""The command language: one shell for the terminal, the CLI, lessons and lab submissions.

    from kubesim.shell import Shell, workstation_registry
    commands = workstation_registry()
    commands.register("kubectl", kubectl_main)     # fn(ctx: Invocation) -> int
    shell = Shell(env={"USER": "learner"}, commands=commands)
    result = shell.run("kubectl get pods | grep web")  # Result(stdout, stderr, exit_code)

parser.py turns a line into plain data (nodes.py); interp.py runs it; fs.py is the virtual
filesystem; tools/ holds the workstation commands.
"""

from .clock import EPOCH, FixedClock
from .fs import HOME, FSError, VirtualFS
from .interp import Shell
from .lexer import ShellSyntaxError
from .parser import MAX_LINE, parse
from .registry import CommandRegistry, Invocation, Result, ShellLimit
from .tools import workstation_registry

__all__ = [
    "EPOCH", "HOME", "MAX_LINE", "CommandRegistry", "FSError", "FixedClock", "Invocation",
    "Result", "Shell", "ShellLimit", "ShellSyntaxError", "VirtualFS", "parse",
    "workstation_registry",
]
