"""`Shell`: runs parsed command lines against a virtual filesystem and a command registry.

Everything is deterministic: time comes from the injected clock, files from `VirtualFS`,
variables from the given environment (never `os.environ`), and pipelines run their commands one
after another through in-memory buffers. Each command, loop test and loop round costs one step;
a line that spends its budget stops with a message (DESIGN.md, "Limits"), so `while true` cannot
hang a worker. `sleep` hands its seconds to `on_sleep` (the cluster advances virtual time there).
"""

from __future__ import annotations

from collections.abc import Callable

from . import cond as conditional
from .clock import FixedClock
from .expand import ExpansionError, expand_word, expand_words
from .fs import FSError, VirtualFS, normpath
from .lexer import ShellSyntaxError
from .nodes import (
    AndOr,
    For,
    Group,
    If,
    Pipeline,
    Redirect,
    Sequence,
    SimpleCommand,
    Subshell,
    While,
)
from .parser import parse
from .registry import (
    CommandRegistry,
    FileOutput,
    Input,
    Invocation,
    NullOutput,
    Output,
    Result,
    ShellLimit,
    Streams,
)

DEFAULT_STEPS = 10_000
DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin"


class ExitShell(Exception):
    def __init__(self, status: int) -> None:
        self.status = status


class LoopControl(Exception):
    """`break N` / `continue N`: unwinds N loops."""

    def __init__(self, kind: str, levels: int) -> None:
        self.kind, self.levels = kind, levels


class _Budget:
    """Steps left for one `run`, shared by the shell and its subshells."""

    def __init__(self, steps: int) -> None:
        self.limit = self.left = steps


