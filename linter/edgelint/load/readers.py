"""What each way of deploying reads an unquoted YAML value as, by the libraries that really read it.

edgelint's own reading is YAML 1.2 (ruamel.yaml's core schema). The platform never reads the file
that way. `iofogctl deploy -f` and `potctl deploy -f` decode it with gopkg.in/yaml.v2 2.4.0
(YAML 1.1: `yes`, `on`, `y` are booleans, `0777` is octal), marshal the spec back to YAML with
yaml.v2 (eclipse-iofog/iofogctl and Datasance/potctl `internal/execute/utils.go`, the kind
handlers' `yaml.Marshal(header.Spec)`, and the go-sdk's `yaml.Marshal(file)` in
`pkg/apps/applications.go`), and the Controller reads that text with js-yaml's `load`
(`src/services/yaml-parser-service.js`; js-yaml 3.14.1 in eclipse-iofog/Controller 3.0.4,
4.1.1 in Datasance/Controller 3.7.3). A direct upload to the Controller's YAML endpoint is read by
js-yaml alone. resolvers.py rebuilds each library's resolver, and tests/conformance/ checks it
against the real library (docs/yaml-readers.md has the readers per target, with sources).

Values come out as JavaScript holds them after the Controller parsed them: numbers that are
whole and safe are ints, strings stay strings, a js-yaml timestamp is a `JSDate` (a str of its
JSON form, which is what the Controller stores).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from edgelint.javascript import SAFE_INTEGER, JSDate, integral

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
        return bool(integral(float(written)) == integral(float(sent)))
    return type(written) is type(sent) and bool(written == sent)


@dataclass(frozen=True)
class Reader:
    """One deploy path's way of reading the file: the CLI's decoder (if any), then js-yaml."""

    name: str
    cli: str | None  # "gopkg.in/yaml.v2 2.4.0", or None for a direct upload
    controller: str  # "js-yaml 3.14.1"
    js_major: int  # 3 or 4; 0 for edgelint's own YAML 1.2 reading
    yaml_12: bool = False  # edgelint's own reading, for its own files
    # The kinds whose spec the CLI decodes into interface{}, reading every value as YAML 1.1;
    # it decodes the others into typed Go structs (typed.py).
    untyped: frozenset[str] = UNTYPED_KINDS

    def __hash__(self) -> int:
        """By name alone (equal readers have one): the loader's memo hashes a reader for each
        scalar it looks up, and the generated hash of every field costs more than the lookup."""
        return hash(self.name)

    def plain(self, text: str) -> Any:
        """The value the Controller holds for an unquoted, untagged scalar."""
        if text and text[0] not in MAY_RESOLVE:
            return text
        if self.yaml_12:
            from edgelint.load.scalars import resolve_plain

            return resolve_plain(text)
        from edgelint.load import resolvers

        if self.cli is None:
            return resolvers.jsyaml_plain(text, self.js_major)
        return self.through_cli(resolvers.yamlv2_plain(text))

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
            from edgelint.load import resolvers

            if not resolvers.yamlv2_writes_plain(decoded):
                return decoded
            return resolvers.jsyaml_plain(decoded, self.js_major)
        if isinstance(decoded, float):
            return integral(decoded)
        if isinstance(decoded, int) and not isinstance(decoded, bool):
            return integral(float(decoded)) if abs(decoded) >= SAFE_INTEGER else decoded
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
            from edgelint.javascript import number_to_string

            return number_to_string(value)
        if isinstance(value, JSDate):
            return value.to_string()
        return str(value)


YAML_12 = Reader("yaml-1.2", None, "YAML 1.2 core schema", 0, yaml_12=True)
IOFOGCTL_3 = Reader("iofogctl", "gopkg.in/yaml.v2 2.4.0", "js-yaml 3.14.1", 3)
# iofogctl 2.x decoded every spec into typed structs (`yaml.UnmarshalStrict(opt.Yaml,
# &application)` into rsc.Application, internal/deploy/application/factory.go at v2.0.7) and
# sent JSON: its string fields keep the text as written.
IOFOGCTL_2 = Reader("iofogctl-2", "gopkg.in/yaml.v2 2.2.8 (typed)", "JSON", 3, untyped=frozenset())
POTCTL = Reader("potctl", "gopkg.in/yaml.v2 2.4.0", "js-yaml 4.1.1", 4)
CONTROLLER_3_0 = Reader("controller-3.0", None, "js-yaml 3.14.1", 3)
CONTROLLER_3_7 = Reader("controller-3.7", None, "js-yaml 4.1.1", 4)


# --- what `edgelint render` must quote ---------------------------------------------------------


def needs_quotes(value: str) -> bool:
    """True when some reader on the way would read the unquoted text as anything but this
    string: YAML 1.2, yaml.v2 (its resolver, its timestamps, YAML 1.1 base 60), js-yaml 3 or 4."""
    from edgelint.load import resolvers
    from edgelint.load.scalars import resolve_plain

    if not isinstance(resolve_plain(value), str) or value == "<<":
        return True
    if not isinstance(resolvers.yamlv2_plain(value), str) or resolvers.yamlv2_quotes(value):
        return True
    return not all(isinstance(resolvers.jsyaml_plain(value, major), str) for major in (3, 4))


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
