from django.urls import path

from . import views

app_name = "apparatus"
urlpatterns = [
    path("health/", views.ApparatusHealth.as_view(), name="health"),
    path("staffing/", views.StaffingReport.as_view(), name="staffing"),
    path("allowances/", views.AllowanceReport.as_view(), name="allowances"),
    path("seats/", views.SeatList.as_view(), name="seats"),
    path("seats/<int:pk>/", views.SeatDetail.as_view(), name="seat"),
    path("seats/<int:pk>/end/", views.SeatEnd.as_view(), name="seat_end"),
    path("seats/<int:pk>/change/", views.SeatUpdate.as_view(), name="seat_update"),
    path("organizations/<int:pk>/", views.OrganizationApparatus.as_view(), name="organization"),
    path("organizations/<int:pk>/new-term/", views.TermOpen.as_view(), name="term_open"),
    path("terms/<int:pk>/correct/", views.TermCorrect.as_view(), name="term_correct"),
    path("terms/<int:pk>/new-body/", views.BodyCreate.as_view(), name="body_create"),
    path("bodies/<int:pk>/new-seat/", views.SeatAssign.as_view(), name="seat_assign"),
]
