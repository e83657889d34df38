"""Unit tests of the enricher's parts: pages, names, pacing and retries, cache, verification, options."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import datetime, timezone

import arxiv
import pytest

from arxiv_server import error_feed, feed, make_arxiv_server  # noqa: F401 (fixture)
from citekit.enrich import EnrichOptions
from citekit.enrich.arxiv import ArxivClient, PageError, Pacer, abstract_phrases, inspect_page, title_phrase
from citekit.enrich.cache import MISSING, Cache, CacheError
from citekit.enrich.record import Record, split_name
from citekit.enrich.transport import USER_AGENT, Timeouts
from citekit.enrich.match import abstract_similarity, pick, titles_close, verify
from citekit.errors import UsageError
from citekit.model import Entry, Name

PAPER = {
    "arxiv_id": "2101.00001", "title": "Graph Networks  for\n Everything", "published": "2021-01-04",
    "authors": [{"given": "Jan", "family": "van der Berg"}, {"given": "Ana", "family": "Silva"}],
    "abstract": "We study graph networks for everything & more.", "primary_category": "cs.LG",
    "categories": ["cs.LG", "stat.ML"], "doi": "10.1000/xyz", "journal_ref": "J. Graphs 1 (2021)",
    "comment": "12 pages", "version": 2,
}


class FakeClock:
    """A clock that only moves when slept on."""

    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


# --------------------------------------------------------------------------- pages and records


def _client(server, clock=None, **kw) -> ArxivClient:
    clock = clock or FakeClock()
    kw.setdefault("jitter", 0.0)
    return ArxivClient(server.url, Pacer(kw.pop("delay", 0.0), clock=clock, sleep=clock.sleep), **kw)


def test_client_reads_every_arxiv_field_through_the_package(make_arxiv_server):
    """An id look-up via arxiv.Client yields id, version, whitespace-folded title, authors, dates, categories,
    DOI, journal ref and comment, asking once with citekit's User-Agent."""
    server = make_arxiv_server([dict(PAPER)])
    client = _client(server)
    answer = client.lookup_ids(["2101.00001"])
    rec = answer.found["2101.00001"]
    assert (rec.arxiv_id, rec.version) == ("2101.00001", 2)
    assert rec.title == "Graph Networks for Everything"
    assert rec.authors == ["Jan van der Berg", "Ana Silva"]
    assert rec.published.startswith("2021-01-04")
    assert rec.primary_category == "cs.LG" and rec.categories == ["cs.LG", "stat.ML"]
    assert (rec.doi, rec.journal_ref, rec.comment) == ("10.1000/xyz", "J. Graphs 1 (2021)", "12 pages")
    assert rec.summary == "We study graph networks for everything & more."
    assert server.count == 1 and not answer.failed and not answer.absent
    assert server.paths[0].count("%2C") == 0  # commas left readable: more ids fit a URL


def test_old_style_id_with_subject_class_is_the_paper_arxiv_answers_without_it(make_arxiv_server):
    """Asked as ``math.CA/0601001``, arXiv answers ``math/0601001``: the same paper, not a shifted answer."""
    server = make_arxiv_server([dict(PAPER, arxiv_id="math/0601001")])
    answer = _client(server).lookup_ids(["math.CA/0601001"])
    assert list(answer.found) == ["math.CA/0601001"] and answer.found["math.CA/0601001"].arxiv_id == "math/0601001"
    assert server.count == 1 and not answer.failed


def test_an_id_arxiv_rejects_is_set_apart_and_the_rest_asked_again(make_arxiv_server):
    """arXiv answers an id of the wrong form with HTTP 400 and an error entry naming it: that id is
    rejected with arXiv's message, the others are asked again and found."""
    server = make_arxiv_server([dict(PAPER)])
    answer = _client(server).lookup_ids(["abc", "2101.00001"])
    assert answer.rejected == {"abc": "incorrect id format for abc"}
    assert list(answer.found) == ["2101.00001"] and not answer.absent and not answer.failed
    assert server.count == 2


