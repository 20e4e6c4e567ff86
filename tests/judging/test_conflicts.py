import pytest

from judging.conflicts import (
    ORGANISATION,
    PARTNER,
    PROVINCE,
    AppFacts,
    Conflict,
    Declaration,
    find_conflicts,
    normalise_organisation,
)

KHON_KAEN, UDON_THANI, BANGKOK = "40", "41", "10"


def declaration(judge_id, *names, provinces=()):
    return Declaration(judge_id=judge_id, organisation_names=names, province_codes=frozenset(provinces))


def application(application_id, name, province=UDON_THANI, partners=()):
    return AppFacts(application_id=application_id, organisation_name=name, province_code=province, partners=partners)


# Normalisation


@pytest.mark.parametrize(
    ("name", "key"),
    [
        # Thai companies and partnerships: the legal form goes, full or abbreviated, with or without dots.
        ("บริษัท เมืองอัจฉริยะ จำกัด", "เมืองอัจฉริยะ"),
        ("บจก. เมืองอัจฉริยะ", "เมืองอัจฉริยะ"),
        ("เมืองอัจฉริยะ จำกัด (มหาชน)", "เมืองอัจฉริยะ"),
        ("บมจ.เมืองอัจฉริยะ", "เมืองอัจฉริยะ"),
        ("บ.จ.ก. เมือง อัจฉริยะ", "เมืองอัจฉริยะ"),
        ("หจก. ขอนแก่นดิจิทัล", "ขอนแก่นดิจิทัล"),
        ("ห้างหุ้นส่วนจำกัด ขอนแก่น ดิจิทัล", "ขอนแก่นดิจิทัล"),
        ("บริษัท ปตท. จำกัด (มหาชน)", "ปตท"),
        # English companies.
        ("Smart City Solutions Co., Ltd.", "smart city solutions"),
        ("SMART CITY SOLUTIONS COMPANY LIMITED", "smart city solutions"),
        ("Smart  City-Solutions Public Company Limited", "smart city solutions"),
        ("The Smart City Solutions Inc.", "smart city solutions"),
        ("PTT Public Company Limited", "ptt"),
        # Local governments: the kind stays in the key.
        ("เทศบาลนครขอนแก่น", "city_municipality:ขอนแก่น"),
        ("ทน.ขอนแก่น", "city_municipality:ขอนแก่น"),
        ("เทศบาลนคร ขอนแก่น", "city_municipality:ขอนแก่น"),
        ("สำนักงานเทศบาลนครขอนแก่น", "city_municipality:ขอนแก่น"),
        ("Khon Kaen City Municipality", "city_municipality:ขอนแก่น"),
        ("ทม.ยโสธร", "town_municipality:ยโสธร"),
        ("ทต.บ้านเป็ด", "subdistrict_municipality:บ้านเป็ด"),
        ("องค์การบริหารส่วนจังหวัดขอนแก่น", "pao:ขอนแก่น"),
        ("อบจ.ขอนแก่น", "pao:ขอนแก่น"),
        ("Khon Kaen PAO", "pao:ขอนแก่น"),
        ("อบต.บ้านเป็ด อ.เมือง จ.ขอนแก่น", "sao:บ้านเป็ด"),
        ("อ.บ.ต. บ้านเป็ด", "sao:บ้านเป็ด"),
        ("จังหวัดขอนแก่น", "provincial_office:ขอนแก่น"),
        ("Chonburi Province", "provincial_office:ชลบุรี"),
        # Special administrative areas.
        ("กทม.", "bangkok:กรุงเทพมหานคร"),
        ("กรุงเทพฯ", "bangkok:กรุงเทพมหานคร"),
        ("Bangkok Metropolitan Administration", "bangkok:กรุงเทพมหานคร"),
        ("เมืองพัทยา", "pattaya:พัทยา"),
        # Invisible and Thai-digit differences do not count; a word that only starts like "ทน" is kept.
        ("เทศบาลตำบล\u200bบ้านเป็ด", "subdistrict_municipality:บ้านเป็ด"),
        ("เทศบาลเมืองแสนสุข ๒", "town_municipality:แสนสุข2"),
        ("ทนงศักดิ์ คอนซัลติ้ง", "ทนงศักดิ์คอนซัลติ้ง"),
        ("", ""),
    ],
)
def test_normalise_organisation_gives_the_shared_key(name, key):
    assert normalise_organisation(name) == key


