"""Words of wire copy, per language: travel verbs, prepositions, past markers, stop words.

Languages are ISO 639-1 codes. Travel verbs are regular expressions matched case-insensitively
on word boundaries; separable or multi-word verbs ("traf … ein", "a quitté") are written as
their most telling part. The lists cover how agencies phrase arrivals and departures, not
every inflection of the language.
"""

from __future__ import annotations

LANGUAGES = ("en", "da", "de", "fr", "es", "ru", "nb", "sv", "vi", "ko", "ja", "zh")
# Written without spaces between words: verbs and names are matched without word boundaries.
UNSPACED = ("ko", "ja", "zh")

ARRIVE = {
    "en": r"arriv(?:ed|es|ing|e|al)|landed|lands|touched down|reached|pulled into|pulled in|"
          r"flew (?:in)?to|flown (?:in)?to|travel(?:l)?ed to|headed to|came to|crossed (?:back )?into|"
          r"stopped at|set foot in|stepping over|stepped (?:over|into)",
    "da": r"ankom(?:mer|st)?|landede|lander|nåede|kom til|rejste til|fløj til|ankomst",
    "de": r"eingetroffen|traf|trifft|angekommen|kam|landete|gelandet|erreichte|reiste nach|"
          r"flog nach|Ankunft|gehalten|hielt|Landung",
    "fr": r"arriv(?:é|ée|ant|e|ait)|atterri|posé|s'est rendu|est venu|rallié|arrivée|gagné|"
          r"s'était rendu|descente d'avion",
    "es": r"lleg(?:ó|a|ada)|aterriz(?:ó|a|ado)|arrib(?:ó|a)|viajó a|se dirigió a|"
          r"había aterrizado|había llegado",
    "ru": r"прибыл[аи]?|прибывает|прилетел[аи]?|приехал[аи]?|прибытие|добрал(?:ся|ась)",
    "nb": r"ankom|landet|kom til|reiste til",
    "sv": r"anlände|landade|kom till|reste till",
    "vi": r"đã đến|đến|tới|bay tới|bay đến|có mặt|về",
    "ko": r"도착|입국|멈춰 ?섰|들어섰|당도|입성|들러|들렀|들른",
    "ja": r"到着|入りし|入りした|入国|入り|着い|降り立|移動",
    "zh": r"抵达|到达|来到|飞抵|抵京|到访",
}

DEPART = {
    "en": r"left|leaves|leaving|depart(?:ed|s|ing|ure)|flew out|set off|headed home|"
          r"headed back|returned home|wrapped up|ended (?:a|his|her) visit",
    "da": r"forlod|forlader|rejste fra|rejste hjem|fløj fra|kørte fra|afrejse|tog afsted",
    "de": r"verließ|verlässt|verlassen|abgereist|reiste|flog|fuhr|brach|Abreise|Rückreise",
    "fr": r"quitt(?:é|ée|e|ait|ant)|repart(?:i|ie|ait)|départ|s'est envolé|venait de|venant de|"
          r"en provenance de",
    "es": r"sali(?:ó|da)|sale|dej(?:ó|a)|parti(?:ó|da)|abandon(?:ó|a)|despeg(?:ó|a)",
    "ru": r"покинул[аи]?|покидает|отбыл[аи]?|уехал[аи]?|вылетел[аи]?|выехал[аи]?|"
          r"отправил(?:ся|ась)|отъезд",
    "nb": r"forlot|reiste fra|dro fra",
    "sv": r"lämnade|reste från|avreste",
    "vi": r"rời khỏi|rời|lên đường|lên xe|bay từ",
    "ko": r"출발|떠났|귀국길|귀국|환송",
    "ja": r"出発|離れ|発っ|帰国|後にし",
    "zh": r"离开|启程|出发|离京|回国",
}

VISIT = {
    "en": r"visit(?:ed|ing|s)?|stay(?:ed)?|trip to|tour of|toured|held talks|met",
    "da": r"besøg(?:te|er|et)?|ophold|opholdt|mødtes|rundtur",
    "de": r"besuch(?:te|t|s)?|Staatsbesuch|Aufenthalt|Reise|traf sich|Gespräche|empfangen|"
          r"teilgenommen|teilnahm",
    "fr": r"visit(?:e|é|ait)|séjour|voyage|rencontr(?:é|e)",
    "es": r"visit(?:a|ó)|estancia|viaje|gira|se había reunido|se reunió|reunido|recorri(?:ó|do)",
    "ru": r"визит(?:а|е|ом)?|посетил[аи]?|посещени[еяи]|пребывани[еяи]|поездк[аеуи]",
    "nb": r"besøk(?:te)?|opphold",
    "sv": r"besök(?:te)?|vistelse",
    "vi": r"thăm|hội đàm|chuyến thăm|dự",
    "ko": r"방문|머물|둘러봤|둘러보|시찰|정상회담|회담|참석|만났",
    "ja": r"訪問|視察|会談|出席|滞在|訪れ|登っ",
    "zh": r"访问|会晤|会谈|出席|参观|考察",
}

