"""Name, label and port-name syntax with apimachinery's messages, word for word.

Source: k8s.io/apimachinery pkg/util/validation/validation.go (IsDNS1123Subdomain,
IsDNS1123Label, IsDNS1035Label, IsQualifiedName, IsValidLabelValue, IsValidPortName,
IsValidPortNum, IsConfigMapKey) and pkg/api/validation/objectmeta.go. Each function returns
the list of messages, as the Go functions do; callers wrap them in FieldErrors.
"""

import re

_LABEL = r"[a-z0-9]([-a-z0-9]*[a-z0-9])?"
_SUBDOMAIN = _LABEL + r"(\." + _LABEL + r")*"
_DNS1035 = r"[a-z]([-a-z0-9]*[a-z0-9])?"
_QUALIFIED = r"([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
_LABEL_VALUE = r"(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?"
_CONFIG_KEY = r"[-._a-zA-Z0-9]+"


def _regex_error(msg: str, fmt: str, *examples: str) -> str:
    """apimachinery's RegexError: examples are joined with ',  or ' (two spaces, sic)."""
    text = msg
    if examples:
        text += " (e.g. '" + "',  or '".join(examples) + "', "
    else:
        text += " ("
    return text + "regex used for validation is '" + fmt + "')"


def _max_len(n: int) -> str:
    return f"must be no more than {n} characters"


_SUBDOMAIN_MSG = _regex_error(
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
    "and must start and end with an alphanumeric character",
    _SUBDOMAIN,
    "example.com",
)
_LABEL_MSG = _regex_error(
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
    "and must start and end with an alphanumeric character",
    _LABEL,
    "my-name",
    "123-abc",
)
_DNS1035_MSG = _regex_error(
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
    "alphabetic character, and end with an alphanumeric character",
    _DNS1035,
    "my-name",
    "abc-123",
)
_QUALIFIED_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"


def _full(pattern: str, value: str) -> bool:
    return re.fullmatch(pattern, value) is not None


def dns1123_subdomain(value: str) -> list[str]:
    if not isinstance(value, str):
        return []  # a wrong type is the decoding stage's error
    errs = [_max_len(253)] if len(value) > 253 else []
    return errs + ([] if _full(_SUBDOMAIN, value) else [_SUBDOMAIN_MSG])


def dns1123_label(value: str) -> list[str]:
    if not isinstance(value, str):
        return []  # a wrong type is the decoding stage's error
    errs = [_max_len(63)] if len(value) > 63 else []
    return errs + ([] if _full(_LABEL, value) else [_LABEL_MSG])


def dns1035_label(value: str) -> list[str]:
    if not isinstance(value, str):
        return []  # a wrong type is the decoding stage's error
    errs = [_max_len(63)] if len(value) > 63 else []
    return errs + ([] if _full(_DNS1035, value) else [_DNS1035_MSG])


def qualified_name(value: str) -> list[str]:
    """Label and annotation keys: an optional DNS subdomain prefix and '/', then a name."""
    if not isinstance(value, str):
        return []  # a wrong type is the decoding stage's error
    parts = value.split("/")
    if len(parts) == 1:
        name = parts[0]
        errs = []
    elif len(parts) == 2:
        prefix, name = parts
        if not prefix:
            errs = ["prefix part must be non-empty"]
        else:
            errs = ["prefix part " + m for m in dns1123_subdomain(prefix)]
    else:
        example = "'example.com/MyName'"
        msg = _regex_error(
            "a qualified name " + _QUALIFIED_MSG, _QUALIFIED, "MyName", "my.name", "123-abc"
        )
        return [msg + f" with an optional DNS subdomain prefix and '/' (e.g. {example})"]
    if not name:
        return errs + ["name part must be non-empty"]
    if len(name) > 63:
        errs.append("name part " + _max_len(63))
    if not _full(_QUALIFIED, name):
        errs.append(
            _regex_error("name part " + _QUALIFIED_MSG, _QUALIFIED, "MyName", "my.name", "123-abc")
        )
    return errs


def label_value(value: str) -> list[str]:
    if not isinstance(value, str):
        return []  # a wrong type is the decoding stage's error
    errs = [_max_len(63)] if len(value) > 63 else []
    if not _full(_LABEL_VALUE, value):
        errs.append(
            _regex_error(
                "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', "
                "and must start and end with an alphanumeric character",
                _LABEL_VALUE,
                "MyValue",
                "my_value",
                "12345",
            )
        )
    return errs


def port_name(value: str) -> list[str]:
    """IANA_SVC_NAME, as IsValidPortName checks it."""
    if not isinstance(value, str):
        return []  # a wrong type is the decoding stage's error
    errs = []
    if len(value) > 15:
        errs.append(_max_len(15))
    if not _full(r"[-a-z0-9]+", value):
        errs.append("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")
    if not re.search(r"[a-z]", value):
        errs.append("must contain at least one letter (a-z)")
    if "--" in value:
        errs.append("must not contain consecutive hyphens")
    if value.startswith("-") or value.endswith("-"):
        errs.append("must not begin or end with a hyphen")
    return errs


def port_number(value) -> list[str]:
    ok = isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 65535
    return [] if ok else ["must be between 1 and 65535, inclusive"]


def config_key(value: str) -> list[str]:
    if not isinstance(value, str):
        return []  # a wrong type is the decoding stage's error
    errs = [_max_len(253)] if len(value) > 253 else []
    if not _full(_CONFIG_KEY, value):
        errs.append(
            _regex_error(
                "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
                _CONFIG_KEY,
                "key.name",
                "KEY_NAME",
                "key-name",
            )
        )
    if value == ".":
        errs.append("must not be '.'")
    elif value == "..":
        errs.append("must not be '..'")
    elif value.startswith(".."):
        errs.append("must not start with '..'")
    return errs
