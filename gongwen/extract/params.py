"""Parameters of a duty, each a small function from a sentence to values: deadline, frequency,
quantities (ratios, money, counts, measures) and contacts. General grammar only: no word here
belongs to one policy area."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from gongwen.extract.numbers import CN_NUM_CHARS, NUMBER, as_int, scaled, to_number
from gongwen.ingest.normalize import ITEM_LABEL
from gongwen.models import Contact, Deadline, Frequency, Quantity

# ---- deadlines ----------------------------------------------------------------------------

_Y = r"((?:19|20)\d\d)\s*年"
_TO = "[至到—–－~～-]"  # between the two ends of a range or a window (5万元至10万元, 20～30%, 6月-7月)
_ABS_DATE = re.compile(
    rf"(?:于|在|至|截至|截止到?|到)?\s*{_Y}\s*(\d{{1,2}})\s*月\s*(\d{{1,2}})\s*日\s*(?:[（(][^）)]{{1,6}}[）)])?"
    r"\s*(前|之前|以前|止|为止|截止|到期)"
)
# the names of a month, a quarter and a half-year, each with its number or half in a group
_MONTH_NAME = rf"(\d{{1,2}}|[{CN_NUM_CHARS}]{{1,3}})\s*月"
_QUARTER_NAME = r"第?([一二三四1-4])\s*季度"
_HALF_NAME = r"([上下])半年"
# 6月底前, 6月末, and 2025年6月前 (by the end of June, as 一季度前 is by the end of the quarter)
_MONTH_END = re.compile(rf"(?:于|在|至|截至)?\s*(?:{_Y})?\s*{_MONTH_NAME}"
                        r"(?:(?:底|末)\s*(?:前|之前|以前)?|份?\s*(?:前|之前|以前))")
# 2022年3月上旬 (by the 10th), 中旬 (by the 20th), 下旬 (by the month's end)
_TEN_DAYS = re.compile(rf"(?:于|在|至)?\s*(?:{_Y})?\s*{_MONTH_NAME}\s*([上中下])旬(?:前|之前|以前)?")
_YEAR_END = re.compile(rf"(?:于|在|至|截至|力争)?\s*(?:{_Y[:-4]}|(今|本|明)年)\s*(?:年){{0,2}}(?:底|末)(前|之前|以前)?")
# 第一季度前, and the label of a schedule's item (第二季度：完成项目审批): by the end of that quarter
_QUARTER = re.compile(rf"(?:{_Y})?\s*{_QUARTER_NAME}(?:末|底)?\s*(?:前|之前|以前|内|(?=[：:]))")
# an item of a schedule opens with its time and a colon (第二季度：…, 6月底前：…): a step to take by then
SCHEDULE_ITEM = re.compile(rf"^(?:{_Y})?\s*(?:{_QUARTER_NAME}|{_HALF_NAME}|{_MONTH_NAME}(?:底|末)?)"
                           r"(?:前|之前|以前)?[：:]")
_HALF = re.compile(rf"(?:{_Y})?\s*{_HALF_NAME}(?:前|底前|内)")
# 3月25日前, 分别于3月25日、6月25日前: a day in the notice's year (the first of a list)
_DAY = re.compile(r"(?:于|在|至|截至|分别于)?\s*(?<![\d年])(\d{1,2})\s*月\s*(\d{1,2})\s*日"
                  r"(?:\s*[、,，和及]\s*\d{1,2}\s*月\s*\d{1,2}\s*日)*\s*(?:[（(][^）)]{1,6}[）)])?\s*(?:前|之前|以前|止|为止)")
# 2023年7月1日至8月15日，开展…; 7月至9月; 2025年1-7月，…: the work is done within the window, so by its last day
# (not 每年3月至5月, a season, nor 有效期为…至…, a validity, nor a window that is a value or a modifier:
# 采集时相为6月-7月, 采集的6月-7月、11月-12月影像)
_WINDOW = re.compile(rf"(?<![为是、\d年])(?:{_Y})?\s*\d{{1,2}}\s*"
                     rf"(?:月(?:\s*\d{{1,2}}\s*日)?\s*{_TO}|[-－~～])"
                     rf"\s*(?:{_Y})?\s*(\d{{1,2}})\s*月(?:\s*(\d{{1,2}})\s*日)?(?![底末]|\s*[、的])")
# “十四五”期间: by the end of a five-year plan (the 3rd plan began in 1966, one every five years since)
_PLAN = re.compile(r"(?:在|于)?[“\"]?十([一二三四五六七八九])五[”\"]?(?:期间|时期|末)(?:内|前)?")
# 2023年，…增长30%; …，2017年本区绿色账户要新增…: a year opening a clause is the year its target is for
# (2025年-2026年，…: by the end of the last; 2025年8月，…: of that month)
_YEAR_LEAD = re.compile(rf"(?:^{ITEM_LABEL}?|(?<=[，,；;]))\s*(?:力争|到|至|在|于)?"
                        rf"\s*(?:(?:19|20)\d\d年?\s*{_TO}\s*)?{_Y}(?:\s*(\d{{1,2}})\s*月(?=[，,]))?"
                        rf"(?![\d月度底末初内前后以来起]|[，,]?(?:以来|起))")
# 承保前应…, 批准前，…应当…, 在出厂前进行…: before an event, with no length of time (an event, not a year: 在2025年前)
_EVENT = re.compile(r"在([^\d，。；、在于此这其（）()]{2,12}?)(?:前|之前|以前)(?![提期景列沿端台])"
                    r"|(?:于)?([^，。；、在于此这其（）()]{2,12}?)(?:前|之前|以前)(?=[，,]|应|须|要|必须)")
_TIME_UNIT = r"(?P<unit>工作日|自然日|日|天|小时|分钟|周|星期|个月|月|年)"  # of a period counted to a deadline
_REL = re.compile(rf"(?<![月\d])(?P<num>{NUMBER})\s*(?:个)?\s*{_TIME_UNIT}\s*(?P<dir>内|以内|之内|前|以前|之前)")
# 提前1天张贴, 提前三年完成, 清洗消毒前24小时（告知用户）: a lead time before an event (not 每月前10日, the
# first days of a period)
_AHEAD = re.compile(rf"(?:提前|(?<=[\u4e00-\u9fff])(?<![年月季周日天期])前)"
                    rf"\s*(?P<num>{NUMBER})\s*(?:个)?\s*{_TIME_UNIT}")
# 驾驶员48小时内核酸检测阴性证明, 近3个月内的缴费凭证: a period that says how recent a document must
# be, not when an act is due. A due period follows 在/于/后/起 (应在24小时内出具检测结果, 发生后10日内…) or
# a verb comes between it and the document (10日内整改并反馈结果).
_VALIDITY = re.compile(r"的?[^，。；：、,;:将把并向对出提报交送作开办完进上录填整]{0,10}?"
                       r"(?:证明|结果|凭证|报告单|证书|记录)(?![^，。；]{0,2}[报送交])")
_DUE_BEFORE = re.compile(r"[在于后起限]\s*$")
_ANCHOR_STOP = re.compile(r"[，。；：、,;:（）()]|应当|应|须|要|必须|务必|并|在|于|自|从|起")
# a step allowed only after the event before it (…报备后，方可拆除，并在24小时内注销): a period in the
# clause after it counts from that step
_STEP_BEFORE = re.compile(r"[，,](?:方可|才能|才可|即可)([^，。；,;]{2,12})[，,]\s*并\s*(?:在|于)?\s*$")
_UNIT_ISO = {"小时": "H", "分钟": "M",  # of a time: PT2H, PT10M
             "日": "D", "天": "D", "自然日": "D", "周": "W", "星期": "W", "个月": "M", "月": "M", "年": "Y"}


def _is_validity(sentence: str, m: re.Match) -> bool:
    """A period (`_REL`) that says how recent a document must be (48小时内核酸检测阴性证明)."""
    return (m.group("dir") in ("内", "以内", "之内") and not _DUE_BEFORE.search(sentence, 0, m.start())
            and _VALIDITY.match(sentence, m.end()) is not None)


def _last_day(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def _anchor_before(sentence: str, start: int) -> str | None:
    """The event a relative deadline counts from: the words right before the number, back to a
    clause boundary or a modal, without 自/从…起/后/之日起."""
    head = sentence[:start]
    cut = 0
    for m in _ANCHOR_STOP.finditer(head):
        if m.end() < len(head):
            cut = m.end()
    anchor = head[cut:].strip()
    anchor = re.sub(r"(之日起|之日|起|后|以后|之后)$", lambda m: "之日" if m.group(1).startswith("之日") else "",
                    anchor)
    anchor = re.sub(r"^(自|从|在|于)", "", anchor)
    if len(anchor) < 2:
        # the anchor stands in an earlier clause: 自本通知发文之日起，…3个月内; 在接报信息后，应当在2小时内
        if m := _STEP_BEFORE.search(head):
            anchor = m.group(1)
        elif m := re.search(r"(?:自|从)([^，。；]{2,20}?)(?:之日)?起", head):
            anchor = m.group(1) + ("之日" if "之日" in m.group(0) else "")
        elif m := re.search(r"([^，。；]{2,20}?)(?:以后|之后|后)[，,]", head):
            anchor = re.sub(r"^[^在于]*[在于]", "", m.group(1))  # 各单位在接报信息后: the event, not who
    return anchor or None


# a date that describes the object of 对 (对2015年9月底前到期的客运班线): it says which, not by when
_OBJECT_DATE = re.compile(r"(?<=[对凡])[^，。；：、的]{2,16}?(?:前|之前|以前|内|以内)(?=[^，。；：、的]{1,6}的)")
# （不含2年内新建的菜市场）: a note on what a rule leaves out or takes in; its times set no deadline
_SCOPE_NOTE = re.compile(r"[（(](?:不含|不包括|含|包括|除)[^（()）]*[）)]")


def deadline(sentence: str, year: int | None = None, parties: re.Pattern[str] | None = None) -> Deadline:
    """The sentence's deadline: an absolute date, a period counted from an event, or none."""
    for note in (_OBJECT_DATE, _SCOPE_NOTE):  # blanked: offsets stay
        sentence = note.sub(lambda m: " " * len(m.group(0)), sentence)
    if m := _ABS_DATE.search(sentence):
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if 1 <= mo <= 12 and 1 <= d <= calendar.monthrange(y, mo)[1]:
            return Deadline(kind="date", date=f"{y:04d}-{mo:02d}-{d:02d}", inclusive=True, text=m.group(0).strip())
    if (m := _DAY.search(sentence)) and year:
        mo, d = int(m.group(1)), int(m.group(2))
        if 1 <= mo <= 12 and 1 <= d <= calendar.monthrange(year, mo)[1]:
            return Deadline(kind="date", date=f"{year:04d}-{mo:02d}-{d:02d}", inclusive=True, text=m.group(0).strip())
    if (m := _WINDOW.search(sentence)) and not re.search(r"每年|有效期", sentence[max(0, m.start() - 8):m.start()]):
        y = int(m.group(2) or m.group(1) or 0) or year
        mo, d = int(m.group(3)), m.group(4)
        if y and 1 <= mo <= 12 and (d is None or 1 <= int(d) <= calendar.monthrange(y, mo)[1]):
            date = f"{y:04d}-{mo:02d}-{int(d):02d}" if d else _last_day(y, mo)
            return Deadline(kind="date", date=date, inclusive=True, text=m.group(0).strip())
    if m := _MONTH_END.search(sentence):
        y = int(m.group(1)) if m.group(1) else year
        mo = as_int(to_number(m.group(2)))
        if y and mo and 1 <= mo <= 12:
            return Deadline(kind="date", date=_last_day(y, mo), inclusive=True, text=m.group(0).strip())
    if m := _TEN_DAYS.search(sentence):
        y = int(m.group(1)) if m.group(1) else year
        mo = as_int(to_number(m.group(2)))
        if y and mo and 1 <= mo <= 12:
            day = {"上": "10", "中": "20"}.get(m.group(3))
            date = f"{y:04d}-{mo:02d}-{day}" if day else _last_day(y, mo)
            return Deadline(kind="date", date=date, inclusive=True, text=m.group(0).strip())
    if m := _QUARTER.search(sentence):
        y = int(m.group(1)) if m.group(1) else year
        q = as_int(to_number(m.group(2)))
        if y and q and 1 <= q <= 4:
            return Deadline(kind="date", date=_last_day(y, q * 3), inclusive=True, text=m.group(0).strip())
    if m := _HALF.search(sentence):
        y = int(m.group(1)) if m.group(1) else year
        if y:
            return Deadline(kind="date", date=_last_day(y, 6 if m.group(2) == "上" else 12), inclusive=True,
                            text=m.group(0).strip())
    if (m := _YEAR_END.search(sentence)) and (m.group(1) or year):
        y = int(m.group(1)) if m.group(1) else (year or 0) + (1 if m.group(2) == "明" else 0)
        return Deadline(kind="date", date=f"{y:04d}-12-31", inclusive=True, text=m.group(0).strip())
    due = (m for m in _REL.finditer(sentence) if not _is_validity(sentence, m))
    if (m := next(due, None)) and (duration := _duration(m)):
        anchor = _without_party(_anchor_before(sentence, m.start()), parties)
        start = sentence.find(anchor) if anchor and anchor in sentence[: m.start()] else m.start()
        return Deadline(kind="relative", anchor=anchor, duration=duration, text=sentence[start:m.end()].strip())
    if (m := _AHEAD.search(sentence)) and (duration := _duration(m)):
        return Deadline(kind="relative", duration=duration, text=m.group(0))
    if m := _PLAN.search(sentence):
        end = 1966 + 5 * (10 + int(to_number(m.group(1)) or 0) - 3) + 4
        return Deadline(kind="date", date=f"{end}-12-31", inclusive=True, text=m.group(0))
    if m := _EVENT.search(sentence):
        anchor = _without_party(m.group(1) or m.group(2), parties)
        return Deadline(kind="relative", anchor=anchor, text=m.group(0))
    if (m := _YEAR_LEAD.search(sentence)) and 1 <= int(m.group(2) or 12) <= 12:
        return Deadline(kind="date", date=_last_day(int(m.group(1)), int(m.group(2) or 12)), inclusive=True,
                        text=m.group(0).strip())
    return Deadline()


