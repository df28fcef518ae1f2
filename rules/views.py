from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from .selectors import rule_list


@login_required
def rule_list_view(request):
    return render(request, "rules/list.html", {"rules": rule_list(), "title": _("Rules and regulations")})
