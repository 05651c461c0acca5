"""DateLabels prints exactly what the `date` filter would, in any timezone and language."""
import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from candidates.dates import DateLabels

START = dt.datetime(2026, 1, 1, 0, 5, tzinfo=dt.UTC)


@pytest.mark.parametrize(("zone", "language"), [("Europe/London", "en-gb"), ("Pacific/Auckland", "de")])
def test_labels_match_date_format(zone, language):
    with timezone.override(ZoneInfo(zone)), translation.override(language):
        labels = DateLabels()
        for step in range(0, 400, 7):
            moment = timezone.localtime(START + dt.timedelta(days=step, hours=step % 24, minutes=step))
            assert labels.short(moment) == date_format(moment, "D j M")
            assert labels.long(moment) == date_format(moment, "j M Y")
            assert labels.long(moment.date()) == date_format(moment.date(), "j M Y")
            assert labels.with_time(moment) == date_format(moment, "j M Y, H:i")
