"""The registry snapshot, and `images.registry` resolved exactly as the Controller resolves it.

The Controller (3.0.4 and Datasance 3.7.3, `yaml-parser-service.js parseMicroserviceImages`) does

    registryId = fileImages.registry != null
        ? { remote: 1, local: 2 }[fileImages.registry] || Number(fileImages.registry)
        : 1

with JavaScript's `Number`, then validates `registryId` as an integer, treats 0 as "no registry"
(registry 1 on create), and looks the ID up (`_createMicroservice` in
`src/services/microservices-service.js`). The functions below
reproduce that, so that edgelint's verdict on a value is the Controller's.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from edgelint import javascript

if TYPE_CHECKING:
    from edgelint.platform.snapshots import Header

HEADER = "snapshot"  # what `edgelint snapshot` writes beside the data (platform/snapshots.py)

ALIASES = {"remote": 1, "local": 2}
CACHE_URL = "from_cache"
DOCKER_HUB = "docker.io"
_DOCKER_HUB_HOSTS = frozenset(
    {"docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com"}
)

_URLISH = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*://)?[^\s/]+(?::\d+)?(?:/\S*)?$")


class SnapshotError(Exception):
    """A registry snapshot that cannot be used: a usage error naming the file and the problem."""

    def __init__(self, origin: str, problem: str) -> None:
        super().__init__(f"{origin}: {problem}")
        self.origin = origin
        self.problem = problem


@dataclass(frozen=True)
class RegistryEntry:
    """One registry of a Controller, as its `/api/v3/registries` lists it."""

    id: int
    url: str
    is_public: bool | None = None

    @property
    def host(self) -> str | None:
        """The host images must come from, or None for the agent's local cache (any image)."""
        if self.url == CACHE_URL:
            return None
        return registry_host(self.url)

    def describe(self) -> str:
        return f"{self.id} ({self.url})"


@dataclass(frozen=True)
class RegistrySnapshot:
    """A Controller's registries as a snapshot holds them: what `images.registry` may name."""

    entries: tuple[RegistryEntry, ...]
    origin: str
    content: str = ""  # the text it was read from: part of any cache key
    header: Header | None = None  # which Controller, when `edgelint snapshot` wrote it

    @cached_property
    def _by_id(self) -> dict[int, RegistryEntry]:
        return {entry.id: entry for entry in self.entries}

    def get(self, registry_id: int) -> RegistryEntry | None:
        return self._by_id.get(registry_id)

    def with_url(self, value: str) -> list[RegistryEntry]:
        """Entries whose URL is this one, scheme, trailing slash and case aside."""
        wanted = _normal_url(value)
        return [e for e in self.entries if _normal_url(e.url) == wanted]

    def with_host(self, host: str) -> list[RegistryEntry]:
        return [e for e in self.entries if e.host == host]

    def describe(self) -> str:
        listed = ", ".join(f"{e.id} = {e.url}" for e in self.entries) or "no registries"
        return f"{self.origin}: {listed}"


def default_snapshot() -> RegistrySnapshot:
    """The two registries every Controller is seeded with, as `edgectl registry list` prints."""
    from pathlib import Path

    # Beside this module in the wheel and in a checkout; importlib.resources costs ~4 ms to
    # import, a tenth of a cached run.
    text = (Path(__file__).parent.parent / "data" / "registries.default.json").read_text("utf-8")
    return parse_snapshot(text, "the built-in default snapshot")


def load_snapshot(path: str, limit: int | None = None) -> RegistrySnapshot:
    """A snapshot file, bounded as an input file is (files.read_text): a FIFO, /dev/zero or a
    file over the size limit is a SnapshotError, not a hang."""
    from edgelint.run.inputs import DEFAULT_MAX_FILE_SIZE, read_text

    try:
        text = read_text(path, limit or DEFAULT_MAX_FILE_SIZE)
    except ValueError as exc:
        raise SnapshotError(path, str(exc)) from None
    return parse_snapshot(text, path)


