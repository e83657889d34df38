"""Hostile and unlucky inputs (issues 24 and 25), generated, and every command timed on each.

Writes each file into ``--dir`` (default ``benchmarks/out/hostile``) and, with ``--run``,
runs every command on it under ``/usr/bin/time -v``, printing wall time, peak RSS and exit
status: ``convert`` to every format (bibtex, biblatex, csl-json, json, text in apa and
ieee, html, markdown, latex, bibtex:plain), ``check``, ``check --fix`` (on a copy),
``update --offline`` (on a copy) and ``fmt`` (a fresh layout, to a file and in place on
a copy). The goal is every run under 10 s and 500 MB, ending with correct output or a
message that names the file and line, never a traceback.

Run: .venv/bin/python benchmarks/hostile_files.py [--dir DIR] [--run] [--only NAME,...]
     [--commands convert-bibtex,check,...] [--timeout 60]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def string_bomb() -> str:
    """About 584 bytes: ten @strings, each the previous one ten times: one title of 10^9 characters."""
    lines = ['@string{a0 = "x"}']
    for i in range(1, 10):
        lines.append(f"@string{{a{i} = " + " # ".join([f"a{i - 1}"] * 10) + "}")
    lines.append("@article{bomb, title = a9, author = {Doe, Jane}, year = 2020}")
    return "\n".join(lines) + "\n"


def string_bomb_wide() -> str:
    """Many fields each expanding one mid-sized @string: the per-file budget, not one field's."""
    lines = ['@string{s0 = "' + "x" * 1000 + '"}']
    for i in range(1, 4):
        lines.append(f"@string{{s{i} = " + " # ".join([f"s{i - 1}"] * 8) + "}")
    for n in range(2000):
        lines.append(f"@misc{{w{n}, note = s3}}")
    return "\n".join(lines) + "\n"


def crossref_chain(field: str = "crossref", depth: int = 10_000) -> str:
    """Each entry inherits from the next, ``depth`` deep."""
    out = []
    for i in range(depth):
        out.append(f"@inproceedings{{c{i}, title = {{T{i}}}, {field} = {{c{i + 1}}}}}")
    out.append(f"@proceedings{{c{depth}, title = {{Root}}, year = 2000, booktitle = {{Book}}}}")
    return "\n".join(out) + "\n"


def xdata_chain() -> str:
    """An xdata chain 10,000 deep (biblatex)."""
    out = []
    for i in range(10_000):
        out.append(f"@xdata{{x{i}, xdata = {{x{i + 1}}}, note = {{n{i}}}}}")
    out.append("@xdata{x10000, publisher = {P}}")
    out.append("@book{b, title = {B}, author = {Doe, J.}, xdata = {x0}}")
    return "\n".join(out) + "\n"


def crossref_cycle() -> str:
    """Crossref and xdata cycles, the shortest and a long one."""
    out = ["@inproceedings{self, title = {S}, crossref = {self}}",
           "@inproceedings{a, title = {A}, crossref = {b}}", "@inproceedings{b, title = {B}, crossref = {a}}",
           "@book{xa, title = {XA}, xdata = {xb}}", "@xdata{xb, xdata = {xc}}", "@xdata{xc, xdata = {xb}}"]
    for i in range(1000):
        out.append(f"@inproceedings{{r{i}, title = {{R{i}}}, crossref = {{r{(i + 1) % 1000}}}}}")
    return "\n".join(out) + "\n"


def nested_braces() -> str:
    """100,000 nested braces in a title."""
    n = 100_000
    return "@article{deep, title = {" + "{" * n + "x" + "}" * n + "}, year = 2020}\n"


def nested_braces_unclosed() -> str:
    """100,000 opening braces and no closing ones."""
    return "@article{deep, title = {" + "{" * 100_000 + "x, year = 2020}\n"


