import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_asgi_application()

# Before the first request, not in the middle of a burst (core/warmup.py).
from core.warmup import warm_up  # noqa: E402 (needs the settings and apps loaded just above)

warm_up()
