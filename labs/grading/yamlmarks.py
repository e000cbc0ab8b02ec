"""YAML with line numbers: the data as `yaml.safe_load` gives it, plus the line of every path.

Authors need "lab.yaml:14: ..." rather than "checks[2].pods.count: ...", so the loader keeps
a map from each path (a tuple of keys and indexes) to the 1-based line where it starts.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml


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
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise YAMLProblem(mark.line + 1 if mark else 1,
                          error.problem or error.context or "invalid YAML") from None
    lines: dict[tuple, int] = {}
    if node is not None:
        _walk(node, (), lines)
    return Marked(data, lines)


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
