"""citekit check: annotated defects are found on their entry and field, clean files give nothing, reports, exit codes, --fix."""

from __future__ import annotations

import os

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from arxiv_server import make_arxiv_server  # noqa: F401 (fixture)

from citekit.check import CheckOptions, all_rules, check_paths, check_text, select_rules
from citekit.check.fix import fix_text
from citekit.check.run import detect_mode, load

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "check"
TODAY = dt.date(2026, 1, 15)
DEFECT_FILES = ["defects-bibtex.bib", "defects-biblatex.bib"]
CLEAN_FILES = ["clean-bibtex.bib", "clean-biblatex.bib"]


def expectations(path: Path) -> set[tuple[str, str, str | None]]:
    """``(key, rule, field)`` for each ``% expect: RULE FIELD`` line, on the entry (or @string block: key None) that follows it."""
    out: set[tuple[str, str, str | None]] = set()
    pending: list[tuple[str, str | None]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"%\s*expect:\s*(\S+)\s+(\S+)", line)
        if m:
            pending.append((m.group(1), None if m.group(2) == "-" else m.group(2)))
            continue
        head = re.match(r"@(\w+)\{([^,]*),", line)
        if head and pending:
            key = None if head.group(1).lower() == "string" else head.group(2)  # a block, not an entry
            out.update((key, rule, field) for rule, field in pending)
            pending = []
    return out


@pytest.mark.parametrize("name", DEFECT_FILES)
def test_every_marked_defect_is_found_on_its_entry_and_field(name):
    """Each annotated defect appears as a finding with that rule, key and field."""
    path = FIXTURES / name
    expected = expectations(path)
    assert len(expected) >= 6
    found = {(f.key, f.rule, f.field) for f in check_paths([path], today=TODAY).findings}
    missing = expected - found
    assert not missing, missing


@pytest.mark.parametrize("name", DEFECT_FILES)
def test_no_error_or_warning_beyond_the_marked_defects(name):
    """The defect files give no error or warning that is not annotated (no collateral noise)."""
    path = FIXTURES / name
    expected = {(k, r) for k, r, _ in expectations(path)}
    extra = [f for f in check_paths([path], today=TODAY).findings
             if f.severity != "info" and (f.key, f.rule) not in expected]
    assert not extra, [(f.key, f.rule, f.field, f.message) for f in extra]


@pytest.mark.parametrize("name", CLEAN_FILES)
def test_clean_files_give_no_error_or_warning(name):
    """Well-formed DBLP / ACL / Zotero / INSPIRE / ADS / JabRef / BibDesk / biblatex entries give no error or warning."""
    result = check_paths([FIXTURES / name], today=TODAY)
    loud = [f for f in result.findings if f.severity != "info"]
    assert loud == [], [(f.key, f.rule, f.message) for f in loud]
    # At info level: a field no standard style prints (Zotero's publisher = {arXiv} on @misc), a biber page range with one hyphen.
    assert {f.rule for f in result.findings} <= {"field-not-for-type", "pages-hyphen"}


def test_mode_detection():
    """BibLaTeX-only fields or types in enough entries make a file BibLaTeX; DBLP/Zotero BibTeX stays BibTeX."""
    assert detect_mode(load(FIXTURES / "clean-bibtex.bib")) == "bibtex"
    assert detect_mode(load(FIXTURES / "clean-biblatex.bib")) == "biblatex"
    assert detect_mode(load(FIXTURES / "defects.csl.json")) == "csl"


def test_csl_json_rules():
    """CSL-JSON gets the rules that make sense there, each on its variable and line."""
    found = {(f.key, f.rule, f.field): f.line for f in check_paths([FIXTURES / "defects.csl.json"], today=TODAY).findings}
    for rule, field in [("date-invalid", "issued"), ("doi-url", "DOI"), ("pages-reversed", "page"), ("issn-invalid", "ISSN"),
                        ("key-duplicate", None), ("date-future", "issued"), ("isbn-invalid", "ISBN"), ("url-malformed", "URL")]:
        assert ("csl-dup", rule, field) in found, rule
    assert found[("csl-dup", "doi-url", "DOI")] == 8


