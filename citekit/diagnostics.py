"""How a run's problems reach the user, and whether they fail it (the CLI's verdict)."""

from __future__ import annotations

import re
from typing import Callable, Iterable

from .model import Library, Problem

__all__ = ["report_problems", "os_error_message", "honesty_problems", "printable", "say"]

# Characters a terminal acts on (escape sequences, bell, carriage return, C1 controls) and
# the bidirectional overrides that reorder what is shown; a line break and a tab are kept.
_TERMINAL_ACTIVE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` safe to show on a terminal: every control character written as an escape (``\\x1b``)."""
    if text.isprintable():
        return text
    return _TERMINAL_ACTIVE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                                else f"\\u{ord(m.group()):04x}", text)


def say(kind: str, message: str) -> None:
    """``citekit: KIND: MESSAGE`` on stderr, control characters escaped: the front door's one voice (-q/-v, colour)."""
    from .frontdoor import say as speak

    speak(kind, message)


def report_problems(
    problems: Iterable[Problem], say: Callable[[str, str], None], *, quiet: bool, strict: bool
) -> int | None:
    """Print ``problems`` through ``say(kind, message)``; 1 when the run must write nothing, else None.

    Errors always fail the run; warnings fail it only under ``strict``. ``quiet`` hides
    warnings (they still count for ``strict``), never errors. Identical problems are said once.
    """
    # The same problem met twice (one per output written, say) is said once.
    problems = list(dict.fromkeys(problems))
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]  # "info" is said, never counted
    for problem in errors if quiet else problems:
        where = f"{problem.origin}:{problem.line}" if problem.line else problem.origin
        say(problem.severity, f"{where}: {problem.message}")
    if errors:
        say("error", f"{len(errors)} error(s); nothing written")
        return 1
    if strict and warnings:
        say("error", f"--strict: {len(warnings)} warning(s); nothing written")
        return 1
    return None


#: errno name -> what the user can do about it.
_OS_ADVICE: dict[str, str] = {
    "ENOSPC": "the disk is full; free some space and run again",
    "EDQUOT": "the disk quota is used up; free some space and run again",
    "EACCES": "permission denied; check the permissions of the file and its directory, or write elsewhere with -o",
    "EPERM": "the system does not allow this; check the permissions of the file and its directory",
    "EROFS": "the file system is read-only; write elsewhere with -o",
    "EPIPE": "the program reading the output stopped before it was complete",
    "ENOENT": "no such file or directory",
    "EISDIR": "it is a directory; give a file name",
    "ENOTDIR": "a part of the path is not a directory",
    "EMFILE": "too many open files; close some programs and run again",
    "EIO": "an input/output error from the device; check the disk",
    "ENAMETOOLONG": "the file name is too long",
    "EXDEV": "the temporary file and the target are on different file systems",
}


def os_error_message(exc: OSError, default_target: str = "") -> str:
    """A message for an operating-system error that names the file and says what to do."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    target = exc.filename if exc.filename is not None else default_target
    reason = exc.strerror or str(exc)
    advice = _OS_ADVICE.get(name)
    text = f"{reason}: {advice}" if advice and advice != reason.lower() else reason
    return f"{target}: {text}" if target else text


def honesty_problems(library: Library, *, enriched: bool) -> list[Problem]:
    """Warnings that say what the output lacks without enrichment: abstract-only entries, ids with no title.

    Each is one warning for the whole run (with a count and a few keys), never one per entry.
    """
    from .model import is_citable

    problems: list[Problem] = []
    hint = "--enrich finds them on arXiv" if not enriched else "arXiv had no match they verifiably fit"
    bare = [e for e in library.entries if not is_citable(e)]
    if bare:
        origins = sorted({s.origin for e in bare for s in e.sources[:1]})
        problems.append(Problem(
            f"{len(bare)} entr{'y is' if len(bare) == 1 else 'ies are'} only an abstract (no title, author or id): "
            f"no citation, so styled lists leave {'it' if len(bare) == 1 else 'them'} out; {hint}",
            ", ".join(origins) or "<input>",
        ))
    untitled = [e for e in library.entries if is_citable(e) and not (e.title or e.vars.get("title"))
                and (e.arxiv_id or e.DOI)]
    if untitled:
        id_lists = sorted({s.origin for e in untitled for s in e.sources if s.source == "ids"})
        shown = ", ".join(e.key or e.arxiv_id or e.DOI or "" for e in untitled[:5]) + (", ..." if len(untitled) > 5 else "")
        what = f"{len(untitled)} entr{'y has' if len(untitled) == 1 else 'ies have'} an id but no title ({shown})"
        if not enriched:
            lists = (f"; {', '.join(id_lists)} {'is an id list' if len(id_lists) == 1 else 'are id lists'}, "
                     "whose records hold nothing but the id") if id_lists else ""
            message = f"{what}{lists}: --enrich fills in titles, authors and dates from arXiv"
        else:
            message = f"{what}: arXiv gave no record for them (see the warnings above); run --enrich again later"
        # After --enrich, the enrichment's own summary warning already named these entries: this only explains.
        problems.append(Problem(message, ", ".join(sorted({s.origin for e in untitled for s in e.sources[:1]})) or "<input>",
                                severity="info" if enriched else "warning"))
    return problems
