"""Normalization on the marks the sample notices really carry (see corpus/samples/README.md)."""

from conftest import SAMPLES

from gongwen.ingest import read_notice
from gongwen.ingest.normalize import clean_line, normalize_doc_number, normalize_text


def _sample(prefix: str) -> str:
    path = next(p for p in SAMPLES if p.name.startswith(prefix))
    return path.read_text(encoding="utf-8")


def test_line_broken_across_a_page_is_rejoined():
    text = normalize_text(_sample("000"))
    assert "安责险各承保机构要高度重视，认真领会省文件精神和要求" in text
    assert "切实提升参保企业本质安全水平。" in text
    # a sentence broken over a blank line in the forwarded part
    assert "省应急厅联合国家金融监督管理总局山东监管局、国家金融监督管理总局青岛监管局，对各市" in text


def test_a_title_of_a_few_words_stays_apart_from_its_paragraph_but_a_wrapped_line_joins():
    raw = "六、中止和撤销\n主动退出\n经营主体向属地街道申报后可主动退出设摊经营活动，\n并在退出前清理场地。\n"
    assert normalize_text(raw).split("\n") == ["六、中止和撤销", "主动退出",
                                              "经营主体向属地街道申报后可主动退出设摊经营活动，并在退出前清理场地。"]


def test_a_sentence_ends_before_the_note_after_its_full_stop():
    """…执业注册。（责任单位：市卫生健康委） ends its paragraph; the next line is none of its text."""
    raw = ("支持台湾同胞在本市申请执业注册。（责任单位：市卫生健康委）\n鼓励高校毕业生到基层就业，\n服务乡村振兴。\n")
    assert normalize_text(raw).split("\n") == ["支持台湾同胞在本市申请执业注册。（责任单位：市卫生健康委）",
                                              "鼓励高校毕业生到基层就业，服务乡村振兴。"]


def test_page_numbers_dropped_and_pages_tracked():
    raw = _sample("002")
    assert "- 2 -" in raw
    notice = read_notice(next(p for p in SAMPLES if p.name.startswith("002")))
    assert "- 2 -" not in notice.text
    assert notice.page_at(notice.text.index("开展风险评估")) == 2
    assert notice.page_at(notice.text.index("强承保前风险查勘")) == 3


def test_converter_spaces_and_markdown_removed():
    text = normalize_text(_sample("002"))
    assert "##" not in text and "\n- " not in text and not text.startswith("- ")
    assert "从根本上解决问题" in text  # raw: "从根 本上解决问题"
    assert "区安委会相关成员单位、各街镇、各直属企业、各相关单位：" in text  # ASCII ':' → '：'
    assert "专项排查整治2023行动" in text  # raw: "整治 2023 行动"
    assert "（沪安委办〔2023〕32号）" in text  # raw: "(沪安委办[2023]32号)"


def test_title_over_several_lines_is_one_line():
    lines = normalize_text(_sample("001")).split("\n")
    assert lines[0] == "关于进一步加强安全生产责任保险事故预防工作的通知（征求意见稿）"
    lines = normalize_text(_sample("003")).split("\n")
    assert lines[0] == "乐清市关于在工矿商贸领域进一步推进安全生产责任保险工作的实施意见（草案）"
    assert lines[1] == "（征求意见稿）"


def test_header_lines_stay_apart():
    lines = normalize_text(_sample("000")).split("\n")
    i = lines.index("鲁应急字〔2023〕92号")
    assert lines[i - 3:i] == [
        "山东省应急管理厅", "国家金融监督管理总局山东监管局文件", "国家金融监督管理总局青岛监管局"
    ]
    assert "市应急局联系人：刘冰；电话：6789957；邮箱：ytjjjgck@yt.shandong.cn" in lines


def test_widths_brackets_and_marks():
    assert clean_line("投保率１００％") == "投保率100%"
    assert clean_line("## 一、 检查 评估 情况") == "一、检查评估情况"
    variants = (
        "烟应急[2023]72号", "烟应急(2023)72号", "烟应急［2023］72号", "烟应急 〔 2023 〕 72 号", "烟应急（2023）72号",
    )
    for raw in variants:
        assert normalize_doc_number(clean_line(raw)) == "烟应急〔2023〕72号", raw


def test_a_circle_typed_for_zero_is_the_digit_zero_but_a_bullet_stays():
    assert clean_line("二○二二年二月八日") == "二〇二二年二月八日"
    assert clean_line("二○○八年") == "二〇〇八年"
    assert clean_line("○检查○○单位的台账") == "○检查○○单位的台账"
    assert clean_line("二0一一年八月八日") == "二〇一一年八月八日"  # a Latin 0 or O typed for 〇 in a year
    assert clean_line("二OO八年") == "二〇〇八年"
    assert clean_line("共1000年") == "共1000年"


