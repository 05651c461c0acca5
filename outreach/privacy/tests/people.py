"""A candidate with a row in every table that points at candidates, every text in it marked "qx7".

After an erasure nothing marked may be left anywhere in the database. Machinery columns (message
ids, random link keys, batch names, the newsletter's own link) are left unmarked on purpose:
they are kept by design and say nothing about the person (erasure.KEPT).
"""
import datetime as dt

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from candidates.models import Candidate
from candidates.services import candidate_create, career_update_record
from candidates.tests.factories import FeedbackFactory, InterviewFactory
from outreach.duplicates.models import CandidateMerge
from outreach.events.models import Event, Invitation
from outreach.imports.models import ImportRow, ImportRun
from outreach.mail.models import EmailPreferences, InboundEmail, MailEvent, OutboundEmail, Suppression
from outreach.mail.services import feedback_email_queue, personal_email_queue
from outreach.models import Digest, DigestLinkUse
from outreach.newsletters.models import Newsletter, NewsletterClick, NewsletterOpen
from outreach.privacy.models import DataRequest, RetentionReview
from outreach.segments.models import Segment
from outreach.sequences.models import Enrolment, Sequence, Step, StepRun
from outreach.services import touch_point_log
from outreach.signals.models import Signal
from outreach.watch.models import Feed, FeedItem

MARK = "qx7"
NAME = "Zoë Qx7-Quinn"
EMAIL = "zoe.qx7@quinn-mail.test"


def marked_candidate(owner, *, name: str = NAME, email: str = EMAIL) -> Candidate:
    return candidate_create(
        owner=owner, full_name=name, email=email, phone="+44 qx7 0101",
        linkedin_url="https://www.linkedin.com/in/qx7-zoe", github_url="https://github.com/qx7zoe",
        portfolio_url="https://qx7.example.org", location="Qx7 Town", headline="Qx7 platform lead",
        skills=["qx7-lang", "Rust"], current_company="Qx7 Corp", current_title="Qx7 engineer",
        got_away_reason="declined_offer", got_away_detail="Went to qx7 for the equity",
    )