def test_an_id_left_out_of_whole_answers_is_absent(make_arxiv_server):
    """arXiv leaves out an id it has not (counting only what it found): after CONFIRM_ABSENT whole answers
    without it, it is absent; a page shorter than its own count is no such evidence."""
    from citekit.enrich.arxiv import CONFIRM_ABSENT

    server = make_arxiv_server([dict(PAPER)])
    answer = _client(server).lookup_ids(["2101.00001", "2101.99999"])
    assert answer.absent == {"2101.99999"} and server.count == CONFIRM_ABSENT
    server.requests.clear()
    server.fault_all = "partial"
    cut = _client(server, retries=2).lookup_ids(["2101.00001"])
    assert not cut.absent and "2101.00001" in cut.failed and server.count == 3


def test_record_from_an_old_style_result_without_optional_elements():
    """Old-style ids read; a result without categories, DOI or comment still makes a record."""
    when = datetime(1999, 1, 4, tzinfo=timezone.utc)
    result = arxiv.Result("http://arxiv.org/abs/hep-th/9901001v1", updated=when, published=when,
                          title="Strings\n  again", authors=[arxiv.Result.Author("Ed Witten")], comment=None,
                          journal_ref=None, doi=None)
    rec = Record.from_result(result)
    assert (rec.arxiv_id, rec.version, rec.title) == ("hep-th/9901001", 1, "Strings again")
    assert rec.primary_category is None and rec.categories == [] and rec.doi is None and rec.comment is None
    assert rec.published == "1999-01-04T00:00:00Z" and rec.names()[0].family == "Witten"


@pytest.mark.parametrize("body", [b"", b"<feed", b"<html><body>busy</body></html>", b"\x00\x01garbage",
                                  b"<?xml version='1.0'?><rss/>"])
def test_inspect_page_rejects_what_is_not_an_atom_feed(body):
    """Malformed XML, an HTML page or another document raises PageError (to be retried), never a half answer."""
    with pytest.raises(PageError):
        inspect_page(body, [], "u")


def test_inspect_page_collects_arxiv_error_entries():
    """arXiv's error entries are errors, not records; one naming an id marks that id rejected."""
    page = inspect_page(error_feed("incorrect id format for 1234", "incorrect_id_format_for_1234"), [], "u")
    assert page.records == [] and list(page.errors.values()) == ["incorrect id format for 1234"]
    assert page.rejected(["1234", "2101.00001"]) == {"1234": "incorrect id format for 1234"}


def test_inspect_page_finds_blank_entries_and_truncation():
    """A blank entry (an id, nothing else) is arXiv's "no such paper"; totalResults beyond the page is truncation."""
    blank = "<entry><id>http://arxiv.org/abs/2101.99999</id></entry>"
    page = inspect_page(feed([blank], 5, 0, 1), [], "u")
    assert page.blank == {"2101.99999"} and page.truncated


def test_inspect_page_refuses_entries_the_package_dropped():
    """An entry the package could not read (no dates) is a hole in the answer, not a missing paper."""
    entry = "<entry><id>http://arxiv.org/abs/2101.00001v1</id><title>A title</title></entry>"
    with pytest.raises(PageError):
        inspect_page(feed([entry], 1, 0, 1), [], "u")


def test_search_needs_every_result_its_count_promises(make_arxiv_server):
    """A search page shorter than its count promises is asked again; a complete one is accepted."""
    papers = [dict(PAPER, arxiv_id=f"2101.0000{n}", title=f"Graph networks part {n}") for n in range(1, 7)]
    server = make_arxiv_server(papers)
    server.faults = {1: "partial", 2: "empty"}
    page = _client(server, retries=3).search('ti:"graph networks"', 10)
    assert len(page.records) == 6 and server.count == 3


