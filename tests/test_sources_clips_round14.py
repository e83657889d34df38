"""Clipped /abs pages and Hugging Face papers lists with their links kept (real pages, tests/data/pastes/SOURCES.md, pagesB14)."""

from __future__ import annotations

from pathlib import Path

from citekit.model import issued_date
from citekit.sources import detect, read_text

PASTES = Path(__file__).parent / "data" / "pastes"


def _read(name: str):
    text = (PASTES / f"{name}.txt").read_text(encoding="utf-8")
    return text, read_text(text, f"{name}.txt")


def _rows(library) -> list[tuple[str, str | None, int | None, str | None]]:
    return [(e.title, e.author[0].family if e.author else None, issued_date(e).year if issued_date(e) else None, e.arxiv_id)
            for e in library.entries]


def test_each_clipped_abs_page_takes_the_date_line_above_its_own_title() -> None:
    """'[Submitted on ...]' / title / names / abstract / 'From <url>': the date is the next paper's, not the one above."""
    text, library = _read("web_arxiv_abs_onenote_clips_submitted_on")
    assert detect(text, "x.txt").name == "arxiv-page"
    rows = _rows(library)
    assert [(r[1], r[2], r[3]) for r in rows] == [
        ("Baevski", 2020, "2006.11477"), ("Kostas", 2021, "2101.12037"), ("Georgis-Yap", 2023, "2304.14922"),
        ("Bethge", 2022, None),  # the last clip was cut before its source line
    ]
    assert rows[0][0] == "wav2vec 2.0: A Framework for Self-Supervised Learning of Speech Representations"


def test_a_labelled_abs_page_under_its_date_line_is_read_as_before() -> None:
    """A whole /abs page copied as text labels its fields: the date line does not open an unlabelled clip."""
    text = ("[Submitted on 3 Mar 2021]\nTitle: A Study of Things\nAuthors: Ada Lovelace, Alan Turing\n"
            "Abstract: We study things in depth and report what we found. The findings hold across settings.\n"
            "Cite as: arXiv:2103.01234\n")
    library = read_text(text, "x.txt")
    assert _rows(library) == [("A Study of Things", "Lovelace", 2021, "2103.01234")]


def test_link_residue_of_an_exported_papers_list_is_no_paper() -> None:
    """Each link's URL on a line of its own and '[' / 'N authors](url)' halves: the titles and dates are read, the URLs
    are no papers' titles."""
    text, library = _read("web_hf_papers_search_notebook_export_urls")
    assert detect(text, "x.txt").name == "hf-daily"
    titles = [e.title for e in library.entries if e.title]
    assert "InterCode: Standardizing and Benchmarking Interactive Coding with Execution Feedback" in titles
    assert "NL2Bash: A Corpus and Semantic Parser for Natural Language Interface to the Linux Operating System" in titles
    assert not any("://" in t for t in titles)
    nl2bash = next(e for e in library.entries if e.title and e.title.startswith("NL2Bash"))
    assert issued_date(nl2bash).year == 2018 and nl2bash.author_count == 4


def test_reference_style_links_of_a_text_browser_are_unwrapped() -> None:
    """'### [Title][36]', the abstract between '[' and '][37]', '* 671 authors', 'Mar 8, 2024 [ 6][39]'."""
    _, library = _read("web_hf_papers_search_text_browser_refs")
    gemini = next(e for e in library.entries if e.title and e.title.startswith("Gemini 1.5"))
    assert gemini.title == "Gemini 1.5: Unlocking multimodal understanding across millions of tokens of context"
    assert issued_date(gemini).year == 2024 and gemini.author_count == 671


def test_an_older_openreview_forum_heads_the_note_with_its_invitation() -> None:
    """'## Blind Submission by Conference • Title' over the linked names: the title without the invitation, the clip's
    'Source:' line far above (over the site's menus) is the paper's own address, not a second record."""
    _, library = _read("web_openreview_forum_md_clip_phenaki_decision")
    assert _rows(library) == [("Phenaki: Variable Length Video Generation from Open Domain Textual Descriptions", "Villegas", 2023, None)]
    assert library.entries[0].extra["ids"]["openreview"] == "vOEXS39nOF"


def test_a_converted_forums_site_menus_do_not_make_it_a_reading_list() -> None:
    """'  * [Hosting a Venue](/group?id=...)', '[Terms of Use](/legal/terms)': a site's own links are its menus, and the
    page is the one paper's page."""
    text, library = _read("web_openreview_forum_md_codegen_bold_fields")
    assert detect(text, "x.txt").name == "paper-blocks"
    assert _rows(library) == [("CodeGen: An Open Large Language Model for Code with Multi-Turn Program Synthesis", "Nijkamp", 2023, None)]


def test_a_reading_list_linking_its_papers_within_the_site_is_still_a_list() -> None:
    """Relative links with titles of more than three words are papers, not menus."""
    text = ("- [Attention Is All You Need](/papers/attention)\n- [Deep Residual Learning for Image Recognition](/papers/resnet)\n"
            "- [Language Models are Few-Shot Learners](/papers/gpt3)\n")
    assert detect(text, "x.md").name == "markdown-list"


def test_a_paper_pages_year_field_printed_label_over_value_is_its_year() -> None:
    """ACL Anthology's field list as a browser copies it: 'Year:' on one line, '2018' on the next, under the abstract."""
    _, library = _read("web_acl_paper_page_declare_emnlp2018_copy")
    assert _rows(library) == [("DeClarE: Debunking Fake News and False Claims using Evidence-Aware Deep Learning", "Popat", 2018, None)]
