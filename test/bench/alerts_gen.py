#!/usr/bin/python3
"""Synthetic shop with injected anomalies for the alert benchmark.

Writes CSV files into the directory given as first argument (seed second):

  history.csv  day,product,qty,customer        140 days, no anomaly
  stream.csv   day,chunk,product,qty,customer  60 days, 4 statements a day
  stock.csv    day,product,on_hand,next_delivery   end-of-day stock
  truth.csv    kind,id,first_day,last_day       the injected anomalies

Products (daily Poisson demand with a weekly profile):
  A  1..150    mean 3..40: spikes (3 % of days: + 2.5 mean + 8 units),
               drops (2 % of days expecting 12 units or more: 10 % of the
               mean, at least 1), phantom stock (30 % of those with mean >= 5: 5 days
               without any sale while the stock says 1000 units);
  B  201..250  mean 3..30, delivered every 7 days up to 9 x mean; half of
               them miss one delivery (the next one comes 7 days later):
               known stock-outs; sales are capped by the stock (censored);
  C  301..320  slow movers, mean 0.3..1, nothing injected.
Customers 1..100 buy every k = 3..10 days (+-1); 20 of them stop during
the evaluation period early enough for 3 k days of silence to fit in it.
Days are numbered from 0 (2025-01-01); the evaluation period is 140..199.
"""
import csv
import math
import os
import random
import sys

HIST, DAYS = 140, 200
WEEK = [1.0, 0.9, 0.95, 1.0, 1.2, 1.5, 0.6]


def poisson(rng, mu):
    if mu <= 0:
        return 0
    if mu > 60:
        return max(0, int(round(rng.gauss(mu, math.sqrt(mu)))))
    limit, k, p = math.exp(-mu), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def main():
    out = sys.argv[1]
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 42)
    os.makedirs(out, exist_ok=True)
    truth = []
    mean = {}
    for p in range(1, 151):
        mean[p] = rng.uniform(3, 40)
    for p in range(201, 251):
        mean[p] = rng.uniform(3, 30)
    for p in range(301, 321):
        mean[p] = rng.uniform(0.3, 1.0)

    # injected events in the evaluation period, group A
    special = {}            # (p, day) -> ('spike' | 'drop' | 'zero')
    for p in range(1, 151):
        if mean[p] >= 5 and rng.random() < 0.3:
            s = rng.randint(HIST + 8, DAYS - 10)
            for d in range(s, s + 5):
                special[(p, d)] = 'zero'
            truth.append(('phantom_stock', p, s, s + 4))
        for d in range(HIST, DAYS):
            if (p, d) in special or (p, d - 1) in special or (p, d + 1) in special:
                continue
            mu = mean[p] * WEEK[d % 7]
            u = rng.random()
            if u < 0.03:
                special[(p, d)] = 'spike'
                truth.append(('sales_spike', p, d, d))
            elif u < 0.05 and mu >= 12:
                special[(p, d)] = 'drop'
                truth.append(('sales_drop', p, d, d))

    # group B: deliveries every 7 days, one skipped for half of them
    skip = {}
    for p in range(201, 251):
        if p % 2 == 0:
            skip[p] = HIST + 7 * rng.randint(1, 6)

    # customers
    cust = {}
    for c in range(1, 101):
        k = rng.randint(3, 10)
        stop = None
        if c <= 20:
            stop = rng.randint(HIST + 2, DAYS - 3 * k - 3)
        cust[c] = (k, stop, rng.randint(0, k - 1))
    buys = {}               # day -> list of customers
    for c, (k, stop, first) in cust.items():
        d = first
        last = None
        while d < DAYS:
            if stop is not None and d > stop:
                break
            buys.setdefault(d, []).append(c)
            last = d
            d += k + rng.randint(-1, 1)
        if stop is not None:
            truth.append(('customer_churn', c, last, DAYS - 1))

    hist = csv.writer(open(os.path.join(out, 'history.csv'), 'w', newline=''))
    stream = csv.writer(open(os.path.join(out, 'stream.csv'), 'w', newline=''))
    stock = csv.writer(open(os.path.join(out, 'stock.csv'), 'w', newline=''))
    on_hand = {p: math.ceil(9 * mean[p]) for p in range(201, 251)}
    stocked_out = set()
    for d in range(DAYS):
        rows = []
        for p in mean:
            mu = mean[p] * WEEK[d % 7]
            q = poisson(rng, mu)
            kind = special.get((p, d))
            if kind == 'spike':
                q += int(round(2.5 * mean[p] + 8))
            elif kind == 'drop':
                q = max(1, int(round(0.1 * mu)))
            elif kind == 'zero':
                q = 0
            if 201 <= p <= 250 and d >= HIST:
                if (d - HIST) % 7 == 0 and skip.get(p) != d:
                    on_hand[p] = max(on_hand[p], math.ceil(9 * mean[p]))
                if q >= on_hand[p] and q > 0:
                    # demand not met: a stock-out (the first day of a run)
                    if (p, d - 1) not in stocked_out:
                        truth.append(('stockout', p, d, d))
                    stocked_out.add((p, d))
                    q = on_hand[p]
                on_hand[p] -= q
            if q > 0:
                rows.append((p, q))
        # customers: one unit of a random group A product each (not one
        # that nobody can find on the shelf)
        for c in buys.get(d, []):
            p = rng.randint(1, 150)
            while special.get((p, d)) == 'zero':
                p = rng.randint(1, 150)
            rows.append((p, 1, c))
        for r in rows:
            p, q = r[0], r[1]
            c = r[2] if len(r) > 2 else ''
            if d < HIST:
                hist.writerow((d, p, q, c))
            else:
                # spread over 4 statements of the day
                parts = [0, 0, 0, 0]
                for _ in range(min(q, 200)):
                    parts[rng.randint(0, 3)] += 1
                parts[rng.randint(0, 3)] += max(0, q - 200)
                for chunk, n in enumerate(parts):
                    if n > 0:
                        stream.writerow((d, chunk, p, n, c))
        if d >= HIST:
            for p in mean:
                if 201 <= p <= 250:
                    nd = d + 1 + (6 - (d - HIST) % 7)
                    if skip.get(p) == nd:
                        nd += 7
                    stock.writerow((d, p, on_hand[p], nd))
                else:
                    stock.writerow((d, p, 1000, d + 7))
    tw = csv.writer(open(os.path.join(out, 'truth.csv'), 'w', newline=''))
    for t in truth:
        tw.writerow(t)


if __name__ == '__main__':
    main()
