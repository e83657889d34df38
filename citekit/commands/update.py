"""``citekit update FILE.bib...``: bring a user's .bib up to date from arXiv in place (heavy imports inside)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..frontdoor import Run, configure, run, say as _say, verbosity_options, write_stdout
from ..inputs import STDIN

__all__ = ["update"]


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, allow_dash=True), metavar="FILE.bib...")
@click.option("--enrich/--offline", "online", default=True,
              help="Ask arXiv (the default; answers cached) or answer from the cache alone.")
@click.option("--cache", type=click.Path(dir_okay=False), help="Enrichment cache file (SQLite); default in the user cache directory.")
@click.option("--no-doi", "no_doi", is_flag=True,
              help="Do not ask the DOI resolver (CITEKIT_DOI_URL) where a paper arXiv gives only a DOI for was published.")
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff of the changes; write nothing.")
@click.option("--dry-run", is_flag=True, help="Print what would change (filled, upgraded, unsure, unchanged); write nothing.")
@click.option("--only", metavar="KEYS", help="Change only these citation keys (comma-separated).")
@click.option("--upgrade/--no-upgrade", default=True, help="Turn preprints arXiv knows as published into @article/@inproceedings (default), or only fill.")
@click.option("--fields", metavar="LIST", help="Fill or set only these fields, comma-separated: author, title, year, eprint, archiveprefix, primaryclass, doi, url, journal, volume, number, pages.")
@click.option("--overwrite", is_flag=True, help="Let arXiv's values replace what the entry states (every replacement is reported).")
@click.option("--no-backup", is_flag=True, help="Do not keep the previous file as FILE.bak.")
@click.option("--strict", is_flag=True, help="A warning (an entry left alone, a block not read) fails the file: left untouched, exit 1.")
@verbosity_options
def update(files, online, cache, no_doi, show_diff, dry_run, only, upgrade, fields, overwrite, no_backup, strict, quiet,
           verbose) -> None:
    """Fill in and upgrade the arXiv papers of your own .bib files, changing only what must change.

    ``-`` reads standard input and writes the updated file to standard output.

    Exit status: 0 done (entries left alone are reported as warnings), 1 failed (arXiv
    could not be asked about some entries: those are named and left as they were, the
    rest written; or a file could not be read: left untouched), 2 usage error; a signal
    ends it with 128 + its number. -v names every entry a summary line counts.
    """

    def body(state: Run) -> int:
        configure(quiet, verbose)
        return _run(files, online, cache, show_diff, dry_run, only, upgrade, fields, overwrite, no_backup, quiet, state,
                    strict, no_doi=no_doi, verbose=verbose)

    run(body)


def _read(name: str):  # type: ignore[no-untyped-def]
    """The file's name, bytes and :class:`~citekit.inputs.Decoded` text (the one decoder: BOM, UTF-16, cp1252); - is stdin."""
    from ..errors import InputError
    from ..inputs import MAX_EDIT_BYTES, decode_exact, read_source

    origin, data = read_source(name, MAX_EDIT_BYTES)  # never a device, a FIFO or an oversized file
    decoded = decode_exact(data, origin)
    if "\x00" in decoded.text:
        raise InputError("this is not a text file (NUL characters); left untouched", origin=origin)
    return origin, data, decoded


