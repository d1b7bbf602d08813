#!/usr/bin/env Rscript
# Reference multinomial and binomial fits from glmnet for tests/linear/logistic_reference_test.cpp.
# Data: logistic_multi_data.csv (n = 150, p = 5, y in {0, 1, 2}, made here with a fixed seed)
# and logistic_small_data.csv (binary, made by make_logistic_reference.py).
# Output: glmnet_logistic_reference.csv, long format
#   model, lambda, class, row (0 = intercept, j = feature j), value
# with glmnet's own standardize = TRUE and thresh = 1e-14; multinomial intercepts are
# centred to sum 0 here (the comparison is up to that common shift).
# Run: Rscript make_glmnet_logistic_reference.R   (r-cran-glmnet 4.1-6)
suppressMessages(library(glmnet))
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("--file=", "", args[grep("--file=", args)])))
set.seed(7)
n <- 150; p <- 5
X <- matrix(rnorm(n * p), n, p) %*% diag(c(1, 2, 0.5, 1, 1.5))
B <- cbind(c(1, -1, 0, 0.5, 0), c(-0.5, 0.5, 1, 0, 0), c(0, 0, -1, -0.5, 0))
E <- X %*% B
P <- exp(E) / rowSums(exp(E))
y <- apply(P, 1, function(pr) sample(0:2, 1, prob = pr))
write.csv(data.frame(X, y = y), file.path(here, "logistic_multi_data.csv"), row.names = FALSE)

rows <- list()
add <- function(model, fit, lambdas, k) {
  for (l in seq_along(lambdas)) {
    cf <- coef(fit, s = lambdas[l])
    if (!is.list(cf)) cf <- list(cf)
    a0 <- sapply(cf, function(m) m[1, 1])
    if (k > 1) a0 <- a0 - mean(a0)
    for (c in seq_along(cf)) {
      v <- as.numeric(as.matrix(cf[[c]]))
      v[1] <- a0[c]
      rows[[length(rows) + 1]] <<- data.frame(model = model, lambda = lambdas[l], class = c - 1,
                                               row = 0:(length(v) - 1), value = v)
    }
  }
}
lams <- c(0.1, 0.03, 0.01)
fit <- glmnet(X, factor(y), family = "multinomial", alpha = 0.5, lambda = lams, thresh = 1e-14, maxit = 1e7)
add("multinomial_en", fit, lams, 3)
fit <- glmnet(X, factor(y), family = "multinomial", alpha = 0.5, lambda = lams, thresh = 1e-14,
              maxit = 1e7, type.multinomial = "grouped")
add("multinomial_grouped", fit, lams, 3)
fit <- glmnet(X, factor(y), family = "multinomial", alpha = 0, lambda = lams, thresh = 1e-14, maxit = 1e7)
add("multinomial_ridge", fit, lams, 3)
d <- read.csv(file.path(here, "logistic_small_data.csv"))
Xb <- as.matrix(d[, 1:8]); yb <- d$y
lb <- c(0.05, 0.01, 0.002)
fit <- glmnet(Xb, yb, family = "binomial", alpha = 1, lambda = lb, thresh = 1e-14, maxit = 1e7)
add("binomial_lasso", fit, lb, 1)
out <- do.call(rbind, rows)
con <- file(file.path(here, "glmnet_logistic_reference.csv"), "w")
writeLines(sprintf("# glmnet %s, %s", packageVersion("glmnet"), R.version.string), con)
write.csv(out, con, row.names = FALSE)
close(con)
