"""One container's view of the world: its filesystem, environment, commands and main process.

A container's root filesystem is a fresh `VirtualFS` built from its image (files, binaries on
PATH, `/etc/hostname`, `/etc/hosts`, `/etc/resolv.conf`) with the pod's volumes mounted: a
mounted volume is the very same directory node in every container that mounts it, so what one
container writes into an emptyDir the other sees. The command registry holds the shell
builtins plus only the binaries the image has; server binaries (`nginx`, `httpd-foreground`,
`python -m http.server`, `busybox httpd`, `redis-server`, ...) mark the container as listening
and then never return. The argv follows Docker's rules: `command` replaces ENTRYPOINT (and
drops CMD), `args` replaces CMD, and `$(VAR)` expands from the container's environment.
"""

from __future__ import annotations

import base64
import re

from ..shell.fs import MAX_TOTAL_BYTES, Node, VirtualFS, normpath
from ..shell.registry import CommandRegistry, Invocation
from . import images, programs

SHELL_BUILTINS = ("cd", "export", "unset", "read", "exit", "exec", "break", "continue", ":", "set", "shift", "source",
                  ".", "echo", "printf", "true", "false", "test", "[", "pwd")
SERVERS = {"nginx": "nginx", "httpd-foreground": "httpd", "httpd": "httpd", "apache2-foreground": "httpd",
           "redis-server": "tcp", "mysqld": "tcp", "postgres": "tcp", "mongod": "tcp", "rabbitmq-server": "tcp",
           "/hello-app": "hello-app", "/hello": "hello-go", "/serve_hostname": "serve-hostname", "/goproxy": "tcp"}
SA_DIR = "/var/run/secrets/kubernetes.io/serviceaccount"
NOT_FOUND_IN_PATH = ('failed to create containerd task: failed to create shim task: OCI runtime create failed: '
                     'runc create failed: unable to start container process: error during container init: '
                     'exec: "{0}": executable file not found in $PATH')


class Serving(Exception):
    """Raised (internally) when a process becomes a server that runs until it is stopped."""


# -- argv --------------------------------------------------------------------------------------

_VAR_REF = re.compile(r"\$\(([A-Za-z_][A-Za-z0-9_]*)\)|\$\$")


def expand(text: str, env: dict[str, str]) -> str:
    """Kubernetes' `$(VAR)` expansion: unknown references stay as written, `$$` escapes."""
    def sub(match):
        if match.group(0) == "$$":
            return "$"
        name = match.group(1)
        return env[name] if name in env else match.group(0)
    return _VAR_REF.sub(sub, text)


def argv_of(container: dict, image: images.Image | None, env: dict[str, str]) -> list[str]:
    command, args = container.get("command"), container.get("args")
    entry = list(image.entrypoint) if image else []
    cmd = list(image.cmd) if image else []
    if command:
        argv = list(command) + list(args or [])
    else:
        argv = entry + (list(args) if args is not None else cmd)
    return [expand(str(a), env) for a in argv]


def has_binary(image: images.Image | None, name: str) -> bool:
    if image is None:
        return True
    base = name.rsplit("/", 1)[-1]
    return name in image.binaries or base in image.binaries or base in ("sh",) and "sh" in image.binaries


def start_error(image: images.Image | None, argv: list[str]) -> str:
    """containerd's error when the process cannot start; empty when it can."""
    if not argv:
        return "failed to create containerd task: failed to create shim task: OCI runtime create failed: " \
               "runc create failed: unable to start container process: error during container init: no command " \
               "specified"
    if not has_binary(image, argv[0]):
        return NOT_FOUND_IN_PATH.format(argv[0])
    return ""


# -- environment ---------------------------------------------------------------------------

