"""The enricher against the local arXiv stand-in: correctness, request counts, cache, faults, outage, offline."""

from __future__ import annotations

import copy
import os
import re
import socket
from dataclasses import asdict

import pytest

from arxiv_server import arxiv_server, make_arxiv_server, seed_papers, synthetic_papers  # noqa: F401 (fixtures)
from citekit.enrich import EnrichOptions, enrich
from citekit.enrich.arxiv import Batching
from citekit.ids import normalize_text, normalize_title
from citekit.model import Entry, Library, Name, PartialDate, Provenance

SHAPES = ("abstract-only", "title+authors+abstract", "id+abstract", "title+count+abstract", "title+abstract")


def options(server, tmp_path, **kw) -> EnrichOptions:
    """Fast options for tests: no delay, no backoff or jitter, a cache in tmp_path."""
    base = dict(url=server.url if server else "http://127.0.0.1:9/api/query", doi_url=os.environ["CITEKIT_DOI_URL"],
                doi_delay=0.0, delay=0.0, backoff=0.0,
                jitter=0.0, timeout=5.0, cache_path=tmp_path / "cache.sqlite3")
    base.update(kw)
    return EnrichOptions(**base)


def shaped(papers: list[dict], shapes=SHAPES) -> tuple[Library, list[str]]:
    """Entries as the listings give them (cycling through the shapes), and each one's true arXiv id."""
    library = Library()
    truth = []
    for n, paper in enumerate(papers):
        shape = shapes[n % len(shapes)]
        prov = Provenance("test", f"{shape}.txt", n + 1)
        entry = Entry()
        entry.add_source(prov)
        if "title" in shape:
            entry.set("title", paper["title"], prov)
        if "abstract" in shape:
            entry.set("abstract", paper["abstract"], prov)
        if "authors" in shape:
            entry.set("author", [Name(a["family"], a["given"]) for a in paper["authors"]], prov)
        if "count" in shape:
            entry.set("author_count", len(paper["authors"]), prov)
        if "id" in shape:
            entry.set("arxiv_id", paper["arxiv_id"], prov)
        library.entries.append(entry)
        truth.append(paper["arxiv_id"])
    return library, truth


def families(entry_or_paper) -> list[str]:
    """Normalized full names ("Given Family"), of an entry or a seed paper."""
    if isinstance(entry_or_paper, Entry):
        return [normalize_text(a.display()) for a in entry_or_paper.author]
    return [normalize_text(f"{a['given'] or ''} {a['family']}") for a in entry_or_paper["authors"]]


def snapshot(library: Library) -> list[dict]:
    """Everything about the entries, for comparing two runs."""
    return [asdict(e) for e in library.entries]


def test_every_seed_paper_is_enriched_right_with_few_requests(arxiv_server, tmp_path):
    """All seed papers, in every listing shape, get the right id, title and authors; no wrong match; few requests."""
    papers = seed_papers()
    library, truth = shaped(papers)
    out = enrich(library, options(arxiv_server, tmp_path))
    by_id = {p["arxiv_id"]: p for p in papers}
    for entry, want in zip(out.entries, truth):
        assert entry.arxiv_id == want, (entry.title, entry.abstract and entry.abstract[:60])
        paper = by_id[want]
        assert normalize_title(entry.title) == normalize_title(paper["title"])
        assert families(entry) == families(paper)
        assert entry.arxiv_version and entry.issued == PartialDate.from_iso(paper["published"])
        assert entry.where("arxiv_id").source in {"arxiv-api", "test"}
    assert arxiv_server.count <= 15, arxiv_server.count
    assert not [p for p in out.problems if "unsure" in p.message or "not found" in p.message]


def test_second_run_makes_no_request(arxiv_server, tmp_path):
    """The same input enriched again is answered wholly from the cache, with the same result."""
    library, _ = shaped(seed_papers())
    first = enrich(copy.deepcopy(library), options(arxiv_server, tmp_path))
    used = arxiv_server.count
    second = enrich(copy.deepcopy(library), options(arxiv_server, tmp_path))
    assert arxiv_server.count == used
    assert snapshot(second) == snapshot(first)


