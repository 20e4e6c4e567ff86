"""Views of the applicant area: organisations. Thin: each calls one service or selector."""

urlpatterns = []
