"""`citekit update` end to end: a hand-kept .bib against the local arXiv stand-in, through the library and the CLI."""

from __future__ import annotations

import os

import difflib
import json
import re
import socket
from pathlib import Path

import pytest

from arxiv_server import make_arxiv_server  # noqa: F401 (fixture)
from citekit.bibedit import BibDocument
from citekit.enrich import EnrichOptions
from citekit.update import UpdateOptions, update_document, update_text

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "update"
REFS = FIXTURES / "refs.bib"

#: What should become of each entry of refs.bib (the fixture's own annotation).
EXPECTED = {
    "vaswani2017attention": "upgraded",
    "DBLP:journals/corr/abs-1910-10683": "upgraded",
    "kaplan2020scaling": "filled",
    "hu2021lora": "filled",
    "devlin2019bert": "filled",
    "brown2020fewshot": "unsure",
    "doe2020diffusion": "unsure",
    "ouyang2022training": "locked",
    "ho2020ddpm": "filled",
    "barabasi1999emergence": "upgraded",
    "rossi2021ergodicity": "filled",  # a DOI the resolver has no record of: where it appeared is unknown
    "maldacena1997": "upgraded",
    "knuth1984texbook": "not an arXiv paper",  # a book of 1984: never searched for
    "smith2015": "unsure",
    "ghost2023": "not on arXiv",
}
#: The arXiv id of each entry that has one on arXiv (for checking what was kept and parsed).
IDS = {
    "vaswani2017attention": "1706.03762", "DBLP:journals/corr/abs-1910-10683": "1910.10683",
    "kaplan2020scaling": "2001.08361", "hu2021lora": "2106.09685", "devlin2019bert": "1810.04805",
    "ho2020ddpm": "2006.11239", "barabasi1999emergence": "cond-mat/9910332",
    "rossi2021ergodicity": "2107.01234", "maldacena1997": "hep-th/9711200",
}


def records() -> list[dict]:
    """The stand-in's papers, fresh (the server annotates the dicts it is given)."""
    return json.loads((FIXTURES / "arxiv_records.json").read_text(encoding="utf-8"))


@pytest.fixture
def server(make_arxiv_server):  # noqa: F811
    """The stand-in arXiv over the fixture's records."""
    return make_arxiv_server(records())


@pytest.fixture
def enrich_options(server, tmp_path):
    """Enrichment against the stand-in, no pacing, a private cache."""
    # One retry: an enricher may ask again to confirm that an id is absent (a witness id in the answer).
    return EnrichOptions(doi_url=os.environ["CITEKIT_DOI_URL"], url=server.url, delay=0, backoff=0, retries=1, cache_path=tmp_path / "cache.sqlite3")


@pytest.fixture
def env(server, tmp_path, monkeypatch):
    """The CLI pointed at the stand-in; returns the cache path to pass."""
    monkeypatch.setenv("CITEKIT_ARXIV_URL", server.url)
    monkeypatch.setenv("CITEKIT_ARXIV_DELAY", "0")
    return str(tmp_path / "cache.sqlite3")


def fields_of(text: str, key: str) -> dict[str, str]:
    """An entry's fields (lower-cased name -> value without delimiters) in ``text``."""
    entry = BibDocument.parse(text).entry(key)
    assert entry is not None, key
    return {f.name.lower(): " ".join(f.value_text.split()) for f in entry.fields}


def entry_text(text: str, key: str) -> str:
    """The exact text of one entry."""
    entry = BibDocument.parse(text).entry(key)
    assert entry is not None, key
    return text[entry.start:entry.end]


def published(record: dict) -> bool:
    """True when the stand-ins say where the paper was published (a journal reference, or the DOI's record)."""
    from doi_server import csl_items

    return bool(record.get("journal_ref") or record.get("doi") in csl_items())


