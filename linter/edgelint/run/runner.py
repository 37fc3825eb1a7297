"""One run over many files: read each, lint or fix it, collect what the reporters present.

Where time goes in a run, and what this module does about it: a file whose bytes and settings
are unchanged since the last run comes from the result cache without importing the checking
machinery at all; the rest are checked in worker processes when there are enough of them to
pay for the workers; each checked file is kept only as its diagnostics and the lines they
show, so memory stays flat over thousands of files; and while files are checked the cycle
collector runs rarely, as run/collector.py explains.

One file cannot take the run hostage: an unexpected exception while checking or fixing it is
reported for that file (with a crash log, and exit code 2 at the end), and the other files are
still checked and fixed.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from edgelint.diagnostics import Diagnostic, Severity, allowed
from edgelint.run.collector import fewer_collections
from edgelint.run.inputs import Input, TooLarge, read_input
from edgelint.run.results import FileResult, Tally

if TYPE_CHECKING:
    from edgelint.config.settings import Settings
    from edgelint.fix.atomic import Seen
    from edgelint.fix.splice import FixOutcome
    from edgelint.run.cache import Cached, ResultCache

# Below this many files to check, worker processes cost more than they save.
PARALLEL_MIN_FILES = 24


@dataclass(repr=False, eq=False)
class RunResult:
    """A run's results. Files go in through `add`, which counts them; a run that streams its
    report hands each file to the reporter and keeps only the counts."""

    files: list[FileResult] = field(default_factory=list)
    io_errors: list[str] = field(default_factory=list)
    fixes: list[FixOutcome] = field(default_factory=list)  # fix runs: files that changed
    internal_errors: list[str] = field(default_factory=list)  # one line per file that crashed
    tally: Tally = field(default_factory=Tally)

    def add(self, result: FileResult, *, keep: bool = True) -> None:
        self.tally.add(result)
        if keep:
            self.files.append(result)

    def replace_last(self, result: FileResult) -> None:
        self.tally.add(self.files[-1], -1)
        self.files[-1] = result
        self.tally.add(result)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """The kept files' findings (a streamed run keeps none: its `tally` counts them)."""
        return [d for f in self.files for d in f.diagnostics]

    def count(self, severity: Severity) -> int:
        return self.tally.severities.get(severity, 0)

    @property
    def has_errors(self) -> bool:
        return self.count(Severity.ERROR) > 0

    @property
    def rejected(self) -> bool:
        """Errors that make the Controller reject or store error text (not just odd values)."""
        return self.tally.rejections > 0

    def fixable(self, unsafe: bool) -> int:
        return self.tally.all_fixes if unsafe else self.tally.safe_fixes

    def unread(self, why: Unread) -> None:
        if why.result is not None:
            self.add(why.result)
        if why.io_error is not None:
            self.io_errors.append(why.io_error)


class Read(NamedTuple):
    """An input's bytes, and the file as it was when they were read (fix compares it before
    it writes; None for stdin)."""

    raw: bytes
    info: os.stat_result | None = None


class Unread(NamedTuple):
    """Why an input has no bytes to check: over the size limit (`result`, its EL004), or it
    cannot be read (`io_error`, for the run, which goes on and exits 2)."""

    result: FileResult | None = None
    io_error: str | None = None


def read(input_: Input, settings: Settings) -> Read | Unread:
    """The one way lint, fix and the workers read an input."""
    from edgelint.run.inputs import read_file

    try:
        if input_.path is None:
            return Read(read_input(None, settings.max_file_size))
        return Read(*read_file(input_.path, settings.max_file_size))
    except TooLarge as exc:
        return Unread(result=too_large(input_.display, exc, settings))
    except OSError as exc:
        return Unread(io_error=f"{input_.display}: cannot read: {exc.strerror or exc}")


def cached(
    cache: ResultCache | None, settings: Settings, input_: Input, raw: bytes
) -> tuple[str, Cached | None]:
    """The one way lint and fix ask the cache: the bytes' digest ("" when the cache cannot
    take them) and what the cache holds for them under these settings."""
    if cache is None:
        return "", None
    digest = cache.digest(raw) or ""
    return digest, cache.get(settings.fingerprint, input_.display, digest) if digest else None


def too_large(display: str, exc: TooLarge, settings: Settings) -> FileResult:
    from edgelint.load.source import Position
    from edgelint.rules.yaml import EL004

    where = Position(1, 1)
    message = (
        f"the file is {_size(exc.size)}, over the {_size(exc.limit)} limit (`max-file-size`, "
        "--max-file-size): not read, not checked"
    )
    diagnostic = Diagnostic(EL004.code, EL004.severity, message, display, where, where)
    return FileResult(display, None, settings.selection.apply([diagnostic], display))


