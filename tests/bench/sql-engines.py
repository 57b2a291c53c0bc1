#!/usr/bin/env python3
"""`tribes sql` on real engines, on a million rows: DuckDB and DataFusion (the engine under
Apache Ballista, with the PostgreSQL dialect), and SQLite (Python's own), against `tribes apply`.

Not run in CI (it needs Python packages):

    pip install duckdb datafusion pyarrow
    cargo build --release -p tribes-cli
    python3 tests/bench/sql-engines.py [--rows 1000000] [--tribes target/release/tribes]

It writes a customers file (amounts written as people write them, counts, a country with values
the model never saw, yes/no, company-size bands, a last-order date, tags; missing cells in each),
makes a model of its first 20,000 rows, and gives every row its segment with `tribes apply` and
with the model's SQL in each engine: DuckDB with the file typed by its own CSV reader and with
every column as text, DataFusion typed by its reader, SQLite with every column as text (as its
`.import` makes it). Each engine's labels are compared with apply's, row by row through the
customer id; ties (a row as near two centres within 1e-9, which go to the lower id everywhere)
are counted, and a difference is reported, not hidden. Times are wall-clock seconds on this
machine: apply reads and parses the CSV; each engine's time is its query, with the file loaded
(DuckDB, SQLite) or scanned by the query itself (DataFusion), as printed.

Then a check of the cells themselves: the SQL's parsing steps, for one-column models of awkward
cells (numbers with currency, thousands, parentheses, percent, a decimal comma; bands; yes/no;
dates of every form), give DuckDB and DataFusion the value SQLite gives, which the Rust tests
check against Tribes' own reader bit for bit (crates/tribes-core/src/model/sql.rs).
"""

import argparse
import csv
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time

import datafusion
import duckdb

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def write_customers(path, rows, seed):
    """A customers export of `rows` rows, deterministic in `seed`."""
    rng = random.Random(seed)
    countries = ["US", "GB", "DE", "FR", "AU", "CA", "NL", "SE", "ES", "IT"]
    rare = ["NZ", "IE", "PT"]  # Seldom: the model's sample may not have them.
    bands = ["1-10", "11-50", "51-200", "201-500", "500+"]
    tags = ["VIP", "newsletter", "wholesale", "returning", "b2b"]
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(
            [
                "Customer ID",
                "Total Spent",
                "Total Orders",
                "Country",
                "Newsletter",
                "Company Size",
                "Last Order Date",
                "Tags",
            ]
        )
        for i in range(rows):
            kind = rng.random()
            orders = max(1, int(rng.lognormvariate(1.0, 0.8)))
            spent = orders * rng.lognormvariate(3.5, 0.6)
            if kind < 0.02:
                spent_text = ""
            elif kind < 0.04:
                spent_text = f"${spent:,.2f}"
            else:
                spent_text = f"{spent:.2f}"
            country = rng.choice(rare) if rng.random() < 0.001 else rng.choice(countries)
            newsletter = rng.choice(["yes", "no", "no", ""])
            size = rng.choice(bands) if rng.random() > 0.05 else ""
            day = rng.randint(0, 1000)
            y, m, d = civil(19000 + day)
            last = f"{y:04d}-{m:02d}-{d:02d}" if rng.random() > 0.03 else ""
            held = [t for t in tags if rng.random() < 0.2]
            w.writerow(
                [
                    f"C{i}",
                    spent_text,
                    str(orders) if rng.random() > 0.02 else "",
                    country,
                    newsletter,
                    size,
                    last,
                    ", ".join(held),
                ]
            )


def civil(days):
    """Howard Hinnant's civil_from_days."""
    z = days + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    return yoe + era * 400 + (1 if m <= 2 else 0), m, d


def run(cmd, **kw):
    out = subprocess.run(cmd, capture_output=True, **kw)
    if out.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed: {out.stderr.decode(errors='replace')}")
    return out.stdout


def query(tribes, model, dialect, table="customers"):
    return run([tribes, "sql", model, "--table", table, "--dialect", dialect]).decode()


