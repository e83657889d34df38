"""Pages of blind round pagesB15 (tests/data/pastes, SOURCES.md): what their first reading got wrong, by its cause."""

from __future__ import annotations

from pathlib import Path

from citekit.model import issued_date
from citekit.sources import read_text

PASTES = Path(__file__).parent / "data" / "pastes"


def _read(name: str):
    return read_text((PASTES / f"{name}.txt").read_text(encoding="utf-8"), f"{name}.txt")


def _families(entry) -> list[str]:
    return [a.family or a.literal for a in entry.author]


def test_hf_paper_page_browser_copy_reads_its_paper_past_the_submitter_and_copy_button():
    # "Copy markdown", "· Submitted by" / "Name on Jul 22, 2024" and "Upvote 17" stand between the title and the names.
    library = _read("web_hf_paper_page_browser_copy_scicode_librarian")
    own = library.entries[0]
    assert own.title == "SciCode: A Research Coding Benchmark Curated by Scientists"
    assert _families(own)[:2] == ["Tian", "Gao"] and "Lu" not in _families(own)
    assert own.extra.get("authors_truncated")  # "+ 8 authors" under the names
    assert own.arxiv_id == "2407.13168" and issued_date(own).year == 2024
    assert not any(e.title and e.title.lower().startswith("copy markdown") for e in library.entries)


def test_hf_paper_page_markdown_under_a_headline_takes_the_title_the_page_prints():
    library = _read("web_hf_paper_page_md_qwen_layered_hn_title")
    assert len(library.entries) == 1
    own = library.entries[0]
    assert own.title == "Qwen-Image-Layered: Towards Inherent Editability via Layer Decomposition"
    assert _families(own)[0] == "Yin" and own.arxiv_id == "2512.15603"
    # the block's title is not dropped in silence
    assert any("transparency and layer aware" in p.message for p in library.problems)


def test_hf_paper_page_markdown_without_front_matter_is_a_paper_page():
    text = (PASTES / "web_hf_paper_page_md_qwen_layered_hn_title.txt").read_text(encoding="utf-8")
    body = text.split("\n---\n", 1)[1]
    library = read_text(body, "page.md")
    assert [e.title for e in library.entries] == ["Qwen-Image-Layered: Towards Inherent Editability via Layer Decomposition"]
    assert library.entries[0].arxiv_id == "2512.15603"


def test_arxiv_abs_clip_dates_the_paper_by_its_first_version_not_the_feed():
    library = _read("web_arxiv_abs_rss_clip_bundle_adjustment_revised")
    own = library.entries[0]
    assert issued_date(own).year == 2024  # "[Submitted on 18 Sep 2024 (v1), last revised 17 Mar 2026 ...]"
    assert any("issued differs" in p.message for p in library.problems)  # the block's 2026 is reported, not dropped


def test_arxiv_abs_page_menu_is_no_author_line():
    text = (PASTES / "web_arxiv_abs_rss_clip_bundle_adjustment_revised.txt").read_text(encoding="utf-8")
    body = text.split("\n---\n", 1)[1]
    library = read_text(body, "abs.txt")
    assert [e.title for e in library.entries] == ["Bundle Adjustment in the Eager Mode"]
    assert library.entries[0].author == []  # "References & Citations" below the abstract names no one


def test_openreview_forum_page_with_anonymous_authors_is_read_not_refused():
    library = _read("web_openreview_forum_browser_dmlr_workshop_2024")
    assert [e.title for e in library.entries] == ["Learning representations of learning representations"]
    assert issued_date(library.entries[0]).year == 2024


def test_acl_page_cite_field_keeps_the_linked_title_whole():
    library = _read("web_acl_paper_readwise_findings2023_glued_fields")
    assert [e.title for e in library.entries] == [
        "\u201cLow-Resource\u201d Text Classification: A Parameter-Free Classification Method with Compressors"]
    assert _families(library.entries[0])[0] == "Jiang" and issued_date(library.entries[0]).year == 2023


# Round pagesB16: what its first reading got wrong, by its cause.

def test_awards_table_rows_split_at_their_tabs_and_keep_their_year():
    library = _read("web_cvf_awards_page_best_paper_rows_tabs")
    assert len(library.entries) == 15  # one-author rows too ("2014 \t “Title” \t M.K. Chandraker")
    first = library.entries[0]
    assert first.title == "A Theory of Fermat Paths for Non-Line-of-Sight Shape Reconstruction"
    assert _families(first)[0] == "Xin" and issued_date(first).year == 2019
    assert [issued_date(e).year for e in library.entries][-1] == 2007  # each row its own year, no heading's