def _size(count: int) -> str:
    for unit, factor in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if count >= factor:
            return f"{count / factor:.1f} {unit}"
    return f"{count} bytes"


SettingsFor = Callable[[Input], "Settings"]


@dataclass(slots=True, repr=False, eq=False)
class _ToCheck:
    """A file to check. Its bytes are not kept (they are read again where it is checked),
    except stdin's, which cannot be; nor is their digest (see `_check`)."""

    index: int
    input: Input
    settings: Settings
    raw: bytes | None


class _InOrder:
    """Results handed on in the order of the inputs, whatever order they are finished in: a
    worker's result waits here only until the ones before it are in."""

    def __init__(self, deliver: Callable[[FileResult], None]) -> None:
        self._deliver = deliver
        self._next = 0
        self._waiting: dict[int, FileResult | None] = {}

    def put(self, index: int, result: FileResult | None) -> None:
        """``result`` None: the input has none (it could not be read, or its check crashed)."""
        self._waiting[index] = result
        while self._next in self._waiting:
            ready = self._waiting.pop(self._next)
            self._next += 1
            if ready is not None:
                self._deliver(ready)


@fewer_collections
def lint_inputs(
    inputs: list[Input],
    settings_for: SettingsFor,
    tick: Callable[[], None] = lambda: None,
    *,
    cache: ResultCache | None = None,
    jobs: int = 1,
    keep: bool = False,
    sink: Callable[[FileResult], None] | None = None,
) -> RunResult:
    """Lint every input. Each file's result goes to ``sink`` in the order of the inputs, as
    soon as it and those before it are done, and only its counts are kept; without a sink the
    results are kept in `files`. ``keep`` holds on to documents and renders (`render` needs
    them) and then neither uses the cache nor workers."""
    run = RunResult()

    def deliver(result: FileResult) -> None:
        run.add(result, keep=sink is None)
        if sink is not None:
            sink(result)

    order = _InOrder(deliver)
    use_cache = cache if not keep else None
    misses: list[_ToCheck] = []
    for index, input_ in enumerate(inputs):
        settings = settings_for(input_)
        raw = None
        if use_cache is not None or input_.path is None:
            got = read(input_, settings)
            if isinstance(got, Unread):
                order.put(index, got.result)
                if got.io_error is not None:
                    run.io_errors.append(got.io_error)
                continue
            raw = got.raw
            _, hit = cached(use_cache, settings, input_, raw)
            if hit is not None:
                order.put(index, _from_cache(input_.display, raw, hit))
                tick()
                continue
        misses.append(_ToCheck(index, input_, settings, raw if input_.path is None else None))
    for miss, checked in _check_all(misses, use_cache, jobs, keep):
        run.io_errors += [checked.io_error] if checked.io_error is not None else []
        run.internal_errors += [checked.crash] if checked.crash is not None else []
        result = checked.result
        if result is not None:
            if use_cache is not None and checked.digest:
                use_cache.put(miss.settings.fingerprint, miss.input.display, checked.digest,
                              result.compact().diagnostics, result.secrets,
                              result.detected_target, result.skipped)  # fmt: skip
            tick()
        order.put(miss.index, result)
    if use_cache is not None:
        use_cache.save()
    return run


def _from_cache(display: str, raw: bytes, hit: Cached) -> FileResult:
    """The cached diagnostics, with the lines they show cut from the file as it is now (the
    same bytes), credentials masked as on the run that cached them."""
    from edgelint.load.source import DecodeError, SourceFile
    from edgelint.run.results import shown_lines

    diagnostics = hit.diagnostics
    detected, skipped = hit.detected_target, hit.skipped
    if not diagnostics:
        return FileResult(display, None, diagnostics, detected_target=detected, skipped=skipped)
    try:
        source = SourceFile.from_bytes(display, raw)
    except DecodeError:
        return FileResult(display, None, diagnostics, detected_target=detected, skipped=skipped)
    masks = [(a, b) for a, b in hit.secrets if a <= b <= source.length]
    excerpt = source.excerpt(shown_lines(source, diagnostics), masks)
    return FileResult(
        display, excerpt, diagnostics, secrets=masks, detected_target=detected, skipped=skipped
    )


def _check_all(
    misses: list[_ToCheck], cache: ResultCache | None, jobs: int, keep: bool
) -> Iterator[tuple[_ToCheck, Checked]]:
    if not misses:
        return  # everything came from the cache: nothing to import
    if jobs > 1 and not keep and len(misses) >= PARALLEL_MIN_FILES and _can_fork():
        yield from _check_in_workers(misses, cache, jobs)
        return
    for miss in misses:
        yield miss, _check(miss.input, miss.settings, miss.raw, cache, keep=keep)


class Checked(NamedTuple):
    """What checking one input came to: its result, or the I/O error or crash instead."""

    result: FileResult | None = None
    io_error: str | None = None
    crash: str | None = None  # its one-line report; the crash log names the file
    digest: str | None = None  # of the bytes checked, to cache the result under


