"""YAML as kubectl writes it (`-o yaml`): sigs.k8s.io/yaml over go-yaml v2, rebuilt on PyYAML.

kubectl marshals the object to JSON, decodes that with go-yaml and encodes it again, so:
- map keys are ordered by go-yaml's key sorter (letters compare by code point, a non-letter
  sorts before a letter, digit runs compare as numbers);
- sequences are not indented under their key (`- name: x` at the key's indentation);
- a string that go-yaml would read back as something else (`"80"`, `"true"`, `""`, `"null"`,
  timestamps like `"2026-01-01T00:00:00Z"`, `"1:20"`) is double-quoted; a string with a line
  break uses a literal block (`|`, `|-`); other strings are plain unless the emitter needs
  quotes (then single quotes), as libyaml decides;
- lines are folded at 80 columns, empty maps and lists print as `{}` and `[]`.
PyYAML's emitter is a port of the same libyaml emitter go-yaml uses, which is what makes the
quoting and folding decisions line up; we only replace the resolver and the representers.
"""

from __future__ import annotations

import functools

import re2
import yaml
from yaml.emitter import Emitter
from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.representer import BaseRepresenter
from yaml.resolver import BaseResolver
from yaml.serializer import Serializer

from .gofmt import go_float_v

_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"

# go-yaml v2 resolve.go: the plain scalars that do not read back as strings.
_SPECIAL = {
    "y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE",
    "n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE",
    "~", "null", "Null", "NULL", "", "<<",
    ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
}
_YAML_FLOAT = re2.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_BASE60_FLOAT = re2.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")
_GO_INT = re2.compile(r"^[-+]?(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|[0-9]+)$")
_TIMESTAMP = re2.compile(
    r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
    r"(([Tt]|[ \t]+)[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\.[0-9]*)?"
    r"([ \t]*(Z|[-+][0-9]{1,2}(:?[0-9]{2})?))?)?$"
)


def needs_double_quotes(s: str) -> bool:
    """True when go-yaml would resolve the plain scalar `s` to a non-string."""
    if s in _SPECIAL:
        return True
    first = s[0]
    if first in "+-0123456789":
        if _TIMESTAMP.match(s):
            return True
        plain = s.replace("_", "")
        if _GO_INT.match(plain) or _YAML_FLOAT.match(plain):
            return True
        if _BASE60_FLOAT.match(s):
            return True
    elif first == ".":
        return bool(_YAML_FLOAT.match(s))
    return False


def _is_letter(ch: str) -> bool:
    return ch.isalpha()


def _digits_value(s: str, i: int) -> tuple[int, int]:
    end = i
    while end < len(s) and s[end].isdigit():
        end += 1
    return (int(s[i:end]) if end > i else 0), end


def go_key_compare(a: str, b: str) -> int:
    """go-yaml v2's keyList.Less for string keys, as a cmp function."""
    for i in range(min(len(a), len(b))):
        if a[i] == b[i]:
            continue
        al, bl = _is_letter(a[i]), _is_letter(b[i])
        if al and bl:
            return -1 if a[i] < b[i] else 1
        if al or bl:
            return -1 if bl else 1
        an, ai = _digits_value(a, i)
        bn, bi = _digits_value(b, i)
        if (a[i] == "0" or b[i] == "0") and any(c != "0" for c in _leading_digits(a, i)):
            an, bn = an + 10 ** (ai - i), bn + 10 ** (bi - i)
        if an != bn:
            return -1 if an < bn else 1
        if ai != bi:
            return -1 if ai < bi else 1
        return -1 if a[i] < b[i] else 1
    return (len(a) > len(b)) - (len(a) < len(b))


def _leading_digits(s: str, i: int) -> str:
    j = i - 1
    while j >= 0 and s[j].isdigit():
        j -= 1
    return s[j + 1:i]


class _Representer(BaseRepresenter):
    def represent_str(self, data: str):
        if "\n" in data:
            style = "|"
        elif needs_double_quotes(data):
            style = '"'
        else:
            style = None
        return ScalarNode(_STR, data, style=style)

    def represent_plain(self, text: str):
        return ScalarNode(_STR, text, style=None)

    def represent_dict(self, data: dict):
        keys = sorted(data, key=functools.cmp_to_key(lambda x, y: go_key_compare(str(x), str(y))))
        items = [(self.represent_data(str(k)), self.represent_data(data[k])) for k in keys]
        return MappingNode(_MAP, items, flow_style=None if items else True)

    def represent_list(self, data: list):
        items = [self.represent_data(v) for v in data]
        return SequenceNode(_SEQ, items, flow_style=None if items else True)


_Representer.add_representer(str, _Representer.represent_str)
_Representer.add_representer(bool, lambda r, v: r.represent_plain("true" if v else "false"))
_Representer.add_representer(int, lambda r, v: r.represent_plain(str(v)))
_Representer.add_representer(float, lambda r, v: r.represent_plain(_go_yaml_float(v)))
_Representer.add_representer(type(None), lambda r, v: r.represent_plain("null"))
_Representer.add_representer(dict, _Representer.represent_dict)
_Representer.add_representer(list, _Representer.represent_list)
_Representer.add_representer(tuple, _Representer.represent_list)


def _go_yaml_float(f: float) -> str:
    text = go_float_v(f)
    return {"+Inf": ".inf", "-Inf": "-.inf", "NaN": ".nan"}.get(text, text)


class _Dumper(Emitter, Serializer, _Representer, BaseResolver):
    """A PyYAML dumper with no implicit resolvers: every scalar is a string to the emitter,
    and quoting is decided by the representers above, as go-yaml decides it."""

    def __init__(self, stream, **kwargs):
        Emitter.__init__(self, stream, canonical=False, indent=2, width=80, allow_unicode=True,
                         line_break="\n")
        Serializer.__init__(self, explicit_start=False, explicit_end=False, version=None, tags=None)
        _Representer.__init__(self, default_style=None, default_flow_style=False, sort_keys=False)
        BaseResolver.__init__(self)


def go_yaml(obj) -> str:
    """The YAML kubectl prints for one object (a trailing newline, no document markers)."""
    return yaml.dump(obj, Dumper=_Dumper)
