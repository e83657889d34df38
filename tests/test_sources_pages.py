"""The listing readers on what researchers paste: web pages, publication lists, reference lists, ids in prose.

The real pastes (``tests/data/pastes``, see its SOURCES.md) are scored as a whole on the
split they were developed on; the page shapes the corpora did not hold
(``tests/data/page_shapes``) are checked paper by paper.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citekit.ids import find_ids, normalize_text
from citekit.model import issued_date
from citekit.sources import READERS, detect, read_text
from citekit.sources._refparse import parse_authors, parse_reference

DATA = Path(__file__).parent / "data"
SHAPES = DATA / "page_shapes"


def _read(name: str):
    return read_text((SHAPES / name).read_text(encoding="utf-8"), name)


def _summary(library) -> list[tuple[str, str | None, int | None]]:
    out = []
    for entry in library.entries:
        date = issued_date(entry)
        out.append((entry.title, entry.author[0].full_family if entry.author else None, date.year if date else None))
    return out


# --- ids in any text -------------------------------------------------------------------

def test_every_id_in_an_email_is_found_once_and_nothing_else() -> None:
    """arXiv ids and URLs, a DOI, HF, ACL Anthology, OpenReview, DBLP and S2 URLs; a repeated id once; look-alikes none."""
    text = (DATA / "pastes" / "mail_ids_in_prose.txt").read_text(encoding="utf-8")
    found = [(f.kind, f.value) for f in find_ids(text)]
    assert found == [
        ("arxiv", "1706.03762"), ("arxiv", "2005.14165"), ("arxiv", "1907.11692"), ("arxiv", "2307.09288"),
        ("arxiv", "hep-th/9711200"), ("doi", "10.1038/nature14539"), ("acl", "N19-1423"),
        ("openreview", "YicbFdNTTy"), ("dblp", "journals/corr/VaswaniSPUJGKP17"),
        ("s2", "204e3073870fae3d05bcbc2f6a8e263d9b72e776"),
    ]


@pytest.mark.parametrize("text", ["v2.3 of the deck", "room 2.14", "on 12.03.2025", "version 1.10.2", "1999.1234 is no id",
                                  "page 2013.12345", "see 10.1/x", "price 1234.56"])
def test_look_alikes_are_not_ids(text: str) -> None:
    """Version numbers, room numbers, dates and impossible ids are not ids."""
    assert find_ids(text) == []


def test_ids_reader_reads_prose_with_one_warning() -> None:
    """``--from ids`` on prose: every id once, and one warning for the text around them, not one per word."""
    text = (DATA / "pastes" / "mail_ids_in_prose.txt").read_text(encoding="utf-8")
    library = READERS.get("ids").read(text, "mail.txt")
    assert len(library.entries) == 10
    assert len(library.problems) == 1 and "text around identifiers ignored" in library.problems[0].message
    s2 = library.entries[-1]
    assert s2.extra["ids"] == {"s2": "204e3073870fae3d05bcbc2f6a8e263d9b72e776"} and s2.URL.startswith("https://www.semanticscholar.org/")


def test_a_mistyped_id_on_its_own_line_is_still_reported() -> None:
    """A list line that is no id is reported with its token, as before."""
    library = READERS.get("ids").read("2101.00001\n2113.00001\n", "ids.txt")
    assert [str(p) for p in library.problems] == ["ids.txt:2: warning: not an arXiv id, huggingface.co/papers URL or DOI: '2113.00001'"]


# --- detection never refuses text that holds papers or ids ------------------------------

def test_prose_with_an_id_falls_back_to_ids_and_says_so() -> None:
    """No shape fits a short note with an id: the ids fallback reads it and a warning names the fallback."""
    library = read_text("Thanks for the talk! The paper you mentioned is arXiv:2106.09685, right?\n", "note.txt")
    assert [e.arxiv_id for e in library.entries] == ["2106.09685"]
    assert any("read as ids (the fallback)" in p.message for p in library.problems)


def test_prose_without_papers_is_still_refused() -> None:
    """A paragraph with no reference and no id is no listing."""
    from citekit.errors import DetectionError

    with pytest.raises(DetectionError):
        read_text("The committee met on Tuesday to discuss the budget. Nothing was decided.\n", "minutes.txt")


# --- authors and references --------------------------------------------------------------

@pytest.mark.parametrize("text, families, truncated", [
    ("Romero, C., Paunesku, D., & Dweck, C.", ["Romero", "Paunesku", "Dweck"], False),
    ("Vaswani A, Shazeer N, Parmar N, et al.", ["Vaswani", "Shazeer", "Parmar"], True),
    ("Vaswani, Ashish, Noam Shazeer, and Illia Polosukhin", ["Vaswani", "Shazeer", "Polosukhin"], False),
    ("J.-B. Alayrac · A. Recasens · J. De Fauw", ["Alayrac", "Recasens", "De Fauw"], False),
    ("Jill Burstein | Christy Doran | Thamar Solorio", ["Burstein", "Doran", "Solorio"], False),
    ("Gerard de Melo and Ludwig van Beethoven", ["de Melo", "van Beethoven"], False),
    ("Pérez-Higueras JJ, Arias A, de la Macorra JC", ["Pérez-Higueras", "Arias", "de la Macorra"], False),
    ("Ashish Vaswani, Noam M. Shazeer, +5 authors Illia Polosukhin", ["Vaswani", "Shazeer", "Polosukhin"], True),
    ("A Vaswani, N Shazeer, N Parmar…", ["Vaswani", "Shazeer", "Parmar"], True),
    ("E. Hu, Y. Shen (6 additional authors not shown)", ["Hu", "Shen"], True),
])
def test_author_lists(text: str, families: list[str], truncated: bool) -> None:
    """Every initials convention, particles, double surnames, separators and truncation markers."""
    parsed = parse_authors(text)
    assert parsed is not None
    names, cut = parsed
    assert [n.full_family for n in names] == families
    assert cut is truncated


@pytest.mark.parametrize("text, title, family, year", [
    ("Plunkett, K., & Marchman, V. (1991). U-shaped learning and frequency effects in a multilayered perceptron. Cognition, 38, 43-102.",
     "U-shaped learning and frequency effects in a multilayered perceptron", "Plunkett", 1991),
    ('[2] J.A. Davis et al, "Interconnect Limits on Gigascale Integration (GSI) in the 21st Century", Proceedings of the IEEE, Vol. 89, No. 3 (2001), pp. 305-324.',
     "Interconnect Limits on Gigascale Integration (GSI) in the 21st Century", "Davis", 2001),
    ("Hazell, T.J.; DeGuire, J.R.; Weiler, H.A. Vitamin D: An overview of its role in skeletal muscle physiology. Nutr. Rev. 2012, 70, 520–533.",
     "Vitamin D: An overview of its role in skeletal muscle physiology", "Hazell", 2012),
    ("25 Gurney, M. E. et al. Motor neuron degeneration in mice that express a human Cu,Zn superoxide dismutase mutation. Science 264, 1772-1775 (1994).",
     "Motor neuron degeneration in mice that express a human Cu,Zn superoxide dismutase mutation", "Gurney", 1994),
    ("I. Karnadi, A.A. Iskandar, M.O. Tjia, Analysis of Ag-Superlens Performances using Spatial Convolution Formulation, J. Opt. Soc. Am. A27 (2010) 268",
     "Analysis of Ag-Superlens Performances using Spatial Convolution Formulation", "Karnadi", 2010),
    ("Vaswani, Ashish, et al. \"Attention is all you need.\" Advances in neural information processing systems 30 (2017).",
     "Attention is all you need", "Vaswani", 2017),
])
def test_references_in_common_styles(text: str, title: str, family: str, year: int) -> None:
    """APA, IEEE, MDPI, Nature, physics comma style and MLA read to title, first author and year."""
    ref = parse_reference(text)
    assert ref is not None
    assert (ref.title, ref.authors[0].full_family, ref.year) == (title, family, year)


def test_reference_ids_and_venue() -> None:
    """Volume, issue, pages and a DOI come out of the tail."""
    ref = parse_reference("Ying, S. C., Kocar, B. D. (2011). Competitive Redox Processes. Environmental Science & Technology, 45(13), 5572–5579. doi:10.1021/es200351m")
    assert (ref.container, ref.volume, ref.issue, ref.page) == ("Environmental Science & Technology", "45", "13", "5572-5579")
    assert [(f.kind, f.value) for f in ref.ids] == [("doi", "10.1021/es200351m")]


def test_pdf_reference_list_is_joined_and_furniture_left_out() -> None:
    """Hard wraps joined, a broken word rejoined, a page number and a running head never a reference."""
    text = (DATA / "pastes" / "pdf_refs_graphics_alpha.txt").read_text(encoding="utf-8")
    library = read_text(text, "refs.txt")
    assert detect(text, "refs.txt").name == "references"
    titles = [e.title for e in library.entries]
    assert "Curve and Surface Reconstruction : Algorithms with Mathematical Analysis" in titles
    assert "Real-time 3D visual SLAM with a hand-held RGB-D camera" in titles
    assert len(library.entries) == 15
    assert not any("BIBLIOGRAPHY" in (t or "") for t in titles)


def test_an_unreadable_reference_is_reported_not_half_read() -> None:
    """A line with neither a title after authors nor a year is a warning with its line, not a record."""
    library = READERS.get("references").read(
        "Plunkett, K., & Marchman, V. (1991). U-shaped learning. Cognition, 38, 43-102.\nSee the appendix for the rest of the material we used here\n", "r.txt")
    assert len(library.entries) == 1
    assert [p.line for p in library.problems] == [2]


def test_scholar_cite_box_is_one_paper() -> None:
    """Five styles of one paper give one record, with the fullest author list."""
    library = read_text((DATA / "pastes" / "scholar_cite_box.txt").read_text(encoding="utf-8"), "cite.txt")
    assert _summary(library) == [("Attention is all you need", "Vaswani", 2017)]
    assert len(library.entries[0].author) == 8


# --- page shapes -------------------------------------------------------------------------

@pytest.mark.parametrize("name, reader, expected", [
    ("scholar_results.txt", "paper-blocks", [("Attention is all you need", "Vaswani", 2017),
                                              ("Bert: Pre-training of deep bidirectional transformers for language understanding", "Devlin", 2019),
                                              ("Deep learning", "Goodfellow", 2016)]),
    ("scholar_profile.txt", "paper-blocks", [("Attention is all you need", "Vaswani", 2017),
                                              ("Self-attention with relative position representations", "Shaw", 2018),
                                              ("Tensor2tensor for neural machine translation", "Vaswani", 2018)]),
    ("s2_cards.txt", "paper-blocks", [("Attention is All you Need", "Vaswani", 2017),
                                      ("BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding", "Devlin", 2018)]),
    ("openreview.txt", "paper-blocks", [("An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale", "Dosovitskiy", 2021)]),
    ("hf_paper_page.txt", "paper-blocks", [("Llama 2: Open Foundation and Fine-Tuned Chat Models", "Touvron", 2023)]),
    ("neurips_list.txt", "paper-blocks", [("Attention is All you Need", "Vaswani", 2017),
                                          ("Deep Reinforcement Learning from Human Preferences", "Christiano", 2017),
                                          ("Self-Normalizing Neural Networks", "Klambauer", 2017)]),
    ("pmlr.txt", "paper-blocks", [("Robust Speech Recognition via Large-Scale Weak Supervision", "Radford", 2023),
                                  ("Fast Inference from Transformers via Speculative Decoding", "Leviathan", 2023)]),
    ("cvf.txt", "paper-blocks", [("High-Resolution Image Synthesis With Latent Diffusion Models", "Rombach", 2022),
                                 ("A ConvNet for the 2020s", "Liu", 2022)]),
    ("acl_volume.txt", "paper-blocks", [("BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding", "Devlin", 2019),
                                        ("Linguistic Knowledge and Transferability of Contextual Representations", "Liu", 2019),
                                        ("Structural Scaffolds for Citation Intent Classification in Scientific Publications", "Cohan", 2019)]),
    ("dblp_person.txt", "dblp-page", [("Scaling Local Self-Attention for Parameter Efficient Visual Backbones", "Vaswani", 2021),
                                       ("Stand-Alone Self-Attention in Vision Models", "Parmar", 2019),
                                       ("Attention is All you Need", "Vaswani", 2017),
                                       ("Attention Is All You Need", "Vaswani", 2017)]),
    ("dblp_venue.txt", "references", [("Attention is All you Need", "Vaswani", 2017),
                                      ("Deep Reinforcement Learning from Human Preferences", "Christiano", 2017)]),
    ("arxiv_search.txt", "arxiv-page", [("LoRA: Low-Rank Adaptation of Large Language Models", "Hu", 2021),
                                        ("QLoRA: Efficient Finetuning of Quantized LLMs", "Dettmers", 2023)]),
    ("arxiv_digest.txt", "arxiv-page", [("LoRA: Low-Rank Adaptation of Large Language Models", "Hu", 2021),
                                        ("A Second Paper About Something With a Rather Long Title That Wraps Onto the Next Line", "Public", 2021)]),
    ("arxiv_list_old.txt", "arxiv-page", [("LoRA: Low-Rank Adaptation of Large Language Models", "Hu", 2021),
                                          ("Another Paper", "Smith", 2021)]),
])
def test_page_shapes(name: str, reader: str, expected: list) -> None:
    """Each site's page is detected as its shape and gives the papers it shows, and nothing else."""
    text = (SHAPES / name).read_text(encoding="utf-8")
    assert detect(text, name).name == reader
    assert _summary(_read(name)) == expected


def test_a_proceedings_heading_gives_venue_and_year_and_is_no_paper() -> None:
    """The volume heading (with its editors) is the page's venue and year, marked as such, not one of its papers."""
    entries = _read("acl_volume.txt").entries
    assert all(e.container_title.startswith("Proceedings of the 2019 Conference") for e in entries)
    assert all(e.extra.get("year_from") == "page heading" for e in entries)


def test_truncated_author_lists_are_marked() -> None:
    """``+5 authors`` (Semantic Scholar) and ``…`` (Google Scholar) are reported as truncated lists."""
    cards = _read("s2_cards.txt").entries
    results = _read("scholar_results.txt").entries
    assert cards[0].extra.get("authors_truncated") and not cards[1].extra.get("authors_truncated")
    assert results[0].extra.get("authors_truncated")


def test_arxiv_pages_carry_ids_and_classes() -> None:
    """An arXiv page's entries carry the id, version and primary class it shows."""
    entries = _read("arxiv_list_old.txt").entries
    assert [(e.arxiv_id, e.primary_class) for e in entries] == [("2106.09685", "cs.CL"), ("2106.00001", "cs.LG")]
    listing = read_text((DATA / "pastes" / "web_arxiv_list_statml_new_a.txt").read_text(encoding="utf-8"), "list.txt")
    assert [(e.arxiv_id, e.primary_class, [a.family for a in e.author]) for e in listing.entries] == [
        ("2605.11059", "stat.ML", ["Gibson", "Reisinger"])]


def test_seed_shapes_still_detected() -> None:
    """The five seed shapes keep their readers."""
    seeds = sorted((Path(__file__).parent.parent / "seeds").glob("*.txt"))
    names = [detect(p.read_text(encoding="utf-8"), p.name).name for p in seeds]
    assert names == ["abstracts", "profile", "arxiv-listing", "hf-daily", "hf-list"]


# --- the real pastes, scored --------------------------------------------------------------

@pytest.mark.parametrize("splits", [("dev",), ("fresh", "fresh2"), ("fresh3", "fresh4", "fresh5", "fresh6"), ("fresh7", "fresh8", "fresh9", "fresh10"),
                                    ("pagesB1", "pagesB2", "pagesB3", "pagesB4", "pagesB5", "pagesB6", "pagesB7", "pagesB8", "pagesB9", "pagesB10", "pagesB11"),
                                    ("refsA6", "refsA7", "refsA8")])
def test_dev_pastes_score(splits: tuple[str, ...]) -> None:
    """The pastes read while developing (dev; the fresh holdouts once their first contact was measured): papers found
    with the right title, first authors, years, nothing invented (benchmarks/pastes_eval.py)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("pastes_eval", Path(__file__).parent.parent / "benchmarks" / "pastes_eval.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    totals: dict[str, int] = {}
    for name, split in module.split_of().items():
        if split not in splits:
            continue
        for key, value in module.score(name, False).items():
            totals[key] = totals.get(key, 0) + int(value)
    assert totals["refused"] == 0
    assert totals["found"] >= 0.85 * totals["expected"]
    assert totals["fam_right"] >= 0.95 * totals["fam_judged"]
    assert totals["year_right"] >= 0.95 * totals["year_judged"]
    assert totals["invented"] <= 0.02 * totals["records"]


def test_formats_readers_shows_an_example_of_each(cli) -> None:
    """`citekit formats --readers` lists every shape with an example, and names the fallbacks."""
    result = cli("formats", "--readers")
    assert result.exit_code == 0
    for name in READERS:
        assert f"  {name} " in result.stdout
    assert result.stdout.count("e.g. ") == len(list(READERS))
    assert "falls back to references then ids" in result.stdout


def test_aggregator_titles_beside_id_and_date_lines() -> None:
    """A title above ``Apr 16, 2025 · arXiv 2504.11770v1`` is that paper's; the summaries around it are not papers."""
    text = (DATA / "pastes" / "web_deeppaper_domain.txt").read_text(encoding="utf-8")
    assert detect(text, "p.txt").name == "id-titles"
    library = read_text(text, "p.txt")
    assert [(e.title, e.arxiv_id, e.issued.year) for e in library.entries] == [
        ("Unsupervised Classification of English Words Based on Phonological Information: Discovery of Germanic and Latinate Clusters", "2504.11770", 2025),
        ("A Graph Diffusion Algorithm for Lexical Similarity Evaluation", "2504.06816", 2025),
        ("Proposing TAGbank as a Corpus of Tree-Adjoining Grammar Derivations", "2504.05226", 2025),
    ]


def test_an_id_in_an_email_gets_no_title_from_the_line_above() -> None:
    """Without a date beside it, an id in prose stays id-only: the line above is no title."""
    library = read_text("The paper I mentioned\narXiv:1706.03762\nCheers\n", "mail.txt")
    assert [(e.title, e.arxiv_id) for e in library.entries] == [(None, "1706.03762")]


def test_arxiv_list_in_text_mode_puts_the_title_on_the_id_line() -> None:
    """``[1] arXiv:ID [pdf, html, other] Title: ...`` on one line (a text-mode copy) still gives the title."""
    text = ("[1] arXiv:2507.02084 [pdf, html, other] Title: Adaptive Iterative Soft-Thresholding Algorithms\n"
            "Jane Doe, John Roe\nSubjects: Machine Learning (cs.LG)\n\n"
            "[2] arXiv:2507.02085 [pdf, other] Title: Another One\nAnn Lee\nSubjects: Optimization and Control (math.OC)\n")
    library = read_text(text, "list.txt")
    assert [(e.title, [a.family for a in e.author], e.arxiv_id, e.primary_class) for e in library.entries] == [
        ("Adaptive Iterative Soft-Thresholding Algorithms", ["Doe", "Roe"], "2507.02084", "cs.LG"),
        ("Another One", ["Lee"], "2507.02085", "math.OC"),
    ]


@pytest.mark.parametrize("text, expected", [
    ("Accepted papers\n\n- Attention Is All You Need. Ashish Vaswani, Noam Shazeer, Niki Parmar.\n"
     "- Adam: A Method for Stochastic Optimization. Diederik P. Kingma, Jimmy Ba.\n",
     [("Attention Is All You Need", "Vaswani", None), ("Adam: A Method for Stochastic Optimization", "Kingma", None)]),
    ("Outstanding Paper Award\n\nTransformers are Inherently Succinct\nPascal Bergsträßer, Ryan Cotterell, Anthony W. Lin\n\n"
     "Honorable Mention\n\nThe Polar Express: Optimal Matrix Sign Methods and their Application to the Muon Algorithm\n"
     "Noah Amsel, David Persson, Christopher Musco, Robert M. Gower\n",
     [("Transformers are Inherently Succinct", "Bergsträßer", None),
      ("The Polar Express: Optimal Matrix Sign Methods and their Application to the Muon Algorithm", "Amsel", None)]),
    ("Attention Is All You Need\nAshish Vaswani (Google Brain) · Noam Shazeer (Google Brain) · Niki Parmar (Google Research)\n"
     "Adam: A Method for Stochastic Optimization\nDiederik P. Kingma (University of Amsterdam) · Jimmy Ba (University of Toronto)\n",
     [("Attention Is All You Need", "Vaswani", None), ("Adam: A Method for Stochastic Optimization", "Kingma", None)]),
])
def test_award_and_accepted_paper_pages(text: str, expected: list) -> None:
    """Award and accepted-paper pages: title then authors (affiliations dropped), or title. authors. on one line; headings are no paper."""
    assert _summary(read_text(text, "page.txt")) == expected


def test_fallback_keeps_ids_that_no_reference_carries() -> None:
    """A note with a reference and ids in prose: the reference is read, and the ids it does not carry are kept."""
    text = ("Notes for Thursday\n\n"
            "LeCun, Y., Bengio, Y. & Hinton, G. (2015). Deep learning. Nature, 521, 436-444. doi:10.1038/nature14539\n\n"
            "Also see arXiv:1706.03762 and the same DOI again, 10.1038/nature14539, for the background.\n")
    library = read_text(text, "notes.txt")
    assert [(e.title, e.DOI, e.arxiv_id) for e in library.entries] == [
        ("Deep learning", "10.1038/nature14539", None), (None, None, "1706.03762")]
    assert any("read as references and ids (the fallbacks)" in p.message for p in library.problems)


def test_a_greeting_is_no_author_list() -> None:
    """"Hi Tom, the paper is ..." is prose: no record is made of it."""
    library = read_text("Hi Tom, the classic paper is worth reading, Nature 2015.\nAlso arXiv:1706.03762.\n", "mail.txt")
    assert [(e.title, e.arxiv_id) for e in library.entries] == [(None, "1706.03762")]


def test_publisher_urls_name_their_dois() -> None:
    """A DOI in a publisher's URL path is found (bioRxiv's version dropped); DBLP's CoRR line names the arXiv id."""
    text = ("https://dl.acm.org/doi/10.1145/3065386, https://onlinelibrary.wiley.com/doi/abs/10.1002/anie.201000001 and "
            "https://www.biorxiv.org/content/10.1101/2020.01.01.123456v2.full; CoRR abs/1706.03762 (2017)")
    assert [(f.kind, f.value) for f in find_ids(text)] == [
        ("doi", "10.1145/3065386"), ("doi", "10.1002/anie.201000001"), ("doi", "10.1101/2020.01.01.123456"), ("arxiv", "1706.03762")]


