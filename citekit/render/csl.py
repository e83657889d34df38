"""CSL bibliographies through citeproc-py, with its known mistakes fixed in subclasses.

citeproc-py (0.11) gets several things wrong that users notice at once; each fix is a
small mixin over one of its element classes, installed through our own lxml class
lookup, so citeproc-py itself stays untouched and other users of it are unaffected:

* ``text-case="capitalize-first"`` capitalized any first word, turning APA's
  ``(arXiv:2410.10630)`` into ``(ArXiv:2410.10630)``; CSL only capitalizes a word that is
  all lowercase.
* ``punctuation-in-quote`` (American English) was ignored: ``“Title”,`` instead of
  ``“Title,”``; nested quotes were not alternated.
* ``initialize="false"`` on ``cs:name`` was ignored, so Chicago printed ``Wu, T.`` where
  it wants ``Wu, Tianhao``.
* ``display="left-margin"`` glued the label to the entry (IEEE ``[1]T. Wu``).
* sort keys compared the rendered text with its punctuation and connecting words
  ("Yang, S., & Gómez" before "Yang, S., Cho"); names are compared as names now.
* a title standing in for a missing author was printed a second time (APA).
* title case skipped the second half of hyphenated words (``Cross-Domain``).
* collapsing of punctuation where affixes meet (``?.``, ``..``, ``,.``).
* initials of hyphenated and abbreviated given names (``Ji-woo`` gave ``J.-. woo .``; now
  ``J.-W.``, CSL 1.0.2), and ``initialize="false"`` still marks initials (``James T.``).
* a localized date ignored its locale's delimiter (NLM ``2021Nov25``), and a style's
  override of a localized date part was written into the shared locale for good.
* year suffixes (``2024a``) for citations that names cannot tell apart.
* a ``cs:choose`` inside ``cs:substitute`` printed all its alternatives run together
  (Chicago ``C. DuboisC. Dubois``); substituted names were printed again later on;
  ``editor-translator`` (CSL 1.0.2) was unknown.
* ``subsequent-author-substitute`` (MLA ``———``) was ignored.
* ``page-range-format`` cut ``1-10`` to ``1–0``.

Speed: per-element caches (:class:`Memo`) of XPath answers and structure, and items
that store their reference, make a warm style about 3.5x faster than citeproc-py alone;
:mod:`citekit.render.compile` turns the bibliography into closures once per style for
the same text 4-8x faster again (``engine="citeproc"`` or ``CITEKIT_CSL_ENGINE=citeproc``
keeps the walk).
"""

from __future__ import annotations

import copy
import re
import unicodedata
import warnings
from dataclasses import dataclass
from functools import cmp_to_key, lru_cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from lxml import etree

from .rich import GLUE, MARGIN, NAMES_CLOSE, NAMES_OPEN, QUOTE_CLOSE, QUOTE_OPEN, clean, display, rich_value, wrap

__all__ = ["CslStyle", "plain_citeproc_bibliography", "pushed_down_style", "uses_implicit_names"]

CSL_NS = "http://purl.org/net/xbiblio/csl"

#: citeproc-py formatter that emits our rich-text markers instead of markup.
NEUTRAL_FORMATTER = SimpleNamespace(
    preformat=lambda text: text,
    Italic=lambda text: wrap("italic", str(text)),
    Oblique=lambda text: wrap("italic", str(text)),
    Bold=lambda text: wrap("bold", str(text)),
    Light=lambda text: str(text),
    Underline=lambda text: wrap("underline", str(text)),
    Superscript=lambda text: wrap("superscript", str(text)),
    Subscript=lambda text: wrap("subscript", str(text)),
    SmallCaps=lambda text: wrap("smallcaps", str(text)),
)


def has_nocase(text) -> bool:
    """True when ``text`` holds a part marked as never to be case-changed (``<span class="nocase">``)."""
    from citeproc.string import MixedString, NoCase

    return isinstance(text, NoCase) or (isinstance(text, MixedString) and any(isinstance(p, NoCase) for p in text))


def citeproc_string(text):
    """``text`` as citeproc-py's case methods need it: a String, or a MixedString of Strings (name parts come as str)."""
    from citeproc.string import MixedString, String

    if isinstance(text, MixedString):
        return MixedString([citeproc_string(part) for part in text])
    return text if hasattr(text, "words") else String(str(text))


#: CSL's stop words, which title case leaves in lowercase (citeproc-py's list).
STOP_WORDS = frozenset(['a', 'an', 'and', 'as', 'at', 'but', 'by', 'down', 'for', 'from', 'in', 'into', 'nor', 'of',
                        'on', 'onto', 'or', 'over', 'so', 'the', 'till', 'to', 'up', 'via', 'with', 'yet'])


def title_case(text: str) -> str:
    """CSL title case, including each part of a hyphenated word (``Cross-Domain``)."""
    words = text.split(" ")
    out, after_colon = [], True
    for index, word in enumerate(words):
        parts = word.split("-")
        for j, part in enumerate(parts):
            bare = part.strip("\"'(\u201c\u2018[")
            if bare and bare == bare.lower() and bare[0].isalpha():
                edge = after_colon or index == len(words) - 1
                if j > 0 or edge or bare not in STOP_WORDS:
                    pos = part.index(bare[0])
                    parts[j] = part[:pos] + part[pos].upper() + part[pos + 1 :]
        word = "-".join(parts)
        out.append(word)
        if word:
            after_colon = word[-1] in ":.?!"
    return " ".join(out)


def _given_tokens(given: str) -> list[tuple[str, Any]]:
    """``given`` as (kind, text) tokens: ``name``, ``initial``, ``hyphenated`` (a list of parts) or ``other``."""
    tokens: list[tuple[str, Any]] = []
    for word in given.split():
        if "." in word.rstrip(".") or (word.endswith(".") and word[0].isupper()):
            # Initials as written: "A.T.", "J.", "Ph." (a digraph initial stays whole).
            for piece in (p for p in word.split(".") if p):
                if piece[0].isupper() and (len(piece) == 1 or piece[1:].islower()):
                    tokens.append(("initial", piece))
                elif piece.isupper() and piece.isalpha():
                    tokens.extend(("initial", ch) for ch in piece)
                else:
                    tokens.append(("other", piece + "."))
        elif "-" in word.strip("-") and word[0].isupper():
            tokens.append(("hyphenated", [p for p in word.split("-") if p]))
        elif word[0].isupper() and len(word) == 1:
            tokens.append(("initial", word))
        elif word[0].isupper() and word.isupper() and word.isalpha() and len(word) <= 3:
            # "JR": initials written without periods (as PubMed lists them), not a name.
            tokens.extend(("initial", ch) for ch in word)
        elif word[0].isupper():
            tokens.append(("name", word))
        else:
            tokens.append(("other", word))  # particles ("de"), scripts without case
    return tokens


def names_count(output: list) -> int | None:
    """The total of a cs:names whose parts rendered as counts (``form="count"``), else None."""
    try:
        total = sum(output)
    except TypeError:
        return None
    return total if isinstance(total, int) else None


_RICH_MARK = re.compile("[\ue00e-\ue01f]")
_PEEL = re.compile("^([\ue00e-\ue01f]*)(.*?)([\ue00e-\ue01f]*)$", re.S)


def _peel(part: str) -> tuple[str, str, str]:
    """(leading formatting markers, the text, trailing markers) of one word or hyphen part."""
    lead, bare, trail = _PEEL.match(part).groups()
    return lead, bare, trail


def _initialize_marked(given: str, mark: str, hyphen: bool, initialize: bool) -> str:
    """Initials of a given name that carries markup (``<b>John</b> Q.``): each part initialized inside its markers."""
    words = []
    for word in given.split():
        parts = []
        for part in word.split("-"):
            lead, bare, trail = _peel(part)
            parts.append(lead + initialize_given(bare, mark, hyphen, initialize).strip() + trail if bare else part)
        words.append(("-" if hyphen else "").join(parts))
    return (" " if mark.endswith(" ") or not initialize else "").join(words)


@lru_cache(maxsize=16384)  # pure, and the same given names recur across a list and its citations
def initialize_given(given: str, mark: str, hyphen: bool = True, initialize: bool = True) -> str:
    """CSL 1.0.2 initials of a given name: ``Ji-woo`` -> ``J.-W.``, ``C. Lawrence`` -> ``C. L.``, ``JR`` -> ``J. R.``.

    ``mark`` is ``initialize-with``; ``hyphen`` is ``initialize-with-hyphen`` (``J.-P.``
    or ``J.P.``); with ``initialize`` false, names stay whole and only initials already
    present get the mark (``James T`` -> ``James T.``).
    """
    if _RICH_MARK.search(given):
        return _initialize_marked(given, mark, hyphen, initialize)
    out = ""

    def whole(word: str) -> str:
        return (out.rstrip() + " " if out else "") + word + " "

    for kind, text in _given_tokens(given):
        if kind == "initial":
            out += text + mark
        elif kind == "name":
            out = out + text[0] + mark if initialize else whole(text)
        elif kind == "hyphenated":
            if not initialize:
                out = whole("-".join(text))
            elif hyphen:
                out += (mark.rstrip() + "-").join(p[0].upper() for p in text) + mark
            else:
                out += "".join(p[0].upper() + mark for p in text)
        else:
            out = whole(text)
    return " ".join(out.split())


def initializes(name, context) -> bool:
    """The ``initialize`` option of a ``cs:name`` (inherited from its section or the style, CSL 1.0.2)."""
    section = (context if context is not None else name).xpath_search("./ancestor::*[self::cs:citation or self::cs:bibliography][1]")
    for holder in (name, *section, name.get_root()):
        value = holder.get("initialize")
        if value is not None:
            return value.lower() != "false"
    return True


def repressed_roles(entries) -> frozenset[str]:
    """The name variables a layout's repressed list holds (``editor-translator`` stands for both)."""
    roles = {role for entry in entries if entry for role in entry.split()}
    if "editor-translator" in roles:
        roles.update(("editor", "translator"))
    if {"editor", "translator"} <= roles:
        roles.add("editor-translator")
    return frozenset(roles)


