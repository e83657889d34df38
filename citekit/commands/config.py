"""``citekit config``: the settings each command runs with, and where each comes from."""

from __future__ import annotations

import json

import click

__all__ = ["config"]


def _show(value) -> str:
    if isinstance(value, (list, tuple)):
        return json.dumps([str(v) for v in value])
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value) if isinstance(value, str) else str(value)


@click.command()
@click.argument("commands", nargs=-1)
@click.option("--all", "show_all", is_flag=True, help="Also list the options still at their defaults.")
@click.pass_context
def config(ctx: click.Context, commands: tuple[str, ...], show_all: bool) -> None:
    """Show the effective settings (of COMMANDS, or every command) and the file each comes from.

    Settings come from citekit.toml or [tool.citekit] in pyproject.toml, the nearest one
    found from the working directory upward; a flag on the command line wins over both.
    """
    group = ctx.parent.command
    found = ctx.parent.meta.get("citekit.config")
    defaults = ctx.parent.default_map or {}
    click.echo(f"# configuration: {found.path if found and found.path else 'none found (built-in defaults)'}")
    names = group.list_commands(ctx.parent)  # the commands loaded on use too (citekit.cli's group)
    for name in commands or sorted(names):
        cmd = group.get_command(ctx.parent, name) if name in names else None
        if cmd is None:
            raise click.BadParameter(f"no command {name!r}", param_hint="COMMANDS")
        configured = defaults.get(name, {})
        lines = []
        for p in cmd.params:
            if not isinstance(p, click.Option) or p.name in ("help",):
                continue
            option = next((o for o in p.opts if o.startswith("--")), p.opts[0]).lstrip("-")
            if p.name in configured:
                lines.append(f"{option} = {_show(configured[p.name])}  # {found.where(name)}")
            elif show_all and not p.hidden:
                default = p.get_default(ctx, call=True)
                if default is not None and default != () and isinstance(default, (str, int, float, bool, tuple, list)):
                    lines.append(f"{option} = {_show(default)}  # default")
        if lines or show_all:
            click.echo(f"[{name}]")
            for line in lines:
                click.echo(line)
