"""A long list rendered on two cores gives the text one process gives, wherever the two meet; a failing child falls back."""

from __future__ import annotations

import copy
import os
import time

import pytest

from citekit.model import Entry, Name, PartialDate
from citekit.render import parallel
from citekit.render.engine import render_entries
from citekit.styles import resolve_style
from test_styles_compiled import _corpus_library

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")


@pytest.fixture(scope="module")
def long_library():
    """More entries than the two-core threshold, of every shape the equality tests use, with year-suffix pairs."""
    library = _corpus_library(parallel.PARALLEL_FROM + 50)
    # Same authors, same year, different titles: author-date styles must add a, b, ... after sorting,
    # and these sit at both ends of the input so that either process may render them first.
    twins = [Entry(type="article-journal", title=f"Twin paper number {i}", author=[Name("Okafor", "Chidi")],
                   container_title="Journal of Twins", issued=PartialDate(2021)) for i in range(4)]
    for index, entry in enumerate(twins):
        entry.key = f"twin{index}"
    library.entries[:0] = twins[:2]
    library.entries.extend(twins[2:])
    return library


def _rendered(entries, style, monkeypatch, *, two: bool):
    resolved = resolve_style(style)
    if two:
        monkeypatch.delenv("CITEKIT_WORKERS", raising=False)
        monkeypatch.setattr(parallel, "second_core", lambda: True)
    else:
        monkeypatch.setenv("CITEKIT_WORKERS", "1")
    out = render_entries(copy.deepcopy(entries), resolved)
    return [(r.entry.key, r.label, r.body) for r in out]


def _spy_starts(monkeypatch) -> list:
    started = []
    real = parallel.SharedRender.start.__func__

    def start(cls, render_one, items):
        shared = real(cls, render_one, items)
        started.append(shared is not None)
        return shared

    monkeypatch.setattr(parallel.SharedRender, "start", classmethod(start))
    return started


@needs_fork
@pytest.mark.parametrize("style", ["apa", "ieee", "chicago-author-date", "vancouver", "modern-language-association"])
def test_two_processes_render_what_one_does(style, long_library, monkeypatch):
    """Same order, labels and bodies with a child rendering part of the list as without it.

    MLA substitutes a repeated author by "---", which compares each entry with the one
    before it: that list stays in one process.
    """
    alone = _rendered(long_library.entries, style, monkeypatch, two=False)
    started = _spy_starts(monkeypatch)
    together = _rendered(long_library.entries, style, monkeypatch, two=True)
    assert started == ([] if style == "modern-language-association" else [True])
    assert together == alone
    if style in ("apa", "chicago-author-date"):
        twins = [body for key, _, body in together if key.startswith("twin")]
        assert any("2021a" in body for body in twins) and any("2021d" in body for body in twins)


def test_numbered_styles_wait_for_the_order_author_date_ones_do_not():
    """A style printing citation numbers depends on the order; one that does not can start before sorting."""
    from citekit.render.engine import csl_style

    assert csl_style(resolve_style("ieee").source).compiled().order_free() is False
    assert csl_style(resolve_style("apa").source).compiled().order_free() is True


def _letters(index: int) -> str:
    return f"<{index}>"


@needs_fork
@pytest.mark.parametrize("parent_delay", [0.0, 0.3])
def test_the_two_meet_anywhere_and_every_item_is_rendered_once_in_order(parent_delay):
    """A parent that starts late (the child has done everything) or at once: the same list either way."""
    items = list(range(200))
    shared = parallel.SharedRender.start(_letters, items)
    assert shared is not None
    time.sleep(parent_delay)
    assert shared.finish(_letters, items) == [_letters(i) for i in items]


@needs_fork
def test_entries_changed_after_the_fork_are_rendered_again():
    """What sorting decided after the fork (a year suffix) reaches the entries the child rendered first."""
    items = list(range(100))
    shared = parallel.SharedRender.start(_letters, items)
    time.sleep(0.2)  # the child renders everything with the old rule

    def changed(index):
        return f"[{index}]" if index in (0, 99) else _letters(index)

    out = shared.finish(changed, items, again={0, 99})
    assert out[0] == "[0]" and out[99] == "[99]" and out[1:99] == [_letters(i) for i in range(1, 99)]


@needs_fork
def test_a_failing_child_leaves_the_parent_to_render_everything():
    """A child that raises delivers nothing: the parent renders every item itself, and collects the child."""
    parent = os.getpid()

    def render(index):
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return _letters(index)

    items = list(range(50))
    shared = parallel.SharedRender.start(render, items)
    time.sleep(0.1)
    assert shared.finish(render, items) == [_letters(i) for i in items]
    with pytest.raises(ChildProcessError):
        os.waitpid(shared._pid, os.WNOHANG)


@needs_fork
def test_closing_early_stops_and_collects_the_child():
    """An error between the fork and the finish (the sort failed, Ctrl-C) leaves no child behind."""
    shared = parallel.SharedRender.start(lambda index: time.sleep(0.01) or str(index), list(range(10_000)))
    shared.close()
    shared.close()  # twice: nothing more
    with pytest.raises(ChildProcessError):
        os.waitpid(shared._pid, os.WNOHANG)


@pytest.mark.parametrize("value", ["0", "1"])
def test_one_process_when_asked(value, monkeypatch):
    """``CITEKIT_WORKERS=0`` or ``1`` keeps rendering in this process."""
    monkeypatch.setenv("CITEKIT_WORKERS", value)
    assert parallel.second_core() is False


@needs_fork
def test_two_processes_when_asked_whatever_the_load(monkeypatch):
    """``CITEKIT_WORKERS=2`` renders on two cores even when the load average says they are busy."""
    monkeypatch.setenv("CITEKIT_WORKERS", "2")
    monkeypatch.setattr(os, "getloadavg", lambda: (64.0, 64.0, 64.0))
    monkeypatch.setattr(parallel, "_running_now", lambda: 64)
    assert parallel.second_core() is True


@needs_fork
def test_no_second_process_on_a_busy_machine(monkeypatch):
    """With every core busy by the load average, rendering stays in this process."""
    monkeypatch.delenv("CITEKIT_WORKERS", raising=False)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    monkeypatch.setattr(os, "getloadavg", lambda: (64.0, 64.0, 64.0))
    monkeypatch.setattr(parallel, "_running_now", lambda: 64)
    assert parallel.second_core() is False
    monkeypatch.setattr(parallel, "_running_now", lambda: 1)  # a busy minute, but only us right now
    assert parallel.second_core() is True
    monkeypatch.setattr(os, "getloadavg", lambda: (0.0, 0.0, 0.0))
    monkeypatch.setattr(parallel, "_running_now", lambda: 64)  # a quiet minute
    assert parallel.second_core() is True
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0})
    assert parallel.second_core() is False


def test_running_now_counts_this_process():
    """The instant count includes this process, so it is at least one."""
    assert parallel._running_now() >= 1

