"""Every routed GET page, found in the URLConf, so a page added tomorrow is benchmarked tomorrow.

Each route's parameters are filled with the ids of real generated rows: the model comes from
the view (`model` or `queryset`) for `pk`, and from the parameter's name otherwise
(`candidate_pk` is a candidate). Each page is opened as a recruiter and as a manager; a role
the page refuses (403), a page that takes no GET (405) and a route needing a signed token
are reported with the reason instead of a time, so nothing leaves the table silently.
"""
import re
from dataclasses import dataclass

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

_PARAM = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
# Routes a signed-in page benchmark cannot or should not open.
NOT_PAGES = {
    "logout": "ends the session",
    "admin:logout": "ends the session",
}
TOKEN_CONVERTERS = {"str", "slug", "path", "uuid"}
# Text parameters that name something fixed rather than a row or a token ("route name:param" first).
TEXT_VALUES = {"table": "reasons", "sequences:task_finish:action": "done", "action": "stop"}
# Collections whose word names no one model on its own: `imports/<pk>` is an import run.
COLLECTION_MODELS = {"import": "imports.ImportRun", "email": "mail.OutboundEmail",
                     "webhook": "webhooks.WebhookEndpoint", "task": "sequences.StepRun"}
# Parameters a text converter carries that are still row ids (the API's `<str:pk>`).
ROW_PARAMS = {"pk", "id"}


@dataclass(frozen=True)
class RoutedPage:
    name: str  # "namespace:name"
    route: str  # the route text, e.g. candidates/<int:pk>/
    view: object

    @property
    def params(self) -> list[tuple[str, str]]:
        return [(m["converter"] or "str", m["name"]) for m in _PARAM.finditer(self.route)]


def routed_pages() -> list[RoutedPage]:
    """Every named, non-admin route of the site, in path order."""
    found = []

    def walk(patterns, prefix: str, namespace: str):
        for pattern in patterns:
            text = str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                if pattern.namespace != "admin":
                    walk(pattern.url_patterns, prefix + text, inner)
            elif isinstance(pattern, URLPattern) and pattern.name and not text.startswith("^"):
                found.append(RoutedPage(name=f"{namespace}{pattern.name}", route=prefix + text,
                                        view=pattern.callback))

    walk(get_resolver().url_patterns, "", "")
    return sorted(found, key=lambda page: page.route)


def _view_model(view):
    # A Django class-based view keeps its class as view_class; a REST framework viewset as cls.
    view_class = getattr(view, "view_class", None) or getattr(view, "cls", None)
    model = getattr(view_class, "model", None)
    if model is None and getattr(view_class, "queryset", None) is not None:
        model = view_class.queryset.model
    return model


def _model_named(param: str, *, exact: bool = False):
    """`candidate_pk` / `candidate_id` / `candidate` → the Candidate model, or None (`exact`: by its whole name)."""
    stem = re.sub(r"(^|_)(pk|id)$", "", param).replace("_", "").replace("-", "")
    if not stem:
        return None
    if stem in COLLECTION_MODELS:
        return apps.get_model(COLLECTION_MODELS[stem])
    models = apps.get_models()
    named = [model for model in models if model._meta.model_name == stem]
    # `deliveries/<pk>` → WebhookDelivery: the one model whose name ends with the word, if only one does.
    ending = [model for model in models if model._meta.model_name.endswith(stem)]
    return (named or (ending if len(ending) == 1 and not exact else [None]))[0]


def _segment_before(route: str, param: str) -> str:
    """`candidates/<int:pk>/` → "candidate": the collection the parameter picks from."""
    head = route.split(f"{param}>", 1)[0].rsplit("<", 1)[0].rstrip("/")
    word = head.rsplit("/", 1)[-1]
    if word.endswith("series"):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"  # deliveries
    return word[:-1] if word.endswith("s") else word


def _candidate_field(model):
    for field in model._meta.get_fields():
        if field.many_to_one and field.related_model and field.related_model._meta.model_name == "candidate":
            return field.name
    return None


def _row_id(model, recruiter, *, candidate_id: int | None):
    """A row the recruiter's pages show: theirs, or of the candidate already chosen for the URL."""
    rows = model._default_manager.order_by("pk")
    if model._meta.model_name == "candidate":
        return rows.filter(owner=recruiter).values_list("pk", flat=True).first()
    link = _candidate_field(model)
    if link and candidate_id is not None:
        chosen = rows.filter(**{link: candidate_id}).values_list("pk", flat=True).first()
        if chosen is not None:
            return chosen
    if link:
        mine = rows.filter(**{f"{link}__owner": recruiter}).values_list("pk", flat=True).first()
        if mine is not None:
            return mine
    return rows.values_list("pk", flat=True).first()


def page_path(page: RoutedPage, recruiter) -> tuple[str, str]:
    """(the URL with real ids, "") or ("", why it cannot be opened)."""
    if page.name in NOT_PAGES:
        return "", NOT_PAGES[page.name]
    values = {}
    candidate_id = None
    # In the order they appear, so an interview in the same URL is one of that candidate's.
    for converter, name in page.params:
        text = TEXT_VALUES.get(f"{page.name}:{name}", TEXT_VALUES.get(name))
        if text is not None:
            values[name] = text
            continue
        if converter in TOKEN_CONVERTERS and name not in ROW_PARAMS and _model_named(name, exact=True) is None:
            return "", f"needs a signed {name}"
        model = _model_named(name) or _model_named(_segment_before(page.route, name)) or _view_model(page.view)
        if model is None:
            return "", f"no model known for <{name}>"
        row = _row_id(model, recruiter, candidate_id=candidate_id)
        if row is None:
            return "", f"no {model._meta.verbose_name} in the generated data"
        values[name] = str(row)
        if model._meta.model_name == "candidate":
            candidate_id = row
    path = _PARAM.sub(lambda match: values[match["name"]], page.route)
    return "/" + path, ""
