# ruff: noqa: E501 (Thai data lines are kept whole so that they read like the published call)
"""The published call of the Smart City Solution Awards 2022, as data (MISSION.md and the seed letter).

The scanned letter is damaged in places; the Thai wording below is corrected (ประสพการณ์ →
ประสบการณ์, การระบुक → การระบุ, ประชาชนชน → ประชาชน), the numbers are as published, including
dimension 2, whose criteria add up to 25 under 30 points.
"""

ORGANISER_TH = "สำนักงานส่งเสริมเศรษฐกิจดิจิทัล (ดีป้า) กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม"
ORGANISER_EN = "Digital Economy Promotion Agency (depa), Ministry of Digital Economy and Society"

CONCEPT_TH = "การพัฒนาเมืองน่าอยู่ เมืองทันสมัย ยกระดับคุณภาพชีวิตของประชาชน"
CONCEPT_EN = "Liveable, modern cities that raise people's quality of life"

DESCRIPTION_TH = (
    "การประกวดโครงการ ระบบบริการ หรือกิจกรรมที่ให้บริการประชาชน ซึ่งนำเทคโนโลยีและนวัตกรรมที่ทันสมัย"
    "และชาญฉลาดมาเพิ่มประสิทธิภาพของการให้บริการและการบริหารจัดการเมือง ตามแนวทางการพัฒนาเมืองอัจฉริยะ "
    "7 สมาร์ท เพื่อเชิดชูเกียรติหน่วยงานที่นำเทคโนโลยีไปใช้พัฒนาเมือง ให้ประชาชนรู้จักระบบบริการอัจฉริยะ "
    "และให้เกิดตัวอย่างต้นแบบ (Best Practice) ที่ขยายผลได้ทั่วประเทศ"
)
DESCRIPTION_EN = (
    "A competition for projects, services and activities that already serve the public and use modern, "
    "smart technology and innovation to run a city better, following the seven Smart areas of Thailand's "
    "smart-city programme. It honours the organisations behind them, shows citizens what smart services "
    "can do, and finds best practices that other cities can adopt."
)

ELIGIBILITY_TH = (
    "เมืองหรือพื้นที่ที่มีการนำเทคโนโลยีเข้าไปใช้ในการบริหารจัดการเมือง ทั้งภาครัฐและเอกชน เช่น สำนักงานจังหวัด "
    "องค์กรปกครองส่วนท้องถิ่น อาทิ เทศบาล องค์การบริหารส่วนตำบล (อบต.) องค์การบริหารส่วนจังหวัด (อบจ.) "
    "เขตปกครองพิเศษ (กรุงเทพมหานคร เมืองพัทยา) บริษัทเอกชน หรือนิติบุคคลอื่น ที่มีความสนใจพัฒนาเมืองอัจฉริยะ"
)
ELIGIBILITY_EN = (
    "Cities or areas that use technology to manage the city, public or private: provincial offices, local "
    "administrative organisations (municipalities, subdistrict and provincial administrative organisations, "
    "the special administrative areas of Bangkok and Pattaya), private companies and other juristic persons "
    "interested in developing a smart city."
)

# The contact lines of the call (section 9); e-mails of an edition end with them (the sender block).
CONTACT = {
    "contact_office_th": "สำนักงานส่งเสริมเศรษฐกิจดิจิทัล (ดีป้า)",
    "contact_office_en": "Digital Economy Promotion Agency (depa)",
    "contact_email": "scp@depa.or.th",
    "contact_phone": "0 20 262 333",
    "contact_phone_extension": "5103",
    "contact_address_th": "เลขที่ 80 อาคารลาดพร้าวฮิลล์ ซอยลาดพร้าว 4 ถนนลาดพร้าว\nแขวงจอมพล เขตจตุจักร กรุงเทพมหานคร 10900",
    "contact_address_en": "80 Lat Phrao Hill Building, Soi Lat Phrao 4, Lat Phrao Road,\nChom Phon, Chatuchak, Bangkok 10900",
}

