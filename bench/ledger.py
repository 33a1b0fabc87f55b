"""A seeded DigiOne ledger: N payment rows and the invoices, costs, events, meetings, votes and
representatives they imply, written as a facts folder.

    python bench/ledger.py --rows 100000                  # bench/out/ledger-100000-20250630-english/
    python bench/ledger.py --rows 1000 --shape finnish    # the same world as a Finnish export

The world follows the amended agreement from 2023 to 2025, so that the rules really run:

- § 6.3: the steering group releases the 2023, 2024 and 2025 installments; Tiera invoices each pioneer
  its cell of the table within days; each pays by the due date in one to three posting lines; the last
  joining-fee installment 3.3 is invoiced and paid in 2024.  § 6.4: Tiera refunds each pioneer payment
  to Vantaa within the payment term.
- § 6.6: base and common-services maintenance fees per month from 1.1.2024 until version 2.0 is handed
  over (2.9.2024), split by the pioneers' shares; then service fees, per school and month, paid in
  posting lines per cost centre.  This is the bulk of the ledger: N sets how many schools are billed.
- Business Finland: the city boards confirm their self-financing, the steering group accepts the
  funding, grants are paid at 45 % of the eligible DigiOne2 costs booked; milestones for the goals.
- § 6.1/6.8: tests, readiness, acceptance and handover of 2.0 in order; warranty work after it,
  charged to the pioneers beyond Tiera's reserve, within their shares.
- Governance: steering-group and management-team meetings with materials and minutes, decisions with
  the pioneers' votes, procurements within the approvers' authority, reports to Vantaa's city board.

Money has cents throughout (fees are pupils × a unit price, costs are purchase lines), payment ids are
posting lines of vouchers numbered per year in booking order (`2024-0001234-002`), and rows come in
booking order.  A few things go wrong, as in any real ledger, at fixed rates: some invoices are paid
late (warnings), a few are not paid in full, one procurement exceeds its approver's authority, one
steering-group meeting got its materials late.  The contract's sums stay the contract's whatever N is:
more rows mean more schools and cost centres, not more money owed under § 6.3.

Shapes: `english` is the canonical export (UTF-8, `,`, ISO dates, `1234.56`, canonical names);
`finnish` a spreadsheet export (Windows-1252, `;`, `d.m.yyyy`, `1 234,56` with no-break spaces, Finnish
column names, party aliases and business ids, CRLF).  The same seed gives the same bytes.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
SEED = 20250630

# The rule book's tables (rules/parameters.rules, funding.rules, warranty.rules), in euros.
SHARE = {"Espoo": 25, "Oulu": 17, "Tampere": 14, "Turku": 11, "Vantaa": 18, "Lahti": 7, "Jyväskylä": 8}
PIONEERS = list(SHARE)
ADDITIONAL = {  # § 6.3 cells: 2023, 2024, 2025
    "Espoo": (297_946, 1_499_756, 408_203), "Oulu": (202_603, 1_019_834, 277_578),
    "Tampere": (166_850, 839_864, 228_594), "Turku": (131_096, 659_893, 179_609),
    "Vantaa": (214_521, 1_079_825, 293_906), "Lahti": (83_425, 419_932, 114_297),
    "Jyväskylä": (95_343, 479_922, 130_625),
}
JOINING_3_3 = {"Espoo": 167_436, "Oulu": 113_624, "Tampere": 96_896, "Turku": 76_045, "Vantaa": 122_758,
               "Lahti": 48_104, "Jyväskylä": 52_117}
BF_SELF_FINANCING = 1_287_000
HANDOVER_2_0 = dt.date(2024, 9, 2)
LAST_DAY = dt.date(2025, 12, 31)

COLUMNS = {
    "payments": ["id", "date", "kind", "payer", "payee", "amount", "project", "installment", "invoice", "note"],
    "invoices": ["id", "date", "kind", "issuer", "recipient", "amount", "installment", "due", "project"],
    "costs": ["id", "date", "project", "amount", "category", "eligible", "version", "note"],
    "events": ["id", "date", "type", "body", "subject", "party", "project", "version", "installment", "amount",
               "outcome", "ref", "effective", "note"],
    "meetings": ["id", "body", "date", "materials_sent", "minutes_sent", "members", "present", "unprepared_items"],
    "votes": ["decision", "voter", "vote"],
    "representatives": ["body", "party", "person", "role", "phase", "from", "to"],
}
MONEY = {"amount"}
DATES = {"date", "due", "effective", "materials_sent", "minutes_sent", "from", "to"}

# The Finnish shape: column names, member names and party spellings as a Finnish export writes them
# (the rule book's aliases).
FINNISH_COLUMNS = {
    "payments": ["tosite", "kirjauspäivä", "laji", "maksaja", "saaja", "summa", "projekti", "erä", "lasku", "selite"],
    "invoices": ["lasku", "laskupäivä", "laji", "laskuttaja", "vastaanottaja", "summa", "erä", "eräpäivä", "projekti"],
    "costs": ["tosite", "kirjauspäivä", "projekti", "summa", "kustannuslaji", "hyväksyttävä", "versio", "selite"],
    "events": ["tunnus", "pvm", "tyyppi", "toimielin", "asia", "osapuoli", "projekti", "versio", "erä", "summa",
               "tulos", "kokous", "voimaan", "selite"],
    "meetings": ["tunnus", "toimielin", "pvm", "esityslista lähetetty", "pöytäkirja lähetetty", "jäsenet", "läsnä",
                 "valmistelemattomat asiat"],
    "votes": ["päätös", "äänestäjä", "ääni"],
    "representatives": ["toimielin", "osapuoli", "henkilö", "rooli", "vaihe", "alkaen", "päättyen"],
}
FINNISH_MEMBERS = {
    "joining_fee": "liittymismaksu", "additional_funding": "lisärahoitus", "pioneer_refund": "edelläkävijäpalautus",
    "base_maintenance_fee": "perusylläpitomaksu", "common_services_fee": "yhteisten palvelujen ylläpitomaksu",
    "service_fee": "palvelumaksu", "warranty_charge": "virheenkorjausveloitus", "grant": "avustus",
    "development": "kehittäminen", "warranty_work": "virheenkorjaus", "other": "muu",
}
FINNISH_PARTIES = {
    "Espoo": ("Espoo", "Espoon kaupunki", "0101263-6"), "Oulu": ("Oulu", "Oulun kaupunki", "0187690-1"),
    "Tampere": ("Tampere", "Tampereen kaupunki", "0211675-2"), "Turku": ("Turku", "Turun kaupunki", "0204819-8"),
    "Vantaa": ("Vantaa", "Vantaan kaupunki", "0124610-9"), "Lahti": ("Lahti", "Lahden kaupunki", "0149669-3"),
    "Jyväskylä": ("Jyväskylä", "Jyväskylän kaupunki", "0174666-4"),
    "Tiera": ("Tiera", "Kuntien Tiera Oy", "2362180-3"), "BusinessFinland": ("Business Finland", "Business Finland Oy"),
}
PARTY_COLUMNS = {"payer", "payee", "issuer", "recipient", "voter"}
MEMBER_COLUMNS = {"kind", "category"}


def cents_of(euros: int) -> int:
    return euros * 100


def split(total: int, parts: int, rnd: random.Random, unit: int = 100) -> list[int]:
    """`total` in `parts` positive amounts (of at least `unit`) that add up to it exactly."""
    if parts <= 1 or total < parts * unit:
        return [total]
    cuts = sorted(rnd.sample(range(1, total), parts - 1))
    amounts = [b - a for a, b in zip([0, *cuts], [*cuts, total])]
    return amounts if min(amounts) > 0 else [total]


def share_of(total: int, party: str) -> int:
    """A pioneer's share of `total` cents, rounded half up to the cent."""
    return (total * SHARE[party] + 50) // 100