def test_rules_have_stable_ids_severities_and_summaries():
    """Every rule is registered once with an id, a severity and a one-line summary."""
    rules = all_rules()
    ids = [r.id for r in rules]
    assert len(ids) == len(set(ids)) >= 30
    for r in rules:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", r.id)
        assert r.severity in ("error", "warning", "info")
        assert r.summary and "\n" not in r.summary
    fixable = {r.id for r in rules if r.fixable}
    assert fixable == {"pages-hyphen", "month-format", "doi-url", "tex-unescaped-special", "title-unprotected", "field-empty"}


def test_select_and_ignore_by_id_prefix_and_severity():
    """--select/--ignore take ids, id prefixes and severities; an unknown one is a usage error."""
    assert {r.id for r in select_rules(["name"])} == {"name-reversed", "name-glued", "name-list-separator"}
    assert "name-glued" not in {r.id for r in select_rules([], ["name-glued"])}
    assert all(r.severity == "error" for r in select_rules(["error"]))
    from citekit.errors import UsageError

    with pytest.raises(UsageError, match="did you mean"):
        select_rules(["name-reversd"])


def test_library_call_returns_findings_with_lines():
    """check_text/check_paths return Finding objects with file, line, key, field, rule and severity."""
    text = "@article{k,\n  author = {Doe, Jane},\n  title = {T},\n  journal = {J},\n  year = {2020},\n  pages = {5-9},\n}\n"
    result = check_text(text, "x.bib", CheckOptions(today=TODAY))
    (f,) = result.findings
    assert (f.file, f.line, f.key, f.field, f.rule, f.severity) == ("x.bib", 6, "k", "pages", "pages-hyphen", "warning")
    assert f.fix is not None and f.fix.value == "{5--9}"


