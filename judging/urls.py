"""The judges' area: every view answers 404 to anyone who is not the judge it is for."""

from django.urls import path

from . import views
from .views import corrections, deliberation, evidence, feedback, presentations, rankings, staff

app_name = "judging"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("declaration/<slug:cycle_slug>/", views.declaration, name="declaration"),
    path("assignments/<int:pk>/", views.assignment, name="assignment"),
    path("assignments/<int:pk>/score/", views.score, name="score"),
    path("assignments/<int:pk>/score/<int:criterion_pk>/", views.save_score, name="save_score"),
    path("assignments/<int:pk>/attachments/<int:attachment_pk>/", views.attachment, name="attachment"),
    path("assignments/<int:pk>/application.pdf", evidence.application_pdf, name="application_pdf"),
    path("discussions/<int:round_pk>/<int:application_pk>/", deliberation.discussion, name="discussion"),
    path(
        "discussions/<int:round_pk>/<int:application_pk>/attachments/<int:attachment_pk>/",
        deliberation.discussion_attachment,
        name="discussion_attachment",
    ),
    path("presentations/", presentations.agenda, name="agenda"),
    path("staff/", staff.index, name="staff_index"),
    path("staff/rounds/<int:pk>/shortlist/", staff.shortlist_page, name="staff_shortlist"),
    path("staff/rounds/<int:pk>/presentations/", staff.schedule_page, name="staff_schedule"),
    path("staff/rounds/<int:pk>/presentations/send/", staff.send_notices, name="staff_send_notices"),
    path("staff/presentations/<int:pk>/", staff.move_slot, name="staff_move_slot"),
    path("rankings/", rankings.index, name="rankings"),
    path("rankings/<int:round_pk>/<str:code>/", rankings.leaderboard, name="leaderboard"),
    path("rankings/<int:round_pk>/<str:code>/finalise/", rankings.finalise, name="finalise"),
    path("rankings/<int:round_pk>/<str:code>/<str:what>.<str:fmt>", rankings.export, name="export"),
    path("feedback/<int:round_pk>/<str:code>/", feedback.approval, name="feedback_approval"),
    path("rankings/decisions/<int:pk>/withdraw/", corrections.withdraw_decision, name="withdraw_decision"),
]
