"""Command-line flags parsed the way kubectl's (cobra/pflag) parser does.

Flags may come anywhere among the arguments; `--name=value`, `--name value`, `-n value`,
`-nvalue` and `-n=value` are all accepted; single-letter booleans combine (`-it`); `--`
ends the flags. Errors carry pflag's wording.
"""

import re
from dataclasses import dataclass, field


class FlagError(Exception):
    pass


@dataclass(frozen=True)
class Flag:
    name: str
    short: str = ""
    kind: str = "str"  # str | bool | int | list
    default: object = None


@dataclass
class Parsed:
    args: list[str]
    values: dict = field(default_factory=dict)
    given: set = field(default_factory=set)
    after_dash: list[str] = field(default_factory=list)

    def __getitem__(self, name: str):
        return self.values[name]

    def get(self, name: str, default=None):
        return self.values.get(name, default)


GLOBAL_FLAGS = (
    Flag("namespace", "n"),
    Flag("context"),
    Flag("cluster"),
    Flag("user"),
    Flag("kubeconfig"),
    Flag("as"),
    Flag("as-group", kind="list", default=()),
    Flag("request-timeout", default="0"),
    Flag("server", "s"),
    Flag("token"),
    Flag("insecure-skip-tls-verify", kind="bool", default=False),
    Flag("v", "v", default="0"),
    Flag("help", "h", kind="bool", default=False),
)


def _convert(flag: Flag, raw: str, shown: str):
    if flag.kind == "int":
        try:
            return int(raw)
        except ValueError:
            raise FlagError(f'invalid argument "{raw}" for "{shown}" flag: strconv.ParseInt: parsing '
                            f'"{raw}": invalid syntax') from None
    if flag.kind == "bool":
        if raw.lower() in ("true", "1", "t"):
            return True
        if raw.lower() in ("false", "0", "f"):
            return False
        raise FlagError(f'invalid argument "{raw}" for "{shown}" flag: strconv.ParseBool: parsing "{raw}": '
                        f"invalid syntax")
    return raw


def parse(argv: list[str], flags: tuple[Flag, ...]) -> Parsed:
    by_name = {f.name: f for f in flags}
    by_short = {f.short: f for f in flags if f.short}
    out = Parsed([], {f.name: (list(f.default) if f.kind == "list" else f.default) for f in flags})
    i = 0
    while i < len(argv):
        arg = argv[i]
        i += 1
        if arg == "--":
            out.after_dash = argv[i:]
            break
        if arg.startswith("--") and len(arg) > 2:
            i = _long(arg[2:], argv, i, by_name, out)
        elif arg.startswith("-") and len(arg) > 1 and arg != "-":
            i = _shorts(arg[1:], argv, i, by_short, out)
        else:
            out.args.append(arg)
    return out


def _store(out: Parsed, flag: Flag, value) -> None:
    out.given.add(flag.name)
    if flag.kind == "list":
        out.values[flag.name] = out.values[flag.name] + [v for v in str(value).split(",") if v]
    else:
        out.values[flag.name] = value


def _long(body: str, argv: list[str], i: int, by_name: dict, out: Parsed) -> int:
    name, eq, raw = body.partition("=")
    flag = by_name.get(name)
    if flag is None:
        raise FlagError(f"unknown flag: --{name}")
    if flag.kind == "bool":
        _store(out, flag, _convert(flag, raw, f"--{name}") if eq else True)
        return i
    if not eq:
        if i >= len(argv):
            raise FlagError(f"flag needs an argument: --{name}")
        raw, i = argv[i], i + 1
    _store(out, flag, _convert(flag, raw, f"--{name}"))
    return i


def _shorts(body: str, argv: list[str], i: int, by_short: dict, out: Parsed) -> int:
    j = 0
    while j < len(body):
        letter = body[j]
        flag = by_short.get(letter)
        if flag is None:
            raise FlagError(f"unknown shorthand flag: '{letter}' in -{body}")
        rest = body[j + 1:]
        if flag.kind == "bool":
            if rest.startswith("="):
                _store(out, flag, _convert(flag, rest[1:], f"-{letter}, --{flag.name}"))
                return i
            _store(out, flag, True)
            j += 1
            continue
        if rest:
            raw = rest.removeprefix("=")
        elif i < len(argv):
            raw, i = argv[i], i + 1
        else:
            raise FlagError(f"flag needs an argument: '{letter}' in -{letter}")
        _store(out, flag, _convert(flag, raw, f"-{letter}, --{flag.name}"))
        return i
    return i


_DURATION_PART = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)")
_UNIT_SECONDS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1, "m": 60, "h": 3600}


def duration_seconds(text: str, flag: str, bare_seconds: bool = False) -> float:
    """A duration flag as Go's time.ParseDuration reads it (`45s`, `2m`, `1m30s`, `-1s`);
    with `bare_seconds`, a plain number counts as seconds (kubectl's --request-timeout)."""
    text = text.strip()
    if bare_seconds:
        try:
            return float(text)
        except ValueError:
            pass
    sign, body = (-1, text[1:]) if text.startswith("-") else (1, text.lstrip("+"))
    if body == "0":
        return 0.0
    parts = _DURATION_PART.findall(body)
    if not parts or "".join(n + u for n, u in parts) != body:
        raise FlagError(f'invalid argument "{text}" for "--{flag}" flag: time: invalid duration "{text}"')
    return sign * sum(float(n) * _UNIT_SECONDS[u] for n, u in parts)
