"""The CSL processor: items registered, sorted, numbered and disambiguated; citation clusters and the bibliography rendered."""

from __future__ import annotations

import functools
import pickle
import re
import unicodedata
from collections.abc import Iterator

from ...csl import CSL_TYPES
from .compile import DATE_VARIABLES, NAME_VARIABLES, NUMBER_VARIABLES, Compiler, Ctx
from .dates import DateValue, read_date
from .disambig import Config, expand_names, sort_key, unresolved
from .names import prepare_name
from .output import Out, RichTemplate, formatting, is_empty, parse_markup, plain, render
from .prune import shape_of, sort_reads
from .style import Node, Style

__all__ = ["Processor", "Cite", "prepare_item"]

_ALIASES = {"shortTitle": "title-short", "journalAbbreviation": "container-title-short"}
_NAME_VARIABLE_SET = frozenset(NAME_VARIABLES)


STRING_VARIABLES = frozenset(
    "abstract annote archive archive_collection archive_location archive-place authority call-number citation-key "
    "citation-label collection-title collection-title-short container-title container-title-short dimensions "
    "division DOI event event-title event-place genre ISBN ISSN jurisdiction keyword language license medium note "
    "original-publisher original-publisher-place original-title part-title PMCID PMID publisher publisher-place "
    "references reviewed-genre reviewed-title scale section source status title title-short translated-title URL "
    "volume-title year-suffix".split())
# Possessive white space and the value's end stripped in Python: "(.+?)\s*$" was quadratic in
# spaces inside a value.
_NOTE_LINE = re.compile(r"\s*+([A-Za-z][A-Za-z_-]*+)\s*+:\s*+(\S.*)")


def note_variables(note: str) -> tuple[dict, str]:
    """CSL variables written as ``name: value`` lines at the head of a note (Zotero's convention), and the note
    without them. As citeproc-js reads them: blank lines and one first line of other text are passed over, and the
    first other line after that ends the head, so a "PMID: 17762033" closing an abstract stays text."""
    found: dict = {}
    rest = []
    known = STRING_VARIABLES | NAME_VARIABLES | DATE_VARIABLES | NUMBER_VARIABLES
    lines = note.split("\n")
    for n, line in enumerate(lines):
        m = _NOTE_LINE.match(line)
        if m is None and line.strip() and n:
            rest.extend(lines[n:])
            break
        if m and m.group(1) == "type" and m.group(2).rstrip() in CSL_TYPES:
            # Zotero's way to give a CSL type its item types lack ("type: article" for a preprint).
            found["type"] = m.group(2).rstrip()
        elif m and m.group(1) in known and m.group(1) not in ("note",):
            name, value = m.group(1), m.group(2).rstrip()
            if name in NAME_VARIABLES:
                family, _, given = value.partition("||")
                found.setdefault(name, []).append({"family": family.strip(), "given": given.strip()} if given
                                                   else {"literal": family.strip()})
            elif name in DATE_VARIABLES:
                found[name] = {"raw": value}
            else:
                found[name] = value
        else:
            rest.append(line)
    return found, "\n".join(rest).strip()


def prepare_item(raw: dict) -> dict:
    """A CSL-JSON item with names parsed, dates read, numbers as text and note variables read."""
    item: dict = {}
    if isinstance(raw.get("note"), str) and ":" in raw["note"]:
        extra, note = note_variables(raw["note"])
        if extra:
            # A note's variable fills in what the item lacks; its type replaces the item's (as
            # citeproc-js reads Zotero's Extra field: the type is why the line is there).
            raw = {**{k: v for k, v in extra.items() if k not in raw}, **raw, "note": note}
            if "type" in extra:
                raw["type"] = extra["type"]
    for key, value in raw.items():
        key = _ALIASES.get(key, key)
        if value is None or value == "":
            continue
        if key in NAME_VARIABLES:
            if isinstance(value, list):
                item[key] = [prepare_name(n) for n in value if isinstance(n, dict)]
            continue
        if key in DATE_VARIABLES:
            d = read_date(value)
            if d is not None:
                item[key] = d
            continue
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        item[key] = value
    # CSL 1.0.2 renamed ``event`` to ``event-title`` and keeps ``event`` as its legacy variant:
    # a style of either version reads an item of either (IEEE's style still names ``event``).
    if "event-title" in item or "event" in item:
        item.setdefault("event-title", item.get("event"))
        item.setdefault("event", item["event-title"])
    item["id"] = str(raw.get("id", ""))
    item.setdefault("type", "article")
    return item


class DisState:
    """How one item is disambiguated: names shown, given names expanded, the condition's flag, its year-suffix."""

    __slots__ = ("names_min", "given", "disambiguate", "year_suffix")

    def __init__(self):
        self.names_min = 0
        self.given: dict = {}
        self.disambiguate = False
        self.year_suffix = ""

    def copy(self):
        """An independent copy."""
        d = DisState()
        d.names_min, d.given, d.disambiguate, d.year_suffix = self.names_min, dict(self.given), self.disambiguate, self.year_suffix
        return d


def _suffix_letters(n: int) -> str:
    out = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(97 + r) + out
    return out


_DROP = dict.fromkeys(map(ord, ',"“”«»‘’\'[]()'), None)
# Letters NFKD leaves whole that the collator (ICU's root order) sorts as the letters they are written from:
# "Œuvres" with "oe", "Miłosz" with "l", "Jørgensen" with "o".
_AS_LETTERS = {"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "ẞ": "SS", "ø": "o", "Ø": "O", "ł": "l",
               "Ł": "L", "đ": "d", "Đ": "D", "ħ": "h", "Ħ": "H"}


class _FoldTable(dict):
    """A character's NFKD form without combining marks or the punctuation ``_DROP`` passes over, worked out
    once per character (``str.translate`` asks for each).

    Folding text character by character is folding it whole: NFKD decomposes each character on its
    own, and canonical reordering moves only combining marks, which are dropped."""

    def __missing__(self, code: int) -> str:
        s = unicodedata.normalize("NFKD", _AS_LETTERS.get(chr(code), chr(code))).translate(_DROP)
        s = "".join(c for c in s if not unicodedata.combining(c))
        if len(self) < 50_000:  # a bound on memory for text of every script at once; real text uses a few hundred
            self[code] = s
        return s


_FOLD = _FoldTable()


def _fold(s: str) -> str:
    """A sort key for text: accents and case folded, punctuation passed over as citeproc-js's collator passes over
    it ("Lives of Lawyers: Journeys" before "Lives of Lawyers Revisited"), numbers by value ("Vol. 2" before
    "Vol. 10"), apostrophes passed over too ("O’Ceallaigh" between "Obras" and "Ochoa"); white space counts,
    sorting first (as the CSL test suite's sort fixtures want: "Dale" before "Dalebout"), each space for itself as
    citeproc-js writes each as a separator the collator keeps (a dash between spaces leaves two: "Vincent van Gogh -
    The Letters" before "Vincent van Gogh and Félix Rey"); other symbols sort before
    digits and letters ("|" before "w"). Text that differs only in what is passed over is equal ("Frantz" and "Frantz.") and leaves the
    order to the next key."""
    s = _LEADING.sub("", s)
    # citeproc-js writes a space before a colon, semicolon, "?", "!" or "»" (and after "«") as a narrow no-break
    # space, which its collator passes over: "Simone Weil : Waiting" sorts as "Simone Weil: Waiting".
    s = _BEFORE_PUNCT.sub("", s)
    # NFKD leaves ASCII as it is, and it has no combining marks; other text is folded character by
    # character (_FOLD), which is the same as folding it whole since the marks are dropped.
    folded = s.translate(_DROP if s.isascii() else _FOLD).lower()
    return _NUMBER.sub(_number_key, _SYMBOL.sub("\x02", _SPACES.sub(" ", _IGNORED.sub("", folded))))


# Punctuation the collator passes over, and runs of digits, written as their length and then
# the digits so that a longer number sorts later.
_IGNORED = re.compile("[!\"#%&()*,\\-./:;?@\\[\\\\\\]_{}\u00a1\u00a7\u00ab\u00b6\u00b7\u00bb\u00bf\u2010-\u2017"
                      "\u201a-\u2027\u2030-\u205e\u3001-\u3003\u3008-\u3011]+")
_SPACES = re.compile(r"\s")
_BEFORE_PUNCT = re.compile(" (?=[:;?!\u00bb])|(?<=\u00ab) ")
_LEADING = re.compile(r"^[\W_]+")
_SYMBOL = re.compile(r"[^\w\s]")
_NUMBER = re.compile(r"\d+")


def _number_key(m: re.Match) -> str:
    digits = m.group(0).lstrip("0") or "0"
    return f"{len(digits):02d}{digits}"


class _SortKey:
    """One cs:key: its variable or compiled macro, direction and name options, and what its value can read."""

    def __init__(self, node: Node, compiler: Compiler, fn, reads: frozenset | None = None):
        self.variable = node.get("variable")
        self.macro = node.get("macro")
        self.descending = node.get("sort") == "descending"
        self.fn = fn
        mins = node.get("names-min")
        first = node.get("names-use-first")
        last = node.get("names-use-last")
        self.names = (int(mins) if mins else None, int(first) if first else None, last == "true")
        #: The item's variables a bibliography's value of the key can read (prune.sort_reads); None: not known.
        self.reads = reads
        self.asked = self.shared = 0  # values looked up among items alike in what the key reads, and found


