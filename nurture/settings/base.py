"""Settings shared by every environment.

Everything that differs between a laptop, CI and production comes from the
environment (django-environ). With nothing set, the app runs on embedded
defaults: SQLite under var/ and a Celery broker on the filesystem, so a fresh
clone needs no server at all.
"""
from datetime import timedelta
from email.utils import parseaddr
from pathlib import Path

import environ
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])

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
    "django_celery_beat",
    "axes",
    "csp",
    "simple_history",
    "nurture",
    "candidates",
    "outreach",
    "anymail",
    # Nested outreach apps, one per concept with tables or commands of its own.
    "outreach.demo",
    "outreach.mail",
    "outreach.segments",
    "outreach.sequences",
    # Data in and out: imports, duplicates and merges, exports.
    "outreach.imports",
    "outreach.duplicates",
    "outreach.exports",
    "outreach.api",
    "outreach.privacy",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "outreach.newsletters",
    "outreach.events",
    "outreach.webhooks",
    "outreach.watch",
    "outreach.openings",
    "outreach.signals",
]
# Tooling that is not product: local and test settings add "bench" (make bench).
TOOLING_APPS = ["bench"]

MIDDLEWARE = [
    # First, so its one log line per request times and ids everything below it.
    "nurture.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before any view reads the query string: a NUL in it is a 400, never a database error.
    # After authentication only so the 400 page can show the signed-in person's navigation.
    "nurture.middleware.RejectNulMiddleware",
    # Slides the idle timeout forward every few minutes rather than on every request.
    "nurture.sessions.SessionRefreshMiddleware",
    # Every page needs a login unless its view opts out with @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "nurture.middleware.UserTimezoneMiddleware",
    "csp.middleware.CSPMiddleware",
    # Stamps each audit-trail row of a candidate with the person who made the change.
    "simple_history.middleware.HistoryRequestMiddleware",
    "nurture.middleware.NoStoreMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the friendly lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "nurture.urls"
WSGI_APPLICATION = "nurture.wsgi.application"

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
                "outreach.context_processors.scheduler_warning",
            ],
        },
    },
]


