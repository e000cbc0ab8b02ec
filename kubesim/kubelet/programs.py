"""Programs a container has that the workstation does not: what they print inside a pod.

`printenv`, `rev`, `hostname`, `whoami`, `id`, `uname`, `nproc` (busybox applets and their
coreutils namesakes), and stand-ins for programs the simulator does not model in depth (perl,
node, socat, mysql, etcd, ...): servers among them keep running as the container's process
(listening on the image's ports), clients answer as a healthy server would, so that the example
manifests run as they do on a real cluster.
"""

from __future__ import annotations

from ..shell.registry import Invocation

KERNEL = "6.8.0-79-generic"
KERNEL_VERSION = "#79-Ubuntu SMP PREEMPT_DYNAMIC Tue Aug 12 14:42:46 UTC 2025"


def printenv(ctx: Invocation) -> int:
    names = ctx.argv[1:]
    env = ctx.env
    if not names:
        ctx.stdout.write("".join(f"{k}={v}\n" for k, v in env.items()))
        return 0
    status = 0
    for name in names:
        if name in env:
            ctx.stdout.write(env[name] + "\n")
        else:
            status = 1
    return status


def rev(ctx: Invocation) -> int:
    files = ctx.argv[1:]
    chunks = []
    if not files:
        chunks.append(ctx.stdin)
    for path in files:
        node = ctx.fs.lookup(ctx.path(path))
        if node is None or node.is_dir:
            return ctx.error(f"cannot open {path}: No such file or directory")
        chunks.append(bytes(node.data))
    for data in chunks:
        text = data.decode(errors="replace")
        lines = text.split("\n")
        ctx.stdout.write("\n".join(line[::-1] for line in lines))
    return 0


def _hosts_ip(ctx: Invocation) -> str:
    node = ctx.fs.lookup("/etc/hosts")
    lines = node.data.decode().strip().splitlines() if node is not None else []
    return lines[-1].split("\t")[0] if lines else ""


def hostname(ctx: Invocation) -> int:
    node = ctx.fs.lookup("/etc/hostname")
    name = node.data.decode().strip() if node is not None else ""
    if "-i" in ctx.argv[1:] or "--ip-address" in ctx.argv[1:]:
        ctx.stdout.write(_hosts_ip(ctx) + "\n")
        return 0
    ctx.stdout.write(name + "\n")
    return 0


def whoami(ctx: Invocation) -> int:
    ctx.stdout.write("root\n")
    return 0


def id_(ctx: Invocation) -> int:
    args = ctx.argv[1:]
    flags = "".join(a.lstrip("-") for a in args if a.startswith("-"))
    if ("u" in flags or "g" in flags) and "n" in flags:
        ctx.stdout.write("root\n")
    elif "u" in flags or "g" in flags:
        ctx.stdout.write("0\n")
    else:
        ctx.stdout.write("uid=0(root) gid=0(root) groups=0(root)\n")
    return 0


def uname(ctx: Invocation) -> int:
    args = "".join(a.lstrip("-") for a in ctx.argv[1:]) or "s"
    node = ctx.fs.lookup("/etc/hostname")
    host = node.data.decode().strip() if node is not None else ""
    if "a" in args:
        ctx.stdout.write(f"Linux {host} {KERNEL} {KERNEL_VERSION} x86_64 GNU/Linux\n")
        return 0
    parts = {"s": "Linux", "n": host, "r": KERNEL, "v": KERNEL_VERSION, "m": "x86_64", "o": "GNU/Linux"}
    ctx.stdout.write(" ".join(parts[f] for f in "snrvmo" if f in args) + "\n")
    return 0


def nproc(ctx: Invocation) -> int:
    ctx.stdout.write("8\n")
    return 0


def basename(ctx: Invocation) -> int:
    args = [a for a in ctx.argv[1:] if a != "--"]
    if not args:
        return ctx.error("missing operand")
    name = args[0].rstrip("/").rsplit("/", 1)[-1] or "/"
    if len(args) > 1 and name.endswith(args[1]) and name != args[1]:
        name = name[:-len(args[1])]
    ctx.stdout.write(name + "\n")
    return 0


def dirname(ctx: Invocation) -> int:
    args = [a for a in ctx.argv[1:] if a != "--"]
    if not args:
        return ctx.error("missing operand")
    path = args[0].rstrip("/")
    head = path.rsplit("/", 1)[0].rstrip("/") if "/" in path else "."
    ctx.stdout.write((head or "/") + "\n")
    return 0


def _digest(algorithm: str):
    def run(ctx: Invocation) -> int:
        import hashlib

        files = ctx.argv[1:] or ["-"]
        status = 0
        for path in files:
            if path == "-":
                data = ctx.stdin
            else:
                node = ctx.fs.lookup(ctx.path(path))
                if node is None or node.is_dir:
                    status = ctx.error(f"{path}: No such file or directory")
                    continue
                data = bytes(node.data)
            ctx.stdout.write(f"{hashlib.new(algorithm, data).hexdigest()}  {path}\n")
        return status
    return run


def expr(ctx: Invocation) -> int:
    """expr: integer arithmetic and comparisons, `length`, and `STRING : REGEX` (anchored)."""
    args = ctx.argv[1:]
    try:
        value = _expr(args)
    except (ValueError, IndexError, ZeroDivisionError):
        return ctx.error("syntax error", 2)
    ctx.stdout.write(f"{value}\n")
    return 0 if value not in ("", "0", 0) else 1