#: A sort key shared by items alike is worked out once; a key whose values are seldom shared (the
#: first key of most lists, the author) stops looking after this many items with few found.
_SHARE_TRIAL = 32


class _LazyRow:
    """An item's sort key values, each worked out when a comparison first reaches it.

    Most items differ in their first key (the author), so the later keys of a long list
    (dates, titles, volumes) are rendered only for the items that tie.
    """

    __slots__ = ("proc", "item", "keys", "citation", "values")

    def __init__(self, proc, item: dict, keys: list, citation: bool):
        self.proc, self.item, self.keys, self.citation = proc, item, keys, citation
        self.values: list = []

    def __iter__(self):
        values = self.values
        for n, key in enumerate(self.keys):
            if n == len(values):
                values.append(self.proc._key_value(key, self.item, self.citation))
            yield values[n]

    def __getitem__(self, n: int):
        values = self.values
        while len(values) <= n:
            values.append(self.proc._key_value(self.keys[len(values)], self.item, self.citation))
        return values[n]


_UNSET = object()


def _rough_key(item: dict) -> tuple:
    """What two items alike must share (cheap to compare: distinct items seldom share it)."""
    return (len(item), item.get("type"), str(item.get("title", "")))


def _reads_any(style: Style, names: set) -> bool:
    """True when some element of the style prints, tests or sorts by one of the variables ``names``."""
    def walk(node) -> bool:
        if names.intersection(node.attrs.get("variable", "").split()):
            return True
        return any(walk(c) for c in node.children)
    roots = [style.citation, style.bibliography, *style.macros.values()]
    return any(walk(r) for r in roots if r is not None)


def _macro_reads(style: Style, name: str, var: str, seen: set, tags: tuple = ()) -> bool:
    """True when macro ``name`` (or a macro it calls) renders or tests variable ``var`` (only in elements ``tags``, if given)."""
    if name in seen or name not in style.macros:
        return False
    seen.add(name)

    def walk(node) -> bool:
        if var in node.attrs.get("variable", "").split() and (not tags or node.tag in tags):
            return True
        if node.get("macro") and _macro_reads(style, node.get("macro"), var, seen, tags):
            return True
        return any(walk(c) for c in node.children)
    return walk(style.macros[name])


