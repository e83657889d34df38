"""Targeted reader cases: discrimination between shapes, robustness, streaming, cheap sniffing."""

from __future__ import annotations

import io
import json
import random

import pytest

from citekit.model import Name, PartialDate
from citekit.sources import EXAMPLES, READERS, SNIFF_BYTES, SNIFF_MARKERS, detect

MINE = ("abstracts", "profile", "arxiv-listing", "hf-daily", "hf-list", "ids", "arxiv-snapshot")

A1 = (
    "Recurrent networks are hard to train on long sequences because gradients vanish or explode over many "
    "steps. We propose a gated unit with a learned forgetting schedule that keeps gradients stable across "
    "thousands of steps. On language modelling benchmarks it matches transformers at a fraction of the memory."
)
A2 = (
    "Protein structure prediction has advanced rapidly, yet predicting conformational ensembles remains "
    "difficult. We introduce a score-based generative model over backbone torsions trained on molecular "
    "dynamics trajectories. The model samples diverse, physically plausible conformations for many enzymes."
)


def read(name: str, text: str):
    """Read ``text`` with reader ``name``."""
    return READERS.get(name).read(text, "t.txt")


def test_profile_without_blank_lines_and_wrapped_abstract() -> None:
    """No owner line, an abstract wrapped over lines, blank lines telling where the title starts."""
    half = A1.index(" ", len(A1) // 2)
    text = (
        f"Gated Recurrence\nLee, Ann, Ng, B.\n{A1[:half]}\n{A1[half + 1:]}\n\n"
        f"Protein Ensembles\nMüller, Jürgen, Dupont-Aignan, Éloïse\n{A2}\n"
    )
    lib = read("profile", text)
    assert [e.title for e in lib.entries] == ["Gated Recurrence", "Protein Ensembles"]
    assert lib.entries[0].abstract == A1
    assert lib.entries[1].author == [Name("Müller", "Jürgen"), Name("Dupont-Aignan", "Éloïse")]
    assert "profile_owner" not in lib.entries[0].extra
    assert lib.entries[1].where("author").line == 7


def test_profile_owner_given_family_form() -> None:
    """An owner printed ``Given Family`` is kept as a literal name."""
    lib = read("profile", f"Ann Lee\nGated Recurrence\nLee, Ann, Ng, B.\n{A1}\n")
    assert lib.entries[0].extra["profile_owner"] == {"literal": "Ann Lee"}
    assert lib.entries[0].title == "Gated Recurrence"


def test_hf_daily_other_chrome_and_no_author_blocks() -> None:
    """Unseen chrome is skipped; a page date is not a paper date; papers without meta are kept."""
    text = (
        "Hugging Face\n\nPapers\n\nWeek of Jan 6\n\nJan 6\n\n"
        f"Gated Recurrence\n\n{A1}\n\n  • 2 authors\n·\nJan 3, 2025 14\n\n"
        f"Protein Ensembles\n\n{A2}\n"
    )
    lib = read("hf-daily", text)
    assert [e.title for e in lib.entries] == ["Gated Recurrence", "Protein Ensembles"]
    assert lib.entries[0].issued == PartialDate(2025, 1, 3) and lib.entries[0].upvotes == 14
    assert lib.entries[1].issued is None and lib.entries[1].author_count is None
    assert not lib.problems


def test_hf_daily_date_without_year_stays_without_year() -> None:
    """``Mar 4 2`` is March 4 (no year invented) with 2 upvotes."""
    lib = read("hf-daily", f"T One\n\n{A1}\n\n  • 9 authors\n·\nMar 4 2\n")
    assert lib.entries[0].issued == PartialDate(None, 3, 4)
    assert lib.entries[0].upvotes == 2 and lib.entries[0].author_count == 9


def test_hf_list_digit_titles_and_glued_subscribe() -> None:
    """``Subscribe`` is taken off the first title only; titles starting with digits stay whole."""
    text = f"Header one\nHeader two\nSubscribe2 Fast 2 Furious\n{A1}\n4+3 Phases of Scaling\n{A2}\n"
    lib = read("hf-list", text)
    assert [e.title for e in lib.entries] == ["2 Fast 2 Furious", "4+3 Phases of Scaling"]
    assert detect(text, "t").name == "hf-list"


def test_arxiv_listing_missing_blank_lines() -> None:
    """Unwrapped abstract, comment, id and date with no blank lines between records."""
    text = f"{A1}\n10 pages\narXiv:2101.00001v2\nCreated: 2021-01-01\n{A2}\narXiv:2101.00002\nCreated: 2021-01-02\n"
    lib = read("arxiv-listing", text)
    assert [(e.arxiv_id, e.arxiv_version, e.comment) for e in lib.entries] == [
        ("2101.00001", 2, "10 pages"), ("2101.00002", None, None)
    ]
    assert lib.entries[1].abstract == A2 and not lib.problems
    assert lib.entries[0].where("issued").line == 4


def test_ids_reader_lines_and_problems() -> None:
    """Several ids per line, comments, and a bad token reported on its line."""
    lib = read("ids", "# list\n2101.00001, arxiv.org/abs/hep-th/9711200v2 ; doi:10.1000/XYZ\n\nhttp://arxiv.org/abs/9999.99999\n")
    assert [(e.arxiv_id, e.arxiv_version, e.DOI) for e in lib.entries] == [
        ("2101.00001", None, None), ("hep-th/9711200", 2, None), (None, None, "10.1000/XYZ")
    ]
    assert [(p.line, "not an arXiv id" in p.message) for p in lib.problems] == [(4, True)]


def test_snapshot_streams() -> None:
    """``iter_read`` yields entries one by one from a stream, problems collected on the side."""
    record = {"id": "2101.00001", "title": "T\n  wrapped", "authors_parsed": [["Doe", "J.", ""]],
              "versions": [{"version": "v1", "created": "Fri, 1 Jan 2021 00:00:00 GMT"}], "categories": "cs.LG stat.ML"}
    stream = io.StringIO(json.dumps(record) + "\n[1, 2]\n" + json.dumps(record) + "\n")
    problems: list = []
    it = READERS.get("arxiv-snapshot").iter_read(stream, "s.jsonl", problems)
    first = next(it)
    assert first.title == "T wrapped" and first.issued == PartialDate(2021, 1, 1)
    assert first.primary_class == "cs.LG" and first.categories == ["cs.LG", "stat.ML"]
    assert len(list(it)) == 1 and [p.line for p in problems] == [2]


def test_snapshot_text_is_collapsed_as_split_and_join_collapse_it() -> None:
    """The snapshot reader's shortcut for wrapped ASCII text gives what ``" ".join(value.split())`` gives, for
    every white space ``str.split`` knows (ASCII control spaces, NBSP, thin space) and runs of them."""
    from citekit.sources.arxiv_snapshot import _clean

    atoms = ["a", "bc", " ", "  ", "\n", "\t", "\r", "\x0b", "\x0c", "\x1c", "\x1f", "\x85", "\xa0", "\u2009",
             "é", "x\n y", "", "\x00", "\x7f"]
    rnd = random.Random(21)
    for _ in range(50000):
        value = "".join(rnd.choice(atoms) for _ in range(rnd.randint(0, 8)))
        assert _clean(value) == (" ".join(value.split()) or None), repr(value)
    assert _clean("  A wrapped\nabstract,\nas arXiv stores it.\n") == "A wrapped abstract, as arXiv stores it."


@pytest.mark.parametrize("name", MINE)
def test_sniff_is_cheap_on_a_huge_line(name: str) -> None:
    """A 10 MB single line (cut to the sniff sample) is scored quickly and not claimed."""
    sample = ("lorem ipsum " * 1_000_000)[:SNIFF_BYTES]
    assert READERS.get(name).sniff(sample) < 0.3


@pytest.mark.parametrize("name", MINE)
def test_readers_never_raise(name: str) -> None:
    """Random junk, control characters and half-structures give problems, not exceptions."""
    rng = random.Random(name)
    pieces = ["Abstract:", "arXiv:", "Created: 2021-13-45", "•", "·", "Mar 40, 2021 x", "{", '{"id": 5}', ",",
              "Lee, Ann,", "\r\n", "\n\n", "\t", "\ufeff", A1, "2101.0000", "doi:", "huggingface.co/papers/"]
    reader = READERS.get(name)
    for _ in range(200):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        reader.sniff(text)
        reader.read(text, "junk")


def test_shapes_are_told_apart() -> None:
    """Abstract lines, an HF list, a profile and an HF page each go to their own reader."""
    cases = {
        "abstracts": f"Abstract:{A1}\nAbstract:{A2}\n",
        "hf-list": f"Top papers\nSome Title Here\n{A1}\nAnother Title Here\n{A2}\n",
        "profile": f"Lee, Ann\nSome Title Here\nLee, Ann, Ng, Bo\n{A1}\nAnother Title Here\nNg, Bo, Lee, Ann\n{A2}\n",
        "hf-daily": f"Some Title Here\n\n{A1}\n\n  • 2 authors\n·\nJan 3\n",
        "arxiv-listing": f"{A1}\n\narXiv:2101.00001\nCreated: 2021-01-01\n",
        "ids": "2101.00001\nhttps://huggingface.co/papers/2101.00002\n",
    }
    for name, text in cases.items():
        assert detect(text, "t").name == name, name


@pytest.mark.parametrize("name", sorted(SNIFF_MARKERS))
def test_sniff_marker_holds(name: str) -> None:
    """A reader with a sniff marker scores 0 on every sample without it (detection skips it unasked),
    and above 0 on its own shape, which holds the marker."""
    marker = SNIFF_MARKERS[name]
    rng = random.Random(name)
    pieces = ["@article{k,", "@misc(", "@", "{", "}", "(", ",", "title = {A}", "\n", " ", "%", "a", "Z", "=",
              "@string{x = {y}}", '[{"id": "a", "type": "book"}]', "\ufeff", "\t", "@\narticle{x,"]
    reader = READERS.get(name)
    for _ in range(500):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 20)))
        if marker not in text:
            assert reader.sniff(text) == 0.0, text
        else:
            # With the marker removed, the score is 0 again: the marker is what the sniff needs.
            assert reader.sniff(text.replace(marker, "")) == 0.0, text
    assert reader.sniff(EXAMPLES[name]) > 0.3


def test_json_sniffing_leaves_bib_reader_unloaded() -> None:
    """Detecting CSL-JSON does not import the .bib reader (its marker, ``@``, is absent)."""
    import subprocess
    import sys

    code = ("import sys; from citekit.sources import detect; "
            "assert detect('[{\"id\": \"a\", \"type\": \"book\", \"title\": \"T\"}]', 'x').name == 'csl-json'; "
            "print('citekit.sources.bibtex' in sys.modules, 'citekit.bibscan' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_a_bib_file_is_bibtex_when_its_text_agrees() -> None:
    """A ``.bib`` file whose text the BibTeX sniff is sure of is BibTeX at once; one it is not sure of is detected
    by every reader as any other text is."""
    bib = "@article{smith2020,\n  title = {A study},\n  year = 2020\n}\n"
    assert detect(bib, "refs.bib").name == "bibtex"
    assert detect(bib, "REFS.BIB").name == "bibtex"
    other = EXAMPLES["csl-json"]
    assert detect(other, "misnamed.bib").name == detect(other, "items.txt").name == "csl-json"
