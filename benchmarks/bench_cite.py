"""citekit's own CSL processor against pandoc, as whole processes, and citations per second.

Run: ``.venv/bin/python benchmarks/bench_cite.py [N ...] [--style S]`` (default 1,000 and
10,000 arXiv-like records from ``corpus_bib.py``, APA). Prints, for each N, the wall and
CPU seconds (user + system, from ``resource``) of ``citekit cite --style S --items F.json
--no-citations --to text -o out.txt`` with ``CITEKIT_WORKERS=1`` and of ``pandoc --citeproc``
(``nocite: '@*'``, ``-t plain``), and then the citations per CPU second of
``Processor.cite_clusters`` on 2,000 clusters (3,000 cites, every third with a locator)
over the 1,000 records in APA and chicago-author-date (disambiguation included). On a
shared machine the CPU figure is the one to compare; wall time depends on the load.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))


def _run(cmd: list[str], env: dict | None = None) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(argv: list[str] | None = None) -> int:
    """Print the table."""
    from corpus_bib import records, to_csl_json

    from citekit.styles import resolve_style

    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--style", default="apa")
    args = parser.parse_args(argv)
    csl = resolve_style(args.style).source
    env = {**os.environ, "CITEKIT_WORKERS": "1", "PYTHONPATH": str(REPO)}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "nocite.md").write_text("---\nnocite: '@*'\n---\n", encoding="utf-8")
        print("| records | citekit wall | citekit CPU | pandoc wall | pandoc CPU | CPU ratio pandoc/citekit |")
        print("|---|---|---|---|---|---|")
        for n in args.sizes:
            refs = tmp / f"r{n}.json"
            refs.write_text(to_csl_json(records(n)), encoding="utf-8")
            ck = _run([sys.executable, "-c", "from citekit.cli import main; main()", "cite", "--style", args.style,
                       "--items", str(refs), "--no-citations", "--to", "text", "-o", str(tmp / "c.txt")], env)
            pd = _run([shutil.which("pandoc"), "--citeproc", "--bibliography", str(refs), "--csl", csl, "-t", "plain",
                       "--wrap=none", str(tmp / "nocite.md"), "-o", str(tmp / "p.txt")]) if shutil.which("pandoc") else (0, 0)
            print(f"| {n} | {ck[0]:.2f} s | {ck[1]:.2f} s | {pd[0]:.2f} s | {pd[1]:.2f} s | {pd[1] / ck[1]:.2f} |")
        from citekit.cite import Processor

        items = json.loads(to_csl_json(records(1000)))
        clusters = [{"citationItems": [{"id": items[(n * 7) % 1000]["id"], **({"locator": str(n % 50 + 1)} if n % 3 == 0 else {})}]
                     + ([{"id": items[(n * 13 + 5) % 1000]["id"]}] if n % 2 else []), "properties": {"noteIndex": n + 1}}
                    for n in range(2000)]
        cites = sum(len(c["citationItems"]) for c in clusters)
        for style in ("apa", "chicago-author-date"):
            proc = Processor(style, items, "text")
            t = time.process_time()
            proc.cite_clusters(clusters)
            dt = time.process_time() - t
            print(f"{style}: {cites} cites in {len(clusters)} clusters, {dt:.2f} s CPU, {cites / dt:.0f} cites/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
