-- Building regular series from irregular sales rows.
SET extra_float_digits = 0;
SET DateStyle = ISO;
SET TimeZone = 'Africa/Dakar';

CREATE TEMP TABLE sales (product int, sold_at timestamptz, qty float8);
INSERT INTO sales VALUES
  (1, '2026-03-02 09:15', 3), (1, '2026-03-02 17:40', 2),   -- Monday
  (1, '2026-03-04 10:00', 1),                               -- 03-03 missing
  (1, '2026-03-05 11:00', -1),                              -- a return line
  (1, '2026-03-09 08:00', 4),                               -- next week
  (2, '2026-02-27 12:00', 7), (2, '2026-04-01 12:00', 5);

-- Daily: missing days are zero, returns kept apart, n_rows counts lines.
SELECT product, (s).freq, (s).start_date, (s).demand, (s).returns, (s).n_rows
FROM (SELECT product, stokkel.stk_series_agg(sold_at, qty) AS s
      FROM sales GROUP BY product) t ORDER BY product;

-- Weekly (ISO weeks from Monday) and monthly.
SELECT product, (s).start_date, (s).demand, (s).returns
FROM (SELECT product, stokkel.stk_series_agg(sold_at, qty, 'week') AS s
      FROM sales GROUP BY product) t ORDER BY product;
SELECT product, (s).start_date, (s).demand
FROM (SELECT product, stokkel.stk_series_agg(sold_at::date, qty, 'monthly') AS s
      FROM sales GROUP BY product) t ORDER BY product;

-- Row order does not matter to the aggregate.
SELECT stokkel.stk_series_agg(sold_at, qty ORDER BY sold_at DESC) =
       stokkel.stk_series_agg(sold_at, qty ORDER BY sold_at) AS order_free
FROM sales WHERE product = 1;

-- Days follow the session time zone: 23:30 in Dakar is the next day in Tokyo.
SET TimeZone = 'Asia/Tokyo';
SELECT (stokkel.stk_series_agg(t, 1)).start_date
FROM (VALUES ('2026-03-02 23:30+00'::timestamptz)) v(t);
SET TimeZone = 'Africa/Dakar';

-- Closed days and stock-outs are masks, not zero demand.
SELECT p.*
FROM (SELECT stokkel.stk_series_agg(d, q, 'day', k) AS s
      FROM (VALUES ('2026-01-01'::date, 2::float8, 'sale'),
                   ('2026-01-02', NULL, 'closed'),
                   ('2026-01-03', 1, 'sale'),
                   ('2026-01-03', NULL, 'stockout'),
                   ('2026-01-04', 3, 'return'),
                   ('2026-01-05', 1, NULL)) v(d, q, k)) t,
     stokkel.stk_series_expand(t.s) p;

-- Array form.
SELECT (s).start_date, (s).demand, (s).closed
FROM stokkel.stk_series(ARRAY['2026-01-30', '2026-02-02', '2026-02-02']::date[],
                        ARRAY[1, 2, 3]::float8[], 'week') s;
SELECT (s).demand, (s).stockout
FROM stokkel.stk_series(ARRAY['2026-01-01', '2026-01-03']::date[],
                        ARRAY[1, NULL]::float8[], 'day',
                        ARRAY['sale', 'stockout']) s;
SELECT stokkel.stk_series('{}'::date[], '{}'::float8[]) IS NULL AS empty_is_null;

-- Expanding weekly and monthly series gives period starts.
SELECT period, period_start, demand
FROM stokkel.stk_series_expand(stokkel.stk_series(
       ARRAY['2025-11-15', '2026-01-31']::date[], ARRAY[4, 6]::float8[], 'month'));

-- The demand the forecasts model: a stock-out day counts the larger of what
-- sold (1) and the mean of the last 7 unmasked days (23/7 = 3.2857...).
SELECT stokkel.stk_series_model_demand(stokkel.stk_series(
         ARRAY['2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04', '2026-01-05', '2026-01-06',
               '2026-01-07', '2026-01-08', '2026-01-09', '2026-01-09', '2026-01-10']::date[],
         ARRAY[2, 4, 2, 4, 2, 4, 2, 5, 1, NULL, 3]::float8[], 'day',
         ARRAY['sale', 'sale', 'sale', 'sale', 'sale', 'sale', 'sale', 'sale', 'sale', 'stockout', 'sale']))
       AS model_demand;

