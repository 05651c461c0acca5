"""Each filter of a segment, counted against candidates built by hand for it."""
import datetime as dt

import pytest
import time_machine

from candidates.choices import GotAwayReason, Source, Stage, Tier
from candidates.models import Candidate
from candidates.tests.factories import CandidateFactory, InterviewFactory
from outreach.choices import TouchKind
from outreach.mail.choices import Topic
from outreach.mail.models import EmailPreferences
from outreach.segments.models import Segment
from outreach.services import touch_point_log

from .factories import SegmentFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield NOW


def names(segment: Segment) -> set[str]:
    return set(segment.matching(now=NOW).values_list("full_name", flat=True))


def make(owner, name, **fields):
    return CandidateFactory(owner=owner, full_name=name, **fields)


def test_an_empty_segment_is_everyone(recruiter, other_recruiter):
    make(recruiter, "A")
    make(other_recruiter, "B")
    assert names(SegmentFactory(owner=recruiter)) == {"A", "B"}


@pytest.mark.parametrize(("field", "value", "expected"), [
    ("tiers", [Tier.TOP], {"Top"}),
    ("tiers", [Tier.TOP, Tier.POOL], {"Top", "Pool"}),
    ("stages", [Stage.NURTURING], {"Pool"}),
    ("got_away_reasons", [GotAwayReason.COMPENSATION_GAP], {"Top"}),
    ("sources", [Source.REFERRAL, Source.EVENT], {"Warm", "Pool"}),
    ("location", "berlin", {"Top", "Warm"}),
    ("skills", "go", {"Pool"}),
    ("skills", "Python, rust", {"Top", "Warm"}),
    ("skills", "MACHINE learning", {"Warm"}),
    ("skills", "jango", set()),
])
def test_each_filter_takes_in_only_what_it_names(recruiter, field, value, expected):
    make(recruiter, "Top", tier=Tier.TOP, got_away_reason=GotAwayReason.COMPENSATION_GAP, location="Berlin, DE",
         skills=["Python", "Django"], source=Source.LINKEDIN)
    make(recruiter, "Warm", tier=Tier.WARM, location="berlin", skills=["Rust", "Machine Learning"],
         source=Source.REFERRAL)
    make(recruiter, "Pool", tier=Tier.POOL, stage=Stage.NURTURING, location="Lisbon", skills=["Go", "Django"],
         source=Source.EVENT)
    assert names(SegmentFactory(owner=recruiter, **{field: value})) == expected


def test_filters_combine_and_values_within_one_are_alternatives(recruiter):
    make(recruiter, "Top comp", tier=Tier.TOP, got_away_reason=GotAwayReason.COMPENSATION_GAP)
    make(recruiter, "Top timing", tier=Tier.TOP, got_away_reason=GotAwayReason.TIMING)
    make(recruiter, "Warm comp", tier=Tier.WARM, got_away_reason=GotAwayReason.COMPENSATION_GAP)
    make(recruiter, "Top budget", tier=Tier.TOP, got_away_reason=GotAwayReason.NO_BUDGET)
    segment = SegmentFactory(owner=recruiter, tiers=[Tier.TOP],
                             got_away_reasons=[GotAwayReason.COMPENSATION_GAP, GotAwayReason.NO_BUDGET])
    assert names(segment) == {"Top comp", "Top budget"}


def test_owned_by_picks_the_chosen_recruiters_candidates(recruiter, other_recruiter, manager):
    make(recruiter, "Rita's")
    make(other_recruiter, "Oscar's")
    segment = SegmentFactory(owner=manager)
    segment.candidate_owners.set([other_recruiter])
    assert names(segment) == {"Oscar's"}


def test_opted_into_a_topic_leaves_out_who_unsubscribed_from_it(recruiter):
    make(recruiter, "No prefs yet")
    left = make(recruiter, "Left events")
    EmailPreferences.objects.create(candidate=left, unsubscribed_topics=[Topic.EVENTS])
    stays = make(recruiter, "Left the newsletter only")
    EmailPreferences.objects.create(candidate=stays, unsubscribed_topics=[Topic.NEWSLETTER])
    assert names(SegmentFactory(owner=recruiter, topic=Topic.EVENTS)) == {"No prefs yet", "Left the newsletter only"}


def test_last_touch_older_or_newer_than_some_days(recruiter, frozen):
    with time_machine.travel(NOW - dt.timedelta(days=400), tick=False):
        never, long_ago, recent = (make(recruiter, n) for n in ("Never touched", "Long ago", "Recent"))
    touch_point_log(candidate=long_ago, kind=TouchKind.EMAIL, occurred_at=NOW - dt.timedelta(days=120),
                    author=recruiter)
    touch_point_log(candidate=recent, kind=TouchKind.PHONE_CALL, occurred_at=NOW - dt.timedelta(days=10),
                    author=recruiter)
    assert names(SegmentFactory(owner=recruiter, touched_more_than_days_ago=90)) == {"Never touched", "Long ago"}
    assert names(SegmentFactory(owner=recruiter, touched_within_days=30)) == {"Recent"}
    assert names(SegmentFactory(owner=recruiter, touched_within_days=200, touched_more_than_days_ago=30)) == {
        "Long ago"}


def test_interviewed_for_a_role_like(recruiter):
    backend = make(recruiter, "Backend")
    InterviewFactory(candidate=backend, role_title="Senior Backend Engineer")
    InterviewFactory(candidate=backend, role_title="Staff Backend Engineer")
    design = make(recruiter, "Design")
    InterviewFactory(candidate=design, role_title="Product Designer")
    make(recruiter, "Never interviewed")
    assert names(SegmentFactory(owner=recruiter, interviewed_for="backend")) == {"Backend"}
    # One row per candidate, however many interviews match.
    assert SegmentFactory(owner=recruiter, interviewed_for="engineer").matching(now=NOW).count() == 1


def test_a_candidate_added_after_the_segment_is_in_it_at_once(recruiter):
    segment = SegmentFactory(owner=recruiter, tiers=[Tier.TOP])
    assert names(segment) == set()
    make(recruiter, "Just added", tier=Tier.TOP)
    assert names(segment) == {"Just added"}
    assert Candidate.objects.count() == 1
