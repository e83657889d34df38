"""SIGTERM during ``citekit check --compile`` on a 3,000-entry .bib, N times (issue 24's signal criterion).

Each run gets a TMPDIR of its own; after the signal, the run must exit 143, leave that
directory empty (no citekit-check-* and no biber_tmp_*) and leave no process whose
working directory is inside it (bibtex, pdflatex, biber). The signal lands at a random
moment after the first tool starts.

Run: .venv/bin/python benchmarks/sigterm_compile.py [--runs 20]
"""

from __future__ import annotations

import argparse
import random
import signal
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from test_signals import _big_bib, _citekit, _processes_inside, _wait_for  # noqa: E402


def main() -> None:
    """Run, signal, check; print one line a run and the count of clean stops."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    clean = 0
    for i in range(args.runs):
        with tempfile.TemporaryDirectory() as base:
            base_path = Path(base)
            bib = base_path / "refs.bib"
            _big_bib(bib)
            tmp = base_path / "tmp"
            tmp.mkdir()
            child = _citekit(["check", "--compile", str(bib)], tmp)
            _wait_for(lambda: _processes_inside(tmp) or child.poll() is not None, "a tool to start")
            time.sleep(random.random() * 1.5)
            child.send_signal(signal.SIGTERM)
            _, err = child.communicate(timeout=120)
            left, files = _processes_inside(tmp), sorted(p.name for p in tmp.iterdir())
            ok = child.returncode == 143 and not left and not files
            clean += ok
            print(f"run {i + 1}: exit {child.returncode}, processes left {len(left)}, files left {files}"
                  f"{'' if ok else ' <-- not clean: ' + err.strip()[-200:]}", flush=True)
    print(f"{clean}/{args.runs} clean stops")
    sys.exit(0 if clean == args.runs else 1)


if __name__ == "__main__":
    main()
