"""The recruiter's vocabulary: tiers, reasons a candidate got away, re-engagement stages."""
from django.db import models


class Tier(models.IntegerChoices):
    # Integers so "top tier first" is a plain ORDER BY on an indexed column.
    TOP = 1, "Top"
    WARM = 2, "Warm"
    POOL = 3, "Pool"


# Default check-in cadence per tier, in days: the closer to perfect, the more attention.
TIER_DEFAULT_CADENCE_DAYS = {Tier.TOP: 14, Tier.WARM: 30, Tier.POOL: 90}


class GotAwayReason(models.TextChoices):
    DECLINED_OFFER = "declined_offer", "Declined our offer"
    COMPENSATION_GAP = "compensation_gap", "Compensation gap"
    NO_BUDGET = "no_budget", "No budget at the time"
    HIRED_SOMEONE_ELSE = "hired_someone_else", "We hired someone else"
    MOVED_TOO_SLOWLY = "moved_too_slowly", "We moved too slowly"
    TIMING = "timing", "Timing / not ready"
    RELOCATION = "relocation", "Relocation"
    OTHER = "other", "Other"


class Currency(models.TextChoices):
    # The currencies pay is asked and offered in; a pay band and an ask compare only within one.
    EUR = "EUR", "EUR (€)"
    GBP = "GBP", "GBP (£)"
    USD = "USD", "USD ($)"
    CHF = "CHF", "CHF"
    CAD = "CAD", "CAD ($)"
    AUD = "AUD", "AUD ($)"
    SEK = "SEK", "SEK (kr)"
    DKK = "DKK", "DKK (kr)"
    NOK = "NOK", "NOK (kr)"
    PLN = "PLN", "PLN (zł)"
    INR = "INR", "INR (₹)"
    JPY = "JPY", "JPY (¥)"
    SGD = "SGD", "SGD ($)"


CURRENCY_SIGNS = {"EUR": "€", "GBP": "£", "USD": "$"}
# A yearly pay above this is a typo (an extra zero or two), in any currency we list but JPY/INR.
MAX_PAY = 100_000_000


def money_label(currency: str, amount: int | None) -> str:
    """(GBP, 150000) -> "£150k"; (CHF, 152500) -> "152,500 CHF": pay as a recruiter says it."""
    if amount is None:
        return ""
    number = f"{amount // 1000}k" if amount % 1000 == 0 and amount >= 1000 else f"{amount:,}"
    sign = CURRENCY_SIGNS.get(currency)
    if sign:
        return f"{sign}{number}"
    return f"{number} {currency}".strip()


class Stage(models.TextChoices):
    GOT_AWAY = "got_away", "Got away"
    NURTURING = "nurturing", "Nurturing"
    RE_ENGAGED = "re_engaged", "Re-engaged"
    INTERVIEWING = "interviewing", "Interviewing"
    REHIRED = "rehired", "Rehired"
    NOT_INTERESTED = "not_interested", "Not interested"
    DO_NOT_CONTACT = "do_not_contact", "Do not contact"


# The forward path of the funnel, in order; the last two stages are exits.
STAGE_FUNNEL = [Stage.GOT_AWAY, Stage.NURTURING, Stage.RE_ENGAGED, Stage.INTERVIEWING, Stage.REHIRED]
# Candidates in these stages are never due for a check-in.
INACTIVE_STAGES = [Stage.NOT_INTERESTED, Stage.DO_NOT_CONTACT]


class Source(models.TextChoices):
    REFERRAL = "referral", "Referral"
    LINKEDIN = "linkedin", "LinkedIn"
    JOB_BOARD = "job_board", "Job board"
    APPLIED = "applied", "Applied directly"
    EVENT = "event", "Event"
    AGENCY = "agency", "Agency"
    SOURCED = "sourced", "Sourced"
    OTHER = "other", "Other"


class InterviewStage(models.TextChoices):
    SCREEN = "screen", "Screen"
    TECHNICAL = "technical", "Technical"
    ONSITE = "onsite", "Onsite"
    FINAL = "final", "Final"


class InterviewOutcome(models.TextChoices):
    OFFER_DECLINED = "offer_declined", "Offer declined"
    NOT_SELECTED = "not_selected", "Not selected"
    WITHDREW = "withdrew", "Withdrew"
    NO_DECISION = "no_decision", "No decision"


class Recommendation(models.IntegerChoices):
    STRONG_NO = 1, "Strong no"
    NO = 2, "No"
    MIXED = 3, "Mixed"
    YES = 4, "Yes"
    STRONG_YES = 5, "Strong yes"


class Role(models.TextChoices):
    RECRUITER = "recruiter", "Recruiter"
    MANAGER = "manager", "Manager"
    ADMIN = "admin", "Admin"


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"
