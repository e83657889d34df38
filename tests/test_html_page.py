"""The HTML publications page in headless Chromium at phone and desktop widths: no console errors, every entry
visible, no horizontal scroll on a phone, each title once, years, the owner highlighted, search, copy and toggles.

Chromium runs with --dump-dom: a small harness script, inserted before the page's own
script in a copy of the page, records errors, clicks the buttons and summaries, and
writes what it saw into a <pre id="harness-result"> that the dumped DOM carries back.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from citekit import export
from citekit.model import Library
from conftest import require_tool
from test_styles_fixtures import seed_library, variant_library

HARNESS = r"""
<script>
window.__errors = [];
window.addEventListener("error", function (e) { window.__errors.push("error: " + e.message); });
window.addEventListener("unhandledrejection", function (e) { window.__errors.push("rejection: " + e.reason); });
(function () {
  var original = console.error;
  console.error = function () { window.__errors.push("console: " + Array.prototype.join.call(arguments, " ")); original.apply(console, arguments); };
})();
window.addEventListener("load", function () {
  function shown(el) {
    var r = el.getBoundingClientRect(), s = getComputedStyle(el);
    // checkVisibility also sees the content-visibility that hides a closed <details>.
    var visible = typeof el.checkVisibility === "function" ? el.checkVisibility({checkVisibilityCSS: true, contentVisibilityAuto: true}) : true;
    return visible && r.width > 0 && r.height > 0 && s.visibility !== "hidden" && s.display !== "none";
  }
  var out = {entries: [], copies: [], toggles: [], width: window.innerWidth,
             clientWidth: document.documentElement.clientWidth, scrollWidth: document.documentElement.scrollWidth,
             years: Array.prototype.map.call(document.querySelectorAll("h2.year"), function (h) { return h.firstChild.textContent.trim(); }),
             owners: Array.prototype.map.call(document.querySelectorAll(".authors .owner"), function (o) { return o.textContent; })};
  document.querySelectorAll("li.entry").forEach(function (li) {
    var title = li.querySelector(".title").textContent, rect = li.getBoundingClientRect();
    out.entries.push({id: li.id, visible: shown(li), title: title, right: rect.right,
                      titleCount: li.innerText.split(title).length - 1,
                      links: Array.prototype.map.call(li.querySelectorAll(".links a"), function (a) { return a.getAttribute("href"); })});
  });
  // The search box: the first entry's first long title word keeps it shown and hides what lacks the word.
  var box = document.getElementById("search"), first = out.entries[0];
  var word = first.title.split(/\s+/).filter(function (w) { return /^[A-Za-z]{6,}$/.test(w); })[0] || first.title.split(/\s+/)[0];
  box.value = word;
  box.dispatchEvent(new Event("input"));
  out.search = {word: word, firstShown: shown(document.getElementById(first.id)),
                shown: document.querySelectorAll("li.entry:not([hidden])").length,
                expected: out.entries.filter(function (e) { return document.getElementById(e.id).textContent.toLowerCase().indexOf(word.toLowerCase()) !== -1; }).length,
                status: document.querySelector(".search-status").textContent};
  box.value = "";
  box.dispatchEvent(new Event("input"));
  out.search.shownAfterClear = document.querySelectorAll("li.entry:not([hidden])").length;
  document.querySelectorAll("details.abstract").forEach(function (d) {
    var p = d.querySelector("p.abstract");
    var before = {open: d.open, visible: shown(p)};
    d.querySelector("summary").click();
    out.toggles.push({before: before, after: {open: d.open, visible: shown(p)}});
  });
  var buttons = document.querySelectorAll("button.copy-bibtex");
  buttons.forEach(function (b) { b.click(); });
  setTimeout(function () {
    buttons.forEach(function (b) {
      var li = b.closest("li.entry");
      var box = li.querySelector("textarea.bibtex-fallback");
      var expected = document.getElementById(b.getAttribute("data-target")).textContent;
      out.copies.push({expected: expected, fallback: box ? box.value : null,
                       selected: box ? box.value.substring(box.selectionStart, box.selectionEnd) : null,
                       status: li.querySelector(".copy-status").textContent});
    });
    out.errors = window.__errors;
    // In the sizing frame, the result goes to the top page, whose DOM Chromium dumps.
    var sink = window.parent !== window ? window.parent.document : document;
    var pre = sink.createElement("pre");
    pre.id = "harness-result";
    pre.textContent = JSON.stringify(out);
    sink.body.appendChild(pre);
  }, 300);
});
</script>
"""


CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars"]
PHONE, DESKTOP = (390, 844), (1280, 900)


def _framed(page: str, size: tuple[int, int]) -> str:
    """``page`` in a frame of exactly ``size``: Chromium's window is never narrower than 500 px, a frame is."""
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0">'
            f'<iframe style="border:0;display:block" width="{size[0]}" height="{size[1]}" '
            f'srcdoc="{html.escape(page, quote=True)}"></iframe></body></html>')


def _run_page(tmp_path, page: str, size: tuple[int, int] = DESKTOP) -> dict:
    chromium = require_tool("chromium")
    # The harness goes first in <head> so that it sees every error the page raises.
    instrumented = page.replace("<head>", "<head>" + HARNESS, 1)
    path = tmp_path / "page.html"
    path.write_text(_framed(instrumented, size), encoding="utf-8")
    profile = tmp_path / "profile"
    result = subprocess.run(
        [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--window-size={max(size[0], 500)},{size[1]}",
         "--virtual-time-budget=5000", "--dump-dom", path.as_uri()],
        capture_output=True, text=True, timeout=120,
    )
    match = re.search(r'<pre id="harness-result">(.*?)</pre>', result.stdout, re.S)
    assert match, result.stderr[-2000:]
    return json.loads(html.unescape(match.group(1)))