class Processor:
    """Renders citations and a bibliography of ``items`` in ``style``; output by ``backend`` (html, text, markdown, latex)."""

    #: Elements that print nothing for an item's shape are skipped after the first such item (:mod:`.prune`);
    #: off only to check that the output is the same.
    skip_by_shape = True
    #: Disambiguation's cites of an item re-render only its names in a kept tree (:meth:`_key`); off only to
    #: check that the output is the same.
    cite_templates = True
    #: A bibliography's sort key is worked out once for items alike in all it reads (:meth:`_shared_key`); off
    #: only to check that the output is the same.
    share_sort_keys = True

    def __init__(self, style: Style, items: list[dict], backend: str = "html"):
        self.style = style
        self.backend = backend
        self.items: dict[str, dict] = {}
        self._facts: dict = {}  # id(item) -> (item, its facts)
        self._person: dict = {}  # id(name) -> (name, the person global given-name disambiguation knows it as)
        self._lists: dict = {}  # item id -> its name lists
        self._shapes: dict = {}
        for raw in items:
            item = prepare_item(raw)
            self.items.setdefault(item["id"], item)
        self.input_order = list(self.items)
        self.registered: list[str] = list(self.items)
        self.dis: dict[str, DisState] = {}
        self._numbers: dict[str, int] = {}
        self._global: dict = {}
        self._global_primary = False
        self._global_version = 0
        self._global_off = False
        self._key_memo: dict = {}
        self._entry_tpl: dict = {}  # (content, expansion) -> 0 (seen once), False, or an entry with a suffix slot
        self._sub_memo: dict = {}  # (content, global sig, state) -> the subsequent cite's text
        self._sub_floor: dict = {}  # as _key_floor, for subsequent cites
        self._asked: dict = {}  # the same key as _key_memo -> whether that cite read its position
        self._shown_memo: dict = {}  # content -> the variables its plain cite prints
        self._key_floor: dict = {}  # (item id, global sig, state but names) -> (names floor, cite without added names)
        self._gsig: dict = {}  # item id -> (global version, the global levels of its names)
        self._name_cap: dict = {}  # item id -> its longest name list (disambiguation adds no more)
        self._with_memo: dict = {}  # (item id, names, given levels, ...) -> the cite's text
        self._cite_tpl: dict = {}  # (item id, disambiguate flag, year-suffix) -> _CiteTemplate, or False for none
        self._sort_memo: dict = {}
        self._sort_reads: dict = {}  # prune.sort_reads's answers, by element
        self._shared_values: dict = {}  # _shared_key -> a sort key's value
        self._reads_number: dict = {}
        self._order: list | None = None
        self.cit = Compiler(style, style.citation, True, self.skip_by_shape) if style.citation is not None else None
        self.bib = Compiler(style, style.bibliography, False, self.skip_by_shape) if style.bibliography is not None else None
        self.cit_layout = self.cit.compile_children(style.citation.find("layout")) if self.cit else None
        self.cit_sort = self._sort_keys(style.citation, self.cit) if self.cit else []
        self.bib_sort = self._sort_keys(style.bibliography, self.bib) if self.bib else []
        lay = style.bibliography.find("layout") if self.bib else None
        self.bib_layout_node = lay
        # The layout's own formatting and affixes, and whether the first field is set apart: read once, not per entry.
        self._lay_deco = (formatting(lay), lay.get("prefix", ""), lay.get("suffix", "")) if lay is not None else ((), "", "")
        self._aligned = self.bib is not None and self.bib.inherit.get("second-field-align") in ("flush", "margin")
        self.bib_layout = self.bib_first = None  # compiled when a bibliography is first asked for
        self.bib_rest: list = []
        loc = style.locale
        self.quotes = (loc.term("open-quote") or "“", loc.term("close-quote") or "”",
                       loc.term("open-inner-quote") or "‘", loc.term("close-inner-quote") or "’")
        self.piq = loc.options.get("punctuation-in-quote") == "true"
        self._numbered = False
        self._dis_done = False
        #: pandoc's rules where they differ from citeproc-js's (on for Markdown documents): a cite
        #: with a prefix or suffix keeps its place in its cluster ("cf. @b" stays where written) and
        #: the others sort between such cites; an author-only cite of a style without names is empty.
        self.pandoc_rules = False
        from .compile import mentions_attr, mentions_variable

        # citeproc-js's numeric mode: a cs:text prints the citation-number (an entry that prints
        # nothing then keeps its number with a marker).
        self._numeric_bib = mentions_variable(style, "citation-number")

        # Items alike but for their id render alike wherever nothing reads the id or the number
        # (a list of bare duplicates is rendered once per distinct content, not once per item).
        self._by_content = not _reads_any(style, {"id", "citation-number"})
        self._fps: dict = {}
        self._rough: dict | None = None  # (field count, type, title) -> how many items have it

        # Only a style whose cites change with position needs the subsequent form compared.
        self._position_dependent = self.cit is not None and (
            mentions_attr(style, "position") or "et-al-subsequent-min" in self.cit.inherit
            or "et-al-subsequent-use-first" in self.cit.inherit)

    def close(self) -> None:
        """Let go of what was rendered: the memos of the compiled style and the sort rows, which refer back to
        this processor (without this, the whole processor is cyclic garbage, left to a collector pass)."""
        for compiler in (self.cit, self.bib):
            for memo in (compiler.memos if compiler is not None else ()):
                memo.clear()
        self._sort_memo.clear()
        self._shared_values.clear()
        self._cite_tpl.clear()

    # -- hooks the evaluator calls ------------------------------------------------------------

    def item_facts(self, item: dict) -> tuple:
        """(shape, English?, dotted capital I?) of ``item``: what every evaluation of it reads first, worked out once."""
        found = self._facts.get(id(item))
        if found is not None and found[0] is item:
            return found[1]
        lang = str(item.get("language") or self.style.locale.lang or "en")
        low = lang.lower()
        # Turkish and Azerbaijani uppercase "i" as "İ".
        shape = shape_of(item)
        shape = self._shapes.setdefault(shape, shape)  # one object per shape: the elements' lookups compare by identity
        facts = (shape, low.startswith("en") or not lang.strip(), low[:2] in ("tr", "az") and low[2:3] in ("", "-", "_"))
        self._facts[id(item)] = (item, facts)  # the item is held: its id is not reused while the entry lives
        return facts

    def citation_number(self, item) -> str | None:
        """The item's number in the bibliography's order (registration order when that order is by number)."""
        if not self._numbered:
            self._number()
        n = self._numbers.get(item["id"])
        return str(n) if n is not None else None

    def citation_label(self, item) -> str | None:
        """A trigraph label (``Smit00``) for styles that print ``citation-label``."""
        names = next((item[v] for v in ("author", "editor") if item.get(v)), None)
        date = item.get("issued")
        if not names:
            return None
        fam = [n.get("family") or n.get("literal") or "" for n in names]
        if len(fam) == 1:
            base = fam[0][:4]
        elif len(fam) <= 3:
            base = "".join(f[:2] for f in fam)
        else:
            base = "".join(f[:1] for f in fam[:4])
        year = f"{date.start[0] % 100:02d}" if isinstance(date, DateValue) and date.start[0] else ""
        return base + year

    def global_name_level(self, name: dict, index: int = 0) -> int:
        """The given-name level every cite shows for ``name`` (global givenname disambiguation)."""
        if not self._global or self._global_off or (index and self._global_primary):
            return 0
        found = self._person.get(id(name))
        if found is None or found[0] is not name:
            found = self._person[id(name)] = (name, (_family_key(name), _given_key(name.get("given", ""))))
        return self._global.get(found[1], 0)

    # -- sorting --------------------------------------------------------------------------------

    def _sort_keys(self, section: Node, compiler: Compiler) -> list[_SortKey]:
        sort = section.find("sort") if section is not None else None
        if sort is None:
            return []
        keys = []
        for key in sort.findall("key"):
            node = None
            if key.get("macro"):
                fn = compiler.macro(key.get("macro"))
                node = self.style.macros.get(key.get("macro"))
            else:
                var = key.get("variable")
                if var in NAME_VARIABLES:
                    node = Node("names", {"variable": var}, (Node("name", {"name-as-sort-order": "all"}),))
                    fn = compiler.compile(node)
                else:
                    fn = None
            # Only a bibliography's keys are shared between items: a citation's read the global name state.
            reads = sort_reads(node, self.style.macros, self._sort_reads) \
                if node is not None and not compiler.citation and self.share_sort_keys else None
            keys.append(_SortKey(key, compiler, fn, reads))
        return keys

    def _key_value(self, key: _SortKey, item: dict, citation: bool):
        var = key.variable
        if key.fn is not None:
            dis = self.dis.get(item["id"])
            shared = self._shared_key(key, item, dis) if key.reads is not None and not citation else None
            if shared is not None:
                try:
                    found = self._shared_values.get(shared, _UNSET)
                except TypeError:  # a value that cannot be hashed (a date of lists): worked out for itself
                    found = shared = None
                if shared is not None and found is not _UNSET:
                    key.shared += 1
                    return found
            ctx = Ctx(item, self, None, citation, dis, sorting=True, sort_names=key.names)
            x = key.fn(ctx)
            text = plain(x) if not isinstance(x, str) else x
            value = _fold(text) if text else None
            if shared is not None:
                self._shared_values[shared] = value
            return value
        if var == "citation-number":
            n = self.citation_number(item)
            return int(n) if n else None
        if var == "citation-label":
            label = item.get("citation-label") or self.citation_label(item)
            return _fold(label) if label else None
        v = item.get(var)
        if v is None:
            return None
        if isinstance(v, DateValue):
            return v.sort_key() if v.start[0] is not None else None
        if var in NUMBER_VARIABLES:
            m = re.match(r"\d{1,18}", str(v))  # int() refuses 4,300+ digits; 18 order every real number
            return int(m.group(0)) if m else _fold(str(v))
        return _fold(re.sub(r"<[^>]+>", "", str(v)))

    def _shared_key(self, key: _SortKey, item: dict, dis) -> tuple | None:
        """What ``key``'s value for ``item`` follows from: the values of the variables it reads, the item's
        shape and language and its disambiguation state (None when a value cannot be compared so, or when the
        key has shown its values are seldom shared)."""
        key.asked += 1
        if key.asked > _SHARE_TRIAL and key.shared * 8 < key.asked:
            key.reads = None  # few items share a value: looking costs more than it saves
            return None
        reads = key.reads
        values = []
        for var, v in item.items():
            if var in reads:
                cls = v.__class__
                if cls is list:
                    if not all(n.__class__ is dict for n in v):
                        return None
                    v = tuple(tuple(n.items()) for n in v)
                elif cls is not str and cls is not DateValue:
                    return None
                values.append((var, v))
        return (id(key), self.item_facts(item)[0], item.get("language"), self.dis_signature_of(dis), tuple(values))

    def _sorted(self, ids: list[str], keys: list[_SortKey], citation: bool) -> list[str]:
        if not keys:
            return list(ids)
        values = {}
        # A key that never reads the citation number keeps its value when the numbers change.
        numbered = self._keys_read_number(keys)
        # A key sees a year-suffix only through a condition on it or a citation-label (a date in
        # a key is its sort value, a printed year-suffix is empty there): other keys keep their
        # values when the suffixes are given.
        suffixed = self._keys_read(keys, "year-suffix", ("if", "else-if")) or self._keys_read(keys, "citation-label")
        for i in ids:
            sig = self.dis_signature_of(self.dis.get(i))
            memo = (i if numbered else self._fp(i), citation, id(keys), sig if suffixed else sig[:3],
                    self._numbers.get(i) if numbered else None)
            found = self._sort_memo.get(memo)
            if found is None:
                found = self._sort_memo[memo] = _LazyRow(self, self.items[i], keys, citation)
            values[i] = found
        return _ordered(list(ids), keys, values)

    def _keys_read_number(self, keys) -> bool:
        """True when a sort key is the citation number or a macro that prints it (worked out once per key list)."""
        return self._keys_read(keys, "citation-number")

    def _keys_read(self, keys, var: str, tags: tuple = ()) -> bool:
        """True when a sort key is ``var`` or a macro that prints or tests it (in elements ``tags``, if given;
        worked out once per key list)."""
        found = self._reads_number.get((id(keys), var, tags))
        if found is None:
            found = self._reads_number[(id(keys), var, tags)] = any(
                k.variable == var or (k.macro and _macro_reads(self.style, k.macro, var, set(), tags)) for k in keys)
        return found

    def _number(self) -> None:
        self._numbered = True
        self._numbers = {i: n + 1 for n, i in enumerate(self.registered)}
        keys = [k for k in self.bib_sort if k.variable != "citation-number"]
        self._order = None
        if keys and not any(k.variable == "citation-number" for k in self.bib_sort):
            self._order = self._sorted(self.registered, self.bib_sort, False)
            self._numbers = {i: n + 1 for n, i in enumerate(self._order)}

    def bibliography_order(self) -> list[str]:
        """The registered items in the bibliography's sort order."""
        self._numbered = False
        self._number()
        if self._order is not None and not self._keys_read_number(self.bib_sort):
            return list(self._order)  # the numbers just set cannot change an order that never reads them
        return self._sorted(self.registered, self.bib_sort, False)

    # -- rendering --------------------------------------------------------------------------------

    def write(self, x) -> str:
        """``x`` written by this processor's backend."""
        return render(x, self.backend, self.quotes, self.piq)

    def _cite_out(self, cite: dict, *, suppress_author: bool = False, dis=None, looking: bool = False):
        item = self.items[cite["id"]]
        ctx = Ctx(item, self, cite, True, dis if dis is not None else self.dis.get(item["id"]))
        ctx.suppress_author = suppress_author
        ctx.looking = looking
        return self.cit_layout(ctx)

    def _fp(self, item_id: str):
        """What an item's output can depend on: its content when nothing reads the id or number, else its id."""
        if not self._by_content:
            return item_id
        found = self._fps.get(item_id)
        if found is None:
            item = self.items[item_id]
            if self._rough is None:
                self._rough = {}
                for other in self.items.values():
                    rough = _rough_key(other)
                    self._rough[rough] = self._rough.get(rough, 0) + 1
            if self._rough[_rough_key(item)] == 1:
                # Nothing else has its type, title and field count: its content is its own.
                found = self._fps[item_id] = item_id
                return found
            try:
                found = pickle.dumps([(k, v) for k, v in item.items() if k != "id"], 5)
            except (pickle.PicklingError, TypeError, ValueError):
                found = item_id
            found = self._fps[item_id] = found
        return found

    def _key(self, item_id: str, dis=None) -> str:
        state = dis if dis is not None else self.dis.get(item_id)
        gsig = self._global_sig(item_id)
        sig = self.dis_signature_of(state)
        memo = (self._fp(item_id), gsig, sig)
        found = self._key_memo.get(memo)
        if found is not None:
            return found
        if sig and sig[0]:
            # Names added up to the fewest a cut list of the cite shows change nothing: the cite
            # without them stands (each expansion of a set asks first for what is shown already).
            plain = self._key_floor.get((memo[0], gsig, sig[1:]))
            if plain is None:
                bare = state.copy()
                bare.names_min = 0
                self._key(item_id, bare)
                plain = self._key_floor.get((memo[0], gsig, sig[1:]))
            if plain is not None and sig[0] <= plain[0]:
                self._key_memo[memo] = plain[1]
                return plain[1]
        ctx = Ctx(self.items[item_id], self, {"id": item_id, "position": 0}, True, state)
        ctx.looking = True
        found = None
        tkey = (item_id, state.disambiguate, state.year_suffix) if state is not None and self.cite_templates else None
        if tkey is not None:
            tpl = self._cite_tpl.get(tkey)
            if tpl is None:
                ctx.names_seen = []  # this render makes the item's template
            elif tpl is not False:
                names = tpl.names(ctx)
                if names is not None:
                    found = tpl.write(names, self)
                else:
                    ctx = Ctx(self.items[item_id], self, {"id": item_id, "position": 0}, True, state)
                    ctx.looking = True
        if found is None:
            out = self.cit_layout(ctx)
            if ctx.names_seen is not None:
                self._cite_tpl[tkey] = _CiteTemplate.of(out, ctx) or False
            found = self.write(out or "")
            # Only a cite rendered here tells whether it read its position (a template does not).
            self._asked[memo] = ctx.asked_position
        self._key_memo[memo] = found
        self._note_floor(memo, ctx.names_floor, found)
        return found

    def _note_floor(self, memo: tuple, floor: int, text: str) -> None:
        """Keep a cite rendered without added names, with the fewest names a cut list of it showed."""
        fp, gsig, sig = memo
        if sig and not sig[0]:
            self._key_floor[(fp, gsig, sig[1:])] = (floor, text)

    def _global_sig(self, item_id: str) -> tuple:
        """The given-name levels the global rules give the item's names (() for none): what of the
        global state its cite can show, so a cite is rendered again only when that changes."""
        if not self._global or self._global_off:
            return ()
        found = self._gsig.get(item_id)
        if found is None or found[0] != self._global_version:
            if self._global_primary:
                # A primary-name rule gives a level to the first name of a list alone (global_name_level).
                levels = tuple(self.global_name_level(names[0]) for _, names in self._name_lists(item_id))
            else:
                levels = tuple(self.global_name_level(n, j) for _, names in self._name_lists(item_id)
                               for j, n in enumerate(names))
            found = self._gsig[item_id] = (self._global_version, levels if any(levels) else ())
        return found[1]

    @staticmethod
    def dis_signature_of(d) -> tuple:
        """A hashable summary of a :class:`DisState` (None for no state)."""
        if d is None:
            return ()
        return (d.names_min, tuple(sorted(d.given.items())) if d.given else (), d.disambiguate, d.year_suffix)

    # -- disambiguation ---------------------------------------------------------------------------

    def disambiguate(self) -> None:
        """Decide names, given names, the disambiguate flag and year-suffixes so that no two cites read alike."""
        self._dis_done = True
        self.dis = {i: DisState() for i in self.registered}
        self._global = {}
        self._global_version += 1
        if self.cit is None:
            return
        a = self.cit.inherit
        add_names = a.get("disambiguate-add-names") == "true"
        add_given = a.get("disambiguate-add-givenname") == "true"
        rule = a.get("givenname-disambiguation-rule", "by-cite")
        year_suffix = a.get("disambiguate-add-year-suffix") == "true"
        # citeproc-js's order: names are added first, then given names (the global rules
        # apply to every cite), then the disambiguate condition, then year-suffixes.
        if add_given and rule != "by-cite":
            self._global_names(rule)
        # The sets are read as citeproc-js forms them: from the cite before any given name is
        # added, global rules included (it keys an item before it registers its names).
        self._global_off = True
        try:
            sets = self._groups(self.registered)
        finally:
            self._global_off = False
        for group in sets:
            if add_names or add_given:
                group = self._expand(group, add_names, add_given, rule)
            if group and self.cit.uses_disambiguate:
                self._turn_on_conditions(group)
        if (add_names or add_given) and self._position_dependent:
            # Cites unlike in their first (full) form can read alike in their subsequent (short) one
            # ("Liddell et al., Greek-English Lexicon" for the 1940 and the 1996 edition): names are
            # added there too, and, decided per item as citeproc-js does, show in every cite of it.
            by: dict[str, list[str]] = {}
            for i in self.registered:
                by.setdefault(self._sub_key(i, self.dis[i]), []).append(i)
            for group in by.values():
                if len(group) > 1:
                    self._expand(group, add_names, add_given, rule, subsequent=True)
        if year_suffix:
            still = self._groups(self.registered, subsequent=True)
            order = self.bibliography_order() if self.bib else list(self.registered)
            rank = {i: n for n, i in enumerate(order)}
            for group in still:
                for n, i in enumerate(sorted(group, key=lambda i: rank.get(i, 0))):
                    self.dis[i].year_suffix = _suffix_letters(n)

    def _turn_on_conditions(self, group: list[str]) -> None:
        """The ``disambiguate`` condition for a set names could not settle: its tests are turned on one more at a
        time, in the order a cite meets them, for the items still ambiguous (citeproc-js; the suite's
        disambiguate_IncrementalExtraText), until none is or more tests change no cite."""
        left = group
        # A set alike at every step (bare duplicates) stays whole: one item's cites tell for all.
        alike = self._alike(group)
        level = 0
        while left:
            level += 1
            probe = left[:1] if alike else left
            before = {i: self._key(i) for i in probe}
            for i in left:
                self.dis[i].disambiguate = level
            now = {i: self._key(i) for i in probe}
            if level > 1 and all(now[i] == before[i] for i in probe):
                for i in left:
                    self.dis[i].disambiguate = level - 1  # the last test reached changed nothing
                return
            if alike:
                continue
            counts: dict[str, int] = {}
            for t in now.values():
                counts[t] = counts.get(t, 0) + 1
            left = [i for i in left if counts[now[i]] > 1]

    def dis_signature(self, item_id: str) -> tuple:
        """What disambiguation decided for an item (to tell which citations an edit changed)."""
        d = self.dis.get(item_id)
        if d is None:
            return ()
        return (d.names_min, tuple(sorted(d.given.items())), d.disambiguate, d.year_suffix)

    def _groups(self, ids: list[str], subsequent: bool = False) -> list[list[str]]:
        """Sets of items whose cites read alike (first position; with ``subsequent``, either position)."""
        by: dict[str, list[str]] = {}
        for i in ids:
            by.setdefault(self._key(i), []).append(i)
        groups = [g for g in by.values() if len(g) > 1]
        if not subsequent or not self._position_dependent:
            return groups
        by2: dict[str, list[str]] = {}
        add_names = self.cit.inherit.get("disambiguate-add-names") == "true"
        for i in ids:
            dis = self.dis[i].copy()
            if add_names:
                dis.names_min = 10 ** 6  # names added in the subsequent form tell cites apart before any suffix
            by2.setdefault(self._sub_key(i, dis), []).append(i)
        # Union of both relations.
        parent = {i: i for i in ids}

        def find(x):
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x
        for g in groups + [g for g in by2.values() if len(g) > 1]:
            for other in g[1:]:
                parent[find(other)] = find(g[0])
        comps: dict[str, list[str]] = {}
        for i in ids:
            comps.setdefault(find(i), []).append(i)
        return [g for g in comps.values() if len(g) > 1]

    def _sub_key(self, item_id: str, dis) -> str:
        """The item's subsequent cite, as compared for ambiguity, with disambiguation state ``dis``."""
        memo = (self._fp(item_id), self._global_sig(item_id), self.dis_signature_of(dis))
        text = self._sub_memo.get(memo)
        if text is None and self._asked.get((memo[0], memo[1], self.dis_signature_of(self.dis[item_id]))) is False:
            # Its first cite never read its position: the subsequent one is the first one (with the
            # names added here), mostly known already, not rendered again for every item.
            text = self._sub_memo[memo] = self._key(item_id, dis)
        sig = memo[2]
        if text is None and sig and sig[0]:
            # As for the first cite (:meth:`_key`): names added up to the fewest a cut list of the cite shows
            # change nothing (a one-author item's subsequent cite is asked for with 1, 2 and "all" names).
            floor = self._sub_floor.get((memo[0], memo[1], sig[1:]))
            if floor is None:
                bare = dis.copy()
                bare.names_min = 0
                self._sub_key(item_id, bare)
                floor = self._sub_floor.get((memo[0], memo[1], sig[1:]))
            if floor is not None and sig[0] <= floor[0]:
                text = self._sub_memo[memo] = floor[1]
        if text is None:
            ctx = Ctx(self.items[item_id], self, {"id": item_id, "position": 1}, True, dis)
            ctx.looking = True
            text = self._sub_memo[memo] = self.write(self.cit_layout(ctx) or "")
            if sig and not sig[0]:
                self._sub_floor[(memo[0], memo[1], sig[1:])] = (ctx.names_floor, text)
        return text

    def _name_lists(self, item_id: str) -> list[tuple[str, list]]:
        found = self._lists.get(item_id)
        if found is None:
            item = self.items[item_id]
            # The item's own name variables, in the order of their names (an item has a few of the thirty).
            found = self._lists[item_id] = [(v, item[v]) for v in sorted(item.keys() & _NAME_VARIABLE_SET) if item[v]]
        return found

    def _cited_name_lists(self, item_id: str) -> list[tuple[str, list]]:
        """The name lists the item's cite prints (a film's director, not the series' creators)."""
        item = self.items[item_id]
        fp = self._fp(item_id)
        shown = self._shown_memo.get(fp) if not self._global else None
        if shown is None:
            ctx = Ctx(item, self, {"id": item_id, "position": 0}, True, DisState())
            ctx.looking = True  # its text is kept as the item's plain cite for the sets formed next
            shown = self._cite_shown(ctx, fp)
        return [(v, names) for v, names in self._name_lists(item_id) if v in shown]

    def _cite_shown(self, ctx, fp) -> set:
        """The variables the item's plain cite prints (the cite is kept for the sets formed next)."""
        tkey = (ctx.item["id"], ctx.dis.disambiguate, ctx.dis.year_suffix) if self.cite_templates else None
        if tkey is not None and tkey not in self._cite_tpl:
            ctx.names_seen = []
        out = self.cit_layout(ctx)
        if ctx.names_seen is not None:
            self._cite_tpl[tkey] = _CiteTemplate.of(out, ctx) or False
        if not self._global:
            # The cite just rendered is the item's plain cite: kept for the sets formed next.
            memo = (fp, (), self.dis_signature_of(ctx.dis))
            if memo not in self._key_memo:
                self._key_memo[memo] = self.write(out or "")
                self._asked[memo] = ctx.asked_position
                self._note_floor(memo, ctx.names_floor, self._key_memo[memo])
            self._shown_memo[fp] = set(ctx.rendered)
        return set(ctx.rendered)

    def _clashes(self, group: list[str]) -> dict[str, int]:
        keys = {i: self._key(i) for i in group}
        counts: dict[str, int] = {}
        for k in keys.values():
            counts[k] = counts.get(k, 0) + 1
        return {i: counts[keys[i]] - 1 for i in group}

    def _expand(self, group: list[str], add_names: bool, add_given: bool, rule: str,
                subsequent: bool = False) -> list[str]:
        """Add names and given names as citeproc-js does (see :mod:`.disambig`); the items that still clash.
        With ``subsequent`` the set is one of subsequent cites, and an expansion only ever adds to what the
        item has (its first cite's expansion stays)."""
        by_cite = rule == "by-cite"
        handed: set = set()
        alike = self._alike(group)
        if add_names or (add_given and by_cite):
            a = self.cit.inherit
            et_min, use_first = int(a.get("et-al-min") or 0), a.get("et-al-use-first")
            use_first = int(use_first) if use_first else None
            counts = {i: [len(self._primary_names(i))] if self._primary_names(i) else [] for i in group}

            def shown(n: int) -> int:
                return use_first if et_min and use_first is not None and n >= et_min and use_first < n else n
            order = sorted(group, key=lambda i: sort_key(counts[i], i))
            start = max((shown(c[0]) for c in counts.values() if c), default=0)
            first = counts[order[0]]
            more = self.cit.uses_disambiguate or a.get("disambiguate-add-year-suffix") == "true"
            cite = self._sub_cite_with if subsequent else self._cite_with
            apply = self._apply_more if subsequent else self._apply
            if alike:
                # Items of one content and state render alike at every expansion: the list algorithm
                # tells none apart, so it ends where it started, without a cite rendered.
                outcome = unresolved(order, start, more)
            else:
                outcome = expand_names(order, cite, start, first[0] if first else None,
                                       2 if (by_cite and add_given) else None, add_names, more)
            for i, cfg in outcome.settled.items():
                apply(i, cfg)
            for cfg, ids in outcome.handed_on:
                # A list the algorithm hands on keeps the expansion reached so far (given names that tell
                # some of it apart) and goes to the next method whole, as citeproc-js hands it on.
                for i in ids:
                    apply(i, cfg)
                handed.update(ids)
        if subsequent:
            return []
        if alike:
            return list(group)  # alike, they all still clash
        clashes = self._clashes(group)
        return [i for i in group if clashes[i] or i in handed]

    def _alike(self, group: list[str]) -> bool:
        """True when every item of ``group`` has one content (:meth:`_fp`) and one disambiguation state: their
        cites read alike whatever is added to them all (a list of bare duplicates)."""
        if not self._by_content:
            return False
        fp = self._fp(group[0])
        if fp == group[0]:
            return False  # its content is its own (:meth:`_fp`)
        sig = self.dis_signature_of(self.dis[group[0]])
        return all(self._fp(i) == fp and self.dis_signature_of(self.dis[i]) == sig for i in group)

    def _primary_names(self, item_id: str) -> list:
        item = self.items[item_id]
        for var in ("author", "editor"):
            if item.get(var):
                return item[var]
        lists = self._name_lists(item_id)
        return lists[0][1] if lists else []

    def _state_for(self, item_id: str, cfg: Config) -> DisState:
        d = self.dis[item_id].copy()
        d.names_min = cfg.names
        d.given = {}
        for var, names in self._name_lists(item_id):
            for j, level in enumerate(cfg.givens[:len(names)]):
                if level:
                    d.given[(var, j)] = level
        return d

    def _cite_with(self, item_id: str, cfg: Config) -> str:
        # The list algorithm asks for the same cite many times (every item of a long set at
        # every step): one lookup, keyed by what the expansion can change in this item's cite.
        # Names beyond the item's longest list, and given names beyond it, change nothing.
        cap = self._name_cap.get(item_id)
        if cap is None:
            cap = self._name_cap[item_id] = max((len(n) for _, n in self._name_lists(item_id)), default=0)
        givens = cfg.givens[:cap]
        while givens and not givens[-1]:
            givens = givens[:-1]
        d = self.dis[item_id]
        memo = (item_id, min(cfg.names, cap), tuple(givens), d.disambiguate, d.year_suffix, self._global_version,
                self._global_off)
        found = self._with_memo.get(memo)
        if found is None:
            found = self._with_memo[memo] = self._key(item_id, self._state_for(item_id, cfg))
        return found

    def _sub_cite_with(self, item_id: str, cfg: Config) -> str:
        """The item's subsequent cite with the expansion ``cfg`` added to what it has."""
        return self._sub_key(item_id, self._more_state(item_id, cfg))

    def _more_state(self, item_id: str, cfg: Config) -> DisState:
        # Names and given-name levels only grow: what the first cite needed stays.
        had = self.dis[item_id]
        d = self._state_for(item_id, cfg)
        d.names_min = max(d.names_min, had.names_min)
        for k, level in had.given.items():
            d.given[k] = max(d.given.get(k, 0), level)
        return d

    def _apply(self, item_id: str, cfg: Config) -> None:
        self.dis[item_id] = self._state_for(item_id, cfg)

    def _apply_more(self, item_id: str, cfg: Config) -> None:
        self.dis[item_id] = self._more_state(item_id, cfg)

    def _global_names(self, rule: str) -> None:
        primary = rule.startswith("primary")
        initials_only = rule.endswith("with-initials")
        people: dict[str, set] = {}
        for i in self.registered:
            # Only names a cite prints can be confused (citeproc-js registers the names it renders).
            for _, names in self._cited_name_lists(i):
                for name in (names[:1] if primary else names):
                    if "family" in name:
                        people.setdefault(_family_key(name), set()).add(_given_key(name.get("given", "")))
        from .names import initialize

        self._global_primary = primary
        self._global_version += 1
        for family, givens in people.items():
            if len(givens) < 2:
                continue
            inits = {g: initialize(g, ".") for g in givens}
            counts: dict[str, int] = {}
            for v in inits.values():
                counts[v] = counts.get(v, 0) + 1
            # Initials shown to all or to none: where they tell none of the people apart ("John"
            # and "Jane" Doe are both "J."), citeproc-js leaves the names bare.
            helps = len(counts) > 1
            for g in givens:
                if initials_only and primary:
                    if helps:
                        self._global[(family, g)] = 1
                elif counts[inits[g]] == 1:
                    # A family name two people share shows initials where they tell them apart
                    # ("John" and "J." do not: citeproc-js leaves both bare); full names only where
                    # the rule allows them.
                    self._global[(family, g)] = 1
                elif not initials_only:
                    self._global[(family, g)] = 2

    # -- citations ------------------------------------------------------------------------------

    def register(self, ids: list[str]) -> None:
        """Make ``ids`` (in order of first citation) the registered items; numbering and disambiguation follow."""
        seen = dict.fromkeys(i for i in ids if i in self.items)
        self.registered = list(seen)
        self._numbered = False
        self.disambiguate()

    def positions(self, clusters: list[dict]) -> list[list[dict]]:
        """Each cluster's cites with position, near-note and first-reference-note-number worked out."""
        near = int(self.cit.inherit.get("near-note-distance", 5)) if self.cit else 5
        first_note: dict[str, int] = {}
        last_note: dict[str, int] = {}
        streams: dict[bool, list[tuple[int, list[dict]]]] = {True: [], False: []}  # in-text / in notes
        out = []
        for n, cluster in enumerate(clusters):
            note = int((cluster.get("properties") or {}).get("noteIndex") or 0)
            stream = streams[note == 0]
            if not stream:
                before: list[dict] = []
            elif stream[-1][0] == note or note == 0:
                before = stream[-1][1]
            else:
                # A citation in a new note follows the whole of the previous note.
                before = [c for nn, cs in stream if nn == stream[-1][0] for c in cs]
            cites = []
            for k, raw in enumerate(cluster.get("citationItems", [])):
                cite = dict(raw)
                cite["id"] = str(cite["id"])
                cid = cite["id"]
                if "position" in raw and cluster.get("_explicit"):
                    pass
                elif cid not in first_note:
                    cite["position"] = 0
                else:
                    if k > 0:
                        prev = cites[k - 1]
                    elif before and all(p["id"] == cid for p in before):
                        prev = before[-1]
                    else:
                        prev = None
                    if prev is not None and prev["id"] == cid:
                        if not cite.get("locator"):
                            cite["position"] = 2 if not prev.get("locator") else 1
                        else:
                            cite["position"] = 2 if cite.get("locator") == prev.get("locator") and \
                                cite.get("label") == prev.get("label") else 3
                    else:
                        cite["position"] = 1
                    if cid in last_note and note and note - last_note[cid] <= near:
                        cite["near-note"] = True
                if cid in first_note:
                    cite.setdefault("first-reference-note-number", first_note[cid])
                first_note.setdefault(cid, note)
                last_note[cid] = note
                cites.append(cite)
            stream.append((note, cites))
            out.append(cites)
        return out

    def cite_clusters(self, clusters: list[dict], register_all: bool = False) -> list[str]:
        """Every cluster (citeproc-js form) rendered, in order; registers the cited items first (or all items)."""
        ids = [str(c["id"]) for cl in clusters for c in cl.get("citationItems", [])]
        self.register(ids + self.input_order if register_all else ids)
        return [self.write(self.cluster_out(cites)) for cites in self.positions(clusters)]

    def cluster_out(self, cites: list[dict]):
        """One cluster's output: cites sorted, grouped and collapsed, with their own and the layout's affixes."""
        if self.cit_layout is None:
            return None
        cites = [c for c in cites if c["id"] in self.items]
        if self.cit_sort:
            keyed = {n: [self._key_value(k, self.items[c["id"]], True) for k in self.cit_sort] for n, c in enumerate(cites)}
            runs = [list(range(len(cites)))]
            if self.pandoc_rules:
                # pandoc's rule: a cite with a prefix or suffix stays where it was written, and
                # the cites between such cites sort among themselves.
                runs = [[]]
                for n, c in enumerate(cites):
                    fixed = bool(c.get("prefix") or c.get("suffix"))
                    if runs[-1] and (fixed or cites[n - 1].get("prefix") or cites[n - 1].get("suffix")):
                        runs.append([])
                    runs[-1].append(n)
            cites = [cites[i] for run in runs for i in _ordered(run, self.cit_sort, keyed)]
        lay = self.style.citation.find("layout")
        delim = lay.get("delimiter", "")
        a = self.cit.inherit
        collapse = a.get("collapse")
        group_delim = a.get("cite-group-delimiter", ", ")
        after_delim = a.get("after-collapse-delimiter", delim)
        ys_delim = a.get("year-suffix-delimiter", a.get("cite-group-delimiter", delim))
        rendered = []
        for c in cites:
            if c.get("author-only"):
                full = self._cite_out(c)
                x = _find_tag(full, "author") or (None if self.pandoc_rules else full)
            else:
                x = self._cite_out(c, suppress_author=bool(c.get("suppress-author")))
                if (x is None or is_empty(x)) and not c.get("suppress-author"):
                    # A cite the style prints nothing for is shown, not silently dropped (citeproc-js's marker).
                    x = Out([NO_PRINTED_FORM])
            rendered.append(x)
        pieces: list = []  # (output, delimiter before it)
        if collapse == "citation-number" and len(cites) > 1:
            pieces = self._collapse_numbers(cites, rendered, delim, after_delim)
        elif (collapse in ("year", "year-suffix", "year-suffix-ranged") or "cite-group-delimiter" in a) and len(cites) > 1:
            pieces = self._collapse_years(cites, rendered, delim, group_delim, after_delim, ys_delim, collapse)
        else:
            pieces = [(self._affixed(c, x), delim) for c, x in zip(cites, rendered)]
        kids = []
        for n, (x, d) in enumerate(pieces):
            if x is None or is_empty(x):
                continue
            if kids:
                lead = plain(x)[:1]
                if d[:1] in ",;:" and plain(kids[-1])[-1:] in ",;:":
                    d = d[1:]  # a cite ending in punctuation ("is one source,") keeps it, not the delimiter's
                kids.append("" if lead in ",;:." else d)
            kids.append(x)
        if not kids:
            return None

        if all(c.get("author-only") for c in cites):
            # The author named in the text ("Doe & Roe (2019)"): no layout affixes around it.
            return Out(kids)
        inner = Out(kids)
        if self.style.is_note:
            inner = _capitalize_leading_term(inner)  # "(Ibid.)": the layout's "(" opens no sentence
        body = Out([inner], (), lay.get("prefix", ""), lay.get("suffix", ""))
        return Out([body], formatting(lay))

    def _affixed(self, cite: dict, x):
        if x is None or is_empty(x):
            return x
        pre, suf = cite.get("prefix") or "", cite.get("suffix") or ""
        if not pre and not suf:
            return x
        return Out([Out(parse_markup(pre), tag="prefix") if pre else "", x, Out(parse_markup(suf), tag="cite-suffix") if suf else ""])

    def _collapse_numbers(self, cites, rendered, delim, after_delim):
        nums = []
        for c, x in zip(cites, rendered):
            t = plain(x).strip()
            plain_num = self.citation_number(self.items[c["id"]])
            simple = not c.get("locator") and not c.get("prefix") and not c.get("suffix") and plain_num is not None
            nums.append(int(plain_num) if simple and _find_tag(x, "citation-number") is not None else None)
        pieces = []
        i = 0
        while i < len(cites):
            j = i
            while j + 1 < len(cites) and nums[j] is not None and nums[j + 1] is not None and nums[j + 1] == nums[j] + 1:
                j += 1
            if j - i >= 2:
                first, last = rendered[i], rendered[j]
                pieces.append((Out([first, "–", last]) if False else _range_out(first, last), delim))
                i = j + 1
            else:
                pieces.append((self._affixed(cites[i], rendered[i]), delim))
                i += 1
        return pieces

    def _collapse_years(self, cites, rendered, delim, group_delim, after_delim, ys_delim, collapse):
        authors = []
        for c, x in zip(cites, rendered):
            full = self._cite_out(c)
            a = _find_tag(full, "author")
            authors.append(self.write(a) if a is not None else None)
        # Cite grouping: cites by the same names come together, in order of first appearance.
        order: dict = {}
        for n, a in enumerate(authors):
            order.setdefault(a or "", []).append(n)
        pieces = []
        prev_group_collapsed = False
        for key, members in order.items():
            group_pieces = []
            last_year = None
            suffix_run: list = []
            for m_i, n in enumerate(members):
                c = cites[n]
                if m_i == 0:
                    x = rendered[n]
                    group_pieces.append((self._affixed(c, x), None))
                    last_year = self._year_key(c)
                    continue
                x = self._cite_out(c, suppress_author=True) if collapse else rendered[n]
                if collapse in ("year-suffix", "year-suffix-ranged") and not c.get("locator") and \
                        self._year_key(c) == last_year and self.dis.get(c["id"]) and self.dis[c["id"]].year_suffix:
                    ys = _find_tag(x, "year-suffix")
                    if ys is not None:
                        group_pieces.append((ys, ys_delim))
                        continue
                last_year = self._year_key(c)
                after_run = group_pieces and isinstance(group_pieces[-1][0], Out) and group_pieces[-1][0].tag == "year-suffix"
                d = after_delim if cites[members[m_i - 1]].get("locator") or after_run else group_delim
                group_pieces.append((self._affixed(c, x), d))
            if collapse == "year-suffix-ranged":
                group_pieces = _range_suffixes(group_pieces)
            collapsed = len(members) > 1
            for g_i, (x, d) in enumerate(group_pieces):
                if g_i == 0:
                    # Under collapse="year" every author group, even of one cite, is followed by the
                    # after-collapse-delimiter (citeproc-js and pandoc; test-suite issue 36).
                    d = after_delim if (pieces and (prev_group_collapsed or collapsed or collapse == "year")
                                        and collapse) else delim
                pieces.append((x, d))
            prev_group_collapsed = collapsed
        return pieces

    def _year_key(self, cite: dict) -> str:
        dis = self.dis.get(cite["id"])
        clone = dis.copy() if dis is not None else DisState()
        clone.year_suffix = ""
        x = self._cite_out({"id": cite["id"], "position": cite.get("position", 0)}, suppress_author=True, dis=clone)
        return self.write(x) if x is not None else ""

    # -- LaTeX -----------------------------------------------------------------------------------

    def is_numeric(self) -> bool:
        """True when the style's citations print citation numbers (natbib then numbers the list itself)."""
        if self.cit_layout is None or not self.registered:
            return False
        return _find_tag(self._cite_out({"id": self.registered[0], "position": 0}), "citation-number") is not None

    def right_inline(self, entry):
        """An entry without its left-margin label (the csl-right-inline part), or the entry as it is."""
        found = _find_display(entry, "right-inline")
        return found if found is not None else entry

    def natbib_label(self, item_id: str) -> tuple[str, str, str]:
        """(author part of the cite, year with its suffix, author part again) for natbib's ``\\bibitem[..]``."""
        cite = self._cite_out({"id": item_id, "position": 0})
        author = _find_tag(cite, "author")
        short = self.write(author).strip() if author is not None else ""
        item = self.items[item_id]
        date = item.get("issued")
        dis = self.dis.get(item_id)
        year = str(date.start[0]) if isinstance(date, DateValue) and date.start[0] is not None else (
            self.style.locale.term("no date", "short") or "n.d.")
        if dis is not None and dis.year_suffix:
            year += dis.year_suffix
        return short, year, short

    # -- bibliography -----------------------------------------------------------------------------

    def bibliography_outs(self) -> Iterator[tuple[str, object]]:
        """(item id, output) for every entry of the bibliography, in order.

        Yielded one by one, so a caller that writes each entry as it comes holds one output tree at a
        time, not the whole list's (99,999 entries' trees were about 100 MB)."""
        if self.bib is None or self.bib_layout_node is None:
            return
        if not self._dis_done:
            self.disambiguate()
        lay = self.bib_layout_node
        if self.bib_layout is None:
            kids = [self.bib.compile(c) for c in lay.children]
            self.bib_first = kids[0] if kids else None
            self.bib_rest = [k for k in kids[1:] if k is not None]
            # The same closures joined (the layout compiled once, not twice).
            self.bib_layout = self.bib.join([k for k in kids if k is not None])

        a = self.bib.inherit
        sas = a.get("subsequent-author-substitute")
        sas_rule = a.get("subsequent-author-substitute-rule", "complete-all")
        listed = 0
        prev_names = None
        for i in self.bibliography_order():
            body = self._suffixed_body(i)
            if body is None or is_empty(body):
                if self._numeric_bib:
                    # A numbered list keeps the entry's place, with citeproc-js's marker and number.
                    listed += 1
                    yield i, Out([f"{listed}. {NO_PRINTED_FORM}"])
                continue
            body = _capitalize_opening_term(body)
            if sas is not None:
                body, prev_names = _substitute_author(body, prev_names, sas, sas_rule, self.write)
            listed += 1
            yield i, body

    def _entry_body(self, item_id: str, dis):
        """One bibliography entry of the item, disambiguated by ``dis`` (before subsequent-author-substitute)."""
        fmt, prefix, suffix = self._lay_deco
        ctx = Ctx(self.items[item_id], self, None, False, dis)
        if self._aligned and self.bib_first is not None:
            first = self.bib_first(ctx)
            rest = []
            for fn in self.bib_rest:
                x = fn(ctx)
                if x is not None and not is_empty(x):
                    rest.append(x)
            if first is not None and not is_empty(first):
                return Out([Out([first], display="left-margin"),
                            Out([Out(rest, fmt, "", suffix)], display="right-inline")], (), prefix)
            return Out([Out(rest)], fmt, prefix, suffix)
        x = self.bib_layout(ctx)
        body = Out([x], fmt, prefix, suffix) if x is not None else None
        if body is not None and body.suffix:
            body = _suffix_into_display(body)
        return body

    def _suffixed_body(self, item_id: str):
        """The item's entry; entries alike but for their year-suffix (bare duplicates) are rendered once.

        The first two items of a content and expansion are rendered in full. The second is also
        rendered with a probe suffix: when that suffix comes out once, untouched (no text-case or
        other change reached it), and putting the item's own suffix in its place gives exactly the
        full rendering, the probe's tree stands for every later item of the kind, with its suffix.
        """
        dis = self.dis.get(item_id)
        if not self._by_content or dis is None or not dis.year_suffix:
            return self._entry_body(item_id, dis)
        key = (self._fp(item_id), self.dis_signature_of(dis)[:3])
        tpl = self._entry_tpl.get(key)
        if tpl is None:
            self._entry_tpl[key] = 0  # seen once: a kind of one item pays for no probe
            return self._entry_body(item_id, dis)
        if tpl == 0:
            body = self._entry_body(item_id, dis)
            probe = dis.copy()
            probe.year_suffix = _PROBE
            tpl = _suffix_template(self._entry_body(item_id, probe))
            if tpl is not None and (body is None or self.write(_with_suffix(tpl, dis.year_suffix)) != self.write(body)):
                tpl = None
            self._entry_tpl[key] = tpl or False
            return body
        if tpl is False:
            return self._entry_body(item_id, dis)
        return _with_suffix(tpl, dis.year_suffix)

    def bibliography(self) -> list[str]:
        """Every bibliography entry written by the backend."""
        return [self.write(x) for _, x in self.bibliography_outs()]

    def bibliography_html(self) -> str:
        """The bibliography as the CSL test suite's HTML (a csl-bib-body div of csl-entry divs)."""
        lines = ['<div class="csl-bib-body">']
        for _, x in self.bibliography_outs():
            lines.append(f'  <div class="csl-entry">{render(x, "html", self.quotes, self.piq)}</div>')
        lines.append("</div>")
        return "\n".join(lines)


