"""``citekit check``: lint bibliographies, optionally compile them, and apply the safe fixes."""

from __future__ import annotations

import click

from ..frontdoor import Run, configure, progress, run, say, verbosity_options, voice, write_stdout
from ..inputs import STDIN

__all__ = ["check"]


@click.command()
@click.argument("files", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github", "sarif"]), default="text", show_default=True,
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
@click.option("--no-doi", "no_doi", is_flag=True, help="With --enrich: do not ask the DOI resolver (CITEKIT_DOI_URL).")
@click.option("--fix", is_flag=True, help="Apply the safe fixes in place (keeps FILE.bak).")
@click.option("--diff", is_flag=True, help="Print the fixes as a unified diff and write nothing.")
@click.option("--no-backup", is_flag=True, help="With --fix: do not keep FILE.bak.")
@click.option("--list-rules", is_flag=True, help="List every rule with its id, severity and whether it has a fix.")
@verbosity_options
def check(files, fmt, mode, select, ignore, strict, compile_, enrich, offline, cache, no_doi, fix, diff, no_backup, list_rules,
          quiet, verbose) -> None:
    """Check .bib and CSL-JSON files (a directory: its .bib and .json files; - : standard input) and print each finding as FILE:LINE: SEVERITY RULE KEY FIELD: MESSAGE.

    Exit status: 0 no error, 1 an error was found (or a warning, or an entry not read, with
    --strict), 2 usage error; a signal ends it with 128 + its number.
    """

    def body(state: Run) -> int:
        configure(quiet, verbose)
        return _check(files, fmt, mode, select, ignore, strict, compile_, enrich, offline, cache, no_doi, fix, diff, no_backup,
                      list_rules, state)

    run(body)


def _check(files, fmt, mode, select, ignore, strict, compile_, enrich, offline, cache, no_doi, fix, diff, no_backup, list_rules,
           state: Run) -> int:
    from ..atomic import check_target, write_atomic, write_backup
    from ..diagnostics import printable
    from ..inputs import read_regular
    from ..errors import UsageError
    from ..check import CheckOptions, check_paths, render, select_rules
    from ..check.fix import fix_text, unified_diff
    from ..check.run import check_files, detect_mode, load_all
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
    if fix and STDIN in files:
        raise UsageError("--fix rewrites files in place and standard input (-) is not one: use --diff")
    if fix and diff:
        raise UsageError("--fix writes the file and --diff writes nothing: choose one")
    enrich_options = None
    if enrich:
        from ..enrich import EnrichOptions

        import sys

        enrich_options = EnrichOptions.from_env(cache_path=cache, offline=offline, doi=not no_doi,
                                                progress=sys.stderr.isatty() and voice().level != "quiet")
    options = CheckOptions(mode=mode, select=select, ignore=ignore, enrich=enrich_options, compile=compile_,
                           progress=progress)

    loaded = None  # the files as read for --fix, checked as they are when no fix changed them
    fixed_any = False
    if fix or diff:
        rules = select_rules(select, ignore)
        loaded = load_all(files)
        for n, src in enumerate(loaded):
            path = src.path
            # The first .bib was read with no other file's @string macros, as fix_text reads it: its parse serves.
            parsed = src if not any(s.format == "bib" for s in loaded[:n]) else None
            if src.format != "bib":
                say("warning", f"{path}: --fix and --diff edit .bib files; nothing fixed in CSL-JSON")
                continue
            file_mode = detect_mode(src) if mode == "auto" else mode
            if diff:
                result = fix_text(src.text, path, rules, file_mode, parsed=parsed)
                write_stdout(unified_diff(src.text, result.text, path))
                continue
            backup = None
            # Locked from here to the replace, and replaced only if it still holds what was read
            # (an editor's save or another run meanwhile is kept: citekit/rewrite.py).
            with EditLock(path):
                if src.stamp is not None:
                    src.stamp.verify()
                result = fix_text(src.text, path, rules, file_mode, parsed=parsed)
                if result.changed:
                    fixed_any = True
                    # The regular file behind the name (a symlink stays a symlink); never a device or directory.
                    target = check_target(path)
                    if src.stamp is not None:
                        src.stamp.verify()
                    if not no_backup:
                        backup = str(target) + ".bak"
                        write_backup(backup, read_regular(target), like=target)
                    data = src.decoded.encode(result.text) if src.decoded is not None else result.text.encode(src.encoding)
                    write_atomic(target, data)  # in the file's own encoding, after its own BOM
                    state.written.append(str(target))
            kept = f" (the previous file is {backup})" if backup else ""
            say("info", f"{path}: {len(result.applied)} fix{'es' if len(result.applied) != 1 else ''} applied{kept}")
        if diff:
            return 0

    result = check_files(loaded, options) if loaded is not None and not fixed_any else check_paths(files, options)
    write_stdout(printable(render(result.findings, fmt)) if fmt != "json" else render(result.findings, fmt))
    errors, warnings = result.count("error"), result.count("warning")
    # Entries read and not read (blocks bibtex and biber skip), as convert and update count them.
    read = sum(len(src.entries) for src in result.files if src.format == "bib")
    not_read = sum(len(src.failed) for src in result.files)
    for src in result.files:
        say("detail", f"{src.path}: {len(src.entries)} entries read ({src.format}), {len(src.failed)} not read")
    if fmt == "text":
        entries = f"; {read} entr{'y' if read == 1 else 'ies'} read, {not_read} not read" if read or not_read else ""
        say("info", f"{len(result.findings)} finding(s): {errors} error(s), {warnings} warning(s), "
            f"{result.count('info')} info{entries}")
    return 1 if errors or (strict and (warnings or not_read)) else 0
