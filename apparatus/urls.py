from django.urls import path

from . import views

app_name = "apparatus"
urlpatterns = [
    path("health/", views.health, name="health"),
    path("staffing/", views.staffing, name="staffing"),
    path("allowances/", views.allowances, name="allowances"),
    path("seats/", views.seat_list, name="seats"),
    path("seats/<int:pk>/", views.seat_detail, name="seat"),
    path("seats/<int:pk>/end/", views.seat_end, name="seat_end"),
    path("seats/<int:pk>/change/", views.seat_update, name="seat_update"),
    path("organizations/<int:pk>/", views.organization_view, name="organization"),
    path("organizations/<int:pk>/new-term/", views.term_open, name="term_open"),
    path("terms/<int:pk>/correct/", views.term_correct, name="term_correct"),
    path("terms/<int:pk>/new-body/", views.body_create, name="body_create"),
    path("bodies/<int:pk>/new-seat/", views.seat_assign, name="seat_assign"),
]
