"""Shared view plumbing: run a service from a form and put its refusals on the right fields."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _


def apply_validation_error(form, error: ValidationError) -> None:
    """A service's refusal becomes field errors where the field is on the form, else a form error."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for e in errors:
                form.add_error(target, e.messages if hasattr(e, "messages") else e)
    else:
        form.add_error(None, error)


def run_service(request, form, call, *, success_message: str, success_url):
    """Validate `form`, call the service; on refusal keep everything the user typed and show why."""
    if form.is_valid():
        try:
            result = call(form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, success_message)
            return redirect(success_url(result) if callable(success_url) else success_url)
    return None


@login_required
def search(request):
    from members.selectors import member_search, search_q
    from organizations.selectors import organization_qs

    text = request.GET.get("q", "").strip()
    members = list(member_search(request.user, text, limit=50)) if text else []
    organizations = (
        list(organization_qs(request.user).filter(search_q(text)).select_related("kind").order_by("name_sort")[:30])
        if text else []
    )
    return render(request, "core/search.html", {"q": text, "members": members, "organizations": organizations,
                                                "title": _("Search")})
