"""``chainkg_relations``: relations with their evidence, as ``doc._.relations``.

Sources, each named as the extractor in the evidence: the sentence rules of
extract.rules.relation_patterns (rule name), table rows under a 企业/所在地/主要产品 header
(``table_row``), and a project's defaults (its name's product, its document's place). Only
what the text states: the region a company's legal name carries (衢州华友钴新材料有限公司) is
no relation here; the company fact carries it as province and city, and the loader seats a
company there when nothing else places it (graph/load/seats.py). Each relation is a
``RelationRecord`` with character offsets in the Doc's text.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from chainkg.contract.gazetteer import DEFAULT_GAZETTEER, load_gazetteer
from chainkg.contract.keys import product_key
from chainkg.contract.lexicon import AUTO_LINK, ProductLinker, lexicon
from chainkg.contract.resources import chains_dir as shipped_chains
from chainkg.contract.templates import load_templates
from chainkg.extract.components.base import ENTITIES, PROJECTS, RelationRecord, doc_text
from chainkg.extract.rules.company_pairs import Discourse
from chainkg.extract.rules.relation_patterns import (
    Found,
    Mention,
    build_skeleton,
    placeable,
    product_cell_items,
    resolve_pronoun,
    table_rows,
    topic_index,
)
from chainkg.extract.rules.rule_sets import DEFAULT_RULE_SET
from chainkg.extract.rules.rule_sets import rule_set as rule_set_named

_LABELS = {"COMPANY": "Company", "PRODUCT": "Product", "REGION": "Region"}


@Language.factory("chainkg_relations",
                  default_config={"min_confidence": 0.6, "gazetteer": None, "chains": None,
                                  "rule_set": DEFAULT_RULE_SET, "sole_company": True},
                  requires=["doc.ents", "doc.spans", "token.is_sent_start", "doc._.companies"],
                  assigns=["doc._.relations"])
def make_relations(nlp: Language, name: str, *, min_confidence: float, gazetteer: str | None,
                   chains: str | None, rule_set: str = DEFAULT_RULE_SET, sole_company: bool = True):
    """Factory: config to constructor."""
    return Relations(min_confidence=min_confidence, gazetteer=gazetteer, chains=chains, rule_set=rule_set,
                     sole_company=sole_company)


class Relations:
    """Runs the sentence rules (the version ``rule_set`` names), the table rule and the project
    defaults; with ``sole_company``, a document's one company runs its projects no rule gave an
    operator (``_sole_operator``)."""

    def __init__(self, *, min_confidence: float = 0.6, gazetteer: str | None = None,
                 chains: str | None = None, rule_set: str = DEFAULT_RULE_SET, sole_company: bool = True):
        self.min_confidence = min_confidence
        self.sole_company = sole_company
        self.rules = rule_set_named(rule_set)
        self.gazetteer = load_gazetteer(gazetteer or DEFAULT_GAZETTEER)
        self.linker = ProductLinker(lexicon(load_templates(chains or shipped_chains())))

    def __call__(self, doc: Doc) -> Doc:
        mentions = _mentions(doc, self.gazetteer)
        relations = []
        if any(m.label in ("Company", "Project") for m in mentions):
            relations += self._sentence_relations(doc, mentions)
            relations += self._table_relations(doc, mentions)
            relations += self._topic_operator(doc, mentions, relations)
            if self.sole_company:
                relations += self._sole_operator(doc, mentions, relations)
            relations += self._project_defaults(doc, mentions, relations)
        text = doc_text(doc)
        doc._.relations = [r for r in relations if r.confidence >= self.min_confidence
                           and self.rules.admits(text, r.type, r.source, r.target)]
        return doc

    def _topic_operator(self, doc: Doc, mentions: list[Mention],
                        found: list[RelationRecord]) -> list[RelationRecord]:
        """A company announcement's projects are the company's: in news whose headline or
        first sentence is one company's (【海目星：拟投资7亿元建…】, 尚纬股份公告，…), a project
        the text builds, runs or brings to output and that no rule gave an operator is run by
        that company, where its sentence names no other company."""
        text = doc_text(doc)
        topic = _announcing_company(text, mentions)
        if topic is None:
            return []
        run = {r.target.key for r in found if r.type == "RUNS"}
        records = []
        for project in (m for m in mentions if m.label == "Project" and m.key not in run):
            sent = doc.char_span(project.start, project.end, alignment_mode="expand").sent
            others = [m for m in mentions if m.label == "Company" and sent.start_char <= m.start < sent.end_char
                      and m.key != topic.key]
            if others or not _BUILDS.search(text, sent.start_char, sent.end_char) \
                    or _THROUGH_SUBSIDIARY.search(text, max(0, sent.start_char - 80), sent.end_char):
                continue  # a subsidiary named nearby may be the operator
            run.add(project.key)
            records.append(_record(Found("RUNS", topic, project, "announcing_company", 0.75),
                                   sent.start_char, sent.end_char))
        return records

    def _sole_operator(self, doc: Doc, mentions: list[Mention],
                       found: list[RelationRecord]) -> list[RelationRecord]:
        """News about one company names its plants without saying whose they are (特斯拉 …
        上海工厂的交付量, 柏林工厂的产能): where the document names exactly one company (twice,
        or once in the project's sentence), a project no rule gave an operator is run by it,
        unless its sentence is about a contractor (承建), a visit (走访, 调研) or an honour (获评,
        入选…名单: 绿色工厂 is a title), the name is quoted (“数字原料工厂”, a metaphor) or counted
        (建成22个智能工厂), the project holds the company's word unread as a company
        (苹果加工厂) or names what the company is (晶圆代工厂格芯), or the text runs it through a
        subsidiary it does not name (全资子公司为实施主体). A plant (工厂, 基地, 生产线) is the
        company's wherever it is named; any other project (改造项目, 二期工程: also plans,
        programmes, a government's lists) only where the company is named before it in its
        sentence with a word of building between (甲集团…计划投资…建设…项目). A default, not
        something the text says: below the rules' confidence."""
        named = [m for m in mentions if m.label == "Company"]
        if len({m.key for m in named}) != 1:
            return []
        company = named[0]
        text = doc_text(doc)
        run = {r.target.key for r in found if r.type == "RUNS"}
        run |= {m.key for m in mentions if m.label == "Project" and _quoted_or_counted(text, m)}
        run |= {m.key for m in mentions if m.label == "Project" and text[m.end:m.end + 1] != "的"
                and any(c.start == m.end for c in named)}  # 晶圆代工厂格芯: what the company is
        run |= {m.key for m in mentions if m.label == "Project" and company.name in m.name}  # 苹果加工厂
        records = []
        for project in (m for m in mentions if m.label == "Project" and m.key not in run):
            sent = doc.char_span(project.start, project.end, alignment_mode="expand").sent
            builds = _builds_after(text, mentions, company, project)
            if len(named) < 2 and not builds:
                continue  # named once and not as the builder: perhaps not what the text is about
            if _NOT_OPERATED.search(text, sent.start_char, sent.end_char) \
                    or _THROUGH_SUBSIDIARY.search(text, max(0, sent.start_char - 80), sent.end_char):
                continue
            if not _PLANT_NAME.search(project.name) and not builds:
                continue  # 改造项目, 二期工程: a plan or a programme unless the company builds it here
            run.add(project.key)
            records.append(_record(Found("RUNS", company, project, "sole_company", 0.7),
                                   sent.start_char, sent.end_char))
        return records

    def _project_defaults(self, doc: Doc, mentions: list[Mention],
                          found: list[RelationRecord]) -> list[RelationRecord]:
        """A project's product from its name where no rule gave one (退役动力电池综合回收项目 is
        battery recycling), and its place from the document's where the text gives none."""
        projects = {m.key: m for m in mentions if m.label == "Project"}
        made = {r.source.key for r in found if r.type == "MAKES"}
        placed = {r.source.key for r in found if r.type == "LOCATED_IN"}
        home = _home_region(doc, mentions, self.gazetteer)
        records = []
        for key, project in projects.items():
            sentence = doc.char_span(project.start, project.end, alignment_mode="expand").sent
            span = (sentence.start_char, sentence.end_char)
            stem = _project_stem(project.name)
            link = self.linker.link(stem) if key not in made and stem else None
            if link and link.confidence >= AUTO_LINK:
                product = Mention("Product", link.product_key, link.product_name, project.start, project.end)
                records.append(_record(Found("MAKES", project, product, "project_name_link",
                                             round(min(link.confidence, 0.85), 3)), *span))
            if home is not None and key not in placed and placeable(project, self.rules.project_places):
                records.append(_record(Found("LOCATED_IN", project, home, "document_place", 0.75), *span))
        return records

    def _sentence_relations(self, doc: Doc, mentions: list[Mention]) -> list[RelationRecord]:
        found, index, project, topic = [], 0, None, _Topic()
        text = doc_text(doc)
        discourse = Discourse(announcer=_announcing_company(text, mentions))
        for sent in doc.sents:
            sentence = text[sent.start_char:sent.end_char]
            inside = []
            while index < len(mentions) and mentions[index].start < sent.end_char:
                if mentions[index].start >= sent.start_char:
                    inside.append(mentions[index])
                index += 1
            project = _scope_project(text, project, sent.start_char, inside)
            inside = resolve_pronoun(sentence, sent.start_char, inside, topic.get())
            about_project = project is not None and _OPENS_WITH_PROJECT.match(sentence)
            if not about_project and not any(m.label in ("Company", "Project") for m in inside):
                topic.age()
                continue
            skeleton = build_skeleton(sentence, sent.start_char, inside)
            topic.update(skeleton)
            for item in self.rules.relations(skeleton, project, discourse):
                found.append(_record(item, sent.start_char, sent.end_char))
        return found

    def _table_relations(self, doc: Doc, mentions: list[Mention]) -> list[RelationRecord]:
        found = []
        text = doc_text(doc)
        for row in table_rows(text):
            cells = {cell.column: cell for cell in row}
            company = _first_inside(mentions, cells.get("company"), "Company")
            if company is None:
                continue
            line = (row[0].start, row[-1].end)
            for target in _row_targets(text, mentions, cells):
                found.append(_record(Found(_TYPE[target.label], company, target, "table_row", 0.9),
                                     *line))
        return found


_TYPE = {"Product": "MAKES", "Region": "LOCATED_IN"}
# Words of building a project; _BUILDS also takes its output and signing for it
_BUILD_WORDS = r"投资|投建|建设|新建|扩建|扩产|开工|开建|投产|建成|推进|实施|在建"
_BUILDS = re.compile(_BUILD_WORDS + r"|达产|满产|试生产|量产|签署|签约")
_THROUGH_SUBSIDIARY = re.compile(r"子公司|孙公司|控股公司|实施主体|项目公司")
# A sentence where a company is not a project's owner: it builds for another (承建, 施工, 中标:
# docs/annotation.md, no RUNS), visits it, or a plant is a title given (获评绿色工厂, 入选…名单)
_NOT_OPERATED = re.compile(r"承建|施工|总包|承包|中标|EPC|走访|调研|考察|参观|走进|视察|获评|评为|入选|名单|称号|"
                           r"评定|认定|授予|荣获|示范")
_QUOTE_OPEN = "“\"‘'《「『"
_COUNT = r"(?:(?:\d+|[两三四五六七八九十几多数百千])(?:个|家|座|批|项|条)|一批|各类|各地)"
_COUNTED = re.compile(rf"{_COUNT}[^，,。；;！？]{{0,8}}$")
_COUNTED_NAME = re.compile(f"^{_COUNT}")
# A project named as a plant, which someone operates (not a plan or a programme)
_PLANT_NAME = re.compile(r"(?:工厂|厂|基地|生产线|产线|产业园|厂区|厂房|车间)$")
_ANNOUNCER = re.compile(r"[：:]|公告|披露|在(?:投资者)?互动平台|在机构调研时|表示|宣布|消息")


def _builds_after(text: str, mentions: list[Mention], company: Mention, project: Mention) -> bool:
    """True when ``company`` is named earlier in ``project``'s sentence with a word of building
    between the two (not of signing: a company signs for an event, a service, a programme)."""
    start = max((m.end for m in mentions if m.key == company.key and m.end <= project.start), default=-1)
    return start >= 0 and not _SENTENCE_END.search(text, start, project.start) \
        and _BUILDS_ITSELF.search(text, start, project.start) is not None


def _quoted_or_counted(text: str, project: Mention) -> bool:
    """True when the project's name is in quotes (“花园工厂”) or counted (22个智能工厂, 多家工厂)
    here: a name so written anywhere is a kind of plant or a figure of speech, not one plant."""
    quoted = project.start > 0 and text[project.start - 1] in _QUOTE_OPEN
    return quoted or _COUNTED.search(text, max(0, project.start - 12), project.start) is not None \
        or _COUNTED_NAME.match(project.name) is not None


_BUILDS_ITSELF = re.compile(_BUILD_WORDS)
_SENTENCE_END = re.compile(r"[。！？!?\n]")


def _announcing_company(text: str, mentions: list[Mention]) -> Mention | None:
    """The company a news item is about: the subject of its headline (【X：…】) or of its first
    sentence, when that is an announcement (X公告, X在互动平台表示 …)."""
    head_end = min([i for i in (text.find("】"), text.find("。"), text.find("\n")) if i > 0], default=len(text))
    first = next((m for m in mentions if m.start < head_end), None)
    if first is None or first.label != "Company":
        return None
    after = text[first.end:first.end + 12]
    return first if _ANNOUNCER.match(after) or re.match(r"^\s*【?", text[:first.start]) and \
        text[first.end:first.end + 1] in "：:" else None
_OPENS_WITH_PROJECT = re.compile(r"\s*(?:该|本)?项目")
_UNITS = r"(?:万|亿)?(?:吨|GWh|MWh|台|套|辆|片|平方米|只|件)(?:/年)?"
_PROJECT_AFFIXES = re.compile(rf"^(?:(?:年产|日产)[\d.]+{_UNITS}?|[\d.]+{_UNITS}|新建|扩建)")
_PROJECT_TAIL = re.compile(
    r"(?:第?[一二三四五六七八九十首]期)?(?:(?:研发|生产|制造|研发及制造|研发与生产|产业化|产业|一体化|智能|数字化|绿色)?"
    r"(?:生产线|产线|工厂|基地|产业园|厂房|厂区|中心|工程|项目)"
    r"(?:第?[一二三四五六七八九十首]期|扩能|扩建|技改|改扩建|建设|配套|一体化)*)+$"
    r"|第?[一二三四五六七八九十首]期$")


def _project_stem(name: str) -> str:
    """What a project's name says it is about: 年产5万吨高镍三元正极材料项目 -> 高镍三元正极材料,
    锂离子电池工厂 -> 锂离子电池; '' when the name says nothing more (数字化生产线)."""
    stem = _PROJECT_TAIL.sub("", _PROJECT_AFFIXES.sub("", name))
    return stem if len(stem) >= 2 else ""


def _home_region(doc: Doc, mentions: list[Mention], gazetteer) -> Mention | None:
    """The place a document is about: a city or district named in its first line (its title;
    the innermost of a run such as 成都市温江区), else the city or district that most of its
    place names are, when one clearly is."""
    text = doc_text(doc)
    first_line = text.split("\n", 1)[0]
    regions = [m for m in mentions if m.label == "Region" and m.key in gazetteer.regions
               and gazetteer.regions[m.key].level in ("city", "district")]
    titled = [m for m in regions if m.end <= len(first_line) <= 80]
    if titled:  # the most specific of the first run: 成都市温江区 -> 温江区
        place = titled[0]
        for other in titled[1:]:
            if other.start != place.end or not gazetteer.is_inside(other.key, place.key):
                break
            place = other
        return place
    cities = [gazetteer.province_and_city(m.key)[1] or m.key for m in regions]
    if len(cities) < 3:
        return None
    best = max(set(cities), key=cities.count)
    return next((m for m in regions if m.key == best), None) if cities.count(best) / len(cities) >= 0.6 else None


class _Topic:
    """The company recent sentences are about, for pronouns; forgotten after 3 sentences."""

    def __init__(self):
        self.mention, self.idle = None, 0

    def get(self) -> Mention | None:
        return self.mention if self.idle < 3 else None

    def age(self) -> None:
        self.idle += 1

    def update(self, skeleton) -> None:
        index = topic_index(skeleton.text)
        if index is None:
            self.age()
        else:
            self.mention, self.idle = skeleton.at[index], 0


def _mentions(doc: Doc, gazetteer=None) -> list[Mention]:
    """Entities and projects of the document in text order; products and regions inside a
    project join it. A region knows its level (a foreign country is never a name's part)
    when a gazetteer is given."""
    projects = [Mention("Project", s.kb_id_, s.text, s.start_char, s.end_char)
                for s in doc.spans.get(PROJECTS, [])]
    mentions = list(projects)
    for ent in doc.spans.get(ENTITIES, []):
        if ent.label_ not in _LABELS:
            continue
        mention = Mention(_LABELS[ent.label_], ent.kb_id_, ent.text, ent.start_char, ent.end_char)
        if mention.label == "Region" and gazetteer is not None and mention.key in gazetteer.regions:
            mention.level = gazetteer.regions[mention.key].level
        holder = next((p for p in projects if p.start <= mention.start and mention.end <= p.end), None)
        if holder is not None:
            if mention.label == "Product":
                holder.products.append(mention)
            elif mention.label == "Region":
                holder.regions.append(mention)
            continue
        overlapped = next((p for p in projects if mention.start < p.end and p.start < mention.end), None)
        if overlapped is not None:
            # a NER company running into a project (福特汽车的电池厂): keep what precedes it
            mention = _before(mention, overlapped.start, doc_text(doc))
        if mention is not None:
            mentions.append(mention)
    return sorted(mentions, key=lambda m: m.start)


def _before(mention: Mention, end: int, text: str) -> Mention | None:
    """``mention`` cut to end before ``end`` (and before a 的 there), or None when too short."""
    cut = min(end, mention.end)
    while cut > mention.start and text[cut - 1] in "的之":
        cut -= 1
    if mention.label != "Company" or cut - mention.start < 2 or cut <= mention.start:
        return None
    name = text[mention.start:cut]
    return Mention(mention.label, mention.key if name == mention.name else name, name, mention.start, cut)


def _scope_project(text: str, current: Mention | None, sent_start: int, inside: list[Mention]):
    """The project a sentence may speak of: the last one named in its paragraph so far."""
    named = [m for m in inside if m.label == "Project"]
    if named:
        return named[-1]
    if current is not None and "\n" in text[current.end:sent_start]:
        return None
    return current


def _first_inside(mentions: list[Mention], cell, label: str) -> Mention | None:
    if cell is None:
        return None
    return next((m for m in mentions if m.label == label and cell.start <= m.start and m.end <= cell.end),
                None)


def _row_targets(text: str, mentions: list[Mention], cells: dict) -> list[Mention]:
    targets = []
    place = cells.get("place")
    if place is not None:
        regions = [m for m in mentions if m.label == "Region" and place.start <= m.start < place.end]
        targets += regions[-1:]
    product = cells.get("product")
    if product is not None:
        for offset, item in product_cell_items(text[product.start:product.end]):
            start = product.start + offset
            lexical = [m for m in mentions if m.label == "Product" and start <= m.start < start + len(item)]
            targets += lexical or [Mention("Product", product_key(item), item, start, start + len(item))]
    return targets


def _record(found: Found, sent_start: int, sent_end: int) -> RelationRecord:
    return RelationRecord(found.relation, found.source, found.target, found.extractor,
                          found.confidence, (sent_start, sent_end))
