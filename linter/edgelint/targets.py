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

from edgelint.resources import IOFOGCTL_2_KINDS, IOFOGCTL_3_KINDS, POTCTL_KINDS


@dataclass(frozen=True)
class Target:
    name: str
    title: str
    cli: str
    controller: str
    api_versions: tuple[str, ...]
    kinds: frozenset[str]
    # Datasance Controller 3.7.3 throws on `"" | findAgent` ("Transaction not provided").
    list_lookup_fails: bool = False

    @property
    def has_routes(self) -> bool:
        """Datasance Controller 3.7.0 replaced routes with NATS (no `routes` in Datasance/Controller
        v3.7 `src/schemas/application.js`)."""
        return "Route" in self.kinds

    @property
    def schema_file(self) -> str:
        return f"targets/{self.name}.schema.json"

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
    ),
    "edgeworx-cloud": Target(
        "edgeworx-cloud",
        "edgectl and the Edgeworx Cloud Controller 3.0",
        "edgectl",
        "3.0",
        ("iofog.org/v2", "iofog.org/v3"),
        IOFOGCTL_3_KINDS,
    ),
    "iofog-2": Target(
        "iofog-2",
        "iofogctl 2.x and Controller 2.0 (client-side validation)",
        "iofogctl 2.x",
        "2.0",
        ("iofog.org/v2",),
        IOFOGCTL_2_KINDS,
    ),
    "datasance": Target(
        "datasance",
        "potctl and the Datasance PoT Controller 3.7",
        "potctl",
        "3.7",
        ("datasance.com/v3",),
        POTCTL_KINDS,
        list_lookup_fails=True,
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
    return [t for t in TARGETS.values() if api_version in t.api_versions]
