"""One editor widget per field type (see :mod:`desktop.ui.forms.editors.base` for what they
share), and the drop-down and date editor the case dialogs use as well."""

from desktop.ui.forms.editors.base import Combo, Editor, paint_chevron
from desktop.ui.forms.editors.choices import (
    AcknowledgeEditor,
    ComboEditor,
    MultiEditor,
    RadioEditor,
    choice_text,
    uses_radios,
)
from desktop.ui.forms.editors.dates import DATE_FORMAT, DateEditor
from desktop.ui.forms.editors.images import ImageEditor, LoadPreview, PickFile
from desktop.ui.forms.editors.text import NumberEditor, TextEditor

__all__ = [
    "DATE_FORMAT",
    "AcknowledgeEditor",
    "Combo",
    "ComboEditor",
    "DateEditor",
    "Editor",
    "ImageEditor",
    "LoadPreview",
    "MultiEditor",
    "NumberEditor",
    "PickFile",
    "RadioEditor",
    "TextEditor",
    "choice_text",
    "paint_chevron",
    "uses_radios",
]
