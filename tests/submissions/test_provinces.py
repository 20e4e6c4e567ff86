from collections import Counter

import pytest

from submissions.provinces import BY_CODE, PROVINCES, Province

VALID_REGIONS = {"north", "northeast", "central", "east", "west", "south"}


def test_exactly_77_provinces():
    assert len(PROVINCES) == 77
    assert all(isinstance(province, Province) for province in PROVINCES)


def test_codes_are_unique_two_digit_strings_sorted_ascending():
    codes = [province.code for province in PROVINCES]
    assert len(set(codes)) == 77
    assert all(isinstance(code, str) and len(code) == 2 and code.isdigit() for code in codes)
    assert codes == sorted(codes)
    assert "S" not in codes  # Pattaya is a special administrative city, not a province.


def test_names_are_unique_in_both_languages():
    assert len({province.name_th for province in PROVINCES}) == 77
    assert len({province.name_en for province in PROVINCES}) == 77


def test_names_are_non_empty_and_stripped():
    for province in PROVINCES:
        assert province.name_th and province.name_th == province.name_th.strip()
        assert province.name_en and province.name_en == province.name_en.strip()


def test_no_thai_name_has_the_province_prefix():
    assert not [province for province in PROVINCES if province.name_th.startswith("จังหวัด")]


def test_every_region_is_valid():
    assert {province.region for province in PROVINCES} <= VALID_REGIONS


def test_region_counts_follow_the_six_region_grouping():
    assert Counter(province.region for province in PROVINCES) == {
        "north": 9,
        "northeast": 20,
        "central": 22,
        "east": 7,
        "west": 5,
        "south": 14,
    }


def test_by_code_indexes_every_province():
    assert len(BY_CODE) == 77
    assert list(BY_CODE.values()) == list(PROVINCES)
    assert all(BY_CODE[province.code] is province for province in PROVINCES)


@pytest.mark.parametrize(
    ("code", "name_th", "name_en", "region"),
    [
        ("10", "กรุงเทพมหานคร", "Bangkok", "central"),
        ("50", "เชียงใหม่", "Chiang Mai", "north"),
        ("38", "บึงกาฬ", "Bueng Kan", "northeast"),
        ("19", "สระบุรี", "Saraburi", "central"),
        ("96", "นราธิวาส", "Narathiwat", "south"),
        ("20", "ชลบุรี", "Chon Buri", "east"),
        ("71", "กาญจนบุรี", "Kanchanaburi", "west"),
        ("14", "พระนครศรีอยุธยา", "Phra Nakhon Si Ayutthaya", "central"),
        ("39", "หนองบัวลำภู", "Nong Bua Lam Phu", "northeast"),
        ("77", "ประจวบคีรีขันธ์", "Prachuap Khiri Khan", "west"),
        ("84", "สุราษฎร์ธานี", "Surat Thani", "south"),
    ],
)
def test_spot_checks(code, name_th, name_en, region):
    assert BY_CODE[code] == Province(code, name_th, name_en, region)
