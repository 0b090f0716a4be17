#!/usr/bin/env python3
"""Floods a local PofuAi server the ways issue 9 found it weak and prints, per case, the
server's peak resident memory against its idle footprint and whether it stayed responsive
(a /healthz probe every 100 ms: slowest answer and failures).

Loopback only, bounded in requests and time, stops the server it started. Standard library only.

    cargo build --release -p pofuai
    python3 scripts/flood.py                      # or --binary path/to/pofuai

Cases: 100 concurrent logins with unknown e-mails from 100 client addresses (127.0.1.x, so
the per-address throttle does not hide the hashing bound), 8 uploads of a 40 MP PNG whose
clients hang up at once, 3,000 requests with invented methods (then the size of /metrics),
and 200 connections that send half a header and stall.
"""

import argparse
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import zlib

PASSWORD = "Flood-Admin-2026"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class Watch:
    """Samples the server's RSS every 20 ms and probes /healthz every 100 ms."""

    def __init__(self, pid, base):
        self.pid, self.base = pid, base
        self.peak = 0
        self.slowest = 0.0
        self.failures = 0
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self.sample), threading.Thread(target=self.probe)]

    def __enter__(self):
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for t in self.threads:
            t.join()

    def sample(self):
        while not self.stop.is_set():
            self.peak = max(self.peak, rss_kb(self.pid))
            time.sleep(0.02)

    def probe(self):
        while not self.stop.is_set():
            start = time.monotonic()
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=5) as r:
                    r.read()
                    ok = r.status == 200
            except Exception:
                ok = False
            self.slowest = max(self.slowest, time.monotonic() - start)
            self.failures += 0 if ok else 1
            time.sleep(0.1)


def http(base, method, path, body=None, token=None, source=None, timeout=60):
    host, port = base.split("//")[1].split(":")
    s = socket.create_connection((host, int(port)), timeout=timeout,
                                 source_address=(source, 0) if source else None)
    data = body or b""
    head = f"{method} {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: {len(data)}\r\n"
    if body is not None:
        head += "Content-Type: application/json\r\n"
    if token:
        head += f"Authorization: Bearer {token}\r\n"
    s.sendall(head.encode() + b"\r\n" + data)
    out = b""
    while chunk := s.recv(65536):
        out += chunk
    s.close()
    status = int(out.split(b" ", 2)[1]) if out else 0
    return status, out.split(b"\r\n\r\n", 1)[-1]


def png_40mp(width=8000, height=5000):
    """A 40-megapixel RGB PNG with a gradient per row (small file, full decode cost)."""
    raw = bytearray()
    for y in range(height):
        raw += b"\x00" + bytes([(y * 7) & 255, (y * 3) & 255, 128]) * width
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(bytes(raw), 6)) + chunk(b"IEND", b"")


def run_case(name, pid, base, idle_kb, work, results):
    with Watch(pid, base) as w:
        started = time.monotonic()
        work()
        time.sleep(1.0)  # let work the clients left behind finish, still sampling
    results.append((name, w.peak, w.peak / idle_kb, w.slowest, w.failures, time.monotonic() - started))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default="target/release/pofuai")
    args = ap.parse_args()
    data = tempfile.mkdtemp(prefix="pofuai-flood-")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [args.binary, "--data-dir", data, "--bind", f"127.0.0.1:{port}",
         "--admin-email", "admin@flood.local", "--admin-password", PASSWORD,
         "--max-upload-mb", "20", "--header-read-timeout-secs", "2",
         "--rate-limit-global", "100000", "--rate-limit-per-ip", "100000",
         "--rate-limit-per-token", "100000", "--log", "warn", "serve"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    results = []
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if http(base, "GET", "/healthz", timeout=2)[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        status, body = http(base, "POST", "/api/auth/login",
                            json.dumps({"email": "admin@flood.local", "password": PASSWORD}).encode())
        assert status == 200, (status, body)
        token = json.loads(body)["token"]
        time.sleep(2)
        idle = rss_kb(server.pid)

        def logins():
            def one(i):
                try:
                    http(base, "POST", "/api/auth/login",
                         json.dumps({"email": f"yok{i}@flood.local", "password": "wrong-password"}).encode(),
                         source=f"127.0.1.{i + 1}")
                except OSError:
                    pass
            ts = [threading.Thread(target=one, args=(i,)) for i in range(100)]
            [t.start() for t in ts]
            [t.join() for t in ts]

        image = png_40mp()

        def hung_uploads():
            boundary = "floodboundary"
            part = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"b.png\"\r\n"
                    "Content-Type: image/png\r\n\r\n").encode() + image + f"\r\n--{boundary}--\r\n".encode()
            def one():
                s = socket.create_connection(("127.0.0.1", port))
                s.sendall((f"POST /api/uploads HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n"
                           f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
                           f"Content-Length: {len(part)}\r\n\r\n").encode() + part)
                s.close()  # hang up without waiting for the answer
            ts = [threading.Thread(target=one) for _ in range(8)]
            [t.start() for t in ts]
            [t.join() for t in ts]
            time.sleep(8)  # the decodes run on after the hang-ups

        def methods():
            def some(k):
                for i in range(375):
                    try:
                        http(base, f"X{k}M{i}", f"/nowhere/{i}")
                    except OSError:
                        pass
            ts = [threading.Thread(target=some, args=(k,)) for k in range(8)]
            [t.start() for t in ts]
            [t.join() for t in ts]

        def slow_headers():
            socks = []
            for _ in range(200):
                s = socket.create_connection(("127.0.0.1", port))
                s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
                socks.append(s)
            time.sleep(4)  # past the 2 s header timeout: the server must have cut them off
            closed = 0
            for s in socks:
                s.settimeout(0.5)
                try:
                    closed += s.recv(1) == b""
                except OSError:
                    pass
                s.close()
            print(f"slow headers: {closed} of 200 connections closed by the server")

        run_case("100 concurrent unknown logins", server.pid, base, idle, logins, results)
        run_case("8 hung-up 40 MP PNG uploads", server.pid, base, idle, hung_uploads, results)
        run_case("3,000 invented methods", server.pid, base, idle, methods, results)
        metrics = http(base, "GET", "/metrics")[1]
        run_case("200 stalled half headers", server.pid, base, idle, slow_headers, results)
        print(f"idle RSS {idle / 1024:.0f} MB; /metrics after the floods: {len(metrics) / 1024:.0f} KB")
        print(f"{'case':34} {'peak MB':>8} {'× idle':>7} {'slowest probe':>14} {'failed probes':>14}")
        for name, peak, ratio, slowest, failures, _ in results:
            print(f"{name:34} {peak / 1024:8.0f} {ratio:7.2f} {slowest * 1000:11.0f} ms {failures:14d}")
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
