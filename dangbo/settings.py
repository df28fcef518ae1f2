"""Settings for dangbo, read from the environment (12-factor).

DATABASE_URL  default: SQLite file db.sqlite3 in WAL mode
SECRET_KEY    required when DEBUG is off
DEBUG         "1"/"true" to enable
ALLOWED_HOSTS comma-separated
DEMO_MODE     "1" shows the demo logins on the login page
SITE_URL      the address links in e-mails start with
EMAIL_URL     or EMAIL_HOST & co.: where e-mail goes (default: files under var/mail/; see the e-mail section)
HTTPS         "0" serves plain HTTP (an intranet without TLS); default: HTTPS-only when DEBUG and DEMO_MODE are off
(the security section below lists the rest: sessions, login lockout, second factor, uploads, logging)
"""

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", False)
DEMO_MODE = env_bool("DEMO_MODE", False)
# The fallback key only suits a laptop or the demo; `manage.py check --deploy` flags it.
SECRET_KEY = os.environ.get("SECRET_KEY") or "django-insecure-dangbo-development-key"
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tables2",
    "django_filters",
    "django_htmx",
    "simple_history",
    "tree_queries",
    "huey.contrib.djhuey",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "ninja",  # django-ninja (the API, app `api`): its Swagger UI files collected into our static files, no CDN
    # Wagtail (the public news site's CMS, app `news`): editor, drafts, revisions, moderation workflow, images,
    # search; its admin's static files are collected with ours (whitenoise), no CDN. No embeds (they fetch from
    # outside services), no form builder, no redirects.
    "wagtail.sites",
    "wagtail.users",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "core",
    "audit",
    "jobs",
    "rules",
    # Our apps in their dependency order (README, "Layers"): each imports only those above it in this list,
    # and ready() runs in this order, so a lower app's hooks have their handlers in this order too.
    "organizations",
    "accounts",
    "members",
    "apparatus",
    "documents",
    "meetings",
    "inspections",
    "dues",
    "reviews",
    "badges",
    "petitions",
    "notifications",
    "imports",
    "studies",
    "reports",
    "api",
    "news",
    "dashboard",
    "demo",
]

MIDDLEWARE = [
    "core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "news.cms.CMSPolicyMiddleware",  # after django-csp's: the CMS's own policy (news/cms.py says why)
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "core.middleware.SessionIdleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dangbo.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "core.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "dangbo.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Kept open like PostgreSQL's (CONN_MAX_AGE above): a new SQLite connection reads and parses the whole schema
    # on its first statement, 3-4 ms of every request when each request opened its own.
    DATABASES["default"].setdefault("OPTIONS", {})
    # WAL lets readers run while one writer commits; see core.apps for the pragma.
    DATABASES["default"]["OPTIONS"].update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        }
    )

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: the planner's estimates of a wide scope's queries cross jit_above_cost, and compiling then
    # costs 5-7 ms to save less on queries that run in tens of milliseconds (an OLTP site's usual setting).
    # A DATABASE_URL that names its own `options` (libpq's: ?options=...) keeps them.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("options", "-c jit=off")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["dangbo.formats"]
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Uploaded files (meeting documents, petition scans): never served as static files; views that check the
# scope stream them.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")
# Not served as a folder: each kind of file has its own view and scope (the CMS's images: news.cms.CMSImageFile).
MEDIA_URL = "/news/media/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed names once `collectstatic` has run (make run, production);
        # plain names before that (tests, a fresh checkout), served from the app dirs by whitenoise.
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG and (STATIC_ROOT / "staticfiles.json").exists()
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_MANIFEST_STRICT = False

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "login"

FILTERS_EMPTY_CHOICE_LABEL = _("All")
DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "table table-sm table-hover align-middle"}
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
SIMPLE_HISTORY_REVERT_DISABLED = True

# ---- E-mail (the notifications app; README, "Notifications by e-mail") ---------------------------------------------
# Default: each message is written as a file under var/mail/ (make run, a laptop; nothing leaves the machine).
# SMTP when the environment names a server: EMAIL_URL (smtp://user:password@host:587 with STARTTLS, smtps://... for
# SSL on connect, smtp+plain://... for neither; console:// or file:///path for the other two), or EMAIL_HOST with
# EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS / EMAIL_USE_SSL. EMAIL_BACKEND overrides all.
SITE_URL = os.environ.get("SITE_URL") or "http://127.0.0.1:8000"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL") or "dangbo <noreply@localhost>"
SERVER_EMAIL = os.environ.get("SERVER_EMAIL") or DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH") or str(BASE_DIR / "var" / "mail")
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT") or 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", EMAIL_PORT == 587)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", EMAIL_PORT == 465)
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
if os.environ.get("EMAIL_URL"):
    _mail = urlsplit(os.environ["EMAIL_URL"])
    if _mail.scheme == "console":
        EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    elif _mail.scheme == "file":
        EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
        EMAIL_FILE_PATH = unquote(_mail.path) or EMAIL_FILE_PATH
    elif _mail.scheme in {"smtp", "smtps", "smtp+ssl", "smtp+tls", "smtp+plain"}:
        EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        EMAIL_HOST = _mail.hostname or "localhost"
        EMAIL_USE_SSL = _mail.scheme in {"smtps", "smtp+ssl"}
        EMAIL_USE_TLS = _mail.scheme in {"smtp", "smtp+tls"}
        EMAIL_PORT = _mail.port or (465 if EMAIL_USE_SSL else 25 if _mail.scheme == "smtp+plain" else 587)
        EMAIL_HOST_USER = unquote(_mail.username or "")
        EMAIL_HOST_PASSWORD = unquote(_mail.password or "")
        _from = parse_qs(_mail.query).get("from")
        if _from and not os.environ.get("DEFAULT_FROM_EMAIL"):
            DEFAULT_FROM_EMAIL = SERVER_EMAIL = _from[0]
    else:
        raise ValueError(f"EMAIL_URL: unknown scheme {_mail.scheme!r} (smtp, smtps, smtp+plain, console, file)")
