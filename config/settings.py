"""Settings for the award platform.

This is the only module that reads the environment. Every value has a safe development default
(SQLite, local private files, a file-based Celery broker, e-mail written to ``var/mail``) so that the
project runs with no service installed; production (``DJANGO_ENV=production``) refuses the unsafe ones.
``.env.example`` lists every variable.

Production starts with DJANGO_ENV, SECRET_KEY, ALLOWED_HOSTS, EMAIL_HOST, SITE_URL, DATABASE_URL and
REDIS_URL (plus STORAGE=s3 and AWS_* where files go to object storage); the first four are refused
when missing, a missing DATABASE_URL or REDIS_URL is a warning of ``check --deploy`` (core/checks.py).
Every other variable has a safe default, at most with a warning of ``check --deploy``, never a refusal.
"""

import base64
import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name, "").strip()
    if raw == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DJANGO_ENV = env_str("DJANGO_ENV", "development")
if DJANGO_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(f"DJANGO_ENV must be 'development' or 'production', not {DJANGO_ENV!r}")
PRODUCTION = DJANGO_ENV == "production"

# Local state of the embedded defaults (database, media, mail, broker) lives under var/.
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-never-use-this-key-in-production"
SECRET_KEY = env_str("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
DEBUG = env_bool("DEBUG", not PRODUCTION)

if PRODUCTION:
    # A production server must never start with the public development key or with DEBUG on.
    if SECRET_KEY == DEVELOPMENT_SECRET_KEY or SECRET_KEY.startswith("django-insecure"):
        raise ImproperlyConfigured("Set SECRET_KEY to a long random value when DJANGO_ENV=production.")
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters with at least 5 different ones.")
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be off when DJANGO_ENV=production.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS (comma-separated host names) when DJANGO_ENV=production.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# The address people reach the site at: every link in an e-mail starts with it.
SITE_URL = env_str("SITE_URL", "" if PRODUCTION else "http://127.0.0.1:8000").rstrip("/")
if PRODUCTION and not SITE_URL:
    raise ImproperlyConfigured("Set SITE_URL (e.g. https://awards.example.org) when DJANGO_ENV=production.")

INSTALLED_APPS = [
    # Django's admin, with dates in the Buddhist Era in its fields, lists and history (core/admin_dates.py).
    "core.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "import_export",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "axes",
    "core",
    "accounts",
    "awards",
    "submissions",
    "judging",
    "voting",
    "showcase",
    "backoffice",
    "reminders",
    "documents",
    "demo",
]

MIDDLEWARE = [
    # First, so that it times the whole request and logs every answer, redirects and errors included.
    "accounts.middleware.RequestLogMiddleware",
    # Second: a path with a NUL byte or an over-long segment answers 404 before anything reads it.
    "accounts.middleware.MalformedPathMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # After allauth's: staff, chairs and judges must have passed two-factor authentication, and their
    # sessions end after SESSION_PRIVILEGED_MAX_AGE or SESSION_IDLE_TIMEOUT (accounts/middleware.py).
    "accounts.middleware.AccountSecurityMiddleware",
    # Last, as django-axes asks: it turns a locked-out log-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

if PRODUCTION:
    # In production the web process serves the collected, hashed and compressed static files itself;
    # in development runserver serves them from the source folders.
    MIDDLEWARE.insert(3, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
                "accounts.context_processors.roles",
                "documents.context_processors.organiser",
            ],
        },
    },
]

# Database: SQLite in WAL mode by default, PostgreSQL (psycopg2) when DATABASE_URL is set.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # PostgreSQL's JIT can add seconds of compilation to an aggregate over a few thousand rows
        # (rankings, tallies) that runs in milliseconds without it. A database host that does not
        # answer fails a new connection after 5 s instead of holding the request thread.
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
        DATABASES["default"]["OPTIONS"].setdefault("connect_timeout", 5)
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "db.sqlite3",
            "OPTIONS": {
                # WAL lets the web server, the worker and beat read while one of them writes;
                # IMMEDIATE transactions take the write lock up front instead of failing halfway.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
                "transaction_mode": "IMMEDIATE",
            },
            # A file (not memory) so that a real Celery worker started by a test sees the test data;
            # one per test run, so that two runs side by side do not share it.
            "TEST": {"NAME": str(VAR_DIR / f"test-db-{os.getpid()}.sqlite3")},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out person is refused before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "awards:home"
