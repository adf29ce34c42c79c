#!/usr/bin/env Rscript
# R baseline forecasts for the accuracy benchmark (issues 3 and 4).
#
#   Rscript test/bench/r_forecasts.R [--datasets m1,tourism,m5_subset] [--max-series N]
#                                    [--methods ets,theta,snaive,croston] [--data DIR]
#                                    [--out DIR] [--cores 2] [--croston fast|full]
#
# For every series of the chosen datasets, fits R forecast's ets(), thetaf() and snaive()
# (and croston() on m5_subset) to train.csv with ts(frequency = meta$frequency) and forecasts
# the official horizon. Writes, in --out (default test/bench/out):
#   forecasts_r.csv  dataset,series_id,method,step,point,q10,q50,q90
#                    methods r_ets, r_theta, r_snaive, r_croston. q10/q90 are the lower/upper
#                    bounds of R's 80 % interval (level = 80), q50 is the point forecast (the
#                    mean of R's Gaussian predictive distribution). croston() gives no interval:
#                    q10/q90 are empty and q50 is its point forecast.
#   timings_r.csv    dataset,method,series,seconds_total,cpu_seconds_total: wall-clock (and
#                    CPU) seconds of fit + forecast only (proc.time around the calls), summed
#                    over series.
#   series_r.csv     dataset,series_id,period,method,seconds,cpu_seconds,model,status: one
#                    row per series and method (model chosen, or the error if the fit failed).
# --max-series N keeps, per dataset and period, the N smallest series_id in byte order
# (data.table's C-locale sort; in SQL: ORDER BY series_id COLLATE "C", which is what the
# C.UTF-8 cluster of test/cluster.sh does), so that other forecasters can pick the same series.
# --croston fast (the default) gets the Croston forecast from forecast:::croston2(y, h, 0.1,
# nofits = TRUE): the same numbers as croston(y, h) (checked identical), without croston()'s
# in-sample fitted values, which it computes by refitting every prefix of the series (O(n^2):
# 1 to 50 s per M5 series). Its timing row is then named r_croston_nofits, not r_croston.
# --croston full calls croston() itself (hours on the full M5 subset; use it with --max-series
# to time the public function).
# Every series gets its own seed (ets intervals of some multiplicative models are simulated),
# so results do not depend on --cores or on --max-series.
# The default --data is <repo>/../shared/data, found from this script's location.
# Progress goes to stderr.

suppressPackageStartupMessages({
  library(forecast)
  library(parallel)
  library(data.table)
})

script_dir <- local({
  f <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
  if (length(f) == 1) dirname(normalizePath(f)) else normalizePath("test/bench")
})
repo_root <- normalizePath(file.path(script_dir, "..", ".."))

all_datasets <- c("m1", "tourism", "m5_subset")
opts <- list(datasets = all_datasets, max_series = Inf,
             methods = c("ets", "theta", "snaive", "croston"),
             data = file.path(dirname(repo_root), "shared", "data"),
             out = file.path(script_dir, "out"), cores = 2L, croston = "fast")

usage <- function(msg = NULL) {
  if (!is.null(msg)) message("r_forecasts.R: ", msg)
  message("usage: Rscript r_forecasts.R [--datasets m1,tourism,m5_subset] [--max-series N]\n",
          "         [--methods ets,theta,snaive,croston] [--data DIR] [--out DIR] [--cores N]\n",
          "         [--croston fast|full]")
  quit(status = 2)
}

