"""Names for the synthetic graphs of bench/generate.py: Korean with romanised English."""

__all__ = [
    "SYLLABLES",
    "SURNAMES",
    "SECTORS",
    "PROVINCES",
    "MINISTRIES",
    "ROLES",
    "FACILITIES",
    "PROJECT_STATUS",
    "BUDGET_STAGES",
]

#: (Korean, romanised) syllables for synthetic names; the romanisations are distinct.
SYLLABLES = [
    ("한", "han"), ("성", "seong"), ("미", "mi"), ("래", "rae"), ("대", "dae"), ("진", "jin"),
    ("우", "woo"), ("현", "hyun"), ("태", "tae"), ("영", "young"), ("도", "do"), ("민", "min"),
    ("수", "su"), ("준", "jun"), ("서", "seo"), ("지", "ji"), ("하", "ha"), ("윤", "yun"),
    ("재", "jae"), ("경", "gyeong"), ("동", "dong"), ("상", "sang"), ("명", "myeong"),
    ("정", "jeong"), ("호", "ho"), ("용", "yong"), ("선", "seon"), ("은", "eun"), ("광", "gwang"),
    ("기", "gi"), ("원", "won"), ("희", "hee"), ("석", "seok"), ("철", "cheol"), ("인", "in"),
    ("혜", "hye"), ("연", "yeon"), ("주", "ju"), ("빛", "bit"), ("솔", "sol"),
]  # fmt: skip
SURNAMES = [
    ("김", "Kim"), ("이", "Lee"), ("박", "Park"), ("최", "Choi"), ("정", "Jung"), ("강", "Kang"),
    ("조", "Cho"), ("윤", "Yoon"), ("장", "Jang"), ("임", "Lim"), ("한", "Han"), ("오", "Oh"),
    ("서", "Seo"), ("신", "Shin"), ("권", "Kwon"), ("황", "Hwang"), ("안", "Ahn"), ("송", "Song"),
    ("류", "Ryu"), ("홍", "Hong"),
]  # fmt: skip
SECTORS = [
    ("테크", "Tech"), ("데이터", "Data"), ("소프트", "Soft"), ("시스템즈", "Systems"),
    ("네트웍스", "Networks"), ("에너지", "Energy"), ("건설", "Construction"),
    ("반도체", "Semiconductor"), ("로보틱스", "Robotics"), ("클라우드", "Cloud"),
    ("바이오", "Bio"), ("모빌리티", "Mobility"),
]  # fmt: skip
#: Provinces and metropolitan cities: (Korean, English, government level).
PROVINCES = [
    ("서울특별시", "Seoul Metropolitan Government", "special-city"),
    ("부산광역시", "Busan Metropolitan City", "metropolitan-city"),
    ("대구광역시", "Daegu Metropolitan City", "metropolitan-city"),
    ("인천광역시", "Incheon Metropolitan City", "metropolitan-city"),
    ("광주광역시", "Gwangju Metropolitan City", "metropolitan-city"),
    ("대전광역시", "Daejeon Metropolitan City", "metropolitan-city"),
    ("울산광역시", "Ulsan Metropolitan City", "metropolitan-city"),
    ("세종특별자치시", "Sejong Special Self-Governing City", "special-city"),
    ("경기도", "Gyeonggi Province", "province"),
    ("강원특별자치도", "Gangwon State", "province"),
    ("충청북도", "North Chungcheong Province", "province"),
    ("충청남도", "South Chungcheong Province", "province"),
    ("전북특별자치도", "Jeonbuk State", "province"),
    ("전라남도", "South Jeolla Province", "province"),
    ("경상북도", "North Gyeongsang Province", "province"),
    ("경상남도", "South Gyeongsang Province", "province"),
    ("제주특별자치도", "Jeju Special Self-Governing Province", "province"),
]
MINISTRIES = [
    ("대한민국 정부", "Government of the Republic of Korea", "national-government"),
    ("과학기술정보통신부", "Ministry of Science and ICT", "ministry"),
    ("국토교통부", "Ministry of Land, Infrastructure and Transport", "ministry"),
    ("산업통상자원부", "Ministry of Trade, Industry and Energy", "ministry"),
    ("기획재정부", "Ministry of Economy and Finance", "ministry"),
    ("행정안전부", "Ministry of the Interior and Safety", "ministry"),
]
ROLES = {
    "company": [("대표이사", "Chief Executive Officer"), ("부사장", "Vice President")],
    "national-government": [("국무총리", "Prime Minister")],
    "ministry": [("장관", "Minister"), ("차관", "Vice Minister")],
    "province": [("도지사", "Governor")],
    "metropolitan-city": [("시장", "Mayor")],
    "special-city": [("시장", "Mayor")],
    "city": [("시장", "Mayor")],
    "district": [("구청장", "District Mayor")],
    "research": [("원장", "President")],
    "education": [("총장", "President")],
}
FACILITIES = [
    ("AI 데이터센터", "AI Data Center"), ("AI 디지털 허브", "AI Digital Hub"),
    ("AI 연구단지", "AI Research Complex"), ("AI 컴퓨팅 센터", "AI Computing Center"),
    ("AI 캠퍼스", "AI Campus"), ("스마트시티 실증단지", "Smart City Testbed"),
]  # fmt: skip
PROJECT_STATUS = ["proposed", "planned", "planned", "under-construction", "operating", "completed"]
BUDGET_STAGES = ["requested", "earmarked", "allocated", "approved", "executed"]
