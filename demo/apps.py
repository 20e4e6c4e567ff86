from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data and ``seed_demo``. Installed only for its management command: production code
    never imports it."""

    name = "demo"
    verbose_name = "Demo"
