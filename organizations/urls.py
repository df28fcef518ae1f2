from django.urls import path

from . import views

app_name = "organizations"
urlpatterns = [
    path("", views.organization_list, name="list"),
    path("tree/", views.organization_tree_view, name="tree"),
    path("new/", views.organization_create, name="create"),
    path("transfer-in/", views.organization_transfer_in, name="transfer_in"),
    path("<int:pk>/", views.organization_detail, name="detail"),
    path("<int:pk>/edit/", views.organization_edit, name="edit"),
    path("<int:pk>/rename/", views.organization_rename, name="rename"),
    path("<int:pk>/move/", views.organization_move, name="move"),
    path("<int:pk>/transfer-out/", views.organization_transfer_out, name="transfer_out"),
    path("<int:pk>/merge/", views.organization_merge, name="merge"),
    path("<int:pk>/split/", views.organization_split, name="split"),
    path("<int:pk>/dissolve/", views.organization_dissolve, name="dissolve"),
]