def test_statuses_match_the_fixture(enrich_options):
    """Exactly the published preprints are upgraded; the others filled; disagreeing and missing ones left alone."""
    result = update_text(REFS.read_text(encoding="utf-8"), str(REFS), UpdateOptions(), enrich_options)
    assert {p.key: p.status for p in result.plans} == EXPECTED
    by_id = {r["arxiv_id"]: r for r in records()}
    for key, status in EXPECTED.items():
        if key in IDS and status in ("upgraded", "filled"):
            # Consistent with the stand-in: upgraded iff arXiv knows a publication (devlin is already a proceedings paper).
            assert (status == "upgraded") == (published(by_id[IDS[key]]) and key != "devlin2019bert"), key
    assert not result.failed and result.changed


def test_upgraded_entries_keep_the_id_and_get_the_parsed_reference(enrich_options):
    """An upgraded entry has the new type, the journal reference in parts, the published DOI, and its eprint."""
    text = update_text(REFS.read_text(encoding="utf-8"), str(REFS), UpdateOptions(), enrich_options).text
    assert entry_text(text, "barabasi1999emergence").startswith("@article{")
    science = fields_of(text, "barabasi1999emergence")
    assert (science["journal"], science["volume"], science["pages"], science["year"]) == ("Science", "286", "509", "1999")
    assert science["doi"] == "10.1126/science.286.5439.509" and science["eprint"] == "cond-mat/9910332"
    assert science["archiveprefix"] == "arXiv"

    t5 = fields_of(text, "DBLP:journals/corr/abs-1910-10683")
    assert (t5["journal"], t5["volume"], t5["number"], t5["pages"], t5["year"]) == (
        "Journal of Machine Learning Research", "21", "140", "1--67", "2020")
    assert t5["eprint"] == "1910.10683"

    assert entry_text(text, "vaswani2017attention").startswith("@inproceedings{")
    nips = fields_of(text, "vaswani2017attention")
    assert nips["booktitle"] == "Advances in Neural Information Processing Systems" and nips["volume"] == "30"
    assert nips["eprint"] == "1706.03762" and nips["year"] == "2017"

    ads = fields_of(text, "maldacena1997")
    assert entry_text(text, "maldacena1997").startswith("@article{")
    assert (ads["journal"], ads["volume"], ads["pages"], ads["year"]) == ("Adv. Theor. Math. Phys.", "2", "231--252", "1998")
    assert "howpublished" not in ads and ads["eprint"] == "hep-th/9711200"

    # Only a DOI the resolver does not know: no half-upgrade to an @ARTICLE without a journal.
    assert entry_text(text, "rossi2021ergodicity").startswith("@UNPUBLISHED{")  # the file's own spelling of types
    assert fields_of(text, "rossi2021ergodicity")["doi"] == "10.1007/s10955-022-02966-8"


def test_filled_entries(enrich_options):
    """Missing authors (``and others``), year/date, eprint, archivePrefix, primaryClass, DOI and URL are filled in."""
    text = update_text(REFS.read_text(encoding="utf-8"), str(REFS), UpdateOptions(), enrich_options).text
    lora = fields_of(text, "hu2021lora")
    assert lora["author"].startswith("Hu, Edward J. and Shen, Yelong and ") and "others" not in lora["author"]
    assert lora["author"].count(" and ") == 7
    assert (lora["eprint"], lora["archiveprefix"], lora["primaryclass"], lora["year"]) == ("2106.09685", "arXiv", "cs.CL", "2021")
    assert lora["doi"] == "10.48550/arXiv.2106.09685"
    assert lora["url"] == "https://arxiv.org/abs/2106.09685v2"  # the user's link stays as written

    vaswani = fields_of(text, "vaswani2017attention")
    assert vaswani["author"] == ("Ashish Vaswani and Noam Shazeer and Niki Parmar and Jakob Uszkoreit and Llion Jones "
                                 "and Aidan N. Gomez and Lukasz Kaiser and Illia Polosukhin")  # the entry's name order

    ddpm = fields_of(text, "ho2020ddpm")  # a BibLaTeX entry gets BibLaTeX fields
    assert (ddpm["eprintclass"], ddpm["date"]) == ("cs.LG", "2020-06-19")
    assert "primaryclass" not in ddpm and "year" not in ddpm

    bert = fields_of(text, "devlin2019bert")  # found by title and authors
    assert bert["eprint"] == "1810.04805" and bert["booktitle"] == "Proceedings of NAACL-HLT"


