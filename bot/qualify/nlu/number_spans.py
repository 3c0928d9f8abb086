"""Where a message has number words, and what they are worth, token by token."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from bot.qualify.nlu.number_readers import ENGLISH_SCALES, EnglishNumbers, GermanNumbers

_ONE = ("ein", "eine", "einen", "einer")
_SCALES = ("million", "millionen", "mio", "milliarde", "milliarden", "mrd", "tausend")


def spans_in(doc: Doc, reader: GermanNumbers | EnglishNumbers) -> list[tuple[int, int, float]]:
    """Number-word spans of a doc for the given reader."""
    if isinstance(reader, GermanNumbers):
        return _german(doc, reader)
    return _english(doc, reader)


_MILLION_SUFFIXES = ("millionen", "million")


def _millions(word: str, reader: GermanNumbers) -> float | None:
    """ "Viertelmillion", "Dreimillionen": a number word glued to "Million"."""
    for suffix in _MILLION_SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix):
            head = word[: -len(suffix)]
            value = reader.fractions.get(head) or reader.parse_word(head)
            return value * 1_000_000 if value else None
    return None


def _german(doc: Doc, reader: GermanNumbers) -> list[tuple[int, int, float]]:
    found: list[tuple[int, int, float]] = []
    tokens = list(doc)
    index = 0
    while index < len(tokens):
        word = tokens[index].lower_
        if word.endswith("-") and len(word) > 1:
            found.extend(_borrowed_scale(tokens, index, reader))
        elif (span := _german_number(tokens, index, reader)) is not None:
            found.append(span[:3])
            index = span[3]
        elif word in reader.dozen:
            found.append((tokens[index].idx, tokens[index].idx + len(tokens[index].text), 12.0))
        index += 1
    return found


def _borrowed_scale(
    tokens: list[Token], index: int, reader: GermanNumbers
) -> list[tuple[int, int, float]]:
    """ "elf- und vierzehntausend": the first number borrows the scale of the second."""
    token = tokens[index]
    stem = token.lower_[:-1]
    found = []
    for later in tokens[index + 1 : index + 3]:
        scale = next(
            (s for s in (reader.thousand, reader.hundred) if later.lower_.endswith(s)), ""
        )
        value = reader.parse_word(stem + scale) if scale else None
        if value is not None:
            found.append((token.idx, token.idx + len(token.text), value))
    return found


def _german_number(
    tokens: list[Token], index: int, reader: GermanNumbers
) -> tuple[int, int, float, int] | None:
    """(start, end, value, last token index) of a German number word at `index`, if any."""
    token = tokens[index]
    word = token.lower_
    start, end = token.idx, token.idx + len(token.text)
    value = reader.parse_word(word)
    following = tokens[index + 1].lower_ if index + 1 < len(tokens) else ""
    if value is None and word in _ONE and following.rstrip(".") in _SCALES:
        value = 1.0  # "eine Million", "ein Tausend"
    if value is None:
        value = _millions(word, reader)
    if value is None:
        return None
    if (
        (word in reader.fractions or word.endswith(_MILLION_SUFFIXES))
        and index > 0
        and tokens[index - 1].lower_ in ("eine", "einer", "einem", "einen", "ein")
    ):
        start = tokens[index - 1].idx
    if following in reader.dozen:
        value *= 12
        end = tokens[index + 1].idx + len(tokens[index + 1].text)
        index += 1
    return start, end, value, index


def _english(doc: Doc, reader: EnglishNumbers) -> list[tuple[int, int, float]]:
    found: list[tuple[int, int, float]] = []
    tokens = list(doc)
    index = 0
    while index < len(tokens):
        word = tokens[index].lower_
        if word in reader.fractions:
            last = (
                index + 1
                if tokens[index + 1 : index + 2] and tokens[index + 1].lower_ in ("a", "an")
                else index
            )
            end = tokens[last].idx + len(tokens[last].text)
            found.append((tokens[index].idx, end, reader.fractions[word]))
            index = last + 1
            continue
        following = tokens[index + 1].lower_ if index + 1 < len(tokens) else ""
        if word in ("a", "one") and following == "grand":
            # "a grand a month": the scale word follows, so the article is the number.
            found.append((tokens[index].idx, tokens[index].idx + len(word), 1.0))
            index += 1
            continue
        group = _english_group(tokens, index, reader)
        value = _english_value([tokens[i].lower_ for i in group], reader)
        if value is not None:
            first, last_token = tokens[group[0]], tokens[group[-1]]
            found.append((first.idx, last_token.idx + len(last_token.text), value))
            index = group[-1] + 1
        else:
            index += 1
    return found


def _english_group(tokens: list[Token], index: int, reader: EnglishNumbers) -> list[int]:
    """Indices of the tokens that may form one English number, starting at `index`."""
    group: list[int] = []
    cursor = index
    if (
        tokens[cursor].lower_ in ("a", "an", "one")
        and cursor + 1 < len(tokens)
        and tokens[cursor + 1].lower_
        in ("couple", "dozen", "hundred", "thousand", "million", "billion")
    ):
        group.append(cursor)
        cursor += 1
    while cursor < len(tokens):
        current = tokens[cursor].lower_
        following = tokens[cursor + 1].lower_ if cursor + 1 < len(tokens) else ""
        if not (
            reader.is_word(current)
            or (current == "couple" and following in ("hundred", "thousand", "of"))
            or (current in ("-", "and") and group and reader.is_word(following))
            or (current == "of" and group and tokens[group[-1]].lower_ == "couple")
        ):
            break
        group.append(cursor)
        cursor += 1
    return group


def _english_value(words: list[str], reader: EnglishNumbers) -> float | None:
    meaningful = [w for w in words if w not in ("-", "and", "a", "an", "of")]
    if not meaningful:
        return None
    if len(meaningful) == 1:
        only = meaningful[0]
        if only in reader.standalone:
            return float(reader.units.get(only, reader.tens.get(only, 0)))
        if only in ENGLISH_SCALES and words[0] in ("a", "an"):
            return float(ENGLISH_SCALES[only])  # "a dozen", "a hundred", "a thousand"
        return None
    total, current = 0.0, 0.0
    for word in meaningful:
        if word == "couple":
            current += 2
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in ("thousand", "million", "billion"):
            total += (current or 1) * ENGLISH_SCALES[word]
            current = 0
        elif word == "dozen":
            current = (current or 1) * 12
        else:
            current += reader.units.get(word, reader.tens.get(word, 0))
    return total + current
