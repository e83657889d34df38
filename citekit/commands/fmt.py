"""``citekit fmt``: format .bib files in place or to stdout; every change is opt-in."""

from __future__ import annotations

from contextlib import ExitStack

import click

from ..diagnostics import printable
from ..frontdoor import Run, configure, run, say, verbosity_options, write_stdout

__all__ = ["fmt"]


def _fields(values) -> tuple[str, ...]:
    """Comma-separated field names from one or more option values, lower-cased."""
    if values is None:
        return ()
    if isinstance(values, str):
        values = (values,)
    return tuple(name.strip().lower() for v in values for name in str(v).split(",") if name.strip())


def _checks(value: str) -> tuple[str, ...]:
    from ..fmt.options import DUPLICATE_CHECKS

    checks = _fields(value)
    unknown = [c for c in checks if c not in DUPLICATE_CHECKS]
    if unknown:
        raise click.BadParameter(f"{', '.join(unknown)}: choose from {', '.join(DUPLICATE_CHECKS)}",
                                 param_hint="--duplicates")
    return checks


def _indent(value: str | None) -> str | None:
    if value is None or value == "keep":
        return None
    if value == "tab":
        return "\t"
    if value.isdigit():
        return " " * int(value)
    raise click.BadParameter("a number of spaces, 'tab', or 'keep' (each entry's own layout)", param_hint="--indent")


@click.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
@click.option("-i", "--in-place", is_flag=True, help="Write each file back (atomically) instead of printing it.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the one input's result here.")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 and print a diff when a file is not formatted.")
@click.option("--diff", is_flag=True, help="Print a unified diff of the changes and write nothing.")
@click.option("--cited-by", "cited_by", multiple=True, type=click.Path(dir_okay=False),
              help="Keep only the entries this paper (.aux, .bcf or .tex) cites, with their parents and @strings.")
# layout
@click.option("--indent", metavar="N|tab|keep", help="Lay entries out afresh, indenting fields N spaces or a tab (keep: do not).")
@click.option("--align", type=int, default=0, metavar="WIDTH", help="Lay out afresh, padding field names to WIDTH.")
@click.option("--wrap", type=int, default=0, is_flag=False, flag_value=80, metavar="[COLUMN]",
              help="Lay out afresh, wrapping long values at COLUMN (80).")
@click.option("--sort-fields", is_flag=False, flag_value="", default=None, metavar="[FIELDS]",
              help="Lay out afresh with fields in this order (bibtex-tidy's order when none given).")
@click.option("--trailing-comma/--no-trailing-comma", default=None, help="Add (or remove) a comma after each entry's last field.")
@click.option("--blank-lines/--no-blank-lines", default=False, help="Exactly one blank line between blocks.")
@click.option("--lowercase/--no-lowercase", default=False, help="Entry types, field names and @string/@preamble in lower case.")
# values
@click.option("--braces/--no-braces", default=False, help='"Quoted" values (and bare numbers, unless --bare-numbers) in {braces}.')
@click.option("--bare-numbers/--no-bare-numbers", default=False, help="{2020} as 2020 (digits only).")
@click.option("--month-macros/--no-month-macros", default=False, help="month = {March}, {3} or \"Mar\" as the macro mar.")
@click.option("--strip-double-braces/--no-strip-double-braces", default=False, help="{{Whole value}} as {Whole value} (drops bibtex's case protection).")
@click.option("--title-case-all-caps/--no-title-case-all-caps", default=False, help="{ALL CAPS} values in Title Case (roman numerals kept).")
@click.option("--escape/--no-escape", default=False, help="Non-ASCII characters as TeX commands (ü as {\\\"u}).")
@click.option("--protect-case", is_flag=False, flag_value="title", default=None, metavar="[FIELDS]",
              help="Wrap these fields' values in a second pair of braces (title when none given).")
@click.option("--remove-braces", is_flag=False, flag_value="title", default=None, metavar="[FIELDS]",
              help="Remove braces that are no command's argument from these fields (title when none given).")
