"""A checklist: every obligation that binds one party in one region, its own and those inherited
from higher levels and forwarded notices, grouped by topic."""

from __future__ import annotations

from collections.abc import Iterable

from gongwen.compare.corpus import OTHER_TOPIC, Corpus
from gongwen.compare.diff import binds
from gongwen.compare.models import Checklist, ChecklistGroup, ChecklistItem
from gongwen.compare.resolve import resolve_party, resolve_region
from gongwen.extract.lexicon import lexicon
from gongwen.models import Extraction


def checklist(
    extractions: Iterable[Extraction] = (),
    party: str = "",
    region: str = "",
    corpus: Corpus | None = None,
) -> Checklist:
    """The obligations of `party` (role id, Chinese label or a written form) in `region`.

    An obligation that states a compared duty is filed under that duty's topic (more reliable than
    the sentence's own topic label); the others under their own topic. Within a topic, own
    obligations come first, then inherited ones, each in document order.
    """
    corpus = corpus or Corpus.build(extractions)
    party_id = resolve_party(party)
    place = resolve_region(region, corpus)
    duty_of = corpus.duty_of()
    lex = lexicon()
    items: list[ChecklistItem] = []
    for item in corpus.items:
        how = corpus.applies(item.doc, place)
        duty = duty_of.get(id(item))
        o = item.obligation
        if how is None or not binds(o, party_id, duty.spec.party if duty and duty.spec else None):
            continue
        items.append(ChecklistItem(
            topic=duty.topic if duty else item.topic, duty=duty.id if duty else None,
            duty_label=duty.label if duty else None, text=o.text, action=o.action, modality=o.modality,
            party_text=o.party_text, condition=o.condition, deadline=o.deadline, frequency=o.frequency,
            quantities=o.quantities, values=[r.value for r in item.readings], origin=how[0],  # type: ignore[arg-type]
            via=how[1], doc=item.doc, section=o.section, page=o.page, obligation_id=o.id,
        ))
    order = [*lex.topic_labels, OTHER_TOPIC]
    doc_order = list(corpus.docs)
    groups = []
    for topic in order:
        chosen = [i for i in items if i.topic == topic]
        if chosen:
            chosen.sort(key=lambda i: (i.origin != "own", doc_order.index(i.doc.key)))
            groups.append(ChecklistGroup(topic=topic, label=lex.topic_labels.get(topic, "其他"), items=chosen))
    own, inherited = corpus.documents_for(place)
    return Checklist(party=party_id, party_label=lex.party_labels.get(party_id, party_id), region=place.label(),
                     documents=own + [d for d, _ in inherited], groups=groups)
