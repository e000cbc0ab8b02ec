"""`kubectl explain TYPE[.field...]`: documentation from the API's OpenAPI schemas.

Laid out like kubectl's OpenAPI v3 plaintext template (staging/src/k8s.io/kubectl/pkg/explain/
v2/templates/plaintext.tmpl): GROUP/KIND/VERSION, an optional FIELD line, DESCRIPTION wrapped
at 76 columns, then FIELDS in name order with their types, `-required-` marks and descriptions.
"""

import textwrap

from ...apiserver import schema
from ..flags import Flag
from .base import CommandError

FLAGS = (Flag("recursive", kind="bool", default=False), Flag("api-version", default=""),
         Flag("output", "o", default="plaintext"))


def flags_for(verb: str) -> tuple:
    return FLAGS


def run(verb: str, ctx) -> int:
    if not ctx.flags.args:
        raise CommandError("You must specify the type of resource to explain. Use \"kubectl api-resources\" for a "
                           "complete list of supported resources.\n")
    first, *path = ctx.flags.args[0].split(".")
    r = ctx.resource(first)
    defs = schema._definitions()
    node = defs[schema.definition_name(r.api_version, r.kind)]
    head = (f"GROUP:      {r.group}\n" if r.group else "") + f"KIND:       {r.kind}\nVERSION:    {r.version}\n\n"
    field_line = ""
    for i, name in enumerate(path):
        resolved = _resolve(node, defs)
        props = resolved.get("properties") or {}
        if name not in props:
            raise CommandError(f'field "{name}" does not exist')
        node = props[name]
        if i == len(path) - 1:
            field_line = f"FIELD: {name} <{_type(node, defs)}>\n\n"
        node = _element(node, defs)
    ctx.out(head + field_line + _body(node, defs, ctx.flags["recursive"]) + "\n")
    return 0


def _resolve(node: dict, defs: dict) -> dict:
    ref = node.get("$ref")
    return defs[ref.rsplit("/", 1)[-1]] if ref else node


def _element(node: dict, defs: dict) -> dict:
    """Arrays and maps are explained through their elements, as the template walks them."""
    while True:
        resolved = _resolve(node, defs)
        if "items" in resolved:
            node = resolved["items"]
        elif isinstance(resolved.get("additionalProperties"), dict):
            node = resolved["additionalProperties"]
        else:
            return node


def _types(node: dict) -> list[str]:
    value = node.get("type")
    values = value if isinstance(value, list) else [value] if value else []
    return [v for v in values if v != "null"]


def _type(node: dict, defs: dict) -> str:
    if "items" in node:
        return "[]" + _type(node["items"], defs)
    if isinstance(node.get("additionalProperties"), dict):
        return "map[string]" + _type(node["additionalProperties"], defs)
    ref = node.get("$ref")
    if ref:
        target = defs[ref.rsplit("/", 1)[-1]]
        kinds = _types(target)
        if not kinds or kinds[0] == "object":
            return ref.rsplit(".", 1)[-1]
        return kinds[0]
    kinds = _types(node)
    if not kinds or kinds[0] == "object":
        return "Object"
    return kinds[0]


def _wrap(text: str, width: int, indent: int) -> str:
    """sprig's `wrap N | indent M`: word-wrap each paragraph, pad every line (blank ones too)."""
    lines = []
    for paragraph in text.split("\n"):
        lines.extend(textwrap.wrap(paragraph, width, break_long_words=False, break_on_hyphens=False) or [""])
    return "\n".join(" " * indent + line for line in lines)


def _body(node: dict, defs: dict, recursive: bool) -> str:
    resolved = _resolve(node, defs)
    description = resolved.get("description") or node.get("description") or "<empty>"
    out = "DESCRIPTION:\n" + _wrap(description + "\n", 76, 4) + "\n"
    fields = _fields(resolved, defs, 1, recursive, set())
    if fields:
        out += "FIELDS:\n" + fields
    return out


def _fields(resolved: dict, defs: dict, level: int, recursive: bool, seen: set) -> str:
    out = []
    required = set(resolved.get("required") or ())
    for name in sorted(resolved.get("properties") or {}):
        sub = resolved["properties"][name]
        pad = level * 2
        line = " " * pad + f"{name}\t<{_type(sub, defs)}>" + (" -required-" if name in required else "") + "\n"
        out.append(line)
        if recursive:
            target = _resolve(_element(sub, defs), defs)
            ref = _element(sub, defs).get("$ref")
            if ref not in seen:
                out.append(_fields(target, defs, level + 1, True, seen | {ref}))
        else:
            out.append(_wrap(sub.get("description") or "<no description>", 78 - pad, pad + 2) + "\n\n")
    return "".join(out)