def test_only_changed_lines_change(enrich_options):
    """Every line outside a changed field (or a changed type line, or the comma before an added field) is byte-identical."""
    original = REFS.read_text(encoding="utf-8")
    result = update_text(original, str(REFS), UpdateOptions(), enrich_options)
    doc = BibDocument.parse(original)
    allowed: set[int] = set()
    for plan in result.plans:
        if not plan.changes:
            continue
        span = doc.entry(plan.key)
        assert span is not None
        touched = {c.field.lower() for c in plan.changes if c.kind in ("set", "remove", "complete-authors")}
        if any(c.kind == "type" for c in plan.changes):
            allowed.add(span.line)
        for f in span.fields:
            if f.name.lower() in touched:
                allowed.update(range(f.line, doc.line_of(f.value_end) + 1))
        last = span.fields[-1]
        allowed.add(doc.line_of(last.value_end))  # may gain the comma before an added field
    old_lines = original.splitlines(keepends=True)
    new_lines = result.text.splitlines(keepends=True)
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    changed = {i + 1 for tag, i1, i2, _, _ in matcher.get_opcodes() if tag in ("replace", "delete") for i in range(i1, i2)}
    assert changed <= allowed, sorted(changed - allowed)
    # The blocks that are not entries (comments, @string, @preamble) are all still there, byte for byte.
    assert [b.text for b in BibDocument.parse(result.text).blocks] == [b.text for b in doc.blocks]


def test_untouched_entries_are_byte_identical_and_reported(enrich_options):
    """Entries not on arXiv, whose record disagrees, or locked, stay exactly as written and each is reported."""
    original = REFS.read_text(encoding="utf-8")
    result = update_text(original, str(REFS), UpdateOptions(), enrich_options)
    for key, status in EXPECTED.items():
        if status in ("unsure", "not on arXiv", "locked", "not an arXiv paper"):
            assert entry_text(result.text, key) == entry_text(original, key), key
            plan = next(p for p in result.plans if p.key == key)
            assert plan.messages and not plan.changes, key
    brown = next(p for p in result.plans if p.key == "brown2020fewshot")
    assert "Scaling Laws for Neural Language Models" in brown.notes[0] and "Few-Shot" in brown.notes[0]  # both values
    doe = next(p for p in result.plans if p.key == "doe2020diffusion")
    assert "Jonathan Ho" in doe.notes[0] and "John Doe" in doe.notes[0]


def test_keys_and_entry_count_unchanged_and_second_run_is_identical(enrich_options, server):
    """Keys stay, every entry is still there, and a second run changes nothing and asks arXiv nothing."""
    original = REFS.read_text(encoding="utf-8")
    first = update_text(original, str(REFS), UpdateOptions(), enrich_options)
    assert [e.key for e in BibDocument.parse(first.text).entries] == [e.key for e in BibDocument.parse(original).entries]
    asked = server.count
    assert asked <= 5  # one id batch (and a confirming re-ask), one title batch: never one per entry
    second = update_text(first.text, str(REFS), UpdateOptions(), enrich_options)
    assert second.text == first.text and not second.changed
    assert all(not p.changes for p in second.plans)
    assert server.count == asked


def test_the_result_reads_cleanly(enrich_options):
    """The updated file reads without a single problem in citekit's own .bib reader."""
    from citekit.sources.bibtex import READER

    text = update_text(REFS.read_text(encoding="utf-8"), str(REFS), UpdateOptions(), enrich_options).text
    library = READER.read(text, "updated.bib")
    assert library.problems == []
    assert len(library.entries) == len(EXPECTED)


def test_crlf_file_keeps_crlf(enrich_options):
    """A CRLF file stays CRLF throughout, and gets the same changes as the LF one."""
    lf = REFS.read_text(encoding="utf-8")
    crlf = lf.replace("\n", "\r\n")
    a = update_text(lf, "lf.bib", UpdateOptions(), enrich_options).text
    b = update_text(crlf, "crlf.bib", UpdateOptions(), enrich_options).text
    assert "\n" not in b.replace("\r\n", "")
    assert b == a.replace("\n", "\r\n")


