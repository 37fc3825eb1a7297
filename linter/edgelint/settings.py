"""What a run is checked against: the registry snapshot today; targets and configuration later."""

from __future__ import annotations

from dataclasses import dataclass, field

from edgelint.registry import RegistrySnapshot, default_snapshot, load_snapshot
from edgelint.render.cluster import STAND_IN, ClusterSnapshot, load_cluster


@dataclass(frozen=True)
class Settings:
    registries: RegistrySnapshot
    cluster: ClusterSnapshot = field(default=STAND_IN)

    @classmethod
    def build(cls, registries: str | None = None, cluster: str | None = None) -> Settings:
        """Raises SnapshotError / ClusterError for a snapshot that cannot be used (usage)."""
        snapshot = load_snapshot(registries) if registries else default_snapshot()
        return cls(registries=snapshot, cluster=load_cluster(cluster) if cluster else STAND_IN)
