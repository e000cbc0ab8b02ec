"""What a command sees and how commands are found: `Invocation`, `CommandRegistry`, `Result`.

A command is a function `fn(ctx: Invocation) -> int` registered under its name. It reads
`ctx.argv` and `ctx.stdin` (bytes), writes str or bytes to `ctx.stdout` / `ctx.stderr`, and
returns its exit status. Streams are in-memory buffers: a pipeline runs its commands one after
another, each reading what the previous one wrote, so nothing needs threads and the result is
the same every time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .fs import FSError, normpath

if TYPE_CHECKING:
    from .fs import VirtualFS
    from .interp import Shell

# One command's output: enough for any realistic listing, small enough to keep a worker healthy.
MAX_OUTPUT_BYTES = 4 * 1024 * 1024


class ShellLimit(Exception):
    """A limit from DESIGN.md was reached; the line stops with this message."""


@dataclass(frozen=True)
class Result:
    stdout: str
    stderr: str
    exit_code: int


class Output:
    """An in-memory output stream with a size cap."""

    def __init__(self, limit: int = MAX_OUTPUT_BYTES) -> None:
        self.buffer = bytearray()
        self.limit = limit

    def write(self, data: str | bytes) -> None:
        if isinstance(data, str):
            data = data.encode(errors="surrogateescape")
        if len(self.buffer) + len(data) > self.limit:
            raise ShellLimit(f"output limit reached: a command line may print at most "
                             f"{self.limit:,} bytes")
        self.buffer += data

    def getvalue(self) -> bytes:
        return bytes(self.buffer)


class FileOutput:
    """An output stream that appends to a file of the virtual filesystem as it is written."""

    def __init__(self, fs: VirtualFS, path: str) -> None:
        self.fs = fs
        self.path = path

    def write(self, data: str | bytes) -> None:
        try:
            self.fs.write(self.path, data, append=True)
        except FSError as exc:
            raise ShellLimit(f"{self.path}: {exc.strerror}") from exc


class NullOutput:
    def write(self, data: str | bytes) -> None:
        pass


class Input:
    """An input stream: commands in a `while read` loop share it and each takes what it reads."""

    def __init__(self, data: bytes = b"") -> None:
        self.data = data
        self.pos = 0

    def read(self) -> bytes:
        rest = self.data[self.pos:]
        self.pos = len(self.data)
        return rest

    def readline(self) -> bytes:
        end = self.data.find(b"\n", self.pos)
        end = len(self.data) if end < 0 else end + 1
        line = self.data[self.pos:end]
        self.pos = end
        return line


@dataclass
class Streams:
    stdin: Input
    stdout: Output | FileOutput | NullOutput
    stderr: Output | FileOutput | NullOutput

    def replace(self, **changes) -> Streams:
        return Streams(**{**self.__dict__, **changes})


class Invocation:
    """One run of one command: its words, streams, environment and the shell that runs it."""

    def __init__(self, argv: list[str], streams: Streams, env: dict[str, str], shell: Shell):
        self.argv = argv
        self.stdin_stream = streams.stdin
        self.stdout = streams.stdout
        self.stderr = streams.stderr
        self.env = env
        self.shell = shell
        self.fs: VirtualFS = shell.fs
        self.cwd: str = shell.cwd
        self._stdin: bytes | None = None

    @property
    def name(self) -> str:
        return self.argv[0]

    @property
    def stdin(self) -> bytes:
        """All the (remaining) input, read once."""
        if self._stdin is None:
            self._stdin = self.stdin_stream.read()
        return self._stdin

    def path(self, path: str) -> str:
        """An absolute path for an operand, relative to the working directory."""
        return normpath(path, self.cwd)

    def error(self, message: str, status: int = 1) -> int:
        """Print `name: message` on standard error and return `status`."""
        self.stderr.write(f"{self.name}: {message}\n")
        return status


CommandFn = Callable[[Invocation], int]


@dataclass(frozen=True)
class Command:
    name: str
    fn: CommandFn
    path: str | None  # where `which` finds it; None for shell builtins
    builtin: bool = False


class CommandRegistry:
    """Commands by name. Copy the workstation registry and add to it to build another."""

    def __init__(self) -> None:
        self._commands: dict[str, Command] = {}
        self.changes = 0  # grows with every register/unregister: what was derived from it is stale

    def register(self, name: str, fn: CommandFn, *, path: str | None = None,
                 builtin: bool = False) -> None:
        if not builtin and path is None:
            path = f"/usr/bin/{name}"
        self._commands[name] = Command(name, fn, None if builtin else path, builtin)
        self.changes += 1

    def unregister(self, name: str) -> None:
        self._commands.pop(name, None)
        self.changes += 1

    def lookup(self, name: str) -> Command | None:
        command = self._commands.get(name)
        if command is None and "/" in name:
            command = next((c for c in self._commands.values() if c.path == name), None)
        return command

    def __contains__(self, name: str) -> bool:
        return name in self._commands

    def names(self) -> list[str]:
        return sorted(self._commands)

    def copy(self) -> CommandRegistry:
        other = CommandRegistry()
        other._commands = dict(self._commands)
        return other
