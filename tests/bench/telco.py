#!/usr/bin/env python3
"""Seeded tables for the speed and memory benchmarks: every benchmark measures on files of its own.

What it writes
    telco      The public layout of IBM's Telco customer-churn sample (customerID, gender,
               SeniorCitizen, Partner, Dependents, tenure, PhoneService, MultipleLines,
               InternetService, OnlineSecurity, OnlineBackup, DeviceProtection, TechSupport,
               StreamingTV, StreamingMovies, Contract, PaperlessBilling, PaymentMethod,
               MonthlyCharges, TotalCharges, Churn), 7,043 rows by default, with four planted
               groups of customers (new month-to-month fibre on electronic cheques who churn;
               long two-year contracts with every add-on; phone-only customers without internet;
               families on one-year DSL who stream). As in the public file, TotalCharges is blank
               for customers of tenure 0.
    customers  A customer table of about ten columns, numeric and categorical (customer_id,
               country, industry, employees, plan, channel, annual_spend, orders, age,
               days_since_last_order), five planted groups; 20,000 or 200,000 rows for the
               analysis benchmark, 1,000,000 for the memory one.
    numbers    Rows of 8 numbers (x0..x7) from 8 Gaussian blobs, for the fixed-k benchmark.
    wide       The customer table with ten more columns (20 in all: sessions, pages per visit,
               tickets, NPS, discount share, returns, tenure, device, newsletter, region), written
               in chunks: 10,000,000 rows by default, about a gigabyte, for the page's largest file.

    Each table is a function of (rows, seed) only: numpy's default_rng(seed), numbers written
    with a fixed number of decimals, so two runs write the same bytes.

How to run
    python3 tests/bench/telco.py telco FILE [--rows 7043] [--seed 13]
    python3 tests/bench/telco.py customers FILE --rows 200000 [--seed 13]
    python3 tests/bench/telco.py numbers FILE [--rows 100000] [--seed 13]
    python3 tests/bench/telco.py wide FILE [--rows 10000000] [--seed 13]
The other benchmarks import it (auto-vs-sklearn.py, fixedk-vs-sklearn.py, memory.py). It needs
numpy only. CI does not run it.
"""

import argparse
import sys

import numpy as np

TELCO_COLUMNS = [
    "customerID", "gender", "SeniorCitizen", "Partner", "Dependents", "tenure", "PhoneService",
    "MultipleLines", "InternetService", "OnlineSecurity", "OnlineBackup", "DeviceProtection",
    "TechSupport", "StreamingTV", "StreamingMovies", "Contract", "PaperlessBilling",
    "PaymentMethod", "MonthlyCharges", "TotalCharges", "Churn",
]

PAYMENTS = ["Electronic check", "Mailed check", "Bank transfer (automatic)", "Credit card (automatic)"]
CONTRACTS = ["Month-to-month", "One year", "Two year"]


def _yes(rng, p):
    """Yes/No with probability p of Yes, elementwise over the array p."""
    return np.where(rng.random(p.shape) < p, "Yes", "No")


