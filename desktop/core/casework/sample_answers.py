"""Random but valid answers to any form definition, for demo data and tests.

Answers are drawn field by field and then checked with the forms engine; fields the engine
reports (a required field that became relevant, a broken constraint) are drawn again until the
submission is valid. Dates are the given day or later, so a submission made for ``day`` can be
moved to an earlier day by replacing that date (:func:`redate`).
"""

from __future__ import annotations

import datetime as dt
import json
import random
from typing import Any

from desktop.core.forms import FieldDef, FormDefinition, validate_submission
from desktop.core.forms.state import parse_key

TEXTS = ("Situata u diskutua me familjen.", "Pa ndryshime të rëndësishme.",
         "Nevojitet ndjekje nga punonjësi social.", "Familja bashkëpunon.",
         "Informacion i marrë nga kryetari i fshatit.")
MAX_ROUNDS = 60


def random_answers(definition: FormDefinition, rng: random.Random, day: dt.date
                   ) -> dict[str, Any] | None:
    """Valid answers to ``definition`` as on ``day`` (None if none were found)."""
    answers = _fill(definition, definition.fields, rng, day, attempt=0)
    for attempt in range(1, MAX_ROUNDS + 1):
        submission = validate_submission(definition, answers, today=day)
        if submission.ok:
            return submission.answers
        for key in sorted(submission.errors):
            _redraw(definition, answers, key, rng, day, attempt)
    return None


def _fill(definition: FormDefinition, fields: tuple[FieldDef, ...], rng: random.Random,
          day: dt.date, attempt: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields:
        if f.type == "group":
            out.update(_fill(definition, f.children, rng, day, attempt))
        elif f.type == "repeat":
            out[f.name] = [_fill(definition, f.children, rng, day, attempt)
                           for _ in range(rng.randint(1, 3))]
        elif f.is_input:
            value = _value(definition, f, rng, day, attempt)
            if value is not None:
                out[f.name] = value
    return out


def _value(definition: FormDefinition, f: FieldDef, rng: random.Random, day: dt.date,
           attempt: int) -> Any:
    required = f.required is not False
    if not required and rng.random() < 0.5:
        return None
    names = [c.name for c in definition.choices.get(f.choices or "", ())]
    if f.type == "select_one":
        return rng.choice(names) if names else None
    if f.type == "select_multiple":
        if not names:
            return None
        size = 1 if attempt % 2 or rng.random() < 0.6 else min(len(names), 2)
        return rng.sample(names, size)
    return _scalar(f.type, rng, day, attempt)


def _scalar(kind: str, rng: random.Random, day: dt.date, attempt: int) -> Any:
    if kind == "integer":
        return rng.randint(1, 17 if attempt < 20 else 3)
    if kind == "decimal":
        return float(rng.randrange(0, 50_000, 500))
    if kind == "date":
        later = 0 if attempt == 0 else rng.randint(1, 365)
        return (day + dt.timedelta(days=later)).isoformat()
    if kind == "text":
        return rng.choice(TEXTS)
    if kind == "acknowledge":
        return True
    return None  # images are not drawn


def _redraw(definition: FormDefinition, answers: dict[str, Any], key: str,
            rng: random.Random, day: dt.date, attempt: int) -> None:
    try:
        f, path = parse_key(definition, key)
    except KeyError:
        return
    container: Any = answers
    for name, index in path:
        items = container.setdefault(name, [])
        while len(items) <= index:
            items.append({})
        container = items[index]
    if f.type == "repeat":
        container[f.name] = [_fill(definition, f.children, rng, day, attempt)]
        return
    value = _value(definition, _required(f), rng, day, attempt)
    if value is None:
        container.pop(f.name, None)
    else:
        container[f.name] = value


def _required(f: FieldDef) -> FieldDef:
    """The field as required, so a redraw always gives it a value."""
    from dataclasses import replace

    return f if f.required is True else replace(f, required=True)


def redate(answers: dict[str, Any], day_from: dt.date, day_to: dt.date) -> dict[str, Any]:
    """A copy of ``answers`` with every date equal to ``day_from`` set to ``day_to``."""
    text = json.dumps(answers, ensure_ascii=False)
    return json.loads(text.replace(f'"{day_from.isoformat()}"', f'"{day_to.isoformat()}"'))
