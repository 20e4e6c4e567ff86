"""Where a line may break in Thai text. Thai has no spaces between words, so a browser that breaks a
heading where it runs out of room may cut a word in two; with the words known (PyThaiNLP's newmm
tokenizer and its bundled dictionary, loaded on first use: about 1.5 s once per process) a template
puts <wbr> between them and CSS ``word-break: keep-all`` forbids every other break.

The text itself is never changed: no invisible character goes into it, so copying and searching the
page find exactly what was written."""

import re
from functools import lru_cache

from django.utils.html import escape

THAI = re.compile(r"[\u0e00-\u0e7f]")


@lru_cache(maxsize=4096)
def thai_words(text: str) -> tuple[str, ...]:
    """The words of ``text`` in order, spaces kept as their own items, so that ``"".join()`` gives the
    text back unchanged."""
    if not THAI.search(text):
        return (text,)
    from pythainlp.tokenize import word_tokenize  # Loads the dictionary: only when Thai is shown.

    return tuple(word_tokenize(text, engine="newmm", keep_whitespace=True))


def with_word_breaks(text: str) -> str:
    """``text`` escaped for HTML, with <wbr> between two words that no space separates already."""
    out, previous = [], ""
    for word in thai_words(text):
        if previous and not previous[-1].isspace() and not word[0].isspace():
            out.append("<wbr>")
        out.append(escape(word))
        previous = word
    return "".join(out)
