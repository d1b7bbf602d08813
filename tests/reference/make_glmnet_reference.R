# Reference lasso and elastic-net paths from glmnet, for tests/linear/elastic_net_glmnet_test.cpp.
#
#   Rscript tests/reference/make_glmnet_reference.R   (run from the repository root)
#
# Writes into tests/reference/:
#   enet_small_data.csv        x1..x8, y: n = 60, p = 8, equicorrelated Gaussian X (rho 0.5),
#                              beta_j = (-1)^j exp(-2 (j - 1) / 20) for j <= 5, 0 after, SNR 3
#   glmnet_lasso_path.csv      alpha = 1 on y as generated
#   glmnet_enet_path.csv       alpha = 0.5 on y standardized (mean 0, 1/n variance 1), since
#                              glmnet's gaussian family rescales y by its sd internally, which
#                              changes the elastic-net problem unless sd(y) = 1
# Each path file: comment lines (#) with versions and settings, then a header
# lambda,a0,b1..b8 and one row per lambda of glmnet's own grid (standardize = TRUE,
# thresh = 1e-14, default weights 1/n).
suppressPackageStartupMessages(library(glmnet))

out_dir <- "tests/reference"
set.seed(20240611)
n <- 60; p <- 8; rho <- 0.5
z <- matrix(rnorm(n * p), n, p)
x <- sqrt(1 - rho) * z + sqrt(rho) * rnorm(n)  # common factor gives correlation rho
beta <- ifelse(seq_len(p) <= 5, (-1)^(seq_len(p)) * exp(-2 * (seq_len(p) - 1) / 20), 0)
signal <- drop(x %*% beta)
noise_sd <- sqrt(var(signal) / 3)
y <- signal + rnorm(n, sd = noise_sd) + 1.5
x[, 3] <- 4 * x[, 3] + 2  # columns on different scales exercise standardization

fmt <- function(v) trimws(formatC(v, digits = 17, format = "g"))
data <- cbind(x, y)
colnames(data) <- c(paste0("x", seq_len(p)), "y")
con <- file(file.path(out_dir, "enet_small_data.csv"), "w")
writeLines(paste(colnames(data), collapse = ","), con)
for (i in seq_len(n)) writeLines(paste(fmt(data[i, ]), collapse = ","), con)
close(con)

write_path <- function(fit, file, note) {
  con <- file(file.path(out_dir, file), "w")
  writeLines(sprintf("# %s; glmnet %s; %s", R.version.string, packageVersion("glmnet"), note), con)
  writeLines("# glmnet(x, y, alpha, standardize = TRUE, thresh = 1e-14), its own lambda grid", con)
  writeLines(paste(c("lambda", "a0", paste0("b", seq_len(p))), collapse = ","), con)
  b <- as.matrix(fit$beta)
  for (k in seq_along(fit$lambda))
    writeLines(paste(fmt(c(fit$lambda[k], fit$a0[k], b[, k])), collapse = ","), con)
  close(con)
}

lasso <- glmnet(x, y, family = "gaussian", alpha = 1, standardize = TRUE, thresh = 1e-14)
write_path(lasso, "glmnet_lasso_path.csv", "alpha = 1, y as in enet_small_data.csv")

ys <- (y - mean(y)) / sqrt(mean((y - mean(y))^2))
enet <- glmnet(x, ys, family = "gaussian", alpha = 0.5, standardize = TRUE, thresh = 1e-14)
write_path(enet, "glmnet_enet_path.csv",
           "alpha = 0.5, y standardized: (y - mean(y)) / sqrt(mean((y - mean(y))^2))")
