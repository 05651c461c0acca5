from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmark (`make bench`): tooling, installed by the local and test settings only."""

    name = "bench"
    verbose_name = "Benchmark"
