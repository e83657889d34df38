"""The text a browser's select-all + copy gives for a saved HTML page (to build pastes from real saved pages).

Block elements stand on their own lines, table cells are separated by tabs and rows by line breaks,
``<br>`` breaks a line, whitespace inside a line collapses to one space, and what a desktop browser
does not render is left out: ``head``, ``script``, ``style``, ``noscript``, ``template``, elements
with ``hidden`` or an inline ``display:none``, and Bootstrap's hidden classes (``collapse`` without
``show``, ``d-none`` without a ``d-*-block/flex/inline`` that shows it, ``d-md-none`` and wider).

    python benchmarks/html_to_copy.py page.html > page.txt
"""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser

BLOCKS = frozenset(
    "address article aside blockquote dd div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table tbody thead tfoot tr ul caption details summary".split())
SKIPPED = frozenset("head script style noscript template svg button select option input textarea".split())
VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())


def hidden(tag: str, attrs: dict[str, str | None]) -> bool:
    """True when a desktop browser renders nothing of this element."""
    if tag in SKIPPED or "hidden" in attrs:
        return True
    if re.search(r"display\s*:\s*none", attrs.get("style") or "", re.I):
        return True
    classes = (attrs.get("class") or "").split()
    if "collapse" in classes and "show" not in classes:
        return True
    if "d-none" in classes and not any(re.fullmatch(r"d-(?:sm|md|lg|xl)-(?:block|flex|inline(?:-block|-flex)?|table.*)", c) for c in classes):
        return True
    return any(c in ("d-md-none", "d-lg-none", "d-xl-none") for c in classes)


class _Copy(HTMLParser):
    """Collects the rendered text: a list of lines, each a list of inline pieces."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = [""]
        self.stack: list[tuple[str, bool]] = []  # (tag, hidden)
        self.hidden_depth = 0

    def _break(self) -> None:
        if self.lines[-1].strip():
            self.lines.append("")

    def handle_starttag(self, tag: str, attrs_list) -> None:
        attrs = dict(attrs_list)
        if self.hidden_depth:
            if tag not in VOID:
                self.stack.append((tag, False))
            return
        is_hidden = hidden(tag, attrs)
        if tag in VOID:
            if tag == "br" or tag == "hr":
                self.lines.append("")
            return
        self.stack.append((tag, is_hidden))
        if is_hidden:
            self.hidden_depth += 1
            return
        if tag in BLOCKS:
            self._break()
        elif tag in ("td", "th") and self.lines[-1].strip():
            self.lines[-1] += "\t"

    def handle_endtag(self, tag: str) -> None:
        # Close up to the matching open tag (saved pages leave <p>, <li>, <td> open).
        for k in range(len(self.stack) - 1, -1, -1):
            if self.stack[k][0] == tag:
                for _, was_hidden in self.stack[k:]:
                    if was_hidden:
                        self.hidden_depth -= 1
                del self.stack[k:]
                break
        else:
            return
        if not self.hidden_depth and tag in BLOCKS:
            self._break()

    def handle_data(self, data: str) -> None:
        if self.hidden_depth:
            return
        text = re.sub(r"[ \t\r\n\f]+", " ", data)
        if self.lines[-1].endswith((" ", "\t")) or not self.lines[-1]:
            text = text.lstrip(" ")
        self.lines[-1] += text


def copy_text(html: str) -> str:
    """The text of ``html`` as a browser's select-all and copy gives it."""
    parser = _Copy()
    parser.feed(html)
    parser.close()
    lines = [re.sub(r" *\t *", "\t", line).strip(" ") for line in parser.lines]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip() + "\n"


if __name__ == "__main__":
    sys.stdout.write(copy_text(open(sys.argv[1], encoding="utf-8").read()))
