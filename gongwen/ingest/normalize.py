"""Text normalization shared by every reader.

Readers hand over printed lines (`Line`); `normalize_lines` cleans each line, drops page-number
lines and rejoins lines that a page or a converter broke inside a paragraph. The result is one
paragraph per line of the normalized text, plus `Run`s that map every character back to the page
and box it was printed on.

Whether two lines belong to one paragraph is decided by geometry where the reader knows it (a
line that reaches the right margin continues on the next, unless that one is indented) and by the
text otherwise (a line that ends without closing punctuation continues, unless either line is a
header element, a heading or a list item).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from gongwen.models import Box, Run

CJK = r"\u3400-\u9fff\uf900-\ufaff"
CJK_PUNCT = "，。；：！？、（）《》“”‘’〔〕【】「」『』—…·"
_CJK_OR_PUNCT = f"[{CJK}{re.escape(CJK_PUNCT)}]"

PAGE_NUMBER = re.compile(r"^[-—–－─\s]*(?:第\s*)?(\d{1,3})(?:\s*页)?[-—–－─\s]*$")
_PAGE_NUMBER_DASHED = re.compile(r"^\s*[-—–－─]+\s*(\d{1,3})\s*[-—–－─]+\s*$")
_MARKDOWN_LEAD = re.compile(r"^\s*(?:#{1,6}\s+|[-*+]\s+(?=\S)|>\s+)")
_MARKDOWN_INLINE = re.compile(r"\*\*|__|`")
# a circle typed for the digit zero (二○二二年, 二○○八年), not a bullet or a placeholder (○○单位)
_CIRCLE_ZERO = re.compile(r"(?<=[〇一二三四五六七八九○◯Ｏ])[○◯Ｏ](?=[〇一二三四五六七八九○◯Ｏ年])")
# a Latin 0 or O typed for 〇 in a year written in Chinese numerals (二0一一年, 二OO八年)
_LATIN_ZERO_YEAR = re.compile(r"(?=[〇一二三四五六七八九0Oo]{4}年)(?=[^年]*[一二三四五六七八九])"
                              r"[〇一二三四五六七八九]*[0Oo][〇一二三四五六七八九0Oo]*")
_SPACE_NEAR_CJK = re.compile(rf"(?<={_CJK_OR_PUNCT})[ \t\u3000\u00a0]+|[ \t\u3000\u00a0]+(?={_CJK_OR_PUNCT})")
_DOC_NUMBER = re.compile(
    rf"([{CJK}A-Za-z]{{1,12}})\s*[\[［(（【〔〖]\s*((?:19|20)\d\d)\s*[\]］)）】〕〗]\s*(\d{{1,5}})\s*号"
)
_ASCII_TO_FULL = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "?": "？", "!": "！"}
_HALF_PUNCT = re.compile(rf"(?<={_CJK_OR_PUNCT})[,;:()?!]|[,;:()?!](?={_CJK_OR_PUNCT})")

TERMINAL = "。；！？：;:!?"
# the digits of a chapter's or an article's number (第二十三条, 第一〇二条, 第12条)
NUMBERING = r"[一二三四五六七八九十百千零〇\d]+"
ARTICLE = rf"第{NUMBERING}条"
# an item's label opening a line or a sentence: 一、 （一） 1. 一是
ITEM_LABEL = r"(?:[（(]?[一二三四五六七八九十\d]+[）)、.．]|[一二三四五六七八九十]是)"
_CLOSERS = "”’」』）)》"
_NOTE_AFTER = re.compile(r"([。；;！？!?])[（(][^（）()：:]{1,12}[：:][^（）()]{1,60}[）)]$")  # （责任单位：…）
HEADING = re.compile(
    r"^(?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十百]+[）)]|\d{1,2}[.．、](?!\d)|\d{1,2}[.．](?=\d{4}年)|[（(]\d{1,2}[）)]"
    rf"|[①-⑳]|第{NUMBERING}[章节条]|[一二三四五六七八九十]是[，,：:]?|--|——|-\s)"
)
DATE_LINE = re.compile(
    r"^\S{0,40}?(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日(?:印发)?$|^[〇零一二三四五六七八九十○Ｏ]{4}年"
)
DOC_TYPE_END = re.compile(
    r"(?:通知|通告|意见|办法|通报|方案|决定|规定|函|细则|公告|批复|规划|纲要|要点|指引|指南|措施|条例)(?:[（(][^）)]{1,8}[）)])*$"
)
ORG_SUFFIX = "局厅委部会办室处院队府司行所组中心站社关"  # 关: 海关, 机关
_BLOCK_START = re.compile(
    r"^(?:附件|抄送|抄报|联系人|联系电话|电话|邮箱|主题词|印发|签发人|（信息公开|信息公开)|^.{0,40}联系人[：:]"
)
_CONTACT = re.compile(r"联系人|联系电话|电话[：:]|电子邮箱|邮箱[：:]|@")


# Field names of the 信息公开 metadata table that government web pages print above a notice.
META_KEYS = ("索取号", "载体类型", "发布机构", "文件编号", "记录形式", "公开类别", "关键词", "内容描述", "发文机关",
             "发文字号", "成文日期", "发布日期", "主题分类", "公文种类", "生效日期", "有效性", "信息索引号", "主题词")
_META_KEY = re.compile(rf"^(?:{'|'.join(META_KEYS)})(?:[：:].*)?$")


@dataclass
class Line:
    """A printed line as a reader found it."""

    text: str
    page: int = 1
    box: Box | None = None
    confidence: float | None = None
    full: bool | None = None  # reaches the right margin of the text block (None: unknown)
    indent: bool | None = None  # starts right of the left margin (None: unknown)


def unify_chars(text: str) -> str:
    """Full-width digits/letters and ％ to ASCII; ASCII punctuation beside Chinese to full width."""
    text = "".join(
        unicodedata.normalize("NFKC", ch) if ("\uff10" <= ch <= "\uff5a" or ch in "％＋－．／") else ch
        for ch in text
    )
    text = _LATIN_ZERO_YEAR.sub(lambda m: re.sub("[0Oo]", "〇", m.group(0)), text)
    return _CIRCLE_ZERO.sub("〇", text.replace("\u3000", " ").replace("\ufeff", ""))


def _full_width_punct(text: str) -> str:
    # twice: "单位:(" has the second mark next to the first, which is only CJK after the first pass
    for _ in range(2):
        text = _HALF_PUNCT.sub(lambda m: _ASCII_TO_FULL[m.group(0)], text)
    return text


def normalize_doc_number(text: str) -> str:
    """烟应急[2023]72号, 烟应急（2023）72号, 烟应急 〔2023〕 72 号 → 烟应急〔2023〕72号."""
    return _DOC_NUMBER.sub(lambda m: f"{m.group(1)}〔{m.group(2)}〕{m.group(3)}号", text)


def clean_line(text: str) -> str:
    """One line: markdown marks, spaces a converter put between Chinese, width and brackets."""
    text = _MARKDOWN_LEAD.sub("", text.rstrip())
    text = _MARKDOWN_LEAD.sub("", text)  # nested list items: "  - (一)…"
    text = _MARKDOWN_INLINE.sub("", text)
    text = unify_chars(text)
    text = _SPACE_NEAR_CJK.sub("", _full_width_punct(_SPACE_NEAR_CJK.sub("", text)))
    text = normalize_doc_number(text)
    return re.sub(r"\s{2,}", " ", text).strip()


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER_DASHED.match(text)) or bool(re.fullmatch(r"\s*第\s*\d{1,3}\s*页\s*", text))


def _ends_sentence(text: str) -> bool:
    text = _NOTE_AFTER.sub(r"\1", text)  # …执业注册。（责任单位：市卫生健康委）: a note after the sentence's end
    return text.rstrip(_CLOSERS)[-1:] in TERMINAL if text.rstrip(_CLOSERS) else True


def is_standalone(text: str) -> bool:
    """A line that is a paragraph of its own whatever its end: header elements, headings, names."""
    if DATE_LINE.match(text) or text.endswith(("文件", "印发")) or _BLOCK_START.match(text):
        return True
    if _META_KEY.match(text):
        return True
    if _CONTACT.search(text):
        return True
    if _DOC_NUMBER.search(text) and len(text) <= 30:
        return True
    if DOC_TYPE_END.search(text):
        return True
    if re.fullmatch(r"[（(][^（）()]{1,20}[）)]", text):  # （征求意见稿）, (信息公开形式…)
        return True
    if HEADING.match(text) and not re.search("[。；;]", text):
        return True
    no_punct = not re.search(r"[，。；：、,;:]", text)
    return no_punct and len(text) <= 30 and text[-1:] in ORG_SUFFIX


def _is_header_element(text: str) -> bool:
    """Lines that never continue the line before: names, document numbers, dates."""
    if DATE_LINE.match(text) or (_DOC_NUMBER.search(text) and len(text) <= 30):
        return True
    no_punct = not re.search(r"[，。；：、,;:]", text)
    return no_punct and len(text) <= 30 and text[-1:] in ORG_SUFFIX and not DOC_TYPE_END.search(text)


def _starts_block(text: str) -> bool:
    return bool(HEADING.match(text) or _BLOCK_START.match(text) or DATE_LINE.match(text) or _META_KEY.match(text))


def joins(prev: Line, cur: Line) -> bool:
    """Whether `cur` continues the paragraph `prev` ends."""
    if prev.full is not None and cur.indent is not None:
        # geometry decides: a line filling the text block goes on at the left margin of the next
        if HEADING.match(cur.text) and _ends_sentence(prev.text):
            return False
        return prev.full and not cur.indent
    if _starts_block(cur.text) or is_standalone(prev.text):
        return False
    return not _ends_sentence(prev.text) and not _is_header_element(cur.text)


def _run_in_title(line: Line) -> bool:
    """A paragraph of a plain text that is a few words and no mark (主动退出): the title of the paragraph after it,
    which a wrapped line, always longer when it opens a paragraph, never is."""
    return line.full is None and bool(re.fullmatch(r"[\u4e00-\u9fff]{2,10}", line.text))


def normalize_lines(lines: Iterable[Line]) -> tuple[str, list[Run]]:
    """Clean and rejoin printed lines: the normalized text and a run for every kept line."""
    paragraphs: list[list[Line]] = []
    prev: Line | None = None
    for line in lines:
        if is_page_number(line.text):
            continue
        text = clean_line(line.text)
        if not text:
            continue
        cur = Line(text, line.page, line.box, line.confidence, line.full, line.indent)
        if prev is not None and joins(prev, cur) and not (len(paragraphs[-1]) == 1 and _run_in_title(prev)):
            paragraphs[-1].append(cur)
        else:
            paragraphs.append([cur])
        prev = cur
    out: list[str] = []
    runs: list[Run] = []
    offset = 0
    for i, para in enumerate(paragraphs):
        if i:
            out.append("\n")
            offset += 1
        for line in para:
            runs.append(Run(start=offset, end=offset + len(line.text), page=line.page, box=line.box,
                            confidence=line.confidence))
            offset += len(line.text)
        # once more over the joined paragraph: a mark that began a printed line had no neighbour
        # (电话 | :8016589); the replacement keeps every length, so the runs stay right
        out.append(_full_width_punct("".join(line.text for line in para)))
    return "".join(out), runs


def text_lines(raw: str) -> list[Line]:
    """Lines of a plain-text notice. A form feed or a printed page number (`- 2 -`) ends a page: the
    lines since the previous page break were printed on the page that number names."""
    lines: list[Line] = []
    page, page_start = 1, 0
    for chunk_no, chunk in enumerate(raw.replace("\r\n", "\n").split("\f")):
        if chunk_no:
            page, page_start = page + 1, len(lines)
        for text in chunk.splitlines():
            m = _PAGE_NUMBER_DASHED.match(text)
            if m and int(m.group(1)) >= page:
                for line in lines[page_start:]:
                    line.page = int(m.group(1))
                page, page_start = int(m.group(1)) + 1, len(lines)
            elif not m:
                lines.append(Line(text, page))
    return lines


def normalize_text(raw: str) -> str:
    """Normalized text of a plain-text notice (one paragraph per line)."""
    return normalize_lines(text_lines(raw))[0]