if os.environ.get("EMAIL_BACKEND"):
    EMAIL_BACKEND = os.environ["EMAIL_BACKEND"]

# ---- Security (README, "Hardening") -------------------------------------------------------------------------------
PYTEST = bool(os.environ.get("PYTEST_VERSION"))
# HTTPS-only (secure cookies, HSTS, redirect to https) unless DEBUG, the demo (`make run` serves http on localhost)
# or a test run; HTTPS=0 for an intranet served over plain HTTP, HTTPS=1 to force it.
HTTPS = env_bool("HTTPS", not (DEBUG or DEMO_MODE or PYTEST))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600))) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
# Behind a reverse proxy that terminates TLS (nginx in front of gunicorn), the proxy says the request came in over
# https with X-Forwarded-Proto; PROXY_SSL_HEADER=0 when the app is reached without one (then never trust it).
if HTTPS and env_bool("PROXY_SSL_HEADER", True):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# A session ends after SESSION_IDLE_MINUTES without a request (core.middleware.SessionIdleMiddleware renews it at
# most once a minute) and when the browser closes (SESSION_AT_BROWSER_CLOSE=0 keeps it across restarts).
SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_AT_BROWSER_CLOSE", True)

# Content-Security-Policy (django-csp): our own files only; no inline script or style anywhere (README, "CSP").
from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Login protection (django-axes): LOGIN_FAILURE_LIMIT failures lock the user name, and, separately, the address;
# an administrator unlocks (accounts), or the lock lifts after LOGIN_LOCKOUT_HOURS (0: only the administrator).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
# An address shared by a whole office (one NAT) locks only after LOGIN_ADDRESS_FAILURE_LIMIT (4 × the user's limit by
# default): staff typos add up there (accounts.security.failure_limit).
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("LOGIN_ADDRESS_FAILURE_LIMIT") or 4 * LOGIN_FAILURE_LIMIT)
AXES_FAILURE_LIMIT = "accounts.security.failure_limit"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = float(os.environ.get("LOGIN_LOCKOUT_HOURS", "1")) or None
# Not axes' reset on success (it would wipe the failures of every name tried from the address at each good login):
# accounts clears the one user name's failures once the login is complete (second factor included).
AXES_RESET_ON_SUCCESS = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "accounts.security.lockout_response"  # the Vietnamese page (and the login form's message)
# Behind the reverse proxy the client's address is the entry the proxy wrote in X-Forwarded-For, PROXY_COUNT from the
# right (the leftmost can be forged); without a proxy, REMOTE_ADDR. The login locks and the security log read it
# the same way (audit.requests.client_ip).
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "1" if HTTPS else "0")) or None
AXES_CLIENT_IP_CALLABLE = "audit.requests.client_ip"
AUDIT_RETENTION_DAYS = int(os.environ.get("AUDIT_RETENTION_DAYS", "730"))
# Second factor (django-otp, TOTP): OTP_REQUIRED=1 asks administrators and the Bloc's standing committee for a code
# from their authenticator app at each login (accounts).
OTP_REQUIRED = env_bool("OTP_REQUIRED", False)
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER") or "dangbo"

# Uploaded files (core.files): the largest accepted, and the kinds accepted, read from the content, not the name.
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# The date bounds read from the rules (rules.bounds) are kept this long in each process.
BOUNDS_CACHE_SECONDS = int(os.environ.get("BOUNDS_CACHE_SECONDS", "300"))

# Backups (core.backup, `manage.py backup`): where the archives go, and how long a SQLite backup waits for the writers.
BACKUP_DIR = os.environ.get("BACKUP_DIR") or str(BASE_DIR / "var" / "backups")
BACKUP_LOCK_TIMEOUT = int(os.environ.get("BACKUP_LOCK_TIMEOUT", "600"))

# Logging: every unhandled error's traceback with the request's id (core.middleware.RequestIdMiddleware; the error
# page shows the same id); logins, lockouts and refusals as the security log (also kept in the audit app's table).
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.middleware.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.security": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "dangbo": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "huey": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

