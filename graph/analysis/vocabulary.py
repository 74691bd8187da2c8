"""What the graph knows to name, as a lexicon extraction can load without the store.

After a ChainKnowledgeGraph or registry import the graph holds thousands of company short
names (比亚迪, 璞泰来) and products (焦煤, 金刚线) the shipped vocabulary lacks. ``graph_terms``
reads them, to be written as a lexicon file (contract/vocabulary.py) that the extraction
pipeline loads (``paths.lexicon``).

Not every name is worth looking for: a product name that is a service, an activity or a
vague word (技术服务, 其他, 工程施工) would tag ordinary text, so those are left out, and so
are names shorter than two characters or longer than twelve.
"""

from __future__ import annotations

import re

import jieba.posseg

from chainkg.contract.vocabulary import Term
from chainkg.graph.queries import read_rows
from chainkg.graph.store import GraphStore

# Product names that name an activity or nothing in particular, not a thing made.
_NOT_A_PRODUCT = re.compile(
    r"服务|业务|工程|施工|安装|维修|租赁|咨询|设计|销售|贸易|代理|运输|物流|加工费|技术|开发|管理|"
    r"其他|其它|合计|收入|补贴|利息|项目|系统集成|运营|检测|培训|策划|广告|分销|批发|零售|"
    r"^(?:产品|商品|材料|设备|配件|原料|主营|综合|制造|生产|合作|规模|名词|公司|集团|企业|投资|金融|保险|证券|"
    r"银行|基金|资产|股权|房地产|地产|物业|酒店|餐饮|旅游|教育|文化|传媒|医疗|能源|环保|科技|信息|电子|"
    r"化工|建材|机械|汽车|农业|食品|医药|服装|纺织|电力|通信|互联网|新能源|新材料|其他业务|主营业务)$")
# Abstract nouns CKG lists as products (产业, 智能, 动力): a product is a thing.
_ABSTRACT = re.compile(
    r"^(?:产业|产业化|产业链|智能|动力|利用|数字化|航空|消费|高端制造|生产制造|智能制造|发展|能力|市场|领域|行业|"
    r"体系|平台|方案|模式|品牌|系统|解决方案|应用|研究|研制|检验|质量|安全|节能|环境|资源|数据|信息化|自动化)$")
# jieba's part-of-speech tags of words that are no product: verbs, adjectives, adverbs,
# abbreviations, times, numbers, pronouns, places, person and organisation names.
_NOT_A_THING = {"v", "vn", "vd", "a", "ad", "an", "d", "j", "t", "m", "q", "mq", "r", "p", "c", "u", "f",
                "s", "ns", "nr", "nt", "nz"}
_NAME = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9][\u4e00-\u9fffA-Za-z0-9（）()·\-+/.]{1,11}$")


def graph_terms(store: GraphStore, min_share: float = 0.05) -> list[Term]:
    """Company names and aliases, and products made as a line of business, fit to look for."""
    terms = []
    for row in read_rows(store, "lexicon_terms", min_share=min_share):
        text = (row["text"] or "").strip()
        if not _NAME.match(text) or text.isdigit() or (text.isascii() and len(text) < 3):
            continue  # a two-letter Latin name (AI, PE) would tag ordinary words
        if row["label"] == "PRODUCT" and not _is_a_thing(text):
            continue
        terms.append(Term(row["label"], text, row["key"]))
    return sorted(set(terms), key=lambda t: (t.label, t.key, t.text))


def _is_a_thing(text: str) -> bool:
    """A product name that names a thing made: no service, activity or abstract noun."""
    if _NOT_A_PRODUCT.search(text) or _ABSTRACT.match(text):
        return False
    return jieba.posseg.dt.word_tag_tab.get(text) not in _NOT_A_THING
