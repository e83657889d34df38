"""Values from the data never become live TeX or template code (issue 25), unit level.

The compiled proof (pdflatex, bibtex, biber, with and without -shell-escape) is
tests/test_hostile_tex.py; these tests pin the encoders and the template sandbox.
"""

from __future__ import annotations

import json
import re

import pytest

from citekit.latex import encode, encode_url, encode_verbatim, is_safe_math
from citekit.render.rich import to_latex

HOSTILE_TITLE = (r"Slow $\immediate\openout9=victim.tex \immediate\write9{destroyed by a title}"
                 r"\immediate\closeout9 \input{/etc/hostname}$ sorting")
CARET_DOI = "10.1234/^^7d^^5cinput^^7b/etc/hostname^^7d"
BRACE_URL = r"http://x.org/x{\input{/etc/hostname}}y"

#: A backslash that starts a control word other than the escapes the encoders write.
_LIVE = re.compile(r"\\(?!(?:textbackslash|textbraceleft|textbraceright|textasciicircum|textasciitilde|textless"
                   r"|textgreater|textbar|emph|textit|textbf|url|relax)\b)[A-Za-z]+|\\[^A-Za-z%&$#_{}]")


@pytest.mark.parametrize("math", [r"\input{x}", r"\immediate\write18{ls}", r"\csname input\endcsname",
                                  r"x^^5cinput", r"\def\a{b}", r"\catcode`\^=0", r"\openin1=x", r"\read1to\x",
                                  r"a~b", r"\newwrite\w", r"\special{x}", r"\directlua{x}", r"\expandafter"])
def test_math_outside_the_allow_list_is_escaped_as_text(math):
    """$...$ holding any command off the allow-list (or ^^) is no longer math: every \\ and ^ is text."""
    assert not is_safe_math(math)
    out = encode(f"A ${math}$ b")
    assert "$" not in out.replace(r"\$", "")
    assert not _LIVE.search(out), out
    assert "^" not in out


@pytest.mark.parametrize("math", [r"\alpha^2_{i}", r"\mathcal{O}(n \log n)", r"\frac{1}{\sqrt{2}}", r"x \le y",
                                  r"\left( a \right)", r"\{1, 2\}", r"\mathbb{R}^n", r"k", r"\text{ReLU}(x)"])
def test_math_on_the_allow_list_is_kept(math):
    """Ordinary math in titles keeps working."""
    assert is_safe_math(math)
    assert f"${math}$" in encode(f"On ${math}$ bounds")


def test_hostile_title_is_escaped_in_bibtex_and_latex():
    """The issue's title: no \\input, \\openout or \\write stays a command."""
    for out in (encode(HOSTILE_TITLE, protect=True), to_latex(HOSTILE_TITLE)):
        assert not _LIVE.search(out), out


@pytest.mark.parametrize("value", [CARET_DOI, BRACE_URL, "http://a.b/c%zz", "http://a/\\", "x{", "}x"])
def test_url_values_hold_no_tex_specials(value):
    """\\ ^ { } and a stray % are percent-encoded; the result is still the same URL for a browser."""
    out = encode_url(value)
    assert not set(out) & set("\\^{}")
    assert not re.search(r"%(?![0-9A-F]{2})", out)
    from urllib.parse import unquote

    assert unquote(out) == unquote(value.replace("%zz", "%25zz"))


def test_ordinary_urls_and_dois_are_unchanged():
    for value in ("https://doi.org/10.1000/xyz_123", "10.1002/(SICI)1097-4636(199812)43:4<448::AID-JBM14>3.0.CO;2-W",
                  "https://example.org/a%20b?x=1&y=2#frag", "https://example.org/~user/"):
        assert encode_url(value) == value


def test_verbatim_ids_typeset_as_text_are_escaped():
    assert encode_verbatim("978-3-16-148410-0") == "978-3-16-148410-0"
    assert not _LIVE.search(encode_verbatim(r"978 \input{x} ^^5c"))


def test_latex_list_url_is_percent_encoded():
    """The LaTeX list's \\url{} holds no ^ (``^^5c`` is a backslash to TeX) and no backslash but its escapes."""
    out = to_latex(f"See https://doi.org/{CARET_DOI} and {BRACE_URL}.")
    for arg in re.findall(r"\\url\{([^{}]*)\}", out):
        assert "^" not in arg and not re.search(r"\\(?![%#])", arg)
    assert "\\input" not in out