@pytest.mark.parametrize(
    "text, family, given",
    [
        ("Tianhao Wu", "Wu", "Tianhao"),
        ("Hado van Hasselt", "van Hasselt", "Hado"),
        ("Jan van der Berg", "van der Berg", "Jan"),
        ("Brandon M. Wood", "Wood", "Brandon M."),
        ("José Miguel Hernández-Lobato", "Hernández-Lobato", "José Miguel"),
        ("Martin Luther King Jr.", "King Jr.", "Martin Luther"),
        ("Van Nguyen", "Nguyen", "Van"),
    ],
)
def test_split_name(text, family, given):
    """'Given Family' strings split with particles kept in the family name."""
    assert split_name(text) == Name(family, given)


def test_split_name_keeps_groups_and_mononyms_literal():
    """Collaborations and single names are literal names."""
    assert split_name("The ATLAS Collaboration") == Name(literal="The ATLAS Collaboration")
    assert split_name("Prince") == Name(literal="Prince")
    assert split_name("  ") is None


def _rec() -> Record:
    return Record("2101.00001", 2, "Graph Networks for Everything", ["Jan van der Berg", "Ana Silva"],
                  "We study graph networks.", "2021-01-04T17:59:59Z", None, "cs.LG", ["cs.LG"], "10.1000/xyz")


def test_record_json_round_trip():
    """A record survives the cache's JSON form."""
    rec = _rec()
    assert Record.from_json(rec.to_json()) == rec


# --------------------------------------------------------------------------- pacing


def test_pacer_keeps_the_delay_between_requests():
    """The second request waits out the delay; time already passed counts."""
    clock = FakeClock()
    pacer = Pacer(3.0, clock=clock, sleep=clock.sleep)
    pacer.wait()
    pacer.mark()
    assert clock.slept == []
    clock.now += 1.0
    pacer.wait()
    pacer.mark()
    assert clock.slept == [pytest.approx(2.0)]
    clock.now += 5.0
    pacer.wait()
    assert clock.slept == [pytest.approx(2.0)]


def test_retries_back_off_and_keep_the_delay(make_arxiv_server):
    """urllib3 retries 503s with the doubling backoff, never waiting less than the delay."""
    server = make_arxiv_server([dict(PAPER)])
    server.faults = {1: "503", 2: "503", 3: "503"}
    clock = FakeClock()
    client = _client(server, clock, delay=3.0, retries=3, backoff=3.0)
    answer = client.lookup_ids(["2101.00001"])
    assert list(answer.found) == ["2101.00001"]
    assert server.count == 4
    assert clock.slept == [pytest.approx(3.0), pytest.approx(6.0), pytest.approx(12.0)]


def test_malformed_answers_back_off_too(make_arxiv_server):
    """Answers that are no usable page are asked again after the backoff, plus the jitter."""
    server = make_arxiv_server([dict(PAPER)])
    server.faults = {1: "malformed", 2: "captive"}
    clock = FakeClock()
    client = _client(server, clock, delay=1.0, backoff=2.0, jitter=0.5)
    assert list(client.lookup_ids(["2101.00001"]).found) == ["2101.00001"]
    assert server.count == 3
    assert len(clock.slept) == 2 and 2.0 <= clock.slept[0] <= 2.5 and 4.0 <= clock.slept[1] <= 4.5


@pytest.mark.parametrize("header, cap, waited", [("7", 60.0, 7.0), ("500", 60.0, 60.0)])
def test_retry_after_is_honoured_and_capped(make_arxiv_server, header, cap, waited):
    """A 429's Retry-After sets the wait before the retry, up to the cap."""
    server = make_arxiv_server([dict(PAPER)])
    server.faults = {1: "429"}
    server.retry_after = header
    clock = FakeClock()
    client = _client(server, clock, delay=1.0, backoff=1.0, max_backoff=cap)
    client.lookup_ids(["2101.00001"])
    assert clock.slept == [pytest.approx(waited)]


