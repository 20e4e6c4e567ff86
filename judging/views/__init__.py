"""The judges' area, under /judging/ (Thai) and /en/judging/ (English); the chair's and staff's
rankings under /judging/rankings/; the public results of a cycle under /<cycle>/results/."""

from .dashboard import dashboard, declaration
from .scoring import assignment, attachment, save_score, score

__all__ = ["assignment", "attachment", "dashboard", "declaration", "save_score", "score"]