# (slug, reference code, Thai name, English name, Thai description, English description)
CATEGORIES = [
    (
        "smart-environment",
        "ENV",
        "สิ่งแวดล้อมอัจฉริยะ (Smart Environment)",
        "Smart Environment",
        "การบริหารจัดการทรัพยากรธรรมชาติและสิ่งแวดล้อม เช่น น้ำ ขยะ คุณภาพอากาศ และการเฝ้าระวังภัยพิบัติ",
        "Managing natural resources and the environment: water, waste, air quality, disaster warning.",
    ),
    (
        "smart-energy",
        "ENE",
        "พลังงานอัจฉริยะ (Smart Energy)",
        "Smart Energy",
        "การผลิตและใช้พลังงานอย่างมีประสิทธิภาพ พลังงานทดแทน และการลดการใช้พลังงานของเมือง",
        "Producing and using energy efficiently, renewable energy, lowering a city's consumption.",
    ),
    (
        "smart-economy",
        "ECO",
        "เศรษฐกิจอัจฉริยะ (Smart Economy)",
        "Smart Economy",
        "การเพิ่มประสิทธิภาพและความคล่องตัวทางธุรกิจ การท่องเที่ยว การเกษตร และการค้าด้วยเทคโนโลยีดิจิทัล",
        "Making business, tourism, agriculture and trade more efficient and agile with digital technology.",
    ),
    (
        "smart-governance",
        "GOV",
        "การบริหารภาครัฐอัจฉริยะ (Smart Governance)",
        "Smart Governance",
        "การให้บริการภาครัฐ การเปิดเผยข้อมูล และการมีส่วนร่วมของประชาชนในการบริหารเมือง",
        "Public services, open data and citizens' participation in running the city.",
    ),
    (
        "smart-people",
        "PEO",
        "พลเมืองอัจฉริยะ (Smart People)",
        "Smart People",
        "การพัฒนาทักษะดิจิทัล การศึกษา และการเรียนรู้ตลอดชีวิตของคนในเมือง",
        "Digital skills, education and lifelong learning for the people of the city.",
    ),
    (
        "smart-mobility",
        "MOB",
        "การเดินทางและขนส่งอัจฉริยะ (Smart Mobility)",
        "Smart Mobility",
        "การเดินทางและการขนส่งที่สะดวก ปลอดภัย และเป็นมิตรต่อสิ่งแวดล้อม",
        "Convenient, safe and clean transport and travel.",
    ),
    (
        "smart-living",
        "LIV",
        "การดำรงชีวิตอัจฉริยะ (Smart Living)",
        "Smart Living",
        "สุขภาพ ความปลอดภัย และคุณภาพชีวิตที่ดีของผู้อยู่อาศัย",
        "Health, safety and a good quality of life for residents.",
    ),
]

CATEGORY_PRIZE = {
    "name_th": "รางวัลดีเด่นด้านการบริการอย่างชาญฉลาด (Smart City Solution)",
    "name_en": "Outstanding Smart City Solution Award",
    "level_th": "ดีเด่น",
    "level_en": "Outstanding",
    "reward_th": "โล่ประกาศเกียรติคุณจากนายกรัฐมนตรี และเกียรติบัตร",
    "reward_en": "a plaque of honour from the Prime Minister and a certificate",
}
POPULAR_VOTE_PRIZE = {
    "name_th": "รางวัลขวัญใจประชาชน (Popular Vote)",
    "name_en": "Popular Vote Award",
    "reward_th": "โล่ประกาศเกียรติคุณจากนายกรัฐมนตรี และเกียรติบัตร",
    "reward_en": "a plaque of honour from the Prime Minister and a certificate",
}

