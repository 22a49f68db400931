"""Official-document header parsing (GB/T 9704-2012) over normalized text.

The normalized text has one paragraph per line, so header elements are whole lines: the issuer
mark (`…文件`), the document number, the title, the addressees (ending in `：`), and after the body
the signature and date, the 附注, 抄送/抄报 and the 印发 line. A file that forwards another
notice (转发) holds a second header in its body; `split_parts` cuts the text there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gongwen.ingest import regions
from gongwen.ingest.normalize import (
    _DOC_NUMBER,
    ARTICLE,
    DOC_TYPE_END,
    HEADING,
    NUMBERING,
    ORG_SUFFIX,
    normalize_doc_number,
)
from gongwen.models import Header, Part, Section

CN_DIGITS = {"〇": 0, "○": 0, "Ｏ": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9}
_CN_NUM = "〇○Ｏ零一二三四五六七八九十"
DATE = re.compile(rf"((?:19|20)\d\d|[{_CN_NUM}]{{4}})\s*年\s*(\d{{1,2}}|[{_CN_NUM}]{{1,3}})\s*月\s*"
                  rf"(\d{{1,2}}|[{_CN_NUM}]{{1,3}})\s*日")
DOC_NUMBER_LINE = re.compile(rf"^(?:[^，。；]{{0,12}}\s)?({_DOC_NUMBER.pattern})$")
_PRINTED = re.compile(r"^(.*?)\s*" + DATE.pattern + r"\s*印发$")
_DRAFT = re.compile(r"征求意见稿|草案|送审稿|讨论稿")
_NOTE = re.compile(r"^[（(]?(信息公开(?:形式|选项|属性)?[：:].*?|此件.*?)[）)]?。?$")
_COPY = re.compile(r"^(抄送|抄报)[：:](.+?)。?$")
_TITLE_MARK = re.compile(r"[（(](?:征求意见稿|草案|送审稿|讨论稿)[）)]")
_CITED_TITLE = re.compile(r"《([^《》]{4,120})》")
_ISSUER_BREAK = re.compile(r"文件$|文件(?=\S)")
_BODY_END = re.compile(r"^(?:附件[：:1１一]|附件$)")
# a line that is only 附件 / 附件2: the attachment's own text follows (an implementation plan, a form)
ATTACHMENT_START = re.compile(r"^附件\s*[\d０-９一二三四五六七八九十]*[：:]?$")


def _cn_int(s: str) -> int:
    if s.isdigit():
        return int(s)
    if "十" not in s:  # 二〇二三, 九 — digit by digit
        return int("".join(str(CN_DIGITS[ch]) for ch in s))
    # 十二, 二十, 二十三, 十
    tens, _, ones = s.partition("十")
    return (CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (CN_DIGITS.get(ones, 0) if ones else 0)


def parse_date(text: str) -> str | None:
    """The first `2023年9月12日` or `二〇二三年九月十二日` in `text`, as an ISO date."""
    m = DATE.search(text)
    if not m:
        return None
    try:
        y, mo, d = (_cn_int(g) for g in m.groups())
    except (KeyError, ValueError):
        return None
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def split_names(line: str) -> list[str]:
    """Issuer names printed side by side: `上海市生态环境局上海市消防救援总队`, `A、B`, `A 文件 B`."""
    out: list[str] = []
    for chunk in re.split(r"[、，,\s]+|文件", line):
        out.extend(_split_concatenated(chunk))
    return [n for n in out if len(n) >= 3]


def _split_concatenated(chunk: str) -> list[str]:
    # A new name starts where a region name or 国家/中国 follows an organization suffix. A national
    # body's local branch (国家金融监督管理总局烟台监管分局) is one name: no cut after 总局.
    cuts = [0]
    for m in regions.NAME_START.finditer(chunk):
        i = m.start()
        if i == 0 or chunk[i - 1] not in ORG_SUFFIX or len(chunk) - i < 4 or chunk[-1] not in ORG_SUFFIX:
            continue
        if chunk[:i].endswith("总局") and chunk.startswith(("国家", "中国")):
            continue
        cuts.append(i)
    cuts.append(len(chunk))
    return [chunk[a:b] for a, b in zip(cuts, cuts[1:], strict=False) if chunk[a:b]]


def _is_org_name(text: str) -> bool:
    return (2 < len(text) <= 60 and text[-1] in ORG_SUFFIX + "件"
            and not re.search(r"[，。；：:]", text) and not DOC_TYPE_END.search(text))


_NAME_END = ORG_SUFFIX + "位镇业门构区市县街乡村员户"


_LEVEL = "(?:省|市|区|县|自治区|直辖市|自治州|自治县|镇|乡)"
_LEVEL_LIST = re.compile(f"各?{_LEVEL}(?:、{_LEVEL})*")  # 各省、自治区、: levels that share the name after them


def _is_addressee_line(text: str) -> bool:
    """各镇人民政府，区政府有关委、办、局，各相关单位：: names only, each ending like a body's name, then ：."""
    names = split_list(text.rstrip("：:"))
    return text.endswith(("：", ":")) and bool(names) and not re.search(r"[。；]", text) \
        and all(n[-1] in _NAME_END for n in names)


