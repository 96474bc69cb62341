"""The assessment summary: any form submission, with its scores.

Questions and choices are labelled from the form definition of the version the submission
was made with (the forms engine). When that definition cannot be found the answers are shown
under their field names, with a note saying so.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from desktop.core.documents import layout as L
from desktop.core.documents.base import DocumentBuilder
from desktop.core.documents.context import DocumentContext, format_date
from desktop.core.documents.errors import DocumentError
from sync.records import Record

SKIPPED_TYPES = {"note", "group", "calculate"}


def find_form(form_id: str, version: Any) -> Any | None:
    """The form definition from the forms engine, or None when it is not available."""
    try:
        from desktop.core.forms import load_form
    except ImportError:
        return None
    try:
        return load_form(str(form_id), int(version) if version is not None else None)
    except (LookupError, ValueError, TypeError):
        return None


class AssessmentSummary(DocumentBuilder):
    code = "VLR"

    def __init__(self, ctx: DocumentContext, assessment: Record, form: Any | None = None
                 ) -> None:
        super().__init__(ctx)
        if not isinstance(assessment, Record) or assessment.type != "assessment":
            raise DocumentError("assessment: expected an assessment record")
        self.assessment = assessment
        self.form = form if form is not None else find_form(
            assessment.get("form_id"), assessment.get("form_version"))

    def title(self) -> str:
        return self.v.t("Assessment summary")

    def form_title(self) -> str:
        if self.form is not None:
            return str(self.form.text(self.v.lang))
        return str(self.assessment.get("form_id") or "")

    def subtitle(self) -> str | None:
        return self.form_title() or None

    def version(self) -> str:
        return str(self.assessment.get("form_version") or "")

    def document_date(self) -> str:
        return format_date(self.assessment.get("submitted_on") or self.ctx.now)

    def body(self) -> None:
        v, a = self.v, self.assessment
        rows = [(v.t("Form"), self.form_title()), (v.t("Form version"), self.version()),
                (v.t("Completed on"), format_date(a.get("submitted_on"))),
                (v.t("Completed by"), str(a.get("submitted_by") or ""))]
        self.add_section(v.t("The assessment"), [self.grid([r for r in rows if r[1]])])
        self.person_section(full=False)
        self.add_section(v.t("Scores"), [self.scores_table()])
        self.add_section(v.t("Answers"), self.answers())

    # -- scores ------------------------------------------------------------------------------
    def scores_table(self) -> Flowable | None:
        computed = self.assessment.get("computed") or {}
        if not isinstance(computed, dict):
            return None
        rows = []
        for name, value in computed.items():
            field = self._field(name)
            if value in (None, "") or self._hidden(field):
                continue
            rows.append([self._label(name, field), self.v.plain(value)])
        if not rows:
            return None
        v = self.v
        return L.grid_table(self.st, [v.t("Measure"), v.t("Score")], rows,
                            [self.width - 40 * mm, 40 * mm])

    # -- answers -----------------------------------------------------------------------------
    def answers(self) -> list[Flowable]:
        answers = self.assessment.get("answers") or {}
        if not isinstance(answers, dict) or not answers:
            return [self.para(self.v.t("No answers."))]
        if self.form is None:
            rows = [[str(k), self.v.plain(val)] for k, val in answers.items()
                    if val not in (None, "", [])]
            return [L.p(self.v.t("The form definition was not found; answers are shown with "
                                 "their field names."), self.st.note),
                    self._answer_table(rows)]
        rows = self._labelled_rows(answers)
        return [self._answer_table(rows)] if rows else [self.para(self.v.t("No answers."))]

    def _answer_table(self, rows: list[list[str]]) -> Flowable:
        v = self.v
        return L.grid_table(self.st, [v.t("Question"), v.t("Answer")], rows,
                            [self.width * 0.55, self.width * 0.45])

    def _labelled_rows(self, answers: dict[str, Any], prefix: str = "") -> list[list[str]]:
        rows: list[list[str]] = []
        known = set()
        for field in self.form.all_fields():
            known.add(field.name)
            if field.name not in answers or field.type in SKIPPED_TYPES:
                continue
            value = answers[field.name]
            if value in (None, "", []) or self._hidden(field):
                continue
            label = prefix + field.text(self.v.lang)
            if field.type == "repeat" and isinstance(value, list):
                for n, instance in enumerate(value, start=1):
                    if isinstance(instance, dict):
                        rows += self._labelled_rows(instance, f"{label} {n} › ")
                continue
            rows.append([label, self._answer(field, value)])
        rows += [[prefix + str(k), self.v.plain(val)] for k, val in answers.items()
                 if k not in known and val not in (None, "", [])]
        return rows

    def _answer(self, field: Any, value: Any) -> str:
        v = self.v
        if field.type == "select_one" and field.choices:
            return self._choice(field.choices, value)
        if field.type == "select_multiple" and field.choices and isinstance(value, list):
            return ", ".join(self._choice(field.choices, x) for x in value)
        if field.type == "date":
            return format_date(value)
        if field.type == "image":
            return "✓"
        return v.plain(value)

    def _choice(self, list_name: str, code: Any) -> str:
        choice = self.form.choice(list_name, str(code))
        return choice.text(self.v.lang) if choice is not None else str(code)

    def _field(self, name: str) -> Any | None:
        if self.form is None or not self.form.has_field(name):
            return None
        return self.form.field(name)

    def _label(self, name: str, field: Any | None) -> str:
        return field.text(self.v.lang) if field is not None else str(name)

    def _hidden(self, field: Any | None) -> bool:
        """A form field marked sensitive (or inside a sensitive group) is left out."""
        if field is None or self.ctx.include_sensitive:
            return False
        chain = [field]
        while chain[-1].parent and self.form.has_field(chain[-1].parent):
            chain.append(self.form.field(chain[-1].parent))
        if any(getattr(f, "sensitive", False) for f in chain):
            self.v.note_omitted(field.text(self.v.lang))
            return True
        return False
