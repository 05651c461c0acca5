"""The mail benchmark (bench/mail.py) on a small run, so it cannot rot between real runs."""
import pytest
from django.db import connection

from bench.mail import mail_send_run
from outreach.mail.models import OutboundEmail

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_mail_benchmark_sends_each_message_once_and_cleans_up():
    workers = 2 if connection.vendor == "postgresql" else 0  # worker processes share PostgreSQL only
    result = mail_send_run(count=50, workers=workers, pool_size=10)
    assert result["messages"] == result["smtp_accepted"] == result["rows_sent"] == 50
    assert result["messages_per_s"] > 0 and 0 < result["peak_worker_rss_mb"] < 1000
    assert {"rate_met", "rss_met", "compose_per_s", "send_per_s"} <= set(result)
    assert not OutboundEmail.objects.exists()  # its candidates, emails and touch points are gone
