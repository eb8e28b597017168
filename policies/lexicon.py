"""Stop phrases by category in English, Russian and Chinese, matched on normalised text.

Each entry is (category, weight, pattern). Weights are evidence, not verdicts: a single weak
phrase ("job", "crypto") alone never removes a message; ads stack several. Patterns are written
for `policies.text.normalise` output: lower-case, look-alikes folded, spaced letters joined.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping

from policies.firstchar import compile_alternation
from policies.phrasesearch import PhraseSearch

# Russian "earn" in the perfective and in the imperfective forms ads use (I, you, we, to, do!):
# "зарабатываю от 5000 в день"; not the third person of gossip ("он зарабатывает").
_EARN_RU = r"(?:заработ\w*|зарабатыва(?:ю|ть|й|йте|ешь|ем|ете)\b)"
# Pay or work words, and "all you need is a phone and two hours a day" (a task scam's promise
# when one stands near the other).
_PAY_WORDS = rf"(?:{_EARN_RU}|доход\w*|оплат\w*|выплат\w*|зарплат\w*|работ\w*|сотрудник\w*|ваканси\w*|₽|руб\w*|\$|usdt|earn\w*|income|paid|pay\w*|salary|money|cash|profit\w*|job|work)"
_PHONE_HOURS = r"(?:(?:нуж\w*|необходим\w*|понадоб\w*|требу\w*)\s+(?:только\s+|лишь\s+)?(?:телефон|смартфон)\w*(?:\s+\S+){0,6}?\s+(?:\d+|один|одн\w+|два|две|три|пар\w+|несколько)(?:\s*-\s*\d+)?\s+час\w*(?:\s+\S+){0,2}?\s+(?:свободного\s+времени|в\s+день|в\s+сутки)|(?:all\s+you\s+need\s+is|you\s+only\s+need|just\s+need)\s+(?:a\s+)?(?:phone|smartphone)(?:\s+\S+){0,5}?\s+(?:\d+|one|two|a\s+few|1-2)\s+hours?\s+(?:a|per)\s+day)"

_RAW: tuple[tuple[str, float, str], ...] = (
    # Easy money and fake jobs.
    (
        "earnings",
        1.2,
        r"(?:earn|make|making|get|profit|income)\w*\s+(?:from\s+)?(?:\$|£|€|usd|usdt)?\s?\d[\d,.]*\s?(?:k|\$|usd|usdt|dollars|pounds|euro)?\s*(?:a|per|/|every)\s*(?:day|week|hour|month|daily)",
    ),
    ("earnings", 1.0, r"\$\s?\d[\d,.]*\s*(?:a|per|/)\s*(?:day|week|hour)"),
    (
        "earnings",
        0.9,
        r"(?:passive|extra|easy|fast|quick|stable|daily)\s+(?:income|money|cash|profit|earnings)",
    ),
    (
        "job",
        0.9,
        r"(?:work|job|earn\w*)\s+from\s+(?:home|your phone|anywhere)|(?:make|making|earn|earning)\s+(?:real\s+|extra\s+|easy\s+|big\s+)?money\s+(?:from\s+home|online|fast|easily|daily|with\s+your\s+phone)|remote\s+(?:job|work)\s+(?:available|offer)|no\s+experience\s+(?:needed|required)|(?:hiring|looking for)\s+(?:people|partners|assistants|team members|\d+\s+people)",
    ),
    (
        "job",
        0.6,
        r"(?:only|just)\s+(?:\d+|one|two|1-2)\s*(?:-\s*\d+\s*)?(?:hours?|hrs?|minutes?)\s+(?:a|per)\s+day|part[- ]time\s+(?:job|work)|side\s+hustle",
    ),
    (
        "earnings",
        1.2,
        r"(?:"
        + _EARN_RU
        + r"|доход\w*|прибыл\w*|выплат\w*|зарплат\w*|получа\w*)\s+(?:(?:от|по|до)\s+)?\d[\d\s.,]*\s*(?:к|тыс\w*|₽|руб\w*|\$|долл\w*|usdt)?\s*(?:в|за)\s*(?:день|сутки|неделю|час|месяц)",
    ),
    (
        "earnings",
        0.9,
        r"(?:пассивн\w*|лёгк\w*|легк\w*|быстр\w*|стабильн\w*|дополнительн\w*)\s+(?:доход|"
        + _EARN_RU
        + r"|деньг\w*)|(?:доход|"
        + _EARN_RU
        + r")[\W_]+без[\W_]+вложени\w*",
    ),
    (
        "job",
        0.9,
        r"(?:удал[её]нн\w*|дистанционн\w*)\s+(?:работ\w*|подработ\w*|занятост\w*)|подработк\w*|без\s+опыта|ищу\s+(?:людей|партн[её]р\w*|сотрудник\w*|помощник\w*|ассистент\w*)|набира\w*\s+(?:людей|команду)|в\s+команду\s+нужн\w*",
    ),
    # Hiring with a pay per shift, day or hour and nothing else: "Требуются курьеры, от 3000 в
    # день, пишите". Who is wanted and the pay rate stand near each other; "нужны деньги" names
    # nobody, "работаю курьером, платят 3000" hires nobody.
    (
        "job",
        1.0,
        r"(?:требу\w+|нужн[аыо]?|ищем|набира\w+|приглаша\w+)\s+(?:\w+\s+){0,3}?(?:курьер|грузчик|промоутер|сотрудник|работник|разнорабоч|упаковщик|сборщик|комплектовщик|кладовщик|официант|бариста|продав|водител|оператор|менеджер|помощник|администратор|модератор|люд|человек|ребят|девуш|парн)\w*(?:\W+\w+){0,8}?\W+(?:от\s+|до\s+)?\d[\d\s.,]*\s*(?:к|тыс\w*|₽|р|руб\w*)?\.?\s*(?:в|за|/)\s*(?:\d+\s+|пару\s+|несколько\s+)?(?:день|дня|дней|смену|смены|час|часа|часов|выход|сутки|неделю|вечер)\b",
    ),
    (
        "earnings",
        1.2,
        r"日[赚入结]|日结|月入\s*(?:\d|过万|[一二三四五六七八九十两几]+\s*[万千])|(?:想|要)(?:赚|挣)(?:钱|米|零花钱|外快)的(?:朋友|宝子|姐妹|兄弟|来|找|加|私|滴|看)|带你赚|赚钱\S?(?:项目|机会|群|方法)|每天领\S{0,2}红包|日入\s*\d|[赚挣]\s*\d+|轻松[赚挣]|躺[赚挣]|收益|高佣|佣金|返利",
    ),
    (
        "job",
        1.0,
        r"兼职|刷单|招聘\S{0,6}(?:学生|宝妈|人员)|在家\S{0,4}(?:赚|工作)|手机\S{0,4}(?:赚|操作)|无需经验|零门槛|招\S{0,3}代理|打字员",
    ),
    # Crypto and investment schemes.
    (
        "crypto",
        0.9,
        r"(?<![^\W\d_])(?<![/?&=.])(?:usdt|bitcoins?|btc|eth(?:ereum)?|crypto(?!graph)\w*|binance|bybit|okx|kucoin|huobi|bitget|mexc|airdrops?|tokens?|nfts?|arbitrage|forex|trading\s+signals?|pump(?:s|ing|ed)?)(?![^\W_]|/\w|=)",
    ),
    (
        "crypto",
        1.1,
        r"(?:double|x2|x3|x10|triple)\s+(?:your\s+)?(?:money|crypto|btc|investment|deposit)|(?:get|make|earn|returns?|profit)\w*\s+(?:up\s+to\s+)?\d{1,3}\s?x\b|invest\s+now|guaranteed\s+(?:profit|return|income)|(?:great|high|huge|massive|amazing|incredible|insane|unbeatable)\s+returns\s+on\s+(?:your\s+)?(?:investment|capital|money|deposit)s?\b|(?:group|exclusive|vip)\s+investment\s+(?:plan|program(?:me)?|pool|club|opportunit(?:y|ies))|(?:roi|returns?)\s+of\s+\d+\s?%|\d+\s?%\s+(?:daily|per day|a day|profit|return)|invest\w*\s+(?:\$|£)?\d+\s+(?:and\s+)?(?:get|receive|earn)",
    ),
    # A coin "gem" promised to multiply, a presale about to close: the shill's two hooks.
    (
        "crypto",
        1.1,
        r"(?:next|another|potential|easy)\s+(?:\d{3,4}|[5-9]0)\s?x(?![^\W\d_])|(?:\d{3,4}|[5-9]0)\s?x\s+(?:gem|potential|coin|token)s?\b|(?:hidden|low[\s-]?cap|lowcap|moon)\s+gems?\b|(?:presale|pre-sale|whitelist)\s+(?:is\s+)?(?:live|open|now\s+open|ends?|ending|closes?|closing|spots?)\b",
    ),
    (
        "crypto",
        1.0,
        r"арбитраж\w*|(?<![^\W\d_])крипт\w*|цифров\w*\s+(?:валют|актив)\w*|(?<![^\W\d_])обменник\w*|инвестиц\w*\s+(?:от|с)\s+\d|сигнал\w*\s+(?:для|по)\s+(?:трейд|крипт)|гарантирован\w*\s+(?:доход|прибыл\w*)|\d+\s?%\s+(?:в\s+день|ежедневно)|раздач\w*\s+(?:токен|usdt|крипт)",
    ),
    (
        "crypto",
        1.0,
        r"搬砖|币圈|usdt|虚拟币|数字货币|空投|合约\S{0,3}(?:带单|跟单)|带单|翻倍|稳赚|保本|理财",
    ),
    # Gambling.
    (
        "gambling",
        1.2,
        r"casino|(?<![^\W\d_])(?:slots?\s+(?:machines?|games?|online|gacor|sites?|bonus)|online\s+slots?|play\s+slots)\b|jackpot|free\s+spins|(?:betting|bet)\s+(?:tips|site|bonus)|fixed\s+match\w*|sure\s+(?:win|odds|bets?)|deposit\s+bonus|welcome\s+bonus|[1i]xbet|bookmaker|bonus\s+(?:up\s+to\s+)?\d{2,3}\s?%|bet365|\bbet\w*\s+(?:alternative|mirror)",
    ),
    (
        "gambling",
        1.2,
        r"казино|(?<![^\W\d_])(?:слот\w*\s+(?:онлайн(?![\w-])|казино|с\s+бонус\w*|и\s+(?:рулетк\w*|казино|ставк\w*))|онлайн[\s-]+слот\w*|игров\w*\s+слот\w*)|фриспин\w*|ставк\w*\s+(?:на\s+спорт\s+)?с\s+гарант|договорн\w*\s+матч\w*|букмекер\w*|бонус\s+(?:на|за)\s+депозит|джекпот",
    ),
    (
        "gambling",
        1.3,
        r"博彩|娱乐城|赌场|百家乐|彩票\S{0,4}(?:平台|计划)|时时彩|体育\S{0,2}(?:投注|下注)|棋牌|老虎机|首[充储存]|彩金",
    ),
    # Adult and dating lures.
    (
        "adult",
        1.3,
        r"(?:hot|sexy|lonely|naughty)\s+(?:girls?|singles?|women|milfs?)|nudes?\b|18\+(?!\s*(?:only\s*)?t\s?&\s?cs?\b)|onlyfans|(?<![^\W\d_])xxx(?![^\W\d_])|hookups?|sex\s?(?:chat|cam|video)|adult\s+(?:content|video)|escort",
    ),
    (
        "adult",
        1.3,
        r"интим\w*|знакомств\w*\s+(?:для\s+взрослых|без\s+обязательств)|девушк\w*\s+(?:для|по\s+вызову)|эскорт|18\+(?!\s*(?:only\s*)?t\s?&\s?cs?\b)|(?<![^\W\d_])порн\w*|нюдс\w*|горяч\w*\s+(?:девушк|фото|видео)",
    ),
    (
        "adult",
        1.4,
        r"裸聊|约炮|看片\S{0,2}(?:加|进)?群|(?:加|进)群\S{0,3}看片|福利多多|同城\S{0,3}(?:约|交友)|上门服务|成人视频|黄色|色情|福利姬|福利(?:视频|资源)|楼凤|外围",
    ),
    # Giveaways and prizes.
    (
        "giveaway",
        1.0,
        r"(?:you(?:'ve| have)?\s+(?:been\s+)?(?:won(?!['’]?t\b)|selected|chosen))|claim\s+(?:your|ur)\s+(?:prize|reward|gift|cash|voucher)|(?:free|win)\s+(?:iphone|ipad|gift\s*card|voucher|cash|prize)|free\s+(?:robux|v-?bucks|cs\s?:?\s?go(?:\s+skins?)?|steam\s+(?:games?|keys?|wallet)|(?:game\s+)?skins?\s+(?:generator|giveaway|here|now))\b|(?:robux|v-?bucks|skins?|gems|diamonds)\s+generator|giveaway\s+(?:winner|link)|congratulations[!,.\s]+(?:you|u)\b",
    ),
    # "Leftover" courses and manuals given away for free: the bait of a hand-off.
    (
        "giveaway",
        1.0,
        r"(?:отда(?:м|ю|ть|м\s+даром)|подел(?:юсь|иться)|скину|раздам|раздаю)\s+(?:\w+\s+){0,3}?\b(?:курс|мануал|обучающ\w*\s+материал|материал|обучени|схем)\w*|\b(?:курс|мануал|материал|обучени)\w*\s+(?:[^\s.!?]+\s+){0,16}?(?:могу|готов\w*|хочу)\s+(?:\w+\s+){0,2}?(?:отда|подел|скин|разда)\w*",
    ),
    (
        "giveaway",
        1.0,
        r"(?<![^\W\d_])вы\s+(?:уже\s+)?выиграли|(?:вы\s+)?победител\w*\s+розыгрыш\w*|забер\w*\s+(?:приз|подар\w*|выигрыш)|бесплатн\w*\s+(?:айфон|iphone|подар\w*)|розыгрыш\w*\s+(?:iphone|айфон|\d+\s*(?:₽|руб|usdt|\$))",
    ),
    (
        "giveaway",
        1.0,
        r"恭喜\S{0,4}中奖|中奖|领取\S{0,4}(?:奖|红包)|免费领|免费送\S{0,6}(?:会员|礼|iphone|手机)|点击领取|抽奖\S{0,4}(?:链接|活动)|红包\S{0,3}(?:群|雨)",
    ),
    # Phishing and account scams.
    (
        "phishing",
        1.2,
        r"(?:account|wallet|card)\s+(?:will\s+be|has\s+been|is)\s+(?:blocked|suspended|locked|closed|deleted)|verify\s+(?:your\s+)?(?:account|identity|wallet)|(?:unusual|suspicious)\s+(?:activity|login)|(?:delivery|customs|redelivery|shipping)\s+fee|(?:tax\s+)?refund\s+(?:pending|waiting|available)|(?:confirm|update)\s+(?:your\s+)?(?:payment|details|card)",
    ),
    (
        "phishing",
        1.2,
        r"(?:аккаунт|счёт|счет|карт\w*|кошел[её]к)\s+(?:будет\s+)?(?:заблокирован|приостановлен)|подтверд\w*\s+(?:личность|аккаунт|данные)|служба\s+(?:безопасности|поддержки)\s+(?:банка|telegram|телеграм)|компенсаци\w*\s+(?:от|за)|оплат\w*\s+(?:доставк|пошлин)|задолженност\w*[^.!?]{0,40}оплат|во\s+избежание\s+(?:ареста|блокировк)|верн\w*\s+деньги\s+от\s+мошенник",
    ),
    (
        "phishing",
        1.2,
        r"账号\S{0,4}(?:冻结|封禁|异常)|(?:验证|认证)\S{0,3}(?:身份|账户)|客服\S{0,3}(?:退款|理赔)|快递\S{0,3}(?:理赔|丢失赔偿)|退税",
    ),
    # Loans and debts.
    (
        "loan",
        1.0,
        r"(?:instant|fast|quick|easy|guaranteed)\s+(?:loans?|cash|credit|approval)|loans?\s+(?:without|with\s+no)\s+(?:credit\s+check|collateral)|debt\s+(?:relief|help|write[- ]off)|bad\s+credit\s+(?:ok|accepted)",
    ),
    (
        "loan",
        1.0,
        r"(?:займ|кредит|микрозайм)\w*\s+(?:без\s+(?:проверк|отказ|справок)|онлайн\s+за)|списани\w*\s+долг\w*|помо\w*\s+с\s+(?:кредит|долг)",
    ),
    (
        "loan",
        1.0,
        r"网贷|贷款\S{0,4}(?:秒批|无抵押|免息|不看征信)|黑户|征信\S{0,3}(?:修复|不好)|套现|当天放款|私人借款|借款\S{0,3}(?:秒到|无抵押|当天)|额度最高",
    ),
    # Selling followers, accounts, documents and databases.
    (
        "promo",
        0.9,
        r"(?:buy|cheap|real|active)\s+(?:followers|subscribers|views|likes|members|reviews)|(?:boost|promote)\s+your\s+(?:channel|group|account)|(?:fake|novelty|real)\s+(?:passports?|ids?|diplomas?|licen[cs]es?)|(?:database|leads?)\s+for\s+sale|(?:high\s+quality\s+|cheap\s+)?replica\s+(?:watch|bag|shoe|sneaker|designer)\w*",
    ),
    (
        "promo",
        0.9,
        r"накрут\w*|(?:продам|продаю)\s+(?:\w+\s+)?(?:аккаунт\w*|базу|базы)|(?:оформл|сдела)\w*\s+(?:\w+\s+)?(?:удостоверени\w*|права|диплом\w*)\s+без|схем\w*\s+"
        + _EARN_RU
        + r"|(?:пробив|слив)\w*\s+(?:по|данн|базы)|(?:куплю|продам)\s+(?:паспорт|справк|диплом|права)|подписчик\w*\s+(?:дешево|недорого|от)",
    ),
    (
        "promo",
        0.9,
        r"刷粉|涨粉|代开\S{0,2}(?:发票|税票)|(?:发票|税票)\S{0,12}(?:代开|向外开|可向外|点数优惠)|需要(?:发票|税票)的\S{0,2}(?:联系|私|加|找)|代写\S{0,3}(?:论文|作业)|包过|(?:批发|出售|卖|货源|代购)\S{0,8}高仿|高仿\S{0,4}(?:包|表|鞋|手表|批发|货源)|一比一\S{0,2}(?:做工|复刻|原版)|办证|证件代办|拿证|刷(?:信誉|销量)|代练|出售\S{0,4}(?:身份|个人)信息|出售\S{0,3}(?:账号|数据|资料|粉丝|点赞)|出售\S{0,6}(?:抖音|微信|快手|小红书|飞机|qq)号|(?:卖|代刷)\S{0,2}(?:粉丝|点赞|播放量)|引流|推广\S{0,3}(?:频道|群)",
    ),
    # Pirated films, series and paid courses: leaked, or all of them free in one's channel.
    (
        "promo",
        0.9,
        r"leaked\s+(?:movies|films|episodes|series|courses|onlyfans|content)\b|(?:all|latest|new)\s+(?:the\s+)?(?:movies|films|episodes|series|seasons|courses)\s+(?:for\s+free|free\s+in\s+(?:my|our)|in\s+(?:my|our)\s+(?:channel|drive|mega))|(?:слив|сливы)\s+(?:курс\w*|приватк\w*|онлифанс\w*)",
    ),
    # Pushing the conversation elsewhere.
    (
        "contact",
        0.9,
        r"(?:write|message|dm|pm|contact|inbox|msg)\s+(?:me|us)\b|(?:dm|pm|inbox)\s+(?:me|for\s+(?:more|details|info|price))|(?:click|tap|follow|check)\s+(?:the\s+)?(?:link|bio)|link\s+in\s+(?:bio|profile)|(?:join|subscribe\s+to)\s+(?:my|our)\s+(?:channel|group|chat)",
    ),
    (
        "contact",
        0.9,
        r"(?<![^\W\d_])(?:на)?пиш\w*\s+(?:в\s+)?(?:лс|личк\w*|личные|директ|мне|сюда)|(?:в|мне\s+в)\s+лс\b|подробност\w*\s+(?:в\s+)?(?:лс|личк\w*)|(?:переход\w*|перейди(?:те)?|жми|жмите)\s+по\s+ссылке|(?:подпи(?:ш|сыв)(?:ись|итесь|айся|айтесь)|подписаться)\s+на\s+(?:канал|мой|наш)|вступа\w*\s+в\s+(?:чат|группу|канал)",
    ),
    # Self-promotion: "check out my new track", "subscribe to my channel", "sub for sub" (a
    # pull away from the group, as a contact is; "check out my PR" or "my photo" is no such).
    (
        "contact",
        0.9,
        r"(?:check\s*out|(?:\b(?:please|pls|plz|go|come|and|just)\s+|(?<![\w'])(?<!\w\s)(?<!\w\s\s))(?:check|listen\s+to|watch|visit|download|install))\s+(?:out\s+)?(?:my|our)\s+(?:\w+\s+){0,2}?(?:video|song|track|channel|cover|music|rap|mixtape|beats?|album|playlist|vlog|app|page)s?\b|subscribe\s+to\s+(?:me|my|our)\b|like\s+(?:and|&|n)\s+subscribe|sub\s*(?:4|for)\s*sub",
    ),
    # Easy money by the deadline ("earn $1000 in 72 hours"), "who wants to earn", "people
    # needed, from 2000 a day" (an open-ended "from", not a mover's fixed day rate), remote work
    # in slang ("на удалёнку"); and the hand-offs that close such offers ("ask me how", "send me
    # a message", "пишите, всё расскажу").
    (
        "earnings",
        1.0,
        r"(?:earn|make|making|earning|get|profit)\w*\s+(?:up\s+to\s+)?(?:\$|£|€)\s?\d[\d,.]*k?\s+(?:with)?in\s+(?:\d+|a\s+few|one|two|three)\s*(?:hours?|hrs?|days?)\b|(?<![^\W\d_])(?:кто|кому)\s+(?:хочет|хотите|нужн\w*|надо|интересн\w*)\s+(?:\w+\s+){0,2}?(?:заработ\w*|зарабатыва\w*|доход\w*|подработ\w*)|(?:нужн\w*|требу\w*|ищу|набираю)\s+(?:\d+\s+)?(?:человек\w*|людей|сотрудник\w*|девуш\w*|парн\w*)(?:\W+\w+){0,6}?\W+от\s+\d[\d\s]*(?:к|тыс\w*|₽|р|руб\w*|\$)?\s*(?:в|за)\s*(?:день|сутки|неделю|час|смену)",
    ),
    ("job", 0.9, r"(?<![^\W\d_])удал[её]нк\w*"),
    (
        "contact",
        0.9,
        r"\bask\s+me\s+how\b|\bsend\s+(?:me|us)\s+(?:a\s+)?(?:message|dm|pm|text)\b|(?<![^\W\d_])(?:пиши|пишите|обращайтесь|стучите|стучи)\W+(?:\w+\s+){0,2}?(?:вс[её]|подробно\w*)\s+расскаж\w*",
    ),
    # Money mules wanted ("нужны дропы") and SIM cards registered to other people; a shop's
    # dropshipping ("работаю по дропу") is neither.
    (
        "promo",
        1.0,
        r"(?<![^\W\d_])(?:нужн\w*|ищу|ищем|набира\w*|требу\w*)\s+(?:\w+\s+)?дроп(?:ы|ов)(?![^\W\d_])|(?<![^\W\d_])дроп(?:ы|ов)\s+(?:на|под)\s+(?:карт|обнал|вывод|приём|прием)\w*|(?<![^\W\d_])(?:продам|продаю|куплю|скупаю|нужны)\s+(?:\w+\s+){0,2}?сим(?:к[аиу]|ки|ок|карт\w*)?\s*,?\s+(?:\w+\s+){0,2}?(?:оформлен\w*|зарегистрирован\w*)\s+на\s+(?:других|третьих|чужи\w*|друг\w*|левых)",
    ),
    # Write to the DMs in the infinitive ads use ("писать в лс"), "all questions to private
    # messages", and the link kept "in the profile header" so the message itself carries none.
    (
        "contact",
        0.9,
        r"(?<![^\W\d_])писать\s+(?:мне\s+)?(?:в\s+)?(?:лс|личк\w*|личн\w*|директ)|(?:вопрос\w*|подробност\w*|детал\w*)\s+(?:\w+\s+)?(?:в\s+)?(?:лс|личк\w*|личны\w*\s+сообщени\w*|директ)(?![^\W\d_])|(?:ссылк\w*|подробност\w*|информаци\w*|инфа)\s+(?:\w+\s+)?в\s+(?:шапке\s+)?(?:профил\w*|био|bio)(?![^\W\d_])|в\s+шапке\s+профил\w*",
    ),
    # Work abroad ("vacancies at a factory in England") and a sales job's "rate + percent".
    (
        "job",
        0.9,
        r"(?:ваканси\w*|трудоустройств\w*|требу\w+|работ\w*\s+на\s+(?:фабрик|завод|склад|производств|ферм|стройк)\w*)\s+(?:\w+\s+){0,3}?(?:в|во)\s+(?:англи|германи|польш|европ|чехи|финлянди|израил|коре|сша|америк|канад|нидерланд|голланди|литв|латви|эстони|норвеги|швеци|дуба|оаэ)\w*|(?:ставк\w*|оклад\w*)\s*(?:\$\s*)?\+\s*(?:%|процент\w*|бонус\w*)",
    ),
    (
        "contact",
        0.9,
        r"私聊|私信我|加我|加\s?v(?![a-z])|加微|加q|扫码|点击链接|详情\S{0,3}(?:私|咨询)|进群|入群|加群|联系我",
    ),
    # Money mules, task scams and poaching by price.
    (
        "job",
        1.0,
        r"payment\s+agents?|order[- ]grabbing|commission\s+per\s+(?:order|transfer|task)|(?:earn|make)\s+(?:a\s+little\s+)?extra\s+(?:each|every|per)\s+(?:day|week)|paid\s+my\s+rent|(?:like|follow)\s+(?:posts|videos)\s+and\s+(?:get\s+)?paid",
    ),
    (
        "phishing",
        1.2,
        r"(?:awaiting|pending)\s+(?:payment|customs)|customs\s+(?:duties|duty|fee)|problem\s+with\s+your\s+(?:payment|order|parcel)|pay\s+(?:again\s+)?here|(?<!never\s)(?<!not\s)(?<!n\'t\s)(?<!ever\s)(?<!ask\syou\sto\s)(?<!asks\syou\sto\s)(?:enter|import|submit|provide|input|paste|type\s+in|verify|validate|sync|share|send)\s+(?:us\s+|me\s+)?(?:your\s+|the\s+)?(?:\d+[- ]words?\s+)?(?:seed|recovery|secret|mnemonic)\s+(?:phrase|words)|validate\s+your\s+(?:wallet|phrase)",
    ),
    (
        "loan",
        1.0,
        r"same[- ]day\s+(?:cash|loan)|bad\s+credit\s+(?:welcome|ok|no\s+problem)|cash\s+loan|no\s+credit\s+checks?",
    ),
    (
        "promo",
        1.0,
        r"fullz|\bssns?\b\s*(?:\+|and|&|with)\s*(?:dob|date\s+of\s+birth|dl)\b|(?:sell\w*|buy\w*|fresh|valid)\s+ssns?\b|email\s+list\s+of|(?:exam|test)\s+answers|leaked\s+before|\d+\s*(?:k|million)?\s+(?:views|followers|likes)\s+for\s+\$|go\s+viral",
    ),
    (
        "contact",
        0.9,
        r"(?:same|exact\s+same)\s+(?:stuff|items?|products?|things|\w+\s+cases?)\s+(?:but\s+)?(?:cheaper|half\s+price|for\s+less)|check\s+my\s+prices|beat\s+the(?:ir)?\s+price|don'?t\s+pay\s+retail|(?:half|50%)\s+(?:the\s+)?price|wholesaler|дешевле\s+чем|同款\S{0,4}(?:便宜|半价)",
    ),
    ("gambling", 1.0, r"lottery\s+(?:number\s+)?predictions?|next\s+draw\s+numbers"),
    # A stranger's broadcast: the whole group addressed ("Attention all members!", "Hey group
    # members") and sent to sign up, book or donate "here" or through a link. An admin's
    # announcement is exempt as the admin's; a question ("can I register here?") is no call.
    (
        "broadcast",
        1.0,
        r"(?:\b(?:attention|calling)\s+(?:all|every)\w*|\b(?:hey|hello|hi|dear|greetings)[,!]?\s+(?:everyone|everybody|all|group|community|members|folks|fam|friends|(?:\w+\s+)?(?:lovers|enthusiasts|buffs|fans|minds))\b|\bgood\s+(?:morning|afternoon|evening)[,!]?\s+(?:everyone|everybody|all)\b|\b(?:great|big|exciting|good|amazing|special)\s+(?:news|update|announcement)\s+for\s+(?:everyone|all|you\s+all|the\s+group|our\s+group)|\beveryone\s+in\s+(?:here|this\s+(?:group|chat|community))|\bgroup\s+members\b|\b(?:special\s+)?announcement\s*:)\s*(?:\S+\s+){0,60}?(?:(?:sign(?:ing)?\s*up|register|book|reserve|claim|submit|donate|grab|apply|enrol+|rsvp)\s+(?:\S+\s+){0,4}?(?:here|below|(?:through|via|at|on|using)\s+(?:this|the)\s+link)\b|(?:head|go|hop)\s+over\s+to\s+(?:this|the|our)\s+link|(?<!n't\s)(?<!not\s)(?<!never\s)click\s+(?:on\s+)?(?:the\s+|this\s+)?link)(?![^.!?\n]*\?)",
    ),
    # "All you need is a phone and two hours a day": the easy-money promise of a task scam.
    (
        "earnings",
        1.0,
        rf"{_PAY_WORDS}[\s\S]{{0,120}}?{_PHONE_HOURS}|{_PHONE_HOURS}[\s\S]{{0,120}}?{_PAY_WORDS}",
    ),
    # Referral bait: "open a card with my link and get 500 from me".
    (
        "offer",
        1.0,
        r"по\s+моей\s+(?:реферальной\s+|партн[её]рской\s+)?ссылк\w*(?:\s+\S+){0,8}?\s+(?:получи(?:те|шь)?\b|забери(?:те)?\b|\d+\s*(?:р|руб\w*|₽|\$))|по\s+моему\s+(?:промокоду|приглашению)(?:\s+\S+){0,8}?\s+(?:получи(?:те|шь)?\b|\d+\s*(?:р|руб\w*|₽))|(?:(?:with|using|via|through)\s+my\s+(?:referral\s+|ref\s+|invite\s+|affiliate\s+)?(?:link|code)(?:\s+\S+){0,8}?\s+(?:get|receive|earn|bonus|\$\s?\d)|(?:^|[.!\n]\s*)(?:just\s+)?(?:use|enter)\s+my\s+(?:referral\s+|ref\s+|invite\s+|promo\s+)?code(?:\s+\S+){0,3}?\s+(?:for|to\s+get|and\s+get)\s+(?:\$\s?\d|\d+\s?%|a\s+bonus|free))(?![^.!?\n]*\?)",
    ),
    # A tutor's or a studio's pitch to strangers: "the first (trial) lesson is free". A member
    # telling how their own first lesson went says it was.
    (
        "offer",
        1.0,
        r"перв\w+\s+(?:пробн\w+\s+)?(?:занят|урок|тренировк)\w*(?:\W+(?!был)\w+){0,3}?\W+бесплатн\w*|бесплатн\w+\s+(?:перв\w+\s+)?пробн\w+\s+(?:занят|урок|тренировк)\w*",
    ),
    # Paid betting "predictions": a run of wins and a match to bet on.
    (
        "gambling",
        1.0,
        r"прогноз\w*\s+(?:на\s+|по\s+)?(?:спорт\w*|матч\w*|футбол\w*|хокке\w*|теннис\w*|лини\w+\s+и\s+(?:в\s+)?лайв\w*|лайв\w*)(?![^.!?\n]*\?)|став(?:им|ьте)\s+(?:строго\s+|смело\s+|только\s+)?на\s+(?:точный\s+)?(?:тотал|фору|п1|п2|обе\s+забьют)|\d+\s+(?:выигрыш\w*|плюс\w*|заход\w*)\s+(?:в\s+ряд|подряд)|(?<![^\W\d_])(?:лузстрик\w*|каппер\w*)|\b(?:tipsters?|(?:vip|premium)\s+(?:betting\s+)?tips|paid\s+betting\s+tips|fixed\s+odds)\b",
    ),
    # Chinese shopping tokens pasted into a group: "复制这段￥AbC123xyZ￥打开手机淘宝".
    (
        "offer",
        1.0,
        r"([￥$€¥])[a-z0-9]{8,14}\1|(?:推荐码|邀请码)(?:(?!没|不).){0,16}?(?:免费|赠送|领|送|获得|奖励)",
    ),
    # Game cheats sold with the usual promises: anti-ban, bypasses, card-key shops.
    (
        "promo",
        1.0,
        r"(?:防封|不封号?)\S{0,12}(?:出售|低价|包月|月卡|卡密|私聊|私我|私|加v|联系)|(?:出售|低价|卖|批发)\S{0,4}(?:外挂|辅助|科技)(?!股|产品|教材|感|数码|硬盘|盒|字幕|线|电池)|(?:外挂|辅助|脚本|科技)\S{0,4}(?:卡密|包月|月卡|永久卡|稳定不封|不封号?|防封)|发卡网|卡网\s*(?:自助|下单|购买|商城|地址|链接|上架|降价)",
    ),
    # Paid invites: "拉人进群 1元一个" (pulling people into a group for money, a task scam).
    (
        "job",
        1.0,
        r"(?:拉(?:人|朋友|新人?)进?(?:群|裙)|拉(?:我|你|他)?进(?:群|裙)).{0,8}?(?:\d+\s*(?:r|元|块|毛)\S{0,2}一个|一个\s*\d+\s*(?:r|元|块|毛))|\d+\s*(?:r|元|块|毛)\s*一个.{0,8}?(?:拉(?:人|朋友|新人?)进?(?:群|裙)|拉(?:我|你|他)?进(?:群|裙))",
    ),
    # A marketplace "giving everything away" after a scandal or a glitch: a phishing page's bait.
    (
        "giveaway",
        1.0,
        r"(?<![^\W\d_])(?:wb|вб|wildberries|вайлдберриз|ozon|озон)(?![^\W\d_])(?:\W+\w+){0,14}?\W+(?:(?<!отдам\s)(?<!отдаю\s)даром|разда[ёею]т\w*|отда[ёею]т\s+(?:вс[её]|товар\w*|вещи))|(?<!отдам\s)(?<!отдаю\s)даром(?:\W+\w+){0,4}?\W+(?:с|на|от|в)\s+(?:wb|вб|wildberries|вайлдберриз|ozon|озон)(?![^\W\d_])|(?:из-за|в\s+связи\s+с)\s+(?:\S+\s+){0,2}?(?:скандал\w*|сбо[йяе]\w*|ошибк\w*)(?:\W+\w+){0,10}?\W+(?:товар\w*|вещи|вс[её]|техник\w*)\s+(?:почти\s+)?(?:даром|бесплатно)",
    ),
    # Marketplace goods "for one rouble": prices cut to 1 ₽ (or an order for a "symbolic"
    # rouble, "на халяву") after a scandal, the bait of a phishing page. A member selling a
    # thing of their own "за 1 р" names no price cut and no marketplace.
    (
        "giveaway",
        1.0,
        r"(?:сниз|сниж)\w*\s+цен\w*(?:\W+\w+){0,12}?\W+(?:до\s+1\s*(?:р|руб\w*|₽)(?![^\W\d_])|даром|халяв\w*)|(?<![^\W\d_])(?:wb|вб|wildberries|вайлдбер+из|ozon|озон)(?![^\W\d_])(?:\W+\w+){0,20}?\W+(?:за\s+символическ\w+\s+(?:1\s*|один\s+)(?:р|руб\w*|₽)(?![^\W\d_])|халяв\w*)",
    ),
    # Training materials "piled up" over the years, for whoever writes in: the leftover
    # course's bait in other words.
    (
        "giveaway",
        1.0,
        r"обучающ\w*\s+материал\w*(?:\W+\w+){0,6}?\W+кому\s+(?:интересно|надо|нужно)\W+(?:обращайтесь|пишите|пиши|стучите|в\s+лс)",
    ),
    # A stranger introducing themselves by a finance trade: the opener of an investment scam
    # ("Hello dear, I'm Lisa, a certified crypto analyst").
    (
        "crypto",
        1.0,
        r"\b(?:i'?m|i\s+am|my\s+name\s+is|this\s+is)\s+(?:mr\.?\s+|mrs\.?\s+|ms\.?\s+|miss\s+)?(?!(?:not|no|never|just|my|your|his|her|our|a|an|the|also|honestly)\b)[a-z]+(?:\W+\w+){0,6}?\W+(?:an?\s+)?(?:(?:professional|certified|licensed|senior|experienced|expert|full[- ]time)\s+)?(?:financial|investment|crypto(?:currency)?|forex|fx|stock|bitcoin|binary\s+options?|trading)\s+(?:analyst|advis[eo]r|expert|mentor|consultant|manager|coach|trader|broker|specialist)s?\b",
    ),
    # Loans "at 0%", poker rooms paying for sign-ups, documents sold by the list.
    ("loan", 1.0, r"(?:займ|кредит|микрозайм)\w*\s+(?:\S+\s+){0,4}?под\s+0\s*%"),
    ("gambling", 1.0, r"(?<![^\W\d_])покер[\s-]*рум\w*|\bpoker\s*rooms?\b"),
    (
        "promo",
        1.0,
        r"(?<![^\W\d_])(?:справк|больничн|медкнижк|диплом|аттестат)\w*(?:\s*,\s*|\s+и\s+)(?:справк|больничн|медкнижк|диплом|аттестат|права\b)\w*|больничн\w*\s+(?:\S+\s+)?задним\s+числом",
    ),
    # Chinese slang: 菠菜 (spinach) for 博彩 with a platform or an agency; USDT 承兑 (OTC
    # cash-outs); 返佣 (commission kickbacks).
    (
        "gambling",
        1.0,
        r"菠菜\S{0,2}(?:推广|平台|网站?|代理|招商|担保)|(?:推广|代理|招商|担保)\S{0,4}菠菜",
    ),
    ("crypto", 1.0, r"(?:usdt|泰达币|(?<![a-z])u)\s*承兑|承兑\s*(?:usdt|泰达币|u(?![a-z]))"),
    ("earnings", 1.0, r"(?:高额?|超高)\s*返佣|返佣\s*(?:\d|高|秒结|日结)"),
    # Chinese gambling slang for topping up and cashing out credit ("上分" alone is ranking up).
    ("gambling", 1.0, r"上分\s*\S{0,2}\s*下分|上下分\S{0,4}(?:秒到|到账|客服|信誉|稳定)"),
    ("adult", 1.0, r"\bsee\s+my\s+(?:new\s+)?(?:photos|pics)\b"),
    # "Sugar daddy" arrangements with a weekly allowance: a dating lure and an advance-fee scam.
    (
        "adult",
        1.0,
        r"sugar\s+(?:daddy|daddies|mommy|mummy|mommies|momma)\b(?:\W+\w+){0,12}?\W+(?:allowance|weekly|monthly|\$)|sugar\s+bab(?:y|ies)\b(?:\W+\w+){0,12}?\W+allowance|(?:allowance|weekly\s+pay)(?:\W+\w+){0,8}?\W+sugar\s+(?:daddy|mommy|mummy|baby)\b",
    ),
    # Looking for a "generous man" to pay one's bills: a dating lure and an advance-fee scam.
    (
        "adult",
        1.0,
        r"(?:looking\s+for|need|want|seeking)\s+(?:an?\s+)?(?:generous|rich|wealthy)\s+(?:man|men|guy|gentleman|daddy|sponsor)\b|(?:sugar\s+daddy|sponsor)\s+(?:wanted|needed)|(?:man|guy|gentleman|sponsor|someone)\s+(?:to|who\s+(?:can|will|wants\s+to))\s+(?:spoil\s+me|pay\s+(?:for\s+)?my\s+bills)|ищу\s+(?:щедрого\s+|богатого\s+)?(?:спонсора|папика|мецената)|щедр\w+\s+(?:папик\w*|спонсор\w*)|找\S{0,2}金主|求包养|(?:包养|被包养)\S{0,4}(?:女|妹|学生|大学生)",
    ),
    # A stranger who wants to "get acquainted" and moves it to private messages: a dating lure.
    ("adult", 1.0, r"познаком\w*(?:\W+\w+){0,6}?\W+(?:лс|личк\w*|личн\w+\s+сообщ\w*)"),
    # A dating bot's lure: bored and alone tonight, "come to my profile", her spicy photos.
    (
        "adult",
        1.0,
        r"(?<![^\W\d_])(?:скучно|одиноко|грустно)\s+(?:\w+\s+){0,2}?(?:одной|одна)(?![^\W\d_])|(?<![^\W\d_])(?:одной|одна)\s+(?:\w+\s+)?(?:скучно|одиноко|грустно)|заход\w*\s+(?:ко\s+мне\s+)?в\s+(?:мой\s+)?профил\w*|(?:i'?m|i\s+am)\s+(?:so\s+|very\s+|really\s+)?(?:bored|lonely)\s+(?:and\s+alone\s+)?(?:tonight|alone)\b|\b(?:hot|sexy|naughty|spicy)\s+(?:pics|photos|videos|content)\b",
    ),
    # Diplomas and papers made to order, "entered in the register" ("сделаю диплом" is a student
    # finishing a thesis); getting money back from a broker offered as a service (the recovery
    # scam's second sting). A member asks for such help ("помогите вернуть"), never offers it.
    (
        "promo",
        1.0,
        r"диплом\w*\s+(?:любого|любых)\s+(?:вуз|колледж|учебн)\w*|с\s+занесением\s+в\s+(?:реестр|базу)|(?<![^\W\d_])изготов\w*\s+(?:\w+\s+)?(?:диплом|аттестат|удостоверени|справк|паспорт)\w*",
    ),
    (
        "phishing",
        1.2,
        r"(?<![^\W\d_])(?:помогу|поможем|помогаем)\s+(?:вам\s+)?вернуть\s+(?:\w+\s+){0,2}?(?:деньги|средства|вложени\w*|депозит\w*)",
    ),
    # Nude photos offered or "found" for anyone: "my photos without panties", a bot that finds
    # any girl's intimate pictures. A member talking of a photo shoot says none of it.
    (
        "adult",
        1.0,
        r"(?<![^\W\d_])(?:голы\w*|обнаж[её]нн\w*|интимн\w*|интим)\s+(?:\w+\s+)?(?:фото|видео|фоточ\w*|снимк\w*)|(?<![^\W\d_])без\s+трусик\w*|\b(?:nude|naked|explicit)\s+(?:\w+\s+)?(?:photos?|pics?|videos?)\b",
    ),
    # "Who wants to make money with me?": the opener of a recruiting pitch.
    (
        "earnings",
        1.0,
        r"\b(?:who|anyone)\s+(?:wants?|wanna|would\s+like|is\s+interested\s+in|interested\s+in)\s+(?:to\s+)?(?:\w+\s+){0,2}?(?:earn|make|making|earning)\s+(?:\w+\s+){0,2}?(?:money|cash|income|profits?)\b|\b(?:make|earn)\s+(?:some\s+|extra\s+|good\s+|real\s+)?(?:money|cash|income|profits?)\s+with\s+me\b",
    ),
    # Paid trading "signals" and their claimed accuracy.
    (
        "crypto",
        1.0,
        r"\b(?:vip|premium|paid|private)\s+(?:\w+\s+)?signals?\b|\b\d+\s?%\s+(?:accuracy|accurate)\b",
    ),
    # The inheritance letter: a late husband's or client's fortune to move into your account.
    # Fake support asking for the login code Telegram or a bank just sent: with it the account
    # is theirs. A warning says never to send it to anyone.
    (
        "phishing",
        1.2,
        r"(?<!never\s)(?<!not\s)(?<!n't\s)(?:send|tell|give|share|forward)\s+(?:us|me)\s+(?:the\s+|your\s+)?(?:login\s+|verification\s+|confirmation\s+|sms\s+|\d-digit\s+)?code\s+(?:(?:that\s+)?you\s+(?:just\s+)?)?(?:received|got|we\s+sent)|(?<!не\s)(?:пришлите|отправьте|скиньте|сообщите|продиктуйте|скажите)\s+(?:нам\s+|мне\s+)?код\s+(?:из\s+(?:смс|sms|сообщения)|подтверждения|который\s+(?:вам\s+)?(?:пришёл|пришел|придёт|придет))|(?<!不要)(?<!别)(?:把)?(?:收到的)?验证码\S{0,4}(?:发给|告诉|报给)(?:我|我们|客服)",
    ),
    (
        "phishing",
        1.2,
        r"\blate\s+(?:husband|father|wife|client|uncle|mother)'?s?\s+(?:\w+\s+){0,3}?(?:funds?|fortune|estate|inheritance|money|deposit)\b|\bnext\s+of\s+kin\b|\bunclaimed\s+(?:funds|inheritance|fortune)\b",
    ),
    # "Waiting for your message": the lure's hand-off, a contact push.
    (
        "contact",
        0.9,
        r"(?<![^\W\d_])жду\s+(?:тво(?:его|ё|е|их)|ваш(?:его|е|их))\s+(?:сообщени\w*|смс|писем|ответ\w*\s+в\s+(?:лс|личк\w*))|\bwaiting\s+for\s+your\s+(?:message|text|dm)s?\b",
    ),
    (
        "earnings",
        1.0,
        r"ищу\s+\d+\s+человек|инвестируй\s+\d+|получи\s+\d+\s*(?:₽|руб|\$|usdt)?\s+через",
    ),
    # Russian: payouts and aid that need only a form (phishing dressed as welfare), jobs by the
    # shift or from a phone, course materials "left over" as bait, casino promo codes.
    (
        "phishing",
        1.2,
        r"(?:доступн|положен|начислен|одобрен)\w*\s+(?:\w+\s+){0,2}?(?:выплат|компенсац|пособи|помощ)\w*|(?:получ|оформ)\w*\s+(?:\w+\s+){0,2}?(?:выплат|компенсац|пособи|материальн\w*\s+помощ)\w*(?:\s+\S+){0,5}?\s+(?:по\s+ссылк|на\s+сайт|через\s+бот|по\s+форм)\w*|(?:оон|государств\w*|красн\w+\s+крест\w*|фонд\w*)\s+(?:\w+\s+){0,2}?выплачива\w*|выплачива\w*\s+(?:\w+\s+){0,2}?каждому|материальн\w+\s+помощ\w*\s+(?:для|всем|гражданам|людям)|не\s+попада\w*\s+в\s+списк\w*|(?:ожида\w*|жд[её]м|принима\w*)\s+ваш\w*\s+заявк\w*",
    ),
    # Welfare phishing's promises: "extra payouts come to your card automatically", "the
    # application for the money can be made out here". A member asks how to apply; the
    # scam says the money itself arrives by itself.
    (
        "phishing",
        1.2,
        r"выплат\w*(?:\W+\w+){0,10}?\W+(?:поступа|зачисля|приход|прид[её]т|придут)\w*\s+(?:\w+\s+)?на\s+(?:ваш\w*\s+)?карт\w*\s+автоматически|заявк\w*\s+на\s+получени\w*\s+(?:денег|денежных\s+средств|средств)\s+(?:можно\s+)?(?:оформить|подать|оставить)",
    ),
    (
        "job",
        1.0,
        r"работ\w*\s+(?:с|со|через)\s+(?:телефон\w*|смартфон\w*)|не\s+выходя\s+из\s+дома|"
        + _EARN_RU
        + r"\s+с\s+первого\s+дня|(?:оплата|выплат\w*)\s+ежедневн\w*|ежедневн\w*\s+оплат\w*|(?:оплата|плачу|платим|выплаты?)\s+(?:от\s+)?\d[\d\s]*(?:р|руб\w*|₽|к)?\.?\s*(?:за\s+|в\s+)?смен\w*|\d[\d\s]*(?:р|руб\w*|₽)\.?\s*(?:за|в)\s+смену|занятост\w*\s+(?:от\s+)?\d|предлага(?:ю|ем)\s+(?:\w+\s+){0,2}?"
        + _EARN_RU
        + r"|доход\w*\s+в\s+(?:тво|ваш)\w*\s+телефон\w*|разнорабоч\w*|ежедневн\w*\s+выплат\w*",
    ),
    (
        "crypto",
        1.0,
        r"(?:курс\w*|обучающ\w*\s+материал\w*|материал\w*|мануал\w*|обучени\w*|сигнал\w*)\s+(?:\w+\s+){0,3}?по\s+(?:крипт\w*|трейдинг\w*|бирж\w*|арбитраж\w*|инвестиц\w*|cryptocurrency|crypto|цифров\w*\s+актив\w*)(?=.*(?:отда|подел|скин|раздам|раздаю|пиши|отпиши|\+))",
    ),
    (
        "gambling",
        1.2,
        r"промокод\w*\s+(?:\w+\s+){0,4}?(?:деп\w*|фриспин\w*|казино|ставк\w*)|казик\w*|mostbet|мостбет|melbet|мелбет|vavada|вавада|pin-?up\s+casino|пинап",
    ),
    (
        "contact",
        0.8,
        r"(?:пиши|пишите|ставь\w*|поставь\w*|жду)\s+(?:[\"«]\s*)?\+(?!\d)|отпиши\w*\s+(?:кому|кто)|кому\s+(?:интересно|надо|нужно)\W{0,3}\s*(?:пиши|обращ|стуч)\w*",
    ),
    # Chinese contact hand-offs in disguise: homophones of WeChat, "see my name / avatar"
    # (the contact is in the display name), and selling or buying accounts.
    (
        "contact",
        0.9,
        r"加\s?[薇威卫嶶]|[薇威]\s?信|看(?:我)?(?:的)?(?:名字|昵称|头像|简介|主页)|名字(?:上|里)(?:有|看)|私我|滴滴我|戳我|(?<![秘保机亲])[密秘]我",
    ),
    ("promo", 1.0, r"出号|卖号|收号|代肝|低价出\S{0,3}号"),
    # Fake testimonials: a "member" thanks a person or a platform for the money it made them.
    (
        "testimonial",
        1.2,
        r"(?:made|earned|got|received|withdr[ae]w\w*|profit\w*)\s+(?:\w+\s+){0,3}?(?:(?:\$|usdt?\s?)\d[\d,.]*\s?k?|\d[\d,.]*\s?k?\s?(?:\$|usdt?|dollars|bucks))(?:\W+\w+){0,6}?\W+(?:after|from|with|by)\s+(?:\w+\s+){0,3}?(?:investing|invested|an?\s+investment|(?:(?:\$|usdt?\s?)\d[\d,.]*\s?k?|\d[\d,.]*\s?k?\s?(?:\$|usdt?|dollars|bucks)))|invest\w*\s+(?:of\s+|only\s+|just\s+)?(?:(?:\$|usdt?\s?)\d[\d,.]*\s?k?|\d[\d,.]*\s?k?\s?(?:\$|usdt?|dollars|bucks))(?:\W+\w+){0,8}?\W+(?:(?:made|earned|got|received|returns?|profit\w*|became|now)\b|(?:get|receive|withdr[ae]w\w*|cash(?:ed)?\s+out)\s+(?:back\s+|of\s+)?(?:(?:\$|usdt?\s?)\d|\d[\d,.]*\s?k?\s?(?:\$|usdt?|dollars|bucks)))|(?:(?:\$|usdt?\s?)\d[\d,.]*\s?k?|\d[\d,.]*\s?k?\s?(?:\$|usdt?|dollars|bucks))\s+(?:turned\s+into|became|grew\s+(?:in)?to)\s+(?:(?:\$|usdt?\s?)\d[\d,.]*\s?k?|\d[\d,.]*\s?k?\s?(?:\$|usdt?|dollars|bucks))\s+(?:in|within)\s+(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|a\s+few|a\s+couple\s+of)\s+(?:days?|weeks?|months?|hours?)",
    ),
    (
        "testimonial",
        1.2,
        r"(?:working|trading|investing)\s+with\s+(?:mr\.?\s+|mrs\.?\s+|ms\.?\s+|madam\s+|sir\s+)?[a-z]+\s+(?:is|has\s+been|was)\s+(?:really\s+|very\s+|so\s+)?(?:profitable|legit|amazing|the\s+best)|(?:investment|trading)\s+(?:platform|company|manager|expert|mentor)(?:\W+\w+){0,8}?\W+(?:legit|real\s+deal|pays\s+out|paid\s+me|pays?\s+me|paying\s+me|profitable)|(?:trading|investment|mentor|broker)\s+(?:has|have)\s+(?:truly\s+|really\s+)?(?:proven|proved|changed\s+my\s+(?:life|finances)|been\s+(?:a\s+blessing|legit|life[- ]changing))|legit(?:\W+\w+){0,6}?\W+(?:investment|trading)\s+(?:platform|company)",
    ),
    (
        "testimonial",
        1.2,
        r"(?:вложил\w*|инвестировал\w*|закинул\w*)\s+(?:\w+\s+){0,3}?\d[\d\s]*(?:к|тыс\w*|₽|р|руб\w*|\$|долл\w*|usdt)?\.?(?:\s+\S+){0,6}?\s+(?:получил\w*|вывел\w*|заработал\w*)|(?:благодаря|спасибо)\s+(?:\w+\s+){0,3}?(?:я\s+)?(?:заработал\w*|вывел\w*|получил\w*\s+(?:свои\s+)?(?:первые\s+)?(?:деньги|выплат\w*|прибыль))|получил\w*\s+(?:\w+\s+){0,2}?(?:помощь|выплат\w*|компенсаци\w*)\s+(?:\w+\s+){0,2}?\d|выплат\w*\s+пришл\w*\s+(?:\w+\s+){0,2}?(?:быстро|сразу|за\s+\d+\s+минут)",
    ),
    # Fund-recovery scams, told as a victim's thanks: someone "helped me recover" the crypto a
    # scammer took (the "expert" is the next scammer).
    (
        "testimonial",
        1.2,
        r"(?:(?:helped\s+me|was\s+able\s+to|managed\s+to)\s+(?:to\s+)?(?:recover|retrieve)|recovered)\s+(?:all\s+)?(?:of\s+)?my\s+(?:lost\s+|stolen\s+|scammed\s+)?(?:funds|money|crypto|bitcoins?|btc|usdt|eth|assets|coins|investment)|(?:recovery|retrieval)\s+(?:expert|hacker|specialist|agent|genius|guru)",
    ),
    # A "mentor" or "coach" praised for money made ("helped me earn $3000 a week", "doubled my
    # money in a week"): the pitch behind "I was scammed before, then I found...".
    (
        "testimonial",
        1.2,
        r"(?:helped|taught|showed)\s+me\s+(?:how\s+to\s+)?(?:earn|make|profit)\s+(?:over\s+|about\s+|up\s+to\s+)?(?:\$\s?\d|\d[\d,.]*\s?k?\s?(?:\$|usdt?|dollars|bucks))|(?:doubled|tripled)\s+my\s+(?:money|investment|capital|funds|deposit|savings)|(?:mentor|coach|broker)\s+who\s+(?:doubled|tripled|made\s+me|turned\s+my|grew\s+my)",
    ),
    # Thanks to a named "Mr." or "teacher" for a platform's payouts: the testimonial that names
    # no sum ("thanks to Mrs. Sarah's platform I paid off my debts", "感谢王老师带我...提现").
    (
        "testimonial",
        1.2,
        r"(?:thanks|thank\s+you|grateful|god\s+bless|shout\s*out|credit)\s+(?:\w+\s+){0,3}?(?:mr|mrs|ms|miss|madam|dr|sir)\.?\s+[a-z]+(?:'s)?(?:\W+\w+){0,12}?\W+(?:platform|profits?|withdr[ae]w\w*|payouts?|debts?)\b",
    ),
    (
        "testimonial",
        1.2,
        r"(?:感谢|谢谢|跟着|多亏|幸亏)\S{0,4}(?:老师|导师|经理|大神|师傅|[姐哥])\S{0,14}(?:投资|提现|赚了|收益|回本|翻倍|平台\S{0,8}(?:赚|提现|收益|回报|到账))",
    ),
    (
        "testimonial",
        1.2,
        r"(?:投资|投了|入金|本金)\S{0,8}\d+\S{0,12}(?:赚了|收益|回报|提现|到账|翻了)",
    ),
    # Clickbait that lures to a link: a sensational "news" hook and a call to watch or read it.
    (
        "clickbait",
        1.1,
        r"(?:смотреть|читать|прослушать|слушать)\s+(?:прямую\s+|полный\s+)?(?:эфир|обращение|трансляци\w*|приказ|далее|полностью|запись|аудиозапись|\d+\s+фото)|(?:\d+|пять|семь|десять)\s+минут\w*\s+назад|(?:весь\s+мир|все|вы\s+будете)\s+в\s+шоке|не\s+для\s+слабонервных|(?:срочн|экстренн)\w+\s+обращени\w*|шокирующ\w+\s+(?:видео|правд\w*|кадр\w*|заявлени\w*)",
    ),
    # A "news" teaser cut off mid-sentence whose last words call to read on ("...начнётся..
    # ЧИТАТЬ ДАЛЕЕ"): the story is behind a button's link. Members' messages do not end so.
    (
        "clickbait",
        1.1,
        r"\.{2,}\s*(?:(?:читать|смотреть)\s+(?:далее|продолжени\w*|полностью)|далее)[^\w?]*$",
    ),
    (
        "clickbait",
        1.1,
        r"you\s+won'?t\s+believe\s+(?:what|how|who)|(?:the\s+)?whole\s+world\s+(?:is\s+)?(?:in\s+)?shock|shocking\s+(?:video|footage|truth|photos)|(?:watch|see)\s+(?:the\s+)?(?:full\s+)?(?:video|footage)\s+(?:before\s+it'?s\s+deleted|here)|not\s+for\s+the\s+faint[- ]hearted|震惊|惊呆了|速看|赶紧看|马上(?:就)?(?:要)?删",
    ),
    # A sales pitch dressed as news for the group: an "exclusive" deal struck "for our group".
    (
        "offer",
        0.9,
        r"exclusive\s+(?:group\s+|member\s+)?(?:discount|deal|offer|access|session|sneak\s+peek|invitation|invite)|(?:we'?ve|we\s+have|we)\s+(?:teamed|partnered)\s+(?:up\s+)?with|special\s+(?:group\s+)?(?:discount|deal|offer|price)s?\s+(?:for|on|to)\s+(?:our|this|the|all|every)|(?:at\s+)?a\s+fraction\s+of\s+the\s+(?:usual\s+|regular\s+|normal\s+|original\s+)?(?:cost|price)|(?:our|this)\s+(?:group|community)\s+(?:has\s+been|was|is)\s+(?:specially\s+)?(?:chosen|selected|invited)",
    ),
    (
        "offer",
        0.9,
        r"эксклюзивн\w+\s+(?:скидк|предложени|доступ|приглашени)\w*|специальн\w+\s+(?:скидк|предложени|цен)\w*\s+для\s+(?:вас|всех|участник|подписчик|наш)\w*|(?:мы\s+)?(?:объединились|договорились|заключили\s+партн\w+)\s+с|за\s+(?:малую\s+)?часть\s+(?:обычной\s+)?(?:цены|стоимости)|专属(?:优惠|折扣|福利)|(?:群友|群员|本群)专(?:享|属)",
    ),
    # Counterfeit money and documents, cards and accounts "for any purpose" (money mules' drops).
    (
        "promo",
        1.2,
        r"(?:поддельн|фальшив)\w*\s+(?:\w+\s+)?(?:валют|деньг|купюр|банкнот|рубл|доллар|документ|паспорт|прав)\w*|(?:на|под)\s+любые\s+(?:данные|цели)|counterfeit\s+(?:money|bills|notes|banknotes|documents|passports?)|fake\s+(?:passports?|ids|banknotes|money)\s+for\s+sale",
    ),
    # Cashing out and laundering, and renting people's bank or state-service accounts (drops).
    (
        "promo",
        1.2,
        r"(?:обнал|обналичк|обналичива)\w*\s+(?:\w+\s+)?(?:карт|крипт|usdt|бирж|средств|бк|сбер|тинькофф|с\s+(?:карт|бирж|кошельк))\w*|\b(?:услуг\w*|помогу\s+с|дела\w*|предлага\w*)\s+(?:\w+\s+)?(?:обнал|отмыв)\w*|\b(?:сда\w*|аренд\w*|прода\w*|куплю|покупаю|скупаю)\s+(?:\w+\s+){0,2}?(?:аккаунт|кабинет)\w*\s+(?:\w+\s+){0,2}?(?:госуслуг|сбер|тинькофф|тинькова|банк|озон|ozon|wildberries|вайлдберриз)\w*|(?:плачу|платим|заплачу)\s+(?:\w+\s+){0,2}?за\s+(?:аренд\w+\s+)?ваш\w*\s+(?:\w+\s+)?(?:аккаунт|кабинет|карт|сим)\w*",
    ),
    # Carding: bank logs, payment-app "flips", card dumps and clones.
    (
        "promo",
        1.2,
        r"bank\s+logs?\b|(?:cash\s?app|paypal|zelle|venmo)\s+(?:flips?|logs?)\b|cvv\s+(?:shop|fullz|dumps|for\s+sale)|dumps\s+(?:with|\+|&)\s+pins?|cloned?\s+(?:credit\s+|debit\s+|atm\s+)?cards?",
    ),
    # Hacking and spying for hire (a victim telling of a hacked account is not an offer).
    (
        "hacking",
        1.2,
        r"hack(?:er|ers|ing)?\s+(?:services?\s+)?for\s+hire|(?:i|we)\s+(?:can|will)\s+hack\s+(?:any|your|into)|hack\s+(?:into\s+)?any\s+(?:\w+\s+){0,2}?(?:accounts?|phones?|devices?|database)|(?:legit|genuine|trusted)\s+hacker\b|(?:spy|monitor)\s+on\s+(?:your\s+|a\s+|their\s+)?(?:partner|spouse|wife|husband|cheating|boyfriend|girlfriend)|(?:change|upgrade)\s+(?:your\s+)?(?:school|university|college|exam)\s+grades",
    ),
    (
        "hacking",
        1.2,
        r"взлома(?:ю|ем)\s+(?:\w+\s+)?(?:аккаунт|страниц|почт|телефон|переписк|профил)\w*|взлом\w*\s+(?:любых|любого|любой|любую)\s+(?:аккаунт|страниц|почт|телефон|соц|профил)\w*|услуг\w*\s+хакер\w*|хакер\w*\s+на\s+заказ|(?:слежк|прослушк)\w*\s+за\s+(?:партн|муж|жен|парн|девушк)\w*",
    ),
    (
        "hacking",
        1.2,
        r"(?:承接|专业|接单)\S{0,3}(?:盗号|破解|黑客)|黑客\S{0,3}(?:接单|服务)|查(?:开房|通话)记录|手机定位\S{0,2}(?:查人|找人)",
    ),
    # Drugs sold, and couriers recruited for drop-offs ("закладки"); the substances alone are news.
    (
        "drugs",
        1.2,
        r"\b(?:selling|sell|buy|order|deliver\w*|plug\s+for)\s+(?:\w+\s+){0,3}?(?:cocaine|mdma|lsd|shrooms|ketamine|meth)\b|\b(?:cocaine|mdma|lsd|shrooms|ketamine|meth)\b(?:\W+\w+){0,6}?\W+(?:available|for\s+sale|discreet\w*|in\s+stock|ship\w*\s+worldwide|worldwide\s+shipping)|\b(?:xanax|oxycodone|oxycontin|percocet|adderall|tramadol)\b(?:\W+\w+){0,6}?\W+(?:without|no)\s+(?:a\s+)?(?:prescription|rx)\b",
    ),
    # The dealer's slang: "tap in" for exotics, vape carts and pressed pills on a menu.
    (
        "drugs",
        1.2,
        r"\btap\s+in\s+(?:for|with\s+the)\s+(?:gas|zaza|exotics?|pressies|carts|the\s+plug)\b|\b(?:zaza|exotics|pressies|thc\s+carts|dab\s+pens|xans|percs)\b(?:\W+\w+){0,5}?\W+(?:delivery|deliveries|menu|shipping|in\s+stock|available|dm)\b",
    ),
    (
        "drugs",
        1.2,
        r"\b(?:мефедрон\w*|меф|альф\w*\s*[-–]?\s*пвп|гашиш\w*|амфетамин\w*|кокаин\w*|экстази)(?:\W+\w+){0,6}?\W+(?:доставк\w*|закладк\w*|клад(?:ы|ов)?\b|в\s+наличии|качеств\w*|опт\w*|прайс\w*|магазин\w*)|\b(?:требу|ищ|нуж|набира|ваканси)\w*\s+(?:\w+\s+){0,2}?(?:курьер\w*[- ])?(?:закладчик|кладмен)\w*|\b(?:оплата|платим|плачу)\s+(?:от\s+)?(?:\d[\d\s]*(?:р|руб\w*|₽|к)?\.?\s+)?за\s+(?:клад(?:ы|ов)?\b|закладк\w*)",
    ),
    (
        "drugs",
        1.2,
        r"(?:出售|出|卖|有货|货到)\S{0,4}(?:冰毒|大麻(?!烦)|k粉|摇头丸|麻古|笑气)|(?:冰毒|大麻(?!烦)|k粉|摇头丸|麻古|笑气)\S{0,6}(?:出售|有货|货到付款|同城配送|包邮)",
    ),
    # Vote-for-my-niece phishing: the "contest" link steals the account that logs in to vote.
    (
        "phishing",
        1.2,
        r"vote\s+for\s+(?:my|our)\s+(?:little\s+)?(?:niece|nephew|daughter|son|sister|brother|cousin|godson|goddaughter|kid|child)\b(?:\W+\w+){0,8}?\W+(?:contest|competition|pageant)|(?:click|tap|follow)\s+(?:on\s+)?the\s+link\s+and\s+vote|\b(?:проголосуй\w*|голосуй\w*|отда\w*\s+(?:свой\s+)?голос)\s+(?:\w+\s+){0,3}?(?:за\s+(?:мо|наш)\w+\s+)?(?:племянниц|племянник|дочк|доч|сестр|крестниц|сын)\w*|\b(?:племянниц|племянник|дочк|доч|сестр|крестниц|сын)\w*(?:\W+\w+){0,8}?\W+конкурс\w*(?:\W+\w+){0,8}?\W+(?:проголосуй|голосуй)\w*",
    ),
    # Text-message spam conventions.
    (
        "sms",
        1.1,
        r"\btxt\s+\w+\s+to\s+\d{4,6}|\b(?:text|send|reply)\s+(?:stop|win|yes|claim)\s+to\s+\d{4,6}|call\s+(?:now\s+)?(?:on\s+)?0[89]\d{8,9}|\b0[89]0\d{7,8}\b|\b(?:ringtone|polyphonic|mobile\s+update)\b|(?:£|\$)\d+\s+(?:cash|prize|award|bonus)|(?:urgent|final)\s+(?:notice|attempt|reminder)[!:]|\bt&c'?s?\b|\b150p\b|\b18\+\s*only|valid\s+\d+\s*hrs?",
    ),
    # Property sold by text message: the price "from" so much, the floor area and the kind of
    # home, the pre-sale deposit, the sales office. A member asking about a flat says none.
    (
        "offer",
        1.0,
        r"(?:总价|首付|单价)\s*\d+(?:\.\d+)?\s*万?元?\s*(?:/㎡|/平|每平)?\s*起|\d+\s*(?:平米?|㎡|平方)\S{0,8}(?:洋房|别墅|公寓|大宅|复式|户型|旺铺|商铺)|认筹|售楼(?:处|热线|部)|现房(?:发售|热销|清盘|在售)",
    ),
    # Chinese text-message conventions: the sender's name signed in lenticular brackets at the
    # end ("...详询4006505568【某某眼镜】") and "reply T to unsubscribe". A chat message names
    # films or people in such brackets, a list of them ("【甲】、【乙】") too, but signs off with none.
    (
        "sms",
        1.1,
        r"(?<![、,;])(?<![、,;]\s)【[^【】\s]{2,12}】\s*$|(?:不希望|不想再?)(?:收到|接收)\S{0,6}(?:邮件|信息|短信|此)|退[订定]\S{0,2}(?:邮件|短信)|回复?\s*(?:t|td|n|r)\s*退订|退订\s*请?回复?\s*(?:t|td|n|r)(?![a-z])|拒收请?回复?\s*r(?![a-z])",
    ),
    # Miracle cures and diet pills.
    (
        "health",
        1.0,
        r"lose\s+\d+\s*(?:kg|kilos?|lbs?|pounds)\s+in\s+(?:a|one|\d+)\s+(?:days?|weeks?|months?)|weight[- ]loss\s+(?:tea|pills?|drops|gumm(?:y|ies))|miracle\s+(?:cure|pill)|похуде\w*\s+на\s+\d+\s*кг|без\s+диет\s+и\s+спорт\w*|减肥神药|神药|\d+天瘦\S{0,2}斤|[一二三四五六七八九十两]天瘦[一二三四五六七八九十两\d]+斤",
    ),
    # Money mules: receiving or forwarding other people's money.
    ("job", 1.0, r"代收(?:货款|款)|帮忙\S{0,2}(?:收款|转账)\S{0,4}提成"),
    # The account manager who "managed my account", the platform that "actually pays", the
    # "honest account manager": a testimonial that sells a person or a platform.
    (
        "testimonial",
        1.2,
        r"(?:mr|mrs|ms|miss|madam|dr|sir)\.?\s+[a-z]+\s+(?:\w+\s+)?(?:managed|manages|handled|handles|traded|trades|runs|ran)\s+my\s+(?:(?:trading|investment|crypto|forex)\s+(?:account|portfolio)|trades|investments?|(?:account|portfolio|funds)(?:\W+\w+){0,10}?\W+(?:withdr[ae]w\w*|profits?|earn\w*|returns?|payouts?|(?:\$|£|€)\s?\d|\d[\d,.]*\s?k?\s?(?:\$|usd|usdt|dollars)))|(?:investment|trading|crypto|forex)\s+(?:platform|company|app|site)\s+that (?:actually|really|truly) pays\b|(?:honest|legit|reliable|trustworthy|genuine)\s+(?:account\s+manager|investment\s+(?:manager|expert)|(?:forex\s+|crypto\s+)?(?:trader|broker))",
    ),
    # Sent on to someone else ("message her on WhatsApp", a text ending "message her") or
    # told to ask for the link.
    (
        "contact",
        0.9,
        r"(?:message|text|dm|inbox|contact) (?:her|him)(?:\s+(?:now|today|asap|on\s+(?:whatsapp|telegram|instagram|facebook|signal))|[.!\s]*$)|ask me for (?:the )?link",
    ),
    # Self-promotion by follows and likes: "like my page", "follow me on Instagram, I follow
    # back", "help me reach 1k subs" (a pull to one's own page, as a channel link is).
    (
        "contact",
        0.9,
        r"(?:like|follow|share|visit|support|sign)\s+(?:my|our)\s+(?:\w+\s+)?(?:page|website|blog|channel|campaign|petition|fundraiser|instagram|twitter|facebook|tiktok|shop|store)\b|(?:follow|add)\s+me\s+on\s+(?:instagram|insta|ig|twitter|facebook|tiktok|snapchat|soundcloud|youtube)\b|(?:i\s+will|i'?ll)\s+follow\s+(?:you\s+)?back\b|help\s+me\s+(?:get|reach|hit)\s+(?:\d+\s*k?|more)\s+(?:subs|subscribers|followers|views|likes)\b",
    ),
    # A dating bot's lure by place ("девушки из твоего города ждут знакомства", "singles in
    # your area"), and money help offered to whoever needs it ("кому нужна помощь с деньгами,
    # пишите"). ("Переходи в бот" was tried as a hand-off: a shop's members send each other to
    # its support bot the same way.)
    (
        "adult",
        1.3,
        r"(?:girls|women|singles|ladies|milfs)\s+(?:in|from|near)\s+your\s+(?:city|area|town)\b|девушк\w*\s+(?:из\s+)?(?:твоего|вашего)\s+город\w*|(?:ждут|хотят)\s+(?:\w+\s+){0,2}?знакомств\w*",
    ),
    (
        "loan",
        1.0,
        r"(?<![^\W\d_])(?:кому|всем,?\s+кому|кто)\s+нужн\w*\s+(?:\w+\s+)?(?:помощ\w*\s+с\s+деньгами|деньги\s+срочно|срочно\s+деньги|финансов\w*\s+помощ\w*)|(?<![^\W\d_])помогу\s+(?:с\s+)?деньгами",
    ),
    # The Chinese e-mail and group ad's staples: "surplus" invoices issued to outsiders at a
    # low tax point, adult films by their names, a dating site to register on, and the plea
    # to exchange site links.
    (
        "promo",
        0.9,
        r"(?:剩余|多余|余额)\S{0,8}(?:发票|票)|税点|(?:对外|向外)代开|友情链接",
    ),
    (
        "adult",
        1.3,
        r"黄片|成人片|三级片|三类片|交友(?:站|网)\S{0,30}(?:注册|地址|网址)|想交友吗",
    ),
    # Game cheats, bought accounts and keys, paid boosting: "undetected aimbot, $5 a day",
    # "外挂 5r 一天 稳定防封", "приватный чит, обход античита". The sale, price or guarantee is
    # the ad; cheats and bans alone are what players complain of.
    (
        "cheats",
        1.1,
        r"(?:undetected|private|external|internal|paid|cheap|working)\s+(?:cheats?|hacks?|aimbots?|wallhacks?|esp|spoofers?|mod\s+menus?|injectors?)\b|(?:cheats?|hacks?|aimbots?|wallhacks?|spoofers?|mod\s+menus?|injectors?)\s+(?:for\s+sale|on\s+sale|in\s+stock|(?:is\s+|are\s+)?available\s+(?:now|here|for)|from\s+\$\s?\d|for\s+(?:only\s+)?\$\s?\d|\$\s?\d)|(?:selling|sell|buy|get)\s+(?:cheap\s+|private\s+|undetected\s+)?(?:cheats?|hacks?|aimbots?|wallhacks?|spoofers?|mod\s+menus?)\b|(?:cheap|discount|instant)\s+(?:robux|v-?bucks|uc|game\s+coins|gold\s+coins)\b|(?:robux|v-?bucks|uc)\s+(?:for\s+sale|cheap|at\s+\d+\s?%\s+off)|(?:rank|elo|mmr)\s+boost(?:ing)?\s+(?:service|cheap|available|from)|(?:anti[- ]?ban|ban[- ]?proof)\s+(?:guaranteed|included|protection)|no\s+ban\s+guaranteed",
    ),
    (
        "cheats",
        1.1,
        r"(?:продам|продаю|продажа|купить|приватн\w*|недетект\w*|рабоч\w*|платн\w*)\s+чит\w*|чит\w*\s+(?:на|для)\s+(?:\w+\s+){0,2}?(?:без\s+бана|недорого|от\s+\d|за\s+\d)|обход\w*\s+(?:античит\w*|детект\w*)|без\s+бана\s+гарант\w*|гарант\w*\s+без\s+бана|(?:буст|прокачк)\w*\s+(?:аккаунт\w*|ранг\w*|рейтинг\w*|звани\w*|mmr|эло)\s+(?:недорого|дешево|от\s+\d|за\s+\d)|(?:дешев\w*|недорого)\s+(?:робукс\w*|юси|донат\w*\s+в\s+игр\w*)",
    ),
    (
        "cheats",
        1.1,
        r"(?:外挂|辅助|透视|自瞄|锁头|连点器|工具箱|注入器|挂端|小号机|白号|实名号|成品号|满级号|卡密|激活码|兑换码|点券)\S{0,10}(?:出售|低价|批发|上架|有货|现货|大量|自动发货|包赔|\d+(?:\.\d+)?\s*r(?![a-z])|[一二两三四五六七八九十\d]+\s*[元块](?:钱)?\S?(?:一|每)?\S?(?:天|月|周|个)|月卡|日卡|周卡|永久卡)|(?:出售|低价|批发|上架|代理|收购|回收)\S{0,3}(?:外挂|辅助|透视|自瞄|工具箱|小号|白号|实名号|成品号|满级号|卡密|激活码)|卖\S{0,2}(?:外挂|透视|自瞄|小号|白号|实名号|卡密)|(?:稳定|永久|长期)\S?(?:防封|不封)|防封\S{0,3}(?:稳定|包赔|配置)|绕过\S{0,4}(?:反作弊|检测)|防检测|\d+\s*天不封|代打(?!卡)|代充|上分\S{0,3}(?:包|保)|打金工作室|游戏工作室\S{0,4}(?:招|收)",
    ),
    # An ad that apologises for itself ahead of the admin: "sorry for the ad", "禁商撤回",
    # "если нельзя, удалю". A member with something to say does not ask not to be kicked for it.
    (
        "apology",
        1.1,
        r"sorry\s+(?:for|about)\s+(?:the\s+|this\s+|my\s+)?(?:ad|advert|advertisement|advertising|self[- ]?promo(?:tion)?|promo(?:tion)?)\b|(?:admins?|mods?|moderators?)[,:]?\s+(?:please\s+|pls\s+|plz\s+)?(?:delete|remove)\s+(?:it\s+|this\s+)?if\s+(?:it'?s\s+|this\s+is\s+)?not\s+allowed|(?:admins?|mods?|moderators?)[,:]?\s+(?:please\s+|pls\s+|plz\s+)?(?:don'?t|do\s+not)\s+(?:ban|kick|remove|delete)\s+(?:me|this|it)\b|if\s+(?:ads?|promotion|advertising|self[- ]?promo(?:tion)?)\s+(?:is|are)\s+not\s+allowed",
    ),
    (
        "apology",
        1.1,
        r"(?:извин\w*|прости\w*)\s+за\s+(?:рекламу|самопиар|пиар)|(?:админ\w*|модер\w*)\s*,?\s*(?:не\s+(?:бан\w*|удаля\w*|кика\w*)|удали\w*\s+если\s+(?:нельзя|не\s+по\s+теме))|если\s+(?:реклама\s+)?(?:нельзя|запрещен\w*)\s*,?\s*(?:удал\w*|удалю|удалите)",
    ),
    (
        "apology",
        1.1,
        r"(?:禁商|禁广|禁止广告|商请|禁言商)\S{0,3}(?:撤回?|撤销|勿踢|别踢|不要踢|见谅)|(?:撤回?|撤销)\S{0,2}勿踢|勿踢|(?:如有|若有)打扰\S{0,4}(?:见谅|谅解)|打扰(?:了|到)?您\S{0,12}(?:删|歉意)|管理\S{0,3}(?:勿踢|别踢)",
    ),
    # Urgency and pressure.
    (
        "urgency",
        0.4,
        r"(?:limited|last)\s+(?:spots?|places?|offer|chance)|(?:act|hurry)\s+now|only\s+\d+\s+(?:spots?|places?|slots?|seats?|left)|don'?t\s+miss|осталось\s+\d+\s+мест|успей\w*|(?<![^\W\d_])торопи\w*|名额有限|限时|先到先得",
    ),
)

# Entries written for Chinese text (Han characters, the 【】 of text messages, the yuan sign).
_CHINESE_ENTRY = re.compile(r"[\u4e00-\u9fff【】￥¥]")


def category_source(category: str) -> str:
    """One combined pattern per category, so a clean message is cleared with few regex passes.

    The English and Russian entries are tried only where no Latin letter comes before: their
    English words start a word anyway, and most positions of a text are passed over at once (the
    category searches take about a third less time on the evaluation set). Russian words may be
    matched inside a longer one ("работ" in "подработка"), and Chinese entries anywhere.
    """
    alphabetic = [p for c, _, p in _RAW if c == category and not _CHINESE_ENTRY.search(p)]
    chinese = [p for c, _, p in _RAW if c == category and _CHINESE_ENTRY.search(p)]
    parts = [f"(?<![a-z])(?:{'|'.join(f'(?:{p})' for p in alphabetic)})"] if alphabetic else []
    return "|".join([*parts, *(f"(?:{p})" for p in chinese)])


# The categories in the lexicon's order (the order `matching` answers in).
CATEGORIES: tuple[str, ...] = tuple(dict.fromkeys(c for c, _, _ in _RAW))


class _Compiled(Mapping[str, re.Pattern[str]]):
    """Each category's whole pattern, compiled when first asked for. The policies search a
    category a piece at a time (`policies.phrasesearch`); the whole pattern is the reference the
    tests hold them to, and compiling all of them at import took about 240 ms of start-up."""

    def __init__(self) -> None:
        self._compiled: dict[str, re.Pattern[str]] = {}

    def __getitem__(self, category: str) -> re.Pattern[str]:
        pattern = self._compiled.get(category)
        if pattern is None:
            if category not in CATEGORIES:
                raise KeyError(category)
            pattern = self._compiled[category] = compile_alternation(category_source(category))
        return pattern

    def __contains__(self, category: object) -> bool:
        return category in CATEGORIES

    def __iter__(self) -> Iterator[str]:
        return iter(CATEGORIES)

    def __len__(self) -> int:
        return len(CATEGORIES)


CATEGORY_ANY: Mapping[str, re.Pattern[str]] = _Compiled()


def _entry_condition(pattern: str) -> str:
    """The condition `category_source` puts before an entry, kept by each piece of it: no Latin
    letter before an alphabetic entry, none on a Chinese one."""
    return "" if _CHINESE_ENTRY.search(pattern) else "(?<![a-z])"


# The fast search of the table (nothing analysed until a category is first asked of, so import
# stays cheap): answers exactly as `CATEGORY_ANY` does, tests/policies/test_lexicon_fastpath.py
# holds that.
_PHRASES = PhraseSearch(((c, p) for c, _, p in _RAW), _entry_condition)


def warm_steps() -> Iterator[None]:
    """Analyse every category and compile every piece ahead of need, a small step at a time
    (`PhraseSearch.warm_steps`); once a process."""
    return _PHRASES.warm_steps()


def matching(
    norm: str, gates: frozenset[str], among: Iterable[str] | None = None
) -> tuple[str, ...]:
    """The categories (of `among`, or all) whose gate opened (`policies.gates`) and whose phrases
    a normalised text uses, in the lexicon's order. A shut gate is an exact no: no pattern can
    match without one of its gate words (tests/policies/test_gates.py holds that)."""
    if not gates:
        return ()  # most chat: no gate word, nothing to search
    wanted = CATEGORIES if among is None else among
    search = _PHRASES.search
    return tuple(c for c in CATEGORIES if c in gates and c in wanted and search(norm, c))


def speaks(norm: str, gates: frozenset[str], category: str) -> bool:
    """Whether a normalised text uses one category's phrases (its gate open and a pattern
    matching)."""
    return category in gates and _PHRASES.search(norm, category)
