"""CSL personal names: particles read from the data, initials, and one name's parts in display or sort order."""

from __future__ import annotations

import functools
import re

from .output import Out, formatting, parse_markup, plain
from .textcase import apply_case

__all__ = ["prepare_name", "initialize", "name_parts", "is_romanesque"]

# citeproc-js's letters of scripts that write a name's parts apart (Latin, Greek, Cyrillic, Hebrew,
# Arabic, Thai, digits and hyphens): a family name with none of them is written with its given
# name run on ("毛泽东").
_SPACED_SCRIPT = re.compile("[-0-9a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f\u0590-\u05d4"
                            "\u05d6-\u05ff\u1f00-\u1fff\u0600-\u06ff\u200c-\u200e\u0218-\u021b\u202a-\u202e]")

_STARTS_SPACED = re.compile("[&a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f\u0590-\u05d4\u05d6-\u05ff"
                            "\u1f00-\u1fff\u0600-\u06ff\u200c-\u200e\u0218-\u021b\u202a-\u202e]")


def romanesque_level(name: dict) -> int:
    """citeproc-js's reading of a name's script: 2 when its family name has a letter of a script written with spaces,
    1 when only its given name starts with one ("毛 Zedong": family and given in that order, spaced), 0 when neither
    (family and given run together)."""
    family = (name.get("family") or "").replace('"', "")
    if not family or _SPACED_SCRIPT.search(family):
        return 2
    return 1 if _SPACED_SCRIPT.match(name.get("given") or "") else 0


def is_romanesque(name: dict) -> bool:
    """True unless the name is written in a script that puts family and given together without a space."""
    return romanesque_level(name) == 2


# A particle joined by a hyphen ("al-Farabi") or elided ("d'Alembert") in a family name (one pattern object each:
# prepare_name runs for every name of every item).
_HYPHENED = re.compile(r"^([a-z]{1,3}-)(?=[A-Z])")
_ELIDED = re.compile(r"^[a-z]{1,3}['’]\w")


def prepare_name(raw: dict) -> dict:
    """A CSL-JSON name with particles parsed out of family and given when the data did not mark them."""
    name = {k: (v if isinstance(v, (bool, int)) else str(v).replace("'", "’").strip()) for k, v in raw.items()
            if v not in (None, "")}
    if "literal" in name:
        return name
    if "family" not in name:
        if name.get("given"):
            # A name of one part (Banksy) prints as a family name.
            name["family"] = name.pop("given")
        return name
    if raw.get("parse-names") in (False, "false"):
        return name
    family = name["family"]
    if len(family) > 1 and family[0] == family[-1] == '"':
        name["family"] = family[1:-1]
        return name
    hyphened = _HYPHENED.match(family)
    if "non-dropping-particle" not in name and hyphened:
        name["non-dropping-particle"], name["family"] = hyphened.group(1), family[hyphened.end():]
    elif "non-dropping-particle" not in name and " " in family:
        words = family.split(" ")
        i = 0
        # A particle's first letter decides, past an elision's apostrophe ("’t Hooft", citeproc-js).
        while i < len(words) - 1 and words[i].lstrip("’ʻ-")[:1].islower():
            i += 1
        if i:
            particle = " ".join(words[:i])
            # "de' Frinkle": a particle written with an apostrophe and then a space keeps the space.
            name["non-dropping-particle"] = particle + (" " if particle.endswith(("'", "’")) else "")
            name["family"] = " ".join(words[i:])
    elif "non-dropping-particle" not in name and _ELIDED.match(family):
        cut = re.search(r"['’]", family).end()
        name["non-dropping-particle"], name["family"] = family[:cut], family[cut:]
    given = name.get("given", "")
    if given and "dropping-particle" not in name and " " in given:
        words = given.split(" ")
        i = len(words)
        while i > 1 and words[i - 1][:1].islower() and not words[i - 1].endswith("."):
            i -= 1
        if i < len(words):
            name["dropping-particle"] = " ".join(words[i:])
            name["given"] = " ".join(words[:i])
    if given and "suffix" not in name and "," in name.get("given", ""):
        g, _, suffix = name["given"].partition(",")
        name["given"], name["suffix"] = g.strip(), suffix.strip()
        if suffix.startswith("!"):
            name["suffix"] = suffix.lstrip("! ")
            name["comma-suffix"] = True
    return name


def _initial(word: str) -> str:
    """A word's initial; capitals after the first that a lowercase letter follows come along ("TSerendorjiin" -> "Ts", citeproc-js)."""
    run = 0
    for c in word[1:]:
        if not c.isupper():
            break
        run += 1
    return word[0] + (word[1:1 + run].lower() if 0 < run < len(word) - 1 and word[1 + run].isalpha() else "")