-- The serialised state round-trips.
SELECT stokkel.stk_series_from_state(stokkel.stk_series_state(s)) = s AS round_trip
FROM (SELECT stokkel.stk_series_agg(sold_at, qty) s FROM sales WHERE product = 2) t;

-- An empty group gives NULL, like the built-in aggregates.
SELECT stokkel.stk_series_agg(sold_at, qty) IS NULL AS null_on_no_rows
FROM sales WHERE false;

-- Errors, each with its SQLSTATE.
SELECT regress.err($$SELECT stokkel.stk_series_agg(t, q) FROM (VALUES (now(), NULL::float8)) v(t, q)$$) AS null_quantity;
SELECT regress.err($$SELECT stokkel.stk_series_agg(NULL::date, 1::float8)$$) AS null_date;
SELECT regress.err($$SELECT stokkel.stk_series_agg(current_date, 'NaN'::float8)$$) AS nan_quantity;
SELECT regress.err($$SELECT stokkel.stk_series_agg(current_date, 'Infinity'::float8)$$) AS inf_quantity;
SELECT regress.err($$SELECT stokkel.stk_series_agg('infinity'::date, 1::float8)$$) AS infinite_date;
SELECT regress.err($$SELECT stokkel.stk_series_agg(current_date, 1::float8, 'hourly')$$) AS unknown_frequency;
SELECT regress.err($$SELECT stokkel.stk_series_agg(current_date, 1::float8, NULL)$$) AS null_frequency;
SELECT regress.err($$SELECT stokkel.stk_series_agg(current_date, 1::float8, 'day', 'gift')$$) AS unknown_kind;
SELECT regress.err($$SELECT stokkel.stk_series_agg(d, 1::float8, f)
  FROM (VALUES (current_date, 'day'), (current_date, 'week')) v(d, f)$$) AS mixed_frequency;
SELECT regress.err($$SELECT stokkel.stk_series(ARRAY['2026-01-02', '2026-01-01']::date[], ARRAY[1, 1]::float8[])$$) AS out_of_order;
SELECT regress.err($$SELECT stokkel.stk_series(ARRAY['2026-01-01']::date[], ARRAY[1, 2]::float8[])$$) AS length_mismatch;
SELECT regress.err($$SELECT stokkel.stk_series(ARRAY[['2026-01-01']]::date[], ARRAY[[1]]::float8[])$$) AS two_dimensional;
SELECT regress.err($$SELECT stokkel.stk_series(ARRAY[NULL]::date[], ARRAY[1]::float8[])$$) AS null_day_element;
SELECT regress.err($$SELECT stokkel.stk_series(ARRAY['2026-01-01']::date[], ARRAY[NULL]::float8[])$$) AS null_qty_element;
SELECT regress.err($$SELECT stokkel.stk_series(ARRAY['2026-01-01']::date[], ARRAY['NaN']::float8[])$$) AS nan_element;

-- The documented length limit: stokkel.max_series_length periods.
SET stokkel.max_series_length = 365;
SELECT regress.err($$SELECT stokkel.stk_series_agg(d, 1::float8)
  FROM (VALUES ('2025-01-01'::date), ('2026-01-01')) v(d)$$) AS too_long_agg;
SELECT regress.err($$SELECT stokkel.stk_series(ARRAY['2025-01-01', '2026-01-01']::date[], ARRAY[1, 1]::float8[])$$) AS too_long_array;
SELECT (stokkel.stk_series_agg(d, 1::float8)).start_date AS fits_in_limit
  FROM (VALUES ('2025-01-01'::date), ('2025-12-31')) v(d);
SELECT regress.err($$SELECT stokkel.stk_series_agg('1900-01-01'::date, 1::float8, 'day')
  UNION ALL SELECT stokkel.stk_series_agg('2026-01-01'::date, 1::float8, 'day')$$) AS separate_groups_fine;
RESET stokkel.max_series_length;
SELECT regress.err($$SET stokkel.max_series_length = 1$$) AS limit_below_minimum;