def split_list(text: str) -> list[str]:
    """Split addressees at `，；` and at a `、` that ends a name, outside brackets.

    `各县（市、区）应急管理局，各财产保险公司山东、青岛省级分公司` is two addressees.
    """
    items, depth, cur = [], 0, []
    for ch in text:
        if ch in "（(〔[《":
            depth += 1
        elif ch in "）)〕]》":
            depth = max(depth - 1, 0)
        name_ends = ch != "、" or (cur and cur[-1] in _NAME_END)
        if ch in "，、；,;" and depth == 0 and name_ends:
            items.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    items.append("".join(cur))
    out: list[str] = []
    for item in (i.strip() for i in items if i.strip()):
        # a bare kind of office shares the name before it (区政府各委、办、局 is one addressee), and levels
        # listed before a name share it (各省、自治区、直辖市卫生计生委; 各区、县人民政府)
        if out and (len(item) <= 3 and all(ch in ORG_SUFFIX for ch in item)
                    or _LEVEL_LIST.fullmatch(out[-1]) and not item.startswith("各")):
            out[-1] += "、" + item
        else:
            out.append(item)
    return out


@dataclass
class _Line:
    text: str
    start: int


def nonblank_lines(text: str, start: int, end: int) -> list[_Line]:
    """The lines of text[start:end] that hold more than blanks, each with its offset in `text`."""
    out, pos = [], start
    for raw in text[start:end].split("\n"):
        if raw.strip():
            out.append(_Line(raw, pos))
        pos += len(raw) + 1
    return out


# a metadata field name with its value on the next line (发布机构：); 各有关单位： is the addressees
_META_KEY_LINE = re.compile(r"^(?!各)\S{1,6}[：:]$")
# a notice's opening paragraph, which a 通告 with no addressees ends in ：(…现就有关事项通告如下：)
_LEAD_IN = re.compile(r"如下[：:]$")


def _find_title(lines: list[_Line], limit: int) -> int | None:
    for i, line in enumerate(lines[:limit]):
        t = _TITLE_MARK.sub("", line.text)
        if len(t) >= 6 and DOC_TYPE_END.search(t) and not re.search("[。；]", t):
            return i
    return None


def _header_zone_end(lines: list[_Line]) -> int:
    """Index of the first body line: the line after the addressees, or after the title. The
    addressees come before the first heading (a regulation printed alone starts at 第一章, and its
    `第五条 …履行以下职责：` addresses nobody)."""
    for i, line in enumerate(lines[:30]):
        if HEADING.match(line.text):
            break
        if (line.text.endswith(("：", ":")) and len(line.text) < 400 and not re.search("[。；]", line.text)
                and not _META_KEY_LINE.match(line.text) and not _LEAD_IN.search(line.text)):
            return i + 1
    title = _find_title(lines, 8)
    return title + 1 if title is not None else 0


def split_parts(text: str) -> list[tuple[int, int]]:
    """Spans of the documents in a file: a forwarded notice starts at its own issuer mark or number, or at its
    title when its addressees follow it."""
    lines = nonblank_lines(text, 0, len(text))
    body_start = _header_zone_end(lines)
    starts = [0]
    for i in range(max(body_start, 1), len(lines)):
        # only after body text: a web page prints the number in its metadata table and again above
        # the notice, which is one document
        if not any("。" in ln.text and len(ln.text) > 30 for ln in lines[:i] if ln.start >= starts[-1]):
            continue
        # a forwarded notice printed with no number of its own: its title, then its addressees
        if DOC_TYPE_END.search(lines[i].text) and i + 1 < len(lines) and _is_addressee_line(lines[i + 1].text):
            starts.append(lines[i].start)
            continue
        if not DOC_NUMBER_LINE.match(lines[i].text):
            continue
        j = i  # walk back over the issuer mark printed above the number
        while j - 1 > 0 and _is_org_name(lines[j - 1].text) and j - 1 >= body_start:
            j -= 1
        # a forwarded document has its own title or addressees right after the number
        if _find_title(lines[i + 1:], 6) is not None:
            starts.append(lines[j].start)
    bounds = starts + [len(text)]
    return [(a, b) for a, b in zip(bounds, bounds[1:], strict=False)]


