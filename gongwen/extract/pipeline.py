from gongwen.models import Extraction, Notice


def extract_notice(notice: Notice) -> Extraction:
    return Extraction(notice=notice)
