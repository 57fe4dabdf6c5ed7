"""The fact check of model summaries (translate.summarizers.facts): every name, number,
quantity and date a summary states must be in the text it summarises."""

from __future__ import annotations

import pytest

from translate.summarizers.facts import unsupported

TEXT = ("High-level visit to Vladimir Putin: for the first time since 2019, Russia's president "
        "has received North Korean ruler Kim Jong Un at the Vostochny spaceport. The Interfax "
        "news agency reported on 13 September 2023 that two leaders looked at the launch pad. "
        "The KN-23 has a range of almost 700 kilometres and a 500-kilogram warhead. More than "
        "1.000 documents circulate, the Baikonur cosmodrome lies in Kazakhstan; Ukraine's "
        "allies and China watch. Kim Jong-un relies on show effect.")


@pytest.mark.parametrize(("summary", "missing"), [
    # what SmolLM2-135M wrote about the sample: names and figures the text does not have
    ("Kim Jong Un seeks closer military cooperation with the United States.",
     ["United States"]),
    ("Putin and Kim met at the Vostok spaceport.", ["Vostok"]),
    ("They have met in Moscow since 2019.", ["Moscow"]),
    ("The missiles have a 500-kilometer range.", ["500 km"]),
    ("The North Korea North War goes on.", ["North Korea North War"]),
    ("Putin met Kim on 14 September 2023.", ["14", "14 september"]),
    ("Putin met Kim on 2 September.", ["2 september"]),  # "two leaders" is no date
    ("The talks began in 2021.", ["2021"]),
    # what the text says, written as a summary may write it
    ("Russia's President Vladimir Putin received Kim Jong Un at Vostochny.", []),
    ("The Vostochny spaceport saw Putin and the North Korean ruler on September 13th, 2023.",
     []),
    ("Kim Jong-Un relies on show effect, Interfax reported.", []),
    ("The KN-23 reaches 700 km with a 500 kg warhead.", []),
    ("More than 1,000 documents circulate.", []),
    ("Ukrainian allies and the Chinese watch; Kazakhstan has the Baikonur Cosmodrome.", []),
    ("Documents say Two leaders met.", []),  # the text has both, in lower case
    ("However, Russia's president met Kim.", []),  # a function word opening a sentence
    ("The two leaders met for the first time since 2019.", []),
    ("I think Putin's guest was Kim.", []),
])
def test_unsupported_facts(summary, missing):
    assert unsupported(summary, TEXT) == missing


UKRAINE = ("Ukraine says its air defence shot down 500 drones overnight. The air force "
           "reported attacks on Kyiv and Odesa; experts expect more.")


@pytest.mark.parametrize(("summary", "missing"), [
    # a word opening a sentence is checked too
    ("Russia fired 500 missiles.", ["Russia"]),
    ("Moscow denied the attacks on Kyiv.", ["Moscow"]),
    ("“Poland shot down 500 drones.”", ["Poland"]),
    ("Ukraine shot down 500 drones.", []),
    ("Drones attacked Kyiv; Experts expect more.", []),  # the text has them in lower case
    ("Overnight, the air force reported attacks.", []),
    ("After the attacks, Ukraine's air force reported 500 drones.", []),
    ("Despite the attacks, both cities hold; Neither expects peace.", []),
    # what the check cannot tell: a common word the text lacks, capitalised by its place ...
    ("Tensions rose after the attacks.", ["Tensions"]),
    # ... nor a claim the text does not make, when its names and figures are in the text
    ("Kyiv fired 500 drones at Odesa.", []),
])
def test_a_word_opening_a_sentence_is_checked_unless_a_function_word(summary, missing):
    assert unsupported(summary, UKRAINE) == missing