def compare(name, seconds, got, ids, want, ties):
    """Prints one engine's line: its time, rows, and how many labels differ from apply's."""
    differ = sum(1 for i, label in zip(ids, want) if label >= 0 and got.get(i) != label)
    missing = sum(1 for i in ids if i not in got)
    print(
        f"{name:<28} {seconds:8.2f} s   rows {len(got):>9}   differ {differ}"
        f"   missing {missing}   (apply's ties: {ties})",
        flush=True,
    )
    return differ


def labels_run(args, work):
    data = os.path.join(work, "customers.csv")
    sample = os.path.join(work, "sample.csv")
    model = os.path.join(work, "customers.tribes.json")
    t = time.time()
    write_customers(data, args.rows, args.seed)
    with open(data) as f, open(sample, "w") as s:
        for n, line in enumerate(f):
            if n > 20000:
                break
            s.write(line)
    print(f"wrote {args.rows} rows ({os.path.getsize(data) / 1e6:.0f} MB) in {time.time() - t:.1f} s")
    columns = "Total Spent,Total Orders,Country,Newsletter,Company Size,Last Order Date,Tags"
    run([args.tribes, "analyze", sample, "--seed", "1", "--k", "5", "--columns", columns,
         "--model-out", model])
    features = [c["column"] for c in json.load(open(model))["features"]["columns"]]
    print(f"model of the first 20,000 rows: 5 segments on {', '.join(features)}")

    t = time.time()
    applied = json.loads(run([args.tribes, "apply", model, data, "--format", "json"]))
    apply_seconds = time.time() - t
    want = applied["labels"]
    ties = applied["ties"]
    ids = [f"C{i}" for i in range(args.rows)]
    print(f"{'tribes apply':<28} {apply_seconds:8.2f} s   rows {applied['rows']:>9}   ties {ties}")
    failed = 0

    for mode, option in [("typed", ""), ("all text", ", all_varchar = true")]:
        con = duckdb.connect()
        t = time.time()
        con.execute(f"CREATE TABLE customers AS SELECT * FROM read_csv('{data}'{option})")
        load = time.time() - t
        sql = query(args.tribes, model, "duckdb")
        t = time.time()
        rows = con.execute(f'SELECT "Customer ID", segment FROM ({sql})').fetchall()
        seconds = time.time() - t
        failed += compare(f"DuckDB ({mode}, load {load:.1f} s)", seconds, dict(rows), ids, want, ties)
        con.close()

    ctx = datafusion.SessionContext()
    ctx.register_csv("customers", data)
    sql = query(args.tribes, model, "postgres")
    t = time.time()
    table = ctx.sql(f'SELECT "Customer ID", segment FROM ({sql})').to_arrow_table()
    seconds = time.time() - t
    got = dict(zip(table.column(0).to_pylist(), table.column(1).to_pylist()))
    failed += compare("DataFusion (scans the CSV)", seconds, got, ids, want, ties)

    if not args.no_sqlite:
        db = sqlite3.connect(os.path.join(work, "customers.sqlite"))
        with open(data, newline="") as f:
            reader = csv.reader(f)
            header = next(reader)
            cols = ", ".join('"' + h.replace('"', '""') + '" TEXT' for h in header)
            db.execute(f"CREATE TABLE customers ({cols})")
            marks = ", ".join("?" for _ in header)
            t = time.time()
            db.executemany(f"INSERT INTO customers VALUES ({marks})", reader)
            db.commit()
            load = time.time() - t
        sql = query(args.tribes, model, "sqlite")
        t = time.time()
        rows = db.execute(f'SELECT "Customer ID", segment FROM ({sql})').fetchall()
        seconds = time.time() - t
        failed += compare(f"SQLite (text, load {load:.1f} s)", seconds, dict(rows), ids, want, ties)
        db.close()
    return failed


