"""The vocabulary of events: what kind, whether it is on, and what each invitee answered."""
from django.db import models


class EventKind(models.TextChoices):
    HAPPY_HOUR = "happy_hour", "Happy hour"
    NETWORKING = "networking", "Networking"
    MEETUP = "meetup", "Meetup"
    TALK = "talk", "Talk"
    VOLUNTEERING = "volunteering", "Volunteering"
    SPORT = "sport", "Sport / gym"
    DINNER = "dinner", "Dinner"
    OTHER = "other", "Other"


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    CANCELLED = "cancelled", "Cancelled"


class Answer(models.TextChoices):
    INVITED = "invited", "No answer yet"
    GOING = "going", "Going"
    MAYBE = "maybe", "Maybe"
    DECLINED = "declined", "Can't go"
    WAITLISTED = "waitlisted", "On the waitlist"


# What an invitee may choose on their RSVP page; the waitlist is where "Going" lands when full.
CHOOSABLE = (Answer.GOING, Answer.MAYBE, Answer.DECLINED)
# Who hears about a change of time, place or status: everyone still interested.
STILL_INTERESTED = (Answer.INVITED, Answer.GOING, Answer.MAYBE, Answer.WAITLISTED)


class Attendance(models.TextChoices):
    UNKNOWN = "", "Not checked in"
    ATTENDED = "attended", "Attended"
    NO_SHOW = "no_show", "No-show"
