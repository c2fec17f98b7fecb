"""Helpers shared by the benchmarks and the load and fault scripts in bench/.

A browser-like urllib client on loopback (cookies, forms, no redirects followed), a form
parser, and the life of a temporary gunicorn: prepare a database, start, wait, stop.
Standard library only (plus the project's own manage.py and gunicorn).
"""

import http.cookiejar
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"


# --- HTTP ------------------------------------------------------------------------------


class KeepEveryResponse(urllib.request.HTTPErrorProcessor):
    """Return 3xx/4xx/5xx responses as they are: no redirect following, no exceptions."""

    def http_response(self, request, response):
        return response

    https_response = http_response


class Client:
    """A browser-like client on loopback: cookies, CSRF token, no redirects followed."""

    def __init__(self, base_url: str, timeout: float = 30):
        if not base_url.startswith(f"http://{HOST}:"):
            raise ValueError(f"loopback only: {base_url}")
        self.base_url = base_url
        self.timeout = timeout
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), KeepEveryResponse()
        )

    def request(self, path: str, data: dict | None = None, headers: dict | None = None):
        """(status, Location header, body bytes) of one request."""
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(  # noqa: S310 (http://127.0.0.1 only)
            self.base_url + path, data=body, headers=headers or {}
        )
        with self.opener.open(request, timeout=self.timeout) as response:
            return response.status, response.headers.get("Location", ""), response.read()

    def get(self, path: str, **kwargs):
        return self.request(path, **kwargs)

    def post(self, path: str, data: dict):
        return self.request(path, data=data)


def local_path(location: str) -> str:
    return urllib.parse.urlsplit(location).path


class FormParser(HTMLParser):
    """The POST forms of a page: each a dict of the values a browser would submit."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict[str, list[str]]] = []
        self.assets: list[str] = []
        self._form: dict | None = None
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "stylesheet" and attrs.get("href"):
            self.assets.append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.assets.append(attrs["src"])
        elif tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._form = {}
            self.forms.append(self._form)
        elif self._form is None or not attrs.get("name") and tag != "option":
            return
        elif tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in {"submit", "button", "reset", "image", "file"}:
                return
            if kind in {"radio", "checkbox"} and "checked" not in attrs:
                return
            self._form.setdefault(attrs["name"], []).append(attrs.get("value") or "")
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self._form.setdefault(self._textarea, []).append("")
        elif tag == "select":
            self._select = attrs["name"]
        elif tag == "option" and self._select and "selected" in attrs:
            self._form.setdefault(self._select, []).append(attrs.get("value") or "")

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form[self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def parse_page(html: bytes) -> FormParser:
    parser = FormParser()
    parser.feed(html.decode("utf-8"))
    return parser


def form_with(html: bytes, field_suffix: str) -> dict[str, list[str]]:
    """The page's POST form that has a field whose name ends with `field_suffix`."""
    for form in parse_page(html).forms:
        if any(name.endswith(field_suffix) for name in form):
            return form
    raise RuntimeError(f"no form with a field *{field_suffix} on the page")


def expect(status: int, wanted: int, what: str) -> None:
    if status != wanted:
        raise RuntimeError(f"{what}: HTTP {status}, expected {wanted}")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


# --- the server ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def server_env(folder: Path, database_url: str, **extra: str) -> dict:
    """Production-like settings for a temporary server: DEBUG off, plain HTTP, random key."""
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "0",
        "DJANGO_HTTPS": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "STATIC_MANIFEST": "1",
        "STATIC_ROOT": str(folder / "static"),
        "DATABASE_URL": database_url,
        "ALLOWED_HOSTS": HOST,
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def manage(env: dict, *command: str, capture: bool = False) -> str:
    """Run one manage.py command with `env`; its stdout when `capture`."""
    result = subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), *command],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=capture,
        text=True,
    )
    return result.stdout if capture else ""


def prepare(env: dict, setup_script: str) -> None:
    """Collect static files, migrate the database, add the cache table, run `setup_script`."""
    manage(env, "collectstatic", "--noinput", "-v0")
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "createcachetable")
    manage(env, "shell", "-v", "0", "-c", setup_script)


def start_gunicorn(
    env: dict, port: int, log: Path, *options: str, own_group: bool = False
) -> subprocess.Popen:
    """gunicorn on HOST:port; with `own_group` in its own process group (os.killpg kills
    the master and its workers at once, as a crashed machine would)."""
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    with log.open("w") as log_file:
        return subprocess.Popen(  # noqa: S603
            [gunicorn, "creditrequests.wsgi", "--bind", f"{HOST}:{port}", *options],
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=own_group,
        )


def wait_until_up(base_url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{log.read_text()[-3000:]}")
        try:
            Client(base_url).get("/accounts/login/")
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within 30 s:\n{log.read_text()[-3000:]}")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