def months(first: dt.date, last: dt.date) -> list[dt.date]:
    out, d = [], first.replace(day=1)
    while d <= last:
        out.append(d)
        d = (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return out


def working_day(d: dt.date) -> dt.date:
    while d.weekday() >= 5:
        d += dt.timedelta(days=1)
    return d


class Ledger:
    """The tables of one world, built in the order things happened."""

    def __init__(self, rows: int, seed: int):
        self.rows = rows
        self.rnd = random.Random(seed)
        self.t: dict[str, list[dict]] = {name: [] for name in COLUMNS}
        self.invoice_numbers: dict[int, int] = {}
        self.event_number = 0
        self.late_rate = 0.002

    # ------------------------------------------------------------------ building blocks

    def invoice(self, date: dt.date, kind: str, recipient: str, amount: int, installment: str = "",
                issuer: str = "Tiera", project: str = "DigiOne", term: int = 30) -> dict:
        n = self.invoice_numbers[date.year] = self.invoice_numbers.get(date.year, 0) + 1
        row = {"id": f"TI-{date.year}-{n:06d}", "date": date, "kind": kind, "issuer": issuer, "recipient": recipient,
               "amount": amount, "installment": installment, "due": date + dt.timedelta(days=term), "project": project}
        self.t["invoices"].append(row)
        return row

    def pay(self, date: dt.date, kind: str, payer: str, payee: str, amounts: list[int], project: str = "DigiOne",
            installment: str = "", invoice: str = "", note: str = "") -> list[dict]:
        """One voucher: a payment booked in posting lines (ids are given when the ledger is sorted)."""
        voucher = [{"date": date, "kind": kind, "payer": payer, "payee": payee, "amount": a, "project": project,
                    "installment": installment, "invoice": invoice, "note": note} for a in amounts]
        self.t["payments"].append(voucher)  # type: ignore[arg-type]
        return voucher

    def pay_invoice(self, inv: dict, lines: int, days: int, note: str = "") -> None:
        self.pay(inv["date"] + dt.timedelta(days=days), inv["kind"], inv["recipient"], inv["issuer"],
                 split(inv["amount"], lines, self.rnd), inv["project"], inv["installment"], inv["id"], note)

    def event(self, date: dt.date, type_: str, **cells) -> dict:
        self.event_number += 1
        row = {"id": f"E-{self.event_number:06d}", "date": date, "type": type_, **cells}
        if type_ == "decision":
            row.setdefault("outcome", "approved")
        self.t["events"].append(row)
        return row

    def cost(self, date: dt.date, project: str, amount: int, category: str, eligible: bool = False,
             version: str = "", note: str = "") -> None:
        self.t["costs"].append({"date": date, "project": project, "amount": amount, "category": category,
                                "eligible": "true" if eligible else "false", "version": version, "note": note})

    def payment_days(self) -> int:
        """Days from invoice to payment: mostly within the term, sometimes late."""
        if self.rnd.random() < self.late_rate:
            return 30 + self.rnd.randrange(2, 25)
        return self.rnd.choice((6, 9, 12, 14, 16, 19, 21, 24, 27))

    # ------------------------------------------------------------------ the story

    def build(self) -> None:
        meetings = self.meetings()
        self.representatives()
        self.amendment()
        self.installments(meetings)
        self.joining_fee()
        self.business_finland(meetings)
        self.handover(meetings)
        self.maintenance_fees()
        costs_rows = max(self.rows // 5, 200)
        self.costs(costs_rows)
        self.warranty()
        self.procurements(max(self.rows // 2000, 10), meetings)
        self.refunds()
        self.service_fees(self.rows - sum(len(v) for v in self.t["payments"]))
        self.number()

    def meetings(self) -> dict[str, list[dict]]:
        rnd = self.rnd
        out: dict[str, list[dict]] = {"steering_group": [], "management_team": []}
        for year in (2023, 2024, 2025):
            for n, month in enumerate((2, 4, 6, 9, 11), 1):
                day = working_day(dt.date(year, month, rnd.randrange(8, 20)))
                late = year == 2024 and month == 9  # the one meeting whose materials went out late
                notice = 5 if late else rnd.randrange(8, 12)
                m = {"id": f"OR-{year}-{n}", "body": "steering_group", "date": day,
                     "materials_sent": day - dt.timedelta(days=notice), "minutes_sent": day + dt.timedelta(days=rnd.randrange(2, 7)),
                     "members": 14, "present": rnd.randrange(9, 15), "unprepared_items": "false"}
                if day <= LAST_DAY - dt.timedelta(days=10):
                    self.t["meetings"].append(m)
                    out["steering_group"].append(m)
            d = working_day(dt.date(year, 1, 11))
            n = 0
            while d.year == year and d <= LAST_DAY - dt.timedelta(days=5):
                wednesday = d + dt.timedelta(days=(2 - d.weekday()) % 7)
                n += 1
                m = {"id": f"JT-{year}-{n:02d}", "body": "management_team", "date": wednesday,
                     "materials_sent": wednesday - dt.timedelta(days=5), "minutes_sent": wednesday + dt.timedelta(days=1),
                     "members": 9, "present": rnd.randrange(6, 10), "unprepared_items": "true" if n % 7 == 0 else "false"}
                self.t["meetings"].append(m)
                out["management_team"].append(m)
                d = wednesday + dt.timedelta(days=14)
        self.t["meetings"].append({"id": "VK-2025", "body": "annual_meeting", "date": dt.date(2025, 1, 22),
                                   "materials_sent": dt.date(2025, 1, 8), "minutes_sent": dt.date(2025, 1, 29),
                                   "members": 9, "present": 9, "unprepared_items": "false"})
        return out

    def decide(self, meeting: dict, subject: str, votes: bool = True, **cells) -> dict:
        e = self.event(meeting["date"], "decision", body=meeting["body"], subject=subject, ref=meeting["id"], **cells)
        if votes and meeting["body"] == "steering_group":
            for p in PIONEERS:
                self.t["votes"].append({"decision": e["id"], "voter": p, "vote": "for"})
            tiera = "abstain" if subject in ("project_interruption", "service_contract") else "for"
            self.t["votes"].append({"decision": e["id"], "voter": "Tiera", "vote": tiera})
        return e

    def sg(self, meetings, year: int, month: int) -> dict:
        return next(m for m in meetings["steering_group"] if m["date"].year == year and m["date"].month == month)

    def representatives(self) -> None:
        seats = {"Espoo": 2, "Oulu": 2, "Tampere": 2, "Turku": 2, "Vantaa": 2, "Lahti": 1, "Jyväskylä": 1, "Tiera": 2}
        people = iter(f"Edustaja {i}" for i in range(1, 1000))
        for party, n in seats.items():
            for _ in range(n):
                self.t["representatives"].append({"body": "steering_group", "party": party, "person": next(people),
                                                  "role": "member", "phase": "project", "from": dt.date(2023, 1, 1),
                                                  "to": HANDOVER_2_0 - dt.timedelta(days=1)})
            self.t["representatives"].append({"body": "steering_group", "party": party, "person": next(people),
                                              "role": "deputy", "phase": "project", "from": dt.date(2023, 1, 1), "to": ""})
        for party in ("Espoo", "Oulu", "Tampere", "Vantaa", "Turku", "Tiera"):
            self.t["representatives"].append({"body": "steering_group", "party": party, "person": next(people),
                                              "role": "member", "phase": "service", "from": HANDOVER_2_0, "to": ""})

    def amendment(self) -> None:
        for n, p in enumerate(PIONEERS):
            self.event(dt.date(2023, 11, 20 + n), "decision", body="city_board", subject="amendment_approved", party=p)
        self.event(dt.date(2023, 12, 11), "decision", body="city_board", subject="amendment_approved", party="Vantaa",
                   note="KH 11.12.2023 § 13")
        self.event(dt.date(2023, 12, 20), "amendment_signed")

    def installments(self, meetings) -> None:
        for k, year in enumerate((2023, 2024, 2025)):
            release = self.decide(self.sg(meetings, year, 2), "release_installment", installment=str(year))
            day = working_day(release["date"] + dt.timedelta(days=self.rnd.randrange(3, 14)))
            for p in PIONEERS:
                inv = self.invoice(day, "additional_funding", p, cents_of(ADDITIONAL[p][k]), str(year))
                self.pay_invoice(inv, self.rnd.choice((1, 1, 2, 3)), self.rnd.randrange(10, 28))
        checkpoint = self.sg(meetings, 2024, 4)
        self.decide(checkpoint, "checkpoint_review")
        self.decide(checkpoint, "corrective_plan_approved")

    def joining_fee(self) -> None:
        day = dt.date(2024, 3, 4)
        for p in PIONEERS:
            inv = self.invoice(day, "joining_fee", p, cents_of(JOINING_3_3[p]), "3.3")
            self.pay_invoice(inv, self.rnd.choice((1, 2)), self.rnd.randrange(10, 28))

    def business_finland(self, meetings) -> None:
        for n, p in enumerate(PIONEERS):
            part = (BF_SELF_FINANCING * SHARE[p] + 50) // 100
            self.event(dt.date(2023, 12, 4 + n), "decision", body="city_board", subject="self_financing_confirmed",
                       party=p, project="DigiOne2", amount=cents_of(part))
        self.decide(self.sg(meetings, 2024, 2), "accept_bf_funding", project="DigiOne2")
        schools = ["Tapiolan lukio", "Oulun Lyseon lukio", "Tampereen lyseon lukio", "Vantaan lukio"]
        for n, school in enumerate(schools):
            self.event(dt.date(2024, 10, 7 + 7 * n), "milestone", subject="course_tray_school_test", party=school,
                       project="DigiOne2")
        for n, school in enumerate(["Kauklahden koulu", "Myyrmäen koulu"]):
            self.event(dt.date(2025, 3, 10 + 7 * n), "milestone", subject="app_ecosystem_school_test", party=school,
                       project="DigiOne2")
        self.event(dt.date(2025, 5, 19), "milestone", subject="sdk_released", project="DigiOne2")
        for n, company in enumerate(["Oppimo Oy", "Edukit Oy"]):
            self.event(dt.date(2025, 6, 2 + 14 * n), "milestone", subject="company_joined", party=company,
                       project="DigiOne2")

    def handover(self, meetings) -> None:
        self.event(dt.date(2024, 5, 17), "test_report", version="2.0", outcome="passed")
        self.decide(self.sg(meetings, 2024, 6), "handover_readiness", version="2.0")
        self.event(dt.date(2024, 8, 9), "acceptance_test", version="2.0", outcome="passed")
        decided = self.sg(meetings, 2024, 9)
        decision_day = min(decided["date"], HANDOVER_2_0)
        self.event(decision_day, "decision", body="steering_group", subject="handover", version="2.0")
        self.event(HANDOVER_2_0, "handover", version="2.0")
        self.event(dt.date(2025, 10, 15), "test_report", version="3.0", outcome="passed")
        self.decide(self.sg(meetings, 2025, 6), "budget_change")
        for period, day in (("spring", dt.date(2024, 5, 27)), ("autumn", dt.date(2024, 11, 25))):
            self.event(day, "report", body="city_board", party="Vantaa", note=f"{period} 2024")

    def maintenance_fees(self) -> None:
        """§ 6.6: base and common-services fees per month until 2.0 is handed over, split by shares."""
        rnd = self.rnd
        for month in months(dt.date(2024, 1, 1), HANDOVER_2_0 - dt.timedelta(days=1)):
            for kind, total in (("base_maintenance_fee", 5_833_333), ("common_services_fee", 2_291_667)):
                period = f"{month.year}-{month.month:02d}"
                for p in PIONEERS:
                    inv = self.invoice(working_day(month + dt.timedelta(days=2)), kind, p, share_of(total, p), period)
                    self.pay_invoice(inv, rnd.randrange(1, 6), self.payment_days())

    def service_fees(self, rows: int) -> None:
        """Service fees per billing unit (a school) and month from the handover of 2.0: pupils × the unit
        price, paid in one posting line per cost centre (a class or a grade: its pupils × the price)."""
        rnd = self.rnd
        periods = months(HANDOVER_2_0, LAST_DAY)
        per_month = rows / len(periods)
        weights = [SHARE[p] for p in PIONEERS]
        units: dict[str, list[tuple[int, int]]] = {p: [] for p in PIONEERS}  # (pupils, unit price in cents)
        made = invoices = 0
        for k, month in enumerate(periods):
            target = round(per_month * (k + 1))
            day = working_day(month + dt.timedelta(days=1))
            period = f"{month.year}-{month.month:02d}"
            unit_index = {p: 0 for p in PIONEERS}
            while made < target:
                p = rnd.choices(PIONEERS, weights)[0]
                i = unit_index[p]
                unit_index[p] += 1
                if i >= len(units[p]):
                    units[p].append((rnd.randrange(80, 1600), rnd.choice((235, 240, 245, 310, 395))))
                pupils, price = units[p][i]
                if rnd.random() < 0.05:  # pupils come and go
                    pupils = max(pupils + rnd.randrange(-40, 41), 20)
                    units[p][i] = (pupils, price)
                inv = self.invoice(day, "service_fee", p, pupils * price, period)
                invoices += 1
                lines = min(rnd.randrange(1, 9), target - made)
                amounts = [n * price for n in split(pupils, lines, rnd, unit=1)]
                if invoices % 50_000 == 100 and len(amounts) > 1:
                    amounts = amounts[:-1]  # a line never booked: the invoice is not paid in full
                self.pay(day + dt.timedelta(days=self.payment_days()), "service_fee", p, "Tiera", amounts,
                         installment=period, invoice=inv["id"])
                made += len(amounts)

    def costs(self, rows: int) -> None:
        """Project costs as the host city books them: some 25 M€ in purchase and salary lines with cents,
        finer-grained the more rows there are; DigiOne2's development mostly eligible for the grant."""
        rnd = self.rnd
        start = dt.date(2023, 1, 2)
        span = (LAST_DAY - start).days
        mean = 2_500_000_000 / rows
        notes = ("", "", "", "ostolasku", "palkat", "konsultointi", "lisenssit, pilvipalvelut")
        for _ in range(rows):
            day = start + dt.timedelta(days=rnd.randrange(span))
            amount = max(int(rnd.expovariate(1) * mean), 100)
            if day >= dt.date(2024, 2, 1) and rnd.random() < 0.12:
                self.cost(day, "DigiOne2", amount, "development", eligible=rnd.random() < 0.9, note=rnd.choice(notes))
            elif rnd.random() < 0.05:
                self.cost(day, "DigiOne", amount, "other", note=rnd.choice(notes))
            else:
                version = "2.0" if day < HANDOVER_2_0 else "3.0"
                self.cost(day, "DigiOne", amount, "development", version=version, note=rnd.choice(notes))

    def warranty(self) -> None:
        """Warranty work after 2.0's handover; the part beyond the 200 000 € reserve charged by shares."""
        rnd = self.rnd
        lines = max(self.rows // 200, 20)
        total = 130_000_000  # 1 300 000,00 € of warranty work in all
        span = (LAST_DAY - HANDOVER_2_0).days
        for amount in split(total, lines, rnd):
            day = HANDOVER_2_0 + dt.timedelta(days=rnd.randrange(span))
            self.cost(day, "DigiOne", amount, "warranty_work", version=rnd.choice(("1.0", "2.0", "2.0")))
        chargeable = (total - 20_000_000) * 7 // 10
        for quarter, day in enumerate((dt.date(2025, 4, 7), dt.date(2025, 7, 7), dt.date(2025, 10, 6))):
            for p in PIONEERS:
                inv = self.invoice(day, "warranty_charge", p, share_of(chargeable // 3, p), f"2025-Q{quarter + 1}")
                self.pay_invoice(inv, rnd.randrange(1, 4), self.payment_days())

    def procurements(self, n: int, meetings) -> None:
        rnd = self.rnd
        span = (LAST_DAY - dt.date(2023, 1, 2)).days
        vendors = ("Tieto Oy", "Gofore Oyj", "Solita Oy", "Vincit Oyj", "Tiera")
        for k in range(n):
            day = dt.date(2023, 1, 2) + dt.timedelta(days=rnd.randrange(span))
            if rnd.random() < 0.7:
                body, amount = "project_director", rnd.randrange(50_000, 1_000_000)
            else:
                body, amount = "management_team", rnd.randrange(1_000_000, 50_000_000)
            if k == n // 2:
                body, amount = "project_director", 1_450_000  # 14 500 €: beyond the project director's 10 000 €
            self.event(day, "procurement", body=body, party=rnd.choice(vendors), amount=amount)

    def refunds(self) -> None:
        """§ 6.4: each pioneer payment of a § 6.3 installment refunded to Vantaa within the term."""
        paid = [v for v in self.t["payments"] if v[0]["kind"] in ("additional_funding", "joining_fee")]  # type: ignore[index]
        for voucher in paid:
            first = voucher[0]  # type: ignore[index]
            total = sum(line["amount"] for line in voucher)  # type: ignore[union-attr]
            self.pay(first["date"] + dt.timedelta(days=self.rnd.randrange(5, 26)), "pioneer_refund", "Tiera", "Vantaa",
                     [total], installment=first["installment"], note=f"palautus {first['payer']}")
        eligible = sorted((c["date"], c["amount"]) for c in self.t["costs"] if c["eligible"] == "true")
        paid_so_far = 0
        for day in (dt.date(2024, 6, 14), dt.date(2024, 12, 13), dt.date(2025, 6, 13), dt.date(2025, 12, 12)):
            booked = sum(a for d, a in eligible if d < day)
            grant = min(booked * 45 // 100, 128_700_000) - paid_so_far
            if grant > 0:
                self.pay(day, "grant", "BusinessFinland", "Tiera", [grant], project="DigiOne2")
                paid_so_far += grant

    # ------------------------------------------------------------------ ids and order

    def number(self) -> None:
        """Payments in booking order, numbered as vouchers per year with their posting lines; the other
        dated tables in date order with ids to match."""
        vouchers = sorted(self.t["payments"], key=lambda v: v[0]["date"])  # type: ignore[index]
        rows: list[dict] = []
        per_year: dict[int, int] = {}
        for voucher in vouchers:
            year = voucher[0]["date"].year  # type: ignore[index]
            n = per_year[year] = per_year.get(year, 0) + 1
            for line, row in enumerate(voucher, 1):  # type: ignore[arg-type]
                row["id"] = f"{year}-{n:07d}-{line:03d}"
                rows.append(row)
        self.t["payments"] = rows
        self.t["costs"].sort(key=lambda r: r["date"])
        for n, row in enumerate(self.t["costs"], 1):
            row["id"] = f"K-{row['date'].year}-{n:07d}"
        self.t["invoices"].sort(key=lambda r: r["id"])


# ------------------------------------------------------------------------------ writing

def cell(value, column: str, finnish: bool, rnd: random.Random) -> str:
    if value is None or value == "":
        return ""
    if column in MONEY:
        euros, cents = divmod(value, 100)
        if finnish:
            return f"{euros:,}".replace(",", "\u00a0") + f",{cents:02d}"
        return f"{euros}.{cents:02d}"
    if isinstance(value, dt.date):
        return f"{value.day}.{value.month}.{value.year}" if finnish else value.isoformat()
    if finnish and column in PARTY_COLUMNS and value in FINNISH_PARTIES:
        return rnd.choice(FINNISH_PARTIES[value])
    if finnish and column in MEMBER_COLUMNS:
        return FINNISH_MEMBERS.get(value, value)
    return str(value)


def write(ledger: Ledger, folder: Path, shape: str = "english") -> None:
    finnish = shape == "finnish"
    folder.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(len(ledger.t["payments"]))
    for table, columns in COLUMNS.items():
        buf = io.StringIO(newline="")
        w = csv.writer(buf, delimiter=";" if finnish else ",", lineterminator="\r\n" if finnish else "\n")
        w.writerow(FINNISH_COLUMNS[table] if finnish else columns)
        for row in ledger.t[table]:
            w.writerow([cell(row.get(c), c, finnish, rnd) for c in columns])
        data = buf.getvalue().encode("cp1252" if finnish else "utf-8")
        (folder / f"{table}.csv").write_bytes(data)


def folder_for(rows: int, seed: int = SEED, shape: str = "english") -> Path:
    return OUT / f"ledger-{rows}-{seed}-{shape}"


def ensure(rows: int, seed: int = SEED, shape: str = "english", quiet: bool = False) -> Path:
    """The facts folder of this size, seed and shape, generated once and reused."""
    folder = folder_for(rows, seed, shape)
    if not (folder / "payments.csv").exists():
        start = time.perf_counter()
        ledger = Ledger(rows, seed)
        ledger.build()
        write(ledger, folder.with_name(folder.name + ".tmp"), shape)
        folder.with_name(folder.name + ".tmp").rename(folder)
        if not quiet:
            size = sum(f.stat().st_size for f in folder.iterdir()) / 1e6
            counts = ", ".join(f"{t} {len(v)}" for t, v in ledger.t.items())
            print(f"generated {folder.name}: {counts}; {size:.1f} MB in {time.perf_counter() - start:.1f} s")
    return folder


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=100_000, help="payment rows")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--shape", choices=("english", "finnish"), default="english")
    args = ap.parse_args()
    print(ensure(args.rows, args.seed, args.shape))


if __name__ == "__main__":
    main()
