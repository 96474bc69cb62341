"""How a rendered form looks: the style sheet of the form view and its rows."""

from __future__ import annotations

from desktop.ui import style

CONTENT_WIDTH = 860

FORM_STYLE = f"""
QWidget#formBody {{ background: {style.SURFACE}; }}
QLabel#formTitle {{ font-size: 15pt; font-weight: 600; color: {style.PRIMARY_DARK}; }}
QLabel#formDescription {{ color: {style.MUTED}; }}
QLabel#fieldLabel {{ color: {style.TEXT}; font-weight: 600; }}
QLabel#hint {{ color: {style.MUTED}; background: transparent; padding: 0; }}
QLabel#error {{ color: {style.DANGER}; font-weight: 600; }}
QLabel#note {{ background: {style.WARNING_LIGHT}; border-left: 3px solid #e3a008;
    padding: 8px 10px; }}
QFrame#section {{ border: 1px solid {style.BORDER}; border-radius: 8px;
    background: #fbfcfd; }}
QFrame#repeatInstance {{ border: 1px dashed {style.BORDER}; border-radius: 6px;
    background: {style.SURFACE}; }}
QLabel#sectionTitle {{ font-size: 11.5pt; font-weight: 600; color: {style.PRIMARY_DARK}; }}
QFrame#score {{ background: {style.PRIMARY_LIGHT}; border: 1px solid #b9cfe8;
    border-radius: 8px; }}
QLabel#scoreLabel {{ font-weight: 600; }}
QLabel#scoreValue {{ font-size: 18pt; font-weight: 700; color: {style.PRIMARY_DARK};
    padding-left: 16px; }}
QLabel#imagePreview {{ border: 1px solid {style.BORDER}; border-radius: 6px;
    background: #f8fafc; color: {style.MUTED}; }}
QLabel#formStatus {{ color: {style.MUTED}; padding: 2px 4px; }}
"""
