"""Threads that run a client's SPARQL on the native engine: no network, and a deep stack.

Oxigraph (pyoxigraph) has its own HTTP client: ``SERVICE`` in a query and ``LOAD`` in an update
open connections from inside the engine, and pyoxigraph offers no switch to turn that off. The
endpoint decides what a request may reach on the parsed request (:mod:`graph.query.outbound`); as a
second wall that holds even if a parser read a request differently, the native engine runs a
client's text only in threads of a :class:`Runner`:

- on Linux (x86-64 and ARM64), each thread installs a seccomp filter that makes creating an
  IPv4 or IPv6 socket fail with ``EACCES`` (Unix sockets and files are untouched). A filter
  belongs to its thread and the threads that thread starts; the rest of the process keeps its
  network. Where seccomp is missing, :func:`deny_network` says so and the threads run without it;
- each thread has a 256 MiB stack (address space, committed only when used): the engine
  recurses once per nesting level and per step of a chain, and :mod:`graph.query.text` keeps
  requests well inside that.

A request that needs the network (a ``SERVICE`` the allow-list names) runs in a thread of its
own, with the deep stack and without the filter.

Examples
--------
>>> import socket
>>> def connect():
...     try:
...         socket.create_connection(("127.0.0.1", 9), timeout=1)
...     except PermissionError:
...         return "refused before any packet"
...     except OSError:
...         return "attempted"
>>> run_native(connect) if NETWORK_FILTER else "refused before any packet"
'refused before any packet'
"""

from __future__ import annotations

import ctypes
import errno
import logging
import platform
import queue
import sys
import threading
import traceback
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

__all__ = ["NETWORK_FILTER", "STACK_BYTES", "deny_network", "Runner", "run_native"]

log = logging.getLogger(__name__)

T = TypeVar("T")

STACK_BYTES = 256 << 20

# struct seccomp_data: int nr; __u32 arch; __u64 instruction_pointer; __u64 args[6]
_ARCHES = {  # machine -> (AUDIT_ARCH_*, __NR_socket, __NR_io_uring_setup)
    "x86_64": (0xC000003E, 41, 425),
    "aarch64": (0xC00000B7, 198, 425),
}
_LD, _JEQ, _JGE, _RET = 0x20, 0x15, 0x35, 0x06  # BPF_LD|W|ABS, BPF_JMP|JEQ|K, ...|JGE|K, BPF_RET|K
_ALLOW, _ERRNO = 0x7FFF0000, 0x00050000
_X32_BIT = 0x40000000
_AF_INET, _AF_INET6 = 2, 10
_PR_SET_NO_NEW_PRIVS, _PR_SET_SECCOMP, _SECCOMP_MODE_FILTER = 38, 22, 2


class _Filter(ctypes.Structure):
    _fields_ = [
        ("code", ctypes.c_ushort),
        ("jt", ctypes.c_ubyte),
        ("jf", ctypes.c_ubyte),
        ("k", ctypes.c_uint32),
    ]


class _Program(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_Filter))]


def _program() -> list[_Filter] | None:
    arch = _ARCHES.get(platform.machine()) if sys.platform == "linux" else None
    if arch is None:
        return None
    audit, nr_socket, nr_uring = arch
    deny = _ERRNO | errno.EACCES
    return [
        _Filter(_LD, 0, 0, 4),  # arch
        _Filter(_JEQ, 0, 8, audit),  # another ABI (32-bit calls): deny
        _Filter(_LD, 0, 0, 0),  # syscall number
        _Filter(_JGE, 6, 0, _X32_BIT),  # x32 calls: deny
        _Filter(_JEQ, 5, 0, nr_uring),  # io_uring can open sockets: deny
        _Filter(_JEQ, 0, 3, nr_socket),
        _Filter(_LD, 0, 0, 16),  # socket(family, ...)
        _Filter(_JEQ, 2, 0, _AF_INET),
        _Filter(_JEQ, 1, 0, _AF_INET6),
        _Filter(_RET, 0, 0, _ALLOW),
        _Filter(_RET, 0, 0, deny),
    ]


_PROGRAM = _program()


def deny_network() -> bool:
    """Forbid new IPv4/IPv6 sockets in the calling thread and the threads it starts (for good).

    Returns False, changing nothing, where seccomp filters are not available.
    """
    if _PROGRAM is None:
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            return False
        filters = (_Filter * len(_PROGRAM))(*_PROGRAM)
        program = _Program(len(_PROGRAM), filters)
        return libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(program), 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _probe() -> bool:
    result: list[bool] = []
    thread = threading.Thread(target=lambda: result.append(deny_network()), daemon=True)
    thread.start()
    thread.join()
    return bool(result and result[0])


#: Whether the native engine's threads really run without network on this machine.
NETWORK_FILTER = _probe()
if not NETWORK_FILTER:
    log.warning(
        "seccomp filters are not available here: the native SPARQL engine runs with network "
        "access, and only the request checks keep SERVICE and LOAD inside service_allow"
    )

_STACK_LOCK = threading.Lock()


def _forget_locals(exc: BaseException | None) -> BaseException | None:
    """Clear the local variables of the frames an exception holds, in this thread.

    pyoxigraph's results may only be dropped by the thread that made them; an exception handed
    to the caller would otherwise carry them (through its frames) to another thread."""
    first, seen = exc, set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        traceback.clear_frames(exc.__traceback__)
        exc = exc.__cause__ or exc.__context__
    return first


def _start_thread(target: Callable[[], None], name: str) -> threading.Thread:
    with _STACK_LOCK:  # the stack size is a process-wide setting read when a thread starts
        previous = threading.stack_size(STACK_BYTES)
        try:
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
        finally:
            threading.stack_size(previous)
    return thread


class Runner:
    """``size`` deep-stack threads without network that run functions handed to them."""

    def __init__(self, size: int = 4) -> None:
        self.size = size
        self._jobs: queue.SimpleQueue[tuple[Future, Callable[[], Any]]] = queue.SimpleQueue()
        self._threads: list[threading.Thread] = []
        self._idle = 0
        self._lock = threading.Lock()

    def _loop(self) -> None:
        deny_network()
        while True:
            with self._lock:
                self._idle += 1
            future, job = self._jobs.get()
            with self._lock:
                self._idle -= 1
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(job())
            except BaseException as exc:  # handed back to the caller, raised there
                future.set_exception(_forget_locals(exc))
            del job

    def run(self, job: Callable[[], T]) -> T:
        """Run ``job()`` in one of the threads and return (or raise) what it did."""
        with self._lock:
            if self._idle == 0 and len(self._threads) < self.size:
                self._threads.append(_start_thread(self._loop, "policygraph-native"))
        future: Future = Future()
        self._jobs.put((future, job))
        return future.result()


_RUNNER = Runner()


def run_native(job: Callable[[], T], *, network: bool = False) -> T:
    """Run ``job()`` on a deep stack, without network unless ``network`` (then in a thread of
    its own, for a request whose outbound calls were checked and allowed)."""
    if not network:
        return _RUNNER.run(job)
    box: list[Any] = []

    def once() -> None:
        try:
            box.append((True, job()))
        except BaseException as exc:
            box.append((False, _forget_locals(exc)))

    _start_thread(once, "policygraph-native-net").join()
    ok, value = box[0]
    if ok:
        return value
    raise value
