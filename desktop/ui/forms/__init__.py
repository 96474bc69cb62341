"""The form renderer: assessment and visit forms drawn from their definitions."""

from desktop.ui.forms.view import FormView

__all__ = ["FormView"]