def _expr(args: list[str]):
    if len(args) == 1:
        return args[0]
    if len(args) == 2 and args[0] == "length":
        return len(args[1])
    if len(args) == 3:
        left, op, right = args
        if op == ":":
            from ..shell.tools.regex import PatternError, compile_posix

            try:
                regex = compile_posix(right, extended=False)  # a basic regular expression
            except PatternError as exc:
                raise ValueError(str(exc)) from None
            match = regex.match(left)
            if regex.groups:
                return match.group(1) or "" if match is not None else ""
            return len(match.group(0)) if match is not None else 0
        ops = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
               "/": lambda a, b: int(a / b), "%": lambda a, b: a - b * int(a / b)}
        if op in ops:
            return ops[op](int(left), int(right))
        compare = {"=": "__eq__", "!=": "__ne__", "<": "__lt__", "<=": "__le__", ">": "__gt__", ">=": "__ge__"}
        if op in compare:
            try:
                a, b = int(left), int(right)
            except ValueError:
                a, b = left, right
            return int(getattr(a, compare[op])(b))
    raise ValueError(args)


def timeout(ctx: Invocation) -> int:
    """timeout DURATION COMMAND: runs the command (the limit itself is not enforced)."""
    args = [a for a in ctx.argv[1:] if not a.startswith("-")]
    if len(args) < 2:
        return ctx.error("missing operand", 125)
    from ..shell.registry import Streams

    return ctx.shell.call(args[1:], Streams(ctx.stdin_stream, ctx.stdout, ctx.stderr))


def ps_command(listing, busybox: bool):
    """`ps`: the processes the container sees (`listing(argv)` -> [(pid, user, args)]), as busybox
    prints them (`PID   USER     TIME  COMMAND`, "pid,user,time,args") or as procps does."""
    def run(ctx: Invocation) -> int:
        rows = listing(ctx.argv)
        if busybox:
            ctx.stdout.write("PID   USER     TIME  COMMAND\n")
            for pid, user, args in rows:
                ctx.stdout.write(f"{pid:5d} {user:<8.8s} {'0:00':>5s} {args}\n")
            return 0
        ctx.stdout.write("    PID TTY          TIME CMD\n")
        for pid, _, args in rows:
            comm = args.split(" ", 1)[0].rsplit("/", 1)[-1].rstrip(":")
            ctx.stdout.write(f"{pid:7d} ?        00:00:00 {comm[:15]}\n")
        return 0
    return run


PROGRAMS = {"printenv": printenv, "rev": rev, "hostname": hostname, "whoami": whoami, "id": id_, "uname": uname,
            "nproc": nproc, "basename": basename, "dirname": dirname, "md5sum": _digest("md5"),
            "sha256sum": _digest("sha256"), "expr": expr, "timeout": timeout}


# -- stand-ins ---------------------------------------------------------------------------------

# Long-running programs: the container's process keeps running and listens on the image's ports.
SERVING = ("node", "socat", "etcd", "kube-scheduler", "event-exporter", "start-zookeeper", "run.sh", "java",
           "cassandra", "ncat", "kube-proxy", "coredns", "kindnetd")
# Clients and checks that answer as a healthy server does.
ANSWERS = {"mysqladmin": "mysqld is alive\n", "mysql": "1\n1\n", "zookeeper-ready": "imok", "nodetool": "",
           "ready-probe.sh": "", "xtrabackup": "", "xbstream": "", "etcdctl": ""}
STANDINS = SERVING + tuple(ANSWERS) + ("perl",)


def standin(on_serve):
    def run(ctx: Invocation) -> int:
        name, args = ctx.argv[0].rsplit("/", 1)[-1], ctx.argv[1:]
        if name == "perl":
            return _perl(ctx, args)
        if name == "node" and not args:
            return 0  # the REPL reads an empty stdin and exits
        if name == "ncat" and "--listen" not in args and "-l" not in args:
            return 0  # `ncat --recv-only host port`: the simulator sends nothing
        if name in SERVING:
            on_serve(ctx, "node-hello" if name == "node" and args[:1] == ["server.js"] else "tcp", ctx.argv)
            return 0
        ctx.stdout.write(ANSWERS.get(name, ""))
        return 0
    return run


def _perl(ctx: Invocation, args: list[str]) -> int:
    """perl: the one-liners of the examples (`perl -Mbignum=bpi -wle 'print bpi(2000)'`)."""
    script = args[-1] if args else ""
    if "bpi(" in script:
        digits = int(script.split("bpi(", 1)[1].split(")", 1)[0] or 40)
        ctx.stdout.write(pi_digits(digits) + "\n")
        return 0
    if script.startswith(("print ", "print(")):
        ctx.stdout.write(script.split("print", 1)[1].strip(" ();").strip("'\"") + "\n")
    return 0


def pi_digits(n: int) -> str:
    """π to `n` significant digits, rounded, as Math::BigFloat prints it (Machin's formula)."""
    guard = 10
    scale = 10 ** (n + guard)

    def arctan_inv(x: int) -> int:
        total, term, k, sign = 0, scale // x, 1, 1
        x2 = x * x
        while term:
            total += sign * (term // k)
            term //= x2
            k += 2
            sign = -sign
        return total

    pi = 4 * (4 * arctan_inv(5) - arctan_inv(239))
    text = str((pi + 5 * 10 ** guard) // 10 ** (guard + 1))  # n significant digits, rounded
    return text[0] + "." + text[1:]
