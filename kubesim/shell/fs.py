"""The learner's workstation filesystem: in memory, deterministic, and serialisable.

Files hold bytes; directories hold named entries; each node has a mode and an mtime taken from
the injected clock (seconds since the Unix epoch). There are no links and no permissions checks
beyond what `ls -l` shows. `snapshot()` gives plain JSON-able data and `VirtualFS.restore()`
rebuilds the same tree from it.

Errors are `FSError`s carrying the strerror text that coreutils print
(`No such file or directory`); each tool words its own message around it.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from .clock import FixedClock

HOME = "/home/learner"
STRERROR = {
    "ENOENT": "No such file or directory",
    "ENOTDIR": "Not a directory",
    "EISDIR": "Is a directory",
    "EEXIST": "File exists",
    "ENOTEMPTY": "Directory not empty",
    "EINVAL": "Invalid argument",
    "EFBIG": "File too large",
}
# A workstation holds kubeconfigs, manifests and certificates, not media: cap the total size.
MAX_TOTAL_BYTES = 16 * 1024 * 1024


class FSError(Exception):
    def __init__(self, code: str, path: str = "") -> None:
        super().__init__(f"{path}: {STRERROR[code]}")
        self.code = code
        self.path = path
        self.strerror = STRERROR[code]


@dataclass
class Node:
    is_dir: bool
    mode: int
    mtime: float
    data: bytearray = field(default_factory=bytearray)  # appends stay cheap
    entries: dict[str, Node] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return 4096 if self.is_dir else len(self.data)


def normpath(path: str, cwd: str = "/") -> str:
    """An absolute path without `.`, `..` or doubled slashes (`..` of `/` is `/`)."""
    full = path if path.startswith("/") else f"{cwd}/{path}"
    parts: list[str] = []
    for piece in full.split("/"):
        if piece in ("", "."):
            continue
        if piece == "..":
            if parts:
                parts.pop()
        else:
            parts.append(piece)
    return "/" + "/".join(parts)


def basename(path: str) -> str:
    stripped = path.rstrip("/")
    return stripped.rsplit("/", 1)[-1] if stripped else "/"


class VirtualFS:
    def __init__(self, clock: Callable[[], float] | None = None, home: str = HOME) -> None:
        self.clock = clock or FixedClock()
        self.home = home
        self.root = Node(True, 0o755, self.clock())
        for directory in ("/dev", "/tmp", "/etc", home):
            self.mkdir(directory, parents=True)
        self.lookup("/tmp").mode = 0o1777
        self.write("/dev/null", b"")
        self.lookup("/dev/null").mode = 0o666

    # -- looking up -----------------------------------------------------------------------

    def lookup(self, path: str, cwd: str = "/") -> Node | None:
        node = self.root
        for piece in normpath(path, cwd).split("/")[1:]:
            if not piece:
                continue
            if not node.is_dir or piece not in node.entries:
                return None
            node = node.entries[piece]
        if path.endswith("/") and not node.is_dir:
            return None
        return node

    def stat(self, path: str, cwd: str = "/") -> Node:
        node = self.lookup(path, cwd)
        if node is None:
            raise FSError(self._missing_code(path, cwd), path)
        return node

    def _missing_code(self, path: str, cwd: str) -> str:
        """ENOTDIR when a file stands where a directory is needed, ENOENT otherwise."""
        node = self.root
        pieces = [p for p in normpath(path, cwd).split("/") if p]
        for piece in pieces:
            if not node.is_dir:
                return "ENOTDIR"
            if piece not in node.entries:
                return "ENOENT"
            node = node.entries[piece]
        return "ENOTDIR" if path.endswith("/") and not node.is_dir else "ENOENT"

    def exists(self, path: str, cwd: str = "/") -> bool:
        return self.lookup(path, cwd) is not None

    def is_dir(self, path: str, cwd: str = "/") -> bool:
        node = self.lookup(path, cwd)
        return node is not None and node.is_dir

    def is_file(self, path: str, cwd: str = "/") -> bool:
        node = self.lookup(path, cwd)
        return node is not None and not node.is_dir

    def listdir(self, path: str, cwd: str = "/") -> list[str]:
        node = self.stat(path, cwd)
        if not node.is_dir:
            raise FSError("ENOTDIR", path)
        return sorted(node.entries)

    def walk_files(self, path: str, cwd: str = "/") -> Iterator[str]:
        """Paths of the files under a directory, depth first, in name order."""
        node = self.stat(path, cwd)
        if not node.is_dir:
            yield path
            return
        for name in sorted(node.entries):
            child = f"{path.rstrip('/')}/{name}" if path != "/" else f"/{name}"
            yield from self.walk_files(child, cwd)

    # -- reading and writing --------------------------------------------------------------

    def read(self, path: str, cwd: str = "/") -> bytes:
        node = self.stat(path, cwd)
        if node.is_dir:
            raise FSError("EISDIR", path)
        return bytes(node.data)

    def write(self, path: str, data: bytes | str, cwd: str = "/", append: bool = False,
              parents: bool = False) -> None:
        if isinstance(data, str):
            data = data.encode(errors="surrogateescape")  # raw bytes from printf '\xff'

        if normpath(path, cwd) == "/dev/null" and data:
            return
        if parents:
            self.mkdir(normpath(path, cwd).rsplit("/", 1)[0] or "/", parents=True)
        node = self.lookup(path, cwd)
        if node is None:
            node = Node(False, 0o644, self.clock())
            self._parent(path, cwd).entries[basename(normpath(path, cwd))] = node
        elif node.is_dir:
            raise FSError("EISDIR", path)
        growth = len(data) if append else len(data) - len(node.data)
        if growth > 0 and self.total_bytes() + growth > MAX_TOTAL_BYTES:
            raise FSError("EFBIG", path)
        if append:
            node.data += data
        else:
            node.data = bytearray(data)
        node.mtime = self.clock()

    def _parent(self, path: str, cwd: str) -> Node:
        full = normpath(path, cwd)
        if full == "/":
            raise FSError("EISDIR", path)
        parent = self.lookup(full.rsplit("/", 1)[0] or "/")
        if parent is None or not parent.is_dir:
            raise FSError(self._missing_code(full.rsplit("/", 1)[0] or "/", "/") if parent
                          is None else "ENOTDIR", path)
        return parent

    def touch(self, path: str, cwd: str = "/") -> None:
        node = self.lookup(path, cwd)
        if node is None:
            self.write(path, b"", cwd)
        else:
            node.mtime = self.clock()

    def mkdir(self, path: str, cwd: str = "/", parents: bool = False) -> None:
        full = normpath(path, cwd)
        node = self.lookup(full)
        if node is not None:
            if parents and node.is_dir:
                return
            raise FSError("EEXIST", path)
        if parents and full != "/":
            self.mkdir(full.rsplit("/", 1)[0] or "/", parents=True)
        self._parent(full, "/").entries[basename(full)] = Node(True, 0o755, self.clock())

    def remove(self, path: str, cwd: str = "/", recursive: bool = False) -> None:
        node = self.stat(path, cwd)
        if node.is_dir and not recursive:
            raise FSError("EISDIR", path)
        full = normpath(path, cwd)
        if full == "/":
            raise FSError("EINVAL", path)
        del self._parent(full, "/").entries[basename(full)]

    def rmdir(self, path: str, cwd: str = "/") -> None:
        node = self.stat(path, cwd)
        if not node.is_dir:
            raise FSError("ENOTDIR", path)
        if node.entries:
            raise FSError("ENOTEMPTY", path)
        self.remove(path, cwd, recursive=True)

    def move(self, src: str, dst: str, cwd: str = "/") -> None:
        node = self.stat(src, cwd)
        full_src, full_dst = normpath(src, cwd), normpath(dst, cwd)
        if full_dst == full_src or full_dst.startswith(full_src + "/"):
            raise FSError("EINVAL", dst)
        parent = self._parent(full_dst, "/")
        del self._parent(full_src, "/").entries[basename(full_src)]
        parent.entries[basename(full_dst)] = node

    def copy_node(self, src: str, dst: str, cwd: str = "/") -> None:
        """Copy a file or (recursively) a directory to a path that names the new node."""
        node = self.stat(src, cwd)
        self._parent(dst, cwd).entries[basename(normpath(dst, cwd))] = self._clone(node)

    def _clone(self, node: Node) -> Node:
        now = self.clock()
        if node.is_dir:
            return Node(True, node.mode, now,
                        entries={k: self._clone(v) for k, v in node.entries.items()})
        return Node(False, node.mode, now, data=bytearray(node.data))

    def total_bytes(self) -> int:
        def size(node: Node) -> int:
            return sum(size(n) for n in node.entries.values()) if node.is_dir else len(node.data)
        return size(self.root)

    # -- snapshots ------------------------------------------------------------------------

    def snapshot(self) -> dict:
        return {"home": self.home, "root": _dump(self.root)}

    @classmethod
    def restore(cls, data: dict, clock: Callable[[], float] | None = None) -> VirtualFS:
        fs = cls(clock, data["home"])
        fs.root = _load(data["root"])
        return fs


def _dump(node: Node) -> dict:
    out: dict = {"mode": node.mode, "mtime": node.mtime}
    if node.is_dir:
        out["entries"] = {name: _dump(child) for name, child in sorted(node.entries.items())}
    else:
        out["data"] = base64.b64encode(node.data).decode("ascii")
    return out


def _load(data: dict) -> Node:
    if "entries" in data:
        return Node(True, data["mode"], data["mtime"],
                    entries={name: _load(child) for name, child in data["entries"].items()})
    return Node(False, data["mode"], data["mtime"],
                data=bytearray(base64.b64decode(data["data"])))
