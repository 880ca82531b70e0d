"""Charts drawn on the server as inline SVG: nothing for the browser to fetch, nothing to vendor."""

from __future__ import annotations

from html import escape

from markupsafe import Markup

from pipelines.portal.labels import number

_LABEL_WIDTH, _BAR_WIDTH, _ROW, _TOP = 270, 400, 24, 30


def bar_chart(items: list[tuple[str, float]], maximum: float, title: str, unit: str) -> Markup:
    """Horizontal bars, longest first, each labelled with its value."""
    if not items:
        return Markup("")
    items = sorted(items, key=lambda item: (-item[1], item[0]))
    top = max(maximum, *(value for _, value in items)) or 1
    height = _TOP + _ROW * len(items) + 10
    width = _LABEL_WIDTH + _BAR_WIDTH + 90
    parts = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">',
        f'<text x="0" y="18" class="chart-title">{escape(title)}</text>',
    ]
    for index, (label, value) in enumerate(items):
        y = _TOP + index * _ROW
        length = round(_BAR_WIDTH * value / top, 1)
        shown = f"{number(value)} {unit}"
        parts.append(
            f"<g><title>{escape(label)}: {escape(shown)}</title>"
            f'<text x="{_LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end">{escape(_short(label))}</text>'
            f'<rect x="{_LABEL_WIDTH}" y="{y + 3}" width="{_BAR_WIDTH}" height="16" fill="#eef1f5"/>'
            f'<rect x="{_LABEL_WIDTH}" y="{y + 3}" width="{length}" height="16" fill="#1f5fa8"/>'
            f'<text x="{_LABEL_WIDTH + _BAR_WIDTH + 6}" y="{y + 15}">{escape(number(value))}</text></g>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _short(label: str, limit: int = 34) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
