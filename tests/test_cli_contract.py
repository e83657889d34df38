"""The CLI contract end to end: what is written, what is refused, and the exit status."""

from __future__ import annotations

import re
from pathlib import Path

BIB = """% kept comment
@string{jmlr = "Journal of Machine Learning Research"}

@article{smith2020,
  author = {Smith, John and M{\\"u}ller, J{\\"u}rgen},
  title = {On the {LSTM} and Stuff},
  journal = jmlr,
  year = 2020,
  myfield = {keep me},
}

@misc{broken,
  title = {Unbalanced {brace,
  year = 2021
}

@inproceedings{doe2019,
  author = {Doe, Jane},
  title = {A Conference Paper},
  booktitle = {Proc. of Things},
  year = {2019},
}
"""


def test_malformed_bib_block_is_a_warning_and_the_rest_is_written(cli, tmp_path: Path) -> None:
    """One broken block: the others are written (exit 0) and the warning names file and line."""
    src = tmp_path / "my.bib"
    src.write_text(BIB)
    out = tmp_path / "out.bib"
    result = cli("convert", str(src), "--to", "bibtex", "-o", str(out))
    assert result.exit_code == 0
    assert f"{src}:12: unreadable .bib block '@misc{{broken,'" in result.output
    written = out.read_text()
    assert "@article{smith2020," in written and "@inproceedings{doe2019," in written
    assert re.search(r"myfield\s*=\s*\{keep me\}", written) and re.search(r"journal\s*=\s*jmlr,", written)
    assert "% kept comment" in written and "@string{jmlr" in written


def test_strict_refuses_and_leaves_the_old_output(cli, tmp_path: Path) -> None:
    """--strict with a warning: exit 1, the existing output file untouched, no temporary left."""
    src = tmp_path / "my.bib"
    src.write_text(BIB)
    out = tmp_path / "out.bib"
    out.write_text("old content\n")
    result = cli("convert", str(src), "--to", "bibtex", "--strict", "-o", str(out))
    assert result.exit_code == 1
    assert "nothing written" in result.output
    assert out.read_text() == "old content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["my.bib", "out.bib"]


def test_usage_errors_exit_2(cli, tmp_path: Path) -> None:
    """Unknown formats and styles are usage errors with a suggestion; --offline needs --enrich."""
    src = tmp_path / "ids.txt"
    src.write_text("arXiv:2101.00001\n")
    result = cli("convert", str(src), "--to", "bibtexx")
    assert result.exit_code == 2 and "did you mean 'bibtex'" in result.output
    result = cli("convert", str(src), "--to", "text", "--style", "apaa")
    assert result.exit_code == 2 and "apa" in result.output
    result = cli("convert", str(src), "--to", "json", "--offline")
    assert result.exit_code == 2


def test_missing_input_fails_naming_it(cli, tmp_path: Path) -> None:
    """A file that does not exist: exit 1 with its name, no traceback."""
    result = cli("convert", str(tmp_path / "nope.txt"), "--to", "json")
    assert result.exit_code == 1 and "nope.txt" in result.output and "Traceback" not in result.output


def test_stdin_is_read(cli) -> None:
    """`-` reads standard input."""
    result = cli("convert", "-", "--to", "csl-json", input="https://arxiv.org/abs/hep-th/9711200v2\n")
    assert result.exit_code == 0
    assert '"number": "arXiv:hep-th/9711200"' in result.stdout
