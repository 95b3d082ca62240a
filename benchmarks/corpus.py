"""A reproducible corpus of synthetic wire-style articles on wars and diplomacy, for benchmarks.

Every article is assembled from templates written for this project, with a seeded random
generator: the same seed gives the same texts on every machine, so throughput figures compare.
The texts exercise every stage: datelines, titled officials, quotes with and without attribution,
casualty counts, relative dates, places, metonyms ("Moscow denied"), talks and sanctions.

    python benchmarks/corpus.py OUT_DIR [--n 200] [--seed 7]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

AGENCIES = ("Reuters", "AP", "AFP")

# (city, country name, region) — real places, as wire copy names them.
PLACES = (
    ("Kharkiv", "Ukraine", "Kharkiv region"), ("Odesa", "Ukraine", "Odesa region"),
    ("Zaporizhzhia", "Ukraine", "Zaporizhzhia region"), ("Kherson", "Ukraine", "Kherson region"),
    ("Dnipro", "Ukraine", "Dnipropetrovsk region"), ("Sumy", "Ukraine", "Sumy region"),
    ("Pokrovsk", "Ukraine", "Donetsk region"), ("Belgorod", "Russia", "Belgorod region"),
    ("Khan Younis", "Gaza", "southern Gaza"), ("Rafah", "Gaza", "southern Gaza"),
    ("Goma", "Congo", "North Kivu province"), ("El Fasher", "Sudan", "North Darfur"),
    ("Aleppo", "Syria", "northern Syria"), ("Tyre", "Lebanon", "southern Lebanon"),
)

OFFICIALS = (
    ("Oleh Syniehubov", "regional governor"), ("Ivan Fedorov", "regional governor"),
    ("Vyacheslav Gladkov", "regional governor"), ("Maria Kovalenko", "the mayor"),
    ("Ahmed Karim", "a civil defence spokesman"), ("Fatima Idris", "a local health official"),
    ("Jean-Paul Mbeki", "a provincial spokesman"),
    ("Lena Hoffmann", "a UN humanitarian coordinator"),
)

STATES = (
    ("Kyiv", "Ukraine's foreign ministry"), ("Moscow", "the Kremlin"),
    ("Washington", "the State Department"), ("Beijing", "China's foreign ministry"),
    ("Ankara", "Turkey's foreign ministry"), ("Brussels", "the European Commission"),
)

SANCTIONED = (("Moscow", "the Kremlin"), ("Tehran", "Iran's foreign ministry"),
              ("Minsk", "Belarus's foreign ministry"))

WEAPONS = ("missiles", "drones", "guided aerial bombs", "artillery shells", "rockets")
TARGETS = ("apartment block", "power plant", "railway station", "market", "school",
           "hospital", "grain terminal", "fuel depot")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
VENUES = ("Geneva", "Istanbul", "Doha", "Riyadh", "Vienna", "Cairo")
NUMBERS = (2, 3, 4, 5, 7, 9, 11, 12, 14, 17, 19, 23, 31, 40)


def _strike(rng: random.Random, city: str, region: str) -> list[str]:
    official, title = rng.choice(OFFICIALS)
    killed, injured = rng.choice(NUMBERS), rng.choice(NUMBERS) + rng.randint(0, 30)
    weapon, target, day = rng.choice(WEAPONS), rng.choice(TARGETS), rng.choice(DAYS)
    return [
        f"At least {killed} people were killed and {injured} injured when {weapon} hit "
        f"{city} in the {region} on {day}, local authorities said, in one of the deadliest "
        f"attacks on the area in recent weeks.",
        f"\"The {target} was hit twice within an hour. Rescuers are still searching the "
        f"rubble,\" {official}, {title}, wrote on Telegram. \"We expect the toll to rise.\"",
        f"{official} said {rng.choice(NUMBERS)} people were still missing and that "
        f"{rng.choice(('children', 'two rescuers', 'a pregnant woman'))} were among the dead.",
        f"Emergency crews worked through the night to put out fires at the {target}, and "
        f"about {rng.choice(NUMBERS) * 1000:,} homes were left without electricity.",
        f"The attack came {rng.choice(('a day', 'two days', 'a week'))} after a similar strike on "
        f"{rng.choice(PLACES)[0]} killed {rng.choice(NUMBERS)} people.",
    ]


def _talks(rng: random.Random, city: str) -> list[str]:
    (capital, ministry), (other, other_ministry) = rng.sample(STATES, 2)
    venue, day = rng.choice(VENUES), rng.choice(DAYS)
    return [
        f"Delegations are due to meet in {venue} next {day} for a new round of talks on a "
        f"ceasefire and a prisoner exchange, officials said.",
        f"{capital} rejected the proposal as \"a delay tactic\", while {other_ministry} said "
        f"it was ready to discuss \"every practical step\" to end the fighting.",
        f"{ministry.capitalize()} accused the other side of shelling civilian areas near "
        f"{city} and said it would not sign any deal that froze the front line.",
        f"{other} denied the accusation. A senior diplomat, who spoke on condition of anonymity, "
        f"said the talks could collapse if the attacks continued.",
        f"Last month both sides exchanged {rng.choice(NUMBERS) * 10} prisoners of war, and the "
        f"remains of {rng.choice(NUMBERS) * 20} soldiers were handed over.",
    ]


def _sanctions(rng: random.Random) -> list[str]:
    capital, ministry = rng.choice(SANCTIONED)
    return [
        f"The European Union on {rng.choice(DAYS)} adopted its {rng.randint(12, 19)}th package "
        f"of sanctions, targeting {rng.choice(NUMBERS) * 5} companies and "
        f"{rng.choice(NUMBERS)} individuals accused of supplying drone parts.",
        f"{ministry.capitalize()} said the measures were illegal and threatened to respond. "
        f"\"Such steps will not go unanswered,\" it said in a statement.",
        f"Kyiv has repeatedly called for more air defence systems and said on "
        f"{rng.choice(DAYS)} it expected new deliveries before the winter, while {capital} "
        f"warned that weapons deliveries would prolong the war.",
    ]


def _background(rng: random.Random, country: str) -> list[str]:
    year = rng.choice((2014, 2020, 2022, 2023))
    return [
        f"The conflict in {country} has killed tens of thousands of people since {year} and "
        f"displaced millions, according to United Nations estimates.",
        "Aid agencies have warned that hundreds of thousands of people could be forced from "
        "their homes if the fighting spreads.",
        f"The casualty figures could not be independently verified by {rng.choice(AGENCIES)}.",
    ]


def article(rng: random.Random) -> str:
    """One synthetic wire article: a date line, a dateline, then 12 to 20 paragraphs."""
    city, country, region = rng.choice(PLACES)
    agency = rng.choice(AGENCIES)
    published = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 600))
    paragraphs = _strike(rng, city, region)
    sections = [_talks(rng, city), _sanctions(rng), _background(rng, country),
                _strike(rng, *rng.choice(PLACES)[::2])]
    rng.shuffle(sections)
    for section in sections[: rng.randint(2, 4)]:
        paragraphs.extend(section)
    lead = f"{city.upper()}, {country} ({agency}) — {paragraphs[0]}"
    return "\n\n".join([f"date {published.isoformat()}", lead, *paragraphs[1:]]) + "\n"


def articles(n: int, seed: int = 7) -> list[str]:
    """The first n articles of the corpus for this seed."""
    rng = random.Random(seed)
    return [article(rng) for _ in range(n)]


def write_corpus(folder: Path, n: int, seed: int = 7) -> list[Path]:
    """Write the corpus as n text files (article-00000.txt, ...) and return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, text in enumerate(articles(n, seed)):
        path = folder / f"article-{i:05d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    """Write a corpus to a folder."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    paths = write_corpus(args.out, args.n, args.seed)
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in paths)
    print(f"{len(paths)} articles, {words} words -> {args.out}")


if __name__ == "__main__":
    main()
