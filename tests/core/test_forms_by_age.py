"""The assessment chooser offers the forms for the person's age group first."""

from __future__ import annotations

from desktop.core.forms import load_form
from desktop.core.views.case import forms_by_age


def test_a_43_year_old_is_not_offered_the_child_form_first() -> None:
    forms = [load_form(f) for f in ("child_protection_risk", "dv_risk", "elderly_functional",
                                    "intake")]
    adult = [f.id for f in forms_by_age(forms, 43)]
    assert adult[0] != "child_protection_risk" and adult[-2:] == ["child_protection_risk",
                                                                  "elderly_functional"]
    assert forms_by_age(forms, 9)[0].id == "child_protection_risk"
    assert forms_by_age(forms, 9)[-1].id == "elderly_functional"
    assert forms_by_age(forms, 78)[0].id == "elderly_functional"
    assert [f.id for f in forms_by_age(forms, None)] == [f.id for f in forms]
