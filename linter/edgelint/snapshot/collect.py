"""What `edgelint snapshot` reads from a Controller, and the two files it makes of it.

The registry snapshot is the API's `{"registries": [...]}` (what `--registries` reads), without
any password; the cluster snapshot holds the lists the lookups and template deployments need,
as the API returns them (`--cluster` reads that form: render/cluster.py), edge resources with
their `interface` (what `findEdgeResource` returns; the list leaves it out). Both carry a
`snapshot` header: the Controller's URL and version and the time, which lint names when it
says what it checked against.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from edgelint.platform.registries import HEADER  # what lint reads the header under
from edgelint.snapshot.client import Controller, ControllerError

# Never written: what a registry (or anything else listed) might carry as a secret.
SECRET_KEYS = frozenset({"password", "token", "accessToken", "refreshToken"})


@dataclass(frozen=True)
class Credentials:
    """Either a token or an e-mail and password; where they came from, for messages."""

    origin: str
    email: str | None = None
    password: str | None = None
    token: str | None = None


@dataclass(frozen=True)
class Snapshot:
    """What `edgelint snapshot` read from a Controller, before it is written as files."""

    header: dict[str, Any]
    registries: list[dict[str, Any]] | None  # None: not asked for
    cluster: dict[str, list[dict[str, Any]]] | None

    def registries_text(self) -> str:
        return _json({HEADER: self.header, "registries": self.registries or []})

    def cluster_text(self) -> str:
        return _json({HEADER: self.header, **(self.cluster or {})})

    def counts(self) -> list[tuple[int, str]]:
        """How many of each thing were read, for the summary line."""
        counted = [] if self.registries is None else [(len(self.registries), "registry")]
        names = {key: what for key, _, _, what in CLUSTER_LISTS}
        for key, items in (self.cluster or {}).items():
            counted.append((len(items), names[key]))
        return counted


def take(
    controller: Controller,
    credentials: Credentials,
    *,
    registries: bool = True,
    cluster: bool = True,
    step: Callable[[str], None] = lambda what: None,
    now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.timezone.utc),
) -> Snapshot:
    """Read what the snapshots asked for need (a registry snapshot alone reads one list)."""
    step("status")
    status = controller.status()
    version = str(status["versions"].get("controller", ""))
    controller.bearer = controller.bearer or not version.startswith("3.0.")
    if credentials.token is not None:
        controller.token = credentials.token
    else:
        step("login")
        controller.login(credentials.email or "", credentials.password or "", credentials.origin)
    listed: list[dict[str, Any]] | None = None
    if registries:
        step("registries")
        listed = _listed(controller, "/registries", "registries")
    lists: dict[str, list[dict[str, Any]]] | None = None
    if cluster:
        lists = {}
        for key, path, answer_key, what in CLUSTER_LISTS:
            step(f"{what}s")
            lists[key] = _listed(controller, path, answer_key)
        lists["edgeResources"] = [_with_interface(controller, i) for i in lists["edgeResources"]]
    header = {
        "controller": controller.connection.base,
        "version": version,
        "taken": now().isoformat(timespec="seconds"),
    }
    return Snapshot(header, listed, lists)


# The cluster snapshot's lists: its key, the endpoint, the answer's key, one of them in words.
CLUSTER_LISTS = (
    ("agents", "/iofog-list", "fogs", "agent"),
    ("applications", "/application", "applications", "application"),
    ("applicationTemplates", "/applicationTemplates", "applicationTemplates",
     "application template"),
    ("edgeResources", "/edgeResources", "edgeResources", "edge resource"),
)  # fmt: skip


def _listed(controller: Controller, path: str, key: str) -> list[dict[str, Any]]:
    answer = controller.get(path)
    items = answer.get(key) if isinstance(answer, dict) else None
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise ControllerError(
            f"{controller.connection.base}{path} answered without a `{key}` list of objects"
        )
    return [_without_secrets(i) for i in items]


def _with_interface(controller: Controller, item: dict[str, Any]) -> dict[str, Any]:
    """`findEdgeResource` returns the resource with its `interface`; the list has none."""
    name, version = item.get("name"), item.get("version")
    if not isinstance(name, str) or not isinstance(version, str) or "interface" in item:
        return item
    full = controller.get("/edgeResource", name, version)
    return _without_secrets(full) if isinstance(full, dict) else item


def _without_secrets(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_secrets(v) for k, v in value.items() if k not in SECRET_KEYS}
    if isinstance(value, list):
        return [_without_secrets(v) for v in value]
    return value


def _json(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"
