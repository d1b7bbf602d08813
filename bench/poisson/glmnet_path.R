# glmnet side of the Poisson-path benchmark: for each design in DIR/designs.csv, the
# default lasso path of family "poisson" (standardize = TRUE, thresh = 1e-7), its median
# time over REPS runs. Writes DIR/NAME.glmnet.lambda, DIR/NAME.glmnet.beta.f64 (p x L,
# column-major), DIR/NAME.glmnet.a0 and DIR/glmnet_times.csv.
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]
reps <- if (length(args) > 1) as.integer(args[2]) else 5L
suppressPackageStartupMessages(library(glmnet))
designs <- read.csv(file.path(dir, "designs.csv"))
times <- data.frame()
for (i in seq_len(nrow(designs))) {
  d <- designs[i, ]
  n <- d$n; p <- d$p
  X <- matrix(readBin(file.path(dir, paste0(d$name, ".X.f64")), "double", n * p), n, p)
  y <- readBin(file.path(dir, paste0(d$name, ".y.f64")), "double", n)
  fit <- glmnet(X, y, family = "poisson")  # warm-up
  t <- numeric(reps)
  for (r in seq_len(reps)) t[r] <- system.time(fit <- glmnet(X, y, family = "poisson"))[["elapsed"]]
  writeLines(format(fit$lambda, digits = 17), file.path(dir, paste0(d$name, ".glmnet.lambda")))
  writeBin(as.vector(as.matrix(fit$beta)), file.path(dir, paste0(d$name, ".glmnet.beta.f64")))
  writeLines(format(fit$a0, digits = 17), file.path(dir, paste0(d$name, ".glmnet.a0")))
  times <- rbind(times, data.frame(name = d$name, seconds = median(t), lambdas = length(fit$lambda)))
  cat(sprintf("glmnet %s: %d lambdas, median %.3f s\n", d$name, length(fit$lambda), median(t)))
}
write.csv(times, file.path(dir, "glmnet_times.csv"), row.names = FALSE)
writeLines(paste("glmnet", packageVersion("glmnet")), file.path(dir, "glmnet_version.txt"))