args <- commandArgs(TRUE)
i <- 1
while (i <= length(args)) {
  a <- args[i]
  if (a %in% c("-h", "--help")) usage()
  kv <- regmatches(a, regexec("^--([a-z-]+)=(.*)$", a))[[1]]
  if (length(kv) == 3) {
    key <- kv[2]; val <- kv[3]
  } else {
    if (!grepl("^--", a) || i == length(args)) usage(paste("bad argument", a))
    key <- sub("^--", "", a); val <- args[i + 1]; i <- i + 1
  }
  switch(key,
    datasets = {
      opts$datasets <- strsplit(val, ",")[[1]]
      bad <- setdiff(opts$datasets, all_datasets)
      if (length(bad)) usage(paste("unknown dataset", paste(bad, collapse = ",")))
    },
    `max-series` = {
      opts$max_series <- suppressWarnings(as.integer(val))
      if (is.na(opts$max_series) || opts$max_series < 1) usage("--max-series must be >= 1")
    },
    methods = {
      opts$methods <- strsplit(val, ",")[[1]]
      bad <- setdiff(opts$methods, c("ets", "theta", "snaive", "croston"))
      if (length(bad)) usage(paste("unknown method", paste(bad, collapse = ",")))
    },
    croston = {
      if (!val %in% c("fast", "full")) usage("--croston must be fast or full")
      opts$croston <- val
    },
    data = opts$data <- val,
    out = opts$out <- val,
    cores = {
      opts$cores <- suppressWarnings(as.integer(val))
      if (is.na(opts$cores) || opts$cores < 1) usage("--cores must be >= 1")
    },
    usage(paste("unknown option --", key, sep = "")))
  i <- i + 1
}
if (!dir.exists(opts$data)) usage(paste("data directory not found:", opts$data))
dir.create(opts$out, showWarnings = FALSE, recursive = TRUE)

# One method on one series: returns list(fc = data.table or NULL, row = timing/status row).
croston2 <- get("croston2", envir = asNamespace("forecast"))
croston_mode <- opts$croston

run_method <- function(method, y, h) {
  t0 <- proc.time()
  res <- tryCatch(suppressWarnings(switch(method,
    ets = {
      fit <- ets(y)
      f <- forecast(fit, h = h, level = 80)
      list(point = f$mean, lo = f$lower[, 1], hi = f$upper[, 1], model = fit$method)
    },
    theta = {
      f <- thetaf(y, h = h, level = 80)
      list(point = f$mean, lo = f$lower[, 1], hi = f$upper[, 1], model = f$method)
    },
    snaive = {
      f <- snaive(y, h = h, level = 80)
      list(point = f$mean, lo = f$lower[, 1], hi = f$upper[, 1], model = f$method)
    },
    croston = if (croston_mode == "full") {
      f <- croston(y, h = h)
      list(point = f$mean, lo = rep(NA_real_, h), hi = rep(NA_real_, h), model = f$method)
    } else {
      f <- croston2(y, h = h, alpha = 0.1, nofits = TRUE)
      list(point = f, lo = rep(NA_real_, h), hi = rep(NA_real_, h),
           model = "Croston's method (croston2, no fitted values)")
    })), error = function(e) e)
  dt <- proc.time() - t0
  secs <- unname(dt[["elapsed"]])
  cpu <- unname(dt[["user.self"]] + dt[["sys.self"]])
  if (inherits(res, "error"))
    return(list(fc = NULL, status = conditionMessage(res), model = NA_character_,
                seconds = secs, cpu = cpu))
  point <- as.numeric(res$point)
  if (length(point) != h || any(!is.finite(point)))
    return(list(fc = NULL, status = "non-finite or short forecast", model = res$model,
                seconds = secs, cpu = cpu))
  list(fc = data.table(step = seq_len(h), point = point, q10 = as.numeric(res$lo),
                       q50 = point, q90 = as.numeric(res$hi)),
       status = "ok", model = res$model, seconds = secs, cpu = cpu)
}

