"""The spaCy container: `spacy.blank("zh")` with the jieba segmenter, the party lexicon in an
EntityRuler, components that add the organizations it does not list (by their ending) and the short
names a notice gives them (以下简称…), and a cue component that marks modal cues as spans. Results live
on one `Doc` per notice: `doc.ents` (PARTY, with the role as `ent_id_`), `doc.spans["modal"]` (label = modality) and
`doc.spans["weak"]` (verbs that state a duty when a party is their subject).
"""

from __future__ import annotations

import re
from functools import lru_cache

from gongwen.extract.lexicon import MODALITIES, _longest_first, lexicon
from gongwen.ingest.normalize import ARTICLE

LOCALIZERS = "中时前后内"  # 过程中, 施工时, 承保前: a cue glued after one of these is a cue


@lru_cache(maxsize=1)
def get_nlp():
    import jieba
    import spacy
    from spacy.language import Language
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Span

    jieba.setLogLevel(60)
    lex = lexicon()
    for word in sorted(lex.words(), key=len, reverse=True):
        jieba.add_word(word, freq=200_000)  # high frequency: keep lexicon words whole
    for pair in lex.tokenizer_splits:
        jieba.suggest_freq(tuple(pair), tune=True)
    # a department's one-character ending and a one-character cue are two words (卫生健康委|要, not 委要),
    # unless the dictionary knows them as one (所需)
    singles = [c for c in lex.modal_cues if len(c) == 1]
    for ending in (e for e in lex.org_endings if len(e) == 1):
        for cue in singles:
            if ending + cue not in jieba.dt.FREQ:
                jieba.suggest_freq((ending, cue), tune=True)

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.max_length = 20_000_000
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "PARTY", "pattern": form, "id": role} for form, role in lex.party_forms.items()])

    cue_matcher = PhraseMatcher(nlp.vocab)
    for modality in MODALITIES:
        cue_matcher.add(modality, [nlp.make_doc(c) for c in lex.modal[modality]])
    weak = PhraseMatcher(nlp.vocab)
    weak.add("weak_must", [nlp.make_doc(c) for c in lex.weak_must])

    if not Language.has_factory("gongwen_cues"):
        @Language.factory("gongwen_cues")
        def make_cues(nlp, name):  # noqa: ARG001 - spaCy's factory signature
            single = {c: m for m in MODALITIES for c in lex.modal[m] if len(c) == 1}

            def cues(doc):
                spans = [Span(doc, s, e, label=nlp.vocab.strings[m]) for m, s, e in cue_matcher(doc)]
                covered = {s.start for s in spans}
                glued = []
                for tok in doc:  # a one-character cue glued to a neighbour by the segmenter: 前应
                    if len(tok) < 2 or tok.i in covered or tok.ent_type_ == "PARTY" or any(
                            w in tok.text for w in lex.non_modal_words):
                        continue
                    for ch in (tok.text[0], tok.text[-1]):
                        if ch in single:
                            span = Span(doc, tok.i, tok.i + 1, label=single[ch])
                            # after a localizer (过程中应, 承保前应) the cue is whole: X中 + 应
                            (spans if len(tok) == 2 and tok.text[-1] == ch and tok.text[0] in LOCALIZERS
                             else glued).append(span)
                            break
                doc.spans["modal"] = spans
                # glued cues are weaker evidence (应保未保 is a fact): they count like duty verbs
                doc.spans["weak"] = [Span(doc, s, e, label=nlp.vocab.strings[m]) for m, s, e in weak(doc)] + glued
                return doc

            return cues

    if not Language.has_factory("gongwen_orgs"):
        @Language.factory("gongwen_orgs")
        def make_orgs(nlp, name):  # noqa: ARG001 - spaCy's factory signature
            # no name holds a cue (…保护点应当为教育机构, 线索及时移送公安分局)
            words = [*lex.modal_cues, *lex.weak_must]
            multi_char_cues = [c for c in words if len(c) > 1]

            def orgs(doc):
                """Organizations the lexicon does not list, found by their ending (…文物行政管理部门)."""
                new, dropped = [], set()
                text = doc.text  # spaCy joins the tokens again at every `doc.text`
                for m in _org_pattern().finditer(text):
                    # a name holds no 的 (对外开放的文物保护单位) and no modal cue (…保护点应当为教育机构)
                    start = m.start() + m.group(0).rfind("的") + 1
                    begin = _shared_head(text, start, "等" in m.group(0))
                    role = lex.role_of(text[begin:m.end()])
                    # (the functions of one sector's departments sharing their ending: 区生态环境监管、监测和执法部门)
                    if role is None and (f := _function_list().search(text, 0, begin)):
                        begin = f.start("item")
                        role = lex.role_of(text[begin:m.end()])
                    name = text[begin:m.end()]
                    if lex.opener_pattern.match(name):  # 充分依托市民政局 names the body a duty relies on
                        continue
                    if text.count("、", begin, start) >= MANY_SECTORS - 1:
                        role = lex.department_role
                    # a name opening with an area word the lexicon lists as a body (各区 in 各区交通行政管理部门)
                    # takes it in, and a body of its own role found inside it (各区住房城乡建设管理部门)
                    found = [e for e in list(doc.ents) + new if e.start_char < m.end() and e.end_char > begin]
                    # and the last of bodies sharing their ending (房屋管理和城管执法部门) is a part of it
                    met = [e for e in found if not (e.end_char == m.end() and text[e.start_char - 1] in "和及与"
                                                    and e.start_char > begin)]
                    # a sector's keyword before a generic department (交通 + 行业主管部门) names that sector's;
                    # not the last of a list (…、财政等相关行政管理部门)
                    ahead = text[begin:met[0].start_char] if met else ""
                    closing = met[0] if len(met) == 1 and met[0].end_char == m.end() else None  # the one body in it
                    named_level = lex.level_of(name)
                    sector = closing is not None and closing.ent_id_ == lex.department_role \
                        and (begin < start or not ahead.endswith("等")) \
                        and lex.keyword_role(ahead) not in (None, lex.department_role)
                    # a level and a body of the name's own role closing it (市住房城乡 + 建设管理部门)
                    headed = closing is not None and closing.ent_id_ == role and named_level is not None
                    if role is None or any(c in name for c in multi_char_cues) or met and not (sector or headed) and (
                            met[0].start_char != begin
                            or met[0].text not in lex.prefixes and met[0].text != named_level or any(
                                e.end_char > m.end() or e in new or e.ent_id_ != role for e in met[1:])):
                        continue
                    # a level opening a department's name is a word of its own (区/水务局; not 市场/格局)
                    keyed = lex.keyword_role(name) is not None  # 市场监管部门 is known by its keyword
                    level = named_level if role == lex.department_role and not keyed else None
                    if level and doc.char_span(begin + len(level), m.end()) is None:
                        continue
                    span = doc.char_span(begin, m.end(), label="PARTY", alignment_mode="contract")
                    # a name ends where a word does (文物所在地 holds no 文物所)
                    if span is not None and len(span) and span.end_char == m.end():
                        new.append(Span(doc, span.start, span.end, label="PARTY", span_id=role))
                        dropped.update(e.start for e in found)
                ents = sorted([e for e in doc.ents if e.start not in dropped] + new, key=lambda e: e.start)
                # 建设、施工单位: known names listed before a known name, sharing its ending, are one name with it
                for n, e in enumerate(ents):
                    listed = _listed_before(text, e.start_char, e.text, lex.party_forms)
                    if listed and (n == 0 or ents[n - 1].end_char <= listed[0]) \
                            and (span := doc.char_span(listed[0], e.end_char)) is not None:
                        ents[n] = Span(doc, span.start, span.end, label="PARTY", span_id=listed[1])
                doc.ents = ents
                return doc

            return orgs

    if not Language.has_factory("gongwen_aliases"):
        @Language.factory("gongwen_aliases")
        def make_aliases(nlp, name):  # noqa: ARG001 - spaCy's factory signature
            def aliases(doc):
                """A body's short name, given where it is first named (黄浦区地下空间管理联席会议（以下简称
                “区地空联”）), and a term defined by the bodies it takes in (执法部门包括区综合执法局…): later on,
                the short name is that body, and the term the first body it takes in."""
                text = doc.text
                # (start, end, role) by characters: splitting tokens below moves token offsets
                named = [(e.start_char, e.end_char, e.ent_id_) for e in doc.ents]
                found: list[tuple[int, int, str]] = []
                replaced: set[tuple[int, int]] = set()
                for m in lex.definition_pattern.finditer(text):
                    term = m.group(1)
                    owner = next((role for a, _, role in named if m.end() <= a <= m.end() + 1), None)
                    if owner is not None and term not in lex.party_forms and m.start(1) not in {a for a, *_ in named}:
                        found += _later(text, term, m.end(), owner, named + found, replaced, alone=True)
                for m in _alias_pattern().finditer(text):
                    # the body named right before, or one it belongs to (联席会议下设办公室（以下简称“联席办”）),
                    # itself perhaps by the short name given before (…联席会议（以下简称“联席会议”）)
                    clause_from = max(text.rfind(c, 0, m.start()) for c in "，。；：、\n") + 1
                    owner = next((role for a, b, role in sorted(named + found, reverse=True) if clause_from <= a and (
                        b == m.start() or text[b:m.start()].endswith(tuple(lex.org_endings))
                        and not re.search(r"[和及与或（(]", text[b:m.start()]))), None)  # not the body of a 和 before
                    if owner is None:  # X是…的行政主管部门（以下简称“Y”）: Y is X
                        owner = _subject_of_is(text, m.start(), named + found)
                    short = m.group(1)
                    if owner is not None and short not in lex.party_forms:
                        found += _later(text, short, m.end(), owner, named + found, replaced)
                for a, b, _ in found:  # the segmenter may glue the name to a neighbour (由联席|办向区…)
                    if doc.char_span(a, b) is None:
                        _split_at(doc, a)
                        _split_at(doc, b)
                new = [Span(doc, span.start, span.end, label="PARTY", span_id=role)
                       for a, b, role in found if (span := doc.char_span(a, b)) is not None]
                kept = [e for e in doc.ents if (e.start_char, e.end_char) not in replaced]
                doc.ents = sorted(kept + new, key=lambda e: e.start)
                return doc

            return aliases

    nlp.add_pipe("gongwen_cues")
    nlp.add_pipe("gongwen_orgs", after="entity_ruler")
    nlp.add_pipe("gongwen_aliases", after="gongwen_orgs")
    return nlp


