"""citekit's own CSL 1.0.2 processor: style tree, locales, compiled evaluation, output tree and backends."""

from .processor import Processor
from .style import Style, load_style, parse_style

__all__ = ["Processor", "Style", "load_style", "parse_style"]
