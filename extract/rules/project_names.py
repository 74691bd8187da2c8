"""Project names ending in 项目 (年产5万吨三元前驱体项目) and the capacity a name states."""

from __future__ import annotations

import re
from dataclasses import dataclass

from chainkg.extract.rules.amounts import CAPACITY, NUMBER

_PROJECT_END = re.compile(r"项目")
_PROJECT_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z0-9.]")
_PROJECT_NOUN = re.compile(r"年产|工厂|基地|产线|生产线|产业园|回收|扩建|技改|改造|中心|工程|电站|示范")
_PROJECT_STARTS = ("推进", "建设", "投资", "实施", "启动", "签约", "引进", "承担的", "开工", "新建",
                   "投建", "规划", "落地", "承建", "运营", "的", "在", "与", "和", "是", "为")
_GENERIC_PROJECT = re.compile(r"^(?:新|该|本|此|单个|重大|重点|签约|开工|投产|竣工|亿元以上|链上|制造业)")


@dataclass(frozen=True)
class ProjectName:
    start: int
    end: int
    name: str


def find_projects(text: str, blocked: set[int] = frozenset()) -> list[ProjectName]:
    """Project names ending in 项目 (年产5万吨三元前驱体项目); ``blocked`` chars (company names) stop a name."""
    found = []
    for match in _PROJECT_END.finditer(text):
        start = _project_start(text, match.start(), blocked)
        name = text[start:match.end()]
        if start is not None and _plausible_project(name):
            found.append(ProjectName(start, match.end(), name))
    return found


def _project_start(text: str, end: int, blocked: set[int]) -> int:
    position = end
    while position > max(0, end - 40) and position - 1 not in blocked \
            and _PROJECT_CHAR.match(text, position - 1):
        position -= 1
    run = text[position:end]
    year_output = run.rfind("年产")
    if year_output >= 0:
        return position + year_output
    cut = max((run.rfind(word) + len(word) for word in _PROJECT_STARTS if word in run), default=0)
    return position + cut


def _plausible_project(name: str) -> bool:
    body = name[:-2]
    if len(body) < 4 or _GENERIC_PROJECT.match(body) or not _PROJECT_NOUN.search(body):
        return False
    return not re.match(rf"^{NUMBER}个", body)


def project_capacity(name: str) -> str | None:
    """The capacity a project name states: 年产5万吨三元前驱体项目 -> '5万吨'."""
    match = CAPACITY.search(name)
    return match.group() if match and name.find("年产") >= 0 else None
