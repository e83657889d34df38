"""Shared test helpers: paths, running the CLI, and requiring the real tools."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Shared CI machines are slow and noisy: no per-example deadline, and under CI a fixed
# example sequence so that a red run can be reproduced.
settings.register_profile(
    "citekit",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=bool(os.environ.get("CI")),
)
settings.load_profile("citekit")

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SHARED = REPO.parent / "shared"
GOLDEN = Path(__file__).resolve().parent / "golden"


def require_tool(name: str) -> str:
    """The path of executable ``name``; skips the test without it, or fails under CITEKIT_REQUIRE_TOOLS."""
    path = shutil.which(name)
    if path:
        return path
    if os.environ.get("CITEKIT_REQUIRE_TOOLS"):
        pytest.fail(f"{name} is not installed (scripts/system-deps.sh installs it)")
    pytest.skip(f"{name} is not installed")


@pytest.fixture
def cli():
    """Run ``citekit`` in-process: ``cli("convert", "x.txt", "--to", "json")`` -> click Result."""
    from click.testing import CliRunner

    from citekit.cli import main

    runner = CliRunner()

    def run(*args: str, input: str | bytes | None = None):
        return runner.invoke(main, list(args), input=input, catch_exceptions=False)

    return run


@pytest.fixture(scope="session", autouse=True)
def local_doi_resolver():
    """Every run in the tests asks a local doi.org stand-in (CITEKIT_DOI_URL), never the network."""
    from doi_server import DoiServer, csl_items

    server = DoiServer(csl_items()).start()
    before = os.environ.get("CITEKIT_DOI_URL")
    os.environ["CITEKIT_DOI_URL"] = server.url
    try:
        yield server
    finally:
        server.stop()
        if before is None:
            os.environ.pop("CITEKIT_DOI_URL", None)
        else:
            os.environ["CITEKIT_DOI_URL"] = before
