"""Compare obligations across regions (`compare`) and list one party's duties in one region
(`checklist`). Both take extractions (e.g. `Store.extractions()`) and return plain models."""

from gongwen.compare.checklist import checklist
from gongwen.compare.corpus import Corpus
from gongwen.compare.diff import compare
from gongwen.compare.models import Checklist, Comparison
from gongwen.compare.resolve import CompareError

__all__ = ["Checklist", "Comparison", "CompareError", "Corpus", "checklist", "compare"]
