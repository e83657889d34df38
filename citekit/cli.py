"""The command line: ``citekit convert`` and ``citekit formats``. It only wires the stages together.

Exit status: 0 done (warnings allowed), 1 failed (nothing written), 2 usage error; a run
ended by a signal exits 128 + its number, with its temporary files removed.
Heavy libraries are imported inside the commands so that ``citekit --help`` stays fast.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

__all__ = ["main"]

DEFAULT_INPUT = "seeds"


def _say(kind: str, message: str) -> None:
    from .diagnostics import say

    say(kind, message)


def _complete_readers(ctx, param, incomplete: str) -> list[str]:
    from .sources import READERS

    return [name for name in READERS if name.startswith(incomplete)]


def _complete_writers(ctx, param, incomplete: str) -> list[str]:
    from .exporters import WRITERS

    return [name for name in WRITERS if name.startswith(incomplete)]


def _complete_styles(ctx, param, incomplete: str) -> list[str]:
    from .styles import STYLES

    return [name for name in STYLES if name.startswith(incomplete.lower())]


class _OrderedCommand(click.Command):
    """A command that remembers the order of ``-o``, ``--to`` and ``--style`` (they bind by position)."""

    def make_parser(self, ctx: click.Context):
        """click's parser, noting the order it met the options in (one parse serves both)."""
        parser = super().make_parser(ctx)
        parse = parser.parse_args

        def parse_and_note_order(args: list[str]):
            opts, rest, order = parse(args=args)
            ctx.meta["citekit.order"] = [getattr(param, "name", None) for param in order]
            return opts, rest, order

        parser.parse_args = parse_and_note_order  # type: ignore[method-assign]
        return parser


def _option_order(ctx: click.Context, values: dict[str, tuple[str, ...]]) -> list[tuple[str, str]]:
    """``(option, value)`` for every ``-o``, ``--to`` and ``--style`` in command-line order."""
    taken = dict.fromkeys(values, 0)
    out: list[tuple[str, str]] = []
    for name in ctx.meta.get("citekit.order", []):
        if name in values and taken[name] < len(values[name]):
            out.append((name, values[name][taken[name]]))
            taken[name] += 1
    for name, seq in values.items():  # values click did not see in order (defaults): none today
        out.extend((name, value) for value in seq[taken[name]:])
    return out


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="citekit")
def main() -> None:
    """Turn paper listings into BibTeX, BibLaTeX, CSL-JSON and styled reference lists."""


@main.command(cls=_OrderedCommand)
@click.argument("inputs", nargs=-1, metavar="[INPUT ...]", type=click.Path())
@click.option("--from", "from_", metavar="FMT", shell_complete=_complete_readers,
              help="Input shape (default: detected per file; see `citekit formats --readers`).")
@click.option("--to", "to", metavar="FMT", multiple=True, shell_complete=_complete_writers,
              help="Output format: bibtex, biblatex, csl-json, json, text, html, markdown, latex. "
                   "Default: from -o's extension. After an -o it applies to that output only.")
@click.option("-o", "--output", "output", metavar="PATH", multiple=True, type=click.Path(),
              help="Write here (atomically; repeat for several outputs from one read). '-' is stdout.")
@click.option("--style", metavar="STYLE", multiple=True, shell_complete=_complete_styles,
              help="Style for text/html/markdown/latex: a CSL name (apa, ieee, ...), a .csl path, bibtex:NAME, "
                   "template:NAME. After an -o it applies to that output only.")
