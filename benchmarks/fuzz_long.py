"""The fuzz tests of tests/test_sources_fuzz.py for as long as asked: many examples, a fresh seed each round.

CI runs each property with a short budget (``CITEKIT_FUZZ_EXAMPLES``, 40 by default).
This script runs the whole file again and again with ``--examples`` per property and a
new ``--hypothesis-seed`` each round until ``--minutes`` have passed, and stops at the
first failure, printing pytest's report (hypothesis shrinks the input and prints it:
keep it as an ``@example`` seed in the test file). A traceback or an example that runs
past the tests' 30 s guard is a failure.

Run: .venv/bin/python benchmarks/fuzz_long.py [--minutes 60] [--examples 2000] [-k EXPR]
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    """Run rounds until the time is up or a property fails."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=60.0)
    parser.add_argument("--examples", type=int, default=2000, help="examples per property and round")
    parser.add_argument("-k", default="", help="pytest -k expression: only the properties it selects")
    parser.add_argument("--seed", type=int, default=None, help="run this one hypothesis seed (a failure to reproduce)")
    args = parser.parse_args()
    deadline = time.monotonic() + args.minutes * 60
    env = dict(os.environ, CITEKIT_FUZZ_EXAMPLES=str(args.examples), PYTHONPATH=str(ROOT))
    env.pop("CI", None)  # CI derandomizes hypothesis: here every round is a new draw
    rounds = 0
    while time.monotonic() < deadline:
        seed = args.seed if args.seed is not None else random.randrange(1 << 32)
        cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x", f"--hypothesis-seed={seed}",
               str(ROOT / "tests" / "test_sources_fuzz.py")]
        if args.k:
            cmd += ["-k", args.k]
        started = time.monotonic()
        proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
        rounds += 1
        tail = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""
        print(f"round {rounds}: seed {seed}, {time.monotonic() - started:.0f} s: {tail}", flush=True)
        if proc.returncode != 0:
            print(proc.stdout[-20000:], proc.stderr[-5000:], sep="\n")
            print(f"FAILED in round {rounds}: pytest exit status {proc.returncode} (rerun: --seed {seed})")
            sys.exit(1)
        if args.seed is not None:
            break
    print(f"{rounds} rounds of {args.examples} examples per property: no failure")


if __name__ == "__main__":
    main()
