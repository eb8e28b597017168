"""The complaint policy's lexicon: the phrases and words a complaint about an order is made of.

In English, Russian and Chinese, for normalised text (lower case, single spaces, simplified Han):
the phrases that say a complaint whole, by topic (`TOPICS`); the problems that are one only beside
an order (`PROBLEMS`) and the words of that order or of the seller (`ORDER_WORDS`,
`SELLER_WORDS`); follow-ups, anger, praise and refund questions. `CUES`, `ORDER_CUES` and
`SELLER_CUES` are literals that every match contains, so one Aho-Corasick pass settles most
messages before any pattern runs; tests/policies/test_complaints.py checks that they cover the
patterns. The policy that weighs them is `policies/complaints.py`.
"""

from __future__ import annotations

import re

from policies.firstchar import compile_alternation

# Topic -> the phrases that say it (normalised text: lower case, single spaces, simplified Han), as
# written: the policy also reads them one alternative at a time (policies/complaints.py).
TOPIC_SOURCES: dict[str, str] = {
    "late": (
        r"\b(?:still|yet)\s+(?:haven'?t|hasn'?t|have\s+not|has\s+not|not|didn'?t)\s+"
        r"(?:received|arrived|got(?:ten)?|come|shipped|delivered)"
        r"|\bwhere(?:\s+is|'s|\s+s|s)\s+my\s+(?:order|parcel|package|delivery|item|stuff)"
        r"|\b(?:hasn'?t|has\s+not|haven'?t|not|never)\s+(?:arrived|been\s+delivered|been\s+shipped"
        r"|shipped|received)\b|\b(?:order|parcel|package|delivery|shipping)\s+(?:is\s+)?"
        r"(?:late|delayed|stuck)|\bwaiting\s+(?:for\s+)?(?:\d+|two|three|four|five|six|a)\s+"
        r"(?:days|weeks|months|week|month)|\btracking\s+(?:hasn'?t|has\s+not|not|doesn'?t|isn'?t)"
        r"\s+(?:updated|moved|changed|working)"
        r"|где\s+(?:мо[йяи]|наш[иа]?)\s+(?:заказ|посылк|товар|доставк)"
        r"|(?:заказ|посылк\w*|товар)\s+(?:до\s+сих\s+пор\s+)?(?:так\s+и\s+)?не\s+(?:пришл|приш[её]л"
        r"|доставил|отправил|получил)|до\s+сих\s+пор\s+не\s+(?:пришл|приш[её]л|получил|отправил)"
        r"|задерж\w*\s+(?:заказ|доставк|посылк)|жд(?:у|[её]м)\s+(?:уже\s+)?(?:\d+|две|три|неделю|месяц)"
        r"|жд[уёе]\w*\s+(?:свой\s+|свою\s+|мой\s+|мою\s+)?(?:заказ|посылк)\w*\s+(?:уже\s+)?с\s+\d+"
        r"|трек\w*(?:[\s-]номер\w*)?\s+не\s+(?:обновля|двига|отслежива|работа|пробива)"
        # "заказ даже не отправили", "свой заказ жду с 5 числа", "отправку переносят уже третий
        # раз", "когда уже отправят мой заказ".
        r"|(?:заказ|посылк)\w*\s+(?:даже\s+|ещё\s+|еще\s+|так\s+и\s+|до\s+сих\s+пор\s+)?не\s+отправ"
        r"|(?:заказ|посылк)\w*\s+жд[уёе]\w*\s+(?:уже\s+)?(?:с|от)\s+\S+"
        r"|(?:отправк|доставк)\w*\s+(?:опять\s+|снова\s+|уже\s+)?(?:перенос|откладыва|сдвига)"
        r"|(?:когда|када|когда\s+же)\s+(?:уже\s+)?(?:отправят|пришлют|доставят)\s+(?:мо\w+\s+)?(?:заказ|посылк)"
        # Said as members say it: "still hasn't shown up", "says delivered but I never got it",
        # "no updates on tracking for 10 days", "shipping is taking forever", "the courier never
        # came"; "курьер не приехал", "доставка идёт уже 20 дней".
        r"|\btracking\s+(?:number|link|code|info)\s+(?:doesn'?t|does\s+not|isn'?t|is\s+not|won'?t)\s+"
        r"(?:work|update|move|show)"
        r"|\b(?:order|parcel|package|delivery|item|stuff|it)\s+(?:still\s+)?(?:hasn'?t|has\s+not"
        r"|haven'?t|didn'?t|did\s+not|never)\s+(?:yet\s+)?(?:shown\s+up|showed\s+up|turned\s+up"
        r"|come|came|got\s+here|arrived)"
        r"|\b(?:says|said|marked|shows?)\s+(?:as\s+)?delivered\W+(?:\w+\s+){0,2}?(?:but|yet)\s+"
        r"(?:i\s+|we\s+)?(?:never|didn'?t|did\s+not|haven'?t|have\s+not|still\s+haven'?t)\s+"
        r"(?:got|get|gotten|received|seen)"
        r"|\bno\s+(?:updates?|movement|news|info)\s+(?:on|in|for|from)\s+(?:the\s+|my\s+)?"
        r"(?:tracking|order|parcel|package|delivery|shipment)"
        r"|\b(?:tracking|order|parcel|package|delivery|shipping|shipment)\s+(?:is\s+|has\s+been\s+)?"
        r"(?:taking|takes|took|take)\s+(?:forever|ages|so\s+long|too\s+long|weeks|months)"
        r"|\b(?:courier|driver|delivery\s+guy)\s+(?:never|didn'?t|did\s+not|hasn'?t)\s+"
        r"(?:came|come|show(?:ed)?\s+up|turn(?:ed)?\s+up|deliver)"
        r"|курьер\w*\s+(?:так\s+и\s+)?не\s+(?:приехал|при[шх]|привёз|привез|доставил|позвонил)"
        r"|(?:доставк\w*|посылк\w*|заказ\w*)\s+(?:идёт|идет|едет|в\s+пути)\s+(?:уже\s+)?"
        r"(?:\d+|две|три|четыре|пять|месяц|неделю)"
        r"|没收到|还没到|还没收到|怎么还没|迟迟|物流(?:太|很|好|超级)?慢|快递(?:太|很|好|超级)?慢"
        r"|一直(?:都)?没(?:有)?(?:到|送到|送来|寄到)"
        r"|等了(?:好|很)?(?:几|一|两|三|\d)|物流(?:不动|没(?:有)?更新|一直没)|发货(?:太|很)?慢"
        # Stuck, not moving, nowhere to be found: "包裹卡在海关两个星期了", "物流一直不更新",
        # "物流信息三天没变了", "订单一直显示处理中", "我的快递到底在哪", "从三月等到现在".
        r"|(?:物流|快递|包裹|订单)[^，。！？,.!?]{0,8}(?:卡在|停在|停留在|滞留)|卡在(?:海关|中转|转运|分拣|路上)|在(?:海关|中转站?|转运中心)卡(?:了|住)"
        r"|(?:物流|快递|包裹|订单)(?:信息|状态)?[^，。！？,.!?]{0,6}(?:不|没有?)(?:更新|变|动)"
        r"|(?:订单|物流|快递|包裹)[^，。！？,.!?]{0,4}一直显示|(?:快递|包裹|订单)[^，。！？,.!?]{0,4}"
        r"(?:到底)?(?:在哪|去哪)|等到现在"
        r"|(?:还)?不发货|还没发货|一直没发|催(?:了|单)|延迟发货"
        r"|(?:送货|配送|快递|物流|发货|到货|派送|运送)[^，。！？,.!?]{0,6}(?<!慢)(?:慢(?!慢)|迟|太久|很久|好久)"
        r"|(?:\d+|[一二三四五六七八九十两几]+|好几)(?:天|周|个星期)(?:多)?才(?:收到|到|送到|发货)"
        r"|没有?收到(?:货|东西|商品)?|(?:到货|送货|发货|送到)?晚了(?:\d+|[一二三四五两几])天"
        # A delay of the delivery, not of a flight ("如遇台风延误", "延误免费等待").
        r"|(?:物流|快递|发货|配送|送货|到货|派送|订单)[^，。！？,.!?]{0,4}延误"
        r"|(?:尚|还|仍|至今|一直)?未(?:能)?收到|收不到|没(?:有)?到货|(?:还|至今)?没(?:有)?拿到"
        r"|还没(?:有)?出库|(?:三|四|五|六|七|\d+)天(?:了)?还没(?:送|到|发)"
        # "送的太慢", "送货超时", "物流时间太久", "到货晚了一天": slow, without the usual words.
        r"|送(?:的|得)(?:太|很|好|超级|特别|也太)?慢|(?:送货|配送|派送|物流|快递|发货|到货)"
        r"(?:又|也)?(?:超时|时间(?:太|很|好|特别)?(?:长|久))|(?:送货|配送|到货|发货)(?:又|也)?晚了?"
        r"(?:\d+|[一二三四五两几]+)(?:天|个?小时)"
        r"|(?:物流|快递|发货|送货|配送|到货)(?:也|真|可|又)?(?:不快|不及时|拖了)"
    ),
    "missing": (
        r"\bmissing\s+(?:item|items|part|parts|piece|pieces|order|package|parcel|from\s+my\s+order)"
        r"|\b(?:lost|lose)\s+(?:my\s+)?(?:parcel|package|order)|\bnever\s+(?:arrived|came)"
        r"|\bonly\s+(?:got|received)\s+(?:one|two|\d+)\s+of"
        r"|\b(?:parcel|package|order|shipment)\s+(?:got|was|has\s+been|is)\s+(?:lost|stolen)"
        r"|\b(?:items?|pieces?|parts?|half\s+(?:of\s+)?(?:the|my)\s+(?:order|items|stuff))\s+"
        r"(?:were|was|is|are)\s+missing"
        r"|(?:половин\w*|части|одного|двух)\s+(?:заказа|товар\w*|вещ\w*|позици\w*)\s+нет"
        r"|потерял\w*\s+(?:посылк|заказ)|не\s+хватает|недоложил|недовложени|пропал\w*\s+(?:посылк|заказ)"
        r"|(?<![没不])(?:少了|漏发|丢件|丢了|少发|缺了|少一件|少个|少件)"
        r"|(?:送货|配送|快递|物流|包裹)[^，。！？,.!?]{0,8}(?:丢|少)"
    ),
    "damaged": (
        r"\b(?:arrived|came|was|is|were|are)\s+(?:all\s+)?(?:damaged|broken|crushed|smashed|cracked"
        r"|torn|dented|leaking)|\b(?:damaged|broken|crushed|smashed)\s+(?:box|parcel|package|item)"
        r"|\b(?:box|parcel|package|order|item|items|everything|it)\s+(?:arrived|came|was|is|were|are)\s+"
        r"(?:all\s+|completely\s+|totally\s+|soaking\s+)?(?:ruined|soaked|shattered|wet|squashed)\b"
        r"|пришл\w*\s+(?:вся\s+|весь\s+|все\s+|совсем\s+)?(?:повреж|сломан|разбит|помят|мят|порван"
        r"|мокр)|(?:товар|посылк\w*|коробк\w*|заказ)\s+(?:был\w*\s+|оказал\w*\s+)?(?:вся\s+|весь\s+)?"
        r"(?:разбит|сломан|поврежд|помят|мят|порван|мокр)|(?:повреждён|поврежден|сломан|разбит)\w*"
        r"\s+(?:товар|посылк|коробк)"
        r"|(?<![没无不])(?:破损|压坏|摔坏|碎了|破了|坏了|有破洞|漏了|压扁|伤痕)|(?<!翻)烂了"
        r"|有(?:个|一个|几个|好几个)(?:破)?洞"
        # A part come off or broken: "鞋底两天就掉了", "开胶了", "拉链断了".
        r"|(?<![没不])开胶|(?:鞋底|鞋跟|扣子|纽扣|拉链|肩带)[^，。！？,.!?]{0,6}(?:掉了|脱落|断了)"
        r"|(?:送货|配送|快递|物流|包裹|包装)[^，。！？,.!?]{0,8}(?:破|烂)"
    ),
    "wrong_item": (
        r"\bwrong\s+(?:item|size|color|colour|order|model|product|one)|\bnot\s+what\s+i\s+ordered"
        r"|\bsent\s+(?:me\s+)?the\s+wrong"
        r"|\b(?:looks?|is|was|are)\s+nothing\s+like\s+(?:the\s+|on\s+the\s+)?(?:photos?|pictures?|pics?"
        r"|description)|не\s+(?:как|такой|такая|такое|такие)\s+(?:как\s+)?на\s+(?:фото|картинке|сайте)"
        r"|\bsomeone\s+else'?s\s+(?:order|package|parcel)|\bsize\s+(?:chart|guide)\s+(?:is\s+)?(?:way\s+|totally\s+|completely\s+)?(?:wrong|off)"
        # Asked for one colour or size, got another: "ordered the blue one, got green".
        r"|\border(?:ed)?\s+(?:a\s+|an\s+|the\s+)?(?P<asked>black|white|red|blue|green|pink|grey|gray|beige|brown|purple|yellow|orange|navy|xs|s|m|l|xl|xxl|xxxl|small|medium|large)\b"
        r"[^.!?\n]{0,40}?\b(?:got|received|came\s+in|sent\s+me|arrived\s+in)\s+(?:a\s+|an\s+|the\s+)?"
        r"(?!(?P=asked)\b)(?:black|white|red|blue|green|pink|grey|gray|beige|brown|purple|yellow|orange|navy|xs|s|m|l|xl|xxl|xxxl|small|medium|large)\b"
        r"|заказ\w*\s+(?P<asked_ru>чёрн\w*|черн\w*|бел\w*|красн\w*|син\w*|зел[её]н\w*|розов\w*|сер\w*|беж\w*|коричнев\w*|xs|s|m|l|xl|xxl|xxxl)[^.!?\n]{0,40}?(?:пришл\w*|приш[её]л|прислали|привезли)\s+"
        r"(?!(?P=asked_ru))(?:чёрн\w*|черн\w*|бел\w*|красн\w*|син\w*|зел[её]н\w*|розов\w*|сер\w*|беж\w*|коричнев\w*|xs|s|m|l|xl|xxl|xxxl)"
        r"|чуж(?:ой|ую|ое|ие)\s+(?:заказ|посылк|товар)\w*|(?:размер|цвет|описани|фото)\w*\s+не\s+соответству"
        r"|\bsent\s+(?:me\s+)?(?:a|an)\s+(?:completely\s+|totally\s+)?(?:different|wrong)\s+"
        r"(?:item|product|colou?r|size|model|one|thing)"
        r"|(?:прислал\w*|пришл\w*)\s+не\s+(?:тот|то|та|те)|перепутал\w*|не\s+тот\s+(?:размер|цвет|товар)"
        r"|发错|寄错|送错|送成|不是我(?:要|买|拍)的|颜色不对|尺码不对|型号不对|货不对板"
        r"|(?:和|与|跟)(?:图片|描述|宣传)(?:不一样|不符)"
        # "买的M码，寄来的是XL": ordered one thing, another came.
        r"|(?:买|拍|订|要)的[^。！？!?]{0,12}(?:寄|发|送)(?:过)?来的是"
    ),
    "refund": (
        r"\brefund(?!abl)|\bovercharged\b|\bmoney\s+back|\bchargeback|\breturn\s+my\s+money|\bgive\s+me\s+my\s+money"
        r"|верните\s+(?:мне\s+)?деньги|вернуть\s+деньги|возврат\s+(?:денег|средств)"
        r"|(?:отказыва\w*|не\s+хот\w*)\s+(?:возвращать|вернуть)\s+деньги|деньги\s+(?:так\s+и\s+|до\s+сих\s+пор\s+)?не\s+вернули"
        r"|退款|退钱|还钱|退货退款|钱[^，。！？,.!?]{0,5}没(?:有)?退(?![坑群圈出])"
    ),
    "quality": (
        r"\b(?:poor|bad|terrible|awful|cheap)\s+quality|\bfell\s+apart|\bfalling\s+apart"
        r"|\bquality\s+is\s+(?:bad|poor|terrible|awful|horrible)"
        r"|(?:разочарован|недоволен|недовольна|недовольны)\w*\s+(?:качеств|товар|покупк|заказ)\w*"
        r"|\bdisappointed\s+(?:with|in|by)\s+(?:the\s+)?quality\b"
        r"|качество\s+(?:ужас|плох|отвратит)|ужасное\s+качество|подделк"
        r"|бракован\w*|\b(?:там|пришёл|пришел|пришла|оказался|попался|попалась|с)\s+брак(?:ом)?\b"
        r"|质量(?:太|很|超|非常)?(?:差|烂|不好|一般)|假货|做工(?:太|很)?差|劣质|不咋的|不怎么样"
    ),
    "service": (
        r"\bno\s*(?:one|body)\s+(?:answers|replies|responds|answered|replied)"
        r"|\b(?:ignor(?:ed|ing))\s+(?:me|my)|\b(?:terrible|awful|horrible|worst)\s+(?:customer\s+)?"
        r"service|\bseller\s+(?:is\s+)?(?:not\s+)?(?:ignoring|not\s+answering|not\s+responding)"
        r"|не\s+отвечают|не\s+отвечает\s+(?:продав|магазин|поддержк)|игнорир\w*"
        r"|(?<![^\W\d_])никто\s+(?:мне\s+)?не\s+отвечает\s+(?:по|насч[её]т|про)\s+"
        r"(?:заказ|посылк|доставк|возврат)"
        r"|\b(?:support|seller|shop|store)\s+(?:still\s+)?(?:won'?t|doesn'?t|don'?t|didn'?t|never|isn'?t)"
        r"\s+(?:reply|replying|answer|answering|respond|responding|get\s+back)"
        r"|(?:продав\w*|магазин\w*|поддержк\w*|менеджер\w*)\s+(?:уже\s+)?(?:\S+\s+)?не\s+отвеча"
        r"|客服(?:又|也|一直|根本|就是|还是)?(?:不理|不回|不回复|态度)|不回(?:复)?消息"
        r"|客服[^，。！？,.!?]{0,10}(?:没人回|没人理|没回|不理人)"
        r"|态度(?:太|很|超|非常|极|特别|极其)?(?:差|恶劣|不好)|服务(?:太|很)?差"
        r"|(?:快递员|送货员|配送员|快递小哥)[^，。！？,.!?]{0,8}(?:态度)?(?:太|很|极|特别?|相当)差"
        r"|(?:快递员|送货员|配送员|快递小哥)[^，。！？,.!?]{0,8}(?:态度(?:很|太|非常)?一般|无语)"
        r"|(?:客服|快递|物流|配送|送货|发货)[^，。！？,.!?]{0,6}(?:差劲|垃圾|不行|太差|很差|最差"
        r"|糟糕|恶劣|低端|不到位|差死)"
        r"|服务(?:太|很|极其|非常)?(?:恶劣|不到位)"
        # The courier or the delivery given a bad review, or "has problems", "is really not good";
        # "物流差不多" (about the same), "快递差点丢了" (almost) and "没问题" are no complaints.
        r"|(?:快递|物流|配送|送货)[^，。！？,.!?]{0,6}(?:差评|(?<!不)差(?![不点一])"
        r"|(?<![没无])有问题|真心不好|(?:太|很|特别|非常|一点都|一点也|还|也)不好(?!说)"
        r"|(?:真|很|太)?(?:不咋样|不怎么样|不给力)|让人无语)|(?:不|没)送货上门"
        r"|(?:一|1)(?:颗)?(?:星|分)(?:是)?给(?:京东)?(?:的)?(?:快递|物流|配送|送货)"
    ),
}
TOPICS: dict[str, re.Pattern[str]] = {
    name: compile_alternation(source) for name, source in TOPIC_SOURCES.items()
}
# Topics by how much they cost the owner when they spread (a refund demand is worse than a delay).
WEIGHT = {
    "late": 1,
    "service": 1,
    "quality": 2,
    "wrong_item": 2,
    "missing": 2,
    "damaged": 2,
    "refund": 3,
}