def test_html_entities_in_markdown_are_their_characters(tmp_path):
    """&ldquo; in a markdown notice is “: its ; ends no sentence and no entity is left in the text."""
    path = tmp_path / "n.md"
    path.write_text("关于加强消防宣传的通知\n各单位：\n各单位要提升&ldquo;四个能力&rdquo;建设水平&nbsp;。\n",
                    encoding="utf-8")
    text = read_notice(path).text
    assert "提升“四个能力”建设水平" in text and "&" not in text


def test_runs_cover_the_text():
    notice = read_notice(SAMPLES[0])
    covered = sum(r.end - r.start for r in notice.runs)
    assert covered == len(notice.text.replace("\n", ""))
    assert all(notice.text[r.start:r.end] and "\n" not in notice.text[r.start:r.end] for r in notice.runs)


def test_a_signature_dated_with_a_latin_zero_still_gives_the_issuer_and_the_date():
    from gongwen.ingest import notice_from_text

    notice = notice_from_text("关于加强管理的通知\n各区住建局：\n一、要求\n各区要加强巡查。\n"
                              "某某市住房和城乡建设局\n二0一一年八月八日\n")
    assert (notice.header.issued_on, notice.header.issuers) == ("2011-08-08", ["某某市住房和城乡建设局"])


def test_every_issuer_of_a_joint_notice_signs_it():
    """Seven bodies sign a joint notice, a name a line, the customs (…海关) among them: all are its issuers, and the
    title keeps only its 关于… part."""
    from gongwen.ingest import notice_from_text

    signers = ["上海市商务委员会", "中国共产党上海市委员会宣传部", "上海市财政局", "上海市公安局",
               "上海市市场监督管理局", "上海市绿化和市容管理局", "中华人民共和国上海海关"]
    notice = notice_from_text(f"{' '.join(signers)}关于印发《若干措施》的通知\n各区人民政府：\n现印发给你们。\n"
                              + "\n".join(signers) + "\n2024年5月15日\n")
    assert notice.header.issuers == signers
    assert notice.header.title == "关于印发《若干措施》的通知"


def test_a_forwarded_notice_with_no_number_starts_at_its_title_and_addressees():
    """批转 prints the forwarded notice with its title and addressees only: it is a document of its own, whose
    addressee line is no sentence of the body, and whose duties that name nobody are its addressees'."""
    from gongwen.extract import extract
    from gongwen.ingest import notice_from_text

    notice = notice_from_text(
        "区人民政府关于批转《关于加强下立交防汛管理工作的通知》的通知\n各镇人民政府：\n"
        "区建交委《关于报请区政府批转〈关于加强下立交防汛管理工作的通知〉的请示》收悉，经研究同意，现批转给你们，请按照执行。\n区人民政府\n2014年6月28日\n"
        "关于加强下立交防汛管理工作的通知\n各镇人民政府，各街道办事处：\n一、加强培训\n"
        "对泵站操作人员进行岗位培训，做到持证上岗。\n")
    assert [p.header.title for p in notice.parts] == ["关于批转《关于加强下立交防汛管理工作的通知》的通知",
                                                      "关于加强下立交防汛管理工作的通知"]
    assert notice.parts[1].header.recipients == ["各镇人民政府", "各街道办事处"]
    (ob,) = extract(notice).obligations
    assert (ob.text, ob.party) == ("对泵站操作人员进行岗位培训，做到持证上岗", "local_government")


def test_a_tonggao_or_a_guide_has_a_title_and_its_opening_paragraph_addresses_nobody():
    """A 通告 is addressed to the public: the paragraph that ends in 通告如下： opens the body, it names no
    addressees. Titles ending in 通告 or 指南 are titles as 通知 is."""
    from gongwen.ingest import notice_from_text

    notice = notice_from_text(
        "上海市人民政府关于燃气助动车限期报废事项的通告\n沪府发〔2014〕37号\n"
        "为维护城市运行安全，现就燃气助动车限期报废有关事项通告如下：\n一、车主应当按期交售车辆。\n")
    assert (notice.header.title, notice.header.recipients) == ("关于燃气助动车限期报废事项的通告", [])
    guide = notice_from_text("2026年静安区专项资金申报指南（第一批）\n为助力本土企业拓展海外市场，制定本指南。\n")
    assert guide.header.title == "2026年静安区专项资金申报指南（第一批）"