run_series <- function(job, methods, dataset, total) {
  set.seed(job$seed)
  y <- ts(job$y, frequency = job$frequency)
  fcs <- list(); rows <- list()
  for (m in methods) {
    set.seed(job$seed)
    r <- run_method(m, y, job$horizon)
    if (!is.null(r$fc))
      fcs[[m]] <- cbind(data.table(dataset = dataset, series_id = job$series_id,
                                   method = paste0("r_", m)), r$fc)
    else
      message(sprintf("  %s %s r_%s FAILED: %s", dataset, job$series_id, m, r$status))
    tm <- if (m == "croston" && croston_mode == "fast") "r_croston_nofits" else paste0("r_", m)
    rows[[m]] <- data.table(dataset = dataset, series_id = job$series_id, period = job$period,
                            method = tm, seconds = r$seconds, cpu_seconds = r$cpu,
                            model = r$model, status = r$status)
  }
  if (job$k %% 50 == 0 || job$k == total)
    message(sprintf("  %s: %d/%d series", dataset, job$k, total))
  list(fc = rbindlist(fcs), run = rbindlist(rows))
}

t_start <- proc.time()
fc_all <- list(); run_all <- list()
for (ds in opts$datasets) {
  dir <- file.path(opts$data, ds)
  meta <- fread(file.path(dir, "meta.csv"), colClasses = list(character = "series_id"))
  train <- fread(file.path(dir, "train.csv"), select = c("series_id", "period_index", "value"),
                 colClasses = list(character = "series_id"))
  setorder(train, series_id, period_index)
  meta[, seed := 100000L * match(ds, all_datasets) + seq_len(.N)]  # fixed per series
  meta[, rank_in_period := frank(series_id, ties.method = "first"), by = period]  # C-locale
  sel <- meta[rank_in_period <= opts$max_series]
  methods <- opts$methods
  if (ds != "m5_subset") methods <- setdiff(methods, "croston")
  ys <- split(train$value, train$series_id)
  jobs <- lapply(seq_len(nrow(sel)), function(k) {
    sid <- sel$series_id[k]
    y <- ys[[sid]]
    if (length(y) != sel$n_train[k]) stop(sprintf("%s/%s: %d training values, meta says %d",
                                                  ds, sid, length(y), sel$n_train[k]))
    list(k = k, series_id = sid, period = sel$period[k], frequency = sel$frequency[k],
         horizon = sel$horizon[k], seed = sel$seed[k], y = y)
  })
  message(sprintf("%s: %d series (%s), methods %s, %d cores", ds, length(jobs),
                  paste(sprintf("%s %d", names(table(sel$period)), table(sel$period)),
                        collapse = ", "),
                  paste(methods, collapse = ","), opts$cores))
  t_ds <- proc.time()
  res <- mclapply(jobs, run_series, methods = methods, dataset = ds, total = length(jobs),
                  mc.cores = opts$cores, mc.preschedule = TRUE)
  failed <- vapply(res, function(r) inherits(r, "try-error") || is.null(r), logical(1))
  if (any(failed)) stop(sprintf("%s: %d worker(s) failed: %s", ds, sum(failed),
                                paste(unique(unlist(res[failed])), collapse = "; ")))
  fc_all[[ds]] <- rbindlist(lapply(res, `[[`, "fc"))
  run_all[[ds]] <- rbindlist(lapply(res, `[[`, "run"))
  message(sprintf("%s: done in %.1f s wall", ds, (proc.time() - t_ds)[["elapsed"]]))
}

fc <- rbindlist(fc_all)
runs <- rbindlist(run_all)
timings <- runs[, .(series = .N, seconds_total = round(sum(seconds), 3),
                    cpu_seconds_total = round(sum(cpu_seconds), 3)), by = .(dataset, method)]
runs[, `:=`(seconds = round(seconds, 4), cpu_seconds = round(cpu_seconds, 4))]
fwrite(fc, file.path(opts$out, "forecasts_r.csv"), na = "")
fwrite(timings, file.path(opts$out, "timings_r.csv"))
fwrite(runs, file.path(opts$out, "series_r.csv"), na = "")
nfail <- sum(runs$status != "ok")
message(sprintf("wrote %s (%d rows), timings_r.csv, series_r.csv; %d failed fits; total %.1f s wall",
                file.path(opts$out, "forecasts_r.csv"), nrow(fc), nfail,
                (proc.time() - t_start)[["elapsed"]]))