def _later(text: str, name: str, after: int, owner: str, named: list[tuple[int, int, str]],
           replaced: set[tuple[int, int]], alone: bool = False) -> list[tuple[int, int, str]]:
    """Where `name` stands after `after`, as (start, end, owner); the bodies found inside it (下立交管理单位 holds
    管理单位), which it replaces, go into `replaced`. `alone`: not where it ends a list of names sharing its ending
    (监管、执法部门 when the name is 执法部门)."""
    found = []
    for later in re.finditer(re.escape(name), text[after:]):
        a, b = after + later.start(), after + later.end()
        if alone and text[a - 1] in "、和及与或":
            continue
        crossed = [(x, y) for x, y, _ in named + found if x < b and a < y]
        if all(a <= x and y <= b for x, y in crossed):
            replaced.update(crossed)
            found.append((a, b, owner))
    return found


_JOINERS = ("、", "和", "及", "与")  # between the names of a list sharing one ending


def _listed_before(text: str, start: int, name: str, forms: dict[str, str]) -> tuple[int, str] | None:
    """Where a list of names sharing the ending of `name` (at `start`) begins (建设、施工单位; 设计、施工和监理单位:
    each item with the ending a known name), and the role of its first name; None when no list stands before it."""
    if text[start - 1:start] not in _JOINERS:
        return None
    for cut in range(1, len(name) - 1):
        ending, begin, first = name[cut:], start, None
        while text[begin - 1:begin] in _JOINERS and (item := next(
                (text[begin - 1 - k:begin - 1] for k in range(min(4, begin - 1), 0, -1)
                 if text[begin - 1 - k:begin - 1] + ending in forms), None)):
            begin, first = begin - 1 - len(item), item + ending
        if first is not None:
            return begin, forms[first]
    return None


