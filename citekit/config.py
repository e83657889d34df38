"""Project configuration: ``citekit.toml`` or ``[tool.citekit]`` in ``pyproject.toml``, found from the working directory upward.

The nearest directory that has either file wins (``citekit.toml`` before ``pyproject.toml``
in the same directory; a ``pyproject.toml`` without ``[tool.citekit]`` is passed over), as
ruff and black find theirs. The configuration has one table per command, named as the
command, whose keys are the command's long option names (``-`` or ``_``)::

    [check]
    select = ["E", "W"]
    ignore = ["bib-url-and-doi"]
    mode = "biblatex"

    [fmt]
    indent = "2"
    braces = true
    sort-fields = ["title", "author", "year"]

    [convert]
    key-pattern = "{auth}{year}{title}"
    output = ["refs.bib"]

The values become click's ``default_map``, so a flag on the command line always wins.
A key no option of the command has is an error naming the file, so a typo never passes
silently.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from .errors import UsageError

__all__ = ["Config", "find_config", "load_config", "default_map", "CONFIG_NAMES", "ConfigError"]

#: The files looked for in each directory, in order.
CONFIG_NAMES = ("citekit.toml", "pyproject.toml")


class ConfigError(UsageError):
    """A configuration file that cannot be read or names an unknown command or option."""


@dataclass(slots=True)
class Config:
    """The settings found: ``sections[command][option] = value``, from ``path`` (None: no file)."""

    path: Path | None = None
    table: str = ""  # "" for citekit.toml, "tool.citekit" for pyproject.toml
    sections: dict[str, dict[str, Any]] = field(default_factory=dict)

    def where(self, command: str) -> str:
        """How a setting of ``command`` is named in messages: ``path [table]``."""
        name = f"{self.table}.{command}" if self.table else command
        return f"{self.path} [{name}]"


def find_config(start: Path | None = None) -> Path | None:
    """The nearest ``citekit.toml``, or ``pyproject.toml`` with ``[tool.citekit]``, at or above ``start``."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        for name in CONFIG_NAMES:
            path = folder / name
            if not path.is_file():
                continue
            if name == "citekit.toml" or (_may_name_citekit(path) and "citekit" in _read(path).get("tool", {})):
                return path
    return None


def _may_name_citekit(path: Path) -> bool:
    """False for a pyproject.toml that cannot hold ``[tool.citekit]``: the word is nowhere in it, and no
    TOML escape could spell it (most projects' files; they are then not parsed at all)."""
    try:
        data = path.read_bytes()
    except OSError:
        return True  # _read says why
    return b"citekit" in data or b"\\u" in data or b"\\U" in data


def _read(path: Path) -> dict[str, Any]:
    import tomllib  # only when a configuration file is there to read

    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read it ({exc.strerror})") from None


def load_config(path: Path | None) -> Config:
    """The configuration in ``path`` (an empty one for None)."""
    if path is None:
        return Config()
    data = _read(path)
    table = ""
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("citekit", {})
        table = "tool.citekit"
    config = Config(path, table)
    for command, settings in data.items():
        if not isinstance(settings, dict):
            where = f"{table}.{command}" if table else command
            raise ConfigError(f"{path}: {where} = ... stands outside a command's table; put it under [{command}] "
                              f"of the command it is for ([check], [fmt], [convert], ...)")
        config.sections[command] = dict(settings)
    return config


def default_map(config: Config, group: click.Group) -> dict[str, dict[str, Any]]:
    """click's ``default_map`` for ``group``'s commands: option values by parameter name, checked."""
    out: dict[str, dict[str, Any]] = {}
    ctx = click.get_current_context(silent=True)
    names = group.list_commands(ctx)  # the commands loaded on use too (citekit.cli's group)
    for command, settings in config.sections.items():
        cmd = group.get_command(ctx, command) if command in names else None
        if cmd is None:
            raise ConfigError(f"{config.where(command)}: no command {command!r} "
                              f"(commands: {', '.join(sorted(names))})")
        params = {}
        for p in cmd.params:
            if isinstance(p, click.Option):
                for opt in p.opts + p.secondary_opts:
                    if opt.startswith("--"):
                        params[opt[2:]] = p
                params[p.name.replace("_", "-")] = p
        values: dict[str, Any] = {}
        for key, value in settings.items():
            p = params.get(key.replace("_", "-"))
            if p is None:
                raise ConfigError(f"{config.where(command)}: {key!r} is not an option of citekit {command}")
            values[p.name] = _value(p, value, config.where(command), key)
        out[command] = values
    return out


def _value(p: click.Option, value: Any, where: str, key: str) -> Any:
    """A TOML value as the option takes it: a list for a repeatable option, else one value."""
    if p.multiple:
        return [str(v) for v in value] if isinstance(value, list) else [str(value)]
    if isinstance(value, list):
        return ",".join(str(v) for v in value)  # FIELDS options take comma-separated names
    if isinstance(value, dict):
        raise ConfigError(f"{where}: {key} takes a value, not a table")
    if p.is_flag and not isinstance(value, bool) and p.secondary_opts == [] and p.flag_value is True:
        raise ConfigError(f"{where}: {key} is a switch: write {key} = true or false")
    return value


def apply(ctx: click.Context, path: str | None, isolated: bool) -> Config:
    """Find (or take ``path``), load and install the configuration as ``ctx.default_map``."""
    if isolated or os.environ.get("CITEKIT_NO_CONFIG"):
        config = Config()
    else:
        config = load_config(Path(path) if path else find_config())
    ctx.default_map = default_map(config, ctx.command)
    ctx.meta["citekit.config"] = config
    return config
