"""The command line: ``citekit convert`` and ``citekit formats``. It only parses options.

``convert`` turns its options into a :class:`citekit.pipeline.Conversion` and calls the one
pipeline (:func:`citekit.pipeline.run`: read -> merge -> enrich -> key -> write).

Every command goes through the one front door (:mod:`citekit.frontdoor`): exit status 0
done (warnings allowed), 1 failed (nothing written), 2 usage error; a run ended by a
signal exits 128 + its number, with its temporary files removed; a broken pipe ends it
silently. Heavy libraries are imported inside the commands so that ``citekit --help``
stays fast.
"""

from __future__ import annotations

import sys

import click

from .frontdoor import Run, configure, run, say as _say, verbosity_options

__all__ = ["main"]


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


class _LazyGroup(click.Group):
    """The command group, loading each command module only when that command runs (or help lists it).

    ``citekit convert`` then never imports check's, update's, cite's or fmt's options and
    modules (about 10 ms of a 0.3 s run).
    """

    #: Command name -> ``module:attribute`` of its click command (citekit/commands/).
    LAZY = {name: f"citekit.commands.{name}:{name}" for name in ("check", "cite", "config", "fmt", "update")}

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command's name, the lazy ones too."""
        return sorted({*super().list_commands(ctx), *self.LAZY})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command named ``cmd_name``, imported on first use."""
        if cmd_name in self.LAZY and cmd_name not in self.commands:
            import importlib

            module, _, attribute = self.LAZY[cmd_name].partition(":")
            self.add_command(getattr(importlib.import_module(module), attribute), cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="citekit")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, exists=True),
              help="Read settings from this file (default: citekit.toml or pyproject.toml [tool.citekit], found upward).")
@click.option("--isolated", is_flag=True, help="Read no configuration file.")
@click.pass_context
def main(ctx: click.Context, config_path: str | None, isolated: bool) -> None:
    """Turn paper listings into BibTeX, BibLaTeX, CSL-JSON and styled reference lists."""
    from .config import ConfigError, apply

    try:
        apply(ctx, config_path, isolated)
    except ConfigError as exc:
        _say("error", str(exc))  # the front door's voice; a bad configuration is a usage error
        sys.exit(2)


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
@click.option("--no-doi", "no_doi", is_flag=True,
              help="With --enrich: do not ask the DOI resolver (CITEKIT_DOI_URL) where a paper with a DOI was published.")
@click.option("--cache", "cache", type=click.Path(dir_okay=False), help="Enrichment cache file (SQLite); default in the user cache directory.")
@click.option("--overwrite", is_flag=True, help="Let arXiv's values replace what the input stated (conflicts are reported either way).")
@click.option("--strict", is_flag=True, help="Treat every warning as a failure (exit 1, nothing written).")
@click.option("--key-pattern", metavar="PATTERN", help="Citation key pattern, e.g. '{auth}{year}{title}' (the default) or '{auth}_{shorttitle}_{year}'.")
@click.option("--rekey", is_flag=True, help="Generate every key afresh, even for papers an existing output .bib already names.")
@click.option("--key-map", "key_map", metavar="FILE", type=click.Path(), help="Write every changed or merged-away key (old, new, reason) here as TSV.")
@click.option("--cited-by", "cited_by", multiple=True, type=click.Path(dir_okay=False),
              help="Keep only the entries this paper (.aux, .bcf or .tex; repeatable) cites, with their parents.")
@click.option("--no-merge", "no_merge", is_flag=True, help="Keep every entry as read: do not join papers listed more than once.")
@click.option("--in-place", "in_place", is_flag=True, help="Allow -o to name an input (only in the input's own format).")
@click.option("--mkdir", "make_parents", is_flag=True, help="Create missing parent directories of -o.")
@click.option("--title", metavar="TEXT", help="The page's title (template:publications).")
@click.option("--owner", "owners", multiple=True, metavar="NAME",
              help="Whose publications the page lists: named in its title, marked in author lists (repeatable).")
@click.option("--group-by", "group_by", type=click.Choice(["year", "type"]), default="year", show_default=True,
              help="How a page template groups entries (newest first within each group).")
@click.option("--utf8", "unicode", is_flag=True, help="Keep UTF-8 in .bib output (for biber) instead of LaTeX escapes.")
@click.option("--keep-case", "keep_case", is_flag=True,
              help="Keep .bib titles in their own letter case in CSL-JSON and styled lists "
                   "(default: English titles in sentence case, as pandoc reads them).")
@verbosity_options
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
    order = _option_order(ctx, {"output": output, "to": to, "style": style})

    def body(state: Run) -> int:
        from .pipeline import run as run_pipeline

        configure(flags["quiet"], flags["verbose"])
        return run_pipeline(_conversion(inputs, from_, order, **flags), state.written, _say)

    run(body)


def _conversion(inputs, from_, order, *, enrich, offline, cache, no_doi=False, overwrite, strict, key_pattern, rekey, key_map,
                no_merge, in_place, make_parents, unicode, quiet, verbose, cited_by=(), title=None, owners=(),
                group_by="year", keep_case=False):  # type: ignore[no-untyped-def]
    """The options as a :class:`citekit.pipeline.Conversion`: only parsing and checking them happens here."""
    from .atomic import STREAM_PATHS, check_target
    from .errors import UsageError
    from .outputs import bind_outputs
    from .pipeline import Conversion
    from .sources import READERS

    if from_:
        READERS.canonical(from_)
    if (offline or overwrite or cache) and not enrich:
        raise UsageError("--offline, --overwrite and --cache go with --enrich")
    for option, value in order:  # what a path is decides more than its extension
        if option == "output" and not STREAM_PATHS.fullmatch(value):
            check_target(value, make_parents=make_parents)
    enrich_options = None
    if enrich:
        from .enrich import EnrichOptions

        enrich_options = EnrichOptions.from_env(cache_path=cache, offline=offline, overwrite=overwrite,
                                                progress=sys.stderr.isatty(), doi=not no_doi)
    return Conversion(tuple(inputs), bind_outputs(order), from_, not no_merge, enrich_options, key_pattern, rekey,
                      unicode, strict, quiet, key_map, in_place, make_parents, tuple(cited_by),
                      {"title": title, "owners": tuple(owners), "group_by": group_by}, keep_case)


@main.command()
@click.option("--readers", is_flag=True, help="List the readers (--from).")
@click.option("--writers", is_flag=True, help="List the writers (--to).")
@click.option("--styles", "styles", is_flag=False, flag_value="", default=None, metavar="[WORDS]",
              help="Search the styles by name, title, short title and field (every word must match); alone: every style.")
@click.argument("words", nargs=-1)
@verbosity_options
def formats(readers: bool, writers: bool, styles: str | None, words: tuple[str, ...], quiet: bool, verbose: bool) -> None:
    """List the readers, writers and styles citekit knows (the featured styles unless --styles).

    \b
      citekit formats --styles machine learning
      citekit formats --styles physics
    """
    if words:  # --styles machine learning: the words after the first are arguments to click
        styles = " ".join([styles or "", *words]).strip()

    def body(state: Run) -> int:
        configure(quiet, verbose)
        return _formats(readers, writers, styles)

    run(body)


def _formats(readers: bool, writers: bool, styles: str | None) -> int:
    from .exporters import WRITERS
    from .sources import READERS
    from .styles import FEATURED, FEATURED_ALIASES, available_styles, find_styles

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
        return 0
    every = available_styles()
    if styles is None:
        shown = [(n, d) for n, d in every if n in FEATURED or n.startswith(("bibtex:", "template:"))]
    else:
        shown, near = find_styles(styles)
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
        _say("error", f"no style matches {styles!r}" + ("; near misses:" if near else ""))
        for name, description in near:
            click.echo(f"  {name:<32} {description}", err=True)
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover
    main()
