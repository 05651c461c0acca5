"""factory_boy factories for candidate email. Messages are made through the services, as the app makes them."""
import factory

from outreach.mail.models import EmailTemplate


class EmailTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmailTemplate
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Template {n}")
    subject = "Hello {{ first_name }}"
    body = "Hi {{ first_name }},\n\nHow is {{ company }}?\n\n{{ recruiter_name }}"


def draft(**overrides) -> dict:
    """A valid subject and body, as the compose form would pass them."""
    return {"subject": "Catching up, {{ first_name }}?",
            "body": "Hi {{ first_name }},\n\nHow are things at **{{ company }}**?\n\n{{ recruiter_name }}",
            **overrides}
