from django.urls import path

from . import views

app_name = "organizations"
urlpatterns = [
    path("", views.OrganizationList.as_view(), name="list"),
    path("pick/", views.OrganizationPick.as_view(), name="pick"),
    path("tree/", views.OrganizationTree.as_view(), name="tree"),
    path("tree/<int:pk>/", views.OrganizationTreeBranch.as_view(), name="tree_branch"),
    path("new/", views.OrganizationCreate.as_view(), name="create"),
    path("transfer-in/", views.OrganizationTransferIn.as_view(), name="transfer_in"),
    path("<int:pk>/", views.OrganizationDetail.as_view(), name="detail"),
    path("<int:pk>/edit/", views.OrganizationEdit.as_view(), name="edit"),
    path("<int:pk>/rename/", views.OrganizationRename.as_view(), name="rename"),
    path("<int:pk>/move/", views.OrganizationMove.as_view(), name="move"),
    path("<int:pk>/transfer-out/", views.OrganizationTransferOut.as_view(), name="transfer_out"),
    path("<int:pk>/merge/", views.OrganizationMerge.as_view(), name="merge"),
    path("<int:pk>/split/", views.OrganizationSplit.as_view(), name="split"),
    path("<int:pk>/dissolve/", views.OrganizationDissolve.as_view(), name="dissolve"),
]
