"""The demo team's saved segments: the ones a recruiter would make in their first week."""
from candidates.choices import GotAwayReason, Tier
from outreach.segments.services import segment_create

# (owner, name, description, fields)
DEMO_SEGMENTS = [
    ("alice", "Top tier, priced out", "Got away over pay: first to hear when a band moves.",
     {"tiers": [Tier.TOP], "got_away_reasons": [GotAwayReason.COMPENSATION_GAP, GotAwayReason.NO_BUDGET]}),
    ("alice", "Backend engineers we interviewed", "For the engineering newsletter and backend meetups.",
     {"interviewed_for": "backend", "skills": "Python, Go, Django"}),
    ("bob", "Quiet for six weeks", "Top and warm tier we have not touched in 45 days.",
     {"tiers": [Tier.TOP, Tier.WARM], "touched_more_than_days_ago": 45}),
    ("chen", "Designers for the portfolio night", "", {"interviewed_for": "designer", "topic": "events"}),
]


def demo_segments_create(*, users: dict) -> list:
    return [
        segment_create(owner=users[owner], fields={"name": name, "description": description, **fields},
                       candidate_owners=[])
        for owner, name, description, fields in DEMO_SEGMENTS
    ]