# Who signs the demo's certificates: the position is depa's, the name a placeholder (no real person).
SIGNATORY = {
    "name_th": "นายสมชาย ใจดี",
    "name_en": "Mr Somchai Jaidee",
    "position_th": "ผู้อำนวยการใหญ่สำนักงานส่งเสริมเศรษฐกิจดิจิทัล",
    "position_en": "President and CEO, Digital Economy Promotion Agency",
}
# The partners whose logos the demo prints beside the organiser's emblem (placeholders too).
PARTNERS = [
    ("หน่วยงานร่วมจัดตัวอย่าง ๑", "Example partner 1"),
    ("หน่วยงานร่วมจัดตัวอย่าง ๒", "Example partner 2"),
]

# (Thai name, English name, points, [(Thai criterion, English criterion, maximum), ...])
RUBRIC = [
    (
        "ที่มาและความสำคัญของโครงการ",
        "Background and importance of the project",
        10,
        [
            ("การอธิบายที่มาของโครงการอย่างชัดเจน", "A clear background of the project", 4),
            ("การระบุกลุ่มเป้าหมายการดำเนินโครงการ", "The target group is identified", 3),
            ("การระบุวัตถุประสงค์ในการแก้ไขปัญหาที่ชัดเจน", "Clear problem-solving objectives", 3),
        ],
    ),
    (
        "แนวทางการดำเนินโครงการ Smart Solution",
        "Smart Solution approach",
        30,
        [
            (
                "การให้ภาคส่วนต่าง ๆ เช่น ภาคประชาชน ภาคเอกชน หรือหน่วยงาน/องค์กรที่เกี่ยวข้อง "
                "เข้ามามีส่วนร่วมในการริเริ่มการดำเนินการหรือไม่",
                "Stakeholders (citizens, the private sector, agencies) take part in starting it",
                5,
            ),
            (
                "การนำนวัตกรรม เทคโนโลยีดิจิทัล มาใช้ในการแก้ปัญหา",
                "Innovation and digital technology used to solve the problem",
                15,
            ),
            ("ความท้าทายของการดำเนินโครงการ", "Challenges of the project", 5),
        ],
    ),
    (
        "การประเมินผลลัพธ์เชิงประจักษ์ และการจัดเก็บข้อมูล",
        "Evidence of results and data collection",
        40,
        [
            (
                "การระบุตัวชี้วัดอย่างเหมาะสมและครอบคลุมวัตถุประสงค์ในการแก้ไขปัญหา",
                "Suitable indicators covering the objectives",
                15,
            ),
            (
                "การจัดเก็บข้อมูล หรือมีแนวทางการจัดเก็บข้อมูล สำหรับการวัดผลที่สะท้อนความสามารถในการแก้ปัญหา "
                "หรือความสำเร็จของผลงานต่อผู้รับบริการ หรือมีการวัดผลประสบการณ์การใช้บริการหรือความพึงพอใจของผู้รับบริการ",
                "Data collected to measure success, user experience or satisfaction",
                10,
            ),
            ("การแสดงผลลัพธ์ที่สร้างการเปลี่ยนแปลงที่ดีขึ้น", "Results that show improvement", 15),
        ],
    ),
    (
        "การเผยแพร่ การนำไปใช้ และความยั่งยืน",
        "Dissemination, adoption and sustainability",
        20,
        [
            (
                "การระบุการดูแลระบบบริการ มีการกำหนดผู้รับผิดชอบในการดูแลบริการ และมีแผนการดำเนินโครงการในอนาคตอย่างต่อเนื่องหรือไม่",
                "Owner, maintenance and continuing plan",
                10,
            ),
            (
                "การสร้างการรับรู้ให้ประชาชนทราบถึงบริการ มีการสื่อสารประชาสัมพันธ์ให้ประชาชนรับรู้ "
                "และเปิดโอกาสให้ประชาชนเข้าถึงบริการหรือไม่ อย่างไร",
                "Public awareness of and access to the service",
                5,
            ),
            (
                "การสร้างการมีส่วนร่วม เช่น สอบถามความเห็นจากผู้รับบริการ ภาคเอกชน หรือหน่วยงานที่เกี่ยวข้อง "
                "เพื่อการปรับปรุงระบบบริการอย่างต่อเนื่องหรือไม่",
                "Participation and feedback for continuous improvement",
                5,
            ),
        ],
    ),
]

