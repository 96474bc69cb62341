"""The look of the application: one light stylesheet, one font, one set of colours."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QApplication

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
ICONS_DIR = RESOURCES / "icons"
FONTS_DIR = RESOURCES / "fonts"

# Colours (also used by models for foreground/background roles).
PAGE = "#f4f6f9"
SURFACE = "#ffffff"
TEXT = "#1f2933"
MUTED = "#5f6b7a"
BORDER = "#d8dee6"
PRIMARY = "#1e5f99"
PRIMARY_DARK = "#174b79"
PRIMARY_LIGHT = "#e6eff8"
DANGER = "#b42318"
DANGER_LIGHT = "#fdecea"
WARNING = "#93370d"
WARNING_LIGHT = "#fff4e0"
SUCCESS = "#067647"
SUCCESS_LIGHT = "#e7f6ee"

RISK_COLOURS = {"urgent": DANGER, "high": "#c4320a", "medium": "#8a6100", "low": MUTED}

FONT_FAMILIES = ["Segoe UI", "Noto Sans", "Cantarell", "Ubuntu", "DejaVu Sans"]

_ARROW_DOWN = (ICONS_DIR / "chevron-down.svg").as_posix()
_ARROW_UP = (ICONS_DIR / "chevron-up.svg").as_posix()
_ARROW_RIGHT = (ICONS_DIR / "chevron-right.svg").as_posix()

STYLESHEET = f"""
QWidget {{ color: {TEXT}; }}
QMainWindow, QStackedWidget#pages, QWidget#page {{ background: {PAGE}; }}
QToolTip {{ background: {TEXT}; color: white; border: none; padding: 4px 6px; }}

/* navigation */
QWidget#sidebar {{ background: {SURFACE}; border-right: 1px solid {BORDER}; }}
QLabel#brand {{ font-size: 17pt; font-weight: 600; color: {PRIMARY_DARK}; padding: 2px 4px; }}
QLabel#brandUser {{ color: {MUTED}; padding: 0 4px; }}
QListWidget#nav {{ background: transparent; border: none; outline: none; }}
QListWidget#nav::item {{ padding: 8px 10px; margin: 1px 0; border-radius: 6px; color: {TEXT}; }}
QListWidget#nav::item:hover {{ background: #eef2f6; }}
QListWidget#nav::item:selected {{ background: {PRIMARY_LIGHT}; color: {PRIMARY_DARK};
    font-weight: 600; }}

/* text */
QLabel#pageTitle {{ font-size: 16pt; font-weight: 600; }}
QLabel#sectionTitle {{ font-size: 11.5pt; font-weight: 600; padding-top: 4px; }}
QLabel#muted, QLabel[muted="true"] {{ color: {MUTED}; }}
QLabel#fieldLabel {{ color: {MUTED}; }}
QLabel#error {{ color: {DANGER}; }}
QLabel#hint {{ color: {MUTED}; background: {PRIMARY_LIGHT}; border-radius: 6px; padding: 8px; }}

/* cards */
QFrame#card {{ background: {SURFACE}; border: 1px solid {BORDER}; border-radius: 8px; }}
QFrame#banner {{ background: {DANGER_LIGHT}; border: 1px solid #f4b8b2; border-radius: 8px; }}
QLabel#bannerText {{ color: {DANGER}; font-weight: 600; }}
QFrame#notice {{ background: {WARNING_LIGHT}; border: 1px solid #f5d49a; border-radius: 8px; }}

/* inputs */
QLineEdit, QComboBox, QSpinBox, QDateEdit, QPlainTextEdit, QTextEdit {{
    background: {SURFACE}; border: 1px solid {BORDER}; border-radius: 6px;
    padding: 5px 8px; selection-background-color: {PRIMARY}; }}
QLineEdit:focus, QComboBox:focus, QSpinBox:focus, QPlainTextEdit:focus, QTextEdit:focus {{
    border: 1px solid {PRIMARY}; }}
