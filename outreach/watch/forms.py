"""Following a feed: a blog's RSS or Atom address, a GitHub username or profile, a talks page feed."""
import ipaddress
import re
from urllib.parse import urlsplit

from django import forms

GITHUB_NAME = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$")


def feed_address(text: str) -> str:
    """What the recruiter typed, as the feed to fetch: "github.com/ada" and "@ada on GitHub" become
    GitHub's public activity feed, https://github.com/ada.atom."""
    text = text.strip()
    try:
        parts = urlsplit(text if "://" in text else f"https://{text}")
    except ValueError:  # "http://[not-an-ip]/": left for the URL check to refuse
        return text
    host = (parts.hostname or "").lower()
    path = parts.path.strip("/")
    if host in ("github.com", "www.github.com") and GITHUB_NAME.match(path.removesuffix(".atom")):
        return f"https://github.com/{path.removesuffix('.atom')}.atom"
    return text if "://" in text else f"https://{text}"


class FeedForm(forms.Form):
    url = forms.CharField(
        label="Feed address", max_length=500,
        help_text="A blog's RSS or Atom feed, a talks page feed, or a GitHub profile (github.com/ada).",
        widget=forms.TextInput(attrs={"placeholder": "https://ada.dev/feed.xml", "inputmode": "url"}),
    )

    def clean_url(self) -> str:
        url = feed_address(self.cleaned_data["url"])
        try:
            forms.URLField(assume_scheme="https").clean(url)
        except forms.ValidationError:
            raise forms.ValidationError("Enter a web address, such as https://ada.dev/feed.xml.",
                                        code="invalid") from None
        try:
            parts = urlsplit(url)
        except ValueError:
            raise forms.ValidationError("Enter a web address, such as https://ada.dev/feed.xml.",
                                        code="invalid") from None
        if parts.scheme not in ("http", "https"):
            raise forms.ValidationError("Only http and https addresses can be followed.", code="scheme")
        if parts.username or parts.password:
            raise forms.ValidationError("Leave out any user name or password.", code="credentials")
        try:
            parts.port  # noqa: B018 - raises for a port past 65535
        except ValueError:
            raise forms.ValidationError("The port number is not valid.", code="port") from None
        try:
            literal = ipaddress.ip_address(parts.hostname or "")
        except ValueError:
            literal = None  # a name: it is resolved, and checked, when the feed is fetched
        if literal is not None and not literal.is_global:
            raise forms.ValidationError("That address is on a private network; only public feeds can be "
                                        "followed.", code="private")
        return url
