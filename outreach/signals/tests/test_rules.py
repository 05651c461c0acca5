"""Each rule with hand-built candidates: the ones that must fire, with their words, and the ones that must not."""
import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from candidates.choices import Currency, GotAwayReason, InterviewStage, Stage, Tier
from candidates.models import CareerUpdate, Company
from candidates.tests.factories import CandidateFactory, InterviewFactory
from outreach.choices import Direction, TouchKind
from outreach.models import TouchPoint
from outreach.openings.choices import OpeningStatus
from outreach.signal_sources import SignalScope
from outreach.signals import rules
from outreach.signals.choices import SignalKind

from .factories import OpeningFactory

pytestmark = pytest.mark.django_db


def full_scope(now=None):
    now = now or timezone.now()
    return SignalScope(now=now, today=timezone.localdate(now), since=None, changed_candidate_ids=None)


def found(rule, scope=None):
    return {(s.candidate_id, s.kind, s.subject): s for s in rule(scope=scope or full_scope())}


class TestBandCoversAsk:
    def test_fires_when_the_band_reaches_the_ask(self, ada, opening):
        signals = found(rules.band_covers_ask)
        signal = signals[(ada.pk, SignalKind.BAND_COVERS_ASK, f"opening:{opening.pk}")]
        assert signal.reason == "The Staff Engineer band now reaches £150k; Ada asked £140k."
        assert signal.opening_id == opening.pk

    def test_not_when_the_band_is_below_the_ask(self, ada, opening):
        opening.pay_max = 139_000
        opening.save()
        assert found(rules.band_covers_ask) == {}

    def test_not_in_another_currency(self, ada, opening):
        opening.pay_currency = Currency.EUR
        opening.save()
        assert found(rules.band_covers_ask) == {}

    def test_not_for_an_unrelated_role(self, ada, opening):
        opening.title, opening.skills = "Head of Finance", ["Accounting"]
        opening.save()
        assert found(rules.band_covers_ask) == {}

    def test_the_title_they_interviewed_for_is_enough(self, ada, opening):
        opening.skills = ["Rust"]
        opening.save()
        InterviewFactory(candidate=ada, role_title="staff engineer")
        assert len(found(rules.band_covers_ask)) == 1

    def test_not_for_a_do_not_contact_candidate(self, ada, opening):
        ada.do_not_contact = True
        ada.save()
        assert found(rules.band_covers_ask) == {}

    def test_not_while_interviewing_again(self, ada, opening):
        ada.stage = Stage.INTERVIEWING
        ada.save()
        assert found(rules.band_covers_ask) == {}

    def test_not_for_an_opening_on_hold(self, ada, opening):
        opening.status = OpeningStatus.ON_HOLD
        opening.save()
        assert found(rules.band_covers_ask) == {}

    def test_not_for_another_reason(self, ada, opening):
        ada.got_away_reason = GotAwayReason.TIMING
        ada.save()
        assert found(rules.band_covers_ask) == {}


class TestBudgetForTheirRole:
    def test_a_new_opening_for_the_role_they_interviewed_for(self, frozen, recruiter, manager):
        grace = CandidateFactory(full_name="Grace Hopper", owner=recruiter, got_away_reason=GotAwayReason.NO_BUDGET,
                                 got_away_on=dt.date(2025, 11, 20))
        InterviewFactory(candidate=grace, role_title="Staff Engineer")
        opening = OpeningFactory(hiring_manager=manager)
        signal = found(rules.budget_for_their_role)[(grace.pk, SignalKind.BUDGET_FOR_THEIR_ROLE,
                                                     f"opening:{opening.pk}")]
        assert signal.reason == ("Grace interviewed for Staff Engineer (Platform) when there was no budget in "
                                 "Nov 2025; it opened on 14 Jun.")

    def test_not_an_opening_older_than_their_departure(self, frozen, recruiter, manager):
        grace = CandidateFactory(owner=recruiter, got_away_reason=GotAwayReason.NO_BUDGET,
                                 got_away_on=dt.date(2026, 6, 14))
        InterviewFactory(candidate=grace, role_title="Staff Engineer")
        OpeningFactory(hiring_manager=manager, opened_at=timezone.now() - dt.timedelta(days=30))
        assert found(rules.budget_for_their_role) == {}

    def test_not_for_a_role_they_did_not_interview_for(self, frozen, recruiter, manager):
        grace = CandidateFactory(owner=recruiter, got_away_reason=GotAwayReason.NO_BUDGET)
        InterviewFactory(candidate=grace, role_title="Data Analyst")
        OpeningFactory(hiring_manager=manager)
        assert found(rules.budget_for_their_role) == {}