def test_pdf_references_flush_left() -> None:
    """The same PDF list with its hanging indents lost: references still start at each author-and-year line."""
    text = "\n".join(line.strip() for line in (DATA / "pastes" / "pdf_refs_ecology_authoryear.txt").read_text(encoding="utf-8").splitlines())
    entries = read_text(text, "flush.txt").entries
    titles = [e.title for e in entries]
    assert "Does mammal community composition control recruitment in neotropical forests?" in titles
    assert "The fruits the agouti ate: Hymenaea courbaril seed fate when its disperser is absent" in titles
    assert sum(1 for e in entries if e.author and e.issued) >= 26


@pytest.mark.parametrize("text, title, families, page", [
    ("■ Probing Classifiers: Promises, Shortcomings, and Advances, by Yonatan Belinkov , 207–219.",
     "Probing Classifiers: Promises, Shortcomings, and Advances", ["Belinkov"], "207-219"),
    ("■ Natural Language Processing: A Machine Learning Perspective by Yue Zhang and Zhiyang Teng, by Julia Ive, 233–235.",
     "Natural Language Processing: A Machine Learning Perspective by Yue Zhang and Zhiyang Teng", ["Ive"], "233-235"),
    ("  3. Toeplitz MLP Mixers are Low Complexity, Information-Rich Sequence Models Authors: Benjamin L. Badger, Ethan Roland",
     "Toeplitz MLP Mixers are Low Complexity, Information-Rich Sequence Models", ["Badger", "Roland"], None),
])
def test_title_then_labelled_authors(text: str, title: str, families: list[str], page: str | None) -> None:
    """``Title, by Author, pages`` (tables of contents) and ``Title Authors: ...`` (paper digests); the last "by" names the author."""
    ref = parse_reference(text)
    assert (ref.title, [a.family for a in ref.authors], ref.page) == (title, families, page)


def test_by_in_a_title_names_no_one() -> None:
    """"Learning by Doing" is a title: no author is made of "Doing"."""
    ref = parse_reference("Smith, J. (2019). Learning by Doing. Nature, 1, 2-3.")
    assert (ref.title, [a.family for a in ref.authors]) == ("Learning by Doing", ["Smith"])


def test_a_dissertation_without_title_is_reported() -> None:
    """``B. Rajendran, Ph.D. Dissertation, Stanford University, August 2006.`` prints no title: reported, no record."""
    library = READERS.get("references").read(
        "[1] J. W. Joyner et al, “Global interconnect design”, IEEE Trans. VLSI Syst., Vol. 12 (2004), pp. 367.\n"
        "[2] B. Rajendran, Ph.D. Dissertation, Stanford University, August 2006.\n", "r.txt")
    assert [e.title for e in library.entries] == ["Global interconnect design"]
    assert [p.line for p in library.problems] == [2]


def test_a_help_page_about_fields_is_no_paper() -> None:
    """arXiv's help on "Title: required" / "Authors: required" holds labels but no paper: nothing is made of it."""
    from citekit.errors import DetectionError

    with pytest.raises(DetectionError):
        read_text((SHAPES / "not_papers_arxiv_help.txt").read_text(encoding="utf-8"), "help.txt")


def test_a_committee_page_is_no_paper() -> None:
    """Role headings over names (General Chairs / Alice Smith, Bob Jones) are page furniture, not papers."""
    from citekit.errors import DetectionError

    with pytest.raises(DetectionError):
        read_text("Organizing Committee\n\nGeneral Chairs\nAlice Smith, Bob Jones\nProgram Chairs\nCarol Lee, Dan Wu\n", "committee.txt")


def test_a_thousand_references_read_whole() -> None:
    """The 1,000-reference list (timed in benchmarks) reads to one entry per readable reference, the rest reported."""
    text = (DATA / "pastes_bench" / "refs1000.txt").read_text(encoding="utf-8")
    library = read_text(text, "refs1000.txt")
    assert detect(text, "refs1000.txt").name == "references"
    assert len(library.entries) >= 880
    segments = len(__import__("citekit.sources.references", fromlist=["segment"]).segment(text)[0])
    assert len(library.entries) + sum(1 for p in library.problems if p.line) == segments


def test_from_arxiv_listing_on_todays_page_reads_the_ids() -> None:
    """``--from arxiv-listing`` on today's /list page reads each block's ``arXiv:ID`` (as the arxiv-page reader does)."""
    text = (DATA / "pastes" / "web_arxiv_list_statml_new_a.txt").read_text(encoding="utf-8")
    library = READERS.get("arxiv-listing").read(text, "list.txt")
    assert [(e.title, e.arxiv_id) for e in library.entries] == [("Uniform Scaling Limits in AdamW-Trained Transformers", "2605.11059")]


def test_a_publication_list_with_its_owner_in_bold() -> None:
    """A Markdown publication list that bolds its owner's name: the bold name is an author, not the title."""
    text = ("## Publications\n\n- **J. Doe**, A. Smith. Learning things from data. In NeurIPS, 2020.\n"
            "- A. Smith, **J. Doe**. Forgetting things on purpose. In ICML, 2021.\n")
    assert _summary(read_text(text, "pubs.md")) == [("Learning things from data", "Doe", 2020), ("Forgetting things on purpose", "Smith", 2021)]


@pytest.mark.parametrize("text, title, family, year, truncated", [
    ("Long short-term memory;Hochreiter;Neural computation,1997", "Long short-term memory", "Hochreiter", 1997, False),
    ("1. Vaswani, A., Shazeer, N., Gomez, A. N., . & Polosukhin, I. (2017, December). Attention is all you need. In Proc. NIPS (pp. 6000-6010).",
     "Attention is all you need", "Vaswani", 2017, True),
    ("Attention Is All You Need, Ashish Vaswani, Noam Shazeer, Illia Polosukhin, 2017Advances in Neural Information Processing Systems 30 (NIPS 2017)",
     "Attention Is All You Need", "Vaswani", 2017, False),
    ("B. W. Wah, A. Aizawa, Genetics-Based Learning of New Heuristics, IEEE Trans. on Knowledge and Data Engineering, vol. 7, no. 5, Oct. 1995",
     "Genetics-Based Learning of New Heuristics", "Wah", 1995, False),
    ("Shore D, Nasmyth K. Purification and cloning of a DNA binding protein from yeast. Cell. 1987;51:721-32.",
     "Purification and cloning of a DNA binding protein from yeast", "Shore", 1987, False),
])
def test_more_reference_shapes(text: str, title: str, family: str, year: int, truncated: bool) -> None:
    """Database exports, elided author lists (". &"), names after the title, run-together years, Vancouver names before a title."""
    ref = parse_reference(text)
    assert (ref.title, ref.authors[0].family, ref.year, ref.truncated) == (title, family, year, truncated)


@pytest.mark.parametrize("text, title, family, year", [
    # PDF text with the spaces on the wrong side of the stops (a Nature list from grobid's corpus)
    ("Nielsen, H. B. & Ninomiya, M. The Adler-Bell-Jackiw anomaly and Weyl fermionsin a crystal .Phys .Lett .B 130 ,389 -396( 1983).",
     "The Adler-Bell-Jackiw anomaly and Weyl fermionsin a crystal", "Nielsen", 1983),
    ("Xu, S.-Y. et al. Discovery of a Weyl Fermion semimetal and topological Fermi arcs.Science 349 ,613 -617( 2015).",
     "Discovery of a Weyl Fermion semimetal and topological Fermi arcs", "Xu", 2015),
    # Nature's books and chapters: the publisher and year in parentheses close the title
    ("Bertlmann, R. A. Anomalies in Quantum Field Theory (Oxford Univ. Press, 2000).", "Anomalies in Quantum Field Theory", "Bertlmann", 2000),
    ("Landsteiner, K., Megías, E. & Peña-Benitez, F. in Strongly Interacting Matter in Magnetic Fields (eds Kharzeev, D. et al.) 433-468 (Springer, 2013).",
     "Strongly Interacting Matter in Magnetic Fields", "Landsteiner", 2013),
    # a title's "Part I" is no sentence end (AMS)
    ("Camargo, S. J., A. W. Robertson, and M. Ghil, 2007b: Cluster analysis of typhoon tracks. Part I: General properties. J. Climate, 20, 3635-3653.",
     "Cluster analysis of typhoon tracks. Part I: General properties", "Camargo", 2007),
    # Markdown reading lists: a bolded label, a bold title in quotes; a bold title, then (year) and the authors
    ('**[5]** Simonyan, Karen, and Andrew Zisserman. "**Very deep convolutional networks for large-scale image recognition**." arXiv preprint arXiv:1409.1556 (2014). [[pdf]](https://arxiv.org/pdf/1409.1556.pdf)',
     "Very deep convolutional networks for large-scale image recognition", "Simonyan", 2014),
    ("**CNN features off-the-Shelf: An astounding baseline for recognition** (2014), A. Razavian et al. [[pdf]](http://www.cv-foundation.org//openaccess/content_cvpr_workshops_2014/W15/papers/Razavian_CNN_2014_CVPR_paper.pdf)",
     "CNN features off-the-Shelf: An astounding baseline for recognition", "Razavian", 2014),
    # "Authors: Title, Venue Year."
    ("John Lafferty, Andrew McCallum, Fernando C.N. Pereira: Conditional Random Fields: Probabilistic Models for Segmenting and Labeling Sequence Data, ICML 2001.",
     "Conditional Random Fields: Probabilistic Models for Segmenting and Labeling Sequence Data", "Lafferty", 2001),
    ('Marco Tulio Ribeiro et al.: "Why Should I Trust You?": Explaining the Predictions of Any Classifier, KDD 2016.',
     '"Why Should I Trust You?": Explaining the Predictions of Any Classifier', "Ribeiro", 2016),
])
def test_fresh_reference_shapes(text: str, title: str, family: str, year: int) -> None:
    """Shapes the fresh holdout met first (tests/data/pastes, split 'fresh'): PDF spacing, books, Part I, Markdown emphasis."""
    ref = parse_reference(text)
    assert ref is not None
    assert (ref.title, ref.authors[0].family, ref.year) == (title, family, year)


def test_dashes_repeat_the_authors_above() -> None:
    """'--,' (AMS), '———.' (Chicago): the reference just above names the first author; not when that one was unreadable."""
    text = ("Emanuel, K., 2005: Increasing destructiveness of tropical cyclones over the past 30 years. Nature, 436, 686-688.\n"
            "--, 2006: Climate and tropical cyclone activity: A new model downscaling approach. J. Climate, 19, 4797-4802.\n"
            "--, S. Ravela, E. Vivant, and C. Risi, 2006: A statistical-deterministic approach to hurricane risk assessment. Bull. Amer. Meteor. Soc., 87, 299-314.\n")
    library = read_text(text, "ams.txt", "references")
    assert [e.title for e in library.entries] == [
        "Increasing destructiveness of tropical cyclones over the past 30 years",
        "Climate and tropical cyclone activity: A new model downscaling approach",
        "A statistical-deterministic approach to hurricane risk assessment"]
    assert [[a.family for a in e.author] for e in library.entries] == [["Emanuel"], ["Emanuel"], ["Emanuel", "Ravela", "Vivant", "Risi"]]
    assert [e.issued.year for e in library.entries] == [2005, 2006, 2006]
    alone = read_text("no reference here at all, just words\n———. Dom Casmurro, trans. John Gledson. New York: Oxford University Press, 1997.\n"
                      "———. 1802. History of Rome. London: John Nichols.\n", "x.txt", "references")
    assert [(e.title, e.author) for e in alone.entries] == [("Dom Casmurro", []), ("History of Rome", [])]


def test_lone_name_before_a_colon_only_in_a_list_written_so() -> None:
    """'Yoon Kim: Title, 2014.' is read as authored in a list of 'Names: Title' lines; alone, such a head is a title's."""
    text = ("* Avrim Blum and Tom Mitchell: Combining Labeled and Unlabeled Data with Co-Training, 1998.\n"
            "* Xiang Zhang, Junbo Zhao, and Yann LeCun: Character-level Convolutional Networks for Text Classification, NIPS 2015.\n"
            "* Yoon Kim: Convolutional Neural Networks for Sentence Classification, 2014.\n")
    library = read_text(text, "list.md", "references")
    assert [(e.title, e.author[0].family, e.issued.year) for e in library.entries] == [
        ("Combining Labeled and Unlabeled Data with Co-Training", "Blum", 1998),
        ("Character-level Convolutional Networks for Text Classification", "Zhang", 2015),
        ("Convolutional Neural Networks for Sentence Classification", "Kim", 2014)]
    assert parse_reference("Probing Classifiers: Promises, Shortcomings, and Advances, 2022.") is None or \
        parse_reference("Probing Classifiers: Promises, Shortcomings, and Advances, 2022.").authors == []


def test_markdown_table_header_names_its_columns() -> None:
    """cv-arxiv-daily's table: the bold date is no title; the Title and Authors columns are read by their header."""
    text = ("|Publish Date|Title|Authors|PDF|Code|\n|---|---|---|---|---|\n"
            "|**2026-05-13**|**LEXI-SG: Monocular 3D Scene Graph Mapping**|Christina Kassab et.al.|[2605.13741](http://arxiv.org/abs/2605.13741)|null|\n"
            "|**2026-05-06**|**Dr-PoGO: Direct Radar Pose-Graph Optimization**|Cedric Le Gentil et.al.|[2605.04806](http://arxiv.org/abs/2605.04806)|null|\n")
    library = read_text(text, "daily.md")
    assert [(e.title, e.author[0].family, e.issued.year, e.arxiv_id, e.extra.get("authors_truncated")) for e in library.entries] == [
        ("LEXI-SG: Monocular 3D Scene Graph Mapping", "Kassab", 2026, "2605.13741", True),
        ("Dr-PoGO: Direct Radar Pose-Graph Optimization", "Le Gentil", 2026, "2605.04806", True)]


def test_scholar_page_menus_and_counters_are_no_papers() -> None:
    """A saved Scholar result page (goscholar's test data): one paper, not 'Sign in' or 'Cited by ... Related articles'."""
    library = read_text((DATA / "pastes" / "web_scholar_results_citation.txt").read_text(encoding="utf-8"), "scholar.txt")
    assert [(e.title, e.author[0].family, e.issued.year) for e in library.entries] == [
        ("Unsupervised feature learning and deep learning: A review and new perspectives", "Bengio", 2012)]


@pytest.mark.parametrize("text, title, family", [
    # the second fresh holdout (fresh2): PDF text that lost spaces, a title with commas, Portuguese particles
    ('V. E. Hubeny, M. Rangamani and T. Takayanagi,"A Covariant Holographic Entanglement Entropy Proposal ,"JHEP 0707 ,062 ( 2007)doi :10.1088/1126-6708/2007/07/062, arXiv: 0705.0016[hep -th].',
     "A Covariant Holographic Entanglement Entropy Proposal", "Hubeny"),
    ("P. Cherrier,Problèmes de Neumann non linéaires sur les variétés riemanniennes. J. Funct. Anal. 57( 1984),154 -206.",
     "Problèmes de Neumann non linéaires sur les variétés riemanniennes", "Cherrier"),
    ("H. Amann, Supersolutions, monotone iterations, and stability. J. Differential Equations 21 (1976), 363-377.",
     "Supersolutions, monotone iterations, and stability", "Amann"),
    ("A.S. do Nascimento and R.J. de Moura, Layered stable equilibria of a reaction-diffusion equation. J. Math. Anal. Appl. 347 (2008), 123-135.",
     "Layered stable equilibria of a reaction-diffusion equation", "Nascimento"),
    ("M.Atiyah, N. Hitchin, The geometry and dynamics of magnetic monopoles, Princeton University Press (1988).",
     "The geometry and dynamics of magnetic monopoles", "Atiyah"),
])
def test_fresh2_reference_shapes(text: str, title: str, family: str) -> None:
    """Shapes the second fresh holdout met first."""
    ref = parse_reference(text)
    assert ref is not None and (ref.title, ref.authors[0].family) == (title, family)


def test_a_doi_stops_at_an_unclosed_bracket() -> None:
    """'doi:10.1007/JHEP01(2015)073[arXiv:1408.3203]': the bracket opens the arXiv id, it is no part of the DOI."""
    found = {(f.kind, f.value) for f in find_ids("JHEP 1501, 073 (2015) doi:10.1007/JHEP01(2015)073[arXiv:1408.3203 [hep-th]]")}
    assert ("doi", "10.1007/JHEP01(2015)073") in found and ("arxiv", "1408.3203") in found


def test_an_arxiv_only_reference_stands_on_its_own_line() -> None:
    """References with an id and no year are whole lines, not continuations of the one above."""
    text = ('N. Engelhardt and R. Bousso, "A New Area Law in General Relativity," https://arxiv.org/abs/1504.0762\n'
            'N. Engelhardt and R. Bousso, "Proof of a New Area Law in General Relativity," https://arxiv.org/abs/1504.07660\n'
            'N. Engelhardt and A. C. Wall, "Extremal Surface Barriers," arXiv:1312.3699 [hep-th]\n')
    library = read_text(text, "refs.txt", "references")
    assert [e.title for e in library.entries] == ["A New Area Law in General Relativity", "Proof of a New Area Law in General Relativity",
                                                  "Extremal Surface Barriers"]


def test_personal_page_template_names_in_natural_order() -> None:
    """The jonbarron.github.io template: not a 'Family, Given' profile; long author lists; the video fallback is furniture."""
    library = read_text((DATA / "pastes" / "pub_personal_page_template.txt").read_text(encoding="utf-8"), "page.txt")
    assert all(e.extra.get("read_as") == "paper blocks" for e in library.entries)
    first = library.entries[0]
    assert (first.title, first.author[0].family, len(first.author), first.issued.year) == (
        "Image Generators are Generalist Vision Learners", "Gabeur", 25, 2026)
    assert not any("browser" in (e.title or "") for e in library.entries)


@pytest.mark.parametrize("name", ["refs_nature_physics_grobid", "refs_math_analysis_grobid"])
def test_hard_wrapped_pdf_references_read_as_unwrapped(name: str) -> None:
    """A real list hard-wrapped at 90 columns (as a PDF column gives it, flush left) reads to the same titles."""
    import textwrap

    text = (DATA / "pastes" / f"{name}.txt").read_text(encoding="utf-8")
    wrapped = "\n".join(part for line in text.splitlines() for part in (textwrap.wrap(line, 90) or [""]))
    assert wrapped.count("\n") > text.count("\n") + 20  # really wrapped
    whole = [normalize_text(e.title) for e in read_text(text, "refs.txt").entries]
    from_wrapped = [normalize_text(e.title) for e in read_text(wrapped, "refs.txt").entries]
    assert len(whole) >= 28 and all(title in from_wrapped for title in whole)


def test_markdown_authors_on_the_line_below() -> None:
    """thunlp's lists: '1. **Title.** Venue 2005.' over an indented '*Author One, Author Two.*' (fresh3)."""
    library = read_text((DATA / "pastes" / "md_gnnpapers_authors_below.txt").read_text(encoding="utf-8"), "gnn.md")
    assert library.entries[0].extra["read_as"] == "markdown list"
    assert [(e.title, e.author[0].family, e.issued.year) for e in library.entries[:2]] == [
        ("Supervised Neural Networks for the Classification of Structures", "Sperduti", 1997),
        ("Graphical-Based Learning Environments for Pattern Recognition", "Scarselli", 2004)]


def test_dblp_single_author_lists() -> None:
    """On a DBLP page every author list ends its own line with ':'; a lone author is one too."""
    text = ("[c3]\nSven Behnke:\nLearning Iterative Image Reconstruction. IJCAI 2001: 1-6\n"
            "[j1]\nSven Behnke, Raul Rojas:\nNeural Abstraction Pyramid: A hierarchical image understanding architecture. IJCNN 1998: 820-825\n")
    library = read_text(text, "dblp.txt")
    assert [(e.title, [a.family for a in e.author], e.issued.year) for e in library.entries] == [
        ("Learning Iterative Image Reconstruction", ["Behnke"], 2001),
        ("Neural Abstraction Pyramid: A hierarchical image understanding architecture", ["Behnke", "Rojas"], 1998)]


# --- reference lists as PubMed Central's article pages print them (the fresh4 holdout) ------

def test_pmc_buttons_glued_numbers_and_dois() -> None:
    """``5.Fu A, ...`` opens a reference; the page's ``[DOI] [PubMed]`` buttons are no part of the DOI or the venue."""
    text = ("4.Khatun S, Appidi T, Rengan AK. The role played by bacterial infections in the onset and metastasis of cancer. Curr Res Microb Sci\n"
            "2021;2:100078. 10.1016/j.crmicr.2021.100078.[DOI] [PMC free article] [PubMed] [Google Scholar]\n\n"
            "5.Fu A, Yao B, Dong T, Chen Y, Yao J, Li H, et al. \n"
            "Tumor-resident intracellular microbiota promotes metastatic colonization in breast cancer. Cell\n"
            "2022;185(8):1356–1372. 10.1016/j.cell.2022.02.027.[DOI] [PubMed] [Google Scholar]\n")
    library = read_text(text, "refs.txt")
    assert [(e.title, e.author[0].family, e.issued.year, e.DOI) for e in library.entries] == [
        ("The role played by bacterial infections in the onset and metastasis of cancer", "Khatun", 2021, "10.1016/j.crmicr.2021.100078"),
        ("Tumor-resident intracellular microbiota promotes metastatic colonization in breast cancer", "Fu", 2022, "10.1016/j.cell.2022.02.027"),
    ]
    assert library.entries[1].extra.get("authors_truncated") is True


def test_number_alone_on_its_line_opens_a_reference() -> None:
    """``1.`` alone, the authors, then title and journal: a numbered reference list, not title/author blocks;
    a stop before ``eLife`` or ``bioRxiv`` ends the title."""
    text = "References\n\n" + "\n\n".join([
        "1.\nJordan MI, Mitchell TM.\nMachine learning: trends, perspectives, and prospects. Science 2015;349(6245):255–60. [DOI] [PubMed] [Google Scholar]",
        "2.\nDieleman S, Willett KW, Dambre J.\nRotation-invariant convolutional neural networks for galaxy morphology prediction. Mon Not R Astron 2015;450(2):1441–59. [Google Scholar]",
        "3.\nJonas E, Kording K.\nAutomatic discovery of cell types and microcircuitry from neural connectomics. eLife 2015;4:e04250. [DOI] [PMC free article] [PubMed] [Google Scholar]",
    ]) + "\n"
    assert detect(text, "refs.txt").name == "references"
    assert [(e.title, e.author[0].family, e.issued.year) for e in read_text(text, "refs.txt").entries] == [
        ("Machine learning: trends, perspectives, and prospects", "Jordan", 2015),
        ("Rotation-invariant convolutional neural networks for galaxy morphology prediction", "Dieleman", 2015),
        ("Automatic discovery of cell types and microcircuitry from neural connectomics", "Jonas", 2015),
    ]


