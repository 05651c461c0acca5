"""The events' pages open without a login: an invitee's RSVP page, and a recruiter's calendar feed.

The preference centre's rules (outreach/mail/public.py): a signed, opaque token; a wrong,
tampered or revoked one is a plain 404 that says nothing about anyone; rate-limited per
address; a GET never changes anything (mail scanners follow every link), the button's POST
does. The page shows this invitee's own answer and nothing about other guests.
"""
import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from outreach.mail.public import link_not_valid
from outreach.ratelimit import rate_limited

from .calendar import feed_ics
from .choices import Answer
from .emails import when
from .forms import RsvpForm
from .models import Event
from .services import RsvpClosed, rsvp_answer
from .tokens import read_feed_token, read_rsvp_token

# The feed shows the last three months and everything ahead.
FEED_PAST_DAYS = 90

SAID = {
    Answer.GOING: "You're going. See you there!",
    Answer.WAITLISTED: "Saved: the event is full, so you're on the waitlist.",
    Answer.MAYBE: "Noted as a maybe. You can change your answer until the RSVP deadline.",
    Answer.DECLINED: "Sorry you can't make it. Thanks for letting us know.",
}


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
@rate_limited("rsvp")
def rsvp(request, token: str):
    invitation = read_rsvp_token(token)
    if invitation is None:
        return link_not_valid(request)
    event, now = invitation.event, timezone.now()
    is_open = event.rsvp_open(now)
    if request.method == "POST" and is_open:
        form = RsvpForm(request.POST)
        if form.is_valid():
            try:
                answered = rsvp_answer(invitation=invitation, answer=form.cleaned_data["answer"],
                                       plus_one=form.cleaned_data["plus_one"], now=now)
            except RsvpClosed:
                messages.error(request, "Answers for this event are closed.")
            else:
                messages.success(request, SAID[answered.answer])
            return HttpResponseRedirect(request.path)
    else:
        # ?answer=going from the email's buttons only preselects; the person presses the button.
        chosen = request.GET.get("answer") or (invitation.answer if invitation.answer != Answer.INVITED else "")
        chosen = Answer.GOING if chosen == Answer.WAITLISTED else chosen
        form = RsvpForm(initial={"answer": chosen, "plus_one": invitation.plus_one})
    if not event.plus_one_allowed:
        del form.fields["plus_one"]
    return render(request, "events/public/rsvp.html", {
        "event": event, "invitation": invitation, "form": form, "is_open": is_open, "when": when(event),
        "first_name": invitation.candidate.full_name.strip().partition(" ")[0],
        "going": invitation.answer == Answer.GOING, "said": SAID.get(invitation.answer, ""),
    })


@login_not_required
@never_cache
@require_GET
@rate_limited("events-feed")
def feed(request, token: str):
    if read_feed_token(token) is None:
        return link_not_valid(request)
    events = Event.objects.select_related("created_by").filter(
        starts_at__gte=timezone.now() - dt.timedelta(days=FEED_PAST_DAYS)).order_by("starts_at")[:500]
    response = HttpResponse(feed_ics(events), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="events.ics"'
    return response