# Problems that are a complaint only beside an order, a parcel or a payment in the same sentence
# ("stuck in customs", "ghosted me after I paid", "висит на таможне"): members describe what went
# wrong in endless ways, and the order named nearby is what makes it about a delivery. They are
# searched only where a word of an order or of the seller (ORDER_CUES, SELLER_CUES) opened them,
# costliest first (policies/complaints.py reads them one alternative at a time).
PROBLEMS: dict[str, str] = {
    "late": (
        r"\bstuck\b|\bstill\s+(?:nothing|waiting|showing|shows|says|no\b)|\bnothing\s+(?:yet|so\s+far)"
        r"|\bin\s+transit\b|\bhasn'?t\s+moved|\bsupposed\s+to\s+(?:be|arrive|come|ship)"
        # Not arrived, not sent: "it's still not here", "hasn't been shipped", "yet to arrive".
        r"|\b(?:still\s+)?(?:not|never|yet\s+to)\s+(?:been\s+|even\s+)?(?:here|arrived?|came|come"
        r"|received|delivered|shipped|sent|dispatched)\b|\b(?:hasn'?t|haven'?t|didn'?t|isn'?t|wasn'?t"
        r"|won'?t|doesn'?t)\s+(?:\w+\s+)?(?:arrived?|come|came|shipped|sent|dispatched|delivered"
        r"|moved|updated)\b"
        # Waiting counted out: "for a week", "5 days now", "every day for two weeks".
        r"|\bfor\s+(?:over\s+|more\s+than\s+|almost\s+|nearly\s+)?(?:a|one|two|three|four|five|six"
        r"|\d+)\s+(?:days|weeks|months|week|month)\b|\b\d+\s+(?:days|weeks)\s+(?:now|already"
        r"|and\s+counting)\b|\bevery\s+(?:single\s+)?day\b"
        r"|\b(?:never|hasn'?t|has\s+not|didn'?t)\s+(?:even\s+)?left\s+the\s+(?:warehouse|facility|seller)"
        r"|\bit'?s\s+been\s+(?:over\s+|more\s+than\s+|almost\s+)?(?:a|one|two|three|four|five|six|seven"
        r"|\d+)\s+(?:days|weeks|months|week|month)\b"
        r"|\b(?:shows?|says|marked|status)\s+(?:as\s+)?delivered\b\W+(?:\w+\W+){0,5}?"
        r"(?:nothing|never|not|no)\b"
        r"|статус\w*\s+не\s+(?:меня|обновля)|(?:числится|значится|отмечен\w*|статус\w*)\s+(?:как\s+)?"
        r"доставлен\w*|перенос\w*\s+(?:уже\s+)?(?:\w+\s+)?раза?\b|перенесли\s+(?:уже\s+)?(?:\w+\s+)?раз"
        r"|(?:\d+|два|три|четыре|пять)\s+раза?\s+перен(?:[её]с|ос)\w*"
        r"|\bno\s+record\s+of\b|вс[её]\s+без\s+толку"
        # The courier's "nobody home" while someone was.
        r"|\bi\s+was\s+(?:at\s+)?home\b"
        r"|(?<![^\W\d_])висит|застрял\w*|до\s+сих\s+пор\s+(?:ничего|нет)\b|(?<![^\W\d_])обещали"
        r"|(?:третью|четв[её]ртую|вторую|пятую)\s+недел\w*|(?:ещё|еще|так\s+и)\s+не\s+(?:приш|отправ"
        r"|достав|получ|привез|привёз)|(?<![^\W\d_])уже\s+(?:(?:\d+|две|три|четыре|пять)\s+(?:дн|недел"
        r"|месяц)\w*|неделю|месяц|полмесяца)\b|(?:неделю|месяц|\d+\s+(?:дн\w*|недел\w*))\s+жд[уём]|каждый\s+день\s+обеща"
        r"|меня\s+не\s+было\s+дома|я\s+(?:весь\s+день\s+)?(?:была?|был)\s+дома"
        # Put off again and again; still at the first step; counted in weeks; simply not there.
        r"|\b(?:pushed|put)\s+back\b|\bpostponed\b|\bkeeps?\s+(?:getting\s+)?(?:delayed|changing|moving)"
        r"|\bstill\s+(?:says|shows|showing|at|in|on)?\s*(?:processing|pending|label\s+created)\b"
        r"|вс[её]\s+ещ[её]\s+\W?(?:в\s+обработке|не\s+отправлен\w*|на\s+сборке|в\s+сборке|ожидает)"
        r"|(?:втор|трет|четв[её]рт|пят)\w+\s+недел\w*"
        r"|\bleft\s+without\s+(?:even\s+)?(?:ringing|knocking|calling|delivering|trying)\b"
        r"|(?:до\s+сих\s+пор|вс[её]\s+ещ[её])\s+в\s+статусе"
        r"|(?:посылк|заказ|товар)\w*\s+(?:вс[её]\s+|до\s+сих\s+пор\s+|так\s+и\s+|ещ[её]\s+)?нет\b"
    ),
    "missing": (
        r"\breturned\s+to\s+(?:the\s+)?sender\b|\b(?:got|was|been|is)\s+(?:lost|stolen)\b"
        r"|\bnowhere\s+to\s+be\s+found|\bnever\s+(?:got|received)\b"
        r"|\b(?:delivered|sent|shipped|went)\s+to\s+(?:the\s+|a\s+)?wrong\s+(?:address|person|house|city)"
        r"|\b(?:was|were|is|are)\s+(?:gone|missing)\b|\bcame\s+open\b"
        r"|без\s+(?:половины|части|одного|двух)\b|\bа\s+там\s+(?:только\s+)?одн[аио]\b"
        r"|пуст(?:ая|ую|ой)\s+(?:коробк|посылк|пакет)\w*|(?:товара|ничего)\s+(?:внутри\s+)?нет\b"
        r"|вернул\w*\s+(?:обратно\s+)?отправител\w*|(?<![^\W\d_])потеря\w*"
        r"|(?<![^\W\d_])(?:посылк|заказ|товар|трек)\w*\s+(?:\S+\s+)?пропал\w*"
        # Opened on the way, half of it there, one of two: "showed up opened and half empty",
        # "пришёл один, куда делся второй?".
        r"|\b(?:showed\s+up|arrived|came)\s+(?:already\s+)?opened\b|\bhalf\s+empty\b"
        r"|(?<![^\W\d_])приш(?:[её]л\s+(?:только\s+)?один|л[аио]\s+(?:только\s+)?(?:одна|одно|один))\b"
        r"|куда\s+(?:делся|делась|делось|делись|пропал\w*)"
    ),
    "damaged": (
        r"\b(?:destroyed|scuffed|scratched|dented|ripped|stained|stains?|shattered|broke|shrank|shrunk"
        r"|faded|peeling|peeled|torn|moldy|mouldy|rotten|leaked)\b|\b(?:fell|came)\s+(?:off|apart)\b"
        r"|\bused\s+(?:item|one|product|pair)\b|\bsomeone\s+else'?s\b|\b(?:in|to)\s+pieces\b"
        r"|\bbroken\b(?![-\s]?heart)|\b(?:a|with\s+a)\s+(?:huge\s+|big\s+|massive\s+|small\s+|tiny\s+)?hole\s+in\s+(?:it|them|the|my)\b|\bloose\s+threads?\b|(?<![^\W\d_])(?:вс[её]\s+)?помят\w*"
        r"|дефект\w*|отклеил(?:ся|ась|ось|ись)|поцарапан\w*|царапин\w*|вскрыт\w*|треснул\w*"
        r"|трещин\w*"
        r"|(?<![^\W\d_])сел[аои]?\s+после|(?<![^\W\d_])пятн(?!иц|адцат|ист)\w*|(?<![^\W\d_])дыр[аыкуо]\w*|б/у"
        # Came off ("подошва отвалилась"), not paid ("отвалила за заказ 12 тысяч").
        r"|полинял\w*|облез\w*|отвалил(?:ся|ась|ось|ись)"
        # Every form of the goods broken, torn or crushed: the goods did it ("порвалась",
        # "помялось") or it was done to them ("оторванной", "сломанный"); "я сломал" is no
        # complaint about an order.
        r"|(?<![^\W\d_])(?:по|раз|от|пере)?(?:порва|слома|оторва|разорва|помя|разби|погну)л(?:ся|ась|ось|ись)"
        r"|(?<![^\W\d_])(?:порван|сломан|поломан|оторван|разорван|разбит|погнут)\w*"
    ),
    "quality": (
        r"\b(?:fake|counterfeit|knock-?offs?|crooked)\b|подделк\w*|(?<![^\W\d_])фейк\w*"
        r"|(?<![^\W\d_])палён\w*|(?<![^\W\d_])палено\w*|качество\s+никако\w*"
    ),
    "service": (
        r"\bghost(?:ed|ing)\b|\b(?:nobody|no\s+one)\s+(?:\w+\s+){0,3}?(?:has\s+|have\s+)?"
        r"(?:answered|replied|responded|replies|answers|responds|reply|answer|respond)\b"
        r"|\bnoone\s+(?:\w+\s+){0,3}?(?:answered|replied|responded|replies|answers|responds|reply|answer"
        r"|respond)\b|\bnot\s+(?:a|one)\s+(?:single\s+)?(?:word|reply|answer|response)\b"
        r"|\bradio\s+silence\b|\bno\s+word\s+(?:from|back)\b"
        r"|\b(?:no|zero)\s+(?:answer|reply|response)s?\b|\bgot\s+nothing\s+back\b|ответа\s+ноль|ноль\s+ответа"
        r"|без\s+толку|\bdoesn'?t\s+care\b|(?:никто\s+)?не\s+отвеча(?:ет|ют|ли|ла|л)\b|\bwaiting\s+for\s+(?:someone\s+|anyone\s+|them\s+)?"
        r"(?:to\s+)?(?:reply|answer|respond|a\s+(?:reply|response|answer))"
        r"|(?<![^\W\d_])пропал\w*|(?<![^\W\d_])молч\w*|нет\s+ответа|жд[уём]\s+ответа|(?<![^\W\d_])тишина"
        r"|\bclosed\s+(?:my|the)\s+(?:ticket|request|case|chat)\b|\bwithout\s+(?:any\s+|even\s+)?(?:answering"
        r"|replying|responding|an?\s+(?:reply|answer|response|explanation))\b"
        r"|(?:никто\s+)?не\s+бер[её]т\s+трубку|не\s+дозвон\w*|что\s+за\s+сервис"
    ),
    "wrong_item": (
        # Something else sent in its place; two of one side. (A size alone is no complaint: "got
        # the M" is what was ordered as often as not; "ordered an M, got an XL" is a phrase.)
        r"\b(?:got|received|sent(?:\s+me)?|came)\s+(?:\S+\s+){1,4}?instead\s+of\b"
        r"|(?:прислали|пришл\w*|приш[её]л|привезли|доставили)\s+(?:\S+\s+){0,4}?вместо\b"
        r"|\b(?:got|received|sent(?:\s+me)?)\s+two\s+(?:left|right)\b"
    ),
    "refund": (
        r"\b(?:still\s+)?no\s+refund|\b(?:haven'?t|have\s+not|didn'?t|never)\s+(?:got|gotten|received|"
        r"get)\s+(?:my\s+)?(?:money|refund)|не\s+вернули\s+(?:мне\s+)?(?:деньги|оплат)"
        # Money taken for nothing: "charged me twice", "cancelled but the money was taken".
        r"|\bcharged\s+(?:me\s+)?(?:twice|double|two\s+times)|\bovercharged\b|\bmoney\s+(?:was\s+|has\s+been\s+)?"
        r"(?:taken|deducted|debited|withdrawn)|\b(?:was|got|been)\s+cancell?ed\b"
        r"|списал\w*\s+(?:\w+\s+)?(?:дважды|два\s+раза)|деньги\s+списал\w*|списали\s+деньги"
        r"|отменил(?:и|ся|ось)|деньги\s+(?:так\s+и\s+|ещё\s+|еще\s+|до\s+сих\s+пор\s+)?не\s+(?:пришли"
        r"|вернули|вернулись|поступили)"
    ),
}
# ...and the order it must be beside (within REACH_PAIR characters, in the same sentence): for an
# unanswered member, the seller, the shop or the support ticket ("он пришёл и молчал" is nobody's
# order). Goods that broke on their first day or in their first wash are an order's too.
ORDER_WORDS = compile_alternation(
    r"(?<!\bin\s)\border(?:ed|s)?\b(?!\s+(?:book|to)\b)"
    r"|\b(?:parcel|package|delivery|shipping|shipment|tracking|courier|seller|box|arrived"
    r"|paid|purchased?|customs|received|charged|billed)\b|\bfirst\s+(?:day|wash|wear)\b"
    # The goods' parts: "the sole came off", "the zipper broke".
    r"|\b(?:soles?|zipper|zip|seams?|stitching|buckle|laces)\b"
    r"|\bafter\s+(?:one|a|the\s+first)\s+(?:day|wash|wear|use)\b"
    r"|\bfirst\s+time\s+(?:i\s+|we\s+)?(?:used|wore|washed|tried|put)\b"
    r"|(?<![^\W\d_])(?:заказ(?!ать\b|ывать\b)|товар|возврат|посылк|доставк|трек|курьер|продав|магазин|оплатил|оформил"
    r"|таможн|коробк|пришл|стирк|сортировочн|прислал|привезл)\w*|(?<![^\W\d_])(?:приш[её]л|получил[аи]?)\b"
    r"|первый\s+(?:же\s+)?день"
)
SELLER_WORDS = compile_alternation(
    r"\b(?:seller|store|shop|support|admin|manager|ticket)s?\b"
    r"|(?<![^\W\d_])(?:продав|магазин|поддержк|менеджер|админ)\w*"
)
# The literal words of ORDER_WORDS: one of them opens the problems for searching.
ORDER_CUES: tuple[str, ...] = (
    "order",
    "parcel",
    "package",
    "deliver",
    "shipping",
    "shipment",
    "tracking",
    "courier",
    "seller",
    "box",
    "arrived",
    "товар",
    "возврат",
    "paid",
    "purchase",
    "customs",
    "received",
    "charged",
    "billed",
    "sole",
    "zip",
    "seam",
    "stitching",
    "buckle",
    "laces",
    "first day",
    "first wash",
    "first wear",
    "after one",
    "after a",
    "after the first",
    "first time",
    "заказ",
    "посылк",
    "доставк",
    "трек",
    "курьер",
    "продав",
    "магазин",
    "оплатил",
    "оформил",
    "таможн",
    "коробк",
    "пришл",
    "пришёл",
    "пришел",
    "получил",
    "сортировочн",
    "прислал",
    "привезл",
    "стирк",
    "первый день",
    "первый же день",
)
# The words of the seller alone (SELLER_WORDS): they open only the unanswered-member problems.
SELLER_CUES: tuple[str, ...] = (
    "seller",
    "store",
    "shop",
    "support",
    "admin",
    "manager",
    "ticket",
    "продав",
    "магазин",
    "поддержк",
    "менеджер",
    "админ",
)

