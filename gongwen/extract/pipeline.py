"""Notice → `Extraction`: sentences that bind a party, with their parameters and provenance.

Each step is a small function of a sentence (or a span on the notice's `Doc`) that returns values:
`is_duty`, `modality_of`, `subject_of`, `condition_of`, `topic_of`, and the parameter readers in
`params`. `extract_notice` strings them together.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from gongwen.extract import params
from gongwen.extract.lexicon import DELEGATE, MODALITIES, lexicon
from gongwen.extract.nlp import get_nlp
from gongwen.ingest.header import ATTACHMENT_START, nonblank_lines
from gongwen.ingest.normalize import ARTICLE, DOC_TYPE_END, ITEM_LABEL
from gongwen.models import Contact, Deadline, Extraction, Fact, Frequency, Header, Notice, Obligation

_CONDITION = re.compile(
    # a clause ending in 的 (two joined by ，或者 make one), or 对/凡 + a noun phrase with 的 inside
    r"(?:^|[，；：])((?:对于?|凡|如|若|在|经)?[^，。；：]{2,48}?(?:，或者?[^，。；：]{2,48}?)?的"
    r"|(?:对于?|凡)[^，。；：]{2,90}?的[^，。；：的]{1,8}"
    # an event the duty waits for (发生较大事故时，…; 在夜间施工时，…): one that opens its clause
    r"|(?:发生|遇到|遇有|出现|接到|收到|如|若|在)[^，。；：]{1,30}?(?<!同)时)，"
)
_FOUND = re.compile(rf"^(?:{ITEM_LABEL})?(发现[^。；：]{{2,200}}?的)，")
_SELF = re.compile(r"[我本](?:委|局|厅|办(?!法)|中心|部|署)(?![员会])")  # the issuer speaking of itself
_ITEM_LABEL = re.compile(f"^{ITEM_LABEL}")
_ARTICLE = re.compile(ARTICLE)
# what may open a sentence before its first word: an item's label, an article's number (第十条)
_LABEL = re.compile(rf"(?:{ARTICLE}|{ITEM_LABEL})\s*")
_ENUMERATION = re.compile(r"^(?:[一二三四五六七八九十]是|[（(]\d{1,2}[）)]|\d{1,2}[.．、](?!\d)|[①-⑳])")
_CAPTION = re.compile(r"(?:表|清单|名单|目录)$")  # a table's or an attachment's title, unless a cue binds someone
# a noun phrase, not a clause: an item of a list of documents (（五）施工单位与居委会签订的《谅解协议》,
# 监管部门提供的…的证明) names its party inside an attributive clause; a sentence that is no item states an act
# (市财政局依据本办法实施…的绩效评价工作)
_NOUN_PHRASE = re.compile(r"^[^，；：]*的(?:《[^》]{1,40}》|[^，；：的《》]{1,8})$")
_ACTS_FOR = re.compile(f"{DELEGATE}$")  # 采购人或其委托的 + the agency: it acts for the principal
# between a body and the head of the noun phrase it stands in: a relative clause's verb and 的, or 所属
_MODIFIER = re.compile(r"(?:[^，。；：、的]{0,8}的[^，。；：、的]{0,4}?|所属的?|下属的?|直属的?)[各相关有]*")
_MANNER = re.compile(r"(?:按照?|依照|依据|根据|参照)[^，。；：“”]{1,24}[，,]")  # 按照15%的税率，: how an act is done
_SUBJECT_TO_CUE = re.compile(r"(?:在[^，。；、的]{1,10})?[也均还亦都]?")  # 台资企业在本市可…: where a body acts
_PARENTHETICAL = re.compile(r"[（(][^（）()]{0,40}[）)]")
# a framing adverbial before an order: by which rule or document, in which field, on which object, from
# which view (按照…要求，/ 根据《…方案》，/ 在…方面，/ 针对…情况，/ 根据行业分类，/ 从…高度深刻认识…，)
_FRAME = re.compile(r"^(?:(?:按照|依照|围绕|结合|在)[^，。；：]{1,40}"
                    r"(?:要求|规定|方面|中|基础上|情况|原则|指导下|前提下)"
                    r"|(?:按照|根据|依据|依照|结合)《[^》]{1,60}》[^，。；：]{0,8}"
                    r"|(?:针对|对于|通过|依托|借助|根据|依据|从|围绕|立足|聚焦|着眼|综合考虑|利用|遇|每逢)[^，。；：]{2,40})[，,]")
# what follows a rule's condition (课题终止的，停拨资助经费余款) when it prescribes an act: not a judgement of what
# the case is (视为放弃, 属于…, 适用本细则, 不予…), a reckoning (补贴金额按照…, 实际补贴金额=…), a body (the subject
# readers take those) or a list's lead (…的，经审核后，对该课题予以终止：)
_PRESCRIBED = re.compile(r"(?!视为|属于|适用|是|为|不|可|应|须|由|其|该|对|经)(?![^，]*(?:按|=))"
                         r"[\u4e00-\u9fff]{2,}[^：:]*$")
# 展“好形象”，/ 做“好帮手”，: the slogan an item of a programme opens with, before its order
_SLOGAN = re.compile(r"^[\u4e00-\u9fff]“[^”]{1,8}”[，,]")
_FRAME_WORDS = ("针对", "对于", "对", "按照", "根据", "依据", "依照", "结合")  # prepositions opening a frame
_CONNECTIVE = re.compile(r"^(?:同时|此外|另外)[，,]?")  # joins the sentence to the one before
_RHYTHM = re.compile(r"(?:每(?:个|一)?(?:年度?|半年|季度?|月|周|日|天)|定期|按(?:年|季度?|月|周|日))")
# 至2023年年底，/ 2023年9月底前，: the time a duty is due by, leading the sentence
_TIME_LEAD = re.compile(r"(?:即日起|(?:至|到|于|自|从)[^，。；]{2,12}(?:底|末|前|起)"
                        r"|(?:在)?(?:19|20)\d\d年[^，。；]{0,10}?(?:底|末|前|以前|之前|起)"
                        r"|下一?(?:阶段|步)|今后|[^，。；的]{2,20}(?:后|之后|期间|时段|时期))[，,]")
_OCCASION = re.compile(r"[\u4e00-\u9fff]{1,6}?(?:前|后|期间)")  # 汛期前, 会议结束后
# 2025年5月底前完成…: a date a duty is due by, written with no comma before the order's verb
_DUE_LEAD = re.compile(r"(?:于|在|至|到)?(?:(?:19|20)\d\d年[^，。；]{0,8}?|[^，。；]{0,6}?[年月日][底末]?)"
                       r"(?:以前|之前|前)")
# 在每个菜市场中至少设立…: the place an order acts in, written with no comma before the order's verb
_PLACE_LEAD = re.compile(r"在[^，。；：]{1,20}?(?:中|内|里)(?:至少)?")
# 于2011年10月30日前将申报表报…: a date something must be handed over by is an order, with no duty word
_DUE_BY = re.compile(r"(?:^|[，,]|后)于[^，。；：]{2,16}?(?:前|之前|以前)将")
# 为进一步加强…，/ 为了…，: why the sentence is said. A preamble, unless a body named after it is bound by a
# modal cue (为加强燃气安全管理，各区民政局应于3月底前报送…) or an order or a bound follows it (为…，建立…制度);
# its words bind nobody either way.
_PURPOSE = re.compile(rf"^(?:{ARTICLE})?为(?:了|深入|认真|进一步|切实|贯彻|充分|推动|加强)[^，。；：]*[，,]")
# 提供信息化支持, 给予相应资金支持: 支持 is the thing given, no encouragement
_GIVEN_AS = re.compile(r"(?:提供|给予|予以)[^，。；、]{0,12}$")
# a classification (保护要求…可以分为以下三类：): no duty, and its items are classes, not duties of the party before it
_CLASSIFIES = re.compile(r"分为(?:以下|如下)[^，。；]{0,3}[类级种档个][：:]?$")
_HEADING_TITLE_MAX = 25  # a longer "title" after 1. or （一） is the item's content, not a heading
_NOT_DUTY = re.compile(
    r"通知如下|现将有关|现就有关|特制定|现制定|现印发|(?:印发|转发|批转)给你们|^[^，]*如下[：:]$"
    rf"|^为[^，。；]{{2,40}}，根据|遵照执行|认真贯彻执行|认真抓好落实|^附件"
    rf"|^(?:{ARTICLE})?为[^。；]{{2,200}}，(?:特)?制定本"  # the purpose of the text itself (为…，制定本办法)
    # a line of contact details (an order may ask for a phone: 现场公示联系电话); who interprets the text
    rf"|联系人[：:]|联系电话[：:\s\d]|电子邮箱[：:\s]|由[^，。；]{{2,30}}负责解释"
    r"|为准$|从其规定$"  # a rule of reference (…以区财政局实际下发为准), no act
    r"|具有[^，。；]{0,12}(?:意义|作用)$"  # why the work matters (…对于…具有十分重要的战略意义)
    r"|□|月日|年月日"  # blank forms
    r"|的$"  # one case of a list (有下列情形之一的：（一）…的；), a condition rather than a duty
    rf"|^(?:{ITEM_LABEL})?[^，。；：要应须]{{0,30}}?是否"  # an item of a checklist (设备是否符合…；是否建立…制度)
    r"|^[^，。；：]{0,20}见(?:《[^》]+》)?[（(]?附件[^，。；]*$"  # where a form is (报送表格见《…》（附件四）)
    rf"|^(?:{ARTICLE})?本(?:办法|规定|细则|意见|方案|通知|制度)(?:中)?所称"  # a definition (本办法所称课题，是指…)
    # and what a term stands for or takes in (固定污染源信息库，系指…; 监测部门包括区环境监测站)
    rf"|^(?:{ITEM_LABEL})?[^，。；：应须要得（(]{{2,30}}(?:[，,]?(?:系指|是指)|包括(?![：:]))"
    rf"|^(?:{ITEM_LABEL})?[\u4e00-\u9fff]{{2,8}}[：:][^。；应须要得]*的[\u4e00-\u9fff]{{2,8}}$"  # a term: what it is
    # a step's date, as a field (完成时限：2025年12月)
    r"|^[\u4e00-\u9fff]{2,6}[：:](?:\d{4}年)?\d{1,2}月(?:底|\d{1,2}日)?(?:前|之前)?$"
)


@dataclass
class _Party:
    role: str
    text: str
    start: int  # offset in the notice text
    end: int


@dataclass(frozen=True)
class _Speakers:
    """Whom the notice's words for its writer and its readers stand for: 我委/本局 are its issuer,
    你们/各地 its addressees (主送机关). Roles, None when unknown."""
    issuer: str | None = None
    addressees: str | None = None
    own_words: re.Pattern[str] = _SELF  # and 省局 for 甘肃省道路运输管理局, which calls itself so
    units: str | None = None  # the addressees' role when all of them are regulated units of one role
    ordered: str | None = None  # the role a letter of the notice's own orders: its first addressee's


_NOBODY = _Speakers()


def _text(doc) -> str:
    """The document's text: spaCy's `Doc.text` joins every token again at each call."""
    if "gongwen_text" not in doc.user_data:
        doc.user_data["gongwen_text"] = doc.text
    return doc.user_data["gongwen_text"]


def _spans_in(sent, layer: str) -> list:
    """The spans of `layer` ("ents", or a `doc.spans` group) that start inside the sentence.

    spaCy's `Span.ents` and a scan of `doc.spans` walk the whole document, once a sentence; the
    sorted layers are kept on the `Doc` so a long notice stays linear."""
    cache = sent.doc.user_data.setdefault("gongwen_layers", {})
    if layer not in cache:
        spans = sorted(sent.doc.ents if layer == "ents" else sent.doc.spans[layer], key=lambda x: x.start)
        cache[layer] = ([x.start for x in spans], spans)
    starts, spans = cache[layer]
    return spans[bisect_left(starts, sent.start):bisect_left(starts, sent.end)]


def _self_parties(sent, speakers: _Speakers) -> list[_Party]:
    """我委, 本局: the issuer, with the issuer's role; 你们, 各地: the addressees, with theirs; 本市/本镇
    opening the sentence and acting (本市建立…): the area's government."""
    text = _text(sent.doc)[sent.start_char:sent.end_char]
    lex = lexicon()
    out = [_Party(role, m.group(0), sent.start_char + m.start(), sent.start_char + m.end())
           for role, pattern in ((speakers.issuer, speakers.own_words), (speakers.addressees, lex.addressee_pattern))
           if role is not None for m in pattern.finditer(text)]
    opening = _LABEL.match(text)
    if lex.acting_area_role and (m := lex.acting_area_pattern.match(text, opening.end() if opening else 0)):
        out.append(_Party(lex.acting_area_role, m.group(0), sent.start_char + m.start(), sent.start_char + m.end()))
    return out


