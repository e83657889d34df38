"""Hostile values through every TeX writer, compiled for real (issue 25).

A corpus of values an attacker would put in a CSL-JSON file, a .bib or an arXiv answer
(TeX primitives that read, write or run things, ``^^`` notation, unbalanced braces, active
characters, control characters) goes through ``--to latex`` in CSL and BibTeX styles, a
LaTeX template, ``--to bibtex``, ``--to biblatex``, ``--enrich`` and ``update``. Each
result is compiled with pdflatex (with and without ``-shell-escape``) and bibtex (plain,
plainnat, unsrtnat) or biber, in a run directory of its own. Then:

* a canary file outside the run directory was never read (its access time, set to the
  epoch, is unchanged; no log names it or prints its marker);
* no file was written outside the run directory, and inside it only TeX's own outputs
  appeared and the decoy ``victim.tex`` an ``\\openout`` would overwrite is unchanged;
* no shell command ran (no ``pwned`` file anywhere).

A user's own .bib values are kept as written (round trip); they are the user's TeX, and
``citekit check``'s ``tex-primitive`` rule reports them. This test covers what citekit
writes from data that is not the user's own TeX.
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from arxiv_server import make_arxiv_server  # noqa: F401 (fixture)
from conftest import require_tool

pytestmark = pytest.mark.integration

#: Hostile values; {CANARY} is a file outside the run directory, {OUT} a path outside it,
#: {PWNED} the file a shell command would create.
HOSTILE = [
    r"Slow $\immediate\openout9=victim.tex \immediate\write9{destroyed}\immediate\closeout9 \input{{CANARY}}$ sorting",
    r"\input{{CANARY}}",
    r"\input{/etc/hostname}",
    r"\input {CANARY} ",
    r"\include{{CANARY}}",
    r"\InputIfFileExists{{CANARY}}{}{}",
    r"\immediate\write18{touch {PWNED}}",
    r"\write18{touch {PWNED}}",
    r'\input|"touch {PWNED}" ',
    r'$\input|"touch {PWNED}"$',
    r"\openin5={CANARY} \read5 to\x \x",
    r"\newwrite\w \immediate\openout\w={OUT} \immediate\write\w{x}\immediate\closeout\w",
    r"\immediate\openout9=victim.tex \immediate\write9{gone}\immediate\closeout9",
    r"\csname input\endcsname{{CANARY}}",
    r"\def\x{\input{{CANARY}}}\x",
    r"\gdef\x{\input{{CANARY}}}\x \edef\y{x}\xdef\z{y}\let\q\input \q{{CANARY}}",
    r"\expandafter\input\csname relax\endcsname {CANARY}",
    r"\catcode`\@=0 @input{{CANARY}}",
    r"{\catcode`\^=7 ^^5cinput^^7b{CANARY}^^7d}",
    r"^^5cinput^^7b{CANARY}^^7d",
    r"^^5Cinput^^7B{CANARY}^^7D",
    r"$^^5cinput^^7b{CANARY}^^7d$",
    r"$x^^5c input {CANARY}$",
    r"x{\input{{CANARY}}}y",
    r"}\input{{CANARY}}{",
    r"{{{\input{{CANARY}}",
    r"$\mathrm{\input{{CANARY}}}$",
    r"$\alpha \csname input\endcsname{{CANARY}}$",
    r"\emph{\input{{CANARY}}}",
    r"\textit{x}\input{{CANARY}}",
    r'\"{\input{{CANARY}}}',
    r"{\relax \input{{CANARY}}}",
    r"{\"\input{{CANARY}}}",
    r"\url{\input{{CANARY}}}",
    r"\href{x}{\input{{CANARY}}}",
    r"\everypar{\input{{CANARY}}}",
    r"\special{system: touch {PWNED}}",
    r"\directlua{os.execute('touch {PWNED}')}",
    r"\usepackage{{CANARY}}\documentclass{article}",
    r"\verb|\input{{CANARY}}|",
    r"\begin{verbatim}\input{{CANARY}}\end{verbatim}",
    r"x%\input{{CANARY}}",
    "x\n\\input{{CANARY}}\r\\input{{CANARY}}",
    "ctl \x00\x01\x07\x1b[31mred\x1b[0m\x7f\x0c\x0b end",
    r"~ % # & $ _ ^ { } \ < > | `` '' -- ?` !` $$ $",
    r"\%\&\#\_\$\{\}\\\input{{CANARY}}",
    r"$x$\input{{CANARY}}$y$",
]


def _fill(value: str, sandbox: "Sandbox") -> str:
    return (value.replace("{CANARY}", str(sandbox.canary)).replace("{OUT}", str(sandbox.outside / "written.tex"))
            .replace("{PWNED}", str(sandbox.outside / "pwned")))


#: Files TeX and its tools may make in a run directory.
TEX_OUTPUTS = (".aux", ".log", ".pdf", ".bbl", ".blg", ".out", ".bcf", ".run.xml", ".toc", ".fls")
CANARY_MARK = "CANARYREADXYZZY"


@dataclass
class Sandbox:
    """A run directory and, beside it, what must stay untouched."""

    run: Path
    outside: Path
    canary: Path

    def arm(self) -> None:
        """Set the canary's access time to the epoch (any read moves it) and lay the decoys."""
        os.utime(self.canary, (0, self.canary.stat().st_mtime))
        (self.run / "victim.tex").write_text("original\n")

    def assert_untouched(self, logs: str, complete: bool = True) -> None:
        """Nothing outside read or written, nothing run, only TeX's outputs made; ``complete``: the runs reached their end."""
        assert self.canary.stat().st_atime == 0, "the canary outside the run directory was read"
        assert CANARY_MARK not in logs, "the canary's text was read and run"
        if complete:
            # A run that stopped early would hide the values after the stop: every run must reach its end.
            assert "Emergency stop" not in logs and "Fatal error occurred" not in logs, logs[-3000:]
            assert "Output written on doc.pdf" in logs, logs[-3000:]
        self._assert_recorded_files()
        assert sorted(p.name for p in self.outside.iterdir()) == ["canary.tex"], "a file was written outside"
        assert not (self.run / "pwned").exists()
        assert (self.run / "victim.tex").read_text() == "original\n", "victim.tex was overwritten"
        made = [p.name for p in self.run.iterdir() if p.is_file()]
        strange = [n for n in made if n not in self.inputs and not n.endswith(TEX_OUTPUTS)]
        assert not strange, f"TeX wrote unexpected files: {strange}"

    inputs: tuple[str, ...] = ()

    def _assert_recorded_files(self) -> None:
        """pdflatex's -recorder list: every file read is in the run directory or a TeX tree, every file written in the run."""
        fls = self.run / "doc.fls"
        assert fls.exists()
        trees = _tex_trees(self.run)
        run = str(self.run.resolve()) + os.sep
        for line in fls.read_text(errors="replace").splitlines():
            kind, _, name = line.partition(" ")
            if kind not in ("INPUT", "OUTPUT"):
                continue
            path = os.path.realpath(os.path.join(self.run, name))
            if kind == "OUTPUT":
                assert path.startswith(run), f"pdflatex wrote {path}, outside the run directory"
            else:
                assert path.startswith(run) or any(path == t or path.startswith(t + os.sep) for t in trees), \
                    f"pdflatex read {path}, outside the run directory and TeX's trees"