def _body_start(text: str, start: int, end: int) -> int:
    lines = nonblank_lines(text, start, end)
    zone_end = _header_zone_end(lines)
    return lines[zone_end].start if zone_end < len(lines) else end


def parse_header(text: str, start: int = 0, end: int | None = None) -> Header:
    """The header of the document in `text[start:end]`."""
    end = len(text) if end is None else end
    lines = nonblank_lines(text, start, end)
    head = Header()
    if not lines:
        return head
    zone_end = _header_zone_end(lines)
    title_i = _find_title(lines, max(zone_end, 1) + 1)
    # document number: a line of its own in the header zone, else anywhere short
    for line in lines[: max(zone_end, 4)]:
        m = DOC_NUMBER_LINE.match(line.text)
        if m:
            head.doc_number = m.group(1)
            break
    meta = _page_metadata(lines[:40])
    if head.doc_number is None and "doc_number" in meta:
        head.doc_number = normalize_doc_number(meta["doc_number"]).replace(" ", "")
    mark_issuers: list[str] = []
    for line in lines[: title_i if title_i is not None else zone_end]:
        if DOC_NUMBER_LINE.match(line.text) or DATE.search(line.text) or _DRAFT.search(line.text):
            continue
        if _is_org_name(line.text) or "文件" in line.text:
            mark_issuers.extend(split_names(line.text))
    title_prefix: list[str] = []
    if title_i is not None:
        raw_title = lines[title_i].text
        title = _TITLE_MARK.sub("", raw_title).strip()
        prefix, sep, rest = title.partition("关于")
        if sep and prefix and prefix[-1] in ORG_SUFFIX and prefix[0] != "《":
            title_prefix = split_names(prefix)
            title = sep + rest
        head.title = title
        if _DRAFT.search(raw_title):
            head.status = "draft"
    for line in lines[:zone_end + 1]:
        if _DRAFT.search(line.text) and len(line.text) <= 20:
            head.status = "draft"
    if zone_end and lines[zone_end - 1].text.endswith(("：", ":")):
        head.recipients = split_list(lines[zone_end - 1].text.rstrip("：:"))
    tail = _parse_tail(lines[zone_end:])
    head.signed_on = tail["signed_on"]
    head.note = tail["note"]
    head.copied_to = tail["copied_to"]
    head.issuers = list(dict.fromkeys(mark_issuers or tail["signers"] or meta.get("issuers") or title_prefix))
    if head.signed_on is None and "signed_on" in meta:
        head.signed_on = parse_date(meta["signed_on"])
    head.cites = _cites(text[start:end], head.doc_number)
    head.region = regions.infer_region(head.issuers, head.title or "", head.recipients,
                                       text[start:end][:2000])
    return head


_STAMP = re.compile(r"^[（(](.+?)代章[）)]$")
SIGNERS_MAX = 10  # lines of a signature block: a joint notice may carry a name for each of its issuers


def _signature_top(lines: list[_Line], i: int) -> int:
    """The first line of the signature block right above line `i` (names and seals, up to `SIGNERS_MAX`
    lines); `i` itself when there is none."""
    j = i
    while j > 0 and i - j < SIGNERS_MAX and (_STAMP.match(lines[j - 1].text) or _is_org_name(lines[j - 1].text)):
        j -= 1
    return j


def _signers_above(lines: list[_Line], i: int) -> list[str]:
    """Names printed on the lines right above line `i` (the signature block), top to bottom."""
    names: list[str] = []
    for line in lines[_signature_top(lines, i):i]:
        # （上海市规划和自然资源局代章）: signed under another body's seal
        names += [m.group(1)] if (m := _STAMP.match(line.text)) else split_names(line.text)
    return names


def _parse_tail(lines: list[_Line]) -> dict:
    out: dict = {"signed_on": None, "note": None, "copied_to": [], "signers": []}
    for i, line in enumerate(lines):
        t = line.text
        if (m := _NOTE.match(t)) and out["note"] is None:
            out["note"] = m.group(1).rstrip("）)")
        elif (m := _COPY.match(t)):
            out["copied_to"].extend(split_list(m.group(2)))
        elif out["signed_on"] is None and DATE.search(t) and not t.endswith("印发") and len(t) <= 60:
            # 成文日期: a date line under the signature; the signature is the name(s) just above it,
            # or printed on the same line before the date
            before = DATE.split(t)[0].strip()
            signers = split_names(before) if before and _is_org_name(before) else _signers_above(lines, i)
            if signers or DATE.fullmatch(t.strip()):
                out["signed_on"] = parse_date(t)
                out["signers"] = signers
    return out


