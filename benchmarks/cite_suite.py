"""The whole CSL processor test suite (citation and bibliography fixtures) through citekit's own CSL processor.

Run: ``.venv/bin/python benchmarks/cite_suite.py [--cli] [--mode citation|bibliography] [--list] [NAME ...]``.
Prints pass counts per mode; ``--list`` shows each failing fixture with both outputs.

The fixtures come from ``tests/data/csl-suite/humans.tar.xz`` (see its SOURCES.md), read in
memory. By default each runs through the Python API (:mod:`citekit.cite`); ``--cli`` runs
``citekit cite --style F.csl --items F.json --clusters F-clusters.json --to html
[--bibliography]`` in-process through click instead (the judged path; slower).

How a fixture becomes a run (as citeproc-js's own test driver does it):

* CITATIONS: each entry ``[citation, pre, post]`` is one edit of the document, the citation
  put between the ``pre`` and ``post`` citations (a repeated ``citationID`` replaces the
  earlier one). The expected result lists every citation of the final document, ``>>``
  marking those the last edit changed and ``..`` the others.
* CITATION-ITEMS: each list is one cluster; positions are the ones the items give (default
  first), as citeproc-js's ``makeCitationCluster`` takes them; every input item is registered.
* neither: one cluster citing every input item in order.
* bibliography mode: the items cited by the citations above, or every input item.

Comparison: the expected and actual text after the suite's usual normalisation (entities
read, whitespace runs between tags dropped).
"""

from __future__ import annotations

import argparse
import html
import io
import json
import re
import sys
import tarfile
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ARCHIVE = REPO / "tests" / "data" / "csl-suite" / "humans.tar.xz"
_SECTION = re.compile(r">>=+\s*([A-Z-]+)\s*=+>>\n?(.*?)\n?<<=+\s*\1\s*=+<<", re.S)


@dataclass(slots=True)
class Fixture:
    """One fixture: name, mode and its sections."""

    name: str
    mode: str
    sections: dict = field(default_factory=dict)


@dataclass(slots=True)
class Verdict:
    """How one fixture came out."""

    name: str
    mode: str
    expected: str
    actual: str
    error: str = ""

    @property
    def passed(self) -> bool:
        """True when the normalised output is the expected one."""
        return not self.error and self.expected == self.actual


def fixtures(archive: Path = ARCHIVE) -> list[Fixture]:
    """Every fixture in the archive, by name."""
    out = []
    with tarfile.open(archive) as tar:
        for member in sorted(tar.getmembers(), key=lambda m: m.name):
            if not member.name.endswith(".txt"):
                continue
            text = tar.extractfile(member).read().decode("utf-8-sig")
            sections = {m.group(1): m.group(2) for m in _SECTION.finditer(text)}
            out.append(Fixture(Path(member.name).stem, sections.get("MODE", "").strip(), sections))
    return out


def suite_items() -> list[dict]:
    """Every input item of every fixture, ids made unique (``fixture/id``)."""
    items = []
    for fx in fixtures():
        try:
            found = json.loads(fx.sections.get("INPUT", "[]"))
        except ValueError:
            continue
        for n, item in enumerate(found if isinstance(found, list) else []):
            if isinstance(item, dict):
                items.append(dict(item, id=f"{fx.name}/{item.get('id', n)}"))
    return items


def normalise(markup: str) -> str:
    """Markup with entities read and whitespace runs between and around tags made uniform."""
    text = "".join(part if part.startswith("<") else html.escape(html.unescape(part), quote=False)
                   for part in re.split(r"(<[^>]*>)", markup))
    text = re.sub(r"[ \t]*\n[ \t]*", "\n", text.strip())
    text = re.sub(r">\s+<", "><", text)
    text = re.sub(r'(<div class="csl-[a-z-]+">)\s+', r"\1", text)
    text = re.sub(r"\s+</div>", "</div>", text)
    return text.strip()


