"""The pipeline a data scientist writes first, on the realistic exports with planted groups.

For each fixture in tests/fixtures/exports/ (written by `cargo xtask exports`), this prints the
Adjusted Rand Index against the planted groups (NAME.truth.csv) of:

  - naive: pandas reads the file as it comes (read_csv; read_excel for the workbook; the ZIP's
    CSVs concatenated; the whitespace-aligned text with sep=r"\\s+"), keeps every numeric column
    (missing values filled with the median) and one-hot encodes every text column with fewer than
    50 distinct values, StandardScaler, then KMeans with the TRUE number of groups (n_init=10).
    Nothing is dropped by hand: not the ids, not the places, not the names (text columns with
    50 values or more drop out by themselves). Trailing rows past the truth sidecar's count (the
    footer of Salesforce's report export) are cut, as anyone would after the first error.
  - behaviour: KMeans with the true k on ONLY the columns the groups were planted in, skewed
    amounts log-scaled (log1p), dates turned into days before the file's last date (log1p),
    categories one-hot (0/1), numbers z-scored. For the orders formats, on the RFM sidecar
    (one row per customer: log1p of recency, frequency and monetary), against each customer's
    group. It shows the groups are there to be found.

A planted fixture counts for issue 10 only where the naive ARI is 0.5 or less.

Run from the repository root (CI does not; it needs pip's packages):
    pip install scikit-learn pandas openpyxl
    cargo xtask exports --rows 400 --seed 1 tests/fixtures/exports   # already committed
    python3 tests/bench/baseline-ari.py [--dir tests/fixtures/exports] [--seeds 3]
"""
import argparse
import io
import pathlib
import zipfile

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score
from sklearn.preprocessing import StandardScaler

ROOT = pathlib.Path(__file__).resolve().parents[2]

# fixture -> (file, behaviour columns as (column, transform)), or ("rfm", customer column).
# Transforms: "log" (log1p of a number), "z" (the number as it is), "onehot", "days" (log1p of
# the days before the column's latest date), "tag:X" (whether the list cell holds tag X),
# "file" (the ZIP entry the record came from).
FIXTURES = [
    ("shopify-customers", "shopify-customers.csv",
     [("Total Spent", "log"), ("Total Orders", "log"), ("Tags", "tag:VIP")]),
    ("shopify-orders", "shopify-orders.csv", ("rfm", "Email")),
    ("hubspot-contacts (csv)", "hubspot-contacts.csv",
     [("Annual Revenue", "log"), ("Number of Employees", "log"), ("Industry", "onehot")]),
    ("hubspot-contacts (xlsx)", "hubspot-contacts.xlsx",
     [("Annual Revenue", "log"), ("Number of Employees", "log"), ("Industry", "onehot")]),
    ("mailchimp-audience", "mailchimp-audience.zip",
     [("MEMBER_RATING", "z"), ("CONFIRM_TIME", "days"), ("LAST_CHANGED", "days"), ("_file", "file")]),
    ("klaviyo-profiles", "klaviyo-profiles.csv",
     [("Total Customer Lifetime Value", "log"), ("Historic Number Of Orders", "log"),
      ("Last Open", "days")]),
    ("salesforce-contacts", "salesforce-contacts.csv",
     [("Account Type", "onehot"), ("Annual Revenue", "log"), ("Employees", "log"),
      ("Last Activity", "days")]),
    ("salesforce-leads", "salesforce-leads.csv",
     [("Rating", "onehot"), ("Annual Revenue", "log"), ("No. of Employees", "log"),
      ("Last Activity", "days")]),
    ("woocommerce-orders", "woocommerce-orders.csv", ("rfm", "billing_email")),
    ("stripe-payments", "stripe-payments.csv", ("rfm", "Customer ID")),
    ("telco-churn", "telco-churn.csv",
     [("tenure", "z"), ("MonthlyCharges", "z"), ("Contract", "onehot"), ("InternetService", "onehot")]),
    ("purchase-history (txt)", "purchase-history.txt", ("rfm", "customer_id")),
    ("purchase-history (csv)", "purchase-history.csv", ("rfm", "customer_id")),
] + [
    (name, f"{name}.csv",
     [("visits_per_month", "z"), ("avg_basket", "z"), ("days_since_visit", "z"), ("discount_share", "z")])
    for name in ["noisy-planted", "noisy-unequal", "noisy-overlapping", "noisy-few-distinct"]
]


