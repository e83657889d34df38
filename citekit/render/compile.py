"""A CSL style's bibliography compiled into Python closures: the citeproc-py walk, without the walk.

:class:`~citekit.render.csl.CslStyle` renders by walking the style's lxml tree for every
entry, asking each element its attributes, options, terms and ancestors again each
time. Everything but the entry's data is the same for every entry, so this module reads
it once per style and builds one closure per element that does only the per-entry work.

The closures are transcriptions of citeproc-py's ``render``/``process``/``markup``
methods *with our fixes from* :mod:`citekit.render.csl` (case, quotes, left margin,
names and their initials, sort keys, substitution through ``cs:choose``, suppressed and
combined editor/translator names, the first name list that ``subsequent-author-substitute``
compares), sharing its helper functions, operating on the same string types (citeproc-py's
``String``/``MixedString``) with the same seam rules, so the output is the same text,
character for character (``tests/test_styles_compiled.py`` checks it). Dates, numbers
and rare conditions do not depend on where they are rendered from, so their closures
call the element's own citeproc-py method.

A style using something this compiler does not reproduce raises :class:`Unsupported`
while compiling, and that style keeps the interpreter (:func:`compile_bibliography`
returns None): never a different output.
"""

from __future__ import annotations

from typing import Any, Callable

from .csl import (CSL_NS, LABEL_TERMS, STOP_WORDS, ambiguous, citeproc_string, count_is_plural, has_variable, label_is_plural, mark_first_names, has_nocase, initialize_given, initializes, names_count, names_roles, repressed_roles,
                  title_case)
from .rich import MARGIN, NAMES_CLOSE, NAMES_OPEN, QUOTE_CLOSE, QUOTE_OPEN, display
from .rich import wrap as wrap_mark

__all__ = ["Unsupported", "CompiledBibliography", "compile_bibliography"]

_TAG = {name: f"{{{CSL_NS}}}{name}" for name in (
    "text", "group", "choose", "if", "else-if", "else", "names", "name", "label", "number", "date",
    "substitute", "macro", "key", "sort", "name-part", "layout",
)}


def is_others(person) -> bool:
    """True for the name BibTeX's ``and others`` stands for (pandoc's and citekit's literal ``others``)."""
    try:
        return person.get("literal") == "others"
    except AttributeError:
        return False


def _baseline(text):
    """An explicit ``vertical-align="baseline"`` (see :func:`citekit.render.csl.baseline`)."""
    return wrap_mark("baseline", str(text))


class Unsupported(Exception):
    """A construct the compiler does not reproduce exactly; the style keeps the interpreter."""


class _State:
    """What one entry's rendering shares: its reference, type, language and the repressed variables."""

    __slots__ = ("ref", "type", "language", "repressed", "first_name", "substituting", "branch_calls")

    def __init__(self, item, default_language: str):
        self.ref = ref = item.reference
        self.type = ref["type"]
        # citeproc-py's Text asks for this on every render; it is the same for a whole entry.
        language = dict.get(ref, "language", _MISSING)  # ref.language, without its VariableError when absent
        self.language = default_language if language is _MISSING else language[:2]
        self.repressed: dict[str, list] = {}
        self.first_name = None  # the entry's first rendered name list (subsequent-author-substitute)
        self.substituting = 0  # inside a cs:substitute candidate: names printed are suppressed from then on
        self.branch_calls = False  # whether the cs:choose branch last taken calls a variable (its group asks)


class _Attrs:
    """Stands in for an element when calling a citeproc-py method that only reads attributes."""

    __slots__ = ("attrib",)
    _stop_words = STOP_WORDS  # TextCased.case reads them from the element

    def __init__(self, attrib: dict[str, str]):
        self.attrib = attrib

    def get(self, name: str, default=None):
        """The attribute ``name``, or ``default``."""
        return self.attrib.get(name, default)


