-- stk_series_agg runs in parallel workers (partial aggregation with the
-- combine, serialise and deserialise functions) and gives the same series
-- as the serial plan.
SET extra_float_digits = 0;
SET DateStyle = ISO;

CREATE TABLE par_sales (product int, day date, qty float8);
-- 200 products over 400 days, rows deliberately out of date order, with
-- returns and gaps; deterministic.
INSERT INTO par_sales
SELECT p, DATE '2025-01-01' + ((d * 37 + p) % 400), ((p * 7 + d * 13) % 11) - 1
FROM generate_series(1, 200) p, generate_series(0, 399) d
WHERE (p + d) % 5 <> 0;
ANALYZE par_sales;

SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;

-- Grouped: partial aggregation below the Gather; the fingerprint of all
-- 200 weekly series is compared with the serial plan's below.
EXPLAIN (COSTS OFF)
SELECT md5(string_agg(product || ':' || s::text, ',' ORDER BY product))
FROM (SELECT product, stokkel.stk_series_agg(day, qty, 'week') AS s
      FROM par_sales GROUP BY product) t;
SELECT md5(string_agg(product || ':' || s::text, ',' ORDER BY product)) AS grouped_fingerprint
FROM (SELECT product, stokkel.stk_series_agg(day, qty, 'week') AS s
      FROM par_sales GROUP BY product) t;

-- Ungrouped: one series over all rows, really built by two workers.
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF)
SELECT stokkel.stk_series_agg(day, qty) FROM par_sales;
SELECT md5(s::text) AS total_fingerprint, (s).n_rows, (s).start_date,
       array_length((s).demand, 1) AS periods,
       (SELECT sum(x) FROM unnest((s).demand) x) AS demand,
       (SELECT sum(x) FROM unnest((s).returns) x) AS returns
FROM (SELECT stokkel.stk_series_agg(day, qty) AS s FROM par_sales) t;

-- The same queries, serial: identical fingerprints.
SET max_parallel_workers_per_gather = 0;
EXPLAIN (COSTS OFF)
SELECT stokkel.stk_series_agg(day, qty) FROM par_sales;
SELECT md5(string_agg(product || ':' || s::text, ',' ORDER BY product)) AS grouped_fingerprint
FROM (SELECT product, stokkel.stk_series_agg(day, qty, 'week') AS s
      FROM par_sales GROUP BY product) t;
SELECT md5(s::text) AS total_fingerprint
FROM (SELECT stokkel.stk_series_agg(day, qty) AS s FROM par_sales) t;

-- and the totals agree with plain SQL
SELECT sum(qty) FILTER (WHERE qty > 0) AS demand, -sum(qty) FILTER (WHERE qty < 0) AS returns
FROM par_sales;

DROP TABLE par_sales;
