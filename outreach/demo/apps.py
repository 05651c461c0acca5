from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo and scale data: `seed_demo` for a new install, `generate_scale_data` for the benchmark."""

    name = "outreach.demo"
    label = "demo"
    verbose_name = "Demo and scale data"
