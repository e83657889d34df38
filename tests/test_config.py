"""Configuration (citekit.toml, [tool.citekit]), flags over config, `citekit config`, and the pre-commit hooks."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
QUOTED = '@misc{a, title = "T", author = {Doe, J.}, year = 2020}\n'


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A paper repository with a sub-folder as the working directory."""
    sub = tmp_path / "paper" / "sections"
    sub.mkdir(parents=True)
    monkeypatch.chdir(sub)
    monkeypatch.delenv("CITEKIT_NO_CONFIG", raising=False)
    (sub / "refs.bib").write_text(QUOTED)
    return tmp_path / "paper"


def test_citekit_toml_found_upward_and_flags_win(cli, project):
    (project / "citekit.toml").write_text('[fmt]\nbraces = true\nindent = "4"\n')
    out = cli("fmt", "refs.bib").stdout
    assert out == "@misc{a,\n    title = {T},\n    author = {Doe, J.},\n    year = {2020}\n}\n"
    assert cli("fmt", "--no-braces", "--indent", "keep", "refs.bib").stdout == QUOTED
    assert cli("--isolated", "fmt", "refs.bib").stdout == QUOTED


def test_pyproject_tool_citekit(cli, project):
    (project / "pyproject.toml").write_text('[project]\nname = "paper"\n[tool.citekit.fmt]\nbare-numbers = true\n'
                                            'remove-field = ["author"]\n')
    assert cli("fmt", "refs.bib").stdout == '@misc{a, title = "T", year = 2020}\n'


def test_nearest_file_wins_and_pyproject_without_table_is_skipped(cli, project):
    (project / "citekit.toml").write_text("[fmt]\nbraces = true\n")
    (project / "sections" / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert "{T}" in cli("fmt", "refs.bib").stdout
    (project / "sections" / "citekit.toml").write_text("[fmt]\nlowercase = true\n")
    assert cli("fmt", "refs.bib").stdout == QUOTED  # the nearer file, and only it


def test_check_settings_and_flags(cli, project):
    (project / "citekit.toml").write_text('[check]\nignore = ["field-required"]\nformat = "json"\n')
    import json

    findings = json.loads(cli("check", "refs.bib").stdout)
    assert not any(f["rule"] == "field-required" for f in findings)
    assert cli("check", "--format", "text", "refs.bib").stdout.count("refs.bib:") == len(findings)


def test_config_command_names_each_source(cli, project):
    (project / "citekit.toml").write_text('[fmt]\nbraces = true\nsort-fields = ["title", "year"]\n[check]\nmode = "biblatex"\n')
    out = cli("config").stdout
    where = str((project / "citekit.toml").resolve())
    assert f"braces = true  # {where} [fmt]" in out
    assert f'sort-fields = "title,year"  # {where} [fmt]' in out
    assert f'mode = "biblatex"  # {where} [check]' in out
    assert "align = 0  # default" in cli("config", "fmt", "--all").stdout


@pytest.mark.parametrize("text, message", [
    ("[fmt]\nbracse = true\n", "'bracse' is not an option of citekit fmt"),
    ("[format]\nbraces = true\n", "no command 'format'"),
    ("braces = true\n", "stands outside a command's table"),
    ("[fmt\n", "not valid TOML"),
])
def test_bad_config_is_a_usage_error_naming_the_file(cli, project, text, message):
    (project / "citekit.toml").write_text(text)
    result = cli("fmt", "refs.bib")
    assert result.exit_code == 2
    assert message in result.stderr and "citekit.toml" in result.stderr


def test_pre_commit_hooks_manifest(cli, project):
    """The manifest is valid for pre-commit, and each hook's entry works as pre-commit runs it (files appended)."""
    clientlib = pytest.importorskip("pre_commit.clientlib")
    hooks = {h["id"]: h for h in clientlib.load_manifest(str(REPO / ".pre-commit-hooks.yaml"))}
    assert set(hooks) == {"citekit-check", "citekit-fmt"}
    (project / "citekit.toml").write_text("[fmt]\nbraces = true\n")
    fmt_args = shlex.split(hooks["citekit-fmt"]["entry"])[1:]
    result = cli(*fmt_args, "refs.bib")
    assert result.exit_code == 1 and "+@misc{a, title = {T}" in result.stdout
    check_args = shlex.split(hooks["citekit-check"]["entry"])[1:]
    assert cli(*check_args, "refs.bib").exit_code == 0


def test_convert_default_outputs(cli, project):
    (project / "citekit.toml").write_text('[convert]\noutput = ["out.bib", "out.json"]\n')
    result = cli("convert", "refs.bib", "-q")
    assert result.exit_code == 0
    assert "@misc{a," in (project / "sections" / "out.bib").read_text()
    assert (project / "sections" / "out.json").exists()
    (project / "sections" / "out.json").unlink()
    result = cli("convert", "refs.bib", "-o", "only.bib", "-q")  # a flag replaces the configured outputs
    assert result.exit_code == 0 and (project / "sections" / "only.bib").exists()
    assert not (project / "sections" / "out.json").exists()
