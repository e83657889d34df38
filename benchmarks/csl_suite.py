"""The CSL processor test suite's bibliography fixtures, run through citekit: per-fixture text and exact-HTML verdicts.

Run: ``.venv/bin/python benchmarks/csl_suite.py [--path own|raw] [--engine compiled|citeproc]
[--list] [--suite DIR] [NAME ...]``. Prints the table of passes (text level and exact
HTML after normalisation) and, with ``--list``, every failing fixture with both outputs.

Paths:

* ``own`` (the judged one): the fixture's INPUT written to ``F.json``, its CSL to
  ``F.csl``, and ``citekit convert F.json --from csl-json --to html --style F.csl`` run
  in-process (the reader, the model, the writer: what a user gets).
* ``raw``: the fixture's items handed to the engine as they are (no reader, no model).

When a fixture has CITATION-ITEMS or CITATIONS, its bibliography is of the cited items
in the order first cited (that is what a citation run would register); ``F.json`` holds
those items in that order.

Normalisation (the suite's usual one): the ``csl-bib-body`` wrapper and the attributes
citekit adds to it (``data-style``, entry ``id``) are dropped, entities are read as the
characters they spell, and whitespace runs between and inside tags become one space.
"Text level" compares what remains after the tags are removed too.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SUITE = REPO.parent / "shared" / "csl-test-suite"
HUMANS = "processor-tests/humans"

_SECTION = re.compile(r">>=+\s*([A-Z-]+)\s*=+>>\n?(.*?)\n?<<=+\s*\1\s*=+<<", re.S)


@dataclass(slots=True)
class Fixture:
    """One bibliography fixture: its name, style, items (in bibliography order) and expected HTML."""

    name: str
    csl: str
    items: list[dict]
    expected: str
    sections: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Verdict:
    """How one fixture came out: the normalised expected and actual HTML, and an error if rendering raised."""

    name: str
    expected: str
    actual: str
    error: str = ""

    @property
    def exact(self) -> bool:
        """True when the normalised HTML is the same."""
        return not self.error and self.expected == self.actual

    @property
    def text(self) -> bool:
        """True when the text without tags is the same."""
        return not self.error and strip_tags(self.expected) == strip_tags(self.actual)


def fixture_files(suite: Path = SUITE) -> list[Path]:
    """Every fixture file of the suite's human-readable folder, sorted by name."""
    return sorted((suite / HUMANS).glob("*.txt"))


def parse_fixture(path: Path) -> Fixture | None:
    """The fixture in ``path`` when its MODE is ``bibliography``, else None."""
    sections = {m.group(1): m.group(2) for m in _SECTION.finditer(path.read_text(encoding="utf-8-sig"))}
    if sections.get("MODE", "").strip() != "bibliography":
        return None
    items = json.loads(sections["INPUT"])
    return Fixture(path.stem, sections["CSL"], cited_items(items, sections), sections["RESULT"], sections)


def cited_items(items: list[dict], sections: dict[str, str]) -> list[dict]:
    """The items a fixture's bibliography is of: the cited ones in first-cited order, or all of them."""
    order: list[str] = []
    if "CITATION-ITEMS" in sections:
        for cluster in json.loads(sections["CITATION-ITEMS"]):
            order.extend(str(c["id"]) for c in cluster)
    elif "CITATIONS" in sections:
        # A citation given again under the same citationID replaces the earlier one (an edit).
        latest: dict[str, list[str]] = {}
        for citation in json.loads(sections["CITATIONS"]):
            latest[citation[0].get("citationID") or str(len(latest))] = [str(c["id"]) for c in citation[0]["citationItems"]]
        for ids in latest.values():
            order.extend(ids)
    if not order:
        return items
    by_id = {str(item["id"]): item for item in items}
    seen: dict[str, dict] = {}
    for key in order:
        if key in by_id and key not in seen:
            seen[key] = by_id[key]
    return list(seen.values())


def normalise(markup: str) -> str:
    """HTML with the wrapper, citekit's attributes, entity spellings and whitespace runs made uniform."""
    # Entities are read in text only, and the three that matter re-spelt one way, so escaped
    # markup in the data never passes for a tag.
    text = "".join(part if part.startswith("<") else html.escape(html.unescape(part), quote=False)
                   for part in re.split(r"(<[^>]*>)", markup))
    text = re.sub(r'<div class="csl-bib-body"[^>]*>', "", text, count=1)
    text = re.sub(r"</div>\s*$", "", text.strip())
    text = re.sub(r'(<div class="csl-entry")[^>]*>', r"\1>", text)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r">\s+<", "><", text)
    text = re.sub(r"\s+</div>", "</div>", text)
    text = re.sub(r'(<div class="csl-[a-z-]+">)\s+', r"\1", text)
    return text.strip()


