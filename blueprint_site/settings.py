"""Settings for Blueprint, driven entirely by the environment.

The embedded defaults (SQLite, DEBUG on) work out of the box for development;
production differs only by environment variables:

- ``DJANGO_DEBUG``: ``1``/``0`` (default ``0`` — safe by default; ``make run`` sets it).
- ``DJANGO_SECRET_KEY``: required when DEBUG is off (except by the commands that only
  read the code, such as ``makemigrations``).
- ``DJANGO_ALLOWED_HOSTS``: comma-separated host names.
- ``DATABASE_URL``: e.g. ``postgres://user:pass@127.0.0.1:5432/blueprint``;
  SQLite (``db.sqlite3``, WAL mode) when unset.
- ``DJANGO_SQLITE_TIMEOUT``: seconds a SQLite write waits for the lock (default 20).
- ``DJANGO_EMAIL_URL``-style settings: ``EMAIL_HOST``, ``EMAIL_PORT``, ...
- ``DJANGO_SITE_URL``: the address used in links of notification e-mails (default: https://
  and the first host of ``DJANGO_ALLOWED_HOSTS``; required when there is none).
- ``DJANGO_PDF_SIGNING_SECRET``: encrypts the provinces' signing keys at rest (default:
  the secret key); ``DJANGO_PDF_SIGNATURE_TRUST_ROOTS``: CA files the verify page trusts.
"""

import os
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
# Under pytest: fast hashing, no HTTPS redirect, plain static files, a throwaway key.
TESTING = env_bool("DJANGO_TESTING", "pytest" in sys.modules)

# Commands that read only the code and its migrations — never a request, a session or a
# signed value — may run without a key, so that `manage.py makemigrations --check` works
# on a fresh clone. Everything else (serving, the worker, shell, check) still refuses.
CODE_ONLY_COMMANDS = {
    "makemigrations",
    "showmigrations",
    "sqlmigrate",
    "makemessages",
    "compilemessages",
}


def _manage_command() -> str | None:
    if Path(sys.argv[0]).name == "manage.py" and len(sys.argv) > 1:
        return sys.argv[1]
    return None


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
    elif _manage_command() in CODE_ONLY_COMMANDS:
        SECRET_KEY = "unused-by-code-only-commands-never-serve-with-it"
    else:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS",
    ["127.0.0.1", "localhost", "testserver"] if DEBUG or TESTING else [],
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "django_prometheus",
    "ops",
    "strategies",
    "proposals",
]

MIDDLEWARE = [
    # Request metrics (ops/README.md): the first and the last, to time everything between.
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After whitenoise (static files come pre-compressed), before anything that reads the body.
    *(
        ["blueprint_site.middleware.PageGZipMiddleware"]
        if env_bool("DJANGO_GZIP_PAGES", True)
        else []
    ),
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "strategies.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",  # request.htmx (strategies.http.is_htmx)
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "blueprint_site.middleware.SecurityHeadersMiddleware",
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "blueprint_site.urls"

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
            ],
            "builtins": ["strategies.templatetags.thai_dates"],
        },
    },
]

WSGI_APPLICATION = "blueprint_site.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded database under several gunicorn workers and threads (measured by
    # bench/concurrent_writes.py): WAL lets pages be read while someone writes; a write
    # transaction takes the write lock when it begins (IMMEDIATE), so it never fails
    # halfway upgrading a read lock ("database is locked"), and waits its turn for up
    # to DJANGO_SQLITE_TIMEOUT seconds. Options given in DATABASE_URL win.
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # SQLite keeps no connections worth reusing
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("DJANGO_SQLITE_TIMEOUT", 20),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        **DATABASES["default"].get("OPTIONS", {}),
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "login"

# Login throttling (django-axes): after AXES_FAILURE_LIMIT failed attempts for one username from
# one address, that pair is locked out for AXES_COOLOFF_TIME hours; a success resets the count.
# An address is locked too after LOGIN_ADDRESS_FAILURE_LIMIT failures, whatever usernames it
# tried (strategies/throttle.py). Attempts refused while locked are not recorded.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("DJANGO_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "strategies.throttle.LoginThrottle"
AXES_USERNAME_CALLABLE = "strategies.throttle.typed_username"
AXES_CLIENT_IP_CALLABLE = "strategies.throttle.client_address"  # IPv6: by /64
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("DJANGO_LOGIN_ADDRESS_FAILURE_LIMIT", 20)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Proxies in front of the app (nginx: 1): the client's address is read that many hops from
# the right of X-Forwarded-For (strategies.throttle.client_address); 0 trusts REMOTE_ADDR.
CLIENT_PROXY_COUNT = env_int("DJANGO_PROXY_COUNT", 0)
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Password reset by e-mail and password change (blueprint_site/accounts.py): requests per
# address and per e-mail address an hour, wrong current passwords per person an hour.
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # a reset link works for a day
PASSWORD_RESET_ADDRESS_LIMIT = env_int("DJANGO_PASSWORD_RESET_ADDRESS_LIMIT", 10)
PASSWORD_RESET_EMAIL_LIMIT = env_int("DJANGO_PASSWORD_RESET_EMAIL_LIMIT", 3)
PASSWORD_CHANGE_FAILURE_LIMIT = env_int("DJANGO_PASSWORD_CHANGE_FAILURE_LIMIT", 5)

