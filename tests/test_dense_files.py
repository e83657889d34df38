"""Dense files (issue 24): work done once per file, not once per entry or per reader."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_bib_of_unkeyed_entries_is_read_without_sniffing_page_readers(tmp_path):
    """A .bib whose entries start lines without a key comma (``@a{00001}``) is BibTeX by its name and its
    sniff: the page readers (references, paper blocks) are neither imported nor asked."""
    bib = tmp_path / "dense.bib"
    bib.write_text("".join(f"@a{{{i:05d}}}\n" for i in range(5000)), encoding="utf-8")
    probe = ("import sys; from citekit.sources import detect; "
             f"r = detect(open({str(bib)!r}).read(), {str(bib)!r}); "
             "print(r.name, sorted(m for m in sys.modules if m in ('citekit.sources.references', 'citekit.sources.paper_blocks')))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, check=True).stdout.split(None, 1)
    assert out == ["bibtex", "[]\n"]
    # Named otherwise, the same text is still BibTeX, after every reader was asked.
    txt = tmp_path / "dense.txt"
    txt.write_text(bib.read_text(encoding="utf-8"), encoding="utf-8")
    from citekit.sources import detect

    assert detect(txt.read_text(encoding="utf-8"), str(txt)).name == "bibtex"