NO_PRINTED_FORM = "[CSL STYLE ERROR: reference with no printed form.]"


class _CiteTemplate:
    """An item's cite with the place of its names, so that disambiguation's expansions render the names alone.

    Adding names or given names changes only what name lists print (the rest of a cite reads
    neither). When a cite's only name lists are those its first cs:names printed, and that
    element's output stands untouched in the cite (no text-case or other change reached it),
    the cite with other names is the same tree with that element's new output in its place.
    Kept per item, disambiguate flag and year-suffix (which the rest may read).
    """

    __slots__ = ("run", "path", "tree", "slot", "rich")

    def __init__(self, run, path: list, tree, slot):
        self.run = run  # the cs:names element's closure
        self.path = path  # (span, child index) from the cite down to its output
        self.tree, self.slot = tree, slot  # the cite and that output
        self.rich = None  # output.RichTemplate of the cite open at the names (False: none), made on first writing

    @classmethod
    def of(cls, out, ctx) -> "_CiteTemplate | None":
        """The template of cite ``out`` just rendered with ``ctx`` recording its cs:names (None when there is none)."""
        seen = ctx.names_seen
        if out is None or len(seen) != 1:
            return None
        run, names, before, after = seen[0]
        if before != 0 or after != ctx.lists:
            return None  # another element printed (or tried) a name list too
        paths: list = []

        def find(x, path):
            if x is names:
                paths.append(list(path))
                return
            if x.__class__ is not Out:
                return
            for n, k in enumerate(x.kids):
                path.append((x, n))
                find(k, path)
                path.pop()
        find(out, [])
        return cls(run, paths[0], out, names) if len(paths) == 1 else None

    def names(self, ctx):
        """The names for ``ctx`` (a fresh context of the item), or None when they did not come out as a cite's."""
        new = self.run(ctx)
        if new is None or new.__class__ is not Out or new.tag != "author":
            return None
        return new

    def splice(self, names):
        """The cite with ``names`` in the place of the kept ones (only the spans on the way to them are new)."""
        new = names
        for node, n in reversed(self.path):
            kids = list(node.kids)
            kids[n] = new
            new = Out(kids, node.fmt, node.prefix, node.suffix, node.quotes, node.display, node.tag)
        return new

    def write(self, names, proc) -> str:
        """The cite with ``names``, written by ``proc``: in rich text the rest of the cite is written once."""
        if proc.backend == "rich":
            if self.rich is None:
                self.rich = RichTemplate.of(self.tree, self.slot, proc.quotes, proc.piq) or False
            if self.rich:
                text = self.rich.write(names)
                if text is not None:
                    return text
        return proc.write(self.splice(names))

