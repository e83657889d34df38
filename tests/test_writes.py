"""Writes on a real machine: devices, FIFOs, directories, symlinks, inputs, closed pipes, full disks, signals.

The hazards run against the real operating system: subprocesses where the process's
own file descriptors or signals matter, the in-process CLI where they do not.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

import citekit
from citekit.atomic import check_target, remove_stale_temps, write_atomic
from citekit.diagnostics import os_error_message
from citekit.errors import UsageError
from arxiv_server import arxiv_server  # noqa: F401 (fixture)
from conftest import REPO, SEEDS

BENCH = REPO / "benchmarks"
#: Where the citekit under test lives (the checkout, or site-packages under scripts/test.sh).
HOME = str(Path(citekit.__file__).resolve().parent.parent)
IDS = "arXiv:2101.00001\nhttps://arxiv.org/abs/2305.10403v2\n"


def _citekit(*args: str, **kw) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=HOME)
    return subprocess.run([sys.executable, "-m", "citekit.cli", *args], capture_output=True, text=True,
                          env=env, timeout=120, **kw)


def _ids(tmp_path: Path) -> Path:
    src = tmp_path / "ids.txt"
    src.write_text(IDS)
    return src


def test_dev_null_is_written_as_a_stream_and_stays_a_device(cli, tmp_path):
    """-o /dev/null discards the output (exit 0) and never replaces the device with a file."""
    result = cli("convert", str(_ids(tmp_path)), "--to", "bibtex", "-o", "/dev/null")
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_fifo_directory_and_device_are_usage_errors(cli, tmp_path):
    """A FIFO, an existing directory, a path ending in / and a device other than the streams: exit 2, untouched."""
    src = _ids(tmp_path)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for target, said in ((fifo, "FIFO"), (tmp_path, "directory"), (f"{tmp_path}/newdir/", "directory"),
                         ("/dev/zero", "character device")):
        result = cli("convert", str(src), "--to", "bibtex", "-o", str(target))
        assert result.exit_code == 2, (target, result.output)
        assert said in result.output and "Traceback" not in result.output
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert not (tmp_path / "newdir").exists()
    assert stat.S_ISCHR(os.stat("/dev/zero").st_mode)


def test_symlink_is_followed_and_its_target_replaced(cli, tmp_path):
    """-o through a symlink keeps the link and gives its target the new content."""
    real = tmp_path / "real.bib"
    real.write_text("old\n")
    link = tmp_path / "link.bib"
    link.symlink_to("real.bib")
    result = cli("convert", str(_ids(tmp_path)), "--rekey", "-o", str(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == "real.bib"
    assert "@misc{" in real.read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ids.txt", "link.bib", "real.bib"]


def test_missing_parent_directory_is_an_error_unless_mkdir(cli, tmp_path):
    """A missing parent is named (exit 2, nothing created); --mkdir creates it."""
    out = tmp_path / "a" / "b" / "refs.json"
    result = cli("convert", str(_ids(tmp_path)), "-o", str(out))
    assert result.exit_code == 2 and str(out.parent) in result.output and "--mkdir" in result.output
    assert not (tmp_path / "a").exists()
    result = cli("convert", str(_ids(tmp_path)), "--mkdir", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())


def test_output_equal_to_an_input_is_refused(cli, tmp_path):
    """in.bib --to csl-json -o in.bib: exit 2 and the input unchanged; --in-place only in the input's own format."""
    src = tmp_path / "in.bib"
    text = "@article{smith2020,\n  author = {Smith, John},\n  title = {A Paper},\n  journal = {J},\n  year = {2020},\n}\n"
    src.write_text(text)
    result = cli("convert", str(src), "--to", "csl-json", "-o", str(src))
    assert result.exit_code == 2 and "--in-place" in result.output
    assert src.read_text() == text
    result = cli("convert", str(src), "--in-place", "--to", "csl-json", "-o", str(src))
    assert result.exit_code == 2 and "own format" in result.output
    assert src.read_text() == text
    # The input reached through a directory and a symlink is still the input.
    link = tmp_path / "same.bib"
    link.symlink_to(src)
    result = cli("convert", str(tmp_path), "--to", "bibtex", "-o", str(link))
    assert result.exit_code == 2 and src.read_text() == text
    result = cli("convert", str(src), "--in-place", "-o", str(src))
    assert result.exit_code == 0, result.output
    assert "@article{smith2020," in src.read_text()


