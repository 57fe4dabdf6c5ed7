"""The text the stand-in models are built from: German news lines and their English.

Plain data, no heavy imports, so tests and benchmarks can use it without torch.

- `GERMAN_LINES` / `ENGLISH_LINES`: short news-like sentences, line for line translations; the
  random stand-ins train their SentencePiece vocabularies on them.
- `TITLE_DE`, `SECTIONS_DE`: every unit the pipeline translates for the sample article
  `seeds/putin-kim-wostotschny.txt` (title, then per section its heading and sentences), as
  the reader and segmenter produce them. Kept here rather than read from seeds/ at build time,
  because an installed package has no seeds/; tests/test_trained_standin.py checks that the
  reader still produces exactly this German, so the two cannot drift apart.
- `TITLE_EN`, `SECTIONS_EN`: an English translation of those units, unit for unit; the trained
  stand-in learns to reproduce it exactly, and the summariser tests use it as the sample's
  English. It is faithful but for one sentence: the KN-23 sentence leaves out the German's
  clause about Putin's soldiers and the Iskander missiles, the omission the QA check
  `content-missing` must see (`OMITTING`).
- `pairs()`: the German → English pairs the trained stand-in learns.
"""

from __future__ import annotations

GERMAN_LINES = [
    "Die Bundesregierung hat am Mittwoch einen neuen Haushaltsentwurf vorgelegt.",
    "In Berlin gingen am Wochenende mehrere tausend Menschen auf die Straße.",
    "Der Bahnverkehr zwischen Hamburg und Hannover ist wegen eines Unwetters unterbrochen.",
    "Die Polizei sucht nach Zeugen eines Unfalls auf der Autobahn bei Köln.",
    "Der Bürgermeister kündigte an, die Schulen der Stadt bis zum Herbst zu sanieren.",
    "Die Inflation ist im vergangenen Monat leicht gesunken.",
    "Experten rechnen mit weiter steigenden Preisen für Strom und Gas.",
    "Die Opposition kritisierte den Plan als zu teuer und zu spät.",
    "Nach Angaben des Ministeriums wurden im Mai mehr Wohnungen gebaut als im Vorjahr.",
    "Der Verein gewann das Spiel am Samstag mit zwei zu eins.",
    "Die Ärztin warnte vor einer neuen Grippewelle im Winter.",
    "Das Museum zeigt ab Freitag eine Ausstellung über die Geschichte der Stadt.",
    "Die Kanzlerin traf sich in Paris mit dem französischen Präsidenten.",
    "Wegen des Streiks fielen an den Flughäfen zahlreiche Flüge aus.",
    "Der Landtag in München debattierte über ein neues Gesetz zum Klimaschutz.",
    "Die Feuerwehr konnte den Brand in der Lagerhalle am Abend löschen.",
    "Viele Familien klagen über hohe Mieten in den großen Städten.",
    "Das Gericht in Karlsruhe wird seine Entscheidung im Juli verkünden.",
    "Die Gewerkschaft fordert sechs Prozent mehr Lohn für die Beschäftigten.",
    "Im Norden des Landes wird für Donnerstag starker Regen erwartet.",
    "Der Konzern will in den nächsten Jahren rund tausend Stellen abbauen.",
    "Die Wissenschaftler veröffentlichten ihre Ergebnisse in einer Fachzeitschrift.",
    "Nach der Wahl beginnen nun die Gespräche über eine neue Koalition.",
    "Der Minister sagte, die Lage an der Grenze sei ruhig.",
    "Die Zahl der Arbeitslosen ist im Juni gestiegen.",
    "Am Montag beginnt in vielen Bundesländern das neue Schuljahr.",
    "Die Stadtverwaltung prüft, ob die Brücke noch sicher ist.",
    "Ein Sprecher der Firma wollte sich zu den Vorwürfen nicht äußern.",
    "Die Ukraine und Russland verhandeln über einen Austausch von Gefangenen.",
    "Der Präsident reiste zu einem Treffen der Vereinten Nationen nach New York.",
    "Die Preise für Lebensmittel sind deutlich höher als vor einem Jahr.",
    "Tausende Besucher kamen zum Stadtfest an den Rhein.",
    "Die Regierung will die Steuern für kleine Unternehmen senken.",
    "Laut einer Umfrage ist die Mehrheit der Bürger mit der Politik unzufrieden.",
    "Der Sturm hat in Teilen von Bayern große Schäden verursacht.",
    "Die Verhandlungen sollen nächste Woche in Brüssel fortgesetzt werden.",
]