def test_offline_uses_the_cache_alone(arxiv_server, tmp_path):
    """Offline, nothing is requested: uncached entries are listed as not enriched, cached ones are enriched."""
    library, truth = shaped(seed_papers()[:20])
    cold = enrich(copy.deepcopy(library), options(arxiv_server, tmp_path, offline=True))
    assert arxiv_server.count == 0
    assert all(e.arxiv_id in (None, t) and e.title == o.title for e, o, t in zip(cold.entries, library.entries, truth))
    assert any("20 entries were not enriched" in p.message for p in cold.problems)
    online = enrich(copy.deepcopy(library), options(arxiv_server, tmp_path))
    used = arxiv_server.count
    warm = enrich(copy.deepcopy(library), options(arxiv_server, tmp_path, offline=True))
    assert arxiv_server.count == used and snapshot(warm) == snapshot(online)


@pytest.mark.parametrize(
    "faults",
    [
        {1: "503", 2: "503", 3: "malformed", 5: "empty", 6: "429"},
        {1: "empty", 2: "slow", 4: "malformed", 7: "503"},
        {1: "partial", 3: "captive", 4: "partial", 6: "429"},
        {1: "shifted", 2: "partial", 3: "429", 5: "captive", 6: "empty"},
        {1: "shifted", 2: "shifted", 3: "malformed", 4: "partial"},
        {1: "nothing", 3: "nothing", 5: "nothing", 7: "nothing"},
    ],
    ids=["5xx-malformed-empty-429", "empty-slow-malformed-503", "partial-captive",
         "shifted-partial-429-captive-empty", "shifted-twice", "nothing-counted"],
)
def test_faults_on_the_way_give_the_same_result(arxiv_server, tmp_path, faults):
    """503s, 429s (Retry-After honoured, capped), malformed XML, empty, partial, shifted and captive-portal
    pages and a stalled answer are retried; the result is unchanged, and nothing faulty was cached."""
    library, _ = shaped(seed_papers())
    clean = enrich(copy.deepcopy(library), options(arxiv_server, tmp_path / "a"))
    clean_count = arxiv_server.count
    arxiv_server.requests.clear()
    arxiv_server.faults = faults
    arxiv_server.slow_seconds = 1.0
    arxiv_server.retry_after = "30"  # capped by retry_after_max below, or the test would wait
    opts = options(arxiv_server, tmp_path / "b", timeout=0.3, retry_after_max=0.05)
    faulty = enrich(copy.deepcopy(library), opts)
    assert snapshot(faulty) == snapshot(clean)
    assert arxiv_server.count == clean_count + len(faults)
    assert [str(p) for p in faulty.problems] == [str(p) for p in clean.problems]
    arxiv_server.requests.clear()
    again = enrich(copy.deepcopy(library), opts)
    assert arxiv_server.count == 0 and snapshot(again) == snapshot(clean)


def test_partial_and_shifted_answers_are_never_cached_as_absent(arxiv_server, tmp_path):
    """Ids an answer left out (or swapped for others) are asked again, not remembered as "no such paper"."""
    library, truth = shaped(seed_papers()[:12], shapes=("id+abstract",))
    arxiv_server.fault_all = "partial"  # every answer holds only half of what was asked
    first = enrich(copy.deepcopy(library), options(arxiv_server, tmp_path, retries=1))
    assert not any("arXiv has no paper" in p.message for p in first.problems)
    arxiv_server.fault_all = "shifted"
    enrich(copy.deepcopy(library), options(arxiv_server, tmp_path, retries=1))
    arxiv_server.fault_all = None
    arxiv_server.requests.clear()
    healthy = enrich(copy.deepcopy(library), options(arxiv_server, tmp_path))
    assert [e.arxiv_id for e in healthy.entries] == truth
    assert all(e.title and e.author for e in healthy.entries)
    assert not any("arXiv has no paper" in p.message for p in healthy.problems)