def names_roles(roles: list[str], ref, repressed: frozenset[str], combined_term) -> list[tuple[str, str]]:
    """(variable to print, variable its label is for) for each role a ``cs:names`` prints for ``ref``.

    Repressed roles are left out; editor and translator being the same people print once
    as ``editor-translator`` (CSL 1.0.2), with its label, when the style asks for both
    (and has the combined term) or for ``editor-translator`` itself. ``combined_term`` is
    called only when that question arises.
    """
    from citeproc.source import VariableError

    def same_people() -> bool:
        try:
            return "editor" in ref and "translator" in ref and ref.editor == ref.translator
        except VariableError:
            return False

    if (len(roles) == 2 and set(roles) == {"editor", "translator"} and not repressed & {"editor", "translator"}
            and same_people() and combined_term()):
        return [("editor", "editortranslator")]
    out = []
    for role in roles:
        if role in repressed:
            continue
        if role == "editor-translator":
            if same_people():
                out.append(("editor", "editortranslator"))
        elif role in ref:
            out.append((role, role))
    return out


def ambiguous(item) -> bool:
    """True for an item whose citation nothing else tells apart (see ``_add_year_suffixes``)."""
    return bool(dict.get(item, "_ambiguous", False))


def branch_matches(branch, item, context) -> bool:
    """Whether a ``cs:if``/``cs:else-if`` holds for ``item`` (``cs:else`` always does), without rendering it."""
    from citeproc import model

    if not isinstance(branch, model.If):
        return True
    results: list = []
    attrib = branch.attrib
    if "type" in attrib:
        results += branch._type(item)
    if "variable" in attrib:
        results += branch._variable(item)
    if "is-numeric" in attrib:
        results += branch._is_numeric(item)
    if "is-uncertain-date" in attrib:
        results += branch._is_uncertain_date(item)
    if "locator" in attrib:
        results += branch._locator(item)
    if "position" in attrib:
        results += branch._position(item, context)
    if "disambiguate" in attrib:
        results.append(ambiguous(item) == (attrib["disambiguate"] == "true"))
    match = branch.get("match")
    return any(results) if match == "any" else not any(results) if match == "none" else all(results)


def _substitute_candidates(children, item, context):
    """The elements a ``cs:substitute`` tries in turn: a ``cs:choose`` offers the children of its matching branch.

    Styles list alternatives inside a ``cs:choose`` (Chicago: editor-translator, editor,
    translator, ...) meaning "the first that renders", as citeproc-js reads them;
    rendering the whole branch printed every one of them, run together.
    """
    from citeproc import model

    for child in children:
        if isinstance(child, model.Choose):
            for branch in child.getchildren():
                if branch_matches(branch, item, context):
                    yield from _substitute_candidates(branch.getchildren(), item, context)
                    break
        else:
            yield child


#: Label variables whose term has another name (CSL: number-of-pages is labelled with "page").
LABEL_TERMS = {"number-of-pages": "page", "number-of-volumes": "volume"}


_DIGITS = re.compile(r"\d+")
# One digit, a separator, one digit: what citeproc-py's r"\d+[^\d.]+\d+" finds, without its
# quadratic backtracking over a long run of digits (a 40,000-digit page took 38 s).
_MULTIPLE_NUMBERS = re.compile(r"\d[^\d.]+\d")


def _over_one(digits: str) -> bool:
    """True when the decimal ``digits`` (any length: no int() of 4,300+ digits) name a number over 1."""
    digits = digits.lstrip("0")
    return len(digits) > 1 or digits > "1"


def count_is_plural(item, variable: str) -> bool:
    """True when a count variable (``number-of-pages``) says more than one."""
    try:
        match = _DIGITS.search(str(item.reference[variable.replace("-", "_")]))
    except Exception:  # missing
        return False
    return bool(match) and _over_one(match.group())


def label_is_plural(element, item) -> bool:
    """citeproc-py's ``Label._is_plural`` in linear time: several numbers (``1-3``, ``2, 4``), or a count over one."""
    from citeproc.model import VariableError

    variable = element.get("variable")
    if variable == "locator":
        value = item.locator.identifier
    else:
        try:
            value = item.reference[variable.replace("-", "_")]
        except VariableError:
            return False
    if variable.startswith("number-of"):
        match = _DIGITS.fullmatch(str(item[variable]).strip())
        if match and _over_one(match.group()):
            return True
    return _MULTIPLE_NUMBERS.search(str(value)) is not None


def has_variable(item, variable: str) -> bool:
    """True when ``item``'s reference holds ``variable`` with something in it."""
    try:
        value = item.reference[variable.replace("-", "_")]
    except Exception:  # citeproc-py raises VariableError (or KeyError) for a missing variable
        return False
    return value is not None and bool(str(value).strip())


def _layout_repressed(element) -> dict | None:
    """The repressed variables of the layout ``element`` renders in (None for a locale's dates)."""
    try:
        return element.get_layout().repressed
    except (IndexError, AttributeError):
        return None


def _repress_rendered(element, item, context) -> None:
    """Repress the text variables of ``element`` as rendered for ``item`` (matching branches only)."""
    from citeproc import model

    layout = context.get_layout()
    seen: set[str] = set()
    pending = [element]
    while pending:
        node = pending.pop()
        if isinstance(node, model.Choose):
            # The branch a render takes is the first whose test holds: test it, never render it
            # (rendering each branch again cost milliseconds an entry, seconds on a long file).
            for branch in node.getchildren():
                try:
                    if not branch_matches(branch, item, context):
                        continue
                except model.VariableError:
                    pass  # as a render that fails past its test: the branch is the one taken
                pending.extend(branch.getchildren())
                break
            continue
        variable = node.get("variable")
        if variable and node.tag in (f"{{{CSL_NS}}}text", f"{{{CSL_NS}}}date", f"{{{CSL_NS}}}number"):
            layout.repressed.setdefault(node.tag, []).extend(variable.split())
        macro = node.get("macro")
        if macro and macro not in seen:
            seen.add(macro)
            pending.append(node.get_macro(macro))
        elif not macro:
            pending.extend(node.getchildren())


