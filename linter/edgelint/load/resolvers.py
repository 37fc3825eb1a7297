"""The resolvers of the libraries that read a deployed file, rebuilt line for line where it
matters: gopkg.in/yaml.v2 2.4.0 (resolve.go, and encode.go's choice of quotes) and js-yaml 3.14.1
and 4.1.1 (lib/type/*.js). readers.py says which deploy path uses which; tests/conformance/
compares these with the real libraries on every spelling where YAML 1.1 and 1.2 part ways.
"""

from __future__ import annotations

import math
import re
from datetime import datetime, timedelta, timezone
from typing import Any

from edgelint.javascript import JSDate, integral

# --- gopkg.in/yaml.v2 2.4.0, resolve.go -------------------------------------------------------

_V2_MAP: dict[str, Any] = {}
for _words, _value in (
    (("y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"), True),
    (("n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"), False),
    (("", "~", "null", "Null", "NULL"), None),
    ((".nan", ".NaN", ".NAN"), math.nan),
    ((".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"), math.inf),
    (("-.inf", "-.Inf", "-.INF"), -math.inf),
):
    for _word in _words:
        _V2_MAP[_word] = _value
del _words, _value, _word

_V2_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_V2_BASE60 = re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")
_GO_INT = re.compile(
    r"^[-+]?(?:0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)$", re.ASCII
)
_GO_FLOAT_DOT = re.compile(r"^\.[0-9]+(?:[eE][-+]?[0-9]+)?$|^\.[0-9]+$", re.ASCII)
_DIGITS_DASH = re.compile(r"^[0-9]{4}-")
_V2_TIMESTAMP = re.compile(
    r"^(?P<y>[0-9]{4})-(?P<m>[0-9]{1,2})-(?P<d>[0-9]{1,2})"
    r"(?:(?P<sep>[Tt]| +)(?P<H>[0-9]{1,2}):(?P<M>[0-9]{1,2}):(?P<S>[0-9]{1,2})(?:\.[0-9]{1,9})?"
    r"(?P<tz>Z|[-+][0-9]{2}:[0-9]{2})?)?$",
    re.ASCII,
)
_INT64 = 2**63
_UINT64 = 2**64


def yamlv2_plain(text: str) -> Any:
    """yaml.v2's `resolve("", text)` for a plain scalar decoded into interface{}: a timestamp
    stays a string there (decode.go keeps the text "for backward compatibility")."""
    if text in _V2_MAP:
        return _V2_MAP[text]
    if not text:
        return None
    first = text[0]
    if first == ".":
        return _go_parse_float(text, dot_only=True)
    if first not in "+-0123456789":
        return text
    plain = text.replace("_", "")
    number = _go_parse_int(plain)
    if number is not None:
        return number
    if _V2_FLOAT.match(plain):
        value = _go_parse_float(plain)
        if not isinstance(value, str):
            return value
    for prefix, sign in (("0b", 1), ("-0b", -1)):
        if plain.startswith(prefix):
            digits = plain[len(prefix) :]
            if digits and set(digits) <= {"0", "1"}:
                value_2 = sign * int(digits, 2)
                if -_INT64 <= value_2 < (_UINT64 if sign > 0 else _INT64):
                    return value_2
            break
    return text


def _go_parse_int(plain: str) -> int | None:
    """strconv.ParseInt(plain, 0, 64), then ParseUint: Go's base prefixes, in range."""
    if not _GO_INT.match(plain):
        return None
    sign = -1 if plain[0] == "-" else 1
    body = plain.lstrip("+-").lower()
    if len(body.lstrip("0")) > 70:
        return None  # past 64 bits in any base: out of range for Go

    if body.startswith("0x"):
        value = int(body[2:], 16)
    elif body.startswith("0b"):
        value = int(body[2:], 2)
    elif body.startswith("0o"):
        value = int(body[2:], 8)
    elif len(body) > 1 and body.startswith("0"):
        value = int(body[1:], 8)
    else:
        value = int(body)
    signed = sign * value
    if -_INT64 <= signed < _INT64:
        return signed
    if sign > 0 and plain[0] != "+" and value < _UINT64:
        return value  # ParseUint takes no sign
    return None


