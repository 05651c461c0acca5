"""The open routes a newsletter carries: the signed click redirect, and the opens pixel when the team counts opens.

Both take a signed, opaque token (rendering.py) carrying only the random part of the
message's Message-ID and the link's place in the issue: never an id, an address or the
destination (a token cannot be turned into a redirect to anywhere else). A bad token is a
plain 404. The one write is recording the click or open, once per recipient and link; it
happens on GET because that is what following a link is. Rate-limited like mail's links.
"""
import base64

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from outreach.mail.models import OutboundEmail
from outreach.ratelimit import rate_limited

from .models import Newsletter, NewsletterClick, NewsletterOpen, NewsletterSettings
from .rendering import read_click_token, read_open_token, rendered_for_send

PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")


def _email_for(message_key: str) -> OutboundEmail | None:
    message_id = f"<{message_key}.nl@{settings.MAIL_MESSAGE_ID_DOMAIN}>"
    return OutboundEmail.objects.filter(message_id=message_id).only("id", "batch_key", "candidate_id").first()


def _newsletter_of(email: OutboundEmail) -> Newsletter | None:
    pk = email.batch_key.rpartition(":")[2]
    return Newsletter.objects.select_related("author").filter(pk=int(pk)).first() if pk.isdigit() else None


@login_not_required
@never_cache
@require_GET
@rate_limited("newsletters.click")
def click(request, token: str):
    parsed = read_click_token(token)
    email = _email_for(parsed[0]) if parsed else None
    newsletter = _newsletter_of(email) if email else None
    if newsletter is None:
        return render(request, "mail/public/link_invalid.html", status=404)
    links = rendered_for_send(newsletter, track_opens=False).links
    if parsed[1] >= len(links):
        return render(request, "mail/public/link_invalid.html", status=404)
    url = links[parsed[1]]
    NewsletterClick.objects.bulk_create(
        [NewsletterClick(newsletter=newsletter, email_id=email.pk, candidate_id=email.candidate_id, link=parsed[1],
                         url=url, clicked_at=timezone.now())], ignore_conflicts=True)
    return HttpResponseRedirect(url)


@login_not_required
@never_cache
@require_GET
@rate_limited("newsletters.open")
def opened(request, token: str):
    key = read_open_token(token)
    email = _email_for(key) if key else None
    newsletter = _newsletter_of(email) if email else None
    if newsletter is not None and NewsletterSettings.current().track_opens:
        NewsletterOpen.objects.bulk_create([NewsletterOpen(newsletter=newsletter, email_id=email.pk)],
                                           ignore_conflicts=True)
    # The same tiny image whatever the token: it tells nobody whether it was valid.
    return HttpResponse(PIXEL, content_type="image/gif")
