"""What a file is checked against: the target platform, the snapshots, the rules selected."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property

from edgelint.config.selection import Selection
from edgelint.platform.registries import RegistrySnapshot, default_snapshot, load_snapshot
from edgelint.platform.targets import Target, get_target
from edgelint.render.cluster import STAND_IN, ClusterSnapshot, load_cluster
from edgelint.run.inputs import DEFAULT_MAX_FILE_SIZE


@dataclass(frozen=True)
class Settings:
    """Everything a file is checked with, built once per configuration and shared by its files
    (and workers)."""

    registries: RegistrySnapshot
    cluster: ClusterSnapshot = field(default=STAND_IN)
    target: Target = field(default_factory=lambda: get_target(None))
    # False when neither an option nor a configuration named the target: a file that says
    # `datasance.com/v3` throughout is then checked as datasance (lint.py).
    target_chosen: bool = False
    selection: Selection = field(default_factory=Selection)  # rules on, and their severity
    max_file_size: int = DEFAULT_MAX_FILE_SIZE  # bytes; a bigger file is EL004, not read

    def with_selection(self, selection: Selection) -> Settings:
        return replace(self, selection=selection)

    def snapshot_notes(self) -> list[tuple[str, str]]:
        """(prefix, words) for each snapshot `edgelint snapshot` wrote: which Controller it is
        of, and a warning when that is not the Controller the target deploys to."""
        notes = []
        for origin, header in ((self.registries.origin, self.registries.header),
                               (self.cluster.origin, self.cluster.header)):  # fmt: skip
            if header is None:
                continue
            notes.append(("edgelint: note: ", header.describe(origin)))
            misfit = header.misfit(self.target)
            if misfit is not None:
                notes.append(("edgelint: warning: ", f"{origin}: {misfit}"))
        return notes

    @cached_property
    def fingerprint(self) -> str:
        """Everything besides a file's bytes that decides its diagnostics: the cache key."""
        from edgelint.run.cache import content_hash

        parts = (
            self.target.name,
            str(self.target_chosen),
            repr(self.registries.entries),
            self.registries.content,
            self.cluster.content,
            repr(self.cluster.stand_ins),
            repr(self.selection),
            str(self.max_file_size),
        )
        return content_hash("\0".join(parts).encode(), 12)

    @classmethod
    def build(
        cls,
        registries: str | None = None,
        cluster: str | None = None,
        target: str | None = None,
        max_file_size: int | None = None,
    ) -> Settings:
        """Raises SnapshotError / ClusterError / UnknownTarget for what cannot be used (usage).
        Snapshot files are bounded by the same size limit as the files they check."""
        snapshot = load_snapshot(registries, max_file_size) if registries else default_snapshot()
        return cls(
            registries=snapshot,
            cluster=load_cluster(cluster, max_file_size) if cluster else STAND_IN,
            target=get_target(target),
            target_chosen=target is not None,
        )
