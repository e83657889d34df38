"""A reference's quoted title, found by a scan that reads each character a bounded number of times.

The quotes pair by kind: a straight-quoted title may hold curly-quoted words (“...” of at most 80 characters) and
closes on a straight or a right curly quote; a curly-quoted title closes on a right curly or a straight quote; a
guillemet title on », a single-quoted one on ’. A right curly quote after ", " or ": " opens a title too (a
wrong-way opener). The title has at least six pieces (characters, or nested quotes) and ends at the first close
followed by a comma, a stop, a semicolon, a space, the end or a capital, a comma or stop before the close kept out.

A regular expression with a lazy body did the same, but a text of many unclosed quotes made it rescan the rest of the
text from each quote (quadratic: 6,000 characters took seconds). Here a scan that fails from one opener rules out every
later opener of the same kind before the point where it failed, so each kind's scans cover disjoint stretches.
"""

from __future__ import annotations

__all__ = ["QuotedTitle", "quoted_title"]

_MIN_PIECES = 6
_NESTED_MAX = 80

# kind -> (characters the title cannot hold, characters that close it)
_KINDS = {
    "straight": ('"“”', '"”'),
    "curly": ('”"»', '”"'),
    "guillemet": ("»", "»"),
    "single": ("’", "’"),
}


class QuotedTitle:
    """Where a quoted title lies in its text: ``start()``/``end()`` of the whole quote, ``group("t")`` the title."""

    __slots__ = ("_start", "_end", "_title")

    def __init__(self, start: int, end: int, title: str) -> None:
        self._start, self._end, self._title = start, end, title

    def start(self) -> int:
        """Where the opening quote stands."""
        return self._start

    def end(self) -> int:
        """Just after the closing quote and the one mark or space the close takes with it."""
        return self._end

    def group(self, name: str = "t") -> str:
        """The title between the quotes (only ``"t"`` is kept)."""
        if name != "t":
            raise IndexError(name)
        return self._title


def _kind(text: str, i: int) -> str | None:
    c = text[i]
    if c == "“":
        return "curly"
    if c == "”":
        return "curly" if i >= 2 and text[i - 1].isspace() and text[i - 2] in ",:" else None
    if c == '"':
        return "straight"
    if c == "«":
        return "guillemet"
    if c == "‘":
        return "single"
    return None


def _close_at(text: str, p: int, closers: str) -> int | None:
    """The end of a close (``\\s?[,.]?`` then a closing quote and what may follow it) starting at ``p``, else None."""
    n = len(text)
    for q in ((p + 1, p) if p < n and text[p].isspace() else (p,)):
        for r in ((q + 1, q) if q < n and text[q] in ",." else (q,)):
            if r < n and text[r] in closers:
                after = r + 1
                if after == n:
                    return after
                c = text[after]
                if c in ",.;" or c.isspace():
                    return after + 1
                if "A" <= c <= "Z":
                    return after
    return None


def _nested_end(text: str, p: int) -> int | None:
    """After a curly-quoted word inside a straight-quoted title (“...”, 1 to 80 characters), else None."""
    limit = min(len(text), p + 2 + _NESTED_MAX)
    for k in range(p + 1, limit):
        c = text[k]
        if c == "”":
            return k + 1 if k > p + 1 else None
        if c in '“"':
            return None
    return None


def _scan(text: str, i: int, kind: str) -> tuple[QuotedTitle | None, int]:
    """The title opened at ``i``, or None and where the scan stopped (no opener of this kind before it can do better)."""
    barred, closers = _KINDS[kind]
    n = len(text)
    p = i + 1
    pieces = 0
    while True:
        if pieces >= _MIN_PIECES:
            end = _close_at(text, p, closers)
            if end is not None:
                return QuotedTitle(i, end, text[i + 1: p]), p
        if p >= n:
            return None, p
        c = text[p]
        if c not in barred:
            p += 1
        elif kind == "straight" and c == "“" and (nested := _nested_end(text, p)) is not None:
            p = nested
        else:
            return None, p
        pieces += 1


def quoted_title(text: str, *, at_start: bool = False) -> QuotedTitle | None:
    """The first quoted title in ``text`` (only one opening it, with ``at_start``), else None."""
    failed_until: dict[str, int] = {}
    for i in range(1 if at_start else len(text)):
        if i >= len(text):
            break
        kind = _kind(text, i)
        if kind is None or i < failed_until.get(kind, -1):
            continue
        found, stopped = _scan(text, i, kind)
        if found is not None:
            return found
        failed_until[kind] = stopped
    return None
