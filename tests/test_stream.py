"""The streaming path: same output as the whole-library path, atomic, flat, and keeping the CLI contract."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pytest

from citekit import stream
from citekit.exporters import WRITERS, ExportOptions
from citekit.hashset import ArxivIdSet, HashSet64, hash64
from citekit.keys import KeyAssigner, _unique, assign_keys
from citekit.merge import merge
from citekit.model import Entry, Library, Name, PartialDate
from citekit.sources import read_paths

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from corpus_bib import iter_records, snapshot_line  # noqa: E402


def _snapshot(path: Path, n: int, seed: int = 11, extra: list[str] | None = None) -> Path:
    lines = [snapshot_line(r) for r in iter_records(n, seed)]
    # Keys that clash: the same first author, year and first title word, several times over.
    base = json.loads(lines[0])
    for i in range(5):
        twin = dict(base, id=f"2401.{90000 + i:05d}")
        lines.append(json.dumps(twin))
    lines += extra or []
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _whole_library(path: Path, to: str) -> str:
    library = merge(read_paths([str(path)]))
    assign_keys(library)
    return WRITERS.get(to).write(library, ExportOptions())


@pytest.mark.parametrize("to", ["bibtex", "biblatex", "csl-json"])
@pytest.mark.parametrize("workers", ["0", "2"])
def test_streaming_output_equals_whole_library_output(tmp_path, cli, monkeypatch, to, workers):
    """A generated snapshot converts to the same bytes streamed (in-line or in workers) as read whole."""
    monkeypatch.setenv("CITEKIT_WORKERS", workers)
    monkeypatch.setattr(stream, "CHUNK_BYTES", 5000)  # many chunks (a few records each), so their order matters
    src = _snapshot(tmp_path / "snap.jsonl", 300)
    out = tmp_path / f"out.{to}"
    result = cli("convert", str(src), "--to", to, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == _whole_library(src, to)
    assert "wrote 305 entries" in result.stderr


def test_streaming_takes_the_stream_path(tmp_path, cli, monkeypatch):
    """A snapshot input is read through iter_read, never whole."""
    from citekit.sources import arxiv_snapshot

    def refuse(self, text, origin):
        raise AssertionError("read whole")

    monkeypatch.setattr(arxiv_snapshot.ArxivSnapshotReader, "read", refuse)
    src = _snapshot(tmp_path / "snap.jsonl", 20)
    assert cli("convert", str(src), "--to", "bibtex").exit_code == 0


def test_stdout_streaming_equals_file(tmp_path, cli):
    """Without -o the streamed text goes to stdout, the same bytes."""
    src = _snapshot(tmp_path / "snap.jsonl", 50)
    result = cli("convert", str(src), "--to", "bibtex")
    assert result.exit_code == 0
    assert result.stdout == _whole_library(src, "bibtex")


def test_duplicate_ids_keep_the_first_and_warn(tmp_path, cli):
    """A record whose arXiv id was read already is skipped with a warning naming its line."""
    recs = list(iter_records(3, 5))
    again = dict(recs[1], title="A later printing of the same paper")
    src = tmp_path / "dup.jsonl"
    src.write_text("\n".join(snapshot_line(r) for r in recs + [again]) + "\n", encoding="utf-8")
    result = cli("convert", str(src), "--to", "bibtex")
    assert result.exit_code == 0
    assert result.stdout.count("@misc{") + result.stdout.count("@article{") == 3
    assert "later printing" not in result.stdout.lower()
    assert f"dup.jsonl:4: arXiv id {recs[1]['id']} was read already" in result.stderr


@pytest.mark.parametrize("to", ["bibtex", "csl-json"])
def test_no_merge_keeps_repeated_ids_in_both_modes(tmp_path, cli, to):
    """--no-merge: the streaming mode keeps every record, as the whole-library mode does (the same bytes)."""
    recs = list(iter_records(3, 5))
    src = tmp_path / "dup.jsonl"
    src.write_text("\n".join(snapshot_line(r) for r in recs + [recs[1]]) + "\n", encoding="utf-8")
    streamed = cli("convert", str(src), "--to", to, "--no-merge", "-v")
    assert streamed.exit_code == 0 and "was read already" not in streamed.stderr
    library = read_paths([str(src)])
    assign_keys(library)
    assert streamed.stdout == WRITERS.get(to).write(library, ExportOptions())
    assert len(library.entries) == 4


def test_strict_fails_and_writes_nothing(tmp_path, cli):
    """--strict with a warning: exit 1, the old output untouched, no temporary file left."""
    src = _snapshot(tmp_path / "snap.jsonl", 30, extra=["{not json"])
    out = tmp_path / "refs.bib"
    out.write_text("old\n")
    result = cli("convert", str(src), "--to", "bibtex", "-o", str(out), "--strict")
    assert result.exit_code == 1
    assert "snap.jsonl:36: not a JSON record" in result.stderr
    assert "--strict: 1 warning(s); nothing written" in result.stderr
    assert out.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["refs.bib", "snap.jsonl"]


def test_strict_to_stdout_prints_nothing(tmp_path, cli):
    """--strict without -o: the spooled text is never printed."""
    src = _snapshot(tmp_path / "snap.jsonl", 10, extra=["[1, 2]"])
    result = cli("convert", str(src), "--to", "bibtex", "--strict")
    assert result.exit_code == 1
    assert result.stdout == ""


def test_failure_mid_stream_leaves_old_output(tmp_path, cli, monkeypatch):
    """An exception while writing removes the temporary file and leaves the old output alone."""
    from citekit.exporters.bibtex import BibWriter

    src = _snapshot(tmp_path / "snap.jsonl", 40)
    out = tmp_path / "refs.bib"
    out.write_text("old\n")
    calls = {"n": 0}
    real = BibWriter.entry_parts

    def flaky(self, entry, options):
        calls["n"] += 1
        if calls["n"] == 25:
            raise RuntimeError("disk on fire")
        return real(self, entry, options)

    monkeypatch.setattr(BibWriter, "entry_parts", flaky)
    monkeypatch.setenv("CITEKIT_WORKERS", "0")
    from click.testing import CliRunner

    from citekit.cli import main

    result = CliRunner().invoke(main, ["convert", str(src), "--to", "bibtex", "-o", str(out)])
    assert result.exit_code == 1
    assert "internal error" in result.stderr
    assert out.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["refs.bib", "snap.jsonl"]


def test_missing_input_is_exit_1(tmp_path, cli):
    """A missing file is the same error as on the other path."""
    result = cli("convert", str(tmp_path / "nope.jsonl"), "--from", "arxiv-snapshot", "--to", "bibtex")
    assert result.exit_code == 1
    assert "no such file" in result.stderr


def test_not_utf8_falls_back_to_whole_library(tmp_path, cli):
    """Latin-1 bytes past the sniffed head send the run to the other path, which reads them with a warning."""
    src = _snapshot(tmp_path / "snap.jsonl", 400)
    bad = json.dumps({"id": "2402.00001", "title": "Caf\u00e9 society", "authors_parsed": [["M\u00fcller", "H", ""]],
                      "versions": [{"created": "Mon, 5 Feb 2024 10:00:00 GMT"}]}, ensure_ascii=False)
    with open(src, "ab") as handle:
        handle.write(bad.encode("latin-1") + b"\n")
    assert src.stat().st_size > 4 * 65536
    result = cli("convert", str(src), "--to", "bibtex")
    assert result.exit_code == 0
    assert "not valid UTF-8" in result.stderr
    assert "Caf\\'e society" in result.stdout or "Caf{\\'e} society" in result.stdout


def test_other_inputs_do_not_stream(tmp_path):
    """A .bib input, stdin, or a writer without write_stream keep the whole-library path."""
    bib = tmp_path / "a.bib"
    bib.write_text("@misc{k, title = {T}}\n")
    snap = _snapshot(tmp_path / "snap.jsonl", 5)
    assert stream.plan([str(bib)], None, WRITERS.get("bibtex")) is None
    assert stream.plan(["-"], "arxiv-snapshot", WRITERS.get("bibtex")) is None
    assert stream.plan([str(snap)], None, WRITERS.get("json")) is None
    assert stream.plan([str(snap), str(bib)], None, WRITERS.get("bibtex")) is None
    assert stream.plan([str(snap)], None, WRITERS.get("csl-json")) is not None


def test_key_assigner_matches_assign_keys():
    """Entry by entry, the compact assigner gives the keys assign_keys gives the whole list."""
    rng = random.Random(3)
    entries = []
    for i in range(600):
        fam = rng.choice(["Smith", "Müller", "Lee"])
        entries.append(Entry(title=rng.choice(["Deep nets", "Deep learning", "Graphs"]),
                             author=[Name(fam, "A")], issued=PartialDate(rng.choice([2020, 2021])),
                             arxiv_id=f"2001.{i:05d}"))
    whole = Library(entries=[Entry(title=e.title, author=e.author, issued=e.issued, arxiv_id=e.arxiv_id) for e in entries])
    assign_keys(whole)
    assigner = KeyAssigner()
    for entry in entries:
        assert assigner.assign(entry) is None
    assert [e.key for e in entries] == [e.key for e in whole.entries]


def test_compact_key_set_never_returns_a_taken_key():
    """Thousands of clashing stems: every key handed out is new (case-insensitively)."""
    assigner = KeyAssigner()
    seen: set[str] = set()
    for i in range(20000):
        key, _ = assigner.claim(None, f"smith{2000 + i % 7}deep", "<t>", None)
        assert key.casefold() not in seen
        seen.add(key.casefold())
    key, problem = assigner.claim("Smith2000deep", None, "<t>", 3)
    assert key.casefold() not in seen and problem is not None and problem.line == 3


def test_hashset_grows_and_stays_compact():
    """The set holds its members across growth, at 8 bytes a member."""
    members = HashSet64(capacity=16)
    for i in range(50000):
        assert members.add(f"key{i}")
    assert len(members) == 50000
    assert all(f"key{i}" in members for i in range(0, 50000, 97))
    assert "key50000" not in members and not members.add("key123")
    assert members.nbytes == 8 * 50000
    assert hash64("x") == hash64("x") != 0


def test_hashset_matches_a_set_on_hashes_of_every_sign():
    """Random signed 64-bit members, the extremes and shard edges included, answer as a set of ints does."""
    rng = random.Random(5)
    values = [rng.getrandbits(64) - (1 << 63) for _ in range(20000)]
    values += [-(1 << 63), (1 << 63) - 1, 1, -1, (1 << 52) - 1, 1 << 52, -(1 << 52), -(1 << 52) - 1]
    values += values[::7]  # repeats
    members, plain = HashSet64(), set()
    for v in values:
        assert members.add_hash(v) == (v not in plain)
        plain.add(v)
    assert len(members) == len(plain) and members.nbytes == 8 * len(plain)


def test_arxiv_id_set_is_exact_for_every_form():
    """Ids that differ only in width, century, archive or subject class are different; repeats are caught; odd spellings fall back."""
    ids = ["0704.0001", "0704.00001", "1412.9999", "1501.00001", "1501.0001", "2512.99999", "9912.99999",
           "0703.0001", "1513.00001", "hep-th/9711200", "hep-th/0711200", "hep-ph/9711200", "math/0703999",
           "math.AG/0703999", "cond-mat/9107001", "cond-mat/9106001", "HEP-TH/9711200", "2101.00001v2",
           "\uff12101.00001", "solv-int/9912001", "q-bio/0412999"]
    tokens = [ArxivIdSet.token(i) for i in ids]
    assert len(set(tokens)) == len(ids) and all(tokens)
    seen = ArxivIdSet()
    assert all(seen.add(i) for i in ids)
    assert not any(seen.add(i) for i in ids) and len(seen) == len(ids)
    bitmap = {i for i, t in zip(ids, tokens) if t >= 1 << 63}
    assert {"0704.0001", "1501.00001", "9912.99999", "hep-th/9711200", "cond-mat/9107001", "q-bio/0412999"} <= bitmap
    assert not bitmap & {"0704.00001", "1501.0001", "0703.0001", "1513.00001", "math.AG/0703999",
                         "HEP-TH/9711200", "2101.00001v2", "cond-mat/9106001"}


def test_arxiv_id_set_stays_small_and_flat():
    """Every number of a month of new-style ids and of old-style ones costs the month's bitmap, not 8 bytes an id."""
    seen = ArxivIdSet()
    for month in ("2101", "2102"):
        for number in range(1, 100000):
            assert seen.add(f"{month}.{number:05d}")
    for number in range(1, 1000):
        assert seen.add(f"hep-th/9803{number:03d}")
    assert not seen.add("2102.54321") and not seen.add("hep-th/9803500")
    assert len(seen) == 2 * 99999 + 999
    assert seen.nbytes <= 2 * 12500 + 125


