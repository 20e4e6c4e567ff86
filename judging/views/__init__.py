"""The judges' area, under /judging/ (Thai) and /en/judging/ (English)."""

from .dashboard import dashboard, declaration
from .scoring import assignment, attachment, save_score, score

__all__ = ["assignment", "attachment", "dashboard", "declaration", "save_score", "score"]