def _without_party(anchor: str | None, parties: re.Pattern[str] | None) -> str | None:
    """承保机构新签保单 → 新签保单: the party is not the event."""
    if not anchor or parties is None:
        return anchor
    return parties.split(anchor)[-1] or anchor


def _duration(m: re.Match) -> str | dict | None:
    """`3个月` → P3M, `24小时` → PT24H, `10分钟` → PT10M, `10个工作日` → {"working_days": 10}."""
    value = as_int(to_number(m.group("num")))
    if not value:
        return None
    unit = m.group("unit")
    if unit == "工作日":
        return {"working_days": value}
    return f"PT{value}{_UNIT_ISO[unit]}" if unit in ("小时", "分钟") else f"P{value}{_UNIT_ISO[unit]}"


# ---- frequency ----------------------------------------------------------------------------

_PER = [
    (re.compile(r"每(?:个)?(?:保单|保险)(?:期间|期|年度)"), "policy_period"),
    (re.compile(r"每(?:个)?季度|按季度?|每季"), "quarter"),
    (re.compile(r"每半年|每(?:个)?半年度"), "half_year"),
    (re.compile(rf"每(?P<n>[{CN_NUM_CHARS}\d]+)年"), "years"),
    (re.compile(r"每(?:一)?年度?|每年|按年度?|年度内"), "year"),
    (re.compile(r"每半(?:个)?月"), "half_month"),
    (re.compile(rf"每(?P<n>[{CN_NUM_CHARS}\d]+|双)(?:个)?月"), "months"),
    (re.compile(r"每(?:个)?月|按月|每月"), "month"),
    (re.compile(r"每(?:一)?周|每星期|按周"), "week"),
    (re.compile(r"每(?:一)?(?:日|天)|按日|逐日"), "day"),
    (re.compile(r"定期"), "regular"),
]
_COUNT = re.compile(rf"(?:(至少|不少于|不低于|最少)\s*)?(?:[^，。；]{{0,24}}?)(?<![第每])({NUMBER})\s*(?:次|轮|回)")
_DAYS_OF = re.compile(rf"(?:集中|固定|选定|安排)?({NUMBER})(?:个)?天(?![内前后])")
_CYCLE = re.compile(r"(?<![\d〇零一二三四五六七八九十本上下全该当整计])(季度|年度|月度)、?[^，。；、]{0,10}?"
                    r"(?:报送|报告|考核|评估|评定|评选|评价|检查|自评|自查|总结|计划|方案|调度|通报|分析)")