def test_unique_works_with_the_compact_set():
    """keys._unique gives the same suffix sequence with a HashSet64 as with a set."""
    plain: set[str] = set()
    compact = HashSet64()
    for _ in range(60):
        a, b = _unique("lee2020x", plain), _unique("lee2020x", compact)
        assert a == b
        plain.add(a.casefold())
        compact.add(b.casefold())


@pytest.mark.parametrize("workers", ["0", "2"])
def test_odd_lines_read_alike_in_both_modes(tmp_path, cli, monkeypatch, workers):
    """Chunks hand the reader undecoded lines: a line of Unicode spaces, a stray byte-order mark, a line
    that is not JSON, one only json reads (NaN) and CRLF ends give the same output and warnings as
    the whole-library mode, which reads decoded text."""
    monkeypatch.setenv("CITEKIT_WORKERS", workers)
    monkeypatch.setattr(stream, "CHUNK_BYTES", 3000)  # a chunk starts at many lines, the BOM line among them
    nan = json.dumps({"id": "2402.00002", "title": "Not a number", "upvotes": float("nan"),
                      "versions": [{"created": "Mon, 5 Feb 2024 10:00:00 GMT"}]})
    odd = ["\u2003\u00a0 ", "\ufeff" + snapshot_line(next(iter_records(1, 99))), "{not json", nan, "[1, 2]"]
    src = _snapshot(tmp_path / "snap.jsonl", 60, extra=odd)
    src.write_bytes(src.read_bytes().replace(b"\n", b"\r\n", 40))
    out = tmp_path / "out.bib"
    streamed = cli("convert", str(src), "--to", "bibtex", "-o", str(out))
    assert streamed.exit_code == 0, streamed.output
    whole = cli("convert", str(src), "--to", "bibtex")  # stdout: the whole-library mode
    assert whole.exit_code == 0, whole.output
    assert out.read_text(encoding="utf-8") == whole.stdout
    warnings = [line for line in streamed.stderr.splitlines() if "wrote" not in line]
    assert warnings == whole.stderr.splitlines()
    assert "not a JSON record" in streamed.stderr and "not a JSON object" in streamed.stderr
