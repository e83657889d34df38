"""cs:names compiled: name lists with et-al, "and", labels, substitution and the names disambiguation adds."""

from __future__ import annotations

import re

from .names import name_parts
from .output import Out, formatting, is_empty, span

__all__ = ["compile_names", "NameOptions"]

# A term in a script written with spaces between words (citeproc-js's STARTSWITH_ROMANESQUE_REGEXP).
# Other terms ("等", Hebrew "ו") are joined to the names without the spaces around "and" and et-al.
_SPACED = re.compile("^[&a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f\u0590-\u05d4\u05d6-\u05ff"
                     "\u1f00-\u1fff\u0600-\u06ff\u200c\u200d\u200e\u0218-\u021b\u202a-\u202e]")

_INT = ("et-al-min", "et-al-use-first", "et-al-subsequent-min", "et-al-subsequent-use-first")


class NameOptions:
    """The cs:name attributes in force (inherited from the style and section, then the element's own)."""

    def __init__(self, inherit: dict, name_node, etal_node, label_node, label_first: bool, locale):
        a = {k: v for k, v in inherit.items()}
        if "name-delimiter" in a:
            a["delimiter"] = a["name-delimiter"]
        elif "delimiter" in a:
            del a["delimiter"]
        if "name-form" in a:
            a["form"] = a["name-form"]
        if name_node is not None:
            a.update(name_node.attrs)
        self.attrs = a
        self.name_node = name_node
        self.form = a.get("form", "long")
        self.delimiter = a.get("delimiter", ", ")
        self.and_ = a.get("and")
        self.and_text = (locale.term("and") or "and") if self.and_ == "text" else "&" if self.and_ == "symbol" else None
        self.dpe = a.get("delimiter-precedes-et-al", "contextual")
        self.dpl = a.get("delimiter-precedes-last", "contextual")
        self.et_al_min = int(a["et-al-min"]) if a.get("et-al-min", "").isdigit() else None
        self.et_al_first = int(a["et-al-use-first"]) if a.get("et-al-use-first", "").isdigit() else None
        self.sub_min = int(a["et-al-subsequent-min"]) if a.get("et-al-subsequent-min", "").isdigit() else self.et_al_min
        self.sub_first = (int(a["et-al-subsequent-use-first"]) if a.get("et-al-subsequent-use-first", "").isdigit()
                          else self.et_al_first)
        self.use_last = a.get("et-al-use-last") == "true"
        self.init_with = a.get("initialize-with")
        self.initialize = a.get("initialize", "true") != "false"
        self.sort_order = a.get("name-as-sort-order")
        self.sort_sep = a.get("sort-separator", ", ")
        self.hyphen = inherit.get("initialize-with-hyphen", "true") != "false"
        self.demote = inherit.get("demote-non-dropping-particle", "display-and-sort")
        parts = {p.get("name"): p for p in (name_node.findall("name-part") if name_node is not None else [])}
        self.family_node = parts.get("family")
        self.given_node = parts.get("given")
        self.etal_node = etal_node
        self.etal_term = (etal_node.get("term") if etal_node is not None else None) or "et-al"
        self.label_node = label_node
        self.label_first = label_first
        self.name_fmt = None
        if name_node is not None:

            self.name_fmt = (formatting(name_node), name_node.get("prefix", ""), name_node.get("suffix", ""))


def compile_names(compiler, node):
    """A closure rendering cs:names ``node``, substitution included.

    A bare cs:names anywhere inside a cs:substitute (in a cs:choose there too) takes the
    name, et-al and label settings of the cs:names it substitutes for.
    """
    parent = compiler.substituting[-1] if compiler.substituting else None
    return _compile(compiler, node, parent)


