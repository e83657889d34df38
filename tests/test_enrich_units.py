"""Unit tests of the enricher's parts: Atom parsing, names, pacing, cache, verification, options."""

from __future__ import annotations

import sqlite3

import pytest

from arxiv_server import _entry, error_feed, feed, make_arxiv_server  # noqa: F401 (fixture)
from citekit.enrich import EnrichOptions
from citekit.enrich.arxiv import ArxivClient, Pacer, abstract_phrases, title_phrase
from citekit.enrich.atom import FeedError, Record, parse_feed, split_name
from citekit.enrich.cache import MISSING, Cache
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


# --------------------------------------------------------------------------- Atom


def test_parse_feed_reads_every_arxiv_field():
    """A full entry yields id, version, whitespace-folded title, authors, dates, categories, DOI, journal ref, comment."""
    result = parse_feed(feed([_entry(PAPER)], 1, 0, 1))
    assert result.total_results == 1 and not result.truncated
    (rec,) = result.records
    assert (rec.arxiv_id, rec.version) == ("2101.00001", 2)
    assert rec.title == "Graph Networks for Everything"
    assert rec.authors == ["Jan van der Berg", "Ana Silva"]
    assert rec.published.startswith("2021-01-04")
    assert rec.primary_category == "cs.LG" and rec.categories == ["cs.LG", "stat.ML"]
    assert (rec.doi, rec.journal_ref, rec.comment) == ("10.1000/xyz", "J. Graphs 1 (2021)", "12 pages")
    assert rec.summary == "We study graph networks for everything & more."


def test_parse_feed_old_style_id_and_missing_optional_elements():
    """Old-style ids parse; an entry without categories, DOI or comment still reads."""
    paper = {**PAPER, "arxiv_id": "hep-th/9901001", "primary_category": None, "categories": None,
             "doi": None, "journal_ref": None, "comment": None}
    (rec,) = parse_feed(feed([_entry(paper)], 1, 0, 1)).records
    assert rec.arxiv_id == "hep-th/9901001" and rec.primary_category is None and rec.categories == []
    assert rec.doi is None and rec.comment is None


@pytest.mark.parametrize("body", [b"", b"<feed", b"<html><body>busy</body></html>", b"\x00\x01garbage"])
def test_parse_feed_rejects_what_is_not_an_atom_feed(body):
    """Malformed XML or a non-feed page raises FeedError (to be retried), never a half answer."""
    with pytest.raises(FeedError):
        parse_feed(body)


def test_parse_feed_collects_arxiv_error_entries():
    """arXiv's error entries are reported as errors, not records."""
    result = parse_feed(error_feed("incorrect id format for 1234", "incorrect_id_format_for_1234"))
    assert result.records == [] and result.errors == ["incorrect id format for 1234"]


def test_truncated_when_more_results_than_the_page():
    """totalResults beyond the page marks the answer truncated."""
    assert parse_feed(feed([_entry(PAPER)], 5, 0, 1)).truncated


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


def test_record_json_round_trip():
    """A record survives the cache's JSON form."""
    (rec,) = parse_feed(feed([_entry(PAPER)], 1, 0, 1)).records
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
    """Retries on 503 wait the delay, then the doubling backoff, and never less than the delay."""
    server = make_arxiv_server([dict(PAPER)])
    server.faults = {1: "503", 2: "503", 3: "503"}
    clock = FakeClock()
    client = ArxivClient(server.url, Pacer(3.0, clock=clock, sleep=clock.sleep), retries=3, backoff=3.0)
    result, _ = client.fetch({"id_list": "2101.00001", "max_results": "1"}, expect_entries=True)
    assert [r.arxiv_id for r in result.records] == ["2101.00001"]
    assert server.count == 4
    assert clock.slept == [pytest.approx(3.0), pytest.approx(6.0), pytest.approx(12.0)]


def test_retry_after_is_honoured(make_arxiv_server):
    """A 429's Retry-After stretches the wait before the retry."""
    server = make_arxiv_server([dict(PAPER)])
    server.faults = {1: "429"}
    clock = FakeClock()
    client = ArxivClient(server.url, Pacer(1.0, clock=clock, sleep=clock.sleep), backoff=1.0)
    original = server._answer

    def with_header(path):
        status, body, headers = original(path)
        return status, body, ({"Retry-After": "7"} if status == 429 else headers)

    server._answer = with_header
    client.fetch({"id_list": "2101.00001", "max_results": "1"}, expect_entries=True)
    assert clock.slept == [pytest.approx(7.0)]


# --------------------------------------------------------------------------- cache


def test_cache_round_trip_and_negative_answers(tmp_path):
    """Records, 'no such id' and query answers persist across openings."""
    (rec,) = parse_feed(feed([_entry(PAPER)], 1, 0, 1)).records
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
    (rec,) = parse_feed(feed([_entry(PAPER)], 1, 0, 1)).records
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


def test_cache_that_is_not_a_database_falls_back_to_memory(tmp_path):
    """A damaged cache file is reported and the run goes on in memory."""
    bad = tmp_path / "c.sqlite3"
    bad.write_bytes(b"this is not sqlite" * 100)
    cache = Cache.open(bad)
    assert cache.path == ":memory:" and "cannot use the cache" in (cache.trouble or "")
    cache.put_paper("2101.99999", None, "u")
    assert cache.paper("2101.99999") is MISSING
    cache.close()


def test_cache_from_another_schema_version_is_rebuilt(tmp_path):
    """A cache written by a future schema is started afresh, not misread."""
    path = tmp_path / "c.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE papers (junk)")
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    cache = Cache.open(path)
    assert cache.trouble is None and cache.paper("2101.00001") is None
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