def environment(cluster, pod: dict, container: dict, image: images.Image | None,
                started_ms: int | None = None) -> tuple[dict[str, str], str]:
    """The container's environment, and a CreateContainerConfigError message if one applies.

    With `started_ms`, the Docker-link variables of the Services that existed when the
    container started come first, so the container's own `env` can use and override them.
    """
    meta = pod["metadata"]
    ns = meta.get("namespace", "default")
    image_env = images.env_of(image, container.get("image") or "") if image else {}
    env = {"PATH": images.PATH_DEBIAN, **image_env, "HOSTNAME": hostname_of(pod),
           "KUBERNETES_SERVICE_HOST": "10.96.0.1", "KUBERNETES_SERVICE_PORT": "443",
           "KUBERNETES_SERVICE_PORT_HTTPS": "443", "KUBERNETES_PORT": "tcp://10.96.0.1:443",
           "KUBERNETES_PORT_443_TCP": "tcp://10.96.0.1:443", "KUBERNETES_PORT_443_TCP_PROTO": "tcp",
           "KUBERNETES_PORT_443_TCP_PORT": "443", "KUBERNETES_PORT_443_TCP_ADDR": "10.96.0.1", "HOME": "/root"}
    if started_ms is not None:
        from ..network.service_env import service_env

        env.update(service_env(cluster.store, pod, started_ms))
    for source in container.get("envFrom") or []:
        prefix = source.get("prefix", "")
        for kind, plural in (("configMapRef", "configmaps"), ("secretRef", "secrets")):
            ref = source.get(kind)
            if not ref:
                continue
            obj = cluster.store.get(plural, ns, ref.get("name", ""))
            if obj is None:
                if ref.get("optional"):
                    continue
                return env, f'{plural[:-1]} "{ref.get("name", "")}" not found'
            for k, v in sorted(_data(obj).items()):
                env[prefix + k] = v
    for item in container.get("env") or []:
        name = item.get("name", "")
        if "value" in item:
            env[name] = expand(str(item.get("value") or ""), env)
            continue
        source = item.get("valueFrom") or {}
        value, problem = _value_from(cluster, pod, container, source)
        if problem:
            return env, problem
        if value is not None:
            env[name] = value
    return env, ""


def _data(obj: dict) -> dict[str, str]:
    if obj.get("kind") == "Secret":
        out = {k: base64.b64decode(v).decode(errors="replace") for k, v in (obj.get("data") or {}).items()}
        out.update(obj.get("stringData") or {})
        return out
    return dict(obj.get("data") or {})


def _value_from(cluster, pod: dict, container: dict, source: dict) -> tuple[str | None, str]:
    ns = pod["metadata"].get("namespace", "default")
    for kind, plural, label in (("configMapKeyRef", "configmaps", "ConfigMap"), ("secretKeyRef", "secrets", "Secret")):
        ref = source.get(kind)
        if not ref:
            continue
        obj = cluster.store.get(plural, ns, ref.get("name", ""))
        if obj is None:
            return None, "" if ref.get("optional") else f'{plural[:-1]} "{ref.get("name", "")}" not found'
        data = _data(obj)
        if ref.get("key") not in data:
            return None, "" if ref.get("optional") else \
                f"couldn't find key {ref.get('key')} in {label} {ns}/{ref.get('name')}"
        return data[ref["key"]], ""
    field_ref = source.get("fieldRef")
    if field_ref:
        return str(field_value(pod, field_ref.get("fieldPath", ""))), ""
    resource_ref = source.get("resourceFieldRef")
    if resource_ref:
        limits = (container.get("resources") or {}).get("limits") or {}
        return str(limits.get(resource_ref.get("resource", "").split(".")[-1], "0")), ""
    return None, ""


def field_value(pod: dict, path: str) -> str:
    meta, spec, status = pod["metadata"], pod.get("spec") or {}, pod.get("status") or {}
    simple = {"metadata.name": meta.get("name"), "metadata.namespace": meta.get("namespace"),
              "metadata.uid": meta.get("uid"), "spec.nodeName": spec.get("nodeName"),
              "spec.serviceAccountName": spec.get("serviceAccountName", "default"),
              "status.podIP": status.get("podIP"), "status.hostIP": status.get("hostIP")}
    if path in simple:
        return simple[path] or ""
    match = re.match(r"metadata\.(labels|annotations)\['([^']+)'\]$", path)
    if match:
        return (meta.get(match.group(1)) or {}).get(match.group(2), "")
    if path in ("metadata.labels", "metadata.annotations"):
        values = meta.get(path.split(".")[1]) or {}
        return "\n".join(f'{k}="{v}"' for k, v in sorted(values.items()))
    return ""