def _in_title(text: str, at: int, sent_start: int) -> bool:
    """Inside a cited title (《…》)."""
    return text.count("《", sent_start, at) > text.count("》", sent_start, at)


def _parties(sent, speakers: _Speakers = _NOBODY) -> list[_Party]:
    """PARTY entities of a sentence, adjacent ones merged (各区市 + 应急局 → the 应急局 of each district),
    each extended left over 各/本/市/区/县 and the like, skipping those inside 《》 and those quoted from
    another text (“…明确应当投保的生产经营单位。”)."""
    out: list[_Party] = []
    doc = sent.doc
    text = _text(doc)
    for ent in _spans_in(sent, "ents"):
        if ent.label_ != "PARTY" or _in_title(text, ent.start_char, sent.start_char) or _quoted(
                doc, ent.start_char, sent, pairs=("“”", "「」")):
            continue
        start = ent.start_char
        while start > sent.start_char and text[start - 1] in "各本市区县镇乡省全该有相关级辖":
            start -= 1
        # adjacent ones merge, also across a scope in brackets (各市（州）交通运输主管部门)
        if out and (out[-1].end >= start - 1 and text[out[-1].end:start] == ""
                    or out[-1].end < start and _PARENTHETICAL.fullmatch(text, out[-1].end, start)):
            prev = out.pop()
            out.append(_Party(ent.ent_id_, text[prev.start:ent.end_char], prev.start, ent.end_char))
        else:
            out.append(_Party(ent.ent_id_, text[start:ent.end_char], start, ent.end_char))
    return sorted(out + _self_parties(sent, speakers), key=lambda p: p.start)


_SOFTENERS = ("原则上",)


def _quoted(doc, char: int, sent, pairs: tuple[str, ...] = ("“”", "「」", "（）")) -> bool:
    """Inside “…”, 「…」 or （…）: words quoted from another text, or a parenthetical note
    (施工进度计划表（需…共同盖章）), do not bind here."""
    text = _text(doc)
    before, after = text[sent.start_char:char], text[char:sent.end_char]
    # opened before and closed after: an unbalanced bracket does not silence the rest of the sentence
    return any(before.count(a) > before.count(b) and after.count(b) > after.count(a) for a, b in pairs)


_ATTRIBUTIVE = re.compile(r"^([\u4e00-\u9fff]{1,3})的")
# 可 + a verb before 的 or 、可 is "-able" (可调节出口压力的调压器, 可复制、可推广的机制), not a permission
_ABLE = re.compile(r"(?:[^，。；：、的在于向对按依根从]{1,8}、可)*[^，。；：、的在于向对按依根从]{1,8}的")


def _attributive(after: str) -> bool:
    """A cue right before …的 + noun binds nobody (应当投保的企业); before an adverb written with 的
    (应经常性的组织…, 应积极的配合…) or 有 + an adjective (要有明显的警示标志: must have) it still does."""
    m = _ATTRIBUTIVE.match(after)
    return bool(m) and not (m.group(1).endswith(("性", "化")) or m.group(1).startswith("有")
                            or lexicon().opener_pattern.fullmatch(m.group(1)))


def _cues(sent, layer: str) -> list:
    """Cues of a sentence, without those quoted from another text or a cited title (《关于做好…》) and those
    inside an attributive clause (应当投保的企业 names firms, it binds nobody)."""
    text = _text(sent.doc)
    return [s for s in _spans_in(sent, layer)
            if not _quoted(sent.doc, s.start_char, sent) and not _in_title(text, s.start_char, sent.start_char)
            and not (layer == "modal" and s.text not in lexicon().agent_markers  # 鼓励有条件的X: X is encouraged
                     and _attributive(text[s.end_char:s.end_char + 5]))
            and not (s.text == "可" and _ABLE.match(text, s.end_char, s.end_char + 40)
                     and not _allowed(sent, s.start_char))
            and not (s.text == "支持"
                     and _GIVEN_AS.search(text, max(sent.start_char, s.start_char - 14), s.start_char))]


def _allowed(sent, at: int) -> bool:
    """可 right after a body, or after the body and where it may act (台资企业在本市可参与…的总包), allows that
    body; it does not make a verb "-able" (可调节出口压力的调压器)."""
    text = _text(sent.doc)
    return any(_SUBJECT_TO_CUE.fullmatch(text, p.end, at) for p in _parties(sent) if p.end <= at)


def modality_of(sent, skip: tuple[int, int] = (0, 0)) -> str | None:
    """The strength of the duty: that of the sentence's first cue outside the condition `skip`
    (应…，不得… is a must; 不能按时报告的，应当先… is a must too), softened to encouraged by 原则上;
    None when the sentence has no cue. A cue the segmenter glued to the word before it (点位应 → 位应) counts
    when it comes before every full one (…点位应设置于…，且可监控…的区域 is a must)."""
    cues = sorted((s.start_char, s.text, s.label_) for s in _cues(sent, "modal"))
    if not cues:
        return None
    glued = [(s.start_char, s.text, s.label_) for s in _cues(sent, "weak") if s.label_ in MODALITIES]
    cues = sorted(cues + [g for g in glued if g[0] < cues[0][0]])
    if any(text in _SOFTENERS for _, text, _ in cues):
        return "encouraged"
    outside = [c for c in cues if not skip[0] <= c[0] < skip[1]]
    return (outside or cues)[0][2]