def _patched_classes() -> dict[str | None, type]:
    """tag -> element class: citeproc-py's classes with our fix-up mixins in front."""
    from citeproc import model
    from citeproc.source import LiteralDate, VariableError

    class CaseFix:
        """capitalize-first / capitalize-all only touch words that are all lowercase."""

        def case(self, text, language=None):
            text_case = self.get("text-case")
            if text_case in ("capitalize-first", "capitalize-all"):
                words = str(text).split(" ")
                first = next((w for w in words if w), "")
                if text_case == "capitalize-first" and first != first.lower():
                    return text
                if text_case == "capitalize-all" and any(w != w.lower() for w in words):
                    return text
            if text_case == "title" and language in (None, "en") and not has_nocase(text):
                return String(title_case(str(text)))
            if text_case:
                text = citeproc_string(text)
            return super().case(text, language)

    from citeproc.string import String

    class QuoteFix:
        """Quotes become markers; :func:`_finish` applies the locale's quote rules."""

        def quote(self, string):
            if self.get("quotes", "false").lower() == "true":
                return QUOTE_OPEN + string + QUOTE_CLOSE
            return string

    class LabelFix:
        """A cs:label of its own prints only when its variable has a value (no "p." without a page)."""

        def process(self, item, variable=None, plural=None, context=None, **kwargs):
            own = self.get("variable")
            if variable is None and own and own != "locator" and not has_variable(item, own):
                return None
            if variable is None and own in LABEL_TERMS:
                plural = count_is_plural(item, own) if plural is None else plural
                return super().process(item, LABEL_TERMS[own], plural, context, **kwargs)
            return super().process(item, variable, plural, context, **kwargs)

        def _is_plural(self, item):
            return label_is_plural(self, item)

    class IfFix:
        """``disambiguate="true"`` holds for items whose citations stay ambiguous (citeproc-py never tests it)."""

        def render(self, item, context=None, delimiter="", **kwargs):
            if "disambiguate" in self.attrib:
                if not branch_matches(self, item, context):
                    raise model.ConditionFailed
                return self.render_children(item, context=context, delimiter=delimiter, **kwargs)
            return super().render(item, context=context, delimiter=delimiter, **kwargs)

    class BaselineFix:
        """An explicit ``vertical-align="baseline"`` is marked (citeproc-js writes a span for it)."""

        def vertical_align(self, text):
            if self.get("vertical-align") == "baseline" and text is not None:
                return wrap("baseline", str(text))
            return super().vertical_align(text)

    class MarginFix:
        """A left-margin field (the ``[1]`` of numeric styles) is set off from the entry."""

        def render(self, *args, **kwargs):
            out = super().render(*args, **kwargs)
            if out is not None and self.get("display"):
                out = display(self.get("display"), out)
            return out

    class NameFix:
        """Given names initialized as CSL 1.0.2 says (:func:`initialize_given`); sort keys without "and"."""

        def get_option(self, name, context=None, sort_options=None):
            if name == "and" and sort_options is not None:
                return None  # a sort key compares names, not the connecting word
            if name in ("et-al-min", "et-al-use-first") and "_others" in self.__dict__:
                # BibTeX's "and others" (a literal "others" last): cut there, as the compiled path does.
                return self.__dict__["_others"] + (1 if name == "et-al-min" else 0)
            if name == "delimiter-precedes-last" and "_precedes_last" in self.__dict__:
                return self.__dict__["_precedes_last"]
            if name == "et-al-min" and not (sort_options and "et-al-min" in sort_options):
                # et-al needs both options (as citeproc-js reads CSL); the citation's never reach the bibliography.
                section = (context if context is not None else self).xpath_search(
                    "./ancestor::*[self::cs:citation or self::cs:bibliography][1]")
                if all(holder.get("et-al-use-first") is None for holder in (self, *section, self.get_root())):
                    return 10**9
            return super().get_option(name, context, sort_options)

        def initialize(self, given, mark, context):
            hyphen = self.get_option("initialize-with-hyphen", context)
            return initialize_given(given, mark, hyphen, initializes(self, context))

        def process(self, item, variable, context=None, sort_options=None, **kwargs):
            if self.get_option("et-al-use-first", context, sort_options) == 0:
                names = item.reference.get(variable.replace("-", "_")) or []
                if len(names) >= self.get_option("et-al-min", context, sort_options):
                    raise model.VariableError  # et-al-use-first="0": nothing is printed (CSL 1.0.2)
            if super().get_option("delimiter-precedes-last", context, sort_options) == "after-inverted-name":
                # The delimiter comes before the last name when the name before it is inverted (not a literal).
                names = item.reference.get(variable.replace("-", "_")) or []
                order = self.get_option("name-as-sort-order", context, sort_options)
                index = len(names) - 2
                inverted = index >= 0 and (order == "all" or (order == "first" and index == 0)) \
                    and not names[index].get("literal")
                self.__dict__["_precedes_last"] = "always" if inverted else "never"
            listed = item.reference.get(variable.replace("-", "_")) or []
            if listed and listed[-1].get("literal") == "others":
                real = len(listed) - 1
                if real and real < self.get_option("et-al-min", context, sort_options):
                    self.__dict__["_others"] = real
            try:
                text = super().process(item, variable, context, sort_options, **kwargs)
            finally:
                self.__dict__.pop("_precedes_last", None)
                self.__dict__.pop("_others", None)
            if sort_options is not None and text is not None:
                # Sort keys compare the names themselves: "Yang et al." sorts as just "Yang".
                et_al = str(self.et_al() or "")
                if et_al and str(text).rstrip().endswith(et_al):
                    text = str(text).rstrip()[: -len(et_al)].rstrip()
            return text

    class MacroSortFix:
        """A ``cs:text macro=`` inside a sort key passes the key's name options on."""

        def process(self, item, context=None, **kwargs):
            sort_options = kwargs.get("sort_options")
            if sort_options is None or "macro" not in self.attrib:
                return super().process(item, context, **kwargs)
            try:
                language = item.reference.language[:2]
            except model.VariableError:
                language = (self.get_root().get("default-locale") or "en")[:2]
            macro = self.get_macro(self.get("macro"))
            return macro.render(item, context if context is not None else self, sort_options=sort_options), language

    class LayoutFix:
        """One output per item (empty when nothing renders), the first field set off under ``second-field-align``."""

        def render_bibliography(self, citation_items):
            from citeproc.string import join

            aligned = bool(self.getparent().get("second-field-align"))
            recording = self.getparent().get("subsequent-author-substitute") is not None
            output = []
            first_names: list = []
            for item in citation_items:
                self.repressed = {}
                if recording:
                    self.__dict__["first_names"] = first_names
                    self.__dict__["names_owner"] = None
                    first_names.append(None)
                if not aligned:
                    text = self.render_children(item)
                else:
                    parts = []
                    for child in self.iterchildren():
                        try:
                            rendered = child.render(item)
                        except model.VariableError:
                            continue
                        if rendered is not None:
                            parts.append(rendered)
                    text = (parts[0] + MARGIN + join(parts[1:]) if len(parts) > 1 else parts[0]) if parts else None
                output.append(self.format(self.wrap(text)) if text is not None else "")
            self.__dict__["first_names"] = None
            self.__dict__["rendered_first_names"] = first_names if recording else None
            return output

    class SubstituteFix:
        """What stood in for the author (APA: the title) is not printed again later in the entry."""

        def render(self, item, context=None, **kwargs):
            for child in _substitute_candidates(self.getchildren(), item, context):
                try:
                    if isinstance(child, model.Names) and child.name is None:
                        names = self.xpath_search("./parent::cs:names[1]")[0]
                        text = child.render(item, names_context=names, context=context, **kwargs)
                    else:
                        layout = context.get_layout() if context is not None else None
                        if layout is not None:
                            layout.__dict__["substituting"] = layout.__dict__.get("substituting", 0) + 1
                        try:
                            text = child.render(item, context=context, **kwargs)
                        finally:
                            if layout is not None:
                                layout.__dict__["substituting"] -= 1
                except model.VariableError:
                    continue
                if text:
                    self.add_to_repressed_list(child, context)
                    if not isinstance(child, model.Names):
                        _repress_rendered(child, item, context)
                    return text
            return None

    class PageRangeFix:
        """``page-range-format`` keeps the whole last page when it has more digits: "1–10", not citeproc-py's "1–0"."""

        def _format_last_page(self, first, last):
            if first.isdigit() and last.isdigit() and len(last) < len(first):
                # "70-5" means 70-75 (abbreviated input): complete it before the style's format applies.
                whole = first[: len(first) - len(last)] + last
                if int(whole) > int(first):
                    last = whole
            if len(first) != len(last):
                return last  # nothing of the first number is repeated in the second
            return super()._format_last_page(first, last)

    class NamesFix:
        """Names a substitute printed stay suppressed; ``editor-translator``; the entry's first name list is noted.

        citeproc-py's ``Names.process`` with three changes: a role in the layout's
        repressed list is skipped (CSL: substituted variables are suppressed in the rest
        of the entry), the CSL 1.0.2 variable ``editor-translator`` (editor and translator
        when they are the same people) is understood, and the first name list rendered
        for an entry is recorded for ``subsequent-author-substitute``.
        """

        def process(self, item, names_context=None, context=None, **kwargs):
            if context is None:
                context = self
            if names_context is None:
                names_context = self
            try:
                layout = context.get_layout()
            except IndexError:
                layout = None
            repressed = repressed_roles(layout.repressed.get(self.tag, ()) if layout is not None else ())

            def combined_term() -> bool:
                term = self.get_term("editortranslator")
                return term is not None and bool(term.getchildren())

            record = layout.__dict__.get("first_names") if layout is not None else None
            # A group may render its children more than once: the first cs:names stays the one marked.
            first = bool(record) and (record[-1] is None or layout.__dict__.get("names_owner") is self)
            if first:
                record[-1] = None
            text = self._names_text(item, names_context, context, layout, repressed, combined_term, **kwargs)
            if first and text:
                text, record[-1] = mark_first_names(text, record[-1])
                layout.__dict__["names_owner"] = self
            return text

        def _names_text(self, item, names_context, context, layout, repressed, combined_term, **kwargs):
            output = []
            for role, label_role in names_roles(self.get("variable").split(), item.reference, repressed, combined_term):
                name_elem = names_context.name
                if name_elem is None:
                    name_elem = model.Name()
                    names_context.insert(0, name_elem)
                text = name_elem.render(item, role, context=context, **kwargs)
                if label_role == "editortranslator" and layout is not None:
                    # Printed together, editor and translator are not printed again apart.
                    layout.repressed.setdefault(self.tag, []).append("editor-translator")
                if layout is not None and text and layout.__dict__.get("substituting"):
                    layout.repressed.setdefault(self.tag, []).append(role)  # substituted: empty from here on
                if layout is not None and isinstance(text, str):
                    record = layout.__dict__.get("first_names")
                    if record and record[-1] is None:
                        record[-1] = (text, len(item.reference[role]))
                        text = NAMES_OPEN + text + NAMES_CLOSE  # the names alone are substituted, not their label
                plural = len(item.reference[role]) > 1
                try:
                    if kwargs.get("sort_options") is not None:
                        raise AttributeError  # a sort key compares the names, not their role label
                    label_element = names_context.label
                    label = label_element.render(item, label_role, plural, **kwargs)
                    if label is not None:
                        if label_element is names_context.getchildren()[0]:
                            text = label + text
                        else:
                            text = text + label
                except AttributeError:
                    pass
                output.append(text)
            if output:
                total = names_count(output)
                if total is not None:
                    return str(total) if total > 0 else None
                return self.join(output, self.get_parent_delimiter(context))
            substitute = self.substitute()
            if substitute is None:
                raise model.VariableError
            return substitute.render(item, context=context, **kwargs)

    class DateFix:
        """A localized date joins its parts with the locale's delimiter (NLM: ``2021 Nov 25``, not ``2021Nov25``);
        a date a substitute printed stays suppressed."""

        def render_date_range(self, date_range, show_parts=None, context=None):
            if context is None:
                context = self
            if date_range.end.is_nil():
                return super().render_date_range(date_range, show_parts, context)
            show = list(show_parts or ["year", "month", "day"])
            same: list[str] = []
            widest = None  # the largest part that differs picks the range delimiter (CSL 1.0.2)
            for part in ("year", "month", "day"):
                if part not in show:
                    continue
                if widest is None and getattr(date_range.begin, part, None) == getattr(date_range.end, part, None):
                    same.append(part)
                elif widest is None:
                    widest = part
            differ = [p for p in show if p not in same]
            begin = self.render_single_date(date_range.begin, differ, context)
            end = self.render_single_date(date_range.end, differ, context)
            if not begin:
                return None
            text = str(begin).rstrip() + self._range_delimiter(widest, context) + str(end or "").lstrip()
            if same:
                rest = self.render_single_date(date_range.end, same, context)
                if rest:
                    delimiter = (self if self.is_locale_date() else context).get("delimiter", "")
                    text = text.rstrip() + (delimiter or " ") + str(rest).strip()
            return text

        def _range_delimiter(self, part, context) -> str:
            for holder in (context, self):
                found = holder.find(f"{{{CSL_NS}}}date-part[@name='{part}']") if part else None
                if found is not None and found.get("range-delimiter") is not None:
                    return found.get("range-delimiter")
            return "\u2013"

        def process(self, item, *args, **kwargs):
            repressed = _layout_repressed(self)
            if repressed and self.get("variable") in repressed.get(self.tag, ()):
                raise model.VariableError
            if not self._shows_year(kwargs.get("show_parts") or (args[1] if len(args) > 1 else None)):
                # A literal date prints once, where the year goes (as citeproc-js and pandoc print it):
                # a cs:date of month and day alone has nothing of it to show.
                variable = kwargs.get("variable") or (args[0] if args else None) or self.get("variable") or ""
                try:
                    value = item.reference[variable.replace("-", "_")]
                except (KeyError, VariableError):
                    value = None
                if isinstance(value, LiteralDate):
                    return None
            return super().process(item, *args, **kwargs)

        def _shows_year(self, show_parts) -> bool:
            if show_parts is not None:
                return "year" in show_parts
            if self.get("form") is not None:
                return "year" in (self.get("date-parts") or "year-month-day")
            names = [part.get("name") for part in self.iterchildren(f"{{{CSL_NS}}}date-part")]
            return not names or "year" in names

        def render_single_date(self, date, show_parts=None, context=None):
            if context is None or context is self or not self.is_locale_date():
                return super().render_single_date(date, show_parts, context)
            parts = self.parts(date, show_parts, context)
            # citeproc-py joined with the calling cs:date's delimiter, which CSL does not let it set.
            return self.join(parts, context.get("delimiter", "")) if parts else None

    class NumberFix:
        """``cs:number`` reads hyphenated variables (``number-of-volumes``, ``chapter-number``) too:
        citeproc-py looked them up with the hyphen, where its references hold an underscore."""

        def process(self, item, context=None, **kwargs):
            variable = self.get("variable") or ""
            if "-" not in variable or variable == "page-first":
                return super().process(item, context, **kwargs)
            try:
                value = item.reference[variable.replace("-", "_")]
            except (KeyError, VariableError):
                raise VariableError from None
            return self._process(value, variable)

    class ChooseFix:
        """Remembers the branch taken, so an enclosing group can ask whether it called a variable."""

        def render(self, item, context=None, delimiter="", **kwargs):
            self.__dict__["_taken"] = None
            for child in self.getchildren():
                try:
                    text = child.render(item, context=context, delimiter=delimiter, **kwargs)
                except model.ConditionFailed:
                    continue
                self.__dict__["_taken"] = child
                return text
            return None

        def taken_calls_variable(self) -> bool:
            taken = self.__dict__.get("_taken")
            return taken is not None and taken.calls_variable()

    class GroupFix:
        """A group is suppressed when the variables it called are all empty (CSL 1.0.2), counting for a
        ``cs:choose`` only the branch taken: ``<if type="thesis" variable="genre"><text value="publication"/>``
        calls none, so APA's "(Publication)" goes with an empty number (citeproc-js and pandoc print none)."""

        def process(self, item, context=None, **kwargs):
            output = []
            variable_called = False
            variable_rendered = False
            delimiter = self.get("delimiter", "")
            for child in self.iterchildren():
                is_choose = isinstance(child, model.Choose)
                calls = child.calls_variable()
                try:
                    if is_choose:
                        child_text = child.render(item, context=context, delimiter=delimiter, **kwargs)
                        calls = child.taken_calls_variable()
                    else:
                        child_text = child.render(item, context=context, **kwargs)
                    variable_called = variable_called or calls
                    if child_text is not None:
                        output.append(child_text)
                        variable_rendered = variable_rendered or calls
                except VariableError:
                    variable_called = variable_called or calls
            if output and (not variable_called or variable_rendered):
                return self.join(output)
            raise VariableError

    class DatePartFix:
        """A style's overrides of a localized date part apply to this render only.

        citeproc-py copied them into the locale's ``cs:date-part`` for good, and the en-US
        locale is shared: one style's date format leaked into every later render.
        """

        def render(self, date, context=None):
            if (context is None or context is self.getparent()
                    or not context.xpath_search(f'./cs:date-part[@name="{self.get("name")}"]')):
                return super().render(date, context)  # nothing overridden: nothing to undo
            saved = dict(self.attrib)
            try:
                return super().render(date, context)
            finally:
                if dict(self.attrib) != saved:
                    self.attrib.clear()
                    self.attrib.update(saved)

    class Memo:
        """Per-element caches of what a style computes again and again (speed, not behaviour).

        A style's element tree does not change while it renders, so XPath answers
        (macros by name, the enclosing layout, terms) and whether a subtree calls a
        variable are computed once per element. :class:`CslStyle` keeps every element
        proxy alive, so these attributes stay attached to their elements.
        """

        # citeproc-py's elements answer unknown attributes with a child lookup (None),
        # so the caches live in the instance __dict__, read directly.
        def xpath_search(self, expression):
            memo = self.__dict__.get("_xpath_memo")
            if memo is None:
                memo = self.__dict__["_xpath_memo"] = {}
            found = memo.get(expression)
            if found is None:
                found = memo[expression] = super().xpath_search(expression)
            return found

        def get_root(self):
            root = self.__dict__.get("_root_memo")
            if root is None:
                root = self.__dict__["_root_memo"] = super().get_root()
            return root

        def calls_variable(self):
            value = self.__dict__.get("_calls_variable_memo")
            if value is None:
                value = self.__dict__["_calls_variable_memo"] = super().calls_variable()
            return value

    # Key None: the class of elements citeproc-py has no class for (cs:terms, cs:info, ...).
    classes: dict[str | None, type] = {None: type("CitationStylesElement", (Memo, model.CitationStylesElement), {})}
    for cls in model.CitationStylesElement.__subclasses__():
        if cls.__module__ != model.__name__:
            continue  # ours, from an earlier call
        mixins: list[type] = [Memo]
        if issubclass(cls, model.TextCased):
            mixins.append(CaseFix)
        if issubclass(cls, model.Quoted):
            mixins.append(QuoteFix)
        if cls.__name__ in {"Text", "Group", "Number", "Date", "Names", "Label"}:
            mixins.append(MarginFix)
        if issubclass(cls, model.Formatted):
            mixins.append(BaselineFix)
        if cls is model.Name:
            mixins.append(NameFix)
        if cls is model.Text:
            mixins.append(MacroSortFix)
        if cls is model.Layout:
            mixins.append(LayoutFix)
        if cls is model.Substitute:
            mixins.append(SubstituteFix)
        if issubclass(cls, model.FormatNumber):
            mixins.append(PageRangeFix)
        if cls is model.Names:
            mixins.append(NamesFix)
        if cls is model.Label:
            mixins.append(LabelFix)
        if issubclass(cls, model.If):
            mixins.append(IfFix)
        if cls is model.Date:
            mixins.append(DateFix)
        if cls is model.Date_Part:
            mixins.append(DatePartFix)
        if cls is model.Choose:
            mixins.append(ChooseFix)
        if cls is model.Number:
            mixins.append(NumberFix)
        if cls is model.Group:
            mixins.append(GroupFix)
        tag = cls.__name__.replace("_", "-").lower()
        classes[tag] = type(cls.__name__, (*mixins, cls), {})
    return classes


