"""Reader for a Hugging Face paper list: header lines, then title line / abstract line pairs.

Pairs are found by structure: a title-like line directly followed by an abstract-like
line. Short lines before the first pair are the header; the page glues its
``Subscribe`` button to the first title (``SubscribeScaling Law ...``), which is undone.
After the first pair, a title with no abstract or an abstract with no title still
becomes an entry, with a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Entry, Library, Problem, Provenance
from ._text import Line, clean, is_abstract_like, is_title_like, join_wrapped, nonblank, parse_name_pairs

__all__ = ["READER", "HfListReader"]

# The page glues its "Subscribe" button to the first title ("SubscribesharpDARTS: ..."); a title
# that really starts with "Subscriber", "Subscribed" or "Subscribes" keeps its word.
_GLUED = re.compile(r"^Subscribe(?!(?:rs?|d|s)\b)(?=\S)")


_SUMMARY_LABEL = re.compile(r"^(?:\S+\s+){0,2}(?:summary|abstract|tl;?dr|overview)\s*:?$", re.I)


@dataclass(frozen=True, slots=True)
class HfListReader:
    """Title / abstract line pairs in, entries out."""

    name: str = "hf-list"
    description: str = "Hugging Face paper list (title / abstract line pairs)"

    def sniff(self, sample: str) -> float:
        """High when most lines form title/abstract pairs of real-looking titles (three words or more)."""
        # Read as the reader reads: an abstract wrapped over lines of its own paragraph is one abstract.
        texts = [line.text for line in join_wrapped(nonblank(sample)[:3000], lambda _: False)]
        if len(texts) < 4:
            return 0.0
        longs = [is_abstract_like(t) for t in texts]
        longs[-1] = longs[-1] or _cut_prose(texts[-1])
        pairs = wordy = 0
        for i in range(1, len(texts)):
            if longs[i] and not longs[i - 1] and is_title_like(texts[i - 1]):
                if "**" in texts[i - 1] or texts[i - 1].lstrip().startswith("#"):
                    continue  # Markdown (a bold title, a heading): another page's shape, not Hugging Face's list as copied
                names = parse_name_pairs(texts[i - 1]) if "," in texts[i - 1] else None
                if names and len(names[0]) >= 2:  # a profile's authors line, not a title
                    continue
                if _is_sentence(texts[i - 1]):  # prose introducing a quoted abstract, not a title
                    continue
                if _SUMMARY_LABEL.match(texts[i - 1]):  # "AI Quick Summary", "Abstract": the prose's label, not a paper
                    continue
                pairs += 1
                wordy += len(texts[i - 1].split()) >= 3
        if pairs < 2 or wordy < pairs / 2:
            return 0.0
        # A complete last pair may be cut off by the sample: allow one line of slack.
        covered = min(1.0, (2 * pairs + 1) / len(texts))
        return 0.85 * covered if covered >= 0.5 else 0.3 * covered

    def read(self, text: str, origin: str) -> Library:
        """Every pair; lines before the first pair are the page header and are skipped."""
        library = Library()
        lines = join_wrapped(nonblank(text), lambda _: False)
        longs = [is_abstract_like(line.text) for line in lines]
        if longs:
            longs[-1] = longs[-1] or _cut_prose(lines[-1].text)
        start = next(
            (i for i in range(len(lines) - 1) if not longs[i] and longs[i + 1] and is_title_like(_unglue(lines[i].text))),
            None,
        )
        if start is None:
            library.problems.append(Problem("no title line followed by an abstract line found", origin, lines[0].no if lines else 1))
            return library
        i = start
        while i < len(lines):
            line = lines[i]
            if longs[i]:
                library.problems.append(Problem("an abstract without a title line before it", origin, line.no))
                library.entries.append(self._entry(None, line, origin))
                i += 1
            elif i + 1 < len(lines) and longs[i + 1]:
                library.entries.append(self._entry(line, lines[i + 1], origin, first=i == start))
                i += 2
            else:
                library.problems.append(Problem("a title without an abstract line after it", origin, line.no))
                library.entries.append(self._entry(line, None, origin))
                i += 1
        return library

    def _entry(self, title: Line | None, abstract: Line | None, origin: str, *, first: bool = False) -> Entry:
        entry = Entry()
        anchor = title or abstract
        assert anchor is not None
        entry.add_source(Provenance(self.name, origin, anchor.no))
        if title is not None:
            text = _unglue(title.text) if first else title.text
            entry.set("title", clean(text), Provenance(self.name, origin, title.no))
        if abstract is not None:
            entry.set("abstract", clean(abstract.text), Provenance(self.name, origin, abstract.no))
        return entry


_SENTENCE_BREAK = re.compile(r"[a-z]{2}\.\s+[A-Z]")


def _is_sentence(text: str) -> bool:
    """True for a line of running prose: a sentence break inside, or a long line ending with a full stop."""
    if _SENTENCE_BREAK.search(text):
        return True
    return text.endswith(".") and not text.endswith(("..", "al.")) and len(text.split()) >= 8


def _cut_prose(text: str) -> bool:
    """True for a last line of running prose the copy cut off mid-sentence ("... to express anti-social behaviour like
    onlin"): long, many words, no sentence's end; an abstract, not a title."""
    return len(text) >= 150 and len(text.split()) >= 20 and not text.rstrip().endswith((".", "!", "?"))


def _unglue(text: str) -> str:
    """The first title without the ``Subscribe`` button text glued to its front."""
    return _GLUED.sub("", text, count=1)


READER = HfListReader()
