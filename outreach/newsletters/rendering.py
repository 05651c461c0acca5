"""A newsletter's content: rendered once per issue, personalised per recipient by plain substitution.

Rendering Markdown, sanitising it (nh3) and inlining the stylesheet (css-inline) costs
milliseconds; doing it for each of 100,000 recipients is what made sending slow. So an issue
is rendered once with markers where the per-recipient parts go (merge fields, the signed
unsubscribe and preference links, the click redirects), and each recipient's copy is the
rendered text with the markers replaced: HTML-escaped values in the HTML part, the plain
values in the text part, header-safe ones in the subject. Values never pass through
Markdown, so a candidate called "[x](javascript:...)" stays a name.
"""
import dataclasses
import functools
import html
import re

import nh3
from django.conf import settings
from django.core import signing
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from outreach.mail.choices import LawfulBasis
from outreach.mail.compose import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, ALLOWED_URL_SCHEMES, _inliner, _markdown, stylesheet
from outreach.mail.merge import fill, header_safe
from outreach.mail.message import sender_name
from outreach.mail.tokens import absolute, preferences_token, unsubscribe_token

# Images by URL are welcome in a newsletter (never in a personal email).
NEWSLETTER_TAGS = ALLOWED_TAGS | {"img"}
NEWSLETTER_ATTRIBUTES = {**ALLOWED_ATTRIBUTES, "img": {"src", "alt", "title", "width", "height"}}
CLICK_SALT = "newsletters.click"
OPEN_SALT = "newsletters.open"
# Markers are plain letters and digits: Markdown, nh3 and css-inline all leave them alone.
_MARK = "NLqz{}zqNL"
MARKER = re.compile(r"NLqz(\w+?)zqNL")
# Stand-ins for the per-recipient links, as URLs so Markdown and nh3 treat them as links.
_LINK = "https://links.invalid/{}"
LINK_MARKER = re.compile(r"https://links\.invalid/(\w+)")
PER_RECIPIENT = ("first_name", "last_name", "full_name", "company", "title", "preferences_url")
HREF = re.compile(r'href="([^"]*)"')


def _mark(name: str) -> str:
    return _MARK.format(name.replace("_", "X"))


def _unmark(key: str) -> str:
    return key.replace("X", "_")


@dataclasses.dataclass(frozen=True)
class Recipient:
    """What personalising one copy needs: from the claimed row, its candidate and preferences."""

    message_key: str  # the random part of the Message-ID: what signed click links carry
    full_name: str
    company: str
    title: str
    link_key: str
    consent_source: str
    lawful_basis: str
    privacy_notice: bool


@dataclasses.dataclass(frozen=True)
class Rendered:
    subject: str
    text: dict[bool, str]  # by "includes the privacy notice"
    html: dict[bool, str]
    links: list[str]  # the issue's own links, in order: what a click redirect leads to


def _sanitise(markdown: str) -> str:
    return nh3.clean(_markdown.render(markdown), tags=NEWSLETTER_TAGS, attributes=NEWSLETTER_ATTRIBUTES,
                     url_schemes=ALLOWED_URL_SCHEMES, link_rel="noopener noreferrer")


def _sender_values(newsletter) -> dict[str, str]:
    sender = newsletter.author
    if newsletter.from_team:
        return {"recruiter_name": settings.MAIL_FROM_NAME, "recruiter_first_name": settings.MAIL_FROM_NAME}
    return {"recruiter_name": sender.get_full_name() or sender.username,
            "recruiter_first_name": sender.first_name or sender.username}


def _rewrite_links(body_html: str) -> tuple[str, list[str]]:
    """Each of the issue's own links becomes a click marker; returns the HTML and the links in order."""
    links: list[str] = []

    def rewrite(match: re.Match) -> str:
        url = html.unescape(match[1])
        if MARKER.search(url) or LINK_MARKER.match(url) or not url.startswith(("http://", "https://")):
            return match[0]  # personalised, our own, or mailto: left as written
        if url not in links:
            links.append(url)
        return f'href="{_LINK.format("click" + str(links.index(url)))}"'

    return HREF.sub(rewrite, body_html), links


def render_newsletter(newsletter, *, track_opens: bool = False) -> Rendered:
    """The issue with markers for everything personal (see the module docstring)."""
    sender_values = _sender_values(newsletter)
    markers = {name: (_LINK.format("prefs") if name == "preferences_url" else _mark(name)) for name in PER_RECIPIENT}
    values = {**markers, **sender_values}
    body = newsletter.body.replace("\r\n", "\n").replace("\r", "\n").strip()
    safe_sender = {name: header_safe(value) for name, value in sender_values.items()}
    subject = header_safe(fill(newsletter.subject, {**markers, **safe_sender}))
    # Link-shaped fields become autolinks, as mail's own merge does.
    md_values = {**values, "preferences_url": f"<{markers['preferences_url']}>"}
    body_html, links = _rewrite_links(_sanitise(fill(body, md_values)))
    if newsletter.preheader:
        # Shown by inboxes after the subject, hidden in the message itself.
        body_html = (f'<div style="display:none;max-height:0;overflow:hidden">{html.escape(newsletter.preheader)}'
                     f"</div>\n{body_html}")
    if track_opens:
        body_html += f'\n<img src="{_LINK.format("open")}" width="1" height="1" alt="">'
    context = {
        "subject": subject, "body_html": mark_safe(body_html), "body_text": fill(body, values),  # noqa: S308
        "is_bulk": True, "organisation": settings.MAIL_ORGANISATION,
        "consent_source": _mark("consent"), "lawful_basis": _mark("basis"),
        "stylesheet": mark_safe(stylesheet()),  # noqa: S308 - our own static file
        "preferences_url": _LINK.format("prefs"), "unsubscribe_url": _LINK.format("unsub"),
    }
    text, page = {}, {}
    for notice in (False, True):
        context["privacy_notice"] = notice
        text[notice] = render_to_string("mail/emails/message.txt", context)
        page[notice] = _inliner.inline(render_to_string("mail/emails/message.html", context))
    return Rendered(subject=subject, text=text, html=page, links=links)