def test_journal_volume_and_pages_each_on_a_line() -> None:
    """``J. Biol. Phys.`` over ``37`` is the journal of the reference above, not a new one by "J. Biol";
    a line ending ``eds`` goes on, year or not."""
    text = ("Barreto E., Cressman J. R. (2011). Ion concentration dynamics as a mechanism for neuronal bursting.\n"
            "J. Biol. Phys.\n37\n361–373. 10.1007/s10867-010-9212-9216\n[DOI] [PMC free article] [PubMed] [Google Scholar]\n"
            "Benda J., Herz A. V. M. (2003). A universal model for spike-frequency adaptation.\nNeural. Comput.\n15\n"
            "2523–2564. 10.1162/089976603322385063\n[DOI] [PubMed] [Google Scholar]\n"
            "Yamada W., Koch C., Adams P. (1998). “Multiple channels and calcium dynamics,” in Methods in Neuronal Modeling: From Ions to Networks, 2nd Edn, eds\n"
            "Koch C., Segev I. (Cambridge, MA: MIT Press; ). [Google Scholar]\n")
    library = read_text(text, "refs.txt")
    assert [(e.title, e.author[0].family, e.issued.year) for e in library.entries] == [
        ("Ion concentration dynamics as a mechanism for neuronal bursting", "Barreto", 2011),
        ("A universal model for spike-frequency adaptation", "Benda", 2003),
        ("Multiple channels and calcium dynamics", "Yamada", 1998),
    ]


def test_markdown_conversion_with_spaced_commas() -> None:
    """``*   . Battaglia, F. P. , & Treves, A.  (1998).``: the stray stop and the spaced commas are conversion noise."""
    text = ("*   . Battaglia, F. P. , & Treves, A.  (1998). Attractor neural networks storing multiple space representations: "
            "A model for hippocampal place fields. _Physical Review E_, 58(6), 7738–7753.  [Google Scholar]\n"
            "*   . Buzsaki, G.  (2002). Theta oscillations in the hippocampus. _Neuron_, 31(3), 325–340. doi: 10.1016/s0896-6273(02)00586-x  [DOI] [PubMed] [Google Scholar]\n")
    assert [(e.title, [a.family for a in e.author], e.issued.year, e.DOI) for e in read_text(text, "refs.md").entries] == [
        ("Attractor neural networks storing multiple space representations: A model for hippocampal place fields", ["Battaglia", "Treves"], 1998, None),
        ("Theta oscillations in the hippocampus", ["Buzsaki"], 2002, "10.1016/s0896-6273(02)00586-x"),
    ]


# --- single-paper pages (the fresh4 holdout) -----------------------------------------------

def test_article_page_with_affiliation_marks() -> None:
    """``Hong Yu 1, Shashank Agarwal 1``: the affiliation numbers are no part of the names; the year and DOI come from
    PubMed Central's ``Published in final edited form as`` line above the title."""
    text = ("Skip to main content\n. Author manuscript; available in PMC: 2016 Oct 1.\n"
            "Published in final edited form as: J Biomed Inform. 2015 Sep 10;57:436–445. doi: 10.1016/j.jbi.2015.09.003\n\n"
            "Automatically finding relevant citations for clinical guideline development\n\n"
            "Duy Duc An Bui 1,2, Siddhartha Jonnalagadda 2, Guilherme Del Fiol 1\n"
            "PMCID: PMC4786461  NIHMSID: NIHMS727034  PMID: 26363352\n\nAbstract\n\nObjective\n\n"
            "Literature database search is a crucial step in the development of clinical practice guidelines and systematic reviews. "
            "In the age of information technology, the process of literature search is still conducted manually.\n")
    [entry] = read_text(text, "page.txt").entries
    assert (entry.title, [a.family for a in entry.author], entry.issued.year, entry.DOI) == (
        "Automatically finding relevant citations for clinical guideline development", ["Bui", "Jonnalagadda", "Del Fiol"],
        2015, "10.1016/j.jbi.2015.09.003")


def test_names_one_a_line_with_marks_are_one_author_list() -> None:
    """A paper's first page in Markdown (a Hugging Face paper page mirror): one name a line, each with its mark."""
    text = ("# TLDR: Extreme Summarization of Scientific Documents\n\nIsabel Cachola<sup>†</sup>\n\nKyle Lo<sup>†</sup>\n\n"
            "Daniel S. Weld<sup>†‡</sup>\n\n<sup>†</sup>Allen Institute for AI\n\n## Abstract\n\n"
            "We introduce TLDR generation, a new form of extreme summarization, for scientific papers. TLDR generation involves high "
            "source compression and requires expert background knowledge and understanding of complex domain-specific language.\n")
    [entry] = read_text(text, "page.md").entries
    assert (entry.title, [a.family for a in entry.author]) == ("TLDR: Extreme Summarization of Scientific Documents", ["Cachola", "Lo", "Weld"])


def test_a_title_and_abstract_page_without_authors() -> None:
    """A summary site's page names no authors: a title-only record, said so; its menus and tag lists are no papers."""
    text = ("Generating Summaries for Scientific Paper Review\n\nSource: ArXiv\n\nAI Quick Summary\n\n"
            "This paper explores the use of neural language models for generating automatic summaries to assist in the scientific "
            "paper review process, addressing the burden on reviewers. It introduces a new dataset.\n\nShare: Share on X LinkedIn\n\n"
            "Summary\n\nThe review process is essential to ensure the quality of publications. Recently, the increase of submissions "
            "for top venues in machine learning and NLP has caused a problem of excessive burden on reviewers.\n\nKey Terms\n")
    [entry] = read_text(text, "page.txt").entries
    assert (entry.title, entry.author) == ("Generating Summaries for Scientific Paper Review", [])
    assert "no authors shown" in entry.extra["read_as"]
    tags = ("Generating Summaries for Scientific Paper Review\nAna Sabina Uban, Cornelia Caragea\n\nAbstract\n"
            "The review process is essential to ensure the quality of publications. Recently, the increase of submissions "
            "for top venues has caused a problem of excessive burden on reviewers and on the quality of reviews.\n"
            "Taxonomy\nTopicsTopic Modeling · Natural Language Processing Techniques · Advanced Text Analysis Techniques\n")
    assert [e.title for e in read_text(tags, "page.txt").entries] == ["Generating Summaries for Scientific Paper Review"]


def test_publication_page_with_the_owner_in_bold() -> None:
    """``**Title**  **Own D.**, B. A. & C, D. (2019). *Venue*``: the italic venue further on is not the author list."""
    text = ("**Space,time and memory in the Medial Temporal Lobe**  \n**Spalla D.** (2020).  \nSISSA Iris.\n\n"
            "**Can Grid Cell Ensembles Represent Multiple Spaces?**  \n**Spalla D.**, Dubreuil A., Rosay S., Monasson, R. & Treves, A. (2019).  \n"
            "*Neural computation*, *31*(12), 2324–2347. [https://doi.org/10.1162/neco_a_01237](https://doi.org/10.1162/neco_a_01237)\n")
    assert [(e.title, e.author[0].family, len(e.author), e.issued.year, e.DOI) for e in read_text(text, "pubs.md").entries] == [
        ("Space,time and memory in the Medial Temporal Lobe", "Spalla", 1, 2020, None),
        ("Can Grid Cell Ensembles Represent Multiple Spaces?", "Spalla", 5, 2019, "10.1162/neco_a_01237"),
    ]


def test_hyphenated_and_accented_compact_initials() -> None:
    """Vancouver initials may be hyphenated (``Hsu C-W``) or accented (``Brorson Ø``)."""
    from citekit.sources._refparse import parse_authors

    assert [(n.family, n.given) for n in parse_authors("Hsu C-W, Lin C-J")[0]] == [("Hsu", "C-W"), ("Lin", "C-J")]
    assert [n.family for n in parse_authors("Brorson Ø, Brorson SH")[0]] == ["Brorson", "Brorson"]


# --- reference lists from PDF-to-Markdown converters (the fresh5 holdout) ------------------

def test_converter_markdown_references() -> None:
    """``- <span id=..></span>[1] ...`` and escaped ``\\[14\\]Name ... 2022\\.`` lists, wrapped four lines a reference:
    the numbers in order make the list; an id split over two Markdown links is read from its URL; a page break's
    bullet (``- DuQuant: ...``) continues the reference above."""
    spans = ('- <span id="page-11-2"></span>[2] Yongqi An, Xu Zhao, Tao Yu, Ming Tang, and Jinqiao Wang. 2025. Systematic Outliers in '
             'Large Language Models. In The Thirteenth International Conference on Learning Representations, ICLR 2025. OpenReview.net. '
             '[https://openreview.net/forum?id=](https://openreview.net/forum?id=rLX7Vyyzus) [rLX7Vyyzus](https://openreview.net/forum?id=rLX7Vyyzus)\n'
             '- <span id="page-12-8"></span>[8] Peter Clark, Isaac Cowhey, Oren Etzioni, Tushar Khot, Ashish Sabharwal, Carissa Schoenick, and '
             'Oyvind Tafjord. 2018. Think you have Solved Question Answering? Try ARC, the AI2 Reasoning Challenge. CoRR abs/1803.05457 (2018). '
             'arXiv[:1803.05457](https://arxiv.org/abs/1803.05457)\n'
             '- <span id="page-12-12"></span>[22] Haokun Lin, Haobo Xu, Yichen Wu, and Ying Wei. 2024.\n\n'
             '- DuQuant: Distributing Outliers via Dual Transformation Makes Stronger Quantized LLMs. In Advances in Neural Information '
             'Processing Systems 38, NeurIPS 2024.\n')
    assert [(e.title, e.author[0].family, e.issued.year, e.arxiv_id, (e.extra.get("ids") or {}).get("openreview"))
            for e in read_text(spans, "refs.md").entries] == [
        ("Systematic Outliers in Large Language Models", "An", 2025, None, "rLX7Vyyzus"),
        ("Think you have Solved Question Answering? Try ARC, the AI2 Reasoning Challenge", "Clark", 2018, "1803.05457", None),
        ("DuQuant: Distributing Outliers via Dual Transformation Makes Stronger Quantized LLMs", "Lin", 2024, None, None),
    ]
    escaped = ("\\[11\\]Jacob Cohen. 2013\\. Statistical power analysis for the behavioral sciences. Routledge.  \n"
               "\\[12\\]Scott Deerwester, Susan T Dumais, George W Furnas, Thomas K Landauer, and  \n"
               "Richard Harshman. 1990\\. Indexing by latent semantic analysis. Journal of the  \n"
               "American society for information science 41, 6 (1990), 391–407.  \n"
               "\\[14\\]Liming Dong, He Zhang, Wei Liu, Zhiluo Weng, and Hongyu Kuang. 2022\\. Semi-  \n"
               "supervised pre-processing for learning-based traceability framework on real-  \n"
               "world software projects. In Proceedings of the 30th ACM Joint European Software  \n"
               "Engineering Conference, ESEC/FSE 2022. ACM, 570–582. https://doi.org/10.1145/  \n"
               "\\[15\\]Matthijs Douze, Alexandr Guzhva, and Hervé Jégou. 2024\\.  \n"
               "The Faiss library. CoRR abs/2401.08281 (2024). https://doi.org/10.48550/ARXIV.  \n"
               "2401.08281 arXiv:2401.  \n")
    assert [(e.title, e.author[0].family, e.issued.year) for e in read_text(escaped, "refs.md").entries] == [
        ("Statistical power analysis for the behavioral sciences", "Cohen", 2013),
        ("Indexing by latent semantic analysis", "Deerwester", 1990),
        ("Semi-supervised pre-processing for learning-based traceability framework on real-world software projects", "Dong", 2022),
        ("The Faiss library", "Douze", 2024),
    ]


def test_springer_and_lncs_lines() -> None:
    """A title ends before a bare URL; ``ArXiv preprint abs/...`` is an arXiv id; a line left open (``... Conference on``)
    goes on even when the next line would read alone."""
    text = ("[52] OpenAI (2025) Introducing GPT-5. https://openai.com/index/ introducing-gpt-5/, accessed: 2025-12-13\n\n"
            "[53] Pan L, Albalak A, Wang X, et al (2023) Logic-lm: Empowering large language models with symbolic solvers for faithful "
            "logical reasoning. In: Findings of the Association of Computational Linguistics: EMNLP, pp 3806–3824\n")
    assert [e.title for e in read_text(text, "refs.txt").entries] == [
        "Introducing GPT-5", "Logic-lm: Empowering large language models with symbolic solvers for faithful logical reasoning"]
    lncs = ("39. Nathan Silberman, Derek Hoiem, P.K., Fergus, R.: Indoor segmentation and support inference from rgbd images. In: ECCV (2012)  \n"
            "40. Navon, A., Shamsian, A., Fetaya, E.: Multi-task learning as a bargaining game. In: Chaudhuri, K., Sabato, S. (eds.) International Conference on  \n"
            "Machine Learning, ICML 2022, 17-23 July 2022, Baltimore, Maryland, USA. Proceedings of Machine Learning Research, vol. 162, pp. 16428–16446. PMLR (2022)  \n"
            "41. Pascal, L., Michiardi, P., Zuluaga, M.A.: Improved optimization strategies for deep multi-task networks. ArXiv preprint abs/2109.11678 (2021)  \n")
    entries = read_text(lncs, "refs.txt").entries
    assert [(e.title, e.issued.year) for e in entries] == [
        ("Indoor segmentation and support inference from rgbd images", 2012), ("Multi-task learning as a bargaining game", 2022),
        ("Improved optimization strategies for deep multi-task networks", 2021)]
    assert entries[2].arxiv_id == "2109.11678"


# --- saved pages with their metadata on top (the fresh5 holdout) ---------------------------

def test_clipping_front_matter_names_the_page_paper() -> None:
    """A web clipping's front matter gives the paper (title without the site's label, wiki-linked authors, the
    published year, the source's id); the page below adds the papers it lists, never its own paper again."""
    text = ('---\ntitle: "Paper page - Beyond Semantic Similarity: Rethinking Retrieval for Agentic Search"\n'
            'source: "https://huggingface.co/papers/2605.05242"\nauthor:\n  - "[[Zhuofeng Li]]"\npublished: 2026-05-08\n'
            'created: 2026-05-16\ntags:\n  - "clippings"\n---\narxiv:2605.05242\n\n'
            '## Beyond Semantic Similarity: Rethinking Retrieval for Agentic Search\n\n'
            'The following papers were recommended by the Semantic Scholar API\n\n'
            '- [Coding Agents are Effective Long-Context Processors](https://huggingface.co/papers/2603.20432) (2026)\n'
            '- [FitText: Evolving Agent Tool Ecologies via Memetic Retrieval](https://huggingface.co/papers/2605.02411) (2026)\n')
    assert detect(text, "clip.md").name == "clipping"
    library = read_text(text, "clip.md")
    assert [(e.title, [a.family for a in e.author], e.issued.year, e.arxiv_id) for e in library.entries] == [
        ("Beyond Semantic Similarity: Rethinking Retrieval for Agentic Search", ["Li"], 2026, "2605.05242"),
        ("Coding Agents are Effective Long-Context Processors", [], 2026, "2603.20432"),
        ("FitText: Evolving Agent Tool Ecologies via Memetic Retrieval", [], 2026, "2605.02411"),
    ]
    assert library.entries[1].sources[0].line == 17  # lines below the front matter keep the file's numbering


def test_clipping_lists_of_mappings_are_papers_the_note_names() -> None:
    """A note's ``cites:`` list of ``- title:`` / ``doi:`` / ``year:`` mappings names papers: one record each, and
    their nested keys never become the note's own fields (its own paper keeps its title, authors and id)."""
    text = ('---\ntitle: "Lock-Free Locks Revisited"\nauthors:\n  - "Naama Ben-David"\n  - "Guy E. Blelloch"\nyear: 2022\n'
            'arxiv: "2201.00813"\ndoi: null\ncites:\n  - title: "Wait-Free Synchronization"\n    url: "https://doi.org/10.1145/114005.102808"\n'
            '    year: 1991\n    doi: "10.1145/114005.102808"\n  - title: "A Queue Paper"\n    year: 1996\nsee:\n  - "037-wait-free"\n---\n\n'
            '# Lock-Free Locks Revisited\n\nA takeaway in prose.\n')
    library = read_text(text, "card.md")
    assert [(e.title, [a.family for a in e.author], e.issued.year, e.arxiv_id, e.DOI) for e in library.entries] == [
        ("Lock-Free Locks Revisited", ["Ben-David", "Blelloch"], 2022, "2201.00813", None),
        ("Wait-Free Synchronization", [], 1991, None, "10.1145/114005.102808"),
        ("A Queue Paper", [], 1996, None, None),
    ]
    # A note whose own title is a claim (no link, no author of its own): the reference its sources hold is the paper,
    # read as a reference; its links to other notes (no author, year or id) are none.
    claim = ('---\ntype: claim\ntitle: Marginal inferences are nearly vacuous for higher skill levels\nsources:\n'
             '  - id: mangili-2026\n    resource: "https://arxiv.org/abs/2608.24632"\n'
             '    title: "Francesca Mangili, Alessandro Antonucci. (2026). Causal Modelling of Support Interventions. arXiv. https://arxiv.org/abs/2608.24632"\n'
             '---\n\n# Marginal inferences are nearly vacuous for higher skill levels\n\n## Related Claims\n'
             '- [Counterfactual probabilities quantify the causal effect of hints on task performance](pn-ps.md) — related\n'
             '- [Individualised counterfactual inferences estimate what a student would have done](individual.md) — related\n')
    assert [(e.title, e.author[0].family, e.issued.year, e.arxiv_id) for e in read_text(claim, "claim.md").entries] == [
        ("Causal Modelling of Support Interventions", "Mangili", 2026, "2608.24632")]


def test_clipping_reader_service_header_and_short_titles() -> None:
    """A reader service's header ("Title:", "URL Source:", "Markdown Content:") under a note's front matter is the
    page's metadata: a title cut with "..." is completed from the page's own heading, the URL gives the id, the
    page's furniture (its BibTeX dialog, its buttons) is no paper. A one-word ``title:`` over a longer ``# heading``
    is the note's short name; lines repeated under each author (an affiliation) are not papers."""
    text = ('---\ncreated: 2026-02-25\nsource: "https://openreview.net/forum?id=1bUeVB3fov"\n---\n'
            'Title: How Do Coding Agents Spend Your Money? Analyzing...\n\nURL Source: https://openreview.net/forum?id=1bUeVB3fov\n\n'
            'Markdown Content:\nHow Do Coding Agents Spend Your Money? Analyzing Token Consumptions | OpenReview\n===============\n\n'
            '### BibTeX Record\n\n_Click anywhere on the box above to highlight complete record_\n\nDone\n\n'
            'How Do Coding Agents Spend Your Money? Analyzing Token Consumptions\n-----------------\n\n'
            '### [Longju Bai](https://openreview.net/profile?id=~Longju_Bai1), [Zhemin Huang](https://openreview.net/profile?id=~Zhemin_Huang1)\n\n'
            '19 Sept 2025 (modified: 06 Jan 2026)ICLR 2026 Conference Withdrawn Submission Everyone[Revisions](https://openreview.net/revisions?id=1bUeVB3fov)\n\n'
            '**Keywords:**AI Agent\n\nCopy link\n\n#### Withdrawal by Authors\n\nCopy URL of note LlhhlEcDjW\n')
    [entry] = read_text(text, "note.md").entries
    assert (entry.title, entry.author[0].family, entry.issued.year, entry.extra["ids"]) == (
        "How Do Coding Agents Spend Your Money? Analyzing Token Consumptions", "Bai", 2025, {"openreview": "1bUeVB3fov"})
    blog = "Title: How I plan my week\n\nURL Source: https://example.org/blog/plan\n\nMarkdown Content:\nProse about weeks.\n"
    assert READERS.get("clipping").sniff(blog) == 0.0  # a converted page whose address is no paper's is not one
    short = ('---\ntitle: "NLLB"\nauthors: [Marta R. Costa-jussa, James Cross, et al.]\nyear: 2022\narxiv_id: "2207.04672"\n---\n\n'
             '# No Language Left Behind: Scaling Human-Centered Machine Translation\n\n## Summary\n\nProse.\n')
    [entry] = read_text(short, "card.md").entries
    assert (entry.title, entry.author[0].family, entry.arxiv_id) == (
        "No Language Left Behind: Scaling Human-Centered Machine Translation", "Costa-jussa", "2207.04672")
    pdf = ('---\ntitle: "Baby Intuitions Benchmark (BIB): Discerning the goals of others"\n'
           'source: "https://proceedings.neurips.cc/paper/2021/hash/525b8410cc8612283c9ecaf9a319f8ed-Abstract.html"\n'
           'author:\n  - "[[Kanishk Gandhi]]"\n  - "[[Gala Stojnic]]"\n  - "[[Brenden M. Lake]]"\npublished: 2021-12-06\n---\n\n'
           'Title: Baby Intuitions Benchmark (BIB): Discerning the goals of others\n\n'
           'URL Source: https://proceedings.neurips.cc/paper/2021/hash/525b8410cc8612283c9ecaf9a319f8ed-Abstract.html\n\n'
           'Markdown Content:\nBaby Intuitions Benchmark (BIB): Discerning the\ngoals of others\nKanishk Gandhi\nNew York University\n'
           'Gala Stojnic\nNew York University\nBrenden M. Lake\nNew York University\nAbstract\nTo achieve human-like common sense.\n')
    assert [(e.title, e.author[0].family, e.issued.year) for e in read_text(pdf, "clip.md").entries] == [
        ("Baby Intuitions Benchmark (BIB): Discerning the goals of others", "Gandhi", 2021)]


def test_one_scholar_result_with_its_tag_and_a_title_ending_in_a_role_word() -> None:
    """One Google Scholar result ("[PDF] Title" over its byline), as an alert e-mail gives it: the page-blocks shape,
    the first author the byline's first; a title ending in "Students" is a title, not a people heading."""
    text = ("[PDF] From Consumers to Critical Users: Prompty, an AI Literacy Tool For High School Students\n"
            "DV Dennison, RCC Garcia, P Sarin, J Wolf, C Bywater… - 2024\n"
            "In an age where Large Language Models (LLMs) expedite the generation of text, the\n"
            "skills for critically evaluating and creating meaningful text are often lacking …\n")
    assert detect(text, "alert.txt").name == "paper-blocks"
    [entry] = read_text(text, "alert.txt").entries
    assert (entry.title, entry.author[0].family, entry.issued.year, entry.extra.get("authors_truncated")) == (
        "From Consumers to Critical Users: Prompty, an AI Literacy Tool For High School Students", "Dennison", 2024, True)


