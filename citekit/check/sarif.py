"""``check --format sarif``: findings as a SARIF 2.1.0 log, for code-scanning dashboards (GitHub, GitLab, IDEs).

One run, citekit as the tool with every rule the findings name (id, summary, default
level), one result per finding with its file (a relative URI as given, or a ``file://``
URI for an absolute path) and line. Severities map to SARIF levels: error -> error,
warning -> warning, info -> note.
"""

from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path, PurePath
from typing import Iterable
from urllib.parse import quote

from .findings import Finding
from .report import FORMATS

__all__ = ["sarif_log", "LEVELS"]

#: citekit severity -> SARIF result level.
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


def _uri(path: str) -> str:
    p = PurePath(path)
    if p.is_absolute():
        return Path(path).as_uri()
    return quote(p.as_posix())


def _version() -> str:
    try:
        return metadata.version("citekit")
    except metadata.PackageNotFoundError:
        return "0"


def sarif_log(findings: Iterable[Finding]) -> dict:
    """The SARIF 2.1.0 log object of ``findings``."""
    from .rules import RULES

    findings = list(findings)
    rule_ids = list(dict.fromkeys(f.rule for f in findings))
    known = {name: RULES.get(name) for name in RULES}
    rules = []
    for rule_id in rule_ids:
        rule = known.get(rule_id)
        entry = {"id": rule_id, "name": rule_id}
        if rule is not None:
            entry["shortDescription"] = {"text": rule.summary}
            entry["defaultConfiguration"] = {"level": LEVELS[rule.severity]}
        rules.append(entry)
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    results = []
    for f in findings:
        subject = " ".join(p for p in (f.key, f.field) if p)
        location = {"artifactLocation": {"uri": _uri(f.file)}}
        if f.line:
            location["region"] = {"startLine": f.line}
        result = {
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": LEVELS[f.severity],
            "message": {"text": f"{subject}: {f.message}" if subject else f.message},
            "locations": [{"physicalLocation": location}],
        }
        if f.key:
            result["partialFingerprints"] = {"citekitEntry/v1": f"{f.file}:{f.key}:{f.field or ''}:{f.rule}"}
        if f.fix:
            result["properties"] = {"fix": f.fix.description}
        results.append(result)
    return {
        "$schema": _SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "citekit", "version": _version(),
                                "informationUri": "https://pypi.org/project/citekit/", "rules": rules}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }


def _sarif(findings: Iterable[Finding]) -> str:
    """The findings as one SARIF 2.1.0 JSON document."""
    return json.dumps(sarif_log(findings), ensure_ascii=False, indent=1) + "\n"


FORMATS.register("sarif", _sarif, description="a SARIF 2.1.0 log (code scanning)")
