from voting.identity import email_hash, email_similarity_hash, loose_email, network_of, normalise_email


def test_normalise_email_trims_and_lowers():
    assert normalise_email("  Somchai.J@Example.COM ") == "somchai.j@example.com"


def test_loose_email_drops_dots_and_tags():
    assert loose_email("A.B+vote2@gmail.com") == "ab@gmail.com"
    assert loose_email("ab@googlemail.com") == "ab@gmail.com"


def test_email_hash_is_keyed_and_case_blind(settings):
    first = email_hash("Voter@Example.com")
    assert first == email_hash("voter@example.com")
    assert "voter" not in first
    settings.VOTE_HASH_KEY = "another key"
    assert email_hash("voter@example.com") != first


def test_similarity_hash_joins_near_identical_addresses():
    assert email_similarity_hash("a.b@gmail.com") == email_similarity_hash("ab+x@gmail.com")
    assert email_hash("a.b@gmail.com") != email_hash("ab@gmail.com")


def test_network_of_addresses():
    assert network_of("203.0.113.77") == "203.0.113.0/24"
    assert network_of("2001:db8:1234:5678::1") == "2001:db8:1234::/48"
    assert network_of("not an address") == ""
    assert network_of(None) == ""