def _check(
    input_: Input, settings: Settings, raw: bytes | None, cache: ResultCache | None, *, keep: bool
) -> Checked:
    """Read (unless the bytes are given) and lint one input: in this process or a worker.

    The digest the result is cached under is taken here, of the bytes that were checked. The
    run's look-up read the file earlier, and the file may have changed since: its digest
    would put these findings under bytes they are not about. Not keeping it also saves the run
    80 bytes a file until the end."""
    from edgelint.run.lint import lint_bytes

    if raw is None:
        got = read(input_, settings)
        if isinstance(got, Unread):
            return Checked(got.result, got.io_error)
        raw = got.raw
    try:
        result = lint_bytes(input_.display, raw, settings)
    except Exception as exc:
        return Checked(crash=_crashed(exc, input_.display))
    digest = cache.digest(raw) if cache is not None else None
    return Checked(result if keep else result.compact(), digest=digest)


def _crashed(exc: BaseException, display: str) -> str:
    from edgelint.run.crash import describe

    return describe(exc, display)


def _can_fork() -> bool:
    import multiprocessing

    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def _check_one(cache: ResultCache | None, miss: _ToCheck) -> Checked:
    """In a worker: read and lint one file (its settings and the cache's key came with the
    fork; the worker only digests, the parent writes the cache)."""
    return _check(miss.input, miss.settings, miss.raw, cache, keep=False)


def _check_lost(miss: _ToCheck, exitcode: int | None) -> Checked:
    from edgelint.run.crash import lost

    return Checked(crash=lost(miss.input.display, exitcode))


def _import_checks() -> None:
    """The checking machinery, imported before the fork so that every worker starts ready."""
    import edgelint.run.lint  # noqa: F401
    from edgelint.rules import families

    families()


def _check_in_workers(
    misses: list[_ToCheck], cache: ResultCache | None, jobs: int
) -> Iterator[tuple[_ToCheck, Checked]]:
    """Fork after the checking machinery is imported, so each worker starts ready (with the
    files' list and settings); send paths, not contents, so that the parent never holds the
    tree's bytes."""

    from edgelint.run.workers import Work, forked

    _import_checks()
    for index, checked in forked(Work(cache, misses, _check_one, _check_lost), jobs):
        yield misses[index], checked


@fewer_collections
def fix_inputs(
    inputs: list[Input],
    settings_for: SettingsFor,
    *,
    unsafe: bool,
    write: bool,
    tick: Callable[[], None] = lambda: None,
    cache: ResultCache | None = None,
    jobs: int = 1,
) -> RunResult:
    """Fix every file; write the changed ones when ``write`` (never stdin: the CLI prints it).

    A file whose cached diagnostics offer no fix to apply is not opened for fixing at all.
    Many files are fixed (and written) in worker processes, as lint checks them; the results
    come back in the order of the inputs.
    """
    run = RunResult()
    work = [(input_, settings_for(input_)) for input_ in inputs]
    parallel = (
        jobs > 1
        and len(work) >= PARALLEL_MIN_FILES
        and all(input_.path is not None for input_, _ in work)
        and _can_fork()
    )
    fixed = (
        _fix_in_workers(work, jobs, unsafe=unsafe, write=write, cache=cache)
        if parallel
        else (_fix_guarded(i, s, unsafe=unsafe, write=write, cache=cache) for i, s in work)
    )
    by_fingerprint = {settings.fingerprint: settings for _, settings in work}
    for part in fixed:
        if part.write is not None:
            display = part.write.input.display
            try:
                _write(part, by_fingerprint[part.write.fingerprint])
            except Exception as exc:
                part.run.internal_errors.append(_crashed(exc, display))
        for result in part.run.files:
            run.add(result)
        run.fixes += part.run.fixes
        run.io_errors += part.run.io_errors
        run.internal_errors += part.run.internal_errors
        if cache is not None and part.entry is not None:
            cache.put(*part.entry)
        tick()
    if cache is not None:
        cache.save()
    return run


# What the cache keeps for a file: fingerprint, path, digest, diagnostics, secrets, detected
# target, skipped documents (ResultCache.put's arguments).
_Entry = tuple[str, str, str, list[Diagnostic], list[tuple[int, int]], str | None, int]


@dataclass(repr=False, eq=False)
class _Fixed:
    """One file's part of a fix run, and what the parent should put in the cache for it
    (a worker's cache is a copy: only the parent writes the index)."""

    run: RunResult
    entry: _Entry | None = None
    write: _Write | None = None  # the fixed bytes, for the parent to write


