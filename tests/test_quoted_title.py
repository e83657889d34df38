"""The quoted-title scan (citekit/sources/_quotes.py): the pairs of each kind, and a bound on unclosed quotes."""

from __future__ import annotations

import pytest

from bounded import run_bounded
from citekit.sources._quotes import quoted_title
from citekit.sources._refparse import parse_reference


@pytest.mark.parametrize("text, title", [
    ('J. Smith, "A “market access” approach to trade," Journal 5 (2001).', "A “market access” approach to trade"),
    ("A. Kato, “Launch of ‘Fly-Ball Revolution’ to Japan’s League.” Journal, 2022.", "Launch of ‘Fly-Ball Revolution’ to Japan’s League"),
    ("B. Lee ”Rethinking the commons” Review 3, 2019.", None),  # a wrong-way opener only after ", " or ": "
    ('B. Lee, ”Rethinking the commons," Review 3, 2019.', "Rethinking the commons"),
    ("C. Roy, «Les structures profondes», Revue 4, 1999.", "Les structures profondes"),
    ('D. Wu, "Short" and more', None),  # fewer than six pieces
])
def test_each_kind_of_quote_closes_its_own_title(text: str, title: str | None) -> None:
    found = quoted_title(text)
    assert (found.group("t") if found else None) == title


def test_the_whole_quote_and_what_the_close_takes() -> None:
    text = 'Ann Lee, "Deep learning," Nature 521 (2015).'
    found = quoted_title(text)
    assert (found.start(), found.end()) == (9, 26)
    assert text[found.end():].startswith("Nature")
    assert quoted_title(text, at_start=True) is None
    assert quoted_title(text[9:], at_start=True).group("t") == "Deep learning"


def _unclosed(n: int) -> int:
    texts = ["“" * n, '"a' * n, "‘ab “" * n, ("x, ”" + "word " * 3) * (n // 8), '"' + "“word " * n]
    return sum(quoted_title(t) is None for t in texts) + sum(parse_reference("A. Author, " + t[:5000]) is None for t in texts)


def test_many_unclosed_quotes_are_read_in_linear_time() -> None:
    """Thousands of quotes that never close: a scan that failed from one quote rules out the later quotes of its kind
    up to where it stopped (the regular expression it replaced rescanned the rest of the text from each, seconds for
    6,000 characters); a guard against a hang, no timed assertion."""
    assert run_bounded(_unclosed, 200_000) >= 5