def test_clipping_of_an_openreview_page_and_a_wiki_template() -> None:
    """The forum page's heading of authors is the clipped paper again, not another; a wiki ``{{Paper |title=...}}``
    template is the same kind of block; a site page's ``title: Publications`` is not a paper's."""
    text = ('---\ntitle: "Epistemic Reject Option Prediction"\nsource: "https://openreview.net/forum?id=JJZ2I8qQeO&noteId=UAmcyDvMCl"\n'
            'author:\n  - "[[Vojtech Franc]]"\n  - "[[Jakub Paplhám]]"\npublished:\ncreated: 2026-05-26\n---\n'
            '### Vojtech Franc, Jakub Paplhám\n\nSubmitted to ICML 2026 Conference, Senior Area Chairs, Area Chairs, Reviewers, Authors\n\n'
            '**Keywords:** reject-option prediction, epistemic uncertainty\n')
    [entry] = read_text(text, "clip.md").entries
    assert (entry.title, [a.family for a in entry.author], entry.issued, entry.extra["ids"]) == (
        "Epistemic Reject Option Prediction", ["Franc", "Paplhám"], None, {"openreview": "JJZ2I8qQeO"})
    wiki = ("=Paper=\n{{Paper\n|id=Vol-2655/paper13\n|title=Robust Multi-Output Learning with Highly Incomplete Data\n"
            "|authors=Giancarlo Fissore, Yufei Han, Aurélien Decelle, Cyril Furtlehner\n|dblpUrl=https://dblp.org/rec/conf/ecai/FissoreHDF20\n}}\n"
            "==Robust Multi-Output Learning with Highly Incomplete Data==\nfour methods above can handle all the challenges.\n")
    [entry] = read_text(wiki, "wiki.txt").entries
    assert (entry.title, entry.author[0].family, entry.extra["ids"]) == (
        "Robust Multi-Output Learning with Highly Incomplete Data", "Fissore", {"dblp": "conf/ecai/FissoreHDF20"})
    assert READERS.get("clipping").sniff("---\nlayout: page\ntitle: Publications\npermalink: /publications/\n---\n") == 0.0
    blog = ('---\ntitle: "Papers I read this week"\nsource: "https://example.org/blog/week-12"\nauthor: "[[Ann Reader]]"\n---\n'
            '- [Attention Is All You Need](https://arxiv.org/abs/1706.03762) (2017)\n'
            '- [Deep Residual Learning for Image Recognition](https://arxiv.org/abs/1512.03385) (2015)\n')
    library = read_text(blog, "blog.md")
    assert [e.arxiv_id for e in library.entries] == ["1706.03762", "1512.03385"]
    assert any("own title is no paper" in p.message for p in library.problems)
    note = ('---\ntitle: "A decoder-only foundation model for time-series forecasting"\nsource: "https://proceedings.mlr.press/v235/das24c.html"\n'
            'venue: "ICML 2024"\n---\n\n# A decoder-only foundation model for time-series forecasting\n')
    [entry] = read_text(note, "note.md").entries
    assert (entry.title, entry.issued.year, entry.container_title) == (
        "A decoder-only foundation model for time-series forecasting", 2024, "ICML 2024")


def test_a_title_wrapped_over_two_lines() -> None:
    """A paper's first page (PDF text) or an ar5iv page wraps a long title: the line ending ``in``/``for`` goes on."""
    pdf = ("Understanding Task Design Trade-offs in\nCrowdsourced Paraphrase Collection\n"
           "Youxuan Jiang, Jonathan K. Kummerfeld and Walter S. Lasecki\nComputer Science & Engineering\nAbstract\n"
           "Linguistically diverse datasets are critical for training and evaluating robust machine learning systems, but data "
           "collection is a costly process that often requires experts.\n")
    [entry] = read_text(pdf, "page.txt").entries
    assert (entry.title, entry.author[0].family) == ("Understanding Task Design Trade-offs in Crowdsourced Paraphrase Collection", "Jiang")
    ar5iv = ("Learning Summary Statistics for\nBayesian Inference with Autoencoders\nAbstract\n"
             "For stochastic models with intractable likelihood functions, approximate Bayesian computation offers a way of "
             "approximating the true posterior through repeated comparisons of observations with simulated model outputs.\n")
    assert [e.title for e in read_text(ar5iv, "page.txt").entries] == ["Learning Summary Statistics for Bayesian Inference with Autoencoders"]


# --- workshops' accepted-paper pages (the fresh6 holdout) ----------------------------------

def test_accepted_papers_with_committees_around_them() -> None:
    """'- "Title"; Author, Author' items are papers; the dates table, the bold emphasis in a sentence and the committee
    ('- Name, Affiliation') around them are not."""
    text = ('### Accepted Papers\n- "Causal Reasoning in the Era of Large Language Models"; Raha Moraffah\n'
            '- "ColdNet: Neural Causal Inference Under Extreme Imbalance and Sparsity"; Mahmudur Rahman, Sanskar Tewatia, Dhruv Garg\n'
            '- "Learning Causality with Graphs"; Jundong Li\n\n## Important Dates\nAll deadlines are at **11:59 PM (Anywhere on Earth)** '
            'unless otherwise noted.\n\n|Camera-ready Deadline|Feb 5, 2026|\n|Workshop Date|Feb 26, 2026|\n\n### PC Members\n'
            '- Aman Chadha,\tApple Inc/Stanford University\n- Feng Vic,\tHarvard University\n- Lyu Yi,\tUniversity of Wisconsin-Madison\n')
    assert [(e.title, [a.family for a in e.author]) for e in read_text(text, "page.md").entries] == [
        ("Causal Reasoning in the Era of Large Language Models", ["Moraffah"]),
        ("ColdNet: Neural Causal Inference Under Extreme Imbalance and Sparsity", ["Rahman", "Tewatia", "Garg"]),
        ("Learning Causality with Graphs", ["Li"]),
    ]


def test_accepted_papers_authors_below_or_in_italics() -> None:
    """'- **[Title](url)**' over the plain author line, '[**Title**](url) - *Lone Author*', and the page as a browser
    copy gives it (a lone author's plain name in the authors' place); committee members ('Dr. Name' over an
    affiliation) are people, not papers."""
    md = ("## Accepted Papers\n\n- **[Hardness of MAPF under Destination Uncertainty](https://drive.google.com/file/d/1o/view)**  \n"
          "  P. Maurice Dekker\n\n- **[Concurrent Action Models for DEL](https://drive.google.com/file/d/1m/view)**  \n  Ludovico Deponte\n\n"
          "- **[Generation of Suspicious Behaviour](https://drive.google.com/file/d/1b/view)**  \n  Peta Masters, Daniel Gallagher, Mor Vered\n\n"
          "## Organizing Committee\n\n- **[Dr. Chenyuan Zhang](https://chen-yuan-zhang.github.io/)**  \n  Monash University, Australia\n")
    expected = [("Hardness of MAPF under Destination Uncertainty", "Dekker"), ("Concurrent Action Models for DEL", "Deponte"),
                ("Generation of Suspicious Behaviour", "Masters")]
    assert [(e.title, e.author[0].family) for e in read_text(md, "page.md").entries] == expected
    rendered = ("Accepted Papers\n\nHardness of MAPF under Destination Uncertainty\nP. Maurice Dekker\n\n"
                "SMT-Based Goal and Plan Recognition\nKin Max Piamolini Gusmão, Joan Espasa, Nir Lipovetzky\n\n"
                "Concurrent Action Models for DEL\nLudovico Deponte\n\nGeneration of Suspicious Behaviour\nPeta Masters, Daniel Gallagher, Mor Vered\n\n"
                "Organizing Committee\n\nDr. Chenyuan Zhang\nMonash University, Australia\n\nDr. Guang Hu\nUniversity of Melbourne, Australia\n")
    assert [(e.title, e.author[0].family) for e in read_text(rendered, "page.txt").entries] == [
        expected[0], ("SMT-Based Goal and Plan Recognition", "Gusmão"), *expected[1:]]  # an acronym compound is no name
    italic = ("- [**Sample Complexity for Obtaining Sub-optimality and Violation bound for Distributionally Robust Constrained MDP**]"
              "(https://openreview.net/forum?id=T2XyWqN2dw) - *Arnob Ghosh*\n"
              "- [**DECAF: Learning to be Fair in Multi-agent Resource Allocation**](https://openreview.net/forum?id=Y3YHGouOjZ) - *Ashwin Kumar, William Yeoh*\n"
              "- [**Operator Bellman Equations Support Compositional & Verifiable Planning in Hierarchical World-models**]"
              "(https://openreview.net/forum?id=VoxiFqYFjl) - *Tom Ringstrom*\n")
    assert [[a.family for a in e.author] for e in read_text(italic, "page.md").entries] == [["Ghosh"], ["Kumar", "Yeoh"], ["Ringstrom"]]


# --- reference lists of other fields, digests and publication pages (the fresh7 holdout) ----

@pytest.mark.parametrize("text, title, family, year", [
    # initials without points before the family, a bare year, the title in italics (media studies)
    ("P Dourish 2017 *The Stuff of Bits: An Essay on the Materialities of Information* MIT Press, Cambridge, Mass.",
     "The Stuff of Bits: An Essay on the Materialities of Information", "Dourish", 2017),
    ("H Abelson, GJ Sussman & J Sussman 1996 *Structure and Interpretation of Computer Programs* MIT Press.",
     "Structure and Interpretation of Computer Programs", "Abelson", 1996),
    # a plain title closed by the italic venue
    ("L Parisi 2019 The alien subject of AI, *Subjectivity* 12: 1, pp. 27–48.", "The alien subject of AI", "Parisi", 2019),
    # a quoted title that reads like a list of names is still the title
    ('M Foucault 1977 "Nietzsche, Genealogy, History" in *Language, Counter-Memory, Practice*', "Nietzsche, Genealogy, History",
     "Foucault", 1977),
    # a capitalised particle opens an inverted family ("Van Evera, Stephen"), as a lowercase one does
    ("Van Evera, Stephen. 1997. *Guide to Methods for Students of Political Science*. Ithaca: Cornell University Press.",
     "Guide to Methods for Students of Political Science", "Van Evera", 1997),
    # the editor mark after the name is no title; "St." ends no sentence; a title may open with a year
    ("Miller, Martin A. Ed. The Russian Revolution: The Essential Readings. Great Britain: Wiley-Blackwell, 2001.",
     "The Russian Revolution: The Essential Readings", "Miller", 2001),
    ("Surh, Gerald D. 1905 in St. Petersburg: Labor, Society, and Revolution. Stanford University Press, 1989.",
     "1905 in St. Petersburg: Labor, Society, and Revolution", "Surh", 1989),
    ("Steinberg, Mark D. Ed. Voices of Revolution, 1917. USA: Yale University Press, 2001.", "Voices of Revolution, 1917",
     "Steinberg", 2001),
    # IEEE Xplore's export of a hyphenated first name
    ('[2] J. . -F. Cardoso, "Blind signal separation: statistical principles," in Proceedings of the IEEE, vol. 86, no. 10, '
     "pp. 2009-2025, Oct. 1998, doi: 10.1109/5.720250.", "Blind signal separation: statistical principles", "Cardoso", 1998),
])
def test_fresh7_reference_shapes(text: str, title: str, family: str, year: int) -> None:
    """Reference shapes of the fresh7 holdout, each read whole."""
    assert _summary(read_text(text + "\n" + text.replace(str(year), str(year - 1), 1), "refs.md"))[0] == (title, family, year)


def test_one_letter_particle_is_no_family_piece() -> None:
    """'Y Bengio, AC Courville' (Scholar's initials first) are two people, though 'y' is a particle in 'Ortega y Gasset'."""
    assert [n.family for n in parse_authors("Y Bengio, AC Courville, P Vincent")[0]] == ["Bengio", "Courville", "Vincent"]
    assert [(n.family, n.given) for n in parse_authors("De Raedt, Luc")[0]] == [("De Raedt", "Luc")]


def test_a_title_naming_its_editor_keeps_it() -> None:
    """'Ghost Stories. Ed. Peter Washington.': the editor mark follows a title here, not an author's name."""
    ref = parse_reference("Ghost Stories. Ed. Peter Washington. New York: Alfred A. Knopf, 2008.")
    assert ref is None or ref.title != "Peter Washington"


def test_works_listed_under_their_author() -> None:
    """A name alone on its line over 'Title, 1885.' lines: the author's works, each a record with that author; the
    next full reference ends the list; a page's 'Maintained by' sentence is no reference."""
    text = ("Pipes, Richard. The Russian Revolution. Vintage, 1991.\nPlekhanov, Grigory [available at marxist.org]\n"
            "Socialism and the Political Struggle, 1883\n\"Programme of Social-Democratic Emancipation of Labour Group,\" 1884.\n"
            "Our Differences, 1885.\nReed, John. Ten Days That Shook the World. Penguin, 2007.\n"
            "Sablinsky, Walter. The Road to Bloody Sunday : Father Gapon and the St. Petersburg Massacre of 1905. Princeton: "
            "Princeton University Press, 1976.\n")
    library = read_text(text, "bibliography.txt")
    assert _summary(library) == [
        ("The Russian Revolution", "Pipes", 1991), ("Socialism and the Political Struggle", "Plekhanov", 1883),
        ("Programme of Social-Democratic Emancipation of Labour Group", "Plekhanov", 1884), ("Our Differences", "Plekhanov", 1885),
        ("Ten Days That Shook the World", "Reed", 2007),
        ("The Road to Bloody Sunday : Father Gapon and the St. Petersburg Massacre of 1905", "Sablinsky", 1976)]
    assert not [p for p in library.problems if "Plekhanov" in p.message]  # the name line is used, not unread
    assert parse_reference("[Justification Logic Bibliography](https://sites.google.com/site/k/jlb), A complete bibliography of "
                           "material on justification logic. Maintained by Roman Kuznets, researcher at the University of Bern.") is None


def test_markdown_digest_records() -> None:
    """'#### Title' over '- **Authors:** ...', '- **Arxiv link:** ...', '- **Abstract**': one paper per heading, the
    labels no titles, the year the id's; a heading over notes without authors or ids is no paper."""
    text = ("# Showing new listings for Tuesday, 25 February 2025\n\n### Today: 2papers \n"
            "#### Speech Enhancement Using Continuous Embeddings of Neural Audio Codec\n"
            " - **Authors:** Haoyang Li, Jia Qi Yip, Tianyu Fan, Eng Siong Chng\n - **Subjects:** Subjects:\n"
            "Audio and Speech Processing (eess.AS)\n - **Arxiv link:** https://arxiv.org/abs/2502.16240\n\n"
            " - **Pdf link:** https://arxiv.org/pdf/2502.16240\n\n - **Abstract**\n Recent advancements in Neural Audio Codec.\n"
            "#### voc2vec: A Foundation Model for Non-Verbal Vocalization\n"
            " - **Authors:** Alkis Koudounas, Moreno La Quatra, Marco Sabato Siniscalchi, Elena Baralis\n"
            " - **Arxiv link:** https://arxiv.org/abs/2502.16298\n\n - **Abstract**\n Speech foundation models.\n"
            "### Dates\n - **Deadline:** March 3\n - **Notes:** none\n")
    entries = read_text(text, "digest.md").entries
    assert [(e.title, e.author[0].family, e.arxiv_id, issued_date(e).year) for e in entries] == [
        ("Speech Enhancement Using Continuous Embeddings of Neural Audio Codec", "Li", "2502.16240", 2025),
        ("voc2vec: A Foundation Model for Non-Verbal Vocalization", "Koudounas", "2502.16298", 2025)]
    titled = ("### Title:\n          PanoImager: Geometry-Guided Novel View Synthesis from Sparse Panoramic Views\n"
              " - **Authors:** Zhisong Xu, Takeshi Oishi\n - **Arxiv link:** https://arxiv.org/abs/2606.20001\n"
              "### Title:\n          Another Paper on Panoramas\n - **Authors:** Ann Author\n - **Arxiv link:** https://arxiv.org/abs/2606.20002\n")
    assert [e.title for e in read_text(titled, "digest.md").entries] == [
        "PanoImager: Geometry-Guided Novel View Synthesis from Sparse Panoramic Views", "Another Paper on Panoramas"]


def test_publication_page_front_matter_citation() -> None:
    """A personal site's publication page (academicpages): the front matter's title, and its citation field for the
    authors (corresponding-author stars and the owner's bold dropped), year and DOI; its body's citation is no second paper."""
    text = ("---\ntitle: \"Fat-U-Net: non-contracting U-Net for free-space optical neural networks\"\ncollection: publications\n"
            "date: 2024-03-13\nvenue: 'SPIE Photonics West- AI and Optical Data Sciences V'\n"
            "citation: 'Riad Ibadulla, Constantino C. Reyes-Aldasoro, and Thomas M. Chen \"Fat-U-Net: non-contracting U-Net for "
            "free-space optical neural networks\", Proc. SPIE 12903, 1290308 (13 March 2024); https://doi.org/10.1117/12.3008618'\n---\n\n"
            "Abstract\n\nThis paper describes the advantages of adapting the U-Net architecture.\n\nRecommended citation: \n\n"
            "Riad Ibadulla, Constantino C. Reyes-Aldasoro, and Thomas M. Chen \"Fat-U-Net: non-contracting U-Net for free-space optical "
            "neural networks\", Proc. SPIE 12903, 1290308 (13 March 2024)\n")
    entries = read_text(text, "fatunet.md").entries
    assert [(e.title, [a.family for a in e.author], issued_date(e).year, e.DOI) for e in entries] == [
        ("Fat-U-Net: non-contracting U-Net for free-space optical neural networks", ["Ibadulla", "Reyes-Aldasoro", "Chen"], 2024,
         "10.1117/12.3008618")]
    starred = ("---\ntitle: \"Efficient Construction and Simplification of Delaunay Meshes\"\ncollection: publications\n"
               "date: 2015-11-06\nvenue: 'ACM Transactions on Graphics'\ncitation: 'Yong-Jin Liu*, Chun-Xu Xu, Dian Fan, Ying He* (2015) "
               "Efficient Construction and Simplification of Delaunay Meshes. ACM Transactions on Graphics, Vol. 34, No. 6, 2015.'\n---\n\n"
               "Abstract: Delaunay meshes (DM) are a special type of triangle mesh.\n\nRecommended citation: **Yong-Jin Liu***, Chun-Xu Xu, "
               "Dian Fan, Ying He* (2015) Efficient Construction and Simplification of Delaunay Meshes. ACM Transactions on Graphics.\n")
    assert _summary(read_text(starred, "dm.md")) == [("Efficient Construction and Simplification of Delaunay Meshes", "Liu", 2015)]


# --- Scholar today, medical and Harvard lists, footnotes, blogs (the fresh8 holdout) ------------

@pytest.mark.parametrize("text, title, family, year", [
    # a Markdown footnote's label
    ("[^1]: Liu, X., Zhang, N., Chang, C., & Duyn, J. H. (2018). Co-activation patterns in resting-state fMRI signals. "
     "NeuroImage, 180, 485–494. https://doi.org/10.1016/j.neuroimage.2018.01.041",
     "Co-activation patterns in resting-state fMRI signals", "Liu", 2018),
    # PubMed's Epub date is not the year; the journal's date is
    ("DeKraker J, Ferko KM, Lau JC, Köhler S, Khan AR. Unfolding the hippocampus: An intrinsic coordinate system for subfield "
     "segmentations and quantitative mapping. Neuroimage. 2018 Feb 15;167:408-418. doi: 10.1016/j.neuroimage.2017.11.054. "
     "Epub 2017 Nov 23. PMID: 29175494.",
     "Unfolding the hippocampus: An intrinsic coordinate system for subfield segmentations and quantitative mapping", "DeKraker", 2018),
    # "Part 1." ends the title before Harvard's "Available at:"; the access date is no year
    ("Docker Inc. (2021) Containerized Python Development – Part 1. Available at: [https://www.docker.com/blog/x/]"
     "(https://www.docker.com/blog/x/) (Accessed: 30 November 2024).", "Containerized Python Development – Part 1", "Docker Inc", 2021),
    # APA's bracketed description and PubMed's update note are no part of the title
    ("Zuley, M. L., Jarosz, R., & Lemmerman, J. (2016). TCGA-PRAD (Prostate Adenocarcinoma) [Dataset]. The Cancer Imaging Archive "
     "(TCIA). https://www.cancerimagingarchive.net/collection/tcga-prad/", "TCGA-PRAD (Prostate Adenocarcinoma)", "Zuley", 2016),
    ("Leslie SW, Soon-Sutton TL, Skelton WP. Prostate Cancer. [Updated 2024 Oct 4]. In: StatPearls [Internet]. Treasure Island "
     "(FL): StatPearls Publishing; 2025 Jan-.", "Prostate Cancer", "Leslie", 2025),
    # a group author before the people
    ("US Preventive Services Task Force; Grossman DC, Curry SJ, Owens DK. Screening for Prostate Cancer: US Preventive Services "
     "Task Force Recommendation Statement. JAMA. 2018 May 8;319(18):1901-1913. doi: 10.1001/jama.2018.3710.",
     "Screening for Prostate Cancer: US Preventive Services Task Force Recommendation Statement", "US Preventive Services Task Force", 2018),
    # a name list written family first with full given names ("Muenzing Sascha E.A." shows the order)
    ("DeKraker Jordan, Palomero-Gallagher Nicola, Kedo Olga, Muenzing Sascha E.A., Khan Ali R., Evans Alan C. (2023) Evaluation "
     "of surface-based hippocampal registration using ground-truth subfield definitions eLife 12:RP88404",
     "Evaluation of surface-based hippocampal registration using ground-truth subfield definitions eLife 12:RP88404", "DeKraker", 2023),
])
def test_fresh8_reference_shapes(text: str, title: str, family: str, year: int) -> None:
    """Reference shapes of the fresh8 holdout, each read whole (a company or a group is an author by its whole name)."""
    got = _summary(read_text(text + "\n" + text.replace(str(year), str(year - 1), 1), "refs.md"))[0]
    assert (got[0], got[2]) == (title, year)
    assert got[1] == family


def test_a_site_button_keeps_its_url_apart() -> None:
    """'doi:10.1093/jas/skab346 [Link](https://...)': the DOI ends where the button starts."""
    text = ("Weinroth MD, Belk AD, Dean C, et al. Considerations and best practices in animal science 16S ribosomal RNA gene "
            "sequencing microbiome studies. J Anim Sci. 2022;100(2):skab346. doi:10.1093/jas/skab346 "
            "[Link](https://academic.oup.com/jas/article/100/2/skab346/6519592)\n\n"
            "Callahan BJ, McMurdie PJ, Rosen MJ. DADA2: High-resolution sample inference from Illumina amplicon data. Nat Methods. "
            "2016;13(7):581-583. doi:10.1038/nmeth.3869 [Link](https://www.nature.com/articles/nmeth.3869)\n")
    assert [e.DOI for e in read_text(text, "reading.md").entries] == ["10.1093/jas/skab346", "10.1038/nmeth.3869"]


