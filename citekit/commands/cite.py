"""``citekit cite``: citations in text and their reference list, rendered by citekit's own CSL processor.

Three ways in:

* ``citekit cite --style S --items ITEMS --clusters CLUSTERS.json [--to FMT] [--bibliography]``
  prints each cluster (citeproc-js JSON form) on its own line, then the bibliography;
* ``citekit cite paper.md --bibliography refs.bib --style S [-o out.md]`` renders pandoc's
  citation syntax in a Markdown document and appends the reference list;
* ``citekit cite paper.aux --bibliography refs.bib --style S`` writes ``paper.bbl`` for
  natbib on pdflatex, in place of bibtex.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..frontdoor import Run, configure, run, say, verbosity_options, write_stdout

__all__ = ["cite"]


@click.command()
@click.argument("document", required=False, type=click.Path())
@click.option("--style", metavar="STYLE", default="apa", show_default=True, help="A CSL style: a collection name or a .csl file.")
@click.option("--items", metavar="ITEMS", type=click.Path(), help="The items: a CSL-JSON file, a .bib or any input citekit reads.")
@click.option("--clusters", metavar="FILE", type=click.Path(), help="Citation clusters in citeproc-js JSON form (a list).")
@click.option("--bibliography", "bibliography", metavar="[FILE]", is_flag=False, flag_value="", default=None,
              help="Print the bibliography too; with a document, the file of items to cite from.")
@click.option("--no-citations", is_flag=True, help="Print only the bibliography (with --clusters: of the cited items).")
@click.option("--to", "to", type=click.Choice(["html", "text", "markdown", "latex"]), default=None,
              help="Output markup (default: html for clusters; for a document, html when -o names an .html file, else markdown).")
@click.option("--locale", metavar="LANG", help="Render in this locale instead of the style's (e.g. de-DE).")
@click.option("-o", "--output", metavar="PATH", type=click.Path(), help="Write here instead of stdout (a .aux writes its .bbl beside it).")
@verbosity_options
def cite(document, style, items, clusters, bibliography, no_citations, to, locale, output, quiet, verbose) -> None:
    """Render citations and a reference list with citekit's own CSL processor.

    \b
      citekit cite --style apa --items refs.json --clusters clusters.json --bibliography
      citekit cite paper.md --bibliography refs.bib --style apa -o paper.out.md   (or -o paper.html)
      citekit cite paper.aux --bibliography refs.bib --style apa     (writes paper.bbl)
    """

    def body(state: Run) -> int:  # the one front door: exit codes, errors, signals, broken pipes, -q/-v
        configure(quiet, verbose)
        _cite(document, style, items, clusters, bibliography, no_citations, to, locale, output)
        return 0

    run(body)


def _cite(document, style, items, clusters, bibliography, no_citations, to, locale, output) -> None:
    from ..cite import Processor
    from ..errors import UsageError

    if document is not None:
        source = bibliography or items
        if not source:
            raise UsageError("a document needs --bibliography FILE (the items it cites)")
        suffix = Path(document).suffix.lower()
        if suffix == ".aux":
            return _aux(document, source, style, locale, output)
        if to is None and output and Path(output).suffix.lower() in (".html", ".htm"):
            to = "html"
        return _markdown(document, source, style, locale, output, to or "markdown")
    if not items:
        raise UsageError("give --items ITEMS (and --clusters FILE), or a document")
    from ..cite import final_clusters, is_edit_log, replay

    data_items = _items(items)
    backend = to or "html"
    proc = Processor(style, data_items, backend, lang=locale)
    out: list[str] = []
    if clusters:
        data = _read_json(clusters)
        if not isinstance(data, list):
            raise UsageError(f"{clusters}: clusters must be a JSON list")
        if is_edit_log(data):
            # citeproc-js's processCitationCluster calls: print the document they leave, marked.
            lines = replay(lambda: Processor(proc.style, data_items, backend), data)
            proc.cite_clusters(final_clusters(data))
        elif all(isinstance(c, list) for c in data):
            # makeCitationCluster's form: every item registered, the cites' own positions.
            lines = proc.cite_clusters([{"citationItems": c, "_explicit": True} for c in data], register_all=True)
        else:
            lines = proc.cite_clusters(data)
        if not no_citations:
            out.extend(lines)
    elif not no_citations:
        # No clusters: one cluster citing every item, in order.
        out.extend(proc.cite_clusters([{"citationItems": [{"id": i} for i in proc.input_order]}]))
    if bibliography is not None or no_citations:
        if (to or "html") == "html":
            out.append(proc.bibliography_html())
        else:
            out.extend(proc.bibliography())
    _emit("\n".join(out) + "\n", output)


def _items(source: str) -> list[dict]:
    """The items of ``source`` (:func:`citekit.cite.items_from`), each entry left out said with its file and line."""
    from ..cite import items_from
    from ..diagnostics import report_problems

    problems: list = []
    data = items_from(source, problems)
    report_problems(problems, say, quiet=False, strict=False)  # warnings only: the run goes on
    return data


def _read_json(path: str):
    from ..errors import InputError

    try:
        return json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read {path}: {exc}") from exc


def _emit(text: str, output: str | None) -> None:
    if output:
        from ..atomic import write_atomic

        write_atomic(output, text)
    else:
        write_stdout(text)


def _markdown(document, source, style, locale, output, to) -> None:
    from ..cite import Processor, render_html, render_markdown

    text = _document_text(document)
    items = _items(source)
    _warn_unknown_keys(document, text, {item["id"] for item in items})
    if to == "html":  # an HTML document, as pandoc writes one: the Markdown read, citations and list in HTML
        _emit(render_html(Processor(style, items, "markdown", lang=locale), text), output)
        return
    proc = Processor(style, items, to, lang=locale)
    _emit(render_markdown(proc, text), output)


def _document_text(document: str) -> str:
    """The paper's text through the one decoder (``-``: stdin): a BOM dropped, UTF-16 and Windows-1252 read, each said."""
    from ..diagnostics import report_problems
    from ..inputs import decode, read_source

    origin, data = read_source(document)
    text, problems = decode(data, origin)
    report_problems(problems, say, quiet=False, strict=False)
    return text