_ADVERB_CUES = ("原则上", "力争", "争取")  # stand before the subject as often as after it


def _weak_modality(sent) -> str:
    """The strength of a duty stated without a full modal cue: a glued cue's, else must."""
    labels = [s.label_ for s in sorted(_cues(sent, "weak"), key=lambda s: s.start)]
    return next((label for label in labels if label in MODALITIES), "must")


_TIME_CLAUSE = re.compile(r"[^，。；：]*[后时前]，")  # …后，: the rest of a clause of time


def _first_cue(sent, skip: tuple[int, int] = (0, 0)) -> int | None:
    """Where the predicate starts: the first cue that is not a sentence adverb, after the condition
    `skip` when one follows it (加装的设施要移交业主的，业委会应当…: the condition's 要 binds nobody)."""
    starts = [s.start_char for s in _cues(sent, "modal") if s.text not in _ADVERB_CUES]
    # (not a duty verb of the event the duty follows: 监督机构接到建设单位报送的资料后，应当…)
    text = _text(sent.doc)
    starts += [s.start_char for s in _cues(sent, "weak")
               if not (starts and s.start_char < min(starts) and _TIME_CLAUSE.match(text, s.end_char, min(starts)))]
    outside = [s for s in starts if not skip[0] <= s < skip[1]]
    return min(outside or starts) if starts else None


def condition_of(text: str) -> tuple[str | None, tuple[int, int]]:
    """`对于承保机构未按要求提供服务的，要…` → the condition as written and its span in the sentence; one
    opening with 发现 runs over its clauses to their 的 (发现X使用…，…，使用…的，要…)."""
    m = _FOUND.match(text) or _CONDITION.search(text)
    if not m:
        return None, (0, 0)
    return m.group(1), (m.start(1), m.end(1))


def _is_object(text: str, p: _Party, sent_start: int) -> bool:
    """A party the clause acts on (对大中型企业，…; 向保险监管部门通报), not its subject. The head of a
    relative clause (为…提供服务的技术服务机构) is a subject."""
    sent_start = _after_label(text, sent_start)  # the clause opens after an item's label: （一）针对…

    def clause_start(before: int) -> int:
        return max(sent_start, max(text.rfind(c, sent_start, before) for c in "，；：、") + 1)

    clause_from = clause_start(p.start)
    head = text[clause_from:p.start]
    # a later conjunct of a list shares the first one's marker (对全港码头、船舶组织开展…)
    while clause_from > sent_start and text[clause_from - 1] == "、":
        clause_from = clause_start(clause_from - 1)
    # the head of a relative clause is a subject, unless a frame's preposition governs the clause it ends
    # (针对…、…要求的养老服务机构，引导…)
    if re.search(r"的[^，。；、的]{0,6}$", text[max(sent_start, p.start - 7):p.start]):
        return text[clause_from:p.start].startswith(_FRAME_WORDS) and text.startswith("，", p.end)
    return _marked(text[clause_from:p.start]) or _marked(head) or head.endswith(lexicon().object_markers)


def _marked(clause: str) -> bool:
    """The clause opens with an object marker (对大中型企业, 向…部门), not with a word that starts like one
    (使用和经营企业, 供水企业, 在建工程)."""
    lex = lexicon()
    return clause.startswith(lex.object_markers) and not clause.startswith(lex.marker_lookalikes)


def _is_possessor(text: str, p: _Party, limit: int) -> bool:
    """A party that owns the subject (文物保护单位的保护范围内不得…), unless what it owns is a body
    (承保机构的市级公司应…)."""
    m = re.match(r"(?:[（(][^（）()]{0,40}[）)])?的([^，。；：、]{1,12})", text[p.end:limit])
    return bool(m) and not any(e in m.group(1) for e in lexicon().org_endings)


def _given(text: str, at: int) -> bool:
    """由 comes before the party at `at`, with at most its modifier and prefixes between
    (…，由镇文物行政管理部门予以登记): the party is given the act to do."""
    i = text.rfind("由", max(0, at - 16), at)  # the gap holds no 由: only the nearest can stand for it
    return i >= 0 and bool(lexicon().agent_gap.fullmatch(text, i + 1, at))


_HANDED_REACH = 12  # characters at most between 鼓励/支持 and the body it hands the act to, unless they end in 的


def _agent(sent, parties: list[_Party], cue_at: int | None) -> _Party | None:
    """The party an agent word hands the act to: 由X负责…, 请X于…报送, 鼓励X…, 本镇鼓励X… (the first party after
    the word in its clause). Not 要鼓励X or 行业领域要…鼓励X (X is encouraged by someone who must), and not
    …要通报X，由X查处 (the duty is the 通报; X's act follows it)."""
    text = _text(sent.doc)
    words = {t.idx: t.text for t in sent}
    skip = lexicon().non_modal_words
    # a body opening the sentence acts first: …后由X hands X a later step
    # (建设单位至镇规建办申报项目，…，审核后由镇规建办出具受理告知书)
    opening = _opening(sent)
    for n, p in enumerate(parties):
        clause_from = max(sent.start_char, parties[n - 1].end if n else 0,
                          max(text.rfind(c, 0, p.start) for c in "，。；：") + 1)
        clause = text[clause_from:p.start]
        found = [m for m in re.finditer("|".join(lexicon().agent_markers), clause)
                 if (w := words.get(clause_from + m.start(), "")).startswith(m.group(0)) and w not in skip]
        if not found:
            continue
        word, before, gap = found[-1].group(0), clause[:found[-1].start()], clause[found[-1].end():]
        if word == "由":
            if lexicon().agent_gap.fullmatch(gap) \
                    and not any(cue_at is not None and q.start > cue_at for q in parties[:n]) \
                    and not (n and parties[0].start <= opening and re.search(r"后[，,]?$", before)):
                return p
        # (鼓励X, 鼓励有意愿的X: X right after the word or its modifier; not a body far after it, the object of a
        # later verb: 鼓励优先采取…服务模式设置长者饭堂)
        elif word == "请" or (len(gap) <= _HANDED_REACH or gap.endswith("的")) \
                and not re.search(r"(?:要|应|应当|须)$", before) and not any(
                not _is_object(text, q, sent.start_char) and q.end < clause_from + found[-1].start()
                for q in parties[:n]) and not (  # a body right before the word declares it (本镇鼓励X…)
                cue_at is not None and cue_at < clause_from + found[-1].start()):  # 要…，鼓励X: the first duty's
            return p
    return None


def subject_of(sent, cue_at: int | None, skip: tuple[int, int], speakers: _Speakers = _NOBODY) -> _Party | None:
    """The bound party: the party an agent word names (由X, 请X, 鼓励X), else a party before the cue,
    outside the condition, that is neither an object (向/对/针对 …) nor a possessor (X的保护范围)."""
    text = _text(sent.doc)
    # not in the condition, nor in a note in brackets (临时确定（由市教育局提供教材）)
    parties = [p for p in _parties(sent, speakers)
               if not skip[0] <= p.start < skip[1] and not _quoted(sent.doc, p.start, sent, ("（）", "()"))]
    limit = cue_at if cue_at is not None else sent.end_char
    parties = _heads(text, parties, limit)
    agent = _agent(sent, parties, cue_at)
    if agent is not None:
        return agent
    before = [p for p in parties if p.start < limit and not _is_object(text, p, sent.start_char)
              and not _is_possessor(text, p, limit) and not _ACTS_FOR.search(text, sent.start_char, p.start)]
    if not before:
        return None
    timed = [p for p in before if _TIME_CLAUSE.match(text, p.end, limit)]  # X…后，: in a clause of time
    if cue_at is None:  # no cue: the party the sentence opens with (X定期对…进行抽查，并将线索移交至Y), after
        # a clause of time (企业申请通过后，X将…)
        return next((p for p in before if p not in timed), before[0])
    # the subject of the clause holding the cue (前期，市应急局已交办…，各承保保险公司要立即整改)
    clause_from = max(text.rfind(c, sent.start_char, limit) for c in "，；：")
    in_clause = [p for p in before if p.start > clause_from
                 and not text[clause_from + 1:p.start].endswith(lexicon().partner_markers)]  # 会同X: a partner
    # (not a body of the subject's own, named after it with 其: X是…的责任主体，其值守应急机构负责…)
    owned = in_clause and "其" in text[in_clause[0].start - 1:in_clause[0].start + 1] and before[0] is not in_clause[0]
    if in_clause and not owned:
        return in_clause[0]
    # not a body inside a clause of time it does not open (当X…时, or a unit the lexicon knows by its last word):
    # the event's (监督机构接到建设单位报送的资料后，应…: the unit opening it is found by its ending later)
    opening = _opening(sent)
    unit = _unit_named(text, opening)
    return next((p for p in before if p not in timed or re.fullmatch("当?", text[opening:p.start])
                 or unit and unit.end == p.end), None)


