"""What the files are held to: one CLI and one Controller version per target.

The CLIs accept exactly one apiVersion each and different kinds; the Controllers accept different
fields (iofogctl's `ValidateHeader` in `internal/config/config.go`, the kinds in
`internal/config/types.go`, the Controllers' `src/schemas/`). A target names one such platform,
and the schema file in schemas/targets/ that mirrors it.

The default is iofog-3 — iofogctl 3.x with Controller 3.0: its behaviour is fully sourced
(iofogctl's and the Controller's code), it is what the recorded Controller verdicts were
produced with (corpus/SOURCES.md: "the way iofogctl 3.x sends it"), and Edgeworx Cloud runs the
same Controller 3.0. edgectl's source is not public; `edgeworx-cloud` differs only in also
accepting `iofog.org/v2`, as the Edgeworx docs show.
"""

from __future__ import annotations

from dataclasses import dataclass

from edgelint.load.readers import (
    CONTROLLER_3_0,
    CONTROLLER_3_7,
    IOFOGCTL_2,
    IOFOGCTL_3,
    POTCTL,
    UNTYPED_KINDS,
    Reader,
)
from edgelint.platform.kinds import IOFOGCTL_2_KINDS, IOFOGCTL_3_KINDS, POTCTL_KINDS


@dataclass(frozen=True)
class Target:
    """A deploy path (a CLI and the Controller behind it), whose decoder and kinds the checks
    follow."""

    name: str
    title: str
    cli: str
    controller: str
    api_versions: tuple[str, ...]
    kinds: frozenset[str]
    reader: Reader  # how the file is read on its way in (load/readers.py, docs/yaml-readers.md)
    # Datasance Controller 3.7.3 throws on `"" | findAgent` ("Transaction not provided").
    list_lookup_fails: bool = False
    schema: str = ""  # the schema file's name, when it is another target's
    datasance: bool = False  # the Datasance Controller's fields and rules
    # A direct upload has no CLI, and the Controller does not read the apiVersion.
    checks_api_version: bool = True

    @property
    def has_routes(self) -> bool:
        """Datasance Controller 3.7.0 replaced routes with NATS (no `routes` in Datasance/Controller
        v3.7 `src/schemas/application.js`)."""
        return "Route" in self.kinds

    @property
    def schema_name(self) -> str:
        return self.schema or self.name

    @property
    def schema_file(self) -> str:
        return f"targets/{self.schema_name}.schema.json"

    def describe(self) -> str:
        return f"{self.name} ({self.cli} with Controller {self.controller})"


TARGETS: dict[str, Target] = {
    "iofog-3": Target(
        "iofog-3",
        "iofogctl 3.x and Controller 3.0",
        "iofogctl 3.x",
        "3.0",
        ("iofog.org/v3",),
        IOFOGCTL_3_KINDS,
        IOFOGCTL_3,
    ),
    # edgectl's source is not public; it deploys iofogctl's file format, and edgelint reads the
    # file as iofogctl does.
    "edgeworx-cloud": Target(
        "edgeworx-cloud",
        "edgectl and the Edgeworx Cloud Controller 3.0",
        "edgectl",
        "3.0",
        ("iofog.org/v2", "iofog.org/v3"),
        IOFOGCTL_3_KINDS,
        IOFOGCTL_3,
    ),
    "iofog-2": Target(
        "iofog-2",
        "iofogctl 2.x and Controller 2.0 (client-side validation)",
        "iofogctl 2.x",
        "2.0",
        ("iofog.org/v2",),
        IOFOGCTL_2_KINDS,
        IOFOGCTL_2,
    ),
    "datasance": Target(
        "datasance",
        "potctl and the Datasance PoT Controller 3.7",
        "potctl",
        "3.7",
        ("datasance.com/v3",),
        POTCTL_KINDS,
        POTCTL,
        list_lookup_fails=True,
        datasance=True,
    ),
    "controller-3.0": Target(
        "controller-3.0",
        "a direct upload to Controller 3.0's YAML endpoints (curl, scripts)",
        "the Controller's YAML endpoint",
        "3.0",
        ("iofog.org/v3",),
        UNTYPED_KINDS,
        CONTROLLER_3_0,
        schema="iofog-3",
        checks_api_version=False,
    ),
    "controller-3.7": Target(
        "controller-3.7",
        "a direct upload to the Datasance PoT Controller 3.7's YAML endpoints",
        "the Controller's YAML endpoint",
        "3.7",
        ("datasance.com/v3",),
        UNTYPED_KINDS,
        CONTROLLER_3_7,
        list_lookup_fails=True,
        schema="datasance",
        datasance=True,
        checks_api_version=False,
    ),
}
DEFAULT_TARGET = "iofog-3"


class UnknownTarget(ValueError):
    pass


def get_target(name: str | None) -> Target:
    if name is None:
        return TARGETS[DEFAULT_TARGET]
    try:
        return TARGETS[name]
    except KeyError:
        choices = ", ".join(TARGETS)
        raise UnknownTarget(f"unknown target {name!r}; targets: {choices}") from None


def fitting_targets(api_version: object) -> list[Target]:
    return [t for t in TARGETS.values() if t.checks_api_version and api_version in t.api_versions]
