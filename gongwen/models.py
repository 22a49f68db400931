"""The one vocabulary of gongwen: every stage reads and returns these models.

A `Notice` is what ingest produces from a file: normalized text, where each character came from
(`runs`), the official-document header and the forwarded documents (`parts`) it contains. The
extractor turns a notice into `Obligation`s, `Contact`s and `Fact`s, each citing its span of the
notice's normalized text.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Modality = Literal["must", "must_not", "encouraged", "may"]
Status = Literal["final", "draft"]


class Box(BaseModel):
    """A rectangle on a page in PDF points (72 per inch), origin top-left."""

    x0: float
    top: float
    x1: float
    bottom: float


class Run(BaseModel):
    """A stretch `[start, end)` of the normalized text that came from one line of one page."""

    start: int
    end: int
    page: int
    box: Box | None = None
    confidence: float | None = None  # OCR confidence of the line, None for a text layer


class PageInfo(BaseModel):
    number: int
    method: Literal["text", "ocr"]
    width: float | None = None
    height: float | None = None
    confidence: float | None = None  # mean OCR line confidence


class Region(BaseModel):
    province: str | None = None
    city: str | None = None
    district: str | None = None

    def label(self) -> str:
        return self.district or self.city or self.province or ""

    def names(self) -> list[str]:
        return [n for n in (self.province, self.city, self.district) if n]


class Header(BaseModel):
    """The official-document header of one document (GB/T 9704-2012)."""

    title: str | None = None
    doc_number: str | None = None  # 发文字号, normalized to 〔〕
    issuers: list[str] = Field(default_factory=list)
    recipients: list[str] = Field(default_factory=list)  # 主送机关
    signed_on: str | None = None  # 成文日期, ISO
    printed_on: str | None = None  # 印发日期, ISO
    printed_by: str | None = None  # 印发机关
    copied_to: list[str] = Field(default_factory=list)  # 抄送 / 抄报
    note: str | None = None  # 附注
    status: Status = "final"
    region: Region = Field(default_factory=Region)
    cites: list[str] = Field(default_factory=list)  # document numbers and 《titles》 it refers to

    @property
    def issued_on(self) -> str | None:
        return self.signed_on or self.printed_on


class Section(BaseModel):
    """A numbered heading (一、 / （一） / 1. / （1）) and the text it governs."""

    label: str  # e.g. "二、（一）" — the full path
    number: str  # this level's own number, e.g. "（一）"
    title: str
    level: int
    start: int
    end: int


class Part(BaseModel):
    """One document inside a notice file: the notice itself (index 0) or one it forwards (转发)."""

    index: int
    start: int
    end: int
    body_start: int = 0  # first character after the title and addressees
    header: Header


class Notice(BaseModel):
    id: str  # sha256 of the file's bytes, first 16 hex digits
    source: str
    format: str
    text: str  # normalized text
    runs: list[Run] = Field(default_factory=list)
    pages: list[PageInfo] = Field(default_factory=list)
    parts: list[Part] = Field(default_factory=list)  # parts[0] is the notice itself
    sections: list[Section] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

    @property
    def header(self) -> Header:
        return self.parts[0].header if self.parts else Header()

    def header_of(self, part: int) -> Header:
        """The header of document `part` (a forwarded notice is a part); the notice's own when it
        has no such part. An obligation answers to the header of the document it sits in."""
        return self.parts[part].header if part < len(self.parts) else self.header

    def page_at(self, offset: int) -> int:
        """The page the character at `offset` came from (1-based)."""
        import bisect

        if not self.runs:
            return 1
        i = bisect.bisect_right([r.start for r in self.runs], offset) - 1
        return self.runs[max(i, 0)].page

    def part_at(self, offset: int) -> int:
        for part in reversed(self.parts):
            if part.start <= offset:
                return part.index
        return 0

    def headings_at(self, offset: int, strict: bool = False) -> list[str]:
        """The titles of the sections around `offset`, outermost first (`strict`: those that start before it)."""
        around = [s for s in self.sections
                  if s.start <= offset < s.end and s.title and not (strict and s.start == offset)]
        return [s.title for s in sorted(around, key=lambda s: s.level)]

    def section_at(self, offset: int) -> str:
        label = ""
        for s in self.sections:
            if s.start <= offset < s.end:
                label = s.label  # sections are in document order; the deepest wins
        return label


# ---- extraction results -------------------------------------------------------------------


class Deadline(BaseModel):
    kind: Literal["date", "relative", "none"] = "none"
    date: str | None = None
    inclusive: bool | None = None
    anchor: str | None = None
    duration: str | dict | None = None  # "P3M", or {"working_days": 10}
    text: str | None = None


class Frequency(BaseModel):
    min_count: int | None = None
    per: str | None = None  # policy_period | year | half_year | quarter | month | week | day | regular
    text: str


class Quantity(BaseModel):
    kind: Literal["ratio", "money", "count", "people", "measure"]
    min: float | None = None
    max: float | None = None
    min_inclusive: bool | None = None
    max_inclusive: bool | None = None
    unit: str | None = None
    of: str | None = None
    text: str


class Contact(BaseModel):
    name: str | None = None
    org: str | None = None
    phone: str | None = None
    email: str | None = None
    text: str | None = None
    page: int | None = None
    part: int = 0


class Provenance(BaseModel):
    notice_id: str
    page: int
    section: str
    span: tuple[int, int]
    part: int = 0


class Obligation(BaseModel):
    id: str
    text: str
    section: str
    page: int
    span: tuple[int, int]
    party: str | None = None
    party_text: str | None = None
    modality: Modality
    action: str
    topic: str | None = None
    condition: str | None = None
    deadline: Deadline = Field(default_factory=Deadline)
    frequency: Frequency | None = None
    quantities: list[Quantity] = Field(default_factory=list)
    part: int = 0


class Fact(BaseModel):
    text: str
    span: tuple[int, int]
    page: int
    quantities: list[Quantity] = Field(default_factory=list)


class Extraction(BaseModel):
    """What the extractor returns for one notice."""

    notice: Notice
    obligations: list[Obligation] = Field(default_factory=list)
    contacts: list[Contact] = Field(default_factory=list)
    facts: list[Fact] = Field(default_factory=list)