# -- filesystem ------------------------------------------------------------------------------

class ContainerFS(VirtualFS):
    """A container's filesystem. It keeps a running byte count instead of walking the tree on
    every write (a log-appending loop writes thousands of times); removals are not counted
    back, which only makes the size cap stricter."""

    _pending = None  # see deferred()

    def __init__(self, clock=None, home: str = "/root") -> None:
        self._bytes = 0
        super().__init__(clock, home)

    @classmethod
    def deferred(cls, clock, home: str, build, template: Node, mounts) -> ContainerFS:
        """A filesystem whose tree `build(fs)` makes when it is first used: most replays of a
        server never look at its files. `template` (the image's tree) and `mounts` (the paths
        the build mounts volumes at) answer `ensure_dir` meanwhile."""
        fs = cls.__new__(cls)
        fs.clock, fs.home, fs._bytes, fs._root = clock, home, 0, None
        fs._pending, fs._template, fs._mounts = build, template, list(mounts)
        return fs

    @classmethod
    def empty(cls, clock) -> ContainerFS:
        """A filesystem of nothing but its root directory (a volume's)."""
        fs = cls.__new__(cls)
        fs.clock, fs.home, fs._bytes = clock, "/root", 0
        fs.root = Node(True, 0o755, clock())
        return fs

    @property
    def root(self) -> Node:
        if self._pending is not None:
            build, self._pending = self._pending, None
            build(self)
        return self._root

    @root.setter
    def root(self, node: Node) -> None:
        self._root = node

    def ensure_dir(self, path: str) -> None:
        """`mkdir -p path`, which changes nothing (so need not build a deferred tree) when the
        image has that directory and no volume is mounted at or above it."""
        full = normpath(path)
        if self._pending is not None and not any(full == m or full.startswith(m.rstrip("/") + "/")
                                                 for m in self._mounts):
            node = self._template
            for piece in full.split("/")[1:]:
                node = node.entries.get(piece) if piece and node.is_dir else node
                if node is None or not node.is_dir:
                    break
            else:
                return
        self.mkdir(path, parents=True)

    def total_bytes(self) -> int:
        self.root  # noqa: B018 - a deferred tree is built first
        return self._bytes

    def write(self, path, data, cwd="/", append=False, parents=False) -> None:
        node = self.lookup(path, cwd)
        before = len(node.data) if node is not None and not node.is_dir else 0
        super().write(path, data, cwd, append, parents)
        node = self.lookup(path, cwd)
        if node is not None and not node.is_dir:
            self._bytes += max(0, len(node.data) - before)


def mount_problems(cluster, pod: dict) -> list[str]:
    """The FailedMount messages `volume_node` gives for the pod's volumes, without building
    them: a ConfigMap or Secret that is missing and not optional."""
    ns = pod["metadata"].get("namespace", "default")
    problems = []
    for volume in (pod.get("spec") or {}).get("volumes") or []:
        for kind, plural in (("configMap", "configmaps"), ("secret", "secrets")):
            source = volume.get(kind)
            if source is None:
                continue
            name = source.get("name") or source.get("secretName") or ""
            if cluster.store.get(plural, ns, name) is None:
                if not source.get("optional"):
                    problems.append(_missing(volume, plural, name))
                break
    return problems


def _missing(volume: dict, plural: str, name: str) -> str:
    return f'MountVolume.SetUp failed for volume "{volume.get("name")}" : {plural[:-1]} "{name}" not found'