def _heads(text: str, parties: list[_Party], limit: int) -> list[_Party]:
    """A noun phrase is head-final: in 经市场监管部门授权的生产企业，…, 由区住建委认定的物业服务企业应当…,
    为养老服务机构提供检测服务的技术服务机构，要… and 区教育局所属各中小学校要… the body in the modifier acts
    in it; the head, named with its modifier, is the party. Not a subject whose verb takes the next body as
    its object (X组织符合要求的Y…) or partner (X根据…会同Y…)."""
    lex = lexicon()
    out: list[_Party] = []
    for q in parties:
        gap = text[out[-1].end:q.start] if out else ""
        if out and q.start < limit and _MODIFIER.fullmatch(gap) and not _marked(gap) \
                and not gap.startswith(lex.agent_markers) and not any(w in gap for w in lex.partner_markers):
            p = out.pop()
            start = p.start - 1 if text[p.start - 1:p.start] in ("经", "由", "被", "为") else p.start
            q = _Party(q.role, text[start:q.end], start, q.end)
        out.append(q)
    return out


def _condition_subject(sent, begin: int, end: int, speakers: _Speakers) -> _Party | None:
    """The party a condition opens with (镇人民政府利用…进行旅游开发的，应当…): the one who acts in it
    is the one the main clause binds when that names nobody. Not an object (对…的单位), nor a modifier
    (符合重点单位标准的)."""
    text = _text(sent.doc)
    label = _LABEL.match(text, begin)
    begin = label.end() if label else begin
    opening = re.match(r"(?:凡是?|如果?|若)?", text[begin:end]).end()
    return next((p for p in _parties(sent, speakers) if p.start == begin + opening
                 and not _is_object(text, p, sent.start_char)
                 and not re.fullmatch(r"[\u4e00-\u9fff]{1,4}的", text[p.end:end])), None)  # X标准的: X is no actor


def _body_named(text: str, at: int, end: int) -> _Party | None:
    """The body whose name starts at `at` and runs to the next 、，；or bracket (before `end`): a name
    the lexicon knows at its start (市交通委科技信息处), or one with an organization's ending (区建设管理委)."""
    lex = lexicon()
    name = re.match(r"[^、，；;,。）)\s]+", text[at:end])
    if not name:
        return None
    known = lex.party_pattern.match(name.group(0))
    role = lex.party_forms[known.group(0)] if known else (
        lex.role_of(name.group(0)) if name.group(0).endswith(tuple(lex.org_endings)) else None)
    return _Party(role, name.group(0), at, at + name.end()) if role else None


def in_charge(notice: Notice) -> dict[int, _Party]:
    """Part → the body a notice puts in charge of its work (该项目建设主体为区应急局): the first such
    statement of each part that names a body."""
    out: dict[int, _Party] = {}
    for m in lexicon().in_charge_pattern.finditer(notice.text):
        if body := _body_named(notice.text, m.end(), len(notice.text)):
            out.setdefault(notice.part_at(m.start()), body)
    return out


def plan_author(header: Header) -> _Party | None:
    """The author of a work plan (…实施方案, …工作要点): the body the title says drew it up
    (转发区绿化市容局制订的《…工作方案》), else the first issuer; and of any document a department drafted and its
    government approves and forwards (批转区文化局《…实施意见》). None when the document is neither."""
    lex = lexicon()
    title = header.title or ""
    named = re.findall(r"《([^《》]+)》", title) or [re.sub(r"^关于(?:印发)?|的(?:通知|函)$", "", title)]
    drawn = re.search(f"([^，、关于转发印]+?)(?:{'|'.join(lex.drawn_up_by)})的《", title) \
        or re.search(r"批转([^，、《》]{2,20}?)《", title)  # a department's draft its government approves
    drafter = drawn and role_of_name(drawn.group(1))
    if not _is_plan(named[-1]) and not drafter:
        return None
    role = drafter or issuer_role(header.issuers)
    return _Party(role, "", -1, -1) if role else None


def _is_plan(name: str) -> bool:
    """A work plan's name (…实施方案, …工作要点（2025年）)."""
    return _PARENTHETICAL.sub("", name).endswith(lexicon().plan_types)


def attached_plans(notice: Notice) -> list[tuple[int, int, _Party]]:
    """The work plans attached to a notice (附件 / 上海市…实施方案 / …), each as its span and its author, the
    notice's first issuer: a task of the plan that names nobody is the author's, as in a plan the notice
    prints itself (plan_author)."""
    lines = nonblank_lines(notice.text, 0, len(notice.text))
    starts = [n for n, line in enumerate(lines) if ATTACHMENT_START.match(line.text.strip())]
    out = []
    for k, n in enumerate(starts):
        if n + 1 >= len(lines):
            continue
        title = lines[n + 1]
        end = lines[starts[k + 1]].start if k + 1 < len(starts) else len(notice.text)
        role = issuer_role(notice.header_of(notice.part_at(title.start)).issuers)
        if role and _is_plan(title.text.strip()):
            out.append((title.start, end, _Party(role, "", -1, -1)))
    return out


def lead_notes(notice: Notice) -> dict[str, _Party | None]:
    """Section label → the lead body its own text names in a note (（一）…。（牵头部门：市交通委…；实施部门：…）):
    the first body named after the note's label."""
    starts = sorted({s.start for s in notice.sections} | {len(notice.text)})
    next_start = dict(zip(starts, starts[1:], strict=False))
    out: dict[str, _Party | None] = {}
    for s in notice.sections:
        own_end = next_start[s.start]  # up to the next heading: a sub-item's note is its own
        for m in lexicon().lead_note_pattern.finditer(notice.text, s.start, own_end):
            if body := _body_named(notice.text, m.end(), own_end):
                out[s.label] = body
                break
    return out


def _unit_named(text: str, at: int, handed: bool = False) -> _Party | None:
    """A unit no list names, opening the clause at `at` right before its duty word (产废单位应…, 各收运单位要…,
    采购人应当…), or `handed` the act by the word at `at` (倡导经营（运营）主体…)."""
    lex = lexicon()
    m = (lex.handed_unit_pattern if handed else lex.unit_subject_pattern).match(text, at)
    # not 排查参保企业应急预案 (应急 is no duty word), nor an order's object (重点排查参保企业…), nor a unit
    # whose activity names its role (项目法人单位 is the construction unit)
    word = lex.non_modal_pattern.match(text, m.end(1)) if m and not handed else None  # (必须 holds 须: a cue itself)
    if not m or not lex.unit_role or word and word.group(0) not in lex.modal_cues \
            or lex.opener_pattern.match(m.group(1)) \
            or any(act in m.group(1) for acts in lex.activities.values() for act in acts):
        return None
    # nor words holding a duty word of their own (要鼓励保险机构, 同时督促…收运单位)
    name = lex.non_modal_pattern.sub("", m.group(1))
    if any(cue in name for cue in (*lex.modal_cues, *lex.weak_must)):
        return None
    return _Party(lex.unit_role, m.group(1), m.start(1), m.end(1))


def _enclosing(section: str, labels) -> str | None:
    """The innermost of `labels` that `section` lies under (二、 for 二、（一）), None when none does."""
    return max((label for label in labels if section.startswith(label) and section != label), key=len, default=None)


def performer(sent, skip: tuple[int, int]) -> str | None:
    """The role that performs the first activity a sentence names, at the start of a word, outside
    the condition and outside quotes (在施工现场严禁… → construction_unit; not 实施工作), and not in a body's name
    (督促施工单位…: a body the subject readers passed over is the object, not the one who acts)."""
    text = _text(sent.doc)
    starts = {t.idx for t in sent}
    names = [(p.start, p.end) for p in _parties(sent)]
    found = []
    for role, acts in lexicon().activities.items():
        for act in acts:
            for m in re.finditer(act, text[sent.start_char:sent.end_char]):
                at = sent.start_char + m.start()
                if at in starts and not skip[0] <= at < skip[1] and not any(a <= at < b for a, b in names) \
                        and not _quoted(sent.doc, at, sent) and not _in_title(text, at, sent.start_char):
                    found.append((at, role))
    return min(found)[1] if found else None


HEADING_WEIGHT = 2  # a cue in the headings above a sentence counts this much, once a character
PREDICATE_WEIGHT = 3  # and one in the predicate (after the modal cue) this much