def marked_history(candidate: Candidate, recruiter, admin) -> None:
    """One marked row in every table that points at a candidate, and in those that quote them."""
    now = timezone.now()
    interview = InterviewFactory(candidate=candidate, role_title="Qx7 staff engineer", interviewers="qx7 panel")
    feedback = FeedbackFactory(interview=interview, author=recruiter, strengths="qx7 strengths",
                               concerns="qx7 concerns", candidate_note="qx7 note for them")
    touch_point_log(candidate=candidate, kind="phone_call", occurred_at=now - dt.timedelta(days=1),
                    author=recruiter, summary="Talked qx7 pay")
    career_update_record(candidate=candidate, company="Qx7 Labs", title="Qx7 head", recorded_by=recruiter,
                         note="qx7 promoted")
    personal = personal_email_queue(candidate=candidate, sender=recruiter, subject="Qx7 catch-up",
                                    body="Hello Zoë, qx7 news")
    OutboundEmail.objects.filter(pk=personal.pk).update(status="sent", last_error="qx7 temporary failure",
                                                        calendar_ics="SUMMARY:qx7")
    feedback_email_queue(feedback=feedback, sender=recruiter, subject="Qx7 feedback", body="qx7 went well")
    segment = Segment.objects.create(name="Everyone", owner=recruiter)
    newsletter = Newsletter.objects.create(subject="News", body="Hello", segment=segment, author=recruiter)
    bulk = OutboundEmail.objects.create(
        candidate=candidate, sender=recruiter, kind="newsletter", batch_key=f"newsletter:{newsletter.pk}",
        to_email=candidate.email, to_name=candidate.full_name, subject="News for Zoë Qx7",
        body_text="Dear Zoë Qx7", topic="newsletter", message_id=f"<n{newsletter.pk}.{candidate.pk}@nurture.test>",
        status="sent")
    NewsletterClick.objects.create(newsletter=newsletter, email=bulk, candidate=candidate, link=0,
                                   url="https://example.com/jobs")
    NewsletterOpen.objects.create(newsletter=newsletter, email=bulk)
    MailEvent.objects.create(provider="postmark", event_key=f"ev1:{candidate.email}", email=bulk, kind="delivered",
                             recipient=candidate.email, occurred_at=now, description="250 ok for qx7")
    # Mail about the address that matched no message or candidate row, and the plain suppression.
    MailEvent.objects.create(provider="postmark", event_key=f"ev2:{candidate.email}", kind="soft_bounce",
                             recipient=candidate.email, occurred_at=now, description="mailbox qx7 full")
    InboundEmail.objects.create(source="imap", message_id="<stray@quinn-mail.test>", kind="reply",
                                from_email=candidate.email, from_name="Zoë Qx7", subject="qx7 stray", text="qx7")
    Suppression.objects.create(email=candidate.email, reason="soft_bounces", note="bounced")
    InboundEmail.objects.create(source="imap", message_id="<reply.1@quinn-mail.test>", kind="reply",
                                from_email=candidate.email, from_name="Zoë Qx7", subject="Re: qx7",
                                text="qx7 thanks", candidate=candidate, reply_to_email=personal,
                                forwarded_to="rita@example.com")
    event = Event.objects.create(title="Happy hour", address="The Crown", created_by=recruiter,
                                 starts_at=now + dt.timedelta(days=7), ends_at=now + dt.timedelta(days=7, hours=3))
    Invitation.objects.create(event=event, candidate=candidate, invited_by=recruiter, note="qx7 bring a friend")
    preferences, _ = EmailPreferences.objects.get_or_create(candidate=candidate)
    EmailPreferences.objects.filter(pk=preferences.pk).update(lawful_basis="consent",
                                                              consent_source="qx7 meetup sign-up sheet")
    sequence = Sequence.objects.create(name="Warm follow-up", owner=recruiter)
    step = Step.objects.create(sequence=sequence, position=1, kind="task", task_kind="call")
    enrolment = Enrolment.objects.create(sequence=sequence, candidate=candidate, enrolled_by=recruiter,
                                         next_step_at=now, stop_detail="Re: qx7")
    StepRun.objects.create(enrolment=enrolment, step=step, kind="task", status="open", assignee=recruiter,
                           note="call qx7 mobile")
    run = ImportRun.objects.create(created_by=recruiter, filename="people.csv", status="done",
                                   preview={"notable": [{"row": 2, "reason": f"skipped: same email as {NAME}"}]},
                                   failure=f"row 9: {EMAIL} refused")
    ImportRow.objects.create(run=run, row_number=2, action="update", candidate=candidate,
                             reason=f"updates {NAME}", previous={"headline": "qx7 before"})
    CandidateMerge.objects.create(survivor=candidate, loser_id=candidate.pk + 10_000, loser_name="Zoë Qx7 (old)",
                                  merged_by=recruiter, survivor_before={"phone": "qx7 old phone"},
                                  loser_row=[{"fields": {"email": "old.qx7@quinn-mail.test"}}],
                                  dropped=[{"fields": {"summary": "qx7 dropped"}}])
    DataRequest.objects.create(candidate=candidate, kind="access", received_on=timezone.localdate(),
                               notes="Zoë Qx7 asked by phone")
    RetentionReview.objects.create(candidate=candidate, reason="qx7", flagged_on=timezone.localdate(),
                                   erase_on=timezone.localdate() + dt.timedelta(days=30))
    Digest.objects.create(recipient=recruiter, local_date=timezone.localdate(),
                          content={"overdue": [{"name": NAME, "company": "Qx7 Corp"}]})
    DigestLinkUse.objects.create(link_hash="a" * 64, user=recruiter, candidate=candidate, action="logged")
    feed = Feed.objects.create(candidate=candidate, url="https://qx7.example.com/feed.atom", followed_by=recruiter,
                               title="Qx7 writes", last_error="qx7 timed out")
    FeedItem.objects.create(feed=feed, guid="qx7-post-1", title="Qx7 on Postgres", link="https://qx7.example.com/1",
                            published_at=now)
    Signal.objects.create(candidate=candidate, kind="new_title", subject="career:qx7", score=30, detected_at=now,
                          refreshed_at=now, reason=f"{NAME} is now Qx7 lead at Qx7 Corp: say congrats.")
    LogEntry.objects.create(user=admin, content_type=ContentType.objects.get_for_model(Candidate),
                            object_id=str(candidate.pk), object_repr=NAME, action_flag=CHANGE,
                            change_message='[{"changed": {"fields": ["Headline"]}}]')
    # The change history gets a row with the marked values too.
    candidate.headline = "Qx7 new headline"
    candidate.save()