@pytest.mark.integration
def test_publications_page_in_chromium(tmp_path):
    """Every entry visible, no console errors, abstracts fold open on click, the BibTeX copy button delivers the BibTeX."""
    library = Library(entries=seed_library(5).entries + variant_library().entries)
    page = export(library, "html", style="template:publications")
    # Self-contained: nothing is fetched (no src=, <link>, @import or url()).
    assert not re.search(r"<[^>]+\ssrc=|<link\b|@import|url\(", page)
    seen = _run_page(tmp_path, page)
    assert seen["errors"] == []
    assert len(seen["entries"]) == len(library.entries)
    assert all(e["visible"] for e in seen["entries"])
    assert any("<script>alert(1)</script>" in e["title"] for e in seen["entries"])  # shown as text
    arxiv_links = [link for e in seen["entries"] for link in e["links"] if "arxiv.org/abs/" in link]
    assert len(arxiv_links) == len(library.entries)
    assert any(link == "https://doi.org/10.1007/s10955-022-02966-8" for e in seen["entries"] for link in e["links"])
    assert seen["toggles"] and all(not t["before"]["open"] and not t["before"]["visible"] for t in seen["toggles"])
    assert all(t["after"]["open"] and t["after"]["visible"] for t in seen["toggles"])
    assert len(seen["copies"]) == len(library.entries)
    for copy in seen["copies"]:
        assert copy["expected"].lstrip().startswith("@")
        # Headless Chromium grants no clipboard to a file:// page, so the fallback runs:
        # the BibTeX is put in a text box, selected, and copied with execCommand.
        assert copy["fallback"] == copy["expected"]
        assert copy["status"] in ("Copied", "Selected: press Ctrl+C (\u2318C) to copy")
    assert seen["copies"][-1]["selected"] == seen["copies"][-1]["expected"]


def _owner_library() -> Library:
    """A publication profile's entries: the owner named on each, over several years."""
    from citekit.model import Entry, Name, PartialDate

    owner = {"family": "Albanese", "given": "Linda"}
    entries = [
        Entry(title="Dense associative memories at scale", author=[Name("Albanese", "Linda"), Name("Barra", "Adriano")],
              issued=PartialDate(2023, 4), arxiv_id="2304.00001", abstract="We study memories."),
        Entry(title="Replica trick revisited", author=[Name("Barra", "Adriano"), Name("Albanese", "L.")],
              issued=PartialDate(2021, 2), arxiv_id="2102.00002", container_title="Journal of Statistical Physics",
              DOI="10.1007/s10955-021-00001-1"),
        Entry(title="An undated note", author=[Name("Albanese", "Linda")], URL="https://example.org/note_1"),
    ]
    for index, entry in enumerate(entries):
        entry.extra["profile_owner"] = owner
        entry.key = f"own{index}"
    return Library(entries=entries)


def _png_size(path) -> tuple[int, int]:
    import struct

    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


@pytest.mark.integration
@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone-390px", "desktop-1280px"])
def test_publications_page_at_phone_and_desktop_widths(tmp_path, size):
    """At 390 px and 1280 px: no console errors, every entry visible inside the width, no horizontal scroll,
    each title once, grouped by year (newest first, undated last), the owner highlighted, search filters."""
    library = Library(entries=seed_library(8).entries + variant_library().entries + _owner_library().entries)
    page = export(library, "html", style="template:publications", owners=("Linda Albanese",))
    seen = _run_page(tmp_path, page, size)
    assert seen["errors"] == []
    assert seen["width"] == size[0]
    assert seen["scrollWidth"] <= seen["clientWidth"], "the page scrolls sideways"
    assert len(seen["entries"]) == len(library.entries)
    assert all(e["visible"] and e["right"] <= size[0] for e in seen["entries"])
    assert all(e["titleCount"] == 1 for e in seen["entries"]), [e for e in seen["entries"] if e["titleCount"] != 1][:2]
    years = seen["years"]
    assert years[-1] == "Undated" and years[:-1] == sorted(years[:-1], reverse=True) and "2021" in years
    assert seen["owners"] and set(seen["owners"]) == {"Linda Albanese", "L. Albanese"}
    search = seen["search"]
    assert search["firstShown"] and search["shown"] == search["expected"] < len(library.entries)
    assert search["status"] == f"{search['shown']} of {len(library.entries)} shown"
    assert search["shownAfterClear"] == len(library.entries)
    # A screenshot at this width, as a person would look at it.
    chromium = require_tool("chromium")
    (tmp_path / "plain.html").write_text(_framed(page, size), encoding="utf-8")
    shot = Path(os.environ.get("CITEKIT_SCREENSHOTS", tmp_path)) / f"publications-{size[0]}px.png"
    window = (max(size[0], 500), size[1])
    subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'shot-profile'}",
                    f"--window-size={window[0]},{window[1]}", f"--screenshot={shot}", (tmp_path / "plain.html").as_uri()],
                   capture_output=True, timeout=120)
    assert _png_size(shot) == window


def test_page_lists_each_title_once_and_leaves_abstract_only_entries_out():
    """The page prints a title once (no second copy in a formatted reference) and no abstract-only entry."""
    from citekit.model import Entry

    library = _owner_library()
    library.entries.append(Entry(abstract="Only an abstract, no title, no author and no id."))
    page = export(library, "html", style="template:publications", owners=("Linda Albanese",))
    body = re.sub(r'<pre class="bibtex".*?</pre>', "", page, flags=re.S)
    for entry in library.entries[:3]:
        assert body.count(html.escape(entry.title)) == 1
    assert "Only an abstract" not in page
    assert page.count('<li class="entry"') == 3
    assert '<span class="owner">Linda Albanese</span>' in page
