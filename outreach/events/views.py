"""Event pages for the team: list, form, event page with counts and lists, inviting, check-in, CSV.

Thin: forms validate, services write, reads come from the querysets.
"""
import csv

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import CreateView, DetailView, FormView, TemplateView, UpdateView

from candidates.models import Candidate
from outreach.mail.audience import block_labels
from outreach.mail.choices import MailKind, Topic
from outreach.segments.audience import segment_audience
from outreach.views import safe_next_url

from .choices import Answer, Attendance
from .emails import when
from .forms import AttendanceForm, EventForm, InviteCandidateForm, PickInviteForm, SegmentInviteForm, WalkInForm
from .models import Event, Invitation
from .services import (
    attendance_mark,
    calendar_feed_for,
    calendar_feed_revoke,
    event_cancel,
    event_create,
    event_update,
    invitations_send,
    walk_in_add,
)
from .tokens import feed_url

PAGE_NAME = "Events"
RE_ENGAGED_DAYS = 90
SEARCH_RESULTS = 10
# Each answer's list on the event page shows this many; a segment of thousands is in the CSV.
LIST_LIMIT = 50
COUNT_KEYS = {Answer.GOING: "going", Answer.WAITLISTED: "waitlisted", Answer.MAYBE: "maybe",
              Answer.INVITED: "no_answer", Answer.DECLINED: "declined"}


class EventListView(PermissionRequiredMixin, TemplateView):
    permission_required = "events.view_event"
    template_name = "events/event_list.html"

    def get_context_data(self, **kwargs):
        now = timezone.now()
        events = Event.objects.with_counts()
        return super().get_context_data(
            upcoming=list(events.upcoming(now)[:100]), past=list(events.past(now)[:50]), now=now, **kwargs
        )


class EventFormMixin(PermissionRequiredMixin):
    model = Event
    form_class = EventForm
    template_name = "events/event_form.html"


class EventCreateView(EventFormMixin, CreateView):
    permission_required = "events.add_event"

    def form_valid(self, form):
        event = event_create(created_by=self.request.user, hosts=list(form.cleaned_data["hosts"]),
                             **form.event_fields())
        messages.success(self.request, f"Created “{event.title}”. Now invite candidates.")
        return redirect(event)


class EventUpdateView(EventFormMixin, UpdateView):
    permission_required = "events.change_event"

    def get_queryset(self):
        return Event.objects.scheduled()

    def form_valid(self, form):
        told = event_update(event=self.object, changed_by=self.request.user, hosts=list(form.cleaned_data["hosts"]),
                            **form.event_fields())
        messages.success(self.request, "Saved; everyone still interested gets the update in their calendar."
                         if told else "Saved.")
        return redirect(self.object)


class EventCancelView(PermissionRequiredMixin, View):
    permission_required = "events.change_event"

    def post(self, request, pk):
        event = get_object_or_404(Event, pk=pk)
        if event.is_cancelled:
            messages.info(request, "This event was already cancelled.")
            return redirect(event)
        told = event_cancel(event=event, cancelled_by=request.user)
        messages.success(request, f"Cancelled “{event.title}”: {told} invitee{'s' if told != 1 else ''} told, "
                         "and it leaves their calendars.")
        return redirect(event)


def _invitations(event):
    return event.invitations.select_related("candidate", "invited_by").order_by("candidate__full_name", "id")


class EventDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "events.view_event"
    model = Event
    template_name = "events/event_detail.html"

    def get_queryset(self):
        return Event.objects.select_related("created_by").prefetch_related("hosts")

    def get_context_data(self, **kwargs):
        event, now = self.object, timezone.now()
        counts = event.invitations.counts()
        context = super().get_context_data(**kwargs)
        context.update(
            counts=counts, now=now, when=when(event), list_limit=LIST_LIMIT,
            lists=[self._list(event, answer, counts[COUNT_KEYS[answer]]) for answer in
                   (Answer.GOING, Answer.WAITLISTED, Answer.MAYBE, Answer.INVITED, Answer.DECLINED)],
            places_taken=event.invitations.places_taken(),
            segment_form=SegmentInviteForm(user=self.request.user), pick_form=PickInviteForm(),
            can_invite=self.request.user.has_perm("events.add_invitation") and not event.is_cancelled,
            can_change=self.request.user.has_perm("events.change_event") and not event.is_cancelled,
            ended=event.ends_at < now, re_engaged_days=RE_ENGAGED_DAYS,
        )
        if context["ended"]:
            context["re_engaged"] = list(
                event.invitations.re_engaged(since=event.ends_at, days=RE_ENGAGED_DAYS).select_related("candidate")
            )
        return context


    @staticmethod
    def _list(event, answer: str, total: int) -> tuple:
        """One answer's guests, the first LIST_LIMIT of them (the CSV has everyone); no query when none."""
        if not total:
            return Answer(answer).label, answer, [], 0
        # The index's order: the waitlist first come first, everyone else as they were invited.
        rows = _invitations(event).filter(answer=answer).order_by("waitlisted_at", "id")
        return Answer(answer).label, answer, list(rows[:LIST_LIMIT]), total


