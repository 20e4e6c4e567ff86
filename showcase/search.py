"""Thai full-text search the same way on SQLite and PostgreSQL: neither has a Thai word parser, so a
record's text is cut into words with PyThaiNLP's dictionary tokeniser (newmm) when it is saved, and
the words are stored; a query is cut the same way, and a record matches when each of the query's
words is found in its stored words. "น้ำท่วม" finds "ระบบเตือนภัยน้ำท่วม" (stored as ระบบ เตือนภัย
น้ำท่วม), and a query that the dictionary cuts differently still matches inside a longer word."""

from django.db.models import Q
from pythainlp.tokenize import word_tokenize

MAX_QUERY_WORDS = 8


def words_of(text: str) -> list[str]:
    tokens = word_tokenize(text or "", engine="newmm", keep_whitespace=False)
    return [token.lower() for token in (t.strip() for t in tokens) if token and any(ch.isalnum() for ch in token)]


def index_text(*texts: str) -> str:
    """The stored form: every word once, space-separated, with a space at each end."""
    seen = dict.fromkeys(word for text in texts for word in words_of(text))
    return f" {' '.join(seen)} " if seen else ""


def matching(query: str, field: str = "words") -> Q:
    """The filter for ``query`` (empty: everything)."""
    condition = Q()
    for word in words_of(query)[:MAX_QUERY_WORDS]:
        condition &= Q(**{f"{field}__icontains": word})
    return condition
