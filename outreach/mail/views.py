"""The recruiter's email pages: write a personal or feedback email, preview it, send it; templates; consent.

Thin: each view validates a form and calls one service. The preview is posted into a
sandboxed frame and answered with the email exactly as rendered for sending; that one
response has a CSP of its own that allows the email's inlined styles and nothing else.
"""
import datetime as dt
import re

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db import IntegrityError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import CreateView, DetailView, FormView, ListView, UpdateView

from candidates.models import Candidate, Feedback
from outreach.views import safe_next_url

from .choices import MailKind, SuppressionReason
from .compose import render_email
from .drafts import feedback_draft
from .forms import ConsentForm, EmailDraftForm, EmailTemplateForm
from .merge import MERGE_FIELDS
from .message import from_header, sender_name
from .models import EmailPreferences, EmailTemplate, OutboundEmail
from .preferences import consent_record
from .pressure import contact_pressure
from .services import feedback_email_queue, personal_email_queue
from .suppression import preferences_for, privacy_notice_due, suppression_reason

# The preview frame shows an email, not a page of the app: its inline styles are allowed,
# nothing else is (no script, no fetches, no forms), and only this site may frame it.
EMAIL_FRAME_CSP = {
    "default-src": ["'none'"], "script-src": ["'none'"], "style-src": ["'unsafe-inline'"], "img-src": ["data:"],
    "font-src": ["'none'"], "object-src": ["'none'"], "frame-ancestors": ["'self'"], "form-action": ["'none'"],
    "base-uri": ["'none'"],
}


BODY_OPEN = re.compile(r"<body[^>]*>")


def _framed(response):
    response._csp_replace = EMAIL_FRAME_CSP  # what django-csp's @csp_replace sets on a response
    response["X-Frame-Options"] = "SAMEORIGIN"  # the middleware leaves a header already set alone
    return response


def email_frame(request, template: str, context: dict):
    return _framed(render(request, template, context))


class ComposeMixin(PermissionRequiredMixin):
    """One draft for one candidate, of one kind (personal or feedback)."""

    permission_required = "mail.add_outboundemail"
    kind = MailKind.PERSONAL

    @cached_property
    def candidate(self) -> Candidate:
        return get_object_or_404(Candidate.objects.select_related("owner"), pk=self.kwargs["candidate_pk"])

    def draft_form(self, data=None, **kwargs) -> EmailDraftForm:
        return EmailDraftForm(data, candidate=self.candidate, kind=self.kind, **kwargs)


class ComposePageMixin(ComposeMixin):
    template_name = "mail/compose.html"
    form_class = EmailDraftForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "candidate": self.candidate, "kind": self.kind}

    def get_success_url(self) -> str:
        return safe_next_url(self.request) or self.candidate.get_absolute_url()

    def get_context_data(self, **kwargs):
        now = timezone.now()
        preferences = EmailPreferences.objects.filter(candidate=self.candidate).first()
        blocked = suppression_reason(candidate=self.candidate, kind=self.kind, topic="", preferences=preferences,
                                     to_email=self.candidate.email, now=now)
        return super().get_context_data(
            candidate=self.candidate, kind=self.kind, pressure=contact_pressure(candidate=self.candidate, now=now),
            blocked=SuppressionReason(blocked).label if blocked else "", merge_fields=MERGE_FIELDS,
            from_header=from_header(self.request.user), next_url=safe_next_url(self.request) or "",
            cancel_url=self.get_success_url(), **kwargs,
        )

    def queued(self, email: OutboundEmail):
        messages.success(self.request, f"Email to {self.candidate.full_name} is on its way: “{email.subject}”.")
        return HttpResponseRedirect(self.get_success_url())


class PersonalComposeView(ComposePageMixin, FormView):
    def get_initial(self):
        template_id = self.request.GET.get("template", "")
        template = EmailTemplate.objects.filter(pk=template_id).first() if template_id.isdigit() else None
        return {"subject": template.subject, "body": template.body} if template else {}

    def get_context_data(self, **kwargs):
        return super().get_context_data(templates=EmailTemplate.objects.only("pk", "name"),
                                        preview_url=reverse("mail:preview", args=[self.candidate.pk]), **kwargs)

    def form_valid(self, form):
        email = personal_email_queue(candidate=self.candidate, sender=self.request.user, **form.cleaned_data)
        return self.queued(email)


class FeedbackMixin:
    kind = MailKind.FEEDBACK
    permission_required = ("mail.add_outboundemail", "candidates.change_feedback")

    @cached_property
    def feedback(self) -> Feedback:
        return get_object_or_404(Feedback.objects.select_related("interview__candidate__owner"),
                                 pk=self.kwargs["feedback_pk"])

    @cached_property
    def candidate(self) -> Candidate:
        return self.feedback.interview.candidate


