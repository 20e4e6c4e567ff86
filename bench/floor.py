"""The table of the one-INSERT view (bench/vote_urls.py), shaped like the vote ledger with its unique
key; bench/vote.py and bench/drafts.py create it in their databases. No Django here: the load
generators import it."""

FLOOR_TABLE_SQL = """
CREATE TABLE IF NOT EXISTS bench_vote_floor (
    id bigserial PRIMARY KEY,
    voter_id bigint NOT NULL,
    cycle_id bigint NOT NULL,
    period varchar(10) NOT NULL,
    application_id bigint NOT NULL,
    cast_at timestamptz NOT NULL,
    ip inet,
    network varchar(50) NOT NULL,
    UNIQUE (voter_id, cycle_id, period)
)
"""
