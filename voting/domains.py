"""E-mail domains the Popular Vote treats specially (reference data, kept short on purpose)."""

# Webmail providers most Thai voters use: a burst from them is normal, so they have their own rate
# limit (settings.VOTE_CODE_RATE_PER_LARGE_DOMAIN).
LARGE_PROVIDERS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "hotmail.com",
        "hotmail.co.th",
        "outlook.com",
        "outlook.co.th",
        "live.com",
        "yahoo.com",
        "yahoo.co.th",
        "icloud.com",
        "me.com",
        "proton.me",
        "protonmail.com",
    }
)

# Providers that ignore dots in the local part (a.b@ and ab@ reach the same mailbox).
DOTLESS_PROVIDERS = frozenset({"gmail.com", "googlemail.com"})

# Well-known throwaway-address services, flagged on the review page (never refused automatically:
# a real person may use one).
DISPOSABLE = frozenset(
    {
        "10minutemail.com",
        "guerrillamail.com",
        "guerrillamail.net",
        "sharklasers.com",
        "mailinator.com",
        "maildrop.cc",
        "yopmail.com",
        "tempmail.com",
        "temp-mail.org",
        "trashmail.com",
        "getnada.com",
        "dispostable.com",
        "fakeinbox.com",
        "throwawaymail.com",
        "mintemail.com",
        "mohmal.com",
        "emailondeck.com",
        "tempail.com",
        "moakt.com",
        "mailnesia.com",
        "spamgourmet.com",
    }
)
