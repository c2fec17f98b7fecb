from django.urls import path

from . import exports, handover, review, views

app_name = "drafts"
urlpatterns = [
    path("", views.my_drafts, name="home"),
    path("start/", views.landing, name="landing"),
    path("drafts/<uuid:public_id>/", views.draft_detail, name="detail"),
    path("drafts/<uuid:public_id>/submit/", views.submit_for_review, name="submit"),
    path("drafts/<uuid:public_id>/filing/", views.record_filing, name="record_filing"),
    path("drafts/<uuid:public_id>/close/", views.close, name="close"),
    path("drafts/<uuid:public_id>/close-draft/", views.close_draft, name="close_draft"),
    path("drafts/<uuid:public_id>/quick-close/", views.quick_close, name="quick_close"),
    path("drafts/<uuid:public_id>/withdraw/", views.withdraw, name="withdraw"),
    path("drafts/<uuid:public_id>/reopen/", views.reopen, name="reopen"),
    path("drafts/<uuid:public_id>/hand-over/", handover.hand_over, name="hand_over"),
    path(
        "drafts/<uuid:public_id>/for-provider.txt",
        handover.provider_package,
        name="provider_package",
    ),
    path("drafts/<uuid:public_id>/details.txt", exports.details_text, name="details_txt"),
    path("drafts/<uuid:public_id>/deadline.ics", exports.deadline_ics, name="deadline_ics"),
    path("review/", review.review_queue, name="review_queue"),
    path("review/queue.csv", review.review_queue_csv, name="review_queue_csv"),
    path("review/<uuid:public_id>/", review.review_draft, name="review"),
    path("calendar/", exports.calendar_settings, name="calendar"),
    path("calendar/token/", exports.calendar_token, name="calendar_token"),
    path("calendar/<str:token>/deadlines.ics", exports.calendar_feed, name="calendar_feed"),
]