def volume_node(cluster, pod: dict, volume: dict, clock) -> tuple[Node | None, str]:
    """A fresh directory node holding a volume's files, or (None, FailedMount message)."""
    ns = pod["metadata"].get("namespace", "default")
    fs = ContainerFS.empty(clock)
    root = fs.root
    files: dict[str, str] = {}
    for kind, plural in (("configMap", "configmaps"), ("secret", "secrets")):
        source = volume.get(kind)
        if source is None:
            continue
        name = source.get("name") or source.get("secretName") or ""
        obj = cluster.store.get(plural, ns, name)
        if obj is None:
            if source.get("optional"):
                return root, ""
            return None, _missing(volume, plural, name)
        data = _data(obj)
        items = source.get("items")
        files = {i["path"]: data.get(i["key"], "") for i in items} if items else data
    if "downwardAPI" in volume:
        for item in (volume["downwardAPI"] or {}).get("items") or []:
            if item.get("fieldRef"):
                files[item["path"]] = field_value(pod, item["fieldRef"].get("fieldPath", ""))
    if "projected" in volume:
        files = service_account_files(pod)
    now = fs.clock()
    for path, text in sorted(files.items()):
        data = text.encode(errors="surrogateescape") if isinstance(text, str) else bytes(text)
        if "/" in path or path in ("", ".", "..") or fs.total_bytes() + len(data) > MAX_TOTAL_BYTES:
            fs.write("/" + path, text, parents=True)  # the general way (directories, the size cap)
        else:
            root.entries[path] = Node(False, 0o644, now, bytearray(data))
            fs._bytes += len(data)
    return root, ""


def service_account_files(pod: dict) -> dict[str, str]:
    ns = pod["metadata"].get("namespace", "default")
    from ..world.build import CA_PEM

    token = base64.urlsafe_b64encode(f"kubelab-token/{ns}/{pod['metadata']['name']}".encode()).decode().rstrip("=")
    return {"ca.crt": CA_PEM, "namespace": ns, "token": "eyJhbGciOiJSUzI1NiJ9." + token}


def rootfs(pod: dict, container: dict, image: images.Image | None, mounts: dict[str, Node], clock) -> ContainerFS:
    """The container's root filesystem as it is at its start (`clock()` now), volumes mounted."""
    etc = _etc_files(pod)
    fs = _from_template(image, etc, mounts, clock)
    if fs is None:
        fs = _built(image, etc, clock)
        _mount(fs, mounts)
    return fs


def _mount(fs: ContainerFS, mounts: dict[str, Node]) -> None:
    for mount_path, node in mounts.items():
        parent = mount_path.rstrip("/").rsplit("/", 1)[0] or "/"
        fs.mkdir(parent, parents=True)
        fs.lookup(parent).entries[mount_path.rstrip("/").rsplit("/", 1)[-1]] = node


def hostname_of(pod: dict) -> str:
    """The pod's host name: its node's for a hostNetwork pod (which shares the node's UTS
    namespace, so the runtime ignores `spec.hostname`), else `spec.hostname` when set (an
    Indexed Job's `<job>-<index>`), else its name."""
    spec = pod.get("spec") or {}
    if spec.get("hostNetwork") and spec.get("nodeName"):
        return spec["nodeName"]  # a kind node's host name is its Node name
    return spec.get("hostname") or pod["metadata"]["name"]


def _etc_files(pod: dict) -> dict[str, str]:
    """The files of /etc the runtime writes for the pod (before the image's own files)."""
    meta = pod["metadata"]
    ip = (pod.get("status") or {}).get("podIP") or ""
    ns = meta.get("namespace", "default")
    host = hostname_of(pod)
    return {
        "hostname": host + "\n",
        "hosts": "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost "
                 f"ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\n"
                 f"fe00::2\tip6-allrouters\n{ip}\t{host}\n",
        "resolv.conf": f"search {ns}.svc.cluster.local svc.cluster.local cluster.local\n"
                       "nameserver 10.96.0.10\noptions ndots:5\n",
    }


def _built(image: images.Image | None, etc: dict[str, str], clock) -> ContainerFS:
    """The root filesystem, written file by file."""
    fs = ContainerFS(clock, home="/root")
    for directory in ("/bin", "/usr/bin", "/usr/local/bin", "/etc", "/var", "/root", "/proc", "/run"):
        fs.mkdir(directory, parents=True)
    for name, text in etc.items():
        fs.write(f"/etc/{name}", text)
    if image is not None:
        for path, text in sorted(image.files.items()):
            fs.write(path, text, parents=True)
        for binary in image.binaries:
            path = binary if binary.startswith("/") else f"/usr/bin/{binary}"
            fs.write(path, b"", parents=True)
            fs.lookup(path).mode = 0o755
    return fs


