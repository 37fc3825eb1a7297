"""What type a YAML scalar has: YAML 1.2 core by default, YAML 1.1 under a ``%YAML 1.1`` directive.

The patterns are those ruamel.yaml resolves with (so our data agrees with the library, and with
check-jsonschema which uses it); construction is ours because the lint path never builds ruamel's
objects. Timestamps stay strings: JSON Schema and the Controller's JSON both see text there.
"""

from __future__ import annotations

import math
import re
from typing import Any

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL_12 = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_BOOL_11 = re.compile(
    r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$"
)
_TRUE_11 = frozenset(["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"])
_INT_12 = re.compile(r"^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)$")
_INT_11 = re.compile(
    r"^(?:[-+]?0b[0-1_]+|[-+]?0?[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+"
    r"|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$"
)
_FLOAT_12 = re.compile(
    r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)"
    r"|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)"
    r"|\.(?:nan|NaN|NAN))$"
)
_FLOAT_11 = re.compile(
    r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)"
    r"|\.[0-9_]+(?:[eE][-+][0-9]+)?"
    r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*"
    r"|[-+]?\.(?:inf|Inf|INF)"
    r"|\.(?:nan|NaN|NAN))$"
)

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"


def resolve_plain(value: str, yaml_11: bool = False) -> Any:
    """The data of a plain (unquoted, untagged) scalar."""
    if not value:
        return None
    first = value[0]
    if first in "~nN" and _NULL.match(value):
        return None
    if yaml_11:
        if first in "yYnNtTfFoO" and _BOOL_11.match(value):
            return value in _TRUE_11
    elif first in "tTfF" and _BOOL_12.match(value):
        return first in "tT"
    if first in "-+0123456789.":
        if (_INT_11 if yaml_11 else _INT_12).match(value):
            try:
                return _to_int(value, yaml_11)
            except ValueError:
                # More digits than Python converts (sys.get_int_max_str_digits), in any base:
                # keep the text, as yaml.v2 (iofogctl) keeps a number it cannot hold.
                return value
        if (_FLOAT_11 if yaml_11 else _FLOAT_12).match(value):
            return _to_float(value)
    return value


def construct_tagged(value: str, tag: str, plain: bool, yaml_11: bool = False) -> Any:
    """The data of a scalar with an explicit tag; a tag we cannot honour leaves it as written."""
    if tag == STR:
        return value
    if tag == NULL:
        return None
    resolved = resolve_plain(value, yaml_11)
    if tag == INT and isinstance(resolved, int) and not isinstance(resolved, bool):
        return resolved
    if tag == FLOAT and isinstance(resolved, (int, float)) and not isinstance(resolved, bool):
        return float(resolved)
    if tag == BOOL and isinstance(resolved, bool):
        return resolved
    if tag.startswith("tag:yaml.org,2002:") or not plain:
        return value
    return resolved  # a local tag (`!Ref x`): the platform reads the value as if untagged


# Past this many bits an integer has more decimal digits than Python converts to text (4,300 by
# default): every message or JSON number would fail on it.
_MAX_INT_BITS = 14_000


def _to_int(value: str, yaml_11: bool) -> int:
    number = _parse_int(value, yaml_11)
    if number.bit_length() > _MAX_INT_BITS:
        raise ValueError("too many digits")
    return number


def _parse_int(value: str, yaml_11: bool) -> int:
    text = value.replace("_", "")
    sign = -1 if text.startswith("-") else 1
    if text[:1] in "+-":
        text = text[1:]
    if text.startswith("0b"):
        return sign * int(text[2:] or "0", 2)
    if text.startswith("0x"):
        return sign * int(text[2:] or "0", 16)
    if text.startswith("0o"):
        return sign * int(text[2:] or "0", 8)
    if yaml_11 and ":" in text:
        total = 0
        for part in text.split(":"):
            total = total * 60 + int(part)
            if total.bit_length() > _MAX_INT_BITS:
                raise ValueError("too many digits")
        return sign * total
    if yaml_11 and len(text) > 1 and text.startswith("0"):
        return sign * int(text, 8)
    return sign * int(text or "0")


def _to_float(value: str) -> float:
    text = value.replace("_", "").lower()
    if text in (".nan",):
        return math.nan
    if text.endswith(".inf"):
        return -math.inf if text.startswith("-") else math.inf
    if ":" in text:
        sign = -1.0 if text.startswith("-") else 1.0
        total = 0.0
        for part in text.lstrip("+-").split(":"):
            total = total * 60 + float(part)
        return sign * total
    return float(text)