@pytest.fixture
def sandbox(tmp_path) -> Sandbox:
    outside = tmp_path / "outside"
    outside.mkdir()
    canary = outside / "canary.tex"
    canary.write_text(f"\\message{{{CANARY_MARK}}}\\immediate\\write16{{{CANARY_MARK}}}\n{CANARY_MARK}\n")
    run = tmp_path / "run"
    run.mkdir()
    return Sandbox(run, outside, canary)


def _tex_trees(run: Path) -> list[str]:
    """TeX's own trees and configuration directories (what it may read besides the run directory)."""
    kpsewhich = require_tool("kpsewhich")
    trees: list[str] = []
    for var in ("$TEXMF", "$TEXMFCNF"):
        out = subprocess.run([kpsewhich, f"-expand-path={var}"], capture_output=True, text=True, env=_tex_env(run),
                             timeout=60).stdout.strip()
        trees += [os.path.realpath(t) for t in out.split(os.pathsep) if t]
    return trees


def _tex_env(run: Path) -> dict[str, str]:
    # Fonts TeX generates on the fly go into the run directory too; the log keeps long lines whole.
    return dict(os.environ, TEXMFVAR=str(run / "texmf-var"), max_print_line="100000", openin_any="a")


def _tex(cmd: list[str], run: Path) -> str:
    out = subprocess.run(cmd, cwd=run, capture_output=True, text=True, errors="replace", timeout=300,
                         env=_tex_env(run))
    return out.stdout + out.stderr


