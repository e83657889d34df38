"""Tests of the core contracts: model, trust policy, registry, decoding, atomic writes, ids."""

from __future__ import annotations

import pytest

import citekit
from citekit.atomic import write_atomic
from citekit.errors import EncodingError, UnknownNameError
from citekit.ids import find_arxiv_ids, parse_arxiv_id, parse_doi
from citekit.inputs import decode
from citekit.model import Entry, Name, PartialDate, Provenance
from citekit.registry import Registry

P1 = Provenance("test", "a.txt", 3)
P2 = Provenance("arxiv-api", "http://x/api")


def test_public_api_is_exported():
    """Every name in __all__ exists on the package."""
    for name in citekit.__all__:
        assert hasattr(citekit, name), name


def test_assign_fills_then_reports_conflict_without_overwriting():
    """A stated value is kept and the disagreement is reported with both values."""
    e = Entry()
    assert e.set("title", "Deep Nets", P1) is None
    assert e.set("title", "deep  nets", P2) is None  # same up to case and spaces
    assert e.provenance["title"] == [P1, P2]
    problem = e.set("title", "Shallow Nets", P2)
    assert problem is not None and "Deep Nets" in problem.message and "Shallow Nets" in problem.message
    assert e.title == "Deep Nets"
    assert e.set("title", "Shallow Nets", P2, overwrite=True) is not None
    assert e.title == "Shallow Nets" and e.provenance["title"] == [P2]


def test_partial_date_keeps_missing_year():
    """A date printed without a year stays without one."""
    d = PartialDate(None, 3, 4)
    assert d.parts() == [] and d.iso() == "--03-04"
    assert PartialDate(2024, 8, 20).parts() == [2024, 8, 20]
    with pytest.raises(ValueError):
        PartialDate(2023, 2, 29)
    with pytest.raises(ValueError):
        PartialDate(2023, 13)


def test_name_needs_a_family_or_literal():
    """Names are family/given or literal."""
    assert Name("Lan", "Janice").display() == "Janice Lan"
    with pytest.raises(ValueError):
        Name(given="Janice")


def test_registry_suggests_close_names():
    """An unknown name gets a did-you-mean."""
    r: Registry[int] = Registry("style")
    r.register("apa", 1, aliases=("apa7",))
    assert r.get("APA") == 1 and r.get("apa7") == 1
    with pytest.raises(UnknownNameError, match="did you mean 'apa'"):
        r.get("apaa")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2101.00001", "2101.00001"),
        ("arXiv:2101.00001v2", "2101.00001v2"),
        ("https://arxiv.org/pdf/2101.00001v3.pdf", "2101.00001v3"),
        ("http://export.arxiv.org/abs/2101.00001", "2101.00001"),
        ("hep-th/9711200", "hep-th/9711200"),
        ("https://arxiv.org/abs/math.AG/0601001v1", "math.AG/0601001v1"),
        ("2113.00001", None),
        ("1412.12345", None),
        ("nonsense/1234567", None),
    ],
)
def test_parse_arxiv_id(text, expected):
    """Every pasted form parses; impossible ids do not."""
    got = parse_arxiv_id(text)
    assert (str(got) if got else None) == expected


def test_find_ids_and_dois_in_text():
    """Ids are found in running text; DOIs lose trailing punctuation."""
    assert [str(i) for i in find_arxiv_ids("see arXiv:2310.13548, and 2011.04803v2.")] == ["2310.13548", "2011.04803v2"]
    assert parse_doi("https://doi.org/10.1103/PhysRevD.76.013009.") == "10.1103/PhysRevD.76.013009"
    # A page's "[DOI]" button or an "[arXiv:...]" glued on ends the DOI; a SICI DOI keeps its brackets and parentheses.
    assert parse_doi("10.1016/j.cell.2022.02.027.[DOI]") == "10.1016/j.cell.2022.02.027"
    assert parse_doi("10.1007/JHEP01(2015)073[arXiv:1408.3203]") == "10.1007/JHEP01(2015)073"
    assert parse_doi("10.1002/(SICI)1098-1063(1996)6:3<247::AID-HIPO4>3.0.CO;2-K") == "10.1002/(SICI)1098-1063(1996)6:3<247::AID-HIPO4>3.0.CO;2-K"


def test_decode_falls_back_and_warns():
    """Latin-1 bytes are read with a warning naming the line; binary data is refused."""
    text, problems = decode("ok\nSch\xf6n\r\n".encode("latin-1"), "f.txt")
    assert text == "ok\nSchön\n" and problems and problems[0].line == 2
    with pytest.raises(EncodingError, match="f.bin"):
        decode(bytes(range(256)) * 10, "f.bin")
    text, problems = decode(b"Abstract:some listing text\x00 with a stray NUL\n", "n.txt")
    assert text == "Abstract:some listing text with a stray NUL\n" and "NUL" in problems[0].message


def test_write_atomic_never_leaves_partial_file(tmp_path):
    """A failing write leaves the old file as it was and no temporary behind."""
    target = tmp_path / "out.bib"
    write_atomic(target, "old")

    class Boom(str):
        def encode(self, *a, **k):
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_atomic(target, Boom("new"))
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.bib"]


def test_stage_functions_survive_submodule_imports():
    """Importing citekit.merge / citekit.enrich does not shadow the public functions."""
    import citekit.enrich  # noqa: F401
    import citekit.merge  # noqa: F401

    assert callable(citekit.merge) and callable(citekit.enrich)
    assert citekit.merge(citekit.Library()).entries == []
