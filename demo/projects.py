# ruff: noqa: E501 (Thai demo text is kept whole, one phrase per line)
"""What a demo application says: answers that read like a Thai municipality's project, built from
the project's theme (flood warning, street lighting, e-permits, waste, clinic queues, transport,
air and water, care for older people) and its own title and organisation, so that no two demo
applications read the same and none reads "sample text".

Every figure is deterministic from the title (the demo loads the same way each time).
"""

import hashlib
import random

# theme: (words in a title that pick it, problem, people served, goal, technology, result, partner)
THEMES = {
    "flood": (
        ("น้ำท่วม", "น้ำป่า", "ระดับน้ำ", "น้ำทะเล", "ฝน"),
        "ทุกฤดูฝนน้ำท่วมขังในชุมชนริมคลองหลายวัน ประชาชนรู้ตัวช้าและขนย้ายทรัพย์สินไม่ทัน",
        "ครัวเรือนในชุมชนเสี่ยงน้ำท่วมริมคลองและที่ลุ่มต่ำ",
        "แจ้งเตือนประชาชนก่อนน้ำถึงอย่างน้อย 3 ชั่วโมง และลดมูลค่าความเสียหายต่อครัวเรือน",
        "ติดตั้งเซนเซอร์วัดระดับน้ำแบบอัลตราโซนิกพร้อมแผงโซลาร์เซลล์ ส่งข้อมูลผ่านเครือข่าย LoRaWAN ทุก 5 นาทีเข้าแดชบอร์ดกลาง เมื่อถึงระดับเฝ้าระวังระบบส่งข้อความผ่าน LINE OA และเสียงตามสายอัตโนมัติ",
        "เวลาแจ้งเตือนล่วงหน้าเพิ่มจากไม่ถึง 1 ชั่วโมงเป็น 4 ชั่วโมง ความเสียหายที่แจ้งขอรับการช่วยเหลือลดลงร้อยละ 38",
        "มหาวิทยาลัยในพื้นที่และกรมชลประทาน",
    ),
    "lighting": (
        ("ไฟ", "ส่องสว่าง", "พลังงาน", "โซลาร์"),
        "ไฟถนนเสียแล้วกว่าจะมีคนแจ้งใช้เวลาหลายสัปดาห์ ถนนมืดทำให้เกิดอุบัติเหตุและปัญหาความปลอดภัย ค่าไฟฟ้าสาธารณะสูงขึ้นทุกปี",
        "ประชาชนที่สัญจรบนถนนสายหลักและซอยในเขตเทศบาล",
        "ลดค่าไฟฟ้าสาธารณะร้อยละ 40 และซ่อมไฟที่เสียภายใน 48 ชั่วโมง",
        "เปลี่ยนเป็นโคมไฟ LED ที่มีตัวควบคุมอัจฉริยะ หรี่แสงอัตโนมัติในช่วงดึก รายงานสถานะโคมที่ดับเข้าระบบแผนที่ทันที ช่างได้รับใบงานในแอปพร้อมพิกัด",
        "ค่าไฟฟ้าสาธารณะลดลงร้อยละ 46 เวลาซ่อมเฉลี่ยลดจาก 12 วันเหลือ 1.5 วัน",
        "การไฟฟ้าส่วนภูมิภาคและบริษัทผู้ผลิตโคมไฟในประเทศ",
    ),
    "permit": (
        ("คำร้อง", "ใบอนุญาต", "ยื่น", "เอกสาร", "ภาษี"),
        "ประชาชนต้องเดินทางมายื่นเอกสารที่สำนักงานหลายครั้ง ไม่รู้ว่าคำร้องถึงขั้นตอนใด และเจ้าหน้าที่ต้องค้นแฟ้มกระดาษ",
        "ประชาชนและผู้ประกอบการที่ยื่นคำร้องและขอใบอนุญาต",
        "ให้ยื่นคำร้องได้ทางออนไลน์ทุกประเภท ติดตามสถานะได้ทุกขั้นตอน และลดเวลาอนุมัติลงครึ่งหนึ่ง",
        "ระบบยื่นคำร้องออนไลน์เชื่อมกับ ThaID สำหรับยืนยันตัวตน ผู้ยื่นแนบเอกสารจากโทรศัพท์ ระบบส่งสถานะผ่าน LINE ทุกครั้งที่คำร้องเปลี่ยนขั้นตอน และชำระค่าธรรมเนียมผ่าน QR",
        "เวลาอนุมัติเฉลี่ยลดจาก 15 วันทำการเหลือ 5 วันทำการ คำร้องร้อยละ 72 ยื่นทางออนไลน์",
        "สำนักงานพัฒนารัฐบาลดิจิทัลและสำนักงานจังหวัด",
    ),
    "waste": (
        ("ขยะ", "รีไซเคิล"),
        "รถเก็บขยะวิ่งเส้นทางเดิมทุกวันแม้ถังยังไม่เต็ม ขณะที่บางจุดขยะล้นถัง ส่งกลิ่นและถูกร้องเรียนบ่อย",
        "ครัวเรือน ร้านค้า และตลาดสดในเขตเทศบาล",
        "ลดขยะที่ส่งไปฝังกลบร้อยละ 20 และลดเรื่องร้องเรียนขยะล้นถังลงครึ่งหนึ่ง",
        "เซนเซอร์วัดปริมาณขยะในถังส่งข้อมูลเข้าระบบจัดเส้นทางเดินรถอัตโนมัติ รถเก็บขยะติด GPS ประชาชนนำขยะรีไซเคิลมาฝากและสะสมแต้มผ่านแอป",
        "ระยะทางเดินรถเก็บขยะลดลงร้อยละ 27 ขยะฝังกลบลดลงร้อยละ 22 เรื่องร้องเรียนลดจาก 60 เป็น 14 เรื่องต่อเดือน",
        "วิสาหกิจชุมชนรับซื้อของเก่าและโรงเรียนในพื้นที่",
    ),
    "clinic": (
        ("คลินิก", "โรงพยาบาล", "สุขภาพ", "ผู้สูงอายุ", "กู้ชีพ", "ฉุกเฉิน", "คิว"),
        "ผู้ป่วยและผู้สูงอายุต้องมารอคิวที่ศูนย์บริการสาธารณสุขตั้งแต่เช้ามืด และผู้สูงอายุที่อยู่ลำพังขอความช่วยเหลือได้ช้า",
        "ผู้สูงอายุ ผู้ป่วยโรคเรื้อรัง และผู้ดูแลในชุมชน",
        "ลดเวลารอรับบริการให้ไม่เกิน 30 นาที และให้ผู้สูงอายุที่อยู่ลำพังเรียกความช่วยเหลือได้ภายใน 1 นาที",
        "ระบบจองคิวผ่าน LINE และตู้กดบัตรคิวเชื่อมกับระบบเวชระเบียน แจ้งเตือนเมื่อใกล้ถึงคิว อาสาสมัครสาธารณสุขใช้แท็บเล็ตบันทึกการเยี่ยมบ้าน และมีปุ่มฉุกเฉินเชื่อมศูนย์กู้ชีพ",
        "เวลารอเฉลี่ยลดจาก 2 ชั่วโมง 10 นาทีเหลือ 25 นาที ผู้สูงอายุ 1,200 คนมีปุ่มฉุกเฉินที่ส่งพิกัดถึงศูนย์กู้ชีพทันที",
        "โรงพยาบาลประจำจังหวัดและอาสาสมัครสาธารณสุขประจำหมู่บ้าน",
    ),
    "transport": (
        ("รถ", "จราจร", "จักรยาน", "จอด", "ถนน", "ป้าย"),
        "ผู้โดยสารไม่รู้ว่ารถสาธารณะจะมาเมื่อใด รอนานที่ป้าย และการจราจรในย่านเศรษฐกิจติดขัดช่วงเช้าเย็น",
        "นักเรียน ผู้สูงอายุ และผู้ใช้รถสาธารณะในเมือง",
        "ลดเวลารอรถสาธารณะให้ไม่เกิน 10 นาที และเพิ่มผู้ใช้รถสาธารณะร้อยละ 25",
        "ติดตั้ง GPS บนรถโดยสารทุกคัน แสดงเวลารถมาถึงบนป้ายอัจฉริยะและในแอป กล้องนับปริมาณรถที่ทางแยกส่งข้อมูลให้ระบบปรับจังหวะสัญญาณไฟตามจริง",
        "เวลารอรถเฉลี่ยลดจาก 25 นาทีเหลือ 8 นาที ผู้โดยสารเพิ่มขึ้นร้อยละ 31 เวลาเดินทางผ่านย่านเศรษฐกิจช่วงเร่งด่วนลดลงร้อยละ 18",
        "ผู้ประกอบการรถโดยสารท้องถิ่นและสำนักงานขนส่งจังหวัด",
    ),
    "air": (
        ("ฝุ่น", "PM2.5", "อากาศ", "ต้นไม้", "สิ่งแวดล้อม"),
        "ฤดูแล้งค่าฝุ่น PM2.5 เกินมาตรฐานหลายสัปดาห์ แต่สถานีตรวจวัดมีเพียงจุดเดียว ประชาชนและโรงเรียนไม่มีข้อมูลรายพื้นที่",
        "ประชาชน นักเรียน และกลุ่มเปราะบางด้านระบบทางเดินหายใจ",
        "ให้มีข้อมูลคุณภาพอากาศรายชุมชนทุกชั่วโมง และแจ้งเตือนโรงเรียนเมื่อค่าฝุ่นเกินเกณฑ์",
        "เซนเซอร์วัดฝุ่นราคาประหยัด 60 จุดติดบนเสาไฟและโรงเรียน สอบเทียบกับสถานีของกรมควบคุมมลพิษ ข้อมูลเปิดเป็น Open Data และแสดงบนแผนที่สาธารณะ",
        "มีข้อมูลคุณภาพอากาศครบ 60 จุดทุกชั่วโมง โรงเรียน 42 แห่งงดกิจกรรมกลางแจ้งตามการแจ้งเตือน ผู้ป่วยที่มารับบริการด้วยอาการทางเดินหายใจช่วงฝุ่นสูงลดลงร้อยละ 12",
        "มหาวิทยาลัยในพื้นที่และสำนักงานสาธารณสุขจังหวัด",
    ),
    "city": (
        (),
        "ข้อมูลบริการของเมืองกระจายอยู่หลายหน่วยงาน ประชาชนต้องติดต่อหลายช่องทาง และผู้บริหารไม่มีข้อมูลประกอบการตัดสินใจ",
        "ประชาชนในเขตเทศบาลและเจ้าหน้าที่ผู้ให้บริการ",
        "รวมบริการไว้ในช่องทางเดียว และใช้ข้อมูลวางแผนบริการทุกไตรมาส",
        "แพลตฟอร์มข้อมูลเมือง (City Data Platform) รวมข้อมูลจากทุกกองงาน แสดงผลบนแดชบอร์ดผู้บริหาร ประชาชนแจ้งเรื่องผ่าน Traffy Fondue และติดตามผลได้",
        "เรื่องที่ประชาชนแจ้งได้รับการแก้ไขภายใน 7 วันร้อยละ 81 จากเดิมร้อยละ 35",
        "สำนักงานส่งเสริมเศรษฐกิจดิจิทัลและภาคเอกชนในพื้นที่",
    ),
}