# A pure function of its four arguments, and a list repeats its authors: worked out once per name.
@functools.lru_cache(maxsize=8192)
def initialize(given: str, mark: str, hyphen: bool = True, only_existing: bool = False) -> str:
    """``given`` as initials followed by ``mark`` (``John Paul`` -> ``J. P.``; ``Jean-Luc`` -> ``J.-L.``).

    With ``only_existing`` (CSL ``initialize="false"``) full given names stay and only
    initials already in the data get the mark. Abbreviations written with a period
    (``Ts.``) stay whole; lowercase words (``de``) stay as they are.
    """
    # A given name not opening with a letter of a spaced script ("自由自在", "(Writer)") and the titles "Lord" and
    # "Lady" are not initialised (citeproc-js).
    if given in ("Lord", "Lady") or not _STARTS_SPACED.match(given):
        return given
    period = "." if "." in mark else ""
    pieces: list[tuple[str, bool]] = []  # (text, is an initial that carries the mark's spacing)
    # A hyphen binds the parts it stands between, spaced or not ("F. -W.", as ADS writes it, is "F.-W."; citeproc-js),
    # and initials already joined by a hyphen ("J.-P.") are one hyphenated given name ("J-P").
    if "-" in given:
        given = re.sub(r"(?<=\w)\.-(?=\w)", "-", re.sub(r"\s*-\s*", "-", given))
    for token in re.findall(r"[^\s.]+\.?", given):
        core = token.rstrip(".")
        if not core:
            continue
        if len(core) == 1 and core.isalpha():
            pieces.append((core.upper() if core.isupper() else core + "", True) if not core.islower() else (core, False))
            if pieces[-1][1]:
                pieces[-1] = (core + mark, True)
            continue
        if core[0].islower() and "-" not in core:
            pieces.append((core, False))
            continue
        if not core[0].isalpha():
            # "(Writer & Director)", "&": no letter to take an initial of, kept as written (citeproc-js).
            pieces.append((token, False))
            continue
        parts = [p for p in core.split("-") if p]
        compound_initials = len(parts) > 1 and all(len(p) == 1 for p in parts)
        # An abbreviation ("Ts.") stays whole; a hyphenated name whose last part is one ("Hans-W.") is initialised
        # part by part ("H.-W.", citeproc-js) unless only existing initials are marked.
        if token.endswith(".") and not compound_initials and (len(parts) == 1 or only_existing):
            pieces.append((core + period + (" " if mark.endswith(" ") else ""), True))
            continue
        if only_existing and not compound_initials:
            pieces.append((core, False))
            continue
        letters = [_initial(p) for p in parts if p[0].isupper() or p is parts[0]]
        if not letters:  # only hyphens ("--"): nothing to take an initial of, kept as written
            pieces.append((core, False))
            continue
        if len(letters) > 1:
            joiner = "-" if hyphen else ""
            text = joiner.join((l + mark).rstrip() if hyphen else l + mark for l in letters[:-1]) + joiner + letters[-1] + mark
            pieces.append((text, True))
        else:
            pieces.append((letters[0] + mark, True))
    out = ""
    for text, initial in pieces:
        if out and not out.endswith(" ") and (not initial or not pieces or not out[-1:].isalpha() and False):
            out += " "
        elif out and not out.endswith(" ") and not initial:
            out += " "
        out += text
        if not initial:
            out += " "
    return re.sub(r"\s+", " ", out).strip()


def _initialize_marked(given: str, mark: str, hyphen: bool, only_existing: bool) -> str:
    """Initials of ``given``; markup in it (``<b>John</b> Q.``) stays around the initial it wrapped."""
    if "<" not in given:
        return initialize(given, mark, hyphen, only_existing)
    out = []
    for piece in re.split(r"(<[^>]+>)", given):
        if piece.startswith("<") or not piece.strip():
            out.append(piece)
            continue
        core = piece.strip()
        lead = piece[:len(piece) - len(piece.lstrip(" -"))]
        core = core.lstrip("-")
        out.append(lead.strip() or (" " if lead else ""))
        out.append(initialize(core, mark, hyphen, only_existing).strip())
    return "".join(out).strip()


def _style_part(text: str, node, case_english: bool = True, affixes: bool = True, cased: bool = True):
    """A name part as output, with its cs:name-part formatting (text-case unless not ``cased``, fonts and, with
    ``affixes``, affixes) applied."""
    if node is None:
        return Out(parse_markup(text)) if ("<" in text or "'" in text) else text

    x = Out(parse_markup(text))
    case = node.get("text-case") if cased else None
    if case:
        x = apply_case(x, case, case_english)
    fmt = formatting(node)
    if not affixes:
        return Out([x], fmt)
    return Out([x], fmt, node.get("prefix", ""), node.get("suffix", ""))


def _join(parts: list) -> list:
    """Parts joined by spaces, none after a particle ending in an apostrophe or hyphen."""
    out: list = []
    for p in parts:
        if not p:
            continue
        if out:
            prev = out[-1]
            text = prev if isinstance(prev, str) else plain(prev)
            if not text.endswith(("'", "’", "-", "\u2019", " ", "\u00a0")):
                out.append(" ")
        out.append(p)
    return out


def _leaf_text(x):
    if isinstance(x, str):
        yield x
    else:
        for k in x.kids:
            yield from _leaf_text(k)


