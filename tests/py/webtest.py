"""What the web tests share: counted checks, a free port on 127.0.0.1, the
command line, plain HTTP requests, and `actionplan serve` started on a port
of its own and stopped with SIGTERM.

Standard library only. The checks of every test module that imports this one
land in the same FAILS and CHECKS, so a test built on another (the browser
test on test_serve) reports them all with summary().
"""
import http.client
import os
import signal
import socket
import subprocess
import sys
import time

FAILS = []
CHECKS = [0]
TIME_FACTOR = float(os.environ.get("AP_TIME_FACTOR", "1"))


def check(cond, what):
    CHECKS[0] += 1
    if not cond:
        FAILS.append(what)
        print("FAIL:", what, file=sys.stderr)


def summary():
    """Print the count; the exit status of the test."""
    print(f"{CHECKS[0]} checks, {len(FAILS)} failed")
    return 1 if FAILS else 0


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_ap(binary, args, cwd, env):
    """The command's standard output; a failed command ends the test."""
    r = subprocess.run([binary, *args], cwd=cwd, env=env, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"actionplan {' '.join(args)}: {r.returncode}: {r.stderr}")
    return r.stdout


def http_get(port, path, method="GET", headers=None, timeout=20):
    """status, body (bytes), headers (names in lower case)"""
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        c.request(method, path, headers=headers or {})
        r = c.getresponse()
        body = r.read()
        return r.status, body, {k.lower(): v for k, v in r.getheaders()}
    finally:
        c.close()


class Kept:
    """A connection kept open (HTTP/1.1 keep-alive): the server's worker that
    accepted it answers every request sent on it."""

    def __init__(self, port, timeout=60):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)

    def get(self, path):
        """status, body (bytes), seconds"""
        t0 = time.monotonic()
        self.conn.request("GET", path)
        r = self.conn.getresponse()
        body = r.read()
        return r.status, body, time.monotonic() - t0

    def close(self):
        self.conn.close()


class Server:
    """`actionplan [args] serve --listen 127.0.0.1:PORT` in folder d, its
    standard error in d/serve-PORT.log; ready once "/" answers."""

    def __init__(self, binary, d, args=(), env=None, wait=20):
        self.port = free_port()
        self.log = open(os.path.join(d, f"serve-{self.port}.log"), "w+")
        self.proc = subprocess.Popen([binary, *args, "serve", "--listen", f"127.0.0.1:{self.port}"],
                                     cwd=d, env=env, stdout=subprocess.DEVNULL, stderr=self.log)
        deadline = time.monotonic() + wait
        while True:
            try:
                http_get(self.port, "/")
                return
            except OSError:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    raise SystemExit("the server did not answer")
                time.sleep(0.05)

    def raw(self, path, method="GET", headers=None, timeout=20):
        return http_get(self.port, path, method, headers, timeout)

    def stop(self):
        """SIGTERM; the exit status."""
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=60)

    def log_text(self):
        self.log.flush()
        self.log.seek(0)
        return self.log.read()

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
