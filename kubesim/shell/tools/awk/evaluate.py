"""Statements and expressions of awk, evaluated against an `AwkRuntime` (runtime.py), and the
built-in functions (length, substr, index, split, sub, gsub, match, sprintf, ...)."""

from __future__ import annotations

import math

from ...registry import ShellLimit
from ..regex import posix_matches
from .values import StrNum, compare, to_bool, to_num

MAX_STRING = 4 * 1024 * 1024
MAX_CALL_DEPTH = 200


class AwkFatal(Exception):
    """A run-time error; `located` errors name the program text (gawk's `cmd. line:1:`)."""

    def __init__(self, message: str, located: bool = True) -> None:
        super().__init__(message)
        self.located = located


class _Next(Exception):
    pass


class _Exit(Exception):
    def __init__(self, status: int) -> None:
        self.status = status


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


class _Return(Exception):
    def __init__(self, value) -> None:
        self.value = value


def check_string(text: str) -> str:
    if len(text) > MAX_STRING:
        raise ShellLimit(f"awk: a string grew past {MAX_STRING:,} characters")
    return text


# -- statements ---------------------------------------------------------------------------

def execute(rt, node: tuple) -> None:
    STATEMENTS[node[0]](rt, node)


def _block(rt, node) -> None:
    for statement in node[1]:
        execute(rt, statement)


def _expr(rt, node) -> None:
    evaluate(rt, node[1])


def _print(rt, node) -> None:
    _, args, redirect = node
    values = [evaluate(rt, a) for a in args] if args else [rt.fields[0]]
    rt.print_values(values, redirect, node[0])


def _if(rt, node) -> None:
    _, cond, then, orelse = node
    if to_bool(evaluate(rt, cond)):
        execute(rt, then)
    elif orelse is not None:
        execute(rt, orelse)


def _loop_body(rt, body) -> bool:
    """Run one round; False when the loop must stop (break)."""
    rt.tick()
    try:
        execute(rt, body)
    except _Break:
        return False
    except _Continue:
        pass
    return True


def _while(rt, node) -> None:
    while to_bool(evaluate(rt, node[1])):
        if not _loop_body(rt, node[2]):
            break


def _do(rt, node) -> None:
    while _loop_body(rt, node[1]) and to_bool(evaluate(rt, node[2])):
        pass


def _for(rt, node) -> None:
    _, init, cond, step, body = node
    if init is not None:
        evaluate(rt, init)
    while cond is None or to_bool(evaluate(rt, cond)):
        if not _loop_body(rt, body):
            break
        if step is not None:
            evaluate(rt, step)


def _forin(rt, node) -> None:
    _, var, array, body = node
    for key in list(rt.array(array)):
        rt.set_var(var, StrNum(key))
        if not _loop_body(rt, body):
            break


def _delete(rt, node) -> None:
    _, name, keys = node
    if keys is None:
        rt.array(name).clear()
    else:
        rt.array(name).pop(rt.key(keys), None)


def _next(rt, node) -> None:
    raise _Next()


def _exit(rt, node) -> None:
    raise _Exit(int(to_num(evaluate(rt, node[1]))) & 0xFF if node[1] is not None else 0)


def _break(rt, node) -> None:
    raise _Break()


def _continue(rt, node) -> None:
    raise _Continue()


def _return(rt, node) -> None:
    raise _Return(evaluate(rt, node[1]) if node[1] is not None else None)


STATEMENTS = {"block": _block, "expr": _expr, "print": _print, "printf": _print, "if": _if,
              "while": _while, "do": _do, "for": _for, "forin": _forin, "delete": _delete,
              "next": _next, "exit": _exit, "break": _break, "continue": _continue,
              "return": _return}


# -- expressions --------------------------------------------------------------------------

def evaluate(rt, node: tuple):
    return EXPRESSIONS[node[0]](rt, node)


def _binop(rt, node):
    _, op, left, right = node
    a, b = to_num(evaluate(rt, left)), to_num(evaluate(rt, right))
    return arithmetic(op, a, b)


def arithmetic(op: str, a: float, b: float) -> float:
    if op in ("/", "%") and b == 0:
        raise AwkFatal("division by zero attempted" if op == "/" else
                       "division by zero attempted in `%'")
    if op == "^":
        try:
            return float(a ** b) if not (a < 0 and b != int(b)) else math.nan
        except OverflowError:
            return math.inf
    return {"+": lambda: a + b, "-": lambda: a - b, "*": lambda: a * b,
            "/": lambda: a / b, "%": lambda: math.fmod(a, b)}[op]()


