"""The lexicon files (`gongwen/lexicons/*.yaml`) as Python objects. Domain words live there, not here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    from gongwen.models import Obligation

# the modal strengths whose cues modality.yaml lists
MODALITIES = ("must_not", "encouraged", "must", "may")
# 采购人或其委托的采购代理机构应当…: the body acting for the one named first; the duty is the principal's
DELEGATE = r"(?:或者?|及|和|以及)其(?:委托|指定|授权)的"


def _load(name: str) -> dict:
    return yaml.safe_load(resources.files("gongwen.lexicons").joinpath(name).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Lexicon:
    party_forms: dict[str, str]  # written form → role id
    party_labels: dict[str, str]  # role id → label
    modal: dict[str, list[str]]  # modality → cues, plus "fact_cues"
    weak_must: list[str]
    directive_openers: list[str]
    fronted_object_verbs: list[str]  # 进行, 给予: open an order after a fronted 对-object
    disposal_verbs: list[str]  # 将X纳入Y: 纳入 orders what is done with X
    benefactive_verbs: list[str]  # 为X提供Y: 提供 orders what is done for X
    rule_verbs: list[str]  # X实行Y: a rule stated of a thing
    bound_cues: list[str]  # 不超过, 不少于: a bound set on a thing
    list_leads: list[str]  # 履行以下职责： opens a list of duties
    contents_leads: list[str]  # 基础材料包括： opens a list of parts
    non_duty_sections: list[str]
    procedure_sections: list[str]  # 清洗消毒流程, 工作步骤: each sentence under them is a step to take
    tokenizer_splits: list[list[str]]
    non_modal_words: frozenset[str]
    sanction_cues: list[str]
    applied_verbs: tuple[str, ...]  # …的，给予…: applied to whoever the condition names
    grants: list[str]  # 补贴, 奖励: money granted
    prefixes: list[str]  # written before a body's name: 各, 区, 相关 …
    org_endings: list[str]
    role_keywords: dict[str, list[str]]
    unit_endings: tuple[str, ...]
    unit_role: str | None
    function_name_endings: tuple[str, ...]
    levels: tuple[str, ...]  # of government: 市, 区, 镇 … (本市建立…: the area acting)
    department_endings: tuple[str, ...]
    authority_endings: tuple[str, ...]  # 主管部门: a department whatever its level
    department_role: str | None
    coordination_endings: tuple[str, ...]
    coordination_role: str | None
    office_suffix: str  # 办公室: the office of a body (区应急局办公室) has the body's role
    activities: dict[str, list[str]]  # role → activities it performs
    in_charge: list[str]  # words that name the body in charge of a notice's work (建设主体为…)
    regulated_roles: tuple[str, ...]  # of units, not of government (all_units, insurer …)
    object_markers: tuple[str, ...]  # 向, 对, 督促 …: the party after them is the clause's object
    marker_lookalikes: tuple[str, ...]  # 使用, 供水 …: words that start like an object marker
    agent_markers: tuple[str, ...]  # 由, 请, 鼓励 …: the party after them does the duty
    partner_markers: tuple[str, ...]  # 会同 …: the party after them joins the subject's act
    addressee_words: list[str]  # 你们, 各地: the notice's addressees
    alias_markers: list[str]  # 以下简称: a short name for the body before it follows
    definition_markers: list[str]  # 包括, 是指: the term before it stands for the bodies after it
    plan_types: tuple[str, ...]  # a work plan's title ends with one (…实施方案): its author does its tasks
    drawn_up_by: list[str]  # 制订: the body before it in a title drew up the plan
    acting_area_role: str | None
    topics: dict[str, list[str]]  # topic id → cues
    topic_labels: dict[str, str]
    default_topic: str | None  # the topic of a duty that holds no topic cue
    facets: dict  # facets.yaml: search words for the parameters a duty sets

    # computed once per lexicon (cached_property writes the instance's __dict__, which a frozen
    # dataclass allows): extraction asks for them for every sentence
    @cached_property
    def party_pattern(self) -> re.Pattern[str]:
        return _longest_first(self.party_forms)

    @cached_property
    def topic_cues(self) -> dict[str, str]:
        """Every topic cue → its topic."""
        return {cue: topic for topic, cues in self.topics.items() for cue in cues}

    @cached_property
    def topic_pattern(self) -> re.Pattern[str]:
        """The topic cues, longest first: 事故预防服务 is one cue, not also 预防服务 and 服务."""
        return _longest_first(self.topic_cues)

    @cached_property
    def agent_gap(self) -> re.Pattern[str]:
        """What may stand between 由 and the body it hands an act to: a modifier ending in 的 and the
        body's prefixes, one or several (由文物所在地的区、县文物行政管理部门, 由相应…)."""
        return re.compile(f"(?:[^，。；：由]{{1,10}}的)?(?:(?:{self.prefix_pattern.pattern})、?)*")

    @cached_property
    def prefix_pattern(self) -> re.Pattern[str]:
        """The prefixes written before a body's name (各, 相关, 属地 …), longest first."""
        return _longest_first(self.prefixes)

    @cached_property
    def acting_area_pattern(self) -> re.Pattern[str]:
        """本市/本镇 … opening a sentence and right before a duty word: the area acting (本市建立…)."""
        duty_words = [w for k, cues in self.modal.items() if k != "fact_cues" for w in cues]
        duty_words += self.weak_must + self.directive_openers
        return re.compile(f"本(?:{'|'.join(self.levels)})"
                          f"(?=(?:{_longest_first([*duty_words, '依照', '按照', '根据', '依法']).pattern}))")

    @cached_property
    def opener_pattern(self) -> re.Pattern[str]:
        """The words that open an order with no subject (重点, 强化 …)."""
        return _longest_first(self.directive_openers)

    @cached_property
    def order_verb_pattern(self) -> re.Pattern[str]:
        """What opens an order after the time it is due by (2025年底前完成…, 2025年5月底前报送…): an opener or a
        verb of duty."""
        return _longest_first([*self.directive_openers, *self.weak_must])

    @cached_property
    def grant_pattern(self) -> re.Pattern[str]:
        """Money granted: 给予/予以/进行 + a grant (给予资金补贴, 进行补贴), or a grant and its sum (奖励5万元)."""
        grants = "|".join(self.grants) or "(?!)"
        return re.compile(rf"(?:给予|予以|进行)[^，。；]{{0,8}}(?:{grants})|(?:{grants})\d")

    @cached_property
    def fronted_verb_pattern(self) -> re.Pattern[str]:
        """What opens an order right after a fronted 对-object: an opener or a verb that takes one."""
        return _longest_first([*self.directive_openers, *self.fronted_object_verbs])

    @cached_property
    def level_pattern(self) -> re.Pattern[str]:
        """A level of government as a name writes it: 区 or 区级, and 各县（市、区） with 各 before it and its scope
        in brackets after it."""
        level = "|".join(map(re.escape, self.levels))
        return re.compile(rf"各?(?:{level})(?:、(?:{level}))*级?(?:[（(][^（）()]{{1,10}}[）)])?")

    @cached_property
    def addressee_pattern(self) -> re.Pattern[str]:
        return _longest_first(self.addressee_words) if self.addressee_words else re.compile("(?!)")

    @cached_property
    def modal_cues(self) -> tuple[str, ...]:
        """The cue words of every modality (应当, 不得, 鼓励, 可以 …)."""
        return tuple(c for m in MODALITIES for c in self.modal[m])

    @cached_property
    def non_modal_pattern(self) -> re.Pattern[str]:
        """Words that hold a cue and are none (可再生, 应急), longest first."""
        return _longest_first(self.non_modal_words)

    @cached_property
    def alias_note(self) -> str:
        """（以下简称“X”）: the short name a body is given where it is first named; X is its group."""
        markers = _longest_first(self.alias_markers).pattern
        return rf"[（(](?:{markers})[“\"]?([\u4e00-\u9fff]{{2,10}})[”\"]?[）)]"

    @cached_property
    def definition_pattern(self) -> re.Pattern[str]:
        """执法部门包括…, 本办法所称监测部门，是指…: a term named by a body's ending (group 1), opening its clause,
        defined by what follows."""
        endings = _longest_first(self.org_endings).pattern
        markers = _longest_first(self.definition_markers).pattern
        return re.compile(rf"(?:^|(?<=[，。；：\n])|所称)([\u4e00-\u9fff]{{0,10}}?(?:{endings}))[，,]?(?:{markers})",
                          re.M)

    @cached_property
    def unit_name(self) -> str:
        """The name of a unit no list names, by what it does (产废单位, 采购人), perhaps with a variant in brackets
        (经营（运营）主体) or a quoted programme (“二检合一”检定人员)."""
        # an ending is none where a longer one goes on from it (台湾专业人|士: the name ends in 人士)
        endings = self.function_name_endings
        longer = {e: "".join(f[len(e)] for f in endings if f != e and f.startswith(e)) for e in endings}
        ends = "|".join(e + (f"(?![{longer[e]}])" if longer[e] else "") for e in endings)
        return (rf"(?![在于对向为将把从当])各?"
                rf"(?:[\u4e00-\u9fff\d]|[（(][\u4e00-\u9fff]{{1,6}}[）)]|“[^“”]{{1,8}}”){{2,12}}?"
                rf"(?:{ends})")

    @cached_property
    def unit_subject_pattern(self) -> re.Pattern[str]:
        """A unit no list names (its name is group 1), then a duty word (产废单位应…, 各收运单位要…, 经营单位负责…):
        perhaps behind the short name it is given (自然人（以下称举报人）可…), the first of a list (托运人、承运人要…),
        after the event it acts upon or before (课题承接人接到《立项通知书》后，应当…; 承运人在运输危险货物前应…)
        or a case it is in (…承运人，如连续经营三个月以上，应…)."""
        cues = _longest_first([*self.modal_cues, *self.weak_must]).pattern
        event = (rf"(?:{DELEGATE}[\u4e00-\u9fff]{{2,12}}?|[^，。；]{{2,24}}?[后时]，?|在[^，。；]{{2,24}}?前，?"
                 rf"|，(?:如果?|若)[^，。；]{{2,30}}，)?")
        alias = rf"(?:{self.alias_note})?"
        # or the verb of a fronted object, perhaps after where or how often it acts
        # (技术支撑单位在关键节点对成果进行质量巡查; 就业服务机构每两年对见习基地进行评估)
        verbs = _longest_first(self.fronted_object_verbs).pattern
        acts = rf"(?:{cues}|(?:在[^，。；对]{{2,20}}?|每[^，。；对]{{1,6}}?|定期)?对[^，。；]{{2,30}}?(?:{verbs}))"
        return re.compile(rf"({self.unit_name}){alias}(?:[、和及与或]{self.unit_name}{alias})*{event}{acts}")

    @cached_property
    def handed_unit_pattern(self) -> re.Pattern[str]:
        """A unit no list names (group 1), right after the word that hands it the act (倡导经营（运营）主体自律自治),
        perhaps with where it is (支持在沪台湾同胞申请…; 支持在本市就读的台湾学生参与…)."""
        return re.compile(rf"(?:{'|'.join(self.agent_markers)})(在?{self.unit_name})(?:{self.alias_note})?")

    @cached_property
    def list_lead_pattern(self) -> re.Pattern[str]:
        """A list lead ending the sentence, before its ：(not 履行下列职责时，…：, whose items are occasions)."""
        return _lead_of_list(self.list_leads)

    @cached_property
    def contents_lead_pattern(self) -> re.Pattern[str]:
        """A lead of a list of parts ending the sentence, before its ：."""
        return _lead_of_list(self.contents_leads)

    @cached_property
    def in_charge_pattern(self) -> re.Pattern[str]:
        """建设主体为 / 实施主体是: what comes next is the body in charge."""
        return re.compile(f"(?:{_longest_first(self.in_charge).pattern})(?:为|是)")

    @cached_property
    def lead_note_pattern(self) -> re.Pattern[str]:
        """（牵头部门： / （责任单位： opening a note: what comes next is the item's lead body."""
        return re.compile(f"[（(](?:{_longest_first(self.in_charge).pattern})[：:]")

    def facet_words(self, ob: Obligation) -> list[str]:
        """The search words for the parameters `ob` sets: its quantities' kinds, a deadline, a
        frequency and its period."""
        f = self.facets
        out = [w for q in ob.quantities for w in f["quantities"].get(q.kind, [])]
        if ob.deadline.kind != "none":
            out += f["deadline"]
        if ob.frequency:
            out += f["frequency"] + f["periods"].get(ob.frequency.per or "", [])
        return list(dict.fromkeys(out))

    def role_of(self, name: str) -> str | None:
        """The role of an organization the lists do not name: its keyword's, else a coordination body's
        (…领导小组, …联席会议办公室), else a sector department's when it opens with a level (区水务局) or is
        named as an authority (林业主管部门)."""
        if role := self.keyword_role(name):
            return role
        if name.removesuffix(self.office_suffix).endswith(self.coordination_endings):
            return self.coordination_role
        return self.department_role if self.level_of(name) or self.field_of(name) else None

    def field_of(self, name: str) -> str | None:
        """The field an authority is named by (林业 in 属地林业主管部门), None when its name is no authority's."""
        ending = max((e for e in self.authority_endings if name.endswith(e)), key=len, default="")
        head = name[:len(name) - len(ending)] if ending else ""
        prefix = self.prefix_pattern.match(head)
        field = head[prefix.end():] if prefix else head
        return field if len(field) >= 2 else None

    def keyword_role(self, name: str) -> str | None:
        """The role of the first keyword a name holds; a regulated unit when it ends like one (文物收藏单位
        is no heritage bureau); None when it holds no keyword."""
        spans = [(name.find(k), name.find(k) + len(k), role)
                 for role, keys in self.role_keywords.items() for k in keys if k in name]
        # a keyword inside a longer one is none (民政 in 人民政府); a level (镇, 区) only when nothing else
        found = [(role == "local_government", a, role) for a, b, role in spans
                 if not any(c <= a and b <= d and d - c > b - a for c, d, _ in spans)]
        if found and name.endswith(self.unit_endings):
            return self.unit_role
        return min(found)[2] if found else None

    def level_of(self, name: str) -> str | None:
        """The level of government a department's name opens with, as written (区水务局 → 区, 各县（市、区）教育局
        → 各县（市、区）), None when the name is no department's."""
        m = self.level_pattern.match(name)
        if m and name.endswith(self.department_endings) and len(name) - len(m.group(0)) > 1:
            return m.group(0)
        return None

    def party_id(self, name: str) -> str | None:
        """A role from its id (insurer), label (保险机构) or any written form (承保机构, 市应急局)."""
        name = name.strip()
        if name in self.party_labels:
            return name
        return next((r for r, label in self.party_labels.items() if label == name), None) or self.party_forms.get(name)

    def topic_id(self, name: str) -> str | None:
        """A topic from its id (coverage) or label (投保/参保覆盖)."""
        name = name.strip()
        return name if name in self.topic_labels else next(
            (t for t, label in self.topic_labels.items() if label == name), None)

    def roles_in(self, text: str | None) -> set[str]:
        """The party roles a text names (各区市应急局、安责险各承保机构 → two roles)."""
        return {self.party_forms[m.group(0)] for m in self.party_pattern.finditer(text)} if text else set()

    def words(self) -> set[str]:
        """Every word the tokenizer must keep whole."""
        out = set(self.party_forms) | self.non_modal_words  # 可再生 stays whole: its 可 is no permission
        for cues in self.modal.values():
            out.update(cues)
        for cues in self.topics.values():
            out.update(cues)
        return out