#: A year-suffix as a real one reads (lower-case letters), unlikely in data: its one place in an entry marks the slot.
_PROBE = "qzxq"


def _suffix_template(body):
    """(path of (span, child index) to the year-suffix span, that span) when ``body`` holds the probe once, untouched."""
    if body is None or plain(body).count(_PROBE) != 1:
        return None
    found: list = []

    def walk(x, path):
        if x.__class__ is not Out:
            return
        if x.tag == "year-suffix":
            found.append((list(path), x))
        for n, k in enumerate(x.kids):
            path.append((x, n))
            walk(k, path)
            path.pop()
    walk(body, [])
    if len(found) != 1 or list(found[0][1].kids) != [_PROBE]:
        return None
    return found[0]


def _with_suffix(tpl, suffix: str):
    """The probe entry with ``suffix`` in the year-suffix slot (only the spans on the way to it are new)."""
    path, slot = tpl
    new = Out([suffix], slot.fmt, slot.prefix, slot.suffix, slot.quotes, slot.display, slot.tag)
    for node, n in reversed(path):
        kids = list(node.kids)
        kids[n] = new
        new = Out(kids, node.fmt, node.prefix, node.suffix, node.quotes, node.display, node.tag)
    return new


def _ordered(things: list, keys: list[_SortKey], values: dict) -> list:
    """``things`` sorted by their key ``values`` (CSL sort rules: empty values last, descending keys reversed); ties keep their order.

    Key by key rather than by a comparison function: the list is sorted on its first key, and
    only the runs that tie there are sorted on the next one (a later key is worked out only
    for the items that need it, and Python's own sort does the comparing).
    """
    return _order_from(things, keys, values, 0)


