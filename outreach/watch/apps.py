from django.apps import AppConfig


class WatchConfig(AppConfig):
    """Career watch: a top-tier candidate's blog, GitHub and talks feeds, and what they publish."""

    name = "outreach.watch"
    label = "watch"
    verbose_name = "Career watch"

    def ready(self) -> None:
        from outreach.digests.registry import register_digest_section

        from . import digest

        # "Ada published 'Scaling Postgres' - say congrats", in the follower's morning digest.
        register_digest_section("career_watch", digest.news_rows, title="Career watch", summary=digest.summary,
                                template_html="watch/_digest_section.html",
                                template_txt="watch/_digest_section.txt")