def test_normalise_organisation_keeps_local_governments_of_one_province_apart():
    keys = {normalise_organisation(name) for name in ("ทน.ขอนแก่น", "อบจ.ขอนแก่น", "จังหวัดขอนแก่น", "ทม.ขอนแก่น")}

    assert keys == {"city_municipality:ขอนแก่น", "pao:ขอนแก่น", "provincial_office:ขอนแก่น", "town_municipality:ขอนแก่น"}


def test_normalise_organisation_never_strips_a_name_to_nothing():
    assert normalise_organisation("บริษัท") == "บริษัท"
    assert normalise_organisation("Company Limited") == "company"


# Matching


def test_find_conflicts_matches_applicant_typed_differently():
    conflicts = find_conflicts(
        declarations=[declaration(7, "บจก. เมืองอัจฉริยะ")],
        applications=[application(100, "บริษัท เมืองอัจฉริยะ จำกัด")],
    )

    assert conflicts == [Conflict(7, 100, ORGANISATION, "บจก. เมืองอัจฉริยะ = บริษัท เมืองอัจฉริยะ จำกัด")]


def test_find_conflicts_identical_names_are_named_once():
    conflicts = find_conflicts(
        declarations=[declaration(7, "Smart City Solutions Co., Ltd.")],
        applications=[application(100, "Smart City Solutions Co., Ltd.")],
    )

    assert conflicts == [Conflict(7, 100, ORGANISATION, "Smart City Solutions Co., Ltd.")]


def test_find_conflicts_no_false_positive_between_local_governments_of_one_province():
    # The judge advises Khon Kaen city; the provincial administrative organisation is another body.
    conflicts = find_conflicts(
        declarations=[declaration(7, "เทศบาลนครขอนแก่น")],
        applications=[application(100, "องค์การบริหารส่วนจังหวัดขอนแก่น"), application(101, "ทน.ขอนแก่น")],
    )

    assert conflicts == [Conflict(7, 101, ORGANISATION, "เทศบาลนครขอนแก่น = ทน.ขอนแก่น")]


def test_find_conflicts_partner_only_match():
    app = application(100, "เทศบาลเมืองยโสธร", partners=(("True Corporation", None), ("บมจ. ทรู คอร์ปอเรชั่น", None)))

    conflicts = find_conflicts(declarations=[declaration(7, "บริษัท ทรู คอร์ปอเรชั่น จำกัด (มหาชน)")], applications=[app])

    assert conflicts == [Conflict(7, 100, PARTNER, "บริษัท ทรู คอร์ปอเรชั่น จำกัด (มหาชน) = บมจ. ทรู คอร์ปอเรชั่น")]


def test_find_conflicts_province_through_applicant():
    conflicts = find_conflicts(
        declarations=[declaration(7, provinces={KHON_KAEN})],
        applications=[application(100, "เทศบาลนครขอนแก่น", province=KHON_KAEN), application(101, "ทม.ยโสธร", "35")],
    )

    assert conflicts == [Conflict(7, 100, PROVINCE, "40: เทศบาลนครขอนแก่น")]


def test_find_conflicts_province_through_partner():
    app = application(100, "เทศบาลเมืองยโสธร", "35", partners=(("มหาวิทยาลัยขอนแก่น", KHON_KAEN), ("depa", None)))

    conflicts = find_conflicts(declarations=[declaration(7, provinces={KHON_KAEN})], applications=[app])

    assert conflicts == [Conflict(7, 100, PROVINCE, "40: มหาวิทยาลัยขอนแก่น")]