def topic_of(text: str, action_from: int = 0, idf: dict[str, float] | None = None, headings: str = "",
             condition: tuple[int, int] = (0, 0)) -> str | None:
    """The topic whose cues weigh most in the sentence. Each cue counts once, by its length, more in
    the predicate (what the party does) than before it, and by its rarity in the notice: words in
    every sentence of a notice (事故预防服务 in an insurance notice) say little about any one duty.
    The condition (对未按规定投保的，) says when, not what, and counts nothing. The headings above the
    sentence (三、加强执法检查) add their cues, and decide for a sentence that has none; with no cue
    anywhere, the taxonomy's general topic (`default` in topics.yaml)."""
    lex = lexicon()
    c_from, c_to = condition
    if c_to > c_from:
        text = text[:c_from] + text[c_to:]
        if action_from >= c_to:
            action_from -= c_to - c_from
    owner = lex.topic_cues
    scores = dict.fromkeys(lex.topics, 0.0)  # in taxonomy order: ties go to the first listed
    counted: dict[str, float] = {}
    for m in lex.topic_pattern.finditer(text):
        cue = m.group(0)
        weight = len(cue) * (idf.get(cue, 1.0) if idf else 1.0) * (PREDICATE_WEIGHT if m.start() >= action_from else 1)
        counted[cue] = max(counted.get(cue, 0.0), weight)
    for cue, weight in counted.items():
        scores[owner[cue]] += weight
    for m in lex.topic_pattern.finditer(headings):
        scores[owner[m.group(0)]] += HEADING_WEIGHT * len(m.group(0))
    best = max(scores, key=scores.__getitem__)
    return best if scores[best] > 0 else lex.default_topic


def cue_idf(sentences: list[str]) -> dict[str, float]:
    """Inverse document frequency of every topic cue over a notice's sentences, each cue found the
    way `topic_of` finds it (longest first)."""
    import math
    from collections import Counter

    pattern = lexicon().topic_pattern
    df = Counter(cue for s in sentences for cue in set(pattern.findall(s)))
    n = len(sentences) or 1
    return {cue: math.log((n + 1) / (df[cue] + 1)) + 0.5 for cue in lexicon().topic_cues}


def role_of_name(name: str) -> str | None:
    """The role of a body's full name: the longest party form in it, else its keywords."""
    lex = lexicon()
    name = _PARENTHETICAL.sub("", name)  # 各县（市、区）应急管理局: the scope in brackets is no body
    # a prefix (各市) names the body only when nothing else does (各市运管局 is the transport bureaus)
    forms = [m.group(0) for m in lex.party_pattern.finditer(name) if m.group(0) not in lex.prefixes]
    return lex.party_forms[max(forms, key=len)] if forms else lex.role_of(name) or lex.party_forms.get(name)


def issuer_role(issuers: list[str]) -> str | None:
    """The role of a notice's first issuer."""
    return role_of_name(issuers[0]) if issuers else None


def speakers_of(header: Header) -> _Speakers:
    """The issuer's role, the addressees' (the first addressee with a known role), the level the issuer
    names itself by (省局, 市局), the role of addressees that are all regulated units of one kind, and the
    role the notice's own letter orders."""
    # each body of a recipient line the header kept whole (各县（市、区）教育局人事科、市直中小学（单位）)
    bodies = [body for name in header.recipients for body in re.split(r"、(?![^（(]*[）)])", name)]
    addressees = [name for name in bodies if name not in lexicon().prefixes]  # 各市、区住建局 → 区住建局
    level = next((lv for lv in "省市区县" if lv in header.issuers[0]), None) if header.issuers else None
    own_words = _SELF if level is None else re.compile(
        f"{_SELF.pattern}|(?:^|(?<=[，。；：、（“由经报向请与])){level}(?:局|厅)(?![长属级])")
    roles = {role_of_name(body) for body in bodies}
    units = next(iter(roles)) if len(roles) == 1 and roles <= set(lexicon().regulated_roles) else None
    addressed = next((role for name in addressees if (role := role_of_name(name))), None)
    # not a letter that prints or forwards a document (关于印发《…》的通知: its body is the document's rules),
    # nor one to 各有关单位, which takes in every kind of body
    letter = "《" not in (header.title or "") and addressed != lexicon().unit_role
    return _Speakers(issuer_role(header.issuers), addressed, own_words, units, addressed if letter else None)


def _own_frequency(text: str, subject_at: int | None, condition: tuple[int, int]) -> Frequency | None:
    """How often the duty recurs, read from the clauses of its named subject on when a clause before
    them is background of its own (本市每年重大活动任务重，各区要建立…: 每年 is not the duty's rhythm; but
    建立季度报送制度，请各区…: an order, whose rhythm it is), and from after the condition when the rhythm
    found stands in it (凡年度内发生…的，当年不得…: the time of the case)."""
    freq = params.frequency(text)
    if freq and subject_at is not None and 0 <= (at := text.find(freq.text)) < subject_at:
        comma = text.rfind("，", 0, subject_at)
        clause = text[text.rfind("，", 0, at) + 1:comma]
        if at < comma and len(clause) > len(freq.text) + 2 and not lexicon().opener_pattern.match(clause) \
                and not _TIME_LEAD.fullmatch(text, at, comma + 1):  # 每年汛期结束后，X将…: when X acts
            freq = params.frequency(text[subject_at:])
    c_from, c_to = condition
    if c_to and freq and c_from <= text.find(freq.text) < c_to:
        freq = params.frequency(text[c_to:])
    return freq


def _heading_deadline(notice: Notice, offset: int, year: int | None) -> Deadline | None:
    """The date of the nearest heading above that is nothing but a date (三、时间节点 / （一）2023年4月底前):
    the duties listed under it are due by then."""
    for title in reversed(notice.headings_at(offset, strict=True)):
        dl = params.deadline(title, year)
        if dl.kind == "date" and len(title.strip("。；：: ")) - len(dl.text) <= 2:
            return dl
    return None


def _year(notice: Notice, offset: int) -> int | None:
    header = notice.header_of(notice.part_at(offset))
    for value in (header.issued_on, notice.header.issued_on):
        if value:
            return int(value[:4])
    m = re.search(r"〔((?:19|20)\d\d)〕", header.doc_number or "")
    if m:
        return int(m.group(1))
    m = re.search(r"((?:19|20)\d\d)年", notice.text[:3000])
    return int(m.group(1)) if m else None


def _heading_title_spans(notice: Notice) -> set[tuple[int, int]]:
    """Sentences that are a heading's own title (`一、加强协同联动。`): not duties. An article of a
    regulation (`第十条 本镇鼓励…。`) has no title: its first sentence is its content."""
    out = set()
    for s in notice.sections:
        if _ARTICLE.fullmatch(s.number):
            continue
        line_end = notice.text.find("\n", s.start)
        line_end = len(notice.text) if line_end < 0 else line_end
        m = re.search(r"[。；]", notice.text[s.start:line_end])
        out.add((s.start, s.start + m.start() if m else line_end))
    return out


def _fronted_order(body: str) -> bool:
    """对 + its object, then the order's verb (对检查发现的问题及时整改, 对…效果显著的承保机构实行激励): the
    object is fronted, the order opens right after the head noun that closes it. Or 将 + its object +
    a verb of disposal (将装修垃圾投放管理情况纳入考核), or 为 + whom it serves + a verb of service
    (为独居老人提供结对帮扶服务; not 为…提供服务的机构，…: a subject's modifier)."""
    lex = lexicon()
    disposed, served = "|".join(lex.disposal_verbs), "|".join(lex.benefactive_verbs)
    if re.match(f"将[^，。；：]{{2,40}}?(?:{disposed})", body) \
            or re.match(f"为[^，。；：]{{2,30}}?(?:{served})[^，。；：的]*(?:[，。；]|$)", body):
        return True
    clause = re.match(r"对(?![接照外比标于])[^，。；：,;:]{2,}", body)
    if not clause:
        return False
    # the head noun after the last 的, or the whole object when it has none (对全港码头、船舶组织…)
    head_and_rest = clause.group(0)[clause.group(0).rfind("的") + 1:]
    # (a head that lists nouns, 土地、地上物及相关设施设备进行评估, is reached from its last one)
    reach = (11 + head_and_rest.rfind("、") + 1) if "的" in clause.group(0) else 25
    verb = lex.fronted_verb_pattern
    if body.startswith("，", clause.end()):  # 对…的行为，责令…改正 (对经认定的…企业，按照15%的税率，征收…)
        manner = _MANNER.match(body, clause.end() + 1)
        if verb.match(body, manner.end() if manner else clause.end() + 1):
            return True
    return any(verb.match(head_and_rest, i) for i in range(1, min(reach, len(head_and_rest))))


def _states_rule(body: str) -> bool:
    """A rule stated of a thing (保障性租赁住房实行全装修): a rule verb in the first clause, not negated
    or done already (未实行监理的工程 is a condition)."""
    verbs = "|".join(lexicon().rule_verbs)
    return bool(verbs) and bool(re.match(f"[^，。；：]{{2,40}}?(?<![未不已])(?:{verbs})", body))