# Asking whether a refund is possible, with nothing gone wrong named: a question about the
# shop's terms ("can I get a refund if it doesn't fit?"). ("Refundable" is no refund at all.)
REFUND_QUESTION = compile_alternation(
    r"\b(?:can|could|would|will|may|do|does)\s+(?:i|we|you|they)\s+(?:be\s+able\s+to\s+|still\s+)?"
    r"(?:get\s+(?:a\s+|my\s+)?refund|refund)\b[^.!?]*\?"
    r"|\b(?:is\s+it|is\s+there)\s+(?:possible\s+to\s+(?:get\s+a\s+)?refund|a\s+refund)[^.!?]*\?"
    r"|можно\s+(?:ли\s+)?(?:будет\s+)?(?:вернуть\s+деньги|оформить\s+возврат)[^.!?]*\?"
    r"|能(?:不能)?退款吗|可以退款吗|可不可以退款"
)

# A question asked before anything went wrong: "what happens if my package is lost?", "does the
# order usually get stuck in customs?", "如果没收到货怎么办？", "что будет, если посылка
# потеряется?". Asked of texts that already read as complaints.
HYPOTHETICAL = compile_alternation(
    r"\bwhat\s+(?:happens|if|do\s+(?:i|we)\s+do)\s+(?:\w+\s+){0,2}?if\b|\bwhat\s+if\b"
    r"|\bin\s+case\s+(?:my|the|an?|your)\b|\b(?:does|do|will|would)\s+(?:\w+\s+){1,3}?usually\b"
    r"|如果|万一|要是|假如|что\s+(?:будет|делать)\W+(?:\w+\W+){0,2}?если|\bв\s+случае\b|\bобычно\b"
)

