"""Decode what a learner pastes or applies: multi-document YAML (block, flow/KYAML) or JSON.

`decode(text)` returns a `Decoded`: one `Document` per YAML document, each with its data
(plain dicts, lists and scalars), where every field sits in the text (line and column,
1-based, for values and for keys), or the syntax error that stopped it.

How kubectl reads a file, and what we copy from it:
- It cuts the stream into documents at lines that start with `---` (apimachinery's
  YAMLReader) and converts each document on its own with go-yaml v2, so the line in its
  error (`error converting YAML to JSON: yaml: line 7: ...`) counts from the start of that
  document. We cut the same way, so a broken document does not hide the others.
- go-yaml v2 prints the libyaml problem text that CSafeLoader gives us, and its line quirk:
  scanner errors show the 1-based line, parser errors the 0-based one (`parser.fail()` in
  gopkg.in/yaml.v2 decode.go). We reproduce both.
- Duplicate keys are refused (`mapping key "kind" already defined at line 2`, go-yaml v2).
- YAML 1.1 scalars: `yes`/`on`/`no`/`off` are booleans in untyped positions for PyYAML and
  for go-yaml v2 alike, so we keep PyYAML's reading; timestamps stay strings, as go-yaml v2
  keeps them for interface{} targets.

Limits (DESIGN.md): size (checked before parsing), documents, nesting depth, and an alias
expansion budget; aliases and merge keys are allowed within it.
"""

import re
from dataclasses import dataclass, field

import yaml

from kubesim.apiserver.errors import Diagnostic

WEB_MAX_BYTES = 256 * 1024
CLI_MAX_BYTES = 1024 * 1024
MAX_DOCUMENTS = 50
MAX_DEPTH = 64
ALIAS_BUDGET = 10_000

_MERGE_TAG = "tag:yaml.org,2002:merge"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_constructor = yaml.constructor.SafeConstructor()

Path = tuple  # of str keys and int indexes


@dataclass(frozen=True)
class DecodeError:
    """Why a document (or the whole input) could not be read."""

    code: str  # yaml.syntax, yaml.duplicate_key, limit.size, limit.documents, limit.depth, ...
    message: str  # short, for the editor: `mapping values are not allowed in this context`
    kubectl: str  # kubectl's whole stderr line(s), for the terminal
    line: int | None = None  # 1-based, in the whole text
    column: int | None = None
    document: int = 0

    def diagnostic(self) -> Diagnostic:
        return Diagnostic(self.message, "", self.line, self.column, self.code, self.document)


@dataclass
class Document:
    """One YAML document: its data and where each field is, or its error."""

    index: int
    first_line: int  # 1-based line where the document's text starts
    data: object = None
    positions: dict = field(default_factory=dict)  # path -> (line, column) of the value
    key_positions: dict = field(default_factory=dict)  # path -> (line, column) of its key
    error: DecodeError | None = None

    def position(self, path: Path, key: bool = False) -> tuple[int, int] | None:
        """Where `path` is written (its key with key=True). A path that is not written falls
        back to the key of its nearest written ancestor, where the missing field belongs."""
        path = tuple(path)
        if key and path in self.key_positions:
            return self.key_positions[path]
        if path in self.positions:
            return self.positions[path]
        while path:
            path = path[:-1]
            found = self.key_positions.get(path) or self.positions.get(path)
            if found:
                return found
        return None


@dataclass
class Decoded:
    """All documents of one input, or the error that refused the whole input."""

    documents: list[Document] = field(default_factory=list)
    error: DecodeError | None = None  # input-level: too large, too many documents

    @property
    def objects(self) -> list[Document]:
        """Documents that decoded to data (what the editor validates)."""
        return [d for d in self.documents if d.error is None]

    @property
    def applicable(self) -> list[Document]:
        """What `kubectl apply` sends: documents before the first one it cannot read
        (its stream decoder stops there), provided the input itself was accepted."""
        if self.error:
            return []
        out = []
        for d in self.documents:
            if d.error:
                break
            out.append(d)
        return out

    @property
    def errors(self) -> list[DecodeError]:
        found = [self.error] if self.error else []
        return found + [d.error for d in self.documents if d.error]

    def diagnostics(self) -> list[Diagnostic]:
        return [e.diagnostic() for e in self.errors]


