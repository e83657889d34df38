"""What ``citekit fmt`` may change: one option per bibtex-tidy option, all off by default."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["FormatOptions", "DEFAULT_FIELD_ORDER", "DUPLICATE_CHECKS"]

#: bibtex-tidy's default field order for ``--sort-fields`` with no list (its documentation's list).
DEFAULT_FIELD_ORDER = (
    "title", "shorttitle", "author", "year", "month", "day", "journal", "booktitle", "location", "on",
    "publisher", "address", "series", "volume", "number", "pages", "doi", "isbn", "issn", "url",
    "urldate", "copyright", "category", "note", "metadata",
)

#: What ``--duplicates`` may compare (bibtex-tidy's ``--duplicates`` choices).
DUPLICATE_CHECKS = ("doi", "key", "abstract", "citation")


@dataclass(slots=True)
class FormatOptions:
    """Every change ``fmt`` can make; the default instance changes nothing."""

    # layout: any of these re-lays-out each entry
    indent: str | None = None  # "  ", "\t", ...; None keeps each entry's layout
    align: int = 0  # pad field names to this width before " = "
    wrap: int = 0  # wrap values longer than this column (0: never)
    sort_fields: tuple[str, ...] | None = None  # () means DEFAULT_FIELD_ORDER
    trailing_comma: bool | None = None  # True adds, False removes, None keeps
    blank_lines: bool = False  # exactly one blank line between blocks
    lowercase: bool = False  # entry types, field names and @string/@preamble/@comment in lower case
    # values
    braces: bool = False  # "quoted" values (and bare numbers unless bare_numbers) become {braced}
    bare_numbers: bool = False  # {2020} -> 2020
    month_macros: bool = False  # month = {January} -> jan
    strip_double_braces: bool = False  # {{Title}} -> {Title}
    title_case_all_caps: bool = False  # {JOURNAL OF TEA} -> {Journal of Tea}
    escape: bool = False  # non-ASCII characters as TeX commands
    protect_fields: tuple[str, ...] = ()  # {X} -> {{X}} for these fields
    remove_braces_fields: tuple[str, ...] = ()  # drop braces that are not a command's argument
    encode_urls: bool = False  # percent-encode characters a URL may not hold
    max_authors: int = 0  # more authors than this: keep this many, then "and others"
    # fields
    remove_fields: tuple[str, ...] = ()  # drop these fields (case-insensitive)
    remove_empty_fields: bool = False
    remove_duplicate_fields: bool = False  # a field given twice: keep the first (bibtex's and biber's reading)
    drop_url_with_doi: bool = False  # drop url when a doi is present
    # blocks
    strip_comments: bool = False
    tidy_comments: bool = False
    sort_entries: tuple[str, ...] | None = None  # () means by key
    # keys and duplicates
    key_pattern: str | None = None  # regenerate every key with this pattern (keys.py syntax)
    duplicates: tuple[str, ...] | None = None  # report duplicates by these checks (() means all)
    merge_duplicates: bool = False  # merge entries proven to be the same paper

    @property
    def relayout(self) -> bool:
        """True when entries are laid out afresh rather than edited in place."""
        return self.indent is not None or bool(self.align) or bool(self.wrap) or self.sort_fields is not None
