"""The summary's charts as standalone SVG: a histogram of totals and horizontal bar charts.

Each chart is an accessible image (role="img", a <title> and a <desc> that says the numbers), so
the HTML page and the PDF (Typst reads the same SVG) need no script. Coordinates are rounded to
tenths: the same data gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape

from qinglian.core.numbers import format_number

FONT = "Noto Sans SC, Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, sans-serif"
BAR = "#a61b29"  # the site's deep red
AXIS = "#595959"
WIDTH = 640


def _f(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _svg(chart_id: str, title: str, desc: str, height: float, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {_f(height)}" width="{WIDTH}" height="{_f(height)}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" font-family="{FONT}" font-size="13">'
        f'<title id="{chart_id}-title">{escape(title)}</title><desc id="{chart_id}-desc">{escape(desc)}</desc>'
        + "".join(body) + "</svg>"
    )


def histogram(chart_id: str, title: str, totals: Sequence[Decimal], top: Decimal, bins: int = 10) -> str:
    """Units per band of total points: [0, w), [w, 2w) ... the last band includes `top`."""
    width = top / bins if top > 0 else Decimal(1)
    counts = [0] * bins
    for total in totals:
        counts[min(bins - 1, max(0, int(total / width)))] += 1
    # The last band also holds totals above `top` (bonus points).
    labels = [f"{format_number(width * i)}–{format_number(width * (i + 1))}" for i in range(bins - 1)]
    labels.append(f"{format_number(width * (bins - 1))} 以上")
    desc = "；".join(f"{label} 分：{count} 个单位" for label, count in zip(labels, counts, strict=True))
    left, bottom, plot_h, plot_w = 40.0, 230.0, 190.0, WIDTH - 60.0
    highest = max(counts) or 1
    step = plot_w / bins
    body = [f'<line x1="{_f(left)}" y1="{_f(bottom)}" x2="{_f(left + plot_w)}" y2="{_f(bottom)}" stroke="{AXIS}"/>']
    for i, (label, count) in enumerate(zip(labels, counts, strict=True)):
        h = plot_h * count / highest
        x = left + i * step
        body.append(f'<rect x="{_f(x + 4)}" y="{_f(bottom - h)}" width="{_f(step - 8)}" height="{_f(h)}" fill="{BAR}"/>')
        body.append(f'<text x="{_f(x + step / 2)}" y="{_f(bottom - h - 4)}" text-anchor="middle" fill="#1a1a1a">{count}</text>')
        body.append(f'<text x="{_f(x + step / 2)}" y="{_f(bottom + 16)}" text-anchor="middle" fill="{AXIS}" font-size="11">{label}</text>')
    body.append(f'<text x="{_f(left + plot_w / 2)}" y="{_f(bottom + 36)}" text-anchor="middle" fill="{AXIS}">总分（分）</text>')
    body.append(f'<text x="4" y="24" fill="{AXIS}">单位数</text>')
    return _svg(chart_id, title, desc, bottom + 44, body)


def bars(chart_id: str, title: str, items: Sequence[tuple[str, Decimal, str]], top: Decimal, unit: str) -> str:
    """One horizontal bar per (label, value, value text), scaled to `top`."""
    label_w, row_h, bar_w = 250.0, 26.0, WIDTH - 250.0 - 190.0  # room for the value text after the longest bar
    desc = "；".join(f"{label}：{text}" for label, _, text in items) or "无数据"
    body = []
    for i, (label, value, text) in enumerate(items):
        y = 8 + i * row_h
        w = bar_w * float(value / top) if top > 0 else 0.0
        short = label if len(label) <= 18 else label[:17] + "…"
        body.append(f'<text x="{_f(label_w - 8)}" y="{_f(y + 16)}" text-anchor="end" fill="#1a1a1a">{escape(short)}</text>')
        body.append(f'<rect x="{_f(label_w)}" y="{_f(y + 4)}" width="{_f(max(w, 0.0))}" height="{_f(row_h - 8)}" fill="{BAR}"/>')
        body.append(f'<text x="{_f(label_w + w + 6)}" y="{_f(y + 16)}" fill="#1a1a1a">{escape(text)}</text>')
    height = 8 + len(items) * row_h + 24
    body.append(f'<line x1="{_f(label_w)}" y1="4" x2="{_f(label_w)}" y2="{_f(height - 20)}" stroke="{AXIS}"/>')
    body.append(f'<text x="{_f(label_w)}" y="{_f(height - 4)}" fill="{AXIS}" font-size="11">{escape(unit)}</text>')
    return _svg(chart_id, title, desc, height, body)
