"""Extraction on real notices and on text it has never seen. Expected values are read off the
notices by hand (see annotations/ for the full gold)."""

import json
import random

import pytest
from conftest import ROOT, SAMPLES
from typer.testing import CliRunner

from gongwen.cli import app
from gongwen.extract import extract
from gongwen.extract.params import contacts, deadline, frequency, quantities
from gongwen.extract.pipeline import condition_of
from gongwen.ingest import notice_from_text, read_notice

runner = CliRunner()


# ---- parameter grammar ----------------------------------------------------------------------


@pytest.mark.parametrize(("sentence", "kind", "value"), [
    ("各区市应急局要及时将检查情况形成工作总结，于2023年11月30日前报送市应急局", "date", "2023-11-30"),
    ("于2023年12月5日（周二）前将统计表报区安委会办公室", "date", "2023-12-05"),
    ("请各区于3月底前报送计划", "date", "2024-03-31"),
    ("请各区于2月底前报送汇总表", "date", "2024-02-29"),  # a leap year's February
    ("力争在2022年底前实现整体投保", "date", "2022-12-31"),
    ("至2025年年底，各区完成老旧设施改造", "date", "2025-12-31"),
    ("承保机构新签保单3个月内要为企业提供一次服务", "relative", "P3M"),
    ("应在本通知发文之日起三个月内提供服务", "relative", "P3M"),
    ("受理后2个工作日内完成备案", "relative", {"working_days": 2}),
    ("在车辆到达目的地24小时以前完成检测", "relative", "PT24H"),
    ("自收到意见之日起七日内提出", "relative", "P7D"),
    ("事发单位应当在事发后10分钟内以口头方式报告", "relative", "PT10M"),
    ("我部将于2022年3月上旬组织专家评审", "date", "2022-03-10"),  # 上旬: by the 10th
    ("请于10月中旬报送材料", "date", "2024-10-20"),
    ("请于2月下旬前报送", "date", "2024-02-29"),  # 下旬: by the month's end
    ("2025年1-7月，主要水体的水下地形测量", "date", "2025-07-31"),  # a schedule's window: by its last month's end
    ("2025年8月，水储量计算", "date", "2025-08-31"),  # a month leading the step
    ("2025年-2026年，海陆交互带水资源专题调查评价", "date", "2026-12-31"),  # a span of years: by the last's end
])
def test_deadlines(sentence, kind, value):
    d = deadline(sentence, 2024)
    assert d.kind == kind
    assert (d.date if kind == "date" else d.duration) == value


def test_a_period_inside_the_condition_is_not_the_deadline():
    ob = the_duty("确因特殊情况无法在48小时内恢复运行的，施工单位应在72小时内更换备机")
    assert (ob.deadline.duration, ob.party) == ("PT72H", "construction_unit")
    # nor when the main clause sets none: a window the condition looks back over
    ob = the_duty("施工单位有证据证明有关供应商在参与采购活动前3年内发生过重大违约的，可以拒绝其参与采购活动")
    assert (ob.deadline.kind, ob.modality) == ("none", "may")


def test_a_date_describing_the_object_of_dui_is_not_the_deadline():
    """对2015年9月底前到期的客运班线: the date says which lines, not by when the duty is due."""
    assert deadline("省局对2015年9月底前到期的市际客运班线进行了研究，请你们做好公示工作", 2015).kind == "none"
    assert deadline("对3个月内未整改的企业，应依法处理", 2015).kind == "none"
    assert deadline("各单位应于2015年9月底前报送本单位的自查报告", 2015).date == "2015-09-30"


def test_a_note_on_what_a_rule_leaves_out_sets_no_deadline():
    """（不含2年内新建的菜市场）: the note says which markets the cap leaves out, not by when anything is due."""
    assert deadline("每年补贴金额最高不超过50万元（不含2年内新建或整体改建的菜市场）", 2024).kind == "none"
    assert deadline("应在受理后5个工作日内（不含法定节假日）办结", 2024).duration == {"working_days": 5}


@pytest.mark.parametrize("sentence", [
    "采集0.5米分辨率光学卫星影像，丰水期采集时相为6月-7月，枯水期采集时相为11月-12月",  # a window as a value
    "结合本市自行采集的6月-7月、11月-12月高精度遥感影像，调查水面范围",  # windows as modifiers
])
def test_a_window_that_describes_something_is_no_deadline(sentence):
    assert deadline(sentence, 2024).kind == "none"


def test_the_lines_of_a_timetable_are_duties_due_by_their_dates():
    """五、时间安排: each line is a step of the plan, due by the time it opens with, even as a noun phrase."""
    text = ("关于印发《地下水调查实施方案》的通知\n各区水务局：\n一、时间安排\n"
            "2024年12月前，地下水资源年度评价（2023年度）；\n2025年1-3月，地下水监测统测；\n2025年6月，地下水资源周期评价。\n")
    got = [(ob.text, ob.deadline.date) for ob in extract(notice_from_text(text)).obligations]
    assert got == [("2024年12月前，地下水资源年度评价（2023年度）", "2024-12-31"),
                   ("2025年1-3月，地下水监测统测", "2025-03-31"), ("2025年6月，地下水资源周期评价", "2025-06-30")]


def test_relative_deadline_quotes_its_anchor():
    assert deadline("承保机构新签保单3个月内要为企业提供一次服务", 2023).anchor.endswith("新签保单")
    assert deadline("应在本通知发文之日起3个月内为参保企业提供服务", 2023).anchor == "本通知发文之日"
    # the event in an earlier clause, without who is bound
    assert deadline("各单位在接报信息后，应当在2小时内报告", 2023).anchor == "接报信息"
    assert the_duty("镇文物行政管理部门接到报告后，应当于七日内提出处理意见").deadline.anchor == "接到报告"
    # an item's label is not part of the event (（1）作业人员进入水箱前，…)
    assert the_duty("（1）作业人员进入水箱前，必须穿戴好劳动保护用品").deadline.anchor == "进入水箱"


@pytest.mark.parametrize(("sentence", "per", "count"), [
    ("在每个保单期间内，原则上承保机构至少要为参保企业提供一次安全生产宣传教育培训", "policy_period", 1),
    ("承保机构每季度至少开展一次事故预防服务", "quarter", 1),
    ("市级公司每年应对事故预防工作开展一次自评", "year", 1),
    ("每五年对保护规划进行一次评估", "5_years", 1),
    ("定期组织保单审核", "regular", None),
    ("按月报送运营数据", "month", 1),  # a period with no count: once in it
    ("应每日登录对接平台", "day", 1),
    ("备案部门应于每日17:00前报送，每周汇总", "day", 1),  # the period written first
    ("建立示范项目季度报送制度", "quarter", 1),  # an activity named by its cycle
    ("各镇要建立巡查制度，做到“一月一查”", "month", 1),  # once in each period, as an idiom
    ("建立巡查记录档案，做到向区级部门“一季一报”", "quarter", 1),
    ("各单位要定期组织开展风险排查，原则上每年不少于2次", "year", 2),  # a named period beats 定期
    ("物业服务企业每月对二次供水设施开展一次巡查", "month", 1),  # 二次供水 is secondary water supply
    ("每年至少开展二次消防演练", "year", 2),  # 二次 after a verb is twice
    ("各区住建局每双月上报一次工作情况", "2_months", 1),
    ("各区住建局每两个月上报工作情况", "2_months", 1),
    ("施工单位每半月开展一次自查", "half_month", 1),
    ("全市各区每月集中一天开展主题宣传活动", "month", 1),  # the day it recurs on
])
def test_frequencies(sentence, per, count):
    f = frequency(sentence)
    assert (f.per, f.min_count) == (per, count)


@pytest.mark.parametrize(("sentence", "per"), [
    ("本市每年重大活动的保障任务往往时间紧，各区绿化市容局要建立作业经费补偿机制", None),  # background
    ("建立示范项目季度报送制度，请各区主动跟踪项目进度", "quarter"),  # an order's own rhythm
    ("凡年度内发生重大安全事故的菜市场，当年不得享受扶持奖励", None),  # the time of the condition's case
    ("对年度考核不合格的单位，区应急局要每月开展检查", "month"),  # (the main clause's own rhythm counts)
])
def test_the_rhythm_of_a_background_clause_is_not_the_dutys(sentence, per):
    freq = the_duty(sentence).frequency
    assert (freq.per if freq else None) == per


def test_a_ratio_between_the_words_of_a_frequency_is_a_quantity_its_count_is_not():
    ob = the_duty("区综合执法局每年至少抽取总数的20%开展一次执法检查")
    assert (ob.frequency.per, ob.frequency.min_count) == ("year", 1)
    assert [(q.kind, q.min) for q in ob.quantities] == [("ratio", 0.2)]


def test_money_granted_by_nobody_named_is_granted_by_the_issuer():
    """对…给予资金补贴 / …奖励5万元 in a text of 区商务委 to the sub-districts: the commission grants it, not the
    addressees, whom the text's subjectless orders bind."""
    text = ("关于支持菜市场建设的实施办法\n各街道：\n一、支持政策\n对新建的标准化菜市场给予资金补贴。\n"
            "对年度考核为优秀的标准化菜市场奖励5万元。\n上海市长宁区商务委员会\n2024年1月5日\n")
    assert [ob.party for ob in extract(notice_from_text(text)).obligations] == ["sector_regulator", "sector_regulator"]
    # nor by who performs the activity it pays for (施工, 项目: the construction unit)
    text = text.replace("对新建的标准化菜市场给予资金补贴", "对菜市场的改造项目给予资金补贴，按投资总额的50%给予补贴")
    assert [ob.party for ob in extract(notice_from_text(text)).obligations] == ["sector_regulator", "sector_regulator"]


def test_no_frequency_in_a_one_off_duty():
    assert frequency("各承保机构要组织开展一次帮扶行动") is None
    assert frequency("撤销前和定期评估时，文物行政管理部门应当组织专家论证") is None  # when, not how often
    assert frequency("请各区结合年度示范项目报送情况，积极参评精品工程") is None  # names the reports
    # a fiscal or a full year is a period, no cycle of the act (满一个完整年度（会计年度）的次年纳入评价范围)
    assert frequency("应当在其正常经营满一个完整年度（会计年度）的次年纳入绩效评价范围") is None
    assert frequency("原则上以一个会计年度为一个完整评价期") is None
    assert frequency("每年开展年度绩效评价").per == "year"


def test_quantities():
    (q,) = quantities("各承保保险公司应按照不低于20%的保费比例提取事故预防服务费")
    assert (q.kind, q.min, q.max, q.min_inclusive, q.unit, q.of) == ("ratio", 0.2, None, True, "percent", "保费")
    (q,) = quantities("处五万元以上十万元以下的罚款")
    assert (q.kind, q.min, q.max, q.min_inclusive, q.max_inclusive) == ("money", 50000, 100000, True, True)
    (q,) = quantities("处10万元以上20万元以下罚款")
    assert (q.min, q.max) == (100000, 200000)
    (q,) = quantities("奖补资金不超过5万元")
    assert (q.max, q.max_inclusive, q.min) == (50000, True, None)
    (q,) = quantities("泊位覆盖率不低于90%")
    assert (q.min, q.of) == (0.9, "泊位覆盖率")
    (q,) = quantities("面积不小于100平方米")
    assert (q.kind, q.min, q.unit) == ("measure", 100, "平方米")
    assert [x.unit for x in quantities("新签保单3个月内")] == []  # a deadline, not a quantity


@pytest.mark.parametrize("sentence, low, high", [
    ("参与抽查的户数不应少于总户数30%", 0.3, None),  # a comparison denied with a modal between: at least
    ("存档期限不应少于8年", 8, None),
    ("实体抽查户数不应小于3户", 3, None),
    ("每批次抽查数量不得少于5件", 5, None),
    ("单次培训人数不宜超过50人", None, 50),  # or at most
    ("夜间施工不得超过3天", None, 3),
])
def test_a_denied_comparison_bounds_the_figure_inclusively(sentence, low, high):
    (q,) = quantities(sentence)
    assert (q.min, q.max, q.min_inclusive if low else q.max_inclusive) == (low, high, True)


def test_yinggai_is_a_duty_word():
    assert the_duty("监督机构购买服务的费用应该纳入各级预算保障").modality == "must"
    assert the_duty("各单位不应该擅自改变房屋用途").modality == "must_not"


