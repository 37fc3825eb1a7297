"""Settings per file: the command line's options over the nearest configuration file's.

A run can span directories with different configurations (a monorepo with one pyproject.toml
per service), so each file gets the settings of the configuration that governs it; snapshots
and schemas are loaded once per configuration, not once per file.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from edgelint.config.files import Config, ConfigError, find_config, load_config
from edgelint.config.options import Options
from edgelint.config.selection import Layer, Selection, path_matches
from edgelint.config.settings import Settings
from edgelint.run.inputs import Input


class Project:
    def __init__(self, options: Options) -> None:
        self.options = options
        self._by_directory: dict[Path, Config] = {}
        self._by_name: dict[str, Config] = {}  # a file's directory as written: no Path per file
        self._loaded: dict[Path | None, Config] = {}
        self._settings: dict[int, Settings] = {}
        self._fixed: Config | None = None
        if options.isolated:
            if options.config is not None:
                raise ConfigError("--config", "cannot be combined with --isolated")
            self._fixed = Config()
        elif options.config is not None:
            path = Path(options.config)
            if not path.exists():
                raise ConfigError(options.config, "no such configuration file")
            self._fixed = load_config(path)

    def config_for(self, directory: Path) -> Config:
        if self._fixed is not None:
            return self._fixed
        cached = self._by_directory.get(directory)  # as given: no syscall for a known one
        if cached is None:
            found = find_config(directory)
            path = found[0] if found is not None else None
            cached = self._loaded.get(path)
            if cached is None:
                cached = load_config(*found) if found is not None else Config()
                self._loaded[path] = cached
            self._by_directory[directory] = cached
        return cached

    def config_of(self, item: Input) -> Config:
        if item.path is None:
            return self.config_for(Path.cwd())
        return self._config_in(os.path.dirname(item.path))

    def _config_in(self, name: str) -> Config:
        """config_for a directory as written (a file's dirname): no Path made for a known one."""
        cached = self._by_name.get(name)
        if cached is None:
            cached = self._by_name[name] = self.config_for(Path(name or "."))
        return cached

    def settings_for(self, item: Input) -> Settings:
        return self.settings(self.config_of(item))

    def settings(self, config: Config) -> Settings:
        cached = self._settings.get(id(config))  # configs live as long as the project
        if cached is None:
            cached = self._build(config)
            self._settings[id(config)] = cached
        return cached

    def excluded(self, name: str) -> bool:
        """Whether the governing configuration excludes this file or directory, or a directory
        it is in (pre-commit names files one by one, never their directories). A name, not a
        Path: a walk asks this of every file, and a configuration without excludes needs no
        Path made."""
        config = self._config_in(os.path.dirname(name))
        if not name.endswith((".yaml", ".yml")) and os.path.isdir(name):
            config = self.config_for(Path(name))
        if not config.exclude:
            return False
        root = config.root.resolve()
        candidate = Path(name).resolve()
        while True:
            if path_matches(candidate, config.exclude, root):
                return True
            if candidate == root or candidate.parent == candidate:
                return False
            candidate = candidate.parent

    def _build(self, config: Config) -> Settings:
        from edgelint.platform.registries import SnapshotError
        from edgelint.platform.targets import UnknownTarget
        from edgelint.render.cluster import ClusterError

        o = self.options
        registries = o.registries or config.resolve(config.registries)
        cluster = o.cluster or config.resolve(config.cluster)
        layers = (
            Layer(config.select, config.extend_select, config.ignore),
            o.layer,
        )
        selection = Selection(
            layers=tuple(x for x in layers if x != Layer()),
            per_file_ignores=config.per_file_ignores,
            severity=config.severity,
            root=config.root,
        )
        size = o.max_file_size or config.max_file_size
        try:
            settings = Settings.build(registries, cluster, o.target or config.target, size)
        except UnknownTarget as exc:
            raise ConfigError("--target", str(exc)) from None
        except SnapshotError as exc:
            where = "--registries" if o.registries else f"{config.origin}: `registries`"
            raise ConfigError(f"{where} {exc.origin}", exc.problem) from None
        except ClusterError as exc:
            where = "--cluster" if o.cluster else f"{config.origin}: `cluster`"
            raise ConfigError(f"{where} {exc.origin}", exc.problem) from None
        settings = settings.with_selection(selection)
        return replace(settings, max_file_size=size) if size else settings
