"""Proceedings listings with a paper a line, its title then its authors (tests/data/page_shapes/neurips_list_inline.txt)."""

from __future__ import annotations

from pathlib import Path

from citekit.model import issued_date
from citekit.sources import READERS, detect, read_text
from citekit.sources.title_names import split_title_names

SHAPES = Path(__file__).parent / "data" / "page_shapes"


def test_a_listing_of_title_and_names_lines_gives_each_paper_with_the_volume_s_year() -> None:
    """Where the names begin is found per line; the heading gives venue and year; the editors' line is no paper."""
    text = (SHAPES / "neurips_list_inline.txt").read_text(encoding="utf-8")
    assert detect(text, "x.txt").name == "title-names"
    library = read_text(text, "x.txt")
    assert [(e.title, e.author[0].family, len(e.author), issued_date(e).year) for e in library.entries] == [
        ("Multimodal Model-Agnostic Meta-Learning via Task-Aware Modulation", "Vuorio", 4, 2019),
        ("Cross-lingual Language Model Pretraining", "Conneau", 2, 2019),
        ("Deep Equilibrium Models", "Bai", 3, 2019),
        ("Adversarial Examples Are Not Bugs, They Are Features", "Ilyas", 6, 2019),
    ]
    assert {e.container_title for e in library.entries} == {"Advances in Neural Information Processing Systems 32"}


def test_a_title_with_a_comma_is_not_cut_at_it() -> None:
    """'Not Bugs, They Are Features Andrew Ilyas, ...': the first name is as long as the others, so it is 'Andrew Ilyas'."""
    assert split_title_names("Adversarial Examples Are Not Bugs, They Are Features Andrew Ilyas, Shibani Santurkar, "
                             "Dimitris Tsipras") == ("Adversarial Examples Are Not Bugs, They Are Features",
                                                     "Andrew Ilyas, Shibani Santurkar, Dimitris Tsipras")


def test_prose_and_references_are_no_title_names_listing() -> None:
    """Sentences and references (ending with a full stop, holding a year) do not make the shape."""
    reader = READERS.get("title-names")
    prose = ("We thank Alice Smith, Bob Jones for comments.\nThe results follow Carol White, Dan Brown.\n"
             "Vaswani, A., Shazeer, N. Attention is all you need. NeurIPS 2017.\n")
    assert reader.sniff(prose) == 0.0
