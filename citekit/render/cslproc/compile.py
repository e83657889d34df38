"""A CSL layout compiled to closures over the style tree: each element becomes ``f(ctx) -> output or None``."""

from __future__ import annotations

import re
from typing import Callable

from ... import csl as _csl

from .dates import DateValue
from .numbers import is_numeric, is_plural, long_ordinal, number_tokens, ordinal, page_range, roman
from .datefmt import compile_date
from .namefmt import compile_names
from .output import Out, formatting, is_empty, parse_markup, span
from .pandoc import LOCATOR_TYPES
from .prune import kept_per_item, per_item, reads, skipping
from .textcase import apply_case, strip_periods

__all__ = ["Ctx", "Compiler", "formatting", "NAME_VARIABLES", "DATE_VARIABLES", "NUMBER_VARIABLES"]

# The one table of CSL-JSON's name and date variables (citekit.csl); styles also name editor-translator.
NAME_VARIABLES = _csl.NAME_VARIABLES | {"editor-translator"}
DATE_VARIABLES = _csl.DATE_VARIABLES
NUMBER_VARIABLES = frozenset(
    "chapter-number citation-number collection-number edition first-reference-note-number issue locator number "
    "number-of-pages number-of-volumes page page-first part-number printing-number section supplement-number "
    "version volume".split())
_INHERITED_NAME = ("and", "delimiter-precedes-et-al", "delimiter-precedes-last", "et-al-min", "et-al-use-first",
                   "et-al-use-last", "et-al-subsequent-min", "et-al-subsequent-use-first", "initialize",
                   "initialize-with", "name-as-sort-order", "sort-separator")
_SHORT_FORMS = {"title": ("title-short", "shortTitle"), "container-title": ("container-title-short", "journalAbbreviation")}
#: Variables Ctx.value works out (from the cite, the numbering, the disambiguation, the page) rather than reads.
_WORKED_OUT = frozenset({"locator", "citation-number", "year-suffix", "first-reference-note-number", "citation-label",
                         "page-first"})

Fn = Callable[["Ctx"], object]

#: id(style) -> (style, prune.reads's memo, prune.per_item's memo).
_ANALYSES: dict = {}


class Ctx:
    """What one evaluation of a layout needs: the item, the cite, the mode and the counters groups read."""

    __slots__ = ("item", "cite", "citation", "sorting", "dis", "tried", "found", "suppressed", "names_done",
                 "suppress_author", "english", "dotted_i", "proc", "sort_names", "rendered", "substituting", "names_floor",
                 "shape", "lists", "names_seen", "looking", "asked_position", "dis_seen")

    def __init__(self, item, proc, cite=None, citation=False, dis=None, sorting=False, sort_names=None):
        self.item = item
        self.proc = proc
        self.cite = cite
        self.citation = citation
        self.dis = dis
        self.sorting = sorting
        self.sort_names = sort_names
        self.tried = 0
        self.found = 0
        self.suppressed: set = set()
        self.names_done = False
        self.suppress_author = False
        self.rendered: list = []
        self.substituting = 0
        #: The fewest names a cut list showed (disambiguation's added names up to it change nothing).
        self.names_floor = 1 << 30
        #: Name lists worked out so far, and (when a list is given) each cite's first cs:names recorded with its
        #: output (Processor._key: a cite whose only names are those is rendered again by that element alone).
        self.lists = 0
        self.names_seen = None
        #: Rendering a cite to compare it with others (disambiguation), not to print it.
        self.looking = False
        #: Whether anything rendered read the cite's position (else its subsequent form is this one).
        self.asked_position = False
        self.dis_seen = 0  # disambiguate tests met so far (see _disambiguating)
        self.shape, self.english, self.dotted_i = proc.item_facts(item)

    def mark(self, var: str) -> None:
        """Note that ``var`` was printed; inside cs:substitute it is suppressed for the rest of the entry."""
        self.rendered.append(var)
        if self.substituting:
            self.suppressed.add(var)

    def value(self, var: str, form: str = "long"):
        """The item's value of ``var`` (the short form when asked and present); None when absent or suppressed."""
        if var in self.suppressed:
            return None
        if var not in _WORKED_OUT and (form != "short" or var not in _SHORT_FORMS):
            # A stored variable (nearly every lookup): one dictionary read.
            v = self.item.get(var)
            return v if v not in (None, "", []) else None
        if var == "locator":
            loc = (self.cite or {}).get("locator")
            return str(loc).strip() or None if loc not in (None, "") else None
        if var == "citation-number":
            return self.proc.citation_number(self.item)
        if var == "year-suffix":
            # Sorting comes before year-suffixes are given (their order follows the sort), so
            # a sort key never holds one (citeproc-js and pandoc agree).
            if self.sorting:
                return None
            return self.dis.year_suffix if self.dis is not None and self.dis.year_suffix else None
        if var == "first-reference-note-number":
            return (self.cite or {}).get("first-reference-note-number") or None
        if var == "citation-label":
            return self.item.get("citation-label") or self.proc.citation_label(self.item)
        if form == "short" and var in _SHORT_FORMS:
            for alt in _SHORT_FORMS[var]:
                v = self.item.get(alt)
                if v not in (None, ""):
                    return v
        if var == "page-first":
            v = self.item.get("page-first")
            if v in (None, ""):
                page = self.item.get("page")
                if page:
                    v = re.split(r"\s*[-–,&]", str(page), 1)[0]
            return v or None
        v = self.item.get(var)
        return v if v not in (None, "", []) else None