QLineEdit:disabled, QComboBox:disabled {{ background: #f0f2f5; color: {MUTED}; }}
QComboBox::drop-down, QDateEdit::drop-down {{ border: none; width: 24px; }}
QComboBox::down-arrow, QDateEdit::down-arrow {{ image: url({_ARROW_DOWN}); width: 12px;
    height: 12px; }}
QSpinBox::up-button, QSpinBox::down-button {{ border: none; width: 20px; }}
QSpinBox::up-arrow {{ image: url({_ARROW_UP}); width: 10px; height: 10px; }}
QSpinBox::down-arrow {{ image: url({_ARROW_DOWN}); width: 10px; height: 10px; }}
QComboBox QAbstractItemView {{ background: {SURFACE}; border: 1px solid {BORDER};
    selection-background-color: {PRIMARY_LIGHT}; selection-color: {TEXT}; outline: none; }}

/* buttons */
QPushButton {{ background: {SURFACE}; border: 1px solid {BORDER}; border-radius: 6px;
    padding: 6px 14px; }}
QPushButton:hover {{ background: #eef2f6; }}
QPushButton:pressed {{ background: #e2e8f0; }}
QPushButton:focus {{ border: 2px solid {PRIMARY_DARK}; padding: 5px 13px; }}
QPushButton[primary="true"]:focus {{ border: 2px solid {TEXT}; }}
QTableView:focus, QListView:focus, QTreeView:focus {{ border: 2px solid {PRIMARY}; }}
QCheckBox:focus, QRadioButton:focus {{ color: {PRIMARY_DARK}; text-decoration: underline; }}
QTabBar::tab:focus {{ text-decoration: underline; }}
QPushButton:disabled {{ color: #9aa4b2; background: #f4f6f9; }}
QPushButton[primary="true"] {{ background: {PRIMARY}; color: white; border: 1px solid {PRIMARY};
    font-weight: 600; }}
QPushButton[primary="true"]:hover {{ background: {PRIMARY_DARK}; }}
QPushButton[primary="true"]:disabled {{ background: #9db7d1; border-color: #9db7d1; }}
QPushButton[flat="true"] {{ border: none; background: transparent; color: {PRIMARY}; }}
QPushButton[flat="true"]:hover {{ text-decoration: underline; }}
QPushButton[flat="true"]:disabled {{ color: {TEXT}; background: transparent;
    text-decoration: underline; }}

/* tables and lists */
QTableView, QTreeView, QListWidget {{ background: {SURFACE}; border: 1px solid {BORDER};
    border-radius: 8px; gridline-color: #edf0f4;
    selection-background-color: {PRIMARY_LIGHT}; selection-color: {TEXT}; }}
QTableView::item {{ padding: 0 6px; }}
QTreeView::item {{ padding: 0 4px; min-height: 26px; }}
QTreeView::branch:has-children:closed {{ image: url({_ARROW_RIGHT}); }}
QTreeView::branch:has-children:open {{ image: url({_ARROW_DOWN}); }}
QListWidget::item {{ padding: 4px 6px; }}
QListWidget#reportTables::item {{ padding: 4px 0px; }}
QListWidget#reportTables {{ padding-left: 6px; }}
QFrame#reportFigure {{ background: {SURFACE}; border: 1px solid {BORDER}; border-radius: 6px; }}
QLabel#reportFigureValue {{ font-size: 16pt; font-weight: 600; color: {PRIMARY_DARK}; }}
QLabel#reportFigureName, QLabel#reportStatus {{ color: {MUTED}; }}
QLabel#reportTableTitle {{ font-size: 12pt; font-weight: 600; }}
QHeaderView::section {{ background: #f8fafc; color: {MUTED}; border: none;
    border-bottom: 1px solid {BORDER}; padding: 6px; font-weight: 600; }}

/* tabs */
QTabWidget::pane {{ border: 1px solid {BORDER}; border-radius: 8px; background: {SURFACE};
    top: -1px; }}
QTabBar::tab {{ background: transparent; color: {MUTED}; padding: 7px 12px;
    border-bottom: 2px solid transparent; }}
QTabBar::tab:selected {{ color: {PRIMARY_DARK}; border-bottom: 2px solid {PRIMARY};
    font-weight: 600; }}
QTabBar::tab:hover {{ color: {TEXT}; }}

QStatusBar {{ background: {SURFACE}; border-top: 1px solid {BORDER}; color: {MUTED}; }}
QStatusBar QLabel {{ color: {MUTED}; padding: 0 8px; }}
QProgressBar {{ border: 1px solid {BORDER}; border-radius: 4px; background: {SURFACE};
    text-align: center; height: 8px; }}
QProgressBar::chunk {{ background: {PRIMARY}; border-radius: 3px; }}
QScrollArea {{ border: none; background: transparent; }}
QScrollBar:vertical {{ background: transparent; width: 12px; margin: 2px; }}
QScrollBar:horizontal {{ background: transparent; height: 12px; margin: 2px; }}
QScrollBar::handle:vertical {{ background: #c5cdd8; border-radius: 4px; min-height: 32px; }}
QScrollBar::handle:horizontal {{ background: #c5cdd8; border-radius: 4px; min-width: 32px; }}
QScrollBar::handle:hover {{ background: #9aa6b5; }}
QScrollBar::add-line, QScrollBar::sub-line {{ width: 0; height: 0; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: transparent; }}
QCheckBox {{ spacing: 6px; }}
QAbstractScrollArea::corner {{ background: transparent; border: none; }}
QWidget#scrollBody {{ background: transparent; }}
"""


# the case view's facts: their values' weight, and colour by their "tone" (a risk's, overdue)
FACT_TONES = tuple(dict.fromkeys((*RISK_COLOURS.values(), DANGER)))
STYLESHEET += "QLabel#factValue { font-weight: 600; }\n" + "".join(
    f'QLabel#factValue[tone="{colour}"] {{ color: {colour}; }}\n' for colour in FACT_TONES)


def load_fonts() -> None:
    """Bundled DejaVu is the fallback where the system has no good font with ë and ç."""
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        path = FONTS_DIR / name
        if path.exists():
            QFontDatabase.addApplicationFont(str(path))


def base_font() -> QFont:
    font = QFont()
    families = [f for f in FONT_FAMILIES if f in QFontDatabase.families()]
    font.setFamilies(families or ["DejaVu Sans"])
    # DejaVu (the fallback on Linux) runs wider than Segoe UI or Noto Sans at the same size.
    font.setPointSizeF(9 if not families or families[0] == "DejaVu Sans" else 10)
    return font


def apply_style(app: QApplication) -> None:
    load_fonts()
    app.setStyle("Fusion")
    app.setFont(base_font())
    app.setStyleSheet(STYLESHEET)


@cache
def icon(name: str, colour: str | None = None) -> QIcon:
    """An icon from ``resources/icons`` (recoloured when ``colour`` is given)."""
    path = ICONS_DIR / f"{name}.svg"
    if not path.exists():
        return QIcon()
    if colour is None:
        return QIcon(str(path))
    base = QIcon(str(path)).pixmap(QSize(48, 48))
    tinted = QPixmap(base.size())
    tinted.fill(Qt.GlobalColor.transparent)
    painter = QPainter(tinted)
    painter.drawPixmap(0, 0, base)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
    painter.fillRect(tinted.rect(), QColor(colour))
    painter.end()
    return QIcon(tinted)
