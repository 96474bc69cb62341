"""Log files: rotated, in the platform's log directory, and free of personal data.

:func:`setup_logging` writes ``kujdes.log`` (1 MiB, five old files kept) to
:func:`desktop.core.paths.log_dir` (or ``KUJDES_LOG_DIR``). ``KUJDES_LOG_LEVEL`` (DEBUG, INFO,
WARNING, ERROR) sets the level; INFO by default.

Every record passes :class:`PersonalDataFilter` first. Log calls in Kujdes pass only ids,
counts, codes and type names as arguments; the filter enforces that for our code and for the
libraries alike:

- an argument that is not a number, a UUID, a lowercase code or a type name is replaced by
  ``<str>``, ``<dict>`` ... (its type, never its value);
- text that looks like a personal number, a phone number or an e-mail address is replaced;
- exception messages are dropped: a traceback keeps its frames and the exception type only
  (messages can quote the values that were refused).
"""

from __future__ import annotations

import importlib.metadata
import logging
import logging.handlers
import os
import platform
import re
import sys
import threading
import traceback
import uuid
from pathlib import Path
from types import TracebackType
from typing import Any

from desktop.core import paths

LOG_FILE = "kujdes.log"
MAX_BYTES = 1024 * 1024
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"
LEVEL_VARIABLE = "KUJDES_LOG_LEVEL"
# Libraries whose INFO/DEBUG output can quote data (SQL parameters, request lines, bodies).
QUIET_LOGGERS = ("sqlalchemy", "alembic", "uvicorn", "uvicorn.access", "httpx", "httpcore",
                 "urllib3", "requests", "multipart", "python_multipart", "PIL", "fontTools",
                 "asyncio", "fastapi")

_SAFE_CODE = re.compile(r"[a-z0-9][a-z0-9_.:/\-]{0,79}\Z")
_TYPE_NAME = re.compile(r"[A-Z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+\Z|[A-Z]{2,10}\Z")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
                   r"[0-9a-fA-F]{12}\Z")
_HEX = re.compile(r"[0-9a-f]{16,64}\Z")
_PATTERNS = (
    # Albanian personal number (letter, 8 digits, letter); Kosovo's has 10 digits.
    (re.compile(r"\b[A-Za-z]\d{8}[A-Za-z]\b"), "<personal-number>"),
    (re.compile(r"\b\d{10}\b"), "<number>"),
    (re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"), "<e-mail>"),
    (re.compile(r"(?<![\w.:])\+?\d[\d ]{7,}\d\b"), "<phone>"),
)
_installed: logging.Handler | None = None


# -- the filter ----------------------------------------------------------------------------

def safe_argument(value: Any) -> Any:
    """``value`` when it cannot carry personal data, else a marker naming only its type."""
    if value is None or isinstance(value, bool | int | float | uuid.UUID):
        return value
    if isinstance(value, type):
        return value.__name__
    if isinstance(value, str) and _is_safe_text(value):
        return value
    return f"<{type(value).__name__}>"


def _is_safe_text(text: str) -> bool:
    return any(p.match(text) for p in (_SAFE_CODE, _TYPE_NAME, _UUID, _HEX)) and \
        scrub(text) == text


def scrub(text: str) -> str:
    """``text`` with personal numbers, phone numbers and e-mail addresses replaced."""
    for pattern, marker in _PATTERNS:
        text = pattern.sub(marker, text)
    return text


def exception_text(exc_info: tuple[type[BaseException], BaseException, TracebackType | None]
                   ) -> str:
    """A traceback with its frames (file, line, function) and exception types, without any
    exception message or source line."""
    _type, error, _tb = exc_info
    lines: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        frames = [f'  File "{f.filename}", line {f.lineno}, in {f.name}\n'
                  for f in traceback.extract_tb(current.__traceback__)]
        lines.insert(0, "".join(frames) + f"{type(current).__module__}."
                     f"{type(current).__qualname__} (message not logged)")
        current = current.__cause__ or current.__context__
    return "Traceback (most recent call last):\n" + "\n-- which caused --\n".join(lines)


class PersonalDataFilter(logging.Filter):
    """Rewrites every record so it carries only ids, counts, codes and type names."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = self._message(record)
        record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = exception_text(record.exc_info)  # type: ignore[arg-type]
        record.exc_info = None
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        return True

    @staticmethod
    def _message(record: logging.LogRecord) -> str:
        if not isinstance(record.msg, str):
            return f"<{type(record.msg).__name__}>"
        args = record.args
        if not args:
            return scrub(record.msg)
        if isinstance(args, dict):
            safe: Any = {k: safe_argument(v) for k, v in args.items()}
        else:
            safe = tuple(safe_argument(v) for v in args)
        try:
            return scrub(record.msg % safe)
        except (TypeError, ValueError, KeyError):
            return scrub(record.msg) + " <arguments not logged>"


# -- setup ---------------------------------------------------------------------------------

def log_level() -> int:
    name = os.environ.get(LEVEL_VARIABLE, "INFO").strip().upper()
    level = logging.getLevelName(name)
    return level if isinstance(level, int) else logging.INFO


def log_file(directory: Path | None = None) -> Path:
    return (directory or paths.log_dir()) / LOG_FILE


def setup_logging(directory: Path | None = None, level: int | None = None) -> Path | None:
    """Send log records to the rotating file; returns its path, or None when the log
    directory cannot be written (the application runs on without a log file)."""
    global _installed
    root = logging.getLogger()
    if _installed is not None:
        root.removeHandler(_installed)
        _installed.close()
        _installed = None
    path = log_file(directory)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True)
    except OSError:
        return None
    handler.addFilter(PersonalDataFilter())
    handler.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(handler)
    root.setLevel(log_level() if level is None else level)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    logging.captureWarnings(True)
    _install_excepthooks()
    _installed = handler
    _log_start()
    return path


def app_version() -> str:
    """The installed version of Kujdes (from the package metadata the bundle carries)."""
    try:
        return importlib.metadata.version("kujdes")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _log_start() -> None:
    frozen = "bundle" if getattr(sys, "frozen", False) else "source"
    logging.getLogger("kujdes").info(
        "kujdes %s started (%s, python %s, %s %s)", app_version(), frozen,
        platform.python_version(), platform.system().lower(), platform.machine().lower())


def _install_excepthooks() -> None:
    """Uncaught exceptions go to the log (types and frames only) before the usual handling."""
    if getattr(sys.excepthook, "_kujdes", False):
        return
    previous, previous_thread = sys.excepthook, threading.excepthook

    def hook(kind: type[BaseException], error: BaseException,
             tb: TracebackType | None) -> None:
        logging.getLogger("kujdes").error("uncaught exception", exc_info=(kind, error, tb))
        previous(kind, error, tb)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            logging.getLogger("kujdes").error(
                "uncaught exception in a thread",
                exc_info=(args.exc_type, args.exc_value, args.exc_traceback))
        previous_thread(args)

    hook._kujdes = True  # type: ignore[attr-defined]
    sys.excepthook = hook
    threading.excepthook = thread_hook