@click.option("--encode-urls/--no-encode-urls", default=False, help="Percent-encode characters a URL cannot hold.")
@click.option("--max-authors", type=int, default=0, metavar="N", help="More than N authors: the first N and others.")
# fields
@click.option("--remove-field", "remove_fields", multiple=True, metavar="FIELDS", help="Remove these fields (comma-separated).")
@click.option("--remove-empty-fields/--no-remove-empty-fields", default=False, help="Remove fields whose value is empty.")
@click.option("--remove-duplicate-fields/--no-remove-duplicate-fields", default=False, help="A field given twice: keep the first, as bibtex reads it (biber reads the last non-empty one).")
@click.option("--drop-url-with-doi/--no-drop-url-with-doi", default=False, help="Remove url where the entry has a doi.")
# blocks, keys, duplicates
@click.option("--strip-comments/--no-strip-comments", default=False, help="Remove comments (free text, % lines and @comment).")
@click.option("--tidy-comments/--no-tidy-comments", default=False, help="Trim white space around comments.")
@click.option("--sort-entries", is_flag=False, flag_value="key", default=None, metavar="[FIELDS]",
              help="Sort entries (by key when none given; -field descending; key, type); @string and @preamble first.")
@click.option("--key-pattern", metavar="PATTERN", help="Give every entry a new key from PATTERN ({auth}{year}{title}); see --key-map.")
@click.option("--duplicates", is_flag=False, flag_value="doi,key,abstract,citation", default=None, metavar="[CHECKS]",
              help="Report possible duplicates by doi, key, abstract, citation (all when none given).")
@click.option("--merge-duplicates/--no-merge-duplicates", default=False, help="Merge entries proven to be the same paper (as convert merges them).")
@click.option("--key-map", type=click.Path(dir_okay=False), help="Write every changed or merged key here as TSV.")
@verbosity_options
def fmt(files, in_place, output, check, diff, cited_by, indent, align, wrap, sort_fields, trailing_comma, blank_lines,
        lowercase, braces, bare_numbers, month_macros, strip_double_braces, title_case_all_caps, escape,
        protect_case, remove_braces, encode_urls, max_authors, remove_fields, remove_empty_fields,
        remove_duplicate_fields, drop_url_with_doi, strip_comments, tidy_comments, sort_entries, key_pattern,
        duplicates, merge_duplicates, key_map, quiet, verbose) -> None:
    """Format .bib files. With no option nothing changes: every change is asked for by a flag or the config.

    Exit status: 0 done (or, with --check, already formatted), 1 a file is not formatted
    (--check) or cannot be read, 2 usage error.
    """
    from ..fmt import FormatOptions

    def body(state: Run) -> int:  # the one front door: exit codes, errors, signals, broken pipes, -q/-v
        configure(quiet, verbose)
        options = FormatOptions(
            indent=_indent(indent), align=align, wrap=wrap,
            sort_fields=None if sort_fields is None else _fields(sort_fields), trailing_comma=trailing_comma,
            blank_lines=blank_lines, lowercase=lowercase, braces=braces, bare_numbers=bare_numbers,
            month_macros=month_macros, strip_double_braces=strip_double_braces,
            title_case_all_caps=title_case_all_caps, escape=escape, protect_fields=_fields(protect_case),
            remove_braces_fields=_fields(remove_braces), encode_urls=encode_urls, max_authors=max_authors,
            remove_fields=_fields(remove_fields), remove_empty_fields=remove_empty_fields,
            remove_duplicate_fields=remove_duplicate_fields, drop_url_with_doi=drop_url_with_doi,
            strip_comments=strip_comments, tidy_comments=tidy_comments,
            sort_entries=None if sort_entries is None else tuple(s.strip() for s in sort_entries.split(",") if s.strip()),
            key_pattern=key_pattern,
            duplicates=None if duplicates is None else _checks(duplicates), merge_duplicates=merge_duplicates)
        return _run(files, options, in_place, output, check, diff, cited_by, key_map, quiet)

    run(body)


def _run(files, options, in_place, output, check, diff, cited_by, key_map, quiet) -> int:
    from ..atomic import check_target
    from ..errors import UsageError
    from ..rewrite import EditLock

    if not files:
        raise UsageError("name at least one .bib file")
    if sum(bool(x) for x in (in_place, output, check, diff)) > 1:
        raise UsageError("choose one of --in-place, -o, --check and --diff")
    if output and len(files) > 1:
        raise UsageError("-o takes one input file; use --in-place for several")
    if not (in_place or output or check or diff) and len(files) > 1:
        raise UsageError("several files: use --in-place, --check or --diff (stdout takes one)")
    for target in ([output] if output else []) + ([key_map] if key_map else []):
        check_target(target)
    cites = None
    if cited_by:
        from ..cited import read_citations

        cites = read_citations(list(cited_by))
    with ExitStack() as locks:
        if in_place:
            # Locked from before the read to after the replace, and replaced only if each file still
            # holds what was read: an editor's save or another run meanwhile is kept (citekit/rewrite.py).
            for path in files:
                locks.enter_context(EditLock(path))
        status, changes = _format_files(files, options, in_place, output, check, diff, cites, quiet)
    if key_map and not (check or diff):
        from ..keys import write_key_map
        from ..model import KeyChange

        write_key_map([KeyChange(old, new, reason, origin) for old, new, reason, origin in changes], key_map)
    return status


