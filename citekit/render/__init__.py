"""Rendering engines for styled reference lists: CSL (citeproc-py, fixed), pybtex styles, Jinja2 templates.

Every engine produces *rich text*: plain strings carrying a few private-use marker
characters (see :mod:`citekit.render.rich`) for italics, bold and the like. One rich
string is then turned into text, HTML, Markdown or LaTeX, each escaped for its target.
"""
