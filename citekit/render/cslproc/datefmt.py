"""cs:date compiled: localized or own date-parts, ranges with their delimiters, seasons and eras."""

from __future__ import annotations

from .dates import DateValue
from .numbers import ordinal
from .output import Out, formatting, span
from .textcase import apply_case, strip_periods

__all__ = ["compile_date"]

_LEVEL = {"year": 0, "month": 1, "day": 2}


def _parts_for(compiler, node):
    form = node.get("form")
    own = {p.get("name"): p for p in node.findall("date-part")}
    if form in ("text", "numeric"):
        local = compiler.locale.dates.get(form)
        if local is None:
            return [], ""
        wanted = {"year-month-day": ("year", "month", "day"), "year-month": ("year", "month"),
                  "year": ("year",)}[node.get("date-parts", "year-month-day")]
        parts = []
        for p in local.findall("date-part"):
            name = p.get("name")
            if name not in wanted:
                continue
            attrs = dict(p.attrs)
            if name in own:
                for k, v in own[name].attrs.items():
                    if k not in ("prefix", "suffix") or True:
                        attrs[k] = v
            parts.append(attrs)
        return parts, local.get("delimiter", "")
    return [dict(p.attrs) for p in node.findall("date-part")], node.get("delimiter", "")


def _trim(date: tuple, keep: set) -> tuple:
    y, m, d = (tuple(date) + (None, None, None))[:3]
    return (y if "year" in keep else None, m if "month" in keep else None, d if "day" in keep else None)


