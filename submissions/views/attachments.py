"""Views of the applicant area: attachments. Thin: each calls one service or selector."""

urlpatterns = []
