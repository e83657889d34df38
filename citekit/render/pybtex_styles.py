"""BibTeX styles (plain, unsrt, alpha, abbrv) through pybtex, as rich text.

Entries go to pybtex as its own data objects, not as .bib text, so no field value is
ever parsed as BibTeX. pybtex reads braces in a value as grouping, so they are dropped
from the values it gets. A small pybtex backend emits our rich-text markers; the
usual converters then escape for text, HTML, Markdown or LaTeX.
"""

from __future__ import annotations

import re
from types import MappingProxyType

from ..csl import arxiv_url, is_published
from ..model import Entry
from .rich import MARGIN, clean, wrap

__all__ = ["BIBTEX_STYLES", "pybtex_bibliography"]

#: name -> description
BIBTEX_STYLES: dict[str, str] = {
    "plain": "BibTeX plain: sorted by author, numbered labels",
    "unsrt": "BibTeX unsrt: plain, in input order",
    "alpha": "BibTeX alpha: plain with labels like [Lan19]",
    "abbrv": "BibTeX abbrv: plain with abbreviated first names",
}


def _value(text: str | None) -> str:
    # pybtex reads braces as groups and % as a comment; \% is its escape for a percent sign.
    return clean(text or "").replace("{", "(").replace("}", ")").replace("%", r"\%")


_KEEP_CASE = re.compile(r"\b(?:\w+[A-Z]\w*|[A-Z]{2,}\w*)")


def _title_value(text: str) -> str:
    """A title whose acronyms and mixed-case words (``LLMs``, ``AdsorbML``) survive BibTeX's lowercasing."""
    return _KEEP_CASE.sub(lambda m: "{" + m.group() + "}", _value(text))


def _pybtex_entry(entry: Entry, people: dict[tuple, object] | None = None):
    """``entry`` as a pybtex ``Entry``; ``people`` keeps one pybtex ``Person`` per distinct name (parsing one is slow)."""
    from pybtex.database import Entry as PEntry, Person

    people = {} if people is None else people
    fields: dict[str, str] = {}
    if entry.title:
        fields["title"] = _title_value(entry.title)
    if entry.issued and entry.issued.year:
        fields["year"] = str(entry.issued.year)
        if entry.issued.month:
            fields["month"] = ("January February March April May June July August September "
                               "October November December").split()[entry.issued.month - 1]
    venue = entry.container_title
    kind = "article" if venue and is_published(entry) else "misc"
    if kind == "article":
        fields["journal"] = _value(venue)
        for name in ("volume", "page"):
            if getattr(entry, name):
                fields["pages" if name == "page" else name] = _value(getattr(entry, name))
        if entry.issue:
            fields["number"] = _value(entry.issue)
    elif entry.arxiv_id:
        fields["howpublished"] = _value(f"arXiv:{entry.arxiv_id}" + (f" [{entry.primary_class}]" if entry.primary_class else ""))
    elif entry.publisher:
        fields["howpublished"] = _value(entry.publisher)
    url = entry.URL or (arxiv_url(entry.arxiv_id) if entry.arxiv_id else None)
    if entry.DOI:
        fields["doi"] = _value(entry.DOI)
    if url:
        fields["url"] = _value(url)
    persons = []
    for name in entry.author:
        # pybtex only reads a Person once made, so entries of one author share it.
        key = (name.literal,) if name.literal else (name.given, name.family)
        person = people.get(key)
        if person is None:
            if name.literal:
                person = Person(last=_value(name.literal))
            else:
                person = Person(first=_value(name.given), last=_value(name.family))
            people[key] = person
        persons.append(person)
    return PEntry(kind, fields=fields, persons={"author": persons} if persons else {})


def _backend():
    from pybtex.backends import BaseBackend

    class RichBackend(BaseBackend):
        """Writes pybtex's rich text as citekit rich text."""

        default_suffix = ".txt"
        symbols = MappingProxyType({"ndash": "\u2013", "newblock": " ", "nbsp": "\u00a0"})
        _tags = {"em": "italic", "i": "italic", "strong": "bold", "b": "bold", "sup": "superscript", "sub": "subscript"}

        def format_str(self, str_):
            return str_

        def format_tag(self, tag_name, text):
            kind = self._tags.get(tag_name)
            return wrap(kind, text) if kind and text else text

        def format_href(self, url, text, external=False):
            return text

        def format_protected(self, text):
            return text

    return RichBackend()


def _person_key(person) -> tuple:
    """Everything of a pybtex ``Person`` its name styles and sorting read: its five name parts."""
    return (tuple(person.first_names), tuple(person.middle_names), tuple(person.prelast_names),
            tuple(person.last_names), tuple(person.lineage_names))


