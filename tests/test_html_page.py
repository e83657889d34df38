"""The HTML publications page in headless Chromium: no console errors, entries visible, copy and toggle work.

Chromium runs with --dump-dom: a small harness script, inserted before the page's own
script in a copy of the page, records errors, clicks the buttons and summaries, and
writes what it saw into a <pre id="harness-result"> that the dumped DOM carries back.
"""

from __future__ import annotations

import html
import json
import re
import subprocess

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
  var out = {entries: [], copies: [], toggles: []};
  document.querySelectorAll("li.entry").forEach(function (li) {
    out.entries.push({id: li.id, visible: shown(li), title: li.querySelector(".title").textContent,
                      links: Array.prototype.map.call(li.querySelectorAll(".links a"), function (a) { return a.getAttribute("href"); })});
  });
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
    var pre = document.createElement("pre");
    pre.id = "harness-result";
    pre.textContent = JSON.stringify(out);
    document.body.appendChild(pre);
  }, 300);
});
</script>
"""


def _run_page(tmp_path, page: str) -> dict:
    chromium = require_tool("chromium")
    # The harness goes first in <head> so that it sees every error the page raises.
    instrumented = page.replace("<head>", "<head>" + HARNESS, 1)
    path = tmp_path / "page.html"
    path.write_text(instrumented, encoding="utf-8")
    profile = tmp_path / "profile"
    result = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
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