def _order_from(things: list, keys: list, values: dict, level: int) -> list:
    if len(things) < 2 or level == len(keys):
        return things
    first = values[things[0]]
    for t in things:
        if values[t] is not first:
            break
    else:
        return things  # one row of key values shared by all (items alike): tied on every key, input order stands
    here = [(t, values[t][level]) for t in things]
    present = [(t, v) for t, v in here if v is not None]
    absent = [t for t, v in here if v is None]
    kinds = {type(v) for _, v in present}
    if len(kinds) > 1:
        return _order_by_cmp(things, keys, values, level)  # mixed kinds compare as text, pair by pair
    present.sort(key=lambda tv: tv[1], reverse=keys[level].descending)
    out: list = []
    start = 0
    for n in range(1, len(present) + 1):
        if n == len(present) or present[n][1] != present[start][1]:
            run = [t for t, _ in present[start:n]]
            out += _order_from(run, keys, values, level + 1) if len(run) > 1 else run
            start = n
    return out + _order_from(absent, keys, values, level + 1)


def _order_by_cmp(things: list, keys: list, values: dict, level: int) -> list:
    pos = {t: n for n, t in enumerate(things)}

    def cmp(a, b):
        for n in range(level, len(keys)):
            x, y = values[a][n], values[b][n]
            if x == y:
                continue
            if x is None:
                return 1
            if y is None:
                return -1
            if type(x) is not type(y):
                x, y = str(x), str(y)
            c = -1 if x < y else 1
            return -c if keys[n].descending else c
        return pos[a] - pos[b]
    return sorted(things, key=functools.cmp_to_key(cmp))