# Every container of an image starts from the same tree but for the pod's /etc files: it is
# built once per image (with those files empty) and copied, which is several times cheaper
# than writing it path by path for every replay. None: the image writes one of those files
# itself, so the order of the writes matters and the tree is written out each time.
_ETC_NAMES = ("hostname", "hosts", "resolv.conf")
_TEMPLATES: dict[int, tuple[images.Image | None, ContainerFS | None]] = {}


def _template(image: images.Image | None) -> ContainerFS | None:
    known = _TEMPLATES.get(id(image))
    if known is not None and known[0] is image:
        return known[1]
    written = {normpath(p) for p in image.files} | {normpath(b if b.startswith("/") else f"/usr/bin/{b}")
                                                    for b in image.binaries} if image is not None else set()
    template = None
    if not written & {"/etc", *(f"/etc/{name}" for name in _ETC_NAMES)}:
        try:
            template = _built(image, dict.fromkeys(_ETC_NAMES, ""), lambda: 0.0)
        except Exception:  # noqa: BLE001 - the image's own writes fail: let the ordinary path say how
            template = None
    _TEMPLATES[id(image)] = (image, template)
    return template


def _from_template(image: images.Image | None, etc: dict[str, str], mounts: dict[str, Node],
                   clock) -> ContainerFS | None:
    """The tree the image's template gives, built (with this moment's times) only when used."""
    template = _template(image)
    if template is None:
        return None
    data = {name: text.encode(errors="surrogateescape") for name, text in etc.items()}
    size = template.total_bytes() + sum(len(d) for d in data.values())
    if size > MAX_TOTAL_BYTES:
        return None
    now = clock()

    def build(fs: ContainerFS) -> None:
        fs.root = _copy(template.root, now)
        for name, content in data.items():
            fs.root.entries["etc"].entries[name].data = bytearray(content)
        fs._bytes = size
        live, fs.clock = fs.clock, lambda: now
        try:
            _mount(fs, mounts)
        finally:
            fs.clock = live

    return ContainerFS.deferred(clock, "/root", build, template.root, mounts)


def _copy(node: Node, now: float) -> Node:
    if node.is_dir:
        return Node(True, node.mode, now, entries={k: _copy(v, now) for k, v in node.entries.items()})
    return Node(False, node.mode, now, bytearray(node.data))


# -- commands --------------------------------------------------------------------------------

# Programs whose answer depends on the world outside the pod (Services, endpoints, other pods).
OUTSIDE_TOOLS = ("nslookup", "dig", "host", "wget", "curl", "nc", "ping", "telnet")


def registry(base: CommandRegistry, image: images.Image | None, on_serve, on_wait=None,
             on_outside=None, cache: dict | None = None) -> CommandRegistry:
    """The commands a process in this container finds: builtins plus the image's binaries.

    `on_serve(ctx, kind, argv)` makes the process a server (it never returns while the
    container runs); `on_wait(ctx, ready)` blocks it until `ready()` holds (False when it
    cannot wait, as in a probe); `on_outside(ctx, fn)` runs a program that looks outside the
    pod (`OUTSIDE_TOOLS`), so its answer can be kept per moment (world.py, "observations").
    `cache` (a dict the caller keeps for as long as `base` lives) saves working out again what
    depends on `base` and the image only."""
    static, steps = _image_commands(base, image, {} if cache is None else cache)
    reg = static.copy()
    for name, fn, serves, path in steps:
        reg.register(name, fn(on_serve) if serves else fn, path=path)
    if image is not None and "busybox" in image.binaries:
        reg.register("httpd", _program(on_serve), path="/usr/sbin/httpd")
    command = reg.lookup("tail")
    if command is not None:
        reg.register("tail", _following(command.fn, on_wait or (lambda ctx, ready: False)), path=command.path)
    command = reg.lookup("sleep")
    if command is not None:
        reg.register("sleep", _sleeping(command.fn, on_serve), path=command.path)
    if on_outside is not None:
        for name in OUTSIDE_TOOLS:
            command = reg.lookup(name)
            if command is not None and not command.builtin:
                reg.register(name, _outside(command.fn, on_outside), path=command.path)
    if image is not None and "busybox" in image.binaries:
        for name, wording in BUSYBOX_WORDING.items():
            command = reg.lookup(name)
            if command is not None:
                reg.register(name, _reworded(command.fn, wording), path=command.path)
    return reg