LOGOUT_REDIRECT_URL = "awards:home"

# Accounts (django-allauth): log in by e-mail, which must be verified before the first log-in.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# Security notices (password changed or set, e-mail address changed or removed, two-factor
# authentication switched on or off, new recovery codes) go to the person, in our words (accounts/adapter.py).
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"signup": "accounts.forms.AccountSignupForm"}
PRIVACY_NOTICE_VERSION = "2026-11"

# Sign-in with a national or a messaging identity (accounts/identity.py): ThaiD (the Department of
# Provincial Administration's digital ID) and LINE Login, both through allauth's OpenID Connect
# provider, each listed only when its client is configured. A person links one to an account they
# already have (/account/); a sign-in through it then opens that account. Only a keyed hash of the
# provider's subject is stored (IDENTITY_HASH_KEY), no claim and no token: a ThaiD citizen ID never is.
# In development, `make run` starts a local OpenID Connect provider on IDENTITY_STAND_IN_URL that stands
# in for both, labelled as such; it is never configured in production.
IDENTITY_HASH_KEY = env_str("IDENTITY_HASH_KEY") or SECRET_KEY
IDENTITY_STAND_IN_URL = "" if PRODUCTION else env_str("IDENTITY_STAND_IN_URL", "http://127.0.0.1:9400")


def _identity_provider(key: str, name: str, default_issuer: str, default_scopes: str) -> dict | None:
    client_id = env_str(f"{key}_CLIENT_ID")
    issuer = env_str(f"{key}_ISSUER", default_issuer)
    stand_in = not client_id and bool(IDENTITY_STAND_IN_URL)
    if stand_in:
        client_id, issuer = f"awards-{key.lower()}-stand-in", IDENTITY_STAND_IN_URL
    if not client_id:
        return None
    return {
        "provider_id": key.lower(),
        "name": f"{name} (จำลอง · stand-in)" if stand_in else name,
        "client_id": client_id,
        "secret": env_str(f"{key}_CLIENT_SECRET", "stand-in" if stand_in else ""),
        "settings": {
            "server_url": issuer,
            "scope": env_str(f"{key}_SCOPES", default_scopes).split(),
            "stand_in": stand_in,
        },
    }


SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            app
            for app in (
                _identity_provider("THAID", "ThaiD", "", "openid"),
                _identity_provider("LINE", "LINE", "https://access.line.me", "openid profile"),
            )
            if app
        ],
    }
}
SOCIALACCOUNT_ADAPTER = "accounts.identity.IdentityAdapter"
# A provider's word that an e-mail address is "verified" never opens the account of that address:
# an identity signs in only to the account it was linked to.
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False
# Seconds our server waits for the identity provider at each call (discovery, token, user info).
SOCIALACCOUNT_REQUESTS_TIMEOUT = env_int("IDENTITY_PROVIDER_TIMEOUT", 5)

# Two-factor authentication (allauth's MFA): an authenticator app (TOTP) with recovery codes;
# required for staff, chairs and judges (accounts/middleware.py), optional for applicants.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env_str("MFA_TOTP_ISSUER", "Smart City Solution Awards")
MFA_ADAPTER = "accounts.adapter.MFAAdapter"
# Authenticator secrets are stored encrypted (accounts/encryption.py) with these Fernet keys: the
# first encrypts, all decrypt (put a new key first to rotate). Unset, a key derived from SECRET_KEY
# is used, and `check --deploy` warns.
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEY", [])
for _key in FIELD_ENCRYPTION_KEYS:
    try:
        _valid_key = len(base64.urlsafe_b64decode(_key.encode())) == 32
    except ValueError:
        _valid_key = False
    if not _valid_key:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY must be Fernet keys (44 characters of URL-safe base64).")
# A privileged account's first authenticator is set up only after the link e-mailed at log-in is
# opened (accounts/enrolment.py); the link works once, for this many hours.
TWO_FACTOR_ENROLMENT_LINK_HOURS = env_int("TWO_FACTOR_ENROLMENT_LINK_HOURS", 24)
# Wrong two-factor codes: five per account per five minutes (and ten a minute per address); allauth
# counts them under its "login_failed" limit, which it no longer applies to passwords (see
# AccountAdapter.pre_authenticate: wrong passwords are counted by django-axes and accounts.login_limit).
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}

