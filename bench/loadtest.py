"""Many people drafting at once: simulated users drive the whole wizard against gunicorn.

    .venv/bin/python bench/loadtest.py [--users 50] [--duration 60] [--workers 2] [--threads 16]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres make loadtest

It creates a fresh PostgreSQL database next to the one DATABASE_URL names (default
postgres://postgres@127.0.0.1:5432/postgres), migrates it, adds one organisation and one
user per simulated user, collects the static files as in production, and starts gunicorn
with gthread workers on a free port of 127.0.0.1 with production-like settings (DEBUG off,
DJANGO_HTTPS=0, a random SECRET_KEY). Without a reachable PostgreSQL it falls back to a
temporary SQLite file and says so loudly (SQLite serialises writes: not a production figure).

Each simulated user (a thread with its own urllib cookie jar) signs in through the sign-in
form, then, until the time is up, starts a request and completes the whole wizard
(in turn a technical issue, a service outage (SLA) and a new commerce seat added by
mistake, each through the steps the wizard shows it): every step's GET and POST, the
"Check your answers" POST that saves the finished draft, and the result page. A flow that
is running when the time is up is finished. A request that fails (connection error, 5xx)
is recorded by kind and retried after a pause, as a person would, for up to --retry-for
seconds; any other unexpected answer abandons the flow. One extra client measures a bare
Django page in the same run (the liveness view /health/live/ when the project has it,
and the bench's bare form page /bench/bare-form/), one request every 0.1 s.

It prints completed flows, errors by kind, p50/p95/p99 per step, throughput, the bare
pages, and the number of drafts in the database, which must equal the completed flows.
The exit status is 1 when there were errors or the counts differ. Everything is bounded:
--users <= 200, --duration <= 600 s, --max-flows per user, loopback only; gunicorn and the
database are removed at the end, also after an error or Ctrl-C.
"""

import argparse
import contextlib
import json
import os
import secrets
import signal
import socket
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from http.client import HTTPException
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (  # noqa: E402
    HOST,
    Client,
    form_with,
    free_port,
    local_path,
    manage,
    percentile,
    prepare,
    server_env,
    start_gunicorn,
    stop,
    wait_until_up,
)

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/postgres"
PASSWORD = secrets.token_urlsafe(16)
USERNAME = "load-user-{:03d}"
LIVENESS_PATH = "/health/live/"
BARE_PATH = "/bench/bare-form/"
RETRYABLE = {500, 502, 503, 504}

CREATE_USERS = """
from django.contrib.auth.hashers import make_password
from creditrequests.models import Organisation, PartnerCenterRole, PartnerType, User
organisation = Organisation.objects.create(name="Load Test AB", partner_type=PartnerType.DIRECT)
password = make_password({password!r})
User.objects.bulk_create([
    User(username={username!r}.format(n), password=password, first_name="Load",
         last_name=str(n), organisation=organisation,
         partner_center_role=PartnerCenterRole.ADMIN_AGENT)
    for n in range({count})
])
"""

COUNT_DRAFTS = """
import json
from creditrequests.models import CreditRequestDraft
rows = list(CreditRequestDraft.objects.values_list("completed_steps", flat=True))
print(json.dumps({"drafts": len(rows), "finished": sum("check" in (r or []) for r in rows)}))
"""


def _days_ago(days: int) -> str:
    return (date.today() - timedelta(days=days)).isoformat()


