"""The print preview is laid out and painted before its document is rendered (rendering is
the database thread's Python work, which would hold the interpreter from the window while it
is drawn); closed or locked before that, it renders nothing."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from typing import Any  # noqa: E402

from PySide6.QtCore import QCoreApplication  # noqa: E402

import desktop.ui.printing.preview as preview  # noqa: E402
from desktop.ui.printing import print_document  # noqa: E402
from tests.ui.test_printing import (  # noqa: F401, E402 (fixtures)
    care_plan,
    data_dir,
    ops,
    parent,
    template,
    vault,
)


def spy_renders(monkeypatch: Any) -> list[str]:
    """The case ids rendered (the render itself still runs)."""
    rendered: list[str] = []
    original = preview.render_request

    def spy(store: Any, request: Any) -> Any:
        rendered.append(request.case_id)
        return original(store, request)

    monkeypatch.setattr(preview, "render_request", spy)
    return rendered


def test_the_document_is_rendered_after_the_window_is_painted(
        qtbot: Any, ops: Any, parent: Any,  # noqa: F811 (the fixtures imported above)
        care_plan: tuple[str, str, str], monkeypatch: Any) -> None:  # noqa: F811
    rendered = spy_renders(monkeypatch)
    painted: list[bool] = []
    original_paint = preview.PrintPreviewDialog.paintEvent

    def paint(self: Any, event: Any) -> None:
        painted.append(not rendered)    # painted while nothing was rendered yet
        original_paint(self, event)

    monkeypatch.setattr(preview.PrintPreviewDialog, "paintEvent", paint)
    dialog = print_document(parent, ops, care_plan[0], "plan", care_plan[1])
    assert dialog._busy and not dialog.is_ready        # waiting, actions disabled
    assert not dialog.print_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.is_ready, timeout=20_000)
    assert painted and painted[0]
    assert rendered == [care_plan[0]]                   # once, however often it was painted
    assert dialog.page_count >= 1 and dialog.print_button.isEnabled()
    dialog.reject()


def test_closed_before_it_is_painted_nothing_is_rendered(
        qtbot: Any, ops: Any, parent: Any,  # noqa: F811 (the fixtures imported above)
        care_plan: tuple[str, str, str], monkeypatch: Any) -> None:  # noqa: F811
    rendered = spy_renders(monkeypatch)
    dialog = print_document(parent, ops, care_plan[0], "plan", care_plan[1])
    dialog.clear()      # what locking does; then the window closes
    dialog.reject()
    for _ in range(20):
        QCoreApplication.processEvents()
    qtbot.wait(200)
    assert rendered == []
    assert dialog.pdf is None and dialog.rendered is None