def test_no_upgrade_only_fills(enrich_options):
    """--no-upgrade: no type changes and no journal parts; the published ones still get their ids and DOI."""
    original = REFS.read_text(encoding="utf-8")
    result = update_text(original, str(REFS), UpdateOptions(upgrade=False), enrich_options)
    assert "upgraded" not in {p.status for p in result.plans}
    assert all(c.kind != "type" for p in result.plans for c in p.changes)
    science = fields_of(result.text, "barabasi1999emergence")
    assert science["journal"] == "arXiv preprint cond-mat/9910332" and "volume" not in science
    assert science["eprint"] == "cond-mat/9910332" and science["doi"] == "10.1126/science.286.5439.509"
    plan = next(p for p in result.plans if p.key == "barabasi1999emergence")
    assert any("--no-upgrade" in n for n in plan.messages)


def test_fields_limits_what_is_filled(enrich_options):
    """--fields doi adds DOIs and nothing else."""
    result = update_text(REFS.read_text(encoding="utf-8"), str(REFS), UpdateOptions(fields=frozenset({"doi"})), enrich_options)
    kinds = {(c.kind, c.field.lower()) for p in result.plans for c in p.changes}
    assert kinds == {("add", "doi")}


def test_only_and_lock(enrich_options):
    """--only KEYS changes only those entries; a locked entry is never changed, even when named."""
    original = REFS.read_text(encoding="utf-8")
    only = frozenset({"hu2021lora", "ouyang2022training"})
    result = update_text(original, str(REFS), UpdateOptions(only=only), enrich_options)
    changed = {p.key for p in result.plans if p.changes}
    assert changed == {"hu2021lora"}
    for key in EXPECTED:
        if key != "hu2021lora":
            assert entry_text(result.text, key) == entry_text(original, key)


def test_overwrite_replaces_and_reports(enrich_options):
    """--overwrite lets arXiv's values replace stated ones that differ (here: a year), and says so."""
    text = "@misc{k,\n  title = {Scaling Laws for Neural Language Models},\n  author = {Kaplan, Jared},\n  eprint = {2001.08361},\n  year = {2019},\n}\n"
    kept = update_text(text, "k.bib", UpdateOptions(), enrich_options)
    assert fields_of(kept.text, "k")["year"] == "2019"
    assert any("'2019' in the file vs '2020' on arXiv; kept" in n for n in kept.plans[0].messages)
    replaced = update_text(text, "k.bib", UpdateOptions(overwrite=True), enrich_options)
    assert fields_of(replaced.text, "k")["year"] == "2020"
    assert any("replaced (--overwrite)" in n for n in replaced.plans[0].messages)


def test_update_document_is_the_same_as_update_text(enrich_options):
    """The library call on a parsed document gives the same text as on the string, and leaves the document alone."""
    original = REFS.read_text(encoding="utf-8")
    doc = BibDocument.parse(original, str(REFS))
    by_doc = update_document(doc, UpdateOptions(), enrich_options)
    assert by_doc.text == update_text(original, str(REFS), UpdateOptions(), enrich_options).text
    assert doc.render() == original


def _dead_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/api/query"


def test_arxiv_down_leaves_the_text_untouched(tmp_path):
    """arXiv unreachable: the result is the original text, marked failed, with an error that says so."""
    options = EnrichOptions(doi_url=os.environ["CITEKIT_DOI_URL"], url=_dead_url(), delay=0, backoff=0, retries=0, timeout=2, cache_path=tmp_path / "c.sqlite3")
    original = REFS.read_text(encoding="utf-8")
    result = update_text(original, str(REFS), UpdateOptions(), options)
    assert result.failed and result.text == original
    assert any(p.severity == "error" and "left as they were" in p.message for p in result.problems)


def test_partial_outage_writes_what_was_answered(enrich_options, server):
    """503s after the first answer (retries exhausted): the entries arXiv answered for are updated, the ones it
    could not be asked about are named and left exactly as they were (a big library is not lost to one outage)."""
    server.faults.update({n: "503" for n in range(2, 12)})
    original = REFS.read_text(encoding="utf-8")
    result = update_text(original, str(REFS), UpdateOptions(), enrich_options)
    assert result.failed and "not checked" in result.summary()
    failed = [p for p in result.plans if p.status == "not checked"]
    assert failed and any(p.changes for p in result.plans)
    for plan in failed:
        assert entry_text(result.text, plan.key) == entry_text(original, plan.key), plan.key
    (error,) = [p for p in result.problems if p.severity == "error"]
    assert failed[0].key in error.message and "left as they were" in error.message


