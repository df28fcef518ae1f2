"""Load check: gunicorn as `make run` starts it, readers over the main pages as the demo users, and writers posting
real forms (attendance of meetings, letters entered in a petition register) at the same time, on SQLite and on
PostgreSQL.

    .venv/bin/python bench/load.py [--engine sqlite|postgres|both] [--requests 10000] [--concurrency 50]
                                   [--writers 20] [--rebuild]

Each engine gets the demo (`manage.py migrate` + `load_demo`), built once into a template (SQLite
bench/out/load-demo.sqlite3; PostgreSQL database dangbo_bench_load_demo) and copied afresh for each run (SQLite
bench/out/load.sqlite3; PostgreSQL dangbo_bench_load; BENCH_LOAD_PG_URL names another server or database). The
server is `gunicorn dangbo.wsgi:application --workers 3 --timeout 300` with the Huey worker beside it, as `make run`
(DEMO_MODE=1: plain HTTP), with its own queue, media and mail directories under bench/out/.

Every reader and writer logs in once (its own session) before the clock starts. Readers share --requests GETs,
each picking pages its user's menu offers (the menu's entries, a few records linked from each, the home page and
searches), found by following the menu as that user. Writers loop until the readers are done: each GETs its form,
fills it from the page (CSRF token and every hidden field included), POSTs it, and counts it done only on a
redirect away from the form; afterwards every write is looked for in the database.

Printed per engine: requests, errors (any status outside 2xx/3xx, any connection error, any write refused or not
found afterwards, any "database is locked" or traceback in the server's or the worker's log), p50/p95/p99 latency
and requests per second for reads and for writes. Exit status 1 when there is any error.
"""

import argparse
import http.client
import json
import os
import random
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
PG_DEFAULT = "postgres://postgres@127.0.0.1:5432/dangbo_bench_load"
TEMPLATE_MARK = "dangbo load-check demo"
SEARCHES = ["Nguyễn", "Chi bộ", "Hương", "Phòng"]
DETAILS_PER_PAGE = 3
# A record's page: /<app>/.../<id>/ (downloads, exports and the admin site are not pages a reader opens).
DETAIL = re.compile(r"^/(?!admin/)[a-z_]+/(?:[a-z_-]+/)*\d+/$")
LOG_PROBLEMS = re.compile(r"database is locked|Traceback|WORKER TIMEOUT|OperationalError|\bERROR\b")


# ---- databases --------------------------------------------------------------------------------------------------

def database_urls(engine: str) -> tuple[str, str]:
    """(template, working copy)."""
    if engine == "sqlite":
        return f"sqlite:///{OUT / 'load-demo.sqlite3'}", f"sqlite:///{OUT / 'load.sqlite3'}"
    url = urlsplit(os.environ.get("BENCH_LOAD_PG_URL") or PG_DEFAULT)
    name = url.path.lstrip("/")
    return urlunsplit(url._replace(path=f"/{name}_demo")), urlunsplit(url._replace(path=f"/{name}"))