def _compile(sandbox: Sandbox, doc: str, *, shell: bool, bib: str | None = None) -> str:
    """pdflatex [bibtex|biber, pdflatex twice]; the logs together."""
    run = sandbox.run
    (run / "doc.tex").write_text(doc)
    sandbox.inputs = tuple(p.name for p in run.iterdir() if p.is_file()) + ("victim.tex",)
    pdflatex = [require_tool("pdflatex"), "-interaction=nonstopmode", "-recorder",
                *(["-shell-escape"] if shell else ["-no-shell-escape"]), "doc"]
    logs = _tex(pdflatex, run)
    if bib:
        logs += _tex([require_tool(bib), "doc"], run)
        logs += _tex(pdflatex, run) + _tex(pdflatex, run)
    for name in ("doc.log", "doc.blg"):
        if (run / name).exists():
            logs += (run / name).read_text(errors="replace")
    return logs


def _csl_items(sandbox: Sandbox) -> list[dict]:
    items = []
    for i, raw in enumerate(HOSTILE):
        v = _fill(raw, sandbox)
        items.append({
            "id": f"h{i}", "type": "article-journal" if i % 3 else "book", "title": f"T{i} {v}",
            "container-title": v, "publisher": v, "publisher-place": v, "volume": v, "issue": v, "page": v,
            "note": v, "edition": v, "collection-title": v, "ISBN": v, "ISSN": v,
            "author": [{"family": v, "given": "Ann"}, {"literal": v}, {"family": "Doe", "given": v}],
            "editor": [{"family": v, "given": "E"}],
            "issued": {"date-parts": [[2000 + i]]},
            "DOI": f"10.1234/{i}{v}", "URL": f"https://example.org/{i}/{v}", "citation-label": v,
        })
    # Ids become keys (\bibitem{...}, \entry{...}): one spelled with ^^ notation, one with a command.
    for n, raw in enumerate((r"k^^5cinput^^7b{CANARY}^^7d", r"k\input{{CANARY}}")):
        items.append({"id": _fill(raw, sandbox), "type": "book", "title": f"Keyed {n}",
                      "author": [{"family": "Key", "given": "K"}], "issued": {"date-parts": [[1999]]}})
    return items


def _convert(cli, sandbox: Sandbox, src: Path, *args: str) -> Path:
    out = sandbox.run / ("refs.bib" if "bibtex" in args or "biblatex" in args else "refs.tex")
    result = cli("convert", str(src), *args, "-o", str(out))
    assert result.exit_code == 0, result.output
    return out


def _csl_file(sandbox: Sandbox) -> Path:
    src = sandbox.outside.parent / "hostile.json"
    src.write_text(json.dumps(_csl_items(sandbox)))
    return src