def _compile(compiler, node, parent):

    variables = node.get("variable", "").split()
    name_node = node.find("name")
    etal_node = node.find("et-al")
    label_node = node.find("label")
    if parent is not None and name_node is None and etal_node is None and label_node is None:
        opts = parent
    else:
        order = [c.tag for c in node.children]
        label_first = label_node is not None and name_node is not None and order.index("label") < order.index("name")
        opts = NameOptions(compiler.inherit, name_node, etal_node, label_node, label_first, compiler.locale)
    names_delim = node.get("delimiter", compiler.inherit.get("names-delimiter", ""))
    subst = node.find("substitute")
    subst_fns = []
    if subst is not None:
        compiler.substituting.append(opts)
        try:
            for child in subst.children:
                if child.tag == "names":
                    subst_fns.append(_compile(compiler, child, opts))
                elif child.tag == "choose":
                    # A cs:choose stands in with the first element of its branch that prints, not all of them
                    # run together (citeproc-js; Chicago's editor, translator, ... alternatives).
                    subst_fns.append(compiler.c_choose(child, first_only=True))
                else:
                    fn = compiler.compile(child)
                    if fn is not None and child.tag == "text" and child.get("macro"):
                        # A macro standing in for the names (MLA's title) is marked: it is never
                        # replaced by subsequent-author-substitute (citeproc-js); a variable is.
                        fn = _marked(fn)
                    if fn is not None:
                        subst_fns.append(fn)
        finally:
            compiler.substituting.pop()
    locale = compiler.locale
    is_citation = compiler.citation
    fmt = formatting(node)
    prefix, suffix, display = node.get("prefix", ""), node.get("suffix", ""), node.get("display", "")

    def label(ctx, var, count):
        ln = opts.label_node
        if ln is None or ctx.sorting:
            return None
        text = locale.term(var, ln.get("form", "long"), count > 1 if ln.get("plural", "contextual") == "contextual"
                           else ln.get("plural") == "always")
        if not text:
            return None
        x = text
        if ln.get("strip-periods") == "true":
            x = x.replace(".", "")
        if ln.get("text-case"):
            from .textcase import apply_case

            # The term is in the style's language, whatever the item's ("(Ed.)" in a German item).
            x = apply_case(x, ln.get("text-case"), ctx.english or str(locale.lang or "en").lower().startswith("en"))
        return Out([x], formatting(ln), ln.get("prefix", ""), ln.get("suffix", ""))

    # (name's number, inverted, given level, sorting) -> (its output, printed inverted); spans are never changed.
    name_memo: dict = {}
    # What joins the names, fixed by the options: worked out once, not for every list.
    and_space = " " if opts.and_text and _SPACED.match(opts.and_text) else ""
    sort_all, sort_first = opts.sort_order == "all", opts.sort_order == "first"
    before_last = {"always": True, "never": False}.get(opts.dpl)  # None: contextual or after-inverted-name
    before_etal = {"always": True, "never": False}.get(opts.dpe)
    etal_fmt = (formatting(opts.etal_node), opts.etal_node.get("prefix", ""), opts.etal_node.get("suffix", "")) \
        if opts.etal_node is not None else ((), "", "")
    compiler.memos.append(name_memo)
    # id(name) -> (name, the number of its content); a name's content -> its number (one pair per compiler).
    persons, numbers = compiler.name_numbers

    # The options one_list reads for every list, read once here (the options are not changed after compiling).
    et_al_min, et_al_first, sub_min, sub_first = opts.et_al_min, opts.et_al_first, opts.sub_min, opts.sub_first
    asks_position = is_citation and (sub_min != et_al_min or sub_first != et_al_first)
    form, delimiter, and_text, name_fmt = opts.form, opts.delimiter, opts.and_text, opts.name_fmt
    name_wrap = name_fmt[0] if name_fmt else ()
    after_inverted_last, after_inverted_etal = opts.dpl == "after-inverted-name", opts.dpe == "after-inverted-name"
    sort_sep, init_with, initialize_on, hyphen = opts.sort_sep, opts.init_with, opts.initialize, opts.hyphen
    demote, family_node, given_node = opts.demote, opts.family_node, opts.given_node

    def one_list(ctx, var, names):
        ctx.lists += 1
        if asks_position:
            ctx.asked_position = True  # the list is cut by the subsequent rule past the first cite
        cite = ctx.cite
        if is_citation and cite is not None and cite.get("position", 0) > 0:
            et_min, use_first = sub_min, sub_first
        else:
            et_min, use_first = et_al_min, et_al_first
        sort_names = ctx.sort_names
        if sort_names is not None:
            m, f, last = sort_names
            if m is not None:
                et_min = m
            if f is not None:
                use_first = f
        # pandoc's (and BibTeX's) "and others": a last name of literal "others" ends the list in et al. where
        # the style shortens lists (et-al-min and et-al-use-first); elsewhere it is a literal name, "and others"
        # (pandoc and citeproc-js alike: IEEE's editors).
        n = len(names)
        others = n > 1 and names[-1].get("literal") == "others" and bool(et_min) and use_first is not None
        if others:
            names = names[:-1]
            n -= 1
        truncated = bool(et_min and use_first is not None and n >= et_min and use_first < n)
        if others and not truncated:
            truncated, use_first = True, n
        if truncated and use_first < ctx.names_floor:
            ctx.names_floor = use_first
        dis = ctx.dis
        sorting = ctx.sorting
        # Names added to tell cites apart show in the bibliography too, as citeproc-js does (not in
        # sort keys: an entry sorts by the names the style shows before disambiguation).
        if truncated and dis is not None and dis.names_min and not sorting:
            use_first = max(use_first, dis.names_min)
            truncated = use_first < n or others
        if truncated and use_first == 0:
            return None, 0
        shown = names[:use_first] if truncated else names
        if form == "count":
            return None, len(shown)
        levels = dis.given if dis is not None else None
        global_level = ctx.proc.global_name_level if is_citation else None
        out = []
        for i, name in enumerate(shown):
            inverted = sorting or sort_all or (sort_first and i == 0)
            level = levels.get((var, i), 0) if levels else 0
            if global_level is not None:
                level = max(level, global_level(name, i))
            # A name is rendered alike wherever it recurs (other entries, sort keys, every
            # expansion disambiguation tries) with these settings: worked out once.
            # A name's content is numbered once per name object (no tuple of its parts built per cite).
            person = persons.get(id(name))
            if person is None or person[0] is not name:
                content = tuple(name.items())
                person = persons[id(name)] = (name, numbers.setdefault(content, len(numbers)))  # the name is held
            memo = (person[1], inverted, level, sorting)
            found = name_memo.get(memo)
            if found is None:
                x = name_parts(name, form=form, inverted=inverted, sort_sep=sort_sep, init_with=init_with,
                               initialize_on=initialize_on, hyphen=hyphen, demote=demote, given_level=level,
                               family_node=family_node, given_node=given_node, sorting=sorting)
                if name_wrap:
                    x = Out([x], name_wrap)
                # With whether it printed inverted (family first), which the delimiter rules read.
                found = name_memo[memo] = (x, inverted and "literal" not in name and bool(name.get("given")))
            out.append(found)
        count = len(out)
        if count == 1:
            parts = [out[0][0]]
        else:
            parts = []
            for i, (x, inverted) in enumerate(out):
                if i:
                    # A sort key compares names, not the word between them (citeproc-js leaves "and" out too).
                    if i == count - 1 and not truncated and and_text and not sorting:
                        use_delim = before_last
                        if use_delim is None:
                            use_delim = out[i - 1][1] if after_inverted_last else count > 2
                        parts.append((delimiter if use_delim else and_space) + and_text + and_space)
                    else:
                        parts.append(delimiter)
                parts.append(x)
        if truncated:
            use_last = opts.use_last or bool(sort_names and sort_names[2])
            if use_last and use_first < n - 1:
                parts.append(delimiter + "… ")
                parts.append(name_parts(names[-1], form=form, inverted=opts.sort_order == "all", sort_sep=sort_sep,
                                        init_with=init_with, initialize_on=initialize_on, hyphen=hyphen, demote=demote,
                                        given_level=0, family_node=family_node, given_node=given_node))
            elif not sorting:
                term = locale.term(opts.etal_term) or ""
                if term:
                    use_delim = before_etal
                    if use_delim is None:
                        use_delim = out[-1][1] if after_inverted_etal else count > 1
                    # Tagged with what joins it, so that subsequent-author-substitute can compare the names alone.
                    parts.append(Out([delimiter if use_delim else " " if _SPACED.match(term) else "",
                                      Out([term], *etal_fmt)], tag="et-al"))
        body = Out(parts, tag="names-list")
        if name_fmt:
            body = span([body], (), name_fmt[1], name_fmt[2])
        # The label counts the variable's names: "and others" is more than one (Eds.), as in citeproc-js.
        return body, n + others

    def name_lists(ctx) -> list:
        lists = []
        values = {v: ctx.value(v) for v in variables}
        done = set()
        for var in variables:
            names = values.get(var)
            if not names or var in done:
                continue
            role = var
            if var in ("editor", "translator") and "editor" in values and "translator" in values and \
                    values["editor"] == values["translator"] and opts.label_node is not None and \
                    locale.term("editortranslator", opts.label_node.get("form", "long")):
                role = "editortranslator"
                done.update(("editor", "translator"))
            lists.append((role, var, names))
        return lists

    single = variables[0] if len(variables) == 1 else None

    def names_out(ctx):
        ctx.tried += 1
        if single is not None:
            # One variable (the usual case): no table of values, no editor-translator pairing.
            names = ctx.value(single)
            if not names:
                return None
            lists = [(single, single, names)]
        else:
            lists = name_lists(ctx)
            if not lists:
                return None
        if opts.form == "count":
            total = 0
            for role, var, names in lists:
                _, c = one_list(ctx, var, names)
                total += c
            if not total:
                return None
            ctx.found += 1
            return str(total)
        outs = []
        for role, var, names in lists:
            body, count = one_list(ctx, var, names)
            if body is None:
                continue
            ctx.mark(var)
            lab = label(ctx, role, count)
            if lab is not None:
                outs.append(Out([lab, body] if opts.label_first else [body, lab]))
            else:
                outs.append(body)
        if not outs:
            return None
        ctx.found += 1
        joined = []
        for x in outs:
            if joined and names_delim:
                joined.append(names_delim)
            joined.append(x)
        return span(joined)

    inside = parent is not None

    def run(ctx):
        first = not ctx.names_done and not inside
        if first:
            ctx.names_done = True
        lists = ctx.lists
        x = names_out(ctx)
        if x is None and subst_fns:
            for fn in subst_fns:
                before = len(ctx.rendered)
                tried, found = ctx.tried, ctx.found
                ctx.substituting += 1
                try:
                    x = fn(ctx)
                finally:
                    ctx.substituting -= 1
                if x is not None and not is_empty(x):
                    ctx.suppressed.update(ctx.rendered[before:])
                    break
                ctx.tried, ctx.found = tried, found
                x = None
            if x is not None:
                ctx.found += 1
        if x is None or is_empty(x):
            return None
        out = span([x], fmt, prefix, suffix, False, display)
        if first:
            if ctx.suppress_author:
                return ""
            out = Out([out], tag="author")
            if ctx.names_seen is not None and not ctx.substituting:
                ctx.names_seen.append((run, out, lists, ctx.lists))
        return out

    # An item lacking these names and every stand-in (a title-only entry's composer, illustrator, ...)
    # skips them after the first item of its shape.
    return compiler.skipping(node, run)


def _marked(fn):
    """``fn`` with its output tagged "subst-macro"."""
    def run(ctx):
        x = fn(ctx)
        return Out([x], tag="subst-macro") if x is not None and not is_empty(x) else x
    return run