# The answer to each section of the form (seed_demo's sections, in order).
SECTION_ANSWERS = [
    "{problem} {org}จึงริเริ่มโครงการ “{title}” เพื่อแก้ปัญหานี้อย่างเป็นระบบ และเป็นส่วนหนึ่งของแผนพัฒนาเมืองอัจฉริยะของท้องถิ่น",
    "ผู้รับบริการหลักคือ{people} ประมาณ {reach:,} คนในจังหวัด{province} รวมถึงเจ้าหน้าที่ผู้ปฏิบัติงานที่ใช้ข้อมูลจากระบบทุกวัน",
    "โครงการ “{title}” มีวัตถุประสงค์เพื่อ{goal} โดยวัดผลเทียบกับข้อมูลปีก่อนเริ่มโครงการ",
    "โครงการเริ่มจากเวทีประชาคม {forums} ครั้ง ชุมชนร่วมเลือกพื้นที่นำร่อง โดยมี{partner}ร่วมออกแบบบริการ ทดสอบระบบ และสนับสนุนงบประมาณบางส่วน",
    "โครงการ “{title}” {tech} ระบบเปิดให้บริการตลอด 24 ชั่วโมง และเก็บข้อมูลไว้บนคลาวด์ภาครัฐ",
    "ความท้าทายหลักคือการเชื่อมข้อมูลกับระบบเดิมของหน่วยงานและการสร้างความคุ้นเคยให้ผู้สูงอายุ ทีมงานจึงจัดอบรมอาสาสมัครประจำชุมชน {volunteers} คน และเปิดใช้ทีละพื้นที่ก่อนขยายทั้งเมือง",
    "ตัวชี้วัดของโครงการ “{title}” สอดคล้องกับวัตถุประสงค์โดยตรง ได้แก่ จำนวนผู้ใช้บริการต่อเดือน เวลาที่ใช้ในการให้บริการ และความพึงพอใจของผู้รับบริการ ซึ่งรายงานต่อผู้บริหารทุกเดือน",
    "ระบบเก็บข้อมูลการใช้งานอัตโนมัติทุกวัน และสำรวจความพึงพอใจทุกไตรมาสผ่าน LINE OA ผลสำรวจล่าสุดจากผู้ตอบ {respondents:,} คน พึงพอใจร้อยละ {satisfaction}",
    "หลังเปิดใช้ “{title}” มาแล้ว {months} เดือน {result}",
    "{org}เป็นผู้ดูแลระบบ โดยมีเจ้าหน้าที่ประจำ {staff} คน งบประมาณดูแลรักษามาจากข้อบัญญัติงบประมาณประจำปี และมีแผนขยายบริการให้ครอบคลุมทั้งจังหวัดภายใน 2 ปี",
    "ประชาสัมพันธ์ “{title}” ผ่านเพจ Facebook และ LINE OA ของ{org} ป้ายในชุมชน และเสียงตามสาย ผู้ที่ไม่มีสมาร์ตโฟนใช้บริการผ่านสายด่วนและจุดบริการในชุมชนได้",
    "{org}รับฟังความคิดเห็นต่อ “{title}” ผ่านแบบฟอร์มออนไลน์และการประชุมชุมชนทุก {forums} เดือน จากความคิดเห็นได้เพิ่มเมนูภาษาอังกฤษ ขยายตัวอักษรสำหรับผู้สูงอายุ และเพิ่มการแจ้งเตือนทางเสียง",
]


