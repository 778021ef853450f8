"""Words of wire copy, per language: travel verbs, prepositions, past markers, stop words.

Languages are ISO 639-1 codes. Travel verbs are regular expressions matched case-insensitively
on word boundaries; separable or multi-word verbs ("traf … ein", "a quitté") are written as
their most telling part. The lists cover how agencies phrase arrivals and departures, not
every inflection of the language.
"""

from __future__ import annotations

LANGUAGES = ("en", "da", "de", "fr", "es", "ru", "nb", "sv")

ARRIVE = {
    "en": r"arriv(?:ed|es|ing|e|al)|landed|lands|touched down|reached|pulled into|flew (?:in)?to|"
          r"travel(?:l)?ed to|headed to|came to",
    "da": r"ankom(?:mer|st)?|landede|lander|nåede|kom til|rejste til|fløj til|ankomst",
    "de": r"eingetroffen|traf|trifft|angekommen|kam|landete|gelandet|erreichte|reiste nach|"
          r"flog nach|Ankunft",
    "fr": r"arriv(?:é|ée|ant|e|ait)|atterri|posé|s'est rendu|est venu|rallié|arrivée",
    "es": r"lleg(?:ó|a|ada)|aterriz(?:ó|a)|arrib(?:ó|a)|viajó a|se dirigió a",
    "ru": r"прибыл[аи]?|прибывает|прилетел[аи]?|приехал[аи]?|прибытие|добрал(?:ся|ась)",
    "nb": r"ankom|landet|kom til|reiste til",
    "sv": r"anlände|landade|kom till|reste till",
}

DEPART = {
    "en": r"left|leaves|leaving|depart(?:ed|s|ing|ure)|flew out|set off|headed home|"
          r"headed back|returned home|wrapped up|ended (?:a|his|her) visit",
    "da": r"forlod|forlader|rejste fra|rejste hjem|fløj fra|kørte fra|afrejse|tog afsted",
    "de": r"verließ|verlässt|verlassen|abgereist|reiste|flog|fuhr|brach|Abreise|Rückreise",
    "fr": r"quitt(?:é|ée|e|ait|ant)|repart(?:i|ie|ait)|départ|s'est envolé",
    "es": r"sali(?:ó|da)|sale|dej(?:ó|a)|parti(?:ó|da)|abandon(?:ó|a)|despeg(?:ó|a)",
    "ru": r"покинул[аи]?|покидает|отбыл[аи]?|уехал[аи]?|вылетел[аи]?|выехал[аи]?|"
          r"отправил(?:ся|ась)|отъезд",
    "nb": r"forlot|reiste fra|dro fra",
    "sv": r"lämnade|reste från|avreste",
}

VISIT = {
    "en": r"visit(?:ed|ing|s)?|stay(?:ed)?|trip to|tour of|toured|held talks|met",
    "da": r"besøg(?:te|er|et)?|ophold|opholdt|mødtes|rundtur",
    "de": r"besuch(?:te|t|s)?|Staatsbesuch|Aufenthalt|Reise|traf sich",
    "fr": r"visit(?:e|é|ait)|séjour|voyage|rencontr(?:é|e)",
    "es": r"visit(?:a|ó)|estancia|viaje|gira",
    "ru": r"визит(?:а|е|ом)?|посетил[аи]?|посещени[еяи]|пребывани[еяи]|поездк[аеуи]",
    "nb": r"besøk(?:te)?|opphold",
    "sv": r"besök(?:te)?|vistelse",
}

# A preposition right before a place says which way the leader moved relative to it.
FROM_WORDS = {
    "en": "from", "da": "fra", "de": "aus von", "fr": "de d' depuis", "es": "de desde",
    "ru": "из с от", "nb": "fra", "sv": "från",
}
TO_WORDS = {
    "en": "to into for", "da": "til", "de": "nach in", "fr": "à a pour vers en",
    "es": "a hacia en", "ru": "в во на", "nb": "til", "sv": "till",
}

# Phrases that put a sentence in the past, before the trip being reported.
PAST_MARKERS = {
    "en": r"last year|a year ago|years ago|previously|earlier this year|the first time|"
          r"in the past|had met|first met|last met",
    "da": r"sidste år|sidst år|i fjor|tidligere|første gang|år siden|sidste gang",
    "de": r"letzten Jahres|vergangenen Jahres|im vergangenen Jahr|im letzten Jahr|vor einem Jahr|"
          r"zuvor|erstmals|zuletzt|bereits im",
    "fr": r"l'an dernier|l'année dernière|l'an passé|il y a un an|auparavant|précédemment|"
          r"pour la première fois|la dernière fois|déjà",
    "es": r"el año pasado|hace un año|anteriormente|por primera vez|la última vez",
    "ru": r"в прошлом году|год назад|ранее|впервые|в последний раз|прошлого года",
    "nb": r"i fjor|tidligere|første gang",
    "sv": r"förra året|i fjol|tidigare|första gången",
}

# Capitalised words that begin sentences or name institutions, never places in this context.
STOP_WORDS = {
    "en": "the a an and but he she it they his her its this that these those in on at of to for "
          "with by as after before during while when where who what which there here north south "
          "east west new president leader minister chairman state house center centre party "
          "university airport station summit may march",
    "da": "den det de en et og men han hun hans hendes her der da når som til fra med mod i på "
          "af for efter før under ved nord syd øst vest både mødet besøget kim præsident leder "
          "lederen centrale folkets store hal",
    "de": "der die das ein eine und aber er sie es sein ihr hier dort als wenn wo wer was in im "
          "am an auf aus bei mit nach von vor zu zum zur nord süd ost west präsident staatschef "
          "mit machthaber",
    "fr": "le la les un une et mais il elle ils son sa ses ce cette ces là en au aux à de du des "
          "dans par pour avec sur après avant lors nord sud est ouest président dirigeant",
    "es": "el la los las un una y pero él ella su sus este esta en al a de del por para con tras "
          "antes durante norte sur este oeste presidente líder",
    "ru": "в во на из с от и но он она они его её это этот эта там здесь после до при президент "
          "лидер глава север юг восток запад",
    "nb": "den det de en et og men han hun hans her der da som til fra med i på av for etter",
    "sv": "den det de en ett och men han hon hans här där då som till från med i på av för efter",
}

# Outlets, agencies and institutions that wire copy cites, never places.
NEWS_WORDS = (
    "AFP Reuters Yonhap KCNA Xinhua TASS ТАСС РИА Ritzau dpa AP Kyodo CCTV RIA Interfax "
    "Sputnik NTB TT ANP EFE ANSA BBC CNN KBS NHK"
).split()


def words(table: dict[str, str], language: str) -> set[str]:
    """The space-separated words of ``table`` for ``language``, casefolded."""
    return {w.casefold() for w in table.get(language, "").split()}
