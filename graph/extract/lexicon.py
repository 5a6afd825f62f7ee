"""What the extractor knows about the genre besides the registry: words, not facts.

- :data:`PUBLIC_BODIES`: Korea's national and regional governments, ministries and legislature,
  with their official English names, so that a body the registry does not hold yet is proposed
  with both names (never matched: the registry stays the only source of existing entries);
- :data:`TITLES`: post titles in Korean and English and the organisation they imply;
- :data:`SURNAMES`: customary romanisations of Korean surnames (김 → Kim, 이 → Lee), used by
  :mod:`graph.extract.names` for suggested English names;
- :data:`ORG_SUFFIXES`: the endings that make a name an organisation, with its type;
- :data:`GLOSSARY`: common words of project and agreement names, for suggested translations.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "PublicBody",
    "PUBLIC_BODIES",
    "Title",
    "TITLES",
    "EN_TITLES",
    "SURNAMES",
    "EN_SURNAMES",
    "ORG_SUFFIXES",
    "EN_ORG_HEADS",
    "GLOSSARY",
]


@dataclass(frozen=True)
class PublicBody:
    ko: str
    en: str
    level: str
    variants: tuple[str, ...] = ()


def _bodies() -> list[PublicBody]:
    provinces = [
        ("경기도", "Gyeonggi Province", "province", ("Gyeonggi-do",)),
        ("강원특별자치도", "Gangwon State", "province", ("강원도", "Gangwon Province")),
        ("충청북도", "North Chungcheong Province", "province", ("충북", "Chungcheongbuk-do")),
        ("충청남도", "South Chungcheong Province", "province", ("충남", "Chungcheongnam-do")),
        ("전북특별자치도", "Jeonbuk State", "province", ("전라북도", "전북", "Jeollabuk-do")),
        ("전라남도", "South Jeolla Province", "province", ("전남", "Jeollanam-do", "Jeonnam")),
        ("경상북도", "North Gyeongsang Province", "province", ("경북", "Gyeongsangbuk-do")),
        ("경상남도", "South Gyeongsang Province", "province", ("경남", "Gyeongsangnam-do")),
        ("제주특별자치도", "Jeju Special Self-Governing Province", "province", ("제주도",)),
        ("서울특별시", "Seoul Metropolitan Government", "special-city", ("서울시", "Seoul City")),
        ("부산광역시", "Busan Metropolitan City", "metropolitan-city", ("부산시", "Busan City")),
        ("대구광역시", "Daegu Metropolitan City", "metropolitan-city", ("대구시", "Daegu City")),
        (
            "인천광역시",
            "Incheon Metropolitan City",
            "metropolitan-city",
            ("인천시", "Incheon City"),
        ),
        ("광주광역시", "Gwangju Metropolitan City", "metropolitan-city", ("광주시",)),
        (
            "대전광역시",
            "Daejeon Metropolitan City",
            "metropolitan-city",
            ("대전시", "Daejeon City"),
        ),
        ("울산광역시", "Ulsan Metropolitan City", "metropolitan-city", ("울산시", "Ulsan City")),
        ("세종특별자치시", "Sejong City", "metropolitan-city", ("세종시",)),
    ]
    national = [
        (
            "대한민국 정부",
            "Government of the Republic of Korea",
            "national-government",
            ("정부", "중앙정부", "central government", "Korean government"),
        ),
        ("국회", "National Assembly", "legislature", ("대한민국 국회",)),
        ("기획재정부", "Ministry of Economy and Finance", "ministry", ("기재부",)),
        ("과학기술정보통신부", "Ministry of Science and ICT", "ministry", ("과기정통부", "MSIT")),
        ("교육부", "Ministry of Education", "ministry", ()),
        ("행정안전부", "Ministry of the Interior and Safety", "ministry", ("행안부",)),
        (
            "산업통상자원부",
            "Ministry of Trade, Industry and Energy",
            "ministry",
            ("산업부", "산자부", "MOTIE"),
        ),
        ("산업통상부", "Ministry of Trade and Industry", "ministry", ()),
        ("중소벤처기업부", "Ministry of SMEs and Startups", "ministry", ("중기부", "MSS")),
        (
            "국토교통부",
            "Ministry of Land, Infrastructure and Transport",
            "ministry",
            ("국토부", "MOLIT"),
        ),
        ("환경부", "Ministry of Environment", "ministry", ()),
        ("기후에너지환경부", "Ministry of Climate, Energy and Environment", "ministry", ()),
        ("고용노동부", "Ministry of Employment and Labor", "ministry", ("노동부",)),
        ("문화체육관광부", "Ministry of Culture, Sports and Tourism", "ministry", ("문체부",)),
        (
            "농림축산식품부",
            "Ministry of Agriculture, Food and Rural Affairs",
            "ministry",
            ("농식품부",),
        ),
        ("해양수산부", "Ministry of Oceans and Fisheries", "ministry", ("해수부",)),
        ("보건복지부", "Ministry of Health and Welfare", "ministry", ("복지부",)),
        ("국방부", "Ministry of National Defense", "ministry", ()),
        ("외교부", "Ministry of Foreign Affairs", "ministry", ()),
        ("법무부", "Ministry of Justice", "ministry", ()),
        ("통일부", "Ministry of Unification", "ministry", ()),
        ("여성가족부", "Ministry of Gender Equality and Family", "ministry", ("여가부",)),
    ]
    return [PublicBody(ko, en, level, variants) for ko, en, level, variants in provinces + national]


PUBLIC_BODIES: list[PublicBody] = _bodies()


@dataclass(frozen=True)
class Title:
    """A post title: its Korean and English forms and, for a Korean title written after a
    place name, the government it implies (``경기도지사`` → 경기 + 도; ``남양주시장`` →
    남양주 + 시)."""

    ko: str
    en: str
    #: The ending the place name takes to name the government ("도", "시", "군", "구").
    government_suffix: str | None = None


#: Korean titles, the longest first when matched.
TITLES: dict[str, Title] = {t.ko: t for t in [
    Title("도지사", "Governor", "도"), Title("지사", "Governor"),
    Title("부지사", "Vice Governor"), Title("경제부지사", "Vice Governor for Economic Affairs"),
    Title("시장", "Mayor", "시"), Title("부시장", "Deputy Mayor"),
    Title("군수", "County Governor", "군"), Title("구청장", "District Mayor", "구"),
    Title("대표이사", "Chief Executive Officer"), Title("대표", "Chief Executive Officer"),
    Title("사장", "President and CEO"), Title("회장", "Chairman"), Title("부회장", "Vice Chairman"),
    Title("이사장", "Chairman of the Board"), Title("국회의원", "Member of the National Assembly"),
    Title("의원", "Member of the National Assembly"), Title("의장", "Chair"),
    Title("장관", "Minister"), Title("차관", "Vice Minister"), Title("청장", "Administrator"),
    Title("국무총리", "Prime Minister"), Title("총리", "Prime Minister"),
    Title("대통령", "President"), Title("실장", "Head of Office"), Title("국장", "Director"),
    Title("본부장", "Head of Division"), Title("원장", "President"), Title("총장", "President"),
    Title("센터장", "Head of Center"), Title("위원장", "Chair"), Title("교수", "Professor"),
    Title("대변인", "Spokesperson"), Title("소장", "Director"), Title("단장", "Head"),
]}  # fmt: skip

#: English titles (lower case) before a name, with the Korean title.
EN_TITLES: dict[str, str] = {
    "rep.": "국회의원", "representative": "국회의원", "lawmaker": "국회의원",
    "assemblyman": "국회의원", "assemblywoman": "국회의원", "prime minister": "국무총리",
    "president": "대표", "minister": "장관", "vice minister": "차관", "governor": "도지사",
    "mayor": "시장", "ceo": "대표이사", "chief executive": "대표이사", "chairman": "회장",
    "chairwoman": "회장", "chair": "의장", "director": "국장", "head": "실장",
    "commissioner": "청장", "administrator": "청장", "vice governor": "부지사",
    "deputy mayor": "부시장", "county governor": "군수", "professor": "교수",
}  # fmt: skip

#: Customary romanisations of Korean surnames (two-syllable surnames first when matched).
SURNAMES: dict[str, str] = {
    "남궁": "Namgung", "황보": "Hwangbo", "제갈": "Jegal", "선우": "Sunwoo", "독고": "Dokgo",
    "김": "Kim", "이": "Lee", "박": "Park", "최": "Choi", "정": "Jung", "강": "Kang",
    "조": "Cho", "윤": "Yoon", "장": "Jang", "임": "Lim", "한": "Han", "오": "Oh", "서": "Seo",
    "신": "Shin", "권": "Kwon", "황": "Hwang", "안": "Ahn", "송": "Song", "류": "Ryu",
    "유": "Yoo", "전": "Jeon", "홍": "Hong", "고": "Ko", "문": "Moon", "양": "Yang",
    "손": "Son", "배": "Bae", "백": "Baek", "허": "Heo", "노": "Noh", "남": "Nam", "심": "Shim",
    "하": "Ha", "곽": "Kwak", "성": "Sung", "차": "Cha", "주": "Joo", "우": "Woo", "구": "Koo",
    "민": "Min", "진": "Jin", "나": "Na", "지": "Ji", "엄": "Eom", "채": "Chae", "원": "Won",
    "천": "Cheon", "방": "Bang", "공": "Kong", "현": "Hyun", "함": "Ham", "변": "Byun",
    "염": "Yeom", "여": "Yeo", "추": "Choo", "도": "Do", "소": "So", "석": "Seok", "선": "Sun",
    "설": "Seol", "마": "Ma", "길": "Gil", "연": "Yeon", "위": "Wi", "표": "Pyo", "명": "Myung",
    "기": "Ki", "반": "Ban", "왕": "Wang", "금": "Keum", "옥": "Ok", "육": "Yook", "인": "In",
    "맹": "Maeng", "제": "Je", "모": "Mo", "탁": "Tak", "국": "Kook", "은": "Eun", "용": "Yong",
    "경": "Kyung", "봉": "Bong", "부": "Boo", "태": "Tae", "피": "Pi", "감": "Kam",
}  # fmt: skip
#: Romanised surnames as written in English copy (with the common alternatives).
EN_SURNAMES = {v.lower() for v in SURNAMES.values()} | {
    "chung",
    "jeong",
    "yi",
    "rhee",
    "gim",
    "bak",
    "pak",
    "choe",
    "jo",
    "cho",
    "yun",
    "im",
    "rim",
    "yu",
    "you",
    "ryoo",
    "o",
    "noh",
    "roh",
    "ju",
    "chu",
    "ku",
    "koh",
    "go",
    "kang",
}

#: Korean name endings → (stakeholder type, government level, public enterprise).
ORG_SUFFIXES: list[tuple[str, str, str | None, bool | None]] = [
    ("특별자치시", "government", "metropolitan-city", None),
    ("특별자치도", "government", "province", None),
    ("특별시", "government", "special-city", None),
    ("광역시", "government", "metropolitan-city", None),
    ("시청", "government", "city", None),
    ("도청", "government", "province", None),
    ("군청", "government", "city", None),
    ("구청", "government", "district", None),
    ("의회", "government", "legislature", None),
    ("위원회", "government", None, None),
    ("공사", "company", None, True),
    ("공단", "company", None, True),
    ("진흥원", "research-body", None, None),
    ("연구원", "research-body", None, None),
    ("연구소", "research-body", None, None),
    ("과학기술원", "education-body", None, None),
    ("대학교", "education-body", None, None),
    ("대학원", "education-body", None, None),
    ("컨소시엄", "consortium", None, None),
    ("당", "political-party", None, None),
    ("재단", "research-body", None, None),
    ("협회", "company", None, False),
    ("그룹", "company", None, False),
    ("전자", "company", None, False),
    ("텔레콤", "company", None, False),
    ("건설", "company", None, False),
    ("에너지", "company", None, False),
    ("케미칼", "company", None, False),
    ("화학", "company", None, False),
    ("중공업", "company", None, False),
    ("데이터", "company", None, False),
    ("클라우드", "company", None, False),
    ("물류", "company", None, False),
    ("칩스", "company", None, False),
    ("제약", "company", None, False),
    ("철강", "company", None, False),
    ("바이오", "company", None, False),
    ("모빌리티", "company", None, False),
    ("시스템즈", "company", None, False),
    ("반도체", "company", None, False),
    ("테크", "company", None, False),
    ("네트웍스", "company", None, False),
    ("솔루션", "company", None, False),
    ("랩스", "company", None, False),
    ("도", "government", "province", None),
    ("시", "government", "city", None),
    ("군", "government", "city", None),
    ("구", "government", "district", None),
]

#: English head words of organisation names → (type, level, public enterprise).
EN_ORG_HEADS: list[tuple[str, str, str | None, bool | None]] = [
    ("metropolitan government", "government", "special-city", None),
    ("metropolitan city", "government", "metropolitan-city", None),
    ("provincial government", "government", "province", None),
    ("province", "government", "province", None),
    ("county", "government", "city", None),
    ("city", "government", "city", None),
    ("district office", "government", "district", None),
    ("national assembly", "government", "legislature", None),
    ("committee", "government", "legislative-committee", None),
    ("council", "government", "legislature", None),
    ("ministry", "government", "ministry", None),
    ("agency", "government", None, None),
    ("administration", "government", None, None),
    ("corporation", "company", None, None),
    ("corp.", "company", None, None),
    ("corp", "company", None, None),
    ("co., ltd.", "company", None, None),
    ("inc.", "company", None, None),
    ("ltd.", "company", None, None),
    ("group", "company", None, False),
    ("electronics", "company", None, False),
    ("telecom", "company", None, False),
    ("energy", "company", None, False),
    ("holdings", "company", None, False),
    ("systems", "company", None, False),
    ("semiconductor", "company", None, False),
    ("cloud", "company", None, False),
    ("networks", "company", None, False),
    ("data", "company", None, False),
    ("logistics", "company", None, False),
    ("pharma", "company", None, False),
    ("pharmaceuticals", "company", None, False),
    ("steel", "company", None, False),
    ("motors", "company", None, False),
    ("chemicals", "company", None, False),
    ("bio", "company", None, False),
    ("robotics", "company", None, False),
    ("chips", "company", None, False),
    ("solutions", "company", None, False),
    ("labs", "company", None, False),
    ("heavy industries", "company", None, False),
    ("chamber of commerce and industry", "company", None, False),
    ("chamber of commerce", "company", None, False),
    ("association", "company", None, False),
    ("technologies", "company", None, False),
    ("chemical", "company", None, False),
    ("university", "education-body", None, None),
    ("graduate school", "education-body", None, None),
    ("institute of science and technology", "education-body", None, None),
    ("research institute", "research-body", None, None),
    ("institute", "research-body", None, None),
    ("foundation", "research-body", None, None),
    ("party", "political-party", None, None),
    ("consortium", "consortium", None, None),
]

#: Words of project, site and agreement names: Korean → English (suggested translations).
GLOSSARY: dict[str, str] = {
    "데이터센터": "data centre", "데이터": "data", "센터": "Center", "허브": "hub",
    "디지털": "digital", "인공지능": "AI", "캠퍼스": "campus", "연구원": "research institute",
    "연구소": "research institute", "산업단지": "industrial complex", "단지": "complex",
    "도시첨단산업단지": "urban high-tech industrial complex", "특구": "special zone",
    "지구": "district", "부지": "site", "클러스터": "cluster", "혁신": "innovation",
    "국가": "national", "시범사업": "pilot project", "사업": "project", "건립": "construction",
    "구축": "construction", "조성": "development", "투자협약": "investment agreement",
    "업무협약": "memorandum of understanding", "협약": "agreement", "양해각서": "MOU",
    "반도체": "semiconductor", "컴퓨팅": "computing", "슈퍼컴퓨팅": "supercomputing",
    "신도시": "new town", "스마트": "smart", "도시": "city", "기반": "based", "및": "and",
    "전력": "power", "발전소": "power plant", "변전소": "substation", "에너지": "energy",
    "재생에너지": "renewable energy", "연구": "research", "개발": "development", "산업": "industry",
    "특화": "specialised", "지역": "regional", "융합": "convergence", "진흥": "promotion",
    "규제자유특구": "regulation-free special zone", "교육": "education", "인재": "talent",
    "양성": "training", "예산": "budget", "설립": "establishment", "유치": "attraction",
    "미래": "future", "모빌리티": "mobility", "자율주행": "autonomous driving",
    "테스트베드": "test bed", "실증": "demonstration", "기지": "base", "거점": "hub",
    "복합": "complex", "첨단": "high-tech", "국립": "national", "공공": "public",
    "지원": "support", "창업": "start-up", "대학원": "graduate school", "대학교": "university",
    "그린": "green", "해상풍력": "offshore wind", "풍력": "wind power", "태양광": "solar",
    "수소": "hydrogen", "냉각": "cooling", "초거대": "hyperscale", "하이퍼스케일": "hyperscale",
    "GPU": "GPU", "AI": "AI", "R&D": "R&D", "ICT": "ICT", "NPU": "NPU",
    "과학": "science", "기술": "technology", "정보": "information", "방송": "broadcasting",
    "통신": "communications", "위원회": "Committee", "의회": "Council", "공사": "Corporation",
    "한국": "Korea", "케미칼": "Chemical", "클라우드": "Cloud", "물류": "Logistics",
    "칩스": "Chips", "제약": "Pharmaceutical", "철강": "Steel", "전자": "Electronics",
    "텔레콤": "Telecom", "그룹": "Group", "건설": "Construction", "대한": "Daehan",
    "기업도시": "enterprise city", "팹리스": "fabless",
    "계획": "plan", "전략": "strategy", "방안": "plan", "로드맵": "roadmap", "구상": "vision",
    "대책": "measures", "활성화": "revitalization", "육성": "development", "용역": "service",
    "연구용역": "research service", "타당성조사": "feasibility study", "후속": "follow-up",
}  # fmt: skip
