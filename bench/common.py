"""Shared parts of the benchmarks: free ports, server processes with peak RSS, HTTP load, stats.

Clients are threads, each with its own keep-alive ``http.client`` connection; every request's
latency is measured from send to the last byte read.
"""

from __future__ import annotations

import http.client
import json
import math
import os
import socket
import subprocess
import threading
import time
import urllib.parse
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "Request",
    "Sample",
    "Server",
    "count_rows",
    "free_port",
    "run_clients",
    "sparql_get",
    "summarize",
    "wait_http",
]

HOST = "127.0.0.1"


def free_port() -> int:
    """A TCP port on the loopback interface that is free right now."""
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)


def sparql_get(path: str, query: str, accept: str) -> Request:
    """A SPARQL 1.1 Protocol query via GET."""
    return Request(
        "GET", f"{path}?{urllib.parse.urlencode({'query': query})}", None, {"Accept": accept}
    )


def fetch(port: int, request: Request, timeout: float = 300) -> tuple[int, bytes]:
    """One request on a fresh connection: (status, body)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request(request.method, request.path, body=request.body, headers=request.headers)
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def wait_http(
    port: int, request: Request, timeout: float = 600, proc: subprocess.Popen | None = None
) -> float:
    """Poll until ``request`` answers 200; return the seconds waited. Fails if ``proc`` exits."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with status {proc.returncode} before answering")
        try:
            status, _ = fetch(port, request, timeout=5)
            if status == 200:
                return time.perf_counter() - started
        except OSError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"no 200 answer on port {port} within {timeout} s")


def count_rows(body: bytes, kind: str) -> int:
    """Rows of a SPARQL answer: SELECT bindings, ASK as 1/0, CONSTRUCT distinct N-Triples lines."""
    if kind == "construct":
        return len({line.strip() for line in body.decode("utf-8").splitlines() if line.strip()})
    data = json.loads(body)
    if kind == "ask":
        return int(bool(data["boolean"]))
    return len(data["results"]["bindings"])


@dataclass
class Sample:
    latencies: list[float]
    elapsed: float
    errors: int = 0
    first_error: str = ""


def run_clients(
    port: int,
    requests: Sequence[Request],
    *,
    clients: int,
    max_requests: int,
    max_seconds: float,
    timeout: float = 300,
) -> Sample:
    """Send ``requests`` (cycled, each client from its own offset) from ``clients`` threads until
    ``max_requests`` in all or ``max_seconds`` have passed; every request is completed."""
    lock = threading.Lock()
    sample = Sample([], 0.0)
    deadline = time.perf_counter() + max_seconds
    per_client = max(1, max_requests // clients)

    def worker(offset: int) -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
        mine, errors, first = [], 0, ""
        for i in range(per_client):
            req = requests[(offset + i) % len(requests)]
            t = time.perf_counter()
            try:
                conn.request(req.method, req.path, body=req.body, headers=req.headers)
                resp = conn.getresponse()
                body = resp.read()
                status = resp.status
            except OSError as exc:
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
                status, body = 0, str(exc).encode()
            if status == 200:
                mine.append(time.perf_counter() - t)
            else:
                errors += 1
                first = first or f"{status}: {body[:200].decode('utf-8', 'replace')}"
            if time.perf_counter() > deadline:
                break
        conn.close()
        with lock:
            sample.latencies.extend(mine)
            sample.errors += errors
            sample.first_error = sample.first_error or first

    step = max(1, len(requests) // clients)
    threads = [threading.Thread(target=worker, args=(c * step,)) for c in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    sample.elapsed = time.perf_counter() - started
    return sample


def _percentile(ordered: list[float], q: float) -> float:
    """Nearest rank: the smallest value with at least ``q`` of the values at or below it."""
    rank = math.ceil(q * len(ordered) - 1e-9)
    return ordered[min(len(ordered), max(1, rank)) - 1]


def summarize(sample: Sample) -> dict[str, float]:
    """QPS and p50/p95/p99 in milliseconds (nearest rank) of a :class:`Sample`."""
    lat = sorted(sample.latencies)
    if not lat:
        return {
            "n": 0,
            "qps": 0.0,
            "p50_ms": 0.0,
            "p95_ms": 0.0,
            "p99_ms": 0.0,
            "errors": sample.errors,
        }
    return {
        "n": len(lat),
        "qps": len(lat) / sample.elapsed,
        "p50_ms": _percentile(lat, 0.50) * 1000,
        "p95_ms": _percentile(lat, 0.95) * 1000,
        "p99_ms": _percentile(lat, 0.99) * 1000,
        "errors": sample.errors,
    }


class Server:
    """A server subprocess whose peak resident memory (with its children) is tracked."""

    def __init__(
        self, name: str, cmd: list[str], *, log: Path, env: dict[str, str] | None = None
    ) -> None:
        self.name, self.cmd, self.log, self.env = name, cmd, log, env
        self.proc: subprocess.Popen | None = None
        self.peak_rss = 0
        self._stop = threading.Event()
        self._sampler: threading.Thread | None = None

    def start(self) -> subprocess.Popen:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        out = self.log.open("ab")
        self.proc = subprocess.Popen(
            self.cmd, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **(self.env or {})}
        )
        out.close()
        self._stop.clear()
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()
        return self.proc

    def _rss(self) -> int:
        import psutil

        try:
            proc = psutil.Process(self.proc.pid)
            procs = [proc, *proc.children(recursive=True)]
        except psutil.Error:
            return 0
        total = 0
        for p in procs:
            try:
                total += _peak_rss(p.pid) or p.memory_info().rss
            except psutil.Error:
                pass
        return total

    def _sample(self) -> None:
        while not self._stop.wait(0.25):
            self.peak_rss = max(self.peak_rss, self._rss())

    def stop(self) -> None:
        if self.proc is None:
            return
        self.peak_rss = max(self.peak_rss, self._rss())
        self._stop.set()
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None


def _peak_rss(pid: int) -> int:
    """The kernel's high-water mark of resident memory (VmHWM), in bytes; 0 if unknown."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    """Run ``fn``; (seconds, its result)."""
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result
