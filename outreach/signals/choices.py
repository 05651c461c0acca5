from django.db import models


class SignalKind(models.TextChoices):
    # The reason they got away no longer holds.
    BAND_COVERS_ASK = "band_covers_ask", "Pay band now covers their ask"
    BUDGET_FOR_THEIR_ROLE = "budget_for_their_role", "New opening for the role they interviewed for"
    FOLLOW_UP_DUE = "follow_up_due", "Follow-up date reached"
    OPEN_FROM_REACHED = "open_from_reached", "Open to opportunities now"
    OPENING_NEAR_THEM = "opening_near_them", "Opening where they live, or remote"
    A_YEAR_ON = "a_year_on", "A year on, and a similar opening"
    # Career moments.
    WORK_ANNIVERSARY = "work_anniversary", "Work anniversary"
    NEW_TITLE = "new_title", "New title"
    COMPANY_MAGNET = "company_magnet", "Several got-aways at their company"
    # Warming up.
    WARMING_UP = "warming_up", "Warming up"
    # For an opening.
    SILVER_MEDALLIST = "silver_medallist", "Silver medallist for an opening"


class SignalState(models.TextChoices):
    LIVE = "live", "Live"
    DISMISSED = "dismissed", "Dismissed"
    ACTED = "acted", "Acted on"