def _concat(fns: list[Fn], delimiter: str = "") -> Fn:
    if len(fns) == 1 and not delimiter:
        return fns[0]

    def run(ctx):
        out = []
        for f in fns:
            x = f(ctx)
            if x is None:
                continue
            if x.__class__ is not Out:
                if not x:
                    continue
            elif x._empty if x._empty is not None else is_empty(x):
                continue
            elif x.tag == "splice":
                # The chosen branch of a cs:choose directly in a group is spliced in: the group's
                # delimiter goes between its elements (as pandoc's citeproc and the styles expect).
                for y in x.kids:
                    if y is None or is_empty(y):
                        continue
                    if delimiter and out:
                        out.append(delimiter)
                    out.append(y)
                continue
            if delimiter and out:
                out.append(delimiter)
            out.append(x)
        return span(out) if out else None
    return run


class Compiler:
    """Compiles one section (citation or bibliography) of a style; macros are compiled once per section."""

    def __init__(self, style, section, citation: bool, skip_by_shape: bool = True):
        self.style = style
        self.skip_by_shape = skip_by_shape
        # What prune.reads and prune.per_item found, by element: the same for every processor of the style.
        found = _ANALYSES.get(id(style))
        if found is None or found[0] is not style:
            if len(_ANALYSES) >= 64:
                _ANALYSES.clear()  # a bound for a process that parses style after style
            found = _ANALYSES[id(style)] = (style, {}, {})  # the style is held: its id is not reused
        self._reads, self._per_item = found[1], found[2]
        self.name_numbers: tuple = ({}, {})  # namefmt's numbering of names by identity and by content
        #: The closures' memos of what they rendered for items (emptied by Processor.close).
        self.memos: list = list(self.name_numbers)
        self.locale = style.locale
        self.citation = citation
        self.inherit = {k: v for k, v in style.attrs.items()}
        if section is not None:
            self.inherit.update(section.attrs)
        self.macros: dict[str, Fn] = {}
        #: The name settings of the cs:names whose cs:substitute is being compiled (innermost last).
        self.substituting: list = []
        self.explicit_year_suffix = mentions_variable(style, "year-suffix")
        self.uses_disambiguate = mentions_attr(style, "disambiguate")
        self._building: set[str] = set()

    # -- elements ---------------------------------------------------------------------------

    def compile_children(self, node, delimiter: str = "") -> Fn:
        """The children of ``node`` compiled and joined by ``delimiter``."""
        return self.join([f for f in (self.compile(c) for c in node.children) if f is not None], delimiter)

    @staticmethod
    def join(fns: list[Fn], delimiter: str = "") -> Fn:
        """Compiled elements run in turn, their outputs joined by ``delimiter``."""
        if not fns:
            return lambda ctx: None
        return _concat(fns, delimiter)

    def compile(self, node) -> Fn | None:
        """One rendering element compiled to a closure."""
        method = getattr(self, "c_" + node.tag.replace("-", "_"), None)
        if method is None:
            return None
        return method(node)

    def decorate(self, node, fn: Fn, *, affixes: bool = True, case: bool = True) -> Fn:
        """``fn`` with the element's text-case, strip-periods, formatting, quotes, affixes and display."""
        fmt = formatting(node)
        prefix = node.get("prefix", "") if affixes else ""
        suffix = node.get("suffix", "") if affixes else ""
        quotes = node.get("quotes") == "true"
        display = node.get("display", "")
        text_case = node.get("text-case") if case else None
        strip = node.get("strip-periods") == "true"
        if not (fmt or prefix or suffix or quotes or display or text_case or strip):
            return fn
        # A term is in the style's language, not the item's: an English locale's "ed." is title-cased in a
        # German item's entry too ("(Ed.)", citeproc-js).
        term_english = (node.tag == "label" or (node.tag == "text" and "term" in node.attrs)) and \
            str(self.locale.lang or "en").lower().startswith("en")

        def run(ctx):
            x = fn(ctx)
            if x is None or is_empty(x):
                return None
            if isinstance(x, Out) and x.tag == "splice":
                x = Out(x.kids)
            if text_case:
                x = apply_case(x, text_case, ctx.english or term_english, ctx.dotted_i)
            if strip:
                x = strip_periods(x)
            return span([x], fmt, prefix, suffix, quotes, display)  # text-case alone adds no span
        return run

    def skipping(self, node, fn: Fn) -> Fn:
        """``fn`` skipped for the items whose shape it prints nothing for (see :mod:`.prune`)."""
        return skipping(fn, reads(node, self.style.macros, self._reads)) if self.skip_by_shape else fn

    def c_layout(self, node) -> Fn:
        return self.compile_children(node)

    def c_group(self, node) -> Fn:
        delimiter = node.get("delimiter", "")
        fns = [f for f in (self.compile(c) for c in node.children) if f is not None]
        if len(fns) > 1 and not delimiter and not (formatting(node) or node.get("prefix") or node.get("suffix") or node.get("quotes")
                                  or node.get("display") or node.get("text-case") or node.get("strip-periods")):
            # The common plain group (several children, no delimiter, no decoration) fused into one closure: groups
            # run dozens of times an entry.
            def plain_group(ctx):
                tried, found = ctx.tried, ctx.found
                out = []
                for f in fns:
                    x = f(ctx)
                    if x is None:
                        continue
                    if x.__class__ is Out:
                        if x.tag == "splice":
                            for y in x.kids:
                                if y is not None and not is_empty(y):
                                    out.append(y)
                        elif not is_empty(x):
                            out.append(x)
                    elif x:
                        out.append(x)
                if not out or (ctx.tried > tried and ctx.found == found):
                    return None
                ctx.found += 1  # a nested group that prints keeps its enclosing group
                return span(out)
            return self.skipping(node, plain_group)
        body = _concat(fns, delimiter) if fns else (lambda ctx: None)

        def run(ctx):
            tried, found = ctx.tried, ctx.found
            x = body(ctx)
            if x is None or (ctx.tried > tried and ctx.found == found):
                return None
            if x.__class__ is Out and x.tag == "splice":
                # A lone cs:choose in this group: its branch stays inside the group, so an enclosing
                # group's delimiter does not come between its elements ("n.d.-a", not "n.d. -a").
                x = span([y for y in x.kids if y is not None and not is_empty(y)])
            if not is_empty(x):
                ctx.found += 1  # a nested group that prints keeps its enclosing group
            return x
        return self.skipping(node, self.decorate(node, run))

    def c_choose(self, node, first_only: bool = False) -> Fn:
        """cs:choose; with ``first_only`` (inside cs:substitute) the chosen branch gives its first element that prints."""
        branches = []
        for branch in node.children:
            test = self.condition(branch) if branch.tag != "else" else (lambda ctx: True)
            fns = [f for f in (self.compile(c) for c in branch.children) if f is not None]
            branches.append((test, fns))

        def branch(ctx, fns):
            kids = []
            for f in fns:
                x = f(ctx)
                if x is None:
                    continue
                if x.__class__ is not Out:
                    if not x:
                        continue
                    kids.append(x)
                elif x._empty if x._empty is not None else is_empty(x):
                    continue
                elif x.tag == "splice":
                    kids.extend(x.kids)
                else:
                    kids.append(x)
                if first_only:
                    break
            return Out(kids, tag="splice") if kids else None

        def run(ctx):
            for test, fns in branches:
                if test(ctx):
                    return branch(ctx, fns)
            return None

        if self.skip_by_shape and all(_shape_decides(b) for b in node.children):
            # Every test reads only the type and which stored variables are there: the branch taken is the
            # same for every item of a shape, found once (long type chains are tested for every entry).
            chosen: dict = {}  # shape -> the branch's elements, or None for none

            def run(ctx):  # noqa: F811
                shape = ctx.shape
                if shape in chosen:
                    fns = chosen[shape]
                else:
                    fns = chosen[shape] = next((fns for test, fns in branches if test(ctx)), None)
                return branch(ctx, fns) if fns is not None else None
        return run if first_only else self.skipping(node, run)

    def macro(self, name: str) -> Fn:
        """The compiled macro ``name`` (a missing macro is an error with its name)."""
        fn = self.macros.get(name)
        if fn is not None:
            return fn
        node = self.style.macros.get(name)
        if node is None:
            from ...errors import UsageError

            raise UsageError(f"CSL style calls macro {name!r}, which it does not define")
        if name in self._building:
            return lambda ctx: self.macros[name](ctx)
        self._building.add(name)
        fn = self.compile_children(node)
        self._building.discard(name)
        self.macros[name] = fn
        return fn

    def c_text(self, node) -> Fn:
        if "variable" in node.attrs:
            var = node.get("variable")
            form = node.get("form", "long")
            fn = self._text_variable(var, form)
        elif "macro" in node.attrs:
            name = node.get("macro")
            self.macro(name)
            macros = self.macros

            def fn(ctx):
                # A macro call is suppressed like a group: it called variables and all were empty.
                tried, found = ctx.tried, ctx.found
                x = macros[name](ctx)
                if ctx.tried > tried and ctx.found == found:
                    return None
                if isinstance(x, Out) and x.tag == "splice":
                    x = span(x.kids)  # a macro's output is one element to its caller
                if x is not None and not is_empty(x):
                    ctx.found += 1
                return x
            if self.citation and self.skip_by_shape:
                ys = per_item(node, self.style.macros, self._per_item)
                if ys is not None:
                    fn = kept_per_item(fn, ys, self.memos)
            fn = self.skipping(node, fn)
        elif "term" in node.attrs:
            term = node.get("term")
            form = node.get("form", "long")
            plural = node.get("plural") == "true"
            text = self.locale.term(term, form, plural)
            fn = (lambda ctx: Out([text], tag="term")) if text else (lambda ctx: None)
        elif "value" in node.attrs:
            value = parse_markup(node.get("value"))
            fn = lambda ctx: Out(value)  # noqa: E731
        else:
            return None
        return self.decorate(node, fn)

    def _text_variable(self, var: str, form: str) -> Fn:
        locale = self.locale
        prf = self.inherit.get("page-range-format")
        range_delim = locale.term("page-range-delimiter") or "–"
        amp = locale.term("and", "symbol") or "&"

        counts = var != "year-suffix"  # decided after the group is laid out: it never empties a group

        def fn(ctx):
            if counts:
                ctx.tried += 1
            v = ctx.value(var, form)
            if v is None:
                return None
            if var == "page" and isinstance(v, str) and not v.strip(" -–—"):
                return None  # a page of dashes alone ("-", an export's empty range) prints nothing, as in citeproc-js
            ctx.found += 1
            ctx.mark(var)
            if isinstance(v, DateValue) or isinstance(v, list):
                return None
            if var == "year-suffix":
                return Out([v], tag="year-suffix")
            if var == "citation-number":
                return Out([str(v)], tag="citation-number")
            if var == "citation-label" and ctx.dis is not None and ctx.dis.year_suffix and not self.explicit_year_suffix \
                    and "year-suffix" not in ctx.rendered:
                ctx.rendered.append("year-suffix")
                return Out([str(v), Out([ctx.dis.year_suffix], tag="year-suffix")])
            s = str(v).strip()
            if var == "page" or (var == "locator" and (ctx.cite or {}).get("label", "page") == "page"):
                s = page_range(s, prf, range_delim)
            elif var == "locator" or (var in NUMBER_VARIABLES and is_numeric(s)):
                s = page_range(s, None, range_delim)
            if amp != "&" and "&" in s and (var in NUMBER_VARIABLES or var == "locator"):
                s = re.sub(r"\s*&\s*", f" {amp} ", s)  # "213 & 235" with the locale's "and" symbol (citeproc-js)
            if ctx.sorting and var in NUMBER_VARIABLES and s.isdigit():
                s = s.zfill(8)
            return Out(parse_markup(s))
        return fn

    def c_number(self, node) -> Fn:
        var = node.get("variable")
        form = node.get("form", "numeric")
        locale = self.locale
        term = locale.term_entry(var) if var else None
        gender = term.gender if term is not None else ""
        prf = self.inherit.get("page-range-format")

        def fn(ctx):
            ctx.tried += 1
            v = ctx.value(var)
            if v is None:
                return None
            ctx.found += 1
            ctx.mark(var)
            s = str(v)
            if not is_numeric(s):
                return Out(parse_markup(s))
            if ctx.sorting:
                return "".join(t.zfill(8) if t.isdigit() else t for t in re.split(r"(\d+)", s))
            out = []
            for tok in number_tokens(s):
                t = tok.strip()
                if t.isdigit() and len(t) > 18:
                    out.append(t)  # no ordinal or numeral for a number nobody writes (int() refuses 4,300+ digits)
                elif t.isdigit():
                    n = int(t)
                    out.append(ordinal(n, locale, gender) if form == "ordinal" else long_ordinal(n, locale, gender)
                               if form == "long-ordinal" else roman(n) if form == "roman" else str(n))
                elif t in ("-", "–", "--"):
                    out.append(locale.term("page-range-delimiter") or "–" if var == "page" else "–")
                elif t in (",", "&"):
                    out.append(t + " " if t == "," else " & ")
                else:
                    out.append(tok)
            text = "".join(out)
            if var == "page" and prf:
                text = page_range(text, prf)
            return Out([text])
        return self.decorate(node, fn)

    def c_label(self, node) -> Fn:
        var = node.get("variable")
        form = node.get("form", "long")
        plural_rule = node.get("plural", "contextual")
        locale = self.locale
        short_terms = _short_locator_terms(locale) if var == "locator" else frozenset()

        def fn(ctx):
            if var == "locator":
                cite = ctx.cite or {}
                v = cite.get("locator")
                if not v:
                    return None
                own = re.match(r"\s*(\S+\.)\s*\d", str(v)) if not cite.get("label") else None
                if own and own.group(1).lower() in short_terms:
                    return None  # "vol. 1, fol. 186" carries its labels: no default "p." before it (citeproc-js)
                name = cite.get("label") or "page"
            else:
                v = ctx.value(var)
                if v is None and ctx.substituting and var in ctx.suppressed:
                    # The variable printed just before inside this cs:substitute still has its label
                    # ("(2nd ed.)": APA's title and edition standing in for the author, citeproc-js).
                    v = ctx.item.get(var)
                if v is None:
                    return None
                name = var
            if var in ("number-of-pages", "number-of-volumes"):
                try:
                    plural = int(str(v).strip()) > 1
                except ValueError:
                    plural = is_plural(v)
            else:
                plural = is_plural(v)
            if plural_rule == "always":
                plural = True
            elif plural_rule == "never":
                plural = False
            text = locale.term(name, form, plural)
            if not text and var == "locator" and " " in name:
                # CSL 1.0.1 spelt the locator "sub verbo"; 1.0.2 and its locales "sub-verbo" (citeproc-js reads both).
                text = locale.term(name.replace(" ", "-"), form, plural)
            return text or None
        return self.decorate(node, fn)

    def c_date(self, node) -> Fn:
        return compile_date(self, node)

    def c_names(self, node) -> Fn:
        return compile_names(self, node)

    # -- conditions ---------------------------------------------------------------------------

    def condition(self, node) -> Callable[["Ctx"], bool]:
        """The test of a cs:if or cs:else-if branch."""
        tests: list[Callable] = []
        a = node.attrs
        for t in a.get("type", "").split():
            tests.append(lambda ctx, t=t: ctx.item.get("type") == t)
        for v in a.get("variable", "").split():
            if v in _COMPUTED:
                tests.append(lambda ctx, v=v: _has_variable(ctx, v))
            else:
                # A stored variable is there or not, suppressed by cs:substitute or not: one lookup.
                tests.append(lambda ctx, v=v: ctx.item.get(v) not in _ABSENT)
        for v in a.get("is-numeric", "").split():
            tests.append(lambda ctx, v=v: _numeric_value(ctx, v))
        for v in a.get("is-uncertain-date", "").split():
            tests.append(lambda ctx, v=v: isinstance(ctx.item.get(v), DateValue) and ctx.item.get(v).circa)
        for v in a.get("locator", "").split():
            want = v.replace("-", " ") if v == "sub-verbo" else v
            tests.append(lambda ctx, w=want: bool(ctx.cite and ctx.cite.get("locator"))
                         and (ctx.cite.get("label") or "page").replace("-", " ") == w.replace("-", " "))
        for v in a.get("position", "").split():
            tests.append(lambda ctx, v=v: _position(ctx, v))
        if "disambiguate" in a:
            want = a["disambiguate"] == "true"
            tests.append(lambda ctx: _disambiguating(ctx) == want)
        match = a.get("match", "all")
        types = a.get("type", "").split()
        if types and len(a) == (2 if "match" in a else 1) and match in ("any", "none") or len(types) == 1 and len(tests) == 1:
            # The common case, a test of the type alone, is one set lookup.
            wanted = frozenset(types)
            if match == "none":
                return lambda ctx: ctx.item.get("type") not in wanted
            return lambda ctx: ctx.item.get("type") in wanted
        if len(tests) == 1:
            only = tests[0]
            return (lambda ctx: not only(ctx)) if match == "none" else only
        tests_t = tuple(tests)

        def any_test(ctx) -> bool:
            for t in tests_t:
                if t(ctx):
                    return True
            return False

        def all_test(ctx) -> bool:
            for t in tests_t:
                if not t(ctx):
                    return False
            return True
        if match == "any":
            return any_test
        if match == "none":
            return lambda ctx: not any_test(ctx)
        return all_test


