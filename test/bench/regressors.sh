#!/bin/sh
# Promotions and prices as regressors: method prophet with the regressors
# (stk_forecast_series(..., regressors => ...)) against prophet and auto
# without them, and against R's forecast package run on the same series in
# the same script: auto.arima() with the same regressors (xreg), and ets().
#
#   test/bench/regressors.sh [products [days [seed]]]   (needs test/cluster.sh start)
#
# Each generated product sells a Poisson-like daily demand: a level, a
# weekly cycle, a price that moves every 30-90 days (elasticity -1.5:
# demand x (price / list price)^-1.5), and promotions on about one day in
# twelve (+40-90 %), planned ahead.  The last 28 days are held out; the
# promotions and prices of those days are known (a shop plans them).  Scored
# per product and averaged: MASE (scale: the in-sample mean absolute error
# of the seasonal naive forecast, lag 7), mean pinball loss at 0.1/0.5/0.9
# over the same scale, and the share of days inside the 10-90 % band; mean
# time per series.  R's forecasts: auto.arima(xreg = cbind(promo, log
# price)) on ts(frequency = 7), its 80 % interval as P10/P90; ets() on the
# same ts.  Last, the same products loaded as a shop of the retail schema and
# forecast by stk_product_forecast with and without price_effect, which
# reads the prices from the sales and takes the list price for the horizon.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
eval "$("$top/test/cluster.sh" env)"
products=${1:-100}
days=${2:-400}
seed=${3:-42}
db=stokkel_bench_regressors
out="$top/test/bench/out/regressors"
mkdir -p "$out"
psql -qX -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
psql -qX -d $db -v ON_ERROR_STOP=1 -v products="$products" -v days="$days" -v seed="$seed" <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION stokkel;
SELECT setseed(:seed / 1000.0);
-- per product: level, weekly pattern, price path, promotions
CREATE TABLE prod AS
SELECT p, 3 + 40 * random() AS level, 0.3 * random() AS weekend, 100 + 900 * random() AS list_price
  FROM generate_series(1, :products) p;
CREATE TABLE days AS
SELECT p.p, i, DATE '2025-01-01' + i AS day, p.level, p.weekend, p.list_price,
       (random() < 1.0 / 12)::int::float8 AS promo, 0.4 + 0.5 * random() AS lift,
       random() AS u1, random() AS u2
  FROM prod p, generate_series(0, :days + 27) i;
-- the price: a step every 30 to 90 days, 75-115 % of the list price
CREATE TABLE price_steps AS
SELECT p, i0, 0.75 + 0.4 * random() AS f
  FROM (SELECT p.p, g AS i0 FROM prod p, generate_series(0, :days + 27, 30) g WHERE g = 0 OR random() < 0.6) s;
CREATE TABLE series AS
SELECT d.p, d.i, d.day, d.promo,
       round((d.list_price * (SELECT f FROM price_steps s WHERE s.p = d.p AND s.i0 <= d.i ORDER BY s.i0 DESC LIMIT 1))::numeric, 0)::float8 AS price,
       d.level, d.weekend, d.lift, d.list_price, d.u1, d.u2
  FROM days d;
ALTER TABLE series ADD mean float8, ADD qty float8;
UPDATE series SET mean = level * (1 + weekend * (extract(isodow FROM day) >= 6)::int)
                        * power(price / list_price, -1.5) * (1 + lift * promo);
-- a Poisson-like count: the normal approximation, rounded, never negative
UPDATE series SET qty = greatest(0, round(mean + sqrt(mean) * sqrt(-2 * ln(greatest(u1, 1e-12))) * cos(2 * pi() * u2)));
CREATE INDEX ON series (p, i);
\copy (SELECT p, i, qty, promo, price FROM series ORDER BY p, i) TO 'test/bench/out/regressors/series.csv' WITH (FORMAT csv, HEADER)