def _assign(rt, node):
    _, op, target, value_node = node
    value = evaluate(rt, value_node)
    if op != "=":
        value = arithmetic(op[0], to_num(evaluate(rt, target)), to_num(value))
    elif isinstance(value, str) and not isinstance(value, StrNum):
        value = str(value)
    return rt.assign(target, value)


def _incdec(rt, node):
    _, op, prefix, target = node
    old = to_num(evaluate(rt, target))
    new = old + (1 if op == "++" else -1)
    rt.assign(target, new)
    return new if prefix else old


def _concat(rt, node):
    return check_string(rt.conv_str(evaluate(rt, node[1])) + rt.conv_str(evaluate(rt, node[2])))


def _unary(rt, node):
    value = evaluate(rt, node[2])
    if node[1] == "!":
        return float(not to_bool(value))
    return -to_num(value) if node[1] == "-" else to_num(value)


def _match(rt, node):
    _, negate, subject, pattern = node
    found = rt.regex_of(pattern).search(rt.conv_str(evaluate(rt, subject))) is not None
    return float(found != negate)


def _in(rt, node):
    return float(rt.key(node[1]) in rt.array(node[2]))


def _field(rt, node):
    return rt.get_field(int(to_num(evaluate(rt, node[1]))))


def _index(rt, node):
    array = rt.array(node[1])
    key = rt.key(node[2])
    return array.setdefault(key, None)


def _call(rt, node):
    _, name, args = node
    if name not in rt.program["functions"]:
        raise AwkFatal(f"function `{name}' not defined")
    params, body = rt.program["functions"][name]
    if len(rt.frames) >= MAX_CALL_DEPTH:
        raise AwkFatal("function call nesting too deep")
    rt.tick()
    frame: dict[str, object] = {}
    for index, param in enumerate(params):
        if index < len(args):
            arg = args[index]
            is_array = arg[0] == "var" and (arg[1] in rt.arrays or isinstance(
                rt.frames[-1].get(arg[1]) if rt.frames else None, dict))
            frame[param] = rt.array(arg[1]) if is_array else evaluate(rt, arg)
        else:
            frame[param] = None
    rt.frames.append(frame)
    try:
        execute(rt, body)
    except _Return as ret:
        return ret.value
    finally:
        rt.frames.pop()
    return None


EXPRESSIONS = {
    "num": lambda rt, n: n[1],
    "str": lambda rt, n: n[1],
    "regex": lambda rt, n: float(rt.regex(n[1]).search(rt.conv_str(rt.fields[0])) is not None),
    "var": lambda rt, n: rt.get_var(n[1]),
    "grouping": lambda rt, n: evaluate(rt, n[1][-1]),
    "cond": lambda rt, n: evaluate(rt, n[2] if to_bool(evaluate(rt, n[1])) else n[3]),
    "or": lambda rt, n: float(to_bool(evaluate(rt, n[1])) or to_bool(evaluate(rt, n[2]))),
    "and": lambda rt, n: float(to_bool(evaluate(rt, n[1])) and to_bool(evaluate(rt, n[2]))),
    "cmp": lambda rt, n: float(compare(n[1], evaluate(rt, n[2]), evaluate(rt, n[3]),
                                       rt.conv_str(rt.vars["CONVFMT"]))),
    "binop": _binop, "assign": _assign, "incdec": _incdec, "concat": _concat, "unary": _unary,
    "match": _match, "in": _in, "field": _field, "index": _index, "call": _call,
    "builtin": lambda rt, n: BUILTINS[n[1]](rt, n[2]),
}


# -- built-in functions -------------------------------------------------------------------

def _length(rt, args):
    if not args:
        return float(len(rt.conv_str(rt.fields[0])))
    arg = args[0]
    if arg[0] == "var" and (arg[1] in rt.arrays or isinstance(rt.get_var(arg[1]), dict)):
        return float(len(rt.array(arg[1])))
    return float(len(rt.conv_str(evaluate(rt, arg))))


def _substr(rt, args):
    """As gawk: start and length are truncated; a start before 1 counts from 1."""
    text = rt.conv_str(evaluate(rt, args[0]))
    start = max(_truncate_index(to_num(evaluate(rt, args[1]))), 1)
    if len(args) < 3:
        return text[start - 1:]
    length = _truncate_index(to_num(evaluate(rt, args[2])))
    return text[start - 1:start - 1 + length] if length > 0 else ""


