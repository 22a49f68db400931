"""`gongwen checklist` on the five sample notices: what binds one party in one region, own and
inherited, in Markdown, CSV, Excel and iCalendar."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from icalendar import Calendar
from test_diff import invoke, samples_corpus, samples_store  # noqa: F401  (fixtures)

from gongwen.compare import CompareError, checklist
from gongwen.extract.lexicon import lexicon


@pytest.fixture(scope="module")
def insurer_yantai(samples_corpus):  # noqa: F811
    return checklist(corpus=samples_corpus, party="insurer", region="烟台")


def test_own_and_inherited_duties_grouped_by_topic(insurer_yantai):
    cl = insurer_yantai
    assert (cl.party, cl.party_label, cl.region) == ("insurer", "保险机构", "烟台市")
    assert [d.doc_number for d in cl.documents] == ["烟应急〔2023〕72号", "鲁应急字〔2023〕92号"]
    topics = [g.topic for g in cl.groups]
    order = list(lexicon().topic_labels) + ["other"]
    assert topics == sorted(set(topics), key=order.index)  # each topic once, in taxonomy order
    origins = {i.origin for i in cl.items}
    assert origins == {"own", "inherited"}
    training = next(i for i in cl.items if i.duty == "training_frequency")
    assert training.topic == "training" and training.origin == "inherited"
    assert training.doc.doc_number == "鲁应急字〔2023〕92号" and training.section == "二、（一）"
    assert (training.frequency.per, training.frequency.min_count) == ("policy_period", 1)
    first = next(i for i in cl.items if i.duty == "first_service_new_policy")
    assert first.deadline.duration == "P3M"
    own = [i for i in cl.items if i.origin == "own"]
    assert any("保存服务记录" in i.text for i in own)
    # 各区市应急局、安责险各承保机构要…: the insurers are bound too, though named second
    assert any(i.text.startswith("各区市应急局、安责险各承保机构") for i in own)


def test_party_by_label_and_region_by_either_spelling(samples_corpus, insurer_yantai):  # noqa: F811
    same = checklist(corpus=samples_corpus, party="保险机构", region="烟台市")
    assert same.model_dump() == insurer_yantai.model_dump()


def test_bad_input(samples_corpus, samples_store):  # noqa: F811
    with pytest.raises(CompareError, match="unknown party"):
        checklist(corpus=samples_corpus, party="银行", region="苏州")
    result = invoke("checklist", "--party", "insurer", "--region", "拉萨", store=samples_store)
    assert result.exit_code == 2 and "no notices for 拉萨市" in result.output
    result = invoke("checklist", "--party", "银行", "--region", "苏州", store=samples_store)
    assert result.exit_code == 2 and "Valid parties" in result.output


def test_markdown_and_csv(samples_store):  # noqa: F811
    md = invoke("checklist", "--party", "insurer", "--region", "苏州", store=samples_store)
    assert md.exit_code == 0, md.output
    assert md.stdout.startswith("# 保险机构（insurer）在苏州市的义务清单")
    item = "- [ ] **应** [事故预防费用占保费比例] 各承保保险公司应按照不低于20%的保费比例提取事故预防服务费"
    assert item in md.stdout
    out = invoke("checklist", "--party", "insurer", "--region", "泰安", "-f", "csv", store=samples_store).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    quarterly = next(r for r in rows if r["frequency"] == "每季度≥1次")
    assert (quarterly["origin"], quarterly["section"]) == ("own", "四、（四）")
    assert quarterly["duty"] == "事故预防技术服务频次"
    inherited = [r for r in rows if r["origin"] == "inherited"]
    assert inherited and all(r["doc_number"] == "鲁应急字〔2023〕92号" for r in inherited)
    assert all(r["inherited_via"] == "上级 山东省" for r in inherited)


def test_excel(samples_store, tmp_path):  # noqa: F811
    from openpyxl import load_workbook

    target = tmp_path / "checklist.xlsx"
    result = invoke("checklist", "--party", "保险机构", "--region", "苏州市", "-f", "xlsx", "-o", str(target),
                    store=samples_store)
    assert result.exit_code == 0, result.output
    ws = load_workbook(target)["checklist"]
    header = [c.value for c in ws[1]]
    assert header[:4] == ["done", "topic", "duty", "modality"] and "doc_number" in header
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == ws.dimensions
    rows = [dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)]
    fee = next(r for r in rows if r["duty"] == "事故预防费用占保费比例")
    assert (fee["numbers"], fee["doc_number"], fee["section"]) == ("不低于20%", "苏应急〔2024〕132号", "三、（二）")


def test_ics_dates_and_recurrences(samples_store, tmp_path):  # noqa: F811
    # dated deadlines: 烟台's own report (11-30) and the province's, which binds 烟台 too (12-10)
    out = invoke("checklist", "--party", "应急管理部门", "--region", "烟台", "-f", "ics", store=samples_store)
    assert out.exit_code == 0, out.output
    cal = Calendar.from_ical(out.stdout_bytes)
    assert cal["version"] == "2.0" and cal["prodid"]
    events = cal.walk("VEVENT")
    dated = {e.decoded("dtstart") for e in events if "RRULE" not in e}
    assert {date(2023, 11, 30), date(2023, 12, 10)} <= dated
    assert all(e.decoded("dtend") > e.decoded("dtstart") and e["uid"] and "DTSTAMP" in e for e in events)
    report = next(e for e in events if e.decoded("dtstart") == date(2023, 12, 10))
    assert "鲁应急字〔2023〕92号 三、（三）" in str(report["description"])

    # recurring duties of 泰安's insurers: quarterly (own, a draft without a date: starts on --start)
    # and once per policy period (inherited from 山东's notice of 2023-08-15: yearly, with a note)
    target = tmp_path / "taian.ics"
    out = invoke("checklist", "--party", "insurer", "--region", "泰安", "-f", "ics", "-o", str(target),
                 "--start", "2024-01-01", store=samples_store)
    assert out.exit_code == 0, out.output
    events = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    rules = {str(e["summary"]): (e["rrule"].to_ical().decode(), e.decoded("dtstart")) for e in events if "RRULE" in e}
    assert rules["[泰安市] 事故预防技术服务频次"] == ("FREQ=MONTHLY;INTERVAL=3", date(2024, 1, 1))
    assert rules["[泰安市] 安全生产宣传教育培训频次"] == ("FREQ=YEARLY", date(2023, 8, 15))
    training = next(e for e in events if str(e["summary"]) == "[泰安市] 安全生产宣传教育培训频次")
    assert "按一年计" in str(training["description"])
    # relative deadlines (新签保单3个月内) have no date to put in a calendar
    assert not any("首次" in str(e["summary"]) for e in events)


def test_periods_of_several_months_or_years_recur_and_read_in_chinese():
    from gongwen.compare.models import per_label, per_year
    from gongwen.render.checklist import rrule

    assert (per_year("2_months"), per_label("2_months"), rrule("2_months")) == (
        6.0, "每2个月", {"FREQ": "MONTHLY", "INTERVAL": 2})
    assert (per_year("5_years"), per_label("5_years"), rrule("5_years")) == (
        0.2, "每5年", {"FREQ": "YEARLY", "INTERVAL": 5})
    assert (per_year("half_month"), per_label("half_month")) == (24, "每半月")
    assert (per_year("regular"), rrule("regular")) == (None, None)  # 定期 says no period