-- Stokkel: one call per product, timed as a whole
CREATE TABLE fc (method text, p int, step int, point float8, p10 float8, p50 float8, p90 float8, model text);
CREATE TABLE timing (method text, s float8);
CREATE FUNCTION run(m text, with_regressors boolean) RETURNS void LANGUAGE plpgsql AS $f$
DECLARE t0 timestamptz := clock_timestamp();
BEGIN
  -- the history's series; the regressors of the history and the horizon
  INSERT INTO fc
  SELECT m || CASE WHEN with_regressors THEN ' + regressors' ELSE '' END, s.p, f.step, f.point, f.p10, f.p50,
         f.p90, f.model
    FROM (SELECT p, stokkel.stk_series_agg(day, qty) FILTER (WHERE i < m.n0) AS s,
                 array_agg(ARRAY[promo, ln(price)] ORDER BY i) AS x
            FROM series, (SELECT max(i) - 27 AS n0 FROM series) m GROUP BY p) s
   CROSS JOIN LATERAL stokkel.stk_forecast_series(s.s, 28, NULL, m,
                        regressors => CASE WHEN with_regressors THEN s.x END) f;
  INSERT INTO timing VALUES (m || CASE WHEN with_regressors THEN ' + regressors' ELSE '' END,
                             extract(epoch FROM clock_timestamp() - t0));
END $f$;
SELECT run('prophet', true);
SELECT run('prophet', false);
SELECT run('auto', false);
SELECT run('ets', false);
SQL

# R: auto.arima with the same regressors, and ets, on the same series
Rscript - "$out" <<'R' >"$out/r.log" 2>&1
suppressMessages(library(forecast))
out <- commandArgs(TRUE)[1]
d <- read.csv(file.path(out, "series.csv"))
res <- list(); tm <- c(arima = 0, ets = 0)
for (p in unique(d$p)) {
  s <- d[d$p == p, ]; n <- nrow(s) - 28
  y <- ts(s$qty[1:n], frequency = 7)
  x <- cbind(promo = s$promo, lprice = log(s$price))
  t0 <- proc.time()[["elapsed"]]
  fa <- tryCatch(forecast(auto.arima(y, xreg = x[1:n, , drop = FALSE]), xreg = x[(n + 1):(n + 28), , drop = FALSE],
                          h = 28, level = 80),
                 error = function(e) forecast(auto.arima(y), h = 28, level = 80))
  tm["arima"] <- tm["arima"] + proc.time()[["elapsed"]] - t0
  t0 <- proc.time()[["elapsed"]]
  fe <- forecast(ets(y), h = 28, level = 80)
  tm["ets"] <- tm["ets"] + proc.time()[["elapsed"]] - t0
  for (f in list(list("R auto.arima + xreg", fa), list("R ets", fe)))
    res[[length(res) + 1]] <- data.frame(method = f[[1]], p = p, step = 1:28, point = as.numeric(f[[2]]$mean),
                                         p10 = as.numeric(f[[2]]$lower), p50 = as.numeric(f[[2]]$mean),
                                         p90 = as.numeric(f[[2]]$upper), model = "")
}
write.csv(do.call(rbind, res), file.path(out, "r_forecasts.csv"), row.names = FALSE)
write.csv(data.frame(method = c("R auto.arima + xreg", "R ets"), s = as.numeric(tm)),
          file.path(out, "r_timing.csv"), row.names = FALSE)
R

# The same products as a shop in the retail schema: one sale a day at that
# day's price, the list price the price of the last day of the history.
# stk_product_forecast with price_effect reads the prices from the sales
# (the API's forecast?price_effect=true): it knows the planned promotions
# and price changes of the horizon no more than the shop's list price says.
psql -qX -d $db -v ON_ERROR_STOP=1 -v days="$days" <<'SQL'
SET client_min_messages = warning;
\o /dev/null
SELECT stokkel.stk_create_retail_schema('shop');
\o
INSERT INTO shop.tenants (tenant_id, name, timezone) VALUES ('bench', 'Bench', 'UTC');
INSERT INTO shop.products (tenant_id, product_id, sku, name, unit_price)
SELECT 'bench', s.p, 'P' || s.p, 'Product ' || s.p, s.price FROM series s WHERE s.i = :days - 1;
INSERT INTO shop.sales (tenant_id, product_id, sold_at, quantity, unit_price)
SELECT 'bench', p, day + time '12:00', qty, price FROM series WHERE i < :days AND qty > 0;
CREATE FUNCTION run_retail(price_effect boolean) RETURNS void LANGUAGE plpgsql AS $f$
DECLARE
  t0 timestamptz := clock_timestamp();
  m text := 'retail prophet' || CASE WHEN price_effect THEN ' + price_effect' ELSE '' END;
  last_day date := (SELECT max(day) FROM series WHERE i < (SELECT max(i) - 27 FROM series));