_ONCE_PER = re.compile(rf"([{CN_NUM_CHARS}\d]+)(年|季度|月|周|日|天)([{CN_NUM_CHARS}\d]+)次")
# “一月一查”, 一季一报, 一年一度: once in each period
_ONE_EACH = re.compile(r"一(年|季度?|月|周|日|天)一[\u4e00-\u9fff]")
_PERIODS = {"年": "year", "季度": "quarter", "季": "quarter", "月": "month", "周": "week", "日": "day", "天": "day"}


_OUTCOME = ("情况", "结果", "成绩", "数据", "工作中")


def _when(sentence: str, at: int) -> bool:
    """Inside a clause of time (定期评估时，…应当…): it says when, not how often the duty recurs."""
    clause = re.split(r"[，。；：]", sentence[at:], maxsplit=1)[0]
    return clause.endswith(("时", "之时", "期间")) and len(clause) < len(sentence) - at


def frequency(sentence: str) -> Frequency | None:
    """How often a duty recurs: `每季度…一次` → once a quarter; `在每个保单期间内…至少…一次`."""
    if m := _ONCE_PER.search(sentence):  # 一年一次, 一季度两次
        return Frequency(min_count=as_int(to_number(m.group(3))), per=_PERIODS[m.group(2)], text=m.group(0))
    if m := _ONE_EACH.search(sentence):
        return Frequency(min_count=1, per=_PERIODS[m.group(1)], text=m.group(0))
    found = [(m, per) for pattern, per in _PER if (m := pattern.search(sentence)) and not _when(sentence, m.end())]
    # the period written first; 定期 only when no period is named (定期开展，每年不少于2次 is twice a year)
    for m, per in sorted(found, key=lambda x: (x[1] == "regular", x[0].start())):
        if per in ("years", "months"):  # 每两年 → 2_years, 每双月 → 2_months
            n = 2 if m.group("n") == "双" else as_int(to_number(m.group("n")))
            if not n:
                continue
            per = per[:-1] if n == 1 else f"{n}_{per}"
        tail = sentence[m.end():]
        if per not in ("day", "regular") and (days := _DAYS_OF.match(tail)):  # 每月集中一天: the day it recurs on
            return Frequency(min_count=as_int(to_number(days.group(1))), per=per, text=m.group(0) + days.group(0))
        # 二次 after a preposition or a conjunction is "secondary" (对二次供水设施开展一次巡查), not twice
        count = next((c for c in _COUNT.finditer(tail) if (c.group(2), "次") not in _NOT_A_COUNT
                      or tail[max(c.start(2) - 1, 0):c.start(2)] not in ("", "对", "的", "和", "与", "及", "、", "在")),
                     None)
        # 每日登录, 每五年评估: a period with no count recurs once in it; 定期 says no more than "regularly"
        min_count = as_int(to_number(count.group(2))) if count else None if per == "regular" else 1
        text = sentence[m.start(): m.end() + count.end()] if count else m.group(0)
        return Frequency(min_count=min_count, per=per, text=text)
    m = _CYCLE.search(sentence)  # 季度报送, 年度考核: an activity named by its cycle
    if m and not sentence.startswith(_OUTCOME, m.end()):  # 年度报送情况 names the reports, not a duty
        return Frequency(min_count=1, per={"季度": "quarter", "年度": "year", "月度": "month"}[m.group(1)],
                         text=m.group(0))
    return None


