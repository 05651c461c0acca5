"""The recruiter's email pages: write, preview and send; hostile input never sends or breaks anything."""
import pytest
from django.urls import reverse
from django.utils.html import escape

from candidates.tests.factories import FeedbackFactory, InterviewFactory
from outreach.mail.choices import MailKind, MailStatus, SuppressionReason
from outreach.mail.models import EmailPreferences, EmailTemplate, OutboundEmail, Suppression
from outreach.mail.suppression import preferences_for
from outreach.models import TouchPoint

from .factories import EmailTemplateFactory, draft

pytestmark = pytest.mark.django_db


def _compose(candidate):
    return reverse("mail:compose", args=[candidate.pk])


def _preview(candidate):
    return reverse("mail:preview", args=[candidate.pk])


def test_the_compose_page_starts_from_a_team_template(recruiter_client, candidate):
    for name in ("Catching up", "Congrats on the new role"):
        EmailTemplateFactory(name=name)
    template = EmailTemplateFactory(name="Coffee?", subject="Coffee sometime, {{ first_name }}?")
    page = recruiter_client.get(_compose(candidate), {"template": template.pk})
    assert page.status_code == 200
    form = page.context["form"]
    assert form.initial == {"subject": template.subject, "body": template.body}
    html = page.content.decode()
    assert "Catching up" in html and "Congrats on the new role" in html  # the team's other templates
    assert "Rita Recruiter via Nurture" in html and "Dana Scott &lt;dana@example.org&gt;" in html


