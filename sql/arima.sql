-- stk_forecast(method => 'arima'): automatic (seasonal) ARIMA, checked
-- against R's forecast 8.20 (auto.arima with approximation = TRUE, the
-- search Stokkel runs: CSS during the stepwise search, exact ML for the
-- chosen model).  R commands:
--   f <- auto.arima(WWWusage, approximation = TRUE)            # ARIMA(1,1,1)
--   f <- auto.arima(log(AirPassengers), approximation = TRUE)  # ARIMA(0,1,1)(2,1,1)[12]
--   forecast(f, h = 3, level = 80)
-- Points within 1e-4 relative; P10/P90 within 2e-3 relative of their
-- distance from the point (R's sigma2 carries a small artefact of its
-- diffuse prior on the differenced observations, see test/unit/test_arima.c).
SET extra_float_digits = 0;
CREATE TEMP TABLE arima_series (name text, period int, y float8[]);
INSERT INTO arima_series VALUES
 ('WWWusage', 1, '{88,84,85,85,84,85,83,85,88,89,91,99,104,112,126,138,146,151,150,148,147,149,143,132,131,139,147,150,148,145,140,134,131,131,129,126,126,132,137,140,142,150,159,167,170,171,172,172,174,175,172,172,174,174,169,165,156,142,131,121,112,104,102,99,99,95,88,84,84,87,89,88,85,86,89,91,91,94,101,110,121,135,145,149,156,165,171,175,177,182,193,204,208,210,215,222,228,226,222,220}'),
 ('log AirPassengers', 12, (SELECT array_agg(ln(x) ORDER BY i) FROM unnest(ARRAY[
   112,118,132,129,121,135,148,148,136,119,104,118,115,126,141,135,125,149,170,170,158,133,114,140,
   145,150,178,163,172,178,199,199,184,162,146,166,171,180,193,181,183,218,230,242,209,191,172,194,
   196,196,236,235,229,243,264,272,237,211,180,201,204,188,235,227,234,264,302,293,259,229,203,229,
   242,233,267,269,270,315,364,347,312,274,237,278,284,277,317,313,318,374,413,405,355,306,271,306,
   315,301,356,348,355,422,465,467,404,347,305,336,340,318,362,348,363,435,491,505,404,359,310,337,
   360,342,406,396,420,472,548,559,463,407,362,405,417,391,419,461,472,535,622,606,508,461,390,432
   ]::float8[]) WITH ORDINALITY u(x, i)));
CREATE TEMP TABLE arima_golden (name text, step int, r_point float8, r_p10 float8, r_p90 float8);
INSERT INTO arima_golden VALUES
 ('WWWusage', 1, 218.880496735, 214.828822219, 222.932171250),
 ('WWWusage', 2, 218.152398706, 208.449629168, 227.855168243),
 ('WWWusage', 3, 217.678861239, 202.312844643, 233.044877835),
 ('log AirPassengers', 1, 6.110686305, 6.062985549, 6.158387062),
 ('log AirPassengers', 2, 6.053328051, 5.998030707, 6.108625394),
 ('log AirPassengers', 3, 6.174818643, 6.112849052, 6.236788233);
SELECT g.name, g.step, f.model,
       abs(f.point / g.r_point - 1) < 1e-4 AS point_ok,
       abs((f.point - f.p10) / (g.r_point - g.r_p10) - 1) < 2e-3 AS p10_ok,
       abs((f.p90 - f.point) / (g.r_p90 - g.r_point) - 1) < 2e-3 AS p90_ok,
       f.p50 = f.point AS median_is_point, f.status
FROM arima_golden g JOIN arima_series s USING (name),
     LATERAL stokkel.stk_forecast(s.y, 3, s.period, 'arima') f
WHERE f.step = g.step
ORDER BY 1, 2;

-- any levels: monotone, P50 among them, never negative (a falling series)
SELECT step, quantiles = (SELECT array_agg(x ORDER BY x) FROM unnest(quantiles) x) AS monotone,
       quantiles[2] = p50 AS p50_matches, quantiles[1] >= 0 AS never_negative, model
FROM stokkel.stk_forecast('{50,44,39,33,30,26,21,18,15,11,9,6,4,3}', 4, 1, 'arima', '{0.05,0.5,0.95}')
ORDER BY step;

-- short, constant and one-point series get a model, not an error
SELECT 'one point' AS series, step, point, p10, p90, model FROM stokkel.stk_forecast('{5}', 2, 1, 'arima')
UNION ALL
SELECT 'constant', step, point, p10, p90, model FROM stokkel.stk_forecast('{3,3,3,3,3,3}', 2, 1, 'arima')
UNION ALL
SELECT 'three points', step, round(point::numeric, 6)::float8, NULL, NULL, model
  FROM stokkel.stk_forecast('{1,2,4}', 2, 1, 'arima')
ORDER BY 1, 2;

-- bad input, with its SQLSTATE
SELECT regress.err($$SELECT * FROM stokkel.stk_forecast('{1,NaN,3,4}', 3, 1, 'arima')$$) AS nan_value;
SELECT regress.err($$SELECT * FROM stokkel.stk_forecast('{1,2,3,4}', 0, 1, 'arima')$$) AS zero_horizon;
SELECT regress.err($$SELECT * FROM stokkel.stk_forecast('{1,2,3,4}', 3, 9, 'arima')$$) AS period_above_n;
SELECT regress.err($$SELECT * FROM stokkel.stk_forecast('{1,2,3,4}', 3, 1, 'ARIMA')$$) AS method_is_case_sensitive;

-- 'auto' on a short monthly series: the median of ETS, OTM and ARIMA,
-- quantiles monotone and non-negative
SELECT count(*) AS steps, bool_and(p10 >= 0 AND p10 <= p50 AND p50 <= p90) AS ordered,
       bool_and(quantiles = (SELECT array_agg(x ORDER BY x) FROM unnest(quantiles) x)) AS monotone,
       min(model) LIKE 'Combination(ETS(%), OTM%, ARIMA(%)' AS three_members
FROM stokkel.stk_forecast((SELECT y[1:48] FROM arima_series WHERE name = 'log AirPassengers'),
                          12, 12, 'auto', '{0.05,0.25,0.5,0.75,0.95}');
