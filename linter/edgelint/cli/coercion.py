"""Typer without pydantic for the plain option types edgelint uses.

Typer 0.26+ coerces every parameter through a pydantic TypeAdapter. Importing pydantic and
building fifteen adapters costs about 100 ms per invocation (measured: `typer._adapters` is the
largest import of a `lint` run, `python -X importtime`) — a third of a pre-commit hook's run
for values that click has already parsed into `str`, `bool` or a choice. For those annotations
(str, bool, int, an Enum of choices, lists of str, each optionally Optional) the value is converted
here; anything else still goes to typer's own adapter. Typer is pinned to 0.29.x (pyproject), and
a test fails if the hook point moves.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from enum import Enum
from typing import Any

from typer import _coercion, core
from typer._click.exceptions import BadParameter


@dataclass(frozen=True)
class PlainRuntimeParam(_coercion.RuntimeParam):
    """A typer parameter coerced by edgelint's own small rules instead of typer's pydantic path."""

    kind: str = "str"  # str, bool, int, enum, list
    enum: type[Enum] | None = None

    def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
        """A bad value is a usage error (exit 2) in click's words — `'nope' is not one of
        'text', 'json'.`, `0 is not in the range x>=1.` — never an exception. Typer 0.29
        vendors click without its types, so the checks are written out here."""
        if self.kind == "list":
            return [str(item) for item in value]
        if self.kind == "enum":
            assert self.enum is not None
            if isinstance(value, self.enum):
                return value
            choices = [member.value for member in self.enum]
            if value not in choices:
                listed = ", ".join(map(repr, choices))
                raise BadParameter(f"{value!r} is not one of {listed}.", ctx=ctx, param=param)
            return self.enum(value)
        if self.kind == "bool":
            return bool(value)
        if self.kind == "int":
            return self._integer(value, param, ctx)
        return str(value)

    def _integer(self, value: Any, param: Any, ctx: Any) -> int:
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise BadParameter(f"{value!r} is not a valid integer.", ctx=ctx, param=param) from None
        low = getattr(self.parameter_info, "min", None)
        high = getattr(self.parameter_info, "max", None)
        if (low is not None and number < low) or (high is not None and number > high):
            if low is not None and high is not None:
                bounds = f"{low}<=x<={high}"
            else:
                bounds = f"x>={low}" if low is not None else f"x<={high}"
            raise BadParameter(f"{number} is not in the range {bounds}.", ctx=ctx, param=param)
        return number


def _plain(annotation: Any) -> tuple[str, type[Enum] | None] | None:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _plain(args[0]) if len(args) == 1 else None
    if origin is list:
        (item,) = typing.get_args(annotation) or (None,)
        return ("list", None) if item is str else None
    if annotation is str:
        return ("str", None)
    if annotation is bool:
        return ("bool", None)
    if annotation is int:
        return ("int", None)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return ("enum", annotation)
    return None


_typer_build = core.build_runtime_param  # type: ignore[attr-defined]


def build_runtime_param(descriptor: Any) -> _coercion.RuntimeParam:
    plain = None if descriptor.file_annotation is not None else _plain(descriptor.annotation)
    if plain is None:
        return _typer_build(descriptor)
    kind, enum = plain
    return PlainRuntimeParam(
        parameter_info=descriptor.parameter_info,
        annotation=descriptor.annotation,
        kind=kind,
        enum=enum,
    )


def install() -> None:
    core.build_runtime_param = build_runtime_param  # type: ignore[attr-defined]