def test_sending_queues_one_email_and_returns_to_the_candidate(recruiter_client, candidate, recruiter,
                                                               django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = recruiter_client.post(_compose(candidate), {**draft(), "send": "1"})
    assert response.status_code == 302 and response["Location"] == candidate.get_absolute_url()
    email = OutboundEmail.objects.get()
    assert (email.kind, email.status, email.sender, email.subject) == (
        MailKind.PERSONAL, MailStatus.SENT, recruiter, "Catching up, Dana?")
    assert TouchPoint.objects.filter(candidate=candidate, kind="email").count() == 1
    page = recruiter_client.get(response["Location"])
    assert "is on its way" in page.content.decode()
    assert "Catching up, Dana?" in page.content.decode()  # on the email card


def test_the_preview_is_the_email_exactly_in_a_frame_of_its_own(recruiter_client, candidate):
    response = recruiter_client.post(_preview(candidate), draft(body="Hi {{ first_name }}, **great** to meet!"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dana" in html and "<strong" in html and "Rita Recruiter via Nurture" in html
    assert "Plain-text part" in html and "Why you are hearing from us" in html  # first email: the notice
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    policy = response["Content-Security-Policy"]
    assert "style-src 'unsafe-inline'" in policy and "default-src 'none'" in policy
    assert "script-src 'none'" in policy and "frame-ancestors 'self'" in policy
    assert not OutboundEmail.objects.exists()  # previewing sends nothing


def test_the_compose_page_keeps_the_strict_policy(recruiter_client, candidate):
    response = recruiter_client.get(_compose(candidate))
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_the_preview_shows_what_to_fix(recruiter_client, candidate):
    response = recruiter_client.post(_preview(candidate), draft(body="Hi {{ firstname }}"))
    assert response.status_code == 200
    assert "Unknown merge field: {{ firstname }}" in response.content.decode()


HOSTILE = {
    "merge-field injection": ({"body": "{{ candidate.owner.password }} {{ settings.SECRET_KEY }}"}, "body",
                              "Unknown merge fields"),
    "template tag": ({"body": "{% load log %}{% debug %}"}, "body", "missing or extra brace"),
    "script in body": ({"body": "Hi <script>alert(1)</script>"}, "body", "HTML tags such as"),
    "image with handler": ({"body": '<img src=x onerror="alert(1)">'}, "body", "HTML tags such as"),
    "1 MB body": ({"body": "x" * (1024 * 1024)}, "body", "at most 20000 characters"),
    "CR/LF in subject": ({"subject": "Hi\r\nBcc: everyone@example.com"}, "subject", "one line"),
    "LF in subject": ({"subject": "Hi\nX-Injected: 1"}, "subject", "one line"),
    "merge field in subject": ({"subject": "Hi {{ password }}"}, "subject", "Unknown merge field"),
    "NUL in body": ({"body": "Hi\x00there"}, "body", "Null characters are not allowed"),
    "empty": ({"subject": "", "body": ""}, "subject", "required"),
}


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_hostile_input_is_a_clear_form_error_and_nothing_is_sent(recruiter_client, candidate, case, smtp,
                                                                django_capture_on_commit_callbacks):
    fields, field, message = HOSTILE[case]
    with django_capture_on_commit_callbacks(execute=True):
        response = recruiter_client.post(_compose(candidate), {**draft(), **fields, "send": "1"})
        preview = recruiter_client.post(_preview(candidate), {**draft(), **fields})
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get(field, []))
    assert message in errors, response.context["form"].errors
    assert "Nothing was saved" in response.content.decode()
    assert preview.status_code == 200 and "Fix these first" in preview.content.decode()
    assert not OutboundEmail.objects.exists() and smtp.count == 0


def test_a_candidate_named_like_markup_stays_a_name(recruiter_client, candidate, django_capture_on_commit_callbacks):
    candidate.full_name = "[Click](javascript:alert(1)) <b>Bold</b>"
    candidate.current_company = "{{ recruiter_name }}"
    candidate.save()
    with django_capture_on_commit_callbacks(execute=True):
        recruiter_client.post(_compose(candidate), {**draft(body="Hi {{ full_name }} at {{ company }}"), "send": "1"})
    email = OutboundEmail.objects.get()
    assert "href=\"javascript" not in email.body_html and "[Click](javascript:alert(1))" in email.body_html
    assert "<b>" not in email.body_html and "&lt;b&gt;Bold&lt;/b&gt;" in email.body_html
    assert "at {{ recruiter_name }}" in email.body_text  # a value is never expanded again


def test_a_blocked_candidate_is_refused_before_anything_is_queued(recruiter_client, candidate):
    Suppression.objects.create(email=candidate.email, reason=SuppressionReason.HARD_BOUNCE)
    page = recruiter_client.get(_compose(candidate))
    assert "cannot be emailed" in page.content.decode()
    response = recruiter_client.post(_compose(candidate), {**draft(), "send": "1"})
    assert "cannot be emailed: address bounced" in " ".join(response.context["form"].non_field_errors())
    assert not OutboundEmail.objects.exists()


def test_the_form_warns_about_contact_pressure_but_lets_the_recruiter_send(recruiter_client, candidate, recruiter,
                                                                           django_capture_on_commit_callbacks):
    from outreach.mail.services import personal_email_queue

    for _ in range(4):
        personal_email_queue(candidate=candidate, sender=recruiter, **draft())
    page = recruiter_client.get(_compose(candidate)).content.decode()
    assert "4 emails in the last 30 days: personal email" in page and "the team's limit of 4 in 30 days" in page
    response = recruiter_client.post(_compose(candidate), {**draft(), "send": "1"})
    assert response.status_code == 302 and OutboundEmail.objects.count() == 5


@pytest.fixture
def feedback(candidate, recruiter):
    interview = InterviewFactory(candidate=candidate, role_title="Platform Engineer")
    return FeedbackFactory(interview=interview, author=recruiter, strengths="Sharp system design.",
                           concerns="SECRET-CONCERN: weak on testing.", candidate_note="You impressed the panel.")


def test_the_feedback_draft_uses_only_words_meant_for_the_candidate(recruiter_client, feedback, recruiter):
    FeedbackFactory(interview=feedback.interview, strengths="OTHER-INTERVIEWER", candidate_note="OTHER-NOTE")
    page = recruiter_client.get(reverse("mail:feedback_compose", args=[feedback.pk]))
    body = page.context["form"].initial["body"]
    assert "You impressed the panel." in body and "Sharp system design." in body
    assert "{{ preferences_url }}" in body and "future roles" in body
    for internal in ("SECRET-CONCERN", "OTHER-INTERVIEWER", "OTHER-NOTE", "Strong", "4/5", "Yes"):
        assert internal not in body
    assert page.context["form"].initial["subject"] == "Your interview for Platform Engineer"


def test_a_feedback_email_marks_the_scorecard_shared_once_and_counts_for_the_dashboard(
        recruiter_client, feedback, recruiter, smtp, django_capture_on_commit_callbacks):
    url = reverse("mail:feedback_compose", args=[feedback.pk])
    initial = recruiter_client.get(url).context["form"].initial
    with django_capture_on_commit_callbacks(execute=True):
        response = recruiter_client.post(url, {**initial, "send": "1"})
    assert response.status_code == 302
    feedback.refresh_from_db()
    email = OutboundEmail.objects.get()
    assert email.kind == MailKind.FEEDBACK and email.status == MailStatus.SENT
    assert feedback.shared_at == email.sent_at and feedback.shared_via == "email"
    assert TouchPoint.objects.filter(candidate=feedback.interview.candidate, kind="feedback_shared").count() == 1
    text = smtp.messages()[0].get_body(("plain",)).get_content()
    assert "https://" in text or "http://" in text  # the preferences link is filled in
    again = recruiter_client.get(url)
    assert again.status_code == 302  # already shared: back to the candidate, nothing to write


def test_a_second_feedback_email_for_the_same_scorecard_is_refused(recruiter_client, feedback, recruiter):
    from outreach.mail.services import feedback_email_queue

    feedback_email_queue(feedback=feedback, sender=recruiter, **draft())  # queued, not sent yet
    response = recruiter_client.post(reverse("mail:feedback_compose", args=[feedback.pk]), {**draft(), "send": "1"})
    assert "already on its way" in " ".join(response.context["form"].non_field_errors())
    assert OutboundEmail.objects.count() == 1


def test_the_team_keeps_its_templates(recruiter_client, recruiter):
    response = recruiter_client.post(reverse("mail:template_create"),
                                     {"name": "Welcome back", "subject": "Hi {{ first_name }}", "body": "Hello!"})
    assert response.status_code == 302
    template = EmailTemplate.objects.get(name="Welcome back")
    assert template.updated_by == recruiter
    bad = recruiter_client.post(reverse("mail:template_update", args=[template.pk]),
                                {"name": "Welcome back", "subject": "Hi {{ nope }}", "body": "<script>"})
    assert set(bad.context["form"].errors) == {"subject", "body"}
    assert EmailTemplate.objects.get(pk=template.pk).subject == "Hi {{ first_name }}"


def test_the_template_list_costs_the_same_for_any_number(recruiter_client, django_assert_max_num_queries):
    for _ in range(20):
        EmailTemplateFactory()
    with django_assert_max_num_queries(6):
        assert recruiter_client.get(reverse("mail:template_list")).status_code == 200


def test_the_recruiter_records_consent_and_the_candidate_page_shows_it_with_the_preferences(
        recruiter_client, candidate):
    response = recruiter_client.post(reverse("mail:consent", args=[candidate.pk]), {
        "lawful_basis": "consent", "consent_source": "Application form", "consent_given_on": "2026-06-01"})
    assert response.status_code == 302
    preferences = EmailPreferences.objects.get(candidate=candidate)
    assert (preferences.lawful_basis, preferences.consent_source) == ("consent", "Application form")
    assert preferences.consent_given_at.date().isoformat() == "2026-06-01"
    page = recruiter_client.get(candidate.get_absolute_url()).content.decode()
    assert "Application form, 1 Jun 2026" in page and "Not yet (goes with the first email)" in page


def test_the_candidate_page_shows_a_pause_and_a_suppression(recruiter_client, candidate):
    from django.utils import timezone

    preferences = preferences_for(candidate)
    preferences.paused_until = timezone.now() + timezone.timedelta(days=90)
    preferences.save()
    Suppression.objects.create(email=candidate.email, reason=SuppressionReason.COMPLAINT)
    page = recruiter_client.get(candidate.get_absolute_url()).content.decode()
    assert "Address suppressed" in page and "Marked an email as spam" in page
    assert f"Until {preferences.paused_until:%-d %b %Y}" in page


def test_my_checkins_links_each_row_to_a_personal_email(recruiter_client, candidate):
    from django.utils import timezone

    from outreach.models import CheckInSchedule

    CheckInSchedule.objects.filter(candidate=candidate).update(next_due_at=timezone.now())
    page = recruiter_client.get(reverse("outreach:my_checkins")).content.decode()
    assert f'{_compose(candidate)}?next=/' in page


def test_a_sent_email_can_be_read_back(recruiter_client, candidate, recruiter):
    from outreach.mail.services import personal_email_queue

    email = personal_email_queue(candidate=candidate, sender=recruiter, **draft())
    page = recruiter_client.get(reverse("mail:email_detail", args=[email.pk]))
    assert page.status_code == 200 and escape(email.message_id) in page.content.decode()
    frame = recruiter_client.get(reverse("mail:email_html", args=[email.pk]))
    assert frame.content.decode() == email.body_html and frame["X-Frame-Options"] == "SAMEORIGIN"


def test_the_team_starts_with_three_templates():
    # Loaded by migration mail 0002; later edited freely in the app.
    assert set(EmailTemplate.objects.values_list("name", flat=True)) >= {
        "Catching up", "Congrats on the new role", "Coffee?"}
