"""My settings, the digest preview and the scheduler warning banner, as people see them."""
import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from candidates.choices import Tier
from candidates.tests.factories import CandidateFactory
from outreach.digests.services import digests_queue
from outreach.heartbeat import heartbeat_record
from outreach.models import CheckInSchedule

pytestmark = pytest.mark.django_db
SETTINGS_URL = reverse("outreach:my_settings")
PREVIEW_URL = reverse("outreach:digest_preview")
VALID = {"timezone": "Asia/Tokyo", "digest_hour": "9", "digest_weekdays": ["0", "2", "4"], "digests_enabled": "on"}


def test_pages_need_a_login(client):
    for url in (SETTINGS_URL, PREVIEW_URL):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_settings_page_shows_my_current_settings_and_a_nav_link(recruiter_client):
    html = recruiter_client.get(SETTINGS_URL).content.decode()
    assert f'href="{SETTINGS_URL}"' in html  # the navbar link
    assert '<option value="Europe/London" selected>' in html
    assert '<option value="8" selected>08:00</option>' in html
    assert "08:00 Europe/London, Monday to Friday" in html


def test_saving_settings_changes_when_my_digest_is_queued(recruiter_client, recruiter):
    response = recruiter_client.post(SETTINGS_URL, VALID, follow=True)
    assert response.redirect_chain == [(SETTINGS_URL, 302)]
    assert "Settings saved." in response.content.decode()
    profile = recruiter.profile.__class__.objects.get(user=recruiter)
    assert (str(profile.timezone), profile.digest_hour, profile.digest_weekdays, profile.digests_enabled) == (
        "Asia/Tokyo", 9, [0, 2, 4], True
    )
    with time_machine.travel(dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC), tick=False):
        CandidateFactory(owner=recruiter, tier=Tier.TOP)
    # Wednesday 4 March, 00:00 UTC is 09:00 in Tokyo.
    with time_machine.travel(dt.datetime(2026, 3, 4, 0, tzinfo=dt.UTC), tick=False):
        (queued,) = digests_queue()
    assert queued.local_date == dt.date(2026, 3, 4)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"digest_weekdays": []}, "digest_weekdays", "Pick at least one day, or turn the digest off."),
        ({"timezone": "Mars/Olympus_Mons"}, "timezone", "Select a valid choice."),
        ({"digest_hour": "24"}, "digest_hour", "Select a valid choice."),
        ({"digest_weekdays": ["7"]}, "digest_weekdays", "Select a valid choice."),
    ],
)
def test_bad_settings_show_an_inline_error_and_save_nothing(recruiter_client, recruiter, change, field, message):
    response = recruiter_client.post(SETTINGS_URL, {**VALID, **change})
    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    profile = recruiter.profile.__class__.objects.get(user=recruiter)
    assert (str(profile.timezone), profile.digest_hour) == ("Europe/London", 8)


def test_turning_digests_off_needs_no_days(recruiter_client, recruiter):
    response = recruiter_client.post(SETTINGS_URL, {"timezone": "UTC", "digest_hour": "7"})
    assert response.status_code == 302
    assert recruiter.profile.__class__.objects.get(user=recruiter).digests_enabled is False


def test_preview_shows_my_next_digest_as_the_email_shows_it(recruiter_client, recruiter):
    with time_machine.travel(dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC), tick=False):
        top = CandidateFactory(owner=recruiter, tier=Tier.TOP, full_name="Tina <i>Top</i>")
        CandidateFactory(owner=recruiter, tier=Tier.POOL, full_name="Pat Pool")
    with time_machine.travel(dt.datetime(2026, 3, 4, 10, tzinfo=dt.UTC), tick=False):  # Wednesday 10:00 London
        html = recruiter_client.get(PREVIEW_URL).content.decode()
    assert "Thursday 5 March, 08:00" in html
    assert "<strong>1 check-in overdue</strong>" in html
    assert "Tina &lt;i&gt;Top&lt;/i&gt;" in html and "<i>Top</i>" not in html
    assert "Pat Pool" not in html  # not due until April
    assert f"/candidates/{top.pk}/touch-points/new/?next=" in html
    assert "Log a touch point" in html


def test_preview_says_so_when_nothing_is_due(recruiter_client, recruiter):
    CandidateFactory(owner=recruiter, tier=Tier.POOL)
    html = recruiter_client.get(PREVIEW_URL).content.decode()
    assert "Nothing is overdue or due that day, so no email will be sent." in html