@pytest.mark.parametrize("kind", ["trickle", "trickle-head"])
def test_trickling_server_ends_in_bounded_time_with_complete_output(arxiv_server, tmp_path, kind):
    """A server that sends a few bytes at a time (body or headers), never pausing long enough for a read
    timeout, is cut off by the per-request deadline; the run then stops asking and returns every entry as read."""
    library, _ = shaped(seed_papers())
    before = snapshot(library)
    arxiv_server.fault_all = kind
    arxiv_server.trickle_gap, arxiv_server.trickle_bytes = 0.02, 8
    out = enrich(library, options(arxiv_server, tmp_path, timeout=1.0, request_deadline=0.3, retries=1))
    assert snapshot(out) == before
    assert arxiv_server.count == 2  # the first request and its one retry; then the run stops asking
    (summary,) = [p for p in out.problems if "were not enriched" in p.message]
    assert f"{len(library.entries)} entries" in summary.message and "trickling" in summary.message


@pytest.mark.parametrize("kind, why", [("gzip-bomb", "decompressed"), ("entity", "DTD")])
def test_hostile_answers_are_refused_and_never_cached(arxiv_server, tmp_path, kind, why):
    """A gzip bomb is cut off at the size cap and an answer declaring entities is refused: each ends at once
    (no retry would mend it) with the entries as read and one summary, and nothing of it is cached."""
    library, _ = shaped(seed_papers()[:8], shapes=("id+abstract",))
    before = snapshot(library)
    arxiv_server.fault_all = kind
    out = enrich(copy.deepcopy(library), options(arxiv_server, tmp_path, retries=2))
    assert snapshot(out) == before
    assert arxiv_server.count == 1
    (summary,) = [p for p in out.problems if "were not enriched" in p.message]
    assert why in summary.message
    arxiv_server.fault_all = None
    arxiv_server.requests.clear()
    healthy = enrich(copy.deepcopy(library), options(arxiv_server, tmp_path))
    assert arxiv_server.count >= 1 and all(e.title for e in healthy.entries)


@pytest.mark.parametrize("kind, why", [("redirect", "captive portal"), ("silent", "trickling|read timed out")])
def test_captive_redirect_and_half_open_end_in_bounded_time(arxiv_server, tmp_path, kind, why):
    """A redirect to a captive portal's login page, or a connection that never sends a byte: the run ends within
    its retries and deadlines with the entries as read, one summary warning, and nothing cached."""
    library, _ = shaped(seed_papers()[:6], shapes=("id+abstract",))
    before = snapshot(library)
    arxiv_server.fault_all = kind
    arxiv_server.slow_seconds = 5.0
    out = enrich(copy.deepcopy(library), options(arxiv_server, tmp_path, retries=1, request_deadline=0.5, timeout=2.0))
    assert snapshot(out) == before
    (summary,) = [p for p in out.problems if "were not enriched" in p.message]
    assert re.search(why, summary.message)  # a silent server meets the read timeout or the deadline, whichever is first
    arxiv_server.fault_all = None
    arxiv_server.requests.clear()
    healthy = enrich(copy.deepcopy(library), options(arxiv_server, tmp_path))
    assert arxiv_server.count >= 1 and all(e.title for e in healthy.entries)


def test_a_trickling_server_costs_at_most_two_deadlines_per_run(arxiv_server, tmp_path):
    """However many retries are allowed, the second request that runs out of time ends the run's asking."""
    library, _ = shaped(seed_papers())
    arxiv_server.fault_all = "trickle"
    arxiv_server.trickle_gap, arxiv_server.trickle_bytes = 0.02, 8
    out = enrich(library, options(arxiv_server, tmp_path, timeout=1.0, request_deadline=0.3, retries=5))
    assert arxiv_server.count == 2
    assert len([p for p in out.problems if "were not enriched" in p.message]) == 1


