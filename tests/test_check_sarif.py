"""check --format sarif validates against the OASIS SARIF 2.1.0 schema; inline suppressions silence rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SCHEMA = Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json"
BIB = ("% citekit: ignore field-empty\n@article{a,\n  title = {T},\n  note = {},\n  year = 2020\n}\n"
       "@article{b, title = {T}, note = {}, year = 2020} % citekit: ignore field-required\n"
       "@article{c, title = {T}, note = {}, year = 2020}\n")


def _validate(log: dict) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(log), key=str)
    assert not errors, errors[0]


def test_sarif_validates(cli, tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB)
    result = cli("check", "--format", "sarif", str(bib))
    log = json.loads(result.stdout)
    _validate(log)
    results = log["runs"][0]["results"]
    assert results and {r["level"] for r in results} <= {"error", "warning", "note"}
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)
    assert results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("file://")


def test_sarif_with_relative_path_and_no_findings(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("ok.bib").write_text("@misc{a, title = {T}, author = {Doe, J.}, year = 2020}\n")
    log = json.loads(cli("check", "--format", "sarif", "ok.bib").stdout)
    _validate(log)
    Path("my refs.bib").write_text(BIB)
    log = json.loads(cli("check", "--format", "sarif", "my refs.bib").stdout)
    _validate(log)
    assert log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "my%20refs.bib"


def test_inline_ignore_on_or_above_an_entry(cli, tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB)
    found = {(f["key"], f["rule"]) for f in json.loads(cli("check", "--format", "json", str(bib)).stdout)}
    assert ("a", "field-empty") not in found and ("a", "field-required") in found
    assert ("b", "field-required") not in found and ("b", "field-empty") in found
    assert ("c", "field-empty") in found and ("c", "field-required") in found


def test_inline_ignore_of_everything_and_by_prefix(cli, tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text("% citekit: ignore\n@article{a, title = {T}, note = {}}\n"
                   "@article{b, % citekit: ignore field\n  title = {T}, note = {}}\n")
    found = {(f["key"], f["rule"]) for f in json.loads(cli("check", "--format", "json", str(bib)).stdout)}
    assert not any(key == "a" for key, _ in found)
    assert not any(key == "b" and rule.startswith("field-") for key, rule in found)


def test_inline_ignore_stops_the_fix_too(cli, tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text("% citekit: ignore field-empty\n@article{a, title = {T}, note = {}}\n@article{b, title = {T}, note = {}}\n")
    result = cli("check", "--fix", "--no-backup", str(bib))
    assert result.exit_code in (0, 1)
    text = bib.read_text()
    assert "@article{a, title = {T}, note = {}}" in text and "@article{b, title = {T}}" in text