class _Refused(Exception):
    def __init__(self, code: str, message: str, go_message: str, mark):
        super().__init__(message)
        self.code, self.message, self.go_message, self.mark = code, message, go_message, mark


def decode(text: str, source: str = "-", max_bytes: int = WEB_MAX_BYTES) -> Decoded:
    """Read every document of `text`; `source` is the file name kubectl would print."""
    if len(text) > max_bytes or len(text.encode("utf-8", "surrogatepass")) > max_bytes:
        return Decoded(error=_input_error("limit.size", _size_message(max_bytes), source))
    chunks = _split_documents(text, source)
    if isinstance(chunks, DecodeError):
        return Decoded(error=chunks)
    nonempty = [c for c in chunks if c[1].strip()]
    if len(nonempty) > MAX_DOCUMENTS:
        message = f"too many YAML documents: {len(nonempty)} (the limit is {MAX_DOCUMENTS})"
        return Decoded(error=_input_error("limit.documents", message, source))
    out = Decoded()
    budget = [ALIAS_BUDGET]
    for first_line, chunk in chunks:
        for doc in _decode_chunk(chunk, first_line, source, len(out.documents), budget):
            out.documents.append(doc)
    return out


def _size_message(max_bytes: int) -> str:
    if max_bytes % (1024 * 1024) == 0:
        return f"input too large: more than {max_bytes // (1024 * 1024)} MiB"
    return f"input too large: more than {max_bytes // 1024} KiB"


def _input_error(code: str, message: str, source: str, line: int | None = None) -> DecodeError:
    return DecodeError(
        code,
        message,
        f"error: error reading {source}: {message}",
        line,
        None if line is None else 1,
    )


_SEPARATOR = re.compile(r"^---(.*)$", re.MULTILINE)


def _split_documents(text: str, source: str) -> list[tuple[int, str]] | DecodeError:
    """Cut at lines starting with `---`, as apimachinery's YAMLReader does; text after the
    marker may only be spaces or a comment (its `invalid Yaml document separator`)."""
    chunks, start, start_line = [], 0, 1
    for m in _SEPARATOR.finditer(text):
        rest = m.group(1).strip()
        line = text.count("\n", 0, m.start()) + 1
        if rest and not rest.startswith("#"):
            message = f"invalid Yaml document separator: {rest}"
            return DecodeError(
                "yaml.separator", message, f"error: error parsing {source}: {message}", line, 1
            )
        chunks.append((start_line, text[start : m.start()]))
        start, start_line = m.end() + 1, line + 1
    chunks.append((start_line, text[start:]))
    return chunks


def _decode_chunk(
    chunk: str, first_line: int, source: str, index: int, budget: list[int]
) -> list[Document]:
    """Compose one `---` chunk with libyaml and build its documents."""
    if not chunk.strip():
        return []
    docs: list[Document] = []
    try:
        for node in yaml.compose_all(chunk, Loader=yaml.CSafeLoader):
            if node is None:
                continue
            doc = Document(index + len(docs), first_line)
            _check_alias_budget(node, budget[0])
            builder = _Builder(doc, first_line, budget)
            doc.data = builder.build(node, (), 1)
            doc.error = _check_type_meta(doc, source)
            docs.append(doc)
    except yaml.reader.ReaderError as e:
        docs.append(
            Document(
                index + len(docs),
                first_line,
                error=_reader_error(e, chunk, first_line, source, index + len(docs)),
            )
        )
    except yaml.MarkedYAMLError as e:
        docs.append(
            Document(
                index + len(docs),
                first_line,
                error=_syntax_error(e, first_line, source, index + len(docs)),
            )
        )
    except _Refused as e:
        docs.append(
            Document(
                index + len(docs),
                first_line,
                error=_refusal(e, first_line, source, index + len(docs)),
            )
        )
    return docs


def _reader_error(
    e: yaml.reader.ReaderError, chunk: str, first_line: int, source: str, index: int
) -> DecodeError:
    """A character YAML forbids (a control character): go-yaml's reader says so without a line."""
    line = chunk.count("\n", 0, e.position) + first_line
    column = e.position - (chunk.rfind("\n", 0, e.position) + 1) + 1
    problem = "control characters are not allowed"
    kubectl = f"error: error parsing {source}: error converting YAML to JSON: yaml: {problem}"
    return DecodeError("yaml.syntax", problem, kubectl, line, column, index)


