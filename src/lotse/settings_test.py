"""Settings for the test suite: the production settings with fixed test keys.

Everything security-relevant stays as in production (DEBUG off, secure cookies, CSP);
only the secrets are fixed so that tests are repeatable.
"""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("LOTSE_SECRET_KEY", "test-secret-key-" + "t" * 40)
os.environ.setdefault(
    "LOTSE_ENCRYPTION_KEYS",
    "t2:dGVzdC1rZXktdHdvLXRlc3Qta2V5LXR3by10ZXN0LXQ=,"
    "t1:dGVzdC1rZXktb25lLXRlc3Qta2V5LW9uZS10ZXN0LTE=",
)
os.environ.setdefault("LOTSE_BLIND_INDEX_KEY", "dGVzdC1ibGluZC1pbmRleC1rZXktdGVzdC1ibGluZC0x")
os.environ.setdefault("LOTSE_AUDIT_KEYS", "ta1:dGVzdC1hdWRpdC1rZXktb25lLWZvci10aGUtc3VpdGU=")
os.environ.setdefault("LOTSE_STATS_SIGNING_KEY", "bG90c2UtdGVzdC1zdGF0aXN0aWNzLXNpZ25pbmctayE=")
os.environ.setdefault("LOTSE_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("LOTSE_SSL_REDIRECT", "0")
os.environ.setdefault(
    "LOTSE_VAR_DIR", str(Path(tempfile.gettempdir()) / f"lotse-test-{os.getpid()}")
)

from .settings import *  # noqa: F403

# Tasks run at once in the test that enqueues them; worker tests switch to the database
# backend with override_settings (tests/jobs).
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WHITENOISE_USE_FINDERS = True
# The test client speaks plain HTTP; production cookie names need HTTPS.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SESSION_COOKIE_NAME = "lotse-session"
CSRF_COOKIE_NAME = "lotse-csrf"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405 - WhiteNoise warns about a missing root

# WhiteNoise builds its file index when the middleware starts, i.e. for every test client;
# with autorefresh it looks a file up only when one is requested (0.07 s per client saved).
WHITENOISE_AUTOREFRESH = True


class InvalidTemplateVariable(str):
    """``string_if_invalid`` that fails a test which renders an unset variable in our templates.

    Third-party templates (allauth, Django's own) rely on silent unset variables; they keep it.
    """

    def __mod__(self, name: object) -> str:
        import inspect

        frame = inspect.currentframe()
        while frame is not None:
            context = frame.f_locals.get("context")
            template = getattr(context, "template", None)
            origin = getattr(getattr(template, "origin", None), "name", "") or ""
            if origin:
                if str(BASE_DIR) in origin and "/templates/allauth/" not in origin:  # noqa: F405
                    from django.template import TemplateSyntaxError

                    raise TemplateSyntaxError(f"Unset template variable {name!r} in {origin}")
                return ""
            frame = frame.f_back
        return ""


TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = InvalidTemplateVariable("%s")  # type: ignore[index]  # noqa: F405

# Tests change the database behind the signed-in user's back between two page views: the
# dashboard keeps nothing, except in tests/accounts/test_dashboard_cache.py, which turns it on.
LOTSE_DASHBOARD_CACHE_SECONDS = 0
