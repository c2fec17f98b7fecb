"""Two app servers behind HAProxy, proved under load, then with one of them killed mid-run.

    .venv/bin/python bench/scaleout.py [--users 50] [--duration 60] [--kill-at 30]
    make scaleout

It needs PostgreSQL and Redis on loopback (127.0.0.1:5432 and :6379; it starts a private
redis-server on a free port if none answers) and HAProxy (Debian's `haproxy`, installed
with apt-get when missing). Each run gets a fresh PostgreSQL database (dropped after), a
Redis key prefix of its own (deleted after), two gunicorn app servers on free loopback
ports (same SECRET_KEY, DATABASE_URL, REDIS_URL) and HAProxy in front of them
(round robin, health checks on /health/live/, a failed connection retried on the other
server). bench/loadtest.py's simulated people (forms parsed, CSRF, every step, drafts
counted) then drive the whole wizard through the balancer only.

Three runs, each --users x --duration:
  1. sessions in the database (SESSION_STORE=db), both servers up;
  2. sessions in Redis backed by the database (SESSION_STORE=cached_db), both up;
  3. the faster of the two, and app server 2 killed (SIGKILL to its whole process group)
     --kill-at seconds into the run. HAProxy notices it within a second and sends
     everything to app server 1; a request caught on the dying server is retried by the
     person (bench/loadtest.py retries 5xx and connection errors), and a wizard POST is
     safe to repeat: the draft's ID is fixed when the flow starts and a POST is one
     transaction.

After each run the drafts are checked against the flows by their reference (each flow
types a unique one): every completed flow has exactly one finished draft (none lost), no
reference has two drafts (none duplicated), and unfinished drafts come only from
abandoned flows. It prints one table; exit status 1 when a check fails or a flow failed
for any reason other than the killed server.
"""

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (  # noqa: E402
    HOST,
    free_port,
    manage,
    percentile,
    prepare,
    server_env,
    start_gunicorn,
    stop,
    wait_until_up,
)
from bench.loadtest import (  # noqa: E402
    CREATE_USERS,
    PASSWORD,
    USERNAME,
    SimulatedUser,
    Stats,
    fresh_database,
    parse_args,
    run_load,
)

REDIS_PORT = 6379
FLOWS_BY_REFERENCE = """
import json
from collections import Counter
from creditrequests.models import CreditRequestDraft
rows = list(CreditRequestDraft.objects.values_list("reference", "completed_steps"))
counts = Counter(reference for reference, _ in rows)
print(json.dumps({
    "drafts": len(rows),
    "duplicated": sorted(reference for reference, n in counts.items() if n > 1),
    "finished": sorted(reference for reference, steps in rows if "check" in (steps or [])),
}))
"""

HAPROXY_CONFIG = """
global
    maxconn 2000
defaults
    mode http
    timeout connect 2s
    timeout client 150s
    timeout server 150s
    # A health check waits behind busy requests on a saturated server: give it time, or
    # HAProxy marks both servers down and answers 503 itself.
    timeout check 5s
    option forwardfor
    # A connection the server refuses or drops before answering goes to the other one.
    retries 3
    option redispatch 1
    retry-on conn-failure empty-response
frontend web
    bind {host}:{port}
    default_backend app
backend app
    balance roundrobin
    option httpchk GET /health/live/
    http-check expect status 200
{servers}
"""


# --- what the people did -----------------------------------------------------------------


class RecordedUser(SimulatedUser):
    """A simulated person who also notes the reference of every flow it completed."""

    completed_references: list = []
    lock = threading.Lock()

    def flow(self, credit_type: str, tag: str) -> None:
        super().flow(credit_type, tag)
        with self.lock:
            self.completed_references.append(tag)


# --- the services ---------------------------------------------------------------------------


