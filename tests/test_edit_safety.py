"""No lost edits: a file changed during ``update``, ``check --fix`` or ``convert --in-place`` is not overwritten,
and two runs on one file never interleave (citekit/rewrite.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from arxiv_server import make_arxiv_server  # noqa: F401 (fixture)
from conftest import REPO
from citekit.rewrite import EditLock, FileBusyError, FileChangedError, read_stamped

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "update"
GUARD = 120.0  # seconds, against a hang only
CODE = "import sys; from citekit.cli import main; sys.argv[0] = 'citekit'; main()"


def _records() -> list[dict]:
    return json.loads((FIXTURES / "arxiv_records.json").read_text(encoding="utf-8"))


@pytest.fixture
def slow_server(make_arxiv_server):  # noqa: F811
    """The stand-in arXiv, answering each request after 3 s (the run is busy meanwhile)."""
    server = make_arxiv_server(_records())
    server.fault_all, server.slow_seconds = "slow", 3.0
    return server


def _update(bib: Path, server, tmp_path: Path, name: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(REPO), CITEKIT_ARXIV_URL=server.url, CITEKIT_ARXIV_DELAY="0")
    return subprocess.Popen([sys.executable, "-c", CODE, "update", "--cache", str(tmp_path / f"{name}.sqlite"),
                             "--no-backup", str(bib)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def _wait_for(predicate, what: str) -> None:
    deadline = time.monotonic() + GUARD
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.02)


def _refs(tmp_path: Path) -> Path:
    bib = tmp_path / "refs.bib"
    bib.write_bytes((FIXTURES / "refs.bib").read_bytes())
    return bib


def test_update_keeps_an_edit_made_while_it_waits_for_arxiv(tmp_path: Path, slow_server) -> None:
    """The user saves the file while arXiv is asked: update writes nothing and says so; the edit stays."""
    bib = _refs(tmp_path)
    child = _update(bib, slow_server, tmp_path, "a")
    _wait_for(lambda: slow_server.requests or child.poll() is not None, "the request to arXiv")
    edited = bib.read_text(encoding="utf-8") + "\n@misc{mine, title = {Added in my editor}}\n"
    bib.write_text(edited, encoding="utf-8")
    _, err = child.communicate(timeout=GUARD)
    assert child.returncode == 1, err
    assert "changed while citekit worked on it" in err
    assert bib.read_text(encoding="utf-8") == edited


def test_update_keeps_a_file_replaced_by_rename(tmp_path: Path, slow_server) -> None:
    """An editor that saves by rename (a new inode, maybe the same size and time) is caught too."""
    bib = _refs(tmp_path)
    child = _update(bib, slow_server, tmp_path, "a")
    _wait_for(lambda: slow_server.requests or child.poll() is not None, "the request to arXiv")
    st = bib.stat()
    new = tmp_path / "refs.bib.new"
    new.write_bytes(bib.read_bytes().replace(b"Attention", b"Attenti0n"))  # same size
    os.utime(new, ns=(st.st_atime_ns, st.st_mtime_ns))
    os.replace(new, bib)
    _, err = child.communicate(timeout=GUARD)
    assert child.returncode == 1, err
    assert b"Attenti0n" in bib.read_bytes()


def test_two_updates_on_one_file_never_interleave(tmp_path: Path, slow_server) -> None:
    """The second run finds the first one's lock and leaves the file alone; the first one's changes are all in."""
    bib = _refs(tmp_path)
    first = _update(bib, slow_server, tmp_path, "a")
    _wait_for(lambda: slow_server.requests or first.poll() is not None, "the first run's request")
    second = _update(bib, slow_server, tmp_path, "b")
    _, err2 = second.communicate(timeout=GUARD)
    _, err1 = first.communicate(timeout=GUARD)
    assert first.returncode == 0, err1
    assert second.returncode == 1 and "another citekit run is rewriting this file" in err2
    # The first run's result is whole: running it again (no one else now) changes nothing more.
    slow_server.fault_all = None
    again = _update(bib, slow_server, tmp_path, "a")
    _, err3 = again.communicate(timeout=GUARD)
    assert again.returncode == 0 and "nothing to change" in err3, err3


def test_check_fix_keeps_an_edit_made_during_the_fix(tmp_path: Path, cli, monkeypatch) -> None:
    """``check --fix``: the file saved by someone else between the read and the replace is kept."""
    import citekit.check.fix as fix

    bib = tmp_path / "refs.bib"
    bib.write_text("@article{a,\n  title = {T},\n  author = {Doe, J.},\n  journal = {J},\n  year = {2020},\n"
                   "  pages = {1-5},\n}\n", encoding="utf-8")
    edited = bib.read_text(encoding="utf-8").replace("{T}", "{Typed meanwhile}")
    real = fix.fix_text

    def fix_while_someone_saves(*args, **kwargs):
        bib.write_text(edited, encoding="utf-8")  # the editor's save, during the fix
        return real(*args, **kwargs)

    monkeypatch.setattr(fix, "fix_text", fix_while_someone_saves)
    result = cli("check", "--fix", str(bib))
    assert "changed while citekit worked on it" in result.output
    assert result.exit_code == 1
    assert bib.read_text(encoding="utf-8") == edited
    assert not (tmp_path / "refs.bib.bak").exists()


def test_check_fix_refuses_a_locked_file(tmp_path: Path, cli) -> None:
    """Another run holding the lock: ``check --fix`` leaves the file alone and says why."""
    bib = tmp_path / "refs.bib"
    text = "@article{a,\n  title = {T},\n  author = {Doe, J.},\n  journal = {J},\n  year = {2020},\n  pages = {1-5},\n}\n"
    bib.write_text(text, encoding="utf-8")
    with EditLock(bib):
        result = cli("check", "--fix", str(bib))
    assert result.exit_code == 1 and "another citekit run" in result.output
    assert bib.read_text(encoding="utf-8") == text


def test_convert_in_place_refuses_a_locked_file(tmp_path: Path, cli) -> None:
    """``convert --in-place`` takes the same lock."""
    bib = tmp_path / "refs.bib"
    text = "@article{a, title = {T}, author = {Doe, J.}, year = 2020}\n"
    bib.write_text(text, encoding="utf-8")
    with EditLock(bib):
        result = cli("convert", str(bib), "-o", str(bib), "--in-place")
    assert result.exit_code == 1 and "another citekit run" in result.output
    assert bib.read_text(encoding="utf-8") == text
    assert cli("convert", str(bib), "-o", str(bib), "--in-place").exit_code == 0


def test_stamp_sees_every_kind_of_change(tmp_path: Path) -> None:
    """Size, time, inode and (same size and time) content: each is a change; an untouched file is not."""
    path = tmp_path / "f.bib"
    path.write_bytes(b"@misc{a, title = {One}}\n")
    _, stamp = read_stamped(path)
    assert stamp.change() is None
    st = path.stat()
    path.write_bytes(b"@misc{a, title = {Two}}\n")  # same size
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # same time
    assert stamp.change() == "another program wrote to it"
    with pytest.raises(FileChangedError):
        stamp.verify()
    path.unlink()
    assert stamp.change() == "it was deleted or renamed"


def test_edit_lock_is_exclusive_and_released(tmp_path: Path) -> None:
    """A second lock on the file fails at once while the first is held, and succeeds after."""
    path = tmp_path / "f.bib"
    path.write_text("x", encoding="utf-8")
    with EditLock(path):
        with pytest.raises(FileBusyError):
            with EditLock(path):
                pass
    with EditLock(path):
        pass


def test_fmt_in_place_keeps_an_edit_made_while_it_formats(tmp_path: Path, cli, monkeypatch) -> None:
    """``fmt --in-place`` on two files: one saved by someone else meanwhile; neither is replaced."""
    import citekit.fmt as fmt

    first, second = tmp_path / "a.bib", tmp_path / "b.bib"
    messy = "@ARTICLE{a,\n TITLE={T},\n  year = 2020}\n"
    first.write_text(messy, encoding="utf-8")
    second.write_text(messy.replace("{a,", "{b,"), encoding="utf-8")
    edited = second.read_text(encoding="utf-8").replace("{T}", "{Typed meanwhile}")
    real = fmt.format_text

    def format_while_someone_saves(*args, **kwargs):
        second.write_text(edited, encoding="utf-8")  # the editor's save, during the run
        return real(*args, **kwargs)

    monkeypatch.setattr(fmt, "format_text", format_while_someone_saves)
    result = cli("fmt", "--in-place", "--braces", str(first), str(second))
    assert "changed while citekit worked on it" in result.output and result.exit_code == 1
    assert second.read_text(encoding="utf-8") == edited
    assert first.read_text(encoding="utf-8") == messy  # checked before any file was replaced


def test_fmt_in_place_refuses_a_locked_file(tmp_path: Path, cli) -> None:
    """Another run holding the lock: ``fmt --in-place`` leaves the file alone and says why."""
    bib = tmp_path / "refs.bib"
    messy = "@ARTICLE{a,\n TITLE={T},\n  year = 2020}\n"
    bib.write_text(messy, encoding="utf-8")
    with EditLock(bib):
        result = cli("fmt", "--in-place", "--braces", str(bib))
    assert result.exit_code == 1 and "another citekit run" in result.output
    assert bib.read_text(encoding="utf-8") == messy
    assert cli("fmt", "--in-place", "--braces", str(bib)).exit_code == 0  # released: the next run formats it
    assert bib.read_text(encoding="utf-8") != messy