class FeedbackComposeView(FeedbackMixin, ComposePageMixin, FormView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.has_perms(self.permission_required) and self.feedback.shared_at:
            messages.info(request, f"This feedback was already shared with {self.candidate.full_name} "
                                   f"on {timezone.localtime(self.feedback.shared_at):%d %b %Y}.")
            return HttpResponseRedirect(self.get_success_url())
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return feedback_draft(self.feedback)

    def get_context_data(self, **kwargs):
        return super().get_context_data(feedback=self.feedback, interview=self.feedback.interview,
                                        preview_url=reverse("mail:feedback_preview", args=[self.feedback.pk]),
                                        **kwargs)

    def form_valid(self, form):
        try:
            email = feedback_email_queue(feedback=self.feedback, sender=self.request.user, **form.cleaned_data)
        except IntegrityError:
            form.add_error(None, "A feedback email for this scorecard is already on its way.")
            return self.form_invalid(form)
        return self.queued(email)


class PreviewView(ComposeMixin, View):
    """POSTed into the compose page's preview frame: the email as the candidate will see it."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = self.draft_form(request.POST)
        if not form.is_valid():
            return email_frame(request, "mail/emails/preview_errors.html", {"form": form})
        preferences = preferences_for(self.candidate)
        rendered = render_email(
            candidate=self.candidate, sender=request.user, kind=self.kind, topic="",
            subject=form.cleaned_data["subject"], body=form.cleaned_data["body"], preferences=preferences,
            include_privacy_notice=privacy_notice_due(preferences=preferences, candidate=self.candidate),
        )
        headers = render_to_string("mail/emails/_preview_headers.html", {
            "from_header": from_header(request.user), "subject": rendered.subject,
            "reply_to": f"{sender_name(request.user)} <{request.user.email}>",
            "to": f"{self.candidate.full_name} <{self.candidate.email}>",
        })
        text = render_to_string("mail/emails/_preview_text.html", {"text": rendered.text})
        # The email document exactly as it will be sent, with its headers above and its text part below.
        html = BODY_OPEN.sub(lambda m: m.group(0) + headers, rendered.html, count=1)
        html = html.replace("</body>", text + "</body>")
        return _framed(HttpResponse(html, content_type="text/html; charset=utf-8"))


class FeedbackPreviewView(FeedbackMixin, PreviewView):
    pass


class TemplateListView(PermissionRequiredMixin, ListView):
    permission_required = "mail.view_emailtemplate"
    template_name = "mail/template_list.html"
    context_object_name = "templates"

    def get_queryset(self):
        return EmailTemplate.objects.select_related("updated_by")


class TemplateFormMixin(PermissionRequiredMixin):
    model = EmailTemplate
    form_class = EmailTemplateForm
    template_name = "mail/template_form.html"

    def form_valid(self, form):
        form.instance.updated_by = self.request.user
        messages.success(self.request, f"Saved the template “{form.instance.name}”.")
        return super().form_valid(form)

    def get_success_url(self) -> str:
        return reverse("mail:template_list")

    def get_context_data(self, **kwargs):
        return super().get_context_data(merge_fields=MERGE_FIELDS, **kwargs)


class TemplateCreateView(TemplateFormMixin, CreateView):
    permission_required = "mail.add_emailtemplate"


class TemplateUpdateView(TemplateFormMixin, UpdateView):
    permission_required = "mail.change_emailtemplate"


class ConsentView(PermissionRequiredMixin, FormView):
    permission_required = "mail.change_emailpreferences"
    template_name = "mail/consent_form.html"
    form_class = ConsentForm

    @cached_property
    def candidate(self) -> Candidate:
        return get_object_or_404(Candidate, pk=self.kwargs["candidate_pk"])

    @cached_property
    def preferences(self) -> EmailPreferences:
        return preferences_for(self.candidate)

    def get_initial(self):
        given = self.preferences.consent_given_at
        return {"lawful_basis": self.preferences.lawful_basis or "legitimate_interest",
                "consent_source": self.preferences.consent_source,
                "consent_given_on": timezone.localtime(given).date() if given else None}

    def get_context_data(self, **kwargs):
        return super().get_context_data(candidate=self.candidate, preferences=self.preferences, **kwargs)

    def form_valid(self, form):
        day = form.cleaned_data["consent_given_on"]
        given_at = timezone.make_aware(dt.datetime.combine(day, dt.time(12))) if day else None
        consent_record(preferences=self.preferences, lawful_basis=form.cleaned_data["lawful_basis"],
                       consent_source=form.cleaned_data["consent_source"], consent_given_at=given_at)
        messages.success(self.request, f"Saved the consent record for {self.candidate.full_name}.")
        return HttpResponseRedirect(self.candidate.get_absolute_url())


class EmailDetailView(PermissionRequiredMixin, DetailView):
    """One message as it was sent, with what the provider reported since."""

    permission_required = "mail.view_outboundemail"
    template_name = "mail/email_detail.html"
    context_object_name = "email"

    def get_queryset(self):
        return OutboundEmail.objects.select_related("candidate", "sender").prefetch_related("events")


class EmailHtmlView(PermissionRequiredMixin, View):
    """The HTML part of a sent message, for the frame on its page."""

    permission_required = "mail.view_outboundemail"

    def get(self, request, pk: int):
        email = get_object_or_404(OutboundEmail.objects.only("body_html"), pk=pk)
        # Stored as rendered for sending: the body sanitised by nh3, the rest our own template.
        return _framed(HttpResponse(email.body_html, content_type="text/html; charset=utf-8"))