class CompiledBibliography:
    """One style's bibliography layout and sort keys as closures; see the module docstring."""

    def __init__(self, style):
        from citeproc import model
        from citeproc.source import VariableError
        from citeproc.string import MixedString, String, join, normalize_seam

        self._model = model
        self._VariableError = VariableError
        self._String, self._MixedString = String, MixedString
        self._text_ops = ops = _TextOps()
        self._join, self._seam, self._concat = ops.join, ops.seam, ops.concat
        self.root = style.root
        self.formatter = style.root.formatter
        bibliography = self.root.bibliography
        self.layout = bibliography.layout
        if self.layout is None:
            raise Unsupported("no layout")
        self.default_language = (self.root.get("default-locale", "en") or "en")[:2]
        self._cache: dict[tuple, Callable] = {}
        self._compiling: set[tuple] = set()
        #: The entry type being compiled for (its type tests fold to constants), or None: every type.
        self._etype: str | None = None
        self._type_tested: dict[int, bool] = {}
        #: Per entry type met: (layout children, their joined closure), compiled on first use.
        self._by_type: dict[str, tuple[list, Callable]] = {}
        self.aligned = bool(bibliography.get("second-field-align"))
        self.recording = bibliography.get("subsequent-author-substitute") is not None
        #: Each entry's first rendered name list, from the last :meth:`render` (None unless the style substitutes).
        self.rendered_first_names: list | None = None
        self._layout_children = [self._compile(child, None, "") for child in self._children(self.layout)]
        self._layout_children_fn = self._render_children(self._layout_children, "")
        self._layout_format = self._format(self.layout)
        self._layout_wrap = self._wrap(self.layout)
        self._sort_macros: dict[Any, Callable] = {}
        sort = bibliography.find(_TAG["sort"])
        if sort is not None:
            for key in sort.findall(_TAG["key"]):
                if "variable" not in key.attrib and "macro" in key.attrib:
                    options = {"name-as-sort-order": "all"}
                    for option in ("names-min", "names-use-first", "names-use-last"):
                        if option in key.attrib:
                            options[option.replace("names", "et-al")] = key.get(option)
                    self._sort_macros[key] = self._macro(key.get("macro"), options)

    # ----------------------------------------------------------------- running

    def render(self, cites: list) -> list:
        """What citeproc-py's bibliography layout (with our fixes) renders for each of ``cites``.

        A long list is rendered on two cores when the machine has a second one idle (see
        :mod:`citekit.render.parallel`); the text is the same either way.
        """
        from .parallel import PARALLEL_FROM, SharedRender, second_core

        if not self.recording and len(cites) >= PARALLEL_FROM and second_core():
            self.prepare(cites)
            shared = SharedRender.start(self.render_one, cites)
            if shared is not None:
                self.rendered_first_names = None
                return shared.finish(self.render_one, cites)
        return self._render(cites)

    def render_one(self, cite) -> Any:
        """One entry's rendering (what :meth:`render` gives for it in a list; :meth:`prepare` the list first)."""
        return self._render([cite], specialize=False)[0]

    def prepare(self, cites: list) -> None:
        """Compile, before a fork, what rendering ``cites`` one by one shares (closures for their commonest types)."""
        self._specialized(cites)

    def order_free(self) -> bool:
        """True when an entry renders the same wherever it sorts: no citation number, no author substitution.

        Such a list can start rendering before it is sorted (year suffixes and ambiguity,
        which sorting decides, are rendered again for the entries they touch).
        """
        if self.recording:
            return False
        for element in self.root.iter():
            variable = element.get("variable") if isinstance(element.tag, str) else None
            if variable and "citation-number" in variable.split() and element.tag != _TAG["key"]:
                return False
        return True

    def _render(self, cites: list, specialize: bool = True) -> list:
        out = []
        layout = self.layout
        aligned, join = self.aligned, self._join
        fmt, wrap = self._layout_format, self._layout_wrap
        generic = (self._layout_children, self._layout_children_fn)
        by_type = self._specialized(cites) if specialize else self._by_type
        VariableError = self._VariableError
        first_names: list = []
        for item in cites:
            st = _State(item, self.default_language)
            # Delegated citeproc-py code reads the repressed variables from the layout.
            layout.repressed = st.repressed
            children, children_fn = by_type.get(st.type, generic)
            if not aligned:
                text = children_fn(item, st)
            else:
                parts = []
                for fn in children:
                    try:
                        rendered = fn(item, st)
                    except VariableError:
                        continue
                    if rendered is not None:
                        parts.append(rendered)
                text = (parts[0] + MARGIN + join(parts[1:]) if len(parts) > 1 else parts[0]) if parts else None
            out.append(fmt(wrap(text)) if text is not None else "")
            first_names.append(st.first_name)
        self.rendered_first_names = first_names if self.recording else None
        return out

    def _specialized(self, cites: list) -> dict:
        """Entry type -> layout compiled for it, for each type of which ``cites`` hold enough entries to repay it."""
        from collections import Counter

        counts = Counter(dict.get(item.reference, "type") for item in cites)
        for etype, count in counts.items():
            if count >= _SPECIALIZE_FROM and isinstance(etype, str) and etype not in self._by_type:
                self._by_type[etype] = self._layout_for_type(etype)
        return self._by_type

    def _layout_for_type(self, etype: str) -> tuple[list, Callable]:
        """The layout's children compiled for entries of type ``etype``, its type tests folded.

        Only the parts of the style that test the type are compiled again; the rest is
        shared with the compilation for every type.
        """
        generic = (self._layout_children, self._layout_children_fn)
        self._etype = etype
        try:
            children = [self._compile(child, None, "") for child in self._children(self.layout)]
            compiled = (children, self._render_children(children, ""))
        except Unsupported:  # cannot happen (a subset of what compiled already); the general closures stay right
            compiled = generic
        finally:
            self._etype = None
        return compiled

    def has_sort_macro(self, key) -> bool:
        """True when the sort ``key`` is a macro key this compilation renders (:meth:`sort_keys` gives values)."""
        return key in self._sort_macros

    def sort_keys(self, key, cites: list) -> list | None:
        """The values of the macro sort ``key`` for ``cites``, or None when ``key`` is not a macro key."""
        fn = self._sort_macros.get(key)
        if fn is None:
            return None
        layout = self.layout
        out = []
        for item in cites:
            st = _State(item, self.default_language)
            layout.repressed = st.repressed
            out.append(fn(item, st))
        return out

    # ------------------------------------------------------------ compiling

    def _children(self, element) -> list:
        children = list(element.iterchildren())
        for child in children:
            if not isinstance(child.tag, str):
                raise Unsupported(f"non-element child in {element.tag}")
        return children

    def _type_key(self, element):
        """The entry type ``element``'s closure is compiled for: None when nothing inside it tests the type."""
        if self._etype is None or not self._tests_type(element):
            return None
        return self._etype

    def _tests_type(self, element) -> bool:
        """True when ``element`` or anything it contains (macros included) has a ``type`` test."""
        key = id(element)
        found = self._type_tested.get(key)
        if found is None:
            self._type_tested[key] = False  # a macro calling itself is refused while compiling
            found = self._type_tested[key] = self._find_type_test(element)
        return found

    def _find_type_test(self, element) -> bool:
        for inner in element.iter(_TAG["if"], _TAG["else-if"], _TAG["text"], _TAG["key"]):
            if inner.tag in (_TAG["if"], _TAG["else-if"]):
                if "type" in inner.attrib:
                    return True
            elif "macro" in inner.attrib and "variable" not in inner.attrib:
                macro = self.root.get_macro(inner.get("macro"))
                if macro is not None and self._tests_type(macro):
                    return True
        return False

    def _compile(self, element, sort_options: dict | None, delimiter: str) -> Callable:
        """The closure rendering ``element`` as citeproc-py's ``render`` would (``delimiter``: for cs:choose)."""
        # The same element compiled again (for another entry type) gives the same closure unless it tests the type.
        key = ("element", id(element), self._options_key(sort_options), delimiter, self._type_key(element))
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._compile_element(element, sort_options, delimiter)
        return found

    def _compile_element(self, element, sort_options: dict | None, delimiter: str) -> Callable:
        tag = element.tag
        if tag == _TAG["text"]:
            return self._text(element, sort_options)
        if tag == _TAG["group"]:
            return self._group(element, sort_options)
        if tag == _TAG["choose"]:
            return self._choose(element, sort_options, delimiter)
        if tag == _TAG["names"]:
            return self._names(element, sort_options, element)
        if tag == _TAG["label"]:
            label = self._label(element)
            return lambda item, st: label(item, None, None)
        if tag == _TAG["date"] and element.get("variable"):
            return self._date(element)
        if tag in (_TAG["number"], _TAG["date"]):
            # citeproc-py's own render; a date a substitute printed stays suppressed (CSL).
            render = element.render
            variable = element.get("variable")

            def number_or_date(item, st):
                if variable and variable in st.repressed.get(tag, ()):
                    return None
                return render(item)
            return number_or_date
        raise Unsupported(f"element {tag}")

    def _date(self, element) -> Callable:
        """citeproc-py's own render of a cs:date, once per date value: it reads nothing of the entry but that date.

        A date a substitute printed stays suppressed (CSL); a value of a shape the key
        does not describe is rendered every time.
        """
        from citeproc.source import Date, DateRange, LiteralDate

        render = element.render
        tag, variable = element.tag, element.get("variable")
        field = variable.replace("-", "_")
        get = dict.get
        rendered: dict[tuple, Any] = {}

        def date_key(value):
            kind = type(value)
            if kind is Date:
                return ("date", tuple(sorted(dict.items(value))))
            if kind is DateRange:
                begin = date_key(get(value, "begin"))
                has_end = "end" in value
                end = date_key(get(value, "end")) if has_end else None
                if begin is None or (has_end and end is None):
                    return None
                rest = tuple(sorted((k, v) for k, v in dict.items(value) if k not in ("begin", "end")))
                return ("range", begin, has_end, end, rest)
            if kind is LiteralDate:
                return ("literal", value.text, tuple(sorted(dict.items(value))))
            return None

        def date(item, st):
            if variable in st.repressed.get(tag, ()):
                return None
            value = get(st.ref, field)
            try:
                key = date_key(value) if value is not None else None
                found = rendered.get(key, _MISSING) if key is not None else _MISSING
            except TypeError:  # a part that is no plain value (unhashable): no key
                key, found = None, _MISSING
            if found is _MISSING:
                found = render(item)
                if key is not None:
                    if len(rendered) >= _DATES_KEPT:
                        rendered.clear()
                    rendered[key] = found
            return found
        return date

    def _format(self, element) -> Callable:
        """citeproc-py's ``Formatted.format`` for ``element``'s font and alignment attributes."""
        f = self.formatter
        steps = []
        choices = (
            ("font-style", "normal", {"italic": f.Italic, "oblique": f.Oblique}),
            ("font-variant", "normal", {"small-caps": f.SmallCaps}),
            ("font-weight", "normal", {"bold": f.Bold, "light": f.Light}),
            ("text-decoration", "none", {"underline": f.Underline}),
            ("vertical-align", "baseline", {"sup": f.Superscript, "sub": f.Subscript}),
        )
        for attribute, default, table in choices:
            value = element.get(attribute, default)
            if value == default:
                if attribute == "vertical-align" and element.get(attribute) == "baseline":
                    steps.append(_baseline)
                continue
            if value not in table:
                raise Unsupported(f"{attribute}={value}")
            steps.append(table[value])

        if not steps:
            def fmt(string):
                return str(string) if isinstance(string, (int, float)) else string
            fmt.plain = True  # no font attributes: only numbers change
            fmt.keeps_text = True
        else:
            def fmt(string):
                if isinstance(string, (int, float)):
                    string = str(string)
                for step in steps:
                    string = step(string)
                return string
            # Every step but Light wraps its text in marks: what was text stays text.
            fmt.keeps_text = f.Light not in steps
        return fmt

    def _wrap(self, element) -> Callable:
        """citeproc-py's ``Affixed.wrap``: prefix and suffix joined at their seams."""
        prefix, suffix = element.get("prefix", ""), element.get("suffix", "")
        seam, concat = self._seam, self._concat
        if not prefix and not suffix:
            def unchanged(string):
                return string  # '' + s and s + '' give s back for every string type
            unchanged.plain = True
            return unchanged

        def wrap(string):
            if type(string) is str:  # str + str is str: the same seams, without citeproc-py's types
                string = _str_seam(prefix, string)
                text = prefix + string
                return text + _str_seam(text, suffix)
            if string is not None:
                string = seam(prefix, string)
                text = concat(prefix, string)
                return concat(text, seam(text, suffix))
            return None
        return wrap

    def _delimited_join(self, element, default: str = "") -> Callable:
        """citeproc-py's ``Delimited.join`` with ``element``'s delimiter."""
        delimiter = element.get("delimiter", default)
        join, String = self._join, self._String

        def joined(strings):
            if len(strings) == 1 and strings[0] is not None:
                return strings[0]  # what join gives back for one string
            try:
                return join([s for s in strings if s is not None], delimiter)
            except Exception:  # citeproc-py swallows any failure here the same way
                return String("")
        return joined

    def _case(self, element) -> Callable | None:
        """Our ``CaseFix.case`` over citeproc-py's ``TextCased.case`` (None: no text-case)."""
        text_case = element.get("text-case")
        if text_case is None:
            return None
        if text_case not in ("lowercase", "uppercase", "capitalize-first", "capitalize-all", "title", "sentence"):
            raise Unsupported(f"text-case={text_case}")
        base = self._model.TextCased.case
        shim = _Attrs({"text-case": text_case})
        String = self._String

        def case(text, language=None):
            if text_case in ("capitalize-first", "capitalize-all"):
                words = str(text).split(" ")
                first = next((w for w in words if w), "")
                if text_case == "capitalize-first" and first != first.lower():
                    return text
                if text_case == "capitalize-all" and any(w != w.lower() for w in words):
                    return text
            if text_case == "title" and language in (None, "en") and not has_nocase(text):
                return String(title_case(str(text)))
            return base(shim, citeproc_string(text), language)
        return case

    def _strip_periods(self, element) -> bool:
        return element.get("strip-periods", "false").lower() == "true"

    def _margin(self, element) -> str | None:
        # The element's CSL display kind (left-margin, block, indent, right-inline), if any.
        return element.get("display")

    # cs:text ------------------------------------------------------------

    def _text(self, element, sort_options) -> Callable:
        fmt, wrap, case = self._format(element), self._wrap(element), self._case(element)
        strip = self._strip_periods(element)
        quotes = element.get("quotes", "false").lower() == "true"
        margin = self._margin(element)

        plain = (getattr(fmt, "plain", False) and getattr(wrap, "plain", False) and case is None
                 and not (strip or quotes or margin))

        def markup(text, language):
            if not text:
                return None
            if plain:  # nothing to apply but fmt's number to text
                return str(text) if isinstance(text, (int, float)) else text
            if strip:
                text = text.replace(".", "")
            if case is not None:
                text = case(text, language)
            text = fmt(text)
            if quotes:
                text = QUOTE_OPEN + text + QUOTE_CLOSE
            out = wrap(text)
            if margin and out is not None:
                out = display(margin, out)
            return out

        attrib = element.attrib
        if "variable" in attrib:
            return self._text_variable(element, markup)
        if "macro" in attrib:
            # Only a sort key passes its name options into a macro (our MacroSortFix).
            macro = self._macro(element.get("macro"), sort_options)
            if plain:
                if getattr(macro, "tidy", False):
                    return macro  # it gives None or text already, all plain_macro would pass on
                def plain_macro(item, st):
                    text = macro(item, st)  # what markup does when the element sets nothing
                    if not text:
                        return None
                    return str(text) if isinstance(text, (int, float)) else text
                plain_macro.never_raises = plain_macro.tidy = True
                return plain_macro

            def macro_text(item, st):
                return markup(macro(item, st), st.language)
            macro_text.never_raises = True  # a macro's children are caught; markup reads only the text
            return macro_text
        if "term" in attrib or "value" in attrib:
            if "term" in attrib:
                form = element.get("form", "long")
                form = form if form != "long" else None
                if element.get("plural", "false").lower() == "true":
                    text = element.get_plural_term(name=element.get("term"), form=form)
                else:
                    text = element.get_single_term(name=element.get("term"), form=form)
            else:
                text = self._String(element.get("value"))
            by_language: dict[str, Any] = {}

            def constant(item, st):
                language = st.language
                if language not in by_language:
                    by_language[language] = markup(text, language)
                return by_language[language]
            constant.never_raises = True
            return constant
        raise Unsupported("cs:text without variable, macro, term or value")

    def _text_variable(self, element, markup) -> Callable:
        variable = element.get("variable")
        tag = element.tag
        short = element.get("form") == "short"
        key = variable.replace("-", "_")
        short_key = (variable + "-short").replace("-", "_")
        process_page = element._process
        get = dict.get
        if not variable.startswith("page") and variable not in ("citation-number", "locator"):
            def entry_variable(item, st):
                """A variable read from the entry itself (the common case of text_variable below)."""
                repressed = st.repressed
                if tag in repressed and variable in repressed[tag]:
                    return None
                ref = st.ref
                # citeproc-py raises VariableError for an absent variable; every caller skips None the same way.
                text = get(ref, short_key if short and short_key in ref else key)
                return markup(text, st.language) if text else None  # markup gives None for no text
            return entry_variable

        def text_variable(item, st):
            repressed = st.repressed
            if tag in repressed and variable in repressed[tag]:
                return markup(None, st.language)
            ref = st.ref
            name, field = variable, key
            if short and short_key in ref:
                name, field = variable + "-short", short_key
            if name.startswith("page"):
                text = process_page(ref.page, name)
            elif name == "citation-number":
                text = item.number
            elif name == "locator":
                text = str(item.locator.identifier).replace("-", "\u2013")
            else:
                # citeproc-py raises VariableError for an absent variable; every caller skips None the same way.
                text = get(ref, field)
            return markup(text, st.language)
        return text_variable

    # cs:macro, children, cs:group, cs:choose ------------------------------

    def _options_key(self, sort_options: dict | None):
        return None if sort_options is None else tuple(sorted(sort_options.items()))

    def _macro(self, name: str, sort_options: dict | None) -> Callable:
        macro = self.root.get_macro(name)
        key = ("macro", id(macro), self._options_key(sort_options), self._type_key(macro))
        found = self._cache.get(key)
        if found is not None:
            return found
        if key in self._compiling:
            raise Unsupported(f"macro {name} calls itself")
        self._compiling.add(key)
        children = [self._compile(child, sort_options, "") for child in self._children(macro)]
        fn = self._render_children(children, "")
        self._compiling.discard(key)
        self._cache[key] = fn
        return fn

    def _render_children(self, children: list[Callable], delimiter: str) -> Callable:
        """citeproc-py's ``Parent.render_children``: the rendered children joined, None when none rendered."""
        join, VariableError = self._join, self._VariableError
        if len(children) == 1 and getattr(children[0], "never_raises", False):
            return children[0]  # one child that returns its text or None: the same as joining it alone

        def render_children(item, st):
            output = []
            for fn in children:
                try:
                    text = fn(item, st)
                except VariableError:
                    continue
                if text is not None:
                    output.append(text)
            if not output:
                return None
            return output[0] if len(output) == 1 else join(output, delimiter)
        render_children.never_raises = True
        # None or a joined text, never '' or a number, when each child gives None or such a text.
        render_children.tidy = all(getattr(fn, "tidy", False) for fn in children)
        return render_children

    def _group(self, element, sort_options) -> Callable:
        delimiter = element.get("delimiter", "")
        children = self._children(element)
        # A cs:choose counts by the branch it takes (st.branch_calls), not by every branch it has.
        compiled = [(self._compile(c, sort_options, delimiter), None if c.tag == _TAG["choose"] else bool(c.calls_variable()))
                    for c in children]
        static_called = any(calls for _, calls in compiled)
        joined = self._delimited_join(element)
        fmt, wrap, margin = self._format(element), self._wrap(element), self._margin(element)
        VariableError = self._VariableError

        plain = getattr(fmt, "plain", False) and getattr(wrap, "plain", False) and not margin

        def group(item, st):
            output = []
            called = static_called
            rendered = False
            for fn, calls in compiled:
                if calls is None:
                    st.branch_calls = False
                try:
                    text = fn(item, st)
                except VariableError:
                    if calls is None:
                        called = called or st.branch_calls
                    continue
                if calls is None:
                    calls = st.branch_calls
                    called = called or calls
                if text is not None:
                    output.append(text)
                    if calls:
                        rendered = True
            if not (output and (rendered or not called)):
                return None  # citeproc-py raises VariableError here; every caller skips None the same way
            text = output[0] if len(output) == 1 else joined(output)
            if not text:
                return None
            if plain:  # fmt and wrap would change only a number
                return str(text) if isinstance(text, (int, float)) else text
            out = wrap(fmt(text))
            if margin and out is not None:
                out = display(margin, out)
            return out
        group.never_raises = True
        group.tidy = fmt.keeps_text  # None, or its non-empty text marked up (no number)
        return group

    def _choose(self, element, sort_options, delimiter: str) -> Callable:
        branches = []
        for condition, branch in self._branches(element):
            children = [self._compile(c, sort_options, delimiter) for c in self._children(branch)]
            branches.append((condition, self._render_children(children, delimiter)))
        if not branches:
            def nothing(item, st):
                return None
            nothing.never_raises = nothing.tidy = True
            return nothing
        calls = [any(c.calls_variable() for c in self._children(branch)) for _, branch in self._branches(element)]
        if branches[0][0] is None:
            body0, calls0 = branches[0][1], calls[0]

            def only(item, st):  # the branch taken whatever the entry (its type decided it)
                try:
                    return body0(item, st)
                finally:
                    st.branch_calls = calls0  # after the body: a choose inside it has set its own
            only.never_raises = getattr(body0, "never_raises", False)
            only.tidy = getattr(body0, "tidy", False)
            return only

        def choose(item, st):
            for (condition, body), branch_calls in zip(branches, calls):
                if condition is None or condition(item, st):
                    try:
                        return body(item, st)
                    finally:
                        st.branch_calls = branch_calls  # after the body: a choose inside it has set its own
            st.branch_calls = False
            return None
        choose.never_raises = all(getattr(body, "never_raises", False) for _, body in branches)
        choose.tidy = all(getattr(body, "tidy", False) for _, body in branches)
        return choose

    def _branches(self, choose) -> list[tuple[Callable | None, Any]]:
        """The (compiled condition or None for cs:else, branch element) pairs of a cs:choose."""
        out = []
        for branch in self._children(choose):
            if branch.tag == _TAG["else"]:
                out.append((None, branch))
            elif branch.tag in (_TAG["if"], _TAG["else-if"]):
                out.append((self._condition(branch), branch))
            else:
                raise Unsupported(f"{branch.tag} in cs:choose")
        return self._fold_types(out) if self._etype is not None else out

    def _fold_types(self, branches: list) -> list:
        """``branches`` for entries of type ``self._etype``: a decided test becomes always (None) or goes, and so does all after an always."""
        known = _State.__new__(_State)
        known.type = self._etype
        out = []
        for condition, branch in branches:
            decided = getattr(condition, "decided", None)
            if decided is None and getattr(condition, "type_only", False):
                decided = bool(condition(None, known))
            if decided is not None:
                if not decided:
                    continue
                condition = None
            out.append((condition, branch))
            if condition is None:
                break
        return out

    def _condition(self, element) -> Callable:
        """citeproc-py's ``If`` tests, in its order, combined by ``match``."""
        attrib = element.attrib
        tests: list[Callable] = []
        if "type" in attrib:
            types = [t.lower() for t in element.get("type").split()]
            tests.append(lambda item, st: [t == st.type for t in types])
        if "variable" in attrib:
            names = [v.replace("-", "_") for v in element.get("variable").split()]
            tests.append(lambda item, st: [("locator" in item) if v == "locator" else (v in st.ref) for v in names])
        if "is-numeric" in attrib:
            tests.append(_numeric_test(element))
        if "is-uncertain-date" in attrib:
            tests.append(_uncertain_test(element))
        if "locator" in attrib:
            tests.append(lambda item, st: element._locator(item))
        if "position" in attrib:
            tests.append(lambda item, st: [False])  # no position is true in a bibliography
        if "disambiguate" in attrib:
            wanted = attrib["disambiguate"] == "true"
            tests.append(lambda item, st: [ambiguous(item) == wanted])
        match = element.get("match")
        combine = any if match == "any" else (lambda r: not any(r)) if match == "none" else all
        if set(attrib).isdisjoint(_TESTS - {"type"}) and "type" in attrib:
            return _type_condition(types, match)
        if self._etype is not None and "type" in attrib:
            # Compiled for one entry type: the type test's results are known now.
            known = [t == self._etype for t in types]
            decided = _decided_by(known, match) if set(attrib).isdisjoint(_TESTS - _PURE_TESTS) else None
            if decided is not None:
                return _constant_condition(decided)
            del tests[0]
            if not _settles_nothing(known, match):
                tests.insert(0, lambda item, st: known)
            elif set(attrib).isdisjoint(_TESTS - {"type", "variable"}):
                return _variable_condition(names, match)
        if set(attrib).isdisjoint(_TESTS - {"variable"}) and "variable" in attrib:
            return _variable_condition(names, match)
        if set(attrib).isdisjoint(_TESTS - {"is-numeric"}) and len(element.get("is-numeric", "").split()) == 1:
            return _numeric_condition(element, match)
        if set(attrib).isdisjoint(_TESTS - {"is-uncertain-date"}) and len(element.get("is-uncertain-date", "").split()) == 1:
            (uncertain,) = tests
            if match == "none":
                return lambda item, st: not uncertain(item, st)[0]
            return lambda item, st: bool(uncertain(item, st)[0])
        if len(tests) == 1:
            (test,) = tests
            return lambda item, st: combine(test(item, st))

        def condition(item, st):
            results: list = []
            for test in tests:
                results += test(item, st)
            return combine(results)
        return condition

    # cs:label -----------------------------------------------------------

    def _label(self, element) -> Callable:
        """citeproc-py's ``Label`` render: ``fn(item, variable, plural)``, None meaning its own."""
        own_variable = element.get("variable")
        form = element.get("form", "long")
        form = form if form != "long" else None
        plural_option = element.get("plural", "contextual")
        fmt, wrap, case = self._format(element), self._wrap(element), self._case(element)
        strip = self._strip_periods(element)
        margin = self._margin(element)
        terms: dict[tuple[str, bool], Any] = {}

        def label(item, variable, plural):
            if variable is None:
                variable = own_variable
                if variable and variable != "locator" and not has_variable(item, variable):
                    return None  # a label of its own prints only with its variable
                if variable in LABEL_TERMS:
                    plural = count_is_plural(item, variable) if plural is None else plural
                    variable = LABEL_TERMS[variable]
            if plural is None:
                plural = label_is_plural(element, item)
            if variable == "locator" and item.has_locator:
                variable = item.locator.label
            many = bool(plural_option == "contextual" and plural or plural_option == "always")
            key = (variable, many)
            if key not in terms:
                if many:
                    terms[key] = element.get_plural_term(name=variable, form=form)
                else:
                    terms[key] = element.get_single_term(name=variable, form=form)
            text = terms[key]
            if not text:
                return None
            if strip:
                text = text.replace(".", "")
            if case is not None:
                text = case(text)
            out = wrap(fmt(text))
            if margin and out is not None:
                out = display(margin, out)
            return out
        return label

    # cs:names, cs:name, cs:substitute --------------------------------------

    def _names(self, element, sort_options, names_context) -> Callable:
        key = ("names", id(element), id(names_context), self._options_key(sort_options), self._type_key(element))
        found = self._cache.get(key)
        if found is not None:
            return found
        variable = element.get("variable")
        if variable is None:
            raise Unsupported("cs:names without variable")
        roles = variable.split()
        name_element = names_context.find(_TAG["name"])
        if name_element is None:
            raise Unsupported("cs:names without cs:name")
        name = self._name(name_element, sort_options)
        label_element = names_context.find(_TAG["label"])
        # A sort key compares the names, not their role label ("Doe, John ed." sorts as "Doe, John").
        label = self._label(label_element) if label_element is not None and sort_options is None else None
        label_first = label_element is not None and label_element is names_context.getchildren()[0]
        term = element.get_term("editortranslator")
        combined = term is not None and bool(term.getchildren())
        tag = element.tag
        substitute_element = element.find(_TAG["substitute"])
        substitute = self._substitute(substitute_element, sort_options) if substitute_element is not None else None
        # Names.get_parent_delimiter: the bibliography's names-delimiter.
        joined = self._delimited_join(element, self.root.bibliography.get_option("names-delimiter"))
        fmt, wrap, margin = self._format(element), self._wrap(element), self._margin(element)
        VariableError = self._VariableError

        recording = self.recording

        # Without editor-translator among them, no role absent from the entry is printed (names_roles).
        only_own_roles = "editor-translator" not in roles

        def names(item, st):
            ref = st.ref
            repressed = st.repressed
            first = st.first_name is None
            output = []
            if only_own_roles and ref.keys().isdisjoint(roles):
                printed = ()
            else:
                printed = names_roles(roles, ref, repressed_roles(repressed.get(tag, ())), lambda: combined)
            for role, label_role in printed:
                text = name(item, st, role)
                if label_role == "editortranslator":
                    # Printed together, editor and translator are not printed again apart.
                    repressed.setdefault(tag, []).append("editor-translator")
                if st.substituting and text:
                    repressed.setdefault(tag, []).append(role)  # substituted: empty for the rest of the entry
                if st.first_name is None and isinstance(text, str):
                    st.first_name = (text, len(ref[role]))
                    if recording:  # the names alone are substituted; their label stays ("--- ed.")
                        text = NAMES_OPEN + text + NAMES_CLOSE
                plural = len(ref[role]) > 1
                if label is not None:
                    try:
                        text_label = label(item, label_role, plural)
                        if text_label is not None:
                            text = text_label + text if label_first else text + text_label
                    except AttributeError:  # citeproc-py skips the label on this
                        pass
                output.append(text)
            if output:
                total = names_count(output)
                if total is not None:
                    text = str(total) if total > 0 else None
                else:
                    text = joined(output)
            elif substitute is not None:
                text = substitute(item, st)
            else:
                return None  # citeproc-py raises VariableError here; every caller skips None the same way
            if recording and first and text:
                text, st.first_name = mark_first_names(text, st.first_name)
            out = wrap(fmt(text)) if text else None
            if margin and out is not None:
                out = display(margin, out)
            return out
        self._cache[key] = names
        return names

    def _name(self, element, sort_options) -> Callable:
        """citeproc-py's ``Name`` render with our ``NameFix``: ``fn(item, st, variable)``."""
        key = ("name", id(element), self._options_key(sort_options))
        found = self._cache.get(key)
        if found is not None:
            return found
        # Any element of the bibliography answers the ancestor lookup the same way.
        context = self.layout
        try:
            def option(name):
                return element.get_option(name, context, sort_options)

            and_ = option("and")
            delimiter = option("delimiter")
            precedes_et_al = option("delimiter-precedes-et-al")
            precedes_last = option("delimiter-precedes-last")
            et_al_min = option("et-al-min")
            et_al_use_first = option("et-al-use-first")
            option("et-al-subsequent-min")
            option("et-al-subsequent-use-first")
            et_al_use_last = option("et-al-use-last")
            initialize_with = option("initialize-with")
            name_as_sort_order = option("name-as-sort-order")
            sort_separator = option("sort-separator")
            form = option("form")
            demote_ndp = option("demote-non-dropping-particle")
            hyphen = element.get_option("initialize-with-hyphen", context)
        except Exception as exc:  # a value citeproc-py would fail on at render time
            raise Unsupported(f"name options: {exc}") from exc
        if form not in ("long", "short", "count"):
            raise Unsupported(f"name form {form}")
        if and_ == "text":
            and_term = element.get_single_term(name="and")
        elif and_ == "symbol":
            and_term = "&"
        elif and_ is None:
            and_term = None
        else:
            raise Unsupported(f"and={and_}")
        et_al = element.et_al()
        et_al_text = str(et_al or "")
        parts_elements = element.findall(_TAG["name-part"])
        initialize_flag = initializes(element, context)
        join_ = self._delimited_join
        join_main = join_(element, delimiter)
        join_comma = join_(element, ", ")
        ellipsis = "\u2026"
        fmt, wrap = self._format(element), self._wrap(element)
        sorting = sort_options is not None
        initials: dict[str, str] = {}
        formatted: dict[tuple, str] = {}

        def format_parts(given, family):
            for part in parts_elements:
                given, family = part.format_part(given, family)
            return given, family

        def one_name(parts: tuple, inverted: bool) -> str:
            given, family, dp, ndp, suffix = parts
            if given is not None and initialize_with is not None:
                if given not in initials:
                    initials[given] = initialize_given(given, initialize_with, hyphen, initialize_flag)
                given = initials[given]
            if form == "long":
                if inverted:
                    if demote_ndp in ("never", "sort-only"):
                        family = " ".join([n for n in (ndp, family) if n])
                        given = " ".join([n for n in (given, dp) if n])
                    else:
                        given = " ".join([n for n in (given, dp, ndp) if n])
                    given, family = format_parts(given, family)
                    return sort_separator.join([str(n) for n in (family, given, suffix) if n])
                family = " ".join([n for n in (dp, ndp, family) if n])
                given, family = format_parts(given, family)
                return " ".join([str(n) for n in (given, family, suffix) if n])
            family = " ".join([n for n in (ndp, family) if n])
            given, family = format_parts(given, family)
            return family

        VariableError = self._VariableError
        from citeproc.source import Name

        get, item_of = dict.get, dict.__getitem__

        def parts_of(person) -> tuple:
            """``person.parts()``, read from the dict directly for citeproc-py's own Name."""
            if type(person) is not Name:
                return person.parts()
            if "literal" in person:
                return (None, item_of(person, "literal"), None, None, None)
            return (get(person, "given"), get(person, "family"), get(person, "dropping-particle"),
                    get(person, "non-dropping-particle"), get(person, "suffix"))

        def name(item, st, variable):
            names = st.ref.get(variable, [])
            # BibTeX's "and others" (pandoc's literal "others"): the list is cut there, so it ends in et al.
            others = bool(names) and is_others(names[-1])
            if others:
                names = names[:-1]
            if form == "count":
                text = min(len(names), et_al_use_first)
            else:
                cut = len(names) > 1 and et_al_min and len(names) >= et_al_min
                if cut and et_al_use_first == 0:
                    raise VariableError  # et-al-use-first="0": nothing is printed (CSL 1.0.2)
                last = cut and et_al_use_last and et_al_use_first <= et_al_min - 2
                truncate = cut or (others and bool(names))
                if cut:
                    names = names[:et_al_use_first] + [names[-1]] if last else names[:et_al_use_first]
                output = []
                inverted_flags = []
                for i, person in enumerate(names):
                    inverted = name_as_sort_order == "all" or (name_as_sort_order == "first" and i == 0)
                    inverted_flags.append(inverted and not person.get("literal"))
                    key = (parts_of(person), inverted)
                    text = formatted.get(key)
                    if text is None:
                        text = formatted[key] = one_name(*key)
                    output.append(text)
                if truncate and et_al:
                    if last:
                        output[-1] = ellipsis + " " + output[-1]
                        text = join_main(output)
                    elif precedes_et_al == "always" or (precedes_et_al == "contextual" and len(output) >= 2):
                        output.append(et_al)
                        text = join_main(output)
                    else:
                        text = join_main(output) + " " + et_al
                elif and_ is not None and len(output) > 1:
                    text = join_comma(output[:-1])
                    if (precedes_last == "always" or (precedes_last == "contextual" and len(output) > 2)
                            or (precedes_last == "after-inverted-name" and inverted_flags[len(output) - 2])):
                        text = join_comma([text, ""])
                    else:
                        text += " "
                    text += "{} ".format(and_term) + output[-1]
                else:
                    text = join_main(output)
                if sorting and et_al_text and str(text).rstrip().endswith(et_al_text):
                    # A sort key compares the names, not the et-al term (a rendered MixedString too).
                    text = str(text).rstrip()[: -len(et_al_text)].rstrip()
            return wrap(fmt(text)) if text else None
        self._cache[key] = name
        return name

    def _substitute(self, element, sort_options) -> Callable:
        """Our ``SubstituteFix``: the first element that renders (looking into ``cs:choose``), what it printed repressed later on."""
        from .csl import _repress_rendered

        parent = element.getparent()
        layout = self.layout
        VariableError = self._VariableError

        def candidates(children) -> list:
            # ("leaf", element, closure, is_names) or ("choose", [(condition or None, candidates)]).
            out = []
            for child in children:
                if child.tag == _TAG["choose"]:
                    branches = [
                        (condition, candidates(self._children(branch)))
                        for condition, branch in self._branches(child)
                    ]
                    out.append(("choose", branches))
                elif child.tag == _TAG["names"] and child.find(_TAG["name"]) is None:
                    out.append(("leaf", child, self._names(child, sort_options, parent), True))
                else:
                    out.append(("leaf", child, self._compile(child, sort_options, ""), child.tag == _TAG["names"]))
            return out

        def first(entries, item, st):
            for entry in entries:
                if entry[0] == "choose":
                    for condition, inner in entry[1]:
                        if condition is None or condition(item, st):
                            text = first(inner, item, st)
                            if text:
                                return text
                            break
                    continue
                _, child, fn, is_names = entry
                st.substituting += 1
                try:
                    text = fn(item, st)
                except VariableError:
                    continue
                finally:
                    st.substituting -= 1
                if text:
                    repressed = st.repressed
                    tag_list = repressed.get(child.tag, [])
                    tag_list.append(child.get("variable"))
                    repressed[child.tag] = tag_list
                    if not is_names:
                        _repress_rendered(child, item, layout)
                    return text
            return None

        entries = candidates(self._children(element))
        return lambda item, st: first(entries, item, st)


