"""Segment pages: who may see and change what, the live count, exclusions with reasons, bad input."""
import pytest
from django.urls import reverse

from candidates.choices import Tier
from candidates.tests.factories import CandidateFactory
from outreach.mail.choices import SuppressionReason
from outreach.mail.models import EmailPreferences, Suppression
from outreach.segments.models import Segment

from .factories import SegmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pool(recruiter):
    """Five top-tier candidates: two may be emailed, one unsubscribed, one bounced, one paused for a newsletter."""
    people = {name: CandidateFactory(owner=recruiter, full_name=name, tier=Tier.TOP) for name in
              ("Ada", "Bo", "Cy <b>", "Di", "Ed")}
    EmailPreferences.objects.create(candidate=people["Cy <b>"], unsubscribed_at="2026-01-01T00:00Z")
    Suppression.objects.create(email=people["Di"].email, reason=SuppressionReason.HARD_BOUNCE)
    EmailPreferences.objects.create(candidate=people["Ed"], unsubscribed_topics=["newsletter"])
    CandidateFactory(owner=recruiter, full_name="Warm one", tier=Tier.WARM)
    return people


def test_the_detail_page_counts_who_matches_and_who_is_left_out_and_why(recruiter_client, recruiter, pool,
                                                                       django_assert_max_num_queries):
    segment = SegmentFactory(owner=recruiter, name="Top tier", tiers=[Tier.TOP])
    with django_assert_max_num_queries(14):
        html = recruiter_client.get(segment.get_absolute_url()).content.decode()
    assert "<strong>5</strong> candidates match, <strong>2</strong> can be emailed now" in html
    for line in ("1 · Unsubscribed from all email", "1 · Address bounced", "1 · Unsubscribed from this topic"):
        assert line in html
    assert "Cy &lt;b&gt;" in html and "Cy <b>" not in html
    assert "Left out: Address bounced" in html
    assert "Warm one" not in html
    assert "Top tier" in html


def test_the_exclusions_follow_the_kind_of_email(recruiter_client, recruiter, pool):
    segment = SegmentFactory(owner=recruiter, tiers=[Tier.TOP])
    html = recruiter_client.get(segment.get_absolute_url(), {"for": "event"}).content.decode()
    assert "<strong>3</strong> can be emailed now" in html  # Ed left the newsletter, not events
    assert "Unsubscribed from this topic" not in html
    # Anything else in ?for= is the default, never an error.
    assert recruiter_client.get(segment.get_absolute_url(), {"for": "<script>"}).status_code == 200


def test_the_live_count_reads_the_unsaved_filters(recruiter_client, pool):
    response = recruiter_client.get(reverse("segments:count"), {"tiers": [Tier.TOP]})
    data = response.json()
    assert (data["matched"], data["eligible"]) == (5, 2)
    assert {row["reason"]: row["count"] for row in data["excluded"]} == {
        "Unsubscribed from all email": 1, "Address bounced": 1, "Unsubscribed from this topic": 1}
    assert data["summary"].startswith("5 match; ")


def test_the_live_count_refuses_bad_filters_with_a_reason(recruiter_client, pool):
    response = recruiter_client.get(reverse("segments:count"), {"tiers": ["9"], "touched_within_days": "-3"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"tiers", "touched_within_days"}


def test_creating_a_segment_saves_its_filters_and_opens_it(recruiter_client, recruiter, other_recruiter, pool):
    response = recruiter_client.post(reverse("segments:create"), {
        "name": "Top Berlin", "description": "For the Berlin meetup", "shared": "on", "tiers": [Tier.TOP],
        "candidate_owners": [recruiter.pk], "skills": " python,, Django ", "touched_more_than_days_ago": "90",
    })
    segment = Segment.objects.get()
    assert response.status_code == 302 and response["Location"] == segment.get_absolute_url()
    assert (segment.owner, segment.tiers, segment.skills, segment.touched_more_than_days_ago) == (
        recruiter, [Tier.TOP], "python, Django", 90)
    assert list(segment.candidate_owners.all()) == [recruiter]


@pytest.mark.parametrize(("field", "value", "message"), [
    ("touched_within_days", "1000", "less than or equal to 730"),
    ("touched_more_than_days_ago", "0", "greater than or equal to 1"),
    ("name", "", "This field is required"),
    ("location", "Ber\x00lin", "Null characters are not allowed"),
    ("interviewed_for", "back\x07end", "control characters"),
    ("tiers", "7", "Select a valid choice"),
])
def test_bad_input_is_shown_inline_and_saves_nothing(recruiter_client, field, value, message):
    data = {"name": "Mine", field: value}
    response = recruiter_client.post(reverse("segments:create"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Segment.objects.exists()


def test_within_must_be_fewer_days_than_more_than(recruiter_client):
    response = recruiter_client.post(reverse("segments:create"), {
        "name": "Nobody", "touched_more_than_days_ago": "30", "touched_within_days": "60"})
    assert "Enter fewer days than 30" in response.content.decode()
    assert not Segment.objects.exists()


def test_a_shared_segment_is_usable_by_colleagues_but_changed_only_by_its_owner_or_a_manager(
        client, recruiter, other_recruiter, manager):
    segment = SegmentFactory(owner=recruiter, name="Rita's", shared=True)
    client.force_login(other_recruiter)
    assert client.get(segment.get_absolute_url()).status_code == 200
    assert "Rita&#x27;s" in client.get(reverse("segments:list")).content.decode()
    assert client.get(reverse("segments:update", args=[segment.pk])).status_code == 403
    assert client.post(reverse("segments:delete", args=[segment.pk]), {"confirm": "delete"}).status_code == 403
    client.force_login(manager)
    response = client.post(reverse("segments:update", args=[segment.pk]), {"name": "Renamed by Mona", "shared": "on"})
    assert response.status_code == 302
    segment.refresh_from_db()
    assert segment.name == "Renamed by Mona" and segment.owner == recruiter


def test_a_private_segment_is_hidden_from_colleagues(client, recruiter, other_recruiter):
    segment = SegmentFactory(owner=recruiter, name="Rita private", shared=False)
    client.force_login(other_recruiter)
    assert client.get(segment.get_absolute_url()).status_code == 404
    assert "Rita private" not in client.get(reverse("segments:list")).content.decode()


def test_deleting_needs_the_confirmation_button(recruiter_client, recruiter):
    segment = SegmentFactory(owner=recruiter)
    url = reverse("segments:delete", args=[segment.pk])
    assert recruiter_client.post(url).status_code == 200  # a bare POST shows the question again
    assert Segment.objects.filter(pk=segment.pk).exists()
    response = recruiter_client.post(url, {"confirm": "delete"})
    assert response.status_code == 302 and response["Location"] == reverse("segments:list")
    assert not Segment.objects.filter(pk=segment.pk).exists()


def test_the_list_reads_a_fixed_number_of_queries(recruiter_client, recruiter, other_recruiter,
                                                 django_assert_max_num_queries):
    for n in range(12):
        segment = SegmentFactory(owner=recruiter if n % 2 else other_recruiter, tiers=[Tier.TOP])
        segment.candidate_owners.set([recruiter, other_recruiter])
    with django_assert_max_num_queries(10):
        response = recruiter_client.get(reverse("segments:list"))
    assert response.content.decode().count("Owned by Oscar Other or Rita Recruiter") == 12
