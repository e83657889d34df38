"""Reader for a publication profile: the owner's name, then title / authors / abstract triplets.

The authors line (``Family, Given, Family, Given, ...``) is the anchor: everything
between two authors lines is the abstract of the first paper followed by the title of
the next. Blank lines, where present, say where that split falls; without them the
title is the last line before the authors. An authors line wrapped after a comma is
joined back. The owner is recorded on every entry as ``extra["profile_owner"]``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Entry, Library, Name, Problem, Provenance
from ._text import (
    Line,
    clean,
    is_abstract_like,
    is_name_token,
    is_title_like,
    nonblank,
    parse_month_date,
    parse_name_pairs,
    strip_abstract_heading,
)

__all__ = ["READER", "ProfileReader"]


@dataclass(slots=True)
class _Block:
    """One authors line (possibly joined from wrapped lines) and where it stood."""

    start: int  # index into the non-blank lines
    end: int  # index of its last line
    names: list[Name]
    leftover: str | None
    title_index: int | None = None  # set when the title sits inside the author-like run


def _names_only(text: str) -> bool:
    """True when every comma-separated piece of ``text`` is a name piece (a wrapped authors line going on)."""
    return all(is_name_token(t.strip()) for t in text.rstrip(",").split(","))


def _author_runs(lines: list[Line], first: int) -> list[_Block]:
    """Find the authors lines from index ``first`` on, joining lines wrapped after a comma."""
    parsed = [parse_name_pairs(line.text) if i >= first else None for i, line in enumerate(lines)]
    blocks: list[_Block] = []

    def extent(k: int) -> tuple[int, str]:
        """The last line of the authors list starting at ``k`` (a list wrapped after a comma continues)."""
        text = lines[k].text
        # The names so far are known good, so only the next line's are checked (parsing the joined
        # text again at every line made a long wrapped run quadratic: 200 kB of "A, " took 9 s).
        while k + 1 < len(lines) and text.endswith(",") and _names_only(lines[k + 1].text):
            k += 1
            text = text + " " + lines[k].text
        return k, text

    i = first
    while i < len(lines):
        if parsed[i] is None:
            i += 1
            continue
        j, text = extent(i)
        title_index = None
        # Two author-like lines in a row where a paper starts: the first is a title such as
        # "Pinpoint, Not Criticize", unless the list after them goes on (then it is wrapped).
        starts_paper = i == first or is_abstract_like(lines[i - 1].text)
        if j == i and starts_paper and i + 1 < len(lines) and parsed[i + 1] is not None:
            j2, text2 = extent(i + 1)
            if j2 + 1 >= len(lines) or parsed[j2 + 1] is None:
                title_index = i
                i, j, text = i + 1, j2, text2
        names, leftover = parse_name_pairs(text)  # type: ignore[misc]
        blocks.append(_Block(i, j, names, leftover, title_index))
        i = j + 1
    return blocks


def _owner(lines: list[Line]) -> tuple[Name | None, int]:
    """The profile owner (first line, ``Family, Given``) and the index where papers start."""
    if len(lines) < 3:
        return None, 0
    first = parse_name_pairs(lines[0].text)
    if not first or len(first[0]) != 1 or first[1] is not None:
        return None, 0
    # With an owner line, the first authors line is the third line, not the second.
    second = parse_name_pairs(lines[1].text)
    third = parse_name_pairs(lines[2].text)
    if second and not third:
        return None, 0
    return first[0][0], 1


_MAX_TITLE_LINES = 3
#: A title line shorter than this is not a wrapped part of a longer title.
_WRAP_WIDTH = 40


def _wrapped_title(gap: list[Line], *, after_abstract: bool = True) -> int:
    """How many trailing lines of ``gap`` are the (possibly wrapped) title when no blank line says so.

    The last line is always title. Lines before it join the title while they are wrapped
    title text: title-like, at least :data:`_WRAP_WIDTH` long (an editor wraps near a column,
    not after two words) and not ending a sentence. After an abstract, the line where that
    stops must end the abstract (long prose, or a sentence end); otherwise only the last
    line is the title.
    """
    k = len(gap) - 1
    while k > 0 and len(gap) - k < _MAX_TITLE_LINES:
        text = gap[k - 1].text
        if len(text) < _WRAP_WIDTH or text.endswith(".") or not is_title_like(text):
            break
        k -= 1
    if k == len(gap) - 1 or not after_abstract:
        return len(gap) - k
    if k == 0:
        return 1
    boundary = gap[k - 1].text
    ends_prose = is_abstract_like(boundary) or boundary.rstrip("\"'”’)]").endswith((".", "!", "?"))
    return len(gap) - k if ends_prose else 1


def _split_gap(gap: list[Line]) -> tuple[list[Line], list[Line]]:
    """Split the lines between two authors lines into (abstract of the one before, title of the next)."""
    if not gap:
        return [], []
    if len(gap) == 1:
        return ([], gap) if not is_abstract_like(gap[0].text) else (gap, [])
    last_para = gap[-1].para
    title = [line for line in gap if line.para == last_para]
    if len(title) < len(gap) and len(title) <= _MAX_TITLE_LINES and all(is_title_like(t.text) for t in title):
        return gap[: len(gap) - len(title)], title
    n = _wrapped_title(gap)
    return gap[:-n], gap[-n:]


def _could_be_title(text: str) -> bool:
    """A title-like line that is not a Hugging Face date or separator (``Jan 1, 2024 3``, ``·``)."""
    return is_title_like(text) and parse_month_date(text) is None and not text.startswith(("·", "•"))


@dataclass(frozen=True, slots=True)
class ProfileReader:
    """Owner line, then title / ``Family, Given, ...`` / abstract triplets."""

    name: str = "profile"
    description: str = "publication profile: owner, then title / authors / abstract"

    def sniff(self, sample: str) -> float:
        """High when authors lines (wrapped or not) sit between a title-like line and abstract prose.

        An abstract may be wrapped over lines, or missing for a paper; a paper counts as
        fitting when the text after its authors, up to the next paper's title, reads as an abstract.
        """
        lines = nonblank(sample)[:600]
        if len(lines) < 3:
            return 0.0
        owner, first = _owner(lines)
        blocks = _author_runs(lines, first)
        parts = [part for block in blocks for name in block.names for part in (name.family, name.given) if part]
        if parts and sum(len(part.split()) >= 2 for part in parts) > 0.5 * len(parts):
            return 0.0  # "Valentin Gabeur, Shangbang Long, ...": names in natural order, not Family, Given pairs
        fitting = 0
        covered = 1 if owner else 0
        for k, block in enumerate(blocks):
            title = block.title_index if block.title_index is not None else block.start - 1
            if title < first or not _could_be_title(lines[title].text) or (k and title <= blocks[k - 1].end):
                continue
            # The next paper's title is the line before its authors (or its own title line).
            stop = len(lines)
            if k + 1 < len(blocks):
                nxt = blocks[k + 1]
                stop = nxt.title_index if nxt.title_index is not None else nxt.start - 1
            after = lines[block.end + 1 : max(stop, block.end + 1)]
            if after and is_abstract_like(" ".join(line.text for line in after[:40])):
                fitting += 1
                covered += block.end - title + 1 + len(after)
            elif not after:
                covered += block.end - title + 1  # a paper without an abstract
        if not fitting:
            return 0.0
        score = 0.5 + 0.4 * min(covered / len(lines), 1.0) + (0.05 if owner else 0.0)
        return min(score, 0.95) if fitting >= 2 or owner else min(score, 0.6)

    def read(self, text: str, origin: str) -> Library:
        """Every triplet; an odd number of name parts or a missing title is a warning."""
        library = Library()
        lines = nonblank(text)
        owner, first = _owner(lines)
        blocks = _author_runs(lines, first)
        if not blocks:
            library.problems.append(Problem("no 'Family, Given, ...' authors line found", origin, lines[0].no if lines else 1))
            return library
        previous_end = first - 1
        entries: list[tuple[Entry, _Block]] = []
        for k, block in enumerate(blocks):
            gap_end = block.title_index if block.title_index is not None else block.start
            gap = lines[previous_end + 1 : gap_end]
            if k == 0:
                abstract_part, title_part = [], gap
                if len(gap) >= 2:
                    # An owner printed as "Given Family" (no comma) stands before the first title.
                    title_part = [line for line in gap if line.para == gap[-1].para]
                    if len(title_part) == len(gap) or len(title_part) > _MAX_TITLE_LINES:
                        title_part = gap[-_wrapped_title(gap, after_abstract=False):]
                    head = gap[: len(gap) - len(title_part)]
                    if owner is None and len(head) == 1 and len(head[0].text.split()) <= 6 and is_title_like(head[0].text):
                        owner = Name(literal=head[0].text)
                    else:
                        for line in head:
                            library.problems.append(Problem(f"unrecognised line skipped: {line.text[:60]!r}", origin, line.no))
            elif block.title_index is not None:
                abstract_part, title_part = gap, []
            else:
                abstract_part, title_part = _split_gap(gap)
            if block.title_index is not None:
                title_part = [lines[block.title_index]]
            if entries:
                self._set_abstract(entries[-1][0], abstract_part, origin, library)
            entry = Entry()
            anchor = title_part[0].no if title_part else lines[block.start].no
            entry.add_source(Provenance(self.name, origin, anchor))
            if title_part:
                entry.set("title", clean(" ".join(t.text for t in title_part)), Provenance(self.name, origin, title_part[0].no))
            else:
                library.problems.append(Problem("a paper without a title line before its authors", origin, lines[block.start].no))
            authors_prov = Provenance(self.name, origin, lines[block.start].no)
            names = list(block.names)
            if block.leftover:
                library.problems.append(
                    Problem(f"odd number of name parts; kept {block.leftover!r} as a name of its own", origin, lines[block.start].no)
                )
                names.append(Name(literal=block.leftover))
            entry.set("author", names, authors_prov)
            if owner is not None:
                entry.extra["profile_owner"] = owner.to_csl()
            entries.append((entry, block))
            previous_end = block.end
        self._set_abstract(entries[-1][0], lines[previous_end + 1 :], origin, library)
        library.entries.extend(e for e, _ in entries)
        return library

    def _set_abstract(self, entry: Entry, part: list[Line], origin: str, library: Library) -> None:
        if not part:
            where = entry.sources[0].line if entry.sources else None
            library.problems.append(Problem("a paper without an abstract line", origin, where))
            return
        abstract = strip_abstract_heading(clean(" ".join(line.text for line in part)))
        entry.set("abstract", abstract, Provenance(self.name, origin, part[0].no))


READER = ProfileReader()
