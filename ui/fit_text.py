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

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


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



def one_line(fm: QFontMetrics, parts: Sequence[str], sep: str, room: int) -> str:
    """``parts`` joined by ``sep`` in ``room`` px on one line. The last part
    (a till's name) stays whole while it fits: the parts before it are cut
    short first ("demo-… · demo-till"), then left out; only then is the last
    one elided."""
    full = sep.join(parts)
    if not parts or fm.horizontalAdvance(full) <= room:
        return full
    *heads, last = parts
    rest = sep + last
    head_room = room - fm.horizontalAdvance(rest)
    if heads and head_room > 0:
        head = fm.elidedText(sep.join(heads), Qt.TextElideMode.ElideRight, head_room)
        if len(head.removesuffix("…")) >= 3:  # a stub like "d…" says nothing
            return head + rest
    return fm.elidedText(last, Qt.TextElideMode.ElideRight, max(0, room))


class OneLineLabel(QLabel):
    """Names that stay on one line whatever room they get (the header's
    "demo-shop · demo-till"): the label gives way when the row is narrow,
    down to its last part, and shows its parts cut short by :func:`one_line`
    instead of wrapping. A wrapped label's height follows the width it was
    last given, so a neighbour appearing ("Working…", who is signed in) made
    the header a line taller and moved everything below it (issue 16: the
    keypad jumped 50 px). ``text()`` and the tooltip keep the whole text."""

    def __init__(self, *parts: str, sep: str = " · ", parent: QWidget | None = None) -> None:
        super().__init__(sep.join(parts), parent)
        self._parts, self._sep = tuple(parts), sep
        self.setWordWrap(False)
        self.setToolTip(self.text())
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def minimumSizeHint(self) -> QSize:
        # Of several parts the last one stays whole; a single one gives way
        # down to an ellipsis (a long name never widens the window).
        kept = self._parts[-1] if len(self._parts) > 1 and self._whole() else "…"
        m = self.contentsMargins()
        # (+2: elidedText wants a little more than the advance it measured)
        return QSize(self.fontMetrics().horizontalAdvance(kept) + 2 + m.left() + m.right()
                     + 2 * self.margin(), super().minimumSizeHint().height())

    def _whole(self) -> bool:
        return self._sep.join(self._parts) == self.text()

    def shown_text(self) -> str:
        """What the label shows in its room now (GUI thread)."""
        parts = self._parts if self._whole() else (self.text(),)
        return one_line(self.fontMetrics(), parts, self._sep, self.contentsRect().width())

    def paintEvent(self, event: QPaintEvent) -> None:
        # QLabel itself would cut a long text off at its edge.
        painter = QPainter(self)
        self.drawFrame(painter)
        self.style().drawItemText(painter, self.contentsRect(), int(self.alignment()),
                                  self.palette(), self.isEnabled(), self.shown_text(),
                                  self.foregroundRole())
        painter.end()