# Sessions: an applicant stays logged in up to SESSION_COOKIE_AGE (two weeks, if they ticked
# "remember me"); staff, chairs and judges are logged out SESSION_PRIVILEGED_MAX_AGE after they
# logged in, whatever they do, and after SESSION_IDLE_TIMEOUT without a request.
SESSION_COOKIE_AGE = env_int("SESSION_MAX_AGE_HOURS", 24 * 14) * 3600
SESSION_PRIVILEGED_MAX_AGE = timedelta(hours=env_int("SESSION_PRIVILEGED_MAX_HOURS", 8))
SESSION_IDLE_TIMEOUT = timedelta(minutes=env_int("SESSION_IDLE_MINUTES", 60))

# Retention (PDPA): enforced every night by accounts.tasks.apply_retention (config/celery.py).
# Accounts whose e-mail address was never verified are deleted after this many days:
RETENTION_UNVERIFIED_ACCOUNT_DAYS = env_int("RETENTION_UNVERIFIED_ACCOUNT_DAYS", 30)
# IP addresses in the audit log are blanked after this many days (the events themselves stay):
RETENTION_AUDIT_IP_DAYS = env_int("RETENTION_AUDIT_IP_DAYS", 180)

# Brute-force protection (django-axes): five wrong passwords for one e-mail address from one
# IP address lock that pair out for 30 minutes; a successful log-in resets the count.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "accounts.security.attempted_email"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.security.lockout_response"
AXES_VERBOSE = False
# Per account from any address (accounts/login_limit.py): five wrong passwords within five minutes
# pause log-ins to that e-mail address, before any password is checked, until the window passes.
LOGIN_ACCOUNT_FAILURE_LIMIT = env_int("LOGIN_ACCOUNT_FAILURE_LIMIT", 5)
LOGIN_ACCOUNT_WINDOW = timedelta(minutes=env_int("LOGIN_ACCOUNT_WINDOW_MINUTES", 5))

# Cache: Redis when REDIS_URL is set (shared by every web and worker process), else process memory.
REDIS_URL = env_str("REDIS_URL")
# Seconds a request waits for Redis (cache and broker) to connect or to answer: a Redis that is down
# or frozen costs a request this long, never a request thread for minutes.
REDIS_TIMEOUT_SECONDS = 2
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache, building one client per pool instead of one per call.
            "BACKEND": "core.redis_cache.Cache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "awards"),
            "OPTIONS": {"socket_connect_timeout": REDIS_TIMEOUT_SECONDS, "socket_timeout": REDIS_TIMEOUT_SECONDS},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: Redis as broker when REDIS_URL is set, else kombu's file-system transport under var/,
# which lets a worker and beat in separate processes on one machine share a queue.
# CELERY_BROKER_DIR: the tests give their workers a folder of their own (tests/isolation.py).
CELERY_BROKER_DIR = Path(env_str("CELERY_BROKER_DIR", str(VAR_DIR / "celery")))
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": 3600,
        "socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
        "socket_timeout": REDIS_TIMEOUT_SECONDS,
    }
    CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_TIMEOUT_SECONDS
else:
    for folder in ("queue", "processed", "control"):
        (CELERY_BROKER_DIR / folder).mkdir(parents=True, exist_ok=True)
    # kombu's file-system transport, writing each message whole (core/filebroker.py).
    CELERY_BROKER_URL = "awardsfs://localhost/"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        # kombu keeps its exchange tables in ./control unless told otherwise: keep them under var/.
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
        "polling_interval": 0.1,
    }
CELERY_TASK_IGNORE_RESULT = True
# A web request that queues a task (after its commit) tries the broker twice, not four times (Celery's
# default): with the broker down the request answers after a few seconds at most, and what it queued
# is still in the database (the outbox, the document jobs) for the sweeps to queue again.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A task whose worker dies (killed, out of memory) goes back to the queue; every task is safe to
# run twice (a claimed outbox row, a reminder ledger row).
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# Defaults for tasks that set none (each of ours sets its own).
CELERY_TASK_SOFT_TIME_LIMIT = 300
CELERY_TASK_TIME_LIMIT = 360
# A worker child starts afresh after this many tasks: PDF rendering must not grow memory for ever.
CELERY_WORKER_MAX_TASKS_PER_CHILD = 200
CELERY_TASK_DEFAULT_QUEUE = "default"
# Three queues: mail (the outbox), pdf (documents) and default (sweeps and the rest); the Procfile's
# worker consumes all three, and a busy site runs a worker per queue.
CELERY_TASK_ROUTES = {
    "core.tasks.send_email": {"queue": "mail"},
    "core.tasks.*": {"queue": "default"},
    "reminders.tasks.*": {"queue": "default"},
    "documents.tasks.*": {"queue": "pdf"},
}
CELERY_TIMEZONE = "Asia/Bangkok"
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
# A PDF job's lease (documents/lease.py), renewed every quarter of it while the job renders: past it,
# the job's worker is taken for dead and the job is queued again. The production smoke suite
# shortens it to see a killed worker's jobs recover in seconds rather than minutes.
DOCUMENT_LEASE_SECONDS = env_int("DOCUMENT_LEASE_SECONDS", 120)
if DOCUMENT_LEASE_SECONDS < 8:
    raise ImproperlyConfigured("DOCUMENT_LEASE_SECONDS must be at least 8.")

