"""What a run is checked against: the registry snapshot today; targets and configuration later."""

from __future__ import annotations

from dataclasses import dataclass

from edgelint.registry import RegistrySnapshot, default_snapshot, load_snapshot


@dataclass(frozen=True)
class Settings:
    registries: RegistrySnapshot

    @classmethod
    def build(cls, registries: str | None = None) -> Settings:
        """Raises registry.SnapshotError for a snapshot that cannot be used (a usage error)."""
        snapshot = load_snapshot(registries) if registries else default_snapshot()
        return cls(registries=snapshot)