def test_an_id_in_a_link_takes_the_link_words_as_its_title() -> None:
    """In prose, '[Title words](url holding an id)' gives a titled record; a button's or a URL's words do not."""
    text = ("Article: [Beyond Normalization: Incorporating Scale Uncertainty in Microbiome and Gene Expression Analysis]"
            "(https://www.biorxiv.org/content/10.1101/2024.04.01.587602v1.full)\n"
            "see also [pdf](https://arxiv.org/pdf/1706.03762) for the rest\n")
    entries = READERS.get("ids").read(text, "mail.txt").entries
    assert [(e.title, e.DOI or e.arxiv_id) for e in entries] == [
        ("Beyond Normalization: Incorporating Scale Uncertainty in Microbiome and Gene Expression Analysis", "10.1101/2024.04.01.587602"),
        (None, "1706.03762")]


def test_scholar_results_with_a_publisher_and_ai_summaries() -> None:
    """Scholar's '- Springer' (a publisher, not a domain) ends the venue and year; its AI summary, labelled findings and
    library links ('Find@UW') are no papers."""
    text = ("Generating network security defense strategy based on cyber threat intelligence knowledge graph\n"
            "S Zhang, S Li, P Chen, S Wang, C Zhao - International Conference on …, 2022 - Springer\n"
            "Develops CTI-KGE, a knowledge graph embedding algorithm used for link prediction tasks to infer tail entities.\n"
            "0-day Attack Prediction: Transforms attack prediction into a link prediction problem on a network defense graph.\n"
            "Save Cite Cited by 16 Related articles \nFind@UW\n"
            "Infer the missing facts of D3FEND using knowledge graph representation learning\n"
            "A Khobragade, S Ghumbre… - International Journal of …, 2023 - emerald.com\n"
            "Proposes an automated approach to predict missing facts in the D3FEND knowledge graph.\n"
            "Save Cite Cited by 6 Related articles All 2 versions\n")
    assert _summary(read_text(text, "scholar.txt")) == [
        ("Generating network security defense strategy based on cyber threat intelligence knowledge graph", "Zhang", 2022),
        ("Infer the missing facts of D3FEND using knowledge graph representation learning", "Khobragade", 2023)]


def test_an_arxiv_mirror_without_ids_is_read_as_title_author_pairs() -> None:
    """An arXiv mirror's '1. Title.' over 'Authors: ...' looks like an arXiv page but holds no ids: title / author-line
    pairs read it (were the arXiv reader still chosen and found nothing, the next shape that fits would be asked)."""
    text = ("Computation and Language\n\n  1. A Model-Driven Probabilistic Parser Generator.\n\n"
            "    Authors: Luis Quesada, Fernando Berzal, Francisco J. Cortijo\n    Subjects: Computation and Language\n    Abstract\n\n"
            "    Existing probabilistic scanners and parsers impose hard constraints on the\n    way lexical ambiguities can be resolved.\n\n"
            "  2. Parsing of Myanmar sentences with function tagging.\n\n    Authors: Win Win Thant, Tin Myat Htwe, Ni Lar Thein\n"
            "    Subjects: Computation and Language\n    Abstract\n\n    This paper describes the use of Naive Bayes to address the\n"
            "    task of assigning function tags.\n")
    library = read_text(text, "mirror.txt")
    assert [(e.title, e.author[0].family) for e in library.entries] == [
        ("A Model-Driven Probabilistic Parser Generator", "Quesada"), ("Parsing of Myanmar sentences with function tagging", "Thant")]


def test_blog_bold_titles_glued_to_authors() -> None:
    """'**Title**Authors' paragraphs, the next one run into the italic comment before it ('...here.***Title**Authors');
    a bold phrase in prose is no paper."""
    text = ("In December 2019 I had the pleasure to attend the\n\n**33rd Conference on Neural Information Processing Systems**"
            "(NeurIPS 2019) in Vancouver, Canada.\n\n### Best\n\n**Superposition of many models into one**Brian Cheung, "
            "Alexander Terekhov, Yubei Chen\n\n*It is commonsense knowledge that deep neural networks are over-parameterized. "
            "The authors have published their code here.***Guided Similarity Separation for Image Retrieval**Chundi Liu, "
            "Guangwei Yu, Maksims Volkovs\n")
    assert [(e.title, e.author[0].family) for e in read_text(text, "blog.md").entries] == [
        ("Superposition of many models into one", "Cheung"), ("Guided Similarity Separation for Image Retrieval", "Liu")]


# --- digest mails and chemistry's ACS lists (the fresh9 holdout) ----------------------------------

def test_journal_digest_mail_with_certification_labels() -> None:
    """A journal's weekly digest: 'Survey Certification: Title' over the authors and the OpenReview URL, then
    'Title:' / 'Authors:' blocks without arXiv ids; the labels are no part of the titles and the URL's id is kept."""
    text = ("Weekly TMLR digest for Dec 03, 2023\n\nNew certifications\n==================\n\n"
            "Survey Certification: Causal Reinforcement Learning: A Survey\n\nZhihong Deng, Jing Jiang, Guodong Long, Chengqi Zhang\n\n"
            "https://openreview.net/forum?id=qqnttX9LPo\n\n---\n\n\n"
            "Featured Certification, Expert Certification: Neural Ordinary Differential Equations for Modeling Epidemic Spreading\n\n"
            "Chrysoula Kosma, Giannis Nikolentzos, George Panagopoulos\n\nhttps://openreview.net/forum?id=yrkJGne0vN\n\n---\n\n\n"
            "Accepted papers\n===============\n\n\nTitle: Accelerating Batch Active Learning Using Continual Learning Techniques\n\n"
            "Authors: Arnav Mohanty Das, Gantavya Bhatt, Jeff Bilmes\n\nAbstract: A major problem with Active Learning (AL) is high "
            "training costs since models are typically retrained from scratch after every query round.\n")
    entries = read_text(text, "digest.txt").entries
    assert [(e.title, e.author[0].family, (e.extra.get("ids") or {}).get("openreview")) for e in entries] == [
        ("Causal Reinforcement Learning: A Survey", "Deng", "qqnttX9LPo"),
        ("Neural Ordinary Differential Equations for Modeling Epidemic Spreading", "Kosma", "yrkJGne0vN"),
        ("Accelerating Batch Active Learning Using Continual Learning Techniques", "Das", None)]


@pytest.mark.parametrize("text, title, family, year", [
    # reStructuredText's '#.' item, the emphasised title after the authors, the bold venue
    ("#.\n   Olds, D. P.; Duxbury, P. M., *Efficient algorithms for calculating small-angle scattering from large model structures.*\n"
     "   **Journal of Applied Crystallography 2014, 47 (3), 1077-1086.** (`link <https://journals.iucr.org/j/issues/2014/03/00/kk5148/index.html>`_)",
     "Efficient algorithms for calculating small-angle scattering from large model structures", "Olds", 2014),
    # a suffix before the comma; a highlight's year is another publication's
    ("9) Das, A.; Wang, C.-H.; Van Trieste III, G. P.; Powers, D. C. In Crystallo Snapshots of Rh2-Catalyzed C–H Amination. "
     "J. Am. Chem. Soc. 2020, 142, 19862–19867. DOI: 10.1021/jacs.0c09842 (Highlight: Nat. Rev. Chem. 2021, 5, 2)",
     "In Crystallo Snapshots of Rh2-Catalyzed C–H Amination", "Das", 2020),
    ("11) Van Trieste III, G. P.; Reid, K. A.; Powers, D. C. Nitrene Photochemistry of Manganese N-Haloamides. Angew. Chem. "
     "Int. Ed. 2021, 60, 26647–26655. DOI: 10.1002/anie.202108304", "Nitrene Photochemistry of Manganese N-Haloamides", "Van Trieste", 2021),
    # 'Family I.;' names are people, not a group author
    ("1) Dhara S.; Singha R.; Ghosh M.; Ray J. K. Pd-free Sonogashira coupling: one-pot synthesis of phthalide via domino "
     "Sonogashira coupling and 5-exo-dig cyclization. RSC Adv. 2014, 4, 42604–42607.",
     "Pd-free Sonogashira coupling: one-pot synthesis of phthalide via domino Sonogashira coupling and 5-exo-dig cyclization", "Dhara", 2014),
])
def test_fresh9_reference_shapes(text: str, title: str, family: str, year: int) -> None:
    """ACS reference shapes of the fresh9 holdout, each read whole."""
    assert _summary(read_text(text + "\n\n" + text.replace(str(year), str(year - 1), 1), "refs.rst"))[0] == (title, family, year)


def test_restructuredtext_markup_is_no_reference() -> None:
    """Heading underlines and directives (.. toctree::, :maxdepth: 1) are markup: neither records nor warnings."""
    text = ("References\n__________\n\n#.\n   Wu, Z.; Jayaraman, A., *Machine Learning-Enhanced Analysis of Fibrillar Structures.*\n"
            "   **Macromolecules 2022, 55 (24), 11076-11091.**\n\n#.\n   Ye, Z.; Jayaraman, A., *Vesicles Assembled from Amphiphilic "
            "Macromolecular Solutions.*\n   **JACS Au 2021, 1 (11), 1925-1936.**\n\n.. toctree::\n    :caption: Getting started\n"
            "    :maxdepth: 1\n")
    library = read_text(text, "index.rst")
    assert [e.author[0].family for e in library.entries] == ["Wu", "Ye"]
    assert not [p for p in library.problems if "toctree" in p.message or "maxdepth" in p.message or "____" in p.message]


# --- tables of papers, references in links, other languages (the fresh10 holdout) -----------------

def test_markdown_tables_of_papers() -> None:
    """A Citation column holds a whole reference (its bold title, its authors); a row left open after its last pipe and a
    stray fence after it are rows; a Title column's '[Nickname]' is no title, and one word is a title beside an Authors
    column."""
    cited = ("| Table name | Description | Citation | Weblink |\n|------------|-------------|----------|---------|\n"
             "| haggle | social contacts | A Chaintreau, P Hui, J Crowcroft. **Impact of human mobility on opportunistic forwarding "
             "algorithms**. IEEE Trans. on Mobile Computing, 6(6):606--620, 2007.  | [link](http://konect.uni-koblenz.de/networks/contact)\n"
             "| email | prepared by [Radoslaw Michalski](https://www.ii.pwr.edu.pl/~michalski/) | R Michalski, S Palus, P Kazienko: "
             "**Matching Organizational Structure and Social Network Extracted from Email Communication**, LNBIP, vol. 87, "
             "pp. 197-206, Springer, Berlin Heidelberg (2011)  |[link](https://www.ii.pwr.edu.pl/) |\n")
    assert _summary(read_text(cited, "README.md")) == [
        ("Impact of human mobility on opportunistic forwarding algorithms", "Chaintreau", 2007),
        ("Matching Organizational Structure and Social Network Extracted from Email Communication", "Michalski", 2011)]
    review = (DATA / "pastes" / "md_table_link_review_authors_column.txt").read_text(encoding="utf-8")
    titles = [e.title for e in read_text(review, "review.md").entries]
    assert "Hierarchical text-conditional image generation with clip latents" in titles and "OpenCLIP" in titles
    table = (DATA / "pastes" / "md_table_bold_title_year_venue.txt").read_text(encoding="utf-8")
    assert _summary(read_text(table, "table.md"))[0] == ("MRG-SER: Self-supervised Spatial Entity Resolution Based on Multi-Relational Graph",
                                                        None, 2024)  # its row ends in a stray fence


def test_references_wrapped_in_links_and_other_languages() -> None:
    """A whole reference as a link's text (LNCS items, kramdown attributes), a list item that is a reference without any
    link, and a Chinese page's '，[Title](url)（2017），' are read as references."""
    text = ("## References\n- [Mehrmann, V., Unger, B.: Control of port-Hamiltonian differential-algebraic systems and applications. "
            "Acta Numer 32, 395–515 (2023). https://doi.org/10.1017/S0962492922000083](control-of-port-hamiltonian) -- "
            "[10.1017/S0962492922000083](https://doi.org/10.1017/S0962492922000083)\n"
            "- Haasdonk, B., Ohlberger, M.: Space-adaptive reduced basis simulation for time-dependent problems. In: MATHMOD, "
            "pp. 718–723 (2009).\n- [Beattie, C.A., Mehrmann, V., Van Dooren, P.: Robust port-Hamiltonian representations of passive "
            "systems. Automatica 100, 182–186 (2019). https://doi.org/10.1016/j.automatica.2018.11.013](robust-port-hamiltonian)\n")
    assert [(t, f, y) for t, f, y in _summary(read_text(text, "refs.md"))] == [
        ("Control of port-Hamiltonian differential-algebraic systems and applications", "Mehrmann", 2023),
        ("Space-adaptive reduced basis simulation for time-dependent problems", "Haasdonk", 2009),
        ("Robust port-Hamiltonian representations of passive systems", "Beattie", 2019)]
    chinese = ("[1] A. Vaswani, N. Shazeer, Ł. Kaiser, 和 I. Polosukhin，[Attention is All You Need](https://arxiv.org/pdf/1706.03762)"
               "（2017），神经信息处理系统进展 30（NIPS 2017）\n\n[4] A. Gu 和 T. Dao， [Mamba: 线性时间序列建模与选择性状态空间]"
               "(https://arxiv.org/abs/2312.00752)（2023），ArXiv abs/2312.00752\n")
    entries = read_text(chinese, "reading.md").entries
    assert [(e.title, [a.family for a in e.author], e.arxiv_id) for e in entries] == [
        ("Attention is All You Need", ["Vaswani", "Shazeer", "Kaiser", "Polosukhin"], "1706.03762"),
        ("Mamba: 线性时间序列建模与选择性状态空间", ["Gu", "Dao"], "2312.00752")]
    kramdown = ("[[2] A. Dosovitskiy, L. Beyer, J. Uszkoreit, N, Houlsby, An Image is Worth 16x16 Words: Transformers for Image "
                "Recognition at Scale, International Conference on Learning Representations (2021).](https://openreview.net/pdf?id=YicbFdNTTy)"
                "{: style=\"font-size: smaller\"}")
    ref = parse_reference(kramdown)
    assert (ref.title, ref.authors[-1].family, ref.year) == ("An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale",
                                                            "Houlsby", 2021)


def test_a_title_word_is_no_name_and_a_venue_is_no_title() -> None:
    """'H. Jaeger, The “echo state” approach ...': 'The' names nobody, so the quoted words are not the title; a reference
    whose only title-like part is 'Advances in Neural Information Processing Systems, page 5998' has no title; 'Bert:'
    after initialled names opens the title."""
    ref = parse_reference("[3] H. Jaeger, The “echo state” approach to analysing and training recurrent neural networks, GMD - German "
                          "National Research Institute for Computer Science, Tech. Rep., 2001")
    assert ref is not None and ref.title.startswith("The “echo state” approach")
    from citekit.sources.references import READER as REFS
    library = REFS.read("[1] A. Vaswani, N. Shazeer, and I. Polosukhin. Advances in Neural Information Processing Systems, page "
                        "5998--6008. (2017).\n", "refs.txt")
    assert not library.entries and library.problems
    bert = parse_reference("[2] J. Devlin, M.-W. Chang, K. Lee, K. Toutanova, Bert: Pre-training of deep bidirectional transformers "
                           "for language understanding, in: NAACL-HLT, Association for Computational Linguistics, 2019, pp. 4171–4186.")
    assert (bert.title, bert.authors[-1].family) == ("Bert: Pre-training of deep bidirectional transformers for language understanding",
                                                     "Toutanova")


def test_a_numbered_reference_list_is_no_page_of_papers() -> None:
    """'[1]', '[2]', '[3]' in order over names and titles wrapped over lines: a reference list, not title / author pairs."""
    text = ("[1] A. Vaswani, N. Shazeer, N. Parmar,\nAttention is all you need, in:\nAdvances in Neural Information Processing Systems, 2017.\n\n"
            "[2] J. Devlin, M.-W. Chang, K. Lee, K. Toutanova, Bert: Pre-training of deep\nbidirectional transformers for language "
            "understanding, 2019.\n\n[3] A. Radford, J. Wu, R. Child,\nLanguage models are unsupervised multitask learners, OpenAI Blog, 2019.\n")
    assert READERS.get("paper-blocks").sniff(text) < 0.5


# --- arXiv pages as clippers and text dumps give them; ids beside the records (the pagesB1 round) -----------

def test_arxiv_list_entry_in_markdown_definition_list_and_tab_title() -> None:
    """A converter's ':   Title:' (a <dd>) and an abs page's tab title '### 5. [ID] Title' read as arXiv's own lines;
    a front matter's 'title:' above them is no paper."""
    text = (
        "---\ntitle: \"A digest\"\ntags:\n  - daily\n---\n\n## Papers\n\n"
        "arXiv:2610.01471 (cross-list from cs.CL) [pdf, html, other]\n"
        ":   Title: When Does a Second Model Help? Cross-Model Review in LLM Verification\n\n"
        "    Tae-Eun Song\n\n"
        "    Comments: 15 pages. Follow-up to arXiv:2603.12123\n\n"
        "    Subjects: Computation and Language (cs.CL)\n\n---\n\n"
        "### 5. [2505.19955] MLR-Bench: Evaluating AI Agents on Open-Ended Machine Learning Research\n\n"
        "Which authors of this paper are endorsers? | Disable MathJax\n"
    )
    library = read_text(text, "digest.md")
    titled = [(e.title, e.author[0].family if e.author else None, e.arxiv_id) for e in library.entries]
    assert titled == [
        ("When Does a Second Model Help? Cross-Model Review in LLM Verification", "Song", "2610.01471"),
        ("MLR-Bench: Evaluating AI Agents on Open-Ended Machine Learning Research", None, "2505.19955"),
    ]
    # The id a paper's comment mentions is kept with that paper, not made a record of its own.
    assert library.entries[0].extra["mentions"] == ["arxiv:2603.12123"]


def test_abs_page_text_without_title_label_reads_its_view_pdf_line() -> None:
    """An /abs page copied without its 'Title:' line still says whose paper it is above its links; the ids in the
    prose above the page become id-only records."""
    text = (
        "Progress since 2022 (arXiv:2312.13972 and arXiv:2509.03144) leaves it open.\n\n"
        " Cite as:\n arXiv:2110.10530 [math.CO]\n \n (or \n arXiv:2110.10530v2 [math.CO] for this version)\n \n"
        " Submission history\n From: Mikael Rabie [view email] \n [v1]\n Wed, 20 Oct 2021 12:35:28 UTC (11 KB)\n\n"
        " Full-text links:\n Access Paper:\n\n"
        "View a PDF of the paper titled Improved pyrotechnics : Closer to the burning graph conjecture, by Paul Bastide and 5 other authors\n"
        "View PDF\n"
    )
    library = read_text(text, "abs.txt")
    paper = next(e for e in library.entries if e.title)
    assert (paper.title, paper.author[0].family, paper.arxiv_id, issued_date(paper).year) == (
        "Improved pyrotechnics : Closer to the burning graph conjecture", "Bastide", "2110.10530", 2021)
    assert paper.extra.get("authors_truncated") is True
    assert sorted(e.arxiv_id for e in library.entries if not e.title) == ["2312.13972", "2509.03144"]


def test_a_records_own_id_on_its_lines_joins_it() -> None:
    """A DOI link in a table row the reader did not take is that row's paper's DOI, not a record of its own."""
    text = (
        "|Year|Title|Venue|Link|\n|---|---|---|---|\n"
        "|2020|**Multi-Context Attention for Entity Matching**|```WWW```|[PDF](https://dl.acm.org/doi/10.1145/3366423.3380017)||\n"
        "|2018|**Deep Learning for Entity Matching: A Design Space Exploration**|```SIGMOD```|[PDF](https://dl.acm.org/doi/10.1145/3183713.3196926)|\n"
    )
    library = read_text(text, "table.md")
    assert [(e.title, e.DOI) for e in library.entries] == [
        ("Multi-Context Attention for Entity Matching", "10.1145/3366423.3380017"),
        ("Deep Learning for Entity Matching: A Design Space Exploration", "10.1145/3183713.3196926"),
    ]


def test_doi_ends_at_a_table_cell_and_arxiv_prefix_alone_is_none() -> None:
    """'10.1145/x)||' is '10.1145/x'; '10.48550/arxiv' cut at a line's end names no paper."""
    assert [(f.kind, f.value) for f in find_ids("[PDF](https://dl.acm.org/doi/10.1145/3366423.3380017)||")] == [("doi", "10.1145/3366423.3380017")]
    assert find_ids("https://doi.org/10.48550/arxiv") == []


def test_clipping_takes_the_authors_its_page_shows() -> None:
    """A clipping's front matter without authors: the abs page below names them ('Authors:[Name](search link)')."""
    text = (
        "---\nurl: https://arxiv.org/abs/2603.21852\ntitle: '[2603.21852] All elementary functions from a single binary operator'\n---\n\n"
        "# [2603.21852] All elementary functions from a single binary operator\n\n**arXiv:2603.21852** (cs)\n\n"
        "[Submitted on 23 Mar 2026 ([v1](https://arxiv.org/abs/2603.21852v1)), last revised 4 Apr 2026 (this version, v2)]\n\n"
        "Title:All elementary functions from a single binary operator\n"
        "============================================================\n\n"
        "Authors:[Andrzej Odrzywołek](https://arxiv.org/search/cs?searchtype=author&query=Odrzywo%C5%82ek,+A)\n\n"
        "> Abstract:A single two-input gate suffices for all of Boolean logic in digital hardware. No comparable primitive has been known.\n"
    )
    library = read_text(text, "clip.md")
    assert [(e.title, e.author[0].family, e.arxiv_id) for e in library.entries] == [
        ("All elementary functions from a single binary operator", "Odrzywołek", "2603.21852")]


def test_note_with_a_metadata_list_under_its_title() -> None:
    """'# Title', then '- Conference: icml-2026', '- Status: ...', '- Authors: A; B; C', the forum URL: one paper, its
    year from the venue's slug; the note's own sections below are no papers."""
    text = (
        "# How can embedding models bind concepts?\n\n## Metadata\n\n- Conference: icml-2026\n- Status: Spotlight\n"
        "- OpenReview ID: lFkGJ60bGq\n- Authors: Arnas Uselis; Darina Koishigarina; Seong Joon Oh\n"
        "- Primary area: general_machine_learning\n- Source URL: https://openreview.net/forum?id=lFkGJ60bGq\n\n"
        "## Abstract\n\nHumans easily determine which color belongs to which shape in multi-object scenes, an ability known as "
        "concept binding, and models struggle with it in many ways that we study here.\n"
    )
    library = read_text(text, "note.md")
    assert [(e.title, e.author[0].family, issued_date(e).year, e.extra.get("ids")) for e in library.entries] == [
        ("How can embedding models bind concepts?", "Uselis", 2026, {"openreview": "lFkGJ60bGq"})]


