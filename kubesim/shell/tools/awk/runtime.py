"""Running an awk program: records, fields, variables, arrays, statements and built-ins.

Each record, loop round and function call costs a step; a program that spends its budget stops
with a message, so `awk 'BEGIN { while (1) ; }'` cannot hang a worker. Strings are capped too,
so doubling a string in a loop cannot exhaust memory.
"""

from __future__ import annotations

import math

from ...registry import Input, Invocation, ShellLimit, Streams
from ..formatting import MAX_WIDTH, SPEC
from ..regex import PatternError, compile_posix
from .evaluate import AwkFatal, _Exit, _Next, evaluate, execute
from .values import StrNum, to_bool, to_num, to_str

MAX_STEPS = 1_000_000
MAX_FIELDS = 100_000  # `$100000000 = 1` must not build a list of a hundred million fields


class AwkRuntime:
    def __init__(self, program: dict, ctx: Invocation) -> None:
        self.program, self.ctx = program, ctx
        self.vars: dict[str, object] = {
            "FS": " ", "OFS": " ", "ORS": "\n", "RS": "\n", "NR": 0.0, "FNR": 0.0,
            "SUBSEP": "\x1c", "CONVFMT": "%.6g", "OFMT": "%.6g", "FILENAME": "",
            "RSTART": 0.0, "RLENGTH": -1.0}
        self.arrays: dict[str, dict[str, object]] = {
            "ENVIRON": {k: StrNum(v) for k, v in ctx.env.items()}}
        self.fields: list[object] = [StrNum("")]
        self.frames: list[dict[str, object]] = []
        self.ranges_active: dict[int, bool] = {}
        self.outputs: dict[str, object] = {}
        self.pipes: dict[str, list[str]] = {}
        self.regex_cache: dict[str, object] = {}
        self.steps = 0
        self.seed, self.rand_state = 0.0, 0

    # -- driving --------------------------------------------------------------------------

    def run(self, operands: list[str]) -> int:
        status = 0
        try:
            try:
                for block in self.program["begin"]:
                    self.execute(block)
                if self.program["rules"] or self.program["end"]:
                    self.process_inputs(operands)
            except _Exit as exc:
                status = exc.status
            try:
                for block in self.program["end"]:
                    self.execute(block)
            except _Exit as exc:
                status = exc.status
        finally:
            self.flush_pipes()
        return status

    def process_inputs(self, operands: list[str]) -> None:
        files = [op for op in operands if not _is_assignment(op)]
        for operand in operands if files else operands + ["-"]:
            if _is_assignment(operand):
                name, _, value = operand.partition("=")
                self.vars[name] = StrNum(_unescape(value))
                continue
            self.read_file(operand)

    def read_file(self, name: str) -> None:
        if name == "-":
            data = self.ctx.stdin
        else:
            node = self.ctx.fs.lookup(name, self.ctx.cwd)
            if node is None or node.is_dir:
                reason = "No such file or directory" if node is None else "Is a directory"
                raise AwkFatal(f"cannot open file `{name}' for reading: {reason}", located=False)
            data = self.ctx.fs.read(name, self.ctx.cwd)
        self.vars["FILENAME"] = "" if name == "-" else name
        self.vars["FNR"] = 0.0
        text = data.decode(errors="replace")
        records = text.split("\n")
        if records and records[-1] == "":
            records.pop()
        for record in records:
            self.tick()
            self.vars["NR"] = to_num(self.vars["NR"]) + 1
            self.vars["FNR"] = to_num(self.vars["FNR"]) + 1
            self.set_record(record)
            try:
                self.run_rules()
            except _Next:
                continue

    def run_rules(self) -> None:
        for index, (_, pattern, second, action) in enumerate(self.program["rules"]):
            if not self.selects(index, pattern, second):
                continue
            if action is None:
                self.print_values([self.fields[0]], None, "print")
            else:
                self.execute(action)

    def selects(self, index: int, pattern, second) -> bool:
        if pattern is None:
            return True
        if second is None:
            return to_bool(self.evaluate(pattern))
        if self.ranges_active.get(index):
            if to_bool(self.evaluate(second)):
                self.ranges_active[index] = False
            return True
        if to_bool(self.evaluate(pattern)):
            self.ranges_active[index] = not to_bool(self.evaluate(second))
            return True
        return False

    def tick(self) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise ShellLimit(f"awk: stopped after {MAX_STEPS:,} steps (records, loop rounds "
                             "and function calls)")

    # -- records and fields ---------------------------------------------------------------

    def set_record(self, text: str) -> None:
        self.fields = [StrNum(text)] + [StrNum(f) for f in self.split(text, self.vars["FS"])]

    def split(self, text: str, separator) -> list[str]:
        separator = to_str(separator)
        if separator == " ":
            return text.split()
        if text == "":
            return []
        if len(separator) == 1 and separator != "\\":
            return text.split(separator)
        return self.regex(separator).split(text)

    def get_field(self, index: int):
        if index < 0:
            raise AwkFatal(f"attempt to access field {index}")
        return self.fields[index] if index < len(self.fields) else StrNum("")

    def set_field(self, index: int, value) -> None:
        if index < 0:
            raise AwkFatal(f"attempt to access field {index}")
        if index > MAX_FIELDS:
            raise AwkFatal(f"field index {index} too large (the limit is {MAX_FIELDS:,})")
        if index == 0:
            self.set_record(to_str(value))
            return
        while len(self.fields) <= index:
            self.fields.append(StrNum(""))
        self.fields[index] = value
        self.rebuild_record()

    def rebuild_record(self) -> None:
        ofs = to_str(self.vars["OFS"])
        self.fields[0] = StrNum(ofs.join(self.out_str(f) for f in self.fields[1:]))

    def set_nf(self, count: int) -> None:
        if count > MAX_FIELDS:
            raise AwkFatal(f"NF set to {count}: too large (the limit is {MAX_FIELDS:,})")
        count = max(count, 0)
        self.fields = self.fields[:count + 1] + [StrNum("")] * (count + 1 - len(self.fields))
        self.rebuild_record()

    # -- variables ------------------------------------------------------------------------

    def get_var(self, name: str):
        if self.frames and name in self.frames[-1]:
            return self.frames[-1][name]
        if name == "NF":
            return float(len(self.fields) - 1)
        return self.vars.get(name)

    def set_var(self, name: str, value) -> None:
        if self.frames and name in self.frames[-1]:
            self.frames[-1][name] = value
        elif name == "NF":
            self.set_nf(int(to_num(value)))
        else:
            self.vars[name] = value

    def array(self, name: str) -> dict:
        if self.frames and isinstance(self.frames[-1].get(name), dict):
            return self.frames[-1][name]
        if self.frames and name in self.frames[-1] and self.frames[-1][name] is None:
            self.frames[-1][name] = {}
            return self.frames[-1][name]
        return self.arrays.setdefault(name, {})

    def key(self, exprs) -> str:
        subsep = to_str(self.vars["SUBSEP"])
        return subsep.join(self.conv_str(self.evaluate(e)) for e in exprs)

    def conv_str(self, value) -> str:
        return to_str(value, to_str(self.vars["CONVFMT"]))

    def out_str(self, value) -> str:
        return to_str(value, to_str(self.vars["OFMT"]))

    def assign(self, target: tuple, value):
        kind = target[0]
        if kind == "var":
            self.set_var(target[1], value)
        elif kind == "field":
            self.set_field(int(to_num(self.evaluate(target[1]))), value)
        else:
            self.array(target[1])[self.key(target[2])] = value
        return value

    # -- regular expressions --------------------------------------------------------------

    def regex(self, pattern: str):
        compiled = self.regex_cache.get(pattern)
        if compiled is None:
            try:
                compiled = compile_posix(pattern, extended=True, escapes_in_brackets=True)
            except PatternError as exc:
                raise AwkFatal(f"invalid regexp /{pattern}/: {exc}") from None
            if len(self.regex_cache) < 256:
                self.regex_cache[pattern] = compiled
        return compiled

    def regex_of(self, node: tuple):
        return self.regex(node[1] if node[0] == "regex" else self.conv_str(self.evaluate(node)))

    # -- output ---------------------------------------------------------------------------

    def print_values(self, values: list, redirect, kind: str) -> None:
        if kind == "print":
            text = to_str(self.vars["OFS"]).join(self.out_str(v) for v in values)
            text += to_str(self.vars["ORS"])
        else:
            if not values:
                raise AwkFatal("printf: no format")
            text = self.sprintf(self.conv_str(values[0]), values[1:])
        self.write(text, redirect)

    def write(self, text: str, redirect) -> None:
        if redirect is None:
            self.ctx.stdout.write(text)
            return
        op, target_node = redirect
        target = self.conv_str(self.evaluate(target_node))
        if op == "|":
            self.pipes.setdefault(target, []).append(text)
            return
        if target in ("/dev/stdout", "-"):
            self.ctx.stdout.write(text)
        elif target == "/dev/stderr":
            self.ctx.stderr.write(text)
        else:
            append = op == ">>" or target in self.outputs
            self.outputs[target] = True
            self.ctx.fs.write(target, text, self.ctx.cwd, append=append)

    def flush_pipes(self, only: str | None = None) -> int:
        status = 0
        for command in [c for c in self.pipes if only is None or c == only]:
            data = "".join(self.pipes.pop(command)).encode()
            status = self.run_command(command, data)
        return status

    def run_command(self, command: str, data: bytes = b"") -> int:
        shell = self.ctx.shell.subshell()
        streams = Streams(Input(data), self.ctx.stdout, self.ctx.stderr)
        return shell.run_text(command, streams, catch_limits=False)

    def sprintf(self, fmt: str, args: list) -> str:
        out, pos, args = [], 0, list(args)
        for match in SPEC.finditer(fmt):
            out.append(fmt[pos:match.start()])
            pos = match.end()
            flags, width, precision, conv = match.groups()
            if conv == "%":
                out.append("%")
                continue
            if width == "*":
                width = str(int(to_num(args.pop(0)))) if args else ""
            if precision == "*":
                precision = str(int(to_num(args.pop(0)))) if args else ""
            if abs(int(width or 0)) > MAX_WIDTH or int(precision or 0) > MAX_WIDTH:
                raise AwkFatal("field width or precision too large")
            if not args:
                raise AwkFatal("not enough arguments to satisfy format string\n"
                               f"\t`{fmt}'\n\t{' ' * (match.start() + 1)}^ ran out for this one")
            value = args.pop(0)
            spec = f"%{flags}{width}" + (f".{precision}" if precision is not None else "")
            out.append(self._convert(spec, conv, value))
        out.append(fmt[pos:])
        return "".join(out)

    def _convert(self, spec: str, conv: str, value) -> str:
        if conv in "diouxX":
            number = to_num(value)
            number = int(number) if math.isfinite(number) else 0
            return (spec + ("d" if conv in "iu" else conv)) % number
        if conv in "eEfFgG":
            return (spec + conv) % to_num(value)
        if conv == "c":
            if isinstance(value, float):
                return (spec + "s") % chr(int(value) % 0x110000)
            return (spec + "s") % self.conv_str(value)[:1]
        return (spec + "s") % self.conv_str(value)

    # -- statements and expressions (evaluate.py) ----------------------------------------

    def execute(self, node: tuple) -> None:
        execute(self, node)

    def evaluate(self, node: tuple):
        return evaluate(self, node)


def _is_assignment(operand: str) -> bool:
    name, has_equals, _ = operand.partition("=")
    return bool(has_equals) and name.isidentifier() and name.isascii()


def _unescape(text: str) -> str:
    from .lexer import ESCAPES

    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            out.append(ESCAPES.get(text[i + 1], "\\" + text[i + 1]))
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)