def port_answers(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection((HOST, port), timeout=1):
        return True
    return False


def ensure_haproxy() -> str:
    found = shutil.which("haproxy") or shutil.which("haproxy", path="/usr/sbin")
    if found:
        return found
    print("Installing Debian's haproxy ...", flush=True)
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", "haproxy"], check=True)  # noqa: S603
    return shutil.which("haproxy", path="/usr/sbin:/usr/bin") or "/usr/sbin/haproxy"


@contextlib.contextmanager
def redis_server(folder: Path):
    """redis://127.0.0.1:port of the running Redis, or of a private one started for this run."""
    if port_answers(REDIS_PORT):
        yield f"redis://{HOST}:{REDIS_PORT}/0"
        return
    server = shutil.which("redis-server")
    if server is None:
        raise RuntimeError("No Redis on 127.0.0.1:6379 and no redis-server: apt-get install redis")
    port = free_port()
    process = subprocess.Popen(  # noqa: S603
        [server, "--bind", HOST, "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=(folder / "redis.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(50):
            if port_answers(port):
                break
            time.sleep(0.1)
        yield f"redis://{HOST}:{port}/0"
    finally:
        stop(process)


def ensure_postgres() -> None:
    """Start the local PostgreSQL clusters (Debian's pg_ctlcluster) when nothing answers."""
    lsclusters, ctlcluster = shutil.which("pg_lsclusters"), shutil.which("pg_ctlcluster")
    if port_answers(5432) or not lsclusters or not ctlcluster:
        return
    listed = subprocess.run([lsclusters, "-h"], capture_output=True, text=True, check=False)  # noqa: S603
    for cluster in listed.stdout.splitlines():
        version, name = cluster.split()[:2]
        subprocess.run([ctlcluster, version, name, "start"], check=False)  # noqa: S603


def delete_keys(redis_url: str, prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(match=f"{prefix}:*", count=1000):
        client.delete(key)


@dataclass
class Balanced:
    base_url: str
    env: dict
    servers: list
    logs: list


@contextlib.contextmanager
def balanced_site(args, haproxy: str, database_url: str, redis_url: str, session_store: str):
    """Two gunicorn app servers and HAProxy in front, on one fresh database."""
    prefix = f"scaleout-{secrets.token_hex(4)}"
    with tempfile.TemporaryDirectory(prefix="scaleout-") as folder:
        folder = Path(folder)
        env = server_env(
            folder,
            database_url,
            REDIS_URL=redis_url,
            CACHE_KEY_PREFIX=prefix,
            SESSION_STORE=session_store,
            BEHIND_PROXY="1",
            DB_CONN_MAX_AGE=str(args.conn_max_age),
        )
        prepare(env, CREATE_USERS.format(password=PASSWORD, username=USERNAME, count=args.users))
        ports = [free_port() for _ in range(2)]
        servers, logs = [], []
        try:
            for number, port in enumerate(ports, 1):
                log = folder / f"app{number}.log"
                logs.append(log)
                servers.append(
                    start_gunicorn(
                        env,
                        port,
                        log,
                        *("--worker-class", "gthread", "--workers", str(args.workers)),
                        *("--threads", str(args.threads), "--timeout", "60"),
                        *("--log-level", "warning"),
                        own_group=True,
                    )
                )
            for port, server, log in zip(ports, servers, logs, strict=True):
                wait_until_up(f"http://{HOST}:{port}", server, log)
            balancer_port = free_port()
            config = folder / "haproxy.cfg"
            config.write_text(
                HAPROXY_CONFIG.format(
                    host=HOST,
                    port=balancer_port,
                    servers="\n".join(
                        f"    server app{n} {HOST}:{port} check inter 1s fall 2 rise 2"
                        for n, port in enumerate(ports, 1)
                    ),
                )
            )
            balancer = subprocess.Popen(  # noqa: S603
                [haproxy, "-db", "-f", str(config)],
                stdout=(folder / "haproxy.log").open("w"),
                stderr=subprocess.STDOUT,
            )
            servers.append(balancer)
            logs.append(folder / "haproxy.log")
            base_url = f"http://{HOST}:{balancer_port}"
            wait_until_up(base_url, balancer, folder / "haproxy.log")
            yield Balanced(base_url, env, servers, logs)
        finally:
            for server in reversed(servers):
                stop_group(server)
            delete_keys(redis_url, prefix)


def stop_group(process: subprocess.Popen) -> None:
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            if os.getpgid(process.pid) == process.pid:
                os.killpg(process.pid, signal.SIGTERM)
        stop(process)


def kill_later(server: subprocess.Popen, after: float, stats: Stats, note: dict) -> None:
    """SIGKILL the app server's whole process group `after` seconds into the run."""

    def kill():
        stats.running.wait()
        time.sleep(after)
        os.killpg(server.pid, signal.SIGKILL)
        note["killed_at"] = time.monotonic() - stats.started

    threading.Thread(target=kill, daemon=True).start()


# --- one run and the table --------------------------------------------------------------


def one_run(args, haproxy, redis_url, session_store: str, kill: bool) -> dict:
    RecordedUser.completed_references = []
    with (
        fresh_database(args.database_url, allow_sqlite=False) as (url, label),
        balanced_site(args, haproxy, url, redis_url, session_store) as site,
    ):
        what = f"sessions {session_store}" + (
            f", app 2 killed at {args.kill_at:.0f} s" if kill else ""
        )
        print(f"Run: {what} ({label}) through {site.base_url} ...", flush=True)
        stats, note = Stats(), {}
        if kill:
            kill_later(site.servers[1], args.kill_at, stats, note)
        stats, probe, elapsed = run_load(
            site.base_url,
            args.users,
            args.duration,
            retry_for=args.retry_for,
            ramp_up=args.ramp_up,
            stats=stats,
            person=RecordedUser,
        )
        counts = json.loads(
            manage(site.env, "shell", "-v", "0", "-c", FLOWS_BY_REFERENCE, capture=True)
        )
    completed = sorted(RecordedUser.completed_references)
    every = [value for values in stats.latencies.values() for value in values]
    lost = sorted(set(completed) - set(counts["finished"]))
    unfinished = counts["drafts"] - len(counts["finished"])
    row = {
        "run": what,
        "flows": len(completed),
        "abandoned": stats.abandoned,
        "rps": stats.requests / elapsed,
        "p50": percentile(every, 0.50) * 1000 if every else 0,
        "p95": percentile(every, 0.95) * 1000 if every else 0,
        "failed_requests": sum(stats.errors.values()),
        "errors": dict(stats.errors),
        "drafts": counts["drafts"],
        "finished": len(counts["finished"]),
        "lost": lost,
        "duplicated": counts["duplicated"],
        "unfinished": unfinished,
        "killed_at": note.get("killed_at"),
    }
    row["ok"] = (
        bool(completed)
        and not lost
        and not counts["duplicated"]
        and len(counts["finished"]) == len(completed)
        and unfinished <= stats.abandoned
        and (kill or (not stats.errors and not stats.abandoned))
    )
    return row


def print_table(rows, args) -> None:
    print()
    print(
        f"Scale-out: 2 gunicorn app servers (gthread {args.workers} worker(s) x {args.threads} "
        f"threads each) behind HAProxy, PostgreSQL, Redis; {args.users} users x "
        f"{args.duration:.0f} s per run, loopback, {os.cpu_count()} CPUs shared by everything"
    )
    header = (
        f"{'run':<38} {'flows':>6} {'aband.':>6} {'req/s':>6} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'failed req':>10} {'drafts':>6} {'finished':>8} {'lost':>4} {'dup':>4} {'check':>6}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        print(
            f"{row['run']:<38} {row['flows']:>6} {row['abandoned']:>6} {row['rps']:>6.1f} "
            f"{row['p50']:>7.1f} {row['p95']:>7.1f} {row['failed_requests']:>10} "
            f"{row['drafts']:>6} {row['finished']:>8} {len(row['lost']):>4} "
            f"{len(row['duplicated']):>4} {'OK' if row['ok'] else 'FAIL':>6}"
        )
    for row in rows:
        if row["errors"]:
            print(f"{row['run']}: failed requests (each retried by the person): {row['errors']}")
        if row["killed_at"] is not None:
            print(f"{row['run']}: SIGKILL sent at {row['killed_at']:.1f} s")
    print(
        "(flows = completed flows; drafts = rows in the database; finished = drafts with every "
        "step done: must equal flows; lost = completed flows without their draft; dup = "
        "references with two drafts)"
    )


def extra_options(parser) -> None:
    parser.add_argument("--kill-at", type=float, default=30, help="seconds into run 3")
    parser.add_argument(
        "--runs", default="db,cached_db,kill", help="comma-separated: db, cached_db, kill"
    )


def main(argv=None) -> int:
    args = parse_args(
        argv,
        description=__doc__.splitlines()[0],
        defaults={"workers": 1, "threads": 16},
        extra=extra_options,
    )
    haproxy = ensure_haproxy()
    ensure_postgres()
    runs = args.runs.split(",")
    rows = []
    with (
        tempfile.TemporaryDirectory(prefix="scaleout-redis-") as folder,
        redis_server(Path(folder)) as redis_url,
    ):
        for store in ("db", "cached_db"):
            if store in runs:
                rows.append(one_run(args, haproxy, redis_url, store, kill=False))
        if "kill" in runs:
            best = max(rows, key=lambda row: row["rps"])["run"] if rows else "db"
            store = "cached_db" if "cached_db" in best else "db"
            rows.append(one_run(args, haproxy, redis_url, store, kill=True))
    print_table(rows, args)
    return 0 if all(row["ok"] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