def _str_seam(left: str, other: str) -> str:
    """citeproc-py's ``normalize_seam`` for two ``str`` (its result is then a ``str`` too)."""
    if left and other:
        last, first = left[-1], other[0]
        if last == first and (first == " " or first in _SEAM_PUNCTUATION):
            return other[1:]
    return other


_SEAM_PUNCTUATION = frozenset(".,;:!?")  # citeproc.string.SEAM_PUNCTUATION


class _TextOps:
    """citeproc-py's seam, ``+`` and ``join`` on its ``String``/``MixedString``, the same results with less work.

    citeproc-py's ``normalize_seam`` turns the whole accumulated text into a ``str`` to
    read its last character, at every step of every join. These read the last and first
    characters from the segments instead, and leave the rare seam that strips a character
    to citeproc-py itself; ``concat`` is ``a + b`` as the two types' operators compute it,
    step for step, with that seam.
    """

    def __init__(self):
        from citeproc.string import MixedString, String, normalize_seam

        self.String, self.MixedString, self.normalize_seam = String, MixedString, normalize_seam

    def last_char(self, text) -> str:
        """The last character of ``str(text)`` ('' when empty)."""
        if isinstance(text, str):
            return text[-1:]  # a String's characters are its str's (it does not redefine __str__)
        if isinstance(text, self.MixedString):
            for segment in reversed(text):  # str(MixedString) joins str() of its segments
                if isinstance(segment, str):
                    if segment:
                        return segment[-1]
                    continue
                found = self.last_char(segment)
                if found:
                    return found
            return ""
        return str(text)[-1:]

    def first_char(self, text) -> str:
        """The first character of ``str(text)`` ('' when empty)."""
        if isinstance(text, str):
            return text[:1]
        if isinstance(text, self.MixedString):
            for segment in text:
                if isinstance(segment, str):
                    if segment:
                        return segment[0]
                    continue
                found = self.first_char(segment)
                if found:
                    return found
            return ""
        return str(text)[:1]

    def seam(self, left, other):
        """``normalize_seam(left, other)``."""
        last = self.last_char(left)
        if not last:
            return other
        first = self.first_char(other)
        if last == first and (first == " " or first in _SEAM_PUNCTUATION):
            return self.normalize_seam(left, other)  # it strips other's first character, keeping its segments
        return other

    def mixed_add(self, left, other):
        """``MixedString.__add__``: ``left`` a MixedString."""
        if other == "":
            return left
        other = self.seam(left, other)
        if other == "" or other == []:
            return left
        if isinstance(other, list):
            return type(left)(list.__add__(left, other))
        return type(left)(list.__add__(left, self.MixedString([other])))

    def concat(self, left, other):
        """``left + other`` for str, String and MixedString operands, as their operators compute it."""
        MixedString, String = self.MixedString, self.String
        if type(left) is str:
            if type(other) is str:
                return left + other
            # Their __radd__ answers first (String is a str subclass; str + list is not defined).
            if isinstance(other, MixedString):
                return other if left == "" else self.mixed_add(type(other)([left]), other)
            if isinstance(other, String):
                return other if left == "" else self.mixed_add(MixedString([left]), other)
            return left + other
        if isinstance(left, MixedString):
            return self.mixed_add(left, other)
        if isinstance(left, String):
            return left if other == "" else self.mixed_add(MixedString([left]), other)
        return left + other

    def join(self, items: list, delimiter=""):
        """citeproc-py's ``join`` over a list."""
        if not items:
            return self.String("")
        concat, seam = self.concat, self.seam
        output = items[0]
        plain_delimiter = type(delimiter) is str
        for item in items[1:]:
            if plain_delimiter and type(output) is str and type(item) is str:
                output = output + _str_seam(output, delimiter)
                output = output + _str_seam(output, item)
            else:
                output = concat(output, seam(output, delimiter))
                output = concat(output, seam(output, item))
        return output


