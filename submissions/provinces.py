"""Reference data: the 77 provinces of Thailand.

Bangkok (กรุงเทพมหานคร, a special administrative area) is listed together with the 76 provinces, including
Bueng Kan (บึงกาฬ), the newest province (split from Nong Khai in 2011). Pattaya (TH-S) is a special administrative
city, not a province, and is deliberately left out.

Sources:

* ``code`` and ``name_en``: ISO 3166-2:TH subdivision codes (https://www.iso.org/obp/ui/#iso:code:3166:TH), with
  the "TH-" prefix removed. English names follow the ISO romanisation (e.g. "Chon Buri", "Si Sa Ket", "Phangnga"),
  except that TH-10 ("Krung Thep Maha Nakhon") is given its usual English name "Bangkok".
* ``name_th``: official Thai names as used by the Department of Provincial Administration (กรมการปกครอง),
  without the "จังหวัด" prefix.
* ``region``: the six-region grouping (ภาคเหนือ, ภาคตะวันออกเฉียงเหนือ, ภาคกลาง, ภาคตะวันออก, ภาคตะวันตก, ภาคใต้)
  defined by the National Geographical Committee (คณะกรรมการภูมิศาสตร์แห่งชาติ) in 1977, with Bueng Kan placed in
  the northeast. Resulting counts: north 9, northeast 20, central 22 (including Bangkok), east 7, west 5, south 14.
"""

from typing import NamedTuple


class Province(NamedTuple):
    code: str
    name_th: str
    name_en: str
    region: str


REGIONS = ("north", "northeast", "central", "east", "west", "south")

PROVINCES = (
    Province("10", "กรุงเทพมหานคร", "Bangkok", "central"),
    Province("11", "สมุทรปราการ", "Samut Prakan", "central"),
    Province("12", "นนทบุรี", "Nonthaburi", "central"),
    Province("13", "ปทุมธานี", "Pathum Thani", "central"),
    Province("14", "พระนครศรีอยุธยา", "Phra Nakhon Si Ayutthaya", "central"),
    Province("15", "อ่างทอง", "Ang Thong", "central"),
    Province("16", "ลพบุรี", "Lop Buri", "central"),
    Province("17", "สิงห์บุรี", "Sing Buri", "central"),
    Province("18", "ชัยนาท", "Chai Nat", "central"),
    Province("19", "สระบุรี", "Saraburi", "central"),
    Province("20", "ชลบุรี", "Chon Buri", "east"),
    Province("21", "ระยอง", "Rayong", "east"),
    Province("22", "จันทบุรี", "Chanthaburi", "east"),
    Province("23", "ตราด", "Trat", "east"),
    Province("24", "ฉะเชิงเทรา", "Chachoengsao", "east"),
    Province("25", "ปราจีนบุรี", "Prachin Buri", "east"),
    Province("26", "นครนายก", "Nakhon Nayok", "central"),
    Province("27", "สระแก้ว", "Sa Kaeo", "east"),
    Province("30", "นครราชสีมา", "Nakhon Ratchasima", "northeast"),
    Province("31", "บุรีรัมย์", "Buri Ram", "northeast"),
    Province("32", "สุรินทร์", "Surin", "northeast"),
    Province("33", "ศรีสะเกษ", "Si Sa Ket", "northeast"),
    Province("34", "อุบลราชธานี", "Ubon Ratchathani", "northeast"),
    Province("35", "ยโสธร", "Yasothon", "northeast"),
    Province("36", "ชัยภูมิ", "Chaiyaphum", "northeast"),
    Province("37", "อำนาจเจริญ", "Amnat Charoen", "northeast"),
    Province("38", "บึงกาฬ", "Bueng Kan", "northeast"),
    Province("39", "หนองบัวลำภู", "Nong Bua Lam Phu", "northeast"),
    Province("40", "ขอนแก่น", "Khon Kaen", "northeast"),
    Province("41", "อุดรธานี", "Udon Thani", "northeast"),
    Province("42", "เลย", "Loei", "northeast"),
    Province("43", "หนองคาย", "Nong Khai", "northeast"),
    Province("44", "มหาสารคาม", "Maha Sarakham", "northeast"),
    Province("45", "ร้อยเอ็ด", "Roi Et", "northeast"),
    Province("46", "กาฬสินธุ์", "Kalasin", "northeast"),
    Province("47", "สกลนคร", "Sakon Nakhon", "northeast"),
    Province("48", "นครพนม", "Nakhon Phanom", "northeast"),
    Province("49", "มุกดาหาร", "Mukdahan", "northeast"),
    Province("50", "เชียงใหม่", "Chiang Mai", "north"),
    Province("51", "ลำพูน", "Lamphun", "north"),
    Province("52", "ลำปาง", "Lampang", "north"),
    Province("53", "อุตรดิตถ์", "Uttaradit", "north"),
    Province("54", "แพร่", "Phrae", "north"),
    Province("55", "น่าน", "Nan", "north"),
    Province("56", "พะเยา", "Phayao", "north"),
    Province("57", "เชียงราย", "Chiang Rai", "north"),
    Province("58", "แม่ฮ่องสอน", "Mae Hong Son", "north"),
    Province("60", "นครสวรรค์", "Nakhon Sawan", "central"),
    Province("61", "อุทัยธานี", "Uthai Thani", "central"),
    Province("62", "กำแพงเพชร", "Kamphaeng Phet", "central"),
    Province("63", "ตาก", "Tak", "west"),
    Province("64", "สุโขทัย", "Sukhothai", "central"),
    Province("65", "พิษณุโลก", "Phitsanulok", "central"),
    Province("66", "พิจิตร", "Phichit", "central"),
    Province("67", "เพชรบูรณ์", "Phetchabun", "central"),
    Province("70", "ราชบุรี", "Ratchaburi", "west"),
    Province("71", "กาญจนบุรี", "Kanchanaburi", "west"),
    Province("72", "สุพรรณบุรี", "Suphan Buri", "central"),
    Province("73", "นครปฐม", "Nakhon Pathom", "central"),
    Province("74", "สมุทรสาคร", "Samut Sakhon", "central"),
    Province("75", "สมุทรสงคราม", "Samut Songkhram", "central"),
    Province("76", "เพชรบุรี", "Phetchaburi", "west"),
    Province("77", "ประจวบคีรีขันธ์", "Prachuap Khiri Khan", "west"),
    Province("80", "นครศรีธรรมราช", "Nakhon Si Thammarat", "south"),
    Province("81", "กระบี่", "Krabi", "south"),
    Province("82", "พังงา", "Phangnga", "south"),
    Province("83", "ภูเก็ต", "Phuket", "south"),
    Province("84", "สุราษฎร์ธานี", "Surat Thani", "south"),
    Province("85", "ระนอง", "Ranong", "south"),
    Province("86", "ชุมพร", "Chumphon", "south"),
    Province("90", "สงขลา", "Songkhla", "south"),
    Province("91", "สตูล", "Satun", "south"),
    Province("92", "ตรัง", "Trang", "south"),
    Province("93", "พัทลุง", "Phatthalung", "south"),
    Province("94", "ปัตตานี", "Pattani", "south"),
    Province("95", "ยะลา", "Yala", "south"),
    Province("96", "นราธิวาส", "Narathiwat", "south"),
)

BY_CODE = {province.code: province for province in PROVINCES}