def _image_commands(base: CommandRegistry, image: images.Image | None, cache: dict) -> tuple[CommandRegistry, list]:
    """What registry() works out from the workstation's commands and the image alone: the
    commands copied as they are, then the image's binaries as steps (name, function, whether
    it is a factory taking on_serve, path). Kept in `cache` per image and checked against the
    workstation's commands' count of changes, so a command registered later is seen."""
    known = cache.get(id(image))
    if known is not None and known[0] is base and known[1] is image and known[2] == base.changes:
        return known[3], known[4]
    current = [(name, base.lookup(name)) for name in base.names()]
    static = CommandRegistry()
    wanted = set(image.binaries) if image is not None else set(base.names())
    for name, command in current:
        if command.builtin or name in SHELL_BUILTINS or name in wanted:
            static.register(name, command.fn, path=command.path, builtin=command.builtin)
    steps, seen = [], set(static.names())
    for name in sorted(wanted):
        base_name = name.rsplit("/", 1)[-1]
        path = name if name.startswith("/") else f"/usr/bin/{name}"
        if name in SERVERS or base_name in SERVERS:
            step = (name, _server_command, True, path)
        elif name in ("docker-entrypoint.sh", "/docker-entrypoint.sh", "/entrypoint.sh", "docker-php-entrypoint"):
            step = (name, _exec_args, False, name if name.startswith("/") else f"/usr/local/bin/{name}")
        elif base_name in ("python", "python3", "busybox", "agnhost", "pause", "stress"):
            step = (name, _program, True, path)
        elif base_name in ("ash", "dash") and base.lookup("sh") is not None:
            step = (name, base.lookup("sh").fn, False, f"/bin/{base_name}")
        elif base_name in programs.PROGRAMS and name not in seen:
            step = (name, programs.PROGRAMS[base_name], False, path)
        elif base_name in programs.STANDINS:
            step = (name, programs.standin, True, path)
        elif name not in seen:
            step = (name, _missing_tool, False, path)
        else:
            continue
        steps.append(step)
        seen.add(name)
    cache[id(image)] = (base, image, base.changes, static, steps)
    return static, steps


def serves_at_once(base: CommandRegistry, image: images.Image | None, argv, cache: dict) -> bool:
    """Does a container's main process with this argv become a server at its first step (a
    server binary, maybe behind the image's entrypoint wrapper), doing nothing else first?
    Then its replay always ends alike: it serves from its start and never ends on its own
    (the kubelet need not replay it to know). False whenever unsure."""
    if image is None or not argv:
        return False
    key = ("final", id(image))
    known = cache.get(key)
    if known is None or known[0] is not image or known[1] != base.changes:
        known = cache[key] = (image, base.changes, registry(base, image, _unused, _unused, _unused, cache))
    commands = known[2]
    argv = list(argv)
    if commands.lookup(argv[0]) is None and commands.lookup(argv[0].rsplit("/", 1)[-1]):
        argv[0] = argv[0].rsplit("/", 1)[-1]  # as world.PodWorld's process body does
    for _ in range(2):  # the wrapper, then what it runs
        command = commands.lookup(argv[0])
        if command is None:
            return False
        if command.fn is _exec_args:
            argv = argv[1:]
            if not argv or argv[0].startswith("-"):
                return False
            continue
        if getattr(command.fn, "serves", False):
            name = argv[0].rsplit("/", 1)[-1]
            kind = SERVERS.get(argv[0]) or SERVERS.get(name) or "tcp"
            return not (kind == "nginx" and ("-s" in argv[1:] or "-v" in argv[1:]))
        return False
    return False


def _unused(*args):
    raise AssertionError("serves_at_once's registry is only looked at")


def _outside(fn, on_outside):
    def run(ctx: Invocation) -> int:
        return on_outside(ctx, fn)
    return run


