"""The `leadbot_classify` spaCy component: after the rule readers, the trained classifier
decides which of their readings stand and adds its categorical answers."""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from bot.qualify.nlu.classify.clause import second_look
from bot.qualify.nlu.classify.decide import DECIDED, Thresholds, decide
from bot.qualify.nlu.classify.features import rule_hints
from bot.qualify.nlu.classify.model import Classifier
from bot.qualify.nlu.facts import Extraction
from bot.qualify.nlu.user_data import EXPECT, EXTRACTION, RULES

THRESHOLD = 0.5  # below this a head's answer is no fact (5-fold CV on our train split)


class Classify:
    """Pipeline component: reads `doc.user_data[EXTRACTION]` (the rules' readings), keeps
    them in `RULES`, and writes the decided facts back to `EXTRACTION`."""

    def __init__(self, classifier: Classifier, thresholds: Thresholds) -> None:
        self.classifier, self.thresholds = classifier, thresholds

    def __call__(self, doc: Doc) -> Doc:
        data = doc.user_data
        rules: Extraction = data[EXTRACTION]
        data[RULES] = rules
        hints = rule_hints(rules.as_contract())
        expect = data.get(EXPECT)
        predictions = self.classifier.predict_text(doc.text, expect, hints, DECIDED)
        looks = second_look(
            self.classifier, doc.text, rules, predictions, expect, hints, self.thresholds.default
        )
        predictions = {**predictions, **looks}
        data[EXTRACTION] = decide(rules, predictions, doc.text, self.thresholds)
        return doc


@Language.factory("leadbot_classify", default_config={"model": "", "threshold": THRESHOLD})
def _classify_factory(nlp: Language, name: str, model: str, threshold: float) -> Classify:
    return Classify(Classifier.load(Path(model)), Thresholds(threshold))
