"""Fuzzing the plain-text readers: random text and mutated seed listings never raise, and every problem is located."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citekit.sources import READERS, SNIFF_BYTES

from conftest import SEEDS

TEXT_READERS = ("abstracts", "profile", "arxiv-listing", "hf-daily", "hf-list", "ids",
                "arxiv-page", "paper-blocks", "markdown-list", "id-titles", "references")

# Pieces that steer random text into the readers' structures.
PIECES = [
    "Abstract:", "abstract: ", "arXiv:", "arXiv:2101.00001v2", "arXiv:hep-th/9711200", "Created: ", "2023-02-30",
    "Created: 2021-01-01", "  • 3 authors", "• 1 author", "·", "Jan 5", "Mar 4, 2024 12", "Feb 29", "12",
    "Subscribe", "Lee, Ann, Ng, B.", "Müller, Jürgen,", "van der Berg, Anna", "O'Neil, C. J.", "A BSTRACT ",
    "Comments: 8 pages", "Journal-ref: X", "huggingface.co/papers/2501.00656", "doi:10.1000/x", "?q#f", ",", ";",
    "\n", "\n\n", "\r\n", "\r", "\t", " ", "\ufeff", "\x00", "$\\alpha$", "β", ".", "Title Of A Paper",
    "We propose a method. It works well. Results are strong. ",
    "[1] arXiv:2605.11059 [pdf, html, other]", "Title: ", "Authors: ", "Subjects: Machine Learning (cs.LG)", "[12] ",
    "Smith, J. (2019). ", "et al.", "…", "+5 authors", " - Venue, 2017 - host.org", "| 2017-06 | [A Paper](https://arxiv.org/abs/2101.00001) |",
    "**Bold Title**. *A. Author, B. Author*. ", "Apr 16, 2025 · arXiv 2504.11770v1", ". . . . . 12", "“Quoted Title,” ", "pp. 1-10",
    "Published: 12 Jan 2021", "R. Arandjelović,", "https://openreview.net/forum?id=YicbFdNTTy", "doi.org/10.1038/x", "-\n",
]
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check(name: str, text: str) -> None:
    """Sniff and read ``text`` with reader ``name``: no exception, a score in 0..1, problems with origin and line."""
    reader = READERS.get(name)
    score = reader.sniff(text[:SNIFF_BYTES])
    assert 0.0 <= score <= 1.0
    library = reader.read(text, "fuzz.txt")
    for problem in library.problems:
        assert problem.origin == "fuzz.txt", problem
        if text.strip():
            assert problem.line is not None and problem.line >= 1, problem
    for entry in library.entries:
        assert entry.sources and all(p.line for p in entry.sources)


@pytest.mark.parametrize("name", TEXT_READERS)
@SETTINGS
@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=12), max_size=40).map("".join))
def test_random_text(name: str, text: str) -> None:
    """Random mixes of structural pieces and arbitrary characters."""
    _check(name, text)


SEED_LINES = [path.read_text(encoding="utf-8").split("\n") for path in sorted(SEEDS.glob("*.txt"))]


@st.composite
def mutated_seed(draw: st.DrawFn) -> str:
    """A seed listing with lines dropped, repeated, swapped, cut, or given other line ends."""
    lines = list(draw(st.sampled_from(SEED_LINES)))[:80]
    for _ in range(draw(st.integers(0, 8))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(("drop", "repeat", "swap", "cut", "blank", "insert")))
        if op == "drop":
            del lines[i]
        elif op == "repeat":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "cut":
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
        elif op == "blank":
            lines.insert(i, "")
        else:
            lines.insert(i, draw(st.sampled_from(PIECES) | st.text(max_size=30)))
    return draw(st.sampled_from(("\n", "\r\n", "\r"))).join(lines)


@pytest.mark.parametrize("name", TEXT_READERS)
@SETTINGS
@given(mutated_seed())
def test_mutated_seeds(name: str, text: str) -> None:
    """Every seed shape, damaged in many ways, read by every reader."""
    _check(name, text)