@click.option("--enrich", is_flag=True, help="Fill in records from the arXiv API (cached).")
@click.option("--offline", is_flag=True, help="With --enrich: answer from the cache alone, make no requests.")
@click.option("--cache", "cache", type=click.Path(dir_okay=False), help="Enrichment cache file (SQLite); default in the user cache directory.")
@click.option("--overwrite", is_flag=True, help="Let arXiv's values replace what the input stated (conflicts are reported either way).")
@click.option("--strict", is_flag=True, help="Treat every warning as a failure (exit 1, nothing written).")
@click.option("--key-pattern", metavar="PATTERN", help="Citation key pattern, e.g. '{auth}{year}{title}' (the default) or '{auth}_{shorttitle}_{year}'.")
@click.option("--rekey", is_flag=True, help="Generate every key afresh, even for papers an existing output .bib already names.")
@click.option("--key-map", "key_map", metavar="FILE", type=click.Path(), help="Write every changed or merged-away key (old, new, reason) here as TSV.")
@click.option("--no-merge", "no_merge", is_flag=True, help="Keep every entry as read: do not join papers listed more than once.")
@click.option("--in-place", "in_place", is_flag=True, help="Allow -o to name an input (only in the input's own format).")
@click.option("--mkdir", "make_parents", is_flag=True, help="Create missing parent directories of -o.")
@click.option("--utf8", "unicode", is_flag=True, help="Keep UTF-8 in .bib output (for biber) instead of LaTeX escapes.")
@click.option("-q", "--quiet", is_flag=True, help="Do not print warnings (they still count for --strict).")
@click.option("-v", "--verbose", is_flag=True, help="Say what was read, merged, keyed and written.")
@click.pass_context
def convert(ctx, inputs, from_, to, output, style, **flags) -> None:
    """Read listings (files, directories, or - for stdin) and write them in other formats.

    \b
    Several -o write several formats from one read:
      citekit convert seeds/ -o refs.bib -o refs.json -o refs.txt --style apa
    A --to or --style after an -o belongs to that output; one before the first -o
    is the default for all. Without --to the format comes from the extension
    (.bib .json .txt .html .md .tex).
    """
    from .errors import CitekitError, UsageError

    order = _option_order(ctx, {"output": output, "to": to, "style": style})
    written: list[str] = []  # outputs already replaced, for a run stopped while writing the rest
    with _signals_end_the_run():
        try:
            status = _convert(inputs, from_, order, written=written, **flags)
        except UsageError as exc:
            _say("error", str(exc))
            status = 2
        except CitekitError as exc:
            _say("error", str(exc))
            status = 1
        except KeyboardInterrupt:
            _say("error", "interrupted; " + _left_as_it_was(written))
            status = 130
        except _Signalled as exc:
            _say("error", f"{exc.name} received; stopped, " + _left_as_it_was(written))
            status = 128 + exc.signum
        except BrokenPipeError:
            _silence_stdout()
            _say("error", "standard output: the program reading it stopped before the output was complete (broken pipe)")
            status = 1
        except OSError as exc:
            from .diagnostics import os_error_message

            _say("error", os_error_message(exc) + "; " + _left_as_it_was(written))
            status = 1
        except Exception as exc:  # a bug: say so plainly, keep the traceback for CITEKIT_DEBUG
            if os.environ.get("CITEKIT_DEBUG"):
                raise
            _say("error", f"internal error ({type(exc).__name__}: {exc}); nothing written. "
                 "Set CITEKIT_DEBUG=1 for details and please report it.")
            status = 1
        finally:
            from .atomic import discard_unfinished

            discard_unfinished()  # a signal between making a temporary and guarding it
    sys.exit(status)


def _left_as_it_was(written: list[str]) -> str:
    if not written:
        return "nothing written (existing outputs are unchanged)"
    return f"{', '.join(written)} already written; the other outputs are unchanged"


# The one signal handling of every command (citekit/signals.py), by the names this module used.
from .signals import Signalled as _Signalled  # noqa: E402
from .signals import signals_end_the_run as _signals_end_the_run  # noqa: E402


def _silence_stdout() -> None:
    """After a broken pipe: point stdout at /dev/null so the interpreter's final flush stays quiet."""
    try:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, sys.stdout.fileno())
        os.close(fd)
    except (OSError, ValueError, AttributeError):
        pass


def _stdout_open() -> bool:
    if sys.stdout is None:
        return False
    try:
        fd = sys.stdout.fileno()
    except (OSError, ValueError, AttributeError):
        return True  # not a real file (a test runner's buffer): it takes writes
    try:
        os.fstat(fd)
    except OSError:
        return False
    return True


