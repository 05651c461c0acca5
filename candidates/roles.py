"""Roles are Django groups; what each role may do is a set of permissions."""
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models import Q, QuerySet

from .choices import Role

GROUP_NAMES = {Role.RECRUITER: "Recruiters", Role.MANAGER: "Managers", Role.ADMIN: "Admins"}

# Everyone on the team works with candidates and their history.
_RECRUITER_CODENAMES = [
    f"{action}_{model}"
    for model in ("candidate", "interview", "feedback", "careerupdate", "touchpoint", "checkinschedule")
    for action in ("view", "add", "change")
] + [
    # Candidate email (outreach.mail): write to candidates, keep the team's templates, record consent.
    "view_outboundemail", "add_outboundemail", "view_emailtemplate", "add_emailtemplate", "change_emailtemplate",
    "view_emailpreferences", "change_emailpreferences",
    # Segments (outreach.segments): their own, and the team's shared ones to send to.
    "view_segment", "add_segment", "change_segment", "delete_segment",
    # Sequences (outreach.sequences): build them, enrol their own candidates, stop them, tick tasks off.
    "view_sequence", "add_sequence", "change_sequence", "view_step", "add_step", "change_step",
    "view_enrolment", "add_enrolment", "change_enrolment", "view_steprun", "change_steprun",
    # Data in and out (outreach.imports): import spreadsheets, keep column mappings.
    "view_importrun", "add_importrun", "view_importmapping", "add_importmapping", "change_importmapping",
    # Newsletters (outreach.newsletters): write, schedule and follow issues; run series.
    "view_newsletter", "add_newsletter", "change_newsletter", "view_series", "add_series", "change_series",
    # Events (outreach.events): plan them, invite, check guests in at the door.
    "view_event", "add_event", "change_event", "view_invitation", "add_invitation", "change_invitation",
    # Career watch (outreach.watch): follow a top-tier candidate's public feeds, stop following them.
    "view_feed", "add_feed", "delete_feed", "view_feeditem",
    # Openings (outreach.openings): see what the team hires for, and its silver medallists.
    "view_opening",
    # Re-approach signals (outreach.signals): see why to get in touch now, dismiss a reason.
    "view_signal", "change_signal",
]


def _permissions_for(role: str) -> list[str]:
    codenames = list(_RECRUITER_CODENAMES)
    if role in (Role.MANAGER, Role.ADMIN):
        # The candidate audit trail (django-simple-history) is for managers and admins.
        codenames += ["view_team_dashboard", "view_digest", "view_historicalcandidate", "change_any_segment",
                      "enrol_any_candidate"]
        # Merging duplicates removes a candidate record: managers and admins (outreach.duplicates).
        codenames += ["merge_candidates", "view_candidatemerge"]
        # Openings are opened, edited, put on hold and filled by managers and admins.
        codenames += ["add_opening", "change_opening"]
    if role == Role.ADMIN:
        codenames += ["delete_candidate", "delete_interview", "delete_feedback", "delete_touchpoint",
                      "change_outboundemail", "delete_emailtemplate", "view_suppression", "add_suppression",
                      "change_suppression", "delete_suppression", "view_mailevent", "view_mailsettings",
                      "change_mailsettings", "view_inboundemail", "view_newslettersettings",
                      "change_newslettersettings",
                      # Webhooks (outreach.webhooks): endpoints that receive the team's events, and their logs.
                      "view_webhookendpoint", "add_webhookendpoint", "change_webhookendpoint",
                      "delete_webhookendpoint", "view_webhookdelivery",
                      # Data protection (outreach.privacy): the request log, erasure, the retention rule.
                      "view_datarequest", "add_datarequest", "change_datarequest", "erase_candidates",
                      "view_erasure", "view_retentionreview", "change_retentionreview", "view_retentionrun",
                      "view_retentionsettings", "change_retentionsettings"]
    return codenames


def ensure_role_groups(**kwargs) -> None:
    """Create the three role groups with their permissions; safe to run again."""
    for role, name in GROUP_NAMES.items():
        group, _ = Group.objects.get_or_create(name=name)
        perms = Permission.objects.filter(
            content_type__app_label__in=["candidates", "outreach", "mail", "segments", "newsletters", "events",
                                          "sequences", "imports", "duplicates", "webhooks", "watch", "privacy",
                                          "openings", "signals"],
            codename__in=_permissions_for(role),
        )
        group.permissions.set(perms)


def managers() -> QuerySet:
    """Everyone who sees the team dashboard: managers and admins."""
    perm = Q(groups__permissions__codename="view_team_dashboard") | Q(user_permissions__codename="view_team_dashboard")
    return get_user_model().objects.filter(Q(is_superuser=True) | perm, is_active=True).distinct()
