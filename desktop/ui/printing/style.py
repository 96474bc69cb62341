"""How the print preview looks and how large it opens on the laptop's screen."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QFrame, QWidget

from desktop.ui import style

PANEL_WIDTH = 330
PREFERRED = QSize(1240, 860)
SCREEN_MARGIN = 40

PREVIEW_STYLE = f"""
QDialog#printPreview {{ background: {style.PAGE}; }}
QLabel#dialogTitle {{ font-size: 13pt; font-weight: 600; color: {style.PRIMARY_DARK}; }}
QLabel#dialogSubtitle {{ color: {style.MUTED}; }}
QLabel#fieldLabel {{ color: {style.TEXT}; font-weight: 600; }}
QLabel#sectionTitle {{ font-size: 10.5pt; font-weight: 600; color: {style.TEXT}; }}
QLabel#error {{ color: {style.DANGER}; font-weight: 600; }}
QLabel#notice {{ background: {style.SUCCESS_LIGHT}; color: {style.SUCCESS};
    border-radius: 6px; padding: 6px 10px; }}
QLabel#sensitiveWarning {{ background: {style.WARNING_LIGHT}; color: {style.WARNING};
    border: 1px solid #f5d49a; border-radius: 6px; padding: 6px 8px; }}
QFrame#panel {{ background: {style.SURFACE}; border: 1px solid {style.BORDER};
    border-radius: 8px; }}
QFrame#rule {{ background: {style.BORDER}; max-height: 1px; border: none; }}
QPdfView {{ border: 1px solid {style.BORDER}; }}
"""


def rule() -> QFrame:
    line = QFrame()
    line.setObjectName("rule")
    line.setFrameShape(QFrame.Shape.NoFrame)
    line.setFixedHeight(1)
    return line


def fitting_size(available: QSize) -> QSize:
    """The dialog's size on a screen with ``available`` room: large, with a margin."""
    return PREFERRED.boundedTo(available - QSize(SCREEN_MARGIN, SCREEN_MARGIN))


def screen_room(widget: QWidget) -> QSize:
    screen = widget.screen()
    return screen.availableGeometry().size() if screen is not None else PREFERRED