def theme_of(title: str) -> str:
    for name, (words, *_rest) in THEMES.items():
        if any(word in title for word in words):
            return name
    return "city"


def _numbers(title: str) -> dict:
    rng = random.Random(hashlib.sha256(title.encode()).digest())
    return {
        "reach": rng.randrange(8_000, 160_000, 500),
        "forums": rng.randint(3, 9),
        "volunteers": rng.randint(20, 120),
        "respondents": rng.randint(300, 2_400),
        "satisfaction": rng.randint(84, 96),
        "staff": rng.randint(2, 6),
        "months": rng.randint(8, 30),
    }


def answers(*, title: str, organisation: str, province: str) -> list[str]:
    """One answer per section of the form, in order."""
    _words, problem, people, goal, tech, result, partner = THEMES[theme_of(title)]
    fields = dict(
        title=title,
        org=organisation,
        province=province,
        problem=problem,
        people=people,
        goal=goal,
        tech=tech,
        result=result,
        partner=partner,
        **_numbers(title),
    )
    return [template.format(**fields) for template in SECTION_ANSWERS]


def summary(title: str) -> str:
    """The public summary (at most 600 characters): what it does and what it changed."""
    _words, _problem, _people, _goal, tech, result, _partner = THEMES[theme_of(title)]
    return f"{tech} {result}"[:600]