def _format_files(files, options, in_place, output, check, diff, cites, quiet) -> tuple[int, list]:
    """Format each file and write it where asked: the exit status and the key changes made."""
    from ..atomic import write_atomic
    from ..fmt import format_text

    status = 0
    changes: list = []
    pending: list[tuple[str, bytes]] = []
    read = {path: _read(path, stamped=in_place) for path in files}
    decoded = {path: d for path, (d, _) in read.items()}
    texts = {path: d.text for path, d in decoded.items()}
    keeps = _cited(texts, cites, quiet) if cites is not None else {}
    for path in files:
        text = texts[path]
        result = format_text(text, options, path, keep=keeps.get(path))
        if not quiet:
            for line, message in result.messages:
                click.echo(printable(f"{path}:{line}: {message}"), err=True)
        changes.extend((old, new, reason, path) for old, new, reason in result.key_changes)
        changed = result.text != text
        if check or diff:
            if changed:
                import difflib

                write_stdout("".join(difflib.unified_diff(text.splitlines(True), result.text.splitlines(True),
                                                          path, path + " (formatted)")))
                if check:
                    status = 1
        elif in_place:
            if changed:
                pending.append((path, decoded[path].encode(result.text)))  # its own encoding and BOM
        elif output:
            write_atomic(output, decoded[path].encode(result.text))
        else:
            write_stdout(decoded[path].encode(result.text))  # as -o writes it: its own encoding, BOM and line ends
    # Every file is checked before any is replaced, and each again just before its own replace.
    for check_only in (True, False):
        for path, data in pending:
            stamp = read[path][1]
            if stamp is not None:
                stamp.verify()
            if not check_only:
                write_atomic(path, data)
    return status, changes


def _read(path: str, stamped: bool = False):  # type: ignore[no-untyped-def]
    """The file's :class:`~citekit.inputs.Decoded` text (the one decoder), kept exactly: line ends, BOM, encoding;
    and, when ``stamped``, the :class:`~citekit.rewrite.FileStamp` of what was read (else None)."""
    from ..inputs import MAX_EDIT_BYTES, STDIN, decode_exact, read_source
    from ..rewrite import stamp_read

    origin, data = read_source(path, MAX_EDIT_BYTES)  # a regular file only (never a FIFO or device), of a size read whole
    stamp = stamp_read(path, data) if stamped and path != STDIN else None
    decoded = decode_exact(data, origin)
    for problem in decoded.problems:  # a file not in UTF-8 is read, said, and written back in its own encoding
        say("warning", f"{problem.origin}:{problem.line}: {problem.message}; written back so")
    return decoded, stamp


def _cited(texts: dict[str, str], cites, quiet: bool) -> dict[str, set[str]]:
    """For each file, the keys to keep for ``cites``; cited keys no file has are named once.

    A library split over several files is one library: a key is missing only when no file
    has it, and a parent in another file is kept there.
    """
    from ..cited import PARENT_FIELDS, select
    from ..fmt.document import parse
    from ..fmt.values import content

    rows: dict[str, list] = {}
    for path, text in texts.items():
        rows[path] = [(b.entry.key, {f.name.lower(): content(f.value) or "" for f in b.entry.fields
                                     if f.name.lower() in PARENT_FIELDS})
                      for b in parse(text, path).blocks if b.kind == "entry"]
    everything = [row for path in texts for row in rows[path]]
    keep, missing, by_case = select(cites, everything)
    if not quiet:
        for key in missing:
            say("warning", f"cited key {key!r} is in none of the files")
        for key in by_case:
            click.echo(f"citekit: warning: cited key {key!r} matches an entry only by letter case "
                       "(bibtex accepts it, biber does not)", err=True)
    return {path: {key for key, _ in rows[path] if key in keep} for path in texts}
