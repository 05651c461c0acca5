"""What candidate email tells the re-approach signals (outreach.signals), registered from MailConfig.ready().

"Open to opportunities from <date>", set in the preference centre, is a reason to write once
that day comes; a change of preferences marks the candidate as changed for the next pass.
"""
from django.utils.formats import date_format

from outreach.signal_sources import FoundSignal, register_change_source, register_signal_rule

from .models import EmailPreferences

KIND = "open_from_reached"
SCORE = 50


def open_from_reached(*, scope):
    prefs = EmailPreferences.objects.filter(
        open_to_opportunities_from__lte=scope.today, unsubscribed_at__isnull=True, candidate__do_not_contact=False
    ).values_list("candidate_id", "candidate__full_name", "open_to_opportunities_from")
    for candidate_id, name, day in prefs.iterator(chunk_size=2000):
        first = name.split()[0] if name.split() else name
        yield FoundSignal(
            candidate_id, KIND, f"open_from:{day.isoformat()}", SCORE,
            f"{first} said they're open to opportunities from {date_format(day, 'j M')}, "
            f"in their email preferences.",
        )


def preferences_changed(since):
    return EmailPreferences.objects.filter(updated_at__gt=since).values_list("candidate_id", flat=True)


def register() -> None:
    register_signal_rule("open_from_reached", open_from_reached, kinds=[KIND])
    register_change_source("email_preferences", preferences_changed)
