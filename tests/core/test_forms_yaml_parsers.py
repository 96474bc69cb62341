"""The forms read with PyYAML's C parser are the forms the pure Python parser reads; a form
asked for by two threads at once is parsed once."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from desktop.core.forms import loader
from desktop.core.forms.loader import FORMS_DIR, _FormBuilder
from sync.yamlfile import DataFileError, load_yaml_text

FORM_FILES = sorted(FORMS_DIR.glob("*/v*.yaml"))
needs_libyaml = pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML without libyaml")


def _lines(value: Any) -> Any:
    """Every line number the loader kept, in document order."""
    if isinstance(value, dict):
        return value.line, value.key_lines, [_lines(v) for v in value.values()]
    if isinstance(value, list):
        return value.line, [_lines(v) for v in value]
    return None


def test_every_version_of_every_built_in_form_is_read() -> None:
    assert len(FORM_FILES) >= 9 and {p.parent.name for p in FORM_FILES} >= {"intake", "consent"}


@needs_libyaml
@pytest.mark.parametrize("path", FORM_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_c_and_pure_parsers_give_the_same_form(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    fast, pure = load_yaml_text(text, path), load_yaml_text(text, path, fast=False)
    assert fast == pure
    assert _lines(fast) == _lines(pure)  # errors name the same lines
    assert _FormBuilder(path, fast).build() == _FormBuilder(path, pure).build()


@pytest.mark.parametrize("text", [
    "id: x\n  title: y\n",              # bad indentation
    "id: x\nid: y\n",                   # a key twice
    "fields:\n\t- name: a\n",           # a tab
    "title: {sq: 'a', en: 'b'\n",       # unclosed mapping
])
def test_a_mistake_is_reported_as_the_pure_parser_reports_it(text: str) -> None:
    with pytest.raises(DataFileError) as fast:
        load_yaml_text(text, "f.yaml")
    with pytest.raises(DataFileError) as pure:
        load_yaml_text(text, "f.yaml", fast=False)
    assert str(fast.value) == str(pure.value)
    assert fast.value.line == pure.value.line is not None


def test_a_form_asked_for_by_two_threads_at_once_is_parsed_once(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    source = FORMS_DIR / "home_visit" / "v1.yaml"
    copy = tmp_path / "home_visit" / "v1.yaml"
    copy.parent.mkdir()
    copy.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    reads: list[str] = []
    real = loader.load_yaml

    def slow_read(path: str) -> Any:
        reads.append(path)
        time.sleep(0.2)  # the second thread asks while the first still parses
        return real(path)

    monkeypatch.setattr(loader, "load_yaml", slow_read)
    got: list[Any] = []
    threads = [threading.Thread(target=lambda: got.append(loader.load_form_file(copy)))
               for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(reads) == 1
    assert len(got) == 2 and got[0] is got[1] and got[0].id == "home_visit"