def test_requests_say_who_asks(make_arxiv_server, monkeypatch):
    """The User-Agent names citekit (and the package it speaks through), not the package alone."""
    from requests.adapters import HTTPAdapter

    seen = []
    real = HTTPAdapter.send
    monkeypatch.setattr(HTTPAdapter, "send", lambda self, req, *a, **k: seen.append(req.headers["User-Agent"]) or real(self, req, *a, **k))
    server = make_arxiv_server([dict(PAPER)])
    _client(server).lookup_ids(["2101.00001"])
    assert seen == [USER_AGENT] and USER_AGENT.startswith("citekit/")


def test_a_stalled_answer_times_out_and_is_asked_again(make_arxiv_server):
    """An answer that does not come within the read timeout is a fault to retry, not a hang."""
    server = make_arxiv_server([dict(PAPER)])
    server.faults = {1: "slow"}
    server.slow_seconds = 1.0
    client = ArxivClient(server.url, Pacer(0.0), backoff=0.0, jitter=0.0, timeouts=Timeouts(read=0.2))
    assert list(client.lookup_ids(["2101.00001"]).found) == ["2101.00001"] and server.count == 2


# --------------------------------------------------------------------------- cache


def test_cache_round_trip_and_negative_answers(tmp_path):
    """Records, 'no such id' and query answers persist across openings."""
    rec = _rec()
    cache = Cache.open(tmp_path / "c.sqlite3")
    cache.put_paper(rec.arxiv_id, rec, "u")
    cache.put_paper("2101.99999", None, "u")
    cache.put_query("ti:graph networks for everything", [rec.arxiv_id], "u")
    cache.put_query("ti:nothing here", [], "u")
    cache.close()
    cache = Cache.open(tmp_path / "c.sqlite3")
    assert cache.paper("2101.00001") == rec
    assert cache.paper("2101.99999") is MISSING
    assert cache.paper("2101.00002") is None
    assert cache.query("ti:graph networks for everything") == ["2101.00001"]
    assert cache.query("ti:nothing here") == []
    assert cache.query("ti:never asked") is None
    cache.close()


def test_cache_ages_out_negative_answers_first(tmp_path):
    """A negative answer expires after negative_max_age, a record after max_age; offline ignores age."""
    clock = FakeClock()
    rec = _rec()
    cache = Cache.open(tmp_path / "c.sqlite3", clock=clock, max_age=100.0, negative_max_age=10.0)
    cache.put_paper(rec.arxiv_id, rec, "u")
    cache.put_paper("2101.99999", None, "u")
    clock.now += 50
    assert cache.paper("2101.99999") is None and cache.paper("2101.99999", offline=True) is MISSING
    assert cache.paper("2101.00001") == rec
    clock.now += 100
    assert cache.paper("2101.00001") is None and cache.paper("2101.00001", offline=True) == rec
    cache.close()


def test_cache_query_needs_its_candidates(tmp_path):
    """A query answer whose candidate record is gone counts as not cached."""
    cache = Cache.open(tmp_path / "c.sqlite3")
    cache.put_query("ti:x y z", ["2101.00001"], "u")
    assert cache.query("ti:x y z") is None
    cache.close()