def _run(files, online, cache, show_diff, dry_run, only, upgrade, fields, overwrite, no_backup, quiet, state: Run,
         strict: bool = False, *, no_doi: bool = False, verbose: bool = False) -> int:
    from ..atomic import write_atomic, write_backup
    from ..enrich import EnrichOptions
    from ..errors import CitekitError, UsageError
    from ..rewrite import EditLock, stamp_read
    from ..update import UpdateOptions
    from ..update.run import update_text

    if show_diff and dry_run:
        raise UsageError("--diff and --dry-run are two ways to look before writing: give one")
    options = UpdateOptions(upgrade=upgrade, overwrite=overwrite, fields=UpdateOptions.parse_list(fields),
                            only=UpdateOptions.parse_list(only))
    enrich_options = EnrichOptions.from_env(cache_path=cache, offline=not online, doi=not no_doi,
                                            progress=sys.stderr.isatty() and not quiet)  # the look-ups' progress bar
    status = 0
    seen_keys: set[str] = set()
    if list(files).count(STDIN) > 1:
        raise UsageError("standard input (-) can be read once")
    held: EditLock | None = None  # the lock of the file being worked on (citekit/rewrite.py)
    for name in files:
        if held is not None:
            held.__exit__(None, None, None)
            held = None
        stamp = None
        try:
            if name != STDIN and not (show_diff or dry_run):
                # From before the read to after the replace: a second citekit run on the file is refused.
                lock = EditLock(name)
                lock.__enter__()
                held = lock
            origin, data, decoded = _read(name)
            if name != STDIN:
                stamp = stamp_read(origin, data)  # replaced only if the file still holds this
            path = Path(origin)
            encoding = decoded.encoding
            for problem in decoded.problems:
                _say("warning", f"{problem.origin}:{problem.line}: {problem.message}; written back as {encoding}")
            _say("detail", f"{origin}: read as {decoded.encoding}{' with a BOM' if decoded.bom else ''}, "
                 f"{'CRLF' if decoded.form.newline == chr(13) + chr(10) else 'LF'} line ends")
            result = update_text(decoded.text, origin, options, enrich_options)
            _say("detail", f"{origin}: {len(result.plans)} entries read, {result.not_read} not read")
        except CitekitError as exc:
            _say("error", str(exc))
            status = 1
            continue
        seen_keys.update(p.key for p in result.plans)
        _report(result, quiet=quiet, verbose=verbose)
        _report_problems(result, verbose=verbose)
        if result.failed:
            status = 1  # the entries arXiv answered for are still written below; the others are named above
        if strict and _warned(result):
            _say("error", f"{path}: {result.summary()}; --strict: a warning above, left untouched")
            status = 1
            continue
        if show_diff:
            write_stdout(result.diff(str(path)))
            _say("info", f"{path}: {result.summary()}; nothing written (--diff)")
            continue
        if dry_run:
            _say("info", f"{path}: {result.summary()}; nothing written (--dry-run)")
            continue
        if name == STDIN:  # standard input: the updated file goes to standard output, changed or not
            write_stdout(decoded.encode(result.text))  # its own encoding, BOM and line ends
            _say("info", f"{origin}: {result.summary()}; written to standard output")
            continue
        if not result.changed:
            _say("info", f"{path}: {result.summary()}; nothing to change, file untouched")
            continue
        try:
            if stamp is not None:
                stamp.verify()  # saved in an editor meanwhile: keep that, write nothing
            if not no_backup:
                # The very bytes read, as a new file with the file's own mode; a link there is replaced, never followed.
                write_backup(path.with_name(path.name + ".bak"), data, like=path)
            write_atomic(path, decoded.encode(result.text))  # its own encoding, BOM and line ends
            state.written.append(str(path))
        except OSError as exc:
            _say("error", f"{exc.filename or path}: cannot write: {exc.strerror or exc}; {path} left as it was")
            status = 1
            continue
        except UnicodeEncodeError:
            _say("error", f"{path}: the new values cannot be written in {encoding}; left untouched")
            status = 1
            continue
        except CitekitError as exc:  # changed by someone else since the read: that change is kept
            _say("error", str(exc))
            status = 1
            continue
        backup = "" if no_backup else f" (the previous file kept as {path.name}.bak)"
        _say("info", f"{path}: {result.summary()}; written{backup}")
    if held is not None:
        held.__exit__(None, None, None)
    if options.only:
        missing = sorted(options.only - seen_keys)
        if missing:
            _say("warning", f"--only: no entry with key(s) {', '.join(missing)}")
    return status


def _warned(result) -> bool:  # type: ignore[no-untyped-def]
    """True when the run warned about the file: a block not read, an entry left alone, a disagreement."""
    from ..update.lookup import NOT_FOUND, UNSURE

    return bool(result.not_read or any(p.severity != "info" for p in result.problems)
                or any(plan.status in (UNSURE, NOT_FOUND) or plan.warnings for plan in result.plans))


#: Changed entries listed one per line before the report sums them up instead (a screenful).
SHOWN_CHANGES = 10
#: Keys a summary line names before "and N more".
SHOWN_KEYS = 5


