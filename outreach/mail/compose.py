"""Turning what a recruiter typed into the email a candidate receives: both parts, exactly as sent.

Plain text is the Markdown as typed, merge fields filled in, with the footer. HTML is that
Markdown rendered by markdown-it-py (raw HTML off), sanitised by nh3, put in the email
layout and its stylesheet inlined by css-inline, because mail clients drop <style> blocks.
The compose form's preview and the sender use this same function.
"""
import dataclasses
import functools

import css_inline
import nh3
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

from .choices import BULK_KINDS, LawfulBasis
from .merge import fill, header_safe, markdown_escape, merge_values
from .models import EmailPreferences
from .tokens import preferences_url, unsubscribe_url

# What the HTML part may contain once sanitised: what Markdown produces, nothing else.
ALLOWED_TAGS = {
    "p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre", "h1", "h2", "h3", "h4", "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
STYLESHEET = "css/mail.css"

_markdown = MarkdownIt("commonmark", {"html": False, "breaks": True})
_inliner = css_inline.CSSInliner(keep_style_tags=False, load_remote_stylesheets=False)


@dataclasses.dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str
    body_html: str  # the sanitised body alone, as the layout shows it


@functools.cache
def stylesheet() -> str:
    """The email stylesheet: one file, inlined into every email and linked by the preview."""
    path = finders.find(STYLESHEET)
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def markdown_to_safe_html(markdown: str) -> str:
    html = _markdown.render(markdown)
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=ALLOWED_URL_SCHEMES,
                     link_rel="noopener noreferrer")


def render_email(*, candidate, sender, kind: str, topic: str, subject: str, body: str,
                 preferences: EmailPreferences, include_privacy_notice: bool) -> RenderedEmail:
    """Subject, text and HTML for one candidate. `subject` and `body` were validated by the form."""
    links = {"preferences_url": preferences_url(preferences)}
    if kind in BULK_KINDS:
        links["unsubscribe_url"] = unsubscribe_url(preferences, topic)
    values = merge_values(candidate=candidate, sender=sender, preferences_url=links["preferences_url"])
    safe_values = {name: header_safe(value) for name, value in values.items()}
    filled_subject = header_safe(fill(subject, safe_values))[:300]
    body = body.replace("\r\n", "\n").replace("\r", "\n").strip()
    body_html = markdown_to_safe_html(fill(body, safe_values, escape=markdown_escape))
    context = {
        "subject": filled_subject,
        "body_text": fill(body, safe_values),
        "body_html": mark_safe(body_html),  # noqa: S308 - sanitised by nh3 just above
        "is_bulk": kind in BULK_KINDS,
        "privacy_notice": include_privacy_notice,
        "organisation": settings.MAIL_ORGANISATION,
        "consent_source": preferences.consent_source,
        "lawful_basis": LawfulBasis(preferences.lawful_basis).label.lower() if preferences.lawful_basis
        else LawfulBasis.LEGITIMATE_INTEREST.label.lower(),
        "stylesheet": mark_safe(stylesheet()),  # noqa: S308 - our own static file
        **links,
    }
    text = render_to_string("mail/emails/message.txt", context)
    html = _inliner.inline(render_to_string("mail/emails/message.html", context))
    return RenderedEmail(subject=filled_subject, text=text, html=html, body_html=body_html)