def _binds(sent) -> bool:
    """A clause that opens with a party and then a modal cue (11.建设单位应尽到主体责任): a duty, however
    short, not the title of its item (as （二）明确较高风险行业企业应当投保 is)."""
    cues = [s.start_char for s in _cues(sent, "modal") + _cues(sent, "weak") if s.text not in _ADVERB_CUES]
    if not cues:
        return False
    opening, first_cue = _opening(sent), min(cues)
    return any(p.start <= opening and p.end <= first_cue for p in _parties(sent))


def _glued_cue(sent) -> bool:
    """A modal cue the segmenter glued to its neighbour (请于 → 请 + 于)."""
    return any(s.label_ != "weak_must" for s in _cues(sent, "weak"))


def _opening(sent) -> int:
    """Where the sentence's first word starts, after an item's label or an article's number."""
    return _after_label(_text(sent.doc), sent.start_char)


def _after_label(text: str, at: int) -> int:
    label = _LABEL.match(text, at)
    return label.end() if label else at


def _is_subheading(text: str, start: int, end: int) -> bool:
    """A short sentence opening a line or an item, with the item's text after it on the same line
    (一是确保数据的真实性。联网单位…): a label, not a duty."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    body = _ITEM_LABEL.sub("", text[start:end], count=1)
    opens = start == line_start or len(body) < end - start
    return opens and len(body) <= 12 and line_end > end + 1


def _bare_title(text: str, start: int, end: int, longest: int = 12) -> bool:
    """A short line of its own with no number and no punctuation (重点整治内容): a heading the outline
    could not number."""
    line = text[start:end]
    return (start == 0 or text[start - 1] == "\n") and text.startswith("\n", end) and len(line) <= longest \
        and not _LABEL.match(line) and not re.search(r"[，。；：、,.;:]", line)


def _is_step(text: str) -> bool:
    """A sentence under a procedure's heading that is a step to take (清洗消毒前24小时，通过公告…告知用户…):
    not an article's title (第九条（许可流程）), a noun phrase, nor a line of contact details (咨询电话：53015050)."""
    plain = _PARENTHETICAL.sub("", _LABEL.sub("", text, count=1))
    return len(plain) >= 6 and not _NOUN_PHRASE.search(plain) \
        and bool(re.search(r"[\u4e00-\u9fff]", plain.split("：")[-1]))


def _states_fact(text: str, cues: list[str]) -> bool:
    """A fact cue that the sentence asserts (已建立…, 未落实…), not one inside a noun phrase
    (对未按要求施工的行为给予处罚: the clause goes on to 的 and names what is punished)."""
    for cue in cues:
        for m in re.finditer(re.escape(cue), text):
            clause = re.split(r"[，。；：]", text[m.end():], maxsplit=1)[0]
            if "的" not in clause:
                return True
    return False


def _under_heading(notice: Notice, offset: int, titles: list[str]) -> bool:
    """Under a heading such as 工作目标 or 清洗消毒流程 (at any level above the offset); not under an order
    that holds one of those words (（二）强化工作成效 asks for results, it reports none)."""
    opener = lexicon().opener_pattern
    # or a title with no number on the line before the paragraph (总体要求 / 认真贯彻落实…)
    line_start = notice.text.rfind("\n", 0, offset) + 1
    title_start = notice.text.rfind("\n", 0, max(line_start - 1, 0)) + 1
    run_in = [notice.text[title_start:line_start - 1]] if line_start and _bare_title(
        notice.text, title_start, line_start - 1) else []
    return any(any(t in title for t in titles) and not opener.match(title)
               for title in [s.title for s in notice.sections if s.start <= offset < s.end] + run_in)


def _signature(notice: Notice) -> re.Pattern[str] | None:
    """A line of nothing but the issuers' names (上海市民政局上海市消防救援局): the signature."""
    names = [name for p in notice.parts for name in p.header.issuers]
    return re.compile("(?:" + "|".join(map(re.escape, names)) + ")+") if names else None


def _in_body(notice: Notice, offset: int) -> bool:
    part = notice.parts[notice.part_at(offset)] if notice.parts else None
    return part is None or offset >= part.body_start