def video_url(title: str) -> str:
    """A video link of the kind applicants give (a placeholder address under example.org)."""
    return f"https://video.example.org/watch/{hashlib.sha256(title.encode()).hexdigest()[:11]}"


def facts(title: str) -> dict[str, str]:
    """The answers to the facts section (demo/forms.py FACTS) but its start date, as an applicant
    types them: the area, the people served and the budget from the title's figures."""
    numbers = _numbers(title)
    digest = hashlib.sha256(title.encode()).hexdigest()
    return {
        "area_served": f"ชุมชนในเขตเทศบาล {numbers['forums'] * 3} ชุมชน",
        "population_served": f"{numbers['reach']:,}",
        "budget": f"{numbers['staff'] * 450_000:,}",
        "website_url": f"https://smartcity.example.org/{digest[:8]}",
        "summary": summary(title),
        "video_url": video_url(title),
    }


# How each theme's service reaches people (the live form's choice and channels).
# A clinic's queue tickets and emergency buttons are "another form", which the conditional question names.
SERVICE_KINDS = {
    "lighting": "device",
    "flood": "device",
    "air": "device",
    "waste": "app",
    "permit": "web",
    "clinic": "other",
}


def more(*, title: str, organisation: str, province_code: str) -> dict[str, object]:
    """The answers to the live edition's further questions (demo/forms.py MORE, its files aside)."""
    theme = theme_of(title)
    partner = THEMES[theme][6]
    kind = SERVICE_KINDS.get(theme, "app")
    other = {"service_kind_other": "ตู้กดบัตรคิวและปุ่มฉุกเฉินที่บ้านผู้รับบริการ"} if kind == "other" else {}
    return {
        **other,
        "service_kind": kind,
        "channels": ["line", "phone"] if theme != "permit" else ["line", "counter"],
        "open_data": "yes" if theme in ("air", "flood", "city") else "no",
        "pilot_province": province_code,
        "contact_email": f"smartcity.{hashlib.sha256(organisation.encode()).hexdigest()[:6]}@example.go.th",
        "partners": [
            {"name": name, "kind": _partner_kind(name), "role": "ร่วมออกแบบและสนับสนุนข้อมูล"}
            for name in filter(None, (part.strip() for part in partner.split("และ")))
        ]
        + [{"name": "ชุมชนนำร่อง", "kind": "community", "role": "ทดสอบบริการและให้ความเห็น"}],
    }


def _partner_kind(name: str) -> str:
    if name.startswith(("บริษัท", "ภาคเอกชน", "ผู้ประกอบการ")):
        return "private"
    if name.startswith(("วิสาหกิจชุมชน", "อาสาสมัคร", "ชุมชน")):
        return "community"
    return "public"