def test_json_and_github_reports_and_exit_codes(cli, tmp_path):
    """JSON parses and has every key; github prints annotations; exit 0 clean, 1 with an error, 2 on misuse; --strict."""
    bad = FIXTURES / "defects-bibtex.bib"
    result = cli("check", str(bad), "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data and all(set(d) == {"file", "line", "key", "field", "rule", "severity", "message", "fix"} for d in data)
    assert any(d["rule"] == "pages-hyphen" and d["fix"] for d in data)
    gh = cli("check", str(bad), "--format", "github").stdout.splitlines()
    assert gh and all(re.match(r"::(error|warning|notice) file=[^,]+,line=\d+,title=[^:]+::", line) for line in gh)
    assert cli("check", str(FIXTURES / "clean-bibtex.bib")).exit_code == 0
    warn_only = tmp_path / "w.bib"
    warn_only.write_text("@article{k, author={Doe, J.}, title={T}, journal={J}, year={2020}, pages={1-2}}\n")
    assert cli("check", str(warn_only)).exit_code == 0
    assert cli("check", str(warn_only), "--strict").exit_code == 1
    assert cli("check", str(warn_only), "--select", "no-such-rule").exit_code == 2
    assert cli("check").exit_code == 2
    text = cli("check", str(bad)).stdout.splitlines()
    assert all(re.match(r"\S+:\d+: (error|warning|info) [a-z0-9-]+ \S+ \S+: .+", line) for line in text)


def test_missing_file_is_an_error_naming_it(cli, tmp_path):
    """A file that cannot be read fails with exit 1 and its name, never a traceback."""
    result = cli("check", str(tmp_path / "nope.bib"))
    assert result.exit_code == 1 and "nope.bib" in result.stderr


def _changed_lines(old: str, new: str) -> list[int]:
    import difflib

    out = []
    for tag, i1, i2, _j1, _j2 in difflib.SequenceMatcher(None, old.splitlines(), new.splitlines(), autojunk=False).get_opcodes():
        if tag != "equal":
            out.extend(range(i1 + 1, i2 + 1))
    return out


def test_fix_touches_only_fixed_fields_and_is_idempotent(cli, tmp_path):
    """--fix rewrites only the fixed fields' lines, keeps FILE.bak, and a second --fix changes nothing."""
    target = tmp_path / "refs.bib"
    original = (FIXTURES / "defects-bibtex.bib").read_text(encoding="utf-8")
    target.write_text(original, encoding="utf-8")
    result = cli("check", str(target), "--fix")
    assert result.exit_code == 1  # errors without a safe fix remain
    fixed = target.read_text(encoding="utf-8")
    assert (tmp_path / "refs.bib.bak").read_text(encoding="utf-8") == original
    assert "pages = {1--10}" in fixed and "month = mar," in fixed and "doi = {10.1000/abc.123}" in fixed
    assert "Salt \\& Pepper" in fixed and "Scaling {BERT} to a Billion {GPU}s" in fixed and "note = {}" not in fixed
    src = load(FIXTURES / "defects-bibtex.bib")
    fixed_fields = {("nojournal2019", "pages"), ("nojournal2019", "title"), ("reversed2018", "month"),
                    ("reversed2018", "doi"), ("preprint2099", "title"), ("badyear", "note")}
    allowed = {f.line for e in src.entries for f in e.fields if (e.key, f.name) in fixed_fields}
    assert set(_changed_lines(original, fixed)) <= allowed
    before = fixed
    cli("check", str(target), "--fix", "--no-backup")
    assert target.read_text(encoding="utf-8") == before
    remaining = {f.rule for f in check_paths([target], today=TODAY).findings}
    assert not remaining & {"pages-hyphen", "month-format", "doi-url", "tex-unescaped-special", "title-unprotected", "field-empty"}


def test_diff_prints_and_writes_nothing(cli, tmp_path):
    """--diff shows a unified diff of the fixes and leaves the file (and no .bak) alone."""
    target = tmp_path / "refs.bib"
    target.write_text("@article{k,\n  title = {On GPUs},\n  month = {July},\n}\n", encoding="utf-8")
    result = cli("check", str(target), "--diff")
    assert result.exit_code == 0
    assert "-  month = {July}," in result.stdout and "+  month = jul," in result.stdout
    assert "+  title = {On {GPU}s}," in result.stdout
    assert target.read_text(encoding="utf-8").startswith("@article{k,\n  title = {On GPUs}")
    assert not (tmp_path / "refs.bib.bak").exists()
    assert cli("check", str(target), "--fix", "--diff").exit_code == 2


def test_fix_in_biblatex_mode_writes_month_numbers():
    """In BibLaTeX mode a month name becomes its number; an entry's other bytes stay."""
    text = "@online{k,\n  title = {T},\n  date = {2020},\n  url = {https://x.org},\n  month = {March},\n}\n"
    result = fix_text(text, "x.bib", select_rules(), "biblatex")
    assert result.text == text.replace("{March}", "3")


def test_strings_of_earlier_files_are_defined(tmp_path):
    """An @string defined in a file checked before this one is not undefined (bibtex reads them as one database)."""
    strings = tmp_path / "strings.bib"
    strings.write_text('@string{jt = "Journal of Tests"}\n')
    main = tmp_path / "main.bib"
    main.write_text("@article{k, author={Doe, J.}, title={T}, journal=jt, year={2020}}\n")
    assert [f.rule for f in check_paths([main]).findings] == ["string-undefined"]
    assert check_paths([strings, main]).findings == []


def test_datamodel_table_is_what_blx_dm_def_says():
    """The committed BibLaTeX table is regenerated byte for byte from the installed blx-dm.def."""
    source = Path("/usr/share/texlive/texmf-dist/tex/latex/biblatex/blx-dm.def")
    if not source.exists():
        pytest.skip("biblatex is not installed")
    from citekit.check.datamodel import _DATA, parse_blx_dm

    table = json.loads(_DATA.read_text(encoding="utf-8"))
    assert parse_blx_dm(source.read_text(encoding="utf-8")) == table
    assert {"kind": "all", "fields": ["author", "journaltitle", "title"]} in table["required"]["article"]


def test_enrich_finds_published_preprints_and_wrong_titles(make_arxiv_server, tmp_path, monkeypatch):
    """With --enrich, arXiv's DOI/journal reference flags a cited preprint; a different arXiv title flags the id."""
    from arxiv_server import seed_papers

    base = seed_papers()[0]
    published = dict(base, arxiv_id="2101.00001", title="Learning to Rank Quickly", doi="10.1000/jrank.1", journal_ref="J. Rank 1 (2021) 1-10")
    other = dict(base, arxiv_id="2102.00002", title="Graph Neural Networks for Weather", doi=None, journal_ref=None)
    server = make_arxiv_server([published, other])
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@misc{rank, author={Doe, Jane}, title={Learning to Rank Quickly}, year={2021}, eprint={2101.00001}, archivePrefix={arXiv}}\n"
        "@misc{wrong, author={Doe, Jane}, title={Protein Folding at Scale}, year={2021}, eprint={2102.00002}, archivePrefix={arXiv}}\n",
        encoding="utf-8",
    )
    from citekit.enrich import EnrichOptions

    options = CheckOptions(select=["arxiv"], enrich=EnrichOptions(doi_url=os.environ["CITEKIT_DOI_URL"], url=server.url, delay=0, backoff=0, cache_path=tmp_path / "c.sqlite3"))
    found = {(f.key, f.rule, f.field) for f in check_paths([bib], options).findings}
    assert found == {("rank", "arxiv-published", "eprint"), ("wrong", "arxiv-title-differs", "title")}
    used = server.count
    check_paths([bib], options)
    assert server.count == used  # answered from the cache


