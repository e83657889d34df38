"""Name particles come from one table (issue 21: every table in one place).

The reference parser, the listing readers' test of a ``Family, Given`` piece and the arXiv
API's name split each held their own copy of the lower-case family-name particles, and the
copies had drifted (``do`` in one, ``delle`` in another). They now read
:data:`citekit.particles.PARTICLES`; this test finds any new copy and checks that a
particle each old copy lacked is a particle for every reader.
"""

from __future__ import annotations

import ast
from pathlib import Path

from citekit.enrich.record import split_name
from citekit.particles import PARTICLES
from citekit.sources._text import is_name_token

PACKAGE = Path(__file__).resolve().parent.parent / "citekit"
#: The CSL processor's title-case list of particles (citekit/render/, kept by the renderer's own work).
KNOWN_ELSEWHERE = {"citekit/render/cslproc/textcase.py"}


def _word_sets(tree: ast.AST):
    """Every literal collection of words in a module: ``"a b c".split()`` strings, and set/list/tuple literals."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "split" \
                and isinstance(node.func.value, ast.Constant) and isinstance(node.func.value.value, str):
            yield node.lineno, set(node.func.value.value.split())
        elif isinstance(node, (ast.Set, ast.List, ast.Tuple)):
            words = {e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)}
            if words:
                yield node.lineno, words


def test_no_other_particle_table():
    copies = []
    for path in sorted(PACKAGE.rglob("*.py")):
        shown = path.relative_to(PACKAGE.parent).as_posix()
        if shown == "citekit/particles.py" or shown in KNOWN_ELSEWHERE:
            continue
        for line, words in _word_sets(ast.parse(path.read_text(encoding="utf-8"))):
            if {"van", "von", "der"} <= words or {"van", "von", "de"} <= words:
                copies.append(f"{shown}:{line}")
    assert not copies, f"a copy of the particle table: {copies} (use citekit.particles.PARTICLES)"


def test_every_reader_takes_the_whole_table():
    # "do" was only the reference parser's, "delle" only the API's, "y" not the API's.
    assert {"do", "delle", "y", "van", "von"} <= PARTICLES
    assert split_name("Maria do Carmo").family == "do Carmo"
    assert split_name("Giulia delle Piane").family == "delle Piane"
    assert split_name("Johannes van der Waals").family == "van der Waals"
    assert is_name_token("do Carmo") and is_name_token("delle Piane")
    assert not is_name_token("deep learning")