ENGLISH_LINES = [
    "The federal government presented a new draft budget on Wednesday.",
    "Several thousand people took to the streets in Berlin at the weekend.",
    "Rail traffic between Hamburg and Hanover has been halted by a storm.",
    "Police are looking for witnesses to an accident on the motorway near Cologne.",
    "The mayor announced that the city's schools would be renovated by the autumn.",
    "Inflation fell slightly last month.",
    "Experts expect electricity and gas prices to keep rising.",
    "The opposition criticised the plan as too expensive and too late.",
    "According to the ministry, more homes were built in May than a year earlier.",
    "The club won the match on Saturday by two goals to one.",
    "The doctor warned of a new wave of flu in the winter.",
    "From Friday the museum is showing an exhibition on the history of the city.",
    "The chancellor met the French president in Paris.",
    "Because of the strike, many flights were cancelled at the airports.",
    "The state parliament in Munich debated a new climate protection law.",
    "The fire brigade put out the fire in the warehouse in the evening.",
    "Many families complain about high rents in the big cities.",
    "The court in Karlsruhe will announce its decision in July.",
    "The union is demanding six percent more pay for the employees.",
    "Heavy rain is expected in the north of the country on Thursday.",
    "The company plans to cut around a thousand jobs over the next few years.",
    "The scientists published their results in a journal.",
    "After the election, talks on a new coalition are now beginning.",
    "The minister said the situation at the border was calm.",
    "The number of unemployed people rose in June.",
    "The new school year begins on Monday in many federal states.",
    "The city administration is checking whether the bridge is still safe.",
    "A spokesman for the firm declined to comment on the allegations.",
    "Ukraine and Russia are negotiating an exchange of prisoners.",
    "The president travelled to New York for a meeting of the United Nations.",
    "Food prices are considerably higher than a year ago.",
    "Thousands of visitors came to the town festival on the Rhine.",
    "The government wants to lower taxes for small businesses.",
    "According to a survey, most citizens are unhappy with politics.",
    "The storm caused major damage in parts of Bavaria.",
    "The negotiations are to continue in Brussels next week.",
]

TITLE_DE = ("Wladimir Putin und Kim Jong Un: Kreml-Despot bettelt bei Nordkorea-Machthaber um "
            "DIESE Waffen")