def prints_only(argv: list[str]) -> bool:
    """Does this run of an outside tool only print (no file written), so that its answer can be
    kept as text and given again?"""
    name, args = argv[0].rsplit("/", 1)[-1], argv[1:]
    if name == "wget":
        return "--spider" in args or any(a in ("-O-", "-qO-", "-qO", "-O") and
                                         (a.endswith("-") and a != "-qO" or i + 1 < len(args) and args[i + 1] == "-")
                                         for i, a in enumerate(args))
    if name == "curl":
        return not any(a in ("-o", "-O", "--output", "--remote-name") or a.startswith("--output=") or
                       (a.startswith("-") and not a.startswith("--") and ("o" in a[1:] or "O" in a[1:]))
                       for a in args)
    return True


def _is_follow(arg: str) -> bool:
    return arg in ("-f", "-F") or arg.startswith("--follow")


def _following(tail, on_wait):
    """`tail -f` / `-F`: print the end of the file, then keep running and print what is
    appended (the process waits for another to write, costing nothing meanwhile)."""
    def run(ctx: Invocation) -> int:
        follow = [a for a in ctx.argv[1:] if _is_follow(a)]
        if not follow:
            return tail(ctx)
        argv = [a for a in ctx.argv if not _is_follow(a)]
        status = tail(Invocation(argv, _streams(ctx), ctx.env, ctx.shell))
        from ..shell.tools.options import UsageError, getopt

        try:
            _, operands = getopt(argv[1:], "n:c:qv", {"lines=": "n", "bytes=": "c", "quiet": "q"})
        except UsageError:
            return status
        paths = [ctx.path(p) for p in operands if p != "-"]
        if not paths:
            return status  # following a pipe ends with its input
        seen = {p: _size(ctx, p) for p in paths}
        while True:
            if not on_wait(ctx, lambda: any(_size(ctx, p) != seen[p] for p in paths)):
                return status
            for path in paths:
                size = _size(ctx, path)
                if size == seen[path]:
                    continue
                data = bytes(ctx.fs.lookup(path).data) if size >= 0 else b""
                if 0 <= size < max(seen[path], 0):
                    ctx.stderr.write(f"tail: {path}: file truncated\n")
                    ctx.stdout.write(data)
                elif size > 0:
                    ctx.stdout.write(data[max(seen[path], 0):])
                seen[path] = size
    return run


def _size(ctx: Invocation, path: str) -> int:
    node = ctx.fs.lookup(path)
    return -1 if node is None or node.is_dir else len(node.data)


# busybox words some errors its own way (GNU coreutils: `ls: cannot access '/x': No such file
# or directory`, status 2; busybox: `ls: /x: No such file or directory`, status 1).
BUSYBOX_WORDING = {
    "ls": ((re.compile(r"^ls: cannot access '(.*)': (.*)$"), r"ls: \1: \2"), {2: 1}),
    "cat": ((re.compile(r"^cat: (.*): (No such file or directory|Permission denied)$"), r"cat: can't open '\1': \2"),
            {}),
}


class _Rewording:
    """A stderr that rewrites each line as it passes (keeping its place among stdout writes)."""

    def __init__(self, target, pattern, replacement) -> None:
        self.target, self.pattern, self.replacement = target, pattern, replacement

    def write(self, data) -> None:
        text = data.decode(errors="replace") if isinstance(data, (bytes, bytearray)) else data
        lines = text.split("\n")
        self.target.write("\n".join(self.pattern.sub(self.replacement, line) for line in lines))


def _reworded(fn, wording):
    (pattern, replacement), statuses = wording

    def run(ctx: Invocation) -> int:
        from ..shell.registry import Streams

        streams = Streams(ctx.stdin_stream, ctx.stdout, _Rewording(ctx.stderr, pattern, replacement))
        status = fn(Invocation(ctx.argv, streams, ctx.env, ctx.shell))
        return statuses.get(status, status)
    return run


def _sleeping(sleep, on_serve):
    """`sleep infinity`, which GNU and busybox sleep both accept."""
    def run(ctx: Invocation) -> int:
        if any(a in ("infinity", "inf") for a in ctx.argv[1:]):
            on_serve(ctx, "idle", ctx.argv)
            return 0
        return sleep(ctx)
    return run