def compile_bibliography(style) -> CompiledBibliography | None:
    """``style``'s bibliography compiled, or None when it uses something only the interpreter renders."""
    try:
        return CompiledBibliography(style)
    except Unsupported:
        return None


#: The attributes of cs:if and cs:else-if that are tests (see ``CompiledBibliography._condition``).
_TESTS = frozenset({"type", "variable", "is-numeric", "is-uncertain-date", "locator", "position", "disambiguate"})


def _type_condition(types: list[str], match: str | None) -> Callable:
    """A ``type`` test alone, as one comparison (the hottest test: every choose of a style asks it)."""
    condition = _type_test(types, match)
    condition.type_only = True  # it reads nothing but st.type: a compilation for one type folds it
    return condition


def _type_test(types: list[str], match: str | None) -> Callable:
    wanted = tuple(dict.fromkeys(types))  # a tuple: ``in`` compares, as the walk does, and never hashes the type
    if match == "any":
        return lambda item, st: st.type in wanted
    if match == "none":
        return lambda item, st: st.type not in wanted
    if not types:
        return lambda item, st: True  # all() of no results
    if len(wanted) > 1:
        return lambda item, st: False  # one type cannot equal two
    (only,) = wanted
    return lambda item, st: only == st.type


def _numeric_test(element) -> Callable:
    """citeproc-py's ``If._is_numeric`` with the variables read once: one result a variable, true when numeric."""
    fields = [variable.replace("-", "_") for variable in element.get("is-numeric").split()]
    numeric = element.re_numeric.match
    get = dict.get

    def is_numeric(item, st):
        ref = st.ref
        return [field in ref and numeric(str(get(ref, field))) for field in fields]
    return is_numeric