@pytest.mark.parametrize(("sentence", "expected"), [
    ("信息记录应备份并至少保存一年", [("measure", 1, None, "年")]),
    # 及以上 / （含）以上 bound the figure on one side, as 以上 does
    ("设置2个及以上监测点位", [("count", 2, None, "个")]),
    ("造成1人（含）以上死亡的火灾", [("people", 1, None, "人")]),
    ("建筑面积500平方米及以下的工地", [("measure", None, 500, "平方米")]),
    ("围挡高度不低于2.5m", [("measure", 2.5, None, "m")]),
    ("单瓶充装量不超过15公斤", [("measure", None, 15, "公斤")]),  # weights, as lengths
    ("存放气瓶总重量超过60kg的场所", [("measure", 60, None, "kg")]),
    ("各企业应将收入最低的2个岗位纳入监测范围", [("count", 2, 2, "个")]),  # 最低的: an adjective, no bound
    ("按照“一次检查、联合体检”的原则实行联合检查", []),  # a slogan in quotes is a name
    ("当下立交出现超过“十厘米”的积水时，应立即封闭交通", [("measure", 10, None, "厘米")]),  # a quoted measure is none
    ("积水标尺的警戒线距地面最低点25厘米", [("measure", 25, 25, "厘米")]),  # 最低点: a place, no bound
    ("确定两个或两个以上区税务局", [("count", 2, None, "个")]),  # one bound, written twice
    ("选定其中一个区税务局作为主管税务机关", []),  # 其中一个: one of them, no count
    ("形成一套管用有效的制度", []),  # 一套: a set of, no count
    ("连续夜间施工不得超过3天，获准的夜间施工之间应有24小时以上的间隔",
     [("measure", None, 3, "天"), ("measure", 24, None, "小时")]),
    ("消毒剂溶液应在水箱内壁附着10-20分钟，取水样检测前至少浸泡30分钟",
     [("measure", 10, 20, "分钟"), ("measure", 30, None, "分钟")]),
    ("各承保机构要组织开展一次帮扶行动", [("count", 1, 1, "次")]),  # a one-off count
    ("第二十条 文物收藏单位应当设置藏品档案", []),  # an article number is no quantity
    ("租赁合同期限原则上不少于1年、不超过3年", [("measure", 1, 3, "年")]),  # two bounds, one range
    ("对违法行为处2万元至5万元罚款", [("money", 20000, 50000, "CNY")]),
    # bounds are joined where they stand, not where their words first occur
    ("处5万元以上罚款；情节严重的，处5万元以上10万元以下罚款",
     [("money", 50000, None, "CNY"), ("money", 50000, 100000, "CNY")]),
    ("期限不少于1年、不超过3年，续租期限不少于1年，首期不超过3年",
     [("measure", 1, 3, "年"), ("measure", 1, None, "年"), ("measure", None, 3, "年")]),
    ("改建房屋的租赁运营期限应当达到5年以上", [("measure", 5, None, "年")]),
    ("租赁价格应当在同地段市场租金的九折以下", [("ratio", None, 0.9, "percent")]),  # 九折: 90%
    ("对符合条件的项目按八五折收取", [("ratio", 0.85, 0.85, "percent")]),
    # a multiple of another figure, alone, bounded, or two as a range
    ("逾期不腾退的，按照同期项目租金标准的2倍收取超出过渡期外的租金", [("ratio", 2, 2, "percent")]),
    ("家庭收入在准入限额1.5倍至3倍以内的", [("ratio", 1.5, 3, "percent")]),
    ("处违法所得三倍以下的罚款", [("ratio", None, 3, "percent")]),
    ("对发现问题的工程加倍抽查", []),  # 加倍: no figure
    ("食品处理区的面积不小于30㎡", [("measure", 30, None, "㎡")]),
    ("请于每季度最后一个周五前报送", []),  # the last one counts nothing
    ("自2019年以来累计完成", []),  # since then: no length of time
    ("确保处置过程中不产生二次污染", []),  # 二次 = secondary
    ("组织制定一批行业标准", []),
    ("施工单位应提前1天张贴公告", []),  # a lead time: the deadline
    ("助推安全生产治本攻坚三年行动走深走实", []),  # a programme's name
    ("2023年12月31日前完成", []),
    # physical measures, and ratios written without %
    ("喷淋系统末端压力不小于0.03MPa", [("measure", 0.03, None, "MPa")]),
    ("夜间施工噪声不得超过55分贝", [("measure", None, 55, "分贝")]),
    ("各区应按照不低于1:1比例配套资金", [("ratio", 1.0, None, "percent")]),
    ("按照补占面积比超过1.05的要求编制方案", [("ratio", 1.05, None, "percent")]),
    ("按照“先补后占、补占面积比超过1.05”的要求", [("ratio", 1.05, None, "percent")]),
    ("容积率为2.5", [("ratio", 2.5, 2.5, "percent")]),
    ("每日8:30前报送", []),  # a time of day is no ratio
    ("司乘人员任何一人检测结果异常的，不得通行", []),  # any one person: no count
    ("针对每一次检查任务填写记录表", []),  # each time: no count
    ("一张许可证只能用于一个工地", [("count", None, 1, "个")]),  # only one: at most one
    # how recent a document must be: at most that long ago; an act due within a period is a deadline
    ("进场人员须出示72小时内核酸检测阴性证明和7日内的体检报告单",
     [("measure", None, 72, "小时"), ("measure", None, 7, "日")]),
    ("检测机构应在24小时内出具检测结果", []),
    ("累计新增覆盖2.5万户", [("count", 25000, 25000, "户")]),  # 万 scales a count
    ("3000总吨以上的船舶应使用岸电", [("measure", 3000, None, "总吨")]),
    ("推行“一网通办”“一次告知”服务", []),  # a short quoted term is a name
    # a figure without a unit before 至 takes the next one's: the lower end of a range
    ("总投资为30万至100万元的小型建设工程", [("money", 300_000, 1_000_000, "CNY")]),
    ("合同期限为3至5年", [("measure", 3, 5, "年")]),
    ("补贴比例为20～30%", [("ratio", 0.2, 0.3, "percent")]),
    ("会同光明食品（集团）有限公司等3家单位开展游客量统计", []),  # the number of the bodies just named
    ("上述3家单位应积极配合", []),
    ("每个街道至少建设3个示范点", [("count", 3, None, "个")]),
    ("情节严重的，下调当期评价等次一个级别", []),  # a step on a scale
    ("在其正常经营满一个完整年度的次年纳入评价范围", []),  # a period
    ("单个文件不超过50M", [("measure", None, 50, "M")]),  # the size of a file
])
def test_quantities_of_time_and_what_is_not_a_quantity(sentence, expected):
    got = [(q.kind, q.min, q.max, q.unit) for q in quantities(sentence)]
    assert sorted(got, key=repr) == sorted(expected, key=repr)


def test_the_day_a_duty_recurs_on_belongs_to_its_frequency_not_its_quantities():
    ob = the_duty("全市各区每月集中一天开展主题宣传活动")
    assert (ob.frequency.per, ob.frequency.min_count, ob.quantities) == ("month", 1, [])


@pytest.mark.parametrize(("sentence", "kind", "date", "duration", "anchor"), [
    ("并分别于3月25日、6月25日、11月30日前上报", "date", "2024-03-25", None, None),  # the notice's year
    ("示范项目原则上在“十四五”期间开工建设", "date", "2025-12-31", None, None),  # 2021–2025
    ("施工单位应提前1天在告示栏内张贴", "relative", None, "P1D", None),
    ("承保前应对生产经营单位安全风险进行现场评估", "relative", None, None, "承保"),
    ("批准前，镇文物行政管理部门应当组织专家论证", "relative", None, None, "批准"),
    ("推进船方港方在靠泊前互通岸电配置情况", "relative", None, None, "靠泊"),  # 在…前, whatever follows
    ("在确保安全的前提下加快推进前期工作", "none", None, None, None),  # 前提 is no 前
    ("目前，各地应加强管理", "none", None, None, None),
    ("于11月30日前报送", "date", "2024-11-30", None, None),  # not 30 days
    # how recent a document must be is no deadline; an act due within the period is
    ("驾驶员须持48小时内核酸检测阴性证明通行", "none", None, None, None),
    ("申请时提供近3个月内的社保缴纳证明", "none", None, None, None),
    ("检测机构应在24小时内出具检测结果", "relative", None, "PT24H", None),
    ("10日内整改并反馈结果", "relative", None, "P10D", None),
    # a period after ，并 counts from a step allowed only after an event (方可拆除); else from the event
    ("验收结束后，施工单位报备后，方可拆除围挡，并在24小时内完成注销", "relative", None, "PT24H", "拆除围挡"),
    ("收到整改通知后，施工单位应立即整改，并在10日内反馈结果", "relative", None, "P10D", "收到整改通知"),
    # a month name before 前 is a date, by that month's end; 6个月前 is a length of time
    ("力争风电项目2025年9月前开工建设", "date", "2025-09-30", None, None),
    ("各区于10月前完成排查", "date", "2024-10-31", None, None),
    # a year opening a clause is the year its target is for; a year a period starts from is not
    ("将垃圾分类纳入考核，2025年本区要新增覆盖2万户", "date", "2025-12-31", None, None),
    ("2023年以来，各区已完成改造", "none", None, None, None),
    # a window the work is done in is due by its last day; a season every year and a validity are not
    ("2023年7月1日至8月15日，各区开展抽查", "date", "2023-08-15", None, None),
    ("7月至9月开展专项整治", "date", "2024-09-30", None, None),
    ("每年3月至5月开展防汛检查", "none", None, None, None),
    ("通行证有效期为2023年7月1日至2024年6月30日", "none", None, None, None),
])
def test_deadlines_without_a_year_or_a_length(sentence, kind, date, duration, anchor):
    d = deadline(sentence, 2024)
    assert (d.kind, d.date, d.duration, d.anchor) == (kind, date, duration, anchor)


def test_contact_blocks_over_several_lines():
    e = extract(notice_from_text("关于报送材料的通知\n各区应急局：\n一、各单位要按时报送材料。\n"
                                 "联系人：市生态环境局土壤处 吴建\n电话：23115657\n"
                                 "联系人：张三\n电话：021-12345678\n邮箱：zs@example.cn\n"))
    assert [(c.org, c.name, c.phone, c.email) for c in e.contacts] == [
        ("市生态环境局土壤处", "吴建", "23115657", None), (None, "张三", "021-12345678", "zs@example.cn")]


def test_an_email_line_then_a_phone_line_make_one_block_each_time():
    """邮箱 then 电话 on the next line, twice: each e-mail goes with the phones below it."""
    e = extract(notice_from_text("关于申请通行证的通知\n各运输企业：\n一、企业应按要求申请。\n"
                                 "普通货物申请邮箱：pt@example.cn\n普通货物咨询电话：53015050，15900461859\n"
                                 "危险货物申请邮箱：wx@example.cn\n危险货物咨询电话： 17811886486\n"))
    assert [(c.phone, c.email) for c in e.contacts] == [
        ("53015050", "pt@example.cn"), ("15900461859", "pt@example.cn"), ("17811886486", "wx@example.cn")]


def test_contacts():
    (c,) = contacts("省应急管理厅联系人：王垒；电话：0531—51787930；邮箱：sdyjghcw@shandong.cn。")
    assert (c.org, c.name, c.phone, c.email) == ("省应急管理厅", "王垒", "0531-51787930", "sdyjghcw@shandong.cn")
    (c,) = contacts("联系人：朱博；联系电话：15161135280；")
    assert (c.name, c.phone) == ("朱博", "15161135280")
    assert contacts("各承保机构要按照规定及时上传") == []


# ---- whole notices ----------------------------------------------------------------------------


def test_json_output_has_the_documented_keys(tmp_path):
    result = runner.invoke(app, ["extract", str(SAMPLES[0])])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    notice = data["notice"]
    for key in ("id", "source", "title", "doc_number", "issuers", "recipients", "region", "issued_on", "status",
                "cites", "parts"):
        assert key in notice
    assert notice["parts"][0]["doc_number"] == "鲁应急字〔2023〕92号"
    assert notice["issued_on"] == "2023-09-14"
    ob = data["obligations"][0]
    for key in ("id", "text", "section", "page", "span", "party", "party_text", "modality", "action", "topic",
                "condition", "deadline", "frequency", "quantities", "part"):
        assert key in ob
    assert {c["phone"] for c in data["contacts"]} >= {"0531-51787930", "6789957"}


def _find(extraction, needle):
    hits = [o for o in extraction.obligations if needle in o.text]
    assert hits, f"no obligation containing {needle!r}"
    return hits[0]


def test_suzhou_prevention_fee_and_provenance():
    e = extract(read_notice(SAMPLES[4]))
    ob = _find(e, "不低于20%的保费比例")
    assert ob.party == "insurer" and ob.modality == "must" and ob.section == "三、（二）"
    assert any(q.kind == "ratio" and q.min == 0.2 and q.of == "保费" for q in ob.quantities)
    assert e.notice.text[ob.span[0]:ob.span[1]] == ob.text
    # statistics are facts, not duties
    assert not any("2649家" in o.text for o in e.obligations)
    assert any("2649家" in f.text for f in e.facts)


def test_forwarded_part_and_relative_deadline():
    e = extract(read_notice(SAMPLES[0]))
    ob = _find(e, "新签保单3个月内")
    assert ob.part == 1 and ob.party == "insurer"
    assert (ob.deadline.kind, ob.deadline.duration, ob.deadline.anchor) == ("relative", "P3M", "新签保单")
    outer = _find(e, "于2023年11月30日前报送市应急局")
    assert outer.part == 0 and outer.party == "emergency_management" and outer.deadline.date == "2023-11-30"


UNSEEN = """关于进一步做好建筑施工安全生产工作的通知

各区住房和城乡建设管理委员会，各施工企业：

为加强建筑施工安全管理，现将有关事项通知如下。

一、落实主体责任
各施工企业应当在每个季度至少开展两次安全隐患排查，并建立隐患台账。
各承保机构应按照不低于15%的保费比例提取事故预防服务费。
对未按规定投保的施工企业，处三万元以上八万元以下的罚款。

二、加强监督检查
各区住房和城乡建设管理委员会要及时将检查情况形成工作总结，于2025年6月15日前报送市住房和城乡建设管理委员会。
承保机构新签保单2个月内要为企业提供一次事故预防服务。
施工企业不得以任何方式将保费摊派给从业人员个人。
鼓励各施工企业运用信息化手段开展安全培训。

联系人：赵敏；电话：021—63218765；邮箱：zhaomin@example.gov.cn
"""


def test_unseen_notice_recombined_with_new_numbers_and_dates():
    """Sentences from different samples, rewritten with other numbers, dates and parties."""
    e = extract(notice_from_text(UNSEEN))
    twice = _find(e, "每个季度至少开展两次")
    assert (twice.party, twice.modality) == ("construction_unit", "must")
    assert (twice.frequency.per, twice.frequency.min_count) == ("quarter", 2)
    fee = _find(e, "不低于15%")
    assert [(q.min, q.of) for q in fee.quantities] == [(0.15, "保费")]
    fine = _find(e, "三万元以上八万元以下")
    assert [(q.min, q.max) for q in fine.quantities] == [(30000, 80000)]
    report = _find(e, "2025年6月15日前")
    assert report.deadline.date == "2025-06-15" and report.party == "housing_construction"
    first = _find(e, "新签保单2个月内")
    assert first.deadline.duration == "P2M" and first.party == "insurer"
    assert _find(e, "不得以任何方式").modality == "must_not"
    assert _find(e, "鼓励各施工企业").modality == "encouraged"
    assert [(c.name, c.phone) for c in e.contacts] == [("赵敏", "021-63218765")]
    assert not any("现将有关事项通知如下" in o.text for o in e.obligations)


@pytest.mark.parametrize("cover", [
    "《渣土消纳管理意见》已经区政府常务会议审议通过，现印发给你们，请认真按照执行。",
    "为保质保量完成加装消防设施建设任务，现制定《实施方案》，请各单位结合实际抓好落实。",
])
def test_the_cover_letter_of_a_plan_binds_nobody(cover):
    """The letter that hands over a plan (现印发给你们，请…执行) is no duty; the plan's own items are."""
    text = f"关于印发实施方案的通知\n各有关单位：\n{cover}\n一、工作要求\n各街道要按时完成设施加装。\n"
    assert [ob.text[:4] for ob in extract(notice_from_text(text)).obligations] == ["各街道要"]


def test_a_list_of_documents_binds_nobody_and_a_short_addressee_line_opens_the_body():
    """各有关单位： is the addressees, not a metadata field whose value is the next line, so the body
    starts after it, and a duty ending in a colon there is a duty. The items listing the documents
    to hand in name parties only inside their attributive clauses (X签订的《协议》): no duties."""
    text = ("关于规范占道施工审批的通知\n各有关单位：\n一、申请材料\n"
            "建设单位应在施工前5个工作日提出申请，递交的材料应包括下列各项：\n"
            "（一）施工单位与所在地街道签订的《占道施工协议》；\n（二）交通管理部门出具的审查意见（附件2）；\n"
            "（三）施工单位应当在现场设置围挡。\n")
    notice = notice_from_text(text)
    assert notice.header.recipients == ["各有关单位"]
    assert [(ob.text[:4], ob.party) for ob in extract(notice).obligations] == [
        ("建设单位", "construction_unit"), ("（三）施", "construction_unit")]


def test_the_items_of_a_checklist_are_questions_not_duties():
    """是否建立…制度: what an inspection asks, not an order; 要对照检查是否… orders the inspection."""
    text = ("关于开展充电设施自查的通知\n各有关单位：\n一、自查内容\n"
            "（一）设备状态。充电设备是否符合国家标准；运营企业是否建立定期巡检制度。\n"
            "（二）工作要求。各运营企业要对照检查是否落实巡检制度。\n")
    assert [ob.text for ob in extract(notice_from_text(text)).obligations] == ["各运营企业要对照检查是否落实巡检制度"]


@pytest.mark.parametrize("sentence", ["各地要加强施工工地扬尘的监督检查", "请你们按照以下要求做好信息公示工作",
                                      "请你厅（局）组织编写工作总结报告"])