def test_csl_json_to_bibtex_escapes_doi_url_and_title(cli, tmp_path):
    """The issue's CSL-JSON item through --to bibtex and biblatex: nothing live, the DOI change reported."""
    src = tmp_path / "m.json"
    src.write_text(json.dumps([{"id": "a", "type": "article-journal", "title": HOSTILE_TITLE, "DOI": CARET_DOI,
                                "URL": BRACE_URL, "author": [{"family": "Doe", "given": "J"}],
                                "issued": {"date-parts": [[2020]]}}]))
    for to in ("bibtex", "biblatex"):
        result = cli("convert", str(src), "--to", to)
        assert result.exit_code == 0, result.output
        out = result.stdout
        assert "\\input" not in out and "^" not in out and "\\immediate" not in out, out
        assert "percent-encoded" in result.stderr


def test_update_escapes_what_the_server_says(tmp_path):
    """update's inserted values: a DOI with ^^ notation is percent-encoded, pages and numbers escaped."""
    from citekit.model import Name
    from citekit.update.apply import _encode
    from citekit.update.plan import Change

    assert "^" not in _encode(Change("add", "doi", text=CARET_DOI, value_kind="verbatim"), False)
    assert "\\input" not in _encode(Change("add", "url", text=BRACE_URL, value_kind="verbatim"), False)
    assert not _LIVE.search(_encode(Change("add", "pages", text=r"1--\input{x}", value_kind="verbatim"), False))
    assert not _LIVE.search(_encode(Change("add", "volume", text=r"\write18{x}", value_kind="number"), False))
    assert not _LIVE.search(_encode(Change("add", "author", value_kind="names",
                                           names=[Name(family=r"\input{x}", given="$\\def$")]), False))


# -- templates -------------------------------------------------------------------------------

@pytest.mark.parametrize("body, said", [
    ("{{ cycler.__init__.__globals__.os.popen('touch PWNED').read() }}", "unsafe"),
    ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "unsafe"),
    ("{% for i in range(10**12) %}x{% endfor %}", "range()"),
    ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", "range()"),
    ("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}", "recursion"),
    ("{{ 'x' * 10000000000 }}", "refused"),
    ("{{ 2 ** 100000000 }}", "exponent"),
])
def test_user_template_that_reaches_python_or_grows_is_refused(cli, tmp_path, monkeypatch, body, said):
    """A template is sandboxed: no Python internals, bounded loops, recursion and sizes; a message, no traceback."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ids.txt").write_text("arXiv:2101.00001\n")
    template = tmp_path / "evil.tex.j2"
    template.write_text(body + "\n")
    result = cli("convert", "ids.txt", "--style", str(template), "-o", "out.tex")
    assert result.exit_code == 1
    assert said in result.stderr and str(template) in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "PWNED").exists() and not (tmp_path / "out.tex").exists()


# -- the check rule and the decoder ----------------------------------------------------------

ACTIVE_BIB = r"""@article{evil,
  title = {Slow \immediate\write18{touch x} sorting},
  author = {Doe, J.},
  journal = {\input /etc/hostname Letters},
  note = {\catcode`\^=7 plain},
  year = 2020,
  url = {http://x/^^5cinput},
}

@article{fine,
  title = {On $\alpha$-nets and \emph{M\"uller}'s \textbf{bound}},
  author = {M{\"u}ller, J.},
  year = 2021,
}
"""


def test_check_reports_tex_that_acts_with_entry_and_field(cli, tmp_path):
    """tex-primitive: \\write18, \\input, \\catcode and ^^ notation are errors naming entry, field and line."""
    path = tmp_path / "refs.bib"
    path.write_text(ACTIVE_BIB)
    result = cli("check", "--format", "json", "--select", "tex-primitive", str(path))
    findings = json.loads(result.stdout)
    found = {(f["key"], f["field"], f["line"]) for f in findings}
    assert found == {("evil", "title", 2), ("evil", "journal", 4), ("evil", "note", 5), ("evil", "url", 7)}
    assert all(f["severity"] == "error" for f in findings)
    assert result.exit_code == 1


@pytest.mark.parametrize("value, text", [
    (r"Slow \immediate\write18{touch x} sorting", "Slow sorting"),
    (r"\input /etc/hostname sorting", "sorting"),
    (r"A \input{/etc/hostname} B", "A B"),
    (r"\csname input\endcsname{/x} y", "y"),
    (r"\catcode`\^=7 ok", "ok"),
    (r"\def\x#1{\input{a}} c", "c"),
    (r"\openin5=file \read5 to\x \x done", "done"),
    (r"M{\"u}ller's \emph{bound}", "Müller's bound"),
])
def test_decoder_drops_tex_that_acts_whole(value, text):
    """Text outputs never half-read a primitive into words like "18touch x"."""
    from citekit.latex import decode

    assert decode(value) == text