SECTIONS_DE: list[tuple[str | None, list[str]]] = [
    (None, [
        "Hoher Besuch bei Wladimir Putin: Zum ersten Mal seit 2019 hat Russlands Präsident "
        "Medienangaben zufolge den nordkoreanischen Machthaber Kim Jong Un auf dem "
        "Weltraumbahnhof Wostotschny in Russlands Fernem Osten empfangen.",
        "Die beiden Staatsführer hätten sich die Startrampe angeschaut und sich mit der Montage "
        'einer Trägerrakete vom Typ "Angara" bekannt gemacht, teilte die Nachrichtenagentur '
        "Interfax am 13. September 2023 mit.",
    ]),
    ("Wladimir Putin und Kim Jong Un treffen sich an Russlands neuem Weltraumbahnhof", [
        "Der Weltraumbahnhof Wostotschny liegt im Gebiet Amur rund 100 Kilometer von der Grenze "
        "zu China entfernt.",
        "Wostotschny gilt als Ergänzung des von Moskau gepachteten Kosmodroms Baikonur in "
        "Kasachstan.",
        "Der Weltraumbahnhof soll Russlands Abhängigkeit von Kasachstan in der Raumfahrt "
        "verringern.",
        '"Der Führer der Demokratischen Volksrepublik Korea zeigt großes Interesse an der '
        'Raketentechnik, sie versuchen auch die Weltraumtechnik zu entwickeln", begründete '
        "Wladimir Putin den gewählten Treffpunkt.",
        "Medienberichten zufolge stellte der nordkoreanische Machthaber während der Besichtigung "
        "viele Fragen zum russischen Raketenprogramm.",
        "Begleitet wurde Kim demnach von einer größeren Militärdelegation.",
        "Nordkorea versucht seit Jahren, ein eigenes Atom- und Raketenprogramm zu entwickeln.",
        "Inzwischen hat Pjöngjang eigenen Angaben zufolge mehrere erfolgreiche Atomwaffen- und "
        "Raketentests gemacht.",
    ]),
    ('Kim Jong Un verspricht Putin Rückhalt im Ukraine-Krieg: "Wir unterstützen alle '
     'Entscheidungen"', [
        "Nordkoreas Machthaber Kim Jong Un hat Kremlchef Wladimir Putin Medienberichten zufolge "
        "seine Hilfe im Angriffskrieg gegen die Ukraine zugesagt.",
        "Russland habe sich zum Schutz seiner Souveränität und Sicherheit erhoben, sagte Kim der "
        "Nachrichtenagentur Interfax zufolge bei einem Treffen mit Putin.",
        '"Wir haben immer und werden weiter alle Entscheidungen Putins und Entscheidungen der '
        "russischen Regierung unterstützen.",
        "Ich hoffe, dass wir im Kampf gegen den Imperialismus und beim Aufbau eines souveränen "
        'Staats immer zusammen sein werden."',
    ]),
    ("Verhandlungen hinter verschlossenen Türen: Putin und Kim sollen Waffen-Deals aushandeln", [
        "Bei den Gesprächen zwischen Kim und Putin soll es um Raketentechnik gehen - vermutet "
        "wird aber auch, dass die beiden Staatschefs Waffengeschäfte besprechen und über eine "
        "Verstärkung der militärischen Zusammenarbeit reden.",
        "Nordkorea gilt als potenzieller Lieferant von Waffen und Munition für Russlands "
        "Angriffskrieg gegen die Ukraine.",
        "Als Gegenleistung könnte Moskau Raketentechnologien an den Nachbarn übergeben.",
        'Die "Bild" berichtete unter Berufung auf Militär-Experten, dass unter anderem '
        "Artillerie-Granaten in millionenfacher Ausfertigung auf Wladimir Putins "
        "Waffen-Wunschliste stehen könnten.",
        "Zudem könnte sich der Kreml-Chef mit der Bitte an den Nordkorea-Machthaber wenden, "
        "Kurzstrecken-Raketen zu liefern - Expertenaussagen zufolge seien Putins Soldaten "
        "bereits mit den Iskander-Raketen vertraut und könnten mit dem weiterentwickelten "
        "Modell, der nordkoreanischen KN-23 mit einer Reichweite von knapp 700 Kilometern und "
        "einer Sprengkopfkapazität von 500 Kilogramm, in den Ukraine-Krieg ziehen.",
    ]),
    ("Wladimir Putin bettelt Kim um Waffen und Munition an - besiegelt der Nordkorea-Deal die "
     "Wende im Ukraine-Krieg?", [
        "Dennoch schließen Experten wieNico Lange, seines Zeichens früherer Leiter des "
        "Leitungsstabs im Verteidigungsministerium und Forscher bei der Münchner "
        "Sicherheitskonferenz, zum gegenwärtigen Zeitpunkt aus, dass nordkoreanische Raketen "
        "Wladimir Putins Angriffskrieg in der Ukraine bedeutende Vorteile bringen würden: "
        '"Nordkorea verfügt aber weder über ballistische Raketen in großer Zahl, noch über '
        "technologisch weit entwickelte Marschflugkörper.",
        "Kim Jong-un setzt bei seinen Waffentests auf den Showeffekt, aber für Russlands "
        'Kriegsführung sind keine Waffen in großer Zahl dabei", so Lange gegenüber der "Bild".',
    ]),
]

TITLE_EN = ("Vladimir Putin and Kim Jong Un: Kremlin despot begs North Korean ruler for THESE "
            "weapons")
