"""Citation keys: the default pattern, folding, uniqueness, kept keys and --key-pattern."""

from __future__ import annotations

import pytest

from citekit.errors import UsageError
from citekit.keys import KeyPattern, assign_keys, fold_ascii
from citekit.model import Entry, Library, Name, PartialDate


def _e(title=None, authors=(), year=None, month=None, key=None, arxiv=None, doi=None) -> Entry:
    issued = PartialDate(year, month) if (year or month) else None
    return Entry(
        title=title,
        author=[Name(family=f, given=g) if f else Name(literal=g) for f, g in authors],
        issued=issued,
        key=key,
        arxiv_id=arxiv,
        DOI=doi,
    )


def _keys(*entries: Entry, pattern: str | None = None) -> list[str]:
    lib = Library(entries=list(entries))
    assign_keys(lib, pattern)
    return [e.key for e in lib.entries]


def test_default_pattern_is_family_year_first_significant_word():
    """``Lan`` + 2019 + ``The LCA ...`` gives ``lan2019lca`` (the article is skipped)."""
    assert _keys(_e("The LCA of Neural Networks", [("Lan", "Janice")], 2019)) == ["lan2019lca"]


def test_accents_and_special_letters_fold_to_ascii():
    """``Müller``, ``Øster``, ``Łukasz-Groß`` and ``García`` fold to plain lower-case ASCII."""
    assert fold_ascii("Müller") == "Muller"
    assert _keys(_e("Über alles", [("Müller", "J")], 2020)) == ["muller2020uber"]
    assert _keys(_e("Straße", [("Łoś-Groß", "A")], 2001)) == ["losgross2001strasse"]
    assert _keys(_e("Ångström émission", [("García Márquez", "G")], 1999)) == ["garciamarquez1999angstrom"]


def test_particles_and_literals():
    """``van der Berg`` keeps its particle; an institution gives its first significant word."""
    assert _keys(_e("Deep nets", [("van der Berg", "Anna")], 2021)) == ["vanderberg2021deep"]
    assert _keys(_e("Deep nets", [(None, "The OpenAI Team")], 2023)) == ["openai2023deep"]


def test_clashes_get_letter_suffixes_in_input_order():
    """Three entries with the same stem become ``x``, ``xa``, ``xb``; the order is the input order."""
    es = [_e("Scaling laws", [("Kim", "A")], 2020) for _ in range(3)]
    assert _keys(*es) == ["kim2020scaling", "kim2020scalinga", "kim2020scalingb"]


def test_deterministic_over_runs():
    """The same input gives the same keys when assigned twice from scratch."""
    def run():
        return _keys(_e("Attention", [("Vaswani", "A")], 2017), _e("Attention", [("Vaswani", "A")], 2017),
                     _e(None, [], None, arxiv="2311.05598"))
    assert run() == run() == ["vaswani2017attention", "vaswani2017attentiona", "arxiv2311_05598"]


def test_existing_keys_are_kept_and_reserved():
    """A key read from a .bib is kept, and a generated key never takes it (case-insensitively)."""
    kept = _e("Whatever", [("Other", "B")], 1990, key="Kim2020Scaling")
    new = _e("Scaling laws", [("Kim", "A")], 2020)
    assert _keys(kept, new) == ["Kim2020Scaling", "kim2020scalinga"]


def test_a_key_given_twice_in_the_input_is_made_unique_with_a_warning():
    """Two .bib entries sharing a key: the second gets a suffix and a problem is recorded."""
    lib = Library(entries=[_e("A", key="dup"), _e("B", key="dup"), _e("C", key="dupa")])
    assign_keys(lib)
    assert [e.key for e in lib.entries] == ["dup", "dupb", "dupa"]
    assert len(lib.problems) == 1 and "used twice" in lib.problems[0].message


def test_no_authors_uses_title_words_then_arxiv_then_doi_then_anon():
    """Without authors the title stands in; without a title the arXiv id, a DOI, or ``anon``."""
    assert _keys(_e("Scaling Law with Learning Rate Annealing")) == ["scalinglaw"]
    assert _keys(_e("Scaling Law with Learning Rate Annealing", year=2024)) == ["scaling2024law"]
    assert _keys(_e(None, arxiv="hep-th/9901001")) == ["arxivhep_th_9901001"]
    assert _keys(_e(None, doi="10.1000/XYZ.1")) == ["doi10_1000_xyz_1"]
    assert _keys(_e(None), _e(None)) == ["anon", "anona"]


def test_a_date_without_a_year_gives_no_year_part():
    """A listing date ``Dec 10`` (no year) must not invent a year in the key."""
    assert _keys(_e("Tiny models", [("Ng", "A")], None, month=12)) == ["ngtiny"]


def test_cjk_names_fall_back_to_the_title():
    """A family name with no Latin letters folds to nothing, so the title stands in."""
    assert _keys(_e("Graph networks", [("王", "小明")], 2022)) == ["graph2022networks"]


def test_title_math_and_tex_are_not_words():
    """``$O(N)$`` and ``\\textit`` do not become key words."""
    assert _keys(_e("$O(N)$ \\textit{Fast} sorting", [("Li", "X")], 2020)) == ["li2020fast"]


