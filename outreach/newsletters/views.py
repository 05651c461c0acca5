"""Newsletter pages: the list, writing an issue, its page (preview, test, schedule, progress, log), series.

Thin: forms validate, services write, reads come from querysets, stats.py and the segment audience.
"""
import datetime as dt
import html
import smtplib
from email.utils import format_datetime, make_msgid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.mail import EmailMultiAlternatives
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from outreach.mail.audience import block_labels
from outreach.mail.choices import MailKind, MailStatus
from outreach.mail.merge import MERGE_FIELDS
from outreach.segments.audience import segment_audience

from .choices import NewsletterStatus
from .content import preview_for
from .forms import NewsletterForm, PreviewForm, ScheduleForm, SeriesForm
from .mime import address, message_bytes
from .models import Newsletter, Series
from .rendering import from_name
from .services import (
    NotAllowedNow,
    newsletter_cancel,
    newsletter_create,
    newsletter_pause,
    newsletter_resume,
    newsletter_retry_failed,
    newsletter_schedule,
    newsletter_unschedule,
    newsletter_update,
    series_create,
)
from .stats import stats_for, total
from .transport import Transport

PAGE_NAME = "Newsletters"
LOG_PAGE_SIZE = 50
PREVIEW_CANDIDATES = 25
# The preview frame: the email's own inline styles, images by URL, nothing that runs.
PREVIEW_CSP = {
    "default-src": ["'none'"], "script-src": ["'none'"], "style-src": ["'unsafe-inline'"],
    "img-src": ["https:", "http:", "data:"], "font-src": ["'none'"], "object-src": ["'none'"],
    "frame-ancestors": ["'self'"], "form-action": ["'none'"], "base-uri": ["'none'"],
}
# What each filter of the per-recipient log shows.
LOG_FILTERS = {
    "all": ("Everyone", None),
    "sent": ("Sent", [MailStatus.SENT, MailStatus.BOUNCED, MailStatus.COMPLAINED]),
    "skipped": ("Skipped", [MailStatus.SUPPRESSED]),
    "failed": ("Failed", [MailStatus.FAILED]),
    "waiting": ("Waiting", [MailStatus.QUEUED, MailStatus.SENDING]),
}


def reason_labels() -> dict[str, str]:
    return {**block_labels(), "cancelled": "Cancelled before it was sent", "deleted": "Candidate deleted"}


def progress(newsletter: Newsletter, counts: dict[str, int]) -> dict:
    """The numbers the progress bar and its counts show (also the JSON the page polls)."""
    total_rows = sum(counts.values())
    waiting = counts.get(MailStatus.QUEUED, 0) + counts.get(MailStatus.SENDING, 0)
    done = total_rows - waiting
    sent = sum(counts.get(s, 0) for s in LOG_FILTERS["sent"][1])
    throttled = newsletter.throttled_until if newsletter.throttled_until and \
        newsletter.throttled_until > timezone.now() else None
    return {
        "status": newsletter.status, "status_label": newsletter.get_status_display(),
        "total": total_rows, "done": done, "waiting": waiting, "sent": sent,
        "skipped": counts.get(MailStatus.SUPPRESSED, 0), "failed": counts.get(MailStatus.FAILED, 0),
        "percent": 100 if not total_rows and newsletter.status == NewsletterStatus.SENT
        else (int(100 * done / total_rows) if total_rows else 0),
        "finished": newsletter.status in (NewsletterStatus.SENT, NewsletterStatus.CANCELLED),
        "throttled_until": timezone.localtime(throttled).strftime("%H:%M") if throttled else "",
    }


class NewsletterMixin(PermissionRequiredMixin):
    permission_required = "newsletters.view_newsletter"
    page_name = PAGE_NAME

    @cached_property
    def newsletter(self) -> Newsletter:
        return get_object_or_404(Newsletter.objects.select_related("segment", "author", "series"),
                                 pk=self.kwargs["pk"])