def _go_parse_float(text: str, dot_only: bool = False) -> Any:
    """strconv.ParseFloat(text, 64) for the decimal forms yaml.v2 passes it; out of range → the
    text stays a string (ParseFloat returns an error)."""
    if dot_only and not _GO_FLOAT_DOT.match(text):
        return text
    try:
        value = float(text)
    except ValueError:
        return text
    return text if math.isinf(value) else value


def yamlv2_writes_plain(value: str) -> bool:
    """True when yaml.v2's encoder writes this string unquoted (encode.go `stringv`): it quotes
    what its own resolver would read as another type and what looks like a YAML 1.1 base-60
    number, writes multi-line text as a literal block, and its emitter quotes what cannot be
    plain (`yaml_emitter_analyze_scalar`)."""
    if not value or "\n" in value or value == "<<":
        return False
    if not isinstance(yamlv2_plain(value), str) or _v2_is_timestamp(value):
        return False
    if _V2_BASE60.match(value):
        return False
    return _emitter_allows_plain(value)


def yamlv2_quotes(value: str) -> bool:
    """Besides what it resolves to another type, what yaml.v2's encoder quotes: its
    timestamps and YAML 1.1's base-60 numbers."""
    return _v2_is_timestamp(value) or bool(_V2_BASE60.match(value))


