"""Traditional Chinese characters folded to their simplified forms, for matching only.

Ads in Taiwan, Hong Kong and overseas groups are written in traditional characters; the lexicon
and most seed samples are simplified. Full conversion libraries (OpenCC and its ports) convert
phrase by phrase in Python, far too slow for every message; one `str.translate` over the few
hundred characters that ads and shop chat actually use costs well under a microsecond.
"""

from __future__ import annotations

_TRADITIONAL = (
    "職賺錢幣娛樂場資訊聯繫專業貸額號帳賬戶證會員單價優領獎紅線網賭體點擊鏈進約詳細請"
    "問這還貨們個來說時間後發現開關無過對麼與為從學兒媽寶當結賣買車門費運郵題謝確認驗"
    "凍險億萬穩盤幫數據實頭氣應該讓話東長見電視頻機戲遊撲勵傭轉匯換銀計劃準屬雙漲掃碼"
    "記憑絡總統營廣訂務補貼鑽禮贈讚絲評論銷觀覽愛歡選擇導師帶級簡輕鬆夥飛衛齊豐麗華歲"
    "兩嗎讀寫聽賽棄絕緊備獲勝敗贏輸賠蘋聖誕節紙貴賤區縣國際島灣臺醫藥療減脫髮膚腎壯陽"
    "妳軟裝鏡錶條義權積薦僅搶購團貳參陸閱設臉書傳遞獨內預測註冊儲値辦歷護駕執簽談賴闆"
    "廳徵稅罰錯誤隊擔覺遠離鄰陰腦龍鳳樓鳥魚貓"
)
_SIMPLIFIED = (
    "职赚钱币娱乐场资讯联系专业贷额号账账户证会员单价优领奖红线网赌体点击链进约详细请"
    "问这还货们个来说时间后发现开关无过对么与为从学儿妈宝当结卖买车门费运邮题谢确认验"
    "冻险亿万稳盘帮数据实头气应该让话东长见电视频机戏游扑励佣转汇换银计划准属双涨扫码"
    "记凭络总统营广订务补贴钻礼赠赞丝评论销观览爱欢选择导师带级简轻松伙飞卫齐丰丽华岁"
    "两吗读写听赛弃绝紧备获胜败赢输赔苹圣诞节纸贵贱区县国际岛湾台医药疗减脱发肤肾壮阳"
    "你软装镜表条义权积荐仅抢购团贰参陆阅设脸书传递独内预测注册储值办历护驾执签谈赖板"
    "厅征税罚错误队担觉远离邻阴脑龙凤楼鸟鱼猫"
)

TRADITIONAL_TO_SIMPLIFIED = str.maketrans(_TRADITIONAL, _SIMPLIFIED)


def simplify(text: str) -> str:
    """Fold the common traditional characters of a text to simplified ones."""
    return text.translate(TRADITIONAL_TO_SIMPLIFIED)
