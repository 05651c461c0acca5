"""The candidate page: profile, schedule, interviews with scorecards, career, one timeline."""
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from candidates.choices import GotAwayReason, Stage, Tier
from candidates.models import Candidate
from candidates.services import candidate_update, career_update_record
from candidates.tests.factories import CandidateFactory, FeedbackFactory, InterviewFactory
from candidates.timeline import TIMELINE_FIRST_PAGE, candidate_timeline
from outreach.choices import TouchKind
from outreach.services import touch_point_log

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script><b>bold</b>'
ESCAPED_SCRIPT = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;"


@pytest.fixture
def candidate(recruiter):
    return CandidateFactory(
        owner=recruiter, full_name="Ada Lovelace", email="ada@lovelace.example", phone="+44 20 7946 0000",
        headline="Analytical engine programmer", skills=["Python", "Math", " Poetry "], tier=Tier.TOP,
        stage=Stage.NURTURING, got_away_reason=GotAwayReason.COMPENSATION_GAP,
        got_away_detail="Asked for 20% more than the band.", got_away_on=dt.date(2026, 3, 2),
        linkedin_url="https://www.linkedin.com/in/ada", github_url="https://github.com/ada",
        current_title="Engineer", current_company="Babbage Ltd",
    )


def detail(client, candidate):
    response = client.get(reverse("candidates:detail", args=[candidate.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_profile_card_shows_who_they_are_and_why_they_got_away(recruiter_client, candidate):
    html = detail(recruiter_client, candidate)
    assert "Poetry" in _card(html, "profile-heading")
    assert 'href="mailto:ada@lovelace.example"' in html
    assert 'href="tel:+44 20 7946 0000"' in html
    assert 'href="https://www.linkedin.com/in/ada"' in html and 'href="https://github.com/ada"' in html
    for skill in ("Python", "Math", "Poetry"):
        assert f'<span class="badge rounded-pill text-bg-secondary">{skill}</span>' in html
    for text in ("Top tier", "Nurturing", "Compensation gap", "Asked for 20% more than the band.", "2 Mar 2026",
                 "Engineer at Babbage Ltd", "Rita Recruiter", "Analytical engine programmer"):
        assert text in html, text
    assert "Do not contact." not in html


def test_do_not_contact_is_a_clear_warning(recruiter_client, candidate, recruiter):
    candidate_update(candidate=candidate, changed_by=recruiter, do_not_contact=True)
    html = detail(recruiter_client, candidate)
    assert 'class="alert alert-danger d-flex gap-2" role="alert"' in html
    assert "Do not contact." in html


def test_action_buttons_and_schedule_card(recruiter_client, candidate):
    html = detail(recruiter_client, candidate)
    for url in (
        reverse("candidates:update", args=[candidate.pk]),
        reverse("candidates:interview_create", args=[candidate.pk]),
        reverse("candidates:career_create", args=[candidate.pk]),
        reverse("outreach:touch_create", args=[candidate.pk]),
        reverse("outreach:schedule_update", args=[candidate.pk]),
    ):
        assert f'href="{url}' in html, url
    assert 'id="schedule-card"' in html
    assert "Monthly" in html or "Every 2 weeks" in html  # the top tier's default cadence is shown


def test_interviews_show_their_scorecards_and_sharing(recruiter_client, candidate, recruiter):
    interview = InterviewFactory(candidate=candidate, role_title="Staff Engineer", interviewers="Bob, Eve")
    unshared = FeedbackFactory(interview=interview, strengths="Great at graphs", concerns="Slow to commit")
    shared = FeedbackFactory(interview=interview, author=recruiter, shared_at=timezone.now(), shared_via="email")
    html = detail(recruiter_client, candidate)
    assert "Onsite interview: Staff Engineer" in html
    assert "Interviewers: Bob, Eve" in html
    assert "Great at graphs" in html and "Slow to commit" in html
    assert "Technical skills" in html and 'aria-label="4 out of 5"' in html
    assert "Yes" in html and "average 4.0/5" in html
    assert "You impressed the panel with your design skills." in html
    assert reverse("outreach:feedback_share", args=[unshared.pk]) in html
    assert reverse("outreach:feedback_share", args=[shared.pk]) not in html
    assert "Shared by email on" in html
    assert reverse("candidates:feedback_create", args=[candidate.pk, interview.pk]) in html


def test_empty_sections_explain_what_to_do(recruiter_client, candidate):
    html = detail(recruiter_client, candidate)
    assert "No interviews logged yet." in html
    assert "No career updates yet." in html


def test_user_text_is_escaped_everywhere(recruiter_client, candidate, recruiter):
    candidate_update(candidate=candidate, changed_by=recruiter, got_away_detail=SCRIPT, headline=SCRIPT)
    career_update_record(candidate=candidate, company="ACME", title="CTO", recorded_by=recruiter, note=SCRIPT)
    FeedbackFactory(interview=InterviewFactory(candidate=candidate), strengths=SCRIPT, concerns=SCRIPT,
                    candidate_note=SCRIPT)
    touch_point_log(candidate=candidate, kind=TouchKind.EMAIL, occurred_at=timezone.now(), author=recruiter,
                    summary=SCRIPT)
    html = detail(recruiter_client, candidate)
    assert SCRIPT not in html
    assert "<b>bold</b>" not in html
    assert html.count(ESCAPED_SCRIPT) >= 7


def test_line_breaks_in_notes_survive_as_br(recruiter_client, candidate, recruiter):
    career_update_record(candidate=candidate, company="ACME", title="CTO", recorded_by=recruiter,
                         note="Line one\nLine <two>")
    html = detail(recruiter_client, candidate)
    assert "Line one<br>Line &lt;two&gt;" in html


def test_timeline_is_one_story_newest_first(recruiter_client, candidate, recruiter):
    now = timezone.now()
    touch_point_log(candidate=candidate, kind=TouchKind.PHONE_CALL, occurred_at=now - dt.timedelta(days=2),
                    author=recruiter, summary="Caught up on the phone")
    InterviewFactory(candidate=candidate, role_title="Platform Lead",
                     occurred_on=timezone.localdate() - dt.timedelta(days=60))
    career_update_record(candidate=candidate, company="Engines Inc", title="Principal", recorded_by=recruiter,
                         started_on=timezone.localdate() - dt.timedelta(days=10))
    candidate_update(candidate=candidate, changed_by=recruiter, stage=Stage.RE_ENGAGED)
    response = recruiter_client.get(reverse("candidates:detail", args=[candidate.pk]))
    kinds = [row.entry.kind for row in response.context["timeline"]]
    # The newest stage change comes first, then the "Added as" entry made when the candidate was created.
    assert kinds == ["stage", "stage", "touch_phone_call", "career", "interview"]
    html = response.content.decode()
    assert "Stage: Nurturing → Re-engaged" in html
    timeline = html[html.index('id="timeline-heading"'):]
    positions = [timeline.index(text) for text in (
        "Stage: Nurturing → Re-engaged", "Added as Nurturing", "Caught up on the phone",
        "Career: Principal at Engines Inc", "Onsite interview: Platform Lead",
    )]
    assert positions == sorted(positions)
    for icon in ("bi-signpost-split", "bi-telephone", "bi-briefcase", "bi-person-video3"):
        assert f'<i class="bi {icon}"></i>' in html


def _add_history(candidate, recruiter, n):
    """n of each kind of history item: touch points, interviews with scorecards, career moves, stage changes."""
    now = timezone.now()
    stages = [Stage.RE_ENGAGED, Stage.NURTURING]
    for i in range(n):
        touch_point_log(candidate=candidate, kind=TouchKind.EMAIL, occurred_at=now - dt.timedelta(days=i + 1),
                        author=recruiter, summary=f"Email {i}")
        FeedbackFactory(interview=InterviewFactory(candidate=candidate, logged_by=recruiter), author=recruiter)
        career_update_record(candidate=candidate, company=f"Co {i}", title="Engineer", recorded_by=recruiter)
        candidate_update(candidate=candidate, changed_by=recruiter, stage=stages[i % 2])


@pytest.mark.parametrize("items", [3, 30])
def test_detail_query_count_does_not_grow_with_history(recruiter_client, candidate, recruiter,
                                                       django_assert_num_queries, items):
    _add_history(candidate, recruiter, items)
    # session, user, profile, candidate+owner+schedule, 2 x permissions, interviews, their scorecards,
    # career updates (the timeline reuses those three), stage changes and touch points for the
    # timeline; the email card (outreach.mail): preferences, address suppression, latest emails;
    # sequence enrolments (outreach.sequences: the timeline's, which its card reuses); newsletter
    # clicks for the timeline (outreach.newsletters); a top-tier candidate's followed feeds (the
    # career watch card, outreach.watch); how many others moved to each company on the career
    # card ("Also at Acme"). The email preferences are read once for the email card and the
    # "What would bring them back" card together; the live re-approach signals (the "Why get in
    # touch now" card, outreach.signals).
    with django_assert_num_queries(19):
        response = recruiter_client.get(reverse("candidates:detail", args=[candidate.pk]))
    assert len(response.context["timeline"]) == min(TIMELINE_FIRST_PAGE, len(_full_timeline(candidate)))
    with django_assert_num_queries(19):
        response = recruiter_client.get(reverse("candidates:detail", args=[candidate.pk]), {"history": "all"})
    assert len(response.context["timeline"]) >= 4 * items


def _full_timeline(candidate):
    entries, _truncated = candidate_timeline(candidate)
    return entries


def test_a_long_history_opens_on_the_latest_entries_with_a_link_to_the_rest(recruiter_client, candidate, recruiter):
    _add_history(candidate, recruiter, 20)
    url = reverse("candidates:detail", args=[candidate.pk])
    first = recruiter_client.get(url)
    shown = [row.entry for row in first.context["timeline"]]
    assert len(shown) == TIMELINE_FIRST_PAGE
    assert shown == _full_timeline(candidate)[:TIMELINE_FIRST_PAGE]  # the newest, newest first
    assert "Show the full history" in first.content.decode()

    everything = recruiter_client.get(url, {"history": "all"})
    assert len(everything.context["timeline"]) == len(_full_timeline(candidate)) > TIMELINE_FIRST_PAGE
    assert "Show the full history" not in everything.content.decode()


def test_timeline_dates_are_in_the_recruiters_timezone_and_by_day_for_dated_events(client, other_recruiter):
    # Oscar reads in New York; the touch point was at 02:30 London time, so 21:30 the day before for him.
    candidate = CandidateFactory(owner=other_recruiter)
    touch_point_log(candidate=candidate, kind=TouchKind.EMAIL, author=other_recruiter,
                    occurred_at=dt.datetime(2026, 3, 2, 2, 30, tzinfo=dt.UTC))
    InterviewFactory(candidate=candidate, occurred_on=dt.date(2026, 2, 20))
    client.force_login(other_recruiter)
    html = detail(client, candidate)
    timeline = html[html.index('id="timeline-heading"'):]
    assert 'datetime="2026-03-01T21:30:00-05:00">1 Mar 2026, 21:30</time>' in timeline
    assert 'datetime="2026-02-20">20 Feb 2026</time>' in timeline


def test_scorecard_ratings_show_stars_and_a_spoken_score(recruiter_client, candidate):
    FeedbackFactory(interview=InterviewFactory(candidate=candidate), rating_technical=5, rating_problem_solving=2,
                    rating_communication=4, rating_collaboration=1)
    html = detail(recruiter_client, candidate)
    ratings = html[html.index('<dl class="row small mb-2 ratings">'):]
    ratings = ratings[:ratings.index("</dl>")]
    filled = '<i class="bi bi-star-fill" aria-hidden="true"></i>'
    empty = '<i class="bi bi-star" aria-hidden="true"></i>'
    assert ratings.count("<dt") == 4
    assert ('<dt class="col-sm-5 fw-normal">Problem solving</dt>\n<dd class="col-sm-7 mb-1 rating-stars" '
            f'aria-label="2 out of 5">{filled * 2}{empty * 3} <span class="ms-1">2/5</span></dd>') in ratings
    assert f'aria-label="5 out of 5">{filled * 5} <span' in ratings
    assert f'aria-label="1 out of 5">{filled}{empty * 4} <span' in ratings


def test_a_manager_sees_the_change_history_once(manager_client, candidate, recruiter):
    candidate_update(candidate=candidate, changed_by=recruiter, headline="Now at the Royal Society")
    html = detail(manager_client, candidate)
    assert html.count('id="audit-heading"') == 1
    assert "Now at the Royal Society" in html


def test_a_candidate_loaded_without_history_rows_opens_for_a_manager(manager_client, candidate):
    """Bulk loads (COPY, an import) write no history row; the page says so instead of failing."""
    candidate.history.all().delete()
    response = manager_client.get(reverse("candidates:detail", args=[candidate.pk]))
    assert response.status_code == 200
    assert "No changes recorded yet." in response.content.decode()


def test_the_timeline_is_the_same_from_prefetched_history(candidate, recruiter):
    _add_history(candidate, recruiter, 8)
    prefetched = Candidate.objects.with_history().get(pk=candidate.pk)
    for limit in (3, 10, TIMELINE_FIRST_PAGE):
        assert candidate_timeline(prefetched, limit=limit) == candidate_timeline(candidate, limit=limit)


def test_the_timeline_says_whose_scorecard_it_is_and_what_the_score_means(recruiter_client, candidate, recruiter):
    interview = InterviewFactory(candidate=candidate)
    FeedbackFactory(interview=interview, author=recruiter, recommendation=4, rating_technical=4,
                    rating_problem_solving=4, rating_communication=4, rating_collaboration=4)
    FeedbackFactory(interview=interview, author=None, recommendation=2, rating_technical=2,
                    rating_problem_solving=3, rating_communication=3, rating_collaboration=3)
    html = detail(recruiter_client, candidate)
    timeline = html[html.index('id="timeline-heading"'):]
    assert '<span class="fw-semibold">Scorecard by Rita Recruiter: Yes, average 4.0 of 5</span>' in timeline
    assert '<span class="fw-semibold">Scorecard: No, average 2.8 of 5</span>' in timeline


# --- What would bring them back; who else moved to the same company ------------------------

def _card(html: str, card_id: str) -> str:
    start = html.index(f'id="{card_id}"')
    return html[start:html.index("</section>", start)]


def test_the_card_says_what_would_bring_them_back(recruiter_client, candidate, recruiter):
    from outreach.mail.models import EmailPreferences

    today = timezone.localdate()
    candidate_update(candidate=candidate, changed_by=recruiter, expected_pay_currency="GBP", expected_pay=150_000,
                     follow_up_on=today + dt.timedelta(days=14), open_to_remote=True)
    EmailPreferences.objects.create(candidate=candidate, open_to_opportunities_from=dt.date(2027, 1, 4))
    card = _card(detail(recruiter_client, candidate), "reapproach-card")
    for text in ("What would bring them back", "Compensation gap", "Asked for 20% more than the band.",
                 "£150k", "in 2\xa0weeks", "From 4 Jan 2027", "Remote work"):
        assert text in card, text
    assert "Relocating" not in card
    assert f'datetime="{(today + dt.timedelta(days=14)).isoformat()}"' in card


def test_the_card_shows_a_passed_follow_up_and_what_is_not_known(recruiter_client, candidate, recruiter):
    Candidate.objects.filter(pk=candidate.pk).update(follow_up_on=timezone.localdate() - dt.timedelta(days=3),
                                                     got_away_detail=SCRIPT)
    card = _card(detail(recruiter_client, candidate), "reapproach-card")
    assert "Passed" in card and "Not recorded" in card
    assert "Neither relocation nor remote noted" in card and "Open to roles" not in card
    assert ESCAPED_SCRIPT in card and SCRIPT not in card


def test_the_career_card_links_to_the_others_who_moved_to_the_same_company(recruiter_client, candidate, recruiter):
    for name in ("Bob", "Cy"):
        other = CandidateFactory(owner=recruiter, full_name=name)
        career_update_record(candidate=other, company="ACME corp", title="Engineer", recorded_by=recruiter)
    career_update_record(candidate=candidate, company="Acme Corp", title="Lead", recorded_by=recruiter,
                         started_on=dt.date(2026, 1, 5))
    career_update_record(candidate=candidate, company="Initech", title="Engineer", recorded_by=recruiter,
                         started_on=dt.date(2025, 1, 5))
    html = detail(recruiter_client, candidate)
    acme = candidate.career_updates.get(title="Lead").employer
    link = f'href="{reverse("candidates:list")}?company={acme.pk}"'
    assert link in html and "Also at Acme Corp: 2 other got-aways" in html
    assert "Also at Initech" not in html and "Now at Initech" not in html  # nobody else works there

    # A company they have left reads as where others are now.
    dan = CandidateFactory(owner=recruiter, full_name="Dan")
    career_update_record(candidate=dan, company="Initech", title="Lead", recorded_by=recruiter)
    assert "Now at Initech: 1 got-away</a>" in detail(recruiter_client, candidate)

    listed = recruiter_client.get(reverse("candidates:list"), {"company": acme.pk})
    assert {c.full_name for c in listed.context["candidates"]} == {"Ada Lovelace", "Bob", "Cy"}
    page = listed.content.decode()
    assert f"Now at {acme.name}" in page  # the record keeps the first spelling typed: "ACME corp"
    # The filter form carries the company, so another filter keeps it.
    assert f'<input type="hidden" name="company" value="{acme.pk}" id="id_company">' in page