# ---- Background jobs ----------------------------------------------------------------------------------------------
# A Huey queue (README, "Background jobs"); `manage.py run_huey` is the worker (`make run` starts it with the server).
# QUEUE_URL  empty: SQLite storage in var/queue.sqlite3 (no server; queued jobs survive a restart, the queue is a file)
#            sqlite:///path/to/file: the same in another file (absolute: sqlite:////abs/path)
#            redis://host:port/db: Redis (production: every app server and worker shares it)
#            memory: in-process, each job runs at once when its transaction commits (the test run: pytest sets
#            PYTEST_VERSION before the settings are read, so a test run never touches a developer's or a server's
#            queue unless QUEUE_URL names one)
# QUEUE_NAME the queue's name (default "dangbo"): two installations can share one Redis under different names.
QUEUE_URL = os.environ.get("QUEUE_URL", "").strip() or ("memory" if os.environ.get("PYTEST_VERSION") else "")
QUEUE_NAME = os.environ.get("QUEUE_NAME", "").strip() or "dangbo"
HUEY = {
    "name": QUEUE_NAME,
    "results": False,  # a job's state and result live in its jobs.Job row, not in the queue
    "immediate": False,
    # Two worker threads: the jobs wait on the database and the disk, threads share one process's memory and need
    # no fork with open database, SQLite or Redis connections; the scheduler runs the periodic tasks (jobs.tasks).
    # max_delay: an idle SQLite queue is looked at every second (Redis waits on the queue itself).
    "consumer": {"workers": 2, "worker_type": "thread", "max_delay": 1.0, "periodic": True},
}
if QUEUE_URL == "memory":
    HUEY.update({"huey_class": "huey.MemoryHuey", "immediate": True})
elif QUEUE_URL.startswith(("redis://", "rediss://", "unix://")):
    HUEY.update({"huey_class": "huey.RedisHuey", "url": QUEUE_URL})
elif not QUEUE_URL or QUEUE_URL.startswith("sqlite://"):
    _queue_file = Path(QUEUE_URL.removeprefix("sqlite:///")) if QUEUE_URL else Path("var") / "queue.sqlite3"
    _queue_file = _queue_file if _queue_file.is_absolute() else BASE_DIR / _queue_file
    _queue_file.parent.mkdir(parents=True, exist_ok=True)
    HUEY.update({"huey_class": "huey.SqliteHuey", "filename": str(_queue_file)})
else:
    raise ValueError(f"QUEUE_URL: unknown scheme in {QUEUE_URL!r} (empty, sqlite:///file, redis://host:port/db, memory)")
# An export of more rows than this is made by a job instead of in the request (core.views, jobs.exports).
EXPORT_SYNC_MAX_ROWS = int(os.environ.get("EXPORT_SYNC_MAX_ROWS", "5000"))
# A job's result file is deleted this many days after the job finished (the job stays, with the file's name).
JOB_RESULT_DAYS = int(os.environ.get("JOB_RESULT_DAYS", "7"))
# A running job whose worker has given no sign of life for this long is put back on the queue (its worker died);
# after JOB_MAX_ATTEMPTS interrupted runs it fails instead.
JOB_STALE_SECONDS = int(os.environ.get("JOB_STALE_SECONDS", "60"))
JOB_MAX_ATTEMPTS = int(os.environ.get("JOB_MAX_ATTEMPTS", "3"))

# ---- The public news site (app `news`, README "The public news site") ----------------------------------------------
# Wagtail serves the Bloc's public pages under /tin-tuc/ (no login), its editors' admin under /cms/.
WAGTAIL_SITE_NAME = os.environ.get("NEWS_SITE_NAME") or "Đảng bộ Khối các cơ quan tỉnh"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_LOGIN_URL = LOGIN_URL  # our login page (lockout, second factor), not Wagtail's own
# Passwords are the app's (its own change page, its administrators): no second way to reset one by e-mail.
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False  # no call to an outside service
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # nor for the editors' pictures: the networks these systems run on are closed
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILEMBEDS_FINDERS = []
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Reader comments: the limits against abuse (no outside service): comments one address may send in the window
# (refused beyond it, nothing written), the longest text, the most links a text may hold.
NEWS_COMMENT_RATE = int(os.environ.get("NEWS_COMMENT_RATE", "3"))
NEWS_COMMENT_RATE_MINUTES = int(os.environ.get("NEWS_COMMENT_RATE_MINUTES", "10"))
NEWS_COMMENT_MAX_LENGTH = int(os.environ.get("NEWS_COMMENT_MAX_LENGTH", "2000"))
NEWS_COMMENT_MAX_LINKS = int(os.environ.get("NEWS_COMMENT_MAX_LINKS", "2"))

# ---- Imports (README, "Imports from Excel") -----------------------------------------------------------------------
# The largest file an import takes; a committee's 4,000 member files are about 0.5 MB, a province's 100,000 about 11.
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(20 * 1024 * 1024)))
