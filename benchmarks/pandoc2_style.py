"""A CSL 1.0.2 style in the spelling pandoc 2.x's citeproc reads, for comparisons and benchmarks against pandoc.

pandoc 2.x reads the inheritable name options only on ``cs:citation`` and
``cs:bibliography`` and only through an explicit ``cs:name``; :func:`pushed_down_style`
writes the same style that way. citekit's own processor reads the style as written.
"""

from __future__ import annotations

from lxml import etree

__all__ = ["pushed_down_style", "uses_implicit_names", "INHERITABLE_NAME_OPTIONS"]

CSL_NS = "http://purl.org/net/xbiblio/csl"

#: Name options CSL 1.0.2 lets a style set once on ``cs:style`` for both citation and bibliography.
INHERITABLE_NAME_OPTIONS = (
    "and", "delimiter-precedes-et-al", "delimiter-precedes-last", "et-al-min", "et-al-use-first",
    "et-al-use-last", "et-al-subsequent-min", "et-al-subsequent-use-first", "initialize",
    "initialize-with", "name-as-sort-order", "sort-separator", "name-form", "name-delimiter",
    "names-delimiter",
)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(remove_comments=False, no_network=True, resolve_entities=False)


def _in_substitute(element) -> bool:
    """True inside a ``cs:substitute`` (also within a ``cs:choose`` there), where a bare ``cs:names`` inherits its ``cs:name``."""
    return any(a.tag == f"{{{CSL_NS}}}substitute" for a in element.iterancestors())


def pushed_down_style(path: str) -> bytes:
    """The style with ``cs:style``-level name options copied onto citation and bibliography, and ``cs:name`` spelt out."""
    tree = etree.parse(path, _parser())
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
    root = etree.parse(path, _parser()).getroot()
    return any(names.find(f"{{{CSL_NS}}}name") is None and not _in_substitute(names)
               for names in root.iter(f"{{{CSL_NS}}}names"))
