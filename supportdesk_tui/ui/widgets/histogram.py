"""How long customers waited for a first answer: one bar per time bucket, with its count and
share. Bars are drawn in eighths of a cell, so small differences still show."""

from __future__ import annotations

from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

from ...domain.metrics import Histogram
from ...reporting.formats import bucket_label

EIGHTHS = " ▏▎▍▌▋▊▉"
FULL = "█"


def bar(value: int, largest: int, width: int) -> str:
    """`value` as a bar of at most `width` cells, in eighths; any non-zero value shows."""
    if value <= 0 or largest <= 0 or width <= 0:
        return ""
    eighths = max(1, round(8 * width * value / largest))
    whole, part = divmod(eighths, 8)
    return FULL * whole + (EIGHTHS[part] if part else "")


class ResponseHistogram(Widget):
    DEFAULT_CSS = """
    ResponseHistogram { height: auto; width: 1fr; text-wrap: nowrap; text-overflow: clip; }
    ResponseHistogram > .histogram--bar { color: $primary; }
    """
    COMPONENT_CLASSES = {"histogram--bar"}

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.histogram = Histogram(edges=(), counts=())

    def show(self, histogram: Histogram) -> None:
        self.histogram = histogram
        self.refresh(layout=True)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(1, len(self.histogram.counts))

    def render(self) -> Text:
        edges, counts = self.histogram.edges, self.histogram.counts
        total = sum(counts)
        if total == 0:
            return Text("No first responses in this period.", style="dim")
        last = len(counts) - 1  # open-ended, whatever edges follow it
        labels = [
            bucket_label(edges[i], edges[i + 1] if i < last else None) for i in range(len(counts))
        ]
        label_width = max(len(label) for label in labels)
        figure_width = len(str(max(counts))) + 7  # " 123 (45%)"
        bar_width = max(1, self.size.width - label_width - figure_width - 2)
        bar_style = self.get_component_rich_style("histogram--bar")
        out = Text(no_wrap=True, overflow="crop")
        for label, count in zip(labels, counts, strict=True):
            out.append(f"{label:>{label_width}} ", style="dim")
            drawn = bar(count, max(counts), bar_width)
            out.append(drawn, style=bar_style)
            share = round(100 * count / total)
            out.append(f"{' ' * (bar_width - len(drawn))} {count:>{len(str(max(counts)))}}")
            out.append(f" ({share}%)\n", style="dim")
        out.rstrip()
        return out
