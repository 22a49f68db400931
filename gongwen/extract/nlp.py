"""The spaCy container: `spacy.blank("zh")` with the jieba segmenter, the party lexicon in an
EntityRuler, and a cue component that marks modal cues as spans. Results live on one `Doc` per notice:
`doc.ents` (PARTY, with the role as `ent_id_`), `doc.spans["modal"]` (label = modality) and
`doc.spans["weak"]` (verbs that state a duty when a party is their subject).
"""

from __future__ import annotations

from functools import lru_cache

from gongwen.extract.lexicon import lexicon


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

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.max_length = 20_000_000
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "PARTY", "pattern": form, "id": role} for form, role in lex.party_forms.items()])

    cue_matcher = PhraseMatcher(nlp.vocab)
    for modality in ("must_not", "encouraged", "must", "may"):
        cue_matcher.add(modality, [nlp.make_doc(c) for c in lex.modal[modality]])
    weak = PhraseMatcher(nlp.vocab)
    weak.add("weak_must", [nlp.make_doc(c) for c in lex.weak_must])

    if not Language.has_factory("gongwen_cues"):
        @Language.factory("gongwen_cues")
        def make_cues(nlp, name):  # noqa: ARG001 - spaCy's factory signature
            def cues(doc):
                doc.spans["modal"] = [Span(doc, s, e, label=m) for m, s, e in cue_matcher(doc)]
                doc.spans["weak"] = [Span(doc, s, e, label=m) for m, s, e in weak(doc)]
                return doc

            return cues

    nlp.add_pipe("gongwen_cues")
    return nlp
