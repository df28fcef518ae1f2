from django.contrib import admin

from core.admin import HistoryAdmin, ReadOnlyAdmin

from .models import Document, Issuer


@admin.register(Issuer)
class IssuerAdmin(HistoryAdmin):
    """The issuing bodies' abbreviations and printed names (ĐUK for the Bloc…): set before their first number, as a
    number already given keeps the abbreviation it was written with."""

    list_display = ("organization", "kind", "symbol", "name")
    list_filter = ("kind",)
    search_fields = ("organization__name", "symbol", "name")
    fields = ("organization", "kind", "symbol", "name", "superior")
    readonly_fields = ("organization", "kind")

    def has_add_permission(self, request):
        return False  # recorded by the numbering service the first time the body issues

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    """Changed only through the register's services (a number, a correction with its reason, a cancellation)."""

    list_display = ("symbol", "direction", "kind", "issued_on", "organization", "status")
    list_filter = ("direction", "status", "confidentiality")

    def has_delete_permission(self, request, obj=None):
        return False