def test_run_deadline_stops_asking(arxiv_server, tmp_path):
    """Past the run's deadline no request is sent; the entries come back as read, with one summary."""
    library, _ = shaped(seed_papers()[:10])
    before = snapshot(library)
    out = enrich(library, options(arxiv_server, tmp_path, run_deadline=0.0))
    assert arxiv_server.count == 0 and snapshot(out) == before
    assert any("10 entries were not enriched" in p.message and "deadline" in p.message for p in out.problems)


def test_faults_are_never_cached(arxiv_server, tmp_path):
    """An answer that failed for good is not stored: the next run asks again and succeeds."""
    library, truth = shaped(seed_papers()[:10], shapes=("title+abstract",))
    arxiv_server.faults = {n: "malformed" for n in range(1, 5)}
    failed = enrich(copy.deepcopy(library), options(arxiv_server, tmp_path, retries=3))
    assert all(e.arxiv_id is None for e in failed.entries)
    assert any("not enriched" in p.message and "malformed" in p.message for p in failed.problems)
    arxiv_server.faults = {}
    again = enrich(copy.deepcopy(library), options(arxiv_server, tmp_path))
    assert [e.arxiv_id for e in again.entries] == truth


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def sent(monkeypatch) -> list[str]:
    """Every request the HTTP adapter actually tries to send (connection attempts included)."""
    from requests.adapters import HTTPAdapter

    urls: list[str] = []
    real_send = HTTPAdapter.send

    def counting_send(self, request, *args, **kwargs):
        urls.append(request.url)
        return real_send(self, request, *args, **kwargs)

    monkeypatch.setattr(HTTPAdapter, "send", counting_send)
    return urls


@pytest.mark.parametrize("where", ["refused", "unresolvable"])
def test_unmendable_failure_ends_enrichment_at_once_with_one_message(tmp_path, sent, where):
    """Connection refused or a name that does not resolve: one try, no retries, the library whole, one summary."""
    library, _ = shaped(seed_papers()[:30])
    before = snapshot(library)
    url = f"http://127.0.0.1:{_closed_port()}/api/query" if where == "refused" else "http://arxiv.invalid/api/query"
    out = enrich(library, options(None, tmp_path, url=url, retries=3, backoff=5.0))
    assert len(sent) == 1
    assert snapshot(out) == before
    (summary,) = [p for p in out.problems if "not enriched" in p.message]
    assert "30 entries were not enriched" in summary.message
    assert ("connection refused" if where == "refused" else "does not resolve") in summary.message
    assert "and 25 more (--verbose lists them all)" in summary.message
    assert summary.message.count(".txt:") == 5  # the first few, each with its file and line


def test_verbose_lists_every_entry_not_enriched(tmp_path, sent):
    """With verbose, the summary names every entry and each gets a warning of its own."""
    library, _ = shaped(seed_papers()[:12])
    out = enrich(library, options(None, tmp_path, url=f"http://127.0.0.1:{_closed_port()}/api/query", verbose=True))
    (summary,) = [p for p in out.problems if "entries were not enriched" in p.message]
    assert summary.message.count(".txt:") == 12 and "more" not in summary.message
    details = [p for p in out.problems if "not enriched (" in p.message]
    assert len(details) == 12 and all(p.origin.endswith(".txt") and p.line for p in details)


def test_outage_midway_keeps_what_was_read(arxiv_server, tmp_path):
    """When arXiv goes down after the id look-ups, those entries are enriched and the rest listed; no endless retrying."""
    library, truth = shaped(seed_papers()[:40], shapes=("id+abstract", "title+abstract"))
    arxiv_server.faults = {n: "503" for n in range(2, 200)}
    out = enrich(library, options(arxiv_server, tmp_path, retries=2))
    ids = [e.arxiv_id for e in out.entries]
    assert ids[0::2] == truth[0::2] and ids[1::2] == [None] * 20
    assert arxiv_server.count == 1 + 3  # the id request, then one search tried three times, then none
    assert any("20 entries were not enriched" in p.message for p in out.problems)