class Shell:
    def __init__(self, fs: VirtualFS | None = None, env: dict[str, str] | None = None,
                 commands: CommandRegistry | None = None,
                 clock: Callable[[], float] | None = None, name: str = "bash",
                 on_sleep: Callable[[float], None] | None = None,
                 max_steps: int = DEFAULT_STEPS) -> None:
        if clock is None:
            clock = fs.clock if fs is not None else FixedClock()
        self.clock = clock
        self.fs = fs if fs is not None else VirtualFS(clock)
        self.vars: dict[str, str] = dict(env or {})
        self.vars.setdefault("HOME", self.fs.home)
        self.vars.setdefault("PATH", DEFAULT_PATH)
        self.exported: set[str] = set(self.vars)
        self.cwd = self.vars.get("PWD") or self.vars["HOME"]
        self.vars["PWD"] = self.cwd
        if commands is None:
            from .tools import workstation_registry
            commands = workstation_registry()
        self.commands = commands
        self.name = name
        self.on_sleep = on_sleep
        self.max_steps = max_steps
        self.status = 0
        self.terminal = None  # the running line's terminal output (see run)
        self.positional: list[str] = []
        self.slept: list[float] = []  # every sleep, in seconds, for tests and transcripts
        self.strict = False  # True: a command's Python exception propagates (tests)
        self._budget = _Budget(max_steps)
        self._sub_status: int | None = None

    # -- public ---------------------------------------------------------------------------

    def run(self, line: str, stdin: bytes = b"") -> Result:
        """Parse and run one command line; returns its output and exit status."""
        out, err = Output(), Output()
        streams = Streams(Input(stdin), out, err)
        self._budget = _Budget(self.max_steps)
        # The terminal itself: background jobs (kubectl port-forward) print here, past any pipe.
        self.terminal = out
        try:
            status = self.run_text(line, streams)
        finally:
            self.terminal = None
        return Result(out.getvalue().decode(errors="replace"),
                      err.getvalue().decode(errors="replace"), status)

    def run_text(self, text: str, streams: Streams, catch_limits: bool = True) -> int:
        """Run a script with the given streams (used by `run`, `sh -c` and `sh FILE`).

        A nested shell lets limits through (`catch_limits=False`) so that the whole line stops.
        """
        try:
            program = parse(text)
        except RecursionError:
            streams.stderr.write(f"{self.name}: nesting too deep\n")
            self.status = 2
            return 2
        except ShellSyntaxError as exc:
            streams.stderr.write(f"{self.name}: {exc}\n")
            self.status = 2
            return 2
        for warning in program.warnings:
            streams.stderr.write(f"{self.name}: {warning}\n")
        try:
            self.status = self.execute(program, streams)
        except ExitShell as exc:
            self.status = exc.status
        except LoopControl:
            self.status = 0
        except ExpansionError as exc:
            streams.stderr.write(f"{self.name}: {exc}\n")
            self.status = 1
        except ShellLimit as exc:
            if not catch_limits:
                raise
            self._report_limit(streams, str(exc))
            self.status = 124
        return self.status

    def _report_limit(self, streams: Streams, message: str) -> None:
        try:
            streams.stderr.write(f"{self.name}: {message}\n")
        except ShellLimit:  # stderr itself is full: make room for the one line that matters
            if isinstance(streams.stderr, Output):
                streams.stderr.limit += 1024
                streams.stderr.write(f"{self.name}: {message}\n")

    def snapshot(self) -> dict:
        """The shell's state as plain data: filesystem, variables (and which are exported),
        working directory and last status."""
        return {"fs": self.fs.snapshot(), "vars": dict(sorted(self.vars.items())),
                "exported": sorted(self.exported), "cwd": self.cwd, "status": self.status}

    def restore(self, state: dict) -> None:
        """Take back a state from `snapshot()` (the filesystem keeps this shell's clock)."""
        self.fs = VirtualFS.restore(state["fs"], self.fs.clock)
        self.vars = dict(state["vars"])
        self.exported = set(state["exported"])
        self.cwd = state["cwd"]
        self.status = state.get("status", 0)

    def env(self) -> dict[str, str]:
        """The exported variables: what a command receives as its environment."""
        return {k: v for k, v in sorted(self.vars.items()) if k in self.exported}

    def subshell(self) -> Shell:
        """A copy of this shell's variables and directory sharing its fs, clock and budget."""
        sub = Shell.__new__(Shell)
        sub.__dict__.update(self.__dict__)
        sub.vars = dict(self.vars)
        sub.exported = set(self.exported)
        sub.positional = list(self.positional)
        return sub

    def chdir(self, path: str) -> None:
        self.cwd = normpath(path, self.cwd)
        self.vars["OLDPWD"], self.vars["PWD"] = self.vars.get("PWD", self.cwd), self.cwd

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        if self.on_sleep is not None:
            self.on_sleep(seconds)
        elif isinstance(self.clock, FixedClock):
            self.clock.advance(seconds)

    def lookup_param(self, name: str) -> str | None:
        special = {"?": lambda: str(self.status), "#": lambda: str(len(self.positional)),
                   "@": lambda: " ".join(self.positional), "*": lambda: " ".join(self.positional),
                   "$": lambda: "1", "!": lambda: "", "-": lambda: "hB", "0": lambda: self.name}
        if name in special:
            return special[name]()
        if name.isdigit():
            index = int(name) - 1
            return self.positional[index] if index < len(self.positional) else None
        return self.vars.get(name)

    def tick(self) -> None:
        self._budget.left -= 1
        if self._budget.left < 0:
            raise ShellLimit(f"stopped after {self._budget.limit:,} steps: a command line may "
                             f"run at most {self._budget.limit:,} commands and loop rounds")

    # -- execution ------------------------------------------------------------------------

    def execute(self, node, io: Streams) -> int:
        method = getattr(self, f"_exec_{type(node).__name__.lower()}")
        return method(node, io)

    def _exec_sequence(self, node: Sequence, io: Streams) -> int:
        status = 0
        for item in node.items:
            status = self.execute(item, io)
            self.status = status
        return status

    def _exec_andor(self, node: AndOr, io: Streams) -> int:
        status = self.execute(node.first, io)
        for op, command in node.rest:
            self.status = status
            if (status == 0) == (op == "&&"):
                status = self.execute(command, io)
        return status

    def _exec_pipeline(self, node: Pipeline, io: Streams) -> int:
        source, status = io.stdin, 0
        for index, command in enumerate(node.commands):
            last = index == len(node.commands) - 1
            out = io.stdout if last else Output()
            stage_io = io.replace(stdin=source, stdout=out)
            if len(node.commands) == 1:
                status = self.execute(command, stage_io)
            else:  # as in bash, each part of a real pipeline runs in its own subshell
                status = self.in_child(command, stage_io)
            if not last:
                source = Input(out.getvalue())
        return int(not status) if node.negate else status

    def _exec_subshell(self, node: Subshell, io: Streams) -> int:
        with_redirects = self._redirected(node.redirects, io)
        if with_redirects is None:
            return 1
        return self.in_child(node.body, with_redirects)

    def in_child(self, node, io: Streams) -> int:
        """Run in a subshell: `exit` and failed expansions end the child, not this shell."""
        try:
            return self.subshell().execute(node, io)
        except ExitShell as exc:
            return exc.status
        except ExpansionError as exc:
            io.stderr.write(f"{self.name}: {exc}\n")
            return 1

    def _exec_cond(self, node, io: Streams) -> int:
        self.tick()
        with_redirects = self._redirected(node.redirects, io)
        return 1 if with_redirects is None else conditional.evaluate(self, node, with_redirects)

    def _exec_group(self, node: Group, io: Streams) -> int:
        with_redirects = self._redirected(node.redirects, io)
        return 1 if with_redirects is None else self.execute(node.body, with_redirects)

    def _exec_if(self, node: If, io: Streams) -> int:
        io = self._redirected(node.redirects, io)
        if io is None:
            return 1
        for cond, body in node.clauses:
            self.tick()
            if self.execute(cond, io) == 0:
                return self.execute(body, io)
        return self.execute(node.orelse, io) if node.orelse else 0

    def _exec_while(self, node: While, io: Streams) -> int:
        io = self._redirected(node.redirects, io)
        if io is None:
            return 1
        status = 0
        while True:
            self.tick()
            if (self.execute(node.cond, io) == 0) == node.until:
                return status
            try:
                status = self.execute(node.body, io)
            except LoopControl as control:
                if control.levels > 1:
                    raise LoopControl(control.kind, control.levels - 1) from None
                if control.kind == "break":
                    return 0

    def _exec_for(self, node: For, io: Streams) -> int:
        io = self._redirected(node.redirects, io)
        if io is None:
            return 1
        items = self.positional if node.items is None else expand_words(self, node.items, io)
        status = 0
        for item in items:
            self.tick()
            self.vars[node.var] = item
            try:
                status = self.execute(node.body, io)
            except LoopControl as control:
                if control.levels > 1:
                    raise LoopControl(control.kind, control.levels - 1) from None
                if control.kind == "break":
                    return 0
        return status

    def _exec_simplecommand(self, node: SimpleCommand, io: Streams) -> int:
        self.tick()
        self._sub_status = None
        # A failed expansion (${x:?}, $((1/0))) abandons the whole line, as in bash.
        argv = expand_words(self, node.words, io)
        arrays = [(a.name, expand_words(self, a.array, io)) for a in node.assigns if a.array is not None]
        assigns = [(a.name, expand_word(self, a.value, io)) for a in node.assigns if a.array is None]
        if not argv:
            self.vars.update(assigns)
            for name, values in arrays:
                conditional.set_array(self, name, values)
            status = self._sub_status or 0
            return 1 if self._redirected(node.redirects, io) is None else status
        command_io = self._redirected(node.redirects, io)
        if command_io is None:
            return 1
        return self.call(argv, command_io, dict(assigns))

    def call(self, argv: list[str], io: Streams, extra_env: dict[str, str] | None = None) -> int:
        """Run one command by name (also used by `xargs` and `sh`)."""
        command = self.commands.lookup(argv[0])
        if command is None:
            return self._not_found(argv[0], io)
        env = {**self.env(), **(extra_env or {})}
        ctx = Invocation(argv, io, env, self)
        try:
            status = command.fn(ctx)
        except (ExitShell, LoopControl, ShellLimit):
            raise
        except FSError as exc:
            status = ctx.error(f"{exc.path}: {exc.strerror}")
        except Exception as exc:  # a tool's bug must not take the worker down
            if self.strict:
                raise
            status = ctx.error(f"internal error: {type(exc).__name__}: {exc}")
        return (status or 0) & 0xFF

    def _not_found(self, name: str, io: Streams) -> int:
        if "/" in name:
            node = self.fs.lookup(name, self.cwd)
            if node is None:
                io.stderr.write(f"{self.name}: {name}: No such file or directory\n")
                return 127
            problem = "Is a directory" if node.is_dir else "Permission denied"
            io.stderr.write(f"{self.name}: {name}: {problem}\n")
            return 126
        io.stderr.write(f"{self.name}: {name}: command not found\n")
        return 127

    def substitute(self, body: Sequence, io: Streams) -> str:
        """`$(...)`: run in a subshell, capture standard output without trailing newlines."""
        out = Output()
        only = body.items[0] if len(body.items) == 1 else None
        if isinstance(only, SimpleCommand) and not only.words and not only.assigns and \
                len(only.redirects) == 1 and only.redirects[0].op == "<":
            # `$(<file)`: bash reads the file itself (no command runs).
            streams = self._redirected(only.redirects, io)
            self._sub_status = self.status = 0 if streams is not None else 1
            return "" if streams is None else streams.stdin.read().decode(errors="replace").rstrip("\n")
        status = self.in_child(body, io.replace(stdout=out))
        self._sub_status = status
        self.status = status
        return out.getvalue().decode(errors="replace").rstrip("\n")

    # -- redirections ---------------------------------------------------------------------

    def _redirected(self, redirects: tuple[Redirect, ...], io: Streams) -> Streams | None:
        """Streams with the redirections applied, or None after reporting a failure."""
        if not redirects:
            return io
        fds = {0: io.stdin, 1: io.stdout, 2: io.stderr}
        for redirect in redirects:
            try:
                self._apply_redirect(redirect, fds, io)
            except (FSError, _BadRedirect) as exc:
                message = f"{exc.path}: {exc.strerror}" if isinstance(exc, FSError) else exc
                io.stderr.write(f"{self.name}: {message}\n")
                return None
        return Streams(fds[0], fds[1], fds[2])

    def _apply_redirect(self, redirect: Redirect, fds: dict, io: Streams) -> None:
        op, fd = redirect.op, redirect.fd
        text = expand_word(self, redirect.target, io)
        if op in ("<<", "<<<"):
            fds[fd] = Input((text + ("\n" if op == "<<<" else "")).encode())
            return
        if op in (">&", "<&"):
            if text == "-":
                fds[fd] = NullOutput() if fd else Input()
                return
            if text.isdigit():
                if int(text) not in fds:
                    raise _BadRedirect(f"{text}: Bad file descriptor")
                fds[fd] = fds[int(text)]
                return
            if op == "<&":
                raise _BadRedirect(f"{text}: ambiguous redirect")
            op = "&>"
        if not text:
            raise _BadRedirect(f"{redirect_source(redirect)}: ambiguous redirect")
        path = normpath(text, self.cwd)
        if op == "<":
            fds[fd] = Input(self.fs.read(text, self.cwd))
            return
        if path in ("/dev/stdout", "/dev/stderr"):
            stream = fds[1 if path == "/dev/stdout" else 2]
        elif path == "/dev/null":
            stream = NullOutput()
        else:
            self.fs.write(text, b"", self.cwd, append=op in (">>", "&>>"))
            stream = FileOutput(self.fs, path)
        for target in ((1, 2) if op in ("&>", "&>>") else (fd,)):
            fds[target] = stream


class _BadRedirect(Exception):
    pass


def redirect_source(redirect: Redirect) -> str:
    """How the learner wrote a redirection target (for `ambiguous redirect`)."""
    from .nodes import Param

    parts = redirect.target.parts
    if len(parts) == 1 and isinstance(parts[0], Param):
        return f"${parts[0].name}"
    return "".join(getattr(p, "text", "") for p in parts)