def big_field() -> str:
    """One 5 MB abstract (over the 1 MB bound on purpose: the issue names it)."""
    word = "lorem ipsum dolor sit amet "
    return "@article{big, title = {Big}, author = {Doe, J.}, year = 2020, abstract = {" + word * (5_000_000 // len(word)) + "}}\n"


def million_entries() -> str:
    """A million tiny entries (4 bytes each)."""
    return "@a{}" * 1_000_000 + "\n"


def many_small_entries() -> str:
    """As many entries with a title and a year as 1 MB holds (26,000), each key distinct."""
    return "".join(f"@misc{{k{i},title={{T{i}}},year=2000}}\n" for i in range(26_000))


def densest_entries() -> str:
    """The most entries 1 MB holds under the bound: 99,999 bare ``@a{NNNNN}``, keys distinct."""
    return "".join(f"@a{{{i:05d}}}\n" for i in range(99_999))


def tiny_csl_items() -> str:
    """CSL-JSON ``{}`` 300,000 times (900 kB): over the bound, refused."""
    return "[" + ",".join(["{}"] * 300_000) + "]"


def nul_bytes() -> str:
    """NUL bytes everywhere: between fields, inside values and keys."""
    return "@article{n\x00ul, title = {A\x00B}, author = {Doe,\x00 J.}, year = 20\x0020}\n" * 2000 + "\x00" * 10_000


def invalid_utf8() -> bytes:
    """Bytes that are not UTF-8 (lone continuation bytes, overlongs, surrogates)."""
    chunk = b"@article{u, title = {Caf\xe9 \xc3\x28 \xed\xa0\x80 \xf8\x88\x80\x80\x80 \x80\xbf}, author = {M\xfcller, J.}, year = 2020}\n"
    return chunk * 3000


# ---- strings crafted against regular expressions (issue 25's list) --------------------------------

def re_author_bang() -> str:
    """83-byte author with a trailing '!' (styled output)."""
    return "@article{a, title = {T}, author = {Doe, X " + "a" * 40 + "!}, year = 2020}\n"


def re_von_given() -> str:
    """14 x 'von' in a given name."""
    return "@article{a, title = {T}, author = {Doe, " + "von " * 14 + "X}, year = 2020}\n" \
           "@article{b, title = {T}, author = {" + "von " * 14 + "Doe}, year = 2020}\n" \
           "@article{c, title = {T}, author = {X " + "von " * 14 + "Doe}, year = 2020}\n"


def re_note_arxiv_spaces() -> str:
    """``note={arxiv`` + 2 KB of spaces + ``#}`` (check)."""
    return "@article{a, title = {T}, author = {Doe, J.}, year = 2020, note = {arxiv" + " " * 2000 + "#}}\n"


def re_unclosed_newlines() -> str:
    """An unclosed brace followed by 80,000 newlines."""
    return "@article{a, title = {T" + "\n" * 80_000


def re_muller_spaces() -> str:
    """``Müller`` followed by 80,000 spaces, as an author and a title."""
    return "@article{a, title = {Müller" + " " * 80_000 + "}, author = {Müller" + " " * 80_000 + "}, year = 2020}\n"


def re_long_note() -> str:
    """A 160 KB note (apa)."""
    return "@article{a, title = {T}, author = {Doe, J.}, year = 2020, note = {" + "note text, " * 14_000 + "}}\n"


def re_long_page() -> str:
    """A 40,000-digit page (ieee)."""
    return "@article{a, title = {T}, author = {Doe, J.}, year = 2020, pages = {" + "1" * 40_000 + "}}\n"


def re_backslash_braces() -> str:
    """``{\\`` x 20,000 in a title (--to bibtex)."""
    return "@article{a, title = {" + "{\\" * 20_000 + "}, year = 2020}\n"


def csl_deep_json() -> str:
    """CSL-JSON nested 100,000 arrays deep."""
    return "[" * 100_000 + "]" * 100_000


def one_author_year() -> str:
    """14,000 entries of one first author and year with distinct titles of one length (about 1 MB).

    Every pair is a candidate for ``check``'s near-identical-title rule and for a style's
    year suffixes: a pairwise comparison ran for minutes.
    """
    import random

    draw = random.Random(24)
    letters = "abcdefghijklmnopqrstuvwxyz"
    return "".join("@misc{k%d,author={A, B},year=2000,title={%s}}\n" % (i, "".join(draw.choice(letters) for _ in range(30)))
                   for i in range(14_000))


FILES = {
    "string_bomb.bib": string_bomb,
    "string_bomb_wide.bib": string_bomb_wide,
    "crossref_chain.bib": crossref_chain,
    "xdata_chain.bib": xdata_chain,
    "crossref_cycle.bib": crossref_cycle,
    "nested_braces.bib": nested_braces,
    "nested_braces_unclosed.bib": nested_braces_unclosed,
    "big_field.bib": big_field,
    "million_entries.bib": million_entries,
    "many_small_entries.bib": many_small_entries,
    "densest_entries.bib": densest_entries,
    "tiny_csl_items.json": tiny_csl_items,
    "nul_bytes.bib": nul_bytes,
    "invalid_utf8.bib": invalid_utf8,
    "re_author_bang.bib": re_author_bang,
    "re_von_given.bib": re_von_given,
    "re_note_arxiv_spaces.bib": re_note_arxiv_spaces,
    "re_unclosed_newlines.bib": re_unclosed_newlines,
    "re_muller_spaces.bib": re_muller_spaces,
    "re_long_note.bib": re_long_note,
    "re_long_page.bib": re_long_page,
    "re_backslash_braces.bib": re_backslash_braces,
    "csl_deep.json": csl_deep_json,
    "one_author_year.bib": one_author_year,
}

CONVERTS = {
    "bibtex": ["--to", "bibtex"], "biblatex": ["--to", "biblatex"], "csl-json": ["--to", "csl-json"],
    "json": ["--to", "json"], "apa": ["--to", "text", "--style", "apa"], "ieee": ["--to", "text", "--style", "ieee"],
    "html": ["--to", "html", "--style", "apa"], "markdown": ["--to", "markdown", "--style", "chicago-author-date"],
    "latex": ["--to", "latex", "--style", "apa"], "plain": ["--to", "text", "--style", "bibtex:plain"],
}


def write_files(directory: Path, only: set[str] | None) -> list[Path]:
    """Write every hostile file (or those named) into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, make in FILES.items():
        if only and name not in only:
            continue
        data = make()
        path = directory / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        paths.append(path)
    return paths


def commands(path: Path, work: Path) -> dict[str, list[str]]:
    """Every command to run on ``path`` (copies for those that rewrite it)."""
    out = {}
    for name, args in CONVERTS.items():
        out[f"convert-{name}"] = ["convert", str(path), *args, "-o", str(work / f"out-{name}")]
    out["check"] = ["check", str(path)]
    out["check-fix"] = ["check", "--fix", "--no-backup", "COPY"]
    out["update"] = ["update", "--offline", "--no-backup", "COPY"]
    out["fmt"] = ["fmt", str(path), "--indent", "2", "--sort-fields", "-o", str(work / "out-fmt")]
    out["fmt-in-place"] = ["fmt", "--in-place", "--wrap", "80", "COPY"]
    return out


def _cap_memory() -> None:
    """Keep a runaway run from taking the shared machine down: 3 GB of address space."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))


def _child_env(source: Path) -> dict[str, str]:
    """The environment of a timed run: ``source`` on the path, its bytecode compiled once beforehand.

    An installed citekit runs from compiled bytecode; a source tree under
    ``PYTHONDONTWRITEBYTECODE`` would compile every module it imports on every run (a few
    tenths of a second), which no user pays. The bytecode goes to ``__pycache__`` (ignored by git).
    """
    env = dict(os.environ, PYTHONPATH=str(source))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def compile_source(source: Path) -> None:
    """Compile ``source``'s citekit once, so that no timed run compiles it."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(source / "citekit")],
                   env=_child_env(source), check=False, stdout=subprocess.DEVNULL)


def run_one(argv: list[str], path: Path, work: Path, timeout: float,
            source: Path = ROOT) -> tuple[float, float, int, int | str, str]:
    """Run citekit under /usr/bin/time -v: (wall seconds, CPU seconds, peak kB, exit status, last stderr line).

    CPU time (user + system) is the figure load on a shared machine does not inflate."""
    if "COPY" in argv:
        copy = work / path.name
        shutil.copyfile(path, copy)
        argv = [str(copy) if a == "COPY" else a for a in argv]
    cmd = ["/usr/bin/time", "-v", sys.executable, "-c", "import sys; from citekit.cli import main; sys.argv[0]='citekit'; main()", *argv]
    env = _child_env(source)
    child = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="replace",
                             env=env, cwd=work, preexec_fn=_cap_memory, start_new_session=True)
    try:
        _, stderr = child.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, 9)  # the whole group: time(1) and citekit under it
        child.communicate()
        return timeout, 0.0, 0, "timeout", ""
    proc = subprocess.CompletedProcess(cmd, child.returncode, "", stderr)
    wall = re.search(r"Elapsed \(wall clock\) time.*?: (?:(\d+):)?(\d+):([\d.]+)", proc.stderr)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
    cpu = sum(float(m) for m in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", proc.stderr))
    seconds = 0.0
    if wall:
        seconds = int(wall.group(1) or 0) * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip() and not ln.startswith("\t") and "Command" not in ln]
    status: int | str = proc.returncode
    if "Traceback" in proc.stderr or "internal error" in proc.stderr:
        status = f"{proc.returncode}!TRACEBACK"
    return seconds, cpu, int(rss.group(1)) if rss else 0, status, (lines[0] if lines else "")[:110]


def main() -> None:
    """Generate the files; with --run, time every command on each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=ROOT / "benchmarks" / "out" / "hostile")
    parser.add_argument("--run", action="store_true")
    parser.add_argument("--only", default="")
    parser.add_argument("--commands", default="")
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--source", type=Path, default=ROOT, help="the citekit source tree to run (default: this one)")
    args = parser.parse_args()
    only = set(filter(None, args.only.split(","))) or None
    wanted = set(filter(None, args.commands.split(","))) or None
    paths = write_files(args.dir, only)
    for path in paths:
        print(f"{path.name}: {path.stat().st_size:,} bytes")
    if not args.run:
        return
    compile_source(args.source)
    bad = 0
    print(f"{'file':28} {'command':18} {'s':>7} {'cpu s':>6} {'MB':>6} {'exit':>6}  message")
    for path in paths:
        with tempfile.TemporaryDirectory() as tmp:
            for name, argv in commands(path, Path(tmp)).items():
                if wanted and name not in wanted:
                    continue
                seconds, cpu, kb, status, message = run_one(argv, path, Path(tmp), args.timeout, args.source)
                over = seconds >= 10 or kb >= 500_000 or not isinstance(status, int) or status not in (0, 1)
                bad += over
                flag = " <-- over" if over else ""
                print(f"{path.name:28} {name:18} {seconds:7.2f} {cpu:6.2f} {kb / 1024:6.0f} {status!s:>6}  {message}{flag}", flush=True)
    print(f"{bad} runs over the bound (10 s, 500 MB, exit 0/1, no traceback)")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