# ---- quantities ---------------------------------------------------------------------------

# 不少于, 不得少于, 不应小于: a comparison denied, perhaps with a modal between (at least, or at most)
_DENIED = ("不", "不得", "不应", "不应当", "不宜", "不能", "不可")
_ABOVE, _BELOW = ("高于", "超过", "大于"), ("低于", "少于", "小于")
_NOT_ABOVE = tuple(no + word for no in _DENIED for word in _ABOVE)  # 不超过: at most
_NOT_BELOW = tuple(no + word for no in _DENIED for word in _BELOW)  # 不少于: at least
_LOWER = ("至少", "最低", "达到", "达", "以上", *_ABOVE, *_NOT_BELOW)
_UPPER = ("最高", "最多", "以下", "以内", *_BELOW, *_NOT_ABOVE, "控制在",
          "只可", "只能", "只限", "仅可", "仅能", "仅限")  # 一证只可用于一条线路: one at most
_DENIED_PATTERN = "|".join(sorted(_NOT_ABOVE + _NOT_BELOW, key=len, reverse=True))
_EXCLUSIVE = _ABOVE + _BELOW  # 高于20% leaves 20% out


def _post(name: str = "post", words: str = "以上|以下|以内") -> str:
    """以上/以下/以内 after a figure, also written 及以上 or （含）以上 (the figure itself included, as always)."""
    return rf"(?:(?:及|[（(]含[）)])?(?P<{name}>{words}))?"