def telco(rows: int = 7043, seed: int = 13) -> bytes:
    """The Telco layout with four planted groups (see the module's header)."""
    rng = np.random.default_rng(seed)
    group = rng.choice(4, size=rows, p=[0.3, 0.25, 0.2, 0.25])

    def by_group(values):
        return np.asarray(values)[group]

    letters = np.array(list("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    ids = [
        f"{n:04d}-{''.join(w)}"
        for n, w in zip(rng.integers(0, 10000, rows), letters[rng.integers(0, 26, (rows, 5))])
    ]
    gender = np.where(rng.random(rows) < 0.5, "Female", "Male")
    senior = (rng.random(rows) < by_group([0.25, 0.12, 0.1, 0.08])).astype(int)
    partner = _yes(rng, by_group([0.3, 0.7, 0.45, 0.8]))
    dependents = _yes(rng, by_group([0.1, 0.4, 0.3, 0.7]))
    tenure_mean = by_group([6.0, 60.0, 30.0, 35.0])
    tenure = np.clip(np.rint(tenure_mean + rng.normal(0, 1, rows) * by_group([5.0, 8.0, 18.0, 12.0])), 0, 72).astype(int)
    # A few new customers have tenure 0, as in the public file (whose TotalCharges are blank).
    tenure[rng.random(rows) < 0.0016] = 0

    phone = _yes(rng, by_group([0.9, 0.95, 1.0, 0.85]))
    multiple = np.where(phone == "No", "No phone service", _yes(rng, by_group([0.4, 0.7, 0.2, 0.5])))
    internet = by_group(["Fiber optic", "Fiber optic", "No", "DSL"])
    # Some members of the fibre groups are on DSL, so groups overlap as real ones do.
    swap = (rng.random(rows) < 0.15) & (internet != "No")
    internet = np.where(swap, np.where(internet == "DSL", "Fiber optic", "DSL"), internet)
    addon_p = {
        "OnlineSecurity": [0.15, 0.8, 0, 0.4],
        "OnlineBackup": [0.2, 0.8, 0, 0.45],
        "DeviceProtection": [0.2, 0.8, 0, 0.4],
        "TechSupport": [0.1, 0.75, 0, 0.35],
        "StreamingTV": [0.45, 0.7, 0, 0.75],
        "StreamingMovies": [0.45, 0.7, 0, 0.75],
    }
    addons = {
        name: np.where(internet == "No", "No internet service", _yes(rng, by_group(p)))
        for name, p in addon_p.items()
    }
    contract = np.array(CONTRACTS)[
        np.array([rng.choice(3, p=p) for p in by_group([[0.9, 0.08, 0.02], [0.05, 0.25, 0.7], [0.35, 0.25, 0.4], [0.2, 0.65, 0.15]])])
    ]
    paperless = _yes(rng, by_group([0.85, 0.6, 0.3, 0.55]))
    payment = np.array(PAYMENTS)[
        np.array([rng.choice(4, p=p) for p in by_group([[0.7, 0.1, 0.1, 0.1], [0.1, 0.1, 0.4, 0.4], [0.2, 0.5, 0.15, 0.15], [0.3, 0.2, 0.25, 0.25]])])
    ]
    base = np.where(internet == "Fiber optic", 70.0, np.where(internet == "DSL", 45.0, 20.0))
    extras = sum((addons[a] == "Yes") * 5.0 for a in addons) + (multiple == "Yes") * 5.0
    monthly = np.round(base + extras + rng.normal(0, 3, rows), 2)
    total = np.round(monthly * tenure * rng.uniform(0.95, 1.05, rows), 2)
    churn = _yes(rng, by_group([0.55, 0.05, 0.08, 0.15]))

    columns = [
        ids, gender, senior, partner, dependents, tenure, phone, multiple, internet,
        *addons.values(), contract, paperless, payment,
        [f"{m:.2f}" for m in monthly],
        # The public file writes a single space for the blank TotalCharges.
        [" " if t == 0 else f"{c:.2f}" for t, c in zip(tenure, total)],
        churn,
    ]
    return _csv(TELCO_COLUMNS, columns, rows)


CUSTOMER_COLUMNS = [
    "customer_id", "country", "industry", "employees", "plan", "channel", "annual_spend",
    "orders", "age", "days_since_last_order",
]
COUNTRIES = ["Germany", "France", "Spain", "Italy", "Netherlands", "Poland", "Sweden", "United Kingdom"]
INDUSTRIES = ["Retail", "Software", "Healthcare", "Manufacturing", "Finance", "Education", "Logistics", "Hospitality"]
BANDS = ["1-10", "11-50", "51-200", "201-1000", "1000+"]
PLANS = ["Free", "Starter", "Pro", "Enterprise"]
CHANNELS = ["Web", "Partner", "Sales", "Marketplace"]


def customers(rows: int, seed: int = 13) -> bytes:
    """A customer table with five planted groups (see the module's header)."""
    _, columns = _customer_columns(rows, seed)
    return _csv(CUSTOMER_COLUMNS, columns, rows)


def _customer_columns(rows: int, seed: int, first_id: int = 1):
    """The customer table's groups and columns, ids from `first_id`."""
    rng = np.random.default_rng(seed)
    g = rng.choice(5, size=rows, p=[0.3, 0.25, 0.2, 0.15, 0.1])

    def pick(names, probs):
        # One categorical draw per row from its group's distribution, vectorised by inverse CDF.
        cdf = np.cumsum(np.asarray(probs), axis=1)[g]
        idx = (rng.random((rows, 1)) > cdf).sum(axis=1)
        return np.asarray(names)[np.minimum(idx, len(names) - 1)]

    flat = [1 / len(COUNTRIES)] * len(COUNTRIES)
    country = pick(COUNTRIES, [flat] * 5)
    industry = pick(INDUSTRIES, [
        [0.5, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.2],
        [0.05, 0.6, 0.05, 0.05, 0.15, 0.05, 0.0, 0.05],
        [0.1, 0.1, 0.3, 0.2, 0.1, 0.1, 0.1, 0.0],
        [0.05, 0.2, 0.1, 0.3, 0.2, 0.0, 0.15, 0.0],
        [0.125] * 8,
    ])
    employees = pick(BANDS, [
        [0.6, 0.3, 0.1, 0.0, 0.0],
        [0.1, 0.4, 0.4, 0.1, 0.0],
        [0.0, 0.1, 0.4, 0.4, 0.1],
        [0.0, 0.0, 0.1, 0.4, 0.5],
        [0.5, 0.5, 0.0, 0.0, 0.0],
    ])
    plan = pick(PLANS, [
        [0.1, 0.7, 0.2, 0.0],
        [0.0, 0.2, 0.7, 0.1],
        [0.0, 0.1, 0.6, 0.3],
        [0.0, 0.0, 0.2, 0.8],
        [0.9, 0.1, 0.0, 0.0],
    ])
    channel = pick(CHANNELS, [
        [0.7, 0.1, 0.0, 0.2],
        [0.5, 0.2, 0.2, 0.1],
        [0.1, 0.4, 0.5, 0.0],
        [0.0, 0.2, 0.8, 0.0],
        [0.6, 0.0, 0.0, 0.4],
    ])
    spend = np.exp(np.array([7.5, 9.0, 10.0, 11.5, 3.0])[g] + rng.normal(0, 0.5, rows))
    spend = np.where(g == 4, 0.0, spend)
    orders = rng.poisson(np.array([4.0, 12.0, 20.0, 40.0, 0.5])[g])
    age = np.clip(np.rint(np.array([28.0, 38.0, 45.0, 52.0, 33.0])[g] + rng.normal(0, 7, rows)), 18, 90).astype(int)
    recency = np.rint(rng.exponential(np.array([60.0, 30.0, 20.0, 10.0, 300.0])[g])).astype(int)
    ids = [f"CU{i:07d}" for i in rng.permutation(rows) + first_id]
    columns = [
        ids, country, industry, employees, plan, channel,
        [f"{s:.2f}" for s in spend], orders, age, recency,
    ]
    return g, columns


WIDE_EXTRA = [
    "sessions", "pages_per_visit", "support_tickets", "nps", "discount_share", "returns",
    "tenure_months", "device", "newsletter", "region",
]
DEVICES = ["Desktop", "Mobile", "Tablet"]
REGIONS = ["North", "South", "East", "West", "Central"]
WIDE_CHUNK = 250_000


def wide(rows: int, seed: int, out) -> int:
    """The customer table with ten more columns (20 in all), written to `out` in chunks of
    250,000 rows (chunk i drawn from seed * 1000 + i), so that a file of a gigabyte needs little
    memory to write. Returns the bytes written."""
    written = out.write((",".join(CUSTOMER_COLUMNS + WIDE_EXTRA) + "\n").encode("ascii"))
    for i, start in enumerate(range(0, rows, WIDE_CHUNK)):
        n = min(WIDE_CHUNK, rows - start)
        g, columns = _customer_columns(n, seed * 1000 + i, first_id=start + 1)
        rng = np.random.default_rng(seed * 1000 + i + 500)
        sessions = rng.poisson(np.array([5.0, 15.0, 25.0, 40.0, 1.0])[g])
        pages = np.round(np.array([2.0, 3.5, 4.5, 6.0, 1.2])[g] + rng.normal(0, 0.6, n), 1)
        tickets = rng.poisson(np.array([0.5, 1.0, 2.0, 3.0, 0.2])[g])
        nps = np.clip(np.rint(np.array([6.0, 7.5, 8.0, 9.0, 4.0])[g] + rng.normal(0, 1.5, n)), 0, 10).astype(int)
        discount = np.round(np.clip(np.array([0.3, 0.15, 0.1, 0.05, 0.5])[g] + rng.normal(0, 0.08, n), 0, 1), 3)
        returns = rng.poisson(np.array([0.3, 0.8, 1.0, 1.5, 0.1])[g])
        tenure = np.rint(rng.exponential(np.array([6.0, 18.0, 30.0, 48.0, 3.0])[g])).astype(int)
        device = np.asarray(DEVICES)[np.minimum((rng.random(n) * 3).astype(int) + (g >= 3), 2)]
        newsletter = np.where(rng.random(n) < np.array([0.3, 0.5, 0.6, 0.8, 0.1])[g], "yes", "no")
        region = np.asarray(REGIONS)[rng.integers(0, len(REGIONS), n)]
        columns += [
            sessions, [f"{v:.1f}" for v in pages], tickets, nps, [f"{v:.3f}" for v in discount],
            returns, tenure, device, newsletter, region,
        ]
        body = _csv([], columns, n)
        # _csv starts with the (here empty) header line.
        written += out.write(body[1:])
    return written


def numbers(rows: int = 100_000, seed: int = 13, cols: int = 8, k: int = 8) -> bytes:
    """Rows of `cols` numbers from `k` Gaussian blobs, centres uniform in [-10, 10], sd 2.5."""
    rng = np.random.default_rng(seed)
    centres = rng.uniform(-10.0, 10.0, size=(k, cols))
    x = centres[rng.integers(0, k, size=rows)] + rng.normal(0.0, 2.5, size=(rows, cols))
    body = "\n".join(",".join(f"{v:.6f}" for v in row) for row in x.tolist())
    return (",".join(f"x{j}" for j in range(cols)) + "\n" + body + "\n").encode("ascii")


def _csv(header, columns, rows) -> bytes:
    out = [",".join(header)]
    cols = [list(map(str, c)) for c in columns]
    for i in range(rows):
        out.append(",".join(c[i] for c in cols))
    return ("\n".join(out) + "\n").encode("utf-8")


TABLES = {
    "telco": (telco, 7043), "customers": (customers, 20_000), "numbers": (numbers, 100_000),
    "wide": (wide, 10_000_000),
}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("table", choices=sorted(TABLES))
    ap.add_argument("file")
    ap.add_argument("--rows", type=int, help="data rows (default: 7043 telco, 20000 customers, 100000 numbers, 10000000 wide)")
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    make, default_rows = TABLES[args.table]
    rows = args.rows if args.rows is not None else default_rows
    if rows < 10:
        ap.error("--rows must be at least 10")
    with open(args.file, "wb") as f:
        if args.table == "wide":
            size = make(rows, args.seed, f)
        else:
            size = f.write(make(rows, args.seed))
    print(f"wrote {args.table}: {rows} rows, {size} bytes to {args.file}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