def _suffix_into_display(body):
    """The layout's suffix moved inside the entry's last display block (``csl-right-inline``), as citeproc-js does."""
    node = body
    path = []
    while isinstance(node, Out):
        kids = [k for k in node.kids if not is_empty(k)]
        if not kids or node.suffix and node is not body:
            break
        last = kids[-1]
        if isinstance(last, Out) and last.display:
            inner = Out([last], suffix=body.suffix)
            # Rebuild the chain with the suffix inside the display block.
            moved = Out(last.kids, last.fmt, last.prefix, last.suffix + body.suffix, last.quotes, last.display, last.tag)
            del inner
            def rebuild(n):
                if n is last:
                    return moved
                if isinstance(n, Out) and n in path:
                    return Out([rebuild(k) for k in n.kids], n.fmt, n.prefix, n.suffix if n is not body else "",
                               n.quotes, n.display, n.tag)
                return n
            path.append(node)
            return rebuild(body)
        path.append(node)
        node = last
    return body


def _given_key(given: str) -> str:
    """A given name as one person's: "Richard L." and "Richard L", "J. J." and "J.J.", "Y.-H." and "Y-H" are the same."""
    return re.sub(r" ?- ?", "-", " ".join(given.replace(".", " ").split()))


def _family_key(name: dict) -> str:
    return " ".join(p for p in (name.get("non-dropping-particle"), name.get("family")) if p)