def _tables(path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        names = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


@pytest.mark.parametrize("tables", [
    ["CREATE TABLE notes (body TEXT)", "INSERT INTO notes VALUES ('keep me')"],
    # Another program's tables that happen to share citekit's names.
    ["CREATE TABLE papers (title TEXT, year INT)", "INSERT INTO papers VALUES ('mine', 2020)",
     "CREATE TABLE queries (q TEXT)", "INSERT INTO queries VALUES ('also mine')"],
])
def test_cache_refuses_another_programs_database_and_leaves_it_alone(tmp_path, tables):
    """A SQLite file that is not citekit's is refused with an error naming it; its tables stay as they were."""
    path = tmp_path / "theirs.sqlite3"
    with sqlite3.connect(path) as conn:
        for sql in tables:
            conn.execute(sql)
    before = _tables(path)
    with pytest.raises(CacheError) as err:
        Cache.open(path)
    assert str(path) in str(err.value) and "not a citekit cache" in str(err.value)
    assert _tables(path) == before


def test_cache_refuses_a_file_that_is_not_a_database(tmp_path):
    """A file that is not SQLite at all (a .bib given as --cache) is refused and not touched."""
    path = tmp_path / "refs.bib"
    path.write_bytes(b"@article{a, title={Keep me}}\n" * 100)
    before = path.read_bytes()
    with pytest.raises(CacheError) as err:
        Cache.open(path)
    assert str(path) in str(err.value)
    assert path.read_bytes() == before


def test_cache_from_another_schema_version_is_rebuilt(tmp_path):
    """A citekit cache written by another schema version is started afresh, not misread."""
    from citekit.enrich.cache import APPLICATION_ID

    path = tmp_path / "c.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE papers (junk)")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    cache = Cache.open(path)
    assert cache.trouble is None and cache.paper("2101.00001") is None
    cache.put_paper("2101.00001", _rec(), "u")
    assert cache.paper("2101.00001") == _rec()
    cache.close()


def test_cache_written_before_it_had_an_application_id_is_kept(tmp_path):
    """An older citekit cache (its two tables, no application id) is adopted with its answers."""
    from citekit.enrich.cache import _SCHEMA

    path = tmp_path / "c.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.executescript(_SCHEMA)
        conn.execute("INSERT INTO papers VALUES ('2101.99999', NULL, 'u', 1e12)")
        conn.execute("PRAGMA user_version = 1")
    cache = Cache.open(path)
    assert cache.paper("2101.99999", offline=True) is MISSING
    cache.close()


_READER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN")
conn.execute("SELECT count(*) FROM papers").fetchone()
print("reading", flush=True)
sys.stdin.readline()  # hold the read transaction until told
conn.execute("COMMIT")
"""


def test_cache_writes_do_not_wait_for_another_process_reading(tmp_path):
    """While another process holds a read transaction, writes still land (WAL), visible to a third reader."""
    path = tmp_path / "c.sqlite3"
    Cache.open(path).close()
    reader = subprocess.Popen([sys.executable, "-c", _READER, str(path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert reader.stdout.readline().strip() == "reading"
        cache = Cache.open(path)
        cache.put_papers([(f"2101.{n:05d}", None, "u") for n in range(1, 201)])
        cache.put_query("ti:x", [], "u")
        assert cache.trouble is None and not cache._pending
        with sqlite3.connect(path) as third:
            assert third.execute("SELECT count(*) FROM papers").fetchone()[0] == 200
        cache.close()
    finally:
        reader.communicate("done\n", timeout=30)
    assert reader.returncode == 0


def test_cache_keeps_writes_another_writer_blocks_for_the_next_flush(tmp_path):
    """A write that meets another writer's lock is kept and written with the next answer, not waited out."""
    path = tmp_path / "c.sqlite3"
    cache = Cache.open(path)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another writer holds the write lock
    cache.put_paper("2101.00001", None, "u")
    assert len(cache._pending) == 1 and cache.trouble is None
    other.execute("COMMIT")
    other.close()
    cache.put_paper("2101.00002", None, "u")
    assert cache._pending == []
    assert cache.paper("2101.00001") is MISSING and cache.paper("2101.00002") is MISSING
    cache.close()


# --------------------------------------------------------------------------- verification


def _record(**kw) -> Record:
    base = dict(arxiv_id="2101.00001", version=1, title="Thinking LLMs: General Instruction Following",
                authors=["Tianhao Wu", "Janice Lan", "Jason Weston"],
                summary="We propose a training method for equipping existing LLMs with thinking abilities. " * 4)
    base.update(kw)
    return Record(**base)