# Awkward cells, one list per kind of column: (kind flag for analyze, cells).
CELLS = {
    "numeric": [
        "1234.5", "-3", "+7", ".5", "5.", "0", "007", "1e5", "1E+05", "1.2.3", "12abc", "NaN",
        "", "NA", "-", "1,234.50", "1,23", "0,123", "1,000,000", "1'234'567.25", "1 234",
        "$1,200", "-$12", "$-12", "--5", "- 5", "(45.00)", "(-5)", "12%", "12 %", "USD 99",
        "usd 99", "99 USD", "5%USD", "5USD%", "USD$5", "(USD 10)", "€ 1,000.00", "CHF 1'000",
        "£1,000,000", "1.000,00", "12,5", "5-",
    ] + [str(n) for n in range(300)],
    "date": [
        "31/12/2023", "1/2/2024 14:05", "01.02.24", "29/02/2023", "29/02/2024", "20-11-2023",
        "1/2/24", "31/12/99", "01/01/69", "5-6-2020T10:00:00Z", "", "NA", "31/04/2024",
    ] + [f"{d}/{m}/2023" for d in range(13, 29) for m in (1, 6, 11)],
    "boolean": ["Yes", "NO", "y", "T", "1", "0", "wahr", "Falsch", "oui", "si", "", "N/A"] * 4,
}


def cells_run(args, work):
    """The SQL's value of each awkward cell in DuckDB and DataFusion, against SQLite's."""
    failed = 0
    for kind, cells in CELLS.items():
        path = os.path.join(work, f"cells-{kind}.csv")
        column = "Last Seen" if kind == "date" else "v"
        with open(path, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["id", column])
            for i, c in enumerate(cells):
                w.writerow([i, c])
        model = os.path.join(work, f"cells-{kind}.tribes.json")
        out = subprocess.run(
            [args.tribes, "analyze", path, "--seed", "1", "--k", "2", "--columns", column,
             "--kind", f"{column}={kind}", "--as-of", "2025-01-01", "--model-out", model],
            capture_output=True,
        )
        if out.returncode != 0:
            print(f"cells ({kind}): no model: {out.stderr.decode().strip()}")
            continue

        def values(sql_text):
            # The query up to the encoded dimension: its steps, then the cell and the value.
            head = sql_text[: sql_text.index(',\n"tribes_labels" AS')]
            last = head[head.rindex('\n"tribes_s'):].split()[0].strip(',')
            return f'{head}\nSELECT "{column}", "tribes_x0" FROM {last}'

        db = sqlite3.connect(":memory:")
        db.execute(f'CREATE TABLE cells ("id" TEXT, "{column}" TEXT)')
        db.executemany("INSERT INTO cells VALUES (?, ?)", [(str(i), c) for i, c in enumerate(cells)])
        want = dict(db.execute(values(query(args.tribes, model, "sqlite", "cells"))).fetchall())
        con = duckdb.connect()
        con.execute(f"CREATE TABLE cells AS SELECT * FROM read_csv('{path}', all_varchar = true)")
        duck = dict(con.execute(values(query(args.tribes, model, "duckdb", "cells"))).fetchall())
        ctx = datafusion.SessionContext()
        ctx.register_csv("cells", path)
        t = ctx.sql(values(query(args.tribes, model, "postgres", "cells"))).to_arrow_table()
        fusion = dict(zip(t.column(0).to_pylist(), t.column(1).to_pylist()))
        for engine, got in [("DuckDB", duck), ("DataFusion", fusion)]:
            # DataFusion reads an empty cell as NULL, as the SQL reads a missing cell.
            wrong = [
                (c, want.get(c), got.get(c if c != "" or c in got else None))
                for c in set(cells)
                if want.get(c) != got.get(c if c != "" or c in got else None)
            ]
            print(f"cells ({kind:<7}) {engine:<10} {len(set(cells)):>3} distinct cells, {len(wrong)} differ {wrong[:5]}")
            failed += len(wrong)
    return failed


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument("--seed", type=int, default=11)
    p.add_argument("--tribes", default=os.path.join(ROOT, "target/release/tribes"))
    p.add_argument("--no-sqlite", action="store_true", help="skip SQLite (slow on a million rows)")
    args = p.parse_args()
    print(f"duckdb {duckdb.__version__}, datafusion {datafusion.__version__}, sqlite {sqlite3.sqlite_version}")
    with tempfile.TemporaryDirectory() as work:
        failed = cells_run(args, work)
        failed += labels_run(args, work)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