class TestFollowUpDue:
    def test_fires_on_the_day(self, frozen, recruiter):
        lin = CandidateFactory(full_name="Lin Chen", owner=recruiter, got_away_reason=GotAwayReason.TIMING,
                               follow_up_on=timezone.localdate())
        signal = found(rules.follow_up_due)[(lin.pk, SignalKind.FOLLOW_UP_DUE, "follow_up:2026-06-15")]
        assert signal.reason == "Follow up on 15 Jun with Lin, as planned (they weren't ready then)."

    def test_not_before_the_day(self, frozen, recruiter):
        CandidateFactory(owner=recruiter, follow_up_on=timezone.localdate() + dt.timedelta(days=1))
        assert found(rules.follow_up_due) == {}


class TestOpeningNearThem:
    def test_an_opening_where_they_live(self, ada, opening):
        ada.got_away_reason = GotAwayReason.RELOCATION
        ada.save()
        signal = found(rules.opening_near_them)[(ada.pk, SignalKind.OPENING_NEAR_THEM, f"opening:{opening.pk}")]
        assert signal.reason == "Staff Engineer is in London, where Ada lives: relocation was what stopped them."

    def test_a_remote_opening(self, ada, opening):
        ada.got_away_reason, ada.location = GotAwayReason.RELOCATION, "Lisbon"
        ada.save()
        opening.remote = True
        opening.save()
        signal = next(iter(found(rules.opening_near_them).values()))
        assert signal.reason == "Staff Engineer can be done remotely: relocation was what stopped them."

    def test_not_elsewhere_and_on_site(self, ada, opening):
        ada.got_away_reason, ada.location = GotAwayReason.RELOCATION, "Lisbon"
        ada.save()
        assert found(rules.opening_near_them) == {}


class TestAYearOn:
    def test_declined_a_year_ago_and_a_similar_opening(self, ada, opening):
        ada.got_away_reason, ada.got_away_on = GotAwayReason.DECLINED_OFFER, dt.date(2025, 5, 2)
        ada.save()
        signal = next(iter(found(rules.a_year_on).values()))
        assert signal.reason == "A year since Ada declined our offer (May 2025); Staff Engineer is open now."

    def test_we_moved_too_slowly(self, ada, opening):
        ada.got_away_reason, ada.got_away_on = GotAwayReason.MOVED_TOO_SLOWLY, dt.date(2025, 6, 1)
        ada.save()
        signal = next(iter(found(rules.a_year_on).values()))
        assert signal.reason == "A year since we moved too slowly for Ada (Jun 2025); Staff Engineer is open now."

    def test_a_year_on_is_news_for_a_month_only(self, ada, opening):
        ada.got_away_reason, ada.got_away_on = GotAwayReason.DECLINED_OFFER, dt.date(2024, 1, 10)
        ada.save()
        opening.opened_at = timezone.now() - dt.timedelta(days=45)
        opening.save()
        assert found(rules.a_year_on) == {}

    def test_not_before_a_year(self, ada, opening):
        ada.got_away_reason, ada.got_away_on = GotAwayReason.MOVED_TOO_SLOWLY, dt.date(2025, 9, 1)
        ada.save()
        assert found(rules.a_year_on) == {}


def career(candidate, company, title, started_on, recorded_at=None):
    employer, _ = Company.objects.get_or_create(key=company.casefold(), defaults={"name": company})
    return CareerUpdate.objects.create(candidate=candidate, company=company, employer=employer, title=title,
                                       started_on=started_on,
                                       recorded_at=recorded_at or timezone.now() - dt.timedelta(days=400))


