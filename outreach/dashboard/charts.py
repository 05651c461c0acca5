"""Server-side SVG charts: plain markup, no scripts and no style attributes (the CSP forbids both).

Colours and fonts come from classes styled in static/css/app.css; geometry uses
SVG presentation attributes. Every label goes through format_html, so text is
escaped. Charts draw into a fixed viewBox and scale to their container.
"""
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

# Default viewBox width; a chart meant for a narrow column draws into a narrower box so its text stays legible.
WIDTH = 640


@dataclass(frozen=True)
class Series:
    label: str
    css: str  # class giving the fill colour, e.g. "chart-tier-1"
    values: list[float]


def _svg(body: SafeString, *, height: float, label: str, css: str = "", width: int = WIDTH) -> SafeString:
    return format_html(
        '<svg class="chart {}" viewBox="0 0 {} {}" role="img" aria-label="{}" '
        'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMidYMid meet">'
        "<title>{}</title>{}</svg>",
        css, width, round(height), label, label, body,
    )


def _rect(x, y, w, h, css: str, tip: str = "") -> SafeString:
    title = format_html("<title>{}</title>", tip) if tip else ""
    return format_html(
        '<rect x="{}" y="{}" width="{}" height="{}" class="{}" rx="2">{}</rect>',
        round(x, 1), round(y, 1), round(max(w, 0), 1), round(max(h, 0), 1), css, title,
    )


def _text(x, y, text, css: str = "chart-label", anchor: str = "start") -> SafeString:
    return format_html(
        '<text x="{}" y="{}" class="{}" text-anchor="{}">{}</text>', round(x, 1), round(y, 1), css, anchor, text
    )


def _join(parts) -> SafeString:
    return format_html_join("", "{}", ((part,) for part in parts))


def _fmt(value: float, suffix: str = "") -> str:
    return f"{value:,.0f}{suffix}" if value == int(value) else f"{value:,.1f}{suffix}"


def funnel(
    steps: list[tuple[str, int]], conversions: list[float | None], *, label: str, width: int = 560
) -> SafeString:
    """Bars narrowing down the funnel, centred, with the conversion between consecutive steps."""
    left, right, bar_h, gap, top = 112, 56, 34, 24, 4
    span = width - left - right
    middle = left + span / 2
    biggest = max((n for _, n in steps), default=0) or 1
    parts = []
    for i, (name, count) in enumerate(steps):
        y = top + i * (bar_h + gap)
        w = max(span * count / biggest, 3)
        parts.append(_text(left - 10, y + bar_h / 2 + 5, name, "chart-label chart-strong", "end"))
        parts.append(_rect(middle - w / 2, y, w, bar_h, f"chart-funnel-{i}", f"{name}: {count:,}"))
        parts.append(_text(middle + w / 2 + 8, y + bar_h / 2 + 5, f"{count:,}", "chart-value chart-big", "start"))
        if i + 1 < len(steps):
            rate = conversions[i + 1]
            note = "no one to convert" if rate is None else f"↓ {_fmt(rate, '%')} move on"
            parts.append(_text(middle, y + bar_h + gap / 2 + 5, note, "chart-note", "middle"))
    height = top * 2 + len(steps) * bar_h + (len(steps) - 1) * gap
    return _svg(_join(parts), height=height, label=label, css="chart-funnel", width=width)


def hbars(
    labels: list[str], series: list[Series], *, label: str, suffix: str = "", max_value: float | None = None,
    annotations: list[str] | None = None, width: int = WIDTH,
) -> SafeString:
    """Horizontal bars, one row per label, stacked when there is more than one series."""
    # Room on the right for the value, or for a longer annotation such as "41% (9 of 22)".
    left, right, bar_h, gap, top = 190, (118 if annotations else 64), 22, 10, 4
    legend_h = 26 if len(series) > 1 else 0
    totals = [sum(s.values[i] for s in series) for i in range(len(labels))]
    scale_max = max_value or max(totals, default=0) or 1
    span = width - left - right
    parts = []
    if legend_h:
        parts.append(_legend(series, y=top + 6))
    for i, row_label in enumerate(labels):
        y = top + legend_h + i * (bar_h + gap)
        parts.append(_text(left - 8, y + bar_h / 2 + 4, row_label, "chart-label", "end"))
        parts.append(_rect(left, y, span, bar_h, "chart-track"))
        x = left
        for s in series:
            w = span * s.values[i] / scale_max
            if w > 0:
                parts.append(_rect(x, y, w, bar_h, s.css, f"{row_label} · {s.label}: {_fmt(s.values[i], suffix)}"))
            x += w
        note = annotations[i] if annotations else _fmt(totals[i], suffix)
        parts.append(_text(min(x, left + span) + 6, y + bar_h / 2 + 4, note, "chart-value"))
    height = top * 2 + legend_h + len(labels) * (bar_h + gap)
    return _svg(_join(parts), height=height, label=label, width=width)