def sqlite_path(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


def pg_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def pg_admin(url: str):
    import psycopg

    parts = urlsplit(url)
    return psycopg.connect(host=parts.hostname, port=parts.port or 5432, user=parts.username or "postgres",
                           password=parts.password or None, dbname="postgres", autocommit=True)


def server_env(database_url: str, engine: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTEST_VERSION", "DEBUG"}}
    env.update({
        "DJANGO_SETTINGS_MODULE": "dangbo.settings",
        "DEMO_MODE": "1",
        "DATABASE_URL": database_url,
        # Its own queue, files and mail: a run never touches a developer's var/ or media/.
        "QUEUE_URL": f"sqlite:///{OUT / f'load-queue-{engine}.sqlite3'}",
        "MEDIA_ROOT": str(OUT / f"load-media-{engine}"),
        "EMAIL_URL": f"file://{OUT / f'load-mail-{engine}'}",
    })
    return env


def manage(env: dict, *args: str) -> None:
    subprocess.run([str(BIN / "python"), "manage.py", *args], cwd=ROOT, env=env, check=True)


def ensure_template(engine: str, rebuild: bool) -> None:
    """The demo database, built once (migrate + load_demo) and marked complete only when the load finished."""
    template, _working = database_urls(engine)
    env = server_env(template, engine)
    if engine == "sqlite":
        path = sqlite_path(template)
        mark = Path(f"{path}.ok")
        if mark.exists() and path.exists() and not rebuild:
            return
        mark.unlink(missing_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        name = pg_name(template)
        with pg_admin(template) as admin:
            row = admin.execute("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
                                [name]).fetchone()
            if row and row[0] == TEMPLATE_MARK and not rebuild:
                return
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')
    started = time.perf_counter()
    print(f"[{engine}] building the demo template (migrate + load_demo)…", flush=True)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo")
    if engine == "sqlite":
        with sqlite3.connect(sqlite_path(template)) as db:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        Path(f"{sqlite_path(template)}.ok").write_text(TEMPLATE_MARK)
    else:
        with pg_admin(template) as admin:
            admin.execute(f"COMMENT ON DATABASE \"{pg_name(template)}\" IS '{TEMPLATE_MARK}'")
    print(f"[{engine}] template built in {time.perf_counter() - started:.0f} s", flush=True)


def fresh_copy(engine: str) -> str:
    """A fresh working database from the template, migrated to the code's current state."""
    template, working = database_urls(engine)
    if engine == "sqlite":
        path = sqlite_path(working)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        source, target = sqlite3.connect(sqlite_path(template)), sqlite3.connect(path)
        source.backup(target)
        target.close()
        source.close()
    else:
        with pg_admin(working) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{pg_name(working)}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{pg_name(working)}" TEMPLATE "{pg_name(template)}"')
    manage(server_env(working, engine), "migrate", "--noinput", "-v0")
    return working


# ---- the plan: who reads, who writes what (read from the working copy before the server starts) -------------------

def make_plan(writers: int) -> dict:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connections
    from django.urls import reverse
    from django.utils import timezone

    from core.menu import openable_pages
    from core.scope import MEETINGS, scope_for
    from demo.generator import DEMO_PASSWORD, DEMO_USERS
    from meetings import selectors as meeting_selectors
    from meetings.models import Meeting

    User = get_user_model()
    users = [u for u in (User.objects.filter(username=name).first() for name, _label in DEMO_USERS) if u]
    today = timezone.localdate()
    meetings = [m for m in Meeting.objects.filter(status__in=meeting_selectors.OPEN).order_by("pk")
                if (m.held_on or m.planned_on) <= today]
    scopes = {u.username: scope_for(u) for u in users}
    covers = {m.pk: [u.username for u in users if scopes[u.username].covers(m.organization_id, MEETINGS)]
              for m in meetings}
    # Each meeting goes to the narrowest role that runs it (the cell secretary, then the committee staff, then the
    # Bloc); the attendance writers are shared out among those users by how many meetings each has, one writer per
    # meeting at most, so two writers never take the same meeting's attendance.
    receivers = [u.username for u in users if "petitions:receive" in openable_pages(u)]
    narrow_first = list(reversed([u.username for u in users]))
    owned: dict[str, list[str]] = {}
    for meeting in meetings:
        owner = next((name for name in narrow_first if name in covers[meeting.pk]), None)
        if owner:
            owned.setdefault(owner, []).append(reverse("meetings:attendance", args=[meeting.pk]))
    n_attendance = min(len(meetings), writers if not receivers else writers // 2)
    slots = dict.fromkeys(owned, 0)
    for _slot in range(n_attendance):
        open_ = [name for name in owned if slots[name] < len(owned[name])]
        if not open_:
            break
        slots[max(open_, key=lambda name: len(owned[name]) / (slots[name] + 1))] += 1
    attendance = [{"kind": "attendance", "user": name, "targets": owned[name][k::slots[name]]}
                  for name in owned for k in range(slots[name])]
    petition = [{"kind": "petition", "user": receivers[i % len(receivers)],
                 "targets": [reverse("petitions:receive")]} for i in range(writers - len(attendance))] if receivers else []
    connections.close_all()
    return {"users": [u.username for u in users], "password": DEMO_PASSWORD, "writers": attendance + petition,
            "meetings": len(meetings), "login": reverse("login")}


# ---- HTTP client: one connection and one cookie jar per session ---------------------------------------------------

class Response:
    def __init__(self, status: int, headers, body: bytes, seconds: float):
        self.status, self.headers, self.body, self.seconds = status, headers, body, seconds

    @property
    def location(self) -> str:
        return urlsplit(self.headers.get("Location") or "").path


class Session:
    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.conn = None

    def request(self, method: str, path: str, body: bytes | None = None, content_type: str = "") -> Response:
        headers = {"User-Agent": "dangbo-load-check", "Accept": "text/html"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if content_type:
            headers["Content-Type"] = content_type
        for attempt in (0, 1):
            reused = self.conn is not None
            if self.conn is None:
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=330)
            started = time.perf_counter()
            try:
                self.conn.request(method, path, body=body, headers=headers)
                raw = self.conn.getresponse()
                data = raw.read()
            except (OSError, http.client.HTTPException):
                self.conn.close()
                self.conn = None
                if reused and attempt == 0:  # the server closed a kept-alive connection: open a new one
                    continue
                raise
            seconds = time.perf_counter() - started
            if raw.will_close:  # gunicorn's sync workers close after each response
                self.conn.close()
                self.conn = None
            for header in raw.headers.get_all("Set-Cookie") or ():
                for name, morsel in SimpleCookie(header).items():
                    if morsel["max-age"] == "0" or not morsel.value:
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
            return Response(raw.status, raw.headers, data, seconds)
        raise AssertionError("unreachable")

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def submit(self, path: str, fields: list[tuple[str, str]], multipart: bool) -> Response:
        if multipart:
            boundary = uuid.uuid4().hex
            parts = []
            for name, value in fields:
                parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n')
            body = ("".join(parts) + f"--{boundary}--\r\n").encode()
            return self.request("POST", path, body, f"multipart/form-data; boundary={boundary}")
        return self.request("POST", path, urlencode(fields).encode(), "application/x-www-form-urlencoded")

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def page_form(response: Response, has_field):
    """The page's form with a field for which has_field(name) holds (not the menu's logout or language forms)."""
    from lxml import html

    tree = html.fromstring(response.body.decode("utf-8"))
    for form in tree.forms:
        if (form.get("method") or "get").lower() == "post" and any(
                has_field(el.name) for el in form.inputs if el.name):
            return form
    return None


def form_fields(form) -> list[tuple[str, str]]:
    """What a browser sends for the form as shown (lxml's form_values leaves out an empty text field)."""
    fields = []
    for el in form.inputs:
        if not el.name or "disabled" in el.attrib:
            continue
        if el.tag == "select":
            values = el.value if el.multiple else [el.value]
            fields += [(el.name, v) for v in values if v is not None]
        elif el.tag == "textarea":
            fields.append((el.name, el.value or ""))
        elif el.checkable:
            if el.checked:
                fields.append((el.name, el.get("value", "on")))
        elif el.type not in {"submit", "image", "reset", "file", "button"}:
            fields.append((el.name, el.value or ""))
    return fields


def form_action(form, path: str) -> str:
    return urlsplit(form.get("action") or "").path or path


def is_multipart(form) -> bool:
    return (form.get("enctype") or "").lower() == "multipart/form-data"


def login(port: int, username: str, password: str, login_path: str) -> Session:
    session = Session(port)
    page = session.get(login_path)
    form = page_form(page, lambda name: name == "password")
    if page.status != 200 or form is None:
        raise RuntimeError(f"login page {login_path}: {page.status}, no form")
    fields = [(k, v) for k, v in form_fields(form) if k not in {"username", "password"}]
    fields += [("username", username), ("password", password)]
    answer = session.submit(form_action(form, login_path), fields, is_multipart(form))
    if answer.status != 302 or "sessionid" not in session.cookies:
        raise RuntimeError(f"login as {username} failed: {answer.status}")
    session.get(answer.location or "/")
    return session


# ---- the pages each user reads ------------------------------------------------------------------------------------

def reading_pool(session: Session, rng: random.Random) -> list[str]:
    """The home page, every menu entry, a few records linked from each entry's page, and searches."""
    from lxml import html

    home = session.get("/")
    tree = html.fromstring(home.body.decode("utf-8"))
    menu = []
    for a in tree.xpath('//a[starts-with(@id, "nav-")]'):
        href = a.get("href") or ""
        if href.startswith("/") and href not in menu:
            menu.append(href)
    pool = ["/", *menu, *(f"/search/?q={quote(term)}" for term in SEARCHES)]
    details: list[str] = []
    for path in ["/", *menu]:
        page = session.get(path)
        if page.status != 200 or not page.headers.get("Content-Type", "").startswith("text/html"):
            continue
        links = {urlsplit(a.get("href") or "").path for a in html.fromstring(page.body.decode("utf-8")).xpath(
            "//main//a[@href]")}
        links = sorted(link for link in links if DETAIL.match(link) and link not in details and link not in pool)
        details += rng.sample(links, min(DETAILS_PER_PAGE, len(links)))
    for path in details:
        page = session.get(path)
        if page.status == 200 and page.headers.get("Content-Type", "").startswith("text/html") and not page.headers.get(
                "Content-Disposition"):
            pool.append(path)
    return pool


# ---- the run --------------------------------------------------------------------------------------------------------

class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.rows: list[tuple[str, str, str, int, float, str]] = []  # (kind, method, path, status, seconds, error)

    def add(self, kind: str, method: str, path: str, status: int, seconds: float, error: str = ""):
        with self.lock:
            self.rows.append((kind, method, path, status, seconds, error))


def timed(recorder: Recorder, kind: str, method: str, path: str, call) -> Response | None:
    started = time.perf_counter()
    try:
        response = call()
    except Exception as exc:  # a connection refused, reset or timed out is an error of the run, not of the client
        recorder.add(kind, method, path, 0, time.perf_counter() - started, f"{type(exc).__name__}: {exc}")
        return None
    error = "" if 200 <= response.status < 400 else f"HTTP {response.status}"
    recorder.add(kind, method, path, response.status, response.seconds, error)
    return response


def form_errors(response: Response) -> str:
    from lxml import html

    try:
        tree = html.fromstring(response.body.decode("utf-8"))
    except Exception:
        return ""
    texts = tree.xpath('//*[contains(@class, "invalid-feedback") or contains(@class, "alert-danger") '
                       'or contains(@class, "errorlist")]//text()')
    return " ".join(" ".join(texts).split())[:300]


def attendance_write(session: Session, path: str, marker: str, recorder: Recorder, done: list):
    page = timed(recorder, "form", "GET", path, lambda: session.get(path))
    if page is None or page.status != 200:
        return
    form = page_form(page, lambda name: name.startswith("presence_"))
    if form is None:
        recorder.add("write", "POST", path, 0, 0.0, "no attendance form on the page")
        return
    fields = form_fields(form)
    # One member, a different one each time, is marked absent with the marker as the reason; whoever an earlier
    # write marked goes back to present, so the record stays a plausible one.
    values = dict(fields)
    ours = {k.removeprefix("reason_") for k, v in fields if k.startswith("reason_") and v.startswith("load ")}
    candidates = [k.removeprefix("presence_") for k, v in fields
                  if k.startswith("presence_") and (v == "present" or k.removeprefix("presence_") in ours)]
    if not candidates:
        recorder.add("write", "POST", path, 0, 0.0, "nobody to mark absent")
        return
    absent = candidates[int(marker.rsplit("#", 1)[1]) % len(candidates)]
    for pk in ours:
        values[f"presence_{pk}"], values[f"reason_{pk}"] = "present", ""
    values[f"presence_{absent}"], values[f"reason_{absent}"] = "excused", marker
    fields = [(k, values[k]) for k, _v in fields]
    answer = timed(recorder, "write", "POST", path,
                   lambda: session.submit(form_action(form, path), fields, is_multipart(form)))
    if answer is not None and answer.status == 200:
        with recorder.lock:
            recorder.rows[-1] = (*recorder.rows[-1][:5], f"refused: {form_errors(answer)}")
    elif answer is not None and answer.status == 302 and answer.location != path:
        done.append(("attendance", path, int(absent), marker))


def petition_write(session: Session, path: str, marker: str, recorder: Recorder, done: list, rng: random.Random):
    page = timed(recorder, "form", "GET", path, lambda: session.get(path))
    if page is None or page.status != 200:
        return
    form = page_form(page, lambda name: name == "summary")
    if form is None:
        recorder.add("write", "POST", path, 0, 0.0, "no petition form on the page")
        return
    registers = [o.get("value") for o in form.xpath('.//select[@name="organization"]/option') if o.get("value")]
    typed = {"organization": rng.choice(registers) if registers else "", "sender_name": f"Người gửi {marker}",
             "sender_address": "Phường Liên Bảo, Vĩnh Yên", "summary": marker,
             "content": f"Nội dung thư ({marker}): phản ánh việc chậm giải quyết hồ sơ."}
    fields = [(k, v) for k, v in form_fields(form) if k not in typed and k != "anonymous"] + list(typed.items())
    answer = timed(recorder, "write", "POST", path,
                   lambda: session.submit(form_action(form, path), fields, is_multipart(form)))
    if answer is not None and answer.status == 200:
        with recorder.lock:
            recorder.rows[-1] = (*recorder.rows[-1][:5], f"refused: {form_errors(answer)}")
    elif answer is not None and answer.status == 302 and answer.location != path:
        done.append(("petition", path, 0, marker))


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def wait_until_up(port: int, server: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn stopped while starting (see its log)")
        try:
            if Session(port).get("/accounts/login/").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError("gunicorn did not answer")


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))] * 1000


def run_engine(engine: str, args) -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    ensure_template(engine, args.rebuild)
    working = fresh_copy(engine)
    env = server_env(working, engine)
    os.environ.update({k: env[k] for k in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "QUEUE_URL", "MEDIA_ROOT",
                                           "EMAIL_URL", "DEMO_MODE")})
    sys.path.insert(0, str(ROOT))
    for suffix in ("", "-wal", "-shm"):
        Path(f"{OUT / f'load-queue-{engine}.sqlite3'}{suffix}").unlink(missing_ok=True)
    plan = make_plan(args.writers)

    port = args.port or free_port()
    logs = {name: OUT / f"load-{engine}-{name}.log" for name in ("gunicorn", "access", "huey")}
    huey_log, error_log, access_log = (open(logs["huey"], "w"), open(logs["gunicorn"], "w"),
                                       open(logs["access"], "w"))
    # As `make run`: the job worker, then gunicorn (3 sync workers, 300 s timeout, access log on stdout).
    worker = subprocess.Popen([str(BIN / "python"), "manage.py", "run_huey", "--workers", "2", "--worker-type",
                               "thread"], cwd=ROOT, env=env, stdout=huey_log, stderr=subprocess.STDOUT)
    server = subprocess.Popen([str(BIN / "gunicorn"), "dangbo.wsgi:application", "--bind", f"{HOST}:{port}",
                               "--workers", "3", "--timeout", "300", "--access-logfile", "-"],
                              cwd=ROOT, env=env, stdout=access_log, stderr=error_log)
    recorder = Recorder()
    done: list[tuple[str, str, int, str]] = []
    tag = uuid.uuid4().hex[:6]
    try:
        wait_until_up(port, server)
        rng = random.Random(2018)
        pools = {}
        for username in plan["users"]:
            pools[username] = reading_pool(login(port, username, plan["password"], plan["login"]), rng)
        readers = [(i, plan["users"][i % len(plan["users"])]) for i in range(args.concurrency)]
        sessions = {("r", i): login(port, user, plan["password"], plan["login"]) for i, user in readers}
        sessions |= {("w", i): login(port, w["user"], plan["password"], plan["login"])
                     for i, w in enumerate(plan["writers"])}

        remaining = iter(range(args.requests))
        take = threading.Lock()
        stop = threading.Event()

        def read(i: int, user: str):
            session, local = sessions[("r", i)], random.Random(i)
            while True:
                with take:
                    if next(remaining, None) is None:
                        return
                path = local.choice(pools[user])
                timed(recorder, "read", "GET", path, lambda path=path: session.get(path))

        def write(i: int, spec: dict):
            session, local, k = sessions[("w", i)], random.Random(1000 + i), 0
            while not stop.is_set():
                path = spec["targets"][k % len(spec["targets"])]
                marker = f"load {tag} w{i} #{k}"
                try:
                    if spec["kind"] == "attendance":
                        attendance_write(session, path, marker, recorder, done)
                    else:
                        petition_write(session, path, marker, recorder, done, local)
                except Exception as exc:  # a page the client could not read: count it, keep writing
                    recorder.add("write", "POST", path, 0, 0.0, f"{type(exc).__name__}: {exc}")
                k += 1

        print(f"[{engine}] {len(plan['users'])} users, {sum(len(p) for p in pools.values())} pages in their pools; "
              f"{args.requests} reads at {args.concurrency} concurrent, {len(plan['writers'])} writers…", flush=True)
        threads = [threading.Thread(target=write, args=(i, w), daemon=True) for i, w in enumerate(plan["writers"])]
        reader_threads = [threading.Thread(target=read, args=r, daemon=True) for r in readers]
        started = time.perf_counter()
        for t in threads + reader_threads:
            t.start()
        for t in reader_threads:
            t.join()
        elapsed = time.perf_counter() - started
        stop.set()
        for t in threads:
            t.join()
        for session in sessions.values():
            session.close()
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(60)
        except subprocess.TimeoutExpired:
            server.kill()
        # As `make run`: SIGINT twice stops the worker without waiting for its jobs; TERM if it is still starting.
        for sig in (signal.SIGINT, signal.SIGINT, signal.SIGTERM):
            if worker.poll() is None:
                worker.send_signal(sig)
                try:
                    worker.wait(2)
                except subprocess.TimeoutExpired:
                    pass
        if worker.poll() is None:
            worker.kill()
        for f in (huey_log, error_log, access_log):
            f.close()

    missing = verify(done)
    return report(engine, plan, pools, recorder.rows, elapsed, missing, logs, args)


def verify(done) -> list[str]:
    """The writes the server confirmed, looked for in the database: each letter once, each meeting's last attendance
    (its member absent with the marker as reason) in place and the whole roster marked."""
    from django.db import connections

    from meetings.models import Attendance, Meeting
    from meetings.selectors import meeting_roster
    from petitions.models import Petition

    connections.close_all()
    missing = []
    last: dict[str, tuple[int, str]] = {}
    for kind, path, member, marker in done:
        if kind == "petition":
            if Petition.objects.filter(summary=marker).count() != 1:
                missing.append(f"letter {marker!r} not in the register")
        else:
            last[path] = (member, marker)
    for path, (member, marker) in last.items():
        meeting = Meeting.objects.get(pk=int(path.strip("/").split("/")[-2]))
        if not Attendance.objects.filter(meeting=meeting, member_id=member, presence="excused", reason=marker).exists():
            missing.append(f"{path}: attendance {marker!r} not found")
        if Attendance.objects.filter(meeting=meeting).count() != len(meeting_roster(meeting)):
            missing.append(f"{path}: attendance rows do not match the roster")
    connections.close_all()
    return missing


def report(engine, plan, pools, rows, elapsed, missing, logs, args) -> int:
    from django.db import connection

    reads = [r for r in rows if r[0] == "read"]
    writes = [r for r in rows if r[0] == "write"]
    forms = [r for r in rows if r[0] == "form"]
    errors = [r for r in rows if r[5]]
    problems = []
    for name in ("gunicorn", "huey"):
        for line in logs[name].read_text(errors="replace").splitlines():
            if LOG_PROBLEMS.search(line):
                problems.append(f"{name}: {line.strip()[:200]}")
    locked = sum("database is locked" in p for p in problems)
    by_page: dict[str, list[float]] = {}
    for r in reads:
        by_page.setdefault(re.sub(r"/\d+/", "/<id>/", r[2].split("?")[0]), []).append(r[4])
    slowest = sorted(by_page.items(), key=lambda kv: -percentile(kv[1], 95))[:6]

    def line(label, sample, count):
        ok = [r[4] for r in sample if not r[5]]
        failed = sum(1 for r in sample if r[5])
        return (f"  {label:<7}{count:>6} in {elapsed:5.0f} s = {count / elapsed:6.1f}/s   p50 {percentile(ok, 50):6.0f} ms"
                f"   p95 {percentile(ok, 95):6.0f} ms   p99 {percentile(ok, 99):6.0f} ms   errors {failed}")

    name = {"sqlite": "SQLite (WAL)", "postgres": "PostgreSQL"}[engine]
    if engine == "sqlite":
        version = connection.Database.sqlite_version
    else:
        number = connection.cursor().connection.info.server_version
        version = f"{number // 10000}.{number % 10000}"
    connection.close()
    kinds = {}
    for w in plan["writers"]:
        kinds.setdefault(w["kind"], []).append(w)
    print(f"\n== {name} {version} — gunicorn 3 sync workers + Huey worker, {os.cpu_count()} CPUs ==")
    print(f"  users: {', '.join(f'{u} ({len(p)} pages)' for u, p in pools.items())}")
    print(f"  writers: {len(kinds.get('attendance', []))} taking attendance of {plan['meetings']} meetings, "
          f"{len(kinds.get('petition', []))} entering letters")
    print(line("reads", reads, len(reads)))
    print(line("writes", writes, len(writes)) + f"   (+{len(forms)} form GETs)")
    total = len(rows)
    print(f"  total  {total} requests, {len(errors)} errors; writes found afterwards: "
          f"{sum(1 for r in writes if not r[5]) - len(missing)}/{sum(1 for r in writes if not r[5])}; "
          f"\"database is locked\" in the logs: {locked}; other log problems: {len(problems) - locked}")
    print("  slowest pages (p95): " + ", ".join(f"{p} {percentile(v, 95):.0f} ms" for p, v in slowest))
    for r in errors[:10]:
        print(f"  ! {r[1]} {r[2]} -> {r[3]} {r[5]}")
    for m in missing[:10]:
        print(f"  ! {m}")
    for p in problems[:10]:
        print(f"  ! {p}")
    summary = {
        "engine": engine, "version": str(version), "cpus": os.cpu_count(), "seconds": round(elapsed, 1),
        "requests": total, "errors": len(errors), "missing": len(missing), "locked": locked,
        "log_problems": len(problems),
        "reads": {"count": len(reads), "per_second": round(len(reads) / elapsed, 1),
                  **{f"p{p}": round(percentile([r[4] for r in reads if not r[5]], p)) for p in (50, 95, 99)}},
        "writes": {"count": len(writes), "per_second": round(len(writes) / elapsed, 2), "form_gets": len(forms),
                   **{f"p{p}": round(percentile([r[4] for r in writes if not r[5]], p)) for p in (50, 95, 99)}},
        "args": {"requests": args.requests, "concurrency": args.concurrency, "writers": args.writers},
    }
    (OUT / f"load-{engine}.json").write_text(json.dumps(summary, indent=2))
    return 1 if errors or missing or problems else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--requests", type=int, default=10_000, help="GETs shared by the readers (default 10,000)")
    parser.add_argument("--concurrency", type=int, default=50, help="concurrent readers (default 50)")
    parser.add_argument("--writers", type=int, default=20, help="concurrent writers during the reads (default 20)")
    parser.add_argument("--rebuild", action="store_true", help="build the demo template again")
    parser.add_argument("--port", type=int, default=0, help="gunicorn's port (default: a free one)")
    args = parser.parse_args()
    if args.engine != "both":
        # TERM (or Ctrl+C) still stops the server and the worker this run started (run_engine's finally).
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
        return run_engine(args.engine, args)
    status = 0
    for engine in ("sqlite", "postgres"):
        command = [sys.executable, __file__, "--engine", engine, "--requests", str(args.requests),
                   "--concurrency", str(args.concurrency), "--writers", str(args.writers)]
        command += ["--rebuild"] if args.rebuild else []
        status |= subprocess.run(command).returncode
    return status


if __name__ == "__main__":
    sys.exit(main())