def test_closed_stdout_fails_cleanly():
    """Run with stdout closed: a message and exit 1, never a silent exit 0."""
    env = dict(os.environ, PYTHONPATH=HOME)
    result = subprocess.run(["sh", "-c", f'exec "{sys.executable}" -m citekit.cli convert - --to bibtex >&-'],
                            input=IDS, capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 1
    assert "standard output is closed" in result.stderr and "Traceback" not in result.stderr


def test_broken_pipe_ends_quietly():
    """The reader of stdout goes away mid-output (``| head``): exit 128 + SIGPIPE, nothing on stderr, as any filter."""
    env = dict(os.environ, PYTHONPATH=HOME)
    proc = subprocess.Popen([sys.executable, "-m", "citekit.cli", "convert", str(SEEDS), "--to", "csl-json", "-q"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert proc.stdout.read(100)
    proc.stdout.close()
    try:
        err = proc.stderr.read().decode()
        rc = proc.wait(timeout=120)
    finally:
        proc.kill()
    assert rc == 128 + signal.SIGPIPE, err
    assert err == ""


def test_full_disk_on_stdout_names_it_and_says_what_to_do():
    """Writing to /dev/full (ENOSPC): the message names standard output and the cause, exit 1."""
    with open("/dev/full", "w") as full:
        env = dict(os.environ, PYTHONPATH=HOME)
        result = subprocess.run([sys.executable, "-m", "citekit.cli", "convert", "-", "--to", "bibtex", "-q"],
                                input=IDS, stdout=full, stderr=subprocess.PIPE, text=True, env=env, timeout=120)
    assert result.returncode == 1
    assert "standard output" in result.stderr and "disk is full" in result.stderr
    assert "internal error" not in result.stderr


def test_os_error_messages_name_the_file_and_advise():
    """ENOSPC, EACCES and EROFS messages carry the file name and a next step."""
    for code, advice in ((errno.ENOSPC, "free some space"), (errno.EACCES, "permissions"), (errno.EROFS, "read-only")):
        text = os_error_message(OSError(code, os.strerror(code), "/data/refs.bib"))
        assert text.startswith("/data/refs.bib: ") and advice in text


def test_unwritable_directory_names_the_file(cli, tmp_path, monkeypatch):
    """A permission error from the system (as for a non-root user) is reported with the file, exit 1."""
    import os

    opened = os.open

    def refuse(path, *args, **kwargs):  # the temporary beside -o cannot be created (a root test user could)
        if str(path).endswith(".tmp") and ".refs.bib." in str(path):
            raise PermissionError(errno.EACCES, "Permission denied")
        return opened(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    out = tmp_path / "refs.bib"
    result = cli("convert", str(_ids(tmp_path)), "-o", str(out))
    assert result.exit_code == 1
    assert f"{out}: Permission denied" in result.output and "internal error" not in result.output


def test_stale_temporaries_of_killed_runs_are_removed(tmp_path):
    """Temporaries whose process is gone go; another live run's temporary and foreign files stay."""
    target = tmp_path / "refs.bib"
    dead = 4_000_000
    while True:  # a process id that no process has
        try:
            os.kill(dead, 0)
            dead -= 1
        except ProcessLookupError:
            break
        except PermissionError:
            dead -= 1
    stale = tmp_path / f".refs.bib.{dead}.abcd1234.tmp"
    live = tmp_path / f".refs.bib.{os.getppid()}.efgh5678.tmp"
    legacy_old = tmp_path / ".refs.bib.k3j2h1g0.tmp"
    legacy_new = tmp_path / ".refs.bib.a1b2c3d4.tmp"
    other = tmp_path / ".other.bib.123.abcd1234.tmp"
    for path in (stale, live, legacy_old, legacy_new, other):
        path.write_text("partial")
    hours_ago = time.time() - 7200
    os.utime(legacy_old, (hours_ago, hours_ago))
    write_atomic(target, "new\n")
    assert target.read_text() == "new\n"
    assert not stale.exists() and not legacy_old.exists()
    assert live.exists() and legacy_new.exists() and other.exists()
    assert remove_stale_temps(target) == []


def test_check_target_follows_links_and_refuses_non_files(tmp_path):
    """check_target gives the real file behind a link; a dangling link's target may be created."""
    (tmp_path / "real.json").write_text("{}")
    (tmp_path / "l1").symlink_to("real.json")
    assert check_target(tmp_path / "l1") == (tmp_path / "real.json").resolve()
    (tmp_path / "dangling").symlink_to("later.json")
    assert check_target(tmp_path / "dangling") == (tmp_path / "later.json").resolve()
    with pytest.raises(UsageError, match="directory"):
        check_target(tmp_path)


def test_write_keeps_the_mode_of_the_file_it_replaces(tmp_path):
    """A replaced file keeps its permission bits."""
    target = tmp_path / "refs.bib"
    target.write_text("old")
    os.chmod(target, 0o640)
    write_atomic(target, "new")
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640 and target.read_text() == "new"


# --- signals during a streamed conversion -------------------------------------------------


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory) -> Path:
    """A generated arXiv snapshot big enough to stream through worker processes for a few seconds."""
    sys.path.insert(0, str(BENCH))
    from corpus_bib import iter_records, snapshot_line

    path = tmp_path_factory.mktemp("snap") / "snap.jsonl"
    with open(path, "w", encoding="utf-8") as handle:
        for record in iter_records(40000, 5):
            handle.write(snapshot_line(record) + "\n")
    return path


def _stream_and_signal(snapshot: Path, out: Path, signum: int, group: bool, delay: float) -> tuple[int, str]:
    env = dict(os.environ, PYTHONPATH=HOME, CITEKIT_WORKERS="2")
    proc = subprocess.Popen([sys.executable, "-m", "citekit.cli", "convert", str(snapshot), "-o", str(out), "-q"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not list(out.parent.glob(f".{out.name}.*.tmp")):  # the run has started writing
            assert proc.poll() is None, proc.stderr.read().decode()
            assert time.monotonic() < deadline, "the streamed run never started its temporary file"
            time.sleep(0.02)
        time.sleep(delay)  # 0: while the workers are being forked; later: workers busy with chunks
        assert proc.poll() is None, "the run ended before the signal; make the snapshot bigger"
        if group:  # a terminal's Ctrl-C reaches every process of the foreground group
            os.killpg(proc.pid, signum)
        else:
            proc.send_signal(signum)
        rc = proc.wait(timeout=60)  # never hangs: a hang fails here
        err = proc.stderr.read().decode()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    return rc, err


@pytest.mark.parametrize("signum, group, delay", [(signal.SIGTERM, False, 0.3), (signal.SIGHUP, False, 0.3),
                                                  (signal.SIGINT, True, 0.3), (signal.SIGTERM, True, 0.3),
                                                  (signal.SIGINT, True, 0.0), (signal.SIGHUP, True, 0.0)])
def test_signal_during_streaming_keeps_the_old_output(snapshot, tmp_path, signum, group, delay):
    """SIGTERM, SIGHUP or Ctrl-C mid-stream (also while workers are forked, where an at-fork hook used to
    swallow Ctrl-C): exit 128+N, one clean line, the old output intact, no temporary, no worker left."""
    out = tmp_path / "out.bib"
    out.write_text("old output\n")
    rc, err = _stream_and_signal(snapshot, out, signum, group, delay)
    assert rc == 128 + signum, err
    assert "Traceback" not in err and err.count("\n") == 1 and "nothing written" in err
    assert out.read_text() == "old output\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.bib"]
    leftover = subprocess.run(["pgrep", "-f", str(snapshot)], capture_output=True, text=True)
    assert leftover.stdout.strip() == ""


def test_one_bad_output_path_writes_no_output(cli, tmp_path):
    """Paths are checked before anything is read: a directory among three -o leaves the other two unwritten."""
    good = tmp_path / "refs.json"
    result = cli("convert", str(_ids(tmp_path)), "-o", str(good), "-o", str(tmp_path), "--to", "bibtex")
    assert result.exit_code == 2 and not good.exists()


def test_failure_while_replacing_says_which_outputs_were_written(cli, tmp_path, monkeypatch):
    """A disk that fills between two renames: exit 1, the message names the output already replaced."""
    from citekit import atomic

    real = atomic.AtomicFile.commit
    calls = []

    def commit(self):
        calls.append(self.path)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), self.path)
        real(self)

    monkeypatch.setattr(atomic.AtomicFile, "commit", commit)
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    second.write_text("old\n")
    result = cli("convert", str(_ids(tmp_path)), "-o", str(first), "-o", str(second))
    assert result.exit_code == 1
    assert f"{second}: No space left on device: the disk is full" in result.output
    assert f"{first} already written" in result.output
    assert second.read_text() == "old\n" and json.loads(first.read_text())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "b.json", "ids.txt"]


def test_sigterm_while_waiting_for_arxiv_keeps_the_old_output(arxiv_server, tmp_path):
    """SIGTERM during --enrich (an arXiv answer slower than the wait): exit 143, the old output kept, no temporary."""
    arxiv_server.faults[1] = "slow"
    arxiv_server.slow_seconds = 45  # longer than the wait below: a run that waited for it fails there
    src = _ids(tmp_path)
    out = tmp_path / "refs.json"
    out.write_text("old\n")
    env = dict(os.environ, PYTHONPATH=HOME, CITEKIT_ARXIV_URL=arxiv_server.url, CITEKIT_ARXIV_DELAY="0")
    proc = subprocess.Popen([sys.executable, "-m", "citekit.cli", "convert", str(src), "--enrich", "--cache",
                             str(tmp_path / "cache.sqlite3"), "-o", str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    try:
        deadline = time.monotonic() + 60
        while not arxiv_server.requests:
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.02)
        proc.send_signal(signal.SIGTERM)
        rc = proc.wait(timeout=30)
        err = proc.stderr.read().decode()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert rc == 143, err
    assert "SIGTERM received" in err and "Traceback" not in err
    assert out.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("cache")) == ["ids.txt", "refs.json"]


@pytest.mark.parametrize("streamed", [True, False])
def test_a_signal_between_making_a_temporary_and_guarding_it_leaves_none(cli, tmp_path, monkeypatch, streamed):
    """SIGTERM landing right after the temporary is made, before any ``with`` holds it: exit 143, no temporary."""
    from citekit import atomic, cli as cli_module, frontdoor

    real = atomic.AtomicFile

    class SignalledRightAfter(real):
        def __init__(self, *args, **kw):
            super().__init__(*args, **kw)
            raise frontdoor.Signalled(signal.SIGTERM)  # as the handler raises it at the next bytecode

    monkeypatch.setattr(atomic, "AtomicFile", SignalledRightAfter)  # both modes write through it
    sys.path.insert(0, str(BENCH))
    from corpus_bib import iter_records, snapshot_line

    source = tmp_path / ("snap.jsonl" if streamed else "ids.txt")
    if streamed:  # an arXiv snapshot takes the streaming path
        source.write_text("".join(snapshot_line(record) + "\n" for record in iter_records(20, 5)), encoding="utf-8")
    else:
        source.write_text(IDS)
    out = tmp_path / "out.bib"
    out.write_text("old output\n")
    with pytest.raises(SystemExit) as stopped:
        cli_module.main(["convert", str(source), "-o", str(out), "-q"], standalone_mode=False)
    assert stopped.value.code == 128 + signal.SIGTERM
    assert out.read_text() == "old output\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([source.name, "out.bib"])
    assert not atomic._UNFINISHED


def test_discard_unfinished_removes_temporaries_nobody_committed(tmp_path):
    """A temporary made and then abandoned is removed by discard_unfinished; a committed one is kept as the file."""
    from citekit.atomic import AtomicFile, discard_unfinished

    kept = AtomicFile(tmp_path / "kept.txt")
    kept.stream.write("done\n")
    kept.commit()
    AtomicFile(tmp_path / "lost.txt").stream.write("half")
    assert discard_unfinished() == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.txt"]
    assert discard_unfinished() == 0


def test_a_temporary_whose_stream_cannot_open_is_removed_and_forgotten(tmp_path, monkeypatch):
    """A failure (or a signal) while the temporary's stream opens: no temporary left, nothing left to discard."""
    from citekit import atomic

    def refuse(*args, **kw):
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "fdopen", refuse)
    with pytest.raises(KeyboardInterrupt):
        atomic.AtomicFile(tmp_path / "out.txt")
    assert list(tmp_path.iterdir()) == []
    assert not atomic._UNFINISHED
