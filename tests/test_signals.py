"""Clean stops: a signal ends every command with 128 + N, leaves no temporary file or directory, and no tool running.

Each run gets a TMPDIR of its own, so "nothing left" is checked exactly: the directory is
empty afterwards, and no process has its working directory inside it (bibtex, biber and
pdflatex run in the temporary directories ``check --compile`` makes there).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from arxiv_server import arxiv_server  # noqa: F401 (fixture)
from conftest import REPO, require_tool

GUARD = 120.0  # seconds: against a hang only


def _citekit(args: list[str], tmpdir: Path, **kwargs) -> subprocess.Popen:
    env = dict(os.environ, TMPDIR=str(tmpdir), PYTHONPATH=str(REPO))
    code = "import sys; from citekit.cli import main; sys.argv[0] = 'citekit'; main()"
    # A job started in the background inherits SIGINT ignored (and Python keeps it so): give the
    # child the default, as a terminal's foreground job has, so that Ctrl-C is tested at all.
    return subprocess.Popen([sys.executable, "-c", code, *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL), **kwargs)


def _processes_inside(directory: Path) -> list[str]:
    """Processes whose working directory is ``directory`` or below it (pid and command)."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            cwd = os.readlink(f"/proc/{pid}/cwd")
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if cwd == str(directory) or cwd.startswith(str(directory) + os.sep):
            found.append(f"{pid} {cmd}")
    return found


def _wait_for(predicate, what: str) -> None:
    deadline = time.monotonic() + GUARD
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.02)


def _signal_when(child: subprocess.Popen, ready, what: str, signum: int, delay: float = 0.0) -> str:
    """Once ``ready()`` holds (and ``delay`` more seconds), send ``signum``; the child's stderr once it ended."""
    try:
        _wait_for(lambda: ready() or child.poll() is not None, what)
        assert child.poll() is None, f"the run ended before {what}; make the file bigger"
        time.sleep(delay)
        child.send_signal(signum)
        _, err = child.communicate(timeout=GUARD)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    return err


def _big_bib(path: Path, entries: int = 3000) -> None:
    """A .bib whose entries give bibtex and biber something to say (missing fields, bad years)."""
    with path.open("w", encoding="utf-8") as out:
        for i in range(entries):
            out.write(f"@article{{k{i},\n  title = {{Title number {i}}},\n  author = {{Doe, Jane and Roe, Richard}},\n"
                      f"  year = {{20{i % 100:02d}x}},\n}}\n\n")


@pytest.mark.parametrize("tool, round_", [("bibtex", 0), ("pdflatex", 0), ("biber", 0), ("biber", 3), ("", 2)])
def test_sigterm_during_check_compile(tmp_path: Path, tool: str, round_: int) -> None:
    """SIGTERM while bibtex, pdflatex or biber runs: exit 143, no temporary directory (biber's own
    ``biber_tmp_*`` included), no tool left."""
    require_tool("bibtex")
    require_tool("biber")
    require_tool("pdflatex")
    bib = tmp_path / "refs.bib"
    _big_bib(bib)
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    child = _citekit(["check", "--compile", str(bib)], tmpdir)
    # Once the tool is at work in a temporary directory, and a little more, varying by round.
    err = _signal_when(child, lambda: any(tool in p for p in _processes_inside(tmpdir)),
                       f"{tool or 'a tool'} started", signal.SIGTERM, 0.1 * round_)
    assert child.returncode == 143, err
    assert "SIGTERM" in err and "Traceback" not in err
    assert _processes_inside(tmpdir) == []
    assert list(tmpdir.iterdir()) == []


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGHUP])
def test_other_signals_during_check_compile(tmp_path: Path, signum: int) -> None:
    """SIGINT and SIGHUP end it the same way, with 128 + N."""
    require_tool("bibtex")
    bib = tmp_path / "refs.bib"
    _big_bib(bib, 1500)
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    child = _citekit(["check", "--compile", str(bib)], tmpdir)
    err = _signal_when(child, lambda: _processes_inside(tmpdir), "a tool started", signum)
    assert child.returncode == 128 + signum, err
    assert _processes_inside(tmpdir) == [] and list(tmpdir.iterdir()) == []


def test_sigterm_during_update_leaves_no_temporary(tmp_path: Path, arxiv_server) -> None:
    """``update`` stopped while a slow stand-in arXiv is asked: exit 143, the file untouched, no temporary."""
    bib = tmp_path / "refs.bib"
    original = "@misc{a, title = {Attention Is All You Need}, eprint = {1706.03762}}\n"
    bib.write_text(original, encoding="utf-8")
    arxiv_server.fault_all, arxiv_server.slow_seconds = "slow", 30.0
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    env = dict(os.environ, TMPDIR=str(tmpdir), PYTHONPATH=str(REPO), CITEKIT_ARXIV_URL=arxiv_server.url,
               CITEKIT_ARXIV_DELAY="0")
    code = "import sys; from citekit.cli import main; sys.argv[0] = 'citekit'; main()"
    cache = tmp_path / "cache" / "c.sqlite"
    child = subprocess.Popen([sys.executable, "-c", code, "update", "--cache", str(cache), str(bib)],
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    err = _signal_when(child, lambda: arxiv_server.requests, "the request to arXiv", signal.SIGTERM)
    assert child.returncode == 143, err
    assert bib.read_text(encoding="utf-8") == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "refs.bib", "tmp"]
    assert list(tmpdir.iterdir()) == []


def _cpu_seconds(pid: int) -> float:
    """CPU time (user + system) process ``pid`` has used so far; 0 once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


#: CPU seconds after which a run is past its start-up (about 0.5 s) and into the file's work,
#: which for 40,000 entries takes several more seconds: CPU time, not wall time, so a busy
#: machine does not move the moment.
AT_WORK = 1.5


@pytest.mark.skipif(not Path("/proc/self/stat").is_file(), reason="needs /proc to see how far the run is")
@pytest.mark.parametrize("command", [
    ["convert", "{bib}", "--style", "apa", "-o", "{out}"],
    ["convert", "{bib}", "--to", "csl-json", "-o", "{out}"],
    ["check", "{bib}"],
    ["fmt", "{bib}", "-o", "{out}"],
    ["update", "--offline", "--cache", "{cache}", "{bib}"],
    ["cite", "--style", "apa", "--items", "{bib}", "--bibliography", "-o", "{out}"],
], ids=["convert-apa", "convert-csl", "check", "fmt", "update", "cite"])
def test_sigterm_while_a_command_works_ends_it_cleanly(tmp_path: Path, command: list[str]) -> None:
    """A real SIGTERM while each command reads and works on a big file: exit 143, one line on
    stderr, no output file, no temporary beside it or in TMPDIR, and the input unchanged."""
    _stop_at_work(tmp_path, command, signal.SIGTERM)


@pytest.mark.skipif(not Path("/proc/self/stat").is_file(), reason="needs /proc to see how far the run is")
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGHUP])
def test_sigint_and_sighup_while_a_command_works_end_it_alike(tmp_path: Path, signum: int) -> None:
    """Ctrl-C and a closed terminal end a working run as SIGTERM does, with 128 + N."""
    _stop_at_work(tmp_path, ["convert", "{bib}", "--style", "apa", "-o", "{out}"], signum)


def _stop_at_work(tmp_path: Path, command: list[str], signum: int) -> None:
    work = tmp_path / "work"
    work.mkdir()
    bib = work / "refs.bib"
    _big_bib(bib, 40_000)
    before = bib.read_bytes()
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    args = [a.format(bib=bib, out=work / "out.txt", cache=tmp_path / "c.sqlite") for a in command]
    child = _citekit(args, tmpdir)
    err = _signal_when(child, lambda: _cpu_seconds(child.pid) >= AT_WORK, "the run was at work", signum)
    assert child.returncode == 128 + signum, err
    assert "Traceback" not in err and err.count("\n") == 1, err
    assert bib.read_bytes() == before
    assert sorted(p.name for p in work.iterdir()) == ["refs.bib"]
    assert list(tmpdir.iterdir()) == []
