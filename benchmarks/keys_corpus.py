"""Keys through ``.bib`` -> ``.bib``, ``.tex`` and ``.html``: which keys of the input come out changed.

Run: ``PYTHONPATH=. python benchmarks/keys_corpus.py FILE.bib [A.bib+B.bib ...]``. Each argument (a
``+``-joined one is one database) is converted by ``citekit convert`` to BibTeX with ``--utf8``, to a
LaTeX list in IEEE (a numeric list is a ``thebibliography``) and to an HTML list in IEEE (APA leaves personal communications out, as
the APA manual does). A key counts
as kept when the ``.bib`` has an entry of that key, the LaTeX list a ``\\bibitem{key}`` (so that
``\\cite{key}`` resolves) and the HTML list an element whose id is the key (HTML-escaped, never
rewritten). Printed: keys in, and the keys missing from each output; the goal (issue 18) is 0.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def input_keys(files: list[str]) -> list[str]:
    """The keys of the entries citekit lists (helpers such as @xdata and @set are no references)."""
    import warnings

    import citekit
    from citekit.render.engine import listed

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        library = citekit.read(*files, fmt="bibtex")
    return [e.key for e in library.entries if e.key and listed(e)]


def outputs(files: list[str], tmp: Path) -> tuple[str, str, str]:
    """The .bib, .tex and .html citekit writes for ``files``."""
    out = [tmp / "out.bib", tmp / "out.tex", tmp / "out.html"]
    subprocess.run([sys.executable, "-m", "citekit", "convert", *files, "--no-merge", "--utf8", "-q",
                    "-o", str(out[0]), "-o", str(out[1]), "--style", "ieee", "-o", str(out[2]), "--style", "ieee"],
                   capture_output=True, text=True, timeout=900)
    return tuple(p.read_text(encoding="utf-8") if p.exists() else "" for p in out)


def _bib_keys(text: str, tmp: Path) -> list[str]:
    """The keys of the written .bib, as citekit reads them back."""
    import warnings

    import citekit

    path = tmp / "back.bib"
    path.write_text(text, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return [e.key for e in citekit.read(str(path), fmt="bibtex").entries]


def main(argv: list[str] | None = None) -> int:
    """One row per argument: keys in, and keys missing from the .bib, the LaTeX list (IEEE: a numeric list is a thebibliography) and the HTML list."""
    args = sys.argv[1:] if argv is None else argv
    print("| input | keys | missing in .bib | missing \\bibitem | missing HTML id |")
    print("|---|---|---|---|---|")
    totals = [0, 0, 0, 0]
    for arg in args:
        files = arg.split("+")
        keys = input_keys(files)
        with tempfile.TemporaryDirectory() as tmp:
            bib, tex, page = outputs(files, Path(tmp))
            bib_keys = set(_bib_keys(bib, Path(tmp))) if bib else set()
        tex_keys = set(re.findall(r"\\bibitem(?:\[[^\]]*\])?\{([^}]*)\}", tex))
        ids = {html.unescape(i) for i in re.findall(r'id="([^"]*)"', page)}
        missing = [[k for k in keys if k not in bib_keys], [k for k in keys if k not in tex_keys],
                   [k for k in keys if "ref-" + k not in ids and k not in ids]]
        for i, n in enumerate([len(keys)] + [len(m) for m in missing]):
            totals[i] += n
        name = "+".join(Path(f).name for f in files)
        print(f"| {name} | {len(keys)} | {len(missing[0])} | {len(missing[1])} | {len(missing[2])} |", flush=True)
        for label, m in zip(("bib", "tex", "html"), missing):
            if m:
                print(f"  {label}: {m[:5]}")
    print(f"| all | {totals[0]} | {totals[1]} | {totals[2]} | {totals[3]} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