# The member says the trouble was their own doing ("my fault, I gave the wrong address", "я сам
# перепутал адрес", "是我自己写错了地址"): no complaint about the shop, whatever it names. Denied
# ("not my fault", "не моя вина", "不是我自己的问题") it is one, and so is the sarcastic "又是我的
# 问题！" (a real review's).
SELF_BLAME = compile_alternation(
    r"(?<!not\s)(?<!n't\s)(?<!even\s)\bmy\s+(?:own\s+)?(?:fault|mistake)\b(?!\s+(?:was|is)\b)"
    r"|\bmy\s+bad\b(?!\s+[a-z])|\bi\s+messed\s+up\b"
    r"|\bi\s+(?:gave|put|typed|entered|wrote|ordered|picked|chose)\s+(?:in\s+)?the\s+wrong\b"
    r"|(?<!не\s)(?<![^\W\d_])моя\s+(?:вина|ошибка)|(?<![^\W\d_])сам[аи]?\s+виноват\w*"
    r"|(?<![^\W\d_])я\s+(?:сам[аи]?\s+)?(?:перепутал\w*|ошиб(?:ся|лась)|неправильно\s+указал\w*)"
    r"|(?<!不是)我自己(?:写|填|选|下|拍|弄|搞)错|(?<!不)是我自己的(?:问题|错)|(?<!不)怪我自己"
)
# Money owed and not paid back: an order's refund by its very words ("деньги так и не вернули",
# "退款一直没到", "钱到现在还没退"), though "деньги" or "退款" alone are everyday words.
REFUND_OWED = compile_alternation(
    r"деньги\s+(?:так\s+и\s+|до\s+сих\s+пор\s+|ещ[её]\s+|всё\s+ещё\s+)?не\s+(?:вернул|верну|пришл)"
    r"|не\s+вернул\w*\s+деньги"
    r"|退款[^，。！？,.!?]{0,4}(?:一直|还|迟迟|都)(?:没|未)(?:有)?(?:退|到|收到)"
    r"|钱[^，。！？,.!?]{0,5}(?:没|未)(?:有)?退(?![坑群圈出])"
)
# A follow-up that only complains when it answers or follows a complaint.
ME_TOO = compile_alternation(
    r"^(?:\+1|\+ 1|same(?:\s+here)?|me\s+too|same\s+(?:problem|issue|here)|mine\s+too"
    r"|у\s+меня\s+тоже|аналогично|та\s+же\s+(?:проблема|фигня|история)|тоже\s+(?:жду|не\s+пришл)"
    r"|我也是|我也(?:没收到|一样|没到)|同(?:问|样|求)|\+\d?)[\W_]*$"
    r"|(?:me\s+too|same\s+here|у\s+меня\s+тоже|我也是|我也没收到)"
)
# Anger that raises the severity (the complaint is heated, not just reported).
ANGER = compile_alternation(
    r"\bscam|\bnever\s+again|\bworst\b|\bterrible\b|\bdisgusting\b|\bridiculous\b|\bunacceptable"
    r"|\bfraud|обман|ужас|кошмар|безобраз|позор|мошенни|垃圾|骗子|差评|投诉|无语|气死|坑人|失望"
)
# Not a complaint: praise of delivery, and questions that ask without complaining.
PRAISE = compile_alternation(
    r"\b(?:arrived|came|got\s+it)\s+(?:so\s+)?(?:fast|quick|quickly|early|today|already)"
    r"|\bfast\s+(?:delivery|shipping)|\bthank"
    r"|быстро\s+(?:пришл|доставил|приш[её]л)|спасибо|благодар|вс[её]\s+цел|\bintact\b"
    r"|物流(?:很|超|非常|挺|也|比较)?快|快递(?:很|超|非常|挺|也)?快|发货(?:很|超|非常|挺)?快|好评|谢谢"
    r"|不错|(?<!不)满意|很好|(?<!不)喜欢|(?<!不)值得|划算|挺好|超值|(?<!不)赞"
)
CONTEXT = compile_alternation(
    r"\b(?:order|parcel|package|delivery|shipping|shipment|tracking|courier|seller|item|product"
    r"|refund|size|colou?r|arrived)(?!abl)|\b(?:paid|purchased?|customs|support|shipped|wash)\b|заказ|посылк|доставк|трек|курьер|товар|продав|магазин|размер"
    r"|цвет|пришл\w*\s+(?:вс[яеё]\s+|совсем\s+)?(?:мокр|мят|разбит|сломан|порван|повреж)|快递|物流|包裹|发货|订单|卖家|商品|店家|客服|收到|到手(?:就|后|时)|尺码|颜色|货|签收|码|鞋|洗了"
)