def _bib_file(sandbox: Sandbox) -> Path:
    """The same values in a .bib: read (decoded) and written as a styled list, they must not act either."""
    src = sandbox.outside.parent / "hostile.bib"
    blocks = []
    for i, raw in enumerate(HOSTILE):
        v = _fill(raw, sandbox).replace("\x00", "")
        # A value BibTeX could not read as one field (unbalanced braces) is written quoted away.
        value = v if _balanced(v) else v.replace("{", "(").replace("}", ")")
        blocks.append(f"@article{{b{i},\n  title = {{T{i} {value}}},\n  author = {{Doe, Ann}},\n"
                      f"  journal = {{{value}}},\n  year = {{2001}},\n  doi = {{10.1/{i}{value}}},\n"
                      f"  url = {{https://example.org/{value}}},\n}}\n")
    src.write_text("\n".join(blocks))
    return src


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


LIST_DOCS = {
    "bare": "\\documentclass{article}\n\\begin{document}\n\\input{refs}\n\\end{document}\n",
    "hyperref": "\\documentclass{article}\n\\usepackage{hyperref}\n\\begin{document}\n\\input{refs}\n\\end{document}\n",
}


def _bib_doc(style: str, package: str) -> str:
    natbib = "\\usepackage{natbib}\n" if style.endswith("nat") else ""
    extra = {"bare": "", "url": "\\usepackage{url}\n", "hyperref": "\\usepackage{hyperref}\n"}[package]
    return (f"\\documentclass{{article}}\n{natbib}{extra}\\begin{{document}}\n\\nocite{{*}}\n"
            f"\\bibliographystyle{{{style}}}\n\\bibliography{{refs}}\n\\end{{document}}\n")


BIBER_DOC = ("\\documentclass{article}\n\\usepackage[backend=biber]{biblatex}\n\\usepackage{hyperref}\n"
             "\\addbibresource{refs.bib}\n\\begin{document}\n\\nocite{*}\n\\printbibliography\n\\end{document}\n")

LIST_STYLES = ["apa", "ieee", "chicago-author-date", "nature", "bibtex:plain", "bibtex:alpha", "template:thebibliography",
               "user-template"]
#: A user's LaTeX template that uses the filters on every data value.
USER_TEMPLATE = r"""{{ latex_fallbacks }}
\begin{itemize}
{% for e in entries %}
\item {{ e.title | latex }}. {{ e.authors_text | latex }}. {{ e.venue | latex }}, {{ e.year }}.
  {{ e.url | texurl }} {{ e.doi_url | texurl }} {{ e.arxiv_url | texurl }} {{ e.abstract | latex }} {{ e.comment | latex }}
{% endfor %}
\end{itemize}
"""


@pytest.mark.parametrize("shell", [False, True], ids=["no-shell", "shell-escape"])
@pytest.mark.parametrize("style", LIST_STYLES)
@pytest.mark.parametrize("source", ["csl-json", "bib"])
def test_latex_list_never_acts(cli, sandbox, style, source, shell):
    """--to latex in every style kind, from CSL-JSON and from .bib, compiled bare and with hyperref."""
    src = _csl_file(sandbox) if source == "csl-json" else _bib_file(sandbox)
    if style == "user-template":
        style = str(sandbox.outside.parent / "mine.tex.j2")
        Path(style).write_text(USER_TEMPLATE)
    out = _convert(cli, sandbox, src, "--to", "latex", "--style", style)
    text = out.read_text()
    assert "\\input{/" not in text and "^^" not in text
    for name, doc in LIST_DOCS.items():
        sandbox.arm()
        logs = _compile(sandbox, doc, shell=shell)
        assert (sandbox.run / "doc.pdf").exists(), f"{name}: no PDF\n{logs[-3000:]}"
        sandbox.assert_untouched(logs)