class EventCsvView(PermissionRequiredMixin, View):
    permission_required = "events.view_event"

    def get(self, request, pk):
        event = get_object_or_404(Event, pk=pk)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="event-{event.pk}-guests.csv"'
        writer = csv.writer(response)
        writer.writerow(["Name", "Email", "Answer", "+1", "Attendance", "Walk-in", "Invited by", "Answered at"])
        for invitation in _invitations(event):
            writer.writerow([
                _csv_safe(invitation.candidate.full_name), invitation.candidate.email,
                invitation.get_answer_display(), "yes" if invitation.plus_one else "",
                invitation.get_attendance_display() if invitation.attendance else "",
                "yes" if invitation.walk_in else "", _csv_safe(invitation.invited_by.get_full_name()),
                timezone.localtime(invitation.answered_at).isoformat() if invitation.answered_at else "",
            ])
        return response


def _csv_safe(value: str) -> str:
    # A spreadsheet runs a cell starting with one of these as a formula.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


class InviteMixin(PermissionRequiredMixin):
    permission_required = "events.add_invitation"

    @cached_property
    def event(self) -> Event:
        return get_object_or_404(Event.objects.scheduled(), pk=self.kwargs["pk"])

    def report(self, result) -> None:
        invited = len(result.invited)
        text = f"Invited {invited} candidate{'s' if invited != 1 else ''}."
        skipped = []
        if result.already_invited:
            skipped.append(f"{result.already_invited} already invited")
        if result.suppressed:
            labels = block_labels()
            skipped.append(f"{len(result.suppressed)} not written to (" + ", ".join(sorted(
                {str(labels.get(reason, reason)).lower() for _, reason in result.suppressed})) + ")")
        if result.over_cap:
            skipped.append(f"{len(result.over_cap)} at the contact cap")
        if skipped:
            text += " Left out: " + "; ".join(skipped) + "."
        messages.success(self.request, text)

    def form_invalid(self, form):
        for errors in form.errors.values():
            for error in errors:
                messages.error(self.request, error)
        return redirect(self.event)


class InviteSegmentView(InviteMixin, FormView):
    form_class = SegmentInviteForm
    http_method_names = ["post"]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        audience = segment_audience(segment=form.cleaned_data["segment"], kind=MailKind.EVENT, topic=Topic.EVENTS)
        candidates = list(Candidate.objects.filter(pk__in=audience.eligible.values("pk")))
        result = invitations_send(event=self.event, candidates=candidates, invited_by=self.request.user,
                                  note=form.cleaned_data["note"])
        self.report(result)
        return redirect(self.event)


class InvitePickView(InviteMixin, FormView):
    form_class = PickInviteForm
    http_method_names = ["post"]

    def form_valid(self, form):
        candidates = list(Candidate.objects.filter(pk__in=form.cleaned_data["candidates"]))
        result = invitations_send(event=self.event, candidates=candidates, invited_by=self.request.user,
                                  note=form.cleaned_data["note"])
        self.report(result)
        return redirect(self.event)


class InviteCandidateView(PermissionRequiredMixin, FormView):
    """One candidate, from wherever they were found (an opening's silver medallists): pick an upcoming event."""

    permission_required = "events.add_invitation"
    template_name = "events/invite_candidate.html"
    form_class = InviteCandidateForm

    @cached_property
    def candidate(self) -> Candidate:
        return get_object_or_404(Candidate, pk=self.kwargs["candidate_pk"])

    def get_form_kwargs(self):
        events = Event.objects.scheduled().upcoming(timezone.now())
        return {**super().get_form_kwargs(), "events": events}

    def get_context_data(self, **kwargs):
        back = safe_next_url(self.request) or self.candidate.get_absolute_url()
        return super().get_context_data(candidate=self.candidate, next_url=safe_next_url(self.request) or "",
                                        cancel_url=back, **kwargs)

    def form_valid(self, form):
        event, name = form.cleaned_data["event"], self.candidate.full_name
        result = invitations_send(event=event, candidates=[self.candidate], invited_by=self.request.user,
                                  note=form.cleaned_data["note"])
        if result.invited:
            messages.success(self.request, f"Invited {name} to “{event.title}”: the invitation is on its way.")
        elif result.already_invited:
            messages.info(self.request, f"{name} was already invited to “{event.title}”.")
        elif result.suppressed:
            labels = block_labels()
            reasons = ", ".join(sorted({str(labels.get(reason, reason)).lower() for _, reason in result.suppressed}))
            messages.warning(self.request, f"{name} was not invited: not written to ({reasons}).")
        else:
            messages.warning(self.request, f"{name} was not invited: they are at the contact cap.")
        return redirect(safe_next_url(self.request) or event.get_absolute_url())