def name_parts(name: dict, *, form: str, inverted: bool, sort_sep: str, init_with: str | None, initialize_on: bool,
               hyphen: bool, demote: str, given_level: int, family_node=None, given_node=None, sorting: bool = False):
    """One name as output: display order, or inverted (``Family, Given``), in ``form`` (long, short)."""
    if "literal" in name:
        if family_node is None or sorting:
            return Out(parse_markup(name["literal"]))
        # An institution's name takes the family name-part's text-case and fonts, not its affixes (citeproc-js;
        # CSL gives the family name-part's formatting and text-case together).
        return _style_part(name["literal"], family_node, affixes=False)
    family = name.get("family", "")
    given = name.get("given", "")
    ndp = name.get("non-dropping-particle", "")
    dp = name.get("dropping-particle", "")
    suffix = name.get("suffix", "")
    base = 0 if form == "short" else (1 if init_with is not None else 2)
    level = max(base, given_level)
    if level == 1 and init_with is None:
        level = 2
    if level == 0:
        form = "short"
    else:
        form = "long"
        if level == 1 and given:
            given = _initialize_marked(given, init_with, hyphen, not initialize_on)
    show_given = level > 0
    level_script = romanesque_level(name)
    if level_script < 2:
        if form == "short":
            return Out([_style_part(family, family_node)])
        if not given:
            return Out([_style_part(family, family_node)])
        return Out([_style_part(family, family_node)] + ([" "] if level_script else []) + [_style_part(given, given_node)])
    if form == "short":
        return Out([_style_part(" ".join(p for p in (ndp, family) if p) if not ndp.endswith(("'", "’", "-")) else ndp + family,
                                family_node)])
    if not show_given:
        given = ""
    if inverted and not sorting and (family_node is not None or given_node is not None):
        # citeproc-js: each name-part's affixes enclose its group; a particle takes the fonts of
        # the part it stands with (a demoted non-dropping particle keeps the family's), one by one.
        demoted = not (demote == "never" or demote == "sort-only")
        fam_parts = [(family, family_node, True)] if demoted else [(ndp, family_node, True), (family, family_node, True)]
        giv_parts = [(given, given_node, True), (dp, given_node, False)] + ([(ndp, family_node, True)] if demoted else [])

        def group(parts, node):
            inner = _join([_style_part(t, n, affixes=False, cased=c) for t, n, c in parts if t])
            if not inner:
                return None
            return Out(inner, (), node.get("prefix", "") if node is not None else "",
                       node.get("suffix", "") if node is not None else "")
        fam_out = group(fam_parts, family_node)
        giv_out = group(giv_parts, given_node)
        parts = [fam_out] if fam_out is not None else []
        if giv_out is not None:
            parts += [sort_sep, giv_out]
        if suffix:
            parts += [sort_sep, suffix]
        return Out(parts)
    if sorting:
        # CSL's sorting order of name-parts: the family name (with its particle unless particles are
        # demoted), then the particles, then the given name, then the suffix ([Gogh] [van] [Vincent]):
        # "Humboldt, Alexander von" sorts under "von", after "Humboldt, Friedrich".
        # A particle is a word of its own even when written onto the name ("d’Wander" sorts as
        # "d Wander", before "de’ Frinkle").
        if demote == "never":
            keys = [[" ".join(p.strip() for p in (ndp, family) if p)], _join([dp])]
        else:
            keys = [[family], _join([dp, ndp])]
        keys += [[given], [suffix]]
        parts = []
        for key in keys:
            text = "".join(key)
            if text:
                parts += ([sort_sep] if parts else []) + [_style_part(text, None)]
        return Out(parts)
    if inverted:
        if demote == "never" or demote == "sort-only":
            fam = _join([ndp, family])
            giv = _join([given, dp])
        else:
            fam = [family]
            giv = _join([given, dp, ndp])
        fam_out = _style_part("".join(fam), family_node)
        parts: list = [fam_out]
        if giv:
            parts += [sort_sep, _style_part("".join(giv), given_node)]
        if suffix:
            parts += [sort_sep, suffix]
        return Out(parts)
    if family_node is not None:
        # citeproc-js: the family name-part's affixes enclose the particles, the family name and
        # the suffix ("(de La Fontaine III)"); its formatting goes on each particle and the family
        # name, never on the suffix.
        # A dropping particle takes the fonts, not the text-case ("Gerard van DER MEER").
        inner = _join([_style_part(p, family_node, affixes=False, cased=cased)
                       for p, cased in ((dp, False), (ndp, True), (family, True)) if p])
        if suffix:
            inner += [(", " if name.get("comma-suffix") else " "), suffix]
        fam_out = Out(inner, (), family_node.get("prefix", ""), family_node.get("suffix", ""))
        return Out(_join([_style_part(given, given_node) if given else "", fam_out]))
    fam = "".join(_join([ndp, family]))
    if suffix:
        fam += (", " if name.get("comma-suffix") else " ") + suffix
    pieces = _join([_style_part(given, given_node) if given else "", dp, _style_part(fam, family_node)])
    return Out(pieces)