# Files: private local storage by default (never served by URL; views check permission first);
# S3-compatible object storage through django-storages when STORAGE=s3.
STORAGE = env_str("STORAGE", "local")
# A frozen object store costs a request at most two tries (one retry) of 2 s to connect and 3 s to
# answer, never minutes: an upload then gets a form error asking to try again within 10 s (two tries
# of 3 s, the retry's back-off and the request's own work; with 5 s the answer took 10.8 s, with 4 s
# 8.5-10.5 s on a loaded machine), /healthz a timeout.
S3_CLIENT_TIMEOUTS = {
    "connect_timeout": 2,
    "read_timeout": 3,
    "retries": {"mode": "standard", "total_max_attempts": 2},
}
MEDIA_ROOT = VAR_DIR / "media"
STATIC_URL = "/static/"
# Where collectstatic puts the hashed files the web process serves and PDFs read (core/pdf.py).
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "static_root")))
STATICFILES_DIRS = [BASE_DIR / "static"]
if STORAGE == "local":
    DEFAULT_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "base_url": None},
    }
elif STORAGE == "s3":
    # Imported here: botocore is heavy and only needed when files go to object storage.
    from botocore.config import Config

    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env_str("AWS_S3_REGION_NAME") or None,
            "access_key": env_str("AWS_ACCESS_KEY_ID"),
            "secret_key": env_str("AWS_SECRET_ACCESS_KEY"),
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": env_int("AWS_QUERYSTRING_EXPIRE", 300),
            "file_overwrite": False,
            # With a client_config, django-storages takes the addressing style and the signature
            # version from it, not from its own options.
            "client_config": Config(
                s3={"addressing_style": env_str("AWS_S3_ADDRESSING_STYLE") or None},
                signature_version="s3v4",
                **S3_CLIENT_TIMEOUTS,
            ),
        },
    }
    if not DEFAULT_STORAGE["OPTIONS"]["bucket_name"]:
        raise ImproperlyConfigured("STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
else:
    raise ImproperlyConfigured(f"STORAGE must be 'local' or 's3', not {STORAGE!r}")
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # larger uploads stream to a temporary file
# Attachments per application (the call: up to 10 files of up to 20 MB each).
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_MB", 20) * 1024 * 1024
ATTACHMENT_MAX_COUNT = env_int("ATTACHMENT_MAX_COUNT", 10)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5_242_880

# E-mail: SMTP when EMAIL_HOST is set, else every message is written to var/mail
# (and every message, in any mode, is kept in the outbox that staff read in admin).
_smtp_host = env_str("EMAIL_HOST")
if _smtp_host:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _smtp_host,
                "port": env_int("EMAIL_PORT", 587),
                "username": env_str("EMAIL_HOST_USER"),
                "password": env_str("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                # Seconds the worker waits for the mail server at each step; a send that times
                # out is retried with backoff (core/tasks.py).
                "timeout": env_int("EMAIL_TIMEOUT", 20),
            },
        }
    }
elif PRODUCTION:
    raise ImproperlyConfigured("Set EMAIL_HOST (and EMAIL_HOST_USER/EMAIL_HOST_PASSWORD) when DJANGO_ENV=production.")
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(VAR_DIR / "mail")},
        }
    }
