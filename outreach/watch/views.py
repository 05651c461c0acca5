"""Follow and unfollow a candidate's feeds, from the Career watch card on the candidate page."""
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import FormView

from candidates.models import Candidate

from .forms import FeedForm
from .models import Feed
from .services import CannotFollow, feed_follow, feed_unfollow


class FeedFollowView(PermissionRequiredMixin, FormView):
    """POST from the card; an invalid address comes back on this page with the error beside it."""

    permission_required = "watch.add_feed"
    form_class = FeedForm
    template_name = "watch/feed_form.html"

    @cached_property
    def candidate(self) -> Candidate:
        return get_object_or_404(Candidate, pk=self.kwargs["candidate_pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(candidate=self.candidate, **kwargs)

    def form_valid(self, form):
        try:
            feed = feed_follow(candidate=self.candidate, url=form.cleaned_data["url"], user=self.request.user)
        except CannotFollow as refusal:
            form.add_error("url", str(refusal))
            return self.form_invalid(form)
        messages.success(self.request, f"Following {feed.url} for {self.candidate}. New posts show here and in "
                                       "your digest; the first look is within half an hour.")
        return redirect(self.candidate)


class FeedUnfollowView(PermissionRequiredMixin, View):
    permission_required = "watch.delete_feed"
    http_method_names = ["post"]

    def post(self, request, pk: int):
        feed = get_object_or_404(Feed.objects.select_related("candidate"), pk=pk)
        candidate = feed.candidate
        feed_unfollow(feed=feed)
        messages.success(request, f"Stopped following {feed.url} for {candidate}.")
        return redirect(candidate)