-- Corrupted serialised states are refused, never trusted.
CREATE TEMP TABLE st AS
SELECT stokkel.stk_series_state(stokkel.stk_series_agg(sold_at, qty)) AS b FROM sales WHERE product = 1;
SELECT length(b) FROM st;
SELECT regress.err(format('SELECT stokkel.stk_series_from_state(%L::bytea)', '\x00')) AS truncated;
SELECT regress.err(format('SELECT stokkel.stk_series_from_state(%L::bytea)', substr(b, 1, length(b) - 1))) AS short_payload FROM st;
SELECT regress.err(format('SELECT stokkel.stk_series_from_state(%L::bytea)', b || '\x00'::bytea)) AS trailing_garbage FROM st;
SELECT regress.err(format('SELECT stokkel.stk_series_from_state(%L::bytea)', set_byte(b, 0, 0))) AS bad_magic FROM st;
SELECT regress.err(format('SELECT stokkel.stk_series_from_state(%L::bytea)', set_byte(b, 5, 9))) AS bad_frequency FROM st;
SELECT regress.err(format('SELECT stokkel.stk_series_from_state(%L::bytea)', set_byte(b, 11, 127))) AS huge_length FROM st;
-- the first demand value (bytes 28..35) set to NaN, then to -1
SELECT regress.err(format('SELECT stokkel.stk_series_from_state(%L::bytea)',
  overlay(b placing '\x000000000000f87f'::bytea from 29 for 8))) AS nan_value FROM st;
SELECT regress.err(format('SELECT stokkel.stk_series_from_state(%L::bytea)',
  overlay(b placing '\x000000000000f0bf'::bytea from 29 for 8))) AS negative_value FROM st;
-- a flag byte (the last byte) with unknown bits
SELECT regress.err(format('SELECT stokkel.stk_series_from_state(%L::bytea)', set_byte(b, length(b) - 1, 255))) AS bad_flags FROM st;
-- the aggregate's own support functions refuse direct calls
SELECT regress.err($$SELECT stokkel.stk_series_agg_trans(NULL::internal, current_date, 1::float8)$$) AS direct_trans_call;

-- Hand-made series values are validated before use.
SELECT regress.err($$SELECT * FROM stokkel.stk_series_expand(ROW('day', '2026-01-01', '{1,2}', '{0}', '{f,f}', '{f,f}', 2)::stokkel.series)$$) AS ragged_series;
SELECT regress.err($$SELECT * FROM stokkel.stk_series_expand(ROW('week', '2026-01-01', '{1}', '{0}', '{f}', '{f}', 1)::stokkel.series)$$) AS week_not_monday;
SELECT regress.err($$SELECT * FROM stokkel.stk_series_expand(ROW('day', '2026-01-01', '{-1}', '{0}', '{f}', '{f}', 1)::stokkel.series)$$) AS negative_demand;
SELECT regress.err($$SELECT * FROM stokkel.stk_series_expand(ROW('day', NULL, '{1}', '{0}', '{f}', '{f}', 1)::stokkel.series)$$) AS null_start;
SELECT regress.err($$SELECT * FROM stokkel.stk_series_expand(ROW('day', '2026-01-01', '{1,NULL}', '{0,0}', '{f,f}', '{f,f}', 1)::stokkel.series)$$) AS null_element;
-- periods outside PostgreSQL's dates: 22008, never a date that cannot be read back
SELECT regress.err($$SELECT stokkel.stk_series('{4714-11-24 BC}'::date[], '{1}', 'month')$$) AS month_before_first_day;
SELECT regress.err($$SELECT count(*) FROM stokkel.stk_forecast_series(
  stokkel.stk_series('{5874897-12-29,5874897-12-30,5874897-12-31}'::date[], '{1,2,3}'), 3)$$) AS forecast_past_last_day;
-- a state whose first day is 2^39 (once read back as 2000-01-01)
SELECT regress.err($$SELECT stokkel.stk_series_from_state(
  overlay(stokkel.stk_series_state(stokkel.stk_series('{2026-01-01}', '{1}')) PLACING '\x0000000080000000' FROM 13 FOR 8))$$)
  AS state_far_beyond;
