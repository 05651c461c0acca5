"""The team's first personal-email templates and the default contact cap; edited freely afterwards."""
from django.db import migrations

TEMPLATES = [
    (
        "Catching up",
        "Catching up, {{ first_name }}?",
        "Hi {{ first_name }},\n\nIt has been a while since we last spoke, and I wanted to check in. How are things "
        "going at {{ company }}?\n\nNo agenda: I'd just like to hear what you are working on these days, and what "
        "you'd like to do next.\n\nBest,\n{{ recruiter_name }}",
    ),
    (
        "Congrats on the new role",
        "Congratulations on the new role, {{ first_name }}!",
        "Hi {{ first_name }},\n\nI just saw that you started as {{ title }} at {{ company }}. Congratulations, that "
        "is great news!\n\nI hope the first weeks are going well. If you ever want to compare notes, I'm happy to "
        "hear from you.\n\nAll the best,\n{{ recruiter_name }}",
    ),
    (
        "Coffee?",
        "Coffee sometime, {{ first_name }}?",
        "Hi {{ first_name }},\n\nWould you be up for a coffee (or a video call) in the next few weeks? I'd love to "
        "catch up and tell you what has changed on our side since we last spoke.\n\nJust reply with a time that "
        "suits you.\n\nCheers,\n{{ recruiter_first_name }}",
    ),
]


def add_defaults(apps, schema_editor):
    EmailTemplate = apps.get_model("mail", "EmailTemplate")
    MailSettings = apps.get_model("mail", "MailSettings")
    for name, subject, body in TEMPLATES:
        EmailTemplate.objects.get_or_create(name=name, defaults={"subject": subject, "body": body})
    MailSettings.objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("mail", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
