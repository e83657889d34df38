"""A long list rendered in two processes gives the text one process gives; a failing child falls back."""

from __future__ import annotations

import os

import pytest

from citekit.render import compile as compiled_engine
from citekit.render.engine import render_entries
from citekit.styles import resolve_style
from test_styles_compiled import _corpus_library

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")


@pytest.fixture(scope="module")
def long_library():
    """More entries than the two-process threshold, of every shape the equality tests use."""
    return _corpus_library(compiled_engine.PARALLEL_FROM + 50)


@needs_fork
@pytest.mark.parametrize("style", ["apa", "ieee", "chicago-author-date"])
def test_two_processes_render_what_one_does(style, long_library, monkeypatch):
    """Same order, labels and bodies with the child rendering the second half as without it."""
    resolved = resolve_style(style)
    monkeypatch.setenv("CITEKIT_WORKERS", "1")
    alone = render_entries(long_library.entries, resolved)
    monkeypatch.delenv("CITEKIT_WORKERS")
    monkeypatch.setattr(compiled_engine, "_second_core", lambda: True)
    used = []
    real = compiled_engine._render_in_two

    def spy(render, cites):
        out = real(render, cites)
        used.append(out is not None)
        return out

    monkeypatch.setattr(compiled_engine, "_render_in_two", spy)
    together = render_entries(long_library.entries, resolved)
    assert used == [True], "the list was not rendered in two processes"
    assert [(r.entry.key, r.label, r.body) for r in together] == [(r.entry.key, r.label, r.body) for r in alone]


@needs_fork
def test_a_failing_child_gives_none_so_the_caller_renders_alone():
    """A child that raises delivers nothing: None, and the parent's own half is not returned alone."""
    parent = os.getpid()

    def render(cites):
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return [f"<{c}>" for c in cites]

    assert compiled_engine._render_in_two(render, list(range(10))) is None
    assert compiled_engine._render_in_two(lambda cites: [str(c) for c in cites], list(range(11))) == \
        [str(c) for c in range(11)]


@pytest.mark.parametrize("value", ["0", "1"])
def test_one_process_when_asked(value, monkeypatch):
    """``CITEKIT_WORKERS=0`` or ``1`` keeps rendering in this process."""
    monkeypatch.setenv("CITEKIT_WORKERS", value)
    assert compiled_engine._second_core() is False


@needs_fork
def test_no_second_process_on_a_busy_machine(monkeypatch):
    """With every core busy by the load average, rendering stays in this process."""
    monkeypatch.delenv("CITEKIT_WORKERS", raising=False)
    monkeypatch.setattr(os, "getloadavg", lambda: (64.0, 64.0, 64.0))
    assert compiled_engine._second_core() is False
    monkeypatch.setattr(os, "getloadavg", lambda: (0.0, 0.0, 0.0))
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    assert compiled_engine._second_core() is True