class TestCareerMoments:
    def test_twelve_months_at_the_company_they_joined(self, ada):
        move = career(ada, "Acme", "Staff Engineer", dt.date(2025, 6, 1))
        signal = found(rules.work_anniversary)[(ada.pk, SignalKind.WORK_ANNIVERSARY, f"anniversary:{move.pk}:12")]
        assert signal.reason == ("Ada has been at Acme 12 months (since Jun 2025): cliffs and vesting make "
                                 "people look around.")
        assert signal.expires_at.date() == dt.date(2026, 7, 1)

    def test_eighteen_months(self, ada):
        career(ada, "Acme", "Engineer", dt.date(2024, 12, 10))
        subjects = {key[2].rsplit(":", 1)[1] for key in found(rules.work_anniversary)}
        assert subjects == {"18"}

    def test_an_anniversary_still_to_come_is_not_news_yet(self, ada):
        career(ada, "Acme", "Engineer", dt.date(2024, 6, 20))
        assert found(rules.work_anniversary) == {}

    def test_a_29_february_start_comes_round_on_1_march(self, ada):
        career(ada, "Acme", "Engineer", dt.date(2024, 2, 29))
        with time_machine.travel(dt.datetime(2026, 2, 28, 9, 0, tzinfo=dt.UTC), tick=False):
            assert found(rules.work_anniversary) == {}
        with time_machine.travel(dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC), tick=False):
            subjects = {key[2].rsplit(":", 1)[1] for key in found(rules.work_anniversary)}
        assert subjects == {"24"}

    def test_not_for_an_earlier_job(self, ada):
        career(ada, "Acme", "Engineer", dt.date(2025, 6, 1))
        career(ada, "Globex", "Lead", dt.date(2026, 1, 10))
        assert found(rules.work_anniversary) == {}

    def test_not_months_off(self, ada):
        career(ada, "Acme", "Engineer", dt.date(2025, 9, 1))
        assert found(rules.work_anniversary) == {}

    def test_a_new_title_recorded(self, ada):
        move = career(ada, "Acme", "Principal Engineer", dt.date(2026, 6, 1),
                      recorded_at=timezone.now() - dt.timedelta(days=3))
        signal = found(rules.new_title)[(ada.pk, SignalKind.NEW_TITLE, f"career:{move.pk}")]
        assert signal.reason == "Ada is now Principal Engineer at Acme: say congrats."

    def test_a_title_recorded_long_ago_is_not_news(self, ada):
        career(ada, "Acme", "Principal Engineer", dt.date(2025, 1, 1),
               recorded_at=timezone.now() - dt.timedelta(days=40))
        assert found(rules.new_title) == {}

    def test_several_got_aways_at_one_company(self, frozen, recruiter):
        people = [CandidateFactory(full_name=name, owner=recruiter) for name in ("Ann One", "Bo Two", "Cy Three")]
        for person in people:
            career(person, "Acme", "Engineer", dt.date(2026, 3, 1))
        signals = found(rules.company_magnet)
        assert len(signals) == 3
        assert signals[(people[1].pk, SignalKind.COMPANY_MAGNET, f"company:{Company.objects.get().pk}")].reason == (
            "3 of our got-aways now work at Acme; Bo is one: ask what draws people there.")

    def test_two_are_not_several(self, frozen, recruiter):
        for name in ("Ann One", "Bo Two"):
            career(CandidateFactory(full_name=name, owner=recruiter), "Acme", "Engineer", dt.date(2026, 3, 1))
        assert found(rules.company_magnet) == {}


class TestWarmingUp:
    def test_a_reply_this_fortnight(self, ada):
        TouchPoint.objects.create(candidate=ada, kind=TouchKind.EMAIL, direction=Direction.INBOUND,
                                  occurred_at=timezone.now() - dt.timedelta(days=2))
        signal = next(iter(found(rules.warming_up).values()))
        assert signal.kind == SignalKind.WARMING_UP
        assert signal.reason == "Ada replied to an email 2 days ago: they're warming up."
        assert signal.expires_at == timezone.now() + dt.timedelta(days=12)

    def test_the_latest_thing_they_did_is_named(self, ada):
        for days, kind in ((5, TouchKind.EMAIL), (1, TouchKind.EVENT)):
            TouchPoint.objects.create(candidate=ada, kind=kind, direction=Direction.INBOUND,
                                      occurred_at=timezone.now() - dt.timedelta(days=days))
        signal = next(iter(found(rules.warming_up).values()))
        assert signal.reason == ("Ada answered an event invitation yesterday (and 1 more thing this fortnight): "
                                 "they're warming up.")

    def test_our_own_touch_is_not_warming(self, ada):
        TouchPoint.objects.create(candidate=ada, kind=TouchKind.EMAIL, direction=Direction.OUTBOUND,
                                  occurred_at=timezone.now() - dt.timedelta(days=1))
        assert found(rules.warming_up) == {}

    def test_three_weeks_ago_is_cold(self, ada):
        TouchPoint.objects.create(candidate=ada, kind=TouchKind.EMAIL, direction=Direction.INBOUND,
                                  occurred_at=timezone.now() - dt.timedelta(days=15))
        assert found(rules.warming_up) == {}


def test_open_from_reached_from_the_preference_centre(ada):
    from outreach.mail.models import EmailPreferences
    from outreach.mail.reapproach import open_from_reached

    EmailPreferences.objects.update_or_create(candidate=ada,
                                              defaults={"open_to_opportunities_from": dt.date(2026, 6, 1)})
    signal = next(iter(open_from_reached(scope=full_scope())))
    assert (signal.candidate_id, signal.subject) == (ada.pk, "open_from:2026-06-01")
    assert signal.reason == "Ada said they're open to opportunities from 1 Jun, in their email preferences."


def test_tier_does_not_change_what_fires(ada, opening):
    ada.tier = Tier.POOL
    ada.save()
    assert len(found(rules.band_covers_ask)) == 1


def test_interview_stage_is_not_a_filter_for_reasons(ada, opening):
    InterviewFactory(candidate=ada, role_title="Staff Engineer", stage=InterviewStage.SCREEN)
    assert len(found(rules.band_covers_ask)) == 1