def _database_from_env() -> dict:
    db = env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'nurture.sqlite3'}")
    if db["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets the web process read while the worker writes; the busy
        # timeout and IMMEDIATE transactions turn lock clashes into short waits
        # instead of "database is locked" errors.
        db.setdefault("OPTIONS", {}).update(
            {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
                "transaction_mode": "IMMEDIATE",
            }
        )
    else:
        db.setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
        db.setdefault("CONN_HEALTH_CHECKS", True)
    return db


DATABASES = {"default": _database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The throttle backend goes first so a locked-out login never reaches the password check.
AUTHENTICATION_BACKENDS = [
    "nurture.backends.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "outreach:my_checkins"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
# Front-end packages come from npm (package.json) and are served by the app
# itself through whitenoise: no CDN, no vendored copies in git.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", BASE_DIR / "node_modules" / "bootstrap-icons" / "font"),
]
# Files browsers ask for at the site root (/favicon.ico), answered by whitenoise before any view.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# Django's template form renderer, with the common widgets built in Python (same HTML, a fraction of the time).
FORM_RENDERER = "nurture.form_rendering.FormRenderer"
# crispy marks each widget with its class name; the timezones' cached select is still a "select".
CRISPY_CLASS_CONVERTERS = {"fixedoptionsselect": "select"}

SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
# Inactivity timeout: activity pushes the expiry forward, at most once every
# SESSION_REFRESH_SECONDS (nurture/sessions.py), so an idle session dies.
SESSION_REFRESH_SECONDS = env.int("SESSION_REFRESH_SECONDS", default=5 * 60)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# A form refused for a stale token gets the app's 403 page, saying to reload and try again.
CSRF_FAILURE_VIEW = "nurture.errors.csrf_failure"

# --- Login throttling (django-axes) ------------------------------------------
# Five wrong passwords for one username from one address lock that pair for a
# quarter of an hour. Keyed on the pair, so an attacker elsewhere cannot lock the
# real user out; the cool-off is not extended by further tries, so it always ends.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = True

# --- Content-Security-Policy (django-csp) -------------------------------------
# Everything comes from this site: no inline scripts or styles, no CDN, no frames.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

# --- Audit trail (django-simple-history) ----------------------------------------
SIMPLE_HISTORY_REVERT_DISABLED = True

# --- Email -----------------------------------------------------------------
# EMAIL_URL (e.g. smtp+tls://user:pass@host:587) switches to real SMTP. Without
# it, emails are written as files under var/emails so a new user can open them.
if env("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = Path(env("EMAIL_FILE_PATH", default=str(VAR_DIR / "emails")))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Nurture CRM <nurture@localhost>")
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# --- Candidate-facing email (outreach.mail) --------------------------------------
# Sent From the app's own address on the recruiter's behalf ("Dee Shah via Nurture"), with
# Reply-To the recruiter, so the domain's SPF and DKIM cover every message.
MAIL_FROM_ADDRESS = env("MAIL_FROM_ADDRESS", default=parseaddr(DEFAULT_FROM_EMAIL)[1] or "nurture@localhost")
MAIL_FROM_NAME = env("MAIL_FROM_NAME", default="Nurture")
_mail_domain = MAIL_FROM_ADDRESS.rpartition("@")[2] or "localhost"
MAIL_MESSAGE_ID_DOMAIN = env("MAIL_MESSAGE_ID_DOMAIN", default=_mail_domain)
MAIL_LIST_ID_DOMAIN = env("MAIL_LIST_ID_DOMAIN", default=_mail_domain)
# Who the privacy notice in a candidate's first email names as keeping their details.
MAIL_ORGANISATION = env("MAIL_ORGANISATION", default="Our recruiting team")
# An optional mailto: in List-Unsubscribe, for a mailbox someone actually reads.
MAIL_UNSUBSCRIBE_MAILTO = env("MAIL_UNSUBSCRIBE_MAILTO", default="")
# "postmark" adds the X-PM-Metadata header Postmark echoes in its webhooks.
MAIL_PROVIDER = env("MAIL_PROVIDER", default="")
# The provider's delivery/bounce webhook (django-anymail) is on only with a secret,
# given as "user:password" and put in the webhook URL the provider calls.
ANYMAIL = {"WEBHOOK_SECRET": env("ANYMAIL_WEBHOOK_SECRET", default="")}
# --- Replies and sequences (outreach.mail inbound, outreach.sequences) -------------
# A mailbox the team reads replies through: every candidate email then carries a Reply-To
# of this address plus a per-message token (replies+r12-ab34@example.org), so a reply finds
# its message. Empty: Reply-To stays the recruiter and only the inbound webhook sees replies.
MAIL_REPLY_MAILBOX = env("MAIL_REPLY_MAILBOX", default="")
# The reply mailbox over IMAP, polled every minute by beat; off while MAIL_IMAP_HOST is empty.
MAIL_IMAP_HOST = env("MAIL_IMAP_HOST", default="")
MAIL_IMAP_PORT = env.int("MAIL_IMAP_PORT", default=993)
MAIL_IMAP_SSL = env.bool("MAIL_IMAP_SSL", default=True)
MAIL_IMAP_USER = env("MAIL_IMAP_USER", default="")
MAIL_IMAP_PASSWORD = env("MAIL_IMAP_PASSWORD", default="")
MAIL_IMAP_FOLDER = env("MAIL_IMAP_FOLDER", default="INBOX")
MAIL_IMAP_PROCESSED_FOLDER = env("MAIL_IMAP_PROCESSED_FOLDER", default="Processed")
# Sequences send on business days only: the team's public holidays (the `holidays` package's
# country code, optionally "country-subdivision", e.g. "GB-ENG" or "DE-BY").
SEQUENCE_HOLIDAYS = env("SEQUENCE_HOLIDAYS", default="GB-ENG")
# --- Newsletters (outreach.newsletters) -------------------------------------------
# The mail provider's limits: messages per second per worker, and per clock hour across all
# workers (counted in CACHE_URL's cache); 0 means no limit.
NEWSLETTER_RATE_PER_SECOND = env.float("NEWSLETTER_RATE_PER_SECOND", default=50.0)
NEWSLETTER_RATE_PER_HOUR = env.int("NEWSLETTER_RATE_PER_HOUR", default=0)
# SMTP connections one worker keeps open side by side: most of a message's time is waiting for the server.
NEWSLETTER_SMTP_CONNECTIONS = env.int("NEWSLETTER_SMTP_CONNECTIONS", default=4)
# --- Career watch (outreach.watch) ------------------------------------------------
# Feeds are fetched from the public internet only: an address that is private, loopback or
# link-local (after DNS and after every redirect) is refused. Entries here ("127.0.0.1" or
# "127.0.0.1:8123") are let through anyway; only the test settings set any, for their own server.
WATCH_FEEDS_ALLOWED_PRIVATE_HOSTS: list[str] = []
WATCH_FEED_MAX_BYTES = env.int("WATCH_FEED_MAX_BYTES", default=2 * 1024 * 1024)
# The public mail links' rate limit counts in this cache: set CACHE_URL (e.g. redis://...) so
# every web process shares the count; by default each process counts on its own.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

# --- Celery ----------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # A task not acknowledged within this window is redelivered; retries
        # back off to well below it so a retried task is never delivered twice.
        "visibility_timeout": 3600,
    }
else:
    # A broker that needs no server: messages are files under var/broker.
    CELERY_BROKER_URL = "filesystem://"
    _broker_dir = Path(env("CELERY_BROKER_DIR", default=str(VAR_DIR / "broker")))
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        # Where kombu keeps its exchange tables; it defaults to ./control otherwise.
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
CELERY_TIMEZONE = "UTC"
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
# Workers and beat log through LOGGING below (JSON lines in production), not Celery's own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# One beat publishes at a time, whatever runs: see outreach/single_beat.py.
CELERY_BEAT_SCHEDULER = "outreach.single_beat:SingleBeatScheduler"
# The periodic jobs are defined in outreach/beat_schedule.py and loaded into the
# database by `migrate`; beat syncs admin edits every few minutes.
# Publishing gives up within about a second when the broker is down: the digest
# row is already committed, the rest of that run publishes nothing (outreach/publishing.py)
# and the sweep, every 2 minutes, enqueues them once the broker is back.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 0.5}
# Long jobs (the dashboard refresh at a million candidates) get ten minutes; the send tasks set
# tighter limits of their own, inside their claim timeouts (outreach/digests/sending.py,
# outreach/mail/tasks.py).
CELERY_TASK_SOFT_TIME_LIMIT = 8 * 60
CELERY_TASK_TIME_LIMIT = 10 * 60

# One line per request and per task, each with its request or task id (nurture/logs.py).
# LOG_FORMAT=json writes JSON lines (production's default); plain is for reading in a terminal.
LOG_FORMAT = env("LOG_FORMAT", default="plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "nurture.logs.ContextFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "nurture.logs.json_formatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["context"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Its 4xx warnings carry the raw path (a signed link's token); nurture.request logs the route instead.
        "django.request": {"level": "ERROR"},
    },
}
# /metrics (nurture/metrics.py): with a token, only for "Authorization: Bearer <token>";
# without one, only from this machine and not through a proxy.
METRICS_TOKEN = env("METRICS_TOKEN", default="")

