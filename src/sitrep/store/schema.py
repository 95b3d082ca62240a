"""The store's tables (SQLAlchemy Core): one MetaData shared by SQLite and PostgreSQL."""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

schema_version = sa.Table(
    "schema_version", metadata,
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("applied_at", sa.DateTime, nullable=False),
)

articles = sa.Table(
    "articles", metadata,
    sa.Column("id", sa.String(64), primary_key=True, comment="sha256 of the clean text"),
    sa.Column("url", sa.Text, unique=True),
    sa.Column("title", sa.Text),
    sa.Column("source", sa.Text),
    sa.Column("published", sa.Date, index=True),
    sa.Column("dateline", sa.Text),
    sa.Column("language", sa.String(8), nullable=False),
    sa.Column("origin", sa.Text, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("ingested_at", sa.DateTime, nullable=False),
    sa.Column("versions", sa.JSON(none_as_null=True),
              comment="stage -> version that made the rows; null: stored before they were kept"),
    sa.Column("relevant", sa.Boolean,
              comment="about conflict or politics; null: stored before it was recorded"),
    sa.Column("published_source", sa.String(16),
              comment="where the date came from: given, metadata, text, dateline; null: unknown"),
)

actors = sa.Table(
    "actors", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("article_id", sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False,
              index=True),
    sa.Column("name", sa.Text, nullable=False, index=True),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("country", sa.String(3)),
    sa.Column("sector", sa.String(8)),
    sa.Column("title", sa.Text),
    sa.Column("mentions", sa.JSON, nullable=False),
)

places = sa.Table(
    "places", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("article_id", sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False,
              index=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("geonameid", sa.Integer),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Column("country", sa.String(2)),
    sa.Column("admin1", sa.Text),
    sa.Column("precision", sa.Integer, nullable=False),
    sa.Column("mentions", sa.JSON, nullable=False),
)

quotes = sa.Table(
    "quotes", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("article_id", sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False,
              index=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("speaker", sa.Text, index=True),
    sa.Column("speaker_start", sa.Integer),
    sa.Column("speaker_end", sa.Integer),
    sa.Column("cue", sa.Text),
    sa.Column("cue_class", sa.String(16)),
)

events = sa.Table(
    "events", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("type", sa.String(16), nullable=False, index=True),
    sa.Column("mode", sa.Text),
    sa.Column("acled_event_type", sa.Text),
    sa.Column("acled_sub_event_type", sa.Text),
    sa.Column("status", sa.String(16), nullable=False, index=True),
    sa.Column("actor1", sa.Text, index=True),
    sa.Column("actor1_country", sa.String(3)),
    sa.Column("actor1_sector", sa.String(8)),
    sa.Column("actor2", sa.Text, index=True),
    sa.Column("actor2_country", sa.String(3)),
    sa.Column("actor2_sector", sa.String(8)),
    sa.Column("date_start", sa.Date, index=True),
    sa.Column("date_end", sa.Date),
    sa.Column("date_precision", sa.String(8)),
    sa.Column("place", sa.Text),
    sa.Column("lat", sa.Float, index=True),
    sa.Column("lon", sa.Float),
    sa.Column("country", sa.String(2), index=True),
    sa.Column("admin1", sa.Text),
    sa.Column("geo_precision", sa.Integer),
    sa.Column("sources", sa.Integer, nullable=False, comment="number of articles reporting it"),
    # Figures are BIGINT: a count may exceed 2^31 ("2.5 billion affected"), never the world's
    # population (counts' max_figure), and PostgreSQL's INTEGER is 32-bit.
    sa.Column("fatalities", sa.BigInteger, comment="killed, most conservative credible figure"),
    sa.Column("fatalities_latest", sa.BigInteger, comment="killed, latest reported figure"),
    sa.Column("first_seen", sa.DateTime, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
    sa.Column("place_site", sa.Text,
              comment="the facility, street or quarter a report names; null: none named, or "
                      "fused before it was stored"),
    sa.Column("place_source", sa.String(16),
              comment="how the place was chosen (the report's place.source); null: unknown"),
)

event_keys = sa.Table(
    "event_keys", metadata,
    sa.Column("key", sa.Text, primary_key=True,
              comment="type|place cell|week: where fusion looks for candidates"),
    sa.Column("event_id", sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
)

event_mentions = sa.Table(
    "event_mentions", metadata,
    sa.Column("id", sa.Text, primary_key=True, comment="the report's event id, article-id:N"),
    sa.Column("article_id", sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False,
              index=True),
    sa.Column("event_id", sa.ForeignKey("events.id"), index=True),
    sa.Column("type", sa.String(16), nullable=False),
    sa.Column("mode", sa.Text),
    sa.Column("acled_event_type", sa.Text),
    sa.Column("acled_sub_event_type", sa.Text),
    sa.Column("actor1", sa.JSON),
    sa.Column("actor2", sa.JSON),
    sa.Column("date", sa.String(10)),
    sa.Column("date_precision", sa.String(8)),
    sa.Column("place", sa.JSON),
    sa.Column("counts", sa.JSON, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("evidence", sa.JSON, nullable=False),
    sa.Column("sentence", sa.Text, comment="text of the first evidence span, for exports"),
    sa.Column("confidence", sa.Float, nullable=False),
)

event_sources = sa.Table(
    "event_sources", metadata,
    sa.Column("event_id", sa.ForeignKey("events.id", ondelete="CASCADE"), nullable=False,
              index=True),
    sa.Column("mention_id", sa.ForeignKey("event_mentions.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("article_id", sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    sa.Column("joined_at", sa.DateTime, nullable=False),
)

count_history = sa.Table(
    "count_history", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("event_id", sa.ForeignKey("events.id", ondelete="CASCADE"), nullable=False,
              index=True),
    sa.Column("mention_id", sa.ForeignKey("event_mentions.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("article_id", sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    sa.Column("reported_on", sa.Date, comment="publication date of the source, else ingest date"),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("noun", sa.Text),
    sa.Column("value", sa.BigInteger, nullable=False),
    sa.Column("qualifier", sa.Text),
)

failures = sa.Table(
    "failures", metadata,
    sa.Column("origin", sa.Text, primary_key=True),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("failed_at", sa.DateTime, nullable=False),
)

feeds = sa.Table(
    "feeds", metadata,
    sa.Column("url", sa.Text, primary_key=True),
    sa.Column("etag", sa.Text),
    sa.Column("modified", sa.Text),
    sa.Column("checked_at", sa.DateTime),
    sa.Column("error", sa.Text),
)

feed_items = sa.Table(
    "feed_items", metadata,
    sa.Column("link", sa.Text, primary_key=True),
    sa.Column("feed_url", sa.Text, nullable=False),
    sa.Column("seen_at", sa.DateTime, nullable=False),
)

feed_retries = sa.Table(
    "feed_retries", metadata,
    sa.Column("link", sa.Text, primary_key=True),
    sa.Column("feed_url", sa.Text, nullable=False, index=True),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("retry_at", sa.DateTime, nullable=False,
              comment="not fetched again before this time (backoff doubles per attempt)"),
)