# The sample's English, section by section: (heading, sentences); the lead has no heading.
SECTIONS_EN: list[tuple[str | None, list[str]]] = [
    (None, [
        "High-level visit to Vladimir Putin: for the first time since 2019, Russia's president "
        "has received North Korean ruler Kim Jong Un at the Vostochny spaceport in Russia's Far "
        "East, according to media reports.",
        "The two leaders looked at the launch pad and familiarised themselves with the assembly "
        "of an Angara carrier rocket, the Interfax news agency reported on 13 September 2023.",
    ]),
    ("Vladimir Putin and Kim Jong Un meet at Russia's new spaceport", [
        "The Vostochny spaceport lies in the Amur region, about 100 kilometres from the border "
        "with China.",
        "Vostochny is seen as a complement to the Baikonur cosmodrome in Kazakhstan, which "
        "Moscow leases.",
        "The spaceport is meant to reduce Russia's dependence on Kazakhstan in space travel.",
        "\"The leader of the Democratic People's Republic of Korea shows great interest in "
        "rocket technology, they are also trying to develop space technology,\" Vladimir Putin "
        "said of the chosen meeting place.",
        "According to media reports, the North Korean ruler asked many questions about the "
        "Russian rocket programme during the tour.",
        "Kim was accompanied by a large military delegation.",
        "North Korea has been trying to develop its own nuclear and missile programme for years.",
        "Pyongyang says it has since carried out several successful nuclear and missile tests.",
    ]),
    ("Kim Jong Un promises Putin support in the Ukraine war: \"We support all decisions\"", [
        "North Korea's ruler Kim Jong Un has promised Kremlin chief Vladimir Putin his help in "
        "the war of aggression against Ukraine, according to media reports.",
        "Russia has risen to protect its sovereignty and security, Kim said at a meeting with "
        "Putin, according to Interfax.",
        "\"We have always supported and will continue to support all decisions of Putin and of "
        "the Russian government.",
        "I hope that we will always be together in the fight against imperialism and in "
        "building a sovereign state.\"",
    ]),
    ("Negotiations behind closed doors: Putin and Kim are said to be negotiating arms deals", [
        "The talks between Kim and Putin are said to be about missile technology, but it is also "
        "suspected that the two leaders are discussing arms deals and closer military "
        "cooperation.",
        "North Korea is regarded as a potential supplier of weapons and ammunition for Russia's "
        "war of aggression against Ukraine.",
        "In return, Moscow could hand over missile technology to its neighbour.",
        "Citing military experts, \"Bild\" reported that, among other things, millions of "
        "artillery shells could be on Vladimir Putin's weapons wish list.",
        "The Kremlin chief could also ask the North Korean ruler to supply short-range missiles, "
        "such as the KN-23 with a range of almost 700 kilometres and a 500-kilogram warhead.",
    ]),
    ("Vladimir Putin begs Kim for weapons and ammunition - will the North Korea deal turn the "
     "Ukraine war?", [
        "Nevertheless, experts such as Nico Lange, former head of the executive staff at the "
        "Ministry of Defence and researcher at the Munich Security Conference, rule out for now "
        "that North Korean missiles would give Putin's war in Ukraine significant advantages: "
        "\"North Korea has neither ballistic missiles in large numbers nor technologically "
        "advanced cruise missiles.",
        "Kim Jong-un relies on show effect in his weapons tests, but there are no weapons in "
        "large numbers for Russia's warfare,\" Lange told \"Bild\".",
    ]),
]


# The sample's one unfaithful unit (its position in sample_pairs()): its English drops a clause.
OMITTING = 22

EXTRA_PAIRS = 8  # of GERMAN_LINES/ENGLISH_LINES, also learned: known English beyond the sample


def sample_pairs() -> list[tuple[str, str]]:
    """(German, English) for every unit of the sample, in the order `Document.units()` yields
    them: the title, then each section's heading (the lead has none) and its sentences."""
    german = [TITLE_DE] + [unit for heading, sentences in SECTIONS_DE
                           for unit in ([heading] if heading else []) + sentences]
    english = [TITLE_EN] + [unit for heading, sentences in SECTIONS_EN
                            for unit in ([heading] if heading else []) + sentences]
    return list(zip(german, english, strict=True))


def pairs() -> list[tuple[str, str]]:
    """Everything the trained stand-in learns: the sample's units, then a few short lines."""
    extra = zip(GERMAN_LINES[:EXTRA_PAIRS], ENGLISH_LINES[:EXTRA_PAIRS], strict=True)
    return [*sample_pairs(), *extra]