def parse_snapshot(text: str, origin: str) -> RegistrySnapshot:
    """Read `edgectl registry list` output (a JSON list) or the API's `{"registries": [...]}`."""
    from edgelint.run.inputs import parse_json

    try:
        data = parse_json(text)
    except ValueError as exc:
        raise SnapshotError(origin, str(exc)) from None
    header = None
    if isinstance(data, dict) and HEADER in data:
        from edgelint.platform.snapshots import read_header

        try:
            header = read_header(data[HEADER])
        except ValueError as exc:
            raise SnapshotError(origin, str(exc)) from None
    if isinstance(data, dict):
        if "registries" not in data:
            raise SnapshotError(
                origin,
                'expected a JSON list of registries or an object with a "registries" list; '
                + (
                    "this object is empty"
                    if not data
                    else f"its only key is {_shown(repr(next(iter(data))))}"
                    if len(data) == 1
                    else f"its keys are {_shown(', '.join(map(repr, data)))}"
                ),
            )
        data = data["registries"]
    if not isinstance(data, list):
        raise SnapshotError(origin, f"expected a JSON list of registries, found {_json_type(data)}")
    entries: list[RegistryEntry] = []
    seen: set[int] = set()
    for number, item in enumerate(data, start=1):
        where = f"registry #{number}"
        if not isinstance(item, dict):
            raise SnapshotError(origin, f"{where} is {_json_type(item)}, not an object")
        registry_id = item.get("id")
        if isinstance(registry_id, bool) or not isinstance(registry_id, int) or registry_id < 1:
            raise SnapshotError(
                origin,
                f'{where} needs "id", a positive integer; found {_shown(json.dumps(registry_id))}',
            )
        url = item.get("url")
        if not isinstance(url, str):
            raise SnapshotError(
                origin,
                f'{where} (id {registry_id}) needs "url", a string; '
                f"found {_shown(json.dumps(url))}",
            )
        if registry_id in seen:
            raise SnapshotError(origin, f"{where}: id {registry_id} appears twice")
        seen.add(registry_id)
        public = item.get("isPublic")
        entries.append(
            RegistryEntry(registry_id, url, public if isinstance(public, bool) else None)
        )
    return RegistrySnapshot(tuple(entries), origin, text, header)


def _shown(text: str) -> str:
    return text if len(text) <= 80 else text[:77] + "..."


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return "a number"
    return names.get(type(value), type(value).__name__)


def controller_registry_id(value: Any) -> float:
    """What the Controller computes from `images.registry` before it validates it."""
    if value is None:
        return 1.0
    if isinstance(value, str) and value in ALIASES:
        return float(ALIASES[value])
    return javascript.number(value)


def is_valid_id(number: float) -> bool:
    """The Controller's schema wants an integer (`registryId: {type: integer}`)."""
    return math.isfinite(number) and number.is_integer()


def looks_like_url(value: str) -> bool:
    text = value.strip()
    if not text or " " in text or not _URLISH.match(text):
        return False
    return "." in text or ":" in text or "/" in text or text == "localhost"


def registry_host(url: str) -> str:
    """The host[:port] of a registry URL, Docker Hub's many names folded into one."""
    text = url.strip().lower()
    if "://" in text:
        text = text.split("://", 1)[1]
    host = text.split("/", 1)[0]
    return DOCKER_HUB if host in _DOCKER_HUB_HOSTS or host == "hub.docker.com" else host


def image_host(image: str) -> str:
    """The registry host an image reference pulls from (Docker's rule: no host means Docker Hub)."""
    first, slash, _ = image.strip().partition("/")
    if slash and ("." in first or ":" in first or first == "localhost"):
        return registry_host(first)
    return DOCKER_HUB


def _normal_url(url: str) -> str:
    text = url.strip().lower()
    if "://" in text:
        text = text.split("://", 1)[1]
    return text.rstrip("/")
