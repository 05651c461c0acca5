"""One personalised copy of an issue outside the batch sender: mail's send, the preview, the test send."""
from types import SimpleNamespace

from outreach.mail.models import OutboundEmail

from .models import Newsletter, NewsletterSettings
from .rendering import Recipient, personalise, render_newsletter, rendered_for_send

# A made-up reader for previews when no candidate is chosen.
SAMPLE = SimpleNamespace(full_name="Alex Example", current_company="Example Corp", current_title="Senior Engineer")


def recipient_for(*, candidate, preferences, message_key: str = "preview", privacy_notice: bool = False) -> Recipient:
    return Recipient(
        message_key=message_key, full_name=candidate.full_name, company=candidate.current_company,
        title=candidate.current_title, link_key=preferences.link_key if preferences else "preview",
        consent_source=preferences.consent_source if preferences else "",
        lawful_basis=preferences.lawful_basis if preferences else "", privacy_notice=privacy_notice,
    )


def content_for_mail(email: OutboundEmail, preferences) -> tuple[str, str, str]:
    """(subject, text, html) of a newsletter row mail itself was asked to send."""
    newsletter = Newsletter.objects.select_related("author").get(pk=int(email.batch_key.rpartition(":")[2]))
    rendered = rendered_for_send(newsletter, track_opens=NewsletterSettings.current().track_opens)
    recipient = recipient_for(candidate=email.candidate, preferences=preferences,
                              message_key=email.message_id.strip("<>").partition(".")[0],
                              privacy_notice=email.includes_privacy_notice)
    subject, text, page, _ = personalise(rendered, recipient, topic=newsletter.topic)
    return subject, text, page


def preview_for(newsletter: Newsletter, *, candidate=None) -> tuple[str, str, str]:
    """What `candidate` (or a sample reader) would receive, links included; nothing is recorded."""
    preferences = getattr(candidate, "email_preferences", None) if candidate is not None else None
    rendered = render_newsletter(newsletter)
    subject, text, page, _ = personalise(rendered, recipient_for(candidate=candidate or SAMPLE,
                                                                 preferences=preferences), topic=newsletter.topic)
    return subject, text, page
