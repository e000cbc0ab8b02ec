"""Reading manifests the way `kubectl apply|create|delete -f` does: files, folders, stdin,
then decoding them and checking each document up to the API server's decoding stage."""

from dataclasses import dataclass

from ... import resources as res
from ...apiserver import decode as dec
from ...apiserver import schema
from .base import CommandError

EXTENSIONS = (".yaml", ".yml", ".json")


@dataclass
class Manifest:
    """One document ready to send: its object and where it came from."""

    source: str
    obj: dict
    resource: res.Resource


def sources(ctx, paths: list[str], recursive: bool = False) -> list[tuple[str, str]]:
    """(name kubectl prints, text) for every `-f` operand, folders expanded in name order."""
    out = []
    for path in paths:
        if path == "-":
            out.append(("STDIN", ctx.inv.stdin.decode("utf-8", "replace")))
            continue
        if path.startswith(("http://", "https://")):
            raise CommandError(f'unable to read URL "{path}", server reported 404 Not Found, status code=404')
        full = ctx.inv.path(path)
        if not ctx.inv.fs.exists(full):
            raise CommandError(f'the path "{path}" does not exist')
        if ctx.inv.fs.is_dir(full):
            out.extend(_folder(ctx, path, full, recursive))
        else:
            out.append((path, ctx.inv.fs.read(full).decode("utf-8", "replace")))
    return out


def _folder(ctx, shown: str, full: str, recursive: bool) -> list[tuple[str, str]]:
    found = []
    for name in sorted(ctx.inv.fs.listdir(full)):
        child, child_shown = f"{full.rstrip('/')}/{name}", f"{shown.rstrip('/')}/{name}"
        if ctx.inv.fs.is_dir(child):
            if recursive:
                found.extend(_folder(ctx, child_shown, child, recursive))
        elif name.endswith(EXTENSIONS):
            found.append((child_shown, ctx.inv.fs.read(child).decode("utf-8", "replace")))
    return found


def read(ctx, paths: list[str], recursive: bool = False, verb: str = "creating") -> tuple[list[Manifest], list[str]]:
    """Decode every source: the manifests to send and kubectl's error lines for the rest.

    Like kubectl, a document it cannot read stops the documents after it in that source,
    while the ones before it are still sent.
    """
    if not paths:
        raise CommandError("must specify one of -f and -k")
    limit = getattr(ctx.cluster, "apply_limit", dec.WEB_MAX_BYTES)
    manifests, errors = [], []
    for source, text in sources(ctx, paths, recursive):
        decoded = dec.decode(text, source, limit)
        for doc in decoded.applicable:
            found = _check(doc, source, verb)
            if isinstance(found, str):
                errors.append(found)
            else:
                manifests.append(found)
        errors.extend(e.kubectl for e in decoded.errors)
    return manifests, errors


def _check(doc: dec.Document, source: str, verb: str) -> Manifest | str:
    obj = doc.data
    missing = schema.kind_error(obj, source)
    if missing:
        return missing
    problems = schema.check(obj)
    text = schema.decoding_error(obj, problems, source, order=lambda p: doc.position(p), verb=verb)
    if text:
        return text
    return Manifest(source, obj, res.for_kind(obj["apiVersion"], obj["kind"]))