def flow_answers(credit_type: str, tag: str) -> list[tuple[str, dict[str, str]]]:
    """(step, answers) after the requester step, in order, for one flow.

    The steps are the wizard's own for each kind of request (creditrequests/wizard/steps):
    a technical issue, a service outage (SLA), and a new commerce seat added by mistake
    (purchase and new-commerce steps). Every flow ends with the evidence checklist, left
    unticked as it may be, and the check step.
    """
    common = [
        ("credit-type", {"credit_type": credit_type}),
        ("customer", {"customer_name": f"Contoso {tag}", "partner_reference": tag}),
    ]
    evidence = ("evidence", {})
    if credit_type == "technical_issue":
        return [
            *common,
            (
                "issue",
                {
                    "description": "The portal charged the customer twice for one order.",
                    "issue_date": _days_ago(5),
                    "references": "Invoice G012345678",
                    "tenant_id": "2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14",
                    "amount": "125.50",
                    "currency": "EUR",
                },
            ),
            evidence,
        ]
    if credit_type == "accidental_purchase":
        return [
            *common,
            ("purchase", {"bought_from": "csp", "commerce": "new_commerce"}),
            (
                "new-commerce",
                {
                    "product": "license_based",
                    "event": "seat_addition",
                    "event_date": _days_ago(2),
                    "event_clock": "10:00",
                },
            ),
            (
                "accidental-purchase",
                {
                    "subscription_id": "6b0f3d2e-1c4a-4e8b-9f7d-2a5c8e1b4d03",
                    "description": "The licence count was raised from 10 to 100 by mistake.",
                },
            ),
            evidence,
        ]
    return [
        *common,
        (
            "outage-incident",
            {
                "service_family": "microsoft_365",
                "outage_id": "EX25194",
                "advisory": "no",
                "incident_date": _days_ago(3),
            },
        ),
        (
            "outage-tenant",
            {
                "tenant_id": "2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14",
                "tenant_domains": "contoso.com\r\ncontoso.onmicrosoft.com",
                "bought_through_csp": "yes",
            },
        ),
        (
            "outage-evidence",
            {
                "evidence_email": "it@mail.contoso.com",
                "customer_requested_credit": "yes",
            },
        ),
        (
            "outage-impact",
            {
                "incident_duration": "4 hours 30 minutes",
                "affected_services": "Exchange Online",
                "affected_users": "120",
                "affected_locations": "Stockholm",
                "resolution_actions": "Used webmail meanwhile.",
                "support_ticket_numbers": "TICKET-7",
            },
        ),
        evidence,
    ]


# The wizard's steps in order (creditrequests/wizard/steps/__init__.py), for the report.
STEP_NAMES = [
    "requester",
    "credit-type",
    "customer",
    "purchase",
    "new-commerce",
    "accidental-purchase",
    "outage-incident",
    "outage-tenant",
    "outage-evidence",
    "outage-impact",
    "issue",
    "evidence",
    "check",
]
CREDIT_TYPES = ("technical_issue", "service_outage", "accidental_purchase")


# --- the simulated people ---------------------------------------------------------------


class FlowFailed(Exception):
    """An answer a person could not continue from (not a transient error)."""


@dataclass
class Stats:
    """What every thread saw; one lock, appended to from all threads."""

    started: float = field(default_factory=time.monotonic)
    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter = field(default_factory=Counter)
    statuses: Counter = field(default_factory=Counter)
    events: list[tuple[float, str, str]] = field(default_factory=list)  # (t, step, status)
    completed: Counter = field(default_factory=Counter)
    abandoned: int = 0
    requests: int = 0
    samples: dict[str, bytes] = field(default_factory=dict)  # first body of each 5xx status
    running: threading.Event = field(default_factory=threading.Event)  # set when users start

    def record(self, step: str, seconds: float, status: str, ok: bool) -> None:
        with self.lock:
            self.requests += 1
            self.statuses[status] += 1
            if len(self.events) < 1_000_000:
                self.events.append((time.monotonic() - self.started, step, status))
            if ok:
                self.latencies[step].append(seconds)
            else:
                self.errors[f"{status} on {step}"] += 1