_PERCENT = re.compile(rf"(?:(?P<num>\d+(?:\.\d+)?)\s*[%％]|百分之(?P<cn>[{CN_NUM_CHARS}]+)){_post()}")
_DIRECTION = re.compile("|".join(sorted(set(_LOWER + _UPPER) - {"以上", "以下", "以内"}, key=len, reverse=True)))
_MONEY = re.compile(rf"(?P<a>{NUMBER})\s*(?P<am>万|亿|千)?元\s*{_post('apost')}")
# a length of time (保存一年, 24小时以上的间隔, 不得超过3天); `3个月内`, `7日后` are deadlines, `2023年`, `5日` dates
_DURATION = re.compile(
    rf"(?P<pre>{_DENIED_PATTERN}|至少|最多|最少|超过|满)?\s*(?<![第每近\d.{CN_NUM_CHARS}])(?<!提前)"
    rf"(?P<num>\d{{1,3}}(?:\.\d+)?|[{CN_NUM_CHARS}]+)\s*"
    r"(?P<unit>小时|分钟|个工作日|工作日|个自然日|自然日|天|个月|周(?!岁)|个星期|年(?![度底末初内前后月\d]|以来))"
    rf"{_post(words='以上|以下')}(?![内后前起来]|行动|计划|规划)"
)
# a price as a share of another (市场租金的九折以下, 8.5折): 九折 is 90%
_DISCOUNT = re.compile(
    rf"(?P<num>\d(?:\.\d)?|[{CN_NUM_CHARS}]{{1,2}})\s*折(?![合算旧扣叠返射]){_post()}")
# a multiple of another figure (租金标准的2倍, 准入限额1.5倍以内): a ratio, 2 for 2倍 (not 加倍 nor 倍增: no figure)
_MULTIPLE = re.compile(rf"(?P<num>\d+(?:\.\d+)?|[{CN_NUM_CHARS}]{{1,3}})\s*倍(?!增){_post()}")
_EITHER = re.compile(rf"((?:{NUMBER})[\u4e00-\u9fff]{{0,2}}?)或(?=(?:{NUMBER})[\u4e00-\u9fff]{{0,2}}?以[上下])")
_SHORT_QUOTE = re.compile(r"[“\"][^”\"，。；]{1,12}[”\"]")
_PEOPLE = {"人", "名", "人次"}
# 光明食品（集团）有限公司等3家单位, 上述3家单位: the number of the bodies just named, no quantity set
_BODIES = {"家", "个", "所"}
_NAMED_BEFORE = re.compile(r"(?:等|上述|前述|以上|这)$")
_NOT_A_COUNT = {("二", "次"), ("一", "批"), ("一", "套")}  # 二次污染 (secondary), 一批 and 一套 (some, a set of)
_MEASURE = {"平方公里", "平方米", "公顷", "亩", "公里", "千瓦时", "万千瓦", "千瓦", "兆瓦", "总吨", "吨", "立方米",
            "米", "兆帕", "千帕", "分贝", "千伏", "毫米", "厘米", "MPa", "kPa", "dB", "kV", "mm", "cm", "km", "m", "℃",
            "千克", "公斤", "克", "毫克", "kg", "mg", "㎡", "m²", "m³",
            "MB", "GB", "KB", "M"}  # sizes of files (单个文件不超过50M)
