#!/usr/bin/env python3
"""Writes reference answers for PolicyTime's cross-check test, computed
independently: bank holidays from the `holidays` package (pip install holidays),
month arithmetic from python-dateutil, zone arithmetic from zoneinfo.

Run: python3 scripts/time-reference.py > Tests/PolicyTimeTests/Reference/cases.tsv
"""
import datetime as dt
import random
from zoneinfo import ZoneInfo

import holidays
from dateutil.relativedelta import relativedelta

rng = random.Random(20261122)
bank = holidays.UK(subdiv="ENG", years=range(2018, 2031))
london = ZoneInfo("Europe/London")


def working(d):
    return d.weekday() < 5 and d not in bank


def add_wd(d, n):
    while n > 0:
        d += dt.timedelta(days=1)
        if working(d):
            n -= 1
    return d


print("kind\tfrom\tn\texpected")
start, end = dt.date(2018, 1, 1), dt.date(2029, 10, 31)
for _ in range(3000):
    d = start + dt.timedelta(days=rng.randrange((end - start).days))
    n = rng.choice([1, 2, 3, 5, 10, 15, 20, 25, 40, 65])
    print(f"wd\t{d}\t{n}\t{add_wd(d, n)}")
for _ in range(1500):
    d = start + dt.timedelta(days=rng.randrange((end - start).days))
    n = rng.randrange(1, 13)
    print(f"mo\t{d}\t{n}\t{d + relativedelta(months=n)}")
# Instants around both clock changes: local date, and 24h later's local date and time.
for year in range(2018, 2031):
    for month in (3, 10):
        last_sunday = max(dt.date(year, month, day) for day in range(25, 32) if dt.date(year, month, day).weekday() == 6)
        base = dt.datetime(last_sunday.year, last_sunday.month, last_sunday.day, tzinfo=dt.timezone.utc) - dt.timedelta(hours=6)
        for k in range(0, 16):
            t = base + dt.timedelta(minutes=47 * k)
            local = t.astimezone(london)
            later = (t + dt.timedelta(hours=24)).astimezone(london)
            print(f"zone\t{t.strftime('%Y-%m-%dT%H:%M:%SZ')}\t24\t{local.strftime('%Y-%m-%d %H:%M')}|{later.strftime('%Y-%m-%d %H:%M')}")