# --- REST API (outreach.api) -------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "outreach.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["outreach.api.permissions.CanUseTheApi"],
    "DEFAULT_THROTTLE_CLASSES": ["outreach.api.throttling.PerTokenThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api_token": env("API_THROTTLE_RATE", default="600/minute")},
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "outreach.api.schema.ApiSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Nurture API",
    "DESCRIPTION": "Read the talent pool: candidates, touch points, interviews and scorecards, schedules, career "
                   "updates. Authenticate with a personal token from Settings: `Authorization: Bearer <token>`.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["outreach.api.permissions.CanUseTheApi"],
    # The interactive docs' files come from the app itself (drf-spectacular-sidecar), never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {"TouchKindEnum": "outreach.choices.TouchKind"},
}

# --- Outgoing webhooks (outreach.webhooks) -------------------------------------
# Seconds each post waits to connect and for the answer; a slower endpoint counts as failed.
WEBHOOK_TIMEOUT_SECONDS = env.float("WEBHOOK_TIMEOUT_SECONDS", default=10.0)
# Deliveries in a row that used up all their retries (about 15 hours each) before an endpoint is
# switched off, with an email to the admin who added it.
WEBHOOK_DISABLE_AFTER = env.int("WEBHOOK_DISABLE_AFTER", default=5)
# Endpoints must be public https addresses. True lets 127.0.0.0/8 and ::1 in over plain http too
# (tests, trying a receiver on a laptop); never set it on a server others can reach.
WEBHOOK_ALLOW_LOOPBACK = env.bool("WEBHOOK_ALLOW_LOOPBACK", default=False)

# --- Background exports (outreach.exports) -------------------------------------
# A CSV of more candidates than this, or a spreadsheet of more than EXPORT_INLINE_XLSX_ROWS, is
# built on a worker into EXPORTS_DIR (outside the web roots; only its requester downloads it).
EXPORT_BACKGROUND_ROWS = env.int("EXPORT_BACKGROUND_ROWS", default=50_000)
EXPORT_INLINE_XLSX_ROWS = env.int("EXPORT_INLINE_XLSX_ROWS", default=5_000)
EXPORTS_DIR = Path(env("EXPORTS_DIR", default=str(VAR_DIR / "exports")))
# How long a prepared file is kept; an hourly job deletes it after.
EXPORT_KEEP = timedelta(days=env.int("EXPORT_KEEP_DAYS", default=7))
# --- Data protection (outreach.privacy) ---------------------------------------
# The key an erased candidate's address is hashed with (HMAC-SHA256) on the suppression list,
# so they are never written to or re-imported while the plain address is gone. Empty: the
# SECRET_KEY. Set it once and keep it: a new key forgets every erased address.
PRIVACY_HASH_KEY = env("PRIVACY_HASH_KEY", default="")
