"""The CSL processor test suite's 199 bibliography fixtures through citekit's own path, against a committed list.

Each fixture runs as ``citekit convert F.json --from csl-json --to html --style F.csl``
(in-process; see ``benchmarks/csl_suite.py``). ``tests/csl_suite_known_failures.txt``
lists the fixtures that do not yet pass exactly, one a line with the reason. A fixture
not on the list that fails is a regression; one on the list that passes must be taken
off it (in the same commit as the fix), so the list always tells the truth.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

import csl_suite  # noqa: E402

KNOWN = Path(__file__).resolve().parent / "csl_suite_known_failures.txt"
SUITE = REPO.parent / "shared" / "csl-test-suite"


def known_failures() -> dict[str, tuple[str, str]]:
    """Fixture name -> (level it fails at: ``text`` or ``html``, reason), from the committed list."""
    out = {}
    for line in KNOWN.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, level, reason = (part.strip() for part in line.split("|", 2))
            out[name] = (level, reason)
    return out


@pytest.fixture(scope="module")
def verdicts():
    """Every bibliography fixture's verdict through the own path (skips when the suite is not beside the repo)."""
    if not (SUITE / csl_suite.HUMANS).is_dir():
        pytest.skip(f"no CSL test suite at {SUITE}")
    return {v.name: v for v in csl_suite.run_suite("own", suite=SUITE)}


def test_the_suite_has_its_199_bibliography_fixtures(verdicts):
    """The runner finds every bibliography fixture (a parsing slip would shrink the count)."""
    assert len(verdicts) == 199


def test_no_regression_against_the_known_failures(verdicts):
    """Every fixture not listed passes exactly; every listed one still fails, at the level the list says."""
    known = known_failures()
    unknown = set(known) - set(verdicts)
    assert not unknown, f"listed fixtures that do not exist: {sorted(unknown)}"
    regressions = [f"{n}: want {v.expected!r} got {v.error or v.actual!r}" for n, v in verdicts.items()
                   if not v.exact and n not in known]
    assert not regressions, f"{len(regressions)} fixture(s) fail that are not known failures:\n" + "\n".join(regressions)
    text_regressions = [n for n, (level, _) in known.items() if level == "html" and not verdicts[n].text]
    assert not text_regressions, f"listed as failing only in markup, now failing in text too: {text_regressions}"
    now_passing = [n for n, (level, _) in known.items() if verdicts[n].exact or (level == "text" and verdicts[n].text)]
    assert not now_passing, f"these now pass (at their level or better): take them off the list or mark them html: {now_passing}"


def test_every_known_failure_has_a_reason():
    """The list is one line per fixture: name | level | reason, the reason never empty."""
    for name, (level, reason) in known_failures().items():
        assert level in ("text", "html"), name
        assert len(reason) > 10, name


def test_both_engines_agree_on_every_fixture(verdicts):
    """The compiled style and the citeproc-py walk give the same HTML on every fixture."""
    walk = {v.name: v for v in csl_suite.run_suite("own", engine="citeproc", suite=SUITE)}
    differ = [n for n in verdicts if (verdicts[n].error or verdicts[n].actual) != (walk[n].error or walk[n].actual)]
    assert not differ, f"the engines differ on {differ}"
