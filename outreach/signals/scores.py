"""How much each signal weighs, and how long the news kind stays news: one place to tune them."""
import datetime as dt

from .choices import SignalKind

SCORES = {
    SignalKind.BAND_COVERS_ASK: 60,
    SignalKind.BUDGET_FOR_THEIR_ROLE: 55,
    SignalKind.OPENING_NEAR_THEM: 50,
    SignalKind.OPEN_FROM_REACHED: 50,
    SignalKind.FOLLOW_UP_DUE: 45,
    SignalKind.A_YEAR_ON: 40,
    SignalKind.SILVER_MEDALLIST: 40,
    SignalKind.WARMING_UP: 35,
    SignalKind.WORK_ANNIVERSARY: 30,
    SignalKind.NEW_TITLE: 30,
    SignalKind.COMPANY_MAGNET: 10,
}

# Warming up means the last 14 days; a career moment is worth a message for a month.
WARMING_DAYS = 14
CAREER_NEWS_DAYS = 30
WARMING_FOR = dt.timedelta(days=WARMING_DAYS)
CAREER_NEWS_FOR = dt.timedelta(days=CAREER_NEWS_DAYS)
# Months at the company they joined when vesting cliffs and reviews make people look around.
ANNIVERSARY_MONTHS = (12, 18, 24)
# "A year on": declined our offer, or we moved too slowly, this long ago.
A_YEAR = dt.timedelta(days=365)
# "Their company appears in several got-aways' moves": this many, who started there in the last half year.
COMPANY_MAGNET_MOVES = 3
COMPANY_MAGNET_WINDOW = dt.timedelta(days=183)
# Silver medallists raised as signals per open opening (the opening's page lists them all).
SILVER_PER_OPENING = 25
