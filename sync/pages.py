"""Pull pages fetched ahead of the laptop's writing, so the link never waits for the vault.

One thread asks for page after page (each request needs the cursor of the page before it, so
requests still go one at a time) and queues the decoded pages, at most :data:`DEPTH` of them;
the sync's own thread takes them in order and writes each with its cursor. After the last page
the thread asks for the caseload check (:class:`Ahead`), which is then at least as new as the
laptop's cursor. A failed request is queued in the page's place, so every page before it is
still written; :meth:`PageFeed.close` stops the thread and waits for its request to end.

A first login starts the feed before the vault exists: the pages travel while the vault's key
is derived. They are held in memory only, never on disk, until the vault writes them.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Any

from sync.client import SyncClient, SyncError

DEPTH = 3  # pages waiting for the writer: a few MB of decoded records at most
MAX_PAGES = 10_000  # bound on pages in one feed
_POLL = 0.05  # seconds between looks at the stop flag while the queue is full


class Ahead:
    """One request on its own thread, so that it travels while the laptop does other work.
    An answer left unused after an error is dropped."""

    def __init__(self, request: Callable[[], dict[str, Any]]) -> None:
        self._answer: dict[str, Any] | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._ask, args=(request,),
                                        name="kujdes-sync-ahead", daemon=True)
        self._thread.start()

    def _ask(self, request: Callable[[], dict[str, Any]]) -> None:
        try:
            self._answer = request()
        except BaseException as exc:  # noqa: BLE001 - raised again on the sync's thread
            self._error = exc

    def settle(self) -> None:
        """Wait for the request to end; its outcome is dropped."""
        self._thread.join()

    def result(self) -> dict[str, Any]:
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._answer is not None
        return self._answer


class PageFeed:
    """Pages after ``cursor`` (``limit`` records each), fetched ahead on a thread of its own.

    ``pull(cursor, limit)`` and ``caseload()`` are the client's calls.
    """

    def __init__(self, pull: Callable[[int, int], dict[str, Any]],
                 caseload: Callable[[], dict[str, Any]], cursor: int, limit: int) -> None:
        self.cursor, self.limit = cursor, limit
        self.caseload: Ahead | None = None  # asked after the last page arrived
        self._pull, self._caseload = pull, caseload
        self._queue: queue.Queue[tuple[dict[str, Any] | None, BaseException | None]] = \
            queue.Queue(DEPTH)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._fetch, name="kujdes-sync-pages",
                                        daemon=True)
        self._thread.start()

    def next(self) -> dict[str, Any]:
        """The next page, in order; a failed request's error is raised here."""
        page, error = self._queue.get()
        if error is not None:
            raise error
        assert page is not None
        return page

    def close(self) -> None:
        """Stop asking for pages and wait for the request on the way (its answer is dropped),
        and for the caseload check's if it was asked."""
        self._stop.set()
        self._thread.join()
        if self.caseload is not None:
            self.caseload.settle()

    def _fetch(self) -> None:
        cursor = self.cursor
        for _ in range(MAX_PAGES):
            if self._stop.is_set():
                return
            try:
                page = self._pull(cursor, self.limit)
                more = bool(page.get("more"))
                cursor = max(cursor, int(page["cursor"]))  # the sync's thread checks it
                if not more:
                    self.caseload = Ahead(self._caseload)
            except BaseException as exc:  # noqa: BLE001 - raised on the sync's thread
                self._put((None, exc))
                return
            if not self._put((page, None)) or not more:
                return
        self._put((None, SyncError("Too many pages in one sync; sync again to continue.")))

    def _put(self, item: tuple[dict[str, Any] | None, BaseException | None]) -> bool:
        """Queue ``item`` once there is room; False if the feed was closed meanwhile."""
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=_POLL)
                return True
            except queue.Full:
                continue
        return False


def feed_for(client: SyncClient, cursor: int, limit: int) -> PageFeed:
    """A feed of ``client``'s pull pages, starting now."""
    return PageFeed(client.pull, client.caseload, cursor, limit)