def rendered_for_send(newsletter, *, track_opens: bool) -> Rendered:
    """Rendered once per issue and process; a change to the issue (updated_at) renders it afresh."""
    key = (newsletter.pk, newsletter.updated_at, track_opens)
    if key not in _render_cache:
        if len(_render_cache) > 32:
            _render_cache.clear()
        _render_cache[key] = render_newsletter(newsletter, track_opens=track_opens)
    return _render_cache[key]


_render_cache: dict[tuple, Rendered] = {}


def click_token(message_key: str, link: int) -> str:
    return signing.Signer(salt=CLICK_SALT).sign(f"{message_key}.{link}")


def read_click_token(token: str) -> tuple[str, int] | None:
    if not token or len(token) > 200:
        return None
    try:
        value = signing.Signer(salt=CLICK_SALT).unsign(token)
    except signing.BadSignature:
        return None
    key, _, link = value.rpartition(".")
    return (key, int(link)) if key and link.isdigit() else None


def open_token(message_key: str) -> str:
    return signing.Signer(salt=OPEN_SALT).sign(message_key)


def read_open_token(token: str) -> str | None:
    if not token or len(token) > 200:
        return None
    try:
        return signing.Signer(salt=OPEN_SALT).unsign(token)
    except signing.BadSignature:
        return None


@functools.cache
def _url_base(route: str) -> str:
    """A route's absolute URL with "{}" for its token: reversed once, not per message."""
    return absolute(reverse(route, args=["TOKEN"])).replace("TOKEN", "{}")


class _Preferences:
    """What mail's link tokens read from a candidate's preferences: only the random link key."""

    __slots__ = ("link_key",)

    def __init__(self, link_key: str):
        self.link_key = link_key


def personalise(rendered: Rendered, recipient: Recipient, *, topic: str) -> tuple[str, str, str, str]:
    """(subject, text, html, unsubscribe URL) for one recipient: markers replaced, nothing rendered again."""
    first, _, last = recipient.full_name.strip().partition(" ")
    prefs = _Preferences(recipient.link_key)
    values = {
        "first_name": first, "last_name": last.strip(), "full_name": recipient.full_name.strip(),
        "company": recipient.company, "title": recipient.title,
    }
    links = {"prefs": _url_base("mail:preferences").format(preferences_token(prefs)),
             "unsub": _url_base("mail:unsubscribe").format(unsubscribe_token(prefs, topic))}
    values["preferences_url"] = links["prefs"]
    basis = (LawfulBasis(recipient.lawful_basis).label if recipient.lawful_basis
             else LawfulBasis.LEGITIMATE_INTEREST.label).lower()
    click_base = _url_base("newsletters:click")

    def link(name: str) -> str:
        if name in links:
            return links[name]
        if name == "open":
            return _url_base("newsletters:open").format(open_token(recipient.message_key))
        return click_base.format(click_token(recipient.message_key, int(name[5:])))

    def field_html(match: re.Match) -> str:
        name = _unmark(match[1])
        if name == "consent":
            return html.escape(recipient.consent_source)
        if name == "basis":
            return basis
        return html.escape(values.get(name, ""))

    def field_text(match: re.Match) -> str:
        name = _unmark(match[1])
        if name == "consent":
            return recipient.consent_source
        if name == "basis":
            return basis
        return values.get(name, "")

    notice = recipient.privacy_notice
    page, text = rendered.html[notice], rendered.text[notice]
    if not recipient.consent_source:
        # The layout says "(where consent was given)" only when we know it.
        page, text = page.replace(f" ({_mark('consent')})", ""), text.replace(f" ({_mark('consent')})", "")
    page = LINK_MARKER.sub(lambda m: html.escape(link(m[1])), page)
    page = MARKER.sub(field_html, page)
    text = MARKER.sub(field_text, LINK_MARKER.sub(lambda m: link(m[1]), text))
    subject = MARKER.sub(lambda m: header_safe(values.get(_unmark(m[1]), "")), rendered.subject)[:300]
    return subject, text, page, links["unsub"]


def from_name(newsletter) -> str:
    if newsletter.from_team:
        return settings.MAIL_FROM_NAME
    return f"{sender_name(newsletter.author)} via {settings.MAIL_FROM_NAME}"

