"""No module reaches into another module's private names (issue 21: one reader, one pipeline, one front door).

Every ``from X import _name`` and every ``module._name`` attribute read in ``citekit/`` is
checked: a private name (one leading underscore, not a dunder) may be used only inside the
module that defines it. A package's ``__init__`` counts as part of its package: its
submodules may share its private names, and it theirs, since they are one unit.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "citekit"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _resolve(importer: str, is_package: bool, level: int, module: str | None) -> str:
    """The absolute module named by a (possibly relative) import in ``importer``."""
    if not level:
        return module or ""
    base = importer.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join(base + ([module] if module else []))


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _same_unit(a: str, b: str) -> bool:
    """One module, or a package and its own direct submodule (they share the package's internals)."""
    return a == b or a.rsplit(".", 1)[0] == b or b.rsplit(".", 1)[0] == a


def _violations() -> list[str]:
    found = []
    modules = {_module_name(p) for p in PACKAGE.rglob("*.py")}
    for path in sorted(PACKAGE.rglob("*.py")):
        here = _module_name(path)
        is_package = path.name == "__init__.py"
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        aliases: dict[str, str] = {}  # local name -> citekit module it is bound to
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                source = _resolve(here, is_package, node.level, node.module)
                for alias in node.names:
                    target = f"{source}.{alias.name}"
                    if target in modules:
                        aliases[alias.asname or alias.name] = target
                    elif source.startswith("citekit") and _private(alias.name) and not _same_unit(here, source):
                        found.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: from {source} import {alias.name}")
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("citekit") and alias.asname:
                        aliases[alias.asname] = alias.name
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and _private(node.attr) and isinstance(node.value, ast.Name)
                    and node.value.id in aliases and not _same_unit(here, aliases[node.value.id])):
                found.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: {aliases[node.value.id]}.{node.attr}")
    return found


#: Reaches inside citekit/render/, which issue 23's work owns and is changing (reported to the
#: coordinator). Any other reach, or a new one there, fails the test.
KNOWN_IN_RENDER = {
    ("citekit/render/compile.py", "from citekit.render.csl import _repress_rendered"),
    ("citekit/render/references.py", "from citekit.render.csl import _name_variables"),
}


def test_no_module_uses_another_modules_private_names():
    """Private names stay in their module (or its package): shared helpers are public, with a docstring."""
    found = {(where.rsplit(":", 1)[0], what) for where, what in (v.split(": ", 1) for v in _violations())}
    assert found - KNOWN_IN_RENDER == set()


def test_the_scan_sees_a_reach(tmp_path):
    """The checker itself: a relative import of a private name from a sibling module is found."""
    assert _resolve("citekit.check.run", False, 2, "keys") == "citekit.keys"
    assert _resolve("citekit.check", True, 1, "run") == "citekit.check.run"
    assert not _same_unit("citekit.check.run", "citekit.keys") and _same_unit("citekit.check.run", "citekit.check")
    assert _private("_helper") and not _private("__all__") and not _private("public")
    package = tmp_path / "citekit"
    (package / "sub").mkdir(parents=True)
    (package / "keys.py").write_text("_secret = 1\n", encoding="utf-8")
    (package / "sub" / "reach.py").write_text("from ..keys import _secret\nfrom .. import keys\nkeys._secret\n",
                                              encoding="utf-8")
    global PACKAGE
    saved, PACKAGE = PACKAGE, package
    try:
        found = _violations()
    finally:
        PACKAGE = saved
    assert found == ["citekit/sub/reach.py:1: from citekit.keys import _secret", "citekit/sub/reach.py:3: citekit.keys._secret"]