def columns(
    categories: list[str], series: list[Series], *, label: str, bar_css: list[str] | None = None,
    show_totals: bool = True, width: int = WIDTH, plot_h: int = 210,
) -> SafeString:
    """Vertical columns, stacked when there is more than one series; bar_css colours single-series bars one by one."""
    left, bottom, top = 44, 34, 16
    legend_h = 26 if len(series) > 1 else 0
    totals = [sum(s.values[i] for s in series) for i in range(len(categories))]
    peak = _nice_ceiling(max(totals, default=0))
    slot = (width - left - 8) / max(len(categories), 1)
    bar_w = slot * 0.66
    base_y = top + legend_h + plot_h
    parts = []
    if legend_h:
        parts.append(_legend(series, y=top + 6))
    for tick in (0, peak / 2, peak):
        y = base_y - plot_h * tick / peak
        parts.append(format_html('<line x1="{}" x2="{}" y1="{}" y2="{}" class="chart-grid"/>', left, width, y, y))
        parts.append(_text(left - 6, y + 4, _fmt(tick), "chart-axis", "end"))
    for i, category in enumerate(categories):
        x = left + i * slot + (slot - bar_w) / 2
        y = base_y
        for s in series:
            h = plot_h * s.values[i] / peak
            if h > 0:
                css = bar_css[i] if bar_css else s.css
                name = category if len(series) == 1 else f"{category} · {s.label}"
                tip = f"{name}: {_fmt(s.values[i])}"
                parts.append(_rect(x, y - h, bar_w, h, css, tip))
            y -= h
        if show_totals and totals[i]:
            parts.append(_text(x + bar_w / 2, y - 5, _fmt(totals[i]), "chart-value", "middle"))
        parts.append(_text(x + bar_w / 2, base_y + 18, category, "chart-axis", "middle"))
    return _svg(_join(parts), height=base_y + bottom, label=label, width=width)


def meter(share: float | None, *, label: str, caption: str) -> SafeString:
    """A ring showing one share (0–100 %); an empty grey ring when there is nothing to measure."""
    # r = 100 / (2π), so the circumference is 100 and the dash length is the percentage itself.
    radius = 15.9155
    ring = format_html('<circle cx="21" cy="21" r="{}" class="chart-ring-track" fill="none" stroke-width="4"/>', radius)
    if share:
        ring += format_html(
            '<circle cx="21" cy="21" r="{}" class="chart-ring" fill="none" stroke-width="4" '
            'stroke-dasharray="{} {}" stroke-dashoffset="25"/>', radius, round(share, 1), round(100 - share, 1),
        )
    centre = "—" if share is None else _fmt(share, "%")
    body = _join([ring, _text(21, 22, centre, "chart-ring-value", "middle"),
                  _text(21, 28, caption, "chart-ring-caption", "middle")])
    return format_html(
        '<svg class="chart chart-meter" viewBox="0 0 42 42" role="img" aria-label="{}" '
        'xmlns="http://www.w3.org/2000/svg"><title>{}</title>{}</svg>', label, label, body,
    )


def _legend(series: list[Series], *, y: float) -> SafeString:
    x, parts = 0.0, []
    for s in series:
        parts.append(_rect(x, y - 9, 11, 11, s.css))
        parts.append(_text(x + 15, y, s.label, "chart-legend"))
        x += 26 + 6.5 * len(s.label)
    return _join(parts)


def _nice_ceiling(value: float) -> float:
    """A round number at least as big as value, so gridlines land on readable numbers."""
    if value <= 2:
        return 2
    magnitude = 10 ** (len(str(int(value))) - 1)
    # Even steps keep the halfway gridline on a whole number.
    for step in (1, 2, 4, 6, 8, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude

