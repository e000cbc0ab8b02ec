"""The text machinery every describer writes through: Go's `text/tabwriter` and kubectl's
`PrefixWriter`.

kubectl builds each description with `tabbedString` (kubernetes/kubectl pkg/describe/describe.go,
read at the v0.37.0-beta.0 tag): a tabwriter with minwidth 0, tabwidth 8, padding 2 and pad
character ' ', flushed once at the end. Alignment therefore depends on *column blocks*: runs of
consecutive lines that all have a tab-terminated cell in the same column. A line without a tab
ends every block, which is why `Name:` and `Namespace:` line up while `Containers:` starts afresh.
The block algorithm below follows Go's `Writer.format` (src/text/tabwriter/tabwriter.go) step by
step; the last cell of a line never belongs to a column and is never padded.

`PrefixWriter.write(level, text)` indents by two spaces per level and escapes terminal control
characters the way cli-runtime's `printers.WriteEscaped` does (ESC becomes `^[`, CR `\\r`).
"""

from __future__ import annotations

MIN_WIDTH = 0
PADDING = 2

LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, LEVEL_4 = range(5)


def _escape(text: str) -> str:
    return text.replace("\x1b", "^[").replace("\r", "\\r")


def _split(text: str) -> list[list[str]]:
    """Lines of cells; every cell but the last of a line was terminated by a tab."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the text ends with a newline: no partial last line
    return [line.split("\t") for line in lines]


class _Formatter:
    """Go's tabwriter column-block algorithm over a fully buffered text."""

    def __init__(self, lines: list[list[str]]):
        self.lines = lines
        self.widths: list[int] = []
        self.out: list[str] = []

    def write_lines(self, line0: int, line1: int) -> None:
        for line in self.lines[line0:line1]:
            parts = []
            for j, cell in enumerate(line):
                if j < len(self.widths) and j < len(line) - 1:
                    parts.append(cell.ljust(self.widths[j]))
                else:
                    parts.append(cell)
            self.out.append("".join(parts) + "\n")

    def format(self, line0: int, line1: int) -> None:
        column = len(self.widths)
        this = line0
        while this < line1:
            if column >= len(self.lines[this]) - 1:
                this += 1
                continue
            # A cell exists in this column: print what came before, then size the block.
            self.write_lines(line0, this)
            line0 = this
            width = MIN_WIDTH
            while this < line1 and column < len(self.lines[this]) - 1:
                width = max(width, len(self.lines[this][column]) + PADDING)
                this += 1
            self.widths.append(width)
            self.format(line0, this)
            self.widths.pop()
            line0 = this
        self.write_lines(line0, line1)


def tabwrite(text: str) -> str:
    """Align tab-separated text exactly as kubectl's describe tabwriter does."""
    lines = _split(text)
    formatter = _Formatter(lines)
    formatter.format(0, len(lines))
    result = "".join(formatter.out)
    if text and not text.endswith("\n"):
        result = result[:-1]  # Go writes a trailing partial line without a newline
    return result


class PrefixWriter:
    """kubectl's prefixWriter: `write(level, text)` with two spaces per level, then `text()`."""

    def __init__(self):
        self._parts: list[str] = []

    def write(self, level: int, text: str) -> None:
        self._parts.append(_escape("  " * level + text))

    def line(self, text: str = "") -> None:
        """WriteLine: the text and a newline, without indentation."""
        self._parts.append(_escape(text + "\n"))

    def raw(self) -> str:
        return "".join(self._parts)

    def text(self) -> str:
        return tabwrite(self.raw())