def test_the_words_for_the_addressees_name_them(sentence):
    """各地 and 你们 stand for the addressees: the first of them whose role is known (a scope in brackets,
    各县（市、区）, names no body)."""
    text = f"关于加强扬尘治理的通知\n各县（市、区）住建局，各建筑施工企业：\n一、工作要求\n{sentence}。\n"
    (ob,) = extract(notice_from_text(text)).obligations
    assert ob.party == "housing_construction"


@pytest.mark.parametrize(("recipients", "party"), [
    ("各物业服务企业", "property_management"),  # regulated units of one kind: the order is theirs
    ("各道路货运企业", "insured_business"),
    ("各中小学、幼儿园", "school"),
    ("各有关单位", None),  # all units, the departments among them
    ("各区住建局", "housing_construction"),  # the letter's own order to its addressees
    ("各区住建局，各物业服务企业", "housing_construction"),  # mixed addressees: the first is the one addressed
    ("各县（市、区）教育局人事科、市直中小学（单位）", "sector_regulator"),  # mixed, on one line the header keeps whole
])
def test_a_duty_naming_nobody_in_a_notice_is_its_addressees(recipients, party):
    """Units of one kind are all ordered; of mixed addressees the first; 各有关单位 names no one kind of body."""
    text = f"关于做好防汛工作的通知\n{recipients}：\n一、工作要求\n要及早落实今年防汛抗灾准备和汛前检查工作。\n"
    assert extract(notice_from_text(text)).obligations[0].party == party


@pytest.mark.parametrize(("recipients", "party"), [
    ("各市、区住建局，园区规建委", "housing_construction"),  # 各市 alone is the prefix of a shared name
    ("各市（州、矿区）运管局（处）", "transport"),  # a prefix names the body only when nothing else does
])
def test_the_addressees_role_is_the_first_body_they_name(recipients, party):
    text = f"关于做好公示工作的通知\n{recipients}：\n一、工作要求\n请你们按照以下要求做好信息公示工作。\n"
    assert extract(notice_from_text(text)).obligations[0].party == party


@pytest.mark.parametrize(("issuer", "sentence", "party"), [
    ("甘肃省道路运输管理局", "省局将在运政大厅对拟许可班线进行公示", ("transport", "省局")),
    ("苏州市住房和城乡建设局", "市局将对各地扬尘治理情况进行通报", ("housing_construction", "市局")),
])
def test_the_issuer_names_itself_by_its_level(issuer, sentence, party):
    """A provincial bureau calls itself 省局, a city's 市局."""
    text = f"关于做好有关工作的通知\n各有关单位：\n一、工作要求\n{sentence}。\n{issuer}\n2015年3月31日\n"
    (ob,) = extract(notice_from_text(text)).obligations
    assert (ob.party, ob.party_text) == party


def test_kinds_of_office_listed_after_a_name_share_it():
    """区政府各委、办、局 is one addressee (the district's commissions, offices and bureaus), not three."""
    text = "关于加强管理的通知\n区政府各委、办、局，各街道办事处：\n一、工作要求\n各街道要加强巡查。\n"
    notice = notice_from_text(text)
    assert notice.header.recipients == ["区政府各委、办、局", "各街道办事处"]


@pytest.mark.parametrize(("line", "recipients"), [
    ("各省、自治区、直辖市卫生计生委，新疆生产建设兵团卫生局",
     ["各省、自治区、直辖市卫生计生委", "新疆生产建设兵团卫生局"]),
    ("各区、县人民政府，各有关单位", ["各区、县人民政府", "各有关单位"]),
    ("各区、各有关单位", ["各区", "各有关单位"]),  # a level and a body of its own
])
def test_levels_listed_before_a_name_share_it(line, recipients):
    notice = notice_from_text(f"关于加强管理的通知\n{line}：\n一、工作要求\n要加强巡查。\n")
    assert notice.header.recipients == recipients


def test_bad_input_does_not_crash(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(empty)])
    assert result.exit_code == 1 and "no text found" in result.output
    plain = tmp_path / "facts.txt"
    plain.write_text("2024年上半年，全市2649家生产经营单位已投保安责险。", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(plain)])
    assert result.exit_code == 0 and "no obligations found" in result.output
    brackets = tmp_path / "brackets.txt"
    brackets.write_text(
        "关于（的通知〔2023\n各单位应当（按照《规定》于2023年12月1日前报送〔材料。\n（（（一）", encoding="utf-8"
    )
    e = extract(read_notice(brackets))
    assert e.obligations and e.obligations[0].deadline.date == "2023-12-01"


def test_five_megabytes_of_random_chinese():
    rng = random.Random(7)
    chars = [chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(1_700_000)]  # 3 bytes each in UTF-8
    for i in range(0, len(chars), 60):
        chars[i] = "。"
    text = "".join(chars)
    assert len(text.encode("utf-8")) >= 5_000_000
    e = extract(notice_from_text(text))
    assert e.notice.text  # it reads, it finds whatever it finds, it does not crash
    for ob in e.obligations:
        assert e.notice.text[ob.span[0]:ob.span[1]] == ob.text


def test_gold_written_twice_is_found_twice():
    """Gold is in reading order: a sentence a notice repeats, and one that opens a longer one before
    it, each land on their own occurrence."""
    from gongwen.evaluate import locate_gold

    notice = notice_from_text("关于做好工作的通知\n一、工作要求\n施工单位应设置围挡，并定期清扫。\n二、检查\n"
                              "施工单位应设置围挡。\n三、其他\n施工单位应设置围挡。\n")
    gold = [{"text": "施工单位应设置围挡，并定期清扫"}, {"text": "施工单位应设置围挡"}, {"text": "施工单位应设置围挡"}]
    spans = locate_gold(notice, gold)
    starts = [notice.text.index(t) for t in ("施工单位应设置围挡，", "施工单位应设置围挡。\n三")]
    assert [s[0] for s in spans] == [starts[0], starts[1], notice.text.rindex("施工单位应设置围挡")]


