"""The Nu HTML Checker (vnu.jar, from `make nu-checker`) for every page a browser test visits.

The live server records each HTML page it serves while a browser test runs
(`RecordHtmlPages`, in tests/settings.py's middleware); at the end of the test every
page goes to one checker per test session, run as a local HTTP service so the JVM
starts once. A page with an error fails the test that visited it.
"""

import json
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

VNU_JAR = Path(__file__).resolve().parents[2] / ".tools/node_modules/vnu-jar/build/dist/vnu.jar"

# Pages served while a browser test runs: (path, html). None: not recording.
recorded: list[tuple[str, str]] | None = None


class RecordHtmlPages:
    """Test-only middleware: keeps each HTML page the live server sends while recording."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            recorded is not None
            and not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and response.content
        ):
            recorded.append((request.get_full_path(), response.content.decode("utf-8")))
        return response


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class NuChecker:
    def __init__(self):
        if not VNU_JAR.exists():
            raise RuntimeError(f"{VNU_JAR} is missing: run `make nu-checker` (make test does).")
        self.port = _free_port()
        self.process = subprocess.Popen(  # noqa: S603 (a fixed command, our own arguments)
            [
                "java",
                "-Xss4m",  # the schema's deep recursion overflows smaller stacks
                "-Dnu.validator.servlet.bind-address=127.0.0.1",
                "-cp",
                str(VNU_JAR),
                "nu.validator.servlet.Main",
                str(self.port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._wait_until_ready()

    def _wait_until_ready(self, attempts: int = 1200) -> None:
        for _ in range(attempts):
            try:
                self.errors("<!DOCTYPE html><html lang=en><title>x</title></html>")
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("The Nu HTML Checker did not start.")

    def errors(self, html: str) -> list[str]:
        """The checker's errors for one page: 'line N: message' each."""
        request = urllib.request.Request(  # noqa: S310 (our own local checker)
            f"http://127.0.0.1:{self.port}/?out=json",
            data=html.encode("utf-8"),
            headers={"Content-Type": "text/html; charset=utf-8"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            messages = json.load(response)["messages"]
        return [
            f"line {m.get('lastLine', '?')}: {m['message']}"
            for m in messages
            if m["type"] == "error" or m.get("subType") == "fatal"
        ]

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
