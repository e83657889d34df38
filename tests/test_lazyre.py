"""LazyPattern: the same answers as re.compile, compiled only on first use; .bib runs skip the styled writers."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from citekit.lazyre import LazyPattern


def test_lazy_pattern_answers_as_the_compiled_one():
    lazy = LazyPattern(r"\\([A-Za-z]+)", re.I)
    real = re.compile(r"\\([A-Za-z]+)", re.I)
    text = r"a \emph{b} \textbf c \\"
    assert lazy.findall(text) == real.findall(text)
    assert lazy.sub("X", text) == real.sub("X", text)
    assert lazy.pattern == real.pattern and lazy.flags == real.flags
    assert lazy.search("none") is None


def test_lazy_pattern_compiles_on_first_use_only():
    lazy = LazyPattern(r"(unbalanced")  # an error surfaces at first use, not at import
    assert "_compiled" not in lazy.__dict__
    try:
        lazy.match("x")
    except re.error:
        pass
    else:
        raise AssertionError("a bad pattern must raise re.error when first used")


def test_bib_output_does_not_import_the_styled_writers(tmp_path: Path):
    lib = tmp_path / "lib.json"
    lib.write_text('[{"id": "a", "type": "article-journal", "title": "On Things", '
                   '"author": [{"family": "Doe", "given": "Jane"}], "issued": {"date-parts": [[2020]]}}]',
                   encoding="utf-8")
    code = ("import sys, runpy; sys.argv = ['citekit', 'convert', sys.argv[1], '--to', 'bibtex', '-o', sys.argv[2], '-q']\n"
            "try:\n    runpy.run_module('citekit', run_name='__main__')\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
            "print('citekit.exporters.styled' in sys.modules, 'citekit.render' in sys.modules)")
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-c", code, str(lib), str(tmp_path / "out.bib")], capture_output=True,
                          text=True, cwd=tmp_path, env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"}, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "False"]
    assert "@misc{a," in (tmp_path / "out.bib").read_text(encoding="utf-8")
