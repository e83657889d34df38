"""`citekit update` over real .bib files (``/work/corpus/bib`` when present): only what it changes changes.

The stand-in arXiv serves, for every entry that names an arXiv id, a record made from
the entry's own title and authors, a third of them published in a journal and a third
at a conference, so the update fills and upgrades real Zotero, Mendeley, DBLP, ACL and
biblatex entries. Skipped where the corpus is absent (CI).
"""

from __future__ import annotations

import os

from pathlib import Path

import pytest

from arxiv_server import make_arxiv_server  # noqa: F401 (fixture)
from citekit.bibedit import BibDocument
from citekit.enrich import EnrichOptions
from citekit.sources.bibtex import READER
from citekit.update import UpdateOptions, update_text
from citekit.update.find_id import find_arxiv_id
from citekit.update.stated import macro_values, read_stated
from conftest import REPO

CORPUS = REPO.parent / "corpus" / "bib"
FILES = sorted(CORPUS.glob("*.bib")) if CORPUS.is_dir() else []
JOURNAL_REFS = ("Phys. Rev. Lett. 85, 5234 (2000)", "NeurIPS 2022", None)


def _text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _records(doc: BibDocument) -> tuple[list[dict], frozenset[str]]:
    """One stand-in record per arXiv id the file names (from the first entry naming it), and the keys naming ids."""
    macros = macro_values(doc)
    out: dict[str, dict] = {}
    keys: set[str] = set()
    for span in doc.entries:
        stated = read_stated(doc, span, macros)
        found = find_arxiv_id(stated.text)
        if found is None or found.conflict:
            continue
        keys.add(span.key)
        if found.arxiv_id.id in out:
            continue
        authors = [{"given": a.given or "", "family": a.family or a.literal or "X"} for a in stated.authors]
        out[found.arxiv_id.id] = {
            "arxiv_id": found.arxiv_id.id, "title": stated.text.get("title") or "Untitled",
            "authors": authors or [{"given": "A.", "family": "Nobody"}], "primary_category": "cs.LG",
            "categories": ["cs.LG"], "doi": None, "journal_ref": JOURNAL_REFS[len(out) % 3], "comment": None,
            "published": "2020-01-15", "abstract": "A stand-in abstract for this record, long enough to be one.",
        }
    return list(out.values()), frozenset(keys)


@pytest.mark.skipif(not FILES, reason="no corpus of real .bib files here")
@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_real_file(path, make_arxiv_server, tmp_path):  # noqa: F811
    """Keys and entries stay, untouched entries and non-entry blocks are byte-identical, a second run is identical."""
    text = _text(path)
    doc = BibDocument.parse(text, str(path))
    records, keys = _records(doc)
    server = make_arxiv_server(records)
    options = EnrichOptions(doi_url=os.environ["CITEKIT_DOI_URL"], url=server.url, delay=0, backoff=0, retries=1, cache_path=tmp_path / "c.sqlite3")
    # --only the entries that name an id: title look-ups of thousands of journal papers would only slow this down
    # (the fixture tests resolve by title); every other entry must come out byte-identical all the same.
    update = UpdateOptions(only=keys)
    result = update_text(text, str(path), update, options)
    assert not result.failed
    after = BibDocument.parse(result.text, str(path))
    assert [e.key for e in after.entries] == [e.key for e in doc.entries]
    assert [b.text for b in after.blocks] == [b.text for b in doc.blocks]
    for plan, old, new in zip(result.plans, doc.entries, after.entries):
        if not plan.changes:
            assert result.text[new.start:new.end] == text[old.start:old.end], plan.key
        else:
            # A changed entry keeps every field it did not change, with its value as written.
            touched = {c.field.lower() for c in plan.changes if c.kind in ("set", "remove", "complete-authors")}
            kept = {f.name.lower(): f.value_raw for f in old.fields if f.name.lower() not in touched}
            now = {f.name.lower(): f.value_raw for f in new.fields}
            assert all(now.get(k) == v for k, v in kept.items()), plan.key
    assert len(READER.read(result.text, "after").problems) <= len(READER.read(text, "before").problems)
    again = update_text(result.text, str(path), update, options)
    assert again.text == result.text
