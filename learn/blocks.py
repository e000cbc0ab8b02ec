"""Runnable blocks of a lesson: manifests (```` ```yaml file=NAME ````) and console sessions.

Both languages of a lesson carry the same runnable blocks in the same order, so a block is
named by its lesson and its index (`Lesson.blocks[N]`), which is what the sandbox links carry.
A console block is `$ command` lines, each followed by the exact output it prints; a
here-document's body belongs to its command.
"""

import re
import shlex
from dataclasses import dataclass

HEREDOC = re.compile(r"<<-?\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\1")
RUNNABLE_LANGUAGES = {"console"}


@dataclass(frozen=True)
class Info:
    """A fence's info string: ```` ```yaml file=web.yaml expect=error ```` ."""

    language: str
    attrs: dict

    @property
    def file(self) -> str | None:
        return self.attrs.get("file")

    @property
    def runnable(self) -> bool:
        return self.language in RUNNABLE_LANGUAGES or (self.language == "yaml" and bool(self.file))


def parse_info(info: str) -> Info:
    """Split an info string into its language and `key=value` attributes (values may be quoted)."""
    try:
        words = shlex.split(info)
    except ValueError:
        words = info.split()
    if not words:
        return Info("", {})
    attrs = {}
    for word in words[1:]:
        key, _, value = word.partition("=")
        attrs[key] = value
    return Info(words[0], attrs)


@dataclass(frozen=True)
class Step:
    command: str
    expected: str


def console_steps(text: str) -> list[Step]:
    """The `$ ` commands of a console block, each with the output the lesson shows for it."""
    lines = text.splitlines()
    steps: list[Step] = []
    i = 0
    while i < len(lines) and not lines[i].startswith("$ "):
        i += 1  # text before the first prompt is not part of any command
    while i < len(lines):
        command = [lines[i][2:]]
        i += 1
        marker = HEREDOC.search(command[0])
        if marker:
            while i < len(lines):
                command.append(lines[i])
                i += 1
                if lines[i - 1].strip() == marker.group(2):
                    break
        output = []
        while i < len(lines) and not lines[i].startswith("$ "):
            output.append(lines[i])
            i += 1
        steps.append(Step("\n".join(command), "\n".join(output)))
    return steps


def block_record(info: Info, text: str) -> dict:
    """What the database keeps of one runnable block (JSON), for the sandbox and the tests."""
    if info.language == "console":
        return {
            "kind": "console",
            "text": text,
            "commands": [step.command for step in console_steps(text)],
        }
    return {
        "kind": "file",
        "file": info.file,
        "text": text,
        "expect_error": info.attrs.get("expect") == "error",
    }
