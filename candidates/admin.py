from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils import timezone

from .dates import PLANNED
from .forms import SkillTagsField
from .models import Candidate, CareerUpdate, Company, Feedback, Interview, RecruiterProfile, StageChange
from .services import candidate_create, candidate_update, company_resolve


class RecruiterProfileInline(admin.StackedInline):
    # Team members are added in the admin: timezone and digest time belong on the same page.
    model = RecruiterProfile
    can_delete = False
    verbose_name_plural = "recruiter profile"


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class TeamMemberAdmin(UserAdmin):
    inlines = [RecruiterProfileInline]


@admin.register(RecruiterProfile)
class RecruiterProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "timezone", "digest_hour", "digests_enabled")
    list_select_related = ("user",)
    search_fields = ("user__username", "user__email")


class InterviewInline(admin.TabularInline):
    model = Interview
    extra = 0
    fields = ("occurred_on", "role_title", "stage", "outcome", "interviewers")


class CareerUpdateInline(admin.TabularInline):
    model = CareerUpdate
    extra = 0
    fields = ("started_on", "company", "title", "note")


def _employer_follow_company(update: CareerUpdate, changed: list[str]) -> None:
    # The company typed in the admin finds its record, as it does in the app's own form.
    if "company" in changed or update.employer_id is None:
        update.employer = company_resolve(name=update.company)


class CandidateAdminForm(forms.ModelForm):
    """The checks the app's candidate form makes that the model fields cannot: a new follow-up
    date is a plan (a stored one may have passed), and pay comes with its currency."""

    def clean(self):
        cleaned = super().clean()
        if "follow_up_on" in self.changed_data and (error := PLANNED.error(cleaned.get("follow_up_on"))):
            self.add_error("follow_up_on", error)
        if (cleaned.get("expected_pay") is None) != (not cleaned.get("expected_pay_currency")):
            self.add_error("expected_pay", "Give the amount and its currency together, or neither.")
        return cleaned


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    form = CandidateAdminForm
    list_display = ("full_name", "email", "tier", "stage", "got_away_reason", "owner", "current_company")
    list_filter = ("tier", "stage", "got_away_reason", "do_not_contact", "source")
    list_select_related = ("owner",)
    search_fields = ("full_name", "email", "current_company")
    raw_id_fields = ("owner",)
    inlines = [InterviewInline, CareerUpdateInline]
    show_full_result_count = False  # an exact COUNT(*) over a million rows on every page is wasted work

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # Skills typed as in the app ("Python, Django"), not as raw JSON.
        if db_field.name == "skills":
            return SkillTagsField(label="Skills")
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        """Save through the services, like the app's own forms: a stage change is recorded for the
        timeline and funnel, and the check-in schedule follows tier and owner changes."""
        names = [name for name in form.cleaned_data if name in {f.name for f in Candidate._meta.concrete_fields}]
        if change:
            candidate_update(candidate=obj, changed_by=request.user,
                             **{name: getattr(obj, name) for name in names if name in form.changed_data})
            return
        created = candidate_create(created_by=request.user,
                                   **{name: getattr(obj, name) for name in names})
        # The inlines below save against this object, so it becomes the row just created.
        obj.pk, obj._state.adding, obj._state.db = created.pk, False, created._state.db

    def save_formset(self, request, form, formset, change):
        if formset.model is not CareerUpdate:
            return super().save_formset(request, form, formset, change)
        for update in formset.save(commit=False):
            changed = next((f.changed_data for f in formset.forms if f.instance is update), [])
            if update.recorded_at is None:
                update.recorded_by, update.recorded_at = request.user, timezone.now()
            _employer_follow_company(update, changed)
            update.save()
        for update in formset.deleted_objects:
            update.delete()
        formset.save_m2m()


@admin.register(StageChange)
class StageChangeAdmin(admin.ModelAdmin):
    list_display = ("candidate", "from_stage", "to_stage", "changed_by", "changed_at")
    list_filter = ("to_stage",)
    list_select_related = ("candidate", "changed_by")
    raw_id_fields = ("candidate", "changed_by")
    date_hierarchy = "changed_at"


@admin.register(CareerUpdate)
class CareerUpdateAdmin(admin.ModelAdmin):
    list_display = ("candidate", "title", "company", "employer", "started_on", "recorded_by")
    list_select_related = ("candidate", "recorded_by", "employer")
    raw_id_fields = ("candidate", "recorded_by")
    readonly_fields = ("employer",)
    search_fields = ("company", "title", "candidate__full_name")

    def save_model(self, request, obj, form, change):
        _employer_follow_company(obj, form.changed_data)
        super().save_model(request, obj, form, change)


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ("name", "key", "created_at")
    search_fields = ("name", "key")
    readonly_fields = ("key", "created_at")


class FeedbackInline(admin.StackedInline):
    model = Feedback
    extra = 0
    raw_id_fields = ("author",)


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin):
    list_display = ("candidate", "role_title", "stage", "outcome", "occurred_on")
    list_filter = ("stage", "outcome")
    list_select_related = ("candidate",)
    raw_id_fields = ("candidate", "logged_by")
    inlines = [FeedbackInline]


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ("interview", "author", "recommendation", "shared_at", "shared_via")
    list_filter = ("recommendation", "shared_via")
    list_select_related = ("interview__candidate", "author")
    raw_id_fields = ("interview", "author")