def _convert(inputs, from_, order, *, written, enrich, offline, cache, overwrite, strict, key_pattern, rekey,
             key_map, no_merge, in_place, make_parents, unicode, quiet, verbose) -> int:
    from .atomic import STREAM_PATHS, check_target
    from .errors import CitekitError, UsageError
    from .outputs import bind_outputs
    from .sources import READERS, iter_input_files

    if from_:
        READERS.canonical(from_)
    if quiet and verbose:
        raise UsageError("--quiet and --verbose contradict each other; give one")
    if (offline or overwrite or cache) and not enrich:
        raise UsageError("--offline, --overwrite and --cache go with --enrich")
    for option, value in order:  # what a path is decides more than its extension
        if option == "output" and not STREAM_PATHS.fullmatch(value):
            check_target(value, make_parents=make_parents)
    outputs = bind_outputs(order)
    if not inputs:
        if not Path(DEFAULT_INPUT).is_dir():
            raise UsageError(f"no INPUT given and no ./{DEFAULT_INPUT}/ directory to read")
        inputs = (DEFAULT_INPUT,)
    for out in outputs:
        if out.to_stdout and not _stdout_open():
            raise CitekitError("standard output is closed: there is nowhere to write; give -o FILE")
    if key_map:
        check_target(key_map, make_parents=make_parents)
    input_files = [(origin, path) for origin, path in iter_input_files(inputs) if path is not None]
    clashes = _outputs_that_are_inputs(outputs, input_files)
    if clashes and not in_place:
        out, origin = clashes[0]
        raise UsageError(f"-o {out.path} is also an input ({origin}); it would be replaced. "
                         "Write elsewhere, or pass --in-place to rewrite it in its own format")
    say_info = _say if verbose else (lambda kind, message: None)

    if not enrich and len(outputs) == 1 and not clashes and not key_map and not _streams_elsewhere(outputs[0]):
        status = _try_stream(inputs, from_, outputs[0], key_pattern, unicode, strict, quiet)
        if status is not None:
            return status

    from contextlib import ExitStack

    with ExitStack() as held, _cyclic_collector_paused(not enrich):  # enrichment keeps its collector
        # --in-place: each input rewritten is locked from before its read to after its replace, and
        # replaced only if it still holds what was read (citekit/rewrite.py).
        stamps = []
        for origin in dict.fromkeys(origin for _, origin in clashes):
            from .rewrite import EditLock, read_stamped

            held.enter_context(EditLock(origin))
            stamps.append(read_stamped(origin)[1])
        library = _read(inputs, from_, say_info)
        for out, origin in clashes:
            _check_same_format(library, out, origin)
        from .merge import merge

        before = len(library.entries)
        library = merge(library, enabled=not no_merge)
        if not no_merge:
            say_info("info", f"merged {before} entries into {len(library.entries)} papers")
        if enrich:
            from .enrich import EnrichOptions, enrich as run_enrich

            options = EnrichOptions.from_env(
                cache_path=cache, offline=offline, overwrite=overwrite, progress=sys.stderr.isatty()
            )
            library = run_enrich(library, options)
        if not rekey:
            _reuse_existing_keys(library, outputs, {origin for _, origin in clashes}, say_info)
        from .keys import assign_keys, run_target

        assign_keys(library, key_pattern, target=run_target(out.to for out in outputs))
        from .diagnostics import honesty_problems, report_problems

        library.problems.extend(honesty_problems(library, enriched=enrich))
        texts = _render_all(library, outputs, unicode)
        failed = report_problems(library.problems, _say, quiet=quiet, strict=strict)
        if failed:
            return failed
        if key_map:
            from .keys import write_key_map

            write_key_map(library.key_changes, key_map)
            say_info("info", f"wrote {len(library.key_changes)} key change(s) to {key_map}")
        for stamp in stamps:
            stamp.verify()
        _write_all(outputs, texts, len(library.entries), quiet, make_parents, written)
        return 0


class _cyclic_collector_paused:
    """Python's cyclic garbage collector off while the whole library is read, merged, rendered and written.

    The library and what rendering builds live until the run ends, so the collector would
    only rescan them (~30 ms of ~0.75 s at 1,000 records); the cyclic garbage a run leaves
    is a few dozen objects an entry (10,000 APA records: 186 MB peak either way). Reference
    counting still frees everything else. The streaming path, with no such bound, keeps it on.

    For the same reason the interpreter's last collection at exit is spared the objects
    alive by then (``gc.freeze`` from an exit handler, ~40 ms): the outputs are written and
    closed before the run returns, and other exit handlers still run.
    """

    def __init__(self, pause: bool) -> None:
        self.pause = pause
        self.was_enabled = False

    def __enter__(self) -> None:
        import atexit
        import gc

        self.was_enabled = gc.isenabled()
        if self.pause:
            gc.disable()
            atexit.unregister(gc.freeze)  # registered once however many runs one process makes
            atexit.register(gc.freeze)

    def __exit__(self, *exc: object) -> None:
        import gc

        if self.was_enabled:
            gc.enable()