_COUNT_UNITS = set("家 份 项 件 处 台 辆 艘 条 所 批 户 间 栋 座 套 人次 人 名 夜".split())
_MEASURE_UNIT = "|".join(map(re.escape, sorted(_MEASURE, key=len, reverse=True)))
_MEASURE_ALONE = re.compile(rf"(?:{NUMBER})(?:{_MEASURE_UNIT})")  # a measure and nothing else (五厘米)
_COUNTABLE = re.compile(
    rf"(?P<pre>{_DENIED_PATTERN}|至少|最多|最少|超过|低于|约|共|前)?\s*"
    # 任何一人 (any one), 每一次 (each time), 其中一个 (one of them) and 最后一个 (the last) count nothing
    rf"(?<![第每\d.{CN_NUM_CHARS}])(?<!任)(?<!任何)(?<!最后)(?!(?<=其中)一)(?P<num>{NUMBER})\s*(?P<scale>万(?!千瓦)|亿)?\s*"
    # 一个完整年度, 一个会计年度, 下调一个级别: a period or a step on a scale, no count of things
    r"(?P<unit>次(?!性)|个(?!月|工作日|小时|季度|自然日|星期|完整|会计|年度|级别|等次|档次)|"
    + "|".join(map(re.escape, sorted(_COUNT_UNITS | _MEASURE, key=len, reverse=True))) + ")"
    + _post()
)
# a ratio written as two numbers (按不低于1:1比例配套) or as one after the ratio's name (补占面积比超过1.05)
_RATIO_PAIR = re.compile(r"(?P<a>\d+(?:\.\d+)?)\s*[:：]\s*(?P<b>\d+(?:\.\d+)?)(?=\s*(?:的)?(?:比例|配套|比))")
_RATIO_NAMED = re.compile(r"(?P<name>[\u4e00-\u9fff]{1,8}?(?:之比|比值|比|率|系数))\s*(?:应|要|须)?\s*"
                          rf"(?P<pre>{_DENIED_PATTERN}|超过|高于|低于|大于|小于|达到|为)?\s*"
                          r"(?P<num>\d+(?:\.\d+)?)(?=$|[的，。；、,;）)”’\"」\s]|以上|以下)")
_OF_AFTER = re.compile(r"^的?([\u4e00-\u9fff]{1,8}?)(?:比例|比重|的比例)")
_OF_BEFORE = re.compile(r"([\u4e00-\u9fff]{1,6}?)(?:的|总额的|总量的)$")
_RATE_NAME = re.compile(r"([\u4e00-\u9fff]{0,6}?(?:率|比例|占比|比重))(?:达到|达|为|要|应|不低于|不少于|保持)?$")


@dataclass
class _Bound:
    low: float | None
    high: float | None
    low_inc: bool | None
    high_inc: bool | None


def _direction_before(sentence: str, start: int) -> str | None:
    """The last comparison word in the few characters before a number: 不低于…20%; not an adjective
    before 的 (收入最低的2个岗位 are two posts, not at least two) nor a place (距地面最低点25厘米)."""
    window = sentence[max(0, start - 14):start]
    window = re.split(r"[，。；、]", window)[-1]
    found = [m for m in _DIRECTION.finditer(window) if not window.startswith(("的", "点", "处"), m.end())]
    return found[-1].group(0) if found else None


def _bound(value: float, pre: str | None, post: str | None) -> _Bound:
    word = pre or ""
    if post in ("以上",) or word in _LOWER:
        inc = word not in _EXCLUSIVE
        return _Bound(value, None, inc, None)
    if post in ("以下", "以内") or word in _UPPER:
        inc = word not in _EXCLUSIVE
        return _Bound(None, value, None, inc)
    return _Bound(value, value, True, True)


def _ratio_of(sentence: str, m: re.Match, pre: str | None) -> str | None:
    """What a percentage is a share of: `20%的保费比例`, `不低于保费的20%`, `投保率100%`."""
    after = _OF_AFTER.match(sentence[m.end():])
    if after:
        return after.group(1)
    before = sentence[: m.start()]
    if pre and pre in before[-14:]:
        gap = before[before.rfind(pre) + len(pre):]
        g = _OF_BEFORE.search(gap)
        if g:
            return g.group(1)
        before = before[: before.rfind(pre)]
    rate = _RATE_NAME.search(before)
    if rate and rate.group(1):
        return rate.group(1)
    g = _OF_BEFORE.search(before)
    return g.group(1) if g else None