@dataclass(repr=False, eq=False)
class _Write:
    """Fixed bytes a worker made, written by the parent: only it knows the whole run's outcome."""

    input: Input
    new: bytes
    seen: Seen | None  # the file as it was read: a file changed since is not overwritten
    raw: bytes
    fingerprint: str


def _fix_guarded(
    input_: Input,
    settings: Settings,
    *,
    unsafe: bool,
    write: bool,
    cache: ResultCache | None,
) -> _Fixed:
    part = _Fixed(RunResult())
    try:
        _fix_one(input_, settings, part, unsafe=unsafe, write=write, cache=cache)
    except Exception as exc:
        part.run.internal_errors.append(_crashed(exc, input_.display))
    return part


class _FixState(NamedTuple):
    """What every fix worker inherits: the settings by fingerprint, the run's cache (read
    there; written by the parent only) and how to fix."""

    settings: Mapping[str, Settings]
    cache: ResultCache | None
    unsafe: bool
    write: bool


def _fix_job(state: _FixState, job: tuple[Input, str]) -> _Fixed:
    """In a worker: fix one file; the parent writes it."""
    input_, key = job
    settings = state.settings[key]
    return _fix_guarded(input_, settings, unsafe=state.unsafe, write=state.write, cache=state.cache)


def _fix_lost(job: tuple[Input, str], exitcode: int | None) -> _Fixed:
    from edgelint.run.crash import lost

    part = _Fixed(RunResult())
    part.run.internal_errors.append(lost(job[0].display, exitcode))
    return part


def _fix_in_workers(
    work: list[tuple[Input, Settings]],
    jobs: int,
    *,
    unsafe: bool,
    write: bool,
    cache: ResultCache | None,
) -> Iterator[_Fixed]:
    """The files' fixes in the order of the inputs, as the workers finish them."""
    import edgelint.fix.splice  # noqa: F401  (before the fork, shared by every worker)
    from edgelint.run.workers import Work, forked

    _import_checks()
    settings = {s.fingerprint: s for _, s in work}
    state = _FixState(settings, cache, unsafe, write)
    jobs_ = [(input_, s.fingerprint) for input_, s in work]
    finished: dict[int, _Fixed] = {}
    following = 0
    for index, part in forked(Work(state, jobs_, _fix_job, _fix_lost), jobs):
        finished[index] = part
        while following in finished:
            yield finished.pop(following)
            following += 1


def _fix_one(
    input_: Input,
    settings: Settings,
    part: _Fixed,
    *,
    unsafe: bool,
    write: bool,
    cache: ResultCache | None,
) -> None:
    from edgelint.fix.atomic import Seen
    from edgelint.fix.splice import fix_source
    from edgelint.load.source import DecodeError, SourceFile
    from edgelint.run.lint import lint_bytes

    run = part.run
    got = read(input_, settings)
    if isinstance(got, Unread):
        run.unread(got)
        return
    raw = got.raw
    seen = Seen.of(got.info) if got.info is not None else None
    digest, hit = cached(cache, settings, input_, raw)
    if hit is not None and not any(allowed(d, unsafe) for d in hit.diagnostics):
        run.add(_from_cache(input_.display, raw, hit))
        return
    try:
        source = SourceFile.from_bytes(input_.display, raw)
    except DecodeError:
        run.add(lint_bytes(input_.display, raw, settings).compact())
        return
    outcome = fix_source(source, settings, unsafe=unsafe)
    assert outcome.remaining is not None
    remaining = outcome.remaining.compact()
    run.add(remaining)
    if not outcome.changed:
        if cache is not None and digest:
            part.entry = (
                settings.fingerprint, input_.display, digest, remaining.diagnostics,
                remaining.secrets, remaining.detected_target, remaining.skipped,
            )  # fmt: skip
        return
    run.fixes.append(outcome)
    if write and input_.path is not None:
        part.write = _Write(input_, outcome.new_bytes, seen, raw, settings.fingerprint)


def _write(part: _Fixed, settings: Settings) -> None:
    """Write one fixed file, in the parent process only: a signal that ends the run then
    never leaves a worker writing after it (the write itself holds the signal until done)."""
    from edgelint.fix.atomic import WriteError, replace_file
    from edgelint.run.lint import lint_bytes

    pending = part.write
    if pending is None:
        return
    part.write = None
    input_, new, run = pending.input, pending.new, part.run
    try:
        if len(new) > settings.max_file_size:
            raise WriteError(
                f"cannot write {input_.display}: fixed, it would be {len(new):,} bytes, over "
                f"the {settings.max_file_size:,}-byte limit (max-file-size); nothing was changed"
            )
        assert input_.path is not None
        replace_file(
            str(input_.path), new, seen=pending.seen, original=pending.raw, tree=input_.tree
        )
    except WriteError as exc:
        run.io_errors.append(str(exc))
        run.replace_last(lint_bytes(input_.display, pending.raw, settings).compact())
        run.fixes.pop()