def test_scores_are_above_the_thresholds_kept_in_the_repository():
    """`gongwen eval --check`: CI fails when a score drops below annotations/thresholds.json."""
    result = runner.invoke(app, ["eval", "--check", "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    thresholds = json.loads((ROOT / "annotations" / "thresholds.json").read_text(encoding="utf-8"))
    for subset, fields in thresholds.items():
        for field, minimum in fields.items():
            assert scores[subset]["scores"][field]["f1"] >= minimum, (subset, field)


def test_list_items_agents_and_noun_phrases():
    """A short list item that states a duty is a duty, a heading is not; 由X予以… gives X the act; a
    fact cue inside a noun phrase (对未按批准要求…的行为) does not make the sentence a statement."""
    text = ("关于加强夜间施工管理的通知\n各区生态环境局：\n一、施工要求\n（一）进出建设工地的所有车辆禁止鸣号。\n"
            "（二）加强扬尘管理\n施工单位应当采取防尘措施。\n二、登记\n尚未核定的项目，由区建设管理部门予以登记。\n"
            "三、处罚\n城管执法部门负责对未按批准要求从事夜间施工的行为依法给予处罚。\n")
    e = extract(notice_from_text(text))
    got = {ob.text: (ob.party, ob.modality) for ob in e.obligations}
    assert got["（一）进出建设工地的所有车辆禁止鸣号"][1] == "must_not"
    assert not any("加强扬尘管理" in t for t in got)
    assert got["施工单位应当采取防尘措施"] == ("construction_unit", "must")
    assert got["尚未核定的项目，由区建设管理部门予以登记"] == ("housing_construction", "must")
    assert got["城管执法部门负责对未按批准要求从事夜间施工的行为依法给予处罚"] == ("urban_management", "must")


def the_duty(sentence: str):
    """The one obligation of a notice whose only sentence, under a heading, is `sentence`."""
    (ob,) = extract(notice_from_text(f"关于做好工作的通知\n各有关单位：\n一、工作要求\n{sentence}。\n")).obligations
    return ob


@pytest.mark.parametrize(("sentence", "party"), [
    ("承保机构委托的技术服务机构应当具有开展服务的能力", "technical_service"),  # the head of the noun phrase
    ("区级林业部门要强化公益林日常管护", "sector_regulator"),  # a level written with 级
    ("3.市水务局组织召开技术评审会，对建设单位提交的补偿费计算书进行核定", "sector_regulator"),  # after a number
    ("产废单位应当承担一般工业固废的收运处置费用", "all_units"),  # a unit named by what it does, before its cue
    ("2025年底前，各收运单位要完成收运台账建设", "all_units"),
    ("采购人应当根据项目特点制定履约验收方案", "all_units"),  # before the activity its act mentions
    ("项目法人单位应组织施工单位和监理单位对设备进行验收", "construction_unit"),  # whose activity names its role
    ("重点排查参保企业应急救援预案的可行性", None),  # an order's object, and 应急 is no cue
    ("市级财政部门要加强资金监管", "finance_department"),
    ("区应急局要鼓励保险机构及时总结好做法", "emergency_management"),  # who must encourage, not who is encouraged
    ("要充分利用培训基地的作用，鼓励企业和职工参加技能培训", None),  # after a must: the first duty's party
    ("通过日常监管记录信用行为，全面归集运营使用单位各类信用信息", None),  # after the means: the object
    ("鼓励保险机构及时总结好做法", "insurer"),  # the encouraged party
    ("文物收藏单位应当设置藏品档案", "all_units"),  # a unit holding a sector word is no department
    ("文物保护单位的保护范围内不得进行其他建设工程", "construction_unit"),  # a possessor is no subject
    ("施工过程中必须对机械或设备加设降噪措施", "construction_unit"),  # no party: who does the activity
    ("要依法依规做好安全生产责任保险实施工作", None),  # 实施工作 holds no 施工
    ("各行业领域要加强组织，鼓励本行业领域生产经营单位投保", "sector_regulator"),  # the encourager is named
    ("鼓励涉园区集聚、涉厂中厂企业采取整体投保方式", "insured_business"),  # the first party after 鼓励
    ("要将投保单位投保情况作为信用管理的重要参考", None),  # 将 marks the object
    ("示范项目应具备技术先进性", "construction_unit"),  # a project is its owner's
    ("力争2023年底前事故预防服务覆盖全部投保企业", None),  # a target: the firms are its object
    ("对于保险机构的违法违规行为，要及时通报金融监管部门，由金融监管部门依法查处", None),  # 由X after the duty
    ("因夜间施工产生的投诉，应按照属地化管理的原则，由区生态环境局会同相关部门处理", "ecology_environment"),
    ("其他部门也要指导本行业领域相关单位投保", "sector_regulator"),
    ("请相关区、管委会于3月底前完成方案编制", "local_government"),  # 请 hands the act to the first party after it
    ("承保机构人员不足时，应委托技术服务机构或聘请外部专业技术人员为投保企业服务", "insurer"),  # 聘请 is no 请
    ("对外开放的文物保护单位应当为教育机构提供便利", "all_units"),  # no 的 inside a name
    ("遇有重要发现的，由镇文物行政管理部门及时报上级文物行政管理部门处理", "culture_heritage"),  # 由 + prefix + body
    ("占道施工的审批材料由项目所在地的区、县交通行政管理部门受理并登记", "transport"),  # 由 + modifier + body
    ("违法建筑由所在地的区、县人民政府组织拆除", "local_government"),
    ("各试点区镇要统筹各条线实施目标和行动", "local_government"),  # 区镇: districts and towns
    ("货车司机需在车辆到达目的地24小时以前报备行程", "insured_business"),  # people at work for the regulated side
    ("线路发生变化的，驾驶员必须注销当前电子证照", "insured_business"),
    ("本市建立健全海绵设施运行评估机制", "local_government"),  # the area acting: its government
    ("本区依照有关法律规定制定保护要求", "local_government"),
    # a coordination body and its office, with no sector keyword, act for the government that set them up
    ("区防汛防台指挥部负责统筹全区汛期安全检查工作", "local_government"),
    ("市老旧小区改造工作领导小组办公室要定期通报改造进度", "local_government"),
    ("区应急局办公室负责汇总各街道排查情况", "emergency_management"),  # the office of a bureau is the bureau's
    ("本市范围内连续进行夜间施工不得超过3天", "construction_unit"),  # 本市 as a place names nobody
    ("镇政府鼓励公民、法人和其他组织设立博物馆", "all_units"),  # a body declaring 鼓励X: X is encouraged
    ("区水务局负责审核涉及水面积消纳土方的行政许可意见", "sector_regulator"),  # a department no list names
    ("市场格局要加快优化", None),  # 市场 is no level of government
    ("在市规划资源部门指导下，要规划设置一批消纳场所", None),  # 在X指导下 frames the act
    ("相关单位（含分支机构）的营业执照复印件不得涂改", None),  # a possessor, with a bracket between
    # offices known by their ending (…所, …中心, …办), and a name ends where a word does (文物所在地)
    ("镇财政所应当按时拨付资金", "finance_department"),
    ("市固化管理中心要给予相关企业业务指导", "sector_regulator"),
    ("镇规建办要在3个工作日内办结", "local_government"),
    ("辖区派出所负责维护现场秩序", "public_security"),
    ("文物所在地的区政府应当予以登记", "local_government"),
    ("建设单位至镇规建办申报项目，审核后由镇规建办出具受理告知书", "construction_unit"),  # …后由X: a later step
    ("各区交通行政管理部门应当加强监管", "transport"),  # 各区 opens a longer name
    ("市场监管部门应当加强信息共享", "sector_regulator"),  # a sector's department with no level
    ("各区市场监管部门应当每月报送统计表", "sector_regulator"),
    ("各行业建设主管部门负责本行业工地源头管理", "sector_regulator"),  # the first keyword decides: 行业 …
    ("交通行业主管部门应当加强岸电设施监管", "transport"),  # … or 交通, before a generic department
    ("民政、财政等相关行政管理部门应当做好保障工作", "sector_regulator"),  # not the last of a list
    ("国有资产管理部门应当指导国有企业开展屋顶光伏建设", "sector_regulator"),
    ("各市（州）交通运输主管部门要加强客运班线监管", "transport"),  # a scope in brackets inside the name
    ("各市（州、矿区）运管局要做好信息公示工作", "transport"),
    ("对辖区商场、物流企业组织开展消防安全宣传", None),  # a later conjunct shares the first one's 对
    ("镇人民政府利用文物保护点进行旅游开发的，应当延续原有历史风貌", "local_government"),  # who acts in the condition
    ("符合消防安全重点单位标准的，要督促养老机构落实管理措施", None),  # a party modifying a noun does not act
    ("各区住房城乡建设管理部门应当加强监管", "housing_construction"),
    # sectors listed before one ending share it; the first named decides
    ("各区民政、消防部门每年共同组织一次培训", "sector_regulator"),
    ("消防、民政等部门应共同研商确定工作措施", "fire_rescue"),
    ("各级生态环境、消防等部门应加强信息沟通", "ecology_environment"),
    ("要加强与公安、交通部门的协作", None),  # 与 marks the partner
    ("充分依托市民政局养老服务平台，实现信息共享互通", None),  # the means an order relies on
    ("税务部门根据水行政主管部门核定的应缴费额进行征收", "sector_regulator"),  # a sector with no role of its own
    ("政府性融资担保机构应对评价发现的问题及时进行整改", "all_units"),  # an institution named by what it does
    ("采购代理机构应当按照规定的采购方式和程序进行", "technical_service"),  # an agency serves
    ("采购人或其委托的采购代理机构应当制定履约验收方案", "all_units"),  # the agency acts for the one named first
    ("第十条　政府性融资担保机构应当于每年3月底前报送经营计划", "all_units"),  # after an article's number
    ("托运人、承运人要严格履行查验义务", "all_units"),  # the first of a list of such units
    ("承运人在运输危险货物前应按规定报送电子运单", "all_units"),  # before the event it acts before
    ("各液化石油气加气站应当加强安全检查", "all_units"),  # a station with no level is no department
    ("航油管线经营单位负责航油管线的日常巡查工作", "all_units"),  # before a verb of duty
    ("设摊经营活动经营（运营）主体开展设摊经营活动，应制定具体方案", "all_units"),
    ("生产、储存、运输、使用和经营企业应当建立充装查验制度", "insured_business"),  # 使用 is no object marker 使
    ("属地林业主管部门要制定相关监督考核管理制度", "sector_regulator"),  # an authority named by its field
    ("林业管理部门要加强对自然公园的监督", "sector_regulator"),
    ("国家级自然公园经营管理主体要对照总体规划开展全面排查梳理", "all_units"),  # an operator, by what it does
    ("经营（运营）主体应主动接受街道及相关部门的指导和监督", "all_units"),
    ("上述3家单位应参照全市公园游客量上报要求做好相关工作", "all_units"),
    ("遇有重大活动保障的需要，经营（运营）主体应积极配合，调整设摊经营活动", "all_units"),  # opening its clause
    ("课题承接人接到《立项通知书》后，应当按要求填报课题任务书", "all_units"),  # before the event it acts upon
    ("经营（运营）主体向属地街道申报后可主动退出设摊经营活动", "all_units"),
    ("遇重要节点，市绿化市容局在部分区的宣传日活动中同步设立市级会场", "urban_management"),  # after the occasion
    # 会同X: X joins the act of the body named before it
    ("本级财政部门结合本地区实际，会同相关业务主管部门组织开展绩效评价工作", "finance_department"),
    ("技术支撑单位在关键节点对成果进行质量巡查", "all_units"),  # a unit, then the verb of its fronted object
    ("“二检合一”检定人员必须掌握有关专业知识", "all_units"),  # staff named by a quoted programme, before 必须
    ("电梯投入使用前应由检验检测机构检验合格", "technical_service"),  # a body that tests, inspects or assesses
    ("建设单位应委托具有资质的检测机构开展室内空气质量检测", "construction_unit"),  # (and not the one engaged)
    # a body inside the modifier of the subject acts in the modifier only
    ("经市场监管部门授权的生产企业，对本企业制造的水表在出厂前进行计量检定", "insured_business"),
    ("由区住建委认定的物业服务企业应当每月报送维修记录", "property_management"),
    ("区教育局所属各中小学校要落实晨午检制度", "school"),
    ("电网企业组织符合要求的发电企业在平台完成补贴申请", "grid_company"),  # a verb's object is no head
    ("由镇文物行政管理部门根据文物保护的要求会同建设单位商定保护措施", "culture_heritage"),  # nor a partner
    ("简化岸电建设审批手续，协调电网企业做好配电网规划支撑", None),  # 协调X: X is steered, not the subject
    # the functions of one sector's departments sharing their ending are that sector's departments
    ("区生态环境监管、监测和执法部门应加强生态环境法律法规宣传和培训", "ecology_environment"),
    # people named by who they are, encouraged or allowed
    ("支持台湾同胞参与本市有关奖项的评选", "all_units"),
    ("支持在沪台湾同胞申请科研项目", "all_units"),  # with where they are, before an act that holds a cue (申请)
    ("支持在本市就读的台湾学生参与学校组织的文化活动", "all_units"),
    ("鼓励有意愿的居民利用存量居住建筑屋顶建设户用光伏", "all_units"),
    # a residents' committee by its short name; an elderly canteen and its operator
    ("居委将监护人消防安全责任清单发放至每一位独居老人监护人", "property_management"),
    ("长者饭堂运营机构应当按照协议约定接入为老服务综合平台", "care_institution"),
    ("申请家庭应书面承诺所提供的信息真实、有效、完整", "all_units"),  # households, like residents
    # known names sharing one ending, listed before it, are one name (建设单位, 施工单位)
    ("分户验收资料应整理、组卷，由建设、施工单位分别归档保存", "construction_unit"),
])
def test_the_bound_party(sentence, party):
    ob = the_duty(sentence)
    assert ob.party == party


def test_a_body_far_after_guli_is_the_object_of_a_later_verb():
    """鼓励…设置长者饭堂: the canteen is what is to be set up, not the one encouraged; 鼓励有意愿的居民… still hands
    the act to the residents."""
    assert the_duty("鼓励优先采取自主供给服务模式或单位食堂专区（窗）服务模式设置长者饭堂").party != "care_institution"
    assert the_duty("鼓励有意愿的居民利用存量居住建筑屋顶建设户用光伏").party == "all_units"


def test_a_party_after_a_preposition_is_no_subject():
    """针对/根据/按照 X…: X is what the duty is aimed at; the subject here is the heading's party."""
    text = ("关于做好工作的通知\n各有关单位：\n一、工作职责\n（一）承保机构。\n"
            "针对不同行业领域和生产经营单位特点加强事故预防服务。\n")
    assert [ob.party for ob in extract(notice_from_text(text)).obligations] == ["insurer"]


@pytest.mark.parametrize(("sentence", "party", "modality"), [
    ("鼓励有条件的承保机构配备专业风险管理人员", "insurer", "encouraged"),  # 鼓励 before a 的-phrase still binds
    ("市财政局将进一步提升服务能级，为采购人提供信息化支持", "finance_department", "must"),  # 支持 given: a noun
    ("对于存在数据造假的单位，市消防救援总队将有关情况纳入信用监管", "fire_rescue", "must"),  # opens the main clause
    ("在安全生产事故调查中，应倒查企业投保情况", None, "must"),  # a clause opening with a must is an order
    ("申请材料不齐全的，区生态环境局一律不予受理", "ecology_environment", "must_not"),  # 不予: shall not grant
    ("对巡查中发现的违规堆放问题及时清理", None, "must"),  # 对 + its object fronted, then the order
    ("对表现突出的物业服务企业实行通报表扬", None, "must"),
    ("不能在规定时限内书面报告的，区交通委应当先以电话报告", "transport", "must"),  # the condition's 不 binds nothing
    ("有下列情况之一的，依法、依规追究责任", None, "must"),  # a sanction, whoever imposes it
    ("在查询期限内，信息主体可依照规定的程序提出信用修复申请", "all_units", "may"),  # 可依照…的: no "-able"
    ("若检查发现生产企业有伪造检定数据、检定证书等行为的，依法从严查处", None, "must"),  # sanctions, however written
    ("对不作为、乱作为、失职渎职的公职人员严肃追责问责", None, "must"),
    # the order opening the sentence sets its strength, not what a later clause forbids (its first duty)
    ("严格落实属地管理责任，加强联合动态巡查，坚决杜绝改变备案用途等违法违规现象", None, "must"),
    ("电网企业统筹确定配套电网项目的建设时序，与项目前期工作做好衔接，不得因资金安排不及时影响项目建设",
     "grid_company", "must"),
    # no cue: the body the sentence opens with acts, not the one its last clause hands something to
    ("区绿化市容局定期对消纳场所进行抽查，并将线索移交至区城管执法局", "urban_management", "must"),
    ("区规划资源局会同区绿化市容局编制卸点规划，形成消纳场所选址方案", "planning_resources", "must"),
    # a sentence that is no item of a list states an act, though it ends in …的 + noun
    ("市财政局依据本办法实施市级管理的担保机构的绩效评价工作", "finance_department", "must"),
    # a duty verb in a clause before the one that allows: the allowance is a step of the duty
    ("本级财政部门会同相关部门组织开展绩效评价工作，必要时可委托第三方机构参与", "finance_department", "must"),
    # a unit named by what it does, with the short name it is given, or handed the act by the first word
    ("自然人（以下称举报人）可通过热线电话向区财政局举报", "all_units", "may"),
    ("倡导经营（运营）主体自律自治，共同维护良好经营秩序", "all_units", "encouraged"),
    # 可 after a body and where it may act allows, though a 的 follows (no "-able" 可调节…的调压器)
    ("符合相应资质要求的台资企业在本市可参与建设项目的总包和分包", "insured_business", "may"),
    ("注册在本市的台资农业企业可享受本市同等的农机购置补贴政策", "insured_business", "may"),
])
def test_duties_found_by_their_shape(sentence, party, modality):
    ob = the_duty(sentence)
    assert (ob.party, ob.modality) == (party, modality)


@pytest.mark.parametrize(("sentence", "condition", "party"), [
    ("发生较大事故时，区交通委应当在1小时内报告", "发生较大事故时", "transport"),
    ("在施工现场切割建材时，施工单位应采取防尘措施", "在施工现场切割建材时", "construction_unit"),
    ("施工单位在夜间施工时，应当采取降噪措施", None, "construction_unit"),  # the party opens it: no condition
    # two alternatives joined by ，或者 make one condition, and a finding inside it (检查发现) states no fact
    ("针对检查发现燃气管道存在重大隐患，或者对燃气隐患拒不整改的，住建部门约谈燃气企业负责人",
     "针对检查发现燃气管道存在重大隐患，或者对燃气隐患拒不整改的", "housing_construction"),
])
def test_an_event_the_duty_waits_for_is_its_condition(sentence, condition, party):
    ob = the_duty(sentence)
    assert (ob.condition, ob.party) == (condition, party)
    assert condition_of("在加强数据对接的同时，要做好信息公开") == (None, (0, 0))  # 同时: meanwhile


def test_a_condition_opening_with_faxian_runs_over_its_clauses():
    """发现X使用…，…，使用…的，要…: what was found is the condition, and X in it is no subject."""
    text = "发现养老服务机构使用可调节出口压力的调压器，对燃烧器具进行中压供气的，要及时移送市场监管部门"
    assert condition_of(text)[0] == "发现养老服务机构使用可调节出口压力的调压器，对燃烧器具进行中压供气的"
    assert the_duty(text).party is None


def test_a_long_fronted_condition():
    """对…、…、…的X，: however many acts the fronted phrase lists, it is the condition, and the body after it
    is bound."""
    condition = ("对未按规定设置围挡、未采取覆盖措施、未对进出车辆进行冲洗、未在出入口设置洗车平台或者未按时清运渣土的"
                 "施工单位")
    ob = the_duty(f"{condition}，区城管执法部门会同区建设管理部门责令改正")
    assert (ob.condition, ob.party) == (condition, "urban_management")


def test_the_items_of_a_list_inside_a_sentence_share_its_status():
    """电子通行证可以显示：一是…；三是驾驶员健康码码色: a permission opens the list, and its items
    describe what a pass shows; they bind nobody, though one opens with a party. An item of a duty's
    list that opens with its party (二是驾驶员要…) is a duty of that party."""
    text = ("关于做好货运车辆通行管理的通知\n各有关单位：\n一、通行证管理\n"
            "电子通行证可以显示：一是车辆基本信息；二是起运地和目的地；三是驾驶员健康码码色，供检查点查验。\n"
            "运输企业要做到：一是每日对车辆消毒；二是驾驶员要每日报告行程。\n")
    obs = extract(notice_from_text(text)).obligations
    assert [(ob.text[:6], ob.party) for ob in obs] == [("运输企业要做", "insured_business"),
                                                       ("二是驾驶员要", "insured_business")]


@pytest.mark.parametrize("sentence", [
    "强化对保障性租赁住房建设的工程质量安全监管",  # an order opens with its verb
    "按照《全市消防设施改造工作方案》要求，协助物业服务企业更换老化设施",  # after the rule it follows
    "在道路隐患排查方面，突出对夜间施工路段的排查",  # after the field it is about
    "根据《本市老旧小区改造三年行动方案》，积极推进老旧小区消防设施全部完成更新",  # after the document it follows
    "针对夜间施工扰民投诉集中的情况，积极督促施工单位调整作业时间",  # after what it answers
    "充分利用网格化管理平台，及时发现违规倾倒建筑垃圾行为",  # 充分 / 综合运用 + the means
    "综合运用视频监控和无人机巡查等手段，实现对重点路段的全天候监测",
    "完成老旧住宅小区消防车通道标线施划",  # a task verb opens the order (完成, 组织, 编制, 启动, 继续 …)
    "组织重点物流企业和快递企业，召开冷链运输安全推进会议",
    "编制发布高层建筑外墙保温材料检测操作指引",
    "启动城管、公安联合执法专项行动，通报典型违法案例",
    "继续推进全区电动自行车充电设施接入区级监管平台",
    "适时启动区级地下管线综合规划修编工作",  # an adverb of timing, like 及时
    "对全区老旧小区、城中村组织开展燃气隐患排查",  # a fronted object with no 的, then the order's verb
    "结合《上海市消防条例》修订实施，对重点单位开展消防培训",  # after the document it follows
    "对辖区内的老旧燃气管道进行排查",  # a fronted object, then a verb that takes one (进行, 给予, 定期 …)
    "对工作成效显著的街道给予通报表扬",
    "对整治工作的进展情况定期进行通报",
    "将燃气安全隐患整改情况纳入街道年度考核",  # 将 + its object + a verb of disposal
    "同时，将电梯维保质量列入物业服务企业信用评价",  # after a connective
    "每年组织一次全员应急疏散演练",  # after how often
    "每季度至少对二次供水储水设施进行一次全面清洗消毒",  # after how often, at least, and a fronted object
    "新建公共租赁住房实行全装修交付",  # a rule stated of a thing (X实行Y)
    "消毒档案保存期限不少于3年",  # a bound set on a thing (不少于, 不超过 …)
    "第三方评估服务费用不超过5万元",
    "根据居住区实际情况，因地制宜调整垃圾清运路线和清运时间",  # after the situation it answers
    "按照“谁主管、谁负责”的原则，切实落实属地管理责任",  # after the principle it follows
    "同时对背街小巷内零星绿地加强管理",  # a connective with no comma, a fronted object, then 加强
    "对施工过程中发现的违法行为责令当事人改正",
    "对施工过程中发现违反合同规定的行为，责令合同当事人改正",  # the fronted object closed by a comma
    "对考核优秀的单位，给予通报表扬",
    "对于“非粮化”问题，全面分析问题原因",  # a frame with 对于, as with 针对
    "依托特种设备智慧监管平台，打造跨部门综合监管应用场景",  # after the means it relies on
    "梳理本市大型游乐设施及其风险点清单，构建跨部门联合监测预警模型",  # more verbs that open orders
    "推出“特种设备码”，通过逐台设备贴码绑定实现多维监管",
    "对大型游乐设施运营使用单位相关检查事项进行全面梳理",  # a long fronted object with no 的
    "根据水质监测结果，标注各供水泵站的风险等级",  # after what it is based on, of any kind
    "从保障群众用气安全的高度深刻认识整治的必要性，认真开展自查自纠",  # after the view it takes
    "逐步构建跨部门综合监管工作机制",  # a step-by-step order
    "2026年底前，基本建成覆盖全市的供水安全管理体系",  # a target due by a date
    "每年汛期前组织一次泵站操作人员应急演练",  # after the occasion it is due by, with no comma
    "结对成员填写意向申报表，汇总签署意见后于2011年10月30日前将意向申报表报教育局人事科",  # due by a date
    "展“好形象”，围绕全市规划建设目标，引导志愿者投身垃圾分类工作",  # after a programme's slogan and a frame
    "综合考虑公共安全、交通秩序等因素，利用商圈、园区等公共空间，合理划定设摊区域",  # after one frame and another
    "创新公众参与渠道，积极构建多方参与的共商共治机制",
    "推出“特种设备码”，通过逐台设备贴码绑定，实现多维监管",  # 推出 opens the order, it is no slogan
    "2025年5月底前完成排查整治",  # after the date it is due by, with no comma
    "2025年5月底前报送工作总结",  # a verb of duty after it
    "各区每月5日前报送报表",  # a sentence closed by its full stop is no table's caption
    "对拆除范围内的房屋、构筑物及相关设施设备进行评估，出具评估报告",  # a fronted object listing its nouns
    "对年度考核为优秀的菜市场奖励5万元，对年度考核为良好的菜市场奖励3万元",  # a grant to a fronted object
    "对经认定的高新技术企业，按照15%的税率，征收企业所得税",  # a levy, after how it is done
    "简化台湾地区自然人投资者的身份证明公证材料",  # more verbs that open orders
    "加大卫星遥感、无人机等科技手段在监管中的应用",
    "优化台资企业市场主体登记流程",
    "在每个标准化菜市场中至少设立1家平价蔬菜摊位，稳定和平抑蔬菜价格",  # after the place it acts in, no comma
    "为独居老人提供结对帮扶、邻里守望、紧急救援等服务",  # what is done for the one it serves
])
def test_an_order_that_opens_with_its_verb_is_a_duty(sentence):
    assert the_duty(sentence).modality == "must"


def test_the_body_an_order_sets_up_is_not_its_subject():
    """成立X领导小组: a coordination body is a party, but not the one that sets itself up."""
    ob = the_duty("成立燃气安全专项整治工作领导小组，由分管副区长任组长")
    assert (ob.modality, ob.party) == ("must", None)
    assert the_duty("区燃气安全专项整治工作领导小组负责统筹全区整治工作").party == "local_government"


def test_a_long_fronted_object_is_read_whole():
    """对…的承保机构，X督促整改: the body after the comma is the subject, however long the 对 clause (a
    task verb inside it, 委托…机构开展…, does not open an order)."""
    ob = the_duty("对未按要求开展隐患排查、排查质量没有达到规范标准、只收费不服务或少服务、向投保企业搭售产品、"
                  "委托不具备资质的检测机构开展隐患排查服务的承保机构，交通运输部门会同金融监管部门督促整改")
    assert (ob.party, ob.party_text) == ("transport", "交通运输部门")


def test_a_cue_before_an_adverb_written_with_de_still_binds():
    """应经常性的组织…: 的 after 经常性 marks an adverb, not an attributive clause (应当投保的企业)."""
    ob = the_duty("项目法人单位是现场扬尘管控的第一责任人，应经常性的组织施工单位对扬尘管控措施进行检查")
    assert ob.modality == "must"


def test_a_party_after_a_frame_opens_the_duty():
    """针对…，X研究制发…: a body named right after the frame of an order is its subject, with no duty word."""
    text = "关于做好工作的通知\n各有关单位：\n一、工作安排\n针对本市存在的养老服务场所，消防部门研究制发从业指南。\n"
    (ob,) = extract(notice_from_text(text)).obligations
    assert (ob.party, ob.party_text, ob.modality) == ("fire_rescue", "消防部门", "must")


def test_a_party_after_the_time_it_is_due_by_opens_the_duty():
    """至…年底，X完成…: a target set for a named body by a date is its duty, without a modal cue."""
    text = "关于做好工作的通知\n各有关单位：\n一、工作安排\n至2025年年底，各区消防救援支队完成高层住宅消防设施检测。\n"
    (ob,) = extract(notice_from_text(text)).obligations
    assert (ob.party, ob.modality, ob.deadline.date) == ("fire_rescue", "must", "2025-12-31")


def test_the_signature_is_no_duty():
    """The issuers' names, printed side by side above the date, are the signature, not a party opening a duty."""
    text = ("关于做好养老服务机构消防安全工作的通知\n各区民政局、消防救援局：\n一、工作要求\n"
            "各区民政局要督促养老服务机构落实消防安全责任。\n上海市民政局        上海市消防救援局\n2025年8月8日\n")
    obs = extract(notice_from_text(text)).obligations
    assert [ob.text[:5] for ob in obs] == ["各区民政局"]


def test_a_framed_statement_is_no_order():
    text = "关于做好工作的通知\n各有关单位：\n一、工作情况\n按照国家要求，全市已完成设施改造120处。\n"
    assert extract(notice_from_text(text)).obligations == []


def test_a_clause_after_a_semicolon_goes_on_with_the_duty_before_it():
    """请X…；强化…；压实…: the clauses after the semicolons are further duties of X, though they name no
    party and have no modal cue. Clauses after a statement of fact stay facts."""
    text = ("关于做好海绵城市建设工作的通知\n各有关单位：\n一、工作要求\n"
            "请各区建设管理部门组织开展施工图审查；强化竣工验收监管，参加项目交底；压实运维单位责任，保障设施正常运行。\n"
            "全市已建成海绵设施120处；运行总体平稳。\n")
    obs = extract(notice_from_text(text)).obligations
    assert [(ob.text[:4], ob.party, ob.modality) for ob in obs] == [
        ("请各区建", "housing_construction", "must"), ("强化竣工", "housing_construction", "must"),
        ("压实运维", "housing_construction", "must")]


def test_the_first_order_of_an_item_is_no_heading():
    """（一）…严禁…；…应…: a short first clause with a modal cue, closed by a semicolon, is an order
    of the item's list, not the item's title."""
    text = ("关于加强工地扬尘管理的通知\n各有关单位：\n一、防尘措施\n"
            "（一）在施工现场严禁露天堆放易扬尘建材；在施工现场切割建材时，应采取有效防尘措施。\n")
    assert [ob.modality for ob in extract(notice_from_text(text)).obligations] == ["must_not", "must"]


def test_a_short_item_that_opens_with_its_party_and_a_duty_word_is_no_heading():
    """11.X应…。 followed by more text of the item: a duty of X, and the item's other sentences are X's too;
    （二）明确X应当… stays the item's title."""
    text = ("关于加强小型工程管理的通知\n各有关单位：\n一、职责分工\n"
            "1.建设单位应尽到主体责任。严格遵守相关法律法规，认真履行合同规定的义务。\n"
            "2.明确较高风险企业应当投保。对未投保的企业，区应急局要督促整改。\n")
    obs = extract(notice_from_text(text)).obligations
    assert [(ob.text[:6], ob.party) for ob in obs] == [
        ("1.建设单位", "construction_unit"), ("严格遵守相关", "construction_unit"),
        ("对未投保的企", "emergency_management")]


def test_a_run_in_title_that_forbids_allows_or_encourages_is_a_duty():
    """（二）X不得…。 / （十八）支持X…。 with the item's text after it on its line: a duty of its own, not
    only the item's title; （三）加强组织领导。 stays a title."""
    text = ("关于促进菜市场建设的实施办法\n各有关单位：\n一、支持政策\n"
            "（一）支持社会资本在本区新建标准化菜市场。符合条件的项目，按规定给予补贴。\n"
            "（二）同一单位不得因同一事项重复享受政策。具体办法另行制定。\n"
            "（三）加强组织领导。各街道要建立工作机制。\n")
    obs = extract(notice_from_text(text)).obligations
    assert [(ob.text, ob.modality) for ob in obs] == [
        ("（一）支持社会资本在本区新建标准化菜市场", "encouraged"),
        ("（二）同一单位不得因同一事项重复享受政策", "must_not"), ("各街道要建立工作机制", "must")]


def test_the_last_item_before_the_signature_is_a_duty_not_a_heading():
    """A short item with no text under it is a duty; the signature below it is not its text."""
    text = ("关于加强工地夜间管理的通知\n各有关单位：\n一、工作要求\n（一）各单位要加强领导。\n"
            "（二）进出工地的车辆禁止鸣号。\n区建设管理委\n二〇二五年一月六日\n")
    notice = notice_from_text(text)
    assert notice.sections[-1].end == text.index("区建设管理委")
    assert [(ob.section, ob.modality) for ob in extract(notice).obligations] == [
        ("一、（一）", "must"), ("一、（二）", "must_not")]


def test_the_items_of_a_schedule_are_duties_due_when_they_say():
    """进度安排: （一）第一季度：做好… is a step to take by the end of that quarter, with no modal verb."""
    text = ("关于推进消防设施改造的通知\n各街道：\n一、进度安排\n（一）第一季度：做好项目立项工作，制定项目实施方案。\n"
            "（二）第三季度：全面实施建设施工。\n（三）12月底前：完成项目施工和自查验收工作。\n二、工作要求\n"
            "各街道要加强组织领导。\n区应急局\n2025年1月6日\n")
    obs = extract(notice_from_text(text)).obligations
    assert [(ob.modality, ob.deadline.date) for ob in obs] == [
        ("must", "2025-03-31"), ("must", "2025-09-30"), ("must", "2025-12-31"), ("must", None)]


def test_an_attached_plan_has_its_outline_and_its_body_in_charge_binds_the_duties_naming_nobody():
    """关于印发…方案的通知: the plan is the attachment after the signature. Its headings make sections
    (the list of attachments before the signature does not), and 建设主体为X names who carries out
    the items that name nobody, the statement itself included; a party written in a sentence, or
    after the condition's own 要, still wins."""
    text = ("关于印发《老旧桥梁加固工程实施方案》的通知\n各镇人民政府、区交通委：\n"
            "现将实施方案印发给你们，请认真贯彻执行。\n"
            "附件：1.老旧桥梁加固工程实施方案\n2.桥梁清单\n区建设管理委\n2025年3月2日\n附件1\n老旧桥梁加固工程实施方案\n"
            "一、建设内容\n一要更换桥梁伸缩缝，二要加固桥墩基础。\n二、职责分工\n本工程建设主体为区交通委，负责工程招标和竣工验收。\n"
            "各镇人民政府负责协调沿线交通组织。\n三、进度安排\n（一）6月底前：完成施工图设计。\n（二）10月底前：完成加固施工。\n"
            "四、工作要求\n加固后的桥梁要移交小区业主的，物业服务企业应当每月巡查一次。\n")
    notice = notice_from_text(text)
    assert [s.label for s in notice.sections] == ["一、", "二、", "三、", "三、（一）", "三、（二）", "四、"]
    obs = extract(notice).obligations
    by_text = {ob.text.split("，")[0]: ob for ob in obs}
    assert by_text["一要更换桥梁伸缩缝"].party == "transport" and by_text["一要更换桥梁伸缩缝"].section == "一、"
    statement = by_text["本工程建设主体为区交通委"]
    assert (statement.party, statement.party_text) == ("transport", "区交通委")
    assert by_text["各镇人民政府负责协调沿线交通组织"].party == "local_government"
    assert [ob.party for ob in obs if ob.deadline.kind == "date"] == ["transport", "transport"]
    assert by_text["加固后的桥梁要移交小区业主的"].party == "property_management"  # after the condition


@pytest.mark.parametrize(("sentence", "party"), [
    ("（一）针对不符合技术规范要求的养老服务机构，要督促其落实整改", None),  # the frame's object, after a label
    ("为养老服务机构提供检测服务的技术服务机构，要出具检测报告", "technical_service"),  # a relative clause's head
])
def test_a_body_a_frame_is_about_is_no_subject(sentence, party):
    assert the_duty(sentence).party == party


def test_an_order_after_the_date_it_is_due_by_names_its_object_not_its_subject():
    """2023年9月底前，全面排查我区养老服务机构…: the institutions are what the plan's author checks."""
    text = ("关于印发《区养老服务机构燃气安全专项整治工作方案》的通知\n各养老服务机构：\n"
            "现印发给你们，请认真贯彻执行。\n区民政局\n2023年6月2日\n附件\n燃气安全专项整治\n一、工作安排\n"
            "（一）2023年9月底前，全面排查我区养老服务机构燃气风险隐患。\n")
    (ob,) = extract(notice_from_text(text)).obligations
    assert (ob.party, ob.party_text, ob.deadline.date) == ("sector_regulator", "", "2023-09-30")


@pytest.mark.parametrize(("title", "issuer", "party"), [
    ("关于印发《区老旧电梯更新改造工作方案（2025年）》的通知", "区市场监管局", "sector_regulator"),  # its issuer's
    ("关于转发区城管执法局制订的《关于加强共享单车停放管理的工作方案》的通知", "区人民政府办公室", "urban_management"),
    ("关于印发《区老旧电梯更新改造管理办法》的通知", "区市场监管局", None),  # rules for others: nobody named
    ("关于印发《关于加快老旧电梯更新改造的若干措施》的通知", "区市场监管局", "sector_regulator"),  # its measures
    ("关于印发《区老旧电梯更新改造试点方案》的通知", "区市场监管局", "sector_regulator"),  # a pilot's plan
    # a department's draft its government approves and forwards (批转) sets out the department's tasks
    ("关于批转区市场监管局《关于加强老旧电梯更新改造的实施意见》的通知", "区人民政府", "sector_regulator"),
    # not a higher authority's notice forwarded (转发): the forwarding body acts on it, not the author
    ("关于转发国家能源局《关于加强老旧电梯更新改造的通知》的通知", "区人民政府", None),
])
def test_the_tasks_of_a_work_plan_that_name_nobody_are_its_authors(title, issuer, party):
    """A work plan (…实施方案, …工作方案, …工作要点) lists its author's own tasks: the body the title says
    drew it up, else the issuer. A set of rules (…办法) binds others, so its subjectless duties stay unbound."""
    text = (f"{title}\n各街道办事处：\n现印发给你们，请认真贯彻执行。\n{issuer}\n2025年3月2日\n附件\n老旧电梯更新改造\n"
            "一、工作任务\n（一）排查老旧电梯。全面排查辖区内使用满十五年的住宅电梯，建立台账。\n"
            "（二）通报进度。及时通报排查进度。\n")
    obs = extract(notice_from_text(text)).obligations
    assert [ob.text[:4] for ob in obs] == ["全面排查", "及时通报"]
    assert [ob.party for ob in obs] == [party, party]


@pytest.mark.parametrize(("title", "recipients", "sentence", "party"), [
    ("关于做好耕地种植用途管控工作的通知", "各区农业农村委", "开展耕地种植情况摸底调查", "sector_regulator"),
    ("关于做好耕地种植用途管控工作的通知", "各区农业农村委", "要及时反馈核查结果", "sector_regulator"),
    ("关于做好耕地种植用途管控工作的通知", "各区农业农村委", "种植大户应当如实填报种植信息", None),  # names its own
    ("关于做好耕地种植用途管控工作的通知", "各有关单位", "开展耕地种植情况摸底调查", None),  # every kind of body
    ("关于印发《耕地种植用途管控办法》的通知", "各区农业农村委", "开展耕地种植情况摸底调查", None),  # a document's rule
])
def test_a_letter_orders_its_addressees_what_it_says_with_no_subject(title, recipients, sentence, party):
    """A notice's own letter to 各区农业农村委 that says 开展… or 要… with no subject orders its addressees;
    not a letter printing a document, nor one to 各有关单位, nor a sentence naming a body the lexicon lacks."""
    text = f"{title}\n{recipients}：\n一、工作内容\n{sentence}。\n"
    (ob,) = extract(notice_from_text(text)).obligations
    assert ob.party == party


def test_the_items_of_a_section_bind_the_party_its_lead_paragraph_binds():
    """二、… 各物业服务企业应…。（一）… : the items below a section's lead paragraph are that party's duties."""
    text = ("关于做好住宅小区消防安全管理工作的通知\n各有关单位：\n二、落实小区消防管理\n"
            "各物业服务企业应按照合同约定落实消防安全管理责任。\n"
            "（一）加强日常巡查。每月组织一次消防通道巡查，发现占用的应当及时劝阻。\n"
            "三、加强监督\n（一）开展抽查。每季度组织一次小区消防通道抽查。\n")
    first, item, other = extract(notice_from_text(text)).obligations
    assert (first.party, item.party, item.frequency.per) == ("property_management", "property_management", "month")
    assert other.party is None  # another section's item: no lead paragraph, nobody named


def test_a_cue_inside_a_cited_title_sets_no_strength():
    """根据《关于严禁…的通知》精神，…可以…: 严禁 names the cited notice, it forbids nothing here."""
    assert the_duty("根据《关于严禁违规收费的通知》精神，符合条件的企业可以申请补贴").modality == "may"


@pytest.mark.parametrize(("sentence", "per"), [
    ("下一阶段，区水务局将会同区防汛办对下立交设施进行专项检查", None),  # after when it comes, the body that acts
    ("气象部门发布红色预警信息后，区水务局采用即知即报制，直到警报解除", None),  # after the event it follows
    ("每年汛期结束后，区水务局将会同各街镇对泵站运行情况进行评估", "year"),  # and the rhythm of that time
])
def test_a_body_named_after_a_leading_time_is_the_subject(sentence, per):
    ob = the_duty(sentence)
    assert (ob.party, ob.party_text, ob.frequency and ob.frequency.per) == ("sector_regulator", "区水务局", per)


def test_a_short_name_given_in_the_notice_names_the_same_body():
    """（以下简称“区地空联”）: later sentences that name the body by its short name bind it."""
    text = ("关于加强地下空间管理的通知\n各有关单位：\n一、职责\n"
            "黄浦区地下空间管理联席会议（以下简称“区地空联”）负责本区地下空间的协调工作。\n"
            "区地空联对工程隐患整治的相关合同开展抽查。\n")
    obs = extract(notice_from_text(text)).obligations
    assert [(ob.party, ob.party_text) for ob in obs] == [("local_government", "黄浦区地下空间管理联席会议"),
                                                         ("local_government", "区地空联")]


def test_a_short_name_given_after_shi_is_the_subject_s_even_holding_a_known_body():
    """各镇、街道是…的行政主管部门（以下简称“下立交管理单位”）: the short name is the towns', though it holds
    管理单位 (a form of the construction units) and the body right before it has no role."""
    text = ("关于加强下立交防汛管理的通知\n各有关单位：\n一、职责\n"
            "下立交的排水由产权单位负责，各镇、街道是其辖区范围内下立交设施防汛管理工作的行政主管部门"
            "（以下简称“下立交管理单位”），具体负责下立交的防汛管理。\n各下立交管理单位要组建专业的应急抢险队伍。\n")
    ob = extract(notice_from_text(text)).obligations[-1]
    assert (ob.party, ob.party_text) == ("local_government", "各下立交管理单位")


def test_the_short_name_of_a_bodys_office_is_that_bodys():
    """市交通委交通指挥中心（以下简称委指挥中心）: the short name of an office is the body's it belongs to;
    the clause naming who interprets the text (由委指挥中心负责解释) is no duty."""
    text = ("关于信息报告的通知\n各有关单位：\n一、职责\n"
            "上海市交通委员会交通指挥中心（以下简称委指挥中心）负责汇总信息。\n"
            "委指挥中心在接报信息后，应当立即报告。\n本规定由委指挥中心负责解释。\n")
    obs = extract(notice_from_text(text)).obligations
    assert [ob.party for ob in obs] == ["transport", "transport"]
    assert obs[1].party_text == "委指挥中心"


def test_the_short_name_of_the_second_body_of_a_subject_is_that_bodys():
    """A（以下简称甲）和B（以下简称乙）负责…: 乙 is B's short name, not A's; 综合执法 names the urban management
    enforcement bureau."""
    text = ("关于固定污染源监督管理的通知\n各有关单位：\n一、职责\n"
            "浦东新区生态环境局（以下简称区生态环境局）和浦东新区城市管理综合行政执法局（以下简称区综合执法局）"
            "负责全区固定污染源的监督管理。\n区综合执法局负责统筹落实全区执法计划。\n")
    obs = extract(notice_from_text(text)).obligations
    assert [(ob.party, ob.party_text) for ob in obs] == [
        ("ecology_environment", "区生态环境局"), ("urban_management", "区综合执法局")]


def test_a_term_defined_by_the_bodies_it_takes_in_names_the_first_of_them():
    """监测部门包括区环境监测站，执法部门包括区综合执法局和…: later on, 执法部门 is the enforcement bureau and
    监测部门 the monitoring station; not where 执法部门 ends a list sharing its ending (监管、执法部门)."""
    text = ("关于固定污染源监督管理的通知\n各街镇：\n一、职责\n"
            "监测部门包括区环境监测站，执法部门包括区综合执法局和街镇城市管理综合行政执法中队。\n"
            "执法部门应将固定污染源纳入监管体系。\n监测部门负责落实监测要求。\n"
            "区生态环境监管、执法部门应加强信息公开的监督管理。\n")
    obs = extract(notice_from_text(text)).obligations
    assert [(ob.party, ob.party_text) for ob in obs] == [
        ("urban_management", "执法部门"), ("ecology_environment", "监测部门"),
        ("ecology_environment", "区生态环境监管、执法部门")]


def test_a_short_name_glued_to_the_next_word_and_given_to_a_short_name_still_binds():
    """联席会议（以下简称“联席会议”） then 联席会议下设办公室（以下简称“联席办”）: the office's short name is
    the body's, though the body is itself known by a short name; 由联席办向… binds it although the segmenter
    reads 联席|办向."""
    text = ("关于土地减量化工作的通知\n各村：\n一、组织领导\n成立头桥街道减量化工作联席会议（以下简称“联席会议”），"
            "街道办事处主任为总召集人。联席会议下设办公室（以下简称“联席办”），负责日常工作。\n二、资金拨付\n"
            "区规资局立项批文下发后，由联席办向区财政局申请立项资金。\n")
    obs = extract(notice_from_text(text)).obligations
    assert [(ob.party, ob.party_text) for ob in obs if ob.text.startswith("区规资局")] == \
        [("local_government", "联席办")]


def test_an_age_in_zhousui_is_no_length_of_weeks():
    assert quantities("原则上年龄40周岁以下") == []
    assert [(q.max, q.unit) for q in quantities("整改期限不超过2周")] == [(2, "周")]


def test_an_order_ending_in_the_lead_of_its_list_is_a_duty_and_a_note_in_brackets_binds_nobody():
    """请各学校加强…，具体要求如下： orders before it opens the list; 临时确定（由市教育局提供教材） names who
    supplies the material in a note, it gives 市教育局 no duty."""
    text = ("关于加强防溺水教育的通知\n各中小学：\n一、工作要求\n请各学校加强防溺水教育宣传活动，具体要求如下：\n"
            "二、考核安排\n模拟上课的具体内容临时确定（由市教育局提供教材复印件）。\n")
    obs = extract(notice_from_text(text)).obligations
    assert [(ob.party, ob.text[:4]) for ob in obs] == [("school", "请各学校")]


def test_the_steps_of_a_procedure_are_duties_without_a_duty_word():
    """Under （二）清洗消毒流程 each step is a duty, though it opens with a time clause or a plain verb; an
    article's title (第九条（许可流程）), a line of contacts and a rule of reference (…为准) are not."""
    text = ("关于二次供水水质管理的通知\n各供水企业：\n一、清洗消毒管理要求\n（一）清洗消毒流程\n"
            "清洗消毒前24小时，通过公告、短信等方式告知用户停水时间及清洗安排；邀请业主代表（不少于2人）现场监督"
            "清洗消毒过程，并签字确认。\n咨询电话：53015050\n拨付时间以区财政局实际下发为准。\n"
            "（3）清洗完毕，将水全部排出，关闭泄水口。\n第九条（许可流程）\n（二）清洗消毒要求\n检查水箱内是否有遗留物。\n")
    obs = extract(notice_from_text(text)).obligations
    assert [ob.text[:4] for ob in obs] == ["清洗消毒", "邀请业主", "（3）清"]
    assert obs[0].deadline.duration == "PT24H"
    assert [(q.kind, q.min) for q in obs[1].quantities] == [("people", 2)]


@pytest.mark.parametrize(("sentence", "party"), [
    ("由监理公司现场确认工程量", "construction_unit"),
    ("各相关职能部门要明确责任分工", "sector_regulator"),
    ("各村要做好项目立项工作", "property_management"),  # a village's committee, as 村委会
    ("各学校要加强防溺水教育宣传", "school"),
    ("省环境保护厅要加强督查", "ecology_environment"),  # a provincial department ends in 厅
    ("请各县（市、区）数据局及时报送数据目录", "sector_regulator"),  # a level with its scope in brackets
    ("各市（州）教育局要加强指导", "sector_regulator"),
    ("施工单位要有明显的警示标志", "construction_unit"),  # 要有 + adjective + 的: must have, no attributive
    ("汇总意见后于2011年10月30日前将申报表报区住建局", None),  # 报X: X receives the report, it makes none
    ("单车经营者要通过所属运输企业上报意见", "insured_business"),  # operators and workers, as 从业人员
    ("作业人员进入水箱前必须穿戴好劳动保护用品", "insured_business"),
    ("各级能源主管部门要会同电网企业建立项目清单", "sector_regulator"),  # 会同 names a partner
    ("项目名单由市住房城乡建设管理部门会同相关部门确定", "housing_construction"),  # level + words + a known body
    ("区卫生健康委要加强督导", "sector_regulator"),  # the segmenter glues 委要; a department ends before 要
    ("区医保局要加强督导", "sector_regulator"),
    ("区卫健委要加强督导", "sector_regulator"),
    ("区人社局应当加强督导", "sector_regulator"),
    ("市教委要加强督导", "sector_regulator"),
    ("各养老服务机构要建立燃气安全台账", "care_institution"),  # service institutions: care homes, clinics
    ("各医疗机构要加强临床路径管理", "care_institution"),
    ("粮食和储备部门应当建立举报受理台账", "sector_regulator"),  # a field named with 和 and no level
    ("发展和改革部门要会同有关部门制定实施细则", "development_reform"),
    ("各有关管理部门要加强监督检查", "sector_regulator"),
    ("质量技术监督部门应当加强钢瓶检验监管", "sector_regulator"),
    ("建设单位应在现场公示联系电话", "construction_unit"),  # an order asking for a phone is no line of contacts
])
def test_common_names_of_parties(sentence, party):
    assert the_duty(sentence).party == party


@pytest.mark.parametrize(("sentence", "party", "party_text"), [
    ("各县、市、区教育局要于11月10日前将名单报市教育局", "sector_regulator", "各县、市、区教育局"),
    ("各市、县人民政府要加强组织领导", "local_government", "各市、县人民政府"),  # 民政 inside 人民政府 is no keyword
    ("市、区房屋管理部门要建立租金监测机制", "housing_construction", "市、区房屋管理部门"),
    # bodies sharing their ending: the first named is the party
    ("市、区房屋管理和城管执法部门要加强保障性租赁住房监管", "housing_construction", "市、区房屋管理和城管执法部门"),
    ("公安和交通管理部门要加强联合执法", "public_security", "公安和交通管理部门"),
    ("建设单位和施工单位要落实扬尘防治责任", "construction_unit", "建设单位"),
    # sectors listed before one ending, closed by 等, whether a keyword names each or not
    ("文物、教育、新闻出版、文广影视等行政管理部门应当加强文物保护宣传", "culture_heritage",
     "文物、教育、新闻出版、文广影视等行政管理部门"),
    ("文物、工商等相关行政管理部门要依法实施监督检查", "culture_heritage", "文物、工商等相关行政管理部门"),
    ("相关区文化旅游、体育、绿化市容等部门要梳理权责清单", "culture_heritage", "相关区文化旅游、体育、绿化市容等部门"),
    ("发展改革、建设、交通、规划、财政等相关行政管理部门要按照各自职责做好保护工作", "sector_regulator",  # many: all
     "发展改革、建设、交通、规划、财政等相关行政管理部门"),
])
def test_levels_or_bodies_sharing_one_ending_are_one_name(sentence, party, party_text):
    ob = the_duty(sentence)
    assert (ob.party, ob.party_text) == (party, party_text)


def test_a_body_in_charge_known_only_by_its_ending_binds_the_duties_naming_nobody():
    """实施主体为区数据局: a department no list names is still the body in charge, read as the lead
    notes read theirs (a level of government and a department's ending)."""
    text = ("关于印发《政务数据共享工作方案》的通知\n各街道办事处：\n现将方案印发给你们，请认真贯彻执行。\n"
            "区人民政府办公室\n2025年3月2日\n政务数据共享工作方案\n一、实施主体\n本方案实施主体为区数据局，"
            "负责统筹推进。\n二、工作任务\n（一）6月底前：完成数据目录编制。\n")
    obs = extract(notice_from_text(text)).obligations
    dated = [ob for ob in obs if ob.deadline.kind == "date"]
    assert [(ob.party, ob.deadline.date) for ob in dated] == [("sector_regulator", "2025-06-30")]


def test_an_organization_name_holds_no_agent_word():
    """…工程由交通行政管理部门受理: the body is 交通行政管理部门, not a name running back over 由."""
    from gongwen.extract.nlp import get_nlp

    doc = get_nlp()("轨道交通工程由区交通行政管理部门受理，并报上级住房城乡建设管理部门备案。")
    assert (doc.ents[0].text, doc.ents[0].ent_id_) == ("交通行政管理部门", "transport")
    assert not any(w in e.text for e in doc.ents for w in "由报")


def test_an_organization_name_holds_no_duty_word():
    """涉嫌犯罪的线索及时移送公安奉贤分局: no body's name runs back over 及时移送 (and a body known only by
    its ending needs a boundary before it, which 移送 is not)."""
    from gongwen.extract.nlp import get_nlp

    doc = get_nlp()("涉嫌犯罪的线索及时移送公安奉贤分局。")
    assert not any("及时" in e.text for e in doc.ents)


def test_a_party_doing_a_thing_promptly_or_in_earnest_has_a_duty():
    """区住建局及时汇总上报: 及时 and 切实 bind like 严格, after the party that acts."""
    assert (the_duty("区住建局及时汇总上报").party, the_duty("各街道切实做好宣传工作").modality) == (
        "housing_construction", "must")


@pytest.mark.parametrize("sentence", [
    "使用可调节出口压力的调压器的养老服务机构要立即更换",  # 可 + verb + 的: "-able"
    "各区市场监管局积极指导试点区，形成可复制、可推广的工作机制",
    "安装可燃气体探测器的厨房要定期检查",
])
def test_ke_before_a_verb_and_de_is_able_not_may(sentence):
    assert the_duty(sentence).modality == "must"


def test_sectors_sharing_an_ending_right_after_an_article_number_are_one_name():
    from gongwen.extract.nlp import get_nlp

    doc = get_nlp()("第三十三条市场监督管理、社会组织管理和相关部门在履行职责过程中发现问题的，依法依规进行处理。")
    assert [(e.text, e.ent_id_) for e in doc.ents] == [("市场监督管理、社会组织管理和相关部门", "sector_regulator")]


def test_a_word_holding_a_modal_character_is_no_cue():
    """可再生能源 holds 可 and 应急 holds 应: neither grants or binds anything."""
    from gongwen.extract.nlp import get_nlp

    doc = get_nlp()("示范项目重点培育可再生能源新技术，提升应急救援能力。")
    assert list(doc.spans["modal"]) == [] and list(doc.spans["weak"]) == []


@pytest.mark.parametrize(("sentence", "topic"), [
    ("对于未按要求提供事故预防服务的保险机构，要依法严格处罚", "penalty"),  # the condition says when, not what
    ("施工单位应当在工地醒目位置张贴夜间施工公告", "publicity"),  # the predicate says what the party does
    ("各区要把隐患排查作为重点，确保排查全覆盖", "inspection"),
    # 服务 alone names the field of a service (助餐服务), not the act of one
    ("长者饭堂应当在醒目位置公示助餐服务内容", "publicity"),
    # 系统 alone is any system (系统方案, 喷淋系统, 本系统职工), not an information system
    ("各区应提前三年完成系统方案编制", "organization"),
    ("各部门要加快推进业务系统对接", "data_systems"),
    ("未达到安全防护要求的，不得陈列、展出文物", "publicity"),  # forbidding a display is about displays (R4)
    ("事故造成的伤亡人数发生变化的，应当及时补报", "reporting"),  # a report sent later is a report
    ("加强与高等院校的合作，培养文博人才", "training"),
])
def test_the_topic_is_what_the_duty_asks(sentence, topic):
    ob = the_duty(sentence)
    assert ob.topic == topic


def test_duties_ending_like_a_caption_or_glued_to_a_localizer():
    """A duty may end in 名单; a list item whose 应 the segmenter glued to 中 (过程中应) still binds; a
    table's title (…联系人名单) binds nobody."""
    text = ("关于做好工作的通知\n各有关单位：\n一、施工要求\n（一）进出工地的车辆禁止鸣号。\n"
            "（二）施工过程中应对机械增设降噪措施。\n二、信用管理\n"
            "区住房城乡建设管理委应当建立施工企业诚信档案，并定期向社会公布不诚信企业名单。\n各区联系人名单\n")
    obs = extract(notice_from_text(text)).obligations
    assert [(ob.text[:6], ob.modality) for ob in obs] == [
        ("（一）进出工", "must_not"), ("（二）施工过", "must"), ("区住房城乡建", "must")]


def test_a_glued_cue_before_a_later_permission_decides():
    """观测点位应设置…，且可覆盖…的区域: the segmenter glues 应 to 位, but it is still the first cue, and
    the 可 of the relative clause after it does not turn the order into a permission."""
    ob = the_duty("噪声观测点位应设置于小区边界外一米处，且可覆盖夜间施工作业的主要区域")
    assert ob.modality == "must"


@pytest.mark.parametrize("sentence", [
    "推进码头与船舶互通岸电配置情况，鼓励长期靠港船舶与码头签订岸电使用协议",
    "落实老旧小区改造资金补助政策，符合条件的项目可以申请市级补助",
])
def test_an_order_opening_the_sentence_is_a_must_whatever_a_later_clause_allows(sentence):
    assert the_duty(sentence).modality == "must"


def test_a_rule_verb_after_a_negation_states_a_condition_not_a_rule():
    text = "关于做好工作的通知\n各有关单位：\n一、工作要求\n未实行监理的小型工程较多。\n"
    assert extract(notice_from_text(text)).obligations == []


@pytest.mark.parametrize("sentence", ["同时，对此前印发的有关临床路径进行了整理", "区住建局开展了燃气安全专项检查"])
def test_an_act_done_already_is_no_duty(sentence):
    """V + 了 reports what was done (进行了整理), it orders nothing."""
    text = f"关于做好工作的通知\n各有关单位：\n一、工作要求\n{sentence}。\n"
    assert extract(notice_from_text(text)).obligations == []


def test_a_short_unnumbered_line_with_no_punctuation_is_a_heading():
    text = "关于做好工作的通知\n各有关单位：\n重点整治内容\n1.对未落实消防安全责任制的，要依法责令限期改正。\n"
    assert [ob.text[:3] for ob in extract(notice_from_text(text)).obligations] == ["1.对"]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("为进一步加强燃气安全管理，各区民政局应于2024年3月底前报送工作总结", ("sector_regulator", "must")),
    ("为进一步加强防溺水教育，杜绝学生溺水事故发生，请各学校加强宣传", ("school", "must")),  # 杜绝 is the why
    ("为进一步加强燃气安全管理，现就有关事项通知如下", None),  # a preamble
    ("为切实推动事故预防工作，明确工作职责", None),  # nobody named after the why
])
def test_a_purpose_clause_says_why_and_binds_nobody(sentence, expected):
    text = f"关于做好工作的通知\n各有关单位：\n一、工作要求\n{sentence}。\n"
    obs = extract(notice_from_text(text)).obligations
    assert ((obs[0].party, obs[0].modality) if obs else None) == expected