def quantities(sentence: str, skip: list[tuple[int, int]] | None = None,
               rhythm: tuple[int, int] | None = None) -> list[Quantity]:
    """Ratios, money, counts and measures in a sentence, each with its bounds and unit.

    `skip` holds spans already read as a deadline (`3个月`); `rhythm` the span read as the frequency, whose
    counts and lengths are its own (`一次`) but not the ratios or money between its words (每年至少抽取总数的
    20%开展一次); a short quoted term is a name (“一次告知”, “两码一证”), not a quantity."""
    # (but a quoted measure is one: 超过“五厘米”的积水)
    names = [m.span() for m in _SHORT_QUOTE.finditer(sentence) if not _MEASURE_ALONE.fullmatch(m.group(0)[1:-1])]
    # 两个或两个以上: the first number only opens the bound the second closes
    either = [m.span(1) for m in _EITHER.finditer(sentence)]
    taken: list[tuple[int, int]] = list(skip or []) + names + either

    def free(a: int, b: int, counted: bool = False) -> bool:
        return all(b <= s or a >= e for s, e in taken + ([rhythm] if counted and rhythm else []))

    out: list[tuple[int, Quantity]] = []  # each quantity with the offset its text ends at
    for m in _PERCENT.finditer(sentence):
        value = float(m.group("num")) if m.group("num") else to_number(m.group("cn") or "")
        if value is None or not free(m.start(), m.end()):
            continue
        pre = _direction_before(sentence, m.start())
        b = _bound(value / 100, pre, m.group("post"))
        text = sentence[_text_start(sentence, m.start(), pre):m.end()]
        out.append((m.end(), _ratio(b, text, _ratio_of(sentence, m, pre))))
        taken.append((m.start(), m.end()))
    for m in _RATIO_PAIR.finditer(sentence):
        if not free(m.start(), m.end()) or float(m.group("b")) == 0:
            continue
        pre = _direction_before(sentence, m.start())
        b = _bound(float(m.group("a")) / float(m.group("b")), pre, None)
        out.append((m.end(), _ratio(b, sentence[_text_start(sentence, m.start(), pre):m.end()])))
        taken.append((m.start(), m.end()))
    for m in _RATIO_NAMED.finditer(sentence):
        if not free(m.start("num"), m.end()):
            continue
        b = _bound(float(m.group("num")), m.group("pre"), None)
        out.append((m.end(), _ratio(b, sentence[m.start("name"):m.end()], m.group("name"))))
        taken.append((m.start(), m.end()))
    # a price as a share of another (九折) and a multiple of it (2倍)
    for m, value in [(m, _tenths(m.group("num"))) for m in _DISCOUNT.finditer(sentence)] \
            + [(m, to_number(m.group("num"))) for m in _MULTIPLE.finditer(sentence)]:
        if value is None or not free(m.start(), m.end()):
            continue
        pre = _direction_before(sentence, m.start())
        b = _bound(value, pre, m.group("post"))
        text = sentence[_text_start(sentence, m.start(), pre):m.end()]
        out.append((m.end(), _ratio(b, text, _ratio_of(sentence, m, pre))))
        taken.append((m.start(), m.end()))
    for m in _MONEY.finditer(sentence):
        value = scaled(m.group("a"), m.group("am"))
        if value is None or not free(m.start(), m.end()):
            continue
        b = _bound(value, _direction_before(sentence, m.start()), m.group("apost"))
        out.append((m.end(), _quantity("money", b, "CNY", m.group(0).strip())))
        taken.append((m.start(), m.end()))
    for m in _COUNTABLE.finditer(sentence):
        value = scaled(m.group("num"), m.group("scale"))
        if value is None or not free(m.start("num"), m.end(), counted=True):
            continue
        unit = m.group("unit")
        if (m.group("num"), unit) in _NOT_A_COUNT or m.group("pre") is None and unit in _BODIES \
                and _NAMED_BEFORE.search(sentence, 0, m.start("num")):
            continue
        pre = m.group("pre")
        if pre in ("约", "共", "前", None):
            pre = _direction_before(sentence, m.start())
        bd = _bound(value, pre, m.group("post"))
        if m.group("pre") == "前":  # 前20的单位: the first twenty
            bd = _Bound(None, value, None, True)
        kind = "people" if unit in _PEOPLE else "measure" if unit in _MEASURE else "count"
        out.append((m.end(), _quantity(kind, bd, unit, m.group(0).strip())))
        taken.append((m.start(), m.end()))
    for m in _REL.finditer(sentence):  # how recent a document must be: at most that long ago
        value = to_number(m.group("num"))
        if value is not None and _is_validity(sentence, m) and free(m.start(), m.end(), counted=True):
            out.append((m.end(), _quantity("measure", _Bound(None, value, None, True), m.group("unit"),
                                           m.group(0).strip())))
            taken.append((m.start(), m.end()))
    for m in _DURATION.finditer(sentence):
        value = to_number(m.group("num"))
        if value is None or not free(m.start("num"), m.end(), counted=True):
            continue
        pre = "至少" if m.group("pre") == "满" else m.group("pre") or _direction_before(sentence, m.start())
        bd = _bound(value, pre, m.group("post"))
        out.append((m.end(), _quantity("measure", bd, m.group("unit").removeprefix("个"), m.group(0).strip())))
    return _join_ranges(sentence, [_with_bare_lower(sentence, end, q) for end, q in out])


_RANGE_GAP = re.compile(r"[、，,和且]?")  # between a lower and an upper bound
_RANGE_TO = re.compile(_TO)  # between two figures


def _join_ranges(sentence: str, found: list[tuple[int, Quantity]]) -> list[Quantity]:
    """A lower bound right followed by an upper bound of the same kind and unit is one range
    (五万元以上十万元以下, 不少于1年、不超过3年), and so are two figures joined by 至 (5万元至10万元, 1.5倍至3倍以内).
    `found` holds each quantity with the offset its text ends at."""
    out: list[tuple[int, Quantity]] = []
    for end, q in found:
        if out and (out[-1][1].kind, out[-1][1].unit) == (q.kind, q.unit) \
                and out[-1][1].min is not None and q.max is not None:
            prev_end, prev = out[-1]
            a, b = prev_end - len(prev.text), end - len(q.text)
            bounds = prev.max is None and q.min is None and _RANGE_GAP.fullmatch(sentence, prev_end, b)
            # (the second perhaps an upper bound: 1.5倍至3倍以内)
            figures = prev.min == prev.max and q.min in (q.max, None) and _RANGE_TO.fullmatch(sentence, prev_end, b)
            if prev_end <= b and (bounds or figures):
                out[-1] = (end, prev.model_copy(update={"max": q.max, "max_inclusive": q.max_inclusive is not False,
                                                        "min_inclusive": prev.min_inclusive is not False,
                                                        "text": sentence[a:end]}))
                continue
        out.append((end, q))
    return [q for _, q in out]