class SimulatedUser:
    def __init__(self, number: int, base_url: str, stats: Stats, retry_for: float):
        self.number = number
        self.username = USERNAME.format(number)
        self.client = Client(base_url, timeout=120)  # a browser waits minutes, not seconds
        self.stats = stats
        self.retry_for = retry_for

    def call(self, step: str, path: str, data: dict | None, expected: int):
        """One request, retried while the failure is transient; (Location, body)."""
        give_up = time.monotonic() + self.retry_for
        pause = 0.2
        while True:
            before = time.perf_counter()
            try:
                status, location, body = self.client.request(path, data=data)
                label = str(status)
            except (OSError, HTTPException, urllib.error.URLError) as error:
                status, location, body = None, "", b""
                label = _error_kind(error)
            seconds = time.perf_counter() - before
            ok = status == expected
            if status is not None and status >= 500:
                self.stats.samples.setdefault(label, body[:20_000])
            self.stats.record(step, seconds, label, ok)
            if ok:
                return location, body
            if status is not None and status not in RETRYABLE:
                raise FlowFailed(f"{step}: HTTP {status}")
            if time.monotonic() + pause > give_up:
                raise FlowFailed(f"{step}: still failing after {self.retry_for:.0f} s ({label})")
            time.sleep(pause)
            pause = min(pause * 2, 2.0)

    def sign_in(self) -> None:
        _, html = self.call("GET sign-in", "/accounts/login/", None, 200)
        form = form_with(html, "csrfmiddlewaretoken")
        form.update({"username": [self.username], "password": [PASSWORD]})
        self.call("POST sign-in", "/accounts/login/", form, 302)

    def step(self, path: str, step: str, answers: dict[str, str]) -> str:
        """GET a step, fill it in as a browser would, POST it; the next path."""
        _, html = self.call(f"GET {step}", path, None, 200)
        form = form_with(html, "-current_step")
        form.update({f"{step}-{name}": [value] for name, value in answers.items()})
        location, _ = self.call(f"POST {step}", path, form, 302)
        return local_path(location)

    def flow(self, credit_type: str, tag: str) -> None:
        location, _ = self.call("GET start", "/requests/new/", None, 302)
        path = local_path(location)
        path = self.step(path, "requester", {})  # role and partner type come from the profile
        for step, answers in flow_answers(credit_type, tag):
            if not path.endswith(f"/steps/{step}/"):
                raise FlowFailed(f"expected the {step} step, got {path}")
            path = self.step(path, step, answers)
        if not path.endswith("/steps/check/"):
            raise FlowFailed(f"expected the check step, got {path}")
        location = self.step(path, "check", {})
        if not location.endswith("/result/"):
            raise FlowFailed(f"the check step went to {location}, not the result")
        self.call("GET result", location, None, 200)

    def run(self, deadline: float, max_flows: int, delay: float = 0.0) -> None:
        time.sleep(delay)  # ramp-up: people do not all sign in in the same second
        try:
            self.sign_in()
        except FlowFailed:
            with self.stats.lock:
                self.stats.abandoned += 1
            return
        for n in range(max_flows):
            if time.monotonic() >= deadline:
                return
            credit_type = CREDIT_TYPES[(self.number + n) % len(CREDIT_TYPES)]
            try:
                self.flow(credit_type, f"LOAD-{self.number:03d}-{n:05d}")
            except FlowFailed:
                with self.stats.lock:
                    self.stats.abandoned += 1
                continue
            with self.stats.lock:
                self.stats.completed[credit_type] += 1


def _error_kind(error: Exception) -> str:
    reason = getattr(error, "reason", error)
    if isinstance(reason, TimeoutError | socket.timeout):
        return "timeout"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, ConnectionResetError):
        return "connection reset"
    return type(reason).__name__


