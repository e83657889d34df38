"""``options = {skipbib}``: biblatex prints the entry in no bibliography, so a styled list leaves it out and says so.

biber 2.18 writes ``\\entry{b}{book}{skipbib=true}`` to the ``.bbl`` (``dataonly`` as ``skipbib=true,skipbiblist=true,
skiplab=true``) and ``\\printbibliography`` prints the other entries only; a skipbib entry still has its number and
year letter (the entries after it keep theirs), a dataonly one has neither. pandoc 3 ignores ``options`` and lists
every entry. A ``.bib`` or CSL-JSON conversion keeps every entry (every entry in is an entry out).
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

import citekit
from citekit.listing import skipbib_option
from citekit.model import Entry

BIB = """@book{plain, author = {Alpha, Ann}, title = {Printed Book}, date = {2001}, publisher = {P}}

@book{skipped, author = {Beta, Bob}, title = {Skipped Book}, date = {2002}, publisher = {P},
  options = {skipbib}}

@book{putback, author = {Gamma, Gil}, title = {Put Back Book}, date = {2003}, publisher = {P},
  options = {skipbib=false}}

@book{skiptrue, author = {Delta, Dan}, title = {True Skip Book}, date = {2004}, publisher = {P},
  options = {useprefix, skipbib=true}}

@book{dataonly, author = {Eps, Eve}, title = {Data Only Book}, date = {2005}, publisher = {P},
  options = {dataonly}}

@book{related, author = {Zeta, Zoe}, title = {Related Options Book}, date = {2006}, publisher = {P},
  relatedoptions = {skipbib}}

@collection{parent, editor = {Eta, Ed}, title = {The Parent Collection}, date = {2007}, publisher = {Q},
  location = {Rome}, options = {skipbib}}

@incollection{child, author = {Theta, Tom}, title = {A Child Chapter}, crossref = {parent}, pages = {1--9}}
"""
LEFT_OUT = {"skipped": 3, "skiptrue": 9, "dataonly": 12, "parent": 18}


@pytest.mark.parametrize("options, expected", [
    ("{skipbib}", "skipbib"), ("{skipbib=true}", "skipbib=true"), ("{ skipbib = true }", "skipbib=true"),
    ("{useprefix=true,skipbib}", "skipbib"), ("{skipbib=false}", None), ("{skipbib,skipbib=false}", None),
    ("{skipbib=false,dataonly}", "dataonly"), ("{dataonly=false}", None), ("{skipbiblist}", None),
    ("{skipbiblistshorthand}", None), ("{useeditor=false}", None), ("skipbib", "skipbib"),
])
def test_the_option_is_read_as_biblatex_executes_options(options, expected):
    """In order, later settings overriding earlier ones; skipbiblist (another list's option) does not count."""
    entry = Entry(extra={"bibtex": {"type": "book", "fields": {"Options": options}}})
    assert skipbib_option(entry) == expected


def test_a_styled_list_leaves_skipbib_entries_out_and_says_each_with_its_line(cli, tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB, encoding="utf-8")
    out = tmp_path / "list.txt"
    result = cli("convert", str(bib), "--to", "text", "--style", "apa", "-o", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    for title in ("Printed book", "Put back book", "Related options book", "A child chapter"):
        assert title in text
    for title in ("Skipped", "True skip", "Data only"):
        assert title not in text
    # The child inherits from the parent left out, as biber's does: the parent's editor and title are in its entry.
    assert "In E. Eta (Ed.), The parent collection" in text and text.count("parent collection") == 1
    said = {m.group(2): int(m.group(1)) for m in
            re.finditer(r"info: [^\n]*?:(\d+): entry '(\w+)' left out of the reference list: its options say", result.output)}
    assert said == LEFT_OUT


def test_conversions_keep_every_entry(cli, tmp_path):
    """CSL-JSON and .bib outputs are conversions: all eight entries, the options field kept as written."""
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB, encoding="utf-8")
    result = cli("convert", str(bib), "--to", "csl-json")
    assert result.exit_code == 0, result.output
    assert result.stdout.count('"title"') == 8 and "left out" not in result.output
    out = tmp_path / "out.bib"
    result = cli("convert", str(bib), "--to", "biblatex", "-o", str(out))
    assert result.exit_code == 0, result.output
    written = out.read_text(encoding="utf-8")
    assert len(re.findall(r"^@\w+\{", written, re.M)) == 8 and "options = {skipbib}" in written


def test_the_library_api_lists_what_biblatex_prints(tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB, encoding="utf-8")
    library = citekit.read(str(bib), fmt="bibtex")
    text = citekit.export(library, "text", style="ieee")
    assert text.count("[") == 4 and "Skipped" not in text
    assert {p.line for p in library.problems if "its options say" in p.message} == set(LEFT_OUT.values())


@pytest.mark.skipif(shutil.which("biber") is None or shutil.which("pdflatex") is None, reason="needs biber and pdflatex")
def test_the_left_out_entries_are_those_biblatex_leaves_out(tmp_path):
    """biblatex's own \\printbibliography (pdflatex, biber, pdflatex) prints exactly the entries citekit lists."""
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    (tmp_path / "doc.tex").write_text(
        "\\documentclass{article}\\usepackage[backend=biber]{biblatex}\\addbibresource{refs.bib}\n"
        "\\AtEveryBibitem{\\typeout{PRINTED:\\thefield{entrykey}}}\n"
        "\\begin{document}\\nocite{*}\\printbibliography\\end{document}\n", encoding="utf-8")
    log = ""
    for command in (["pdflatex", "-interaction=nonstopmode", "doc.tex"], ["biber", "doc"],
                    ["pdflatex", "-interaction=nonstopmode", "doc.tex"]):
        log = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=300).stdout
    printed = set(re.findall(r"PRINTED:(\w+)", log))
    library = citekit.read(str(tmp_path / "refs.bib"), fmt="bibtex")
    from citekit.listing import reference_list

    assert printed == {e.key for e in reference_list(library).printed} == {"plain", "putback", "related", "child"}


