"""The page a form is drawn on, inside the view's scroll area: its title, its description and
a column of rows and sections no wider than reads well."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop.core.forms import FormDefinition
from desktop.core.forms.display import localized
from desktop.core.i18n import current_language
from desktop.ui.forms.style import CONTENT_WIDTH


class FormPage(QWidget):
    """Title, description and the column (``column``) that holds the form's widgets."""

    def __init__(self, definition: FormDefinition, show_title: bool) -> None:
        super().__init__()
        self.definition, self.show_title = definition, show_title
        self.setObjectName("formBody")
        centre = QHBoxLayout(self)
        centre.setContentsMargins(16, 12, 16, 16)
        self.column = QWidget(self)
        self.column.setMaximumWidth(CONTENT_WIDTH)
        centre.addWidget(self.column, 1)
        self._layout = QVBoxLayout(self.column)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)
        self.title = QLabel(self.column)
        self.title.setObjectName("formTitle")
        self.title.setWordWrap(True)
        self.description = QLabel(self.column)
        self.description.setObjectName("formDescription")
        self.description.setWordWrap(True)
        self._layout.addWidget(self.title)
        self._layout.addWidget(self.description)
        self._fixed = self._layout.count()
        self._layout.addStretch(1)
        self.retranslate()

    def add_item(self, item: QWidget) -> None:
        """Put one more top-level widget of the form under those already there."""
        self._layout.insertWidget(self._layout.count() - 1, item)

    def has_items(self) -> bool:
        return self._layout.count() > self._fixed + 1

    def retranslate(self) -> None:
        self.title.setText(self.definition.text(current_language()))
        self.title.setVisible(self.show_title)
        description = localized(self.definition.description)
        self.description.setText(description)
        self.description.setVisible(bool(description))