BEGIN
  INSERT INTO fc
  SELECT m, f.product_id, f.step, f.point, f.p10, f.p50, f.p90, f.model
    FROM stokkel.stk_product_forecast('shop', 'bench', NULL, 28, 'day', 'prophet',
                                      last_day - DATE '2025-01-01' + 1, last_day, price_effect) f
   WHERE f.step IS NOT NULL;
  INSERT INTO timing VALUES (m, extract(epoch FROM clock_timestamp() - t0));
END $f$;
SELECT run_retail(true);
SELECT run_retail(false);
SQL

psql -qX -d $db -v ON_ERROR_STOP=1 -v products="$products" <<'SQL'
\copy fc FROM 'test/bench/out/regressors/r_forecasts.csv' WITH (FORMAT csv, HEADER)
\copy timing FROM 'test/bench/out/regressors/r_timing.csv' WITH (FORMAT csv, HEADER)
-- demand is never negative: R's forecasts are floored at 0 like Stokkel's
UPDATE fc SET point = greatest(point, 0), p10 = greatest(p10, 0), p50 = greatest(p50, 0), p90 = greatest(p90, 0)
 WHERE method LIKE 'R %';
WITH n AS (SELECT p, max(i) - 27 AS n0 FROM series GROUP BY p),
     scale AS (SELECT s.p, avg(abs(s.qty - l.qty)) AS mae_snaive
                 FROM series s JOIN series l ON l.p = s.p AND l.i = s.i - 7 JOIN n ON n.p = s.p
                WHERE s.i < n.n0 GROUP BY s.p),
     actual AS (SELECT s.p, s.i - n.n0 + 1 AS step, s.qty, s.promo FROM series s JOIN n ON n.p = s.p WHERE s.i >= n.n0),
     per AS (SELECT f.method, f.p,
                    avg(abs(a.qty - f.point)) / sc.mae_snaive AS mase,
                    avg(abs(a.qty - f.point)) FILTER (WHERE a.promo = 1) / sc.mae_snaive AS mase_promo,
                    avg((CASE WHEN a.qty >= f.p10 THEN 0.1 * (a.qty - f.p10) ELSE 0.9 * (f.p10 - a.qty) END
                       + CASE WHEN a.qty >= f.p50 THEN 0.5 * (a.qty - f.p50) ELSE 0.5 * (f.p50 - a.qty) END
                       + CASE WHEN a.qty >= f.p90 THEN 0.9 * (a.qty - f.p90) ELSE 0.1 * (f.p90 - a.qty) END) / 3)
                      / sc.mae_snaive AS pinball,
                    avg((a.qty BETWEEN f.p10 AND f.p90)::int) AS coverage
               FROM fc f JOIN actual a USING (p, step) JOIN scale sc USING (p)
              GROUP BY f.method, f.p, sc.mae_snaive)
SELECT per.method, count(*) AS series, round(avg(mase)::numeric, 3) AS mase,
       round(avg(mase_promo)::numeric, 3) AS mase_promo_days, round(avg(pinball)::numeric, 3) AS pinball,
       round(100 * avg(coverage)::numeric, 1) AS coverage_pct,
       round((1000 * t.s / :products)::numeric, 1) AS ms_per_series
  FROM per JOIN timing t USING (method)
 GROUP BY per.method, t.s ORDER BY avg(mase);
SELECT min(model) AS stokkel_model_with_regressors FROM fc WHERE method = 'prophet + regressors';
SQL
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
