"""The shipped NER (models/ner): character offsets, scoring, decoding, split stability."""

from __future__ import annotations

import json

import numpy
import pytest

from chainkg.extract.ner import NerError, NerModel, evaluate_ner
from chainkg.extract.ner.biluo import BiluoTagger, allowed_transitions, decode_biluo, viterbi_biluo
from chainkg.extract.ner.data import BOSON_LABELS, Record, chunk_record, parse_line, split_of

# Sentences written for this test, with every company the shipped model must find exactly.
SENTENCES = {
    "浙江华友钴业股份有限公司在衢州投资建设三元前驱体项目。": ["浙江华友钴业股份有限公司"],
    "记者从衢州市经信局获悉，巨化集团有限公司将扩建电子化学品产能。": ["巨化集团有限公司"],
    "比亚迪股份有限公司与华为技术有限公司签署战略合作协议。": ["比亚迪股份有限公司", "华为技术有限公司"],
    "阿里巴巴集团今天宣布与腾讯公司合作。": ["阿里巴巴集团", "腾讯公司"],
}


@pytest.fixture(scope="module")
def model() -> NerModel:
    return NerModel.load()


def test_company_spans_at_character_offsets(model):
    texts = list(SENTENCES)
    for text, spans in zip(texts, model.predict(texts)):
        for company in SENTENCES[text]:
            start = text.index(company)
            assert (start, start + len(company), "COMPANY", 1.0) in spans
        for s, e, label, score in spans:
            assert 0 <= s < e <= len(text) and label in model.labels and score == 1.0


def test_predict_keeps_order_and_handles_empty_and_latin(model):
    texts = ["", "   ", "Tesla 在上海建厂。", "今天天气很好。"]
    results = list(model.predict(texts, batch_size=2))
    assert len(results) == 4
    assert results[0] == [] and results[1] == []


def _write_cluener(path, rows):
    path.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in rows) + "\n", encoding="utf-8")


def test_evaluate_ner_counts_exact_spans(model, tmp_path):
    text = "比亚迪股份有限公司与华为技术有限公司签署战略合作协议。"
    predicted = [(s, e) for s, e, label, _ in next(model.predict([text])) if label == "COMPANY"]
    assert predicted, "the model finds at least one company here"
    hit_start, hit_end = predicted[0]
    data = tmp_path / "tiny.jsonl"
    # Gold: one span the model predicted (a hit), one it cannot have predicted
    # (ordinary words, in a second line), and a label we do not predict (ignored).
    _write_cluener(data, [
        {"text": text, "label": {"company": {text[hit_start:hit_end]: [[hit_start, hit_end - 1]]},
                                 "name": {"华为": [[10, 11]]}}},
        {"text": "今天天气很好。", "label": {"company": {"天气": [[2, 3]]}}},
    ])
    extra = [s for s, e, label, _ in next(model.predict(["今天天气很好。"])) if label == "COMPANY"]
    scores = evaluate_ner(model, data, {"company": "COMPANY"})
    assert scores["COMPANY"]["n"] == 2
    assert scores["COMPANY"]["r"] == 0.5
    assert scores["COMPANY"]["p"] == round(1 / (len(predicted) + len(extra)), 4)
    assert set(scores) == {"COMPANY", "ALL"}