class NewsletterListView(PermissionRequiredMixin, ListView):
    permission_required = "newsletters.view_newsletter"
    page_name = PAGE_NAME
    template_name = "newsletters/newsletter_list.html"
    context_object_name = "newsletters"
    paginate_by = 30

    def get_queryset(self):
        return Newsletter.objects.select_related("segment", "author", "series")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = list(context["newsletters"])
        counts = Newsletter.objects.filter(pk__in=[n.pk for n in page]).status_counts()
        stats = stats_for(page)
        context["rows"] = [{"newsletter": n, "progress": progress(n, counts.get(n.pk, {})), "stats": stats[n.pk]}
                           for n in page]
        return context


class NewsletterFormMixin(PermissionRequiredMixin):
    page_name = PAGE_NAME
    form_class = NewsletterForm
    template_name = "newsletters/newsletter_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(merge_fields=MERGE_FIELDS.items(), **kwargs)


class NewsletterCreateView(NewsletterFormMixin, FormView):
    permission_required = "newsletters.add_newsletter"

    def get_initial(self):
        return {"body": "Hi {{ first_name }},\n\n"}

    def form_valid(self, form):
        newsletter = newsletter_create(author=self.request.user, fields=form.cleaned_data)
        messages.success(self.request, "Saved as a draft. Preview it, send yourself a test, then schedule it.")
        return redirect(newsletter)


class NewsletterUpdateView(NewsletterMixin, NewsletterFormMixin, FormView):
    permission_required = "newsletters.change_newsletter"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.newsletter}

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.newsletter, **kwargs)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.newsletter.is_editable:
            messages.error(request, "This issue is on its way (or done), so it can no longer be changed.")
            return redirect(self.newsletter)
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            newsletter = newsletter_update(newsletter=self.newsletter, fields=form.cleaned_data)
        except NotAllowedNow as problem:
            messages.error(self.request, str(problem))
            return redirect(self.newsletter)
        messages.success(self.request, "Saved.")
        return redirect(newsletter)


class NewsletterDetailView(NewsletterMixin, DetailView):
    template_name = "newsletters/newsletter_detail.html"
    context_object_name = "newsletter"

    def get_object(self, queryset=None):
        return self.newsletter

    def get_context_data(self, **kwargs):
        newsletter = self.newsletter
        context = super().get_context_data(**kwargs)
        counts = Newsletter.objects.filter(pk=newsletter.pk).status_counts().get(newsletter.pk, {})
        context.update(progress=progress(newsletter, counts), stats=stats_for([newsletter])[newsletter.pk],
                       from_header=address(from_name(newsletter), settings.MAIL_FROM_ADDRESS))
        if newsletter.is_editable:
            audience = segment_audience(segment=newsletter.segment, kind=MailKind.NEWSLETTER, topic=newsletter.topic)
            context.update(audience=audience, preview_candidates=audience.sample(PREVIEW_CANDIDATES),
                           schedule_form=kwargs.get("schedule_form") or ScheduleForm(
                               initial={"when": newsletter.scheduled_for and timezone.localtime(
                                   newsletter.scheduled_for)}))
        else:
            show = self.request.GET.get("show", "all")
            show = show if show in LOG_FILTERS else "all"
            rows = newsletter.recipients().select_related("candidate").order_by("id").only(
                "id", "status", "suppressed_reason", "last_error", "sent_at", "to_email", "candidate__full_name",
                "candidate_id")
            if LOG_FILTERS[show][1]:
                rows = rows.filter(status__in=LOG_FILTERS[show][1])
            page = Paginator(rows, LOG_PAGE_SIZE).get_page(self.request.GET.get("page"))
            labels = reason_labels()
            for row in page:
                row.reason_label = labels.get(row.suppressed_reason, row.suppressed_reason)
            context.update(log=page, show=show, log_filters=[(k, v[0]) for k, v in LOG_FILTERS.items()])
        return context


