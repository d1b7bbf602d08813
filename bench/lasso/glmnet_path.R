# glmnet side of the lasso-path benchmark. For each design in DIR/designs.json: the
# default 100-lambda lasso path (standardize = TRUE, thresh = 1e-7), its median time over
# REPS runs, and a reference solution on glmnet's own lambda grid.
#
# The reference: glmnet's tight fit (thresh = 1e-11) is not tight enough to check
# coefficients to 1e-4 -- its stopping rule bounds the last pass's coefficient changes,
# not the distance to the optimum, and on correlated or wide designs its KKT residual
# stays at 1e-4..5e-2 of lambda. So each column is polished here: the exact lasso
# solution for glmnet's nonzero set and signs (normal equations in standardized
# coordinates, beta_A = (Xs_A' Xs_A)^-1 (Xs_A' yc - n lambda s_A)), with variables that
# flip sign dropped and KKT violators added until the KKT conditions hold to rounding;
# the KKT residual (max_j, relative to lambda) of both is recorded.
# Writes DIR/NAME.glmnet.lambda (text), DIR/NAME.glmnet.beta.f64 (p x L, column-major),
# DIR/NAME.glmnet.a0 (text) and DIR/glmnet_times.csv.
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]
reps <- if (length(args) > 1) as.integer(args[2]) else 5L
suppressPackageStartupMessages(library(glmnet))
# Largest KKT violation over j relative to lambda; standardized coefficients b.
kkt <- function(Xs, yc, b, lam) {
  g <- drop(crossprod(Xs, yc - Xs %*% b)) / nrow(Xs)
  v <- ifelse(b != 0, abs(g - lam * sign(b)), pmax(0, abs(g) - lam))
  list(worst = max(v) / lam, g = g)
}
# The exact solution on b's support and signs, repaired until the KKT conditions hold.
polish <- function(Xs, yc, b, lam) {
  A <- which(b != 0); s <- sign(b[A])
  for (round in 1:100) {
    if (length(A) == 0) return(b * 0)
    XA <- Xs[, A, drop = FALSE]
    bA <- drop(solve(crossprod(XA), crossprod(XA, yc) - nrow(Xs) * lam * s))
    flip <- which(sign(bA) != s)
    if (length(flip)) { A <- A[-flip[1]]; s <- s[-flip[1]]; next }
    out <- b * 0; out[A] <- bA
    g <- kkt(Xs, yc, out, lam)$g
    viol <- setdiff(which(abs(g) > lam * (1 + 1e-10)), A)
    if (length(viol) == 0) return(out)
    j <- viol[which.max(abs(g[viol]))]
    A <- c(A, j); s <- c(s, sign(g[j]))
  }
  stop("polish: no KKT point after 100 rounds at lambda = ", lam)
}
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
  m <- colMeans(X); sdev <- sqrt(colMeans(sweep(X, 2, m)^2))  # 1/n variance, as glmnet
  Xs <- sweep(sweep(X, 2, m), 2, sdev, "/"); yc <- y - mean(y)
  B <- as.matrix(tight$beta) * sdev
  kkt_tight <- 0; kkt_ref <- 0
  for (k in seq_along(lambda)) {
    kkt_tight <- max(kkt_tight, kkt(Xs, yc, B[, k], lambda[k])$worst)
    B[, k] <- polish(Xs, yc, B[, k], lambda[k])
    kkt_ref <- max(kkt_ref, kkt(Xs, yc, B[, k], lambda[k])$worst)
  }
  beta <- B / sdev
  a0 <- mean(y) - drop(m %*% beta)
  writeLines(format(lambda, digits = 17), file.path(dir, paste0(d$name, ".glmnet.lambda")))
  writeLines(format(a0, digits = 17), file.path(dir, paste0(d$name, ".glmnet.a0")))
  writeBin(as.vector(beta), file.path(dir, paste0(d$name, ".glmnet.beta.f64")))
  times <- rbind(times, data.frame(name = d$name, glmnet_seconds = median(t), lambdas = length(lambda),
                                   tight_kkt = kkt_tight, reference_kkt = kkt_ref))
  cat(sprintf("glmnet %-22s %3d lambdas  %.4f s  KKT/lambda: thresh 1e-11 fit %.1e, polished reference %.1e\n",
              d$name, length(lambda), median(t), kkt_tight, kkt_ref))
}
write.csv(times, file.path(dir, "glmnet_times.csv"), row.names = FALSE)
cat(sprintf("glmnet version %s, R %s\n", packageVersion("glmnet"), getRversion()),
    file = file.path(dir, "glmnet_version.txt"))
