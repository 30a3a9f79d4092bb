"""Server-side SVG charts for the report: no script, no CDN, nothing the CSP refuses (only
presentation attributes, no style attributes). Each chart says what it shows in its title
and description, marks its data by shape and text as well as colour, and repeats the
numbers of a table on the same page."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from .selectors import TargetCounts

WIDTH, HEIGHT, PAD = 640, 220, 36


def _n(value: float) -> str:
    """A coordinate as text: format_html escapes its arguments, so numbers come formatted."""
    return f"{value:.1f}"


def trend_line(*, title: str, points: Sequence[tuple[str, float | None]]) -> SafeString:
    """The achievement rate per period (0–100 %) as a line with a labelled dot per period;
    a period without completed targets leaves a gap."""
    if not points:
        return SafeString("")
    step = (WIDTH - 2 * PAD) / max(len(points) - 1, 1)

    def y(value: float) -> float:
        return HEIGHT - PAD - (HEIGHT - 2 * PAD) * value / 100

    segments, current = [], []
    for index, (_label, value) in enumerate(points):
        if value is None:
            if current:
                segments.append(current)
            current = []
        else:
            current.append(f"{PAD + index * step:.1f},{y(value):.1f}")
    if current:
        segments.append(current)
    lines = format_html_join("", '<polyline points="{}" fill="none" stroke="#0a4a9f" '
                             'stroke-width="2"/>', ((" ".join(segment),) for segment in segments))
    dots = format_html_join(
        "", '<circle cx="{}" cy="{}" r="4" fill="#0a4a9f"/>'
        '<text x="{}" y="{}" font-size="11" text-anchor="middle">{}</text>',
        ((_n(PAD + index * step), _n(y(value)), _n(PAD + index * step), _n(y(value) - 8),
          f"{value:g} %")
         for index, (_label, value) in enumerate(points) if value is not None))
    labels = format_html_join(
        "", '<text x="{}" y="{}" font-size="11" text-anchor="middle">{}</text>',
        ((_n(PAD + index * step), HEIGHT - 10, label) for index, (label, _value) in enumerate(points)))
    axis = format_html(
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#6c757d"/>'
        '<text x="4" y="{}" font-size="11">100 %</text><text x="4" y="{}" font-size="11">0 %</text>',
        PAD, HEIGHT - PAD, WIDTH - PAD, HEIGHT - PAD, _n(y(100) + 4), _n(y(0)))
    return format_html(
        '<svg class="report-chart" viewBox="0 0 {} {}" role="img" aria-labelledby="chart-trend-title">'
        '<title id="chart-trend-title">{}</title>{}{}{}{}</svg>',
        WIDTH, HEIGHT, title, axis, lines, dots, labels)


def stacked_by_level(*, title: str, legend: dict[str, str],
                     rows: Sequence[tuple[str, TargetCounts]]) -> SafeString:
    """Per level one horizontal bar: achieved (solid), breached (hatched), still open past
    the deadline (dotted), each segment with its count written on it."""
    if not rows:
        return SafeString("")
    bar, gap, label_width = 22, 12, 70
    height = len(rows) * (bar + gap) + 40
    biggest = max(counts.total for _label, counts in rows) or 1
    scale = (WIDTH - label_width - 20) / biggest
    kinds = (("achieved", "#d1e7dd"), ("breached", "url(#hatch)"), ("open_breached", "url(#dots)"))
    parts = []
    for index, (label, counts) in enumerate(rows):
        top = 30 + index * (bar + gap)
        x = label_width
        parts.append(format_html('<text x="0" y="{}" font-size="12">{}</text>', top + 15, label))
        for kind, fill in kinds:
            value = getattr(counts, kind)
            if not value:
                continue
            width = value * scale
            parts.append(format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="#212529"/>'
                '<text x="{}" y="{}" font-size="11" fill="#000">{}</text>',
                _n(x), top, _n(width), bar, fill, _n(x + 4), top + 15, value))
            x += width
    defs = SafeString(
        '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#f8d7da"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#b02a37" stroke-width="2"/></pattern>'
        '<pattern id="dots" width="6" height="6" patternUnits="userSpaceOnUse">'
        '<rect width="6" height="6" fill="#fff3cd"/><circle cx="3" cy="3" r="1.5" fill="#997404"/>'
        '</pattern></defs>')
    key = format_html_join(
        "", '<rect x="{}" y="4" width="12" height="12" fill="{}" stroke="#212529"/>'
        '<text x="{}" y="14" font-size="11">{}</text>',
        ((label_width + index * 170, fill, label_width + index * 170 + 16, legend[kind])
         for index, (kind, fill) in enumerate(kinds)))
    # Light fills only, so the black counts on them stay readable.
    return format_html(
        '<svg class="report-chart" viewBox="0 0 {} {}" role="img" aria-labelledby="chart-levels-title">'
        '<title id="chart-levels-title">{}</title>{}{}{}</svg>',
        WIDTH, height, title, defs, key, SafeString("".join(parts)))