def _reads(part, pure: dict) -> tuple[frozenset, frozenset] | None:
    """The fields and name roles a template part reads, or None if it holds a node not known to read only those.

    A part is pybtex's own template language (``pure``: node name -> its function) over
    strings and rich text; ``field``/``optional_field`` read one field, ``names`` one role.
    A node from elsewhere might read anything, so a part holding one is never memoised.
    """
    from pybtex.style.template import Node

    if not isinstance(part, Node):
        return frozenset(), frozenset()
    if pure.get(part.name) is not part.f:
        return None
    fields: set[str] = set()
    roles: set[str] = set()
    if part.name in ("field", "optional_field"):
        fields.add((part.args[0] if part.args else part.kwargs["name"]).lower())
    elif part.name == "names":
        roles.add(part.args[0] if part.args else part.kwargs["role"])
    for child in (*part.children, *part.args, *part.kwargs.values()):
        inner = _reads(child, pure)
        if inner is None:
            return None
        fields |= inner[0]
        roles |= inner[1]
    return frozenset(fields), frozenset(roles)


def _memoised(template):
    """``template`` (a ``toplevel`` of blocks) with each block formatted once per distinct value of what it reads.

    A block (author, title, the date sentence, the web references) is a pure function of
    the few fields and names it reads, so a block is formatted once per distinct value of
    those: 26,000 entries of one year and no note format the date and note blocks once,
    and only their titles 26,000 times. A block that raises (a missing required field) is
    remembered as the field it missed and raised anew, naming each entry. Templates of
    another shape are returned as they are.
    """
    from pybtex.style import template as tpl
    from pybtex.style.formatting import toplevel

    pure = {f.name: f.f for f in (tpl.join, tpl.words, tpl.together, tpl.sentence, tpl.field, tpl.names,
                                  tpl.optional, tpl.optional_field, tpl.tag, tpl.href, tpl.first_of)}
    pure[_PLAIN_TITLE] = _format_plain_title
    if not isinstance(template, tpl.Node) or template.f is not toplevel.f or template.args or template.kwargs:
        return template
    blocks = []
    for block in template.children:
        reads = _reads(block, pure)
        if reads is None or not isinstance(block, tpl.Node):
            blocks.append(block)
            continue
        fields, roles = tuple(sorted(reads[0])), tuple(sorted(reads[1]))
        blocks.append(tpl.Node("memo", _format_memoised)(block, {}, fields, roles))
    return toplevel[blocks]


#: A title of plain words: ASCII letters and digits, single spaces between, and punctuation that neither
#: LaTeX, latexcodec's ligatures (``--``, ``''``, ``,,``) nor a sentence's closing period reads.
_PLAIN_WORDS = re.compile(r"(?:[A-Za-z0-9;:()]|,(?!,))+(?: (?:[A-Za-z0-9;:()]|,(?!,))+)*")
_PLAIN_TITLE = "plain_title"


def _format_plain_title(children, data, block, name, as_sentence, checked):
    # The node of Formatter.format_title (no docstring: pybtex's node() would collect it as a doctest).
    # pybtex's title block reads the field as LaTeX, capitalizes it and ends a sentence with a period;
    # for plain words that is string work, done here without its rich-text machinery. The first
    # plain title is also formatted by pybtex and compared: if they ever differ, pybtex does every one.
    from pybtex.richtext import Text

    value = data["entry"].fields.get(name)
    if value is None or checked.get("off") or not _PLAIN_WORDS.fullmatch(value):
        return block.format_data(data)
    text = Text(value[:1].upper() + value[1:].lower() + ("." if as_sentence else ""))
    if not checked:
        checked["off"] = text != block.format_data(data)
        if checked["off"]:
            return block.format_data(data)
    return text


#: The context key under which an entry's fields and names, as memo keys, are kept for its blocks.
_READS = "citekit.reads"


def _entry_reads(entry) -> tuple[dict[str, str], dict[str, tuple]]:
    """A pybtex entry's fields (lowercase names) and names (role -> person keys), as :func:`_memoised`'s blocks key on them."""
    fields = {name.lower(): value for name, value in entry.fields.items()}
    return fields, {role: tuple(map(_person_key, people)) for role, people in entry.persons.items()}


def _format_memoised(children, data, block, cache, fields, roles):
    # The node function of _memoised's blocks (no docstring: pybtex's node() would collect it as a doctest).
    from pybtex.style.template import FieldIsMissing

    entry = data["entry"]
    reads = data.get(_READS)
    if reads is None:
        reads = data[_READS] = _entry_reads(entry)  # the context is the entry's own: its other blocks find it
    values, persons = reads
    if "crossref" in values:  # a field may come from the parent in bib_data: no memo
        return block.format_data(data)
    got = values.get
    key = (tuple(got(name) for name in fields), tuple(persons.get(role) for role in roles))
    text = cache.get(key)
    if text is None:
        try:
            text = block.format_data(data)
        except FieldIsMissing as exc:
            text = exc.field_name
        cache[key] = text
    if text.__class__ is str:
        raise FieldIsMissing(text, entry)
    return text


def _formatter(style: str):
    """pybtex's formatting style ``style``, formatting each distinct entry once and each failing entry apart."""
    from pybtex.exceptions import PybtexError
    from pybtex.plugin import find_plugin
    from pybtex.style import FormattedEntry

    base = find_plugin("pybtex.style.formatting", "plain" if style == "abbrv" else style)

    class Formatter(base):
        """The style, with one pass over the entries whatever they hold.

        pybtex formats a whole list or raises on its first bad entry; a file of many entries
        that fail would cost one pass each. Here a failing entry is noted in ``failed`` and
        skipped. Entries whose fields and names are the same format to the same text (the
        label is set apart), so each such text is made once, and kept for a second pass: a
        library of 100,000 alike entries takes one formatting, not 100,000.
        """

        failed: list[tuple[str, str]]
        texts: dict[tuple, object]
        templates: dict[tuple, object]
        title_checked: dict[str, bool]  # {"off": True/False} once the first plain title was compared

        def format_title(self, e, which_field, as_sentence=True):
            """pybtex's title block, with plain-word titles made without its rich-text machinery (same text)."""
            from pybtex.style.template import Node

            block = super().format_title(e, which_field, as_sentence)
            return Node(_PLAIN_TITLE, _format_plain_title)(block, which_field, as_sentence, self.title_checked)

        def format_entry(self, label, entry, bib_data=None, reads=None):
            """pybtex's ``format_entry``, building each template once per type and name roles.

            pybtex builds an entry's template tree anew for every entry (a sixth of its time on
            a long list). The templates of the four styles depend on the entry only through
            its type and which name roles it has (``editor`` vs ``editors``), so that is the key.
            ``reads`` is :func:`_entry_reads` of the entry, when the caller made it already.
            """
            shape = (entry.type, tuple((role, len(people) > 1) for role, people in entry.persons.items()))
            template = self.templates.get(shape)
            if template is None:
                template = self.templates[shape] = _memoised(getattr(self, f"get_{entry.type}_template")(entry))
            context = {"entry": entry, "style": self, "bib_data": bib_data}
            if reads is not None:
                context[_READS] = reads
            return FormattedEntry(entry.key, template.format_data(context), label)

        def format_entries(self, entries, bib_data=None):
            """Sorted, labelled, formatted entries; those pybtex cannot format go to ``failed``."""
            sorted_entries = self.sort(entries)
            labels = self.format_labels(sorted_entries)
            texts = self.texts
            for label, entry in zip(labels, sorted_entries):
                reads = _entry_reads(entry)
                content = (entry.type, tuple(reads[0].items()), tuple(reads[1].items()))
                text = texts.get(content)
                if text is None:
                    try:
                        text = self.format_entry(label, entry, bib_data=bib_data, reads=reads).text
                    except PybtexError as exc:
                        self.failed.append((entry.key, str(exc)))
                        continue
                    texts[content] = text
                yield FormattedEntry(entry.key, text, label)

    # BibTeX's abbrv is plain with first names cut to initials.
    formatter = Formatter(abbreviate_names=True) if style == "abbrv" else Formatter()
    formatter.failed, formatter.texts, formatter.templates, formatter.title_checked = [], {}, {}, {}
    return formatter


def pybtex_bibliography(entries: list[Entry], style: str,
                        failed: list[tuple[int, str]] | None = None) -> list[tuple[int, str]]:
    """(index into ``entries``, rich text with ``[label]`` set off by the margin marker) in the style's order.

    An entry the style cannot format (plain.bst's "missing author in an article") is left
    out and added to ``failed`` as (index, pybtex's reason); the others are formatted.
    """
    formatter = _formatter(style)
    backend = _backend()
    people: dict[tuple, object] = {}
    pentries = {}
    for index, entry in enumerate(entries):
        pentry = pentries[f"e{index}"] = _pybtex_entry(entry, people)
        pentry.key = f"e{index}"  # as BibliographyData.add_entry names it: pybtex's messages name it so

    def run(keys) -> list[tuple[int, str]]:
        # The style's format_entries straight on the entries: format_bibliography would first file each
        # in a BibliographyData and look for crossref parents to add, and these entries have none.
        rendered: dict[int, str] = {}  # one rendering per formatted text, as texts are shared
        out = []
        for item in formatter.format_entries([pentries[key] for key in keys]):
            body = rendered.get(id(item.text))
            if body is None:
                body = rendered[id(item.text)] = item.text.render(backend)
            out.append((int(item.key[1:]), f"[{item.label}]{MARGIN}{body}"))
        return out

    pairs = run(pentries)
    if not formatter.failed:
        return pairs
    # Labels count the entries formatted (plain's [n]; alpha's a/b suffixes): number again without those
    # that failed (sorting and labels again; the texts are the first pass's).
    bad = {key for key, _ in formatter.failed}
    if failed is not None:
        failed.extend(sorted((int(key[1:]), reason) for key, reason in formatter.failed))
    formatter.failed = []
    return run(key for key in pentries if key not in bad)