class PreviewView(NewsletterMixin, View):
    """The issue as one candidate (or a sample reader) would receive it, for the preview frame."""

    def get(self, request, pk: int):
        form = PreviewForm(request.GET)
        form.is_valid()
        candidate_id = form.cleaned_data.get("candidate") if form.is_valid() else None
        candidate = None
        if candidate_id:
            candidate = get_object_or_404(
                self.newsletter.segment.matching().select_related("email_preferences"), pk=candidate_id)
        subject, text, page = preview_for(self.newsletter, candidate=candidate)
        if form.cleaned_data.get("part") == "text":
            body = f"<!doctype html><title>Text part</title><pre style='white-space:pre-wrap;font:14px monospace'>" \
                   f"{html.escape(text)}</pre>"
            response = HttpResponse(body, content_type="text/html; charset=utf-8")
        else:
            header = render_to_string("newsletters/emails/_preview_header.html", {
                "subject": subject, "preheader": self.newsletter.preheader,
                "from_header": address(from_name(self.newsletter), settings.MAIL_FROM_ADDRESS)})
            body_open = '<body class="mail-page">'
            response = HttpResponse(page.replace(body_open, body_open + header, 1),
                                    content_type="text/html; charset=utf-8")
        response._csp_replace = PREVIEW_CSP  # what django-csp's @csp_replace sets on a response
        response["X-Frame-Options"] = "SAMEORIGIN"
        return response


class ActionView(NewsletterMixin, View):
    """A POST button on the issue's page: call one service, say what happened, go back."""

    http_method_names = ["post"]
    permission_required = "newsletters.change_newsletter"

    def act(self, newsletter: Newsletter) -> str:
        raise NotImplementedError

    def post(self, request, pk: int):
        try:
            messages.success(request, self.act(self.newsletter))
        except NotAllowedNow as problem:
            messages.error(request, str(problem))
        return redirect(self.newsletter)


class ScheduleView(ActionView):
    def post(self, request, pk: int):
        newsletter = self.newsletter
        data = request.POST
        if newsletter.series_id and "when" not in data and "now" not in data:
            when = newsletter.scheduled_for  # approving a series issue: its own slot
        else:
            form = ScheduleForm(data)
            if not form.is_valid():
                view = NewsletterDetailView(request=request, kwargs=self.kwargs, args=())
                view.object = newsletter
                return view.render_to_response(view.get_context_data(schedule_form=form), status=400)
            when = form.cleaned_data["when"]
        try:
            newsletter = newsletter_schedule(newsletter=newsletter, when=when, by=request.user)
        except NotAllowedNow as problem:
            messages.error(request, str(problem))
            return redirect(newsletter)
        if newsletter.status == NewsletterStatus.SENDING:
            messages.success(request, "Sending now: the progress below updates as it goes.")
        else:
            local = timezone.localtime(newsletter.scheduled_for)
            messages.success(request, f"Scheduled for {local:%A %-d %B %Y at %H:%M} ({local.tzname()}).")
        return redirect(newsletter)


class UnscheduleView(ActionView):
    def act(self, newsletter):
        newsletter_unschedule(newsletter=newsletter)
        return "Back to a draft: it will not go out until it is scheduled again."


class PauseView(ActionView):
    def act(self, newsletter):
        newsletter_pause(newsletter=newsletter)
        return "Paused. Nobody else gets it until you resume."


class ResumeView(ActionView):
    def act(self, newsletter):
        newsletter_resume(newsletter=newsletter)
        return "Resumed: it carries on where it stopped."


class CancelView(ActionView):
    def act(self, newsletter):
        spared = newsletter_cancel(newsletter=newsletter)
        return f"Cancelled. {spared:,} recipient{'s' if spared != 1 else ''} will not get it."