def test_an_attachment_after_a_bare_fujian_line_has_its_outline():
    """A line `附件：` with nothing after it opens the attached text, as `附件` does; its headings make
    sections, and the steps under （二）清洗消毒流程 are duties of their item; the invited owners are no
    party, the addressed firms are."""
    text = ("关于印发《二次供水水质管理工作要求》的通知\n各供水企业：\n现将《二次供水水质管理工作要求》印发给你们，"
            "请遵照执行。\n某市住房和城乡建设局\n2025年8月14日\n附件：\n二次供水水质管理工作要求\n"
            "一、清洗消毒管理要求\n（一）清洗消毒频次\n1.每季度至少对储水设施进行一次全面清洗消毒。\n"
            "（二）清洗消毒流程\n邀请业主代表现场监督清洗消毒过程，并签字确认。\n")
    notice = notice_from_text(text)
    assert [s.label for s in notice.sections] == ["一、", "一、（一）", "一、（一）1.", "一、（二）"]
    obs = extract(notice).obligations
    assert [(ob.section, ob.party) for ob in obs] == [("一、（一）1.", "insured_business"),
                                                      ("一、（二）", "insured_business")]


def test_the_cover_letter_and_the_attached_documents_title_are_no_duties():
    """现将《…》印发给你们，请认真按照执行 hands a document over; the attachment's title line
    (关于进一步加强…的工作方案) names it. Neither is a duty; the attachment's orders are."""
    text = ("关于转发区城管执法局制订的《关于进一步加强共享单车停放管理的工作方案》的通知\n各街道办事处：\n"
            "区城管执法局制订的《关于进一步加强共享单车停放管理的工作方案》已经区政府同意，现转发给你们，请认真按照执行。\n"
            "区人民政府办公室\n2025年3月2日\n关于进一步加强共享单车停放管理的工作方案\n一、工作任务\n"
            "（一）清理乱停车辆。各街道要每周清理一次共享单车乱停放点位。\n")
    assert [ob.text for ob in extract(notice_from_text(text)).obligations] == ["各街道要每周清理一次共享单车乱停放点位"]


