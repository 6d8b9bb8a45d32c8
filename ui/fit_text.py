"""Text that keeps to a fixed room: a label whose room does not grow (the
amount due, the next step, the banner) gets a smaller font for a long text
instead of being cut off or pushing its neighbours (issue 16: "$9…").

The theme sets each label's size in QSS; :func:`theme_px` reads it (with any
shrinking of ours taken off first), :func:`fit` shrinks the labels together,
down to ``floor`` of their theme size, until their texts fit. Sizes are
measured with the label's font at each size, not by restyling the label at
each try: a style sheet set inside a style change is applied later."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QLabel


def theme_px(label: QLabel) -> int:
    """The label's font size as the theme sets it (GUI thread)."""
    if label.styleSheet():
        label.setStyleSheet("")
        label.style().unpolish(label)  # the theme's font now, not at the next polish
        label.style().polish(label)
    label.ensurePolished()
    return label.font().pixelSize()


def _indent(label: QLabel, fm: QFontMetrics) -> int:
    # QLabel's own rule: no indent set and a frame -> half an "x".
    if label.indent() >= 0:
        return label.indent()
    return fm.horizontalAdvance("x") // 2 if label.frameWidth() > 0 else 0


def needs(label: QLabel, px: int, width: int) -> tuple[int, int]:
    """(width, height) of the label's text at ``px`` in a room ``width``
    wide (word-wrapped if the label wraps)."""
    font = QFont(label.font())
    font.setPixelSize(px)
    fm = QFontMetrics(font)
    text = label.text()
    room = width - _indent(label, fm) - 2 * label.margin()
    if label.wordWrap():
        r = fm.boundingRect(0, 0, max(room, 1), 100_000, Qt.TextFlag.TextWordWrap, text)
        return r.width() + width - room, r.height()
    lines = text.split("\n") or [""]
    return (max(fm.horizontalAdvance(line) for line in lines) + width - room,
            fm.lineSpacing() * len(lines))


def fit(labels: Sequence[tuple[QLabel, int]], width: int, height: int, *, spacing: int = 0,
        floor: float = 0.6) -> float:
    """Shrink ``labels`` (each with its theme size in px) together until they
    fit ``width`` x ``height`` stacked (``spacing`` between the shown ones);
    answers the scale used (1.0: the theme's size)."""
    shown = [(label, px) for label, px in labels if px > 0 and not label.isHidden()]
    scale = 1.0
    if width > 0 and height > 0 and shown:
        while scale - 0.04 >= floor:
            sizes = [needs(label, max(1, round(px * scale)), width) for label, px in shown]
            tall = sum(h for _, h in sizes) + spacing * (len(sizes) - 1)
            if tall <= height and all(w <= width for w, _ in sizes):
                break
            scale -= 0.04
    for label, px in labels:
        if px > 0:
            label.setStyleSheet("" if scale >= 1.0 else
                                f"font-size: {max(1, round(px * scale))}px;")
    return scale
