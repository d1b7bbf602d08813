#!/usr/bin/env Rscript
# glmnet side of the logistic benchmark: the 100-lambda binomial lasso path on the dense
# problem (glmnet's defaults: standardize, intercept, its own grid, thresh 1e-7).
# Writes WORKDIR/glmnet_lambdas.f64, WORKDIR/glmnet_path_coef.f64 ((p + 1) x L,
# intercept first, column-major) and a line in WORKDIR/peer_times.csv (best of REPS).
# Usage: Rscript glmnet_path.R WORKDIR [REPS]
suppressMessages(library(glmnet))
args <- commandArgs(trailingOnly = TRUE)
work <- args[1]
reps <- if (length(args) > 1) as.integer(args[2]) else 1
y <- readBin(file.path(work, "dense_y.f64"), "double", n = 1e8)
n <- length(y)
X <- matrix(readBin(file.path(work, "dense_X.f64"), "double", n = 1e9), nrow = n)
times <- c(); cpus <- c()
for (r in seq_len(reps)) {
  t0 <- proc.time()
  fit <- glmnet(X, y, family = "binomial", alpha = 1)
  t1 <- proc.time()
  times <- c(times, t1[["elapsed"]] - t0[["elapsed"]])
  cpus <- c(cpus, (t1[["user.self"]] - t0[["user.self"]]) + (t1[["sys.self"]] - t0[["sys.self"]]))
}
writeBin(as.double(fit$lambda), file.path(work, "glmnet_lambdas.f64"))
writeBin(as.double(as.matrix(coef(fit))), file.path(work, "glmnet_path_coef.f64"))
cat(sprintf("path,glmnet,glmnet %s default,%.6f,glmnet_path_coef.f64,%.6f\n", packageVersion("glmnet"), min(times), min(cpus)),
    file = file.path(work, "peer_times.csv"), append = TRUE)
cat(sprintf("glmnet %s: %d lambdas, %.3f s wall, %.3f s cpu\n", packageVersion("glmnet"), length(fit$lambda), min(times), min(cpus)))