def extract_notice(notice: Notice) -> Extraction:
    lex = lexicon()
    doc = get_nlp()(notice.text)
    headings = _heading_title_spans(notice)
    heading_ends = {a: b for a, b in headings}
    leaf_items = {s.start for s in notice.sections  # items with no text under their own line
                  if not notice.text[heading_ends.get(s.start, s.end):s.end].strip("。；\n ")}
    section_party: dict[str, _Party | None] = lead_notes(notice)
    obligations: list[Obligation] = []
    facts: list[Fact] = []
    last_party: dict[str, _Party] = {}  # section → party of its last duty, for sentences that name none
    # sections whose text went on after their last duty with a sentence that states none (…制定保护要求。保护要求
    # 可以分为以下三类：): their items are not that duty's
    moved_on: set[str] = set()
    contents: set[str] = set()  # sections whose text lists the parts of a thing (基础材料包括：)
    list_lead: dict[str, _Party | None] = {}  # section → party of the list of duties its items hold
    list_modality: dict[str, str | None] = {}  # and the strength it states them with (禁止实施下列行为：)
    speakers = {p.index: speakers_of(p.header) for p in notice.parts}
    # the body in charge of each part's work: as the notice declares it, else a work plan's author
    declared = in_charge(notice)
    for part in range(max(len(notice.parts), 1)):
        if part not in declared and (author := plan_author(notice.header_of(part))):
            declared[part] = author
    plans = attached_plans(notice)
    signature = _signature(notice)
    spans = sentence_spans(notice.text)
    idf = cue_idf([notice.text[a:b] for a, b in spans])
    for n, (start, end) in enumerate(spans):
        # the sentence before this one is a duty (an item of its list goes on with it)
        after_duty = n > 0 and bool(obligations) and obligations[-1].span == spans[n - 1]
        # and this one is a clause after its semicolon (请各区…审核；强化…监管；压实…责任)
        continues = after_duty and notice.text[start - 1] in "；;"
        sent = doc.char_span(start, end, alignment_mode="expand")
        text = notice.text[start:end]
        if len(text) < 4 or sent is None:
            continue
        body = text[_after_label(text, 0):]  # after an item's label or an article's number
        scheduled = bool(params.SCHEDULE_ITEM.match(body))  # （二）第二季度：完成项目审批
        section = notice.section_at(start)
        # an item of a list of duties (具体履行以下职责：（一）…；)
        in_list = _enclosing(section, list_lead)
        # a heading's title names the party of its section (（一）应急管理部门。负责…)
        # a short item of a list that states a duty (（五）进出工地的车辆禁止鸣号。) or an order closed by its full stop
        # (（二）加强日常巡查，及时发现问题。) or a step of a schedule is a duty, not a heading: no text of its own
        # follows it; nor is the first clause of an item's list of orders
        # (（八）在施工现场严禁露天堆放建材；在施工现场切割…时，应…); and a run-in title that forbids, allows or
        # encourages is a duty of its own (（二）同一单位不得因同一事项重复享受政策。在享受…)
        run_in = notice.text.startswith("。", end) and notice.text[end + 1:end + 2] not in ("", "\n")
        procedural = _under_heading(notice, start, lex.procedure_sections)  # a step of 清洗消毒流程, 工作步骤
        if start in heading_ends and heading_ends[start] >= end - 1 and len(text) <= _HEADING_TITLE_MAX \
                and not (start in leaf_items and (scheduled or in_list is not None or _cues(sent, "modal")
                                                  or _glued_cue(sent) or _RHYTHM.match(body) or procedural
                                                  or lex.opener_pattern.match(body)
                                                  and notice.text.startswith("。", end))) \
                and not (notice.text.startswith(("；", ";"), end) and _cues(sent, "modal")) \
                and not (run_in and modality_of(sent) in ("must_not", "may", "encouraged")) \
                and not _binds(sent):
            ps = _parties(sent)
            title = _ITEM_LABEL.sub("", text, count=1)
            if ps and len(title) <= len(ps[0].text) + 4:
                section_party[section] = ps[0]
            continue
        # (and a body's name alone on its line signs the text above it: …人民政府发展研究中心)
        if not _in_body(notice, start) or _is_subheading(notice.text, start, end) and not _binds(sent) \
                or signature and signature.fullmatch(text) \
                or _bare_title(notice.text, start, end, 40) and text.endswith(tuple(lex.org_endings)) \
                or _bare_title(notice.text, start, end) and not _cues(sent, "modal"):
            continue
        part = notice.part_at(start)
        speaking = speakers.get(part, _NOBODY)
        condition, (c_from, c_to) = condition_of(text)
        purpose = _PURPOSE.match(text)
        if purpose and not c_to:  # its cues and bodies are skipped as a condition's are, up to the clause
            # that names a body (为…，杜绝…，请各学校…)
            c_from, c_to = purpose.span()
            if after := next((p for p in _parties(sent, speaking) if p.start - start >= c_to), None):
                c_to = max(c_to, text.rfind("，", 0, after.start - start) + 1)
        modality = modality_of(sent, (start + c_from, start + c_to))
        cue_at = _first_cue(sent, (start + c_from, start + c_to))
        # 同时，将…纳入… / 按照《方案》要求，协助… / 在排查方面，突出…
        # (and after the purpose it serves: 为…，建立…制度)
        framed = _CONNECTIVE.sub("", _SLOGAN.sub("", text[purpose.end():] if purpose else body, count=1), count=1)
        while m := _FRAME.match(framed):  # one frame after another (综合考虑…，利用…，合理划定…)
            framed = framed[m.end():]
        # 每年组织一次… / 定期通报… / 每季度至少对…进行一次…: the order's verb after how often
        timed = framed[m.end():] if (m := _TIME_LEAD.match(framed)) or (  # 2023年9月底前，全面排查…
            (m := _DUE_LEAD.match(framed) or _PLACE_LEAD.match(framed))
            and lex.order_verb_pattern.match(framed, m.end())) else framed
        # the item's label, a frame (针对…，) and a time the duty is due by (至2023年年底，X完成…)
        lead = len(text) - len(timed)
        paced = (timed[m.end():] if (m := _RHYTHM.match(timed)) else timed).removeprefix("至少")
        # 每年汛期前组织…: the occasion the order is due by, written with no comma
        paced = paced[m.end():] if (m := _OCCASION.match(paced)) and lex.opener_pattern.match(paced, m.end()) else paced
        # (after the time it is due by, a verb of duty opens it too: 2025年5月底前报送…)
        verbs = lex.order_verb_pattern if len(timed) < len(framed) else lex.opener_pattern
        # (not a word of the condition: 重点课题流标的，可以…)
        # (nor one in a clause of time: 实施工程桩施工时，严禁…)
        opens = bool(verbs.match(paced)) and not c_from <= len(text) - len(paced) < c_to \
            and not _TIME_CLAUSE.match(paced)
        opener = scheduled or opens or _fronted_order(paced) or _states_rule(framed)
        # an order opening the sentence is a must, whatever a later clause allows, encourages or forbids
        # (推进…，鼓励长期靠港船舶…; 落实…政策，可以享受…的单位由…确定; 严格落实…，坚决杜绝…)
        # and so is a duty verb in a clause before the one that allows (…会同…组织开展…工作，必要时可委托…)
        if modality in ("encouraged", "may", "must_not"):
            cues = _cues(sent, "modal")  # 力争 sets the strength of the whole target (启动…，力争三年内完成…)
            soft = min(c.start_char for c in cues)
            acts = [w.start_char for w in _cues(sent, "weak") if w.label_ == "weak_must"
                    and not start + c_from <= w.start_char < start + c_to]
            comma = notice.text.find("，", start + len(text) - len(framed), end) if opener else \
                notice.text.rfind("，", min(acts), soft) if acts and min(acts) < soft else -1
            # and the cue of an order's object (落实…可以办理抵押贷款的政策: the policy is what allows) is no allowance
            described = opener and re.match(r"[^，；。]*的[\u4e00-\u9fff]{1,8}$", notice.text[soft:end])
            if comma > 0 and all(c.start_char > comma and c.text not in _ADVERB_CUES for c in cues) or described:
                modality = "must"
        # an order that opens with its verb (三是重点排查企业…) names its object, not its subject
        limit = start + len(text) - len(body) if opener and (cue_at is None or cue_at > start + 12) else cue_at
        if limit is None:  # a target with no verb of duty (力争…覆盖全部投保企业): the firms are its object
            limit = min((s.start_char for s in _cues(sent, "modal") if s.text in _ADVERB_CUES), default=None)
        subject = subject_of(sent, limit, (start + c_from, start + c_to), speaking)
        if in_list is not None and cue_at is None and subject is not None \
                and subject.start > start + len(text) - len(body) + 1:  # （四）承办区国动办交办的…: its object
            subject = None
        # …的，给予…奖励 / …的，责令改正: the rule applies its act to whoever stands before it
        # (粮食经营者在…中，存在…的，给予…奖励), who is no subject
        consequence = bool(c_to) and text[c_to:c_to + 1] in "，,"  # a clause after the condition's comma
        applied = consequence and text.startswith(lex.applied_verbs, c_to + 1)
        if applied and subject is not None and subject.start < start + c_to:
            subject = None
        if subject is None and c_to and not applied:  # 镇人民政府利用文物进行旅游开发的，应当…: the condition's own
            subject = _condition_subject(sent, start + c_from, start + c_to, speaking)  # subject
        if subject is None:  # 产废单位应…, 采购人应…: a unit the lexicon does not know, named by what it does, opening
            # the order, the sentence (before the time it acts at) or the clause of its duty word (遇有…的需要，
            # 经营（运营）主体应积极配合), or handed the act by the order's first word (倡导经营（运营）主体…)
            clause = notice.text.rfind("，", start + lead, cue_at) + 1 if cue_at is not None else 0
            subject = next((unit for at in (start + lead, _opening(sent), clause)
                            if at and (unit := _unit_named(notice.text, at))), None) \
                or _unit_named(notice.text, start + lead, handed=True)
        named = subject is not None
        in_charge_of = declared.get(part) or next((author for a, b, author in plans if a <= start < b), None)
        if subject is None and in_charge_of and start <= in_charge_of.start < end:  # 建设主体为区应急局，统筹…
            subject = in_charge_of
        if subject is None:  # the heading's party; who performs the activity named here (the body in
            # charge of the notice's work when it names one); the previous duty's party; the body in charge
            charged = in_charge_of and _Party(in_charge_of.role, "", start, start)
            # (money granted for an activity is not granted by who performs it: 对…改造给予资金补贴)
            granted = speaking.issuer is not None and bool(lex.grant_pattern.search(text))
            doer = not granted and performer(sent, (start + c_from, start + c_to))
            listed_by = list_lead.get(in_list) if in_list is not None else None
            # the party the lead paragraph of the section above binds (二、… 各承保机构应…。（一）…: its items)
            above = last_party.get(_enclosing(section, [s for s in last_party if s and s not in moved_on]))
            subject = (continues and last_party.get(section) or section_party.get(section) or listed_by
                       or (doer and (charged or _Party(doer, "", start, start))) or last_party.get(section) or above
                       or charged)
            # a grant or a sanction (经认定，给予…奖励) is an authority's act: not that of the unit named before,
            # which receives it
            if subject is not None and subject.role in lex.regulated_roles \
                    and any(clause.startswith(lex.applied_verbs) for clause in re.split("[，,]", framed)):
                subject = charged
            # money granted by nobody named (对…给予资金补贴, 奖励5万元) is granted by the notice's issuer
            if subject is None and granted:
                subject = _Party(speaking.issuer, "", start, start)
            # a notice to 各物业服务企业 orders them; a letter to 各区农业农村委 orders them what it says with no
            # subject (开展…调查; 要…)
            verb_first = opener or cue_at is not None and 0 <= cue_at - start - (len(text) - len(framed)) <= 1
            if subject is None and modality != "may" and (role := speaking.units or verb_first and speaking.ordered):
                subject = _Party(role, "", start, start)
        stated = text[:c_from] + text[c_to:]  # a finding's words inside a condition (对未按规定投保的) are no finding
        done = any(t.text == "了" and not c_from <= t.idx - start < c_to for t in sent)  # 进行了整理: an act done
        reported = done or _states_fact(stated, lex.modal.get("fact_cues", []))
        # (an order's verb opening the sentence orders, whatever fact cue its object holds: 督促…累计申报量…一致)
        is_fact = reported and modality not in ("must", "must_not") and not (opener and not done)
        # an order: it opens with its verb, or a clause opens with a must (在事故调查中，应倒查…)
        # (not a permission: 电子通行证可以显示：… grants, it orders nothing)
        grants = modality == "may" and cue_at in {s.start_char for s in _cues(sent, "modal")}
        # an act the rule applies to whoever the condition names, and in a rule text's article any act it prescribes
        in_article = bool(_ARTICLE.search(section))  # of a rule text (第十二条)
        applies = applied or consequence and in_article and bool(_PRESCRIBED.match(text, c_to + 1))
        directive = opener or applies or bool(_DUE_BY.search(text)) or (cue_at is not None and not grants and (
            cue_at - start <= 6 or notice.text[cue_at - 1] in "，；："
            and (modality or _weak_modality(sent)) in ("must", "must_not")))
        if _under_heading(notice, start, lex.non_duty_sections):
            duty = modality is not None and modality != "may"
        else:
            # beside a modal cue, a duty is: a duty verb whose subject is named here or by the heading;
            # an order opening the sentence (重点排查…, 认真贯彻落实…，确保…); a sentence opening with its
            # party (区安委办将汇总…); an item (一是…) that goes on with the duty before it
            # (or its main clause, after the condition: 对于…的单位，市消防救援总队将…)
            # (a body the lexicon knows by its last word, named in full by what it does: 供水供气服务企业对…进行…)
            if named and subject.start > start + lead + 1 and (unit := _unit_named(notice.text, start + lead)) \
                    and unit.end == subject.end:
                subject = _Party(subject.role, unit.text, unit.start, unit.end)
            at = subject.start - start if named else -1
            opens_with_party = (named and (at <= lead + 1 or c_to and at == c_to + 1)
                                and len(text) - at >= len(subject.text) + 6
                                and not text[at + len(subject.text):].startswith("已")
                                and not (cue_at is None and _ITEM_LABEL.match(text)
                                         and _NOUN_PHRASE.search(_PARENTHETICAL.sub("", text))))
            enumerated = (bool(_ENUMERATION.match(text)) and bool(obligations) and obligations[-1].section == section
                          and (cue_at is not None or directive))
            # a permission is granted to someone; a rule text's article grants it to whoever applies the rule
            if modality == "may" and not (named or subject or in_article):
                modality = None
            sanction = any(c in text for c in lex.sanction_cues)
            bound = any(c in text for c in lex.bound_cues)  # 服务费用不超过5万元
            # …，由镇文物行政管理部门予以登记: a body named as the agent of an act is given it to do
            assigned = named and _given(notice.text, subject.start) \
                or in_charge_of is not None and subject is in_charge_of
            # an item inside a sentence's list (通行证可以显示：一是…；三是司乘人员的检测结果) states no duty of
            # its own when the sentence that opens the list states none
            listed = bool(_ENUMERATION.match(text)) and notice.text[start - 1:start] not in ("", "\n") \
                and not after_duty and cue_at is None \
                or _enclosing(section, contents) is not None and not (modality or opener) and cue_at is None  # a part
            if lex.contents_lead_pattern.search(text):
                contents.add(section)
            step = procedural and _is_step(text)
            opens_list = bool(lex.list_lead_pattern.search(text))
            if opens_list:
                list_lead[section], list_modality[section] = subject, modality
            duty = not listed and bool(modality or (cue_at is not None and (named or section in section_party))
                                       or directive or opens_with_party or enumerated or sanction or bound
                                       or assigned or step
                                       or continues and not named or in_list is not None or opens_list and named)
        # a caption, or a document's title standing on its own line (关于进一步加强…的工作方案)
        # (not a sentence closed by its full stop: 各区每月5日前报送报表。)
        caption = _CAPTION.search(text) and not notice.text.startswith("。", end) \
            or text.startswith("关于") and DOC_TYPE_END.search(text)
        # a document's title on a line of its own, whatever it holds (上海市鼓励…更新补贴资金管理办法)
        titled = _bare_title(notice.text, start, end, 40) and DOC_TYPE_END.search(text)
        # (nor is a purpose followed by a bound or by one order: 为…，…标准调整为…不低于800元; 为…，建立…制度; unless it
        # carries out a policy or a document, as the text's own preamble does: 为贯彻落实…，加快…，…)
        served = purpose and text[purpose.end():]
        preamble = purpose and not (named and cue_at is not None and subject.start - start >= purpose.end()) \
            and (re.search("《|贯彻", purpose.group(0)) or not (any(c in served for c in lex.bound_cues)
                                                               or opener and "，" not in served))
        classifies = bool(_CLASSIFIES.search(text))
        if _NOT_DUTY.search(text) or classifies or titled or preamble or caption and modality is None or is_fact \
                or not duty:
            if classifies or not text.endswith(("：", ":")):  # not a list's lead (具体要求如下：)
                moved_on.add(section)
            quantities = params.quantities(text)
            if quantities:
                facts.append(Fact(text=text, span=(start, end), page=notice.page_at(start), quantities=quantities))
            continue
        moved_on.discard(section)
        if subject is not None:
            last_party[section] = subject
        year = _year(notice, start)
        dl = params.deadline(text, year, lex.party_pattern)
        if c_to and dl.text and c_from <= text.find(dl.text) < c_to:  # 无法在48小时内恢复的，应在72小时内更换
            after = params.deadline(text[c_to:], year, lex.party_pattern)
            dl = after  # a window inside the condition (在参与采购活动前3年内…的) is no deadline
        if dl.anchor and subject and subject.text and dl.anchor.startswith(subject.text):  # the party is not the event
            dl = dl.model_copy(update={"anchor": dl.anchor[len(subject.text):] or None})
        if dl.kind == "none":
            dl = _heading_deadline(notice, start, year) or dl
        freq = _own_frequency(text, subject.start - start if named else None, (c_from, c_to))
        due = _span_of(text, dl.text)
        obligations.append(Obligation(
            id=f"{notice.id}-{len(obligations) + 1:03d}",
            text=text,
            section=section,
            page=notice.page_at(start),
            span=(start, end),
            party=subject.role if subject else None,
            party_text=subject.text if subject else None,
            modality=modality or list_modality.get(in_list) or _weak_modality(sent),
            action=_action(text, cue_at - start if cue_at is not None else None),
            topic=topic_of(text, max(0, (cue_at or start) - start), idf,
                           " ".join(notice.headings_at(start)), (c_from, c_to)),
            condition=condition,
            deadline=dl,
            frequency=freq,
            quantities=params.quantities(text, [due] if due else [], _span_of(text, freq.text if freq else None)),
            part=notice.part_at(start),
        ))
    return Extraction(notice=notice, obligations=obligations, contacts=_contacts(notice), facts=facts)


