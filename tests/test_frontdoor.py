"""One front door: every command ends, speaks and reads ``-`` alike (citekit.frontdoor)."""

from __future__ import annotations

import json
import os
import pty
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from arxiv_server import make_arxiv_server  # noqa: F401 (fixture)

HOME = str(Path(__file__).resolve().parent.parent)
UPDATE = Path(__file__).resolve().parent / "fixtures" / "update"
BIB = "@article{smith2020,\n  author = {Smith, John},\n  title = {A Title},\n  journal = {J},\n  year = {2020},\n  pages = {1-2},\n}\n"
BROKEN = "@article{jones2020,\n  title = {A {broken title},\n  year = 2020,\n}\n\n@misc{lee2022,\n  title = {Lee},\n}\n"


def _citekit(*args: str, input: str | None = None, env: dict | None = None, **kw) -> subprocess.CompletedProcess:
    full_env = dict(os.environ, PYTHONPATH=HOME, **(env or {}))
    full_env.pop("NO_COLOR", None) if env is None or "NO_COLOR" not in env else None
    return subprocess.run([sys.executable, "-m", "citekit", *args], input=input, capture_output=True, text=True,
                          env=full_env, timeout=120, **kw)


def _head(*args: str, env: dict | None = None) -> tuple[int, str]:
    """Run citekit with its stdout read for one line and then closed, as ``| head -1`` does."""
    env = dict(os.environ, PYTHONPATH=HOME, **(env or {}))
    proc = subprocess.Popen([sys.executable, "-m", "citekit", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=env)
    try:
        assert proc.stdout.readline()
        proc.stdout.close()
        err = proc.stderr.read().decode()
        return proc.wait(timeout=120), err
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@pytest.mark.parametrize("args", [("check", "--list-rules"), ("formats", "--styles")], ids=["check", "formats"])
def test_a_broken_pipe_ends_every_command_quietly(args):
    """``citekit check --list-rules | head``: no message, exit 128 + SIGPIPE (convert: test_writes).

    A list short enough to fit in the pipe's buffer may be written whole before the reader
    closes; then no write fails and the command ends with 0, as any Unix tool does. Either
    way nothing is printed on stderr."""
    rc, err = _head(*args)
    assert err == ""
    assert rc == 128 + signal.SIGPIPE or (rc == 0 and args[0] == "check"), rc


@pytest.mark.parametrize("unbuffered", ["", "1"], ids=["buffered", "PYTHONUNBUFFERED"])
@pytest.mark.parametrize("command", ["convert", "check", "fmt"])
def test_a_broken_pipe_is_met_by_every_command_that_writes_much(tmp_path, command, unbuffered):
    """Megabytes to a reader that leaves after one line (check: its findings on articles without journal or
    author): 128 + SIGPIPE and silence, never 0 with the output cut.

    An unbuffered stdout (PYTHONUNBUFFERED=1) once dropped the rest of a write the pipe took
    only part of, and fmt and check ended 0; every command now writes through the front door."""
    bib = tmp_path / "big.bib"
    bib.write_text("".join(f"@article{{k{i},\n  title = {{Title number {i} of many}},\n  year = {{2020}},\n}}\n\n"
                           for i in range(15000)), encoding="utf-8")
    args = {"convert": ("convert", str(bib), "--to", "bibtex"), "check": ("check", str(bib)),
            "fmt": ("fmt", str(bib))}[command]
    rc, err = _head(*args, env={"PYTHONUNBUFFERED": unbuffered} if unbuffered else {})
    assert rc == 128 + signal.SIGPIPE, (rc, err)
    assert "Broken pipe" not in err and "Traceback" not in err


@pytest.fixture
def server(make_arxiv_server):  # noqa: F811
    """The stand-in arXiv over the update fixture's records."""
    return make_arxiv_server(json.loads((UPDATE / "arxiv_records.json").read_text(encoding="utf-8")))


def test_stdin_is_read_by_every_command(cli, tmp_path, server, monkeypatch):
    """``-`` is standard input for convert, check and update (update writes the new file to stdout)."""
    converted = cli("convert", "-", "--to", "csl-json", input=BIB)
    assert converted.exit_code == 0 and json.loads(converted.stdout)[0]["id"] == "smith2020"
    checked = cli("check", "-", input=BIB)
    assert "<stdin>:6: warning pages-hyphen smith2020 pages" in checked.stdout
    diff = cli("check", "-", "--diff", input=BIB)
    assert "+  pages = {1--2}," in diff.stdout
    assert cli("check", "-", "--fix", input=BIB).exit_code == 2
    monkeypatch.setenv("CITEKIT_ARXIV_URL", server.url)
    monkeypatch.setenv("CITEKIT_ARXIV_DELAY", "0")
    text = (UPDATE / "refs.bib").read_text(encoding="utf-8")
    updated = cli("update", "-", "--cache", str(tmp_path / "c.sqlite3"), input=text)
    assert updated.exit_code == 0, updated.stderr
    assert updated.stdout != text and "@" in updated.stdout and "<stdin>:" in updated.stderr
    assert "written to standard output" in updated.stderr


@pytest.mark.parametrize("command", ["convert", "check", "update", "fmt"])
def test_the_same_error_format_and_exit_status(cli, tmp_path, command):
    """A missing file: exit 1, ``citekit: error: <file>: ...``, no traceback, from every command."""
    missing = str(tmp_path / "nope.bib")
    extra = ("--to", "json") if command == "convert" else ("--offline",) if command == "update" else ()
    result = cli(command, missing, *extra)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"citekit: error: {missing}:") and "Traceback" not in result.stderr