def _truncate_index(value: float) -> int:
    if math.isnan(value):
        return 0
    if math.isinf(value):
        return 10**12 if value > 0 else -10**12
    return math.trunc(value)


def _index_of(rt, args):
    return float(rt.conv_str(evaluate(rt, args[0])).find(rt.conv_str(evaluate(rt, args[1])))
                 + 1)


def _split(rt, args):
    text = rt.conv_str(evaluate(rt, args[0]))
    separator = rt.vars["FS"] if len(args) < 3 else (
        args[2][1] if args[2][0] == "regex" else evaluate(rt, args[2]))
    pieces = rt.split(text, separator)
    array = rt.array(args[1][1])
    array.clear()
    for index, piece in enumerate(pieces, 1):
        array[str(index)] = StrNum(piece)
    return float(len(pieces))


def _substitute(rt, args, every: bool):
    regex = rt.regex_of(args[0])
    replacement = rt.conv_str(evaluate(rt, args[1]))
    target = args[2] if len(args) > 2 else ("field", ("num", 0.0))
    text = rt.conv_str(evaluate(rt, target))
    out, last, count = [], 0, 0
    for match in posix_matches(regex, text):
        out.append(text[last:match.start()])
        out.append(_awk_replacement(replacement, match.group(0)))
        last, count = match.end(), count + 1
        if not every:
            break
    if count:
        out.append(text[last:])
        rt.assign(target, check_string("".join(out)))
    return float(count)


def _awk_replacement(template: str, matched: str) -> str:
    out, i = [], 0
    while i < len(template):
        if template[i] == "\\" and template[i + 1:i + 2] in ("&", "\\"):
            out.append(template[i + 1])
            i += 2
        elif template[i] == "&":
            out.append(matched)
            i += 1
        else:
            out.append(template[i])
            i += 1
    return "".join(out)


def _match_fn(rt, args):
    text = rt.conv_str(evaluate(rt, args[0]))
    match = rt.regex_of(args[1]).search(text)
    start, length = (match.start() + 1, match.end() - match.start()) if match else (0, -1)
    rt.vars["RSTART"], rt.vars["RLENGTH"] = float(start), float(length)
    return float(start)


def _math(fn):
    def call(rt, args):
        try:
            return float(fn(*[to_num(evaluate(rt, a)) for a in args]))
        except (ValueError, OverflowError):
            return math.nan
    return call


def _truncate(value: float) -> float:
    return float(math.trunc(value)) if math.isfinite(value) else value


def _rand(rt, args):
    # A fixed linear congruential generator: the same numbers on every run, as awk's are.
    rt.rand_state = (rt.rand_state * 1103515245 + 12345) % (1 << 31)
    return rt.rand_state / float(1 << 31)


def _srand(rt, args):
    previous = rt.seed
    rt.seed = to_num(evaluate(rt, args[0])) if args else 0.0
    rt.rand_state = int(rt.seed) % (1 << 31)
    return previous


BUILTINS = {
    "length": _length, "substr": _substr, "index": _index_of, "split": _split,
    "sub": lambda rt, a: _substitute(rt, a, False), "gsub": lambda rt, a: _substitute(rt, a, True),
    "match": _match_fn,
    "sprintf": lambda rt, a: check_string(rt.sprintf(rt.conv_str(evaluate(rt, a[0])),
                                                     [evaluate(rt, x) for x in a[1:]])),
    "tolower": lambda rt, a: rt.conv_str(evaluate(rt, a[0])).lower(),
    "toupper": lambda rt, a: rt.conv_str(evaluate(rt, a[0])).upper(),
    "int": lambda rt, a: _truncate(to_num(evaluate(rt, a[0]))),
    "sqrt": _math(math.sqrt), "exp": _math(math.exp), "log": _math(math.log),
    "sin": _math(math.sin), "cos": _math(math.cos), "atan2": _math(math.atan2),
    "rand": _rand, "srand": _srand,
    "system": lambda rt, a: float(rt.run_command(rt.conv_str(evaluate(rt, a[0])))),
    "close": lambda rt, a: float(rt.flush_pipes(rt.conv_str(evaluate(rt, a[0])))),
    "fflush": lambda rt, a: 0.0,
}