def _report(result, *, quiet: bool, verbose: bool = False) -> None:  # type: ignore[no-untyped-def]
    """What happened to the entries, in at most a screenful unless ``verbose``.

    Changed entries get a line each (their changes) when there are few; entries left alone
    because of a disagreement (unsure) get a warning each; entries not found on arXiv, not
    arXiv papers, or not asked get one line per reason naming the first few (``verbose``
    names every one).
    """
    from ..update.lookup import FAILED, NOT_FOUND, UNSURE
    from ..update.run import NO_ID, NOT_ARXIV

    changed = [p for p in result.plans if p.changes]
    each_change = verbose or len(changed) <= SHOWN_CHANGES
    grouped: dict[tuple[str, str], list[str]] = {}
    for plan in result.plans:
        where = f"{result.origin}:{plan.line}: {plan.key}"
        if plan.changes and not quiet and each_change:
            _say("info", f"{where}: {plan.status}: " + "; ".join(c.describe() for c in plan.changes))
        if plan.status == FAILED and result.failed:
            continue  # one error below lists them: an outage is one message, not one per entry
        if plan.status in (NOT_FOUND, NOT_ARXIV, NO_ID) and not verbose:
            reason = plan.notes[-1].split(": ", 1)[0] if plan.status == NOT_ARXIV and plan.notes else plan.status
            grouped.setdefault((plan.status, reason), []).append(plan.key)
            continue
        left_alone = plan.status in (UNSURE, NOT_FOUND, FAILED)
        for note in plan.notes:
            if left_alone:
                _say("warning", f"{where}: {plan.status}: {note}")
            elif not quiet and (verbose or plan.status == NOT_ARXIV or each_change):
                _say("info", f"{where}: {note}")
        for warning in plan.warnings:
            _say("warning", f"{where}: {warning}")
    if changed and not each_change and not quiet:
        by_status: dict[str, list[str]] = {}
        for plan in changed:
            by_status.setdefault(plan.status, []).append(plan.key)
        for status, keys in by_status.items():
            _say("info", f"{result.origin}: {len(keys)} {status}: {_keys(keys)} (-v lists every change)")
    for (status, reason), keys in grouped.items():
        if status == NOT_FOUND:
            _say("warning", f"{result.origin}: {len(keys)} entr{'y' if len(keys) == 1 else 'ies'} not on arXiv "
                            f"(looked up and not found), left as they were: {_keys(keys)}")
        elif status == NO_ID and not quiet:
            _say("info", f"{result.origin}: {len(keys)} entr{'y' if len(keys) == 1 else 'ies'} with no arXiv id and no "
                         f"title to look {'it' if len(keys) == 1 else 'them'} up by, left as they were: {_keys(keys)}")
        elif not quiet:
            _say("info", f"{result.origin}: {len(keys)} entr{'y' if len(keys) == 1 else 'ies'} not searched on arXiv "
                         f"({reason}): {_keys(keys)}")


def _report_problems(result, *, verbose: bool) -> None:  # type: ignore[no-untyped-def]
    """The file's own problems (blocks not read, ...): one line each, or, past a few of one kind, one line for the
    kind naming the first lines (``verbose`` gives every one its line)."""
    kinds: dict[tuple[str, str], list] = {}
    for problem in result.problems:
        kinds.setdefault((problem.severity, problem.message.split(" (", 1)[0]), []).append(problem)
    for (severity, phrase), problems in kinds.items():
        if verbose or len(problems) <= SHOWN_KEYS:
            for problem in problems:
                where = f"{problem.origin}:{problem.line}" if problem.line else problem.origin
                _say(severity, f"{where}: {problem.message}")
            continue
        lines = [str(p.line) for p in problems if p.line]
        shown = ", ".join(lines[:SHOWN_KEYS]) + (f", and {len(lines) - SHOWN_KEYS} more" if len(lines) > SHOWN_KEYS else "")
        _say(severity, f"{result.origin}: {len(problems)} times: {phrase} (lines {shown}; -v lists each with its reason)")


def _keys(keys: list[str]) -> str:
    shown = ", ".join(keys[:SHOWN_KEYS])
    return shown + (f", and {len(keys) - SHOWN_KEYS} more (-v lists them)" if len(keys) > SHOWN_KEYS else "")