def test_unknown_id_is_reported_and_remembered(arxiv_server, tmp_path):
    """An id arXiv leaves out of its answers (as it does for ids it has not) is confirmed by asking for it
    alone, then reported, and the negative answer is cached."""
    from citekit.enrich.arxiv import CONFIRM_ABSENT

    library, truth = shaped(seed_papers()[:3], shapes=("id+abstract",))
    ghost = Entry(arxiv_id="2101.99999")
    library.entries.append(ghost)
    out = enrich(copy.deepcopy(library), options(arxiv_server, tmp_path))
    assert any("arXiv has no paper 2101.99999" in p.message for p in out.problems)
    assert [e.arxiv_id for e in out.entries[:3]] == truth
    used = arxiv_server.count
    assert used == CONFIRM_ABSENT
    # Asked again alone, with one id known to exist as a witness that the answer is not just empty.
    assert all(q["id_list"][0].split(",")[0] == "2101.99999" and len(q["id_list"][0].split(",")) == 2
               for q in arxiv_server.requests[1:])
    enrich(copy.deepcopy(library), options(arxiv_server, tmp_path))
    assert arxiv_server.count == used


def test_title_alone_shared_by_a_decoy_is_left_unresolved(arxiv_server, tmp_path):
    """A title that two arXiv papers share, with nothing else stated, is not guessed."""
    paper = seed_papers()[0]  # its decoys include the same title by other authors
    entry = Entry(title=paper["title"])
    out = enrich(Library([entry]), options(arxiv_server, tmp_path))
    assert entry.arxiv_id is None
    assert any("unsure" in p.message and "ambiguous" in p.message for p in out.problems)
    # Stating the author count settles it.
    entry2 = Entry(title=paper["title"], author_count=len(paper["authors"]))
    enrich(Library([entry2]), options(arxiv_server, tmp_path))
    assert entry2.arxiv_id == paper["arxiv_id"]


def test_conflicts_are_warnings_and_overwrite_replaces(make_arxiv_server, tmp_path):
    """Stated values are kept with a warning naming both; --overwrite takes arXiv's; equivalents are quiet."""
    paper = {**seed_papers()[5], "journal_ref": "Phys. Rev. X 10, 021067 (2020)", "doi": "10.1103/PhysRevX.10.021067"}
    server = make_arxiv_server([paper])
    prov = Provenance("test", "list.txt", 3)

    def make() -> Entry:
        entry = Entry(arxiv_id=paper["arxiv_id"], title=paper["title"].upper() + "!", comment="a stated comment")
        entry.set("DOI", "10.9999/other", prov)
        entry.add_source(prov)
        return entry

    kept = make()
    out = enrich(Library([kept]), options(server, tmp_path))
    assert kept.DOI == "10.9999/other" and kept.title == paper["title"].upper() + "!"
    warnings = [p.message for p in out.problems]
    assert len(warnings) == 1 and "DOI differs" in warnings[0] and "10.1103/PhysRevX.10.021067" in warnings[0]
    assert out.problems[0].origin == "list.txt" and out.problems[0].line == 3
    assert kept.type == "article-journal" and kept.arxiv_id == paper["arxiv_id"]
    assert kept.journal_ref == paper["journal_ref"] and kept.where("journal_ref").source == "arxiv-api"

    replaced = make()
    enrich(Library([replaced]), options(server, tmp_path, overwrite=True))
    assert replaced.DOI == "10.1103/PhysRevX.10.021067" and replaced.title == paper["title"]


