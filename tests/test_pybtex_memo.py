"""The BibTeX styles' memoised blocks (render/pybtex_styles._memoised) format exactly as pybtex's own templates."""

from __future__ import annotations

import pytest

pybtex = pytest.importorskip("pybtex")

from pybtex.database import Entry, Person, parse_file  # noqa: E402
from pybtex.plugin import find_plugin  # noqa: E402
from pybtex.style.template import FieldIsMissing  # noqa: E402

from citekit.render.pybtex_styles import _memoised  # noqa: E402

from pathlib import Path  # noqa: E402

REAL = Path(__file__).resolve().parent / "data" / "translation" / "biblatex-examples.bib"


def _made_entries() -> list[tuple[str, Entry]]:
    """Entries that share some blocks and differ in others: one author and year, titles apart; missing fields."""
    out = []
    for n in range(6):
        out.append((f"a{n}", Entry("article", fields={"title": f"On {'x' * n} the {{BiG}} thing", "year": "2000",
                                                        "journal": "J", "volume": str(n % 2)},
                                    persons={"author": [Person("Doe, Jane"), Person("von Last, Jr, First")][: 1 + n % 2]})))
        out.append((f"m{n}", Entry("misc", fields={"title": "T", "year": str(2000 + n % 2)},
                                   persons={"author": [Person("Doe, Jane")]} if n % 3 else {})))
        # plain's article needs an author: the same missing author, entry after entry.
        out.append((f"bad{n}", Entry("article", fields={"title": f"No author {n}", "journal": "J", "year": "1999"})))
        out.append((f"b{n}", Entry("book", fields={"title": "Book", "publisher": "P", "year": "2001"},
                                   persons={"editor": [Person("Ed, A"), Person("Ed, B")][: 1 + n % 2]})))
    return out


def _real_entries() -> list[tuple[str, Entry]]:
    data = parse_file(str(REAL), "bibtex")
    return [(key, entry) for key, entry in data.entries.items() if "crossref" not in entry.fields]


def _outcome(template, entry, style) -> str:
    try:
        return template.format_data({"entry": entry, "style": style, "bib_data": None}).render_as("text")
    except FieldIsMissing as exc:
        return f"missing: {exc}"
    except Exception as exc:  # pybtex refuses some LaTeX (a lone backslash): ours must refuse it alike
        return f"{type(exc).__name__}: {exc}"


def _result(template, context):
    try:
        return template.format_data(context)
    except Exception as exc:  # pybtex refuses some LaTeX (a lone backslash): ours must refuse it alike
        return f"{type(exc).__name__}: {exc}"


@pytest.mark.parametrize("name", ["plain", "unsrt", "alpha"])
def test_memoised_blocks_format_as_pybtex_does(name):
    """Every entry (made and real) formats to pybtex's own text, on a first and a second (cached) pass."""
    style = find_plugin("pybtex.style.formatting", name)()
    entries = _made_entries() + _real_entries()
    memo: dict[tuple, object] = {}
    checked = 0
    for _ in range(2):
        for key, entry in entries:
            entry.key = key
            get = getattr(style, f"get_{entry.type}_template", None)
            if get is None:
                continue
            shape = (entry.type, tuple((role, len(people) > 1) for role, people in entry.persons.items()))
            template = memo.setdefault(shape, _memoised(get(entry)))
            assert _outcome(template, entry, style) == _outcome(get(entry), entry, style), key
            checked += 1
    assert checked > 100


def test_memoised_missing_field_names_each_entry():
    """A block that failed once fails again for the next entry, naming that entry, not the first."""
    style = find_plugin("pybtex.style.formatting", "plain")()
    first, second = (Entry("article", fields={"title": t, "journal": "J", "year": "1999"}) for t in ("A", "B"))
    first.key, second.key = "first", "second"
    template = _memoised(style.get_article_template(first))
    for entry in (first, second):
        with pytest.raises(FieldIsMissing, match=f"missing author in {entry.key}"):
            template.format_data({"entry": entry, "style": style, "bib_data": None})


def test_memoised_leaves_unknown_nodes_alone():
    """A block holding a node pybtex does not define is kept as it is (it might read anything); the others are memoised."""
    from pybtex.style.formatting import toplevel
    from pybtex.style.template import field, node

    @node
    def shout(children, data):
        return data["entry"].fields["title"].upper()

    template = toplevel[shout, field("year")]
    memoised = _memoised(template)
    assert memoised.children[0] is shout
    assert memoised.children[1] is not template.children[1] and memoised.children[1].name == "memo"
    entry = Entry("misc", fields={"title": "t", "year": "2000"})
    assert memoised.format_data({"entry": entry}).render_as("text") == "T 2000"


def test_plain_word_titles_format_as_pybtex_does():
    """The formatter's title block (plain-word titles made as strings) gives pybtex's own text for every title:
    plain words, mixed case, punctuation it reads (ligatures, periods, braces, accents) and missing titles."""
    import random

    from citekit.render.pybtex_styles import _formatter

    ours = _formatter("plain")
    stock = find_plugin("pybtex.style.formatting", "plain")()
    draw = random.Random(24)
    alphabet = "aZ09 ,;:()" + "?!.-'`{}\\~é"
    titles = ["T0", "hello World 12", "A", "a  b", " lead", "trail ", "Done.", "Why?", "x--y", "''q''", "{BERT} rules", "a,,b", "a, ,b", "x,"]
    titles += ["".join(draw.choice(alphabet[:10] if n % 2 else alphabet) for _ in range(draw.randint(1, 12)))
               for n in range(600)]
    for as_sentence in (True, False):
        block, reference = ours.format_title(None, "title", as_sentence), stock.format_title(None, "title", as_sentence)
        for title in titles:
            entry = Entry("misc", fields={"title": title})
            context = {"entry": entry, "style": stock, "bib_data": None}
            assert _result(block, context) == _result(reference, context), title  # the rich text, parts and all
        entry = Entry("misc", fields={})
        assert _outcome(block, entry, stock) == _outcome(reference, entry, stock) == "missing: missing title in None"
    assert ours.title_checked == {"off": False}