def test_titles_tolerate_punctuation_tex_and_dashes():
    """'--' vs '-', TeX markup, case and apostrophes do not make titles differ."""
    assert titles_close("Matbench Discovery -- A Framework", "Matbench Discovery - a framework") == 100
    assert titles_close(r"The $\textit{sortlet}$ layer", "The sortlet layer") == 100
    assert titles_close("LLM's that think", "LLMs that think") == 100
    assert titles_close("Learning with Thought", "Learning without Thought") < 100


def test_verify_accepts_equal_title_with_authors():
    """Equal title and agreeing authors (initials, 'Family, Given' form) verify."""
    entry = Entry(title="Thinking LLMs -- General Instruction Following",
                  author=[Name("Wu", "T."), Name("Lan", "Janice"), Name("Weston", "J.")])
    assert verify(entry, _record()).ok


def test_verify_rejects_other_authors_and_wrong_counts():
    """Same title, other authors or another author count: rejected."""
    assert not verify(Entry(title="Thinking LLMs: General Instruction Following", author=[Name("Else", "Someone")]), _record()).ok
    assert not verify(Entry(title="Thinking LLMs: General Instruction Following", author_count=4), _record()).ok
    assert verify(Entry(title="Thinking LLMs: General Instruction Following", author_count=3), _record()).ok


def test_verify_rejects_a_near_identical_title_without_corroboration():
    """A title one word off is accepted only when authors or abstract confirm it."""
    near = Entry(title="Thinking LLMs: General Instructions Following", author_count=3)
    assert not verify(near, _record()).ok
    near.author = [Name("Wu", "Tianhao"), Name("Lan", "Janice"), Name("Weston", "Jason")]
    assert verify(near, _record()).ok


def test_verify_short_title_alone_is_not_enough():
    """A generic short title with nothing else stated is left unresolved."""
    assert not verify(Entry(title="Attention"), _record(title="Attention")).ok
    assert verify(Entry(title="Thinking LLMs: General Instruction Following"), _record()).ok


