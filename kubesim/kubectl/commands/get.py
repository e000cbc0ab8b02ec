"""`kubectl get`: tables, `-o wide|json|yaml|name|jsonpath|custom-columns`, selectors, `-A`, `-w`."""

from ...apiserver.errors import APIError
from .. import (
    jsonpath,
    printers,
)
from ..flags import Flag, duration_seconds
from . import targets
from .base import CommandError, server_error

FLAGS = (
    Flag("output", "o", default=""),
    Flag("selector", "l", default=""),
    Flag("field-selector", default=""),
    Flag("all-namespaces", "A", kind="bool", default=False),
    Flag("show-labels", kind="bool", default=False),
    Flag("label-columns", "L", kind="list", default=()),
    Flag("no-headers", kind="bool", default=False),
    Flag("watch", "w", kind="bool", default=False),
    Flag("watch-only", kind="bool", default=False),
    Flag("output-watch-events", kind="bool", default=False),
    Flag("sort-by", default=""),
    Flag("ignore-not-found", kind="bool", default=False),
    Flag("show-kind", kind="bool", default=False),
    Flag("chunk-size", kind="int", default=500),
    Flag("filename", "f", kind="list", default=()),
    Flag("allow-missing-template-keys", kind="bool", default=True),
)

FORMATS = ("custom-columns", "custom-columns-file", "go-template", "go-template-file", "json", "jsonpath",
           "jsonpath-as-json", "jsonpath-file", "name", "template", "templatefile", "wide", "yaml")
DEFAULT_WATCH_S = 60


def flags_for(verb: str) -> tuple:
    return FLAGS


def run(verb: str, ctx) -> int:
    f = ctx.flags
    if not f.args:
        raise CommandError('You must specify the type of resource to get. Use "kubectl api-resources" for a complete '
                           "list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl "
                           'explain <resource>" for a detailed description of that resource (e.g. kubectl explain '
                           "pods).\nSee 'kubectl get -h' for help and examples")
    _check_format(f["output"])
    chosen = targets.parse(ctx, f.args, allow_all_types=True)
    objs, failures = _collect(ctx, chosen)
    by_name = all(t.name is not None for t in chosen)
    status = 1 if failures else 0
    if f["sort-by"]:
        try:
            objs = printers.sort_objects(objs, f["sort-by"])
        except printers.PrinterError as e:
            raise CommandError(e.message) from None
    watching = f["watch"] or f["watch-only"]
    watch_table = WatchTable(ctx) if watching and f["output"] in ("", "wide") else None
    one_kind = len({t.resource.kind for t in chosen}) == 1
    if not objs and not failures and not f["watch-only"]:
        ctx.err(printers.no_resources(ctx.namespace if _namespaced(chosen) else None, f["all-namespaces"]))
    elif objs and not f["watch-only"]:
        if watch_table and one_kind:
            watch_table.print(objs, ctx.cluster.wall_seconds(), "ADDED")
        else:
            status = max(status, _print(ctx, objs, chosen, single=by_name and len(objs) == 1))
            if watch_table:  # several kinds: their tables had headers; changes follow as rows
                watch_table.headers_printed = True
    if watching:
        _watch(ctx, chosen, watch_table)
    for text in failures:
        ctx.err(text)
    return status


def _check_format(output: str) -> None:
    name = output.split("=", 1)[0]
    if output and name not in FORMATS:
        raise CommandError(f'unable to match a printer suitable for the output format "{output}", allowed formats '
                           f"are: {','.join(FORMATS)}")
    if name in ("go-template", "go-template-file", "template", "templatefile", "jsonpath-file"):
        raise CommandError(f"the output format {name} is not available in the simulator; use -o jsonpath instead")


def _namespaced(chosen) -> bool:
    return any(t.resource.namespaced for t in chosen)


def _collect(ctx, chosen) -> tuple[list[dict], list[str]]:
    f = ctx.flags
    objs, failures = [], []
    for target in chosen:
        try:
            objs.extend(targets.select(ctx, target, f["all-namespaces"], f["selector"], f["field-selector"]))
        except APIError as e:
            if not (e.reason == "NotFound" and f["ignore-not-found"]):
                failures.append(server_error(e))
    return objs, failures


