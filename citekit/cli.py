"""The command line: ``citekit convert`` and ``citekit formats``. It only wires the stages together.

Exit status: 0 done (warnings allowed), 1 failed (nothing written), 2 usage error.
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
    click.echo(f"citekit: {kind}: {message}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="citekit")
def main() -> None:
    """Turn paper listings into BibTeX, BibLaTeX, CSL-JSON and styled reference lists."""


@main.command()
@click.argument("inputs", nargs=-1, metavar="[INPUT ...]")
@click.option("--from", "from_", metavar="FMT", help="Input shape (default: detected per file; see `citekit formats`).")
@click.option("--to", "to", metavar="FMT", required=True, help="Output format: bibtex, biblatex, csl-json, json, text, html, markdown, latex.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write here (atomically) instead of stdout.")
@click.option("--style", metavar="STYLE", help="Style for text/html/markdown/latex: a CSL name (apa, ieee, ...), a .csl path, bibtex:NAME, template:NAME.")
@click.option("--enrich", is_flag=True, help="Fill in records from the arXiv API (cached).")
@click.option("--offline", is_flag=True, help="With --enrich: answer from the cache alone, make no requests.")
@click.option("--cache", "cache", type=click.Path(dir_okay=False), help="Enrichment cache file (SQLite); default in the user cache directory.")
@click.option("--overwrite", is_flag=True, help="Let arXiv's values replace what the input stated (conflicts are reported either way).")
@click.option("--strict", is_flag=True, help="Treat every warning as a failure (exit 1, nothing written).")
@click.option("--key-pattern", metavar="PATTERN", help="Citation key pattern, e.g. '{auth}{year}{title}' (the default) or '{auth}_{shorttitle}_{year}'.")
@click.option("--utf8", "unicode", is_flag=True, help="Keep UTF-8 in .bib output (for biber) instead of LaTeX escapes.")
@click.option("-q", "--quiet", is_flag=True, help="Do not print warnings (they still count for --strict).")
def convert(inputs, from_, to, output, style, enrich, offline, cache, overwrite, strict, key_pattern, unicode, quiet) -> None:
    """Read listings (files, directories, or - for stdin) and write them in another format."""
    from .errors import CitekitError, UsageError

    try:
        status = _convert(inputs, from_, to, output, style, enrich, offline, cache, overwrite, strict, key_pattern, unicode, quiet)
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


def _convert(inputs, from_, to, output, style, enrich, offline, cache, overwrite, strict, key_pattern, unicode, quiet) -> int:
    from .atomic import write_atomic
    from .diagnostics import report_problems
    from .errors import UsageError
    from .exporters import WRITERS, ExportOptions
    from .keys import assign_keys
    from .merge import merge
    from .sources import READERS, read_paths

    writer = WRITERS.get(to)
    if from_:
        READERS.canonical(from_)
    if not inputs:
        if not Path(DEFAULT_INPUT).is_dir():
            raise UsageError(f"no INPUT given and no ./{DEFAULT_INPUT}/ directory to read")
        inputs = (DEFAULT_INPUT,)
    if (offline or overwrite or cache) and not enrich:
        raise UsageError("--offline, --overwrite and --cache go with --enrich")

    if not enrich:
        # Snapshot-sized inputs stream: flat memory, same output (see citekit/stream.py).
        from . import stream

        items = stream.plan(inputs, from_, writer)
        if items is not None:
            status = stream.run(items, writer, output, key_pattern=key_pattern,
                                options=ExportOptions(style=style, unicode=unicode), strict=strict,
                                quiet=quiet, say=_say, echo=lambda text: click.echo(text, nl=False))
            if status is not None:
                return status

    library = read_paths(inputs, from_)
    library = merge(library)
    if enrich:
        from .enrich import EnrichOptions, enrich as run_enrich

        options = EnrichOptions.from_env(
            cache_path=cache, offline=offline, overwrite=overwrite, progress=sys.stderr.isatty()
        )
        library = run_enrich(library, options)
    assign_keys(library, key_pattern)
    text = writer.write(library, ExportOptions(style=style, unicode=unicode))

    failed = report_problems(library.problems, _say, quiet=quiet, strict=strict)
    if failed:
        return failed
    if output:
        write_atomic(output, text)
        if not quiet:
            _say("info", f"wrote {len(library.entries)} entries to {output}")
    else:
        click.echo(text, nl=False)
    return 0


@main.command()
def formats() -> None:
    """List the readers, writers and styles citekit knows."""
    from .exporters import WRITERS
    from .sources import READERS
    from .styles import available_styles

    click.echo("Readers (--from):")
    for name in READERS:
        click.echo(f"  {name:<16} {READERS.describe(name)}")
    click.echo("\nWriters (--to):")
    for name in WRITERS:
        click.echo(f"  {name:<16} {WRITERS.describe(name)}")
    click.echo("\nStyles (--style, with text/html/markdown/latex):")
    for name, description in available_styles():
        click.echo(f"  {name:<32} {description}")


main.add_command(__import__("citekit.commands.update", fromlist=["update"]).update)

if __name__ == "__main__":  # pragma: no cover
    main()