def test_find_conflicts_one_conflict_per_reason_with_every_match_named():
    app = application(
        100,
        "กทม.",
        province=BANGKOK,
        partners=(("บจก. เมืองอัจฉริยะ", BANGKOK), ("Muang Atchariya Co., Ltd.", KHON_KAEN)),
    )
    judge = declaration(7, "กรุงเทพมหานคร", "เมืองอัจฉริยะ", "Muang Atchariya", provinces={BANGKOK})

    conflicts = find_conflicts(declarations=[judge], applications=[app])

    assert conflicts == [
        Conflict(7, 100, ORGANISATION, "กรุงเทพมหานคร = กทม."),
        Conflict(7, 100, PARTNER, "เมืองอัจฉริยะ = บจก. เมืองอัจฉริยะ; Muang Atchariya = Muang Atchariya Co., Ltd."),
        Conflict(7, 100, PROVINCE, "10: กทม.; 10: บจก. เมืองอัจฉริยะ"),
    ]


def test_find_conflicts_judge_with_empty_declaration_has_none():
    conflicts = find_conflicts(
        declarations=[declaration(7, "", "  ")],
        applications=[application(100, "", province="", partners=(("", None),))],
    )

    assert conflicts == []


def test_find_conflicts_without_declarations_finds_none():
    assert find_conflicts(declarations=[], applications=[application(100, "ทน.ขอนแก่น", KHON_KAEN)]) == []


def test_find_conflicts_merges_several_declarations_of_one_judge():
    conflicts = find_conflicts(
        declarations=[declaration(7, "ทน.ขอนแก่น"), declaration(7, "เทศบาลนครขอนแก่น", provinces={KHON_KAEN})],
        applications=[application(100, "เทศบาลนคร ขอนแก่น", KHON_KAEN)],
    )

    assert conflicts == [
        Conflict(7, 100, ORGANISATION, "ทน.ขอนแก่น = เทศบาลนคร ขอนแก่น"),
        Conflict(7, 100, PROVINCE, "40: เทศบาลนคร ขอนแก่น"),
    ]


def test_find_conflicts_sorted_by_judge_application_and_reason():
    declarations = [
        declaration(9, "อบจ.ขอนแก่น", provinces={KHON_KAEN}),
        declaration(3, provinces={KHON_KAEN}),
        declaration(5, "Khon Kaen PAO"),
    ]
    applications = [
        application(200, "ทน.ขอนแก่น", KHON_KAEN, partners=(("องค์การบริหารส่วนจังหวัดขอนแก่น", KHON_KAEN),)),
        application(100, "อบจ.ขอนแก่น", KHON_KAEN),
    ]

    conflicts = find_conflicts(declarations=declarations, applications=applications)

    assert conflicts == [
        Conflict(3, 100, PROVINCE, "40: อบจ.ขอนแก่น"),
        Conflict(3, 200, PROVINCE, "40: ทน.ขอนแก่น; 40: องค์การบริหารส่วนจังหวัดขอนแก่น"),
        Conflict(5, 100, ORGANISATION, "Khon Kaen PAO = อบจ.ขอนแก่น"),
        Conflict(5, 200, PARTNER, "Khon Kaen PAO = องค์การบริหารส่วนจังหวัดขอนแก่น"),
        Conflict(9, 100, ORGANISATION, "อบจ.ขอนแก่น"),
        Conflict(9, 100, PROVINCE, "40: อบจ.ขอนแก่น"),
        Conflict(9, 200, PARTNER, "อบจ.ขอนแก่น = องค์การบริหารส่วนจังหวัดขอนแก่น"),
        Conflict(9, 200, PROVINCE, "40: ทน.ขอนแก่น; 40: องค์การบริหารส่วนจังหวัดขอนแก่น"),
    ]