def strip_tags(markup: str) -> str:
    """``markup`` (already normalised) without tags, entities read, whitespace collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", markup))).strip()


def render_own(fixture: Fixture, workdir: Path, engine: str | None = None) -> str:
    """The fixture through ``citekit convert F.json --from csl-json --to html --style F.csl``, in-process."""
    import citekit
    from citekit.render.engine import render_library

    json_path = workdir / f"{fixture.name}.json"
    csl_path = workdir / f"{fixture.name}.csl"
    json_path.write_text(json.dumps(fixture.items, ensure_ascii=False), encoding="utf-8")
    csl_path.write_text(fixture.csl, encoding="utf-8")
    library = citekit.read(str(json_path), fmt="csl-json")
    if engine:
        return render_library(library, str(csl_path), "html", engine)
    return citekit.export(library, "html", style=str(csl_path))


def render_raw(fixture: Fixture, workdir: Path, engine: str | None = None) -> str:
    """The fixture's items handed to the engine as they are, wrapped as the HTML writer wraps them."""
    from citekit.model import Entry
    from citekit.render.engine import WRAPPERS, RenderedEntry, clear_style_cache, csl_style
    from citekit.render.rich import MARGIN
    from citekit.styles import resolve_style

    csl_path = workdir / f"{fixture.name}.csl"
    csl_path.write_text(fixture.csl, encoding="utf-8")
    style = resolve_style(str(csl_path))
    clear_style_cache()
    pairs = csl_style(style.source).bibliography(fixture.items, engine)
    rendered = []
    for _index, rich in pairs:
        if not rich.strip():
            continue
        label, sep, body = rich.partition(MARGIN)
        rendered.append(RenderedEntry(Entry(), label if sep else "", body if sep else rich))
    return WRAPPERS["html"](rendered, style)


PATHS = {"own": render_own, "raw": render_raw}


def run_fixture(fixture: Fixture, path: str = "own", engine: str | None = None) -> Verdict:
    """Render one fixture along ``path`` and compare it with the expected HTML."""
    from citekit.render.engine import clear_style_cache

    expected = normalise(fixture.expected)
    with tempfile.TemporaryDirectory(prefix="csl-suite-") as tmp:
        try:
            clear_style_cache()
            actual = PATHS[path](fixture, Path(tmp), engine)
        except Exception as exc:  # a fixture that raises is a failure with its reason, not a crash of the run
            return Verdict(fixture.name, expected, "", f"{type(exc).__name__}: {exc}")
    return Verdict(fixture.name, expected, normalise(actual))


def run_suite(path: str = "own", engine: str | None = None, names: list[str] | None = None,
              suite: Path = SUITE) -> list[Verdict]:
    """Every bibliography fixture (or those named) through ``path``, as verdicts in name order."""
    import warnings

    verdicts = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for file in fixture_files(suite):
            if names and file.stem not in names:
                continue
            fixture = parse_fixture(file)
            if fixture is not None:
                verdicts.append(run_fixture(fixture, path, engine))
    return verdicts


def main(argv: list[str] | None = None) -> int:
    """Print the pass table (and with ``--list`` the failures)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--path", choices=sorted(PATHS), action="append")
    parser.add_argument("--engine", choices=["compiled", "citeproc"], action="append")
    parser.add_argument("--list", action="store_true", help="show each failing fixture")
    parser.add_argument("--suite", type=Path, default=SUITE)
    parser.add_argument("names", nargs="*")
    args = parser.parse_args(argv)
    if not (args.suite / HUMANS).is_dir():
        print(f"no test suite at {args.suite}", file=sys.stderr)
        return 2
    sys.path.insert(0, str(REPO))
    rows = []
    for path in args.path or ["own", "raw"]:
        for engine in args.engine or ["compiled"]:
            verdicts = run_suite(path, engine, args.names, args.suite)
            rows.append((path, engine, verdicts))
            if args.list:
                for v in verdicts:
                    if not v.exact:
                        kind = "error" if v.error else ("html" if v.text else "text")
                        print(f"--- {v.name} [{path}/{engine}] {kind}")
                        print(f"  want: {v.expected}")
                        print(f"  got:  {v.error or v.actual}")
    print("| path | engine | fixtures | text | exact |")
    print("|---|---|---|---|---|")
    for path, engine, verdicts in rows:
        print(f"| {path} | {engine} | {len(verdicts)} | {sum(v.text for v in verdicts)} | {sum(v.exact for v in verdicts)} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