def _subject_of_is(text: str, at: int, named: list[tuple[int, int, str]]) -> str | None:
    """The role of the first body of the clause whose 是 comes before `at` (各镇、街道…是…的主管部门（以下简称…）)."""
    clause_from = max(text.rfind(c, 0, at) for c in "，。；：\n") + 1
    copula = text.find("是", clause_from, at)
    return next((role for a, _, role in sorted(named) if clause_from <= a < copula), None) if copula > 0 else None


def _split_at(doc, char: int) -> None:
    """Make a token boundary at `char`, splitting the token that spans it."""
    token = next((t for t in doc if t.idx < char < t.idx + len(t)), None)
    if token is not None:
        cut = char - token.idx
        with doc.retokenize() as retokenizer:
            retokenizer.split(token, [token.text[:cut], token.text[cut:]], heads=[(token, 1), token])


@lru_cache(maxsize=1)
def _alias_pattern():
    """（以下简称“X”）: X, the short name of what stands right before."""
    return re.compile(lexicon().alias_note)


_NAME_BREAK = "由和与及或同报向至对经将请的并"  # function words no name holds (below)


def _shared_head(text: str, begin: int, closed: bool = False) -> int:
    """Where a name starts when the sectors listed before it share its ending (消防、民政等部门,
    各区市场监管、消防部门): each is a sector keyword, after prefixes (各级生态环境), standing after
    punctuation or a function word (not 民政系统巡查检查、消防部门). A list `closed` by 等 may name
    sectors no keyword names (文物、新闻出版、文广影视等行政管理部门)."""
    while begin > 0 and text[begin - 1] == "、" and (
            m := _sector_pattern().search(text, 0, begin - 1) or closed and _list_item().search(text, 0, begin - 1)):
        begin = m.start("item")
    return begin