# ----------------------------------------------------------------------------- the CLI


def test_cli_writes_in_place_with_backup(cli, env, tmp_path):
    """`citekit update FILE` rewrites FILE atomically, keeps FILE.bak, prints a summary; a second run says nothing to change."""
    target = tmp_path / "refs.bib"
    target.write_bytes(REFS.read_bytes())
    result = cli("update", str(target), "--cache", env)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "refs.bib.bak").read_bytes() == REFS.read_bytes()
    assert target.read_bytes() != REFS.read_bytes()
    assert "4 upgraded, 5 filled, 3 unsure, 1 not on arXiv" in result.stderr
    assert "brown2020fewshot: unsure" in result.stderr and "1 entry not on arXiv (looked up and not found)" in result.stderr
    assert "ghost2023" in result.stderr and "1 not an arXiv paper" in result.stderr
    after = target.read_bytes()
    again = cli("update", str(target), "--cache", env, "--no-backup")
    assert again.exit_code == 0 and target.read_bytes() == after
    assert "nothing to change" in again.stderr


def test_cli_diff_writes_nothing(cli, env, tmp_path):
    """--diff prints a unified diff of exactly what a run would write, and writes nothing."""
    target = tmp_path / "refs.bib"
    target.write_bytes(REFS.read_bytes())
    before = target.stat().st_mtime_ns
    result = cli("update", str(target), "--cache", env, "--diff")
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == REFS.read_bytes() and target.stat().st_mtime_ns == before
    assert not (tmp_path / "refs.bib.bak").exists()
    assert result.stdout.startswith(f"--- a/{target}\n+++ b/{target}\n")
    assert "-@misc{maldacena1997," in result.stdout and "+@article{maldacena1997," in result.stdout
    written = cli("update", str(target), "--cache", env, "--no-backup")
    assert written.exit_code == 0
    expected = "".join(difflib.unified_diff(REFS.read_text(encoding="utf-8").splitlines(keepends=True),
                                            target.read_text(encoding="utf-8").splitlines(keepends=True),
                                            fromfile=f"a/{target}", tofile=f"b/{target}"))
    assert result.stdout == expected


def test_cli_dry_run_summary(cli, env, tmp_path):
    """--dry-run prints the counts (filled, upgraded, unsure, unchanged) and writes nothing."""
    target = tmp_path / "refs.bib"
    target.write_bytes(REFS.read_bytes())
    result = cli("update", str(target), "--cache", env, "--dry-run")
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == REFS.read_bytes() and not (tmp_path / "refs.bib.bak").exists()
    assert re.search(r"4 upgraded, 5 filled, 3 unsure, 1 not on arXiv, 1 locked, 1 not an arXiv paper; nothing written \(--dry-run\)", result.stderr)


def test_cli_arxiv_down_exits_1_and_leaves_the_file(cli, tmp_path, monkeypatch):
    """arXiv down: exit 1, the file byte-identical, no backup, and the message says arXiv could not be asked."""
    monkeypatch.setenv("CITEKIT_ARXIV_URL", _dead_url())
    monkeypatch.setenv("CITEKIT_ARXIV_DELAY", "0")
    target = tmp_path / "refs.bib"
    target.write_bytes(REFS.read_bytes())
    result = cli("update", str(target), "--cache", str(tmp_path / "c.sqlite3"))
    assert result.exit_code == 1
    assert target.read_bytes() == REFS.read_bytes() and not (tmp_path / "refs.bib.bak").exists()
    assert "could not be asked" in result.stderr and "left as they were" in result.stderr and "file untouched" in result.stderr
    assert "Traceback" not in result.output