def _print(ctx, objs: list[dict], chosen, single: bool) -> int:
    f = ctx.flags
    output = f["output"]
    name, _, arg = output.partition("=")
    now = ctx.cluster.wall_seconds()
    if name == "json":
        ctx.out(printers.json_output(objs[0] if single else printers.as_list(objs)))
    elif name == "yaml":
        ctx.out(printers.yaml_output(objs[0] if single else printers.as_list(objs)))
    elif name == "name":
        ctx.out(printers.name_output(objs))
    elif name in ("jsonpath", "jsonpath-as-json"):
        data = objs[0] if single else printers.as_list(objs)
        out, err = jsonpath.render(arg, data, f["allow-missing-template-keys"], as_json=name == "jsonpath-as-json")
        ctx.out(out)
        if err:
            ctx.err(err)
            return 1
    elif name in ("custom-columns", "custom-columns-file"):
        try:
            columns = (printers.custom_columns_from_spec(arg) if name == "custom-columns"
                       else printers.custom_columns_from_file(ctx.inv.fs.read(ctx.inv.path(arg)).decode()))
        except printers.CustomColumnsError as e:
            raise CommandError(str(e)) from None
        ctx.out(printers.custom_columns_output(columns, objs, no_headers=f["no-headers"]))
    else:
        ctx.out(_tables(ctx, objs, chosen, now, wide=name == "wide"))
    return 0


def _tables(ctx, objs: list[dict], chosen, now, wide: bool) -> str:
    f = ctx.flags
    options = {"wide": wide, "no_headers": f["no-headers"], "with_namespace": f["all-namespaces"],
               "show_labels": f["show-labels"], "label_columns": tuple(f["label-columns"])}
    kinds = list(dict.fromkeys(t.resource.kind for t in chosen))  # in the order typed
    if len(kinds) > 1 or f["show-kind"]:
        return printers.grouped_output(objs, now, kinds=kinds, **options)
    return printers.table_output(objs[0]["kind"], objs, now, **options)


EVENT_CELLS = {"ADDED": "ADDED   ", "MODIFIED": "MODIFIED", "DELETED": "DELETED ", "ERROR": "ERROR   "}


class WatchTable:
    """The table `kubectl get -w` keeps printing: the listing, then one flush per change through
    the same width-remembering tab writer, the header only once, and with
    `--output-watch-events` an EVENT column (tableprinter.go pads the type to eight letters)."""

    def __init__(self, ctx) -> None:
        self.ctx = ctx
        self.writer = printers.TabWriter()
        self.headers_printed = ctx.flags["no-headers"]

    def print(self, objs: list[dict], now, event: str) -> None:
        f = self.ctx.flags
        wide = f["output"] == "wide"
        table = printers.decorate(printers.build_table(objs[0]["kind"], objs, now, wide),
                                  with_namespace=f["all-namespaces"], show_labels=f["show-labels"],
                                  label_columns=tuple(f["label-columns"]))
        lines = printers.table_lines(table, wide=wide, no_headers=self.headers_printed)
        if f["output-watch-events"]:
            cell = EVENT_CELLS.get(event, event)
            lines = [["EVENT" if i == 0 and not self.headers_printed else cell] + line
                     for i, line in enumerate(lines)]
        self.headers_printed = True
        self.ctx.out(self.writer.flush(lines))


def _watch(ctx, chosen, table: WatchTable | None) -> None:
    """Advance virtual time for the request timeout and print each change as it came."""
    f = ctx.flags
    cluster = ctx.cluster
    timeout = duration_seconds(f.get("request-timeout") or "0", "request-timeout", True) or DEFAULT_WATCH_S
    plurals = {t.resource.plural for t in chosen}
    wanted = {(t.resource.plural, t.name) for t in chosen}
    changes = []

    def watcher(change) -> None:
        if change.plural in plurals and _watched(ctx, chosen, change, wanted):
            changes.append(change)

    cluster.store.watch(watcher)
    try:
        cluster.advance(timeout)
    finally:
        cluster.store.unwatch(watcher)
    for change in changes:
        if table:
            table.print([change.obj], cluster.wall_seconds_at(change.time), change.type)
        else:
            _print(ctx, [change.obj], chosen, single=True)


def _watched(ctx, chosen, change, wanted) -> bool:
    meta = change.obj["metadata"]
    r = next(t.resource for t in chosen if t.resource.plural == change.plural)
    if r.namespaced and not ctx.flags["all-namespaces"] and meta.get("namespace") != ctx.namespace:
        return False
    names = {n for p, n in wanted if p == change.plural}
    return None in names or meta["name"] in names