class CandidateSearchView(PermissionRequiredMixin, View):
    """Type-ahead for inviting: candidates by name or email, not yet invited to this event."""

    permission_required = "events.add_invitation"

    def get(self, request, pk):
        event = get_object_or_404(Event, pk=pk)
        text = request.GET.get("q", "").strip()[:100]
        if len(text) < 2:
            return JsonResponse({"results": []})
        found = (Candidate.objects.filter(Q(full_name__icontains=text) | Q(email__icontains=text))
                 .exclude(event_invitations__event=event).order_by("full_name", "id")
                 .values("pk", "full_name", "email", "current_company")[:SEARCH_RESULTS])
        return JsonResponse({"results": [
            {"id": row["pk"], "name": row["full_name"], "email": row["email"],
             "company": row["current_company"]} for row in found
        ]})


class CheckInView(PermissionRequiredMixin, DetailView):
    """The host's page at the door, made for a phone: search, tap attended or no-show, add a walk-in."""

    permission_required = "events.change_invitation"
    model = Event
    template_name = "events/check_in.html"

    def get_context_data(self, **kwargs):
        event = self.object
        text = self.request.GET.get("q", "").strip()[:100]
        guests = _invitations(event).filter(answer__in=[Answer.GOING, Answer.MAYBE, Answer.WAITLISTED])
        if text:
            guests = _invitations(event).filter(Q(candidate__full_name__icontains=text)
                                                | Q(candidate__email__icontains=text))
        return super().get_context_data(
            guests=list(guests[:200]), q=text, counts=event.invitations.counts(), walk_in_form=WalkInForm(),
            Attendance=Attendance, **kwargs,
        )


class AttendanceView(PermissionRequiredMixin, View):
    permission_required = "events.change_invitation"

    def post(self, request, pk, invitation_pk):
        invitation = get_object_or_404(Invitation.objects.select_related("candidate"), pk=invitation_pk,
                                       event_id=pk)
        form = AttendanceForm(request.POST)
        if form.is_valid():
            attendance_mark(invitation=invitation, attendance=form.cleaned_data["attendance"],
                            marked_by=request.user)
            label = Attendance(form.cleaned_data["attendance"]).label.lower()
            messages.success(request, f"{invitation.candidate.full_name}: {label}.")
        else:
            messages.error(request, "Choose attended or no-show.")
        return redirect(_check_in_url(pk, request.POST.get("q", "")))


def _check_in_url(pk: int, q: str = "") -> str:
    url = reverse("events:check_in", args=[pk])
    return f"{url}?q={q[:100]}" if q else url


class WalkInView(PermissionRequiredMixin, FormView):
    permission_required = "events.change_invitation"
    form_class = WalkInForm
    template_name = "events/check_in.html"
    http_method_names = ["post"]

    def form_valid(self, form):
        event = get_object_or_404(Event, pk=self.kwargs["pk"])
        invitation, created = walk_in_add(event=event, email=form.cleaned_data["email"],
                                          full_name=form.cleaned_data["full_name"], added_by=self.request.user)
        who = invitation.candidate.full_name
        messages.success(self.request, f"Added {who} as a new candidate and checked them in." if created
                         else f"Found {who} among your candidates and checked them in.")
        return redirect(_check_in_url(event.pk))

    def form_invalid(self, form):
        for errors in form.errors.values():
            for error in errors:
                messages.error(self.request, f"Walk-in not added: {error}")
        return redirect(_check_in_url(self.kwargs["pk"]))


class CalendarFeedView(PermissionRequiredMixin, View):
    """My secret link to the team's events calendar, and a button that replaces it."""

    permission_required = "events.view_event"

    def get(self, request):
        return render(request, "events/calendar_feed.html",
                      {"feed_url": feed_url(calendar_feed_for(user=request.user))})

    def post(self, request):
        calendar_feed_revoke(user=request.user)
        messages.success(request, "Made a new link; the old one no longer works. Subscribe again with this one.")
        return redirect("events:calendar_feed")


