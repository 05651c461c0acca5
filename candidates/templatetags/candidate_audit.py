"""{% candidate_audit_trail candidate as trail %}: the change history, for those allowed to see it."""
from django import template

from candidates.audit import AUDIT_PERMISSION, candidate_audit_trail

register = template.Library()


@register.simple_tag(takes_context=True)
def audit_trail_for(context, candidate):
    """None when the signed-in person may not see it, so the section is not rendered at all."""
    user = context["request"].user
    if not user.has_perm(AUDIT_PERMISSION):
        return None
    entries, truncated = candidate_audit_trail(candidate)
    return {"entries": entries, "truncated": truncated}