def test_partial_dates_are_completed_not_contradicted(make_arxiv_server, tmp_path):
    """A listing's 'Mar 4' (no year) is completed from arXiv's first-version date without a warning."""
    paper = {**seed_papers()[1], "published": "2025-03-04"}
    server = make_arxiv_server([paper])
    entry = Entry(arxiv_id=paper["arxiv_id"])
    entry.set("issued", PartialDate(None, 3, 4), Provenance("test", "hf.txt", 1))
    out = enrich(Library([entry]), options(server, tmp_path))
    assert entry.issued == PartialDate(2025, 3, 4) and out.problems == []


def test_ids_go_hundreds_a_request(make_arxiv_server, tmp_path):
    """1,000 ids take at most 2 requests, each URL within the length budget."""
    papers = synthetic_papers(1000)
    server = make_arxiv_server(papers)
    library = Library([Entry(arxiv_id=p["arxiv_id"]) for p in papers])
    out = enrich(library, options(server, tmp_path))
    assert server.count <= 2
    assert all(len(server.url) - len("/api/query") + len(path) <= Batching().max_url + 30 for path in server.paths)
    assert [e.title for e in out.entries] == [p["title"] for p in papers]


def test_titles_go_many_a_request(make_arxiv_server, tmp_path):
    """200 title look-ups take at most 20 requests (one per ten), all verified right."""
    papers = synthetic_papers(200, seed=3)
    server = make_arxiv_server(papers)
    library = Library([Entry(title=p["title"], author=[Name(a["family"], a["given"]) for a in p["authors"]]) for p in papers])
    out = enrich(library, options(server, tmp_path))
    assert server.count <= 20, server.count
    assert [e.arxiv_id for e in out.entries] == [p["arxiv_id"] for p in papers]


def test_progress_bar_only_when_asked(arxiv_server, tmp_path, capsys):
    """With progress on, a bar is drawn on stderr; off, nothing is printed."""
    library, _ = shaped(seed_papers()[:10])
    enrich(copy.deepcopy(library), options(arxiv_server, tmp_path / "a"))
    assert capsys.readouterr().err == ""
    enrich(copy.deepcopy(library), options(arxiv_server, tmp_path / "b", progress=True))
    assert "arXiv" in capsys.readouterr().err


@pytest.mark.parametrize("listed", [PartialDate(None, 3, 10), PartialDate(2025, 3, 10), PartialDate(None, 3, 4)])
def test_a_listing_date_gives_way_to_arxivs_first_version_date(make_arxiv_server, tmp_path, listed):
    """A Hugging Face page's date is the day it listed the paper: after enrichment ``issued`` is arXiv's
    first-version date and the listing date is kept as ``custom.listed-date``, without a warning."""
    paper = {**seed_papers()[1], "published": "2025-03-04"}
    server = make_arxiv_server([paper])
    entry = Entry(title=paper["title"], author_count=len(paper["authors"]))
    entry.set("issued", listed, Provenance("hf-daily", "daily.txt", 4))
    out = enrich(Library([entry]), options(server, tmp_path))
    assert entry.arxiv_id == paper["arxiv_id"]
    assert entry.issued == PartialDate(2025, 3, 4) and entry.where("issued").source == "arxiv-api"
    assert entry.vars["custom"]["listed-date"] == listed.iso()
    assert out.problems == []


def test_a_stated_date_without_a_year_is_replaced_and_reported(make_arxiv_server, tmp_path):
    """A yearless date that disagrees with arXiv's cannot date a citation: arXiv's replaces it, with a warning."""
    paper = {**seed_papers()[1], "published": "2025-03-04"}
    server = make_arxiv_server([paper])
    entry = Entry(arxiv_id=paper["arxiv_id"])
    entry.set("issued", PartialDate(None, 5, 1), Provenance("test", "list.txt", 2))
    out = enrich(Library([entry]), options(server, tmp_path))
    assert entry.issued == PartialDate(2025, 3, 4)
    (problem,) = out.problems
    assert "issued differs" in problem.message and "--05-01" in problem.message


