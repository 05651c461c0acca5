"""{{ feedback|scorecard_ratings }}: a scorecard's ratings as the rows of its <dl>.

A candidate page can hold a dozen scorecards of four ratings each. Rendered with template
loops (a row per rating, five stars per row) they were most of the interviews card's time;
there are only six possible ratings and four labels, so each row is built once, here.
"""
import functools

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst

register = template.Library()

MAX_RATING = 5
STARS = {
    value: format_html_join(
        "", '<i class="bi {}" aria-hidden="true"></i>',
        (("bi-star-fill" if star <= value else "bi-star",) for star in range(1, MAX_RATING + 1)),
    )
    for value in range(MAX_RATING + 1)
}


@functools.lru_cache(maxsize=256)
def _rating_row(label: str, value: int) -> str:
    return format_html(
        '<dt class="col-sm-5 fw-normal">{}</dt>\n'
        '<dd class="col-sm-7 mb-1 rating-stars" aria-label="{} out of 5">{} <span class="ms-1">{}/5</span></dd>\n',
        capfirst(label), value, STARS.get(value, ""), value,
    )


@register.filter
def scorecard_ratings(feedback) -> str:
    """Label, stars and "n/5" for each rating; the label is announced, the stars are not."""
    return format_html_join("", "{}", ((_rating_row(str(label), value),) for label, value in feedback.ratings))
