"""The demo team's nurture sequences, ready to enrol a segment in (nobody is enrolled: nothing sends by itself)."""
from outreach.sequences.services import sequence_create, step_add

# (owner, name, description, steps)
DEMO_SEQUENCES = [
    ("alice", "Warm follow-up", "Three touches over two weeks; stops the moment they answer.", [
        {"kind": "email", "subject": "Catching up, {{ first_name }}?",
         "body": "Hi {{ first_name }},\n\nIt has been a while! How are things at {{ company }}?\n\n"
                 "Would you be up for a quick call some time?\n\n{{ recruiter_first_name }}"},
        {"kind": "wait", "wait_days": 3},
        {"kind": "email", "subject": "Following up", "same_thread": True,
         "body": "Hi {{ first_name }}, just bumping this in case it got buried.\n\n{{ recruiter_first_name }}"},
        {"kind": "wait", "wait_days": 5},
        {"kind": "task", "task_kind": "call", "task_note": "Last try: a short call"},
    ]),
    ("bob", "Top tier: call first", "Engage on social, then a personal note.", [
        {"kind": "task", "task_kind": "social", "task_note": "Like or comment on a recent post"},
        {"kind": "wait", "wait_days": 2},
        {"kind": "email", "subject": "{{ first_name }}, a team you might like", "same_thread": False,
         "body": "Hi {{ first_name }},\n\nWe are starting a new team I think you would enjoy. "
                 "Fancy a coffee?\n\n{{ recruiter_name }}"},
    ]),
]


def demo_sequences_create(*, users: dict) -> list:
    created = []
    for owner, name, description, steps in DEMO_SEQUENCES:
        sequence = sequence_create(name=name, owner=users[owner], description=description)
        for step in steps:
            step_add(sequence=sequence, **step)
        created.append(sequence)
    return created
