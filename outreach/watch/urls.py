from django.urls import path

from . import views

app_name = "watch"

urlpatterns = [
    path("candidates/<int:candidate_pk>/career-watch/follow/", views.FeedFollowView.as_view(), name="follow"),
    path("career-watch/feeds/<int:pk>/unfollow/", views.FeedUnfollowView.as_view(), name="unfollow"),
]