def _streams_elsewhere(out) -> bool:
    """An output streamed to a path other than stdout (the streaming path writes files or stdout only)."""
    return out.streamed and not out.to_stdout


def _try_stream(inputs, from_, out, key_pattern, unicode, strict, quiet) -> int | None:
    """The streaming path for snapshot-sized inputs (flat memory, same output), or None when it does not apply."""
    from .exporters import WRITERS, ExportOptions

    writer = WRITERS.get(out.to)
    if not hasattr(writer, "write_stream"):
        return None  # styled lists never stream; the streaming machinery need not load
    from . import stream

    items = stream.plan(inputs, from_, writer)
    if items is None:
        return None
    return stream.run(items, writer, None if out.streamed else out.path, key_pattern=key_pattern,
                      options=ExportOptions(style=out.style, unicode=unicode), strict=strict,
                      quiet=quiet, say=_say, echo=_write_stdout)


def _read(inputs, from_, say_info):
    from .sources import read_paths

    library = read_paths(inputs, from_)
    counts: dict[tuple[str, str], int] = {}
    for entry in library.entries:
        first = entry.sources[0] if entry.sources else None
        if first is not None:
            counts[(first.origin, first.source)] = counts.get((first.origin, first.source), 0) + 1
    for (origin, reader), n in counts.items():
        say_info("info", f"{origin}: {n} entr{'y' if n == 1 else 'ies'} (read as {reader})")
    return library


def _outputs_that_are_inputs(outputs, input_files) -> list:
    clashes = []
    for out in outputs:
        if out.streamed or not os.path.exists(out.path):
            continue
        for origin, path in input_files:
            try:
                if os.path.samefile(out.path, path):
                    clashes.append((out, origin))
            except OSError:
                continue
    return clashes


def _check_same_format(library, out, origin) -> None:
    """--in-place rewrites an input only in its own format (a .bib as BibTeX, a CSL-JSON file as CSL-JSON)."""
    from .errors import UsageError
    from .outputs import SAME_FORMAT, format_of_path

    readers = {s.source for e in library.entries for s in e.sources if s.origin == origin}
    if not readers:
        guess = format_of_path(origin)
        readers = {guess} if guess else set()
    if not readers or any(out.to not in SAME_FORMAT.get(reader, ()) for reader in readers):
        shown = ", ".join(sorted(readers)) or "an unknown format"
        raise UsageError(f"--in-place: {origin} is {shown} and -o {out.path} asks for {out.to}; "
                         "an input is rewritten only in its own format (write the conversion elsewhere)")


def _reuse_existing_keys(library, outputs, in_place_origins, say_info) -> None:
    """Papers already named in an output .bib keep those keys (stable \\cite keys across runs)."""
    for out in outputs:
        if out.to not in ("bibtex", "biblatex") or out.streamed or out.path in in_place_origins:
            continue
        path = Path(out.path)
        if not path.is_file():
            continue
        from .keys import reuse_keys

        text = path.read_bytes().decode("utf-8", errors="replace")
        kept = reuse_keys(library, text, out.path)
        say_info("info", f"{kept} paper(s) keep the key {out.path} already gives them (--rekey regenerates them)")
        return


def _render_all(library, outputs, unicode) -> list[str]:
    from .exporters import WRITERS, ExportOptions

    return [WRITERS.get(out.to).write(library, ExportOptions(style=out.style, unicode=unicode)) for out in outputs]


def _write_all(outputs, texts, count, quiet, make_parents, written: list[str]) -> None:
    """Every file is staged as a temporary first, then each replaces its target: one bad path writes nothing."""
    from .atomic import AtomicFile

    staged: list[AtomicFile | None] = []
    try:
        for out, text in zip(outputs, texts):
            if out.streamed:
                staged.append(None)
                continue
            sink = AtomicFile(out.path, make_parents=make_parents)
            staged.append(sink)
            try:
                sink.stream.write(text)
            except OSError as exc:
                raise OSError(exc.errno, exc.strerror, out.path) from None
        for out, text, sink in zip(outputs, texts, staged):
            if sink is None:
                _write_stream(out, text)
            else:
                sink.commit()
            written.append(out.label)
            if not quiet and not (out.streamed and out.path is None):
                _say("info", f"wrote {count} entries to {out.label}")
    finally:
        for sink in staged:
            if sink is not None:
                sink.discard()


