"""Mobile telephone numbers as the platform stores and sends them.

A person types a Thai mobile number the way it is printed (``081-234-5678``, ``08 1234 5678``, Thai
digits, ``+66 81 234 5678``); the platform keeps one form of it, E.164 (``+66812345678``), so that a
limit or a keyed hash counts one telephone once however it was typed. Parsing and validity come from
``phonenumbers`` (Google's libphonenumber metadata), which knows which Thai prefixes are mobile.
"""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DEFAULT_REGION = "TH"

NOT_A_NUMBER = _("This is not a telephone number. Type the 10 digits of a mobile number, for example 081 234 5678.")
NOT_MOBILE = _("This number is not a mobile number. Type the number of a mobile telephone that can receive SMS.")


def normalise_mobile(text: str, region: str = DEFAULT_REGION) -> str:
    """The E.164 form of a mobile number typed in any usual way; ``ValidationError`` (with the
    message a person reads) when it is not a number or not a mobile one."""
    try:
        number = phonenumbers.parse(text or "", region)
    except phonenumbers.NumberParseException:
        raise ValidationError(NOT_A_NUMBER, code="not_a_number") from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(NOT_A_NUMBER, code="not_a_number")
    kind = phonenumbers.number_type(number)
    if kind not in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE):
        raise ValidationError(NOT_MOBILE, code="not_mobile")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_mobile(e164: str) -> str:
    """How a stored number is shown back to the person: the national form in Thailand
    (``081 234 5678``), the international one elsewhere."""
    number = phonenumbers.parse(e164, None)
    if phonenumbers.region_code_for_number(number) == DEFAULT_REGION:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