@lru_cache(maxsize=1)
def _parser() -> etree.XMLParser:
    lookup = etree.ElementNamespaceClassLookup()
    namespace = lookup.get_namespace(CSL_NS)
    namespace.update(_patched_classes())
    parser = etree.XMLParser(remove_comments=True, encoding="UTF-8", no_network=True, resolve_entities=False)
    parser.set_element_class_lookup(lookup)
    return parser


@lru_cache(maxsize=32)
def _locale_root(locale: str):
    import os

    from citeproc import LOCALES_PATH

    return etree.parse(os.path.join(LOCALES_PATH, f"locales-{locale}.xml"), _parser()).getroot()


def _set_locales(root, output_locale: str) -> None:
    """citeproc-py's locale fallback chain, but parsing locale files with our classes."""
    from citeproc import LANGUAGE_NAMES, PRIMARY_DIALECTS

    root.locales = []
    ns = {"cs": CSL_NS, "xml": "http://www.w3.org/XML/1998/namespace"}
    language = output_locale.split("-")[0]
    for lang in (output_locale, language, None):
        expr = f'./cs:locale[@xml:lang="{lang}"]' if lang else "./cs:locale[not(@xml:lang)]"
        root.locales.extend(root.xpath(expr, namespaces=ns))
    added: list[str] = []
    for lang in (output_locale if output_locale in LANGUAGE_NAMES else None, PRIMARY_DIALECTS.get(language), "en-US"):
        if lang and lang not in added:
            added.append(lang)
            root.locales.append(_locale_root(lang))
    for loc in root.locales:
        loc.style = root


_NOT_YET = object()
ENGINES = ("compiled", "citeproc")


def _engine(engine: str | None) -> str:
    """The rendering engine asked for: the argument, else ``CITEKIT_CSL_ENGINE``, else ``compiled``."""
    import os

    chosen = (engine or os.environ.get("CITEKIT_CSL_ENGINE") or "compiled").strip().lower()
    if chosen not in ENGINES:
        from ..errors import UsageError

        raise UsageError(f"unknown CSL engine {chosen!r} (choose from {', '.join(ENGINES)})")
    return chosen


def _add_implicit_names(root) -> None:
    """Give each ``cs:names`` without ``cs:name`` (outside ``cs:substitute``) the empty ``cs:name`` it implies.

    citeproc-py inserts one on first use, of its unfixed class for that one call; doing
    it up front makes every render the same, and lets the compiler see it.
    """
    name_tag = f"{{{CSL_NS}}}name"
    for names in list(root.iter(f"{{{CSL_NS}}}names")):
        if names.find(name_tag) is None and not _in_substitute(names):
            names.insert(0, names.makeelement(name_tag, {}))


def _in_substitute(element) -> bool:
    """True inside a ``cs:substitute`` (also within a ``cs:choose`` there), where a bare ``cs:names`` inherits its ``cs:name``."""
    return any(a.tag == f"{{{CSL_NS}}}substitute" for a in element.iterancestors())


@dataclass(slots=True)
class StyleSource:
    """A style file made renderable: its root (with our element classes), title, the parent it stands for, its locale."""

    root: Any
    title: str
    parent: str | None
    locale: str | None
    from_citation: bool


def _read_xml(path: str):
    try:
        return etree.parse(path, etree.XMLParser(remove_comments=True, no_network=True, resolve_entities=False)).getroot()
    except (OSError, etree.XMLSyntaxError) as exc:
        from ..errors import UsageError

        raise UsageError(f"cannot read CSL style {path}: {exc}") from exc


def dependent_parent(path: str) -> tuple[str | None, str | None]:
    """(parent file, the dependent's locale or the parent's) when ``path`` is a dependent style, else (None, None)."""
    ns = {"cs": CSL_NS}
    head = _read_xml(path)
    if head.find("cs:bibliography", ns) is not None or head.find("cs:citation", ns) is not None:
        return None, None
    link = head.find("cs:info/cs:link[@rel='independent-parent']", ns)
    if link is None or not link.get("href"):
        from ..errors import UsageError

        raise UsageError(f"CSL style {path} has neither a bibliography nor an independent parent")
    from ..styles import parent_style_path

    parent = parent_style_path(link.get("href"), path)
    return parent, head.get("default-locale") or _read_xml(parent).get("default-locale")