# Text messages (core/sms.py): a provider's HTTP API when SMS_API_URL is set; else written to var/sms/
# in development, and refused in production (nothing would read them).
_sms_url = env_str("SMS_API_URL")
SMS = {
    "BACKEND": "http" if _sms_url else ("disabled" if PRODUCTION else "file"),
    "URL": _sms_url,
    "KEY": env_str("SMS_API_KEY"),
    "SECRET": env_str("SMS_API_SECRET"),
    # The sender name registered with the provider (Thai operators allow 11 Latin characters).
    "SENDER": env_str("SMS_SENDER", "SmartCity"),
    # Seconds a worker waits for the provider; a timeout is retried later.
    "TIMEOUT": env_int("SMS_TIMEOUT", 10),
    "FILE_PATH": str(VAR_DIR / "sms"),
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Smart City Solution Awards <noreply@awards.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Every e-mail ends with a sender block (core/emails.py). An edition's e-mails carry the block set on
# the edition in admin (office, address, telephone, e-mail); e-mails of no edition (account e-mails,
# vote codes) carry the live edition's, and this one when the live edition names no office.
EMAIL_SENDER = {
    "office_th": env_str("EMAIL_SENDER_OFFICE_TH", "คณะทำงานโครงการประกวด Smart City Solution Awards"),
    "office_en": env_str("EMAIL_SENDER_OFFICE_EN", "The Smart City Solution Awards team"),
    "address_th": env_str("EMAIL_SENDER_ADDRESS_TH").replace("\\n", "\n"),
    "address_en": env_str("EMAIL_SENDER_ADDRESS_EN").replace("\\n", "\n"),
    "phone": env_str("EMAIL_SENDER_PHONE"),
    "extension": env_str("EMAIL_SENDER_PHONE_EXTENSION"),
    "email": env_str("EMAIL_SENDER_EMAIL"),
}

# Language and time: Thai first, English second; Buddhist-era dates come from core/thai.py.
LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("Thai")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_SAMESITE = "Lax"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Content Security Policy (Django 6): no inline scripts or styles, nothing from another origin.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}


def _object_storage_origins(options: dict) -> list[str]:
    """Where signed links to object storage point: an evidence thumbnail (an <img> on the scoring page
    and the preview) is a redirect to one, and a browser checks the redirect's origin against
    img-src. Both addressing styles (the bucket in the path or in the host name) are allowed."""
    bucket = options["bucket_name"]
    if options["endpoint_url"]:
        endpoint = urlsplit(options["endpoint_url"])
        return [f"{endpoint.scheme}://{endpoint.netloc}", f"{endpoint.scheme}://{bucket}.{endpoint.netloc}"]
    region = options["region_name"] or "us-east-1"
    hosts = [f"{bucket}.s3.amazonaws.com", f"{bucket}.s3.{region}.amazonaws.com", f"s3.{region}.amazonaws.com"]
    return [f"https://{host}" for host in hosts]


