"""Real consumers: bibtex (plain, unsrt, alpha), biber, pybtex, jsonschema and pandoc --citeproc.

Each tool runs once per batch of entries (one .bib for all of them), so this stays fast.
Any warning or error in a .blg, or from biber or pandoc, fails the test.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import jsonschema
import pytest

from bibcases import awkward_records, complete_records, library
from citekit.exporters import ExportOptions
from citekit.exporters.bibtex import BIBLATEX, BIBTEX
from citekit.exporters.csl_json import WRITER as CSL
from citekit.model import Entry
from conftest import REPO, SEEDS, require_tool

pytestmark = pytest.mark.integration

SCHEMA = json.loads((REPO / "tests" / "schemas" / "csl-data.json").read_text(encoding="utf-8"))
TEX_BIBTEX = r"""\documentclass{article}
\usepackage[utf8]{inputenc}
\begin{document}
\nocite{*}
\bibliographystyle{%s}
\bibliography{refs}
\end{document}
"""
TEX_BIBER = r"""\documentclass{article}
\usepackage[utf8]{inputenc}
\usepackage[backend=biber]{biblatex}
\addbibresource{refs.bib}
\begin{document}
\nocite{*}
\printbibliography
\end{document}
"""


def _run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, errors="replace", timeout=300)


def bibtex_problems(bib: str, style: str, workdir: Path) -> tuple[list[str], int]:
    """The warning and error lines bibtex writes to the .blg for ``bib`` under ``style``, and the item count."""
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "refs.bib").write_text(bib, encoding="utf-8")
    (workdir / "doc.tex").write_text(TEX_BIBTEX % style, encoding="utf-8")
    _run(["pdflatex", "-interaction=nonstopmode", "-draftmode", "doc"], workdir)
    _run(["bibtex", "doc"], workdir)
    blg = (workdir / "doc.blg").read_text(encoding="utf-8", errors="replace")
    # "warning$ -- 0" is bibtex's count of calls, not a warning.
    bad = [line for line in blg.splitlines() if re.search(r"warning|error|couldn't|illegal|I'm skipping", line, re.I)
           and not re.match(r"\s*warning\$ -- \d+$", line)]
    bbl = (workdir / "doc.bbl").read_text(encoding="utf-8", errors="replace") if (workdir / "doc.bbl").exists() else ""
    return bad, bbl.count("\\bibitem")


def biber_problems(bib: str, workdir: Path) -> tuple[list[str], int]:
    """Warnings and errors from ``biber --validate-datamodel`` on ``bib``, and the entry count in the .bbl."""
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "refs.bib").write_text(bib, encoding="utf-8")
    (workdir / "doc.tex").write_text(TEX_BIBER, encoding="utf-8")
    _run(["pdflatex", "-interaction=nonstopmode", "-draftmode", "doc"], workdir)
    out = _run(["biber", "--validate-datamodel", "doc"], workdir)
    bad = [line for line in (out.stdout + out.stderr).splitlines() if re.match(r"\s*(WARN|ERROR)", line)]
    bbl = (workdir / "doc.bbl").read_text(encoding="utf-8", errors="replace") if (workdir / "doc.bbl").exists() else ""
    return bad, bbl.count("\\entry{")


def assert_compiles_clean(bib: Path, blx: Path, count: int, workdir: Path) -> None:
    """``bib`` under bibtex plain, unsrt and alpha and ``blx`` under ``biber --validate-datamodel``:
    no warning and ``count`` items each (skipped where a tool is missing)."""
    require_tool("pdflatex")
    require_tool("bibtex")
    for style in ("plain", "unsrt", "alpha"):
        bad, n = bibtex_problems(bib.read_text(encoding="utf-8"), style, workdir / style)
        assert bad == [] and n == count, (style, bad)
    require_tool("biber")
    bad, n = biber_problems(blx.read_text(encoding="utf-8"), workdir / "biber")
    assert bad == [] and n == count, bad


def _cases():
    return {"complete": complete_records, "awkward": awkward_records}


@pytest.fixture(scope="module")
def seeds_library():
    """The seed listings as read (and merged), keys assigned: what `citekit convert seeds/` exports."""
    import citekit

    lib = citekit.merge(citekit.read(str(SEEDS)))
    citekit.assign_keys(lib)
    return lib


@pytest.mark.parametrize("style", ["plain", "unsrt", "alpha"])
@pytest.mark.parametrize("case", ["complete", "awkward"])
def test_bibtex_compiles_without_warnings(case, style, tmp_path):
    """Every entry is typeset by bibtex under plain, unsrt and alpha with no warning at all."""
    require_tool("pdflatex")
    require_tool("bibtex")
    lib = library(_cases()[case]())
    bad, items = bibtex_problems(BIBTEX.write(lib, ExportOptions()), style, tmp_path)
    assert bad == []
    assert items == len(lib.entries)


@pytest.mark.parametrize("style", ["plain", "unsrt", "alpha"])
def test_seed_listings_compile_without_warnings(seeds_library, style, tmp_path):
    """The seed listings as read compile under classic BibTeX with no warning."""
    require_tool("pdflatex")
    require_tool("bibtex")
    from citekit.model import is_citable

    bad, items = bibtex_problems(BIBTEX.write(seeds_library, ExportOptions()), style, tmp_path)
    assert bad == []
    # An abstract alone is no citation: it is kept as a comment, not typeset.
    assert items == sum(is_citable(e) for e in seeds_library.entries)


@pytest.mark.parametrize("case", ["complete", "awkward", "seeds"])
def test_biber_validates_without_warnings(case, seeds_library, tmp_path):
    """``biber --validate-datamodel`` reads the BibLaTeX output with no warning."""
    require_tool("pdflatex")
    require_tool("biber")
    lib = seeds_library if case == "seeds" else library(_cases()[case]())
    from citekit.model import is_citable

    bad, items = biber_problems(BIBLATEX.write(lib, ExportOptions()), tmp_path)
    # A listing that printed no title gives an entry without one (never a placeholder): biber says so,
    # and only for those entries (--enrich fills the titles in).
    untitled = {e.key for e in lib.entries if not e.title and is_citable(e)}
    bad = [line for line in bad if not any(f"Entry '{k}' (refs.bib): Missing mandatory field 'title'" in line
                                           for k in untitled)]
    assert bad == []
    assert items == sum(is_citable(e) for e in lib.entries)


def test_utf8_output_for_biber(tmp_path):
    """``--utf8`` output (raw UTF-8) is read by biber without warnings too."""
    require_tool("pdflatex")
    require_tool("biber")
    lib = library(complete_records() + awkward_records())
    bad, _ = biber_problems(BIBLATEX.write(lib, ExportOptions(unicode=True)), tmp_path)
    assert bad == []


def test_csl_json_validates_and_pandoc_renders_every_entry(seeds_library, tmp_path):
    """The CSL-JSON validates against the schema and pandoc --citeproc renders each entry, silently."""
    pandoc = require_tool("pandoc")
    lib = library(complete_records() + awkward_records())
    for name, library_ in (("fixtures", lib), ("seeds", seeds_library)):
        data = CSL.write(library_, ExportOptions())
        jsonschema.validate(json.loads(data), SCHEMA)
        path = tmp_path / f"{name}.json"
        path.write_text(data, encoding="utf-8")
        doc = "---\nnocite: '@*'\n---\n"
        out = subprocess.run([pandoc, "--citeproc", "--bibliography", str(path), "-f", "markdown", "-t", "plain", "--wrap=none",
                              "--verbose"], input=doc, capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, out.stderr
        warnings = [line for line in out.stderr.splitlines() if "WARNING" in line.upper()]
        assert warnings == []
        rendered = " ".join(out.stdout.split())
        for entry in library_.entries:
            probe = " ".join((entry.title or "").split())[:25].rstrip()
            if probe and "$" not in probe and "\\" not in probe:
                assert probe.split()[0].lower() in rendered.lower(), entry.key
        assert len(re.findall(r"^\S", out.stdout, re.M)) >= len(library_.entries)


def _one_of_each_csl_type() -> Library:
    """One entry of every CSL type, with the fields that type takes (as a CSL-JSON library holds them)."""
    from citekit.csl import CSL_TYPES
    from citekit.model import Library, Name, PartialDate

    entries = []
    for i, ctype in enumerate(sorted(CSL_TYPES)):
        e = Entry(type=ctype, title=f"A {ctype.replace('_', ' ')} about <i>rivers</i>",
                  author=[Name("Okafor", "Chidi"), Name("Berg", "Anna", non_dropping_particle="van der")],
                  issued=PartialDate(1980 + i, 5), key=f"t{i:02d}{ctype.replace('-', '').replace('_', '')}",
                  URL=f"https://example.org/{ctype}", publisher="River Press")
        e.vars.update({"publisher-place": "Lagos", "language": "english", "editor": [{"family": "Kumar", "given": "Priya"}]})
        if ctype.startswith(("article", "review")) or ctype in ("chapter", "paper-conference", "entry",
                                                               "entry-dictionary", "entry-encyclopedia", "periodical"):
            e.container_title = "Journal of Rivers" if ctype != "chapter" else "The River Book"
            e.volume, e.page = "3", "10-20"
        if ctype in ("thesis", "report"):
            e.vars["genre"] = "PhD thesis" if ctype == "thesis" else "Technical report"
        if ctype in ("report", "patent", "standard"):
            e.number = "R-7"
        if ctype == "manuscript":
            e.note = "Unpublished draft"
        if ctype == "book":
            e.vars.update({"edition": "2", "collection-title": "River Studies", "ISBN": "978-3-16-148410-0"})
        entries.append(e)
    return Library(entries=entries)


@pytest.mark.parametrize("style", ["plain", "unsrt", "alpha"])
def test_every_csl_type_compiles_under_bibtex(style, tmp_path):
    """Every CSL type written as classic BibTeX is typeset by plain, unsrt and alpha without a warning."""
    require_tool("pdflatex")
    require_tool("bibtex")
    lib = _one_of_each_csl_type()
    bad, items = bibtex_problems(BIBTEX.write(lib, ExportOptions()), style, tmp_path)
    assert bad == []
    assert items == len(lib.entries)


def test_every_csl_type_validates_under_biber(tmp_path):
    """Every CSL type written as BibLaTeX passes ``biber --validate-datamodel`` without a warning."""
    require_tool("pdflatex")
    require_tool("biber")
    lib = _one_of_each_csl_type()
    bad, items = biber_problems(BIBLATEX.write(lib, ExportOptions()), tmp_path)
    assert bad == []
    assert items == len(lib.entries)
    # What biblatex has no field for is reported, not dropped silently.
    assert all("has no field in biblatex" in p.message for p in lib.problems)


def test_fields_from_the_data_model_validate_under_biber(tmp_path):
    """Event dates, note lines of biblatex's universal fields, a date part: the written .bib gets no biber warning."""
    require_tool("pdflatex")
    require_tool("biber")
    from citekit.model import Library, Name, PartialDate

    entries = []
    for i, ctype in enumerate(("speech", "article-journal", "paper-conference", "manuscript", "book", "webpage")):
        e = Entry(type=ctype, key=f"d{i}", title=f"A {ctype} on rivers", author=[Name("Okafor", "Chidi")],
                  issued=PartialDate(2020, 5), container_title="Proceedings of RiverConf" if i in (1, 2) else None,
                  URL=f"https://example.org/d{i}",
                  note="usera: first\nverba: a_b&c\nlista: one and two\nnamea: Berg, Anna\nday: 3\nyeardivision: spring")
        e.vars["event-date"] = {"date-parts": [[2020, 5, 3]]}
        entries.append(e)
    lib = Library(entries=entries)
    text = BIBLATEX.write(lib, ExportOptions())
    bad, items = biber_problems(text, tmp_path)
    assert bad == []
    assert items == len(entries)
    assert text.count("eventdate") == 2  # @inproceedings and @unpublished take it; the others report it
    assert text.count("usera") == len(entries)