def test_a_stated_publication_date_is_kept_with_a_warning(make_arxiv_server, tmp_path):
    """A full date a listing states (not a listing date) that disagrees is the user's: kept, reported."""
    paper = {**seed_papers()[1], "published": "2025-03-04"}
    server = make_arxiv_server([paper])
    entry = Entry(arxiv_id=paper["arxiv_id"])
    entry.set("issued", PartialDate(2024, 12), Provenance("bibtex", "refs.bib", 7))
    out = enrich(Library([entry]), options(server, tmp_path))
    assert entry.issued == PartialDate(2024, 12) and "custom" not in entry.vars
    assert len(out.problems) == 1 and "issued differs" in out.problems[0].message


def test_dois_arxiv_cannot_resolve_are_named_once_and_kept(arxiv_server, tmp_path):
    """Entries known only by a journal DOI are kept as they are, and one warning names them."""
    paper = seed_papers()[2]
    found = Entry(title=paper["title"], author=[Name(a["family"], a["given"]) for a in paper["authors"]])
    found.set("DOI", "10.1000/found.by.title", Provenance("test", "refs.txt", 1))
    lone = [Entry(DOI=f"10.1145/35{n:02d}") for n in range(7)]
    for n, entry in enumerate(lone):
        entry.add_source(Provenance("test", "refs.txt", n + 2))
    before = snapshot(Library(copy.deepcopy(lone)))
    out = enrich(Library([found, *lone]), options(arxiv_server, tmp_path))
    assert found.arxiv_id == paper["arxiv_id"]
    assert snapshot(Library(out.entries[1:])) == before
    (problem,) = [p for p in out.problems if "DOI" in p.message]
    assert "cannot resolve DOIs" in problem.message and "7 entries kept as they are" in problem.message
    assert "10.1145/3500 (refs.txt:2)" in problem.message and "and 2 more" in problem.message


@pytest.mark.parametrize("how", ["clean", "faults", "outage"])
def test_progress_bar_knows_its_total_before_it_starts(arxiv_server, tmp_path, monkeypatch, how):
    """The bar is made once, before any request, with the number of look-ups; it ends exactly full,
    through faults and when arXiv cannot be reached."""
    import click

    bars = []

    class Bar:
        def __init__(self, length, **kwargs):
            self.length, self.pos, self.requests_before = length, 0, arxiv_server.count
            bars.append(self)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.closed_at = self.pos

        def update(self, n):
            self.pos += n
            assert self.pos <= self.length  # never beyond the total it started with

    monkeypatch.setattr(click, "progressbar", Bar)
    library, _ = shaped(seed_papers())
    if how == "faults":
        arxiv_server.faults = {1: "partial", 2: "malformed", 4: "empty", 5: "partial"}
    url = f"http://127.0.0.1:{_closed_port()}/api/query" if how == "outage" else arxiv_server.url
    enrich(library, options(arxiv_server, tmp_path, progress=True, url=url))
    (bar,) = bars
    assert bar.requests_before == 0 and bar.length > 0 and bar.closed_at == bar.length


def test_enrichment_runs_through_the_arxiv_package(arxiv_server, tmp_path, monkeypatch):
    """Every request goes through arxiv.Client.results with an arxiv.Search, and records come from arxiv.Result."""
    import arxiv

    searches, built = [], []
    real_results, real_init = arxiv.Client.results, arxiv.Result.__init__

    def results(self, search, offset=0):
        searches.append(search)
        return real_results(self, search, offset)

    def init(self, *args, **kwargs):
        built.append(args[0] if args else kwargs.get("entry_id"))
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(arxiv.Client, "results", results)
    monkeypatch.setattr(arxiv.Result, "__init__", init)
    library, truth = shaped(seed_papers()[:20])
    out = enrich(library, options(arxiv_server, tmp_path))
    assert [e.arxiv_id for e in out.entries] == truth
    assert len(searches) == arxiv_server.count and all(isinstance(s, arxiv.Search) for s in searches)
    assert {i.rsplit("/", 1)[-1].split("v")[0] for i in built} >= set(truth)