def style_source(path: str) -> StyleSource:
    """The style at ``path`` ready to render: a dependent style resolved to its independent parent.

    A dependent style (most of the collection: ``nature-communications``,
    ``physical-review-letters``) holds only a link to its parent, a title and perhaps a
    locale; it renders as the parent does, in the dependent's own locale. A style with
    no ``cs:bibliography`` (a few note styles) renders its citation layout (the full
    note, as no position test holds) as the entry, in input order.
    """
    ns = {"cs": CSL_NS}
    head = _read_xml(path)
    title = (head.findtext("cs:info/cs:title", namespaces=ns) or Path(path).stem).strip()
    locale = head.get("default-locale")
    parent = None
    if head.find("cs:bibliography", ns) is None and head.find("cs:citation", ns) is None:
        link = head.find("cs:info/cs:link[@rel='independent-parent']", ns)
        if link is None or not link.get("href"):
            from ..errors import UsageError

            raise UsageError(f"CSL style {path} has neither a bibliography nor an independent parent")
        from ..styles import parent_style_path

        parent = parent_style_path(link.get("href"), path)
        head = _read_xml(parent)
        locale = locale or head.get("default-locale")
    from_citation = head.find("cs:bibliography", ns) is None
    if from_citation:
        citation = head.find("cs:citation", ns)
        if citation is None:
            from ..errors import UsageError

            raise UsageError(f"CSL style {path} has no bibliography or citation section")
        bibliography = copy.deepcopy(citation)
        bibliography.tag = f"{{{CSL_NS}}}bibliography"
        for sort in bibliography.findall("cs:sort", ns):
            bibliography.remove(sort)
        head.append(bibliography)
    root = etree.fromstring(etree.tostring(head), _parser())
    return StyleSource(root, title, parent, locale, from_citation)


class CslStyle:
    """A parsed CSL style (with our fixes) that renders bibliographies as rich text."""

    def __init__(self, path: str, locale: str | None = None):
        source = style_source(path)
        self.path = path
        self.title = source.title
        self.parent = source.parent
        #: True when the style has no cs:bibliography and its citation layout stands in (note styles).
        self.from_citation = source.from_citation
        self.root = source.root
        locale = locale or source.locale
        self.locale = locale or self.root.get("default-locale") or "en-US"
        _set_locales(self.root, self.locale)
        self.root.formatter = NEUTRAL_FORMATTER
        _add_implicit_names(self.root)
        # Element proxies carry the Memo caches; holding them keeps lxml from dropping them.
        self._elements = [e for tree in (self.root, *self.root.locales) for e in tree.iter()]
        self._quotes = self._quote_terms()
        self._piq = (self.root.locales[0].get_locale_option("punctuation-in-quote") or "false").lower() == "true"
        self._compiled: Any = _NOT_YET

    def _quote_terms(self) -> tuple[str, str, str, str]:
        def term(name: str, default: str) -> str:
            found = self.root.get_single_term(name)
            return str(found) if found else default

        return (term("open-quote", "\u201c"), term("close-quote", "\u201d"),
                term("open-inner-quote", "\u2018"), term("close-inner-quote", "\u2019"))

    def bibliography(self, items: list[dict[str, Any]], engine: str | None = None) -> list[tuple[int, str]]:
        """(index into ``items``, rich-text entry) in the style's bibliography order.

        ``engine`` is ``compiled`` (the style compiled into closures, when it compiles) or
        ``citeproc`` (citeproc-py's tree walk); None reads ``CITEKIT_CSL_ENGINE``, default
        ``compiled``. Both give the same text.
        """
        compiled = self.compiled() if _engine(engine) == "compiled" else None
        raw = _citeproc_bibliography(self.root, items, sort=True, compiled=compiled)
        return [(index, self.finish(text)) for index, text in raw]

    def compiled(self):
        """The bibliography compiled into closures (once per style), or None when the style needs the interpreter."""
        if self._compiled is _NOT_YET:
            from .compile import compile_bibliography

            self._compiled = compile_bibliography(self)
        return self._compiled

    def finish(self, text: str) -> str:
        """Apply the rules citeproc-py leaves out: quotes, punctuation in quotes, collapsing."""
        return _finish(text, self._quotes, self._piq)