def test_a_target_set_with_lizheng_stays_encouraged():
    """适时启动…，力争三年内完成…: 力争 sets the strength of the whole target."""
    assert the_duty("适时启动系统方案编制，力争三年内完成达标区域方案编制").modality == "encouraged"


@pytest.mark.parametrize("sentence", ["完成时限：2025年12月", "报送表格见《下立交灾情信息上报表》（附件四）",
                                      "第二条 本办法所称课题，是指由市发展研究中心组织研究的决策咨询项目",
                                      "（五）固定污染源信息库，系指由市生态环境局依托信息系统建设的基本库",
                                      "区生态环境监管部门包括区生态环境局、街镇，执法部门包括区城管执法局"])
def test_a_steps_date_where_a_form_is_and_a_definition_are_no_duties(sentence):
    """完成 and 报送 open these lines, but as part of a field's name (完成时限：…) or of a thing (报送表格见…);
    本办法所称…, X系指… and X包括… define a word of the text."""
    text = f"关于做好工作的通知\n各有关单位：\n一、工作要求\n{sentence}。\n"
    assert extract(notice_from_text(text)).obligations == []


@pytest.mark.parametrize("goals", ["一、工作目标", "一、总体要求"])
def test_goal_sections_state_no_duty_unless_their_heading_is_an_order(goals):
    """Under 一、工作目标 (or 总体要求) a sentence with no modal cue states a goal; under （二）强化工作成效, an
    order that only holds the words of a goal section, it is a duty."""
    text = (f"关于做好燃气安全工作的通知\n各有关单位：\n{goals}\n全面排查餐饮场所燃气管道，消除重大隐患。\n"
            "二、工作措施\n（一）强化工作成效\n探索建立燃气事故联动调查数据库，开展多维度分析研究。\n")
    obs = extract(notice_from_text(text)).obligations
    assert [ob.text[:6] for ob in obs] == ["探索建立燃气"]


