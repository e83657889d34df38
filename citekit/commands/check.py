"""``citekit check``: lint bibliographies, optionally compile them, and apply the safe fixes."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

__all__ = ["check"]


def _say(kind: str, message: str) -> None:
    from ..diagnostics import say

    say(kind, message)


@click.command()
@click.argument("files", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text", show_default=True,
              help="How findings are printed (on stdout).")
@click.option("--mode", type=click.Choice(["auto", "bibtex", "biblatex"]), default="auto", show_default=True,
              help="Check as classic BibTeX or as BibLaTeX/biber; auto looks for BibLaTeX-only fields and types.")
@click.option("--select", multiple=True, metavar="RULES", help="Only these rules (ids, id prefixes or severities, comma-separated).")
@click.option("--ignore", multiple=True, metavar="RULES", help="Skip these rules (ids, id prefixes or severities).")
@click.option("--strict", is_flag=True, help="Warnings count as errors for the exit status.")
@click.option("--compile", "compile_", is_flag=True, help="Also run bibtex (plain) and biber --validate-datamodel on the file.")
@click.option("--enrich", is_flag=True, help="Ask arXiv: preprints since published, arXiv ids whose title differs.")
@click.option("--offline", is_flag=True, help="With --enrich: answer from the cache alone.")
@click.option("--cache", type=click.Path(dir_okay=False), help="With --enrich: the SQLite cache file.")
@click.option("--fix", is_flag=True, help="Apply the safe fixes in place (keeps FILE.bak).")
@click.option("--diff", is_flag=True, help="Print the fixes as a unified diff and write nothing.")
@click.option("--no-backup", is_flag=True, help="With --fix: do not keep FILE.bak.")
@click.option("--list-rules", is_flag=True, help="List every rule with its id, severity and whether it has a fix.")
def check(files, fmt, mode, select, ignore, strict, compile_, enrich, offline, cache, fix, diff, no_backup, list_rules) -> None:
    """Check .bib and CSL-JSON files (a directory: its .bib and .json files) and print each finding as FILE:LINE: SEVERITY RULE KEY FIELD: MESSAGE.

    Exit status: 0 no error, 1 an error was found (or a warning, with --strict), 2 usage error.
    """
    from ..errors import CitekitError, UsageError
    from ..signals import Signalled, signals_end_the_run

    try:
        with signals_end_the_run():  # SIGTERM/SIGHUP unwind: temporary files and directories go, tools are killed
            status = _check(files, fmt, mode, select, ignore, strict, compile_, enrich, offline, cache, fix, diff,
                            no_backup, list_rules)
    except Signalled as exc:
        click.echo(f"citekit: error: {exc.name} received; stopped, nothing written", err=True)
        sys.exit(128 + exc.signum)
    except UsageError as exc:
        _say("error", str(exc))
        sys.exit(2)
    except CitekitError as exc:
        _say("error", str(exc))
        sys.exit(1)
    except OSError as exc:
        _say("error", f"{exc.filename or ''}: {exc.strerror}")
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("citekit: error: interrupted; nothing written", err=True)
        sys.exit(130)
    except Exception as exc:  # a bug: users see a message, CITEKIT_DEBUG=1 the traceback
        if os.environ.get("CITEKIT_DEBUG"):
            raise
        _say("error", f"internal error ({type(exc).__name__}: {exc}). "
                      "Set CITEKIT_DEBUG=1 for details and please report it.")
        sys.exit(1)
    sys.exit(status)


def _check(files, fmt, mode, select, ignore, strict, compile_, enrich, offline, cache, fix, diff, no_backup, list_rules) -> int:
    from ..atomic import check_target, write_atomic, write_backup
    from ..diagnostics import printable
    from ..inputs import read_regular
    from ..errors import UsageError
    from ..check import CheckOptions, check_paths, render, select_rules
    from ..check.fix import fix_text, unified_diff
    from ..check.run import detect_mode, load_all
    from ..rewrite import EditLock

    if list_rules:
        for r in select_rules(select, ignore):
            flags = " [fix]" if r.fixable else ""
            flags += " [--enrich]" if r.needs else ""
            click.echo(f"{r.id:<24} {r.severity:<8} {r.summary}{flags}")
        return 0
    if not files:
        raise UsageError("give at least one FILE to check")
    if (offline or cache) and not enrich:
        raise UsageError("--offline and --cache go with --enrich")
    if no_backup and not fix:
        raise UsageError("--no-backup goes with --fix")
    if fix and diff:
        raise UsageError("--fix writes the file and --diff writes nothing: choose one")
    enrich_options = None
    if enrich:
        from ..enrich import EnrichOptions

        enrich_options = EnrichOptions.from_env(cache_path=cache, offline=offline)
    options = CheckOptions(mode=mode, select=select, ignore=ignore, enrich=enrich_options, compile=compile_)

    if fix or diff:
        rules = select_rules(select, ignore)
        for src in load_all(files):
            path = src.path
            if src.format != "bib":
                click.echo(printable(f"citekit: {path}: --fix and --diff edit .bib files; nothing fixed in CSL-JSON"), err=True)
                continue
            file_mode = detect_mode(src) if mode == "auto" else mode
            if diff:
                result = fix_text(src.text, path, rules, file_mode)
                click.echo(unified_diff(src.text, result.text, path), nl=False)
                continue
            backup = None
            # Locked from here to the replace, and replaced only if it still holds what was read
            # (an editor's save or another run meanwhile is kept: citekit/rewrite.py).
            with EditLock(path):
                if src.stamp is not None:
                    src.stamp.verify()
                result = fix_text(src.text, path, rules, file_mode)
                if result.changed:
                    # The regular file behind the name (a symlink stays a symlink); never a device or directory.
                    target = check_target(path)
                    if src.stamp is not None:
                        src.stamp.verify()
                    if not no_backup:
                        backup = str(target) + ".bak"
                        write_backup(backup, read_regular(target), like=target)
                    write_atomic(target, result.text, encoding=src.encoding)
            kept = f" (the previous file is {backup})" if backup else ""
            click.echo(printable(f"citekit: {path}: {len(result.applied)} fix{'es' if len(result.applied) != 1 else ''} "
                                 f"applied{kept}"), err=True)
        if diff:
            return 0

    result = check_paths(files, options)
    click.echo(printable(render(result.findings, fmt)) if fmt != "json" else render(result.findings, fmt), nl=False)
    errors, warnings = result.count("error"), result.count("warning")
    # Entries read and not read (blocks bibtex and biber skip), as convert and update count them.
    read = sum(len(src.entries) for src in result.files if src.format == "bib")
    not_read = sum(len(src.failed) for src in result.files)
    if fmt == "text":
        entries = f"; {read} entr{'y' if read == 1 else 'ies'} read, {not_read} not read" if read or not_read else ""
        click.echo(f"citekit: {len(result.findings)} finding(s): {errors} error(s), {warnings} warning(s), "
                   f"{result.count('info')} info{entries}", err=True)
    return 1 if errors or (strict and (warnings or not_read)) else 0