def _longest_first(words) -> re.Pattern[str]:
    """Any of `words`, the longest where several match at one place."""
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))


def _lead_of_list(words) -> re.Pattern[str]:
    """One of `words` ending the sentence before its ：, which opens the list below."""
    return re.compile(f"(?:{_longest_first(words).pattern})[：:]$")


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    party_file = _load("parties.yaml")
    parties = party_file["roles"]
    modal = _load("modality.yaml")
    topic_file = _load("topics.yaml")
    topics = topic_file["topics"]
    forms = {form: role for role, spec in parties.items() for form in spec["forms"]}
    # the same bodies with the prefixes notices put before them (区安委办, 各承保机构, 市应急局), so
    # the tokenizer keeps each whole and the entity ruler finds it
    prefixes = party_file.get("prefixes", [])
    for form, role in list(forms.items()):
        for prefix in prefixes:
            forms.setdefault(prefix + form, role)
    return Lexicon(
        party_forms=forms,
        party_labels={role: spec.get("label", role) for role, spec in parties.items()},
        modal={k: list(modal[k]) for k in (*MODALITIES, "fact_cues")},
        weak_must=list(modal.get("weak_must", [])),
        directive_openers=list(modal.get("directive_openers", [])),
        fronted_object_verbs=list(modal.get("fronted_object_verbs", [])),
        disposal_verbs=list(modal.get("disposal_verbs", [])),
        benefactive_verbs=list(modal.get("benefactive_verbs", [])),
        rule_verbs=list(modal.get("rule_verbs", [])),
        bound_cues=list(modal.get("bound_cues", [])),
        list_leads=list(modal.get("list_leads", [])),
        contents_leads=list(modal.get("contents_leads", [])),
        non_duty_sections=list(modal.get("non_duty_sections", [])),
        procedure_sections=list(modal.get("procedure_sections", [])),
        tokenizer_splits=[list(pair) for pair in modal.get("tokenizer_splits", [])],
        non_modal_words=frozenset(modal.get("non_modal_words", [])),
        sanction_cues=list(modal.get("sanction_cues", [])),
        applied_verbs=tuple(modal.get("applied_verbs", [])),
        grants=list(modal.get("grants", [])),
        prefixes=list(prefixes),
        org_endings=list(party_file.get("org_endings", [])) + list(party_file.get("coordination_endings", [])),
        role_keywords={k: list(v) for k, v in party_file.get("role_keywords", {}).items()},
        unit_endings=tuple(party_file.get("unit_endings", [])),
        unit_role=party_file.get("unit_role"),
        function_name_endings=tuple(party_file.get("function_name_endings", [])),
        levels=tuple(party_file.get("levels", [])),
        department_endings=tuple(party_file.get("department_endings", [])),
        authority_endings=tuple(party_file.get("authority_endings", [])),
        department_role=party_file.get("department_role"),
        coordination_endings=tuple(party_file.get("coordination_endings", [])),
        coordination_role=party_file.get("coordination_role"),
        office_suffix=party_file.get("office_suffix", ""),
        activities={k: list(v) for k, v in party_file.get("activities", {}).items()},
        in_charge=list(party_file.get("in_charge", [])),
        regulated_roles=tuple(party_file.get("regulated_roles", [])),
        object_markers=tuple(party_file.get("object_markers", [])),
        marker_lookalikes=tuple(party_file.get("marker_lookalikes", [])),
        agent_markers=tuple(party_file.get("agent_markers", [])),
        partner_markers=tuple(party_file.get("partner_markers", [])),
        addressee_words=list(party_file.get("addressee_words", [])),
        alias_markers=list(party_file.get("alias_markers", [])),
        definition_markers=list(party_file.get("definition_markers", [])),
        plan_types=tuple(party_file.get("plan_types", [])),
        drawn_up_by=list(party_file.get("drawn_up_by", [])),
        acting_area_role=party_file.get("acting_area_role"),
        topics={t: list(spec["cues"]) for t, spec in topics.items()},
        topic_labels={t: spec.get("label", t) for t, spec in topics.items()},
        default_topic=topic_file.get("default"),
        facets=_load("facets.yaml"),
    )