def _csl_items(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Items citeproc-py accepts: positional ids (its ids are case-folded), no ``custom``."""
    out = []
    readers = _value_readers()
    for index, item in enumerate(items):
        clean_item = {k: readers.get(k, _rich_value)(v) for k, v in item.items() if k not in ("custom", "id") and v != ""}
        if isinstance(item.get("note"), str) and ":" in item["note"]:
            for key, value in note_variables(item["note"]).items():
                if key not in item:
                    clean_item[key] = _date_value(value) if key in DATE_VARIABLES else _names_value(value) \
                        if key in _name_variables() else _rich_value(value)
        ranged = _RANGED_NUMBERS - {"number"} if item.get("type") in _IDENTIFIER_NUMBERS else _RANGED_NUMBERS
        for key in ranged.intersection(clean_item):
            value = clean_item[key]
            if isinstance(value, str) and _NUMBER_RANGE.match(value):
                clean_item[key] = _NUMBER_RANGE.sub("\\1\u2013\\2", value)  # "3-4" -> "3–4", as citeproc-js prints it
        # Zotero's journalAbbreviation is CSL's container-title-short (citeproc-js reads it so).
        if "journalAbbreviation" in item and "container-title-short" not in item:
            clean_item["container-title-short"] = _rich_value(item["journalAbbreviation"])
        clean_item["id"] = f"item{index}"
        clean_item.setdefault("type", "")  # citeproc-py needs one; no type test holds for an untyped item
        out.append(clean_item)
    return out


@lru_cache(maxsize=1)
def _value_readers() -> dict[str, Any]:
    """Variable -> the function that reads its value: dates, plain codes, names; every other variable is rich text."""
    readers: dict[str, Any] = dict.fromkeys(_name_variables(), _names_value)
    readers.update(dict.fromkeys(PLAIN_VARIABLES, _clean_value))
    readers.update(dict.fromkeys(DATE_VARIABLES, _date_value))  # dates are plain variables too, read as dates
    return readers


#: Variables whose values are identifiers or codes, never rich text: no markup, quotes left alone.
PLAIN_VARIABLES = frozenset({"DOI", "URL", "ISBN", "ISSN", "PMID", "PMCID", "type", "language", "citation-key",
                             "citation-label", "accessed", "issued", "submitted", "event-date", "original-date",
                             "available-date"})


#: Number variables whose numeric ranges print with an en dash (page has page-range-format instead).
_RANGED_NUMBERS = frozenset({"issue", "volume", "number", "chapter-number", "collection-number", "part-number",
                             "supplement", "number-of-volumes", "edition"})
_NUMBER_RANGE = re.compile(r"^(\d+)\s*-\s*(\d+)$")
#: Types whose ``number`` is an identifier (report 1139-2008, a standard, a patent), never a range.
_IDENTIFIER_NUMBERS = frozenset({"report", "standard", "patent", "legislation", "bill", "regulation", "legal_case",
                                 "treaty", "dataset", "software"})
# One line at a time, possessive white space, the value's end stripped in Python: the old
# "^\s*...(.+?)\s*$" with re.M was quadratic in blank lines and in spaces inside a value.
_NOTE_LINE = re.compile(r"[^\S\n]*+([A-Za-z][A-Za-z-]*+)[^\S\n]*+:[^\S\n]*+(\S.*)")
_ISO_DATE = re.compile(r"^(-?\d{1,4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")


def note_variables(note: str) -> dict[str, Any]:
    """CSL variables written into the note field as ``name: value`` lines (Zotero's way; citeproc-js reads them).

    Dates are ISO (``2004-10-01``, a range as ``2004-10-01/2004-10-14``); names are
    ``Family || Given`` or a literal. The note itself is left as it is.
    """
    from ..csl import VARIABLES

    out: dict[str, Any] = {}
    for key, value in ((m.group(1), m.group(2).rstrip()) for m in map(_NOTE_LINE.match, note.split("\n")) if m):
        kind = VARIABLES.get(key)
        if kind is None or key in ("note", "id", "type"):
            continue
        if kind == "date":
            ends = [_ISO_DATE.match(part.strip()) for part in value.split("/")]
            if all(ends) and len(ends) <= 2:
                out[key] = {"date-parts": [[int(p) for p in m.groups() if p] for m in ends]}
            else:
                out[key] = {"literal": value}
        elif kind == "name":
            family, _, given = value.partition("||")
            name = {"family": family.strip(), "given": given.strip()} if given else {"literal": value}
            out.setdefault(key, []).append(name)
        else:
            out[key] = value
    return out


from ..csl import DATE_VARIABLES, NAME_VARIABLES  # noqa: E402 (the one table of CSL-JSON variables)


def _date_value(value: Any) -> Any:
    """A CSL date citeproc-py can render: numeric parts as numbers; an impossible month (and its day) left out.

    Months 13-16 and 21-24 are seasons as Zotero and Better BibTeX write them; citeproc-py
    cannot print a season, so those dates show their year only (a known gap).
    """
    if isinstance(value, (str, int)):
        return {"literal": clean(str(value))}
    if not isinstance(value, dict) or not isinstance(value.get("date-parts"), list):
        return _clean_value(value)
    # citeproc-py fails on a season where a style prints the month as a number: seasons are left out.
    out = {k: _clean_value(v) for k, v in value.items() if k not in ("date-parts", "season")}
    ranges = []
    for parts in value["date-parts"]:
        if not isinstance(parts, list):
            continue
        numbers = []
        for part in parts[:3]:
            if type(part) is int:  # what int(str(part)) gives back
                numbers.append(part)
                continue
            try:
                numbers.append(int(str(part).strip()))
            except ValueError:
                break
        if len(numbers) >= 2 and not 1 <= numbers[1] <= 12:
            numbers = numbers[:1]
        if numbers:
            ranges.append(numbers)
    if ranges:
        out["date-parts"] = ranges
    return out


def _rich_value(value: Any) -> Any:
    """A CSL-JSON value with its inline markup and straight quotes read (:func:`citekit.render.rich.rich_value`)."""
    if isinstance(value, str):
        if value.isascii() and "<" not in value and "'" not in value and '"' not in value:
            return value  # what rich_value gives text with no private-use character, markup or quote
        return rich_value(value)
    if isinstance(value, list):
        return [_name_value(v) if isinstance(v, dict) else _rich_value(v) for v in value]
    return _clean_value(value)


@lru_cache(maxsize=1)
def _name_variables() -> frozenset[str]:
    """CSL-JSON's name variables (csl.NAME_VARIABLES) and CSL 1.0.2's ``editor-translator``."""
    # editor-translator is a style's variable (editor and translator the same people), not an item's.
    return NAME_VARIABLES | {"editor-translator"}


def _parse_extra_names(source, prepared: list[dict[str, Any]]) -> None:
    """Name variables citeproc-py does not know (CSL 1.0.2's ``director``, ``chair``, ...) read as names, not text."""
    from citeproc import DATES, NAMES

    for item in prepared:
        for key, value in item.items():
            python_key = key.replace("-", "_")
            if key in _name_variables() and python_key not in NAMES and isinstance(value, list):
                dict.__setitem__(source[item["id"]], python_key, source.parse_names(value))
            elif key in DATE_VARIABLES and python_key not in DATES and isinstance(value, dict):
                dict.__setitem__(source[item["id"]], python_key, source.parse_date(value))


def _names_value(value: Any) -> list:
    """A CSL name list; a bare string (or a string in the list) stands for one literal name."""
    if not isinstance(value, list):
        value = [value]
    return [_name_value(v) if isinstance(v, dict) else {"literal": clean(str(v))} for v in value if v]


def _name_value(name: dict) -> dict:
    """A CSL name, read once per distinct name in a run (:func:`_read_name_value`); a fresh dict each time."""
    try:
        # The parts, then their types: 1 and True are different parts.
        key = (*name.items(), *map(type, name.values()))
        found = _NAMES_READ.get(key)
    except TypeError:  # a part that is not text (a list, a dict): read it each time
        return _read_name_value(name)
    if found is None:
        if len(_NAMES_READ) > 50_000:
            _NAMES_READ.clear()
        found = _NAMES_READ[key] = _read_name_value(name)
    return dict(found)


#: Names already read by :func:`_name_value` (the same authors recur across a library).
_NAMES_READ: dict[tuple, dict] = {}


def _read_name_value(name: dict) -> dict:
    """A CSL name: apostrophes curled; particles written into the name parts split off, as citeproc-js does.

    A lowercase lead of the family name (``van``, ``de la``, ``al-``) is its non-dropping
    particle and a lowercase tail of the given name (``Gustav von``) its dropping particle,
    unless the name states its particles or ``parse-names`` is false; a family name in
    double quotes is kept whole, as written, and loses the quotes.
    """
    out = {}
    quoted = False
    for key, value in name.items():
        if isinstance(value, str):
            value = clean(value)
            if key == "family" and len(value) > 2 and value[0] == value[-1] == '"':
                value, quoted = value[1:-1], True
            value = rich_value(value, quotes=False).replace("'", "\u2019")
        out[key] = value
    parse = not quoted and str(name.get("parse-names", "true")).lower() != "false"
    if parse and isinstance(out.get("family"), str) and "non-dropping-particle" not in out and "literal" not in out:
        split = family_particle(out["family"])
        if split and split[1]:
            particle = split[0].rstrip()
            # "al-One", "d’Wander": the particle joins the name without a space.
            glued = particle == split[0] and particle[-1] in "-\u2019"
            out["non-dropping-particle"] = particle + GLUE if glued else particle
            out["family"] = split[1]
    if parse and isinstance(out.get("given"), str) and "dropping-particle" not in out:
        split = given_particle(out["given"])
        if split and split[0]:
            out["given"], out["dropping-particle"] = split
    out.pop("parse-names", None)
    return out


_LOWER = frozenset("abcdefghijklmnopqrstuvwxyz")
_PARTICLE_BODY = _LOWER | {"\u2019"}


def family_particle(family: str) -> tuple[str, str] | None:
    """A family name's lowercase lead (``van der``, ``al-``, ``d’``) and the rest, or None.

    What ``^((?:[a-z’][a-z’]*(?: |-|’)|[a-z]+[-’])+)(\\S.*)$`` matches, found in one pass
    (that pattern backtracks exponentially on runs of ``’``): the lead is the longest
    prefix of lowercase words each ended by a space, hyphen or apostrophe after which a
    non-space follows; the rest holds no line break but a final one, which it leaves out.
    """
    newline = family.find("\n")
    if newline != -1 and newline != len(family) - 1:
        return None
    best = 0
    prev = ""  # the character before i
    for i, ch in enumerate(family):
        if ch in " -":
            if prev not in _PARTICLE_BODY:
                break  # a separator must follow a word
        elif ch not in _PARTICLE_BODY:
            break
        if ch in " -\u2019" and prev in _PARTICLE_BODY and i + 1 < len(family) and not family[i + 1].isspace():
            best = i + 1
        prev = ch
    if not best:
        return None
    rest = family[best:]
    return family[:best], rest[:-1] if rest.endswith("\n") else rest


def given_particle(given: str) -> tuple[str, str] | None:
    """A given name's lowercase tail (``Gustav von``) and what comes before it, or None.

    What ``^(.*?\\S)\\s+((?:[a-z]+\\s*)+)$`` matches, found in one pass from the end (the
    nested quantifier backtracks exponentially on ``X aaaa…!``): the longest tail of ASCII
    lowercase words and white space that starts with a letter after white space, with a
    line of text before that white space.
    """
    j = len(given)
    while j and (given[j - 1] in _LOWER or given[j - 1].isspace()):
        j -= 1
    for k in range(j, len(given)):
        if given[k] in _LOWER and k and given[k - 1].isspace():
            start = k - 1
            while start and given[start - 1].isspace():
                start -= 1
            if start == 0:
                continue  # nothing but white space before it
            if "\n" in given[:start]:
                return None
            return given[:start], given[k:]
    return None


def _clean_value(value: Any) -> Any:
    """``value`` (text, or lists and dicts of it) without private-use characters (:func:`citekit.render.rich.clean`)."""
    if isinstance(value, str):
        return value if value.isascii() else clean(value)  # ASCII holds no private-use character
    if isinstance(value, list):
        return [_clean_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _clean_value(v) for k, v in value.items()}
    return value


def _fast_item_class():
    from citeproc import CitationItem

    class FastItem(CitationItem):
        """A citation item whose reference and number are stored, not looked up each time (hot path)."""

        @property
        def reference(self):
            return dict.__getitem__(self, "_reference")

        @property
        def number(self):
            try:
                return dict.__getitem__(self, "_number")
            except KeyError:  # while sorting, before numbers are given
                return self.bibliography.keys.index(self.key) + 1

    return FastItem


def _FastItem(key: str):
    """The citation item of ``key``, as ``CitationItem(key)`` leaves it (its one item: the key, lowercased)."""
    cls = _fast_item_class_cached()
    item = cls.__new__(cls)  # CitationItem.__init__ only stores the key and checks an empty keyword set
    dict.__setitem__(item, "key", key.lower())
    return item


@lru_cache(maxsize=1)
def _fast_item_class_cached():
    return _fast_item_class()


def _citeproc_bibliography(root, items: list[dict[str, Any]], *, sort: bool, compiled=None) -> list[tuple[int, str]]:
    from citeproc import Citation

    from .references import citeproc_source

    prepared = _csl_items(items)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        source = citeproc_source(prepared)
    # What citeproc-py's CitationStylesBibliography would hold, without its O(n) lookups per register.
    bib = SimpleNamespace(source=source, keys=[item["id"] for item in prepared], formatter=NEUTRAL_FORMATTER)
    cites = []
    for item in prepared:
        cite = _FastItem(item["id"])
        Citation([cite]).bibliography = bib
        dict.__setitem__(cite, "_reference", source[cite.key])
        cites.append(cite)
    # An entry that renders the same wherever it sorts starts rendering on a second core now,
    # while this process sorts (see citekit.render.parallel).
    early = _early_render(compiled, cites)
    try:
        unsorted = cites
        if sort:
            cites = _sorted(root, cites, compiled)
        _add_year_suffixes(root, cites, prepared)
        for number, cite in enumerate(cites, 1):
            dict.__setitem__(cite, "_number", number)
        bib.keys = [cite.key for cite in cites]
        if early is not None:
            again = {index for index, cite in enumerate(unsorted) if _decided_by_order(cite)}
            texts = early.finish(compiled.render_one, unsorted, again)
            by_cite = {id(cite): text for cite, text in zip(unsorted, texts)}
            rendered = [by_cite[id(cite)] for cite in cites]
            first_names = None
        elif compiled is not None:
            rendered = compiled.render(cites)
            first_names = compiled.rendered_first_names
        else:
            rendered = root.bibliography.render(cites)
            first_names = root.bibliography.layout.__dict__.get("rendered_first_names")
    finally:
        if early is not None:
            early.close()
    texts = [str(text) for text in rendered]
    if not _calls_year_suffix(root):
        texts = [_implicit_year_suffix(text, cite) for text, cite in zip(texts, cites)]
    texts = _substitute_subsequent_authors(root, texts, first_names)
    if not all(text.strip() for text in texts) and _numbered(root):
        # A numbered list keeps the entry's number (as citeproc-js does); elsewhere it is left out, with a warning.
        texts = [text if text.strip() else f"{number}. {NO_PRINTED_FORM}" for number, text in enumerate(texts, 1)]
    return [(int(cite.key[4:]), text) for cite, text in zip(cites, texts)]


def _early_render(compiled, cites: list):
    """A :class:`~citekit.render.parallel.SharedRender` already rendering ``cites`` in their input order, or None.

    Only for a compiled style whose entries do not depend on their place in the list
    (:meth:`~citekit.render.compile.CompiledBibliography.order_free`), a list long enough
    to pay for a fork, and a machine with a core to spare.
    """
    if compiled is None:
        return None
    from .parallel import PARALLEL_FROM, SharedRender, second_core

    if len(cites) < PARALLEL_FROM or not compiled.order_free() or not second_core():
        return None
    compiled.prepare(cites)  # before the fork, so that both processes have it
    return SharedRender.start(compiled.render_one, cites)


def _decided_by_order(cite) -> bool:
    """True when sorting gave ``cite`` something its rendering shows: a year suffix, or ambiguity."""
    reference = dict.__getitem__(cite, "_reference")
    return "year_suffix" in reference or ambiguous(cite)


#: What an entry the style prints nothing of shows (citeproc-js's words), so that no entry vanishes from a list.
NO_PRINTED_FORM = "[CSL STYLE ERROR: reference with no printed form.]"


def _numbered(root) -> bool:
    """True when the bibliography prints ``citation-number``."""
    return bool(root.bibliography.xpath(".//cs:text[@variable='citation-number']", namespaces={"cs": CSL_NS}))


def _calls_year_suffix(root) -> bool:
    """True when the bibliography (or a macro) prints ``year-suffix`` itself."""
    return bool(root.xpath(".//cs:text[@variable='year-suffix']", namespaces={"cs": CSL_NS}))


def _implicit_year_suffix(text: str, cite) -> str:
    """CSL's implicit year suffix: a style that never prints ``year-suffix`` gets it after the first rendered year."""
    reference = dict.__getitem__(cite, "_reference")
    suffix = reference.get("year_suffix") if hasattr(reference, "get") else None
    if not suffix:
        return text
    issued = reference.get("issued")
    year = str(getattr(issued, "year", "") or "") if issued is not None else ""
    if not year:
        return text
    return re.sub(rf"(?<!\d){re.escape(year)}(?!\d)", lambda m: m.group() + str(suffix), text, count=1)


def mark_first_names(text, key):
    """An entry's first cs:names output between :data:`NAMES_OPEN`/:data:`NAMES_CLOSE`, and the key it compares by.

    The key is (the first name list as rendered without its label, how many names it
    holds), set while the names rendered, or the whole output when a substitute (a
    title) stood in.
    """
    if NAMES_OPEN in str(text):
        return text, key  # a cs:names inside the substitute marked itself
    return NAMES_OPEN + text + NAMES_CLOSE, (key if key is not None else (str(text), 1))


_FIRST_NAMES = re.compile(f"{NAMES_OPEN}(.*?){NAMES_CLOSE}", re.S)


def _substitute_subsequent_authors(root, texts: list[str], first_names: list | None) -> list[str]:
    """``subsequent-author-substitute``: names equal to the previous entry's become the style's string (MLA ``———``).

    ``first_names`` holds each entry's comparison key (None: no names). The whole first
    cs:names output (label included) is replaced when its names equal the previous
    entry's; the ``-each`` and ``partial-`` rules replace a single name the same way (a
    list of several is replaced only under ``complete-all``).
    """
    dash = root.bibliography.get("subsequent-author-substitute")
    rule = root.bibliography.get("subsequent-author-substitute-rule", "complete-all")
    if dash is None or first_names is None:
        return texts
    out = []
    for index, text in enumerate(texts):
        key = first_names[index]
        same = index > 0 and key is not None and key == first_names[index - 1]
        match = _FIRST_NAMES.search(text)
        if same and match and (rule == "complete-all" or key[1] == 1):
            text = text[: match.start()] + dash + text[match.end() :]
        out.append(text.replace(NAMES_OPEN, "").replace(NAMES_CLOSE, ""))
    return out



#: Who a citation names when the item has no author, in the order author-date styles substitute them.
_CITED_NAMES = ("author", "editor", "translator")


@dataclass(slots=True)
class _Disambiguation:
    """A style's citation options that decide which citations a year suffix must tell apart."""

    add_names: bool
    add_given: bool
    rule: str
    et_al_min: int
    et_al_use_first: int
    #: the citation prints given names (its cs:name has the long form), initialized with this mark if not None
    shows_given: bool = False
    given_mark: str | None = None

    @classmethod
    def of(cls, citation, root) -> "_Disambiguation":
        """The options of ``citation`` (falling back to the style's)."""
        name = _first_citation_name(citation, root)

        def option(name_: str, default: str) -> str:
            found = name.get(name_) if name is not None else None
            return found or citation.get(name_) or root.get(name_) or default

        form = option("form", "") or citation.get("name-form") or root.get("name-form") or "long"
        return cls(option("disambiguate-add-names", "false") == "true",
                   option("disambiguate-add-givenname", "false") == "true",
                   option("givenname-disambiguation-rule", "by-cite"),
                   int(option("et-al-min", "0") or 0), int(option("et-al-use-first", "1") or 1),
                   name is not None and form == "long", name.get("initialize-with") if name is not None else None)

    def _given_forms(self) -> tuple[str | None, str | None]:
        """How the first name's and the other names' given names count: ``full``, ``initials`` or None (not at all)."""
        if self.shows_given:
            form = "initials" if self.given_mark is not None else "full"
            return form, form
        if not self.add_given:
            return None, None
        first = "initials" if self.rule.endswith("with-initials") else "full"
        return first, (None if self.rule.startswith("primary-name") else first)

    def identity(self, item: dict[str, Any]) -> tuple:
        """What an author-date citation of ``item`` can show once names and given names are added to tell it apart.

        CSL disambiguates citations that render alike first by adding names, then given
        names (by ``givenname-disambiguation-rule``); items this identity cannot tell
        apart get a year suffix.
        """
        role = next((r for r in _CITED_NAMES if item.get(r)), None)
        if role is None:
            who: tuple = ("title", str(item.get("title") or "").casefold())
        else:
            names = item[role]
            truncated = not self.add_names and self.et_al_min > 1 and len(names) >= self.et_al_min
            if truncated:
                names = names[: self.et_al_use_first]
            first, rest = self._given_forms()
            people = []
            for index, name in enumerate(names):
                # A literal name and a family-only name spelt alike are the same author in a citation.
                family = (name.get("non-dropping-particle"), name.get("family") or name.get("literal"))
                form = rest if index else first
                given = "" if form is None else name.get("given") or ""
                if given and form == "initials":
                    given = initialize_given(given, "")
                people.append((family, given))
            who = (role, tuple(people), truncated)
        issued = item.get("issued") or {}
        parts = issued.get("date-parts") or [[]]
        year = parts[0][0] if parts and parts[0] else issued.get("literal")
        return who, year


def _first_citation_name(citation, root):
    """The first ``cs:name`` a citation's layout uses (looking into the macros it calls), or None."""
    ns = {"cs": CSL_NS}
    seen: set[str] = set()

    def search(element, depth: int = 0):
        for node in element.iter(f"{{{CSL_NS}}}name", f"{{{CSL_NS}}}text"):
            if node.tag == f"{{{CSL_NS}}}name":
                return node
            macro = node.get("macro")
            if macro and macro not in seen and depth < 8:
                seen.add(macro)
                found = root.find(f"cs:macro[@name='{macro}']", ns)
                hit = search(found, depth + 1) if found is not None else None
                if hit is not None:
                    return hit
        return None

    layout = citation.find("cs:layout", ns)
    return search(layout) if layout is not None else None


def _add_year_suffixes(root, cites: list, items: list[dict[str, Any]]) -> None:
    """Set ``year-suffix`` (``a``, ``b``, ...) on items whose citations stay ambiguous, in bibliography order.

    Only for styles with ``disambiguate-add-year-suffix``; what makes two citations
    ambiguous is :meth:`_Disambiguation.identity` (as pandoc's citeproc decides it).
    """
    citation = root.find(f"{{{CSL_NS}}}citation")
    if citation is None:
        return
    suffixes = (citation.get("disambiguate-add-year-suffix") or "false") == "true"
    tests = root.find(".//cs:if[@disambiguate='true']", {"cs": CSL_NS}) is not None or \
        root.find(".//cs:else-if[@disambiguate='true']", {"cs": CSL_NS}) is not None
    if not suffixes and not tests:
        return
    from citeproc.string import String

    options = _Disambiguation.of(citation, root)
    groups: dict[tuple, list] = {}
    for cite in cites:
        groups.setdefault(options.identity(items[int(dict.__getitem__(cite, "key")[4:])]), []).append(cite)
    for group in groups.values():
        if len(group) < 2:
            continue
        for index, cite in enumerate(group):
            if suffixes:
                dict.__getitem__(cite, "_reference")["year_suffix"] = String(_suffix(index))
            else:
                # Names cannot tell these apart and no year suffix will: disambiguate="true" holds (CSL 1.0.2).
                dict.__setitem__(cite, "_ambiguous", True)


def _suffix(index: int) -> str:
    """``a`` ... ``z``, ``aa``, ``ab``, ... (CSL's year-suffix sequence)."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


def _sort_text(value: Any) -> Any:
    """A sort key's value as compared: accents, case, private-use markers and punctuation left out (None, int kept)."""
    if value is None or isinstance(value, int):
        return value
    text = str(value)
    if not text.isascii():  # ASCII has no accents, compatibility forms or markers to take off
        text = _COMMON_MARKS.sub("", unicodedata.normalize("NFKD", text))
        if not text.isascii():  # "Ł", "ß", other scripts; rarely a mark beyond the common block
            marks = {ch for ch in set(text) if unicodedata.combining(ch)}
            if marks:
                text = "".join(ch for ch in text if ch not in marks)
        text = _PRIVATE.sub("", text)
    # Like a collation with punctuation ignorable: "Yang, S., Cho" sorts before "Yang, S., & Gómez".
    return _NOT_ALNUM.sub(" ", text.casefold()).strip()


#: The combining marks of the Combining Diacritical Marks block (U+0300-U+036F; not the grapheme joiner, which is no mark).
_COMMON_MARKS = re.compile("[" + "".join(chr(c) for c in range(0x300, 0x370) if unicodedata.combining(chr(c))) + "]+")


def _sorted(root, cites: list, compiled=None) -> list:
    """The bibliography order: citeproc-py's sort keys, compared accent- and case-blind like citeproc-hs."""
    sort = root.bibliography.find(f"{{{CSL_NS}}}sort")
    if sort is None:
        return cites
    layout = root.bibliography.layout
    columns = []
    lazy = []
    for number, key in enumerate(sort.findall(f"{{{CSL_NS}}}key")):
        descending = key.get("sort", "ascending") == "descending"
        if number and _read_when_tied(key, compiled):
            # A later key is read only for the entries the keys before it leave tied:
            # the same comparisons see the same values, at a fraction of the renders and reads.
            values = [_UNSORTED] * len(cites)
            lazy.append((values, key))
        else:
            values = [_sort_text(v) for v in _key_values(key, cites, compiled, layout)]
        columns.append((descending, values))
    lazy_columns = {id(values): key for values, key in lazy}

    def value(values: list, index: int) -> Any:
        found = values[index]
        if found is _UNSORTED:
            key = lazy_columns[id(values)]
            found = values[index] = _sort_text(_key_values(key, [cites[index]], compiled, layout)[0])
        return found

    order = _order(len(cites), columns, value)
    layout.repressed = {}
    return [cites[i] for i in order]


def _compare(a: int, b: int, columns: list, value) -> int:
    """Entry ``a`` against entry ``b`` by the sort ``columns`` (a lazy value read through ``value``); ties by input order."""
    for descending, values in columns:
        left, right = values[a], values[b]
        if left is _UNSORTED or right is _UNSORTED:
            left, right = value(values, a), value(values, b)
        if left is None or right is None:
            if left is None and right is None:
                continue
            return 1 if left is None else -1  # empty keys go last either way
        if isinstance(left, str) and isinstance(right, str) and left.isdigit() and right.isdigit():
            left, right = int(left), int(right)
        elif type(left) is not type(right):
            left, right = str(left), str(right)
        if left != right:
            result = -1 if left < right else 1
            return -result if descending else result
    return a - b


def _order(count: int, columns: list, value) -> list[int]:
    """The entries' indices sorted by :func:`_compare`, with its every answer, so in the very same order.

    When the first column is ascending and holds only text that is not a number (or
    nothing), :func:`_compare` orders it as plain text with empty keys last: that column
    is then compared in C, and only its ties reach :func:`_compare` for the columns after it.
    """
    descending, first = columns[0] if columns else (False, [])
    if columns and not descending and all(v is None or (type(v) is str and not v.isdigit()) for v in first):
        heads = [(1, "") if v is None else (0, v) for v in first]
        rest = columns[1:]

        def tie(a: int, b: int) -> int:
            return _compare(a, b, rest, value)

        return sorted(range(count), key=lambda i: (heads[i], _Tied(i, tie)))
    return sorted(range(count), key=cmp_to_key(lambda a, b: _compare(a, b, columns, value)))


class _Tied:
    """An entry in a sort whose first key it shares with another entry: the keys after it decide."""

    __slots__ = ("index", "compare")

    def __init__(self, index: int, compare) -> None:
        self.index, self.compare = index, compare

    def __lt__(self, other: "_Tied") -> bool:
        return self.compare(self.index, other.index) < 0


#: A lazy sort column's value not rendered yet (see :func:`_sorted`).
_UNSORTED = object()


def _read_when_tied(key, compiled) -> bool:
    """True when a (later) sort ``key`` can be read entry by entry, only where the keys before it tie.

    A compiled macro key renders one entry as it renders many, and a variable key only
    reads the entry (its name, date, number or text); a macro key rendered by citeproc-py
    itself resets the layout's state, so it is read for all entries at once, as before.
    """
    return key.get("variable") is not None or (compiled is not None and compiled.has_sort_macro(key))


def _key_values(key, cites: list, compiled, layout) -> list:
    """The raw values of sort ``key`` for ``cites``: rendered by the compiled style for a macro key it has, else by citeproc-py."""
    keys = compiled.sort_keys(key, cites) if compiled is not None else None
    return key.sort_keys(cites, layout) if keys is None else keys


def plain_citeproc_bibliography(style_path: str, items: list[dict[str, Any]]) -> list[str]:
    """citeproc-py's own plain-text output, unfixed (for tests that show what we fix)."""
    from citeproc import CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON
    from citeproc import Citation, CitationItem

    prepared = _csl_items(items)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        style = CitationStylesStyle(style_path, validate=False)
        source = CiteProcJSON(prepared)
        _parse_extra_names(source, prepared)
    bib = CitationStylesBibliography(style, source, formatter.plain)
    for item in prepared:
        bib.register(Citation([CitationItem(item["id"])]))
    bib.sort()
    return [str(text) for text in bib.bibliography()]


_PRIVATE = re.compile("[\ue000-\ue0ff]")
_NOT_ALNUM = re.compile(r"[\W_]+")
_COLLAPSE = [
    (re.compile(r"([?!])([\ue010-\ue01d\u201d\u2019\"']*)\."), r"\1\2"),  # "Why?." -> "Why?"
    (re.compile(r"\.([\ue010-\ue01d\u201d\u2019]*)\.(?!\.)"), r".\1"),  # "etc.." -> "etc."
    (re.compile(r",([\ue010-\ue01d\u201d\u2019]*)\."), r".\1"),  # ",." -> "."
]


_APOSTROPHE = re.compile(r"(?<=\w)'")
_GLUE_SPACE = re.compile(f"{GLUE}[ \u00a0]?")


def _finish(text: str, quotes: tuple[str, str, str, str], piq: bool) -> str:
    """``text`` with the locale's quotes, punctuation moved into them (``piq``), doubled punctuation collapsed, curly apostrophes."""
    if QUOTE_OPEN in text:
        if piq:
            # Move a comma or period after a closing quote inside it (American usage).
            # Formatting and display markers may sit between the quote and the punctuation.
            text = _PUNCTUATION_AFTER_QUOTE.sub(r"\2\1", text)
            text = _PERIOD_AFTER_END.sub(r"\1\3", text)  # "Why?.”" -> "Why?”"; "?,”" stays
        text = _localized_quotes(text, quotes)
    # Each rewrite is tried only where the character it needs is there: a regex scan per entry is what it costs.
    if "?" in text or "!" in text:
        text = _COLLAPSE[0][0].sub(_COLLAPSE[0][1], text)
    for pattern, repl in _COLLAPSE[1:]:
        text = pattern.sub(repl, text)
    if "'" in text:
        text = _APOSTROPHE.sub("\u2019", text)
    if MARGIN in text:
        text = _tight_margins(text)
    if GLUE in text:
        text = _GLUE_SPACE.sub("", text)
    return text.strip()


_PUNCTUATION_AFTER_QUOTE = re.compile(f"({QUOTE_CLOSE}[{QUOTE_CLOSE}\ue010-\ue02f]*)([.,])")
_PERIOD_AFTER_END = re.compile(f"([.?!])(\\.)({QUOTE_CLOSE}+)")
_QUOTE_MARK = re.compile(f"[{QUOTE_OPEN}{QUOTE_CLOSE}]")


def _tight_margins(text: str) -> str:
    """Each run of left-margin markers as one marker, the whitespace around it dropped: ``re.sub(r"\\s*M+\\s*", M)``.

    Searching from the marker is much faster than that pattern's leading ``\\s*``, which is
    tried at every position; the whitespace before a run is what ``rstrip`` takes (the
    same characters as ``\\s``), never reaching back past the previous run.
    """
    pieces, last = [], 0
    for match in _MARGIN_RUN.finditer(text):
        pieces.append(text[last : match.start()].rstrip())
        pieces.append(MARGIN)
        last = match.end()
    pieces.append(text[last:])
    return "".join(pieces)


_MARGIN_RUN = re.compile(f"{MARGIN}+\\s*")


def _localized_quotes(text: str, quotes: tuple[str, str, str, str]) -> str:
    """Quote markers as the locale's outer and inner quotes, alternating with depth."""
    depth = 0

    def mark(match: re.Match) -> str:
        nonlocal depth
        if match.group() == QUOTE_OPEN:
            depth += 1
            return quotes[0] if (depth - 1) % 2 == 0 else quotes[2]
        depth -= 1
        return quotes[1] if depth % 2 == 0 else quotes[3]

    return _QUOTE_MARK.sub(mark, text)


#: Name options CSL 1.0.2 lets a style set once on ``cs:style`` for both citation and bibliography.
INHERITABLE_NAME_OPTIONS = (
    "and", "delimiter-precedes-et-al", "delimiter-precedes-last", "et-al-min", "et-al-use-first",
    "et-al-use-last", "et-al-subsequent-min", "et-al-subsequent-use-first", "initialize",
    "initialize-with", "name-as-sort-order", "sort-separator", "name-form", "name-delimiter",
    "names-delimiter",
)


def pushed_down_style(path: str) -> bytes:
    """The style with ``cs:style``-level name options copied onto citation and bibliography.

    The same style in CSL 1.0.1 spelling, for processors (pandoc 2.x's citeproc) that
    read these options only on ``cs:citation`` and ``cs:bibliography`` and only through an
    explicit ``cs:name``.
    """
    tree = etree.parse(path, etree.XMLParser(remove_comments=False, no_network=True, resolve_entities=False))
    root = tree.getroot()
    for section in ("citation", "bibliography"):
        element = root.find(f"{{{CSL_NS}}}{section}")
        if element is None:
            continue
        for option in INHERITABLE_NAME_OPTIONS:
            if option in root.attrib and option not in element.attrib:
                element.set(option, root.get(option))
    # A cs:names without cs:name (allowed since 1.0.2) renders with the inherited options.
    for names in root.iter(f"{{{CSL_NS}}}names"):
        if names.find(f"{{{CSL_NS}}}name") is None and not _in_substitute(names):
            names.insert(0, etree.Element(f"{{{CSL_NS}}}name"))
    return etree.tostring(tree, xml_declaration=True, encoding="utf-8")


def uses_implicit_names(path: str) -> bool:
    """True when a ``cs:names`` relies on CSL 1.0.2's implicit ``cs:name`` (what :func:`pushed_down_style` spells out)."""
    root = etree.parse(path, etree.XMLParser(no_network=True, resolve_entities=False)).getroot()
    return any(
        names.find(f"{{{CSL_NS}}}name") is None and not _in_substitute(names)
        for names in root.iter(f"{{{CSL_NS}}}names")
    )
