"""Progress of long command-line work, on standard error.

On a terminal, counted work (files read, quads written, articles ingested) shows click's
progress bar and work of unknown length (a SHACL check) a line that ticks with the elapsed time.
Anywhere else (a log file, CI, a pipe) the same work prints plain lines: one when it starts, one
every ``interval`` seconds while it runs (with what is being worked on), one when it ends. Work
that fails says how far it got (``loading: stopped at 2 of 3 files after 3.2 s``) before the
command's own error line.

Examples
--------
>>> import io
>>> out = io.StringIO()
>>> with Progress("reading", 3, unit="files", stream=out, interval=0, clock=lambda: 0.0) as p:
...     p.advance(item="a.nq")
...     p.advance(2, item="b.nq")
>>> print(out.getvalue(), end="")
reading: 0 of 3 files
reading: 1 of 3 files (a.nq)
reading: 3 of 3 files (b.nq)
reading: done, 3 files in 0.0 s
>>> out = io.StringIO()
>>> with Progress("checking 948 quads", stream=out, interval=10, clock=lambda: 0.0):
...     pass
>>> print(out.getvalue(), end="")
checking 948 quads: started
checking 948 quads: done in 0.0 s
"""

from __future__ import annotations

import shutil
import sys
import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any, TextIO

import click

__all__ = ["Progress", "quantity"]


def quantity(n: int, unit: str) -> str:
    """``1,234 quads``, ``1 file``: the unit is given in the plural.

    >>> quantity(300004, "quads"), quantity(1, "files")
    ('300,004 quads', '1 file')
    """
    if n == 1 and unit.endswith("s"):
        unit = unit[:-1]
    return f"{n:,} {unit}".rstrip()


class Progress:
    """One step of long work: ``with Progress(label, total, unit=...) as p: ... p.advance()``.

    Parameters
    ----------
    label : str
        What is being done ("reading", "checking 300,004 quads against the shapes").
    total : int, optional
        How many units the step has; None when unknown (only the elapsed time is shown).
    unit : str
        What is counted ("files", "quads").
    stream : text stream, optional
        Where to write (default: standard error).
    interval : float
        Seconds between plain lines when ``stream`` is not a terminal; 0 writes a line at every
        :meth:`advance` and none in between.
    enabled : bool
        False writes nothing (``--quiet``).
    clock : callable
        Monotonic seconds (tests pass a fake one).
    """

    def __init__(
        self,
        label: str,
        total: int | None = None,
        *,
        unit: str = "",
        stream: TextIO | None = None,
        interval: float = 10.0,
        enabled: bool = True,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.label = label
        self.total = total
        self.unit = unit
        self.done = 0
        self.item: str | None = None
        self.stream = stream or sys.stderr
        self.interval = interval
        self.enabled = enabled
        self.clock = clock
        self.tty = enabled and _isatty(self.stream)
        self._started = 0.0
        self._last_line = 0.0
        self._bar: Any = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # --- the step ---------------------------------------------------------------------------
    def __enter__(self) -> Progress:
        self._started = self._last_line = self.clock()
        if not self.enabled:
            return self
        if self.tty and self.total is not None:
            self._bar = click.progressbar(
                length=self.total,
                label=self.label,
                file=self.stream,
                show_pos=True,
                item_show_func=lambda _: self.item,
            )
            self._bar.__enter__()
        elif self.tty:
            self._tick()
        else:
            self._line(self.status() if self.total is not None else "started")
        if self._bar is None and (self.tty or self.interval > 0):
            self._thread = threading.Thread(target=self._heartbeat, daemon=True)
            self._thread.start()
        return self

    def advance(self, n: int = 1, *, item: str | None = None) -> None:
        """``n`` more units are done; ``item`` names what is being worked on now."""
        with self._lock:
            self.done += n
            if item is not None:
                self.item = item
            if not self.enabled:
                return
            if self._bar is not None:
                self._bar.update(n, self.item)
            elif not self.tty and self.clock() - self._last_line >= self.interval:
                self._line(self.status())

    def status(self) -> str:
        """``120,000 of 300,000 quads (g.nq)``, or the time so far when there is no total."""
        if self.total is None:
            return f"{self.elapsed():.0f} s so far"
        text = f"{self.done:,} of {quantity(self.total, self.unit)}"
        return f"{text} ({self.item})" if self.item else text

    def elapsed(self) -> float:
        return self.clock() - self._started

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if not self.enabled:
            return
        with self._lock:
            if self._bar is not None:
                self._bar.__exit__(None, None, None)
            elif self.tty:
                self.stream.write("\r" + " " * _columns() + "\r")
            seconds = f"{self.elapsed():.1f} s"
            if exc_type is None:
                if not self.tty:
                    what = "" if self.total is None else f", {quantity(self.done, self.unit)}"
                    self._line(f"done{what} in {seconds}")
                elif self._bar is None:  # the ticking line is gone: say how long it took
                    self._line(f"done in {seconds}")
                return
            why = " (interrupted)" if issubclass(exc_type, KeyboardInterrupt) else ""
            if self.total is None:
                self._line(f"stopped after {seconds}{why}")
            else:
                where = f"{self.done:,} of {quantity(self.total, self.unit)}"
                self._line(f"stopped at {where} after {seconds}{why}")

    # --- output -----------------------------------------------------------------------------
    def _line(self, text: str) -> None:
        self.stream.write(f"{self.label}: {text}\n")
        self.stream.flush()
        self._last_line = self.clock()

    def _tick(self) -> None:
        text = f"{self.label} … {self.status()}"
        self.stream.write("\r" + text[: _columns() - 1])
        self.stream.flush()

    def _heartbeat(self) -> None:
        wait = 1.0 if self.tty else min(self.interval, 1.0)  # > 0: no thread otherwise
        while not self._stop.wait(wait):
            with self._lock:
                if self._stop.is_set():
                    return
                if self.tty:
                    self._tick()
                elif self.clock() - self._last_line >= self.interval:
                    self._line(self.status())


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _columns() -> int:
    return shutil.get_terminal_size((80, 24)).columns
