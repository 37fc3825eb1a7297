"""The header `edgelint snapshot` writes into both snapshot files: which Controller, which
version, when. Lint names it where it says what it checked against, and warns when the
Controller's version is not the one the target deploys to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from edgelint.platform.targets import Target


@dataclass(frozen=True)
class Header:
    """Which Controller a snapshot was taken from, and when: said in messages that cite it."""

    controller: str
    version: str
    taken: str

    def describe(self, origin: str) -> str:
        return (
            f"{origin} is a snapshot of Controller {self.version} at {self.controller}, "
            f"taken {self.taken}"
        )

    def misfit(self, target: Target) -> str | None:
        """Why a snapshot of this Controller does not fit the target, or None."""
        major_minor = ".".join(self.version.split(".")[:2])
        if not self.version or major_minor == target.controller:
            return None
        return (
            f"it is of Controller {self.version}, and target {target.name} deploys to Controller "
            f"{target.controller}: lookups and registries may differ from what the files meet"
        )


def read_header(value: Any) -> Header:
    """The `snapshot` mapping; ValueError says what is wrong with it."""
    if not isinstance(value, dict):
        raise ValueError("`snapshot` must be a mapping (controller, version, taken)")
    fields = {k: value.get(k) for k in ("controller", "version", "taken")}
    if not all(isinstance(v, str) for v in fields.values()):
        raise ValueError("`snapshot` needs the strings controller, version and taken")
    return Header(**fields)  # type: ignore[arg-type]
