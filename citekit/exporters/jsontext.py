"""JSON text as ``json.dumps(value, ensure_ascii=False, indent=2)`` writes it, by orjson where that is the same text."""

from __future__ import annotations

import json

__all__ = ["dumps_indented"]

# orjson writes what json.dumps(..., ensure_ascii=False, indent=2) writes, byte for byte,
# for these exact types; a float (1e-07 vs 1e-7, NaN vs null) or anything else goes to json.
_LEAVES = frozenset((str, int, bool, type(None)))


def _plain(value: object) -> bool:
    """True when ``value`` is made only of dicts with str keys, lists, str, int, bool and None."""
    stack = [value]
    pop, push = stack.pop, stack.extend
    leaves = _LEAVES
    while stack:
        item = pop()
        kind = type(item)
        if kind in leaves:
            continue
        if kind is list:
            push(item)
        elif kind is dict:
            for k in item:
                if type(k) is not str:
                    return False
            push(item.values())
        else:
            return False
    return True


def dumps_indented(value: object) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)``, by orjson where that is the same text."""
    if _plain(value):
        import orjson

        try:
            return orjson.dumps(value, option=orjson.OPT_INDENT_2).decode()
        except TypeError:  # an int past 64 bits, a lone surrogate: json writes them
            pass
    return json.dumps(value, ensure_ascii=False, indent=2)
