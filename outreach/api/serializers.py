"""What the API shows of each record: the fields the pages show.

The viewsets only read, so the fields need no read-only marks; left as the model has them, a
field that may be blank keeps a blank choice in the schema ("" is a valid got-away reason).
"""
from rest_framework import serializers

from candidates.models import Candidate, CareerUpdate, Feedback, Interview
from outreach.models import CheckInSchedule, TouchPoint


def _link(label: str):
    # Plain text in the schema: an empty link is "", which a "uri" format would refuse.
    return serializers.CharField(read_only=True, help_text=f"{label} web address, or empty.")


class CandidateSerializer(serializers.ModelSerializer):
    owner = serializers.SlugRelatedField(slug_field="username", read_only=True)
    linkedin_url, github_url, portfolio_url = _link("LinkedIn"), _link("GitHub"), _link("Portfolio")
    # A list of strings in the schema, not "any JSON": the column holds tags only.
    skills = serializers.ListField(child=serializers.CharField(), read_only=True,
                                   help_text='Skill tags as typed, e.g. ["Python", "Django"].')

    class Meta:
        model = Candidate
        fields = ["id", "full_name", "email", "phone", "linkedin_url", "github_url", "portfolio_url", "location",
                  "headline", "skills", "source", "owner", "tier", "stage", "got_away_reason", "got_away_detail",
                  "got_away_on", "current_company", "current_title", "expected_pay_currency", "expected_pay",
                  "follow_up_on", "open_to_relocation", "open_to_remote", "do_not_contact", "created_at",
                  "updated_at"]


class TouchPointSerializer(serializers.ModelSerializer):
    author = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = TouchPoint
        fields = ["id", "candidate", "kind", "direction", "occurred_at", "author", "summary", "created_at"]


class ScorecardSerializer(serializers.ModelSerializer):
    author = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Feedback
        fields = ["id", "interview", "author", *Feedback.RATING_FIELDS, "strengths", "concerns", "recommendation",
                  "candidate_note", "shared_at", "shared_via", "created_at"]


class InterviewSerializer(serializers.ModelSerializer):
    scorecards = ScorecardSerializer(source="feedback", many=True, read_only=True)

    class Meta:
        model = Interview
        fields = ["id", "candidate", "role_title", "occurred_on", "stage", "interviewers", "outcome", "created_at",
                  "scorecards"]


class ScheduleSerializer(serializers.ModelSerializer):
    class Meta:
        model = CheckInSchedule
        fields = ["id", "candidate", "tier", "cadence_days", "cadence_customised", "preferred_channel",
                  "last_touch_at", "last_touch_summary", "next_due_at", "paused", "snoozed_until", "overdue_since"]


class CareerUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = CareerUpdate
        fields = ["id", "candidate", "company", "employer", "title", "started_on", "note", "recorded_at"]