def _write_stdout(text: str) -> None:
    """All of ``text`` to stdout as UTF-8 (as files get it), or an error: never a silent short write.

    An unbuffered stdout (``PYTHONUNBUFFERED``) drops the rest of a write the system
    takes only part of; writing the file descriptor in a loop cannot.
    """
    try:
        fd = sys.stdout.fileno()
    except (OSError, ValueError, AttributeError):  # not a real file (a test runner's buffer)
        click.echo(text, nl=False)
        return
    data = memoryview(text.encode("utf-8"))
    try:
        sys.stdout.flush()
        while data:
            written = os.write(fd, data[: 1 << 20])
            data = data[written:]
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, "standard output") from None


def _write_stream(out, text: str) -> None:
    """Stdout, stderr, /dev/null and /dev/fd/N: written to, never replaced."""
    if out.to_stdout:
        _write_stdout(text)
        return
    if out.path in ("/dev/stderr", "/dev/fd/2", "/proc/self/fd/2"):
        click.echo(text, nl=False, err=True)
        return
    try:
        with open(out.path, "a" if out.path != "/dev/null" else "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, out.path) from None


@main.command()
@click.option("--readers", is_flag=True, help="List the readers (--from).")
@click.option("--writers", is_flag=True, help="List the writers (--to).")
@click.option("--styles", "styles", is_flag=False, flag_value="", default=None, metavar="[WORD]",
              help="List the styles whose name or title holds WORD (every word given); alone: every style.")
def formats(readers: bool, writers: bool, styles: str | None) -> None:
    """List the readers, writers and styles citekit knows (the featured styles unless --styles)."""
    from .exporters import WRITERS
    from .sources import READERS
    from .styles import FEATURED, FEATURED_ALIASES, available_styles

    everything = not (readers or writers or styles is not None)
    headed = everything or sum((readers, writers, styles is not None)) > 1
    if readers or everything:
        if headed:
            click.echo("Readers (--from):")
        from .sources import EXAMPLES, FALLBACKS

        for name in READERS:
            click.echo(f"  {name:<16} {READERS.describe(name)}")
            if readers and name in EXAMPLES:
                lines = EXAMPLES[name].split("\n")
                click.echo(f"  {'':<16}   e.g. {lines[0]}")
                for line in lines[1:]:
                    click.echo(f"  {'':<16}        {line}")
        if readers:
            click.echo(f"  When no shape fits, detection falls back to {' then '.join(FALLBACKS)}, and says so (-v).")
    if writers or everything:
        if headed:
            click.echo(("\n" if readers or everything else "") + "Writers (--to):")
        for name in WRITERS:
            click.echo(f"  {name:<16} {WRITERS.describe(name)}")
    if styles is None and not everything:
        return
    every = available_styles()
    if styles is None:
        shown = [(n, d) for n, d in every if n in FEATURED or n.startswith(("bibtex:", "template:"))]
    else:
        words = styles.casefold().split()
        shown = [(n, d) for n, d in every if all(w in f"{n} {d}".casefold() for w in words)]
    if headed:
        click.echo("\nStyles (--style, with text/html/markdown/latex):")
    aliases = {target: alias for alias, target in FEATURED_ALIASES.items()}
    for name, description in shown:
        alias = f" (also: {aliases[name]})" if name in aliases else ""
        click.echo(f"  {name:<32} {description}{alias}")
    if styles is None:
        click.echo(f"  ... and {len(every) - len(shown):,} more CSL styles: "
                   "`citekit formats --styles WORD` finds them (e.g. --styles nature), --styles alone lists all")
    elif not shown:
        _say("error", f"no style matches {styles!r}")
        sys.exit(1)


main.add_command(__import__("citekit.commands.update", fromlist=["update"]).update)
main.add_command(__import__("citekit.commands.check", fromlist=["check"]).check)
main.add_command(__import__("citekit.commands.cite", fromlist=["cite"]).cite)

if __name__ == "__main__":  # pragma: no cover
    main()