def test_enrich_outage_is_a_warning_per_entry(tmp_path):
    """When arXiv cannot be reached, each arXiv entry gets an arxiv-lookup-failed warning and the run goes on."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    bib = tmp_path / "refs.bib"
    bib.write_text("@misc{p, author={Doe, Jane}, title={T}, year={2021}, eprint={2101.00001}, archivePrefix={arXiv}}\n")
    from citekit.enrich import EnrichOptions

    options = CheckOptions(select=["arxiv"], enrich=EnrichOptions(doi_url=os.environ["CITEKIT_DOI_URL"], url=f"http://127.0.0.1:{port}/api/query", delay=0, backoff=0,
                                                                  retries=0, timeout=2, cache_path=tmp_path / "c.sqlite3"))
    found = [(f.key, f.rule, f.field) for f in check_paths([bib], options).findings]
    assert found == [("p", "arxiv-lookup-failed", "eprint")]


def test_readme_lists_every_rule():
    """The README's rules table names every registered rule with its severity."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for r in all_rules():
        assert f"| `{r.id}` | {r.severity} |" in readme, r.id


def test_fix_keeps_crlf_and_latin1_bytes(cli, tmp_path):
    """A Windows-1252 file with CRLF line endings keeps both: only the fixed field's bytes change."""
    original = "@article{k,\r\n  author = {M\u00fcller, Hans},\r\n  title = {Caf\u00e9 Tables},\r\n  journal = {J},\r\n  year = {2020},\r\n  pages = {1-2},\r\n}\r\n".encode("cp1252")
    target = tmp_path / "refs.bib"
    target.write_bytes(original)
    result = cli("check", str(target), "--fix")
    assert target.read_bytes() == original.replace(b"{1-2}", b"{1--2}")
    assert "encoding-not-utf8" in result.stdout and ":2: warning encoding-not-utf8" in result.stdout
    assert (tmp_path / "refs.bib.bak").read_bytes() == original


def test_fix_through_a_symlink_keeps_the_link(cli, tmp_path):
    """--fix on a symlink rewrites the file it points to and leaves the link a link."""
    real = tmp_path / "real.bib"
    real.write_text("@article{k, author={Doe, J.}, title={T}, journal={J}, year={2020}, pages={1-2}}\n")
    link = tmp_path / "link.bib"
    link.symlink_to(real)
    cli("check", str(link), "--fix")
    assert link.is_symlink() and "{1--2}" in real.read_text()


def test_cli_enrich_uses_the_arxiv_url_and_cache(cli, make_arxiv_server, tmp_path, monkeypatch):
    """citekit check --enrich asks CITEKIT_ARXIV_URL once, then answers --offline from --cache."""
    from arxiv_server import seed_papers

    paper = dict(seed_papers()[0], arxiv_id="2101.00001", title="Learning to Rank Quickly", doi="10.1000/jrank.1", journal_ref=None)
    server = make_arxiv_server([paper])
    monkeypatch.setenv("CITEKIT_ARXIV_URL", server.url)
    monkeypatch.setenv("CITEKIT_ARXIV_DELAY", "0")
    bib = tmp_path / "refs.bib"
    bib.write_text("@misc{rank, author={Doe, Jane}, title={Learning to Rank Quickly}, year={2021}, eprint={2101.00001}, archivePrefix={arXiv}}\n")
    cache = str(tmp_path / "c.sqlite3")
    first = cli("check", str(bib), "--enrich", "--cache", cache, "--select", "arxiv", "--format", "json")
    assert [d["rule"] for d in json.loads(first.stdout)] == ["arxiv-published"] and first.exit_code == 0
    used = server.count
    again = cli("check", str(bib), "--enrich", "--offline", "--cache", cache, "--select", "arxiv", "--format", "json")
    assert again.stdout == first.stdout and server.count == used
    assert cli("check", str(bib), "--offline").exit_code == 2


