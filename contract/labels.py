"""Chinese names of everything a user sees: statuses, actions, tiers, score parts, labels, relations.

The one table of each; the analysis text, the exports, the app and the CLI all read them
here. Keys are the English values of the graph and the analysis (``missing``, ``fill``,
``upstream``, ``MAKES``, ``Company``).
"""

from __future__ import annotations

STATUS_ZH = {"missing": "缺失", "weak": "薄弱", "present": "具备", "strong": "优势"}
ACTION_ZH = {"fill": "补链", "strengthen": "强链", "extend": "延链"}
TIER_ZH = {"upstream": "上游", "midstream": "中游", "downstream": "下游"}
PART_ZH = {"product": "产品匹配", "scale": "规模", "distance": "区位", "ties": "已有合作",
           "expansion": "近期扩产"}
# A node label's Chinese name and the measure word it is counted with.
LABEL_ZH = {"Company": ("企业", "家"), "Product": ("产品", "种"), "Chain": ("产业链", "条"),
            "Segment": ("环节", "个"), "Project": ("项目", "个"), "Document": ("文档", "篇"),
            "Region": ("地区", "个")}
# A fact kind (facts contract) as the document page names it.
KIND_ZH = {"company": "企业", "product": "产品", "project": "项目", "region": "地区",
           "segment": "环节", "chain": "产业链"}
REVIEW_KIND_ZH = {"merge": "企业合并", "link": "产品归类", "relation": "关系"}
REVIEW_STATUS_ZH = {"pending": "待审核", "confirmed": "已确认", "rejected": "已否决", "auto": "规则自动"}
RELATION_ZH = {"MAKES": "生产", "RUNS": "建设", "LOCATED_IN": "位于", "PART_OF": "隶属",
               "PARTNERS_WITH": "合作", "SUPPLIES": "供货", "INVESTS_IN": "投资",
               "SUBSIDIARY_OF": "子公司", "INCLUDES": "包含", "FEEDS": "供给",
               "HAS_SEGMENT": "环节"}


def status_zh(status: str) -> str:
    """缺失 for ``missing``; an unknown status is shown as it is."""
    return STATUS_ZH.get(status, status)


def action_zh(action: str | None) -> str:
    """补链 for ``fill``; no action is the empty string."""
    return ACTION_ZH.get(action, "") if action else ""


def tier_zh(tier: str) -> str:
    """上游 for ``upstream``."""
    return TIER_ZH.get(tier, tier)


# The kind of source a document came from (DocumentFact.source), as a reader names it.
SOURCE_ZH = {"file": "本地文件", "upload": "上传", "上传": "上传", "chain template": "产业链模板",
             "region gazetteer": "行政区划", "registry": "企业名录", "ckg": "产业链知识图谱"}
# Documents that are not a user's documents: chain templates and registries (doc id prefixes).
NOT_USER_DOCUMENTS = ("template:", "registry:")


def source_zh(source: str | None) -> str:
    """本地文件 for ``file``; a source that is already a name (a site, 测试) is shown as it is."""
    return SOURCE_ZH.get(source or "", source or "")


LINK_RULE_ZH = {"name": "同名", "alias": "别名", "suffix": "去掉后缀后同名", "modifier": "修饰语加产品名",
                "head": "产品词尾", "mark": "产品标记词"}


def relation_zh(type_: str) -> str:
    """生产 for ``MAKES``; an unknown type is shown as it is."""
    return RELATION_ZH.get(type_, type_)


def part_zh(name: str) -> str:
    """产品匹配 for the ``product`` part of a recommendation's score."""
    return PART_ZH.get(name, name)
