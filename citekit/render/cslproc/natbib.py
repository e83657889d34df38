"""A LaTeX ``.aux`` read for its citations, and a natbib-compatible ``.bbl`` written in a CSL style (pdflatex, no biber)."""

from __future__ import annotations

import re

__all__ = ["aux_citations", "bbl"]

_CITATION = re.compile(r"\\citation\{([^}]*)\}")
_INPUT = re.compile(r"\\@input\{([^}]*)\}")


def aux_citations(text: str) -> list[str]:
    """The keys ``\\citation`` lines of an ``.aux`` name, in order, once each (``*`` for ``\\nocite{*}``)."""
    keys: list[str] = []
    for m in _CITATION.finditer(text):
        for key in m.group(1).split(","):
            key = key.strip()
            if key and key not in keys:
                keys.append(key)
    return keys


def _brace_safe(text: str) -> str:
    # natbib reads the optional argument up to the first "]" not in braces.
    return "{" + text + "}" if "]" in text or "[" in text else text


def bbl(proc, keys: list[str], skipped: list[str] | None = None) -> str:
    """The ``thebibliography`` of ``keys`` in ``proc``'s style: natbib ``\\bibitem[short(year)long]{key}`` labels.

    The label carries the cite's author part and the year, so ``\\citet`` writes "Smith et
    al. (2020)" and ``\\citep`` "(Smith et al., 2020)" in natbib's own punctuation. For a
    numeric style (load natbib with ``numbers``) the entries are written in the style's
    bibliography order, so natbib's numbers are the style's, and the style's own number
    label is left out of the entry; ``\\citet`` then gives "Smith [1]".
    """
    from ...keys import valid_key

    ids = [k for k in keys if k in proc.items]
    # A key is written into \\bibitem{...} as it stands: one that TeX could read as more than a
    # key (^^5c is a backslash, braces, %, white space) is left out, and said (``skipped``).
    unsafe = [k for k in ids if valid_key(k, "biblatex") != k]
    if unsafe:
        ids = [k for k in ids if k not in unsafe]
        if skipped is not None:
            skipped.extend(unsafe)
    proc.cite_clusters([{"citationItems": [{"id": k}]} for k in ids])
    numeric = proc.is_numeric()
    order = proc.bibliography_order()
    entries = dict(proc.bibliography_outs())
    lines = ["% Written by citekit cite: a CSL style rendered for natbib.",
             f"\\begin{{thebibliography}}{{{len(order)}}}", "\\providecommand{\\natexlab}[1]{#1}",
             "\\providecommand{\\url}[1]{\\texttt{#1}}"]
    for key in order:
        entry = entries.get(key)
        if numeric and entry is not None:
            # natbib prints the number itself: the style's left-margin label is left out.
            entry = proc.right_inline(entry)
        body = proc.write(entry) if entry is not None else ""
        short, year, full = proc.natbib_label(key)
        label = _brace_safe(f"{short}({year}){full}")
        lines.append(f"\\bibitem[{label}]{{{key}}}\n{body}\n")
    lines.append("\\end{thebibliography}")
    return "\n".join(lines) + "\n"
