"""The CSL processor test suite, all 845 fixtures, through citekit's own CSL processor against a committed list.

The fixtures are vendored in ``tests/data/csl-suite/humans.tar.xz`` (see its SOURCES.md) and
run by ``benchmarks/cite_suite.py`` through :mod:`citekit.cite` (the same code ``citekit
cite`` runs; ``benchmarks/cite_suite.py --cli`` goes through the command and gives the same
counts). ``tests/cite_suite_known_failures.txt`` lists the fixtures that do not pass yet,
each with its reason: a fixture not on the list that fails is a regression, and one on the
list that passes must come off it (jgm/citeproc's ``expectedFailures`` works the same way).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

import cite_suite  # noqa: E402

KNOWN = Path(__file__).resolve().parent / "cite_suite_known_failures.txt"


def known_failures() -> dict[str, tuple[str, str]]:
    """Fixture name -> (mode, reason), from the committed list."""
    out = {}
    for line in KNOWN.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, mode, reason = (part.strip() for part in line.split("|", 2))
            out[name] = (mode, reason)
    return out


@pytest.fixture(scope="module")
def verdicts():
    """Every fixture's verdict."""
    return {v.name: v for v in cite_suite.run_suite()}


def test_the_suite_has_all_its_fixtures(verdicts):
    """199 bibliography and 646 citation fixtures (a parsing slip would shrink the counts)."""
    modes = [v.mode for v in verdicts.values()]
    assert modes.count("bibliography") == 199
    assert modes.count("citation") == 646


def test_no_fixture_raises(verdicts):
    """No fixture makes the processor raise."""
    raised = {n: v.error.splitlines()[0] for n, v in verdicts.items() if v.error}
    assert not raised, raised


def test_no_regression_against_the_known_failures(verdicts):
    """Every fixture not listed passes; every listed one still fails (else it must come off the list)."""
    known = known_failures()
    unknown = set(known) - set(verdicts)
    assert not unknown, f"listed fixtures that do not exist: {sorted(unknown)}"
    wrong_mode = [n for n, (mode, _) in known.items() if verdicts[n].mode != mode]
    assert not wrong_mode, f"listed with the wrong mode: {wrong_mode}"
    regressions = [f"{n}:\n  want {v.expected!r}\n  got  {v.error or v.actual!r}" for n, v in verdicts.items()
                   if not v.passed and n not in known]
    assert not regressions, f"{len(regressions)} fixture(s) fail that are not known failures:\n" + "\n".join(regressions)
    now_passing = sorted(n for n in known if verdicts[n].passed)
    assert not now_passing, f"these now pass: take them off tests/cite_suite_known_failures.txt: {now_passing}"


def test_every_known_failure_has_a_reason():
    """One line per fixture: name | mode | reason, the reason never empty."""
    for name, (mode, reason) in known_failures().items():
        assert mode in ("citation", "bibliography"), name
        assert len(reason) > 15, name


def test_the_pass_counts_meet_the_goal(verdicts):
    """At least 197 of 199 bibliography and 610 of 646 citation fixtures pass (issue 23's bars; the list's complement)."""
    passed = {m: sum(v.passed for v in verdicts.values() if v.mode == m) for m in ("bibliography", "citation")}
    assert passed["bibliography"] >= 197
    assert passed["citation"] >= 610
