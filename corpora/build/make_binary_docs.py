"""Build the .docx and .pdf sample documents of corpora/ from the text below.

The readable source of the binary sample documents lives here, inline, and not
as .txt files beside them: `chainkg ingest corpora/` reads every .txt/.md/.html/
.docx/.pdf under corpora/, so a text copy would be ingested twice. A .py file is
never read as a document.

Run from the repository root:

    .venv/bin/python corpora/build/make_binary_docs.py          # writes corpora/*.docx, *.pdf
    .venv/bin/python corpora/build/make_binary_docs.py --check  # rebuild into a temp dir, compare

The output is byte-for-byte reproducible (fixed dates in the .docx zip and the
PDF metadata), so `--check` can tell whether the committed files match this
script. Every PDF is read back with pdfminer.six after writing, and the build
fails if the Chinese text does not survive the round trip.

Errors: MakeDocsError (derives from Exception; this script is not part of the
chainkg package, so it does not use chainkg_errors).
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import tempfile
import zipfile
from pathlib import Path

from docx import Document
from pdfminer.high_level import extract_text
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

CORPORA_DIR = Path(__file__).resolve().parent.parent
FIXED_DATE = dt.datetime(2023, 10, 1, 9, 0, 0)
# STSong-Light is one of reportlab's built-in Adobe CID fonts: no font file is
# needed, and pdfminer maps its glyphs back to Unicode through the UniGB-UCS2-H cmap.
CJK_FONT = "STSong-Light"


class MakeDocsError(Exception):
    """A sample document could not be built or did not read back correctly."""


# ---------------------------------------------------------------------------
# Document texts. Each document is a list of blocks: ("h", text) heading,
# ("p", text) paragraph, ("table", rows) table whose first row is the header.
# ---------------------------------------------------------------------------

LIFE_HEALTH_DOCX = [
    ("h", "衢州生命健康产业招商指南（2023年版）"),
    ("p", "在衢州确定的六条标志性产业链中，生命健康是基础最薄弱的一条。本地企业主要集中在功能性食品配料、"
          "蜂产品和胡柚深加工，化学原料药、生物制品、医疗器械等环节几乎没有规模企业。本指南供招商人员"
          "走访前参考。"),
    ("h", "一、本地基础"),
    ("p", "浙江华康药业股份有限公司（简称“华康股份”）位于开化县华埠镇，是国内功能性糖醇的龙头企业，"
          "主要产品为木糖醇、麦芽糖醇、山梨糖醇和赤藓糖醇。华康股份向亿滋、玛氏等国际食品企业供应木糖醇，"
          "出口比重较高。"),
    ("p", "浙江江山恒亮蜂产品股份有限公司位于江山市，生产蜂蜜、蜂王浆和蜂胶制品，江山市因此被称为"
          "“中国蜜蜂之乡”。常山县有十余家胡柚深加工企业，以常山胡柚为原料生产胡柚膏、柚子茶和果胶。"),
    ("h", "二、缺失环节"),
    ("p", "一是化学原料药和医药中间体，衢州有巨化股份的含氟化工原料，却没有把它们做成药的企业；"
          "二是CDMO（合同研发生产）服务；三是中成药和大健康食品的品牌企业；四是生物制品。"),
    ("h", "三、目标企业"),
    ("table", [
        ["目标企业", "所在地", "主营产品", "对接理由"],
        ["浙江华海药业股份有限公司", "浙江临海", "化学原料药、仿制药制剂", "原料药产能向省内腹地转移"],
        ["浙江九洲药业股份有限公司", "浙江台州", "原料药、CDMO服务", "可利用巨化股份的含氟中间体"],
        ["江中药业股份有限公司", "江西南昌", "中成药、保健食品", "邻省龙头，可与胡柚资源结合"],
        ["漳州片仔癀药业股份有限公司", "福建漳州", "中成药、化妆品", "闽浙边际，消费品牌强"],
        ["安徽安科生物工程（集团）股份有限公司", "安徽合肥", "生物制品、基因工程药物", "补齐生物制品环节"],
    ]),
    ("p", "走访时可重点介绍开化县、常山县的生态环境和衢州高新技术产业开发区的化工配套条件。"),
]

COMPANY_LIST_DOCX = [
    ("h", "衢州六大产业链重点企业名录（含链外目标企业）"),
    ("p", "本名录由市投资促进中心汇总，列出六条产业链的本地骨干企业和省外目标企业，供产业链图谱和"
          "招商走访使用。“类别”一栏中，本地指在衢州有生产基地，链外指尚未在衢州落地。"),
    ("table", [
        ["序号", "企业全称", "简称", "所在地", "主要产品", "产业链", "类别"],
        ["1", "衢州华友钴新材料有限公司", "衢州华友", "衢州高新技术产业开发区", "硫酸镍、硫酸钴", "新能源", "本地"],
        ["2", "华金新能源材料（衢州）有限公司", "华金新能源", "衢江区", "三元前驱体", "新能源", "本地"],
        ["3", "衢州鹏辉能源科技有限公司", "衢州鹏辉", "衢州智造新城", "储能电池", "新能源", "本地"],
        ["4", "浙江巨化股份有限公司", "巨化股份", "柯城区", "无水氟化氢、含氟制冷剂", "新材料", "本地"],
        ["5", "浙江永和制冷股份有限公司", "永和股份", "衢州高新技术产业开发区", "六氟丙烯、聚全氟乙丙烯", "新材料", "本地"],
        ["6", "中巨芯科技股份有限公司", "中巨芯", "衢州高新技术产业开发区", "电子级氢氟酸", "集成电路", "本地"],
        ["7", "金瑞泓微电子（衢州）有限公司", "金瑞泓", "衢州智造新城", "12英寸硅外延片", "集成电路", "本地"],
        ["8", "开山集团股份有限公司", "开山股份", "衢州经济技术开发区", "螺杆空气压缩机", "智能装备", "本地"],
        ["9", "浙江华康药业股份有限公司", "华康股份", "开化县", "木糖醇", "生命健康", "本地"],
        ["10", "仙鹤股份有限公司", "仙鹤股份", "衢江区", "烟草行业用纸、装饰原纸", "特种纸", "本地"],
        ["11", "浙江夏王纸业有限公司", "夏王纸业", "龙游县", "装饰原纸", "特种纸", "本地"],
        ["12", "多氟多新材料股份有限公司", "多氟多", "河南焦作", "六氟磷酸锂", "新能源", "链外"],
        ["13", "广州天赐高新材料股份有限公司", "天赐材料", "广东广州", "锂电池电解液", "新能源", "链外"],
        ["14", "宁德时代新能源科技股份有限公司", "宁德时代", "福建宁德", "动力电池", "新能源", "链外"],
        ["15", "江西赣锋锂业集团股份有限公司", "赣锋锂业", "江西新余", "碳酸锂、氢氧化锂", "新能源", "链外"],
        ["16", "江苏长电科技股份有限公司", "长电科技", "江苏江阴", "芯片封装测试", "集成电路", "链外"],
        ["17", "埃夫特智能装备股份有限公司", "埃夫特", "安徽芜湖", "工业机器人", "智能装备", "链外"],
    ]),
    ("p", "说明：名录按年更新；企业名称以营业执照为准，产品只列最主要的一至两项。"),
]

LIPF6_PDF = [
    ("h", "六氟磷酸锂与锂电池电解液产业链调研摘要"),
    ("p", "衢州市投资促进中心　新能源产业链专班　二〇二三年八月"),
    ("h", "一、产品和工艺"),
    ("p", "锂电池电解液由有机溶剂（碳酸乙烯酯、碳酸二甲酯等）、锂盐和添加剂组成，锂盐目前以六氟磷酸锂为主，"
          "新型锂盐双氟磺酰亚胺锂的用量正在上升。六氟磷酸锂的主要原料是无水氟化氢、五氯化磷和氟化锂，"
          "其中氟化锂又由碳酸锂制得，所以这一环节同时连着氟化工和锂资源两条上游。"),
    ("h", "二、主要企业"),
    ("p", "多氟多新材料股份有限公司（简称“多氟多”）位于河南焦作，从无机氟化物起家，六氟磷酸锂产能居国内前列，"
          "同时生产电子级氢氟酸和锂电池。"),
    ("p", "广州天赐高新材料股份有限公司（简称“天赐材料”）是电解液出货量最大的企业。它的子公司九江天赐高新材料"
          "有限公司位于江西九江，生产六氟磷酸锂和电解液，实现了锂盐自供。天赐材料是宁德时代新能源科技股份有限"
          "公司的主要电解液供应商。"),
    ("p", "浙江永太科技股份有限公司（简称“永太科技”）总部在台州临海，原以含氟医药和农药中间体为主，"
          "通过子公司邵武永太高新材料有限公司在福建邵武生产六氟磷酸锂和电解液。"),
    ("p", "深圳新宙邦科技股份有限公司（简称“新宙邦”）生产锂电池电解液和有机氟化学品，主要电解液基地在广东惠州。"),
    ("p", "锂源方面，江西宜春的锂云母资源和新余的江西赣锋锂业集团股份有限公司构成了华东最近的锂盐供应地，"
          "赣锋锂业向多家六氟磷酸锂生产商供应碳酸锂和氟化锂。"),
    ("h", "三、对衢州的判断"),
    ("p", "衢州上游有浙江巨化股份有限公司的无水氟化氢，下游有华友钴业的三元材料和鹏辉能源的储能电池，"
          "唯独中间的六氟磷酸锂和电解液是空白，属于典型的“断点”。建议按以下顺序对接：一是多氟多，"
          "其工艺与巨化股份的氟化氢原料最匹配；二是天赐材料，可带来电解液整线；三是永太科技，"
          "作为省内企业沟通成本最低。单个项目可参照年产2万吨六氟磷酸锂、总投资约２０亿元的规模谈判。"),
]

POLICY_PDF = [
    ("h", "衢州市关于加快六大标志性产业链高质量发展的若干政策意见（示例文本）"),
    ("p", "各县（市、区）人民政府，市政府各部门、各直属单位："),
    ("p", "为加快构建具有衢州辨识度的现代产业体系，推动新材料、新能源（锂电池）、集成电路、智能装备、"
          "生命健康、特种纸六大标志性产业链延链补链强链，现提出如下意见。"),
    ("h", "一、明确六条产业链的发展重点"),
    ("p", "（一）新材料产业链。以氟硅新材料为核心，依托浙江巨化股份有限公司和浙江永和制冷股份有限公司，"
          "发展含氟聚合物、含氟精细化学品和电子化学品，主要布局在衢州高新技术产业开发区。"),
    ("p", "（二）新能源（锂电池）产业链。以浙江华友钴业股份有限公司的三元前驱体和正极材料为牵引，"
          "引进六氟磷酸锂、电解液、负极材料和电池企业，主要布局在衢州智造新城。"),
    ("p", "（三）集成电路产业链。以金瑞泓微电子（衢州）有限公司的12英寸硅片和中巨芯科技股份有限公司的"
          "电子化学品为基础，重点补齐封装测试环节。"),
    ("p", "（四）智能装备产业链。以开山集团股份有限公司为链主，发展压缩机、输配电装备和工业机器人，"
          "支持江山市、常山县建设配套零部件基地。"),
    ("p", "（五）生命健康产业链。支持浙江华康药业股份有限公司在开化县扩大功能性糖醇产能，引进原料药和生物制品企业。"),
    ("p", "（六）特种纸产业链。支持仙鹤股份有限公司、五洲特种纸业集团股份有限公司做大做强，"
          "推动龙游县特种纸企业智能化改造。"),
    ("h", "二、支持政策"),
    ("p", "1．对新引进的总投资十亿元以上的链上制造业项目，按实际设备投资的百分之八给予补助，单个项目最高两千万元。"),
    ("p", "2．对填补本市产业链空白环节的项目，用地指标优先保障，补助上限提高到一亿元。"),
    ("p", "3．对链主企业牵头组建的产业联盟，每年给予不超过五百万元的运行经费支持。"),
    ("h", "三、附则"),
    ("p", "本意见自发布之日起施行，有效期三年。各县（市、区）可参照制定实施细则。"),
]

DOCX_DOCS = {
    "生命健康产业招商指南.docx": LIFE_HEALTH_DOCX,
    "重点企业名录.docx": COMPANY_LIST_DOCX,
}
PDF_DOCS = {
    "六氟磷酸锂与电解液调研.pdf": LIPF6_PDF,
    "六大产业链政策意见.pdf": POLICY_PDF,
}


# ---------------------------------------------------------------------------
# Writers
# ---------------------------------------------------------------------------

def build_docx(path: Path, blocks: list) -> None:
    """Write `blocks` as a .docx: the first heading at level 1, later ones at level 2."""
    document = Document()
    headings_seen = 0
    for kind, content in blocks:
        if kind == "h":
            headings_seen += 1
            document.add_heading(content, level=1 if headings_seen == 1 else 2)
        elif kind == "p":
            document.add_paragraph(content)
        else:
            _add_table(document, content)
    _freeze_core_properties(document)
    document.save(str(path))
    _normalise_zip_dates(path)


def _add_table(document, rows: list[list[str]]) -> None:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for row_cells, row_values in zip(table.rows, rows):
        for cell, value in zip(row_cells.cells, row_values):
            cell.text = value


def _freeze_core_properties(document) -> None:
    props = document.core_properties
    props.author = "chainkg"
    props.last_modified_by = "chainkg"
    props.created = FIXED_DATE
    props.modified = FIXED_DATE


def _normalise_zip_dates(path: Path) -> None:
    """Rewrite the zip with a fixed timestamp on every member, so rebuilds are identical."""
    with zipfile.ZipFile(path) as source:
        members = [(info.filename, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=FIXED_DATE.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, data)


def build_pdf(path: Path, blocks: list) -> None:
    """Write `blocks` (headings and paragraphs only) as an A4 PDF with real CJK text."""
    pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    heading = ParagraphStyle("h", fontName=CJK_FONT, fontSize=14, leading=22,
                             spaceBefore=6, spaceAfter=6, wordWrap="CJK")
    body = ParagraphStyle("p", fontName=CJK_FONT, fontSize=10.5, leading=15,
                          spaceAfter=6, wordWrap="CJK")
    story = [Spacer(1, 4 * mm)]
    for kind, content in blocks:
        if kind == "table":
            raise MakeDocsError(f"{path.name}: tables are not supported in PDFs here")
        story.append(Paragraph(content, heading if kind == "h" else body))
    template = SimpleDocTemplate(str(path), pagesize=A4, invariant=1, title=blocks[0][1],
                                 author="chainkg", leftMargin=22 * mm, rightMargin=22 * mm)
    template.build(story)


def verify_pdf_text(path: Path, blocks: list) -> None:
    """Raise MakeDocsError unless pdfminer reads every block of `blocks` back from `path`."""
    extracted = _squeeze(extract_text(str(path)))
    for _, content in blocks:
        if _squeeze(content) not in extracted:
            raise MakeDocsError(f"{path.name}: text not extractable: {content[:30]}…")


def _squeeze(text: str) -> str:
    # PDF line wrapping inserts newlines inside Chinese runs; whitespace carries no meaning here.
    return re.sub(r"\s+", "", text)


def build_all(out_dir: Path) -> list[Path]:
    """Build every .docx and .pdf sample document into `out_dir`; return the paths written."""
    written = []
    for name, blocks in DOCX_DOCS.items():
        build_docx(out_dir / name, blocks)
        written.append(out_dir / name)
    for name, blocks in PDF_DOCS.items():
        build_pdf(out_dir / name, blocks)
        verify_pdf_text(out_dir / name, blocks)
        written.append(out_dir / name)
    return written


def check_committed() -> list[str]:
    """Rebuild into a temporary directory and list the committed files that differ."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = build_all(Path(tmp))
        return [p.name for p in fresh
                if not (CORPORA_DIR / p.name).exists()
                or (CORPORA_DIR / p.name).read_bytes() != p.read_bytes()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if the committed files differ from a rebuild")
    args = parser.parse_args(argv)
    try:
        if args.check:
            stale = check_committed()
            print("stale: " + ", ".join(stale) if stale else "up to date")
            return 1 if stale else 0
        for path in build_all(CORPORA_DIR):
            print(f"wrote {path.relative_to(CORPORA_DIR.parent)}")
    except MakeDocsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
