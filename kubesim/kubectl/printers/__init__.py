"""kubectl's output printers: tables for `kubectl get`, `-o name|json|yaml|wide`, custom
columns, `kubectl get all`, and the AGE formatting they share.

One module per concern: `duration` (AGE), `table` (columns, decoration, tab writer),
`pods`/`workloads`/`network`/`cluster` (per-kind rows), `kinds` (kind -> printer),
`output` (name, json, yaml, custom columns, grouped tables), `gofmt`/`goyaml` (Go's renderings).
"""

from .duration import age, as_datetime, format_time, human_duration, parse_time
from .kinds import build_table, printer_for
from .output import (
    CustomColumnsError,
    PrinterError,
    as_list,
    custom_columns_from_file,
    custom_columns_from_spec,
    custom_columns_output,
    grouped_output,
    json_output,
    kind_prefix,
    name_of,
    name_output,
    sort_objects,
    table_output,
    yaml_output,
)
from .pods import pod_summary
from .table import (
    Column,
    Row,
    Table,
    TabWriter,
    decorate,
    no_resources,
    print_table,
    render,
    table_lines,
    tabwrite,
)

__all__ = [
    "Column",
    "CustomColumnsError",
    "PrinterError",
    "Row",
    "TabWriter",
    "Table",
    "age",
    "as_datetime",
    "as_list",
    "build_table",
    "custom_columns_from_file",
    "custom_columns_from_spec",
    "custom_columns_output",
    "decorate",
    "format_time",
    "grouped_output",
    "human_duration",
    "json_output",
    "kind_prefix",
    "name_of",
    "name_output",
    "no_resources",
    "parse_time",
    "pod_summary",
    "print_table",
    "printer_for",
    "render",
    "sort_objects",
    "table_lines",
    "table_output",
    "tabwrite",
    "yaml_output",
]
