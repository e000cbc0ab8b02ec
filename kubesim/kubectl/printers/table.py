"""kubectl's table output: column definitions, rows, decoration and the tab writer.

Source: k8s.io/cli-runtime pkg/printers/tableprinter.go and tabwriter.go (1.37-dev snapshot).
The API server builds every row in "wide" form and kubectl drops priority-1 columns unless
`-o wide`; headers are the column names upper-cased; a table with no rows prints nothing
(kubectl itself then says "No resources found ..." on standard error, see `no_resources`).
kubectl's tab writer uses minwidth 6, tabwidth 4, padding 3, pad character ' ': every column
but the last is padded to max(6, widest cell + 3); the last cell is never padded.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..selectors import format_labels

MIN_WIDTH = 6
PADDING = 3
_BREAK_CHARS = "\f\n\r"


@dataclass(frozen=True)
class Column:
    """A TableColumnDefinition: its name as printers.go spells it, and its priority."""

    name: str
    priority: int = 0


@dataclass
class Row:
    cells: list
    obj: dict | None = None


@dataclass
class Table:
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)


def columns(*names: str, wide: Sequence[str] = ()) -> list[Column]:
    """Priority-0 columns followed by priority-1 (`-o wide`) ones."""
    return [Column(n) for n in names] + [Column(n, 1) for n in wide]


def cell_text(value) -> str:
    """fmt.Sprint of a cell: booleans lower-case, None empty, the rest as str."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    for i, ch in enumerate(text):
        if ch in _BREAK_CHARS:
            # tableprinter truncates a cell at its first line break and marks it.
            return text[:i] + "..."
    return text.replace("\x1b", "^[")


class TabWriter:
    """kubectl's tab writer across flushes. It is liggitt/tabwriter with the RememberWidths
    flag: a column never gets narrower than it was in an earlier flush, so the rows a watch
    prints one at a time stay under the header (and a wider cell widens the column from then on).
    """

    def __init__(self) -> None:
        self.widths: list[int] = []

    def flush(self, lines: Iterable[Sequence[str]]) -> str:
        lines = [list(line) for line in lines]
        ncols = max((len(line) for line in lines), default=0)
        widths = [MIN_WIDTH] * ncols
        for line in lines:
            for i, cell in enumerate(line[:-1]):
                widths[i] = max(widths[i], len(cell) + PADDING)
        for i, remembered in enumerate(self.widths[:ncols]):
            widths[i] = max(widths[i], remembered)
        self.widths = widths + self.widths[ncols:]
        out = []
        for line in lines:
            padded = [cell.ljust(widths[i]) for i, cell in enumerate(line[:-1])]
            out.append("".join(padded) + (line[-1] if line else "") + "\n")
        return "".join(out)


def tabwrite(lines: Iterable[Sequence[str]]) -> str:
    """Align rows of cells like Go's tabwriter with kubectl's settings."""
    return TabWriter().flush(lines)


def _meta(obj: dict | None) -> dict:
    return (obj or {}).get("metadata") or {}


def decorate(
    table: Table,
    *,
    with_namespace: bool = False,
    show_labels: bool = False,
    label_columns: Sequence[str] = (),
    kind_prefix: str | None = None,
) -> Table:
    """decorateTable: NAMESPACE first, `-L` label columns and LABELS last, `kind/` name prefix."""
    cols = list(table.columns)
    if with_namespace:
        cols = [Column("Namespace")] + cols
    cols += [Column(key.split("/")[-1]) for key in label_columns]
    if show_labels:
        cols.append(Column("Labels"))
    name_index = next((i for i, c in enumerate(table.columns) if c.name == "Name"), None)
    rows = []
    for row in table.rows:
        cells = list(row.cells)
        if kind_prefix and name_index is not None:
            cells[name_index] = f"{kind_prefix}/{cells[name_index]}"
        labels = _meta(row.obj).get("labels") or {}
        if with_namespace:
            cells = [_meta(row.obj).get("namespace", "")] + cells
        cells += [labels.get(key, "") for key in label_columns]
        if show_labels:
            cells.append(format_labels(labels))
        rows.append(Row(cells, row.obj))
    return Table(cols, rows)


def table_lines(table: Table, *, wide: bool = False, no_headers: bool = False) -> list[list[str]]:
    """printTable's cells: the visible columns of every row, headers first; [] with no rows."""
    if not table.rows:
        return []
    visible = [i for i, c in enumerate(table.columns) if wide or c.priority == 0]
    lines = []
    if not no_headers:
        lines.append([table.columns[i].name.upper() for i in visible])
    for row in table.rows:
        lines.append([cell_text(row.cells[i]) if i < len(row.cells) else "" for i in visible])
    return lines


def render(table: Table, *, wide: bool = False, no_headers: bool = False) -> str:
    """printTable: the visible columns of every row, aligned; '' when there are no rows."""
    return tabwrite(table_lines(table, wide=wide, no_headers=no_headers))


def print_table(
    table: Table,
    *,
    wide: bool = False,
    no_headers: bool = False,
    with_namespace: bool = False,
    show_labels: bool = False,
    label_columns: Sequence[str] = (),
    kind_prefix: str | None = None,
) -> str:
    """Decorate then render: the text `kubectl get` writes to standard output."""
    decorated = decorate(
        table,
        with_namespace=with_namespace,
        show_labels=show_labels,
        label_columns=label_columns,
        kind_prefix=kind_prefix,
    )
    return render(decorated, wide=wide, no_headers=no_headers)


def no_resources(namespace: str | None = None, all_namespaces: bool = False) -> str:
    """What `kubectl get` writes to standard error when it printed nothing (with its newline).

    get.go names the namespace unless `-A` was given, even for cluster-scoped kinds
    (`kubectl get pv` with no volumes says `No resources found in default namespace.`).
    Only for table output: `-o json/yaml` print an empty List instead.
    """
    if all_namespaces or not namespace:
        return "No resources found\n"
    return f"No resources found in {namespace} namespace.\n"
