-- The error contract: each kind of bad input gets its own SQLSTATE.
BEGIN;
SELECT plan(27);

SELECT throws_ok($$SELECT stokkel.stk_series_agg(d, q) FROM (VALUES (current_date, NULL::float8)) v(d, q)$$,
  '22004', NULL, 'NULL quantity: null_value_not_allowed');
SELECT throws_ok($$SELECT stokkel.stk_series_agg(current_date, 'NaN'::float8)$$,
  '22000', NULL, 'NaN quantity: data_exception');
SELECT throws_ok($$SELECT stokkel.stk_series_agg(current_date, '-Infinity'::float8)$$,
  '22000', NULL, 'infinite quantity: data_exception');
SELECT throws_ok($$SELECT stokkel.stk_series(ARRAY[current_date, current_date - 1], ARRAY[1, 1]::float8[])$$,
  '22023', NULL, 'dates out of order: invalid_parameter_value');
SELECT throws_ok($$SELECT stokkel.stk_series_agg(current_date, 1::float8, 'fortnight')$$,
  '22023', NULL, 'unknown frequency: invalid_parameter_value');
SELECT throws_ok($$SELECT stokkel.stk_series_agg(current_date, 1::float8, 'day', 'theft')$$,
  '22023', NULL, 'unknown row kind: invalid_parameter_value');
SELECT throws_ok($$SELECT stokkel.stk_series_agg('infinity'::timestamptz, 1::float8)$$,
  '22008', NULL, 'infinite timestamp: datetime_field_overflow');
SELECT throws_ok($$SELECT stokkel.stk_series(ARRAY[current_date], ARRAY[1, 2]::float8[])$$,
  '2202E', NULL, 'arrays of different length: array_subscript_error');

SET LOCAL stokkel.max_series_length = 1000;
SELECT throws_ok($$SELECT stokkel.stk_series_agg(d, 1::float8) FROM (VALUES (DATE '2000-01-01'), (DATE '2026-01-01')) v(d)$$,
  '54000', NULL, 'series longer than stokkel.max_series_length: program_limit_exceeded');
SELECT throws_ok($$SELECT stokkel.stk_series(ARRAY[DATE '2000-01-01', DATE '2026-01-01'], ARRAY[1, 1]::float8[])$$,
  '54000', NULL, 'array series longer than the limit: program_limit_exceeded');
SELECT lives_ok($$SELECT stokkel.stk_series_agg(d, 1::float8, 'month') FROM (VALUES (DATE '2000-01-01'), (DATE '2026-01-01')) v(d)$$,
  'the same span in months fits');
RESET stokkel.max_series_length;

SELECT throws_ok($$SELECT stokkel.stk_series_from_state('\x0102'::bytea)$$,
  '22P03', NULL, 'truncated state: invalid_binary_representation');
SELECT throws_ok($$SELECT stokkel.stk_series_from_state(
    set_byte(stokkel.stk_series_state(stokkel.stk_series(ARRAY[current_date], ARRAY[1]::float8[])), 4, 2))$$,
  '22P03', NULL, 'state of an unknown version: invalid_binary_representation');
SELECT throws_ok($$SELECT stokkel.stk_series_from_state(
    stokkel.stk_series_state(stokkel.stk_series(ARRAY[current_date], ARRAY[1]::float8[])) || '\x00'::bytea)$$,
  '22P03', NULL, 'state with trailing bytes: invalid_binary_representation');
SELECT throws_ok($$SELECT * FROM stokkel.stk_series_expand(ROW('day', current_date, '{1}', '{0,0}', '{f}', '{f}', 1)::stokkel.series)$$,
  '2202E', NULL, 'ragged hand-made series: array_subscript_error');
SELECT throws_ok($$SELECT * FROM stokkel.stk_series_expand(ROW('month', DATE '2026-01-15', '{1}', '{0}', '{f}', '{f}', 1)::stokkel.series)$$,
  '22023', NULL, 'month series not starting on the 1st: invalid_parameter_value');

-- inventory formulas
SELECT throws_ok($$SELECT stokkel.stk_safety_stock(10, 4, 3, 1.0)$$,
  '22023', NULL, 'service level 1: invalid_parameter_value');
SELECT throws_ok($$SELECT stokkel.stk_reorder_point(10, 4, -1)$$,
  '22023', NULL, 'negative lead time: invalid_parameter_value');
SELECT throws_ok($$SELECT stokkel.stk_order_up_to(10, 4, 3, 1, 'NaN')$$,
  '22000', NULL, 'NaN target: data_exception');
SELECT throws_ok($$SELECT stokkel.stk_order_up_to(0, 4, 3, 1, 0.95, 'fill_rate')$$,
  '22012', NULL, 'fill rate without demand: division_by_zero');
SELECT throws_ok($$SELECT stokkel.stk_round_order_qty(5, NULL, 0)$$,
  '22023', NULL, 'pack size 0: invalid_parameter_value');
SELECT throws_ok($$SELECT stokkel.stk_round_order_qty(5, 0, 6)$$,
  '22023', NULL, 'MOQ 0 (NULL means none): invalid_parameter_value');
SELECT throws_ok($$SELECT stokkel.stk_round_order_qty(5, -1)$$,
  '22023', NULL, 'negative MOQ: invalid_parameter_value');
SELECT throws_ok($$SELECT stokkel.stk_simulate_policy('{}', 'RS', 1, big_s => 5)$$,
  '22023', NULL, 'simulating no history: invalid_parameter_value');
SELECT throws_ok($$SELECT stokkel.stk_simulate_policy('{1,NULL}', 'RS', 1, big_s => 5)$$,
  '22004', NULL, 'NULL demand element: null_value_not_allowed');
SELECT throws_ok($$SELECT stokkel.stk_simulate_policy('{1,2}', 'sQ', 1, s => 5)$$,
  '22023', NULL, 'sQ without q: invalid_parameter_value');
SELECT throws_ok($$SELECT stokkel.stk_order_up_to_exact(1e6, 30, 2, 0.95, 'fill_rate')$$,
  '54000', NULL, 'exact level beyond the size limit: program_limit_exceeded');

SELECT * FROM finish();
ROLLBACK;