# The 2022 form mirrors the rubric: one section per criterion, (dimension, criterion) it feeds.
# (Thai title, English title, Thai guidance, English guidance, (dimension, criterion))
SECTIONS = [
    (
        "ที่มาและความสำคัญของโครงการ",
        "Background of the project",
        "ปัญหาหรือความต้องการที่ทำให้เกิดโครงการ และเหตุใดจึงสำคัญต่อเมือง",
        "The problem or need behind the project and why it matters to the city.",
        (1, 1),
    ),
    (
        "กลุ่มเป้าหมาย",
        "Target group",
        "ใครคือผู้รับบริการ จำนวนเท่าใด อยู่ที่ใด",
        "Who the service is for, how many people and where.",
        (1, 2),
    ),
    (
        "วัตถุประสงค์",
        "Objectives",
        "ปัญหาที่โครงการตั้งใจแก้ไข เขียนให้วัดผลได้",
        "The problems the project sets out to solve, in measurable terms.",
        (1, 3),
    ),
    (
        "การมีส่วนร่วมของภาคส่วนต่าง ๆ ในการริเริ่มโครงการ",
        "Stakeholder participation in starting the project",
        "ประชาชน ภาคเอกชน หรือหน่วยงานใดร่วมริเริ่ม และร่วมอย่างไร",
        "Which citizens, companies or agencies took part in starting it, and how.",
        (2, 1),
    ),
    (
        "นวัตกรรมและเทคโนโลยีดิจิทัลที่นำมาใช้",
        "Innovation and digital technology used",
        "เทคโนโลยีที่ใช้ ทำงานอย่างไร และแก้ปัญหาได้อย่างไร",
        "The technology used, how it works and how it solves the problem.",
        (2, 2),
    ),
    (
        "ความท้าทายของการดำเนินโครงการ",
        "Challenges of the project",
        "อุปสรรคที่พบและวิธีที่ก้าวข้าม",
        "The obstacles met and how they were overcome.",
        (2, 3),
    ),
    (
        "ตัวชี้วัด",
        "Indicators",
        "ตัวชี้วัดที่ใช้ และความสอดคล้องกับวัตถุประสงค์",
        "The indicators used and how they cover the objectives.",
        (3, 1),
    ),
    (
        "การจัดเก็บข้อมูลและการวัดความพึงพอใจ",
        "Data collection and satisfaction measurement",
        "ข้อมูลที่เก็บเพื่อวัดความสำเร็จ ประสบการณ์ หรือความพึงพอใจของผู้รับบริการ",
        "The data collected to measure success, user experience or satisfaction.",
        (3, 2),
    ),
    (
        "ผลลัพธ์ที่เกิดขึ้น",
        "Results",
        "การเปลี่ยนแปลงที่ดีขึ้น พร้อมตัวเลขก่อนและหลัง",
        "The improvement achieved, with figures from before and after.",
        (3, 3),
    ),
    (
        "ผู้รับผิดชอบ การดูแลระบบ และแผนในอนาคต",
        "Owner, maintenance and future plan",
        "ใครดูแลบริการ งบประมาณดูแลมาจากไหน และแผนต่อไป",
        "Who runs the service, how its upkeep is funded and what comes next.",
        (4, 1),
    ),
    (
        "การสร้างการรับรู้และการเข้าถึงบริการ",
        "Public awareness and access",
        "ประชาชนรู้จักและเข้าถึงบริการได้อย่างไร",
        "How people learn about the service and reach it.",
        (4, 2),
    ),
    (
        "การมีส่วนร่วมและการรับฟังความคิดเห็นเพื่อปรับปรุง",
        "Participation and feedback for improvement",
        "ช่องทางรับฟังความคิดเห็น และสิ่งที่ปรับปรุงจากความคิดเห็นนั้น",
        "How feedback is gathered and what was improved because of it.",
        (4, 3),
    ),
]
SECTION_MAX_CHARS = 3000
