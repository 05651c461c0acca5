"""The import benchmark (bench/imports.py) on a small file, so it cannot rot between real runs."""
import pytest

from bench.imports import import_run_here
from bench.report import size_budgets
from candidates.models import Candidate
from outreach.imports.models import ImportRun

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_import_benchmark_imports_undoes_and_cleans_up():
    result = import_run_here(300)
    assert (result["rows"], result["created"], result["errors"], result["status"]) == (300, 297, 3, "done")
    assert result["import_seconds"] > 0 and result["peak_rss_mb"] > 0 and "undo_seconds" in result
    assert not Candidate.objects.exists() and not ImportRun.objects.exists()
    checks = {check["check"] for check in size_budgets({"pages": [], "jobs": {}, "imports": result})}
    assert "Import peak RSS < 300 MB" in checks
    assert "Import: 100,000 rows < 60 s" not in checks  # only a 100,000-row file is held to it
