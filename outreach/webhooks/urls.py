from django.urls import path

from . import views

app_name = "webhooks"

urlpatterns = [
    path("settings/webhooks/", views.WebhookEndpointListView.as_view(), name="list"),
    path("settings/webhooks/new/", views.WebhookEndpointCreateView.as_view(), name="create"),
    path("settings/webhooks/<int:pk>/", views.DeliveryLogView.as_view(), name="detail"),
    path("settings/webhooks/<int:pk>/edit/", views.WebhookEndpointUpdateView.as_view(), name="update"),
    path("settings/webhooks/<int:pk>/delete/", views.WebhookEndpointDeleteView.as_view(), name="delete"),
    path("settings/webhooks/<int:pk>/active/", views.SetActiveView.as_view(), name="set_active"),
    path("settings/webhooks/<int:pk>/ping/", views.PingView.as_view(), name="ping"),
    path("settings/webhooks/<int:pk>/secret/", views.RollSecretView.as_view(), name="roll_secret"),
    path("settings/webhooks/deliveries/<int:pk>/send-again/", views.SendAgainView.as_view(), name="send_again"),
]
