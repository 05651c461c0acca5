"""The feedback email's first draft, from the scorecard's words meant for the candidate.

Only the note written for the candidate and the strengths go in: never the concerns, the
ratings, the recommendation or anyone else's scorecard, unless the recruiter types them.
"""
from django.utils.formats import date_format

from candidates.models import Feedback


def _braces_off(text: str) -> str:
    # The scorecard's words are quoted as they are, never read as merge fields.
    return text.replace("{{", "{ {").replace("}}", "} }").replace("{%", "{ %").replace("%}", "% }").strip()


def feedback_draft(feedback: Feedback) -> dict[str, str]:
    interview = feedback.interview
    role = _braces_off(interview.role_title)
    paragraphs = [
        "Hi {{ first_name }},",
        f"Thank you again for interviewing with us for the {role} role on "
        f"{date_format(interview.occurred_on, 'j F Y')}. I promised you honest feedback, so here it is.",
    ]
    if feedback.candidate_note.strip():
        paragraphs.append(_braces_off(feedback.candidate_note))
    if feedback.strengths.strip():
        paragraphs.append("What stood out to the panel:\n\n" + _braces_off(feedback.strengths))
    paragraphs += [
        "Would you like to hear about future roles? [Tell us what you'd like to hear about]({{ preferences_url }}).",
        "Best wishes,\n{{ recruiter_name }}",
    ]
    return {"subject": f"Your interview for {role}"[:200], "body": "\n\n".join(paragraphs)}