# Trips announced, not (yet) made: the nearest such verb makes a place no stop.
PLANNED = {
    "en": r"will (?:travel|go|fly|head|visit|meet|move on|continue|also)|is (?:due|expected|scheduled|set) to|"
          r"(?:is|are) to (?:travel|go|fly|visit|meet|speak)|plans? to|would (?:meet|travel|visit|go)|"
          r"due to travel|will then|is also due",
    "da": r"skal|vil|ventes|forventes|går også til",
    "de": r"reist [\w ]{0,30}weiter|weiterreisen|wird|soll|will|erwartet|geplant",
    "fr": r"se rendra|doit (?:se rendre|rencontrer|ensuite|y)|rendra|ira|devrait|attendu",
    "es": r"viajará|irá|se trasladará|regresará|visitará|se reunirá|tiene previsto|está previsto|prevé",
    "ru": r"отправится|посетит|проведёт|проведет|примет участие|намерен|планирует|будет|направится|полетит",
    "nb": r"skal|vil",
    "sv": r"ska|kommer att",
    "vi": r"sẽ|dự kiến|dự định",
    "ko": r"예정|떠난다|향한다|향할|한다(?=[.\s]|$)|방문한다",
    "ja": r"予定|向かう|訪れる|出席する|行う",
    "zh": r"将|计划|拟",
}

# "Earlier in the day", "이날": the sentence is on the day the story last named.
SAME_DAY = {
    "en": r"earlier in the day|later in the day|the same day|that day|that morning|hours later|hours earlier|"
          r"in the (?:morning|afternoon|evening)|that (?:afternoon|evening|night)",
    "da": r"samme dag|senere på dagen|tidligere på dagen|om aftenen|om morgenen",
    "de": r"am selben Tag|am gleichen Tag|zuvor|später am Tag|Stunden später|am Abend|am Morgen",
    "fr": r"le même jour|plus tôt dans la journée|plus tard dans la journée|dans la foulée|ensuite|"
          r"dans la soirée|le soir même",
    "es": r"el mismo día|más tarde|horas después|ese mismo día|por la tarde|por la noche",
    "ru": r"в тот же день|в этот же день|позже|затем|вечером|утром",
    "vi": r"cùng ngày|sau đó",
    "ko": r"이날|같은 날|당일|곧바로",
    "ja": r"同日|その後|同じ日",
    "zh": r"同日|当天|当日|随后",
}

# A preposition right before a place says which way the leader moved relative to it.
FROM_WORDS = {
    "en": "from", "da": "fra", "de": "aus von", "fr": "de d' depuis", "es": "de desde",
    "ru": "из с от", "nb": "fra", "sv": "från", "vi": "từ rời",
}
TO_WORDS = {
    "en": "to into for", "da": "til", "de": "nach in", "fr": "à a pour vers en",
    "es": "a hacia en", "ru": "в во на", "nb": "til", "sv": "till", "vi": "đến tới về",
}
# Words after which a name stands for a place someone is at (not a government that acts).
AT_WORDS = {
    "en": "in at on via near outside of", "da": "i på ved", "de": "in im am auf bei",
    "fr": "à au aux en dans", "es": "en por", "ru": "в во на у под",
    "nb": "i på", "sv": "i på", "vi": "tại ở ga thủ đô sân bay tỉnh thành phố đô",
}

# Phrases that put a sentence in the past, before the trip being reported.
PAST_MARKERS = {
    "en": r"last year|a year ago|years ago|previously|earlier this year|the first time|"
          r"in the past|had met|first met|last met",
    "da": r"sidste år|sidst år|i fjor|tidligere|første gang|år siden|sidste gang",
    "de": r"letzten Jahres|vergangenen Jahres|im vergangenen Jahr|im letzten Jahr|vor einem Jahr|"
          r"erstmals|zuletzt|bereits im",
    "fr": r"l'an dernier|l'année dernière|l'an passé|il y a un an|auparavant|précédemment|"
          r"pour la première fois|la dernière fois|déjà",
    "es": r"el año pasado|hace un año|anteriormente|por primera vez|la última vez",
    "ru": r"в прошлом году|год назад|ранее|впервые|в последний раз|прошлого года",
    "nb": r"i fjor|tidligere|første gang",
    "sv": r"förra året|i fjol|tidigare|första gången",
    "vi": r"từng|năm ngoái|lần trước|trước đó",
    "ko": r"지난해|작년|만이다",
    "ja": r"昨年|前回|以前",
    "zh": r"上一次|曾|去年|此前",
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
    "vi": "và của đã là ông bà một những các với cho trong này đó sau khi tại ở được không có người "
          "đến từ ngày tháng năm chủ tịch thủ tướng tổng thống",
}

# Outlets, agencies and institutions that wire copy cites, never places.
NEWS_WORDS = (
    "AFP Reuters Yonhap KCNA Xinhua TASS ТАСС РИА Ritzau dpa AP Kyodo CCTV RIA Interfax "
    "Sputnik NTB TT ANP EFE ANSA BBC CNN KBS NHK"
).split()


def words(table: dict[str, str], language: str) -> set[str]:
    """The space-separated words of ``table`` for ``language``, casefolded."""
    return {w.casefold() for w in table.get(language, "").split()}