NGINX_ENTRYPOINT_LOG = """/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration
/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/
/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh
10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf
10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf
/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh
/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh
/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh
/docker-entrypoint.sh: Configuration complete; ready for start up
"""
NGINX_START_LOG = ("{t} [notice] 1#1: using the \"epoll\" event method\n{t} [notice] 1#1: nginx/{v}\n"
                   "{t} [notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14+deb12u1) \n"
                   "{t} [notice] 1#1: OS: Linux 6.8.0-79-generic\n"
                   "{t} [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576\n"
                   "{t} [notice] 1#1: start worker processes\n")


ENTRYPOINT_SERVERS = ("mongod", "redis-server", "mysqld", "postgres", "rabbitmq-server")


def _exec_args(ctx: Invocation) -> int:
    """docker-entrypoint.sh: set things up, then `exec "$@"`."""
    args = ctx.argv[1:]
    if not args:
        return 0
    if args[0].startswith("-"):
        # The official images' entrypoints (mongo, redis, mysql, postgres, rabbitmq) run their
        # server with the given flags when the first argument is a flag (`args: [--bind_ip, ...]`).
        server = next((s for s in ENTRYPOINT_SERVERS if ctx.shell.commands.lookup(s) is not None), None)
        if server is not None:
            args = [server] + args
    if args[0] == "nginx" and ctx.argv[0].endswith("/docker-entrypoint.sh"):
        ctx.stdout.write(NGINX_ENTRYPOINT_LOG)
    return ctx.shell.call(args, _streams(ctx))


def _streams(ctx: Invocation):
    from ..shell.registry import Streams

    return Streams(ctx.stdin_stream, ctx.stdout, ctx.stderr)


def _server_command(on_serve):
    def run(ctx: Invocation) -> int:
        name = ctx.argv[0].rsplit("/", 1)[-1]
        kind = SERVERS.get(ctx.argv[0]) or SERVERS.get(name) or "tcp"
        if kind == "nginx" and "-s" in ctx.argv[1:]:
            return 0  # `nginx -s quit`: signals the running master, which then ends
        # The nginx binary's release is the image tag's, which the image's NGINX_VERSION
        # variable records (the registry of commands is shared by every tag of an image).
        version = ctx.env.get("NGINX_VERSION") or images.NGINX_LATEST
        if kind == "nginx" and "-v" in ctx.argv[1:]:
            ctx.stderr.write(f"nginx version: nginx/{version}\n")
            return 0
        if kind == "nginx":
            from datetime import UTC, datetime

            stamp = datetime.fromtimestamp(ctx.shell.clock(), UTC).strftime("%Y/%m/%d %H:%M:%S")
            ctx.stderr.write(NGINX_START_LOG.format(t=stamp, v=version))
        on_serve(ctx, kind, ctx.argv)
        return 0
    run.serves = True  # see serves_at_once
    return run


def _program(on_serve):
    """python, busybox, agnhost and pause: servers for some arguments, plain programs otherwise."""
    def run(ctx: Invocation) -> int:
        name, args = ctx.argv[0].rsplit("/", 1)[-1], ctx.argv[1:]
        if name == "busybox" and args:
            return ctx.shell.call(args, _streams(ctx))
        if name in ("python", "python3") and args[:2] == ["-m", "http.server"]:
            on_serve(ctx, "python-http", ctx.argv)
        elif name == "httpd" and "-f" in args:
            on_serve(ctx, "busybox-httpd", ctx.argv)
        elif name == "httpd":
            return 0  # busybox httpd without -f daemonizes: the shell's command returns at once
        elif name == "agnhost":
            on_serve(ctx, "agnhost", ctx.argv)
        elif name == "pause":
            on_serve(ctx, "pause", ctx.argv)
        elif name == "stress":
            on_serve(ctx, "stress", ctx.argv)
        elif name in ("python", "python3") and args[:1] == ["-c"] and len(args) > 1 \
                and args[1].strip().startswith("print("):
            ctx.stdout.write(args[1].strip()[6:-1].strip("'\"") + "\n")
        return 0  # an interpreter without a script reads an empty stdin and exits
    return run


def _missing_tool(ctx: Invocation) -> int:
    ctx.stderr.write(f"{ctx.argv[0]}: this program is not simulated yet\n")
    return 127