def _shape_decides(branch) -> bool:
    """True when a cs:if, cs:else-if or cs:else tests only the type and the presence of stored variables."""
    a = branch.attrs
    if any(k not in ("type", "variable", "match") for k in a):
        return False
    return not any(v in _COMPUTED for v in a.get("variable", "").split())


def mentions_variable(style, var: str) -> bool:
    """True when some cs:text of the style prints ``var``."""
    def walk(node) -> bool:
        if node.tag == "text" and node.get("variable") == var:
            return True
        return any(walk(c) for c in node.children)
    roots = [style.citation, style.bibliography, *style.macros.values()]
    return any(walk(r) for r in roots if r is not None)


def mentions_attr(style, attr: str) -> bool:
    """True when some element of the style has the attribute ``attr``."""
    def walk(node) -> bool:
        return attr in node.attrs or any(walk(c) for c in node.children)
    roots = [style.citation, style.bibliography, *style.macros.values()]
    return any(walk(r) for r in roots if r is not None)


#: Variables a condition cannot read straight from the item: the cite's, the processor's, or derived.
_COMPUTED = frozenset({"locator", "year-suffix", "citation-number", "first-reference-note-number", "citation-label",
                       "page-first"})
_ABSENT = (None, "", [])


def _has_variable(ctx, var: str) -> bool:
    if var == "locator":
        return bool(ctx.cite and ctx.cite.get("locator"))
    if var == "year-suffix":
        return bool(ctx.dis is not None and ctx.dis.year_suffix)
    if var == "citation-number":
        return ctx.proc.citation_number(ctx.item) is not None
    if var == "first-reference-note-number":
        return bool(ctx.cite and ctx.cite.get("first-reference-note-number"))
    if var in ctx.suppressed:
        # A variable cs:substitute used is not printed again, but it is still there to test (citeproc-js).
        return ctx.item.get(var) not in (None, "", [])
    return ctx.value(var) is not None