def stem(file):
    return file.rsplit(".", 1)[0]


def read(path):
    """The file as pandas reads it without options, plus each record's ZIP entry (or None)."""
    if path.suffix == ".xlsx":
        return pd.read_excel(path), None
    if path.suffix == ".zip":
        frames, entries = [], []
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                frame = pd.read_csv(io.BytesIO(z.read(name)))
                frames.append(frame)
                entries += [name.split("_members")[0]] * len(frame)
        return pd.concat(frames, ignore_index=True), pd.Series(entries)
    if path.suffix == ".txt":
        return pd.read_csv(path, sep=r"\s+", header=None,
                           names=["customer_id", "date", "items", "amount"]), None
    return pd.read_csv(path), None


def naive_features(df):
    numeric = df.select_dtypes(include=["number", "bool"]).astype(float)
    numeric = numeric.fillna(numeric.median()).fillna(0.0)
    text = df.select_dtypes(exclude=["number", "bool"])
    few = [c for c in text.columns if text[c].nunique() < 50]
    parts = [numeric]
    if few:
        parts.append(pd.get_dummies(text[few].astype("string"), dtype=float))
    x = pd.concat(parts, axis=1)
    x = x.loc[:, x.std() > 0]
    return StandardScaler().fit_transform(x.to_numpy())


def days_before_last(series):
    when = pd.to_datetime(series, errors="coerce", format="mixed", utc=True)
    days = (when.max() - when).dt.total_seconds() / 86400.0
    return np.log1p(days.fillna(days.max()))


def behaviour_features(df, spec, entries):
    numeric, onehot = [], []
    for column, how in spec:
        if how == "file":
            onehot.append(pd.get_dummies(entries, dtype=float))
            continue
        s = df[column]
        if how == "log":
            v = np.log1p(pd.to_numeric(s, errors="coerce"))
            numeric.append(v.fillna(v.median()))
        elif how == "z":
            v = pd.to_numeric(s, errors="coerce")
            numeric.append(v.fillna(v.median()))
        elif how == "days":
            numeric.append(days_before_last(s))
        elif how == "onehot":
            onehot.append(pd.get_dummies(s.astype("string"), dtype=float))
        elif how.startswith("tag:"):
            tag = how[4:]
            onehot.append(s.fillna("").map(lambda v: float(tag in [t.strip() for t in v.split(",")])).to_frame())
    parts = []
    if numeric:
        parts.append(StandardScaler().fit_transform(np.column_stack(numeric)))
    parts += [o.to_numpy() for o in onehot]
    return np.column_stack(parts)


def kmeans_ari(x, truth, k, seeds):
    scores = [adjusted_rand_score(truth, KMeans(n_clusters=k, n_init=10, random_state=s).fit_predict(x))
              for s in range(seeds)]
    return float(np.mean(scores))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", default=str(ROOT / "tests/fixtures/exports"))
    parser.add_argument("--seeds", type=int, default=3)
    args = parser.parse_args()
    folder = pathlib.Path(args.dir)
    print(f"{'fixture':<26} {'rows':>5} {'k':>2} {'naive ARI':>9} {'behaviour ARI':>13} {'on':>9}  counts")
    for name, file, spec in FIXTURES:
        path = folder / file
        truth = pd.read_csv(folder / f"{stem(file)}.truth.csv")["group"]
        df, entries = read(path)
        df = df.iloc[: len(truth)].reset_index(drop=True)
        k = truth.nunique()
        naive = kmeans_ari(naive_features(df), truth, k, args.seeds)
        if isinstance(spec, tuple):
            key = spec[1]
            group = pd.Series(truth.to_numpy(), index=df[key].to_numpy())
            group = group[~group.index.duplicated()]
            rfm = pd.read_csv(folder / f"{stem(file)}.rfm.csv")
            x = StandardScaler().fit_transform(np.log1p(rfm[["recency", "frequency", "monetary"]].clip(lower=0)))
            behaviour = kmeans_ari(x, group.loc[rfm["customer"].to_numpy()].to_numpy(), k, args.seeds)
            on = f"{len(rfm)} cust"
        else:
            behaviour = kmeans_ari(behaviour_features(df, spec, entries), truth, k, args.seeds)
            on = "rows"
        counts = "yes" if naive <= 0.5 else "no"
        print(f"{name:<26} {len(df):>5} {k:>2} {naive:>9.2f} {behaviour:>13.2f} {on:>9}  {counts}")


if __name__ == "__main__":
    main()