def test_reading_list_items_with_details_below() -> None:
    """'- *Title* [^^^](#return)' over nested items (URL, authors, venue and year): the title without its marks and
    back-link, the authors without the list's bullet."""
    text = (
        '<span id="a"> </span>\n- *Learning Representations for Time Series Clustering* [^^^](#return)\n'
        "    - Qianli Ma, Jiawei Zheng, Sen Li, Garrison W. Cottrell\n"
        "    - https://papers.nips.cc/paper/2019/hash/1359aa933b48b754a2f54adb688bfa77-Abstract.html\n"
        "    - Part of Advances in Neural Information Processing Systems 32 (NeurIPS 2019)\n\n"
        '<span id="b"> </span>\n- *Multivariate LSTM-FCNs for time series classification* [^^^](#return)\n'
        "    - https://www.sciencedirect.com/science/article/pii/S0893608019301200\n"
        "    - Fazle Karim, Somshubra Majumdar, Houshang Darabi, Samuel Harford\n"
        "    - Neural Networks, Volume 116, August 2019, Pages 237-245\n"
    )
    library = read_text(text, "list.md")
    assert [(e.title, e.author[0].given, e.author[0].family, issued_date(e).year) for e in library.entries] == [
        ("Learning Representations for Time Series Clustering", "Qianli", "Ma", 2019),
        ("Multivariate LSTM-FCNs for time series classification", "Fazle", "Karim", 2019),
    ]


def test_hugging_face_paper_page_as_a_browser_copies_it() -> None:
    """Names one a line with ',' between, 'Authors:' alone above them, the submitter's name under 'Submitted by', the
    Librarian Bot's similar papers ('Title (2025)', one wrapped over two lines), the page's id in its counters."""
    text = (
        "\nAgentic Context Engineering: Evolving Contexts for Self-Improving Language Models\nPublished on Oct 6\n"
        "Submitted by\ntaesiri\non Oct 7\n#3 Paper of the day\n\nAuthors:\n\nQizheng Zhang\n,\nChangran Hu\n,\nKunle Olukotun\n"
        "Abstract\nACE, a framework for adaptive context engineering, enhances LLM applications by preserving detailed "
        "knowledge through structured updates, outperforming baselines in agent and domain-specific tasks.\n\nCommunity\n\n"
        "librarian-bot\n1 day ago\n\nThis is an automated message from the Librarian Bot. I found the following papers similar to this paper.\n\n"
        "The following papers were recommended by the Semantic Scholar API\n\n"
        "Tool-R1: Sample-Efficient Reinforcement Learning for Agentic Tool Use (2025)\n"
        "StackPlanner: A Centralized Hierarchical Multi-Agent System with Task-Experience\nMemory Management (2026)\n"
        "Please give a thumbs up to this comment if you found it helpful!\n\nReply\n"
        "Models citing this paper\n0\nNo model linking this paper\n\nCite arxiv.org/abs/2510.04618 in a model README.md to link it from this page.\n"
    )
    library = read_text(text, "hf.txt")
    assert [(e.title, e.author[0].family if e.author else None, e.arxiv_id, issued_date(e).year) for e in library.entries] == [
        ("Agentic Context Engineering: Evolving Contexts for Self-Improving Language Models", "Zhang", "2510.04618", 2025),
        ("Tool-R1: Sample-Efficient Reinforcement Learning for Agentic Tool Use", None, None, 2025),
        ("StackPlanner: A Centralized Hierarchical Multi-Agent System with Task-Experience Memory Management", None, None, 2026),
    ]
    assert [a.family for a in library.entries[0].author] == ["Zhang", "Hu", "Olukotun"]


def test_reading_notes_with_chinese_field_labels() -> None:
    """'1. #### Title' over '出处：venue', '作者：names', '发布时间：date': the labels (a full-width colon) are fields, not titles."""
    text = (
        "### 大模型推理能力增强\n1. #### Chain-of-Thought Prompting Elicits Reasoning in Large Language Models\n"
        "出处：proceedings.neurips.cc\n\n作者：J Wei, X Wang, D Schuurmans, M Bosma\n\n发布时间：Fri, 28 Jan 2022 \n\n简介：COT思维链技术\n\n"
        "3. #### Large Language Models are Visual Reasoning Coordinators\n"
        "出处：Part of Advances in Neural Information Processing Systems 36 (NeurIPS 2023) \n\n时间：2023\n\n"
        "作者： Liangyu Chen, Bo Li, Sheng Shen\n\n原文： https://proceedings.neurips.cc/paper_files/paper/2023/hash/x-Abstract-Conference.html\n"
    )
    library = read_text(text, "notes.md")
    assert [(e.title, e.author[0].family, issued_date(e).year) for e in library.entries] == [
        ("Chain-of-Thought Prompting Elicits Reasoning in Large Language Models", "Wei", 2022),
        ("Large Language Models are Visual Reasoning Coordinators", "Chen", 2023),
    ]


def test_abs_page_with_reference_links_and_unlabelled_lines() -> None:
    """'Authors: [Name][2], ...' (reference-style links) and a text copy's unlabelled title and authors under
    '[Submitted on ...]', below the search form's 'Title' and 'Author' field names."""
    linked = ("**arXiv:1003.0150**(cs)\n\n[Submitted on 28 Feb 2010]\n\n# Title: Multidimensional Divide-and-Conquer and Weighted Digital Sums\n\n"
              "Authors: [Y. K. Cheung][2], [Philippe Flajolet][3], [Mordecai Golin][4]\n\n")
    copied = ("arXiv:2309.12499\n\nHelp | Advanced Search\n\nAll fields\nTitle\nAuthor\nAbstract\nSearch\n"
              "Computer Science > Software Engineering\n[Submitted on 21 Sep 2023]\nCodePlan: Repository-level Coding using LLMs and Planning\n"
              "Ramakrishna Bairi, Atharv Sonwane, Aditya Kanade\nCite as:\tarXiv:2309.12499 [cs.SE]\n")
    for text, want in ((linked, ("Multidimensional Divide-and-Conquer and Weighted Digital Sums", "Cheung")),
                       (copied, ("CodePlan: Repository-level Coding using LLMs and Planning", "Bairi"))):
        library = read_text(text, "abs.txt")
        assert [(e.title, e.author[0].family) for e in library.entries] == [want]


def test_doi_ends_at_a_browsing_tools_mark() -> None:
    """'10.18653/v1/2024.acl-long.678†doi.org': the dagger and what follows are the tool's, not the DOI's."""
    assert [(f.kind, f.value) for f in find_ids("cite38†10.18653/v1/2024.acl-long.678†doi.org L90:")] == [
        ("doi", "10.18653/v1/2024.acl-long.678")]


def test_arxiv_list_entries_run_together_on_one_line() -> None:
    """'arXiv:ID [pdf, html, other] Title: T Name, Name Subjects: ... arXiv:ID ...' (a copy that lost its line breaks):
    one record each, the title and the names apart; the lines below are no part of the last entry."""
    text = (
        "arxiv.org/list/cs.CL/rec…\nComputation and Language - arXiv\n"
        "arXiv:2507.06085 [pdf, html, other] Title: A Survey on Prompt Tuning Zongqian Li, Yixuan Su, Nigel Collier Subjects: "
        "Computation and Language (cs.CL) arXiv:2507.06056 [pdf, html, other] Title: Entropy-Memorization Law: Evaluating "
        "Memorization Difficulty of Data in LLMs Yizhan Huang, Zhe Yang, Michael R. Lyu Subjects: Computation and Language (cs.CL) "
        "arXiv:2507.06016 [pdf, html, other] Title: Conditional Multi-Stage Failure Recovery...\n"
        "semanticscholar.org favicon\nData Analytics and Learning\n"
    )
    library = read_text(text, "panel.txt")
    assert [(e.title, e.author[0].family if e.author else None, e.arxiv_id) for e in library.entries] == [
        ("A Survey on Prompt Tuning", "Li", "2507.06085"),
        ("Entropy-Memorization Law: Evaluating Memorization Difficulty of Data in LLMs", "Huang", "2507.06056"),
        ("Conditional Multi-Stage Failure Recovery...", None, "2507.06016"),
    ]


def test_hugging_face_page_saved_under_a_notes_heading() -> None:
    """'# ToolMaker' over '**Page Title:** Paper page - T' and '## T': the page's paper is T, its id from the URL
    above; the bot's '- Title (2024)' list gives the similar papers; a note's menu links are no papers."""
    text = (
        "# ToolMaker\n**URL:** https://huggingface.co/papers/2502.11705\n**Page Title:** Paper page - LLM Agents Making Agent Tools\n"
        "--------------------\n\n\n## LLM Agents Making Agent Tools\n\n## Abstract\n\n"
        "ToolMaker autonomously converts scientific code repositories into tools for large language models by managing "
        "dependencies and self-correcting errors, demonstrating improved performance over existing agents.\n\n### Community\n\n"
        "The following papers were recommended by the Semantic Scholar API\n"
        "- Aviary: training language agents on challenging scientific tasks (2024)\n- Autonomous Deep Agent (2025)\n"
        "Please give a thumbs up to this comment if you found it helpful!\n"
    )
    library = read_text(text, "hf.md")
    assert [(e.title, e.arxiv_id, issued_date(e).year) for e in library.entries] == [
        ("LLM Agents Making Agent Tools", "2502.11705", 2025),
        ("Aviary: training language agents on challenging scientific tasks", None, 2024),
        ("Autonomous Deep Agent", None, 2025),
    ]
    menu = read_text("*   [Log In](https://huggingface.co/login)\n*   [Sign Up](https://huggingface.co/join)\n"
                     "*   [CodeCoT and Beyond: Learning to Program and Test like a Developer](https://huggingface.co/papers/2308.08784) (2023)\n"
                     "*   [AskIt: Unified Programming Interface for Programming with Large Language Models](https://huggingface.co/papers/2308.15645) (2023)\n",
                     "list.md")
    assert [(e.title, e.author, e.arxiv_id) for e in menu.entries] == [
        ("CodeCoT and Beyond: Learning to Program and Test like a Developer", [], "2308.08784"),
        ("AskIt: Unified Programming Interface for Programming with Large Language Models", [], "2308.15645"),
    ]


def test_names_under_editors_are_no_authors_and_a_glued_year_field_is_read() -> None:
    """'- **Editors:**' over names: the volume's editors, never a paper's authors; 'Month:JulyYear:2025Address:' gives 2025."""
    from citekit.sources.paper_blocks import _year_of
    assert _year_of("Anthology ID:2025.findings-acl.428Volume:Findings of ACL 2025Month:JulyYear:2025Address:Vienna") == 2025
    text = "Proceedings of the 2025 Conference\n- **Address:**\nSuzhou (China)\n- **Editors:**\nSaloni Potdar, Lina Rojas-Barahona, Sebastien Montella\n"
    assert READERS.get("paper-blocks").read(text, "p.txt").entries == []


def test_own_page_fields_below_give_year_and_doi() -> None:
    """A paper's own page (one title over its authors): 'Year:' and 'DOI:' fields far below, glued as a browser copies
    them, are its year and DOI, not a record of their own."""
    text = ("## [CodePRM: Execution Feedback-enhanced Process Reward Model for Code Generation](https://aclanthology.org/2025.findings-acl.428.pdf)\n\n"
            "[Qingyao Li](https://aclanthology.org/people/qingyao-li/),\n[Xinyi Dai](https://aclanthology.org/people/xinyi-dai/)\n\n"
            + "".join(f"Form line {i} of the correction dialog and its help text.\n\n" for i in range(30))
            + "Anthology ID:2025.findings-acl.428Month:JulyYear:2025Address:Vienna, AustriaURL:[https://aclanthology.org/2025.findings-acl.428/]"
              "(https://aclanthology.org/2025.findings-acl.428/)DOI:[10.18653/v1/2025.findings-acl.428](https://doi.org/10.18653/v1/2025.findings-acl.428)\n")
    library = read_text(text, "acl.md")
    assert [(e.title, e.author[0].family, issued_date(e).year, e.DOI) for e in library.entries] == [
        ("CodePRM: Execution Feedback-enhanced Process Reward Model for Code Generation", "Li", 2025, "10.18653/v1/2025.findings-acl.428")]


@pytest.mark.parametrize("text", [
    # an agent's fetch: bold field labels over their values, the citation wrapped over lines
    "## VestaBench: An Embodied Benchmark for Safe Long-Horizon Planning\n##### Abstract\nWe propose a benchmark.- **Anthology ID:**\n"
    "2025.emnlp-industry.149\n- **Editors:**\nSaloni Potdar, Lina Rojas-Barahona\n- **DOI:**\n10.18653/v1/2025.emnlp-industry.149\n"
    "- **Cite (ACL):**\nTanmana Sadhu, Yanan Chen, and Ali Pesaranghader.\n2025. VestaBench: An Embodied Benchmark for Safe Long-Horizon Planning.\n"
    "In *Proceedings of the 2025 Conference on Empirical Methods in Natural Language Processing: Industry Track*, pages 2122–2145, Suzhou (China).\n"
    "Association for Computational Linguistics.\n- **Cite (Informal):**\nVestaBench (Sadhu et al., EMNLP 2025)\n",
    # a browsing tool's numbered lines and link marks
    "L62: Anthology ID:\nL63:     2025.emnlp-industry.149\nL88: DOI:\nL89:     cite38†10.18653/v1/2025.emnlp-industry.149†doi.org L90: Bibkey:\n"
    "L92: Cite (ACL):\nL93:     Tanmana Sadhu, Yanan Chen, and Ali Pesaranghader. 2025. cite37†VestaBench: An Embodied Benchmark for Safe "
    "Long-Horizon Planning . In Proceedings of the 2025 Conference on Empirical Methods in Natural Language Processing: Industry Track, "
    "pages 2122–2145, Suzhou (China). Association for Computational Linguistics.\nL94: Cite (Informal):\n",
])
def test_acl_anthology_page_by_its_cite_field(text: str) -> None:
    """However a copy mangles an ACL Anthology page, its 'Cite (ACL):' field is the paper whole; its ids are the page's
    'Anthology ID:' and 'DOI:' fields; the volume's editors are no paper."""
    library = read_text(text, "acl.txt")
    assert [(e.title, e.author[0].family, issued_date(e).year, e.DOI, (e.extra.get("ids") or {}).get("acl")) for e in library.entries] == [
        ("VestaBench: An Embodied Benchmark for Safe Long-Horizon Planning", "Sadhu", 2025, "10.18653/v1/2025.emnlp-industry.149",
         "2025.emnlp-industry.149")]


def test_clipping_takes_the_authors_under_its_pages_authors_label() -> None:
    """A reader service's front matter without authors over a Hugging Face page in Markdown: the names under 'Authors:'
    (each with an avatar image, a link and ' ,') are the paper's authors."""
    text = (
        "---\ntitle: Paper page - DSPy: Compiling Declarative Language Model Calls into Self-Improving\n  Pipelines\n"
        "url: https://huggingface.co/papers/2310.03714\n---\n\n## Content\n\narxiv:2310.03714\n\n"
        "DSPy: Compiling Declarative Language Model Calls into Self-Improving Pipelines\n=====================\n\n"
        "Published on Oct 5, 2023\n\n· Submitted by [![Image 33](https://x/a.jpeg) akhaliq](https://huggingface.co/akhaliq) on Oct 5, 2023\n\n"
        " [Upvote 33](https://huggingface.co/login)\n\n*   [![Image 34](https://x/b.jpeg)](https://huggingface.co/D \"D\")\n*   +25\n\n"
        "Authors:\n\n ![Image 42](https://x/c.svg) [Omar Khattab](https://huggingface.co/okhattab) ,\n\nZhiyuan Zhang ,\n\n"
        " ![Image 49](https://x/d.png) [Christopher Potts](https://huggingface.co/cgpotts)\n\nAbstract\n--------\n\n"
        "The ML community is rapidly exploring techniques for prompting language models and for stacking them into pipelines.\n"
    )
    library = read_text(text, "clip.md")
    assert [(e.title, [a.family for a in e.author], e.arxiv_id) for e in library.entries] == [
        ("DSPy: Compiling Declarative Language Model Calls into Self-Improving Pipelines", ["Khattab", "Zhang", "Potts"], "2310.03714")]


def test_arxiv_search_result_and_abs_page_run_into_one_line() -> None:
    """A browsing tool's page text joins a /search result ('arXiv:ID [pdf, ps, other] cs.AI T Authors: ... Abstract: ...
    Submitted 4 June, 2026; ...') or a whole /abs page ('[Submitted on ...] T Name, Name View PDF ...') into one line."""
    search = ("Showing 1-25 of 6,080 results for all: agentic rl Search term or terms All fields Show abstracts "
              "arXiv:2606.05296 [pdf, ps, other] cs.LG cs.AI Agentic Monte Carlo: Simulating Reinforcement Learning for Black-Box Agents "
              "Authors: Dae Yon Hwang, Raunaq Suri, Valentin Villecroze Abstract: LLM agents operate in two distinct regimes. "
              "Submitted 3 June, 2026; originally announced June 2026. Comments: Accepted by ICML 2026 Search v0.5.6 About Help\n")
    abs_page = ("Skip to main content Computer Science > Artificial Intelligence arXiv:2509.02547 (cs) [Submitted on 2 Sep 2025 (v1), "
                "last revised 17 Apr 2026 (this version, v5)] The Landscape of Agentic Reinforcement Learning for LLMs: A Survey "
                "Guibin Zhang, Hejia Geng, Xiaohang Yu View PDF HTML (experimental) The emergence of agentic reinforcement learning "
                "marks a paradigm shift. Subjects: Artificial Intelligence (cs.AI)\n")
    for text, want in ((search, ("Agentic Monte Carlo: Simulating Reinforcement Learning for Black-Box Agents", "Hwang", "2606.05296", 2026)),
                       (abs_page, ("The Landscape of Agentic Reinforcement Learning for LLMs: A Survey", "Zhang", "2509.02547", 2025))):
        library = read_text(text, "page.txt")
        assert [(e.title, e.author[0].family, e.arxiv_id, issued_date(e).year) for e in library.entries] == [want]


def test_hugging_face_page_copied_without_its_title() -> None:
    """Only the bot's similar papers and the counters: the similar papers with their years, and the page's own id as an
    id-only record (not given to the last similar paper)."""
    text = (
        "\nPublished on Oct 1\n\nGEM, an open-source environment simulator, facilitates experience-based learning for large "
        "language models by providing a standardized framework.\n\nThe following papers were recommended by the Semantic Scholar API\n\n"
        "VerlTool: Towards Holistic Agentic Reinforcement Learning with Tool Use (2025)\n"
        "Agentic Reinforcement Learning with Implicit Step Rewards (2025)\n"
        "Please give a thumbs up to this comment if you found it helpful!\n\nReply\n\nModels citing this paper\n0\n"
        "No model linking this paper\n\nCite arxiv.org/abs/2510.01051 in a model README.md to link it from this page.\n"
    )
    library = read_text(text, "hf.txt")
    assert sorted((e.title or "", e.arxiv_id or "") for e in library.entries) == [
        ("", "2510.01051"),
        ("Agentic Reinforcement Learning with Implicit Step Rewards", ""),
        ("VerlTool: Towards Holistic Agentic Reinforcement Learning with Tool Use", ""),
    ]

# --- round refsA1: reference and publication lists of other fields -----------------------

def _one(text: str) -> tuple[str, str | None, int | None, list[str]]:
    ref = parse_reference(text)
    assert ref is not None, text
    return ref.title, ref.authors[0].full_family if ref.authors else None, ref.year, [n.full_family for n in ref.authors]


def test_a_comma_styled_title_runs_over_its_commas_to_the_journal() -> None:
    """AIP and Elsevier print no stop after the title: it ends where the journal and its volume begin."""
    title, first, year, _ = _one("J. Kniepert, I. Lange, J. Heidbrink, L.J.A. Koster, and D. Neher, Effect of Solvent Additive on "
                                 "Generation, Recombination and Extraction in PTB7:PCBM Solar Cells: A conclusive Study, "
                                 "J. Phys. Chem. C 119, 8310 (2015).")
    assert (title, first, year) == ("Effect of Solvent Additive on Generation, Recombination and Extraction in PTB7:PCBM "
                                    "Solar Cells: A conclusive Study", "Kniepert", 2015)
    title, *_ = _one("P. Brantingham, P. Brantingham, Environment, routine, and situation: toward a pattern theory of crime, "
                     "in: R. Clark, M. Felson (Eds.), Routine Activity and Rational Choice, Transaction Books, vol. 5, 1979, pp. 259–294")
    assert title == "Environment, routine, and situation: toward a pattern theory of crime"
    # A chapter's book and its series are no journal: the title stops at its own end.
    title, *_ = _one("A. Gerasimov, S. Kharchev, D. Lebedev, S. Oblezin, On a class of representations of quantum groups, "
                     "Noncommutative geometry and representation theory in mathematical physics, Contemp. Math. 391, "
                     "Amer. Math. Soc., Providence, RI (2005), 101-110.")
    assert title == "On a class of representations of quantum groups"
    # A title that asks ends there; "Volume 54" opens no journal.
    title, *_ = _one("Michael C.M. Gammel, Esteban L. Solari, Matthias Eiber, A Clinical Role of PET-MRI in Prostate Cancer?, "
                     "Seminars in Nuclear Medicine, Volume 54, Issue 1, 2024, Pages 132-140")
    assert title == "A Clinical Role of PET-MRI in Prostate Cancer?"


def test_a_list_of_initialled_names_keeps_its_convention() -> None:
    """After "M. Dorigo, T. Stützle", capitalised words without initials open the title; "and Dan Linstedt" is a name."""
    assert _one("M. Dorigo, T. Stützle, Ant Colony Optimization, The MIT Press, Cambridge, 2004.")[:3] == \
        ("Ant Colony Optimization", "Dorigo", 2004)
    assert _one("E. Bonabeau, M. Dorigo, G. Theraulaz, Swarm Intelligence: From Natural to Arti<sup>fi</sup>cial Systems. "
                "Santa Fe Institute Studies, Oxford Press, 1999.")[0] == "Swarm Intelligence: From Natural to Artificial Systems"
    title, _, _, names = _one("Inmon, W.H., and Dan Linstedt. Data Architecture: A Primer for the Data Scientist: Big Data, "
                              "Data Warehouse and Data Vault. 1st Edition. Morgan Kaufmann, 2014.")
    assert names == ["Inmon", "Linstedt"] and title.startswith("Data Architecture: A Primer")
    assert _one("N. J. van der Kaap, I. Katsouras, Charge transport in disordered semiconducting polymers driven by nuclear "
                "tunneling, Phys. Rev. B 93, 140206(R) (2016).")[1] == "van der Kaap"
    assert _one("van der Lans, Rick. Data Virtualization for Business Intelligence Systems. Morgan Kaufmann, 2012. Print.")[3] == \
        ["van der Lans"]
    assert _one("E. Sutherland, Principles of Criminology4th ed, J. B. Lippincott Company, Philadelphia, 1974.")[0] == \
        "Principles of Criminology"
    # An institution where the title would stand is no title.
    assert parse_reference("[15] B. Rajendran, Ph.D. Dissertation, Stanford University, August 2006.") is None


