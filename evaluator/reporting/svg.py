"""Small inline SVG charts for report.html: no library, no external asset, opens offline.

Every label is escaped with ``html.escape`` (task ids, model names and category values
come from task files and model replies); numbers are formatted here, never copied in.
Scores are fractions in [0, 1] and drawn in percent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

# Colours of the three scores, used by every chart and the page's legend.
COLOURS = {"ifs": "#3465a4", "vfs": "#c17d11", "final": "#4e9a06"}
_AXIS = "#889"
_FONT = "font-family:system-ui,sans-serif;font-size:11px"


@dataclass(frozen=True)
class Bar:
    """One bar: a label, a score in [0, 1] and its 95% interval (or None)."""

    label: str
    value: float
    ci: Sequence[float] | None = None
    colour: str = COLOURS["final"]


def _clamp(x: float) -> float:
    return min(1.0, max(0.0, float(x)))


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        f'style="{_FONT}"><title>{escape(title)}</title>' + "".join(body) + "</svg>"
    )


def bar_chart(bars: Sequence[Bar], title: str, *, width: int = 460) -> str:
    """Horizontal bars from 0 to 100 with the interval drawn as a whisker."""
    label_w, row_h, top = 170, 22, 8
    plot_w = width - label_w - 50
    height = top + row_h * len(bars) + 24
    body = []
    for i, b in enumerate(bars):
        y = top + i * row_h
        w = plot_w * _clamp(b.value)
        body.append(
            f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end">{escape(b.label[:28])}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row_h - 8}" '
            f'fill="{escape(b.colour)}" opacity="0.85"><title>{escape(b.label)}: '
            f"{100 * b.value:.1f}</title></rect>"
        )
        if b.ci:
            lo, hi = (label_w + plot_w * _clamp(c) for c in b.ci[:2])
            mid = y + row_h / 2 - 1
            body.append(
                f'<path d="M{lo:.1f} {mid - 4}v8M{lo:.1f} {mid}H{hi:.1f}M{hi:.1f} {mid - 4}v8" '
                'stroke="#222" stroke-width="1.2" fill="none"/>'
            )
        body.append(f'<text x="{label_w + plot_w + 6}" y="{y + 14}">{100 * b.value:.1f}</text>')
    axis_y = top + row_h * len(bars) + 2
    body.append(
        f'<path d="M{label_w} {axis_y}H{label_w + plot_w}" stroke="{_AXIS}"/>'
        + "".join(
            f'<text x="{label_w + plot_w * t / 100:.1f}" y="{axis_y + 14}" '
            f'text-anchor="middle" fill="{_AXIS}">{t}</text>'
            for t in (0, 25, 50, 75, 100)
        )
    )
    return _svg(width, height, title, body)


def histogram(values: Sequence[float], title: str, colour: str, *, bins: int = 10) -> str:
    """How many tasks fall in each tenth of the score range (the last bin holds 100)."""
    counts = [0] * bins
    for v in values:
        counts[min(bins - 1, int(_clamp(v) * bins))] += 1
    width, height, left, top, bottom = 300, 160, 20, 32, 22
    plot_w, plot_h = width - left - 20, height - bottom - top
    peak = max(counts) or 1
    bar_w = plot_w / bins
    body = [f'<text x="{left}" y="14" font-weight="600">{escape(title)}</text>']
    for i, c in enumerate(counts):
        h = plot_h * c / peak
        x, y = left + i * bar_w, top + plot_h - h
        body.append(
            f'<rect x="{x + 1:.1f}" y="{y:.1f}" width="{bar_w - 2:.1f}" height="{h:.1f}" '
            f'fill="{escape(colour)}"><title>{100 * i // bins}–{100 * (i + 1) // bins}: '
            f"{c} tasks</title></rect>"
        )
        if c:
            body.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{y - 3:.1f}" text-anchor="middle">{c}</text>'
            )
    base = top + plot_h
    body.append(f'<path d="M{left} {base}H{left + plot_w}" stroke="{_AXIS}"/>')
    for t in (0, 50, 100):
        body.append(
            f'<text x="{left + plot_w * t / 100:.1f}" y="{base + 14}" text-anchor="middle" '
            f'fill="{_AXIS}">{t}</text>'
        )
    return _svg(width, height, title, body)


def scatter(points: Sequence[tuple[str, float, float]], title: str) -> str:
    """One dot per task: IFS across, VFS up; hover names the task."""
    size, pad = 220, 30
    body = [
        f'<rect x="{pad}" y="8" width="{size}" height="{size}" fill="none" stroke="{_AXIS}"/>',
        f'<text x="{pad + size / 2}" y="{size + 34}" text-anchor="middle" '
        f'fill="{_AXIS}">IFS</text>',
        f'<text x="10" y="{8 + size / 2}" fill="{_AXIS}" '
        f'transform="rotate(-90 10 {8 + size / 2})" text-anchor="middle">VFS</text>',
    ]
    for label, ifs, vfs in points:
        x, y = pad + size * _clamp(ifs), 8 + size * (1 - _clamp(vfs))
        body.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{COLOURS["final"]}" opacity="0.6">'
            f"<title>{escape(label)}: IFS {100 * ifs:.1f}, VFS {100 * vfs:.1f}</title></circle>"
        )
    return _svg(size + pad + 10, size + 44, title, body)