@pytest.mark.parametrize("command", ["convert", "check", "update", "formats"])
def test_quiet_and_verbose_mean_the_same_everywhere(cli, tmp_path, command):
    """-q: errors only; -v: also what was read; both: a usage error (exit 2), on every command."""
    src = tmp_path / "refs.bib"
    src.write_text(BROKEN)
    args = {"convert": (str(src), "--to", "csl-json"), "check": (str(src),), "formats": ("--writers",),
            "update": (str(src), "--offline", "--cache", str(tmp_path / "c.sqlite3"), "--dry-run")}[command]
    assert cli(command, *args, "-q", "-v").exit_code == 2
    if command == "formats":
        assert cli(command, *args, "-q").stderr == ""
        return
    quiet = cli(command, *args, "-q")
    assert "warning" not in quiet.stderr and "info" not in quiet.stderr
    normal = cli(command, *args)
    assert "1 not read" in normal.stderr or "1 not read" in normal.stdout
    verbose = cli(command, *args, "-v")
    assert len(verbose.stderr.splitlines()) > len(normal.stderr.splitlines()) >= len(quiet.stderr.splitlines())


def _on_a_terminal(*args: str, env: dict) -> str:
    """Standard error of citekit run with it on a pseudo-terminal."""
    master, slave = pty.openpty()
    try:
        full_env = dict(os.environ, PYTHONPATH=HOME, TERM="xterm", **env)
        if "NO_COLOR" not in env:
            full_env.pop("NO_COLOR", None)
        subprocess.run([sys.executable, "-m", "citekit", *args], stdout=subprocess.DEVNULL, stderr=slave,
                       env=full_env, timeout=120)
        os.close(slave)
        slave = -1
        chunks = []
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks).decode()
    finally:
        os.close(master)
        if slave >= 0:
            os.close(slave)


def test_colour_on_a_terminal_and_no_color_respected(tmp_path):
    """An error is red on a terminal; NO_COLOR turns colour off; a pipe never gets colour."""
    missing = str(tmp_path / "nope.bib")
    assert "\x1b[" in _on_a_terminal("check", missing, env={})
    plain = _on_a_terminal("check", missing, env={"NO_COLOR": "1"})
    assert "\x1b[" not in plain and "citekit: error:" in plain
    piped = _citekit("check", missing)
    assert "\x1b[" not in piped.stderr and piped.returncode == 1


@pytest.mark.parametrize("command", ["convert", "check", "update", "fmt"])
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_signal_ends_every_command_alike(cli, tmp_path, monkeypatch, command, signum):
    """SIGTERM, SIGHUP or Ctrl-C while a command reads: exit 128 + N, one line, no traceback."""
    from citekit import frontdoor, inputs

    def stopped(*args, **kwargs):
        if signum == signal.SIGINT:
            raise KeyboardInterrupt
        raise frontdoor.Signalled(signum)

    monkeypatch.setattr(inputs, "read_source", stopped)
    src = tmp_path / "refs.bib"
    src.write_text(BIB)
    extra = ("--to", "json") if command == "convert" else ("--offline",) if command == "update" else ()
    result = cli(command, str(src), *extra)
    assert result.exit_code == 128 + signum
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr and "nothing written" in result.stderr


def test_progress_on_a_terminal_only(tmp_path):
    """Long work says what it does on a terminal (which tool check --compile runs); a pipe gets nothing extra."""
    from conftest import require_tool

    require_tool("bibtex")
    src = tmp_path / "refs.bib"
    src.write_text(BIB)
    shown = _on_a_terminal("check", str(src), "--compile", "--select", "compile", env={"NO_COLOR": "1"})
    assert "running bibtex" in shown
    converted = _on_a_terminal("convert", str(src), "-o", str(tmp_path / "out.json"), env={"NO_COLOR": "1"})
    assert "reading" in converted and "writing 1 entries as csl-json" in converted
    piped = _citekit("check", str(src), "--compile", "--select", "compile")
    assert "running" not in piped.stderr and "\r" not in piped.stderr


def test_strict_fails_on_an_entry_not_read_in_every_command(cli, tmp_path):
    """A block the scanner cannot read: --strict fails convert, check and update alike (update leaves the file)."""
    src = tmp_path / "refs.bib"
    src.write_text(BROKEN)
    assert cli("convert", str(src), "--to", "csl-json").exit_code == 0
    assert cli("convert", str(src), "--to", "csl-json", "--strict").exit_code == 1
    assert cli("check", str(src), "--strict").exit_code == 1
    untitled = BROKEN.replace("title = {Lee}", "note = {no title, no id: nothing to ask arXiv}")
    src.write_text(untitled)
    args = ("update", str(src), "--offline", "--cache", str(tmp_path / "c.sqlite3"), "--no-backup")
    assert cli(*args).exit_code == 0
    strict = cli(*args, "--strict")
    assert strict.exit_code == 1 and "--strict" in strict.stderr and src.read_text() == untitled