# Every topic phrase above contains one of these (tests/policies/test_complaints.py checks it), so
# one Aho-Corasick pass settles ordinary chat. Words common in chat ("where", "yet", "少", "慢")
# are left out: the phrases that use them also name an order, a parcel or a delivery.
CUES: tuple[str, ...] = (
    # English
    "received",
    "arrived",
    "deliver",
    "shipped",
    "order",
    "parcel",
    "package",
    "shipment",
    "shipping",
    "delayed",
    "stuck",
    "waiting",
    "still haven",
    "still hasn",
    "still have not",
    "still has not",
    "still not",
    "still didn",
    "yet haven",
    "yet hasn",
    "yet have not",
    "yet has not",
    "yet not",
    "yet didn",
    "tracking",
    "courier",
    "shown up",
    "showed up",
    "turned up",
    "got here",
    "hasn",
    "haven",
    "didn",
    "never",
    "has not",
    "have not",
    "did not",
    "driver",
    "where is my",
    "where s my",
    "where's my",
    "wheres my",
    "sent me",
    "reply",
    "answer",
    "respond",
    "get back",
    "ruined",
    "soaked",
    "soaking",
    "shattered",
    "squashed",
    "wet",
    "missing",
    "never came",
    "only got",
    "damaged",
    "broken",
    "crushed",
    "smashed",
    "cracked",
    "torn",
    "dented",
    "leaking",
    "wrong",
    "different",
    "not what i",
    "refund",
    "money",
    "chargeback",
    "overcharged",
    "nothing like",
    "на фото",
    "на картинке",
    "на сайте",
    "quality",
    "fell apart",
    "falling apart",
    "no one",
    "nobody",
    "noone",
    "no body",
    "ignor",
    "terrible",
    "awful",
    "horrible",
    "worst",
    "answering",
    "responding",
    # Russian
    "заказ",
    "посылк",
    "товар",
    "доставк",
    "отправк",
    "возвращать деньги",
    "не вернули",
    "до сих пор",
    "задерж",
    "жду",
    "ждём",
    "ждем",
    "трек",
    "курьер",
    "брак",
    "не отвеча",
    "не хватает",
    "вещ",
    "позици",
    "недолож",
    "недовлож",
    "повреж",
    "сломан",
    "разбит",
    "помят",
    "мят",
    "мокр",
    "порван",
    "перепутал",
    "чуж",
    "соответству",
    "size chart",
    "size guide",
    "someone else",
    "не то",
    "не та",
    "не те",
    "верните",
    "вернуть деньги",
    "возврат",
    "качеств",
    "покупк",
    "подделк",
    "не отвечают",
    "не отвечает",
    "игнор",
    # Chinese
    "没收到",
    "没有收到",
    "未收到",
    "未能收到",
    "收不到",
    "没拿到",
    "没有拿到",
    "还没",
    "迟迟",
    "延误",
    "晚了",
    "一直没",  # (一直没发, 一直没到)
    "一直都没",
    "等了",
    "快递",
    "订单",
    "卡在",
    "等到现在",
    "来的是",
    "个洞",
    "开胶",
    "鞋底",
    "鞋跟",
    "扣子",
    "纽扣",
    "拉链",
    "肩带",
    "卡了",
    "卡住",
    "个破洞",
    "没退",
    "没有退",
    "物流",
    "送货",
    "送的",
    "送得",
    "配送",
    "发货",
    "到货",
    "派送",
    "运送",
    "包裹",
    "包装",
    "催",
    "延迟",
    "天才",
    "多才",
    "周才",
    "星期才",
    "少了",
    "漏发",
    "少发",
    "缺",
    "少一",
    "少个",
    "少件",
    "丢",
    "破损",
    "破了",
    "有破洞",
    "压坏",
    "摔坏",
    "碎了",
    "坏了",
    "漏了",
    "压扁",
    "烂了",
    "伤痕",
    "发错",
    "寄错",
    "送错",
    "送成",
    "不是我",
    "不对",
    "不一样",
    "不符",
    "退款",
    "退钱",
    "退货",
    "还钱",
    "质量",
    "假货",
    "做工",
    "劣质",
    "不咋的",
    "不怎么样",
    "客服",
    "никто",
    "不回",
    "态度",
    "服务差",
    "服务太差",
    "服务很差",
    "恶劣",
    "不到位",
    "快递员",
    "送货员",
    "配送员",
    "快递小哥",
)
