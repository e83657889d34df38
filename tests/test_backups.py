"""Backups and rewrites (issue 25): a .bak is a new file with the original's mode, never written
through a link; check and update refuse devices, FIFOs and oversized files with a message."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from citekit.atomic import write_backup
from citekit.errors import InputError, UsageError
from citekit.inputs import read_regular
from arxiv_server import make_arxiv_server  # noqa: F401 (fixture)

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "update"
FIXABLE = "@article{a,\n  title = {A title},\n  author = {Doe, J.},\n  journal = {J},\n  year = 2020,\n  pages = {1-2},\n}\n"


@pytest.fixture
def env(make_arxiv_server, tmp_path, monkeypatch):  # noqa: F811
    server = make_arxiv_server(json.loads((FIXTURES / "arxiv_records.json").read_text(encoding="utf-8")))
    monkeypatch.setenv("CITEKIT_ARXIV_URL", server.url)
    monkeypatch.setenv("CITEKIT_ARXIV_DELAY", "0")
    return str(tmp_path / "cache.sqlite3")


def _linked_bak(tmp_path: Path, name: str) -> Path:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n")
    os.symlink(victim, tmp_path / (name + ".bak"))
    return victim


def test_check_fix_replaces_a_symlinked_bak_and_keeps_the_mode(cli, tmp_path):
    """The issue's reproduction: a refs.bib.bak symlink; the link's target is left untouched."""
    target = tmp_path / "refs.bib"
    target.write_text(FIXABLE)
    target.chmod(0o600)
    victim = _linked_bak(tmp_path, "refs.bib")
    result = cli("check", "--fix", str(target))
    assert "1 fix applied" in result.stderr, result.output
    assert victim.read_text() == "keep me\n"
    bak = tmp_path / "refs.bib.bak"
    assert not bak.is_symlink() and bak.read_text() == FIXABLE
    assert stat.S_IMODE(bak.stat().st_mode) == 0o600


def test_update_replaces_a_symlinked_bak_and_keeps_the_mode(cli, env, tmp_path):
    target = tmp_path / "refs.bib"
    original = (FIXTURES / "refs.bib").read_bytes()
    target.write_bytes(original)
    target.chmod(0o640)
    victim = _linked_bak(tmp_path, "refs.bib")
    result = cli("update", str(target), "--cache", env)
    assert result.exit_code == 0, result.output
    assert target.read_bytes() != original
    assert victim.read_text() == "keep me\n"
    bak = tmp_path / "refs.bib.bak"
    assert not bak.is_symlink() and bak.read_bytes() == original
    assert stat.S_IMODE(bak.stat().st_mode) == 0o640


def test_write_backup_refuses_a_directory_or_fifo_and_takes_the_mode(tmp_path):
    src = tmp_path / "a.bib"
    src.write_text("x")
    src.chmod(0o604)
    write_backup(tmp_path / "a.bib.bak", b"old", like=src)
    assert stat.S_IMODE((tmp_path / "a.bib.bak").stat().st_mode) == 0o604
    (tmp_path / "d.bak").mkdir()
    os.mkfifo(tmp_path / "f.bak")
    for bad in ("d.bak", "f.bak"):
        with pytest.raises(UsageError):
            write_backup(tmp_path / bad, b"old", like=src)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("command", [("check",), ("check", "--fix"), ("update", "--offline")])
def test_devices_and_fifos_are_refused_with_a_message(cli, tmp_path, command):
    """/dev/zero is never read until memory runs out, and a FIFO with no writer never hangs."""
    fifo = tmp_path / "pipe.bib"
    os.mkfifo(fifo)
    for path, said in (("/dev/zero", "character device"), (str(fifo), "FIFO")):
        result = cli(*command, path)
        assert result.exit_code == 1, result.output
        assert said in result.stderr and path in result.stderr and "Traceback" not in result.stderr


def test_oversized_files_are_refused(tmp_path):
    big = tmp_path / "big.bib"
    big.write_bytes(b"% x\n" * 300)
    assert read_regular(big, limit=2000) == big.read_bytes()
    with pytest.raises(InputError, match="over the 1,000-byte limit"):
        read_regular(big, limit=1000)
