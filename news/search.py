"""The readers' search of the news site: an article's folded text, kept on the article, and the words of a query.

Why a stored folded column, not Wagtail's search backend (settings.WAGTAILSEARCH_BACKENDS, the database backend,
Wagtail 7.4's `modelsearch`): its full-text search does not fold Vietnamese the way the app does. On SQLite the FTS5
tokenizer (unicode61) takes a single mark off a letter but not two ("noi" misses "Nội") and keeps "đ", a letter of its
own ("dang" misses "Đảng"); on PostgreSQL to_tsvector keeps every mark ("ha noi" misses "Hà Nội"), and only its
optional fuzzy mode unaccents, with the unaccent and pg_trgm extensions installed, which SQLite does not have (checked
with sqlite3's FTS5 and PostgreSQL 'simple' configuration). Its index is also one more thing to keep up to date.
Instead each article keeps `search_text`: the distinct words of its title, lead and body text folded by
core.text.fold (lower case, no marks, đ→d; punctuation is no word), each after a space, written by ArticlePage.save()
whenever the content is written (creation and every publication; a draft's revision leaves the live text as it is).
A query is folded the same way and each of its words must begin a word of that text, as in the app's other searches
(core.text.search_q), here in one LIKE per word (" word" anywhere): identical on SQLite and PostgreSQL.

Speed: LIKE '%word%' cannot use a B-tree index (and PostgreSQL's B-tree refuses values over about 2.7 kB, which
a long article's words exceed), so the column is not indexed: a search reads the live articles' words, each word
once (about half an article's folded text), to count what it found, then one page newest first. Measured with SQLite
on this project's shared test machine: about 0.15 s for a word found nowhere among 5,000 articles of 900 words;
at tens of thousands of articles a trigram index (PostgreSQL's pg_trgm, GIN) on the column would be the next step,
with no change to the queries.
"""

import html
import re

from django.db.models import Q

from core.text import fold

SEARCH_MAX_LENGTH = 200  # characters of a query
SEARCH_MAX_WORDS = 10  # words of a query (each adds conditions to the query)

# The tags that end a block of text: replaced by a space so that two paragraphs' words are not glued together
# ("…Đảng</p><p>Bộ…"); the others (bold, italic, links) are dropped where they stand, inside a word too.
_BLOCK_TAG = re.compile(r"</?(?:p|br|li|ul|ol|h[1-6]|div|blockquote)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"\w+")


def words(text: str | None) -> list[str]:
    """The folded words of a text or a query: 'Hà Nội, (Đảng)' -> ['ha', 'noi', 'dang']."""
    return _WORD.findall(fold(text))


def body_text(raw) -> str:
    """The readable text of an article's body (a StreamField's raw data: paragraphs' HTML, images' captions)."""
    parts = []
    for block in raw or []:
        value = block.get("value") if isinstance(block, dict) else None
        if isinstance(value, str):
            parts.append(html.unescape(_TAG.sub("", _BLOCK_TAG.sub(" ", value))))
        elif isinstance(value, dict) and isinstance(value.get("caption"), str):
            parts.append(value["caption"])
    return " ".join(parts)


def search_text(title: str | None, lead: str | None, raw_body) -> str:
    """What ArticlePage.search_text keeps: the distinct folded words of the title, the lead and the body, in the
    order they first come, each after a space (" ha noi dang …")."""
    found = dict.fromkeys(words(" ".join((title or "", lead or "", body_text(raw_body)))))
    return "".join(f" {word}" for word in found)


def matching(query_words: list[str], field: str = "search_text") -> Q:
    """Every word must begin a word of the folded text: "noi" finds "Hà Nội", "oi" does not."""
    q = Q()
    for word in query_words:
        q &= Q(**{f"{field}__contains": f" {word}"})
    return q