def _go_line(e: yaml.MarkedYAMLError) -> int:
    """The line go-yaml v2 prints, relative to the document (see the module docstring)."""
    scanner = isinstance(e, yaml.scanner.ScannerError)
    if e.problem_mark is not None and e.problem_mark.line != 0:
        return e.problem_mark.line + (1 if scanner else 0)
    if e.context_mark is not None:
        return e.context_mark.line
    return 0


def _syntax_error(e: yaml.MarkedYAMLError, first_line: int, source: str, index: int) -> DecodeError:
    problem = e.problem or "unknown problem parsing YAML content"
    if problem == "exceeded maximum nesting depth":
        # libyaml stops at 1,000 levels before our own limit can; answer with ours.
        msg = _depth_message()
        line = e.problem_mark.line + first_line
        return DecodeError(
            "limit.depth",
            msg,
            f"error: error parsing {source}: {msg}",
            line,
            e.problem_mark.column + 1,
            index,
        )
    go_line = _go_line(e)
    where = f"line {go_line}: " if go_line else ""
    # Point the editor at the key that lacks its ':' rather than at the next token.
    mark = (
        e.context_mark
        if problem.startswith("could not find expected ':'") and e.context_mark
        else e.problem_mark
    )
    line = mark.line + first_line if mark else None
    column = mark.column + 1 if mark else None
    kubectl = (
        f"error: error parsing {source}: error converting YAML to JSON: yaml: {where}{problem}"
    )
    return DecodeError("yaml.syntax", problem, kubectl, line, column, index)


def _refusal(e: _Refused, first_line: int, source: str, index: int) -> DecodeError:
    line = e.mark.line + first_line if e.mark else None
    column = e.mark.column + 1 if e.mark else None
    if e.code.startswith("limit."):  # our own limits have no kubectl wording
        kubectl = f"error: error parsing {source}: {e.message}"
    else:
        kubectl = (
            f"error: error parsing {source}: error converting YAML to JSON: yaml: {e.go_message}"
        )
    return DecodeError(e.code, e.message, kubectl, line, column, index)


def _depth_message() -> str:
    return f"nesting too deep: more than {MAX_DEPTH} levels"


_STOP_VALIDATE = "if you choose to ignore these errors, turn validation off with --validate=false"


def _check_type_meta(doc: Document, source: str) -> DecodeError | None:
    """kubectl's client-side check before anything is sent (kubectl pkg/validation
    schema.go getObjectKind; one problem prints bare, several as `[a, b]`, as
    utilerrors.Aggregate does: see kubernetes/kubernetes#109129 for both forms)."""
    data = doc.data
    if not isinstance(data, dict):
        kind = (
            "array" if isinstance(data, list) else "string" if isinstance(data, str) else "number"
        )
        msg = f"json: cannot unmarshal {kind} into Go value of type map[string]interface {{}}"
        line, column = doc.positions.get((), (doc.first_line, 1))
        return DecodeError(
            "object.not_a_mapping",
            msg,
            f"error: error decoding {source}: {msg}",
            line,
            column,
            doc.index,
        )
    problems = []
    for name in ("apiVersion", "kind"):
        if data.get(name) is None:
            problems.append(f"{name} not set")
        elif not isinstance(data[name], str):
            problems.append(f"{name} isn't string type")
    if not problems:
        return None
    joined = problems[0] if len(problems) == 1 else "[" + ", ".join(problems) + "]"
    kubectl = (
        f'error: error validating "{source}": error validating data: {joined}; {_STOP_VALIDATE}'
    )
    line, column = doc.positions.get((), (doc.first_line, 1))
    return DecodeError("object.type_meta", ", ".join(problems), kubectl, line, column, doc.index)


