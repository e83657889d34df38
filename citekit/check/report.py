"""Report formats for findings: ``text`` (like a compiler), ``json`` and ``github`` (workflow annotations)."""

from __future__ import annotations

import json
from typing import Callable, Iterable

from ..registry import Registry
from .findings import Finding

__all__ = ["FORMATS", "render"]

Formatter = Callable[[Iterable[Finding]], str]
FORMATS: Registry[Formatter] = Registry("report format")


def _text(findings: Iterable[Finding]) -> str:
    """``file:line: severity rule-id key field: message``, one a line."""
    lines = []
    for f in findings:
        where = f"{f.file}:{f.line}" if f.line else f.file
        fix = "  [fixable]" if f.fix else ""
        lines.append(f"{where}: {f.severity} {f.rule} {f.key or '-'} {f.field or '-'}: {f.message}{fix}")
    return "".join(line + "\n" for line in lines)


def _json(findings: Iterable[Finding]) -> str:
    """A JSON list of objects with file, line, key, field, rule, severity, message, fix."""
    return json.dumps([f.to_json() for f in findings], ensure_ascii=False, indent=1) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _github(findings: Iterable[Finding]) -> str:
    """GitHub Actions workflow commands: ``::error file=F,line=L,title=RULE::message``."""
    lines = []
    for f in findings:
        props = [f"file={_escape_property(f.file)}"]
        if f.line:
            props.append(f"line={f.line}")
        props.append(f"title={_escape_property(f.rule + (' ' + f.key if f.key else ''))}")
        subject = " ".join(p for p in (f.key, f.field) if p)
        message = f"{subject}: {f.message}" if subject else f.message
        lines.append(f"::{_GITHUB_LEVEL[f.severity]} {','.join(props)}::{_escape_data(message)}")
    return "".join(line + "\n" for line in lines)


FORMATS.register("text", _text, description="file:line: severity rule-id key field: message")
FORMATS.register("json", _json, description="a JSON list of finding objects")
FORMATS.register("github", _github, description="GitHub Actions workflow annotations")


def render(findings: Iterable[Finding], fmt: str = "text") -> str:
    """The findings in report format ``fmt``."""
    return FORMATS.get(fmt)(findings)

from . import sarif as _sarif_format  # noqa: E402,F401  registers "sarif" (it builds on FORMATS above)
