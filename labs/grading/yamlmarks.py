"""YAML with line numbers: the data as `yaml.safe_load` gives it, plus the line of every path.

Authors need "lab.yaml:14: ..." rather than "checks[2].pods.count: ...", so the loader keeps
a map from each path (a tuple of keys and indexes) to the 1-based line where it starts.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

NESTING = "nesting too deep: YAML nested hundreds of levels deep cannot be read"


class YAMLProblem(Exception):
    def __init__(self, line: int, message: str):
        self.line, self.message = line, message
        super().__init__(f"{line}: {message}")


@dataclass
class Marked:
    data: object
    lines: dict[tuple, int]

    def line(self, path: tuple) -> int:
        """The line of `path`, or of its nearest ancestor that has one."""
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)


def load(text: str) -> Marked:
    try:
        # One parse: the data is built from the very nodes whose marks we keep.
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as error:
        raise problem(error, text) from None
    except RecursionError:  # PyYAML recurses once per level: `[[[[...` thousands deep
        raise YAMLProblem(1, NESTING) from None
    lines: dict[tuple, int] = {}
    if node is not None:
        _walk(node, (), lines)
    return Marked(data, lines)


def problem(error: yaml.YAMLError, text: str) -> YAMLProblem:
    """Any YAML error as a line and a message; a character YAML refuses (a control character,
    say) comes as a ReaderError with a position instead of a mark."""
    if isinstance(error, yaml.reader.ReaderError):
        line = text.count("\n", 0, error.position) + 1
        return YAMLProblem(line, f"the character U+{error.character:04X} is not allowed in YAML ({error.reason})")
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    message = getattr(error, "problem", None) or getattr(error, "context", None) or "invalid YAML"
    return YAMLProblem(mark.line + 1 if mark else 1, message)


def _walk(node, path: tuple, lines: dict[tuple, int]) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set = set()
        for key, value in node.value:
            if key.value in seen:
                raise YAMLProblem(key.start_mark.line + 1,
                                  f"mapping key {key.value!r} already defined")
            seen.add(key.value)
            child = path + (key.value,)
            _walk(value, child, lines)
            lines[child] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, path + (index,), lines)
