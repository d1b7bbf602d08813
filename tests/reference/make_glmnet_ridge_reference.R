#!/usr/bin/env Rscript
# glmnet reference for regkit's ridge convention on seed 002's data (seed002_ridge.csv,
# written by make_sklearn_reference.py). Writes glmnet_ridge_reference.json.
# glmnet minimises 1/(2n) sum (y - b - x'beta)^2 + lambda/2 ||beta||^2 for alpha = 0;
# for the gaussian family it scales y to unit (1/n) variance internally, so lambda is
# given on the scale of the unit-variance y: we pass y / sd_n(y) and scale back.
# Run: Rscript tests/reference/make_glmnet_ridge_reference.R   (from the repository root)
suppressMessages(library(glmnet))
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("--file=", "", args[grep("--file=", args)])))
d <- read.csv(file.path(here, "seed002_ridge.csv"))
X <- as.matrix(d[, c("x1", "x2", "x3")])
y <- d$y
n <- length(y)
sy <- sqrt(mean((y - mean(y))^2))
fits <- list()
for (lambda in c(0.01, 0.3)) {
  fit <- glmnet(X, y / sy, alpha = 0, lambda = lambda, standardize = FALSE, thresh = 1e-20)
  fits[[length(fits) + 1]] <- sprintf(
    '    {"lambda": %.17g, "standardize": false, "y_scale": %.17g, "coef": [%s], "intercept": %.17g}',
    lambda, sy, paste(sprintf("%.17g", as.numeric(coef(fit))[-1] * sy), collapse = ", "),
    as.numeric(coef(fit))[1] * sy)
}
fit_std <- glmnet(X, y / sy, alpha = 0, lambda = 0.3, standardize = TRUE, thresh = 1e-20)
fits[[length(fits) + 1]] <- sprintf(
  '    {"lambda": %.17g, "standardize": true, "y_scale": %.17g, "coef": [%s], "intercept": %.17g}',
  0.3, sy, paste(sprintf("%.17g", as.numeric(coef(fit_std))[-1] * sy), collapse = ", "),
  as.numeric(coef(fit_std))[1] * sy)
out <- c("{",
  sprintf('  "versions": {"glmnet": "%s", "R": "%s"},', packageVersion("glmnet"), getRversion()),
  '  "data": "seed002_ridge.csv",',
  '  "note": "glmnet fitted on y / y_scale (sd of y with 1/n, as its man page advises for comparisons); coef and intercept multiplied back by y_scale. Ridge is homogeneous in y, so these are the fits of y itself at the same lambda.",',
  '  "fits": [', paste(unlist(fits), collapse = ",\n"), "  ]", "}")
writeLines(out, file.path(here, "glmnet_ridge_reference.json"))