def _numeric_value(ctx, var: str) -> bool:
    v = ctx.value(var)
    if v is None:
        return False
    return is_numeric(str(v))


def _disambiguating(ctx) -> bool:
    """The ``disambiguate`` test: true in a cite for as many of its tests, in the order they are met, as
    disambiguation turned on (an element "only rendered if it disambiguates": one that the ones before it made
    needless stays off); in an entry, wherever the item's cite needed any."""
    level = ctx.dis.disambiguate if ctx.dis is not None else 0
    if not level:
        return False
    if not ctx.citation:
        return True
    ctx.dis_seen += 1
    return ctx.dis_seen <= level


def _position(ctx, want: str) -> bool:
    if not ctx.citation or ctx.cite is None:
        return False
    ctx.asked_position = True
    pos = ctx.cite.get("position", 0)
    if want == "first":
        return pos == 0
    if want == "subsequent":
        return pos >= 1
    if want == "ibid":
        return pos >= 2
    if want == "ibid-with-locator":
        return pos == 3
    if want == "near-note":
        return pos >= 1 and bool(ctx.cite.get("near-note"))
    return False



def _short_locator_terms(locale) -> frozenset:
    """The short forms of ``locale``'s locator terms ("vol.", "fol."), lowercased."""
    return frozenset(text.lower() for (name, form, _g), t in locale.terms.items()
                     if form == "short" and name.replace(" ", "-") in LOCATOR_TYPES
                     for text in (t.single, t.multiple) if text)