def test_evaluate_ner_names_a_bad_file(model, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n", encoding="utf-8")
    with pytest.raises(NerError, match="bad.jsonl:1"):
        evaluate_ner(model, bad, {"company": "COMPANY"})
    with pytest.raises(NerError, match="no such"):
        evaluate_ner(model, tmp_path / "missing.jsonl", {"company": "COMPANY"})


def test_load_missing_model_is_a_named_error(tmp_path):
    with pytest.raises(NerError, match="no trained NER"):
        NerModel.load(tmp_path)


def test_decode_biluo_is_lenient():
    tags = ["I-ORG", "L-ORG", "O", "B-COMPANY", "I-COMPANY", "U-PRODUCT", "B-ORG"]
    assert decode_biluo(tags) == [(0, 2, "ORG"), (3, 5, "COMPANY"), (5, 6, "PRODUCT"), (6, 7, "ORG")]


def _is_valid_biluo(path, tags):
    trans, first, last = allowed_transitions(tags)
    return (not len(path) or (first[path[0]] and last[path[-1]])) and all(
        trans[a, b] for a, b in zip(path[:-1], path[1:]))


def test_viterbi_repairs_an_invalid_argmax_and_keeps_a_valid_one():
    tags = ["B-COMPANY", "I-COMPANY", "L-COMPANY", "O", "U-COMPANY"]
    probs = numpy.array([[.1, .1, .1, .6, .1],     # O
                         [.1, .5, .3, .05, .05],   # argmax I- without a B: invalid
                         [.1, .1, .6, .1, .1]], dtype="float32")
    assert not _is_valid_biluo(probs.argmax(axis=1).tolist(), tags)
    repaired, first_only, empty = viterbi_biluo([numpy.log(probs), numpy.log(probs[:1]), numpy.log(probs[:0])], tags)
    assert [tags[i] for i in repaired] == ["O", "B-COMPANY", "L-COMPANY"]
    assert first_only.tolist() == [3] and empty.tolist() == []
    rng = numpy.random.default_rng(7)
    for _ in range(50):
        log_probs = numpy.log(rng.dirichlet(numpy.ones(len(tags)), size=int(rng.integers(1, 12))))
        (path,) = viterbi_biluo([log_probs], tags)
        assert _is_valid_biluo(path.tolist(), tags)
        argmax = log_probs.argmax(axis=1)
        if _is_valid_biluo(argmax.tolist(), tags):
            assert path.tolist() == argmax.tolist()


def test_viterbi_finds_the_best_valid_sequence():
    import itertools
    tags = ["B-ORG", "I-ORG", "L-ORG", "O", "U-ORG", "B-X_PER", "L-X_PER", "U-X_PER"]  # X_PER has no I-
    rng = numpy.random.default_rng(11)
    for n in (1, 2, 3, 4):
        docs = [numpy.log(rng.dirichlet(numpy.ones(len(tags)), size=n)).astype("float32") for _ in range(6)]
        for log_probs, path in zip(docs, viterbi_biluo(docs, tags)):
            best = max((sum(log_probs[i, t] for i, t in enumerate(seq)), seq)
                       for seq in itertools.product(range(len(tags)), repeat=n) if _is_valid_biluo(list(seq), tags))
            assert _is_valid_biluo(path.tolist(), tags)
            assert sum(log_probs[i, t] for i, t in enumerate(path)) == pytest.approx(best[0], abs=1e-5)


def test_crf_loss_and_gradient_match_brute_force():
    import itertools

    from chainkg.extract.ner.crf import crf_loss
    tags = ["B-ORG", "I-ORG", "L-ORG", "O", "U-ORG", "B-X_PER", "L-X_PER", "U-X_PER"]
    rng = numpy.random.default_rng(3)
    docs = [numpy.log(rng.dirichlet(numpy.ones(len(tags)), size=n)) for n in (1, 2, 3, 4)]
    golds = [numpy.array(path) for path in ([3], [0, 2], [4, 3, 7], [5, 6, 0, 2])]
    loss, gradients = crf_loss(docs, golds, tags)
    expected = 0.0
    for log_probs, gold, gradient in zip(docs, golds, gradients):
        n = len(log_probs)
        paths = [p for p in itertools.product(range(len(tags)), repeat=n) if _is_valid_biluo(list(p), tags)]
        scores = numpy.array([sum(log_probs[i, t] for i, t in enumerate(p)) for p in paths])
        log_z = numpy.log(numpy.exp(scores).sum())
        expected += log_z - sum(log_probs[i, t] for i, t in enumerate(gold))
        marginals = numpy.zeros((n, len(tags)))
        for p, weight in zip(paths, numpy.exp(scores - log_z)):
            marginals[numpy.arange(n), list(p)] += weight
        marginals[numpy.arange(n), gold] -= 1.0
        assert numpy.abs(marginals - gradient).max() < 1e-6  # d loss / d emissions
    assert loss == pytest.approx(expected, rel=1e-9)


def test_lattice_marks_every_dictionary_word_not_only_the_cut():
    from chainkg.extract.ner.features import _TAG_GROUPS, _lattice_of_text
    text = "中国银行在宜宾"
    mask = [int(m) for m in _lattice_of_text(text)]
    org, place = _TAG_GROUPS["nt"], _TAG_GROUPS["ns"]
    assert mask[0] & (1 << (3 * org))       # 中 begins 中国银行 (nt)
    assert mask[1] & (1 << (3 * org + 1))   # 国 inside it
    assert mask[3] & (1 << (3 * org + 2))   # 行 ends it
    assert mask[5] & (1 << (3 * place)) and mask[6] & (1 << (3 * place + 2))  # 宜宾 (ns)
    assert mask[4] == 0                     # 在: no word of 2+ characters
    assert _lattice_of_text("").tolist() == []


def test_shipped_model_tags_only_valid_sequences(model):
    tagger = model.nlp.get_pipe("tagger")
    assert isinstance(tagger, BiluoTagger)
    tags = list(tagger.labels)
    for doc in model.nlp.pipe(list(SENTENCES) + ["中国宝武钢铁集团有限公司、宁德时代新能源科技股份有限公司和国家电网签约。"]):
        path = [tags.index(token.tag_) for token in doc]
        assert _is_valid_biluo(path, tags)


def test_entities_leave_out_auxiliary_labels():
    import spacy

    from chainkg.extract.ner.biluo import BiluoEntities
    nlp = spacy.blank("zh")
    doc = nlp("张三在华为工作")
    for token, tag in zip(doc, ["B-X_PER", "L-X_PER", "O", "B-COMPANY", "L-COMPANY", "O", "O"]):
        token.tag_ = tag
    doc = BiluoEntities("ents")(doc)
    assert [(ent.text, ent.label_) for ent in doc.ents] == [("华为", "COMPANY")]


def test_prepare_adds_auxiliary_types_to_training_only(tmp_path):
    from spacy.tokens import DocBin

    from chainkg.extract.ner import prepare
    def row(i):
        text = f"{i}号玩家张三在腾讯公司玩王者荣耀。"

        def at(name):
            return {name: [[text.index(name), text.index(name) + len(name) - 1]]}
        return {"text": text, "label": {"company": at("腾讯公司"), "name": at("张三"), "game": at("王者荣耀")}}

    rows = [row(i) for i in range(60)]
    corpus = tmp_path / "aux.jsonl"
    _write_cluener(corpus, rows)
    prepare.prepare(str(corpus), None, tmp_path / "data")
    vocab = __import__("spacy").blank("zh").vocab

    def labels(split):
        docs = DocBin().from_disk(tmp_path / "data" / f"{split}.spacy").get_docs(vocab)
        return {(ent.text, ent.label_) for doc in docs for ent in doc.ents}

    assert labels("train") == {("腾讯公司", "COMPANY"), ("张三", "X_PER"), ("王者荣耀", "X_GAME")}
    assert labels("dev") == labels("test") == {("腾讯公司", "COMPANY")}
    prepare.prepare(str(corpus), None, tmp_path / "plain", aux=False)
    docs = DocBin().from_disk(tmp_path / "plain" / "train.spacy").get_docs(vocab)
    assert {ent.label_ for doc in docs for ent in doc.ents} == {"COMPANY"}


def test_weak_labels_come_from_the_lexicon_and_company_rules_only(tmp_path):
    from spacy.tokens import DocBin

    from chainkg.extract.ner import weak
    texts = ["今天天气很好。远帆锂业股份有限公司在衢州建设碳酸锂项目。没有别的。", "这里没有企业。"]
    records = list(weak.weak_records(iter(texts), limit=10))
    assert [r.text for r in records] == ["远帆锂业股份有限公司在衢州建设碳酸锂项目。"]
    labelled = {(records[0].text[s:e], label) for s, e, label in records[0].spans}
    assert labelled == {("远帆锂业股份有限公司", "COMPANY"), ("碳酸锂", "PRODUCT")}
    corpus = tmp_path / "items.jsonl"
    corpus.write_text("\n".join(json.dumps({"text": t}, ensure_ascii=False) for t in texts * 3), encoding="utf-8")
    weak.main(["--corpus", str(corpus), "--out", str(tmp_path / "weak.spacy"), "--limit", "2"])
    import spacy
    docs = list(DocBin().from_disk(tmp_path / "weak.spacy").get_docs(spacy.blank("zh").vocab))
    assert len(docs) == 2 and all(doc.ents for doc in docs)


def test_boson_line_and_chunking_keep_spans_whole():
    text = "甲公司发布。" * 80 + "华为技术有限公司推出Mate手机。"
    start = text.index("华为")
    line = json.dumps({"text": text, "entity_list": [
        {"entity_type": "company_name", "entity": "华为技术有限公司", "entity_index": {"begin": start, "end": start + 8}},
        {"entity_type": "person_name", "entity": "x", "entity_index": {"begin": 0, "end": 1}},
    ]}, ensure_ascii=False)
    record = parse_line(line, BOSON_LABELS)
    assert record.spans == [(start, start + 8, "COMPANY")]
    pieces = chunk_record(record, max_chars=100)
    assert "".join(piece.text for piece in pieces) == text
    found = [p.text[s:e] for p in pieces for s, e, _ in p.spans]
    assert found == ["华为技术有限公司"]


def test_split_is_deterministic_and_roughly_80_10_10():
    splits = [split_of(i) for i in range(10_000)]
    assert splits == [split_of(i) for i in range(10_000)]
    assert 0.77 < splits.count("train") / 10_000 < 0.83
    assert 0.08 < splits.count("test") / 10_000 < 0.12
    assert isinstance(Record("x").spans, list)


def test_soft_word_keys_follow_the_segmentation_and_stay_on_characters():
    import spacy

    from chainkg.extract.ner.features import segmenter, word_keys

    nlp = spacy.blank("zh")  # one token per character
    text = "宁德时代在宜宾投资 ABC 电池项目。"
    doc = nlp(text)
    keys = word_keys(doc)
    assert keys.shape == (len(doc), 2)
    words = list(segmenter().cut(text, HMM=False))
    assert "".join(words) == text
    # characters of one word share the word (column 0 differs only by the place mixed in),
    # and the same word elsewhere gets the same keys
    first = words[0]
    assert len(first) >= 2 and keys[0, 0] != keys[len(first) - 1, 0]
    again = word_keys(nlp(first + "，" + first))
    assert (again[:len(first)] == again[len(first) + 1:]).all()
    # place matters: the same character alone (S) and inside a word (B) get different char keys
    alone = word_keys(nlp("宁"))
    assert alone[0, 1] != keys[0, 1]
    # tokens are looked up by their character offset, so spaces and Latin runs keep rows aligned
    latin = [i for i, token in enumerate(doc) if token.text.startswith("A")][0]
    assert keys[latin, 0] == word_keys(nlp("ABC"))[0, 0]


@pytest.mark.parametrize("config", ["char_ngram_tagger.cfg", "char_ngram_word_tagger.cfg"])
def test_prepare_train_export_smoke(tmp_path, config):
    """The whole build (JSONL -> DocBins -> training -> exported model + metrics) on a tiny corpus."""
    from chainkg.extract.ner import prepare, train

    rows = [{"text": f"{name}在衢州投资建设新项目。", "label": {"company": {name: [[0, len(name) - 1]]}}}
            for name in ("甲乙科技有限公司", "丙丁材料股份有限公司", "戊己能源集团", "庚辛化工有限公司") * 10]
    corpus = tmp_path / "tiny.jsonl"
    _write_cluener(corpus, rows)
    counts = prepare.prepare(str(corpus), None, tmp_path / "data")
    assert counts["train"] + counts["dev"] + counts["test"] == 40
    out = tmp_path / "model"
    train.main(["--data", str(tmp_path / "data"), "--out", str(out),
                "--config", str(train.DEFAULT_CONFIG.with_name(config)),
                "--set", "training.max_steps=4", "--set", "training.eval_frequency=2",
                "--set", 'components.tok2vec.model.embed.ngram_rows=[500, 500, 500]'])
    metrics = json.loads((out / "metrics.json").read_text())
    assert set(metrics["test"]["cluener"]) == {"COMPANY", "ORG", "ALL"}
    assert NerModel.load(out).labels == ("COMPANY", "ORG", "PRODUCT")
    # a run stopped by hand: export its best checkpoint without training again
    again = tmp_path / "again"
    train.main(["--data", str(tmp_path / "data"), "--out", str(again), "--export-only"])
    assert json.loads((again / "metrics.json").read_text())["test"] == metrics["test"]
    with pytest.raises(NerError, match="no checkpoint"):
        train.main(["--data", str(tmp_path / "data"), "--out", str(again), "--export-only",
                    "--workdir", str(tmp_path / "nothing")])
    # the final fit: train+dev for a fixed step count, last checkpoint, test metrics only
    final = tmp_path / "final"
    train.main(["--data", str(tmp_path / "data"), "--out", str(final), "--workdir", str(tmp_path / "run_final"),
                "--config", str(train.DEFAULT_CONFIG.with_name(config)), "--final-steps", "3",
                "--set", "training.eval_frequency=2",
                "--set", 'components.tok2vec.model.embed.ngram_rows=[500, 500, 500]'])
    final_metrics = json.loads((final / "metrics.json").read_text())
    assert final_metrics["trained_on"] == "train+dev" and "dev" not in final_metrics
    assert (tmp_path / "run_final" / "model-last").is_dir()


@pytest.mark.parametrize("args", [
    ["-m", "extract.ner.prepare", "--cluener", "{missing}", "--out", "{tmp}/data"],
    ["-m", "extract.ner.train", "--data", "{tmp}", "--out", "{tmp}/m", "--export-only"],
    ["-m", "extract.ner.weak", "--corpus", "{missing}", "--out", "{tmp}/w.spacy"],
    ["-m", "extract.ner.weak", "--corpus", "{bad}", "--out", "{tmp}/w.spacy"],
    ["benchmarks/extract_speed.py", "--cctv", "{missing}", "--limit-chars", "10"],
    ["benchmarks/ner_eval.py", "--cluener", "{missing}", "--boson", "{missing}"],
], ids=["prepare", "train", "weak-missing", "weak-bad-line", "extract_speed", "ner_eval"])
def test_training_and_benchmark_scripts_name_bad_input_in_one_line(tmp_path, args):
    import subprocess
    import sys
    from pathlib import Path

    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "远帆锂业"}\nnot json\n', encoding="utf-8")
    filled = [a.format(missing=tmp_path / "缺失.jsonl", tmp=tmp_path, bad=bad) for a in args]
    done = subprocess.run([sys.executable, *filled], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[1], timeout=300)
    errors = [line for line in done.stderr.splitlines() if ": error: " in line]
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and len(errors) == 1
    assert str(tmp_path) in errors[0]  # names the file

