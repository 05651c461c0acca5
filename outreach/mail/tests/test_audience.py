"""The set-based block (annotate_mail_block) says what suppression_reason and the cap say, candidate by candidate."""
import datetime as dt
import itertools

import pytest

from candidates.choices import Stage
from candidates.models import Candidate
from candidates.tests.factories import CandidateFactory
from outreach.mail.audience import OVER_CAP, annotate_mail_block, block_labels
from outreach.mail.choices import Frequency, MailKind, MailStatus, SuppressionReason, Topic
from outreach.mail.models import EmailPreferences, OutboundEmail, Suppression
from outreach.mail.pressure import contact_pressures
from outreach.mail.suppression import suppression_reason

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)
_ids = itertools.count()


def _email(candidate, sender, *, kind=MailKind.NEWSLETTER, status=MailStatus.SENT, days_ago=1):
    return OutboundEmail.objects.create(
        kind=kind, topic=Topic.NEWSLETTER if kind != MailKind.PERSONAL else "", candidate=candidate, sender=sender,
        to_email=candidate.email, subject="s", body_text="t", body_html="h", status=status,
        message_id=f"<audience-{next(_ids)}@test>", created_at=NOW - dt.timedelta(days=days_ago),
    )


def _prefs(candidate, **fields):
    return EmailPreferences.objects.create(candidate=candidate, **fields)


@pytest.fixture
def people(recruiter):
    """One candidate per rule (and a few that must pass), keyed by what makes them special."""
    c = {name: CandidateFactory(owner=recruiter, full_name=name) for name in [
        "clean", "no_prefs", "dnc", "stage_dnc", "bounced", "unsubscribed", "paused", "pause_over", "no_news",
        "no_events", "not_open", "open_now", "monthly_recent", "monthly_old", "quarterly_recent", "over_cap",
        "dnc_and_unsubscribed", "under_cap",
    ]}
    _prefs(c["clean"])
    Candidate.objects.filter(pk=c["dnc"].pk).update(do_not_contact=True)
    Candidate.objects.filter(pk=c["stage_dnc"].pk).update(stage=Stage.DO_NOT_CONTACT)
    Suppression.objects.create(email=c["bounced"].email.upper(), reason=SuppressionReason.HARD_BOUNCE)
    _prefs(c["unsubscribed"], unsubscribed_at=NOW - dt.timedelta(days=3))
    _prefs(c["paused"], paused_until=NOW + dt.timedelta(days=30))
    _prefs(c["pause_over"], paused_until=NOW - dt.timedelta(days=1))
    _prefs(c["no_news"], unsubscribed_topics=[Topic.NEWSLETTER])
    _prefs(c["no_events"], unsubscribed_topics=[Topic.EVENTS, Topic.JOBS])
    _prefs(c["not_open"], open_to_opportunities_from=(NOW + dt.timedelta(days=40)).date())
    _prefs(c["open_now"], open_to_opportunities_from=(NOW - dt.timedelta(days=1)).date())
    _prefs(c["monthly_recent"], frequency=Frequency.MONTHLY)
    _email(c["monthly_recent"], recruiter, days_ago=10)
    _prefs(c["monthly_old"], frequency=Frequency.MONTHLY)
    _email(c["monthly_old"], recruiter, days_ago=40)
    _email(c["monthly_old"], recruiter, kind=MailKind.PERSONAL, days_ago=2)  # personal email: not "bulk"
    _prefs(c["quarterly_recent"], frequency=Frequency.QUARTERLY)
    _email(c["quarterly_recent"], recruiter, days_ago=60)
    for days in (1, 5, 9, 20):  # the default cap: 4 in 30 days, queued ones count too
        _email(c["over_cap"], recruiter, kind=MailKind.PERSONAL, days_ago=days,
               status=MailStatus.QUEUED if days == 1 else MailStatus.SENT)
    for days, status in ((1, MailStatus.FAILED), (2, MailStatus.SUPPRESSED), (3, MailStatus.SENT), (45, "sent")):
        _email(c["under_cap"], recruiter, kind=MailKind.PERSONAL, days_ago=days, status=status)
    Candidate.objects.filter(pk=c["dnc_and_unsubscribed"].pk).update(do_not_contact=True)
    _prefs(c["dnc_and_unsubscribed"], unsubscribed_at=NOW)
    return {name: Candidate.objects.get(pk=candidate.pk) for name, candidate in c.items()}


def _one_by_one(people, *, kind, topic):
    pressures = contact_pressures(candidate_ids=[c.pk for c in people.values()], now=NOW)
    expected = {}
    for name, candidate in people.items():
        prefs = EmailPreferences.objects.filter(candidate=candidate).first()
        reason = suppression_reason(candidate=candidate, kind=kind, topic=topic, preferences=prefs,
                                    to_email=candidate.email, now=NOW)
        expected[name] = reason or (OVER_CAP if pressures[candidate.pk].over_cap else "")
    return expected


@pytest.mark.parametrize(("kind", "topic"), [
    (MailKind.PERSONAL, ""), (MailKind.NEWSLETTER, Topic.NEWSLETTER), (MailKind.EVENT, Topic.EVENTS),
    (MailKind.SEQUENCE, Topic.JOBS),
])
def test_the_sql_block_agrees_with_the_send_time_check_for_everyone(people, kind, topic):
    blocks = dict(annotate_mail_block(Candidate.objects.filter(pk__in=[c.pk for c in people.values()]),
                                      kind=kind, topic=topic, now=NOW).values_list("full_name", "mail_block"))
    assert blocks == _one_by_one(people, kind=kind, topic=topic)


def test_the_blocks_for_a_newsletter_are_the_ones_a_recruiter_expects(people):
    blocks = dict(annotate_mail_block(Candidate.objects.all(), kind=MailKind.NEWSLETTER, topic=Topic.NEWSLETTER,
                                      now=NOW).values_list("full_name", "mail_block"))
    assert {name: block for name, block in blocks.items() if block} == {
        "dnc": SuppressionReason.DO_NOT_CONTACT, "stage_dnc": SuppressionReason.STAGE_DO_NOT_CONTACT,
        "bounced": SuppressionReason.HARD_BOUNCE, "unsubscribed": SuppressionReason.UNSUBSCRIBED_ALL,
        "paused": SuppressionReason.PAUSED, "no_news": SuppressionReason.UNSUBSCRIBED_TOPIC,
        "monthly_recent": SuppressionReason.FREQUENCY, "quarterly_recent": SuppressionReason.FREQUENCY,
        "over_cap": OVER_CAP, "dnc_and_unsubscribed": SuppressionReason.DO_NOT_CONTACT,
    }
    assert block_labels()[OVER_CAP] == "Over the contact cap"


def test_the_block_is_one_query_however_many_candidates(people, django_assert_num_queries):
    with django_assert_num_queries(2):  # the team's cap, then the candidates with their blocks
        rows = list(annotate_mail_block(Candidate.objects.all(), kind=MailKind.EVENT, topic=Topic.EVENTS,
                                        now=NOW).values_list("pk", "mail_block"))
    assert len(rows) == len(people)