def test_markdown_list_reads_names_printed_under_each_item():
    library = _read("web_md_reading_list_openreview_neurips2022_backdoor")
    assert len(library.entries) == 13
    assert all(e.author for e in library.entries)
    first = library.entries[0]
    assert _families(first) == ["Xing", "Song", "Cheng"] and issued_date(first).year == 2022  # "Published: 01 Nov 2022"
    assert "Rethinking the Reverse-engineering of Trojan Triggers" in [e.title for e in library.entries]  # no "Download"
    assert not any("后门" in (e.title or "") for e in library.entries)  # the section heading and its sentence


def test_openreview_note_skips_the_profile_id_under_a_name():
    library = _read("web_openreview_forum_note_graphcodebert_profile_id_line")
    assert [e.title for e in library.entries] == ["GraphCodeBERT: Pre-training Code Representations with Data Flow"]
    assert _families(library.entries[0])[:2] == ["Guo", "Ren"]


def test_front_matter_author_list_at_the_keys_indentation_wrapped_in_quotes():
    library = _read("web_arxiv_abs_clip_extraction_front_matter_automata")
    assert len(library.entries) == 1
    assert _families(library.entries[0])[0] == "Cho" and len(library.entries[0].author) == 7


def test_an_id_a_page_links_many_times_is_one_record():
    # the notebook export writes each link's address on its own line: the paper's page four times over
    library = _read("web_hf_papers_search_notebook_export_urls")
    assert sum(1 for e in library.entries if e.arxiv_id == "2502.06858") == 1


# Round pagesB17: what its first reading got wrong, by its cause.

def test_proceedings_paper_page_reads_title_over_volume_buttons_and_italic_names():
    library = _read("web_neurips_paper_page_md_crawl_aligned_2023")
    assert [e.title for e in library.entries] == ["Are aligned neural networks adversarially aligned?"]
    assert _families(library.entries[0])[:2] == ["Carlini", "Nasr"] and issued_date(library.entries[0]).year == 2023


def test_a_family_name_typed_in_lower_case_keeps_a_long_name_list_whole():
    library = _read("web_mlsys_paper_page_md_snapshot_caps_author")
    assert [e.title for e in library.entries] == ["Beat the long tail: Distribution-Aware Speculative Decoding for RL Training"]
    assert "wu" in [a.family for a in library.entries[0].author]  # "Xiaoxia wu" kept as typed


def test_notes_of_pasted_pages_date_arxiv_copies_by_first_version_and_forums_by_their_venue():
    notes = _read("web_reading_notes_arxiv_openreview_copies_2018")
    filters = next(e for e in notes.entries if e.title.startswith("Deep Variational Bayes Filters"))
    assert issued_date(filters).year == 2016 and filters.arxiv_id == "1605.06432"  # the title's trailing links dropped
    forum = _read("web_openreview_logseq_note_chinese_news_2021").entries[0]
    assert forum.title == "Zero-shot Synthesis with Group-Supervised Learning" and issued_date(forum).year == 2021


def test_html_reference_links_give_their_tab_titles():
    library = _read("web_news_digest_items_reference_links_html")
    titles = {e.arxiv_id: e.title for e in library.entries}
    assert titles["2608.09888"] == "BDH-CQ: In-Context Learning with Recurrent Latent Reasoning"
    assert titles["2412.06769"] == "Training Large Language Models to Reason in a Continuous Latent Space"
    assert titles["2608.28363"] is None  # its links' words are cut short ("..."): no title is made up from them


def test_one_comma_list_under_one_item_is_no_author_line():
    # names under items are read where the list does it for two items or more; topics under one item are no names
    text = ("* **[A Paper About Things](https://arxiv.org/abs/2101.00001)**\n\n"
            "Deep Learning, Computer Vision, Natural Language Processing\n\n"
            "* **[Another Paper On Stuff](https://arxiv.org/abs/2101.00002)**\n\nSomething else entirely here\n")
    library = read_text(text, "list.md")
    assert [e.title for e in library.entries] == ["A Paper About Things", "Another Paper On Stuff"]
    assert all(not e.author for e in library.entries)
