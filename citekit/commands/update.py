"""``citekit update FILE.bib...``: bring a user's .bib up to date from arXiv in place (heavy imports inside)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from ..rewrite import FileStamp

__all__ = ["update"]


def _say(kind: str, message: str) -> None:
    from ..diagnostics import say

    say(kind, message)


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False), metavar="FILE.bib...")
@click.option("--enrich/--offline", "online", default=True,
              help="Ask arXiv (the default; answers cached) or answer from the cache alone.")
@click.option("--cache", type=click.Path(dir_okay=False), help="Enrichment cache file (SQLite); default in the user cache directory.")
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff of the changes; write nothing.")
@click.option("--dry-run", is_flag=True, help="Print what would change (filled, upgraded, unsure, unchanged); write nothing.")
@click.option("--only", metavar="KEYS", help="Change only these citation keys (comma-separated).")
@click.option("--upgrade/--no-upgrade", default=True, help="Turn preprints arXiv knows as published into @article/@inproceedings (default), or only fill.")
@click.option("--fields", metavar="LIST", help="Fill or set only these fields, comma-separated: author, title, year, eprint, archiveprefix, primaryclass, doi, url, journal, volume, number, pages.")
@click.option("--overwrite", is_flag=True, help="Let arXiv's values replace what the entry states (every replacement is reported).")
@click.option("--no-backup", is_flag=True, help="Do not keep the previous file as FILE.bak.")
@click.option("-q", "--quiet", is_flag=True, help="Print only warnings, errors and the summary.")
def update(files, online, cache, show_diff, dry_run, only, upgrade, fields, overwrite, no_backup, quiet) -> None:
    """Fill in and upgrade the arXiv papers of your own .bib files, changing only what must change.

    Exit status: 0 done (entries left alone are reported as warnings), 1 failed (arXiv
    could not be asked, or a file could not be read; that file is left untouched),
    2 usage error.
    """
    from ..errors import CitekitError, UsageError
    from ..signals import Signalled, signals_end_the_run

    try:
        with signals_end_the_run():  # SIGTERM/SIGHUP unwind: the temporary file of a write is removed
            status = _run(files, online, cache, show_diff, dry_run, only, upgrade, fields, overwrite, no_backup, quiet)
    except Signalled as exc:
        _say("error", f"{exc.name} received; stopped (a file already reported as written stays written, "
             "the one being worked on is left as it was)")
        sys.exit(128 + exc.signum)
    except UsageError as exc:
        _say("error", str(exc))
        sys.exit(2)
    except CitekitError as exc:
        _say("error", str(exc))
        sys.exit(1)
    except KeyboardInterrupt:
        _say("error", "interrupted; nothing written")
        sys.exit(130)
    except Exception as exc:  # a bug: say so plainly, keep the traceback for CITEKIT_DEBUG
        if os.environ.get("CITEKIT_DEBUG"):
            raise
        _say("error", f"internal error ({type(exc).__name__}: {exc}); nothing written. "
             "Set CITEKIT_DEBUG=1 for details and please report it.")
        sys.exit(1)
    sys.exit(status)


def _read(path: Path) -> tuple[bytes, str, str, FileStamp]:
    """The file's bytes, its text, the encoding to write it back in (UTF-8, else Windows-1252 or Latin-1 as read) and its stamp."""
    from ..errors import InputError
    from ..inputs import read_regular
    from ..rewrite import stamp_read

    data = read_regular(path)  # never a device, a FIFO or an oversized file
    stamp = stamp_read(path, data)
    if b"\x00" in data:
        raise InputError("this is not a text file (NUL bytes); left untouched", origin=str(path))
    for encoding in ("utf-8", "cp1252", "latin-1"):  # Latin-1 decodes any bytes, and encodes them back the same
        try:
            return data, data.decode(encoding), encoding, stamp
        except UnicodeDecodeError:
            continue
    raise AssertionError("unreachable: latin-1 decodes every byte")