# a figure whose unit is the next figure's (30万至100万元, 3至5年, 20～30%): the lower end of a range
_BARE_FROM = re.compile(rf"(?<![\d.{CN_NUM_CHARS}第])(?P<num>{NUMBER})\s*(?P<scale>万|亿|千)?\s*{_TO}\s*$")
_LEADING_FIGURE = re.compile(rf"{NUMBER}")


def _with_bare_lower(sentence: str, end: int, q: Quantity) -> tuple[int, Quantity]:
    """A single figure (`100万元`) right after a figure without a unit and 至 is the upper end of
    a range that starts there: 30万至100万元 is 300,000 to 1,000,000 yuan, both inclusive."""
    start = end - len(q.text)
    figure = _LEADING_FIGURE.match(q.text)
    if q.min is None or q.min != q.max or not figure or not (
            m := _BARE_FROM.search(sentence[max(0, start - 16):start])):
        return end, q
    own = to_number(figure.group(0))
    low = scaled(m.group("num"), m.group("scale")) if m.group("scale") else to_number(m.group("num"))
    if not own or low is None:
        return end, q
    if not m.group("scale"):
        low *= q.min / own  # the upper figure's scale and unit (万元, %) are the lower's too
    if low >= q.min:
        return end, q
    return end, q.model_copy(update={"min": low, "min_inclusive": True, "max_inclusive": True,
                                     "text": m.group(0) + q.text})


def _tenths(num: str) -> float | None:
    """九 → 0.9, 八五 → 0.85, 8.5 → 0.85: the figure before 折."""
    if re.fullmatch(r"\d(?:\.\d)?", num):
        return float(num) / 10
    digits = [to_number(c) for c in num]
    if None in digits or not 0 < digits[0] < 10:
        return None
    return sum(d / 10 ** (i + 1) for i, d in enumerate(digits))


def _quantity(kind: str, b: _Bound, unit: str, text: str, of: str | None = None) -> Quantity:
    return Quantity(kind=kind, min=b.low, max=b.high, min_inclusive=b.low_inc, max_inclusive=b.high_inc,
                    unit=unit, of=of, text=text)


def _ratio(b: _Bound, text: str, of: str | None = None) -> Quantity:
    """A share, stored as a fraction (20% → 0.2) with the unit `percent`."""
    return _quantity("ratio", _Bound(_r(b.low), _r(b.high), b.low_inc, b.high_inc), "percent", text, of)


def _text_start(sentence: str, at: int, pre: str | None) -> int:
    """Where a number's text starts: at its comparison word (不低于20%) when it has one."""
    return sentence.rfind(pre, max(0, at - 14), at) if pre else at


def _r(v: float | None) -> float | None:
    return round(v, 6) if v is not None else None


# ---- contacts -----------------------------------------------------------------------------

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_PHONE = re.compile(r"(?<![\d-])(?:(0\d{2,3})\s*[-—–－]+\s*)?(\d{7,8}|1[3-9]\d{9})(?:\s*[-—–－转]\s*(\d{1,5}))?(?!\d)")
_NAME = re.compile(r"联系人(?:及电话)?[：:]\s*([\u4e00-\u9fff·]{2,4}?)(?=\s|[，,；;、（(：:]|电话|联系|$|\d)")
# 联系人：市生态环境局土壤处 吴建 — the office, then the person (the space lost in normalization)
_ORG_NAME = re.compile(r"联系人[：:]\s*([\u4e00-\u9fff]{2,30}(?:处|科|室|办|局|中心|队|所|站|委|厅|部|司|院|会|组|股))"
                       r"\s*([\u4e00-\u9fff·]{2,3})(?=$|\s|[，,；;、（(]|电话|\d)")
_ORG = re.compile(r"^[（(]?([^，。；：:（）()]{2,40}?)(?:联系人|咨询电话|联系电话)")


def contacts(text: str) -> list[Contact]:
    """Contacts in one line or paragraph: `市应急局联系人：刘冰；电话：6789957；邮箱：…`.

    Several phone numbers of one person become several contacts, each with the name and e-mail."""
    if not re.search(r"联系人|电话|邮箱|@", text):
        return []
    org_name: str | None
    if both := _ORG_NAME.search(text):
        org_name, person = both.group(1), both.group(2)
    else:
        name, org = _NAME.search(text), _ORG.search(text)
        person = name.group(1) if name else None
        org_name = org.group(1).strip() if org else None
        if org_name and re.match(r"^(联系|咨询|电话)", org_name):
            org_name = None
    email = _EMAIL.search(text)
    phones = []
    for m in _PHONE.finditer(_EMAIL.sub(" ", text)):
        area, number, ext = m.groups()
        phone = f"{area}-{number}" if area else number
        phones.append(phone + (f"-{ext}" if ext else ""))
    if not (person or phones or email):
        return []
    base = dict(name=person, org=org_name, email=email.group(0) if email else None, text=text)
    return [Contact(phone=p, **base) for p in phones] or [Contact(phone=None, **base)]
