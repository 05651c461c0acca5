"""The only pages open without a login: one-click unsubscribe and the preference centre.

Both take a signed, opaque token (tokens.py). A wrong, tampered or expired token is a plain
404 page that says nothing about anyone; every request is rate-limited per address; a GET
never changes anything, because mail scanners and link previews fetch every link they see.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from outreach.ratelimit import rate_limited

from .choices import Topic
from .forms import PreferencesForm
from .preferences import preferences_unsubscribe, preferences_update
from .tokens import preferences_url, read_preferences_token, read_unsubscribe_token

ONE_CLICK = "One-Click"


def link_not_valid(request):
    return render(request, "mail/public/link_invalid.html", status=404)


def _first_name(preferences) -> str:
    return preferences.candidate.full_name.strip().partition(" ")[0]


def _topic_label(topic: str) -> str:
    return Topic(topic).label.split(":")[0] if topic in Topic.values else ""


# csrf_exempt here and nowhere else: RFC 8058 one-click unsubscribe is a POST that the mail
# provider (Gmail, Yahoo ...) sends from its own servers, with no cookie and no CSRF token.
# It is safe without one: the token in the URL is the secret, and the worst a forged POST
# can do with a stolen token is what the owner of that token may do anyway, unsubscribe.
@csrf_exempt
@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
@rate_limited("unsubscribe")
def unsubscribe(request, token: str):
    found = read_unsubscribe_token(token)
    if found is None:
        return link_not_valid(request)
    preferences, topic = found
    context = {"first_name": _first_name(preferences), "topic_label": _topic_label(topic),
               "preferences_url": preferences_url(preferences)}
    if request.method == "GET":
        # A scanner following the link must not unsubscribe anyone: the person presses the button.
        return render(request, "mail/public/unsubscribe_confirm.html", context)
    if request.POST.get("List-Unsubscribe") != ONE_CLICK:
        return HttpResponseBadRequest("Expected List-Unsubscribe=One-Click.", content_type="text/plain")
    preferences_unsubscribe(preferences=preferences, topic=topic if topic in Topic.values else "",
                            now=timezone.now())
    # 200 and no redirect, as RFC 8058 asks of one-click unsubscribe.
    return render(request, "mail/public/unsubscribed.html", context)


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
@rate_limited("preferences")
def preference_centre(request, token: str):
    preferences = read_preferences_token(token)
    if preferences is None:
        return link_not_valid(request)
    now = timezone.now()
    paused = preferences.is_paused(now)
    if request.method == "POST":
        form = PreferencesForm(request.POST, paused=paused)
        if form.is_valid():
            data = form.cleaned_data
            changes = preferences_update(
                preferences=preferences, topics=data["topics"], frequency=data["frequency"], pause=data["pause"],
                open_from=data["open_from"], unsubscribe_all=data["unsubscribe_all"], now=now,
            )
            messages.success(request, "Saved. Thank you for letting us know." if changes else "Nothing changed.")
            return HttpResponseRedirect(request.path)
    else:
        form = PreferencesForm(initial=PreferencesForm.initial_for(preferences), paused=paused)
    return render(request, "mail/public/preferences.html", {
        "form": form, "first_name": _first_name(preferences), "preferences": preferences,
        "paused_until": preferences.paused_until if paused else None,
    })
