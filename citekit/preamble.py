"""Commands a ``.bib`` file's ``@preamble`` defines, expanded in field values as TeX expands them.

Beebe's bibliographies define ``\\def\\booktitle#1{{{\\em #1}}}`` in their ``@preamble`` and write a
reviewed book's title as ``\\booktitle{...}``: LaTeX prints it in italics, so a CSL item and a styled list
get the definition's text, ``{{{\\em ...}}}``, which the one decoder reads as italics. Only definitions
that make text are used: ``\\def\\name#1#2{body}`` with undelimited parameters and
``\\newcommand{\\name}[n]{body}`` (also ``\\renewcommand``, ``\\providecommand``, ``\\DeclareRobustCommand``,
starred or not) whose body uses every argument and holds no math and no TeX primitive that reads files,
defines commands or tests (those stay as written, and the decoder reads the command's argument as text, as
before: a body that drops its argument is a stand-in for a document without the real command). A command LaTeX
or a usual package already has (``\\url``, ``\\emph``) is never replaced: ``\\providecommand`` would not
define it in a document, and a file's ``\\def`` of it is a fallback for documents without the package.
"""

from __future__ import annotations

import re

__all__ = ["Commands", "definitions", "expand_commands"]

#: name -> (number of arguments, body).
Commands = dict[str, tuple[int, str]]

_DEF = re.compile(r"\\def\s*\\([A-Za-z@]+)\s*((?:#[1-9])*)\s*\{")
_NEWCOMMAND = re.compile(
    r"\\(?:re)?newcommand\*?\s*(?:\{\s*\\([A-Za-z@]+)\s*\}|\\([A-Za-z@]+))\s*(?:\[\s*([0-9])\s*\])?\s*(\[)?\s*\{"
    r"|\\(?:DeclareRobustCommand|providecommand)\*?\s*(?:\{\s*\\([A-Za-z@]+)\s*\}|\\([A-Za-z@]+))\s*(?:\[\s*([0-9])\s*\])?\s*(\[)?\s*\{")
#: TeX that does more than make text: a body holding any of it is not used.
_ACTING = re.compile(r"\\(?:[egx]?def|let|futurelet|input|include|openin|openout|read|write|immediate|csname|"
                     r"endcsname|expandafter|noexpand|catcode|if[A-Za-z]*|else|fi|or|global|newcommand|"
                     r"renewcommand|providecommand|afterassignment|aftergroup|the|string|uppercase|lowercase|"
                     r"special|jobname|loop|repeat|number|romannumeral)(?![A-Za-z@])")
#: Commands LaTeX or a usual package defines (what a document has before its bibliography is read).
_KNOWN = frozenset("url href path doi urlprefix emph textit textbf textsc texttt textrm textsf textsl textup "
                   "textnormal mbox em it bf sc rm sf tt sl noopsort SortNoop sortnoop BibTeX LaTeX TeX LaTeXe XeTeX "
                   "LuaTeX ConTeXt AmS AmSTeX METAFONT MF MP".split())
_MAX_GROWTH = 20  # an expansion never makes a value more than this many times longer (a definition that loops)


def _group_end(text: str, start: int) -> int | None:
    """The index after the group whose opening brace is just before ``start``, or None when it never closes."""
    depth = 1
    i = start
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return None


def definitions(preamble: str, known: frozenset[str] = frozenset()) -> Commands:
    """The text-making commands ``preamble`` defines (see the module), other than those in ``known`` or LaTeX's own."""
    found: Commands = {}
    for pattern in (_DEF, _NEWCOMMAND):
        for m in pattern.finditer(preamble):
            if pattern is _DEF:
                name, count, optional = m.group(1), len(m.group(2)) // 2, None
            else:
                g = m.groups()
                name = g[0] or g[1] or g[4] or g[5]
                count = int(g[2] or g[6] or 0)
                optional = g[3] or g[7]
            if optional:
                continue  # an optional argument's default: not read
            end = _group_end(preamble, m.end())
            if end is None or name in _KNOWN or name in known:
                continue
            body = preamble[m.end(): end - 1]
            if _ACTING.search(body) or "$" in body:
                continue  # (math, as a symbol's ${}^{\sc TM}$, is no text a list can print)
            if any(f"#{n}" not in body for n in range(1, count + 1)):
                # A body that drops an argument is a stand-in for a document without the real command
                # (\@ifundefined{bibcyr}{\newcommand{\bibcyr}[1]{---}}{}): the argument's text is what is meant.
                continue
            found[name] = (count, body)
    return found


def expand_commands(value: str, commands: Commands) -> str:
    """``value`` with every use of a command of ``commands`` replaced by its body (arguments put in)."""
    if not commands or "\\" not in value:
        return value
    use = re.compile(r"\\(" + "|".join(re.escape(n) for n in sorted(commands, key=len, reverse=True)) + r")(?![A-Za-z@])")
    limit = max(len(value), 64) * _MAX_GROWTH
    for _ in range(8):  # definitions using definitions; a loop stops here
        out, at, changed = [], 0, False
        for m in use.finditer(value):
            if m.start() < at:
                continue
            count, body = commands[m.group(1)]
            pos, args = m.end(), []
            for _n in range(count):
                while pos < len(value) and value[pos] in " \t\n":
                    pos += 1
                if pos >= len(value) or value[pos] != "{":
                    break
                end = _group_end(value, pos + 1)
                if end is None:
                    break
                args.append(value[pos + 1: end - 1])
                pos = end
            if len(args) < count:
                continue  # an argument that is not a braced group: left as written
            if count == 0 and pos < len(value) and value[pos] == " ":
                pos += 1  # TeX eats the space after a control word
            text = re.sub(r"#([1-9])", lambda a: args[int(a.group(1)) - 1] if int(a.group(1)) <= count else "", body)
            # Braced: bibtex and biber see the command, never its text, so no case change reaches into it.
            out += [value[at: m.start()], "{", text, "}"]
            at, changed = pos, True
        if not changed:
            return value
        out.append(value[at:])
        value = "".join(out)
        if len(value) > limit:
            break
    return value