def _warn_unknown_keys(document: str, text: str, known: set[str]) -> None:
    """Warn, with its line, of each citation key the document uses that no item has (pandoc warns too)."""
    from ..cite import split_front_matter
    from ..render.cslproc.pandoc import find_citations

    seen: set[str] = set()
    head = len(split_front_matter(text)[0])  # a metadata block's @keys are not citations (``nocite`` lists)
    for citation in find_citations(text):
        if citation.start < head:
            continue
        for item in citation.items:
            key = item["id"]
            if key in known or key in seen:
                continue
            seen.add(key)
            if len(seen) <= 10:
                line = text.count("\n", 0, citation.start) + 1
                say("warning", f"{document}:{line}: no item for citation key {key}; the citation is left as written")
    if len(seen) > 10:
        say("warning", f"{document}: {len(seen) - 10} more citation keys with no item")


def _aux(document, source, style, locale, output) -> None:
    from ..atomic import write_atomic
    from ..cite import Processor
    from ..errors import UsageError
    from ..render.cslproc.natbib import aux_citations, bbl

    text = Path(document).read_text(encoding="utf-8", errors="replace")
    keys = aux_citations(text)
    proc = Processor(style, _items(source), "latex", lang=locale)
    if "*" in keys:
        keys = [k for k in keys if k != "*"] + [k for k in proc.input_order if k not in keys]
    missing = [k for k in keys if k not in proc.items]
    if missing:
        say("warning", f"{document}: no item for {', '.join(missing[:10])}")
    target = output or str(Path(document).with_suffix(".bbl"))
    if Path(target).resolve() == Path(document).resolve():
        raise UsageError("the .bbl would overwrite the .aux")
    skipped: list[str] = []
    text = bbl(proc, keys, skipped)
    if skipped:
        say("warning", f"{document}: left out of the .bbl, their ids cannot be LaTeX keys: "
                       f"{', '.join(repr(k) for k in skipped[:10])}")
    write_atomic(target, text)
