"""The forms engine: XLSForm-style definitions, a safe expression evaluator, form state.

Qt-free. Definitions live in ``resources/forms/<form_id>/v<version>.yaml``; every version stays
so an old submission is always checked and shown with the version it was made with. See
``docs/forms.md`` for authors.
"""

from desktop.core.forms.definition import Choice, FieldDef, FormDefinition
from desktop.core.forms.expressions import Expression, ExpressionError, parse_expression
from desktop.core.forms.loader import (
    FORMS_DIR,
    FormNotFound,
    available_versions,
    list_forms,
    load_form,
    load_form_file,
)
from desktop.core.forms.state import FormState, Submission, validate_submission
from desktop.core.forms.values import Message
from sync.yamlfile import DataFileError

__all__ = [
    "FORMS_DIR",
    "Choice",
    "DataFileError",
    "Expression",
    "ExpressionError",
    "FieldDef",
    "FormDefinition",
    "FormNotFound",
    "FormState",
    "Message",
    "Submission",
    "available_versions",
    "list_forms",
    "load_form",
    "load_form_file",
    "parse_expression",
    "validate_submission",
]
