"""Readers: one module per input shape, each with ``sniff(sample) -> score`` and ``read(text, origin)``.

A reader is text in, a :class:`~citekit.model.Library` out. It never raises on bad
input: what it cannot read becomes a :class:`~citekit.model.Problem` with file and line.
``sniff`` sees at most the first :data:`SNIFF_BYTES` characters and returns 0..1.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator, Protocol, TextIO

from ..errors import DetectionError, InputError
from ..inputs import decode, decode_exact
from ..model import Entry, Library, Problem
from ..registry import Registry

__all__ = ["Reader", "READERS", "SNIFF_BYTES", "MIN_SCORE", "detect", "read_text", "read_paths", "iter_input_files"]

#: How much of an input the sniffers look at (a 10 MB single line must not be scanned whole).
SNIFF_BYTES = 65536
#: Below this best score an input is not recognised.
MIN_SCORE = 0.3


class Reader(Protocol):
    """What every reader module exposes as ``READER``."""

    name: str
    description: str

    def sniff(self, sample: str) -> float:
        """How sure (0..1) this reader is that ``sample`` (the start of a file) is its shape."""

    def read(self, text: str, origin: str) -> Library:
        """Every entry in ``text``; what cannot be read becomes a problem, never an exception."""


class StreamingReader(Reader, Protocol):
    """A reader that can also yield entries from a stream without loading it whole."""

    def iter_read(self, stream: TextIO, origin: str, problems: list[Problem]) -> Iterator[Entry]:
        """Yield entries one by one; problems are appended to ``problems``."""


READERS: Registry[Reader] = Registry("reader")
# Sniffing order matters only for ties; structured formats first.
READERS.register("bibtex", "citekit.sources.bibtex:READER", description="BibTeX / BibLaTeX (.bib)", aliases=("biblatex", "bib"))
READERS.register("csl-json", "citekit.sources.csl_json:READER", description="CSL-JSON (a list of CSL items)", aliases=("csl", "csljson"))
READERS.register("arxiv-snapshot", "citekit.sources.arxiv_snapshot:READER", description="arXiv metadata snapshot (JSON lines)", aliases=("snapshot", "jsonl"))
READERS.register("ids", "citekit.sources.identifiers:READER", description="identifier list: arXiv ids and URLs, huggingface.co/papers URLs, DOIs", aliases=("identifiers",))
READERS.register("arxiv-listing", "citekit.sources.arxiv_listing:READER", description="arXiv listing: abstract, comments, arXiv:ID, Created: date", aliases=("arxiv",))
READERS.register("hf-daily", "citekit.sources.hf_daily:READER", description="Hugging Face daily papers page (title, abstract, authors, date, upvotes)")
READERS.register("hf-list", "citekit.sources.hf_list:READER", description="Hugging Face paper list (title / abstract line pairs)")
READERS.register("profile", "citekit.sources.profile:READER", description="publication profile: owner, then title / authors / abstract")
READERS.register("abstracts", "citekit.sources.abstracts:READER", description="abstract lines: one 'Abstract:<text>' per line")


_LAST_SNIFFED: list[tuple[str, list[tuple[float, str]]]] = []  # the last sample and its scores


def detect(text: str, origin: str) -> Reader:
    """The reader that scores ``text`` highest; raises :class:`DetectionError` below :data:`MIN_SCORE`."""
    sample = text[:SNIFF_BYTES]
    if _LAST_SNIFFED and _LAST_SNIFFED[0][0] == sample:
        scores = _LAST_SNIFFED[0][1]  # the stream's plan sniffed this very input a moment ago
    else:
        scores = [(READERS.get(name).sniff(sample), name) for name in READERS]
        _LAST_SNIFFED[:] = [(sample, scores)]
    best_score, best = max(scores, key=lambda pair: pair[0])
    if best_score < MIN_SCORE:
        shown = ", ".join(f"{name} {score:.2f}" for score, name in sorted(scores, reverse=True)[:4])
        raise DetectionError(
            f"not a listing citekit recognises (best scores: {shown}); name the shape with --from",
            origin=origin,
        )
    return READERS.get(best)


def read_text(text: str, origin: str = "<text>", fmt: str | None = None) -> Library:
    """Read one text with the reader named ``fmt`` or the detected one."""
    if not text or text.isspace():  # what `not text.strip()` says, without copying a large text
        return Library(problems=[Problem("is empty: no entries", origin)])
    reader = READERS.get(fmt) if fmt else detect(text, origin)
    library = reader.read(text, origin)
    if not library.entries and not library.errors:
        library.problems.append(Problem(f"no entries found (read as {reader.name})", origin))
    return library


def iter_input_files(paths: Iterable[str]) -> Iterator[tuple[str, Path | None]]:
    """Expand inputs: a directory gives its files in name order (hidden ones skipped); ``-`` is stdin."""
    for raw in paths:
        if raw == "-":
            yield raw, None
            continue
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.iterdir()):
                if child.is_file() and not child.name.startswith("."):
                    yield str(child), child
        elif path.is_file():
            yield raw, path
        elif path.exists():
            raise InputError("is not a regular file", origin=raw)
        else:
            raise InputError("no such file or directory", origin=raw)


def read_paths(paths: Iterable[str], fmt: str | None = None) -> Library:
    """Read every input (files, directories, ``-``) into one library, in order.

    An input that cannot be read at all raises :class:`InputError` naming it.
    """
    from .. import inputs

    library = Library()
    for origin, path in iter_input_files(paths):
        named, data = inputs.read_source(inputs.STDIN if path is None else str(path))
        origin = named if path is None else origin  # a file keeps the name it was given
        decoded = decode_exact(data, origin)
        text, problems = decode(data, origin, decoded)
        library.problems.extend(problems)
        part = read_text(text, origin, fmt)
        part.forms[origin] = decoded.form
        library.extend(part)
    return library
