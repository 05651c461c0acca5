"""The demo team's openings: two roles open now and one on hold, each with silver medallists in the demo data."""
from outreach.openings.choices import OpeningStatus
from outreach.openings.services import opening_create, opening_set_status

# (title, team, location, remote, currency, band from, band to, skills, status)
DEMO_OPENINGS = [
    ("Staff Backend Engineer", "Platform", "London", True, "GBP", 120_000, 150_000,
     ["Python", "Django", "PostgreSQL", "Kafka"], OpeningStatus.OPEN),
    ("Senior Product Designer", "Design", "Berlin", False, "EUR", 85_000, 100_000,
     ["Figma", "Design systems", "User research"], OpeningStatus.OPEN),
    ("Senior SRE", "Platform", "", True, "GBP", 110_000, 135_000,
     ["Kubernetes", "Terraform", "AWS", "Observability"], OpeningStatus.ON_HOLD),
]


def demo_openings_create(*, users: dict) -> list:
    manager = users["manager"]
    openings = []
    for title, team, location, remote, currency, low, high, skills, status in DEMO_OPENINGS:
        opening = opening_create(title=title, team=team, location=location, remote=remote, pay_currency=currency,
                                 pay_min=low, pay_max=high, skills=skills, hiring_manager=manager,
                                 created_by=manager)
        if status != OpeningStatus.OPEN:
            opening_set_status(opening=opening, status=status)
        openings.append(opening)
    return openings