def _v2_is_timestamp(value: str) -> bool:
    """parseTimestamp: four digits and a dash, then one of Go's layouts that time.Parse accepts
    (a real calendar date; the space-separated form takes no zone)."""
    if not _DIGITS_DASH.match(value):
        return False
    match = _V2_TIMESTAMP.match(value)
    if match is None:
        return False
    if match["sep"] and match["sep"][0] == " " and match["tz"]:
        return False
    if match["sep"] in ("T", "t") and not match["tz"]:
        return False
    try:
        datetime(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return False
    if match["H"] is None:
        return True
    return int(match["H"]) <= 23 and int(match["M"]) <= 59 and int(match["S"]) <= 59


_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")


def _emitter_allows_plain(value: str) -> bool:
    """The part of libyaml's scalar analysis that can force quotes on the strings that matter
    here (numbers and dates that js-yaml reads and yaml.v2 does not)."""
    if value[0] in " \t" or value[-1] in " \t":
        return False
    if any(c == "\t" or not (" " <= c <= "~") for c in value):
        return False
    if value[0] in _INDICATORS and not (
        value[0] in "-?:" and len(value) > 1 and value[1] not in " \t"
    ):
        return False
    return not (": " in value or " #" in value or value.endswith(":"))


# --- js-yaml 3.14.1 and 4.1.1, lib/type/*.js ---------------------------------------------------

_JS_NULL = frozenset({"~", "null", "Null", "NULL", ""})
_JS_TRUE = frozenset({"true", "True", "TRUE"})
_JS_FALSE = frozenset({"false", "False", "FALSE"})
_JS3_FLOAT = re.compile(
    r"^(?:[-+]?(?:0|[1-9][0-9_]*)(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?"
    r"|\.[0-9_]+(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*"
    r"|[-+]?\.(?:inf|Inf|INF)"
    r"|\.(?:nan|NaN|NAN))$"
)
_JS4_FLOAT = re.compile(
    r"^(?:[-+]?(?:[0-9][0-9_]*)(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?"
    r"|\.[0-9_]+(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)"
    r"|\.(?:nan|NaN|NAN))$"
)
_JS_DATE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")
_JS_TIMESTAMP = re.compile(
    r"^([0-9]{4})-([0-9][0-9]?)-([0-9][0-9]?)(?:[Tt]|[ \t]+)([0-9][0-9]?):([0-9]{2}):([0-9]{2})"
    r"(?:\.([0-9]*))?(?:[ \t]*(Z|([-+])([0-9][0-9]?)(?::([0-9]{2}))?))?$"
)


def jsyaml_plain(text: str, major: int) -> Any:
    """js-yaml's implicit types for a plain scalar, in its order: null, bool, int, float,
    timestamp (the merge key `<<` stays a string)."""
    if text in _JS_NULL:
        return None
    if text in _JS_TRUE:
        return True
    if text in _JS_FALSE:
        return False
    if _js_is_int(text, major):
        return integral(_js_int(text, major))
    if (_JS3_FLOAT if major == 3 else _JS4_FLOAT).match(text) and not text.endswith("_"):
        return integral(_js_float(text))
    date = _js_date(text)
    return text if date is None else date


def _js_is_int(data: str, major: int) -> bool:
    """resolveYamlInteger, as the two versions write it."""
    index, size = 0, len(data)
    if not size:
        return False
    ch = data[0]
    if ch in "-+":
        index += 1
        ch = data[index] if index < size else ""
    if ch == "0":
        if index + 1 == size:
            return True
        index += 1
        ch = data[index]
        bases = {"b": "01", "x": "0123456789abcdefABCDEF"}
        if major == 4:
            bases["o"] = "01234567"
        if ch in bases:
            return _digits(data[index + 1 :], bases[ch])
        if major == 3:
            return _digits(data[index:], "01234567")
    if ch == "_":
        return False
    rest = data[index:]
    if major == 3 and ":" in rest:
        head, _, tail = rest.partition(":")
        digits = head.replace("_", "")
        return (
            digits.isdigit()
            and digits.isascii()
            and bool(re.match(r"^(:[0-5]?[0-9])+$", ":" + tail))
        )
    return _digits(rest, "0123456789")


def _digits(text: str, allowed: str) -> bool:
    has = False
    for ch in text:
        if ch == "_":
            continue
        if ch not in allowed:
            return False
        has = True
    return has and not text.endswith("_")


def _js_int(data: str, major: int) -> float:
    value = data.replace("_", "")
    sign = 1
    if value[:1] in "-+":
        sign = -1 if value[0] == "-" else 1
        value = value[1:]
    if value == "0":
        return 0.0
    for prefix, base in (("0b", 2), ("0x", 16), ("0o", 8)):
        if value.startswith(prefix):
            return sign * _float(int(value[2:], base))
    if value.startswith("0") and major == 3:
        return sign * _float(int(value, 8))
    if ":" in value:
        total = 0.0
        for part in value.split(":"):
            total = total * 60 + float(part)
        return sign * total
    return sign * float(value)  # parseInt(value, 10), rounded once as V8 does


def _float(number: int) -> float:
    """A JavaScript number from a big integer: past the largest double it is Infinity."""
    try:
        return float(number)
    except OverflowError:
        return math.inf


def _js_float(data: str) -> float:
    value = data.replace("_", "").lower()
    sign = -1.0 if value.startswith("-") else 1.0
    value = value.lstrip("+-")
    if value == ".inf":
        return sign * math.inf
    if value == ".nan":
        return math.nan
    if ":" in value:
        total = 0.0
        for part in value.split(":"):
            total = total * 60 + float(part)
        return sign * total
    return sign * float(value)


def _js_date(text: str) -> JSDate | None:
    """constructYamlTimestamp: Date.UTC with JavaScript's overflow (month 13 is next January)
    and its two-digit-year rule (years 0–99 are 1900–1999), minus the zone offset."""
    match = _JS_DATE.match(text)
    parts: tuple[str | None, ...]
    if match is not None:
        parts = (*match.groups(), None, None, None, None, None, None, None, None)
    else:
        timestamp = _JS_TIMESTAMP.match(text)
        if timestamp is None:
            return None
        parts = timestamp.groups()
    year, month, day = int(parts[0] or 0), int(parts[1] or 0) - 1, int(parts[2] or 0)
    if 0 <= year <= 99:
        year += 1900
    hour = int(parts[3] or 0)
    minute = int(parts[4] or 0)
    second = int(parts[5] or 0)
    fraction = int(((parts[6] or "")[:3]).ljust(3, "0")) if parts[6] else 0
    delta = 0
    if parts[8]:
        delta = (int(parts[9] or 0) * 60 + int(parts[10] or 0)) * 60_000
        if parts[8] == "-":
            delta = -delta
    year += month // 12
    month %= 12
    try:
        start = datetime(year, month + 1, 1, tzinfo=timezone.utc)
        moment = start + timedelta(
            days=day - 1,
            hours=hour,
            minutes=minute,
            seconds=second,
            milliseconds=fraction - delta,
        )
    except (OverflowError, ValueError):
        return JSDate("Invalid Date")
    return JSDate(
        f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}T{moment.hour:02d}:"
        f"{moment.minute:02d}:{moment.second:02d}.{moment.microsecond // 1000:03d}Z"
    )