def _check_alias_budget(root, budget: int) -> None:
    """Refuse an alias bomb before building anything: count what the aliases would expand
    to, memoized per node, so a billion-laughs document costs its size, not its expansion."""
    sizes: dict[int, int] = {}
    first_alias = []

    def size(node, depth: int) -> int:
        if id(node) in sizes:
            if not first_alias:
                first_alias.append(node)
            return sizes[id(node)]
        if depth > MAX_DEPTH:  # the builder reports the depth
            return 1
        total = 1
        if isinstance(node, yaml.MappingNode):
            total += sum(size(k, depth + 1) + size(v, depth + 1) for k, v in node.value)
        elif isinstance(node, yaml.SequenceNode):
            total += sum(size(item, depth + 1) for item in node.value)
        sizes[id(node)] = total
        return total

    expanded = size(root, 1)
    if expanded - len(sizes) > budget:
        msg = f"too many aliases: expanding them makes more than {ALIAS_BUDGET} nodes"
        raise _Refused("limit.aliases", msg, msg, first_alias[0].start_mark)


class _Builder:
    """Walks a composed node graph into plain data, recording positions and enforcing the
    depth limit, duplicate keys and the alias expansion budget."""

    def __init__(self, doc: Document, first_line: int, budget: list[int]):
        self.doc, self.offset, self.budget = doc, first_line, budget
        self.seen: set[int] = set()

    def _pos(self, node) -> tuple[int, int]:
        return (node.start_mark.line + self.offset, node.start_mark.column + 1)

    def build(self, node, path: Path, depth: int, expanding: bool = False):
        if depth > MAX_DEPTH:
            msg = _depth_message()
            raise _Refused("limit.depth", msg, msg, node.start_mark)
        if id(node) in self.seen:
            expanding = True  # an alias: the same node again
        self.seen.add(id(node))
        if expanding:
            self.budget[0] -= 1
            if self.budget[0] < 0:
                msg = f"too many aliases: expanding them makes more than {ALIAS_BUDGET} nodes"
                raise _Refused("limit.aliases", msg, msg, node.start_mark)
        if not expanding or path not in self.doc.positions:
            self.doc.positions.setdefault(path, self._pos(node))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth, expanding)
        if isinstance(node, yaml.SequenceNode):
            return [
                self.build(item, path + (i,), depth + 1, expanding)
                for i, item in enumerate(node.value)
            ]
        return _scalar(node)

    def _mapping(self, node, path: Path, depth: int, expanding: bool) -> dict:
        out: dict = {}
        lines: dict = {}
        merges = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                merges.append(value_node)
                continue
            key = _key(key_node)
            if key in lines:
                raise self._duplicate(key, lines[key], key_node)
            lines[key] = key_node.start_mark.line
            self.doc.key_positions.setdefault(path + (key,), self._pos(key_node))
            out[key] = self.build(value_node, path + (key,), depth + 1, expanding)
        for merged in _merge_sources(merges):
            value = self.build(merged, path, depth, True)
            for key, item in value.items():
                out.setdefault(key, item)
        return out

    def _duplicate(self, key: str, first: int, key_node) -> "_Refused":
        """The editor gets lines in the whole text; kubectl's go-yaml counts them within
        the document (it converts each `---` chunk alone)."""
        here = key_node.start_mark.line
        msg = f'mapping key "{key}" already defined at line {first + self.offset}'
        go = f'unmarshal errors:\n  line {here + 1}: mapping key "{key}" already defined at line {first + 1}'
        return _Refused("yaml.duplicate_key", msg, go, key_node.start_mark)


def _merge_sources(merges: list) -> list:
    """`<<: *a` or `<<: [*a, *b]`: earlier sources win, explicit keys win over all."""
    sources = []
    for value in merges:
        items = value.value if isinstance(value, yaml.SequenceNode) else [value]
        for item in items:
            if not isinstance(item, yaml.MappingNode):
                msg = "map merge requires map or sequence of maps as the value"
                raise _Refused("yaml.merge", msg, msg, item.start_mark)
            sources.append(item)
    return sources


def _key(node) -> str:
    """Mapping keys become JSON object keys (strings), as sigs.k8s.io/yaml converts them."""
    if not isinstance(node, yaml.ScalarNode):
        msg = "invalid map key: a key must be a scalar"
        raise _Refused("yaml.key", msg, msg, node.start_mark)
    value = _scalar(node)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _scalar(node):
    if node.tag == _TIMESTAMP_TAG:
        return node.value
    try:
        return _constructor.construct_object(node)
    except yaml.constructor.ConstructorError as e:
        raise _Refused(
            "yaml.scalar", e.problem or "cannot read value", e.problem or "", node.start_mark
        ) from None
