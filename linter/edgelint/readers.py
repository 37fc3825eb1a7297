"""What each way of deploying reads an unquoted YAML value as, by the libraries that really read it.

edgelint's own reading is YAML 1.2 (ruamel.yaml's core schema). The platform never reads the file
that way. `iofogctl deploy -f` and `potctl deploy -f` decode it with gopkg.in/yaml.v2 2.4.0
(YAML 1.1: `yes`, `on`, `y` are booleans, `0777` is octal), marshal the spec back to YAML with
yaml.v2 (eclipse-iofog/iofogctl and Datasance/potctl `internal/execute/utils.go`, the kind
handlers' `yaml.Marshal(header.Spec)`, and the go-sdk's `yaml.Marshal(file)` in
`pkg/apps/applications.go`), and the Controller reads that text with js-yaml's `load`
(`src/services/yaml-parser-service.js`; js-yaml 3.14.1 in eclipse-iofog/Controller 3.0.4,
4.1.1 in Datasance/Controller 3.7.3). A direct upload to the Controller's YAML endpoint is read by
js-yaml alone. Each function below mirrors one library's resolver, line for line where it
matters; tests/conformance/ checks them against the real libraries (docs/yaml-readers.md).

Values come out as JavaScript holds them after the Controller parsed them: numbers that are
whole and safe are ints, strings stay strings, a js-yaml timestamp is a `JSDate` (a str of its
JSON form, which is what the Controller stores).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

# Kinds whose spec iofogctl and potctl decode into interface{} and pass on (the application,
# microservice and template factories in `internal/deploy/`): every value is read as YAML 1.1.
# Other kinds are decoded into typed Go structs, whose string fields keep the text as written.
UNTYPED_KINDS = frozenset({"Application", "Microservice", "ApplicationTemplate"})

# The header fields iofogctl decodes into Go strings (`internal/config/types.go` Header): a
# string field keeps the scalar's text as written (yaml.v2 decode.go, `reflect.String`).
HEADER_STRINGS = ("apiVersion", "kind")
METADATA_STRINGS = ("name", "namespace", "applicationName")


# Every reader's non-string plain scalars start with one of these: booleans and nulls (y, n,
# t, f, o, ~), numbers and dates (digits, signs, dots), the merge key. Text starting otherwise
# is a string to all of them, and yaml.v2 writes it back as one.
MAY_RESOLVE = frozenset("yYnNtTfFoO~.+-0123456789<")


_NUMERIC_START = frozenset(".+-0123456789")


def same_value(written: Any, sent: Any) -> bool:
    """Whether two readings are the same JavaScript value (1 and 1.0 are; "1" and 1 are not)."""
    if type(written) is str and type(sent) is str:
        return bool(written == sent)
    if isinstance(sent, JSDate) or isinstance(written, JSDate):
        return False
    if type(written) is bool or type(sent) is bool:
        return written is sent
    numbers = (int, float)
    if isinstance(written, numbers) and isinstance(sent, numbers):
        if isinstance(written, float) and math.isnan(written):
            return isinstance(sent, float) and math.isnan(sent)
        return bool(js_number(float(written)) == js_number(float(sent)))
    return type(written) is type(sent) and bool(written == sent)


class JSDate(str):
    """A value js-yaml constructed as a Date: held as the ISO text JSON.stringify gives it."""

    __slots__ = ()

    def to_string(self) -> str:
        """String(date), as an object key becomes, in the Controller's zone (UTC in its image)."""
        if self == "Invalid Date":
            return "Invalid Date"
        moment = datetime.strptime(self[:19], "%Y-%m-%dT%H:%M:%S")
        return (
            moment.strftime("%a %b %d ")
            + f"{moment.year:04d}"
            + moment.strftime(" %H:%M:%S GMT+0000 (Coordinated Universal Time)")
        )