def test_references_run_together_by_a_pdf_converter_are_split() -> None:
    """Author-date references run into one paragraph, "— (2024)." for the author above, a reference glued after "(2006).",
    and a blank line inside a reference (a title or a journal broken over a page)."""
    text = ("Antràs, Pol et al. (2024). \"Trade policy and global sourcing.\" In: Journal of Political Economy Macroeconomics 2.1, "
            "pp. 1–44. Arkolakis, Costas, Arnaud Costinot, and Andrés Rodríguez-Clare (2012). \"New trade models, same old "
            "gains?\" In: American Economic Review 102.1, pp. 94–130. Baqaee, David Rezza and Emmanuel Farhi (2020). "
            "\"Productivity and misallocation in general\n\nequilibrium.\" In: The Quarterly Journal of Economics 135.1, "
            "pp. 105–163. — (2024). \"Networks, barriers, and trade.\" In: Econometrica 92.2, pp. 505–541.\n\n"
            "Criscuolo, Chiara et al. (Jan. 2019). \"Some Causal Effects of an Industrial Policy.\" In: Amer-\n\n"
            "ican Economic Review 109.1, pp. 48–85.\n")
    got = _summary(read_text(text, "refs.txt"))
    assert got == [("Trade policy and global sourcing", "Antràs", 2024), ("New trade models, same old gains?", "Arkolakis", 2012),
                   ("Productivity and misallocation in general equilibrium", "Baqaee", 2020),
                   ("Networks, barriers, and trade", "Baqaee", 2024), ("Some Causal Effects of an Industrial Policy", "Criscuolo", 2019)]
    text = ("- V. D. Mihailetchi, H. Xie, and P. W. M. Blom, Charge Transport and Photocurrent Generation in Bulk-Heterojunction "
            "Solar Cells, Adv. Funct. Mater. 16, 699 (2006).L. J. A. Koster, W. J. van Strien, and P. W. M. Blom, Device operation "
            "of conjugated polymer/zinc oxide bulk heterojunction solar cells, Adv. Funct. Mater. 17, 1297 (2007).\n"
            "- M. M. Mandoc, L. J. A. Koster, and P. W. M. Blom, Optimum charge carrier mobility in organic solar cells, "
            "Appl. Phys. Lett. 90, 133504 (2007).\n")
    assert [(t, f, y) for t, f, y in _summary(read_text(text, "refs.txt"))] == [
        ("Charge Transport and Photocurrent Generation in Bulk-Heterojunction Solar Cells", "Mihailetchi", 2006),
        ("Device operation of conjugated polymer/zinc oxide bulk heterojunction solar cells", "Koster", 2007),
        ("Optimum charge carrier mobility in organic solar cells", "Mandoc", 2007)]


def test_a_cvs_talks_and_awards_are_no_papers() -> None:
    """A talk's venue and date ("Deephi Tech, Beijing, China, Apr. 2017.") and an award with its years give no record."""
    text = (SHAPES.parent / "pastes" / "pub_md_cv_selected_publications_bold_self.txt").read_text(encoding="utf-8")
    got = _summary(read_text(text, "cv.md"))
    assert len(got) == 11 and all(len(t.split()) >= 5 for t, _, _ in got)
    assert parse_authors("THU Ph.D") is None


# --- round refsA2: more fields, PDF text and Markdown notes -----------------------------------

def test_a_hard_wrapped_author_year_list_opens_a_reference_only_at_an_inverted_name() -> None:
    """Flush-left PDF text (Frontiers): a wrapped line that reads alone, or follows one holding the year, goes on the
    reference above; a name that goes on an author list broken at a comma opens nothing."""
    text = ("Scott, B. H., Mishkin, M., and Yin, P. (2014). Neural correlates of auditory short-\n"
            "term memory in rostral superior temporal cortex. Curr. Biol. 24, 2767–2775.\n"
            "doi: 10.1016/j.cub.2014.10.004\n"
            "Seeley, W. W., Menon, V., Schatzberg, A. F., Keller, J., Glover, G. H., Kenna, H.,\n"
            "et al. (2007). Dissociable intrinsic connectivity networks for salience processing\n"
            "and executive control. J. Neurosci. 27, 2349–2356. doi: 10.1523/JNEUROSCI.2349-06.2007\n"
            "Sanz Leon, P., Knock, S. A., Woodman, M. M., Domide, L., Mersmann, J.,\n"
            "McIntosh, A. R., et al. (2013). The virtual brain: a simulator of primate brain\n"
            "network dynamics. Front. Neuoinform. 7:10. doi: 10.3389/fninf.2013.00010\n"
            "Shamma, S. A., and Versnel, H. (1993). Organization of response areas in ferret primary auditory\n"
            "cortex.J. Neurophysiol. 69, 367–383.\n")
    assert _summary(read_text(text, "refs.txt")) == [
        ("Neural correlates of auditory short-term memory in rostral superior temporal cortex", "Scott", 2014),
        ("Dissociable intrinsic connectivity networks for salience processing and executive control", "Seeley", 2007),
        ("The virtual brain: a simulator of primate brain network dynamics", "Sanz Leon", 2013),
        ("Organization of response areas in ferret primary auditory cortex", "Shamma", 1993)]


def test_chapters_dittos_and_titles_of_lone_words() -> None:
    """A title ends before ", in: Book" (and a title that asks keeps its subtitle up to there); "-- 1988." repeats
    the authors above; "Anaphora, Antecedents, and Accessibility" is a title, not three names; an acknowledgement
    is no reference."""
    assert _one("Davis, F., van Schijndel, M., 2020. Discourse structure interacts with reference but not syntax in neural "
                "language models, in: Fernández, R., Linzen, T. (Eds.), Proceedings of CoNLL, pp. 396–407.")[0] == \
        "Discourse structure interacts with reference but not syntax in neural language models"
    assert _one("Ethayarajh, K., 2019. How Contextual are Contextualized Word Representations? Comparing the Geometry of "
                "BERT, ELMo, and GPT-2 Embeddings, in: Inui, K. (Eds.), Proceedings of EMNLP, pp. 55–65.")[0] == \
        "How Contextual are Contextualized Word Representations? Comparing the Geometry of BERT, ELMo, and GPT-2 Embeddings"
    text = ("Ariel, Mira. 1985. *The discourse functions of given information.* Theoretical Linguistics 12: 2/3. (pp. 99-113).\n\n"
            "-- 1988. *Referring and accessibility*. Journal of Linguistics 24: 1. (pp. 65-87).\n\n"
            "Von Heusinger, Klaus. 2000. *Anaphora, Antecedents, and Accessibility*. Theoretical Linguistics 26:1-2. (pp. 75-93)\n")
    assert _summary(read_text(text, "refs.md")) == [("The discourse functions of given information", "Ariel", 1985),
                                                    ("Referring and accessibility", "Ariel", 1988),
                                                    ("Anaphora, Antecedents, and Accessibility", "Von Heusinger", 2000)]
    assert parse_reference("ACKNOWLEDGMENTS. We thank John J. Tyson and Scott Rata for critical reading of the manuscript.") is None


def test_a_chicago_note_citing_several_works_gives_each() -> None:
    """Works after ';' in one note are records of their own; one with no names is by the authors before it; the year is
    the one in parentheses after the journal, not a later quotation's."""
    text = ('[^lorsch]: Paul R. Lawrence and Jay W. Lorsch, *Organization and Environment: Managing Differentiation and '
            'Integration* (Boston: Harvard Business School, 1967); "New Management Job: The Integrator," *Harvard Business '
            'Review* 45, no. 6 (November–December 1967): 142–51. (S; volume M)\n'
            '[^atalay]: Enghin Atalay and Daniel Tannenbaum, "The Evolution of Work in the United States," *American Economic '
            'Journal: Applied Economics* 12, no. 2 (2020): 1–34; quotation as reported in *Monthly Labor Review*, 2021. (S)\n'
            '[^barley]: Stephen R. Barley, "Technology as an Occasion for Structuring," *Administrative Science Quarterly* 31, '
            'no. 1 (1986): 78–108; Stephen R. Barley and Julian E. Orr, eds., *Between Craft and Science: Technical Work in '
            'the United States* (Ithaca, NY: ILR Press, 1997). (S)\n')
    assert _summary(read_text(text, "notes.md")) == [
        ("Organization and Environment: Managing Differentiation and Integration", "Lawrence", 1967),
        ("New Management Job: The Integrator", "Lawrence", 1967),
        ("The Evolution of Work in the United States", "Atalay", 2020),
        ("Technology as an Occasion for Structuring", "Barley", 1986),
        ("Between Craft and Science: Technical Work in the United States", "Barley", 1997)]
    # A Chicago book's title runs over its commas to its publication facts; editors are authors of the book.
    assert _one("L. David Mech and Luigi Boitani, eds., Wolves: Behavior, Ecology, and Conservation (Chicago: University "
                "of Chicago Press, 2003).")[:3] == ("Wolves: Behavior, Ecology, and Conservation", "Mech", 2003)


def test_a_tools_name_before_its_reference() -> None:
    """'- Bowtie2: Langmead B., ... (2012) Title Journal 9:357–359': the tool's name is no title, and the journal with
    its volume and pages, printed after no stop, is no part of the title."""
    assert _one("Bowtie2: Langmead B., Salzberg S.L. (2012) Fast gapped-read alignment with Bowtie2 Nat. Methods 9:357–359")[:3] \
        == ("Fast gapped-read alignment with Bowtie2", "Langmead", 2012)
    # A title that is a name and a colon stays whole ("BERT: Pre-training ...").
    assert _one("Devlin, J., Chang, M.-W. (2019). BERT: Pre-training of deep bidirectional transformers. In NAACL.")[0] == \
        "BERT: Pre-training of deep bidirectional transformers"


# --- round refsA3: code comments, bold author-year heads, law notes ----------------------------

def test_references_in_code_comments_and_bold_author_year_heads() -> None:
    """A list kept in Fortran comments ("!3<tab>Family, ...", "!<tab>continuation") is read without its markers;
    "**Family, I., & Family, I. (1978).** Title." bolds the authors and year, not the title; "Dozier, J. and T. H.
    Painter." is one list of two names; "Title, J. Geophys" loses the journal's head."""
    text = ("      end\n!***\n!3\tBetts, A. K., and J. H. Ball. Albedo over the Boreal Forest, \n"
            "!\tJ. Geophys. Res., 102, 28901-28909, 1997. \n!\n"
            "!11\tDozier, J. and T. H. Painter.  Multispectral and hyperspectral remote sensing of alpine \n"
            "!\tsnow properties.  Annu. Rev. Earth Planet. Sci. 32:465-94, 2004.\n!\n"
            "!17\tHansen, F. V.  Albedos.  Army Research Laboratory.  ARL-TR-57, 1993.\n!\n")
    assert _summary(read_text(text, "albedo.f")) == [
        ("Albedo over the Boreal Forest", "Betts", 1997),
        ("Multispectral and hyperspectral remote sensing of alpine snow properties", "Dozier", 2004),
        ("Albedos", "Hansen", 1993)]
    assert _one("- **Slamecka, N. J., & Graf, P. (1978).** The generation effect: Delineation of a phenomenon. *Journal of "
                "Experimental Psychology, 4*(6), 592-604. Original demonstration.")[:3] == \
        ("The generation effect: Delineation of a phenomenon", "Slamecka", 1978)
    # AMS dashes that repeat the authors are no comment markers.
    text = ("Camargo, S. J., K. A. Emanuel, and A. H. Sobel, 2007a: Use of a genesis potential index. J. Climate, 20, 4819-4834.\n"
            "--, A. W. Robertson, S. J. Gaffney, and M. Ghil, 2007b: Cluster analysis of typhoon tracks. J. Climate, 20, 3635-3653.\n"
            "--, and T. H. Jagger, 2004: A hierarchical Bayesian approach to seasonal hurricane modeling. J. Climate, 17, 4642-4650.\n"
            "--, and --, 2006: Prediction models for annual U.S. hurricane counts. J. Climate, 19, 2935-2952.\n")
    assert [t for t, _, _ in _summary(read_text(text, "ams.txt"))] == [
        "Use of a genesis potential index", "Cluster analysis of typhoon tracks",
        "A hierarchical Bayesian approach to seasonal hurricane modeling", "Prediction models for annual U.S. hurricane counts"]


def test_a_law_notes_signals_and_works() -> None:
    """Bluebook notes: a signal ("See, e.g.,") opens no author; works after ';' are their own; a volume opens the
    venue, so "Abolition Constitutionalism" before it is the title; one plain name before a dated publisher names
    the author."""
    text = ("2. See, e.g., Mariame Kaba, Opinion, Yes, We Mean Literally Abolish the Police, N.Y. TIMES\n"
            "(June 12, 2020), https://www.nytimes.com/2020/06/12/opinion/abolish.html [perma.cc/B8LQ-KLCS]; Dorothy E. Roberts, "
            "Abolition Constitutionalism, 133\nHARV. L. REV. 1 (2019).\n"
            "5. Tommy Beer, Minneapolis City Council Unanimously Votes to Replace Police with\n"
            "Community-Led Model, FORBES (June 29, 2021), https://www.forbes.com/sites/tommybeer/ [perma.cc/BE3G-Q894].\n"
            "7. Parker & Hurst, supra note 1.\n")
    got = _summary(read_text(text, "notes.txt"))
    assert ("Abolition Constitutionalism", "Roberts", 2019) in got
    assert ("Minneapolis City Council Unanimously Votes to Replace Police with Community-Led Model", "Beer", 2021) in got
    assert not any(t.startswith("See") or "supra" in t for t, _, _ in got)


# --- round refsA4: GB/T 7714, single-quoted titles, bold required readings ---------------------

def test_gb_t_7714_single_quotes_and_bold_readings() -> None:
    """China's GB/T 7714 ("SOD G A. Title[J]. Journal, 1978", "Title[M]//Book"); Oxford's
    'single-quoted' titles; a whole reference in bold with the pages to read before it; a one-word name between
    initialled ones."""
    assert _one("[1] SOD G A. A survey of several finite difference methods for systems of nonlinear hyperbolic "
                "conservation laws[J]. Journal of Computational Physics, 1978, 27(1): 1-31.")[:3] == \
        ("A survey of several finite difference methods for systems of nonlinear hyperbolic conservation laws", "SOD", 1978)
    assert _one("[6] POUND E. A retrospect[M]//Literary essays of Ezra Pound. London: Faber and Faber, 1954.")[:3] == \
        ("A retrospect", "POUND", 1954)
    assert _one("Kripke, S. 'A Completeness Theorem in Modal Logic', *Journal of Symbolic Logic* 24 (1) (1959), pp.1–14.")[:3] == \
        ("A Completeness Theorem in Modal Logic", "Kripke", 1959)
    assert _one("- **[pp. 102-4, 108] Russell, Bertrand, and Alfred North Whitehead. _Principia Mathematica_. 2nd ed. Vol. 1. "
                "Cambridge: Cambridge University Press, 1910.**")[:3] == ("Principia Mathematica", "Russell", 1910)
    assert _one("[2] S. Wasista, Setiawardhana, D. A. Saraswati, and E. Susanto, Aplikasi Internet of Things (IoT) dengan "
                "ARDUINO dan ANDROID. Yogyakarta: CV BUDI UTAMA, 2019.")[3] == ["Wasista", "Setiawardhana", "Saraswati", "Susanto"]
    # A bold Markdown title stays a title ("- **[Title](url)**" over its authors).
    assert parse_reference("**[Attention Is All You Need](https://arxiv.org/abs/1706.03762)**").title == "Attention Is All You Need"


def test_a_lower_case_name_among_capitalised_names_is_kept():
    """'yandong liu' typed in lower case is still the first author; a title's lower-case words are no name."""
    names, truncated = parse_authors("yandong liu, Jane Smith, and Bob Jones")
    assert [(n.given, n.family) for n in names] == [("yandong", "liu"), ("Jane", "Smith"), ("Bob", "Jones")]
    assert not truncated
    assert parse_authors("ELIOT T S. Hamlet and his problems") is None
    assert parse_authors("yandong liu, jane smith") is None  # nothing in the list vouches for a name


def test_a_dblp_key_glued_to_the_next_name_ends_at_its_year():
    """A page whose menus ran together glues the record's authors to its dblp key."""
    text = "persistent URL:https://dblp.org/rec/conf/www/AdriaensA23Florian Adriaens, Simon Apers: Testing"
    assert [(f.kind, f.value) for f in find_ids(text)] == [("dblp", "conf/www/AdriaensA23")]
    assert [f.value for f in find_ids("https://dblp.org/rec/journals/corr/abs-2601-19278 and more")] == [
        "journals/corr/abs-2601-19278"]


def test_a_venue_and_year_glued_in_a_listing_heading_date_its_papers():
    """A collector's heading 'CVPR2021...' over a copied CVF listing gives each paper its year and venue."""
    text = ("# CVPR2021所有录取文章！\n\nInvertible Denoising Network: A Light Solution for Real Noise Removal\n"
            "Yang Liu, Zhenyue Qin, Saeed Anwar\n[pdf] [arXiv] [bibtex]\n\n"
            "Patch2Pix: Epipolar-Guided Pixel-Level Correspondences\nQunjie Zhou, Torsten Sattler, Laura Leal-Taixe\n[pdf] [supp] [bibtex]\n")
    entries = read_text(text, "cvf.txt").entries
    assert [(e.title, e.issued.year, e.container_title) for e in entries] == [
        ("Invertible Denoising Network: A Light Solution for Real Noise Removal", 2021, "CVPR2021"),
        ("Patch2Pix: Epipolar-Guided Pixel-Level Correspondences", 2021, "CVPR2021")]


def test_a_note_quoting_a_papers_labelled_fields_in_another_language():
    """A Korean paper note's quoted metadata ('> - **제목**: Title', '> - **저자**: names, et al.') gives the paper."""
    text = ("# Genie: Generative Interactive Environments\n\n> **논문 정보**\n"
            "> - **제목**: Genie: Generative Interactive Environments\n"
            "> - **저자**: Jake Bruce, Michael Dennis, Ashley Edwards, et al. (Google DeepMind)\n"
            "> - **발표**: ICML 2024 (Oral), Proceedings of the 41st International Conference on Machine Learning, PMLR 235:4603–4623\n"
            "> - **arXiv**: [arXiv:2402.15391](https://arxiv.org/abs/2402.15391)\n\n---\n\n## 1. 핵심 주장\n\n본문.\n")
    entries = read_text(text, "note.md").entries
    assert [(e.title, e.author[0].family, e.issued.year, e.arxiv_id) for e in entries] == [
        ("Genie: Generative Interactive Environments", "Bruce", 2024, "2402.15391")]


def test_scholar_results_run_together_are_read_one_result_a_line():
    """Google Scholar's result page as bare text (pieces glued, two results on one line) gives each result."""
    text = ("Google ScholarLoading...ArticlesScholarAbout 101 results (0.02 sec)My profileMy libraryRelated articles \n"
            "[PDF] arxiv.orgFederated learning in adversarial settingsR Kerkouche, G Ács, C Castelluccia\xa0- arXiv preprint "
            "arXiv:2010.07808, 2020 - arxiv.orgFederated Learning enables entities to collaboratively learn\xa0…Save Cite "
            "Cited by 5 Related articles All 6 versions  View as HTML  Privacy-enhanced federated learning against poisoning "
            "adversariesX Liu, H Li, G Xu…\xa0- IEEE Transactions on\xa0…, 2021 - ieeexplore.ieee.orgFederated learning (FL), "
            "as a distributed machine learning setting\xa0…Save Cite Cited by 8 Related articles   \n")
    entries = read_text(text, "scholar.txt").entries
    assert [(e.title, e.author[0].family, e.issued.year) for e in entries] == [
        ("Federated learning in adversarial settings", "Kerkouche", 2020),
        ("Privacy-enhanced federated learning against poisoning adversaries", "Liu", 2021)]
    assert entries[0].arxiv_id == "2010.07808"


def test_a_person_page_grouped_by_year_headings():
    """An ACL Anthology person page as a browser copies it: the site's name over the person's name is no paper, and
    each paper takes the year heading above it, not the next one's."""
    text = ("ACL Anthology\nAndreas Madsack\n\n2022\npdf bib abs\nData-to-text systems as writing environment\n"
            "Adela Schneider | Andreas Madsack | Robert Weißgraeber\nProceedings of the First Workshop on Writing Assistants\n"
            "2019\npdf bib abs\nAX Semantics’ Submission to the SIGMORPHON 2019 Shared Task\nAndreas Madsack | Robert Weißgraeber\n"
            "Proceedings of the 16th Workshop on Computational Research in Phonetics, Phonology, and Morphology\n2018\npdf bib abs\n"
            "Multi-Language Surface Realisation as REST API based NLG Microservice\nAndreas Madsack | Johanna Heininger\n"
            "Proceedings of the 11th International Conference on Natural Language Generation\n")
    entries = read_text(text, "person.txt").entries
    assert [(e.title[:20], e.author[0].family, e.issued.year) for e in entries] == [
        ("Data-to-text systems", "Schneider", 2022), ("AX Semantics’ Submis", "Madsack", 2019),
        ("Multi-Language Surfa", "Madsack", 2018)]


def test_a_profile_row_whose_title_reads_like_two_names():
    """'Graviton Mass and Inertia Mass' over 'A Einstein' in a Scholar profile's rows is the row's title."""
    text = ("Investigations on the theory of the Brownian movement\nA Einstein\nFiirth, Methuen and Co., London, 1926\n6316*\t1926\n"
            "Graviton Mass and Inertia Mass\nA Einstein\nAnn Physik 35, 898, 1911\n6314*\t1911\n"
            "On a Heuristic Point of View Toward the Emission and Transformation of Light\nA Einstein\nAnn. Phys 17, 132, 1905\n5858*\t1905\n")
    entries = read_text(text, "profile.txt").entries
    assert [(e.title, e.issued.year) for e in entries] == [
        ("Investigations on the theory of the Brownian movement", 1926), ("Graviton Mass and Inertia Mass", 1911),
        ("On a Heuristic Point of View Toward the Emission and Transformation of Light", 1905)]