def parse_printed(lines_text: str) -> list[tuple[str | None, str]]:
    """Every 印发 line: (printing office, ISO date)."""
    out = []
    lines = [ln for ln in lines_text.split("\n") if ln.strip()]
    for i, t in enumerate(lines):
        if not t.endswith("印发"):
            continue
        m = _PRINTED.match(t)
        office = (m.group(1).strip() if m else "") or (lines[i - 1] if i and _is_org_name(lines[i - 1]) else "")
        date = parse_date(t)
        if date:
            out.append((office or None, date))
    return out


_META_KEYS = {"发布机构": "issuers", "发文机关": "issuers", "发文单位": "issuers", "文件编号": "doc_number",
              "发文字号": "doc_number", "文号": "doc_number", "成文日期": "signed_on"}


def _page_metadata(lines: list[_Line]) -> dict:
    """The 信息公开 metadata table of a government web page: `发布机构` then its value, or `键：值`."""
    out: dict = {}
    for i, line in enumerate(lines):
        key, sep, value = line.text.partition("：")
        if not sep:
            key, value = line.text, (lines[i + 1].text if i + 1 < len(lines) else "")
        field = _META_KEYS.get(key.strip())
        if field and value.strip() and value.strip() not in _META_KEYS and field not in out:
            out[field] = split_names(value) if field == "issuers" else value.strip()
    return out


def _cites(text: str, own_number: str | None) -> list[str]:
    seen: dict[str, None] = {}
    for m in _DOC_NUMBER.finditer(text):
        number = f"{m.group(1)}〔{m.group(2)}〕{m.group(3)}号"
        if number != own_number:
            seen.setdefault(number)
    for m in _CITED_TITLE.finditer(text):
        seen.setdefault(f"《{m.group(1)}》")
    return list(seen)


def parse_parts(text: str) -> list[Part]:
    """Every document in the file, each with its header; 印发 lines go to the issuer they name."""
    spans = split_parts(text)
    parts = [Part(index=i, start=a, end=b, body_start=_body_start(text, a, b), header=parse_header(text, a, b))
             for i, (a, b) in enumerate(spans)]
    for office, date in parse_printed(text):
        target = _owner_of(office, parts)
        if target.header.printed_on is None:
            target.header.printed_on = date
            target.header.printed_by = office
    return parts


def _owner_of(office: str | None, parts: list[Part]) -> Part:
    if office:
        for part in parts:
            if any(office.startswith(i) or i.startswith(office.removesuffix("办公室")) for i in part.header.issuers):
                return part
    # unnamed: the last document without a print date (the last printed is the outer notice)
    for part in reversed(parts):
        if part.header.printed_on is None:
            return part
    return parts[0]


_LEVELS = [
    (0, re.compile(rf"^(第{NUMBERING}章)")),
    (1, re.compile(rf"^({ARTICLE})")),
    (1, re.compile(r"^([一二三四五六七八九十百]+、)")),
    (2, re.compile(r"^([（(][一二三四五六七八九十百]+[）)])")),
    (3, re.compile(r"^(\d{1,2}[.．、])(?!\d)")),
    (4, re.compile(r"^([（(]\d{1,2}[）)])")),
]


def parse_sections(text: str, parts: list[Part]) -> list[Section]:
    """The heading outline of every part: 一、 → （一） → 1. → （1）."""
    sections: list[Section] = []
    for part in parts:
        stack: list[Section] = []
        listing = False  # between the list of attachments (附件：1.…) and the first attachment's text
        lines = nonblank_lines(text, part.start, part.end)
        for i, line in enumerate(lines):
            # the body's outline ends at the signature (the names above a date alone on its line) or
            # at the attachments; an attached plan starts an outline of its own
            signed = bool(DATE.fullmatch(line.text.strip()))
            if signed or _BODY_END.match(line.text):
                end = lines[_signature_top(lines, i)].start if signed else line.start
                for s in sections:
                    if s.start >= part.start and s.end == part.end and s.start < end:
                        s.end = end
                stack = []
                listing = listing if signed else not ATTACHMENT_START.match(line.text)
                continue
            if listing:
                continue
            for level, pattern in _LEVELS:
                m = pattern.match(line.text)
                if not m or not HEADING.match(line.text):
                    continue
                number = m.group(1).replace("(", "（").replace(")", "）").replace("．", ".")
                while stack and stack[-1].level >= level:
                    stack.pop()
                head_text = line.text[m.end():]
                title = re.split(r"[。；]", head_text, maxsplit=1)[0][:40]
                label = "".join(s.number for s in stack) + number
                sec = Section(label=label, number=number, title=title, level=level, start=line.start,
                              end=part.end)
                # close the open sections at this level or deeper
                for s in reversed(sections):
                    if s.start >= part.start and s.level >= level and s.end == part.end and s.start < line.start:
                        s.end = line.start
                sections.append(sec)
                stack.append(sec)
                break
    return sections