def run_fixture(fx: Fixture, cli: bool = False) -> Verdict:
    """Render one fixture and compare it with its RESULT."""
    from citekit.cite import Processor

    s = fx.sections
    expected = normalise(s["RESULT"])
    try:
        items = json.loads(s["INPUT"])
        items = _named(items)
        csl = s["CSL"]
        if cli:
            return Verdict(fx.name, fx.mode, expected, normalise(run_cli(fx)))
        if "CITATIONS" in s:
            from citekit.cite import final_clusters, replay

            log = json.loads(s["CITATIONS"])
            if fx.mode == "citation":
                actual = "\n".join(replay(lambda: Processor(csl, items), log))
            else:
                proc = Processor(csl, items)
                proc.cite_clusters(final_clusters(log))
                actual = proc.bibliography_html()
        elif "CITATION-ITEMS" in s:
            clusters = [{"citationItems": c, "_explicit": True} for c in json.loads(s["CITATION-ITEMS"])]
            proc = Processor(csl, items)
            rendered = proc.cite_clusters(clusters, register_all=True)
            actual = "\n".join(rendered) if fx.mode == "citation" else proc.bibliography_html()
        else:
            proc = Processor(csl, items)
            if fx.mode == "citation":
                actual = "\n".join(proc.cite_clusters([{"citationItems": [{"id": i["id"]} for i in items]}]))
            else:
                actual = proc.bibliography_html()
    except Exception as exc:  # a fixture that raises is a failure with its reason, not a crash of the run
        import traceback

        return Verdict(fx.name, fx.mode, expected, "", f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=-3)}")
    return Verdict(fx.name, fx.mode, expected, normalise(actual))


def _named(items: list[dict]) -> list[dict]:
    for n, item in enumerate(items):
        item.setdefault("id", f"ITEM-{n + 1}")  # the suite's drivers name unnamed items so
    return items


def run_cli(fx: Fixture) -> str:
    """The fixture through ``citekit cite`` (in-process, through click)."""
    import tempfile

    from click.testing import CliRunner

    from citekit.cli import main

    s = fx.sections
    with tempfile.TemporaryDirectory(prefix="cite-suite-") as tmp:
        style = Path(tmp) / f"{fx.name}.csl"
        style.write_text(s["CSL"], encoding="utf-8")
        items = Path(tmp) / f"{fx.name}.json"
        items.write_text(json.dumps(_named(json.loads(s["INPUT"]))), encoding="utf-8")
        args = ["cite", "--style", str(style), "--items", str(items), "--to", "html"]
        if "CITATIONS" in s:
            data = json.loads(s["CITATIONS"])
        elif "CITATION-ITEMS" in s:
            data = json.loads(s["CITATION-ITEMS"])
        else:
            data = None
        if data is not None:
            path = Path(tmp) / "clusters.json"
            path.write_text(json.dumps(data), encoding="utf-8")
            args += ["--clusters", str(path)]
        if fx.mode == "bibliography":
            args += ["--bibliography", "--no-citations"]
        result = CliRunner().invoke(main, args, catch_exceptions=False)
        if result.exit_code:
            raise RuntimeError(result.output)
        return result.output


def run_suite(names: list[str] | None = None, mode: str | None = None, cli: bool = False) -> list[Verdict]:
    """Every fixture (or those named, or of one mode) as verdicts in name order."""
    import warnings

    sys.path.insert(0, str(REPO))
    out = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for fx in fixtures():
            if names and fx.name not in names:
                continue
            if mode and fx.mode != mode:
                continue
            out.append(run_fixture(fx, cli))
    return out


def main(argv: list[str] | None = None) -> int:
    """Print pass counts (and with ``--list`` the failures)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--cli", action="store_true", help="run through `citekit cite` instead of the API")
    parser.add_argument("--mode", choices=["citation", "bibliography"])
    parser.add_argument("--list", action="store_true", help="show each failing fixture")
    parser.add_argument("--names-only", action="store_true", help="list failing fixture names only")
    parser.add_argument("names", nargs="*")
    args = parser.parse_args(argv)
    verdicts = run_suite(args.names, args.mode, args.cli)
    for v in verdicts:
        if v.passed:
            continue
        if args.names_only:
            print(v.name, "ERROR" if v.error else "")
        elif args.list:
            print(f"--- {v.name} [{v.mode}]")
            print(f"  want: {v.expected}")
            print(f"  got:  {v.error or v.actual}")
    for mode in ("bibliography", "citation"):
        vs = [v for v in verdicts if v.mode == mode]
        if vs:
            print(f"{mode}: {sum(v.passed for v in vs)}/{len(vs)} pass, {sum(bool(v.error) for v in vs)} raise")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