def test_html_to_copy_gives_what_a_browser_copies():
    """benchmarks/html_to_copy.py: blocks on their lines, cells by tabs, hidden and collapsed parts left out."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("html_to_copy", Path(__file__).parent.parent / "benchmarks" / "html_to_copy.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    html = ('<html><head><title>T</title><script>x()</script></head><body><h2>Name <b>Family</b></h2>'
            '<div class="collapse" id=a>an abstract</div><span class="d-none">menu</span>'
            '<table><tr><td><a>Title</a><div>A Author</div></td><td>12</td><td>2020</td></tr></table>'
            '<p>one<br>two</p></body></html>')
    # a block inside a cell ends its line, as in innerText (the next cells follow on the next line)
    assert module.copy_text(html) == "Name Family\nTitle\nA Author\n12\t2020\none\ntwo\n"


# --- the arXiv mailing digest (the pagesB7 round) -------------------------------------------------------------------

def test_digest_titles_wrap_above_their_authors_label_and_tex_accents_are_letters():
    """A digest wraps a title onto an indented line that reads like names; its 'Authors:' label below says the title
    goes on. arXiv's metadata spells accents in TeX ('Hern\\'andez'), the letters the page means; math stays."""
    text = ("\\\\\narXiv:2411.13566\nDate: Mon, 11 Nov 2024 10:35:41 GMT   (9474kb,D)\n\n"
            "Title: Integrated Water Resource Management in the Segura Hydrographic Basin:\n  An Artificial Intelligence Approach\n"
            "Authors: Urtzi Otamendi, Mikel Maiza, Igor G. Olaizola, Basilio Sierra, Markel\n  Flores, Marco Quartulli\n"
            "Categories: cs.AI\n\\\\\n  Managing resources effectively in uncertain demand is a significant challenge for all.\n"
            "\\\\ ( https://arxiv.org/abs/2411.13566 , 9474kb)\n"
            "------------------------------------------------------------------------------\n"
            "\\\\\narXiv:2503.16743\nreplaced with revised version Wed, 11 Feb 2026 22:17:21 GMT   (9726kb)\n\n"
            "Title: Can Complexity Explain Intelligence? Bo\\\"otes and $\\overline M_{g,n}$\n"
            "Authors: Alberto Hern\\'andez-Espinosa, Felipe S. Abrah\\~ao\nCategories: cs.AI\n"
            "\\\\ ( https://arxiv.org/abs/2503.16743 ,  9726kb)\n")
    entries = read_text(text, "digest.txt").entries
    assert [(e.title, e.author[0].family, e.author[-1].family) for e in entries] == [
        ("Integrated Water Resource Management in the Segura Hydrographic Basin: An Artificial Intelligence Approach",
         "Otamendi", "Quartulli"),
        ("Can Complexity Explain Intelligence? Boötes and $\\overline M_{g,n}$", "Hernández-Espinosa", "Abrahão")]


def test_a_digest_entry_ends_at_its_closing_line():
    """What follows an entry's '\\\\ ( URL , size)' line (a blog's script with a '# Author:' comment) is no part of it."""
    text = ("```\n\\\\\narXiv:1801.03894\nDate: Thu, 11 Jan 2018 17:41:20 GMT   (26kb)\n\n"
            "Title: Stability in the homology of Deligne-Mumford compactifications\nAuthors: Philip Tosteson\n"
            "Categories: math.AG\n\\\\\n  Using the theory of FS^op modules, we study the asymptotic behavior of the homology.\n"
            "\\\\ ( https://arxiv.org/abs/1801.03894 ,  26kb)\n```\n\n```\n#!/bin/sh\n#****\n# Author: Carolin Zöbelein\n#****\n```\n")
    entries = read_text(text, "post.md").entries
    assert [(e.title, [a.family for a in e.author]) for e in entries] == [
        ("Stability in the homology of Deligne-Mumford compactifications", ["Tosteson"])]


def test_an_openreview_forum_copied_whole_is_its_one_paper_not_its_discussion():
    """A browser copy of an OpenReview forum: menus above the title, then the authors and the paper's state line; the
    decision, the reviews and their fields below are no papers."""
    text = ("ODESteer: A Unified ODE-Based Steering Framework for LLM Alignment | OpenReview\nOpenReview.net\nLogin\n×\n"
            "BibTeX Record\nClick anywhere on the box above to highlight complete record\nDone\n"
            "back arrow Go to ICLR 2026 Conference homepage\nODESteer: A Unified ODE-Based Steering Framework for LLM Alignment\n"
            "Hongjue Zhao, Haosen Sun, Jiangtao Kong, Xiaochang Li, Qineng Wang\n"
            "Published: 26 Jan 2026, Last Modified: 10 Apr 2026 ICLR 2026 Poster Everyone Revisions BibTeX CC BY 4.0\n"
            "Keywords: LLM alignment, Representation Engineering, Activation Steering\nAbstract:\n"
            "Activation steering offers a lightweight approach to align large language models by manipulating activations.\n"
            "Submission Number: 9824\nFilter by reply type...\nSort: Newest First\n18 / 18 replies shown\nPaper Decision\n"
            "Decision by Program Chairs 26 Jan 2026, 00:40 (modified: 05 Feb 2026, 21:59) Everyone Revisions\nDecision: Accept (Poster)\n"
            "Reviewer Concerns:\nThe rebuttal has effectively addressed concerns regarding the inference efficiency of the method.\n"
            "Reviewer Scores:\nThree reviewers initially gave the paper a positive rating of 6, and it is likely they will keep it.\n"
            "Weaknesses:\nThe proposed method requires multi-step ODE integration, which introduces additional overhead.\n"
            "Rating: 6: marginally above the acceptance threshold. But would not mind if paper is rejected\n")
    entries = read_text(text, "forum.txt").entries
    assert [(e.title, e.author[0].family, e.issued.year) for e in entries] == [
        ("ODESteer: A Unified ODE-Based Steering Framework for LLM Alignment", "Zhao", 2026)]


def test_an_openreview_submission_clipped_takes_its_posted_date_and_its_address():
    """'Submitted to ICLR 2026' names the venue a submission is under review at; the paper's date is the one the page
    was posted (the clipper's 'Published: 2025-10-08'), as OpenReview's own BibTeX of a submission dates it. The
    'URL:' in the clip's header is the paper's own address."""
    text = ("# Memory Caching: RNNs with Growing Memory | OpenReview\nURL: https://openreview.net/forum?id=R3EJ2IjgOI\n"
            "Published: 2025-10-08\n\nMemory Caching: RNNs with Growing Memory | OpenReview\n\n"
            "## Memory Caching: RNNs with Growing Memory\n\n### Ali Behrouz, Zeman Li, Yuan Deng, Peilin Zhong\n\n"
            "Submitted to ICLR 2026Everyone Revisions BibTeX CC BY 4.0\n\nKeywords: Recurrent Neural Network, Attention\n\n"
            "Abstract: Transformers have been established as the de-facto backbones for most recent advances in sequence modeling.\n")
    entries = read_text(text, "clip.md").entries
    assert [(e.title, e.author[0].family, e.issued.year, e.extra.get("ids")) for e in entries] == [
        ("Memory Caching: RNNs with Growing Memory", "Behrouz", 2025, {"openreview": "R3EJ2IjgOI"})]


# --- ids run into text, Semantic Scholar's line, tables without edge pipes, a cut last abstract (the pagesB8 round) ---

def test_an_arxiv_id_run_into_the_next_text_is_still_found():
    """'arXiv:1804.09635Prediction without ...' (a mirror's page runs an entry's id into the next abstract): the prefix
    and the number's set length make the id; a number too short for its month is still none."""
    assert [(f.kind, f.value) for f in find_ids("NAACL 2018\narXiv:1804.09635Prediction without justification")] == [
        ("arxiv", "1804.09635")]
    assert find_ids("arXiv:1804.0963Prediction") == []
    assert [(f.kind, f.value) for f in find_ids("DOI:10.1109/ARIS.2016.7886619Corpus ID: 18108336")] == [
        ("doi", "10.1109/ARIS.2016.7886619")]


def test_semantic_scholar_published_line_gives_authors_and_year():
    """A Semantic Scholar page's header as copied: the title over 'J. Shaw, Vipul Dubey Published 2016 Engineering'."""
    text = (" * DOI:10.1109/ARIS.2016.7886619Corpus ID: 18108336\n"
            "   Design of servo actuated robotic gripper using force control for range of objects\n"
            "   J. Shaw, Vipul Dubey Published 2016 Engineering\n")
    entries = read_text(text, "s2.txt").entries
    assert [(e.title, [a.family for a in e.author], e.issued.year, e.DOI) for e in entries] == [
        ("Design of servo actuated robotic gripper using force control for range of objects", ["Shaw", "Dubey"], 2016,
         "10.1109/ARIS.2016.7886619")]


def test_a_table_without_edge_pipes_under_a_viewers_header():
    """A dataset viewer's table as copied: each column's name over its statistics, rows with ' | ' between cells and no
    edge pipes, the venue and year in a cell of their own."""
    text = ("Datasets:\nabs\nstringlengths 45\n62\n| OpenReview\nstringlengths 42\n42\n| title\nstringlengths 10\n168\n"
            "| authors\nstringlengths 9\n704\n| tags\nstringclasses 1\nvalue |\n---|---|---|---|---|\n"
            "https://proceedings.mlr.press/v202/abbas23a.html | https://openreview.net/forum?id=IK5SlumdGu | "
            "ClusterFuG: Clustering Fully connected Graphs by Multicut | Ahmed Abbas, Paul Swoboda | ICML 2023 |\n"
            "https://proceedings.mlr.press/v202/aamand23a.html | https://openreview.net/forum?id=BVomXLJQoH | "
            "Data Structures for Density Estimation | Anders Aamand, Alexandr Andoni | ICML 2023 |\n")
    entries = read_text(text, "viewer.txt").entries
    assert [(e.title, e.author[0].family, e.issued.year, e.extra["ids"]) for e in entries] == [
        ("ClusterFuG: Clustering Fully connected Graphs by Multicut", "Abbas", 2023, {"openreview": "IK5SlumdGu"}),
        ("Data Structures for Density Estimation", "Aamand", 2023, {"openreview": "BVomXLJQoH"})]


def test_a_papers_list_whose_copy_cut_the_last_abstract():
    """A Hugging Face papers page whose copy stops inside the last abstract: that line is still the last paper's."""
    abstract = ("Existing PTLM-based models for TSC can be categorized into two groups. In this paper, we present a new "
                "perspective of leveraging PTLM for TSC, simultaneously leveraging language modeling and interactions.")
    text = ("new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nbyAK and the research community\n\nMar 13\n\n"
            "Exploiting Contextual Target Attributes for Target Sentiment Classification\n\n" + abstract + "\n\n"
            "Classification Benchmarks for Under-resourced Bengali Language based on Multichannel Convolutional-LSTM Network\n\n"
            "Exponential growths of social media and micro-blogging sites not only provide platforms for empowering "
            "freedom of expressions and individual voices but also enables people to express anti-social behaviour like onlin\n")
    entries = read_text(text, "hf.txt").entries
    assert [e.title for e in entries] == [
        "Exploiting Contextual Target Attributes for Target Sentiment Classification",
        "Classification Benchmarks for Under-resourced Bengali Language based on Multichannel Convolutional-LSTM Network"]


def test_a_readme_with_fenced_bibtex_keeps_the_papers_around_it():
    """A README's BibTeX to cite in a code fence, and its references listed below: every paper on the page is read; the
    one the BibTeX holds is not made twice, and the ids the page shows for it (a search tool's OpenReview page, its
    arXiv PDF) join it."""
    text = ("# Cite\n\n```bibtex\n@misc{wang2023hugnlp,\n  url = {https://arxiv.org/abs/2302.14286},\n"
            "  author = {Jianing Wang and Nuo Chen},\n  title = {HugNLP: A Unified and Comprehensive Library for Natural Language Processing},\n"
            "  year = {2023}\n}\n```\n\n# References\n\n1. Jianing Wang, Nuo Chen, Qiushi Sun: HugNLP: A Unified and Comprehensive "
            "Library for Natural Language Processing. CoRR abs/2302.14286 (2023)\n"
            "2. Chengyu Wang, Jianing Wang, Minghui Qiu, Jun Huang, Ming Gao: TransPrompt: Towards an Automatic Transferable "
            "Prompting Framework for Few-shot Text Classification. EMNLP 2021: 2792-2802\n")
    entries = read_text(text, "README.md").entries
    assert [(e.title[:20], e.issued.year) for e in entries] == [("HugNLP: A Unified an", 2023), ("TransPrompt: Towards", 2021)]
    search = ("```bibtex\n@inproceedings{charakorn2025texttolora,\n  title={Text-to-Lo{RA}: Instant Transformer Adaption},\n"
              "  author={Rujikorn Charakorn and Edoardo Cetin},\n  year={2025},\n  url={https://openreview.net/forum?id=zWskCdu3QA}\n}\n```\n\n"
              "---\n\nTitle: Text-to-LoRA: Instant Transformer Adaption | OpenReview\nURL: https://openreview.net/forum?id=zWskCdu3QA\n"
              "Author: N/A\nHighlights:\n## Text-to-LoRA: Instant Transformer Adaption\n\n### Rujikorn Charakorn, Edoardo Cetin\n\n"
              "ICML 2025 posterEveryone Revisions BibTeX CC BY-NC-SA 4.0\n\n---\n\n"
              "Title: [PDF] Text-to-LoRA: Instant Transformer Adaption - arXiv\nURL: https://arxiv.org/pdf/2506.06105\nAuthor: N/A\n")
    entries = read_text(search, "search.md").entries
    assert [(e.title, e.arxiv_id, e.extra.get("ids")) for e in entries] == [
        ("Text-to-LoRA: Instant Transformer Adaption", "2506.06105", {"openreview": "zWskCdu3QA"})]


# --- a printed volume's contents and a tool's keyed list (the pagesB9 round) -------------------------------------------

def test_a_volumes_table_of_contents_is_read_entry_by_entry():
    """A proceedings' contents as PDF text: 'Title, Name, Affiliation, Name ... . . . page' wrapped over lines; the title
    page above it gives every paper its year and venue and is no paper; institutions are no authors."""
    text = ("Advances in Neural Information\n\nProcessing Systems 28\n\n29th Annual Conference on Neural\n\n"
            "Information Processing Systems 2015\n\nVolume 1 of 4\n\nCorinna Cortes Neil D. Lawrence\n\nISBN: 978-1-5108-2502-4\n"
            "Double or Nothing: Multiplicative Incentive Mechanisms for\nCrowdsourcing, Nihar Shah, UC Berkeley, Dengyong Zhou, Microsoft\n"
            "Research . . . . . . . . . . . . . . . . . . . . . . 1\n"
            "Algorithmic Stability and Uniform Generalization, Ibrahim\nAlabdulmohsin, King Abdullah University . . . . . . . . . . 19\n"
            "Logarithmic Time Online Multiclass prediction, Anna\nChoromanska, Courant Institute NYU, John Langford, Microsoft\n"
            "Research New York . . . . . . . . . . . . . . . . . . . . 55\n")
    entries = read_text(text, "toc.txt").entries
    assert [(e.title, [a.family for a in e.author], e.issued.year) for e in entries] == [
        ("Double or Nothing: Multiplicative Incentive Mechanisms for Crowdsourcing", ["Shah", "Zhou"], 2015),
        ("Algorithmic Stability and Uniform Generalization", ["Alabdulmohsin"], 2015),
        ("Logarithmic Time Online Multiclass prediction", ["Choromanska", "Langford"], 2015)]
    assert entries[0].container_title == "Advances in Neural Information Processing Systems 28"


def test_a_list_of_titles_keyed_by_a_tools_ids():
    """'- Corpus ID: 7442 | Title.' items, several alike (a list of records, not notes): the titles are papers."""
    text = ("## Final Included Studies\n\n- Corpus ID: 7442 | Predictors of cognitive performance in bipolar disorder.\n"
            "- Corpus ID: 7448 | Interleukin-6: the missing element of the neurocognitive deterioration in schizophrenia?\n"
            "- Corpus ID: 42403 | Interaction between serum inflammatory cytokines and cognitive function.\n")
    assert [e.title for e in read_text(text, "review.md").entries] == [
        "Predictors of cognitive performance in bipolar disorder",
        "Interleukin-6: the missing element of the neurocognitive deterioration in schizophrenia?",
        "Interaction between serum inflammatory cytokines and cognitive function"]


def test_an_id_only_record_takes_the_venue_line_just_above_it() -> None:
    """An author page prints each paper's venue over the id that opens the next line ("AAAI 2018" over
    "arXiv:1711.08792..."): the stated year is the paper's, not the id's first version's. Nothing is taken from a
    line further away, from a year before the id's, or for an id in the middle of prose."""
    text = ("Peer reviewing is a central component in the scientific publishing process, and we present a dataset.\n"
            "NAACL 2018\n"
            "arXiv:1804.09635Prediction without justification has limited utility for the models we study here.\n"
            "AAAI 2018\n"
            "arXiv:1711.08792Cloze test is widely adopted in language exams to evaluate students.\n"
            "ICML 2015\n"
            "arXiv:1706.03762 is cited here, next to a venue line older than the id itself.\n"
            "We also mention arXiv:1512.03385 in the middle of a sentence about other work.\n")
    library = read_text(text, "author.txt")
    got = {e.arxiv_id: (e.issued.year if e.issued else None, e.container_title) for e in library.entries}
    assert got == {"1804.09635": (2018, "NAACL"), "1711.08792": (2018, "AAAI"), "1706.03762": (None, None),
                   "1512.03385": (None, None)}


def test_an_arxiv_page_quoted_twice_is_one_paper_with_its_comment_ids() -> None:
    """A note quotes an arXiv page's top (its tab title over menus), then the page itself under a reader service's
    header: one paper, its authors the labelled ones (never a menu word), the OpenReview page its comment links kept
    on it (not an id-only record titled "this https URL")."""
    text = ("# [2509.02547] The Landscape of Agentic Reinforcement Learning for LLMs: A Survey\n\n"
            "Title: The Landscape of Agentic Reinforcement Learning for LLMs: A Survey\n\nURL Source: https://arxiv.org/abs/2509.02547\n\n"
            "Published Time: Tue, 27 Jan 2026 01:39:26 GMT\n\nMarkdown Content:\n"
            "[Help](https://info.arxiv.org/help) | [Advanced Search](https://arxiv.org/search/advanced)\n\nSearch\n\n"
            "*   [Login](https://arxiv.org/login)\n\n# Computer Science > Artificial Intelligence\n\n**arXiv:2509.02547** (cs)\n\n"
            " [Submitted on 2 Sep 2025 ([v1](https://arxiv.org/abs/2509.02547v1)), last revised 24 Jan 2026 (this version, v4)]\n\n"
            "# Title:The Landscape of Agentic Reinforcement Learning for LLMs: A Survey\n\n"
            "Authors:[Guibin Zhang](https://arxiv.org/a/zhang_g_1), [Hejia Geng](https://arxiv.org/a/geng_h_1)\n\n"
            "> Abstract:The emergence of agentic reinforcement learning marks a paradigm shift in how models are trained.\n\n"
            "Comments:Published on Transactions on Machine Learning Research: [this https URL](https://openreview.net/forum?id=RY19y2RI1O)\n")
    [entry] = read_text(text, "page.md").entries
    assert ([a.family for a in entry.author], entry.issued.year, entry.arxiv_id, entry.extra.get("ids")) == (
        ["Zhang", "Geng"], 2025, "2509.02547", {"openreview": "RY19y2RI1O"})


def test_a_numbered_reader_header_and_a_pdf_title_wrapped_under_a_clipping() -> None:
    """An agent's log numbers a reader service's header lines ("[1] Title:", "[1] URL Source:", "[1] Description:"):
    still the page's metadata. Under a clipping's block, a line of the paper's own title wrapped in its PDF text is
    that paper again, not another."""
    text = ("[1] Title: FAN: Fourier Analysis Networks\n[1] URL Source: https://arxiv.org/abs/2410.02675\n"
            "[1] Description: Abstract page for arXiv paper 2410.02675: FAN: Fourier Analysis Networks\n"
            "[1] Published Time: Tue, 28 Oct 2025 01:08:41 GMT\n\n> Abstract:Despite the remarkable successes of networks, we find.\n")
    [entry] = read_text(text, "log.txt").entries
    assert (entry.title, entry.arxiv_id) == ("FAN: Fourier Analysis Networks", "2410.02675")
    pdf = ('---\ntitle: "Solving the Baby Intuitions Benchmark with a Hierarchically Bayesian Theory of Mind"\n'
           'source: "https://arxiv.org/abs/2208.02914"\nauthor:\n  - "[[Tan Zhi-Xuan]]"\npublished: 2022-08-04\n---\n\n'
           "Solving the Baby Intuitions Benchmark\nwith a Hierarchically Bayesian Theory of Mind\n"
           "Tan Zhi-Xuan1, Nishad Gothoskar 1, Falk Pollok 2,\nDan Gutfreund 2, Joshua B. Tenenbaum 1\n1MIT 2MIT-IBM Watson AI Lab\n"
           "Abstract—To facilitate the development of new models to bridge the gap between machine and human intelligence,\n"
           "the recently proposed Baby Intuitions Benchmark provides a suite of tasks.\n")
    assert [(e.title, e.arxiv_id) for e in read_text(pdf, "clip.md").entries] == [
        ("Solving the Baby Intuitions Benchmark with a Hierarchically Bayesian Theory of Mind", "2208.02914")]


def test_a_readme_with_its_bibtex_and_a_sentence_going_on() -> None:
    """A README's fenced BibTeX whose journal names the preprint ("arXiv preprint arXiv:ID") holds the id its links
    above give: no id-only twin. A line going on from a sentence ("and Silicon Austria Labs, TU Graz - SAL ...") reads
    like a Scholar byline but names nobody: the line above it is no title."""
    text = ('# Memory-enriched computation in spiking networks\nThe paper "Memory-enriched computation in spiking networks" '
            '([[Abstract] arxiv.org](https://arxiv.org/abs/2205.11276)).\n\n## Reference\n```\n@article{limbacher2022memory,\n'
            '  title={Memory-enriched computation in spiking networks},\n  author={Limbacher, Thomas and Legenstein, Robert},\n'
            '  journal={arXiv preprint arXiv:2205.11276},\n  year={2022}\n}\n```\n\n## Acknowledgments\n'
            'Authors of this work are affiliated with Graz University of Technology, Institute of Theoretical Computer Science,\n'
            'and Silicon Austria Labs, TU Graz - SAL Dependable Embedded Systems Lab, Graz, Austria. This work was supported by the\n'
            'grant CHIST-ERA-18-ACAI-004.\n')
    [entry] = read_text(text, "README.md").entries
    assert (entry.title, entry.author[0].family, entry.arxiv_id) == (
        "Memory-enriched computation in spiking networks", "Limbacher", "2205.11276")


def test_a_reader_header_quoted_in_code_titles_its_id() -> None:
    """A reader service's header quoted in a test module ("Title: X" over "URL Source: https://arxiv.org/abs/ID"): the
    id takes the labelled title above it; a header whose address names no paper (a blog post) gives nothing."""
    text = ('_JINA_BLOG = """\\\nTitle: The Transformer Family\nURL Source: https://lilianweng.github.io/posts/family/\n\n'
            'Transformers are a type of neural network architecture.\n"""\n\n_JINA_ARXIV = """\\\nTitle: Attention Is All You Need\n'
            'URL Source: https://arxiv.org/abs/1706.03762\nPublished Time: 2017-06-12\n\nThe dominant sequence transduction models...\n"""\n')
    assert [(e.title, e.arxiv_id) for e in read_text(text, "test_jina.py").entries] == [("Attention Is All You Need", "1706.03762")]
