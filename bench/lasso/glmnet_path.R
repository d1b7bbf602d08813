# glmnet side of the lasso-path benchmark. For each design in DIR/designs.json: the
# default 100-lambda lasso path (standardize = TRUE, thresh = 1e-7), its median time over
# REPS runs, and a tight reference fit (thresh = 1e-11) on glmnet's own lambda grid.
# Writes DIR/NAME.glmnet.lambda (text), DIR/NAME.glmnet.beta.f64 (p x L, column-major),
# DIR/NAME.glmnet.a0 (text) and DIR/glmnet_times.csv.
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]
reps <- if (length(args) > 1) as.integer(args[2]) else 5L
suppressPackageStartupMessages(library(glmnet))
designs <- read.csv(text = paste(readLines(file.path(dir, "designs.csv")), collapse = "\n"))
times <- data.frame()
for (i in seq_len(nrow(designs))) {
  d <- designs[i, ]
  n <- d$n; p <- d$p
  X <- matrix(readBin(file.path(dir, paste0(d$name, ".X.f64")), "double", n * p), n, p)
  y <- readBin(file.path(dir, paste0(d$name, ".y.f64")), "double", n)
  fit <- glmnet(X, y)  # warm-up
  t <- numeric(reps)
  for (r in seq_len(reps)) t[r] <- system.time(fit <- glmnet(X, y))[["elapsed"]]
  lambda <- fit$lambda
  tight <- glmnet(X, y, lambda = lambda, thresh = 1e-11, maxit = 1e7)
  if (length(tight$lambda) != length(lambda)) stop(d$name, ": the tight reference fit stopped early")
  writeLines(format(lambda, digits = 17), file.path(dir, paste0(d$name, ".glmnet.lambda")))
  writeLines(format(tight$a0, digits = 17), file.path(dir, paste0(d$name, ".glmnet.a0")))
  writeBin(as.vector(as.matrix(tight$beta)), file.path(dir, paste0(d$name, ".glmnet.beta.f64")))
  times <- rbind(times, data.frame(name = d$name, glmnet_seconds = median(t), lambdas = length(lambda)))
  cat(sprintf("glmnet %-22s %3d lambdas  %.4f s\n", d$name, length(lambda), median(t)))
}
write.csv(times, file.path(dir, "glmnet_times.csv"), row.names = FALSE)
cat(sprintf("glmnet version %s, R %s\n", packageVersion("glmnet"), getRversion()),
    file = file.path(dir, "glmnet_version.txt"))