def _find_display(x, display: str):
    if x is None or isinstance(x, str):
        return None
    if x.display == display:
        return Out(x.kids, x.fmt, x.prefix, x.suffix, x.quotes, "", x.tag)
    for k in x.kids:
        found = _find_display(k, display)
        if found is not None:
            return found
    return None


def _find_tag(x, tag: str):
    if x is None or isinstance(x, str):
        return None
    if x.tag == tag:
        return x
    for k in x.kids:
        found = _find_tag(k, tag)
        if found is not None:
            return found
    return None


def _capitalize_opening_term(x):
    """An entry whose first printed text is a term ("n.d." of an item with no author or title) opens with a capital,
    as a sentence does (citeproc-js capitalises a term nothing was printed before; affixes do not count)."""
    # Down to the first printed text, past the spans that print nothing (a loop: this runs for every entry).
    if x is None or x.__class__ is not Out:
        return x
    path = []
    node, term = x, False
    while True:
        term = term or node.tag == "term"
        for n, k in enumerate(node.kids):
            if k is None:
                continue
            if k.__class__ is str:
                if not k:
                    continue
                if not (term and k[:1].islower()):
                    return x
                new = k[:1].upper() + k[1:]
                path.append((node, n))
                for parent, at in reversed(path):
                    kids = list(parent.kids)
                    kids[at] = new
                    new = Out(kids, parent.fmt, parent.prefix, parent.suffix, parent.quotes, parent.display, parent.tag)
                return new
            if k.__class__ is not Out:
                return x
            if k._empty if k._empty is not None else is_empty(k):
                continue
            path.append((node, n))
            node = k
            break
        else:
            return x


def _capitalize_leading_term(x):
    """A note's citation that starts with a term (ibid.), or whose prefix ends a sentence, starts it with a capital."""
    leaves: list = []  # [text, inside a term, inside the cite prefix]

    def collect(node, term, prefix):
        if isinstance(node, str):
            if node:
                leaves.append((node, term, prefix))
            return
        if node is None:
            return
        if node.prefix:
            leaves.append((node.prefix, False, prefix))
        for k in node.kids:
            collect(k, term or node.tag == "term", prefix or node.tag == "prefix")
    collect(x, False, False)
    targets = set()
    for n, (text, term, prefix) in enumerate(leaves):
        if prefix or not term:
            continue
        # The cite's own prefix: the prefix leaves right before this one.
        k = n
        while k and leaves[k - 1][2]:
            k -= 1
        if k and k == n:
            continue  # not the start of a cite (no prefix, and text before it)
        before = "".join(t for t, _, _ in leaves[k:n]).rstrip().rstrip("\"'”’)»").rstrip()
        # A prefix of one word ("Nocapsafter.") is an abbreviation, not a sentence (citeproc-js).
        if not before or before[-1] in ".!?" and " " in before.strip():
            targets.add(n)
    if not targets:
        return x
    count = [0]

    def walk(node):
        if isinstance(node, str):
            if node:
                i = count[0]
                count[0] += 1
                if i in targets:
                    return node[:1].upper() + node[1:]
            return node
        if node is None:
            return None
        pre = node.prefix
        if pre:
            count[0] += 1
        return Out([walk(k) for k in node.kids], node.fmt, pre, node.suffix, node.quotes, node.display, node.tag)
    return walk(x)


def _range_out(first, last):
    return Out([first, "–", last])


def _range_suffixes(pieces: list) -> list:
    # "2000a, b, c" -> "2000a–c": runs of three or more consecutive suffixes.
    out = []
    run: list = []

    def flush():
        if len(run) >= 3:
            out.append(run[0])
            out.append((Out([run[-1][0]]), "–"))
        else:
            out.extend(run)
        run.clear()
    for x, d in pieces:
        if isinstance(x, Out) and x.tag == "year-suffix":
            letter = plain(x)
            if run and (len(letter) != 1 or ord(letter) != ord(plain(run[-1][0])[-1:] or "a") + 1):
                flush()
            run.append((x, d))
        else:
            flush()
            out.append((x, d))
            run_start = plain(x)[-1:] if x is not None else ""
            if run_start.isalpha():
                run.append((Out([run_start], tag="year-suffix"), None))
                out.pop()
                run[-1] = (x, d)
    flush()
    return out


def _substitute_author(body, prev, sas: str, rule: str, write):
    """``body`` with its names replaced by ``sas`` as ``rule`` says, against the previous entry's names (labels stay)."""
    author = _find_tag(body, "author")
    if author is None:
        return body, None
    lists: list = []
    _find_all(author, "names-list", lists)
    if not lists:
        if _find_tag(author, "subst-macro") is not None:
            return body, None  # a title from a macro stands in for the names: two court cases of one name stay
        text = ("text", unicodedata.normalize("NFC", write(author)))
        if prev is None or text != prev:
            return body, text  # (under any rule, a text standing in for the names is one name)
        return _replace_tag(body, "author", Out([sas]) if sas else ""), text
    # The names as rendered are compared (CSL: "when all rendered names ... match"), one by one: not the "et al."
    # after them nor the "and" between them ("Tilly, Charles, et al." repeats "Tilly, Charles."; "Fehr, Ernst, and
    # Urs Fischbacher" repeats "Fehr, Ernst, Urs Fischbacher, et al.", as citeproc-js).
    persons = [p for x in lists for p in _persons(x)]
    # Compared as citeproc-js compares them (localeCompare): text written with composed or decomposed accents
    # ("Pétrement" typed two ways in one library) is one name.
    names = tuple(unicodedata.normalize("NFC", write(p)) for p in persons)
    if prev is None or not isinstance(prev, tuple) or prev[:1] == ("text",):
        return body, names
    same = 0
    while same < min(len(names), len(prev)) and names[same] == prev[same]:
        same += 1
    whole = same == len(names) == len(prev)
    if rule == "complete-all":
        if not whole:
            return body, names
        first = [True]

        # Only the names of the first cs:names element are replaced (CSL 1.0.2): an editor or
        # translator printed later in the entry stays.
        def swap(x):
            if isinstance(x, str) or x is None:
                return x
            if x.tag == "names-list":
                if first[0]:
                    first[0] = False
                    return Out([sas]) if sas else ""
                return ""
            return Out([swap(k) for k in x.kids], x.fmt, x.prefix, x.suffix, x.quotes, x.display, x.tag)
        return _replace_tag(body, "author", swap(author)), names
    # complete-each: every name when all match; partial-each: the names that match from the first up to the first
    # mismatch; partial-first: the first name when it matches. Each name is replaced on its own; delimiters, "and" and
    # "et al." stay.
    count = {"complete-each": len(names) if whole else 0, "partial-each": same,
             "partial-first": min(same, 1)}.get(rule, 0)
    if not count:
        return body, names
    swapped = {id(p) for p in persons[:count]}

    def each(x):
        if isinstance(x, str) or x is None:
            return x
        if id(x) in swapped:
            return Out([sas]) if sas else ""
        return Out([each(k) for k in x.kids], x.fmt, x.prefix, x.suffix, x.quotes, x.display, x.tag)
    return _replace_tag(body, "author", each(author)), names


def _persons(names_list) -> list:
    """The rendered names of a names-list span (not the delimiters, "and" or "et al." between them)."""
    return [k for k in names_list.kids if isinstance(k, Out) and k.tag != "et-al"]


def _find_all(x, tag: str, out: list) -> None:
    if x is None or isinstance(x, str):
        return
    if x.tag == tag:
        out.append(x)
        return
    for k in x.kids:
        _find_all(k, tag, out)


def _replace_tag(x, tag, new):
    if isinstance(x, str) or x is None:
        return x
    if x.tag == tag:
        return new
    return Out([_replace_tag(k, tag, new) for k in x.kids], x.fmt, x.prefix, x.suffix, x.quotes, x.display, x.tag)