@pytest.mark.parametrize("shell", [False, True], ids=["no-shell", "shell-escape"])
@pytest.mark.parametrize("bst", ["plain", "plainnat", "unsrtnat"])
def test_bibtex_output_never_acts(cli, sandbox, bst, shell):
    """--to bibtex from CSL-JSON, through bibtex with plain, plainnat and unsrtnat (bare, url, hyperref)."""
    _convert(cli, sandbox, _csl_file(sandbox), "--to", "bibtex")
    for package in ("bare", "url", "hyperref"):
        sandbox.arm()
        logs = _compile(sandbox, _bib_doc(bst, package), shell=shell, bib="bibtex")
        assert "\\bibitem" in (sandbox.run / "doc.bbl").read_text(errors="replace"), logs[-3000:]
        # Without the url package natbib's fallback \url and \doi read a URL as text, where the
        # corpus's $ and # (plain URL characters) give TeX errors enough to stop the run: these
        # runs prove only that nothing acted; with url or hyperref every run completes.
        sandbox.assert_untouched(logs, complete=package != "bare" or not bst.endswith("nat"))


@pytest.mark.parametrize("shell", [False, True], ids=["no-shell", "shell-escape"])
def test_biblatex_output_never_acts(cli, sandbox, shell):
    """--to biblatex from CSL-JSON, through biber and biblatex."""
    _convert(cli, sandbox, _csl_file(sandbox), "--to", "biblatex")
    sandbox.arm()
    logs = _compile(sandbox, BIBER_DOC, shell=shell, bib="biber")
    assert "\\entry{" in (sandbox.run / "doc.bbl").read_text(errors="replace"), logs[-3000:]
    sandbox.assert_untouched(logs)


# -- values from a stand-in arXiv: --enrich and update ------------------------------------------

def _papers(sandbox: Sandbox) -> list[dict]:
    papers = []
    for i, raw in enumerate(HOSTILE):
        # XML cannot carry most control characters; arXiv's Atom never does.
        v = "".join(c for c in _fill(raw, sandbox) if c >= " " or c in "\t\n")
        papers.append({
            "arxiv_id": f"2301.{i + 1:05d}", "title": f"Paper {i} {v}",
            "authors": [{"given": "Ann", "family": f"Doe{v}"}, {"given": v, "family": "Roe"}],
            "primary_category": "cs.LG", "categories": ["cs.LG"],
            "doi": f"10.5555/{i}{v}", "journal_ref": f"J. Hostile {v} 12 (2023) 1-{v}",
            "comment": v, "published": "2023-01-15", "abstract": f"Abstract {i} {v}",
        })
    return papers


@pytest.fixture
def hostile_arxiv(make_arxiv_server, sandbox, monkeypatch, tmp_path):  # noqa: F811
    server = make_arxiv_server(_papers(sandbox))
    monkeypatch.setenv("CITEKIT_ARXIV_URL", server.url)
    monkeypatch.setenv("CITEKIT_ARXIV_DELAY", "0")
    return str(tmp_path / "cache.sqlite3")


@pytest.mark.parametrize("shell", [False, True], ids=["no-shell", "shell-escape"])
def test_enriched_outputs_never_act(cli, sandbox, hostile_arxiv, shell):
    """ids enriched from a tampered arXiv, written as a LaTeX list, BibTeX (plainnat) and BibLaTeX."""
    ids = sandbox.outside.parent / "ids.txt"
    ids.write_text("".join(f"arXiv:2301.{i + 1:05d}\n" for i in range(len(HOSTILE))))
    common = ("--enrich", "--cache", hostile_arxiv)
    _convert(cli, sandbox, ids, *common, "--to", "latex", "--style", "apa")
    sandbox.arm()
    sandbox.assert_untouched(_compile(sandbox, LIST_DOCS["hyperref"], shell=shell))
    bib = _convert(cli, sandbox, ids, *common, "--to", "bibtex")
    assert "Paper 1 " in bib.read_text()
    sandbox.arm()
    sandbox.assert_untouched(_compile(sandbox, _bib_doc("plainnat", "bare"), shell=shell, bib="bibtex"))
    _convert(cli, sandbox, ids, *common, "--to", "biblatex")
    sandbox.arm()
    sandbox.assert_untouched(_compile(sandbox, BIBER_DOC, shell=shell, bib="biber"))


