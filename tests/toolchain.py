"""Run the real bibliography toolchain on a .bib text and give back the .bbl it makes.

bibtex runs on a hand-written .aux (``\\citation{*}``, plain style), so no LaTeX run is
needed. biber needs a control file: one LaTeX run of a biblatex document with
``\\nocite{*}`` makes it once per test session, and biber then runs on it for each .bib.
Lines that name the input file or a run's time are dropped before comparing.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

__all__ = ["bibtex_bbl", "biber_bbl", "make_bcf", "compile_paper"]

_TIMEOUT = 300  # a guard against a hung tool, never a timing assertion


def bibtex_bbl(bib: str, workdir: Path, style: str = "plain", cite: str = "*") -> str:
    """The .bbl bibtex writes for ``bib`` with every entry cited (or ``cite``'s keys)."""
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "refs.bib").write_text(bib, encoding="utf-8")
    (workdir / "doc.aux").write_text(f"\\relax\n\\citation{{{cite}}}\n\\bibstyle{{{style}}}\n\\bibdata{{refs}}\n",
                                     encoding="utf-8")
    subprocess.run(["bibtex", "-terse", "doc"], cwd=workdir, capture_output=True, timeout=_TIMEOUT)
    bbl = workdir / "doc.bbl"
    return bbl.read_text(encoding="utf-8", errors="replace") if bbl.exists() else ""


_BCF_DOC = r"""\documentclass{article}
\usepackage[backend=biber,style=authoryear]{biblatex}
\addbibresource{refs.bib}
\begin{document}
\nocite{*}
\printbibliography
\end{document}
"""


def make_bcf(workdir: Path) -> Path:
    """A biber control file citing every entry of ``refs.bib`` (one pdflatex run)."""
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "doc.tex").write_text(_BCF_DOC, encoding="utf-8")
    (workdir / "refs.bib").write_text("", encoding="utf-8")
    subprocess.run(["pdflatex", "-interaction=nonstopmode", "doc"], cwd=workdir, capture_output=True,
                   timeout=_TIMEOUT)
    return workdir / "doc.bcf"


def biber_bbl(bib: str, bcf: Path, workdir: Path) -> str:
    """The .bbl biber writes for ``bib`` with the control file ``bcf``, volatile lines dropped."""
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "refs.bib").write_text(bib, encoding="utf-8")
    (workdir / "doc.bcf").write_bytes(bcf.read_bytes())
    subprocess.run(["biber", "--quiet", "doc"], cwd=workdir, capture_output=True, timeout=_TIMEOUT)
    bbl = workdir / "doc.bbl"
    text = bbl.read_text(encoding="utf-8", errors="replace") if bbl.exists() else ""
    return re.sub(r"^%.*\n", "", text, flags=re.M)


def compile_paper(workdir: Path, main: str, engine: str) -> str:
    """Compile ``main``.tex in ``workdir`` with pdflatex and ``engine`` (bibtex or biber); its .bbl."""
    def latex() -> None:
        subprocess.run(["pdflatex", "-interaction=nonstopmode", main], cwd=workdir, capture_output=True,
                       timeout=_TIMEOUT)

    latex()
    subprocess.run([engine, main], cwd=workdir, capture_output=True, timeout=_TIMEOUT)
    bbl = workdir / f"{main}.bbl"
    text = bbl.read_text(encoding="utf-8", errors="replace") if bbl.exists() else ""
    return re.sub(r"^%.*\n", "", text, flags=re.M)
