"""Rewrite the expected output of every golden reader case (review each changed file by eye before committing)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from citekit.exporters.json_full import entry_to_dict  # noqa: E402
from citekit.sources import READERS  # noqa: E402


def expected(reader_name: str, path: Path) -> dict:
    """What the golden test compares: entries without provenance, problems as printed."""
    with open(path, encoding="utf-8", newline="") as fh:  # keep CRLF: readers must cope
        text = fh.read()
    library = READERS.get(reader_name).read(text, path.name)
    return {
        "entries": [entry_to_dict(e, with_provenance=False) for e in library.entries],
        "problems": [str(p) for p in library.problems],
    }


def main() -> None:
    """Regenerate ``<case>.expected.json`` next to every ``<case>.txt``."""
    for path in sorted((HERE / "golden" / "sources").glob("*/*.txt")):
        out = path.with_name(path.stem + ".expected.json")
        out.write_text(json.dumps(expected(path.parent.name, path), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(out.relative_to(HERE))


if __name__ == "__main__":
    main()