_MISSING = object()

#: At most this many rendered values are kept for each cs:date (then the cache starts again).
_DATES_KEPT = 4096

#: An entry type gets closures of its own from this many entries of it in a list: the partial
#: compilation costs about what folding its type tests saves on ~140 APA entries.
_SPECIALIZE_FROM = 100


def _variable_condition(names: list[str], match: str | None) -> Callable:
    """A ``variable`` test alone: the same membership tests, stopping at the first that decides."""
    located = "locator" in names
    fields = tuple(v for v in names if v != "locator")
    if located:
        def present(item, st):
            return [("locator" in item) if v == "locator" else (v in st.ref) for v in names]
        combine = any if match == "any" else (lambda r: not any(r)) if match == "none" else all
        return lambda item, st: combine(present(item, st))
    # The same membership answers, asked of the entry's keys at once.
    if match == "any":
        return lambda item, st: not st.ref.keys().isdisjoint(fields)
    if match == "none":
        return lambda item, st: st.ref.keys().isdisjoint(fields)
    if len(fields) == 1:
        (only,) = fields
        return lambda item, st: only in st.ref
    wanted = frozenset(fields)
    return lambda item, st: st.ref.keys() >= wanted


def _uncertain_test(element) -> Callable:
    """citeproc-py's ``If._is_uncertain_date`` with the variables read once: each date's ``circa``, False without one."""
    fields = [variable.replace("-", "_") for variable in element.get("is-uncertain-date").split()]
    get = dict.get

    def is_uncertain(item, st):
        ref = st.ref
        out = []
        for field in fields:
            value = get(ref, field, _MISSING)
            try:
                out.append(False if value is _MISSING else value.get("circa", False))
            except AttributeError:
                out.append(False)
        return out
    return is_uncertain