def test_a_forwarding_formula_is_no_duty():
    """…经研究同意，现批转给你们，请按照执行 hands a document over, as 转发给你们 does."""
    text = ("关于批转《关于加强道路下立交防汛管理工作的通知》的通知\n各镇人民政府：\n"
            "区建交委的请示收悉，经研究同意，现批转给你们，请按照执行。\n一、工作要求\n各镇要每年组织一次防汛演练。\n")
    assert [ob.text for ob in extract(notice_from_text(text)).obligations] == ["各镇要每年组织一次防汛演练"]


def test_a_quoted_law_is_part_of_the_sentence_that_quotes_it():
    """The ；and 。 of a quoted article end no sentence, and the units it names bind nobody here."""
    ob = the_duty("对检查中发现的问题，依照《消防法》第六十条“单位未按规定配置消防设施的，责令改正，"
                  "处五千元以上五万元以下罚款；逾期不改正的，处一万元以上十万元以下罚款。”，消防救援机构要依法严肃查处")
    assert ob.party == "fire_rescue"
    assert [(q.kind, q.min, q.max) for q in ob.quantities] == [("money", 5000, 50000), ("money", 10000, 100000)]


def test_the_first_sentence_of_an_article_is_its_content():
    """第十条 本镇鼓励…。: a regulation's article has no title, its first sentence binds, and its number is
    no part of a name; 本办法 is no 本办; who interprets the regulation (本办法由…负责解释) is a formula like
    its date of force, no duty."""
    text = ("某镇文物保护管理办法\n第一章 总则\n第十条 本镇鼓励和支持文物保护的科学技术研究。\n"
            "第十一条 镇文物行政管理部门应当制定科学技术研究规划。\n第十二条 本办法由镇人民政府负责解释。\n"
            "第十三条 本实施细则由镇规划建设办公室负责解释。\n")
    obs = extract(notice_from_text(text)).obligations
    assert [(ob.party, ob.party_text, ob.modality) for ob in obs] == [
        ("local_government", "本镇", "encouraged"), ("culture_heritage", "镇文物行政管理部门", "must")]


def test_the_items_of_a_list_of_duties_bind_the_body_that_opens_it():
    """X具体履行以下职责：（一）…；: each item is a duty of X, though it holds no duty word, and a body named
    inside an item (承办区国动办交办的…) is its object; items that list occasions (履行下列职责时，…：) state
    no duty."""
    text = ("某区工程管理办法\n第一章 组织管理\n"  # a regulation printed alone: no addressees
            "第五条 区国动办是工程的实施单位，具体履行以下职责：\n"
            "（一）组织制定并实施工程实施方案；\n（二）承办区联席会议交办的其他事项。\n"
            "第六条 相关部门履行下列职责时，涉及文物的，应当征询文物行政管理部门的意见：\n"
            "（一）镇规划土地行政管理部门组织编制城乡规划前；\n（二）镇房屋行政管理部门确定征收房屋的项目。\n")
    obs = extract(notice_from_text(text)).obligations
    assert [(ob.section, ob.party, ob.party_text) for ob in obs] == [
        ("第一章第五条", "civil_defence", "区国动办"), ("第一章第五条（一）", "civil_defence", "区国动办"),
        ("第一章第五条（二）", "civil_defence", "区国动办"), ("第一章第六条", "sector_regulator", "相关部门")]


def test_the_duties_under_a_dated_heading_are_due_then():
    text = ("关于印发工作方案的通知\n各有关单位：\n三、时间节点\n（一）2024年4月底前\n各区要完成岸电设施排查。\n"
            "（二）2024年6月底前\n各区应在8月15日前报送总结。\n")
    obs = extract(notice_from_text(text)).obligations
    assert [(ob.deadline.kind, ob.deadline.date) for ob in obs] == [("date", "2024-04-30"), ("date", "2024-08-15")]


def test_an_items_lead_body_note_binds_its_duties_and_is_no_duty_itself():
    """（牵头部门：X；配合部门：Y）: X carries the item's duties that name nobody; the note's ；ends no sentence."""
    text = ("关于印发实施方案的通知\n各有关单位：\n二、主要任务\n（一）加快充电设施建设。推进老旧小区充电设施改造，"
            "逐步实现住宅小区全面覆盖。（牵头部门：区建设管理委；配合部门：各街道、区消防救援支队）\n"
            "（二）加强安全管理。物业服务企业要落实日常巡查责任。\n")
    obs = extract(notice_from_text(text)).obligations
    assert [(ob.text[:6], ob.party) for ob in obs] == [
        ("推进老旧小区", "housing_construction"), ("物业服务企业", "property_management")]


def test_the_items_of_a_classification_or_a_list_of_parts_are_no_duties_of_the_lead_party():
    """保护要求可以分为以下三类： classifies, and its items are classes, not duties of the body that sets the
    requirements; 基础材料包括： lists parts, and its items are no duties at all, even under a procedure's heading; a
    sentence after the list goes on with the lead party."""
    text = ("关于印发文物保护管理办法的通知\n各有关单位：\n第三章　保护程序\n"
            "第十九条　本镇依照有关法律规定制定建筑的保护要求。保护要求可以分为以下两类：\n"
            "（一）建筑的立面和结构体系不得改变；\n（二）建筑的主要立面不得改变，其他部分允许适当改变。\n"
            "第二十条　产权单位应当于每年3月31日前报送自评报告及基础材料。基础材料包括：\n"
            "（一）上年度经营计划；\n（二）上年度经营情况报告。\n以上材料中审计报告可延长至4月底前补充提交。\n")
    obs = extract(notice_from_text(text)).obligations
    assert [(ob.party_text, ob.modality) for ob in obs] == [("本镇", "must"), (None, "must_not"), (None, "must_not"),
                                                             ("产权单位", "must"), ("产权单位", "may")]


@pytest.mark.parametrize(("sentence", "condition"), [
    ("生产经营单位存在未履行法定义务行为的，给予举报人一次性资金奖励", "生产经营单位存在未履行法定义务行为的"),
    ("粮食经营者在粮食流通中，存在未履行法定义务行为的，给予举报人一次性资金奖励", "存在未履行法定义务行为的"),
])
def test_a_rule_applied_to_whoever_its_condition_names_binds_the_body_applying_it(sentence, condition):
    """…的，给予…奖励: the offender named in or before the condition is rewarded against, it acts in nothing; the
    rule is an order with no duty word, to whoever applies it."""
    ob = the_duty(sentence)
    assert (ob.party, ob.modality, ob.condition) == (None, "must", condition)


