"""The publications page: no claim of authorship without --owner, newest first, grouping, names, venues."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from citekit import export
from citekit.model import Entry, Library, Name, PartialDate

SEEDS = str(Path(__file__).resolve().parent.parent / "seeds")


def _page(entries, **options) -> str:
    page = export(Library(entries=entries), "html", style="template:publications", **options)
    return re.sub(r'<pre class="bibtex".*?</pre>', "", page, flags=re.S)  # what a reader sees


def _titles(page: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", t) for t in re.findall(r'<p class="title">(.*?)</p>', page)]


def test_no_owner_no_claim(cli, tmp_path):
    """The seeds mix a profile with Hugging Face pages of other people's papers: the page names no owner."""
    out = tmp_path / "page.html"
    result = cli("convert", SEEDS, "-o", str(out), "--style", "template:publications", "-q")
    assert result.exit_code == 0
    page = out.read_text()
    assert "<h1>Papers</h1>" in page and "Janice Lan" not in re.findall(r"<title>(.*?)</title>", page)[0]
    assert 'class="owner"' not in page and "publications</p>" not in page


def test_owner_and_title(cli, tmp_path):
    out = tmp_path / "page.html"
    cli("convert", SEEDS, "-o", str(out), "--style", "template:publications", "--owner", "Lan, Janice",
        "--title", "Janice Lan", "-q")
    page = out.read_text()
    assert "<h1>Janice Lan</h1>" in page and '<span class="owner">Janice Lan</span>' in page


def test_newest_first_within_a_year_and_grouping_by_type():
    entries = [
        Entry(title="March paper", issued=PartialDate(2023, 3), container_title="Journal A", type="article-journal"),
        Entry(title="Year only", issued=PartialDate(2023), type="article", arxiv_id="2301.00001"),
        Entry(title="November paper", issued=PartialDate(2023, 11, 2), type="paper-conference",
              container_title="Proceedings B"),
        Entry(title="Older", issued=PartialDate(2021, 5), type="article", arxiv_id="2105.00001"),
    ]
    assert _titles(_page(entries)) == ["November paper", "March paper", "Year only", "Older"]
    page = _page(entries, group_by="type")
    assert re.findall(r'<h2 class="group"[^>]*>([^<]+?) <', page) == ["Journal articles", "Conference papers", "Preprints"]
    assert _titles(page) == ["March paper", "November paper", "Year only", "Older"]


def test_venue_from_the_published_version_never_the_comment():
    entries = [
        Entry(title="With journal ref", issued=PartialDate(2020, 1), arxiv_id="2001.00001", type="article",
              journal_ref="Phys. Rev. D 101, 023501 (2020)", comment="32 pages, 20 figures"),
        Entry(title="Only a comment", issued=PartialDate(2020, 2), arxiv_id="2002.00001", type="article",
              comment="Accepted at some workshop; 12 pages"),
    ]
    page = _page(entries)
    assert "32 pages" not in page and "12 pages" not in page
    assert '<span class="venue">Phys. Rev. D 101</span>' in page
    assert page.count('class="venue"') == 1
    grouped = _page(entries, group_by="type")
    assert "Journal articles" in grouped and "Preprints" in grouped


def test_long_author_lists_show_names_and_the_owner():
    authors = [Name(f"Author{i:02d}", "A.") for i in range(40)]
    authors[30] = Name("Lan", "Janice")
    page = _page([Entry(title="Big team", author=authors, issued=PartialDate(2024, 12))], owners=("Janice Lan",))
    line = re.findall(r'<p class="authors">(.*?)</p>', page)[0]
    assert "A. Author00" in line and "A. Author09" in line and "A. Author10" not in line
    assert '… <span class="owner">Janice Lan</span>' in line
    assert '<span class="more">and 29 others</span>' in line
    assert "40 authors" not in page


def test_self_contained():
    page = export(Library(entries=[Entry(title="T", issued=PartialDate(2020))]), "html", style="template:publications")
    assert "<link" not in page and " src=" not in page and "@import" not in page


_CONTRAST = r"""
<script>
window.addEventListener("load", function () {
  function rgb(c) { var m = c.match(/[\d.]+/g).map(Number); return m.slice(0, 3); }
  function lum(c) {
    return rgb(c).map(function (v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); })
                 .reduce(function (s, v, i) { return s + v * [0.2126, 0.7152, 0.0722][i]; }, 0);
  }
  function ratio(a, b) { var x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); }
  var bg = getComputedStyle(document.body).backgroundColor;
  function fg(sel) { return getComputedStyle(document.querySelector(sel)).color; }
  var owner = document.querySelector(".authors .owner"), os = getComputedStyle(owner);
  var out = {bg: lum(bg), text: ratio(fg("body"), bg), title: ratio(fg(".title"), bg), muted: ratio(fg(".meta"), bg),
             link: ratio(fg(".links a"), bg), owner: ratio(os.color, os.backgroundColor),
             fontSize: parseFloat(getComputedStyle(document.body).fontSize),
             scroll: document.documentElement.scrollWidth <= document.documentElement.clientWidth};
  var pre = document.createElement("pre"); pre.id = "contrast"; pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>
"""


@pytest.mark.integration
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_readable_in_light_and_dark(tmp_path, scheme):
    """Text, muted text, links and the owner's mark keep WCAG contrast (7:1 for text, 4.5:1 otherwise) in both schemes."""
    import json
    import subprocess

    from conftest import require_tool

    chromium = require_tool("chromium")
    authors = [Name("Lan", "Janice"), Name("Weston", "Jason")]
    entries = [Entry(title="A paper", author=authors, issued=PartialDate(2024, 5), container_title="Journal A",
                     arxiv_id="2405.00001", abstract="Abstract text.")]
    page = export(Library(entries=entries), "html", style="template:publications", owners=("Janice Lan",))
    path = tmp_path / "page.html"
    path.write_text(page.replace("</head>", _CONTRAST + "</head>", 1), encoding="utf-8")
    flags = ["--force-dark-mode", "--blink-settings=preferredColorScheme=0"] if scheme == "dark" else []
    result = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                             f"--user-data-dir={tmp_path / 'profile'}", "--window-size=500,900", *flags,
                             "--virtual-time-budget=3000", "--dump-dom", path.as_uri()],
                            capture_output=True, text=True, timeout=120)
    found = re.search(r'<pre id="contrast">(.*?)</pre>', result.stdout, re.S)
    assert found, result.stderr[-1500:]
    seen = json.loads(found.group(1).replace("&quot;", '"'))
    assert (seen["bg"] > 0.8) if scheme == "light" else (seen["bg"] < 0.05)
    assert seen["text"] >= 7 and seen["title"] >= 7
    assert seen["muted"] >= 4.5 and seen["link"] >= 4.5 and seen["owner"] >= 4.5
    assert seen["fontSize"] >= 16 and seen["scroll"]