class Probe:
    """One extra client measuring bare pages, one request every `interval` seconds."""

    def __init__(self, base_url: str, interval: float = 0.1):
        self.client = Client(base_url)
        self.interval = interval
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.failures: Counter = Counter()
        self.paths: list[str] = []

    def prepare(self) -> None:
        """Sign in as the first user (the bare form page needs it); find the bare pages."""
        person = SimulatedUser(0, self.client.base_url, Stats(), retry_for=30)
        person.client = self.client
        person.sign_in()
        for path in (LIVENESS_PATH, BARE_PATH):
            if self.client.get(path)[0] == 200:
                self.paths.append(path)

    def run(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            for path in self.paths:
                before = time.perf_counter()
                try:
                    status = self.client.get(path)[0]
                except (OSError, HTTPException) as error:
                    status = _error_kind(error)
                if status == 200:
                    self.latencies[path].append(time.perf_counter() - before)
                else:
                    self.failures[f"{status} on {path}"] += 1
            time.sleep(self.interval)


def run_load(
    base_url: str,
    users: int,
    duration: float,
    *,
    max_flows: int = 10_000,
    retry_for=60.0,
    ramp_up: float = 0.0,
    stats: Stats | None = None,
    person=SimulatedUser,
) -> tuple[Stats, Probe, float]:
    """Run the simulated users and the probe; (stats, probe, elapsed seconds)."""
    stats = stats or Stats()
    probe = Probe(base_url)
    probe.prepare()
    stats.started = time.monotonic()
    stats.running.set()
    deadline = stats.started + duration
    threads = [
        threading.Thread(
            target=person(n, base_url, stats, retry_for).run,
            args=(deadline, max_flows, ramp_up * n / users),
            name=f"user-{n}",
            daemon=True,
        )
        for n in range(users)
    ]
    threads.append(threading.Thread(target=probe.run, args=(deadline,), daemon=True))
    for thread in threads:
        thread.start()
    hard_stop = deadline + retry_for + 60
    for thread in threads:
        thread.join(timeout=max(0.0, hard_stop - time.monotonic()))
    if any(thread.is_alive() for thread in threads):
        stats.errors["flows still running at the hard time limit"] += sum(
            thread.is_alive() for thread in threads
        )
    return stats, probe, time.monotonic() - stats.started


# --- the site: database and gunicorn ----------------------------------------------------


@dataclass
class Site:
    base_url: str
    env: dict
    database: str  # what to print
    server: object = None
    log: Path | None = None

    def count_drafts(self) -> dict:
        return json.loads(manage(self.env, "shell", "-v", "0", "-c", COUNT_DRAFTS, capture=True))


def _postgres_admin(url: str):
    import psycopg

    parsed = urllib.parse.urlsplit(url)
    if parsed.hostname not in {"127.0.0.1", "localhost", "::1", None}:
        raise RuntimeError(f"loopback only: the database host is {parsed.hostname}")
    return psycopg.connect(url, autocommit=True, connect_timeout=5)


@contextlib.contextmanager
def fresh_database(url: str | None, *, allow_sqlite: bool = True):
    """(DATABASE_URL of a new, empty database, a label); the database is dropped after."""
    url = url or DEFAULT_DATABASE_URL
    name = f"creditwizard_load_{secrets.token_hex(4)}"
    try:
        admin = _postgres_admin(url)
    except Exception as error:  # psycopg missing, server down, auth: fall back, loudly
        if not allow_sqlite:
            raise
        print("!" * 78, file=sys.stderr)
        print(f"!! PostgreSQL at {url} is not reachable ({error}).", file=sys.stderr)
        print(
            "!! FALLING BACK TO SQLITE: writes are serialised; the figures are NOT", file=sys.stderr
        )
        print("!! representative of production. Set DATABASE_URL to a PostgreSQL.", file=sys.stderr)
        print("!" * 78, file=sys.stderr)
        with tempfile.TemporaryDirectory(prefix="loadtest-sqlite-") as folder:
            yield f"sqlite:///{Path(folder) / 'db.sqlite3'}", "SQLite (FALLBACK, not PostgreSQL)"
        return
    with admin:
        version = admin.execute("SHOW server_version").fetchone()[0]
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield (
            urllib.parse.urlsplit(url)._replace(path=f"/{name}").geturl(),
            f"PostgreSQL {version} (fresh database {name})",
        )
    finally:
        drop_database(url, name)


def drop_database(url: str, name: str) -> None:
    """DROP the database, retrying for a while: the server may be restarting (faults.py)."""
    for attempt in range(30):
        try:
            with _postgres_admin(url) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return
        except Exception as error:
            if attempt == 29:
                print(f"Could not drop the database {name}: {error}", file=sys.stderr)
            time.sleep(1)


@contextlib.contextmanager
def temporary_site(args, users: int):
    """A migrated fresh database with `users` users and gunicorn serving it; all removed after."""
    with (
        fresh_database(args.database_url, allow_sqlite=not args.no_sqlite) as (url, label),
        tempfile.TemporaryDirectory(prefix="loadtest-") as folder,
    ):
        folder = Path(folder)
        env = server_env(folder, url, DB_CONN_MAX_AGE=str(args.conn_max_age))
        print(f"Preparing {label}: migrate, {users} users, static files ...", flush=True)
        prepare(env, CREATE_USERS.format(password=PASSWORD, username=USERNAME, count=max(users, 1)))
        port = free_port()
        log = folder / "gunicorn.log"
        server = start_gunicorn(
            env,
            port,
            log,
            *("--worker-class", "gthread", "--workers", str(args.workers)),
            *("--threads", str(args.threads), "--timeout", "60", "--graceful-timeout", "10"),
            *("--log-level", "warning"),
        )
        site = Site(f"http://{HOST}:{port}", env, label, server, log)
        try:
            wait_until_up(site.base_url, server, log)
            yield site
        finally:
            stop(server)


# --- the report ---------------------------------------------------------------------------


def _ms(values: list[float], fraction: float) -> str:
    return f"{percentile(values, fraction) * 1000:8.1f}" if values else f"{'-':>8}"


def print_report(args, site: Site, stats: Stats, probe: Probe, elapsed: float) -> None:
    completed = sum(stats.completed.values())
    print()
    print(
        f"Load test: {args.users} users x {args.duration:.0f} s against gunicorn gthread "
        f"{args.workers} workers x {args.threads} threads on {site.database}, loopback; "
        f"users signed in over the first {args.ramp_up:.0f} s"
    )
    print(
        f"completed flows: {completed} "
        f"({', '.join(f'{k}: {v}' for k, v in sorted(stats.completed.items()))}); "
        f"abandoned: {stats.abandoned}"
    )
    print(f"elapsed: {elapsed:.1f} s (new flows started for {args.duration:.0f} s)")
    print(
        f"throughput: {completed / elapsed:.2f} flows/s, {stats.requests / elapsed:.1f} requests/s"
    )
    print(f"errors: {sum(stats.errors.values())}")
    for kind, count in stats.errors.most_common():
        print(f"  {count:6}  {kind}")
    print(f"status codes: {dict(sorted(stats.statuses.items()))}")
    print()
    header = f"{'step':<26} {'count':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}"
    print(header)
    print("-" * len(header))
    rows = [(name, stats.latencies[name]) for name in _step_order(stats.latencies)]
    every = [value for _, values in rows for value in values]
    rows.append(("all requests", every))
    for path in probe.paths:
        rows.append((f"bare page {path}", probe.latencies[path]))
    for name, values in rows:
        print(
            f"{name:<26} {len(values):>7} {_ms(values, 0.50)} {_ms(values, 0.95)} "
            f"{_ms(values, 0.99)} {_ms(values, 1.0)}"
        )
    if probe.failures:
        print(f"bare page failures: {dict(probe.failures)}")
    print("(bare pages: one extra signed-in client, one GET every 0.1 s during the same run)")
    print(f"(load generator and server share this machine's {os.cpu_count()} CPUs)")


def _step_order(latencies) -> list[str]:
    order = ["GET sign-in", "POST sign-in", "GET start"]
    for step in STEP_NAMES:
        order += [f"GET {step}", f"POST {step}"]
    order.append("GET result")
    return [name for name in order if name in latencies] + sorted(set(latencies) - set(order))


def check_drafts(site: Site, stats: Stats) -> bool:
    counts = site.count_drafts()
    completed = sum(stats.completed.values())
    same = counts["drafts"] == completed == counts["finished"]
    print()
    print(
        f"drafts in the database: {counts['drafts']} (finished: {counts['finished']}); "
        f"completed flows: {completed} -> {'OK, equal' if same else 'MISMATCH'}"
    )
    return same


def parse_args(argv=None, description=None, defaults=None, extra=None):
    parser = argparse.ArgumentParser(description=description or __doc__.splitlines()[0])
    if extra:
        extra(parser)
    parser.add_argument("--users", type=int, default=50, help="simulated users (threads)")
    parser.add_argument("--duration", type=float, default=60, help="seconds new flows start")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn gthread workers")
    parser.add_argument("--threads", type=int, default=16, help="threads per gunicorn worker")
    parser.add_argument(
        "--ramp-up", type=float, default=15, help="seconds over which the users sign in"
    )
    parser.add_argument("--max-flows", type=int, default=10_000, help="flows per user, at most")
    parser.add_argument("--retry-for", type=float, default=60, help="seconds to retry a request")
    parser.add_argument("--conn-max-age", type=int, default=60, help="DB_CONN_MAX_AGE of gunicorn")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL"),
        help=f"PostgreSQL server to create the fresh database on (default {DEFAULT_DATABASE_URL})",
    )
    parser.add_argument("--no-sqlite", action="store_true", help="fail instead of using SQLite")
    parser.set_defaults(**(defaults or {}))
    args = parser.parse_args(argv)
    if not 1 <= args.users <= 200 or not 1 <= args.duration <= 600:
        parser.error("--users must be 1..200 and --duration 1..600 seconds")
    return args


def _exit_on_sigterm() -> None:
    def handler(signum, frame):
        raise SystemExit(128 + signum)  # unwinds: gunicorn stopped, database dropped

    signal.signal(signal.SIGTERM, handler)


def main(argv=None) -> int:
    args = parse_args(argv)
    _exit_on_sigterm()
    with temporary_site(args, args.users) as site:
        print(f"gunicorn is up on {site.base_url}; {args.users} users for {args.duration:.0f} s")
        stats, probe, elapsed = run_load(
            site.base_url,
            args.users,
            args.duration,
            max_flows=args.max_flows,
            retry_for=args.retry_for,
            ramp_up=args.ramp_up,
        )
        print_report(args, site, stats, probe, elapsed)
        same = check_drafts(site, stats)
    return 0 if same and not stats.errors and not stats.abandoned else 1


if __name__ == "__main__":
    sys.exit(main())