def test_custom_patterns():
    """``{authors}``, ``{shorttitle}``, ``{arxiv}``, ``{titleN}`` and literal separators."""
    e = _e("Thinking LLMs: General Instruction Following", [("Wu", "T"), ("Lan", "J"), ("Yuan", "W")], 2024,
           arxiv="2410.10630")
    assert _keys(e, pattern="{authors}_{year}") == ["wuetal_2024"]
    e.key = None
    assert _keys(e, pattern="{authors3}{year}") == ["wulanyuan2024"]
    e.key = None
    assert _keys(e, pattern="{auth}:{shorttitle}") == ["wu:thinkingllmsgeneral"]
    e.key = None
    assert _keys(e, pattern="{arxiv}") == ["arxiv2410_10630"]  # a key starts with a letter
    e.key = None
    assert _keys(e, pattern="{auth} {title2} {year}!") == ["wuthinkingllms2024"]


def test_pattern_errors_are_usage_errors():
    """Unknown fields and patterns without any field are refused clearly."""
    with pytest.raises(UsageError, match="unknown field"):
        KeyPattern.parse("{author}{year}")
    with pytest.raises(UsageError, match="names no field"):
        KeyPattern.parse("paper")


def test_keys_are_safe_bibtex_keys():
    """Whatever the metadata, keys hold only ASCII letters, digits and safe punctuation."""
    e = _e("{Hostile} title, with % & # } chars", [("O'Brien, {Jr}", "X")], 2020)
    (key,) = _keys(e)
    assert key == "obrienjr2020hostile"


def test_untitled_entries_take_no_abstract_words():
    """An abstract's first words are no title: an entry without a title keys on its authors and year, or falls back."""
    abstract = "Molecular modeling of catalysts: we find that the cross-entropy loss curves follow a law."
    assert _keys(Entry(abstract=abstract)) == ["anon"]
    assert _keys(Entry(abstract=abstract, author=[Name("Chen", "L")], issued=PartialDate(2023))) == ["chen2023"]


def test_suffix_hints_give_the_keys_of_the_plain_scan():
    """Starting each suffix search where the stem's last one ended gives the keys a scan from 'a' gives."""
    import random

    from citekit.keys import KeyPattern, _unique, make_stem

    rng = random.Random(5)
    titles = ["Deep nets", "Deepa rises", "Deepb again", "Graphs"]
    entries = [Entry(title=rng.choice(titles), author=[Name("Smith", "J")], issued=PartialDate(2020)) for _ in range(400)]
    entries[7].key = "smith2020deepc"  # a key from the input, reserved before the others
    pattern = KeyPattern.parse(None)
    taken = {"smith2020deepc"}
    expected = []
    for entry in entries:
        if entry.key:
            expected.append(entry.key)
            continue
        key = _unique(make_stem(entry, pattern), taken)
        taken.add(key.casefold())
        expected.append(key)
    library = Library(entries=entries)
    assign_keys(library)
    assert [e.key for e in library.entries] == expected


def test_claim_stem_gives_the_keys_claim_gives():
    """The streaming fast path (stem hash made elsewhere) hands out claim()'s keys, clashes and own keys mixed in."""
    import random

    from citekit.hashset import hash64
    from citekit.keys import KeyAssigner

    rng = random.Random(9)
    stems = ["smith2020deep", "Smith2020Deep", "smith2020deepa", "lee2021graphs", "anon"]
    fast, slow = KeyAssigner(), KeyAssigner()
    for i in range(3000):
        if i % 97 == 0:  # a key read from the input takes a suffix the search will meet later
            own = rng.choice(stems) + rng.choice("abcz")
            assert fast.claim(own, None, "<t>", i) == slow.claim(own, None, "<t>", i)
            continue
        stem = rng.choice(stems)
        assert fast.claim_stem(stem, hash64(stem.casefold())) == slow.claim(None, stem, "<t>", i)[0]
    assert len(fast.taken) == len(slow.taken) == 3000


def test_the_default_pattern_gives_what_the_parts_loop_gives():
    """{auth}{year}{title} is put together without walking its parts; {title1} (the same words) takes the loop."""
    import random

    from citekit.keys import make_stem

    rng = random.Random(21)
    families = ["Smith", "van der Berg", "Øztürk", "李", "O'Neil", "{\\'E}mile", "1984 Group", None]
    titles = [None, "", "The $N=4$ theory", "A study of deep nets", "4+3 Phases", "\\emph{Deep} learning", "of the and",
              "Ünïcode tïtle", "数据"]
    default, loop = KeyPattern.parse(None), KeyPattern.parse("{auth}{year}{title1}")
    assert default.parts != loop.parts
    for _ in range(3000):
        authors = [Name(family=f, given="A") if (f := rng.choice(families)) else Name(literal=rng.choice(["CERN", "数据", "The Team"]))
                   for _ in range(rng.randint(0, 3))]
        entry = Entry(title=rng.choice(titles), author=authors,
                      issued=rng.choice([None, PartialDate(2020), PartialDate(None, 5)]),
                      arxiv_id=rng.choice([None, "2101.00001", "hep-th/9901001"]), DOI=rng.choice([None, "10.1/x"]))
        assert make_stem(entry, default) == make_stem(entry, loop), entry