def test_cli_offline_uses_the_cache(cli, env, tmp_path, server):
    """--offline after an online run gives the same file and makes no request; with an empty cache it fails cleanly."""
    a, b = tmp_path / "a.bib", tmp_path / "b.bib"
    a.write_bytes(REFS.read_bytes())
    b.write_bytes(REFS.read_bytes())
    assert cli("update", str(a), "--cache", env, "--no-backup").exit_code == 0
    asked = server.count
    offline = cli("update", str(b), "--cache", env, "--offline", "--no-backup")
    assert offline.exit_code == 0, offline.output
    assert b.read_bytes() == a.read_bytes() and server.count == asked
    c = tmp_path / "c.bib"
    c.write_bytes(REFS.read_bytes())
    empty = cli("update", str(c), "--cache", str(tmp_path / "empty.sqlite3"), "--offline")
    assert empty.exit_code == 1 and c.read_bytes() == REFS.read_bytes()


def test_cli_usage_errors(cli, env, tmp_path):
    """An unknown --fields name is a usage error (exit 2); an unreadable file is exit 1 naming it."""
    target = tmp_path / "refs.bib"
    target.write_bytes(REFS.read_bytes())
    bad = cli("update", str(target), "--fields", "doi,colour")
    assert bad.exit_code == 2 and "colour" in bad.stderr
    missing = cli("update", str(tmp_path / "nope.bib"), "--cache", env)
    assert missing.exit_code == 1 and "nope.bib" in missing.stderr


@pytest.mark.integration
def test_updated_file_compiles_under_bibtex(enrich_options, tmp_path):
    """bibtex reads the updated file with no new warning: a DOI-only preprint is not half-upgraded."""
    from conftest import require_tool
    from test_integration_bib import bibtex_problems

    require_tool("bibtex")
    require_tool("pdflatex")
    original = REFS.read_text(encoding="utf-8")
    result = update_text(original, str(REFS), UpdateOptions(), enrich_options)
    before, n_before = bibtex_problems(original, "plain", tmp_path / "before")
    after, n_after = bibtex_problems(result.text, "plain", tmp_path / "after")
    assert n_after == n_before == len(EXPECTED)
    new = {line for line in after if not line.startswith("(There w")} - set(before)
    assert new == set()
    rossi = next(p for p in result.plans if p.key == "rossi2021ergodicity")
    assert any("left a preprint" in n for n in rossi.messages)


def test_cli_windows_1252_file_is_written_back_as_read(cli, env, tmp_path):
    """A file that is not UTF-8 is read as Windows-1252 and written back in it, untouched bytes and all."""
    target = tmp_path / "old.bib"
    data = ("% Literatur f\u00fcr Kapitel 2\n@misc{kaplan,\n  title = {Scaling Laws for Neural Language Models},\n"
            "  author = {Kaplan, Jared and others},\n  eprint = {2001.08361}\n}\n").encode("cp1252")
    target.write_bytes(data)
    result = cli("update", str(target), "--cache", env, "--no-backup")
    assert result.exit_code == 0, result.output
    out = target.read_bytes()
    assert out.startswith("% Literatur f\u00fcr Kapitel 2\n".encode("cp1252"))
    assert b"McCandlish, Sam" in out and "not valid UTF-8" in result.stderr and "Windows-1252" in result.stderr


@pytest.mark.parametrize("bom, codec", [(b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")])
def test_cli_bom_crlf_and_utf16_survive_an_update(cli, env, tmp_path, bom, codec):
    """A UTF-16 or BOM-marked CRLF file is read by the one decoder and written back in its own form."""
    target = tmp_path / "win.bib"
    text = ("% Literatur f\u00fcr Kapitel 2\r\n@misc{kaplan,\r\n  title = {Scaling Laws for Neural Language Models},\r\n"
            "  author = {Kaplan, Jared and others},\r\n  eprint = {2001.08361}\r\n}\r\n")
    target.write_bytes(bom + text.encode(codec))
    result = cli("update", str(target), "--cache", env, "--no-backup")
    assert result.exit_code == 0, result.output
    out = target.read_bytes()
    assert out.startswith(bom) and out != bom + text.encode(codec)
    written = out[len(bom):].decode(codec)
    assert written.startswith(text.split("  author")[0]) and "McCandlish, Sam" in written
    assert written.count("\n") == written.count("\r\n")  # every line end added is CRLF too