@dataclass(frozen=True)
class Reader:
    """One deploy path's way of reading the file: the CLI's decoder (if any), then js-yaml."""

    name: str
    cli: str | None  # "gopkg.in/yaml.v2 2.4.0", or None for a direct upload
    controller: str  # "js-yaml 3.14.1"
    js_major: int  # 3 or 4; 0 for edgelint's own YAML 1.2 reading
    yaml_12: bool = False  # edgelint's own reading, for its own files

    def plain(self, text: str) -> Any:
        """The value the Controller holds for an unquoted, untagged scalar."""
        if text and text[0] not in MAY_RESOLVE:
            return text
        if self.yaml_12:
            from edgelint.scalars import resolve_plain

            return resolve_plain(text)
        if self.cli is None:
            return jsyaml_plain(text, self.js_major)
        return self.through_cli(yamlv2_plain(text))

    def quoted(self, text: str) -> Any:
        """A quoted or block scalar: a string to every decoder, but yaml.v2 may write it back
        unquoted (`"2024-01-01T10:00:00"` is no timestamp to Go) and js-yaml then reads a date."""
        if self.cli is None or not text or text[0] not in MAY_RESOLVE:
            return text
        return self.through_cli(text)

    def through_cli(self, decoded: Any) -> Any:
        """What js-yaml reads back from yaml.v2's marshalling of a value yaml.v2 decoded."""
        if isinstance(decoded, str):
            if not decoded or decoded[0] not in _NUMERIC_START:
                return decoded  # js-yaml's words (true, null) are yaml.v2's: it quotes them
            return jsyaml_plain(decoded, self.js_major) if yamlv2_writes_plain(decoded) else decoded
        if isinstance(decoded, float):
            return js_number(decoded)
        if isinstance(decoded, int) and not isinstance(decoded, bool):
            return js_number(float(decoded)) if abs(decoded) >= 2**53 else decoded
        return decoded

    def key(self, value: Any) -> str:
        """A JavaScript object's key: String(value)."""
        if type(value) is str:
            return value
        if value is None:
            return "null"
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (int, float)):
            from edgelint.render.jsvalues import number_to_string

            return number_to_string(value)
        if isinstance(value, JSDate):
            return value.to_string()
        return str(value)

    def describe(self) -> str:
        if self.cli is None:
            return f"the Controller's {self.controller}"
        return f"{self.cli}, then the Controller's {self.controller}"


YAML_12 = Reader("yaml-1.2", None, "YAML 1.2 core schema", 0, yaml_12=True)
IOFOGCTL_3 = Reader("iofogctl", "gopkg.in/yaml.v2 2.4.0", "js-yaml 3.14.1", 3)
POTCTL = Reader("potctl", "gopkg.in/yaml.v2 2.4.0", "js-yaml 4.1.1", 4)
CONTROLLER_3_0 = Reader("controller-3.0", None, "js-yaml 3.14.1", 3)
CONTROLLER_3_7 = Reader("controller-3.7", None, "js-yaml 4.1.1", 4)


def js_number(value: float) -> Any:
    if math.isfinite(value) and value == int(value) and abs(value) < 2**53:
        return int(value)
    return value


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
        return js_number(_js_int(text, major))
    if (_JS3_FLOAT if major == 3 else _JS4_FLOAT).match(text) and not text.endswith("_"):
        return js_number(_js_float(text))
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


# --- what `edgelint render` must quote ---------------------------------------------------------


def needs_quotes(value: str) -> bool:
    """True when some reader on the way would read the unquoted text as anything but this
    string: YAML 1.2, yaml.v2 (its resolver, its timestamps, YAML 1.1 base 60), js-yaml 3 or 4."""
    from edgelint.scalars import resolve_plain

    if not isinstance(resolve_plain(value), str) or value == "<<":
        return True
    if not isinstance(yamlv2_plain(value), str) or _v2_is_timestamp(value):
        return True
    if _V2_BASE60.match(value):
        return True
    return not (isinstance(jsyaml_plain(value, 3), str) and isinstance(jsyaml_plain(value, 4), str))


def plain_date(value: JSDate) -> str:
    """A form of the date js-yaml reads as that date and yaml.v2 passes on as written: Go's
    layouts take no zone after a space, so the CLI neither quotes it nor reads it."""
    return f"{value[:10]} {value[11:23]} Z"


def lost_string(value: str, reader: Reader) -> bool:
    """A string no quoting keeps one through this reader: yaml.v2 writes it back unquoted and
    js-yaml reads a date or a number (`2024-01-01T10:00:00`, `._5`)."""
    return (
        reader.cli is not None and not isinstance(value, JSDate) and reader.quoted(value) != value
    )
