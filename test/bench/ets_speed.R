#!/usr/bin/env Rscript
# R's side of the ETS speed benchmark (test/bench/ets_speed.c): times forecast's ets(y)
# + forecast(fit, h) on the same series, one core, and prints mean s/series per set.
#
#   cc -O2 -Isrc/core test/bench/ets_speed.c src/core/[a-z]*.c $(pkg-config --libs gsl) -lhpdf -lm \
#      -o /tmp/ets_speed
#   /tmp/ets_speed --write-daily /tmp/ets_daily.csv        # the synthetic daily series
#   Rscript test/bench/ets_speed.R [--data DIR] [--daily /tmp/ets_daily.csv] [--max-series 60]
#                                  [--dump FILE]
#
# Sets: m1 and tourism MONTHLY series (first N in meta.csv order, frequency 12, official
# horizon) and the first N daily series of --daily (frequency 7, h = 28); the daily set is
# skipped when --daily is not given.  N is --max-series (default 60).  --dump FILE writes
# set,series_id,n,model,aicc,seconds per series (the columns of ets_speed --dump) so that the
# models and AICc can be compared.  Needs forecast (8.20 was used) and data.table.

suppressPackageStartupMessages({
  library(forecast)
  library(data.table)
})

opts <- list(data = "/work/shared/data", daily = NULL, max_series = 60L, dump = NULL)
args <- commandArgs(trailingOnly = TRUE)
i <- 1
while (i <= length(args)) {
  key <- args[i]; val <- if (i < length(args)) args[i + 1] else NA
  if (key == "--data") opts$data <- val
  else if (key == "--daily") opts$daily <- val
  else if (key == "--max-series") opts$max_series <- as.integer(val)
  else if (key == "--dump") opts$dump <- val
  else stop("usage: Rscript ets_speed.R [--data DIR] [--daily FILE] [--max-series N] [--dump FILE]")
  i <- i + 2
}

monthly <- function(ds) {
  meta <- fread(file.path(opts$data, ds, "meta.csv"))
  meta <- head(meta[period == "MONTHLY"], opts$max_series)
  train <- fread(file.path(opts$data, ds, "train.csv"))
  lapply(seq_len(nrow(meta)), function(k) {
    id <- meta$series_id[k]
    v <- train[series_id == id][order(period_index)]$value
    list(id = id, y = ts(v, frequency = meta$frequency[k]), h = meta$horizon[k])
  })
}

sets <- list(m1 = monthly("m1"), tourism = monthly("tourism"))
if (!is.null(opts$daily)) {
  d <- fread(opts$daily)
  ids <- head(unique(d$series_id), opts$max_series)
  sets$daily <- lapply(ids, function(id)
    list(id = id, y = ts(d[series_id == id][order(t)]$value, frequency = 7), h = 28))
}

rows <- list()
for (nm in names(sets)) {
  secs <- numeric(0)
  cpus <- numeric(0)
  for (s in sets[[nm]]) {
    p0 <- proc.time()
    fit <- ets(s$y)
    fc <- forecast(fit, h = s$h)
    p1 <- proc.time()
    el <- p1[["elapsed"]] - p0[["elapsed"]]
    secs <- c(secs, el)
    # CPU time of this process: what other jobs on the machine disturb less
    cpus <- c(cpus, p1[["user.self"]] + p1[["sys.self"]] - p0[["user.self"]] - p0[["sys.self"]])
    rows[[length(rows) + 1]] <- data.table(set = nm, series_id = s$id, n = length(s$y),
                                           model = fit$method, aicc = fit$aicc, seconds = el)
  }
  cat(sprintf("%-8s %5d series  mean %7.3f s  median %7.3f s  max %7.3f s  (cpu mean %7.3f s)\n",
              nm, length(secs), mean(secs), median(secs), max(secs), mean(cpus)))
}
if (!is.null(opts$dump)) fwrite(rbindlist(rows), opts$dump)