def test_text_outputs_drop_it_and_report(cli, tmp_path):
    path = tmp_path / "refs.bib"
    path.write_text(ACTIVE_BIB)
    result = cli("convert", str(path), "--to", "csl-json")
    items = json.loads(result.stdout)
    assert items[0]["title"] == "Slow sorting" and "18" not in result.stdout.split('"note"')[0]
    assert "holds TeX that can read or write files" in result.stderr and "evil" in result.stderr


def test_keys_never_hold_caret_notation(cli, tmp_path):
    """A CSL-JSON id spelled with ^^ (``^^5c`` is a backslash in \\bibitem{...}) is made a safe key, reported."""
    src = tmp_path / "k.json"
    src.write_text(json.dumps([{"id": "k^^5cinput^^7b/etc/hostname^^7d", "type": "book", "title": "T"}]))
    for to in ("bibtex", "biblatex"):
        result = cli("convert", str(src), "--to", to)
        assert result.exit_code == 0 and "^" not in result.stdout, result.stdout
        assert "citation key" in result.stderr


def test_a_note_line_never_becomes_code(cli, tmp_path):
    """biblatex runs ``execute`` as TeX: a CSL note line "execute: ..." stays in the note, escaped."""
    src = tmp_path / "ex.json"
    src.write_text(json.dumps([{"id": "a", "type": "book", "title": "T",
                                "note": "execute: \\immediate\\write18{ls}\noptions: dataonly\nhowpublished: x"}]))
    result = cli("convert", str(src), "--to", "biblatex")
    assert result.exit_code == 0 and "execute: " in result.stdout  # kept, in the note
    assert not re.search(r"^\s*(execute|options)\s*=", result.stdout, re.M)
    assert "\\immediate" not in result.stdout


def test_cite_bbl_leaves_out_ids_that_cannot_be_keys(cli, tmp_path):
    """``citekit cite doc.aux`` with \\nocite{*}: an id spelled with ^^ never reaches \\bibitem{...}; it is said."""
    items = tmp_path / "refs.json"
    items.write_text(json.dumps([
        {"id": "k^^5cinput^^7b/etc/hostname^^7d", "type": "book", "title": "Bad", "author": [{"family": "A"}]},
        {"id": "good", "type": "book", "title": "Good", "author": [{"family": "B"}]}]))
    aux = tmp_path / "doc.aux"
    aux.write_text("\\relax\n\\citation{*}\n\\bibstyle{plainnat}\n")
    result = cli("cite", str(aux), "--bibliography", str(items), "--style", "apa")
    assert result.exit_code == 0, result.output
    bbl = (tmp_path / "doc.bbl").read_text()
    assert "{good}" in bbl and "^" not in bbl
    assert "left out of the .bbl" in result.stderr


def test_every_acting_primitive_is_flagged_and_never_printed(cli, tmp_path):
    """Each command of TEX_ACTIVE_COMMANDS in a title: check names its entry; APA and the LaTeX
    list hold no fragment of it (the command's name, its file name, its shell command)."""
    from citekit.latex import TEX_ACTIVE_COMMANDS

    names = sorted(TEX_ACTIVE_COMMANDS)
    path = tmp_path / "refs.bib"
    path.write_text("".join(
        f"@article{{k{i},\n  author = {{Doe, Jane}},\n  title = {{Safe words \\{name}{{zqxfile}} end}},\n"
        f"  journal = {{J}},\n  year = {{2020}},\n}}\n" for i, name in enumerate(names)), encoding="utf-8")
    result = cli("check", "--format", "json", "--select", "tex-primitive", str(path))
    flagged = {f["key"] for f in json.loads(result.stdout)}
    assert flagged == {f"k{i}" for i in range(len(names))}
    for style, to in (("apa", "text"), ("apa", "latex"), ("ieee", "html")):
        out = tmp_path / f"out.{to}"
        assert cli("convert", str(path), "--style", style, "--to", to, "-o", str(out)).exit_code == 0
        text = out.read_text(encoding="utf-8")
        assert text.count("Safe words") == len(names)
        assert "zqxfile" not in text
        entries = "".join(line for line in text.splitlines() if "Safe words" in line)  # not the list's own preamble
        assert not [n for n in names if n in entries.replace("Safe words", "")]