def test_verify_abstract_only_entries():
    """Abstract-only entries need a closely matching abstract (truncation allowed)."""
    full = _record().summary
    assert verify(Entry(abstract=full), _record()).ok
    assert verify(Entry(abstract=full[: len(full) * 2 // 3]), _record()).ok
    assert not verify(Entry(abstract="We propose a training method for equipping birds with wings. " * 4), _record()).ok


def test_verify_renamed_paper_needs_the_same_long_abstract():
    """A different title is accepted only when a long abstract is the same text."""
    long = "Graph neural networks are shown to be capable models for molecular property prediction. " * 5
    rec = _record(title="Improved Uncertainty Estimation of Potentials", summary=long)
    assert verify(Entry(title="Rotationally Invariant Latent Distances", abstract=long), rec).ok
    assert not verify(Entry(title="Rotationally Invariant Latent Distances", abstract=long[:150]), rec).ok


def test_pick_reports_ambiguity():
    """Two papers that both verify equally are ambiguous: none is picked."""
    entry = Entry(title="Thinking LLMs: General Instruction Following")
    record, why = pick(entry, [_record(), _record(arxiv_id="2101.00002", authors=["Some One"])])
    assert record is None and "ambiguous" in why


def test_abstract_similarity_tolerates_stripped_tex():
    """A listing that lost TeX backslashes still reads as the same abstract."""
    tex = r"Loss $L(s) = L_0 + A\cdot S_1^{-\alpha}$ follows a law over training steps and schedules. " * 3
    assert abstract_similarity(tex.replace("\\", ""), tex) >= 90


# --------------------------------------------------------------------------- queries and options


def test_abstract_phrases_avoid_math_and_punctuation():
    """Phrases are runs of plain words: no math, hyphenated or punctuated tokens."""
    text = ("We find that the cross-entropy loss curves adhere to $L(s) = L_0 + Acdot$ scaling. "
            "Applying the scaling law with annealing and fitting only training curves, we predict losses.")
    phrases = abstract_phrases(text)
    assert phrases and all(len(p.split()) == 6 for p in phrases)
    assert all("$" not in p and "-" not in p and "acdot" not in p for p in phrases)
    assert abstract_phrases("Too short.") == []


def test_title_phrase_drops_quotes_and_operators():
    """A title becomes plain lower-case words: no quotes, colons or parentheses reach the query."""
    assert title_phrase('"Quoted": (A) OR B -- c_d') == "quoted a or b c d"


def test_options_from_env(monkeypatch):
    """Env vars set url and delay; None overrides fall back; bad values are usage errors."""
    monkeypatch.setenv("CITEKIT_ARXIV_URL", "http://127.0.0.1:9/api/query")
    monkeypatch.setenv("CITEKIT_ARXIV_DELAY", "0.5")
    options = EnrichOptions.from_env(cache_path=None, offline=True)
    assert options.url == "http://127.0.0.1:9/api/query" and options.delay == 0.5
    assert options.cache_path is None and options.offline
    assert EnrichOptions.from_env(delay=2.0).delay == 2.0
    monkeypatch.delenv("CITEKIT_ARXIV_URL")
    monkeypatch.delenv("CITEKIT_ARXIV_DELAY")
    assert EnrichOptions.from_env().url == "https://export.arxiv.org/api/query"
    assert EnrichOptions.from_env().delay == 3.0
    monkeypatch.setenv("CITEKIT_ARXIV_DELAY", "soon")
    with pytest.raises(UsageError):
        EnrichOptions.from_env()
    with pytest.raises(UsageError):
        EnrichOptions.from_env(colour="blue")


def test_opening_the_cache_writes_nothing_when_it_is_current(tmp_path):
    """Opening a current cache makes no write, so it cannot wait on another process's write lock."""
    path = tmp_path / "c.sqlite3"
    Cache.open(path).close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # nobody else may write (in WAL, readers still may)
    try:
        cache = Cache.open(path)
        assert cache.path == str(path) and cache.trouble is None and cache.paper("2101.00001") is None
        cache.conn.close()
    finally:
        other.execute("COMMIT")
        other.close()


def test_a_search_that_finds_nothing_is_believed_the_second_time(make_arxiv_server):
    """An empty page counting no results is asked once more before it is taken for "no such paper"."""
    server = make_arxiv_server([dict(PAPER)])
    server.faults = {1: "nothing"}
    page = _client(server).search('ti:"graph networks for everything"', 10)
    assert [r.arxiv_id for r in page.records] == ["2101.00001"] and server.count == 2
    server.requests.clear()
    none = _client(server).search('ti:"a title nobody wrote"', 10)
    assert none.records == [] and none.total == 0 and server.count == 2


def test_ids_without_any_witness_are_never_taken_for_absent(make_arxiv_server):
    """Answers holding none of the papers asked prove nothing (an empty answer looks the same): the ids
    are left unanswered, not cached as absent."""
    server = make_arxiv_server([dict(PAPER)])
    answer = _client(server, retries=2).lookup_ids(["2101.99998", "2101.99999"])
    assert not answer.absent and set(answer.failed) == {"2101.99998", "2101.99999"} and server.count == 3
    client = _client(server)
    client.known.append("2101.00001")  # e.g. a paper the cache knows: it can vouch for the answers
    assert client.lookup_ids(["2101.99999"]).absent == {"2101.99999"}


def test_the_request_deadline_is_per_try_not_spent_on_retry_waits(make_arxiv_server):
    """A long Retry-After wait does not count against the next try's deadline."""
    server = make_arxiv_server([dict(PAPER)])
    server.faults = {1: "429"}
    server.retry_after = "100"
    clock = FakeClock()
    client = _client(server, clock, max_backoff=120.0, timeouts=Timeouts(request=50.0))
    answer = client.lookup_ids(["2101.00001"])
    assert list(answer.found) == ["2101.00001"] and server.count == 2
    assert clock.slept == [pytest.approx(100.0)]