def test_preview_query_count_does_not_grow_with_candidates(recruiter_client, recruiter, django_assert_num_queries):
    def overdue(n):
        for candidate in CandidateFactory.create_batch(n, owner=recruiter):
            CheckInSchedule.objects.filter(candidate=candidate).update(
                next_due_at=timezone.now() - dt.timedelta(days=2))

    overdue(3)
    recruiter_client.get(PREVIEW_URL)  # warm the session and permission caches
    with CaptureQueriesContext(connection) as few:
        recruiter_client.get(PREVIEW_URL)
    overdue(30)
    # 13 before who to contact today (outreach.signals), which reads the live signals once.
    assert len(few) <= 14
    with django_assert_num_queries(len(few)):
        response = recruiter_client.get(PREVIEW_URL)
    assert response.content.decode().count("Log a touch point") == 33


def test_managers_can_preview_the_weekly_team_digest(manager_client, recruiter):
    CandidateFactory(owner=recruiter, tier=Tier.TOP)
    html = manager_client.get(PREVIEW_URL, {"kind": "manager_weekly"}).content.decode()
    assert "My next team digest" in html
    assert "Overdue check-ins per recruiter" in html


def test_recruiters_cannot_preview_the_team_digest(recruiter_client):
    html = recruiter_client.get(PREVIEW_URL, {"kind": "manager_weekly"}).content.decode()
    assert "My next digest" in html and "Overdue check-ins per recruiter" not in html


BANNER = "Scheduled jobs are not running."


def test_managers_see_a_warning_when_beat_has_not_run_for_30_minutes(manager_client):
    assert BANNER in manager_client.get(SETTINGS_URL).content.decode()
    heartbeat_record(now=timezone.now() - dt.timedelta(minutes=45))
    html = manager_client.get(SETTINGS_URL).content.decode()
    assert BANNER in html and "The scheduler last ran 45" in html
    heartbeat_record()
    assert BANNER not in manager_client.get(SETTINGS_URL).content.decode()


def test_admins_see_the_warning_and_recruiters_do_not(client, admin_user, recruiter):
    client.force_login(admin_user)
    assert BANNER in client.get(SETTINGS_URL).content.decode()
    client.force_login(recruiter)
    assert BANNER not in client.get(SETTINGS_URL).content.decode()


def test_settings_page_reads_the_profile_once(recruiter_client, django_assert_num_queries):
    # Session, user, profile (timezone middleware), 2 x permissions, the profile for the form,
    # the calendar link (My calendar).
    with django_assert_num_queries(7):
        assert recruiter_client.get(SETTINGS_URL).status_code == 200


def test_preview_rows_show_the_last_touch_and_due_time_in_my_timezone(recruiter_client, recruiter):
    with time_machine.travel(dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC), tick=False):
        long_story = CandidateFactory(owner=recruiter, tier=Tier.TOP, full_name="Lee Long")
        short_story = CandidateFactory(owner=recruiter, tier=Tier.TOP, full_name="Sam Short")
    # One overdue with a long last touch, one due at 14:45 today (London is on UTC in March).
    CheckInSchedule.objects.filter(candidate=long_story).update(
        next_due_at=dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC),
        last_touch_at=dt.datetime(2026, 2, 3, 23, 30, tzinfo=dt.UTC), last_touch_summary="word " * 40)
    CheckInSchedule.objects.filter(candidate=short_story).update(
        next_due_at=dt.datetime(2026, 3, 5, 14, 45, tzinfo=dt.UTC),
        last_touch_at=dt.datetime(2026, 2, 10, 12, tzinfo=dt.UTC), last_touch_summary="Coffee & <b>cake</b>")
    with time_machine.travel(dt.datetime(2026, 3, 4, 10, tzinfo=dt.UTC), tick=False):
        html = recruiter_client.get(PREVIEW_URL).content.decode()
    # 139 characters and an ellipsis, as |truncatechars:140 cuts.
    assert f"3 Feb 2026 — “{('word ' * 40)[:139]}…”" in html
    assert "10 Feb 2026 — “Coffee &amp; &lt;b&gt;cake&lt;/b&gt;”" in html
    assert "Due today at 14:45" in html
