"""protect_capitals against its definition: a nocase span around each word sentence case would change, bar lower-case ones.

protect_capitals skips the sentence-case walk for titles with no capitalised word after the
first (ASCII ones by a regex, others word by word); these tests compare it with the
definition, computed with the public sentence_case, on titles built to take every path.
"""

from __future__ import annotations

import random
import re

from citekit.textcase import protect_capitals, sentence_case

_WORD_RUN = re.compile(r"[^\W_]+")
_TAG = re.compile(r'<(/?)(i|b|sup|sub)>|<span class="nocase">|<span style="font-variant:\s*small-caps;?">|</span>')

VOCABULARY = ["Abbo", "of", "St.", "Germain", "A", "a", "x", "MCMC", "$N$", "$x$", "<i>Ital</i>", "bayesian",
              "The", "end.", "Zeta", "(Paren", "ok:", "Q-learning", "3D", "Ab3", '"Quote', "LLMs", "why?", "Martínez",
              "<b>bold</b>", "über", "Élan", "—", "$\\mathbb{R}^d$", "networks", "Transformer",
              # Unicode cases: titlecase and special-cased letters, other scripts, digits that are not ASCII
              "Öztürk", "ǅemal", "straße", "İstanbul", "ﬁne", "Σίσυφος", "ΑΒΓ", "x²", "Ⅻ", "١٢", "Ab²", "éclair",
              "Ωmega", "ÆON", "naïve",
              # sentence ends and opening punctuation before the first word (":St" is lowered, "(St" is not)
              ":", "?", "(", ". "]


def _defined(title: str) -> str:
    """What protect_capitals is defined to give (its docstring), by the long way round."""
    if "{" in title or "}" in title:
        return title
    depth = 0
    for m in _TAG.finditer(title):
        depth += -1 if m.group(0).startswith("</") else 1
        if depth < 0:
            return title
    if depth:
        return title
    converted = sentence_case(title)
    out, pos = [], 0
    for a, b in zip(_WORD_RUN.finditer(title), _WORD_RUN.finditer(converted)):
        if a.group(0) != b.group(0) and a.start() == b.start() and not a.group(0).islower():
            out += [title[pos:a.start()], f'<span class="nocase">{a.group(0)}</span>']
            pos = a.end()
    return "".join(out) + title[pos:]


def test_protect_capitals_is_its_definition_on_mixed_titles():
    """5,000 titles from a vocabulary of capitalised, lower-case, acronym, math and markup words."""
    rnd = random.Random(21)
    titles = [" ".join(rnd.choice(VOCABULARY) for _ in range(rnd.randint(1, 9))) for _ in range(5000)]
    shortcut = wide = 0
    for title in titles:
        assert protect_capitals(title) == _defined(title), title
        shortcut += title.isascii() and protect_capitals(title) == title
        wide += not title.isascii() and protect_capitals(title) == title
    assert shortcut > 500 and wide > 500  # the shortcuts were taken, and agreed


def test_protect_capitals_examples():
    """A sentence-case title: its proper nouns are protected, its first word and lower-case words are not."""
    assert protect_capitals("Attention is all you need") == "Attention is all you need"
    assert protect_capitals("Models of St. Germain") == \
        'Models of <span class="nocase">St</span>. <span class="nocase">Germain</span>'
    assert protect_capitals("$N$ Bodies") == '$N$ <span class="nocase">Bodies</span>'
    assert protect_capitals("MCMC for LLMs") == "MCMC for LLMs"
    # After a sentence end the first word is no sentence start: sentence case lowers it, so it is protected.
    assert protect_capitals(":Germain") == ':<span class="nocase">Germain</span>'
    assert protect_capitals(":Öztürk") == ':<span class="nocase">Öztürk</span>'
    assert protect_capitals("(Germain") == "(Germain"


def test_protect_capitals_judges_the_case_only_when_asked():
    """``sentence_cased``: True protects, False leaves the title, None protects only a title that
    looks_sentence_case, which is what the writer asked before (on the mixed titles above)."""
    from citekit.textcase import looks_sentence_case

    rnd = random.Random(5)
    titles = [" ".join(rnd.choice(VOCABULARY) for _ in range(rnd.randint(1, 9))) for _ in range(3000)]
    changed = {True: 0, False: 0}
    for title in titles:
        assert protect_capitals(title, sentence_cased=False) == title
        assert protect_capitals(title, sentence_cased=True) == protect_capitals(title)
        judged = protect_capitals(title) if looks_sentence_case(title) else title
        assert protect_capitals(title, sentence_cased=None) == judged, title
        changed[looks_sentence_case(title)] += protect_capitals(title) != title
    assert changed[True] > 100 and changed[False] > 100  # both kinds of title had capitals to protect


def test_ascii_titles_word_by_word_agree_with_the_walk():
    """ASCII titles without math or tags take the word-by-word path (_protect_words); it gives what the
    character walk (_protect_walk) gives, for text with and without TeX (braces, underscores, sentence
    ends, hyphens, quotes), on generated titles and on real arXiv titles."""
    import json
    from pathlib import Path

    from citekit.textcase import _protect_walk, _protect_words

    words = [w for w in VOCABULARY if w.isascii() and "$" not in w and "<" not in w]
    words += ["{Braced}", "snake_Case", "x_1", "Fermi-Dirac", "O'Brien", "e.g.", "U.S.", "II", "van", "Der",
              "end!", "New:", "A.", "i", "Mc2", "'Quoted'", "...", "a-Z", "-", "_", "\t", "Title\nBreak"]
    rnd = random.Random(8)
    titles = [" ".join(rnd.choice(words) for _ in range(rnd.randint(1, 12))) for _ in range(4000)]
    records = Path(__file__).resolve().parent / "data" / "arxiv_real" / "records.json"
    titles += [r["title"] for r in json.loads(records.read_text(encoding="utf-8"))
               if r["title"].isascii() and "$" not in r["title"]]
    protected = 0
    for title in titles:
        for tex in (True, False):
            assert _protect_words(title) == _protect_walk(title, tex), (title, tex)
        if "{" not in title and "}" not in title:
            assert protect_capitals(title) == _defined(title), title
        protected += _protect_words(title) != title
    assert protected > 1000


def test_titles_with_math_skip_the_walk_only_when_it_changes_nothing():
    """Capitals inside ``$...$`` math are no words to lower: an ASCII title whose only capitalised words
    after the first are in math is left as it is without the walk. Literal dollars (``US$29``, an
    unpaired ``$``, CSL text where every ``$`` is a dollar) still go the long way: the same result."""
    from citekit.textcase import _may_lower, _protect_walk

    words = ["models", "Of", "data", "$N=4$", "$SU(N)$", "$\\mathcal{O}(N)$", "$x$", "Bodies", "US$29", "$",
             "$ X$", "$$", "$A$B", "A$x$", "$x$Word", "x", "The", ":", "end.", "LLMs", "$N$-body", "$O(n)$."]
    rnd = random.Random(13)
    titles = [" ".join(rnd.choice(words) for _ in range(rnd.randint(1, 8))) for _ in range(5000)]
    skipped = 0
    for title in titles:
        for tex in (True, False):
            expected = title if tex and ("{" in title or "}" in title) else _protect_walk(title, tex)
            assert protect_capitals(title, tex, True) == expected, (title, tex)
        skipped += "$" in title and not _may_lower(title) and _may_lower(title, False)
    assert skipped > 200  # math titles the walk was spared
