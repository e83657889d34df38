"""--cited-by: the entries a paper cites, read from .aux, .bcf and .tex, checked against bibtex and biber."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from citekit.cited import Citations, macros_used, read_citations, select
from conftest import require_tool

LIBRARY = Path(__file__).parent / "data" / "fmt" / "biblatex-examples.bib"


def test_tex_cite_commands_of_natbib_and_biblatex(tmp_path):
    tex = tmp_path / "paper.tex"
    tex.write_text(r"""
\citet{a} and \citep[see][p.~3]{b, c}; \citeauthor*{d} \citeyearpar{e}
% \cite{commented}
\autocite[12]{f} \textcite{g} \Parencite[cf.][]{h} \footcite{i}
\cites(pre)(post)[see][1]{j}[2]{k,l} \nocite{m} 50\% \cite {n}
\citestyle{plainnat} \input{part}
""")
    (tmp_path / "part.tex").write_text(r"\cite{o,a}")
    cites = read_citations([str(tex)])
    assert cites.keys == list("abcdefghijklmno")
    assert not cites.everything


def test_nocite_star_keeps_everything(tmp_path):
    tex = tmp_path / "paper.tex"
    tex.write_text(r"\nocite{*}\cite{a}")
    cites = read_citations([str(tex)])
    assert cites.everything
    keep, missing, _ = select(cites, [("a", {}), ("b", {})])
    assert keep == {"a", "b"} and missing == []


def test_aux_follows_include(tmp_path):
    (tmp_path / "main.aux").write_text("\\relax\n\\citation{a,b}\n\\@input{ch1.aux}\n\\bibdata{refs}\n")
    (tmp_path / "ch1.aux").write_text("\\relax\n\\citation{c}\n\\abx@aux@cite{0}{d}\n")
    assert read_citations([str(tmp_path / "main.aux")]).keys == ["a", "b", "c", "d"]


def test_select_follows_parents_and_names_missing_keys():
    cites = Citations()
    for key in ("child", "Other", "absent"):
        cites.add(key)
    rows = [("child", {"crossref": "parent"}), ("parent", {"xdata": "shared"}), ("shared", {}),
            ("other", {}), ("unused", {})]
    keep, missing, by_case = select(cites, rows)
    assert keep == {"child", "parent", "shared", "other"}
    assert missing == ["absent"] and by_case == ["Other"]


def test_macros_used():
    assert macros_used('jan # " x " # {y} # pub') == {"jan", "pub"}
    assert macros_used("{Cambridge} ") == set() and macros_used("2020") == set()


def test_fmt_cited_by_across_several_files(cli, tmp_path):
    """A library split over files is one library: a parent in another file is kept there, nothing is 'missing'."""
    (tmp_path / "a.bib").write_text("@inproceedings{child, crossref = {proc}}\n@misc{unused, title = {U}}\n")
    (tmp_path / "b.bib").write_text("@proceedings{proc, title = {P}}\n@misc{other, title = {O}}\n")
    aux = tmp_path / "paper.aux"
    aux.write_text("\\citation{child}\n")
    result = cli("fmt", "--cited-by", str(aux), "--diff", str(tmp_path / "a.bib"), str(tmp_path / "b.bib"))
    assert result.exit_code == 0 and "none of the files" not in result.stderr
    assert "-@misc{unused" in result.stdout and "-@misc{other" in result.stdout
    assert "-@proceedings{proc" not in result.stdout and "-@inproceedings{child" not in result.stdout


def test_fmt_cited_by_keeps_strings_in_use(cli, tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text("% shared library\n@string{cup = {Cambridge University Press}}\n@string{hup = {Harvard}}\n"
                   "@string{both = cup # { and } # hup}\n"
                   "@book{a, publisher = both}\n@book{b, publisher = hup}\n@book{c, crossref = {d}}\n@book{d, title = {D}}\n")
    aux = tmp_path / "paper.aux"
    aux.write_text("\\citation{a,c,zz}\n")
    result = cli("fmt", "--cited-by", str(aux), str(bib))
    assert result.exit_code == 0
    out = result.stdout
    assert re.findall(r"@(\w+)\{(\w+)", out) == [("string", "cup"), ("string", "hup"), ("string", "both"),
                                                  ("book", "a"), ("book", "c"), ("book", "d")]
    assert "% shared library" in out
    assert "'zz' is in none of the files" in result.stderr


# ---- the real toolchain --------------------------------------------------------------------

_NATBIB = r"""\documentclass{article}
\usepackage{natbib}
\begin{document}
\citet{knuth:ct:a} and \citep[see][p.~3]{aristotle:poetics, kant:kpv}.
\include{ch1}
\include{ch2}
\bibliographystyle{plainnat}
\bibliography{refs}
\end{document}
"""
_CH1 = r"Chapter one: \citeauthor{companion}, \citet*{westfahl:space} and \cite{nobody:here}."
_CH2 = r"Chapter two: \citep{cotton} \nocite{knuth:ct:b}."

_BIBLATEX = r"""\documentclass{article}
\usepackage[backend=biber,style=authoryear]{biblatex}
\addbibresource{refs.bib}
\begin{document}
\autocite[12]{knuth:ct:a} \textcite{sigfridsson} \parencite[cf.][]{worman}
\cites[see][1]{aksin}[2]{angenendt,bertram} \footcite{westfahl:space} \cite{stdmodel}
\end{document}
"""


def _paper(tmp_path: Path, files: dict[str, str]) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    shutil.copy(LIBRARY, tmp_path / "refs.bib")
    return tmp_path


def _keys(bib: str) -> set[str]:
    return {k for t, k in re.findall(r"^@(\w+)\{([^,\s]+),", bib, flags=re.M) if t.lower() != "string"}


@pytest.mark.integration
@pytest.mark.parametrize("via", ["aux", "tex"])
def test_natbib_and_bibtex(cli, tmp_path, via):
    require_tool("pdflatex")
    require_tool("bibtex")
    from toolchain import compile_paper

    paper = _paper(tmp_path / "full", {"paper.tex": _NATBIB, "ch1.tex": _CH1, "ch2.tex": _CH2})
    before = compile_paper(paper, "paper", "bibtex")
    used = set(re.findall(r"\\bibitem\[[^\]]*\]\{([^}]+)\}", before))
    assert "westfahl:frontier" in used or "westfahl:space" in used
    result = cli("fmt", "--cited-by", str(paper / f"paper.{via}"), str(paper / "refs.bib"))
    assert result.exit_code == 0
    assert "'nobody:here' is in none of the files" in result.stderr
    pruned = result.stdout
    # Exactly what bibtex used, plus the crossref parent the child inherits from.
    assert _keys(pruned) == used | {"westfahl:frontier"}
    again = _paper(tmp_path / "pruned", {"paper.tex": _NATBIB, "ch1.tex": _CH1, "ch2.tex": _CH2})
    (again / "refs.bib").write_text(pruned, encoding="utf-8")
    assert compile_paper(again, "paper", "bibtex") == before


@pytest.mark.integration
@pytest.mark.parametrize("via", ["bcf", "tex"])
def test_biblatex_and_biber(cli, tmp_path, via):
    require_tool("pdflatex")
    require_tool("biber")
    from toolchain import compile_paper

    paper = _paper(tmp_path / "full", {"paper.tex": _BIBLATEX})
    before = compile_paper(paper, "paper", "biber")
    used = set(re.findall(r"\\entry\{([^}]+)\}", before))
    assert {"stdmodel", "glashow", "westfahl:space"} <= used
    result = cli("fmt", "--cited-by", str(paper / f"paper.{via}"), str(paper / "refs.bib"))
    assert result.exit_code == 0
    pruned = result.stdout
    assert _keys(pruned) == used | {"westfahl:frontier"}
    again = _paper(tmp_path / "pruned", {"paper.tex": _BIBLATEX})
    (again / "refs.bib").write_text(pruned, encoding="utf-8")
    assert compile_paper(again, "paper", "biber") == before


def test_convert_cited_by(cli, tmp_path):
    aux = tmp_path / "paper.aux"
    aux.write_text("\\citation{westfahl:space,knuth:ct:a,nobody}\n")
    out = tmp_path / "out.bib"
    result = cli("convert", str(LIBRARY), "--cited-by", str(aux), "-o", str(out))
    assert result.exit_code == 0
    assert _keys(out.read_text()) == {"westfahl:space", "westfahl:frontier", "knuth:ct:a"}
    assert "'nobody' is in no input" in result.stderr