@pytest.mark.parametrize("shell", [False, True], ids=["no-shell", "shell-escape"])
def test_update_inserts_nothing_live(cli, sandbox, hostile_arxiv, shell):
    """update fills a user's .bib from a tampered arXiv: compiled with plain, plainnat, unsrtnat and biber."""
    bib = sandbox.run / "refs.bib"
    bib.write_text("".join(f"@misc{{u{i},\n  eprint = {{2301.{i + 1:05d}}},\n  archivePrefix = {{arXiv}},\n}}\n\n"
                           for i in range(len(HOSTILE))))
    result = cli("update", str(bib), "--cache", hostile_arxiv, "--no-backup")
    assert result.exit_code == 0, result.output
    text = bib.read_text()
    assert "Paper 1 " in text and "doi" in text
    assert "^^" not in text and "\\input{/" not in text
    for bst in ("plain", "plainnat", "unsrtnat"):
        sandbox.arm()
        sandbox.assert_untouched(_compile(sandbox, _bib_doc(bst, "bare"), shell=shell, bib="bibtex"))
    sandbox.arm()
    sandbox.assert_untouched(_compile(sandbox, BIBER_DOC, shell=shell, bib="biber"))


@pytest.mark.parametrize("shell", [False, True], ids=["no-shell", "shell-escape"])
def test_streamed_snapshot_never_acts(cli, sandbox, shell):
    """arXiv's metadata snapshot (the streaming path) with hostile titles, authors, DOIs and journal refs."""
    lines = []
    for i, raw in enumerate(HOSTILE):
        v = _fill(raw, sandbox)
        lines.append(json.dumps({
            "id": f"2301.{i + 1:05d}", "submitter": v, "authors": f"Ann Doe{v}", "title": f"Snap {i} {v}",
            "comments": v, "journal-ref": f"J. {v} 1 (2020) 1-2", "doi": f"10.1/{i}{v}", "report-no": v,
            "categories": "cs.LG", "license": None, "abstract": v,
            "versions": [{"version": "v1", "created": "Mon, 2 Apr 2007 19:18:42 GMT"}], "update_date": "2007-05-23",
            "authors_parsed": [[f"Doe{v}", "Ann", ""]]}))
    src = sandbox.outside.parent / "snapshot.jsonl"
    src.write_text("\n".join(lines) + "\n")
    for to, doc, tool in (("bibtex", _bib_doc("plainnat", "hyperref"), "bibtex"), ("biblatex", BIBER_DOC, "biber")):
        result = cli("convert", str(src), "--from", "arxiv-snapshot", "--to", to, "-o", str(sandbox.run / "refs.bib"))
        assert result.exit_code == 0, result.output
        assert "Snap 1 " in (sandbox.run / "refs.bib").read_text()
        sandbox.arm()
        sandbox.assert_untouched(_compile(sandbox, doc, shell=shell, bib=tool))


@pytest.mark.parametrize("shell", [False, True], ids=["no-shell", "shell-escape"])
@pytest.mark.parametrize("style", ["apa", "ieee"])
def test_cite_bbl_never_acts(cli, sandbox, style, shell):
    """``citekit cite doc.aux`` writes the .bbl natbib reads in place of bibtex's: from hostile CSL-JSON, inert."""
    src = _csl_file(sandbox)
    numbers = "[numbers]" if style == "ieee" else ""
    doc = (f"\\documentclass{{article}}\n\\usepackage{numbers}{{natbib}}\n\\usepackage{{hyperref}}\n"
           "\\begin{document}\n\\citet{h1} \\citep{h2}\n\\nocite{*}\n\\bibliographystyle{plainnat}\n"
           "\\bibliography{refs}\n\\end{document}\n")
    (sandbox.run / "doc.tex").write_text(doc)
    sandbox.arm()
    logs = _compile(sandbox, doc, shell=shell)
    result = cli("cite", str(sandbox.run / "doc.aux"), "--bibliography", str(src), "--style", style)
    assert result.exit_code == 0, result.output
    assert "\\bibitem" in (sandbox.run / "doc.bbl").read_text()
    logs += _compile(sandbox, doc, shell=shell)
    sandbox.assert_untouched(logs)