def _numeric_condition(element, match: str | None) -> Callable:
    """An ``is-numeric`` test of one variable alone: its one result, negated for ``match="none"``."""
    (field,) = [variable.replace("-", "_") for variable in element.get("is-numeric").split()]
    numeric = element.re_numeric.match
    get = dict.get
    if match == "none":
        return lambda item, st: not (field in st.ref and numeric(str(get(st.ref, field))))
    return lambda item, st: bool(field in st.ref and numeric(str(get(st.ref, field))))


#: Tests that only read the entry (no citeproc-py call that could raise): a decided type test may skip them.
_PURE_TESTS = frozenset({"type", "variable", "is-numeric"})


def _decided_by(known: list[bool], match: str | None) -> bool | None:
    """The whole test's answer when the type results ``known`` settle it whatever the other tests give, else None."""
    if match == "any":
        return True if any(known) else None
    if match == "none":
        return False if any(known) else None
    return False if not all(known) else None


def _settles_nothing(known: list[bool], match: str | None) -> bool:
    """True when the type results ``known`` leave the answer to the other tests (all false for any/none, all true for all)."""
    if match in ("any", "none"):
        return not any(known)
    return all(known)


def _constant_condition(answer: bool) -> Callable:
    """A test whose answer the entry type decided (a compilation for one type drops or takes its branch)."""
    def condition(item, st):
        return answer
    condition.decided = answer
    return condition
