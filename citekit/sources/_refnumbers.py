"""References a PDF's text runs together under bare numbers: "1 Y. LeCun, ... (2015). 2 N. Thompson, ...".

AIP, APS and other physics journals print their references numbered without brackets or stops, and a PDF text
extractor runs several onto one line. A number alone is no label (a volume, a page, a count are numbers too), so only
a chain of them is: 1, 2, 3 ... in order, each after a sentence's end or a line's start and before a name.
"""

from __future__ import annotations

import re

__all__ = ["number_chain"]

# A bare number opening a reference: after a line's start or a sentence's end, before a capital that starts a name
# ("Y. LeCun", "LeCun, Y.", "van der Wiel" is never first). "22 -" / "K. Cho": an extractor's stray hyphen after it.
_BARE = re.compile(
    r"(?:(?<=^)|(?<=\n)|(?<=[.)\]”\"’]\s))(?P<n>\d{1,4})\s+(?:-\s+)?(?=[A-Z\u00C0-\u024F](?:\.|[\w'’-]*[,.\s]))"
    # "... Google Scholar 2. Bacon RM, ...": a page's text run into one paragraph keeps each label's stop, and the
    # label follows the buttons or the heading ("References 1. Stanek G") rather than a sentence's end.
    r"|(?<=\s)(?P<d>\d{1,3})\.\s+(?=[A-Z\u00C0-\u024F](?:\.|[\w'’-]*[,.\s]))"
)
_MIN_CHAIN = 4  # fewer numbers in a row are as likely volumes and pages


def number_chain(text: str) -> list[tuple[int, int]] | None:
    """(start of the label, start of the reference) of each reference in ``text`` whose bare numbers run 1, 2, 3 ...
    (or n, n+1, ...) in order with at least one in the middle of a line; None when no such chain holds the text."""
    matches = list(_BARE.finditer(text))
    # One kind of label makes a chain: "2. See ..." at lines' starts and a prose's footnote marks "6 Support" are two.
    chains = [_chain([(m.start(), m.end(), int(m.group(kind))) for m in matches if m.group(kind)], text) for kind in ("n", "d")]
    return max((c for c in chains if c), key=len, default=None)


def _chain(found: list[tuple[int, int, int]], text: str) -> list[tuple[int, int]] | None:
    """The longest in-order run of ``found`` labels, when it holds a label in the middle of a line."""
    if len(found) < _MIN_CHAIN:
        return None
    # The longest run of numbers each one more than the one before, in the text's order.
    best_by_number: dict[int, tuple[int, int]] = {}  # number -> (length of the chain ending there, index)
    back: list[int | None] = []
    best = (0, -1)
    for i, (_, _, n) in enumerate(found):
        before = best_by_number.get(n - 1)
        length = before[0] + 1 if before else 1
        back.append(before[1] if before else None)
        if length > best_by_number.get(n, (0, -1))[0]:
            best_by_number[n] = (length, i)
        if length > best[0]:
            best = (length, i)
    if best[0] < _MIN_CHAIN:
        return None
    chain = []
    i: int | None = best[1]
    while i is not None:
        chain.append(found[i])
        i = back[i]
    chain.reverse()
    if all(start == 0 or text[start - 1] == "\n" for start, _, _ in chain):
        return None  # every number opens its line: the list's own lines say where references start
    return [(start, end) for start, end, _ in chain]