LABELS = """@book{a, author = {Alpha, Ann}, title = {First Book}, date = {2001}, publisher = {P}}
@book{e, author = {Eps, Eve}, title = {Data Only}, date = {2005}, publisher = {P}, options = {dataonly}}
@book{b, author = {Alpha, Ann}, title = {Skipped Book}, date = {2001}, publisher = {P}, options = {skipbib}}
@book{c, author = {Gamma, Gil}, title = {Not Skipped}, date = {2003}, publisher = {P}}
@book{f, author = {Alpha, Ann}, title = {Third Book}, date = {2001}, publisher = {P}}
"""


def _labels(tmp_path, style):
    bib = tmp_path / "labels.bib"
    bib.write_text(LABELS, encoding="utf-8")
    return citekit.export(citekit.read(str(bib), fmt="bibtex"), "text", style=style)


def test_a_skipbib_entry_keeps_its_number_and_a_dataonly_entry_has_none(tmp_path):
    """biblatex's numeric style (sorting=none) on this file prints [1] a, [3] c, [4] f: b is numbered, e is not."""
    text = _labels(tmp_path, "ieee")
    assert re.findall(r"^\[(\d)\]\s+\S+ (\w+)", text, re.M) == [("1", "Alpha"), ("3", "Gamma"), ("4", "Alpha")]
    assert "Skipped" not in text and "Data" not in text


def test_a_skipbib_entry_keeps_its_year_letter(tmp_path):
    """biblatex's authoryear style prints "2001a" and "2001c" for a and f: the skipbib b holds "2001b"."""
    text = _labels(tmp_path, "apa")
    assert "Alpha, A. (2001a). First book." in text and "Alpha, A. (2001c). Third book." in text
    assert "2001b" not in text and "Skipped" not in text


@pytest.mark.skipif(shutil.which("biber") is None or shutil.which("pdflatex") is None, reason="needs biber and pdflatex")
@pytest.mark.parametrize("style, field, expected", [("numeric,sorting=none", "labelnumber", {"a": "1", "c": "3", "f": "4"}),
                                                    ("authoryear", "extradate", {"a": "1", "c": "", "f": "3"})])
def test_the_labels_are_biblatexs(tmp_path, style, field, expected):
    """The numbers and year letters the two tests above expect are what biblatex prints (pdflatex, biber, pdflatex)."""
    (tmp_path / "labels.bib").write_text(LABELS, encoding="utf-8")
    (tmp_path / "doc.tex").write_text(
        f"\\documentclass{{article}}\\usepackage[backend=biber,style={style}]{{biblatex}}\\addbibresource{{labels.bib}}\n"
        f"\\AtEveryBibitem{{\\typeout{{PRINTED:\\thefield{{entrykey}}=\\thefield{{{field}}}}}}}\n"
        "\\begin{document}\\nocite{*}\\printbibliography\\end{document}\n", encoding="utf-8")
    log = ""
    for command in (["pdflatex", "-interaction=nonstopmode", "doc.tex"], ["biber", "doc"],
                    ["pdflatex", "-interaction=nonstopmode", "doc.tex"]):
        log = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=300).stdout
    assert dict(re.findall(r"PRINTED:(\w+)=(\w*)", log)) == expected


def test_the_wrote_line_counts_the_entries_printed(cli, tmp_path):
    """"wrote N entries" of a list counts what it prints (four here); the .bib beside it holds all eight."""
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB, encoding="utf-8")
    out, page = tmp_path / "out.bib", tmp_path / "list.txt"
    result = cli("convert", str(bib), "-o", str(out), "-o", str(page), "--style", "apa")
    assert result.exit_code == 0, result.output
    assert f"wrote 8 entries to {out}" in result.output and f"wrote 4 entries to {page}" in result.output