def compile_date(compiler, node):
    """A closure rendering cs:date ``node`` for the item's date variable."""
    var = node.get("variable")
    parts, delimiter = _parts_for(compiler, node)
    locale = compiler.locale
    limit_day = locale.options.get("limit-day-ordinals-to-day-1") == "true"
    fmt_node = node

    outer_fmt = formatting(fmt_node)
    prefix, suffix = node.get("prefix", ""), node.get("suffix", "")
    case = node.get("text-case")
    display = node.get("display", "")
    quotes = node.get("quotes") == "true"

    has_year = not parts or any(p.get("name") == "year" for p in parts)
    sort_parts = {p.get("name") for p in parts} if parts else {"year", "month", "day"}
    looking_past = var == "accessed"
    ys_box = [""]  # the year-suffix to add after the first year rendered (when the style prints none itself)

    def part(attrs, date, season, which):
        name = attrs.get("name")
        y, m, d = date
        form = attrs.get("form")
        text = None
        if name == "year":
            if y is None:
                return None
            if form == "short":
                text = f"{abs(y) % 100:02d}"
            else:
                text = str(abs(y))
            if which == "no-era":
                pass
            elif y < 0:
                text += locale.term("bc") or "BC"
            elif y < 1000:
                text += locale.term("ad") or "AD"
        elif name == "month":
            if m is None and season:
                try:
                    s = int(season)
                    text = locale.term(f"season-{s:02d}") or str(season)
                except (TypeError, ValueError):
                    text = str(season)
            elif m is None:
                return None
            elif 13 <= m <= 16:
                text = locale.term(f"season-{m - 12:02d}")
            elif form in ("numeric", "numeric-leading-zeros"):
                text = f"{m:02d}" if form == "numeric-leading-zeros" else str(m)
            else:
                text = locale.term(f"month-{m:02d}", "short" if form == "short" else "long") or str(m)
        elif name == "day":
            if d is None or m is None or m > 12:
                return None
            if form == "numeric-leading-zeros":
                text = f"{d:02d}"
            elif form == "ordinal":
                if limit_day and d != 1:
                    text = str(d)
                else:
                    gender = ""
                    t = locale.term_entry(f"month-{m:02d}")
                    if t is not None:
                        gender = t.gender
                    text = ordinal(d, locale, gender)
            else:
                text = str(d)
        if not text:
            return None
        x = text
        if name == "year" and ys_box[0]:
            x = Out([text, Out([ys_box[0]], tag="year-suffix")])
            ys_box[0] = ""
        if attrs.get("strip-periods") == "true":
            x = strip_periods(x)
        if attrs.get("text-case"):
            x = apply_case(x, attrs["text-case"])
        pre = attrs.get("prefix", "") if which != "end-first" else ""
        suf = attrs.get("suffix", "") if which != "start-last" else ""
        fmt = tuple((k, attrs[k]) for k in ("vertical-align", "text-decoration", "font-weight", "font-variant",
                                             "font-style") if k in attrs)
        if not (fmt or pre or suf):
            return x  # a bare part is its text (or its year and suffix): no span around it
        return Out([x], fmt, pre, suf)

    def join(items):
        out = []
        for x in items:
            if x is None:
                continue
            if out and delimiter:
                out.append(delimiter)
            out.append(x)
        return out

    def render_one(date: tuple, season, which=""):
        return join(part(p, date, season, which) for p in parts)

    def render(ctx):
        ctx.tried += 1
        if looking_past and ctx.looking:
            # The day a user opened a page tells no two works apart: a cite compared for
            # ambiguity is read without it (as citeproc-js does), so two undated pages by one
            # author get year-suffixes however their access dates differ.
            return None
        value = ctx.value(var)
        if not isinstance(value, DateValue):
            return None
        if value.literal and value.start[0] is None:
            if not has_year:
                return None  # the literal stands for the whole date, printed where the year goes (APA's once, not twice)
            ctx.found += 1
            return Out([value.literal], outer_fmt, prefix, suffix, node.get("quotes") == "true", display)
        if value.start[0] is None:
            return None
        ctx.mark(var)
        if ctx.sorting:
            ctx.found += 1
            if sort_parts == {"year", "month", "day"}:
                return value.sort_key()
            # In a macro key only the date parts the cs:date renders count (CSL 1.0.2, sorting).
            return DateValue(_trim(value.start, sort_parts), _trim(value.end, sort_parts) if value.end else None).sort_key()
        dis = ctx.dis
        if dis is not None and dis.year_suffix and not compiler.explicit_year_suffix and "year-suffix" not in ctx.rendered:
            ys_box[0] = dis.year_suffix
            ctx.rendered.append("year-suffix")
        else:
            ys_box[0] = ""
        if value.end == ():
            kids = render_one(value.start, value.season)
            rd = next((p.get("range-delimiter") for p in parts if p.get("name") == "year" and p.get("range-delimiter")), "–")
            kids = kids + [rd] if kids else kids
        elif value.end is None or not parts:
            kids = render_one(value.start, value.season)
        else:
            kids = render_range(value)
        if not kids:
            return None  # parts the data lacks (a month of a year-only date): nothing found, as for an empty variable
        ctx.found += 1
        if not case:
            return Out(kids, outer_fmt, prefix, suffix, quotes, display)  # the parts in one span
        x = apply_case(Out(kids), case, ctx.english)
        return span([x], outer_fmt, prefix, suffix, quotes, display)

    def render_range(value: DateValue):
        s, e = value.start, value.end
        e = tuple(e[i] if e[i] is not None else None for i in range(3))
        levels = [i for i in range(3) if s[i] != e[i]]
        top = min(levels)
        names = [p.get("name") for p in parts]
        top_name = ("year", "month", "day")[top]
        rd = next((p.get("range-delimiter") for p in parts if p.get("name") == top_name and p.get("range-delimiter")), "–")
        if top == 0:
            # Two years of one era print it once, after the second ("100–44 BC"), as citeproc-js does.
            same_era = s[0] is not None and e[0] is not None and (s[0] < 0) == (e[0] < 0) and (s[0] < 1000) == (e[0] < 1000)
            first = render_one(s, value.season, "no-era" if same_era else "")
            second = render_one(e, value.season)
            if not first and not second:
                return []  # parts the range lacks on both ends (APA's month-day of "1964–1976"): no lone "–"
            return [Out(first), rd, Out(second)]
        diff = [i for i, n in enumerate(names) if _LEVEL.get(n, 0) >= top]
        if not diff:
            return render_one(s, value.season)
        lo, hi = min(diff), max(diff)
        out = []
        for i, p in enumerate(parts[:lo]):
            out.append(part(p, s, value.season, ""))
        # The range delimiter takes the place of the affixes at the seam: the last part the start
        # prints and the first the end prints (a season has no day to carry them).
        s_last = max((i for i in range(lo, hi + 1) if part(parts[i], s, value.season, "") is not None), default=hi)
        e_first = min((i for i in range(lo, hi + 1) if part(parts[i], e, value.season, "") is not None), default=lo)
        start_run = [part(p, s, value.season, "start-last" if i == s_last else "") for i, p in enumerate(parts) if lo <= i <= hi]
        end_run = [part(p, e, value.season, "end-first" if i == e_first else "") for i, p in enumerate(parts) if lo <= i <= hi]
        tail = [part(p, s, value.season, "") for p in parts[hi + 1:]]
        head = join(out)
        start_text, end_text = join(start_run), join(end_run)
        mid = [Out(start_text), rd, Out(end_text)] if start_text or end_text else []
        rest = join(tail)
        res = head + ([delimiter] if head and delimiter else []) + mid + ([delimiter] if rest and delimiter else []) + rest
        return res

    return render