# a list of this many sectors sharing one ending (发展改革、建设、交通、…等相关部门) is the departments at large
MANY_SECTORS = 5
_ITEM_START = rf"(?:^|(?<=[^\u4e00-\u9fff]|[{_NAME_BREAK}条]))"  # an item of a list stands after these (条: 第六条X)


@lru_cache(maxsize=1)
def _sector() -> str:
    """A sector's keyword after its prefixes (各级生态环境, 区市场监管)."""
    lex = lexicon()
    keywords = _longest_first(k for keys in lex.role_keywords.values() for k in keys).pattern
    return rf"(?:{lex.prefix_pattern.pattern})*(?:{keywords})"


@lru_cache(maxsize=1)
def _sector_pattern():
    return re.compile(rf"{_ITEM_START}(?P<item>{_sector()})$")


@lru_cache(maxsize=1)
def _function_list():
    """The functions listed before a department's ending, the first after its level and sector
    (区生态环境监管、监测和 + 执法部门)."""
    functions = r"[\u4e00-\u9fff]{0,4}(?:、[\u4e00-\u9fff]{1,4})*[和及与、]"
    return re.compile(rf"{_ITEM_START}(?P<item>{_sector()}{functions})$")


@lru_cache(maxsize=1)
def _list_item():
    """An item of a list closed by 等: a few words after its prefixes (相关区文化旅游), not an article's number."""
    prefixes = lexicon().prefix_pattern.pattern
    return re.compile(rf"{_ITEM_START}(?:{ARTICLE})?(?P<item>(?:{prefixes})*[\u4e00-\u9fff]{{2,6}})$")


@lru_cache(maxsize=1)
def _org_pattern():
    lex = lexicon()
    endings = "|".join(sorted(map(re.escape, lex.org_endings), key=len, reverse=True))
    # an organization starts after punctuation or a function word (由…负责, 会同…, 报…备案)
    # (or after an article's number: 第六条黄浦区民防工程管理中心…, which no name holds)
    # (or after the word that defines a term by the bodies it takes in: 执法部门包括区综合执法局)
    defining = "".join(f"|(?<={re.escape(m)})" for m in lex.definition_markers)
    before = rf"(?:(?<=^)|(?<=[，。；：、（）“”《》\s由和与及或同报向至对经将请的条.．]){defining})"
    not_first = rf"(?![{_NAME_BREAK}])(?!{ARTICLE})(?!{'|'.join(lex.partner_markers)})"
    inside = r"(?:(?![由报向至请将])[\u4e00-\u9fff])"  # nor inside it (…工程由相应备案部门 is 相应备案部门)
    # a level may carry its scope in brackets (各县（市、区）教育局, 各市（州）道路运输管理机构)
    return re.compile(rf"{before}{not_first}(?:{lex.level_pattern.pattern})?{inside}{{2,14}}?(?:{endings})"
                      rf"(?:{re.escape(lex.office_suffix)})?")
