#!/usr/bin/env Rscript
# R's side of the M5 quantile benchmark (issue 4; run by test/bench/m5_quantiles.sh).
#
#   Rscript test/bench/r_m5_quantiles.R --data DIR --out DIR [--max-series N] [--cores 2]
#                                       [--time-croston K]
#
# For every series of DIR/m5_subset (train.csv, meta.csv; frequency 7, horizon 28):
#   r_ets      forecast(ets(y)) with Gaussian intervals
#   r_snaive   snaive(y)
#   r_croston  croston(y) point forecast (R gives no interval: every quantile is the point)
# at the quantile levels of M5 (0.005 0.025 0.165 0.25 0.5 0.75 0.835 0.975 0.995) plus
# 0.1, 0.9 and 0.95, read off R's two-sided intervals (level 99 -> 0.005/0.995, ...); the 0.5
# quantile is the point forecast (the mean of the Gaussian).
# The Croston point forecasts come from forecast:::croston2(y, h, 0.1, nofits = TRUE), which
# returns exactly croston()'s $mean without its O(n^2) in-sample refits.  Speed: croston()
# itself (the public function, with its fitted values) is timed on the first K series
# (--time-croston, default 10), and croston2 on all series.
# Writes quantiles_r.csv (method,series_id,step,level,value) and timings_r.csv
# (method,series,seconds_total,cpu_seconds_total) into --out.
suppressPackageStartupMessages({
  library(forecast)
  library(parallel)
  library(data.table)
})
args <- commandArgs(TRUE)
opt <- list(data = NULL, out = NULL, max = Inf, cores = 2L, time_croston = 10L)
i <- 1
while (i <= length(args)) {
  switch(args[i],
    "--data" = opt$data <- args[i + 1],
    "--out" = opt$out <- args[i + 1],
    "--max-series" = opt$max <- as.integer(args[i + 1]),
    "--cores" = opt$cores <- as.integer(args[i + 1]),
    "--time-croston" = opt$time_croston <- as.integer(args[i + 1]),
    stop("unknown argument ", args[i]))
  i <- i + 2
}
if (is.null(opt$data) || is.null(opt$out)) stop("--data and --out are required")
dir.create(opt$out, showWarnings = FALSE, recursive = TRUE)

levels <- c(0.005, 0.025, 0.1, 0.165, 0.25, 0.5, 0.75, 0.835, 0.9, 0.95, 0.975, 0.995)
upper <- levels[levels > 0.5]
ci <- round(100 * (2 * upper - 1), 1)        # 99 95 67 50 80 90 ...

dir <- file.path(opt$data, "m5_subset")
meta <- fread(file.path(dir, "meta.csv"), colClasses = list(character = "series_id"))
train <- fread(file.path(dir, "train.csv"), select = c("series_id", "period_index", "value"),
               colClasses = list(character = "series_id"))
setorder(train, series_id, period_index)
setorder(meta, series_id)
meta <- meta[seq_len(min(nrow(meta), opt$max))]
ys <- split(train$value, train$series_id)

gauss <- function(f, h) {
  q <- matrix(NA_real_, h, length(levels))
  q[, levels == 0.5] <- as.numeric(f$mean)
  for (k in seq_along(upper)) {
    j <- which(f$level == ci[k])
    q[, abs(levels - upper[k]) < 1e-9] <- as.numeric(f$upper[, j])
    q[, abs(levels - (1 - upper[k])) < 1e-9] <- as.numeric(f$lower[, j])
  }
  q
}

one <- function(k) {
  sid <- meta$series_id[k]
  y <- ts(ys[[sid]], frequency = 7)
  h <- meta$horizon[k]
  set.seed(k)
  out <- list(); tim <- list()
  run <- function(name, expr) {
    t0 <- proc.time()
    q <- tryCatch(suppressWarnings(expr), error = function(e) NULL)
    dt <- proc.time() - t0
    tim[[name]] <<- data.table(method = name, seconds = dt[["elapsed"]],
                               cpu = dt[["user.self"]] + dt[["sys.self"]])
    if (!is.null(q))
      out[[name]] <<- data.table(method = name, series_id = sid,
                                 step = rep(seq_len(h), length(levels)),
                                 level = rep(levels, each = h), value = as.numeric(q))
  }
  run("r_ets", gauss(forecast(ets(y), h = h, level = ci), h))
  run("r_snaive", gauss(snaive(y, h = h, level = ci), h))
  run("r_croston", matrix(rep(as.numeric(get("croston2", asNamespace("forecast"))(
    y, h = h, alpha = 0.1, nofits = TRUE)), length(levels)), h))
  if (k <= opt$time_croston) {
    t0 <- proc.time()
    f <- croston(y, h = h)
    dt <- proc.time() - t0
    tim[["r_croston_full"]] <- data.table(method = "r_croston_full", seconds = dt[["elapsed"]],
                                          cpu = dt[["user.self"]] + dt[["sys.self"]])
  }
  list(q = rbindlist(out), t = rbindlist(tim))
}
t0 <- proc.time()
res <- mclapply(seq_len(nrow(meta)), one, mc.cores = opt$cores, mc.preschedule = TRUE)
bad <- vapply(res, function(r) inherits(r, "try-error"), logical(1))
if (any(bad)) stop("workers failed: ", paste(unique(unlist(res[bad])), collapse = "; "))
q <- rbindlist(lapply(res, `[[`, "q"))
tm <- rbindlist(lapply(res, `[[`, "t"))
fwrite(q, file.path(opt$out, "quantiles_r.csv"))
fwrite(tm[, .(series = .N, seconds_total = sum(seconds), cpu_seconds_total = sum(cpu)),
          by = method], file.path(opt$out, "timings_r.csv"))
message(sprintf("R: %d series in %.1f s wall", nrow(meta), (proc.time() - t0)[["elapsed"]]))