class RetryFailedView(ActionView):
    def act(self, newsletter):
        retried = newsletter_retry_failed(newsletter=newsletter)
        return f"Sending again to {retried:,} recipient{'s' if retried != 1 else ''}." if retried \
            else "Nobody failed: nothing to retry."


class TestSendView(NewsletterMixin, View):
    """'Send a test to me': the issue as a chosen candidate would get it, to the sender's own address."""

    http_method_names = ["post"]

    def post(self, request, pk: int):
        if not request.user.email:
            messages.error(request, "Add an email address to your account first: the test goes there.")
            return redirect(self.newsletter)
        candidate = None
        candidate_id = request.POST.get("candidate", "")
        if candidate_id.isdigit():
            candidate = (self.newsletter.segment.matching().select_related("email_preferences")
                         .filter(pk=int(candidate_id)).first())
        subject, text, page = preview_for(self.newsletter, candidate=candidate)
        transport = Transport()
        raw = message_bytes(
            from_header=address(from_name(self.newsletter), settings.MAIL_FROM_ADDRESS),
            to_header=address(request.user.get_full_name(), request.user.email), reply_to="",
            subject=f"[Test] {subject}", message_id=make_msgid(domain=settings.MAIL_MESSAGE_ID_DOMAIN),
            date=format_datetime(timezone.now()), extra_headers={}, text=text, html=page)
        try:
            transport.send(envelope_from=settings.MAIL_FROM_ADDRESS, to_email=request.user.email, raw=raw,
                           message_factory=lambda: _test_message(subject, text, page, request.user.email))
        except (smtplib.SMTPException, OSError) as exc:
            messages.error(request, f"The mail server did not take the test ({exc.__class__.__name__}); try again.")
        else:
            messages.success(request, f"Sent a test to {request.user.email}.")
        finally:
            transport.close()
        return redirect(self.newsletter)


def _test_message(subject, text, page, to):
    message = EmailMultiAlternatives(subject=f"[Test] {subject}", body=text, from_email=settings.MAIL_FROM_ADDRESS,
                                     to=[to])
    message.attach_alternative(page, "text/html")
    return message


class ProgressView(NewsletterMixin, View):
    """What the progress bar polls: counts by status, as JSON. Reads only (one small aggregate)."""

    def get(self, request, pk: int):
        newsletter = self.newsletter
        counts = Newsletter.objects.filter(pk=newsletter.pk).status_counts().get(newsletter.pk, {})
        return JsonResponse(progress(newsletter, counts))


class SeriesListView(PermissionRequiredMixin, ListView):
    permission_required = "newsletters.view_series"
    page_name = PAGE_NAME
    template_name = "newsletters/series_list.html"
    context_object_name = "series_list"

    def get_queryset(self):
        return Series.objects.select_related("owner", "segment")


class SeriesCreateView(PermissionRequiredMixin, FormView):
    permission_required = "newsletters.add_series"
    page_name = PAGE_NAME
    form_class = SeriesForm
    template_name = "newsletters/series_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        return {"starts_on": timezone.localdate() + dt.timedelta(days=7)}

    def form_valid(self, form):
        series = series_create(owner=self.request.user, fields=form.cleaned_data)
        messages.success(self.request, f"Created the series “{series.name}”. Each issue is drafted "
                                       f"{series.draft_days_ahead} days ahead for you to approve.")
        return redirect(series)


class SeriesDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "newsletters.view_series"
    page_name = PAGE_NAME
    template_name = "newsletters/series_detail.html"
    context_object_name = "series"

    def get_queryset(self):
        return Series.objects.select_related("owner__profile", "segment")

    def get_context_data(self, **kwargs):
        issues = list(self.object.issues.order_by("-scheduled_for", "-id"))
        stats = stats_for(issues)
        return super().get_context_data(
            issues=[(issue, stats[issue.pk]) for issue in issues], overall=total(stats),
            next_times=self.object.issue_times(after=timezone.now(), count=3), **kwargs)

