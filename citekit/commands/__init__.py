"""The click commands beyond convert and formats, one module each (imported by citekit.cli)."""