def test_the_title_and_the_purpose_of_a_printed_rule_text_are_no_duties():
    """The 办法's title on a line of its own and its first article's purpose (为…，鼓励…，制定本办法) state no duty,
    whatever cue they hold."""
    text = ("关于印发《上海市鼓励老旧机械更新补贴资金管理办法》的通知\n各有关单位：\n"
            "现将《办法》印发给你们，请遵照执行。\n"
            "上海市鼓励老旧机械更新补贴资金管理办法\n第一条　为改善空气质量，鼓励老旧机械提前报废，制定本办法。\n"
            "第二条　申请单位应当对申请材料的真实性负责。\n")
    obs = extract(notice_from_text(text)).obligations
    assert [ob.text[:7] for ob in obs] == ["第二条申请单位"]


def test_a_rule_text_grants_a_permission_that_names_nobody_and_a_title_above_a_paragraph_frames_it():
    """第十二条 课题招标，可采取…: an article allows whoever applies the rule, though it names nobody; a title with
    no number (总体要求) on the line above a paragraph makes it a goal, as a numbered heading does."""
    text = ("关于印发课题管理办法的通知\n各有关单位：\n第十二条　课题招标，可采取公开招标和邀请招标的方式。\n"
            "总体要求\n认真贯彻落实市委工作部署，全面排查养老服务机构燃气安全隐患。\n")
    obs = extract(notice_from_text(text)).obligations
    assert [(ob.party, ob.modality, ob.text[:6]) for ob in obs] == [(None, "may", "第十二条课题")]


def test_a_rule_texts_consequence_prescribes_an_act_but_a_judgement_or_a_reckoning_does_not():
    """In an article, 课题终止的，停拨资助经费余款 prescribes an act with no duty word; 视为主动放弃 judges what the
    case is, 按照…给予补贴 reckons an amount, and a notice's letter (no article) states no rule this way."""
    text = ("关于印发课题管理办法的通知\n各有关单位：\n一、工作要求\n课题终止的，停拨资助经费余款。\n"
            "第二十条　课题终止的，停拨资助经费余款。举报人逾期未领取奖励的，视为主动放弃。"
            "新购置机械分级高于报废机械分级的，按照报废机械的分级给予补贴。\n")
    obs = extract(notice_from_text(text)).obligations
    assert [(ob.text, ob.modality) for ob in obs] == [("第二十条课题终止的，停拨资助经费余款", "must")]


@pytest.mark.parametrize("item", [
    "1.集中设摊：在特定时间、空间内，由运营主体统一组织各经营摊位开展的设摊经营活动",  # a term and what it is
    "1、选拔条件：原则上年龄40周岁以下，在本学科领域具有一定知名度的中青年骨干教师",  # a criterion
])
def test_a_term_or_a_criterion_described_after_its_name_is_no_duty(item):
    text = f"关于规范设摊经营的通知\n各街道办事处：\n三、类型\n{item}。\n2.外摆位：各经营主体应当保持设施整洁。\n"
    assert [ob.text[:5] for ob in extract(notice_from_text(text)).obligations] == ["2.外摆位"]


def test_a_short_act_opening_with_its_party_is_a_duty_and_a_bodys_name_on_its_own_line_signs():
    """区财政局审核后拨付资金 states an act in six words after its party; a line of a body's name alone, below the
    text, is its signature, though the name finder reads a government (上海市人民政府) at its start."""
    text = ("关于印发补贴资金管理办法的通知\n各有关单位：\n第九条　区财政局审核后拨付资金。\n"
            "上海市人民政府发展研究中心\n2016年1月12日\n")
    obs = extract(notice_from_text(text)).obligations
    assert [(ob.party, ob.modality, ob.text) for ob in obs] == [
        ("finance_department", "must", "第九条区财政局审核后拨付资金")]


def test_the_cue_inside_an_orders_object_allows_nothing():
    """落实…可以享受补贴的政策: the policy is what allows; the order to carry it out is a must, whoever it binds."""
    text = ("关于做好工作的通知\n各有关单位：\n一、工作要求\n区财政局应当加强指导。\n"
            "落实符合条件的企业可以享受补贴的政策。\n")
    assert [ob.modality for ob in extract(notice_from_text(text)).obligations] == ["must", "must"]


def test_a_word_of_the_condition_opens_no_order():
    """重点课题流标的，可以…: 重点 is part of the case the article allows something in, not an order's opener."""
    text = "关于印发课题管理办法的通知\n各有关单位：\n第十三条　重点课题招标流标的，也可以采用委托方式确定承担单位。\n"
    assert [ob.modality for ob in extract(notice_from_text(text)).obligations] == ["may"]


def test_a_grant_is_no_act_of_the_unit_that_receives_it():
    """经认定，给予…奖励 names nobody: the enterprise the sentence before supports receives the reward, it does not
    give it, so its party is not carried to the grant."""
    text = ("关于做好工作的通知\n各有关单位：\n二、支持内容\n支持企业在本区新设立总部。\n"
            "经认定，给予最高不超过500万元的奖励。\n")
    obs = extract(notice_from_text(text)).obligations
    assert [(ob.party, ob.modality) for ob in obs] == [("insured_business", "encouraged"), (None, "must")]


def test_a_unit_named_by_what_it_does_holds_no_duty_word():
    """要鼓励保险机构…: 要 is the cue, so the name found before 及时 is no unit's (the 鼓励 object is encouraged by
    someone who must)."""
    ob = the_duty("要鼓励保险机构及时总结好经验好做法")
    assert (ob.party_text, ob.modality) != ("要鼓励保险机构", "must")
    assert the_duty("同时督促装修垃圾收运单位做好收运工作").party_text != "同时督促装修垃圾收运单位"


def test_the_items_of_a_list_of_prohibited_acts_are_prohibited():
    """禁止实施下列行为：（一）…: each item is a thing not to do, as strong as its lead."""
    text = ("关于印发管线保护办法的通知\n各有关单位：\n第七条　在管线保护范围内，禁止实施下列行为：\n"
            "（一）堆放易燃易爆物品；\n（二）倾倒有毒、有害的废渣、废液等。\n")
    obs = extract(notice_from_text(text)).obligations
    assert [(ob.text[:4], ob.modality) for ob in obs] == [
        ("第七条在", "must_not"), ("（一）堆", "must_not"), ("（二）倾", "must_not")]


def test_a_one_sentence_item_with_a_glued_cue_is_a_duty_not_a_title():
    """1．请于…前提交材料。: the segmenter writes 请于 as one word; the cue still makes the item a duty."""
    text = "关于做好申报工作的通知\n各申报单位：\n五、注意事项\n1．请于2026年6月30日前提交材料。\n"
    (ob,) = extract(notice_from_text(text)).obligations
    assert (ob.modality, ob.deadline.date) == ("must", "2026-06-30")


@pytest.mark.parametrize("sentence", [
    # 累计 in 累计申报量 names a figure to keep consistent: no fact is reported, the order's verb opens the sentence
    "督促施工单位做到土方计划产生量、运输合同量、累计申报量等数据一致",
    "推进消纳场所经营单位落实土方消纳场所接收凭证管理",  # 推进X落实…: X is pushed to act, like 推动X and 督促X
])
def test_the_body_an_order_pushes_to_act_is_its_object(sentence):
    """The 施工单位 or 经营单位 named is the one supervised or pushed, not the one who acts: the readers do."""
    text = f"关于加强土方管理的通知\n各区绿化市容局：\n一、工作要求\n{sentence}。\n"
    (ob,) = extract(notice_from_text(text)).obligations
    assert (ob.modality, ob.party, ob.party_text) == ("must", "urban_management", "")


def test_a_one_line_item_that_opens_with_an_order_and_ends_with_a_full_stop_is_a_duty():
    """（二）加强日常巡查，及时发现问题。 has no text under it: an order, not a heading; a title with text under it
    (（三）加强宣传 / 各街道要…) stays a heading."""
    text = ("关于做好燃气安全检查的通知\n各区人民政府：\n一、工作要求\n（一）各街道要开展燃气安全检查。\n"
            "（二）加强日常巡查，及时发现问题。\n（三）加强宣传\n各街道要做好宣传工作。\n")
    got = [(ob.text, ob.party) for ob in extract(notice_from_text(text)).obligations]
    assert got == [("（一）各街道要开展燃气安全检查", "local_government"),
                   ("（二）加强日常巡查，及时发现问题", "local_government"),
                   ("各街道要做好宣传工作", "local_government")]


def test_a_task_of_an_attached_plan_that_names_nobody_is_its_authors():
    """A notice that sends its own plan as an attachment (附件 / …实施方案): the plan's subjectless tasks are the
    issuer's, as in a notice whose title prints the plan; 可开采量 (the amount that can be drawn) allows nothing."""
    text = ("关于协同推进本市地下水调查的通知\n各区水务局：\n现将《上海市地下水调查实施方案》印发给你们，请遵照执行。\n"
            "附件：上海市地下水调查实施方案\n上海市规划和自然资源局\n2024年10月8日\n附件\n上海市地下水调查实施方案\n"
            "一、技术方法与步骤\n按照数据库标准开展建库工作。\n将地下水可开采量等调查数据按照统一的标准和数据结构进行入库和维护。\n")
    got = [(ob.text, ob.party, ob.modality) for ob in extract(notice_from_text(text)).obligations]
    assert got == [("按照数据库标准开展建库工作", "planning_resources", "must"),
                   ("将地下水可开采量等调查数据按照统一的标准和数据结构进行入库和维护", "planning_resources", "must")]


@pytest.mark.parametrize(("text", "found"), [
    ("为进一步保障职工身体健康，建立绿化养护职工疗休养制度", True),  # one order after the purpose it serves
    ("为进一步保障职工身体健康，环卫职工疗休养费用标准调整为每人平均每年不低于800元", True),  # a bound after it
    # the text's own preamble: it carries out a policy, then lists its aims
    ("为深入贯彻落实市政府《关于提高一线职工工资水平意见的通知》要求，持续开展本市环卫行业工资集体协商", False),
    ("为加强组织领导，推进相关措施落地，本区各部门工作职责如下：", False),
])
def test_a_purpose_clause_before_an_order_or_a_bound(text, found):
    notice = notice_from_text(f"关于做好职工福利工作的通知\n各区绿化市容局：\n一、工作要求\n{text}。\n")
    assert bool(extract(notice).obligations) == found


def test_why_the_work_matters_is_no_duty():
    """…，是贯彻落实…的具体实践，对于…具有十分重要的战略意义: background, whatever order words it holds."""
    text = ("关于协同推进本市地下水调查的通知\n各区水务局：\n一、充分认识地下水调查的重要意义\n"
            "通过开展地下水调查，全面掌握地下水演变规律，是落实生态文明建设的具体实践，对于严守资源安全底线具有十分重要的战略意义。\n"
            "二、工作要求\n各区水务局要加强组织领导。\n")
    assert [ob.text for ob in extract(notice_from_text(text)).obligations] == ["各区水务局要加强组织领导"]


def test_a_known_body_named_in_full_by_what_it_does_opens_the_sentence():
    """供水供气服务企业…: the lexicon knows 企业; the whole name opens the sentence, and acts (对…进行验收登记)."""
    ob = the_duty("供水供气服务企业对生产企业检定合格的民用水表进行验收登记")
    assert (ob.party, ob.party_text, ob.modality) == ("insured_business", "供水供气服务企业", "must")
    assert the_duty("安责险各承保机构要主动为参保企业做好事故预防服务").party_text == "安责险各承保机构"


def test_a_body_and_a_duty_verb_inside_the_clause_of_time_before_the_duty_are_the_events():
    """质量监督机构接到建设单位报送的资料后，应当…: the builder and its 报送 belong to the event the duty follows;
    the body opening the sentence is bound, and checks."""
    ob = the_duty("质量监督机构接到建设单位报送的验收资料后，应当抽查工程实体")
    assert (ob.party_text, ob.topic) == ("质量监督机构", "inspection")
    # the body opening the clause of time is the subject, named by the lexicon or not
    assert the_duty("区民政局收到申请人提交的材料后，应当在10个工作日内作出决定").party_text == "区民政局"
    assert the_duty("消防技术服务机构当收到联网单位告知的信息时，应快速响应处置").party_text == "消防技术服务机构"
    assert the_duty("当驾驶员健康码异常时，需重新申请通行证").party_text == "驾驶员"


@pytest.mark.parametrize(("sentence", "name"), [
    ("支持台湾专业人士参与本市涉台商事案件的调解", "台湾专业人士"),  # 人士, not 人 and a stray 士
    ("支持符合条件的台湾专业人才申报人才计划", "符合条件的台湾专业人才"),
    ("发现质量问题无法通过验收的，分户验收组应当通知施工单位进行整改", "分户验收组"),  # a group set up for a task
    ("评审专家组应当在3个工作日内提出评审意见", "评审专家组"),
])
def test_a_unit_no_list_names_ends_in_the_longest_ending_it_holds(sentence, name):
    ob = the_duty(sentence)
    assert (ob.party, ob.party_text) == ("all_units", name)


@pytest.mark.parametrize("sentence", [
    "培育以文物保护为宗旨的社会组织",
    "重视岁修，减少大修，防止因维修不当造成的破坏",
    "稳步推进本区文博单位文创开发试点",
    "提升各博物馆展示利用水平",
    "划定区级文物保护单位的保护范围",
    "实施“互联网+中华文明”行动计划",
])
def test_a_task_opening_with_its_verb_and_no_duty_word_is_an_order(sentence):
    assert the_duty(sentence).modality == "must"


def test_a_verb_opening_a_clause_of_time_opens_no_order():
    """实施工程桩施工时，严禁…: 实施 says when; the ban is what the sentence states."""
    assert the_duty("实施工程桩施工时，严禁使用汽锤、油锤打入桩工艺").modality == "must_not"


def test_a_unit_acting_on_a_fronted_object_as_often_as_it_says_is_bound():
    """X每两年对Y进行评估: a rule with no duty word, whose unit no list names."""
    ob = the_duty("市高校毕业生公共就业服务机构每两年对见习基地进行评估")
    assert (ob.party, ob.party_text, ob.frequency.per) == ("all_units", "市高校毕业生公共就业服务机构", "2_years")


def test_an_order_after_the_period_it_holds_in_is_a_duty():
    """…期间等特殊时段，实行…: the period leads the order as a date does."""
    ob = the_duty("节假日、重大活动期间等特殊时段，实行信息每日零报告制度")
    assert (ob.modality, ob.frequency.per) == ("must", "day")


@pytest.mark.parametrize("sentence", [
    "逾期不缴纳的，告知区级、临港新片区管委会水务执法机构，按照有关规定执行",
    "发现违法线索的，移交区级执法机构",
])
def test_passing_a_case_on_is_the_consequence_a_condition_prescribes(sentence):
    """…的，告知/移交X: what is done when the condition holds, with no duty word."""
    assert the_duty(sentence).modality == "must"


def test_a_body_the_subject_owns_named_after_it_with_qi_is_no_new_subject():
    """X是…的责任主体，其值守应急机构是负责…的责任部门: 其 names X's own office; the first subject is bound."""
    ob = the_duty("行业企业是向区交通行政管理部门报告信息的责任主体，其值守应急机构是负责本单位信息报告的责任部门")
    assert ob.party == "insured_business"