# Thai first, English second.
LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("Thai")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Development and tests serve static files straight from the source folders.
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: console in development, SMTP when EMAIL_HOST is set.
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "blueprint@localhost")
# A slow mail server must not hold a request long (notifications are retried later).
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)


# Links in notification e-mails (sent by commands too, where there is no request host):
# DJANGO_SITE_URL, else https:// and the first named host of DJANGO_ALLOWED_HOSTS, else
# (development and tests only) the runserver address.
def _site_url() -> str:
    raw = os.environ.get("DJANGO_SITE_URL", "").strip()
    if raw:
        parts = urlsplit(raw)
        if parts.scheme not in {"http", "https"} or not parts.hostname or parts.path.strip("/"):
            raise ImproperlyConfigured(
                f"DJANGO_SITE_URL must be the site's address such as https://blueprint.example.go.th,"
                f" not {raw!r}"
            )
        return f"{parts.scheme}://{parts.netloc}"
    named = [host.lstrip(".") for host in ALLOWED_HOSTS if host not in {"*", "testserver"}]
    if named and not (DEBUG or TESTING):
        return f"https://{named[0]}"
    if DEBUG or TESTING or _manage_command() in CODE_ONLY_COMMANDS:
        return "http://127.0.0.1:8000"
    raise ImproperlyConfigured(
        "Set DJANGO_SITE_URL (or DJANGO_ALLOWED_HOSTS): links in e-mails need the site's address."
    )


SITE_URL = _site_url()

# Security: safe production defaults; `check --deploy` is clean when DEBUG is off.
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_AGE", 8 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Content Security Policy: scripts only from our own static files (no inline script anywhere);
# inline style attributes are allowed (Bootstrap utilities and HTMX's indicator style).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not TESTING)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Operations (ops/): /ops/health/ and /ops/metrics/ answer staff members logged in, or a
# client sending "Authorization: Bearer <DJANGO_OPS_TOKEN>" (a load balancer, Prometheus);
# everyone else gets 404. Prometheus scrapes each app server at its own address, over the
# private network: those paths are not redirected to HTTPS (add the servers' addresses to
# DJANGO_ALLOWED_HOSTS). The worker writes its heartbeat every WORKER_HEARTBEAT_SECONDS; the
# health page fails when the newest is older than DJANGO_WORKER_STALE_SECONDS.
OPS_TOKEN = os.environ.get("DJANGO_OPS_TOKEN", "")
if OPS_TOKEN and len(OPS_TOKEN) < 32:
    raise ImproperlyConfigured("DJANGO_OPS_TOKEN must be at least 32 characters long.")
SECURE_REDIRECT_EXEMPT = [r"^ops/"]
WORKER_HEARTBEAT_SECONDS = env_int("DJANGO_WORKER_HEARTBEAT_SECONDS", 10)
WORKER_HEARTBEAT_STALE = env_int("DJANGO_WORKER_STALE_SECONDS", 60)