def _run(files, online, cache, show_diff, dry_run, only, upgrade, fields, overwrite, no_backup, quiet) -> int:
    from contextlib import nullcontext

    from ..enrich import EnrichOptions
    from ..errors import CitekitError, UsageError
    from ..rewrite import EditLock
    from ..update import UpdateOptions

    if show_diff and dry_run:
        raise UsageError("--diff and --dry-run are two ways to look before writing: give one")
    options = UpdateOptions(upgrade=upgrade, overwrite=overwrite, fields=UpdateOptions.parse_list(fields),
                            only=UpdateOptions.parse_list(only))
    enrich_options = EnrichOptions.from_env(cache_path=cache, offline=not online, progress=sys.stderr.isatty())
    status = 0
    seen_keys: set[str] = set()
    for name in files:
        path = Path(name)
        try:
            # From the read to the replace: a second citekit run on this file is refused (citekit/rewrite.py).
            with EditLock(path) if not (show_diff or dry_run) else nullcontext():
                status = max(status, _update_one(path, options, enrich_options, show_diff, dry_run, no_backup,
                                                 quiet, seen_keys))
        except CitekitError as exc:
            _say("error", str(exc))
            status = 1
    if options.only:
        missing = sorted(options.only - seen_keys)
        if missing:
            _say("warning", f"--only: no entry with key(s) {', '.join(missing)}")
    return status


def _update_one(path: Path, options, enrich_options, show_diff: bool, dry_run: bool, no_backup: bool, quiet: bool,
                seen_keys: set[str]) -> int:
    """Update one file (its lock held by the caller): 0 done, 1 failed; the file is replaced only if unchanged since read."""
    from ..atomic import write_atomic, write_backup
    from ..errors import CitekitError
    from ..update.run import update_text

    try:
        data, text, encoding, stamp = _read(path)
        if encoding != "utf-8":
            _say("warning", f"{path}: not UTF-8; read and written back as {encoding}")
        result = update_text(text, str(path), options, enrich_options)
    except CitekitError as exc:
        _say("error", str(exc))
        return 1
    seen_keys.update(p.key for p in result.plans)
    _report(result, quiet=quiet)
    for problem in result.problems:
        where = f"{problem.origin}:{problem.line}" if problem.line else problem.origin
        _say(problem.severity, f"{where}: {problem.message}")
    if result.failed:
        _say("error", f"{path}: {result.summary()}; left untouched")
        return 1
    if show_diff:
        click.echo(result.diff(str(path)), nl=False)
        _say("info", f"{path}: {result.summary()}; nothing written (--diff)")
        return 0
    if dry_run:
        _say("info", f"{path}: {result.summary()}; nothing written (--dry-run)")
        return 0
    if not result.changed:
        _say("info", f"{path}: {result.summary()}; nothing to change, file untouched")
        return 0
    try:
        stamp.verify()  # saved in an editor meanwhile: keep that, write nothing
        if not no_backup:
            # The very bytes read, as a new file with the file's own mode; a link there is replaced, never followed.
            write_backup(path.with_name(path.name + ".bak"), data, like=path)
        write_atomic(path, result.text.encode(encoding))
    except OSError as exc:
        _say("error", f"{exc.filename or path}: cannot write: {exc.strerror or exc}; {path} left as it was")
        return 1
    except UnicodeEncodeError:
        _say("error", f"{path}: the new values cannot be written in {encoding}; left untouched")
        return 1
    backup = "" if no_backup else f" (the previous file kept as {path.name}.bak)"
    _say("info", f"{path}: {result.summary()}; written{backup}")
    return 0


def _report(result, *, quiet: bool) -> None:  # type: ignore[no-untyped-def]
    """One line per changed entry (its changes); warnings for disagreements and for every entry left alone."""
    from ..update.lookup import FAILED, NOT_FOUND, UNSURE

    for plan in result.plans:
        where = f"{result.origin}:{plan.line}: {plan.key}"
        if plan.changes and not quiet:
            _say("info", f"{where}: {plan.status}: " + "; ".join(c.describe() for c in plan.changes))
        if plan.status == FAILED and result.failed:
            continue  # one error below lists them: an outage is one message, not one per entry
        left_alone = plan.status in (UNSURE, NOT_FOUND, FAILED)
        for note in plan.notes:
            if left_alone:
                _say("warning", f"{where}: {plan.status}: {note}")
            elif not quiet:
                _say("info", f"{where}: {note}")
        for warning in plan.warnings:
            _say("warning", f"{where}: {warning}")
