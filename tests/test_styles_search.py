"""formats --styles: several words, titles, short titles, fields and initials, and near misses."""

from __future__ import annotations

import pytest

from citekit.styles import find_styles


def _rows(output: str) -> list[str]:
    return [line.split()[0] for line in output.splitlines() if line.startswith("  ")]


def test_several_words(cli):
    result = cli("formats", "--styles", "machine", "learning")
    assert result.exit_code == 0
    rows = _rows(result.stdout)
    assert rows[0] == "machine-learning"
    assert "machine-learning-science-and-technology" in rows


def test_short_title_field_and_initials():
    assert find_styles("mach learn")[0][0][0] == "machine-learning"
    found, _ = find_styles("physics")
    assert any("[" in d and "physics" in d.split("[")[-1] for _, d in found)  # a style found by its field
    assert all("physics" in (n + d).casefold() for n, d in found)  # every row says why it is there
    assert "journal-of-machine-learning-for-modeling-and-computing" in [n for n, _ in find_styles("jmlmc")[0]]


def test_near_misses(cli):
    result = cli("formats", "--styles", "jmlr")
    assert result.exit_code == 1
    assert "near misses" in result.stderr and len(_rows(result.stderr)) >= 3
    result = cli("formats", "--styles", "nature", "xylophone")
    assert result.exit_code == 1 and "nature" in _rows(result.stderr)  # all words but one


def test_unknown_style_points_to_the_search():
    from citekit.errors import UnknownNameError
    from citekit.styles import resolve_style

    with pytest.raises(UnknownNameError, match="formats --styles WORDS"):
        resolve_style("jmlr")