# `bench/run.py` turns this on to reach a trivial view (`/bench/ping/`) it compares pages with.
BENCH_ENDPOINTS = env_bool("DJANGO_BENCH", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # WeasyPrint reports every layout step at INFO.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}
DEMO_LOADERS = [
    "proposals.demo.blueprint.load_blueprint_demo",
    "proposals.demo.participation.load_participation_demo",
    "proposals.demo.review.load_review_demo",
    "proposals.demo.monitoring.load_monitoring_demo",
]

# Background jobs (the OPDC batch PDF export): Django's task framework, stored in the
# database and run by `manage.py review_worker` (see proposals/review/README.md).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# The Blueprint PDF (proposals.pdf). Thai digits for page numbers and dates in the
# archived submission (drafts follow the reader's profile when they set it); the
# largest file the verify page accepts; the cache of rendered drafts (on disk, so
# every worker process shares it; in memory under tests).
PDF_THAI_NUMERALS = env_bool("DJANGO_PDF_THAI_NUMERALS", False)
# Page numbers: "regulation" (centred at the top, "- 2 -", from the second page, as the
# Regulation on Correspondence has them) or "of-total" ("หน้า 2 จาก 14" at the foot).
PDF_PAGE_NUMBERS = os.environ.get("DJANGO_PDF_PAGE_NUMBERS", "regulation")
if PDF_PAGE_NUMBERS not in ("regulation", "of-total"):
    raise ImproperlyConfigured('DJANGO_PDF_PAGE_NUMBERS must be "regulation" or "of-total"')
PDF_VERIFY_MAX_BYTES = env_int("DJANGO_PDF_VERIFY_MAX_MB", 20) * 1024 * 1024
# Attachments of a Blueprint (minutes, photos, the signed approval page): largest file.
ATTACHMENT_MAX_BYTES = env_int("DJANGO_ATTACHMENT_MAX_MB", 10) * 1024 * 1024
# PAdES signatures of submission PDFs (proposals.pdf.signing): the provinces' private keys
# are encrypted at rest under a key derived from PDF_SIGNING_SECRET (default: SECRET_KEY;
# set it separately so that rotating SECRET_KEY keeps the keys readable). The verify page
# trusts the CA certificates (PEM/DER files) listed, comma-separated, in
# DJANGO_PDF_SIGNATURE_TRUST_ROOTS (e.g. the Thai National Root CA).
PDF_SIGNING_SECRET = os.environ.get("DJANGO_PDF_SIGNING_SECRET", "") or SECRET_KEY
PDF_SIGNATURE_TRUST_ROOTS = [
    path.strip()
    for path in os.environ.get("DJANGO_PDF_SIGNATURE_TRUST_ROOTS", "").split(",")
    if path.strip()
]
for _root in PDF_SIGNATURE_TRUST_ROOTS:
    if not os.path.isfile(_root):
        raise ImproperlyConfigured(f"DJANGO_PDF_SIGNATURE_TRUST_ROOTS: no file {_root!r}")
# Draft PDFs (proposals.pdf.drafts): a draft estimated past this many pages is rendered by
# the background worker (a progress page, then the download); smaller ones in the request,
# at most PDF_RENDER_SLOTS at a time on this machine (file locks under PDF_LOCK_DIR), one
# render per content however many ask at once. A request that finds every slot taken for
# PDF_SLOT_WAIT seconds hands its draft to the worker rather than wait.
PDF_INLINE_MAX_PAGES = env_int("DJANGO_PDF_INLINE_MAX_PAGES", 30)
PDF_RENDER_SLOTS = env_int("DJANGO_PDF_RENDER_SLOTS", 1)
PDF_SLOT_WAIT = env_int("DJANGO_PDF_SLOT_WAIT", 2)
PDF_LOCK_DIR = os.environ.get("DJANGO_PDF_LOCK_DIR", str(BASE_DIR / "var" / "pdf-locks"))
if TESTING and "DJANGO_PDF_LOCK_DIR" not in os.environ:
    # Each test process its own slots: parallel test workers must not wait on each other.
    PDF_LOCK_DIR = os.path.join(tempfile.gettempdir(), f"blueprint-pdf-locks-{os.getpid()}")


def cache_server(name: str) -> str | None:
    """The shared cache server's address from ``name`` (``redis://``, ``rediss://`` or
    ``unix://``), or ``None`` when unset; anything else refuses to start."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    from urllib.parse import urlsplit

    parts = urlsplit(raw)
    if parts.scheme not in ("redis", "rediss", "unix") or not (parts.hostname or parts.path):
        raise ImproperlyConfigured(
            f"{name} must be a Redis address such as redis://127.0.0.1:6379/0, not {raw!r}"
        )
    try:
        parts.port  # noqa: B018 — a port that is not a number raises here
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} has a bad port: {raw!r}") from exc
    return raw


# The caches. Without DJANGO_CACHE_URL each process keeps its own in memory: right for one
# machine, since every cache key is computed from what was read (stamps, fingerprints), so
# a process can never serve another's stale entry. With several app servers, set
# DJANGO_CACHE_URL to one Redis server that they all share (README, "Production layout"):
# then a page rendered on one is reused by the others, and the counters that must hold
# across them (password-reset and password-change limits, blueprint_site/accounts.py) are
# counted once. A Redis server that is down makes requests fail quickly (one-second
# timeouts) rather than hang, and the health page names it.
CACHE_URL = cache_server("DJANGO_CACHE_URL")
if CACHE_URL:
    _redis = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": CACHE_URL,
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
    CACHES = {"default": {**_redis, "KEY_PREFIX": "blueprint"}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Caches of pages to leave unused (strategies.caching.NAMES, or "all"): to measure what
# each earns (bench/run.py) and to compare with pages rendered without them; a name that
# is no cache refuses to start.
CACHES_OFF = frozenset(env_list("DJANGO_CACHES_OFF", []))  # checked by strategies.caching
# Rendered draft PDFs stay on each machine's disk even with a shared cache server (they are
# large and keyed by their content, so a machine that has not rendered one renders it once).
CACHES["pdf"] = (
    {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pdf"}
    if TESTING
    else {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("DJANGO_PDF_CACHE_DIR", str(BASE_DIR / "var" / "pdf-cache")),
        "TIMEOUT": 7 * 24 * 60 * 60,
        "OPTIONS": {"MAX_ENTRIES": 500},
    }
)