if STORAGE == "s3":
    SECURE_CSP["img-src"] += _object_storage_origins(DEFAULT_STORAGE["OPTIONS"])
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# A load balancer probes each instance directly over plain HTTP: the health endpoints answer it
# instead of redirecting to HTTPS (they show no personal data).
SECURE_REDIRECT_EXEMPT = [r"^healthz(/live|/ready)?$"]
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if env_bool("BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Behind N reverse proxies, the client's address is the N-th from the right in X-Forwarded-For;
# rate limits and lock-outs must count per client, not per proxy (0: no proxy, REMOTE_ADDR is it).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
AXES_CLIENT_IP_CALLABLE = "accounts.security.client_ip"

# The Popular Vote (voting/). Voters' identities are stored as an HMAC keyed with VOTE_HASH_KEY
# (rotating it makes every earlier voter new: set it once per deployment); the plain address is
# kept only until the vote closes plus the poll's retention days.
VOTE_HASH_KEY = env_str("VOTE_HASH_KEY") or SECRET_KEY
# A panel member mentioned in a discussion gets at most one e-mail per thread in this many minutes.
DISCUSSION_MENTION_EMAIL_MINUTES = env_int("DISCUSSION_MENTION_EMAIL_MINUTES", 60)
VOTE_PERIOD = env_str("VOTE_PERIOD", "cycle")
if VOTE_PERIOD not in {"cycle", "day"}:
    raise ImproperlyConfigured(f"VOTE_PERIOD must be 'cycle' or 'day', not {VOTE_PERIOD!r}")
VOTE_CODE_TTL_MINUTES = env_int("VOTE_CODE_TTL_MINUTES", 10)
VOTE_CODE_MAX_ATTEMPTS = env_int("VOTE_CODE_MAX_ATTEMPTS", 5)
VOTE_CODE_LOCK_MINUTES = env_int("VOTE_CODE_LOCK_MINUTES", 30)
VOTE_PASS_MINUTES = env_int("VOTE_PASS_MINUTES", 60)
# A voter who proved who they are and never voted: their plain address or number is blanked after
# this many days (voting/services/purge.py); the privacy notice says so from this setting.
VOTE_IDLE_VOTER_DAYS = env_int("VOTE_IDLE_VOTER_DAYS", 30)
VOTE_MIN_SECONDS = env_int("VOTE_MIN_SECONDS", 2)
# Requests per minute; mobile networks put many people behind one address, so the IP limits are loose.
VOTE_RATE_PER_IP = env_int("VOTE_RATE_PER_IP", 120)
VOTE_CODE_RATE_PER_IP = env_int("VOTE_CODE_RATE_PER_IP", 20)
VOTE_CODE_RATE_PER_DOMAIN = env_int("VOTE_CODE_RATE_PER_DOMAIN", 60)
# Large webmail providers (voting/domains.py) carry a whole viral burst: they get their own limit.
VOTE_CODE_RATE_PER_LARGE_DOMAIN = env_int("VOTE_CODE_RATE_PER_LARGE_DOMAIN", 20_000)
# SMS codes cost money per message, and re-sends are a known way to run up the bill: the limits are
# tight. Per number: at most this many codes an hour, and a new one only after this many seconds.
# Per network (the /24 of an IPv4 address, the /48 of an IPv6 one): at most this many a minute.
VOTE_SMS_CODES_PER_HOUR = env_int("VOTE_SMS_CODES_PER_HOUR", 3)
VOTE_SMS_RESEND_SECONDS = env_int("VOTE_SMS_RESEND_SECONDS", 60)
VOTE_SMS_RATE_PER_NETWORK = env_int("VOTE_SMS_RATE_PER_NETWORK", 10)
VOTE_RATE_LIMIT_REDIS_URL = env_str("VOTE_RATE_LIMIT_REDIS_URL", REDIS_URL)
# Escalating checks (voting/escalation.py): the code requests and votes of one network (a /24, a /48)
# are counted over the last 10 minutes. Past VOTE_CHALLENGE_AFTER of them, each such request carries a
# solved proof-of-work challenge (ALTCHA, self-hosted: voting/botcheck.py); past
# VOTE_STRONG_PROOF_AFTER, an e-mail proof is not enough (SMS, LINE or ThaiD is). 0 turns a step off.
VOTE_CHALLENGE_AFTER = env_int("VOTE_CHALLENGE_AFTER", 40)
VOTE_STRONG_PROOF_AFTER = env_int("VOTE_STRONG_PROOF_AFTER", 200)
# The challenge's HMAC key (set it apart from SECRET_KEY to rotate one without the other), its cost
# (PBKDF2 iterations per try; about 256 tries solve one) and how long a challenge may be solved.
VOTE_CHALLENGE_HMAC_KEY = env_str("VOTE_CHALLENGE_HMAC_KEY") or SECRET_KEY
VOTE_CHALLENGE_COST = env_int("VOTE_CHALLENGE_COST", 2000)
VOTE_CHALLENGE_MINUTES = env_int("VOTE_CHALLENGE_MINUTES", 20)
# Group commit of votes (voting/groupcommit.py): during a burst, the thread that writes the next
# batch waits this long first, so that votes already on their way share its INSERT and its commit.
# A vote is still answered only after the commit that holds it; 0 turns the wait off.
VOTE_GROUP_COMMIT_DELAY_MS = env_int("VOTE_GROUP_COMMIT_DELAY_MS", 2)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        # One JSON object per line in production, for the log collector (accounts/logs.py).
        "json": {"()": "accounts.logs.JSONFormatter"},
    },
    "filters": {"server_errors_only": {"()": "core.logfilters.ServerErrorsOnly"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": env_str("LOG_FORMAT", "json" if PRODUCTION else "plain"),
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own handlers (a console one in development, mail to ADMINS) would print each of
        # its records a second time beside the root's: everything goes out once, through the root.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        # A refused request (403, 404) is one line of the request log below, not also a warning with
        # a traceback; server errors (5xx) keep theirs.
        "django.request": {"filters": ["server_errors_only"]},
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint logs every rendering step at INFO; only its problems matter.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # One line per request comes from accounts.middleware.RequestLogMiddleware; Django's own
        # server line would repeat it.
        "django.server": {"level": "WARNING"},
    },
}