_SENTENCE_END = re.compile(r"[。；;！!？?]+[”’」』）)]*|\n")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentences end at 。；！？ (with closing quotes) and at paragraph ends; spans exclude the mark.
    A mark inside a quotation or a parenthesis closed later in the same paragraph (a law quoted with its
    own clauses: 按照…第一百零九条“…处五万元以下的罚款；逾期未改正的，处…罚款。”，依法查处; a note
    （牵头部门：…；实施部门：…）) ends no sentence."""
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if m.group(0) != "\n" and _inside_quote(text, start, m.start()):
            continue
        a, b = start, m.start()
        while a < b and text[a].isspace():
            a += 1
        if b > a:
            out.append((a, b))
        start = m.end()
    if start < len(text) and text[start:].strip():
        out.append((start + len(text[start:]) - len(text[start:].lstrip()), len(text.rstrip())))
    return out


def _inside_quote(text: str, start: int, at: int) -> bool:
    """`at` stands after a “ or （ opened since `start` and closed later in the same paragraph."""
    line_end = text.find("\n", at)
    line_end = len(text) if line_end < 0 else line_end
    for a, b in ("“”", "（）"):
        opened = text.rfind(a, start, at)
        if opened >= 0 and text.find(b, opened, at) < 0 and 0 <= text.find(b, at) < line_end:
            return True
    return False


def _span_of(text: str, piece: str | None) -> tuple[int, int] | None:
    if not piece:
        return None
    i = text.find(piece)
    return (i, i + len(piece)) if i >= 0 else None


def _action(text: str, cue_at: int | None) -> str:
    """What is to be done: the words after the first cue (or the whole sentence)."""
    if cue_at is None or cue_at < 0:
        return text
    rest = re.sub(r"^(应当|应|须|必须|要|务必|需|不得|严禁|禁止|鼓励|支持|力争|原则上|可以|可)", "", text[cue_at:])
    return rest.lstrip("，、 ") or text


def _contacts(notice: Notice) -> list[Contact]:
    out: list[Contact] = []
    above: list[Contact] = []  # the contacts of the line before, which a phone or e-mail line completes
    offset = 0
    for line in notice.text.split("\n"):
        found = params.contacts(line)
        # a line that names nobody completes the block above: one with no organization either, or
        # one that follows a block naming nobody (申请邮箱：… then 咨询电话：…)
        if above and found and not any(c.name for c in found) and (
                not any(c.org for c in found) or not any(c.name or c.org for c in above)):
            added, rest = _complete(above, found)
            found = added + rest
            if rest:  # what the contacts above already have starts the next block (邮箱 then 电话 again)
                above = rest
        elif found or line.strip():
            above = found
        for contact in found:
            contact.page = notice.page_at(offset)
            contact.part = notice.part_at(offset)
            out.append(contact)
        offset += len(line) + 1
    return out


def _complete(above: list[Contact], found: list[Contact]) -> tuple[list[Contact], list[Contact]]:
    """`联系人：张三` then `电话：…` or `邮箱：…` on the next line: the phone or e-mail belongs to the
    person above when they have none. Returns the contacts the line adds: further phones of the
    person above, and the phones or e-mail the contacts above already have, which stand alone."""
    phones = [c.phone for c in found if c.phone]
    email = next((c.email for c in found if c.email), None)
    added: list[Contact] = []
    if email and not any(c.email for c in above):
        for c in above:
            c.email = email
        email = None
    if phones and not any(c.phone for c in above):
        for c in above:
            c.phone = phones[0]
        added = [above[-1].model_copy(update={"phone": p}) for p in phones[1:]]
        phones = []
    return added, [c for c in found if c.phone in phones or (c.phone is None and email)]