def test_list_rules_names_every_rule(cli):
    """--list-rules prints each rule's id and severity, and marks the fixable ones."""
    out = cli("check", "--list-rules").stdout
    for r in all_rules():
        assert re.search(rf"^{re.escape(r.id)}\s+{r.severity}\s", out, re.M), r.id
    assert re.search(r"^pages-hyphen .*\[fix\]$", out, re.M)


def test_near_identical_titles_in_a_huge_author_year_group_are_found_with_bounded_work():
    """A (first author, year) group past the full-comparison size still finds near-identical
    titles (one edit at either end of the title), comparing each title with a bounded number of others."""
    import random

    from citekit.check.keys import FULL_COMPARISON_GROUP, NEIGHBOURS, earlier_candidates

    draw = random.Random(7)
    size = FULL_COMPARISON_GROUP * 4
    titles = ["".join(draw.choice("abcdefghijklmnopqrstuvwxyz ") for _ in range(40)).strip() + "x" for _ in range(size)]
    titles[size - 3] = titles[5][:-1] + "y"  # a typo at the end: shares the prefix
    titles[size - 1] = "q" + titles[40][1:]  # a typo at the start: shares the suffix
    candidates = earlier_candidates([t.lower() for t in titles])
    assert max(len(list(candidates(i))) for i in range(size)) <= 4 * NEIGHBOURS + 2
    entries = "".join(f"@misc{{k{i},\n  author = {{Roe, Ann}},\n  year = {{2001}},\n  title = {{{t}}},\n}}\n"
                      for i, t in enumerate(titles))
    found = {(f.key, f.rule) for f in check_text(entries, "x.bib", CheckOptions(today=TODAY)).findings
             if f.rule == "work-similar-title"}
    assert found == {(f"k{size - 3}", "work-similar-title"), (f"k{size - 1}", "work-similar-title")}


def test_fix_that_fixes_nothing_reports_what_check_reports(cli, tmp_path):
    """check --fix on files it leaves alone reads them once and reports exactly what check does, macros of
    an earlier file included (the second file's @string use), and a fix in either file is still seen."""
    strings = tmp_path / "strings.bib"
    strings.write_text('@string{jn = "Journal of Things"}\n@article{a, author = {Doe, J.}, title = {A}, '
                       'journal = jn, year = 2020}\n', encoding="utf-8")
    main = tmp_path / "main.bib"
    main.write_text("@article{b, author = {Roe, R.}, title = {B}, journal = jn, year = 2021, volume = 3}\n"
                    "@article{a, author = {Doe, J.}, title = {A again}, year = 2999}\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in (strings, main)}
    plain = cli("check", str(strings), str(main), "--format", "json")
    fixed = cli("check", str(strings), str(main), "--fix", "--no-backup", "--format", "json")
    assert {p: p.read_bytes() for p in (strings, main)} == before
    assert json.loads(fixed.stdout) == json.loads(plain.stdout) and fixed.exit_code == plain.exit_code
    assert any(f["key"] == "a" for f in json.loads(plain.stdout))
    # A file the fix changes is read again: what is reported is the fixed file.
    main.write_text("@article{c, author = {Roe, R.}, title = {C}, journal = jn, year = 2021, pages = {1-2}}\n",
                    encoding="utf-8")
    after = cli("check", str(strings), str(main), "--fix", "--no-backup", "--format", "json")
    assert "pages = {1--2}" in main.read_text(encoding="utf-8")
    assert not any(f["rule"] == "pages-hyphen" for f in json.loads(after.stdout))
    assert json.loads(after.stdout) == json.loads(cli("check", str(strings), str(main), "--format", "json").stdout)
