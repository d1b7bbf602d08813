// Optimizers: one hand-computed step each, a few steps against PyTorch's iterates
// (tests/reference/torch_optimizers.json, made by make_torch_optimizer_reference.py,
// versions recorded there), proximal L1's exact zeros, and per-parameter state.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <vector>

#include "regkit/nn/optimizers/adam.hpp"
#include "regkit/nn/optimizers/adamw.hpp"
#include "regkit/nn/optimizers/registry.hpp"
#include "regkit/nn/optimizers/sgd.hpp"
#include "regkit/core/errors.hpp"
#include "support/expect_error.hpp"

namespace regkit::nn {
namespace {

// A parameter over caller-owned vectors.
struct Tensor1 {
  std::vector<double> w, g;
  Parameter<double> param(bool is_bias = false, Regularizer r = {}) {
    const Index n = static_cast<Index>(w.size());
    return Parameter<double>{.name = {}, .id = id, .value = w.data(), .grad = g.data(), .size = n, .rows = 1,
                             .cols = n, .regularizer = r, .is_bias = is_bias};
  }
  std::uint64_t id = next_parameter_id();
};

TEST(Sgd, OneStepIsCoupledWeightDecay) {
  Tensor1 t{{1.0, -2.0}, {0.5, 0.25}};
  Sgd<double> sgd({.learning_rate = 0.1, .weight_decay = 0.01});
  sgd.step({t.param()});
  // w <- (1 - lr d) w - lr g
  EXPECT_DOUBLE_EQ(t.w[0], (1 - 0.001) * 1.0 - 0.1 * 0.5);
  EXPECT_DOUBLE_EQ(t.w[1], (1 - 0.001) * -2.0 - 0.1 * 0.25);
  EXPECT_EQ(sgd.iterations(), 1);
}

TEST(Sgd, MomentumBufferStartsAtTheFirstGradient) {
  Tensor1 t{{1.0}, {0.5}};
  Sgd<double> sgd({.learning_rate = 0.1, .momentum = 0.9});
  sgd.step({t.param()});
  EXPECT_DOUBLE_EQ(t.w[0], 1.0 - 0.1 * 0.5);  // buf = g
  sgd.step({t.param()});
  EXPECT_DOUBLE_EQ(t.w[0], 0.95 - 0.1 * (0.9 * 0.5 + 0.5));  // buf = 0.9 buf + g
}

TEST(Adam, OneStepKerasAndTorchEpsilonPlacement) {
  const double lr = 0.01, eps = 1e-3, g = 0.2;
  Tensor1 k{{1.0}, {g}}, p{{1.0}, {g}};
  Adam<double> keras({.learning_rate = lr, .epsilon = eps});
  Adam<double> torch({.learning_rate = lr, .epsilon = eps, .epsilon_placement = EpsilonPlacement::torch});
  keras.step({k.param()});
  torch.step({p.param()});
  const double m = 0.1 * g, v = 0.001 * g * g;
  EXPECT_NEAR(k.w[0], 1.0 - lr * std::sqrt(1 - 0.999) / (1 - 0.9) * m / (std::sqrt(v) + eps), 1e-15);
  EXPECT_NEAR(p.w[0], 1.0 - lr / (1 - 0.9) * m / (std::sqrt(v) / std::sqrt(1 - 0.999) + eps), 1e-15);
  EXPECT_NE(k.w[0], p.w[0]);
}

TEST(AdamW, OneStepDecaysBeforeTheAdamStep) {
  const double lr = 0.01, wd = 0.1, g = -0.4;
  Tensor1 t{{2.0}, {g}};
  AdamOptions o = adamw_defaults();
  o.learning_rate = lr;
  o.weight_decay = wd;
  AdamW<double> adamw(o);
  adamw.step({t.param()});
  const double m = 0.1 * g, v = 0.001 * g * g;
  EXPECT_NEAR(t.w[0], 2.0 * (1 - lr * wd) - lr * std::sqrt(0.001) / 0.1 * m / (std::sqrt(v) + 1e-7), 1e-15);
}

TEST(Optimizers, RegularizerGradientIsAddedToTheDataGradient) {
  Tensor1 t{{0.5, -0.5}, {0.0, 0.0}};
  Sgd<double> sgd({.learning_rate = 0.1});
  const double penalty = sgd.step({t.param(false, l1_l2(0.2, 0.3))});
  EXPECT_DOUBLE_EQ(penalty, 0.2 * 1.0 + 0.3 * 0.5);  // before the step
  EXPECT_DOUBLE_EQ(t.w[0], 0.5 - 0.1 * (0.2 + 2 * 0.3 * 0.5));
  EXPECT_DOUBLE_EQ(t.w[1], -0.5 - 0.1 * (-0.2 - 2 * 0.3 * 0.5));
}

TEST(Optimizers, StateIsPerParameterAndTheStepCountAdvancesOncePerStep) {
  Tensor1 a{{1.0}, {0.3}}, b{{1.0}, {0.3}};
  Adam<double> two;
  two.step({a.param(), b.param()});
  two.step({a.param(), b.param()});
  Tensor1 c{{1.0}, {0.3}};
  Adam<double> one;
  one.step({c.param()});
  one.step({c.param()});
  EXPECT_EQ(two.iterations(), 2);
  EXPECT_EQ(a.w[0], c.w[0]);
  EXPECT_EQ(b.w[0], c.w[0]);
}

// ---- against PyTorch --------------------------------------------------------------------

nlohmann::json torch_reference() {
  std::ifstream in(std::string(REGKIT_TEST_REFERENCE_DIR) + "/torch_optimizers.json");
  EXPECT_TRUE(in.good()) << "tests/reference/torch_optimizers.json missing";
  return nlohmann::json::parse(in);
}

std::unique_ptr<Optimizer<double>> make_like_torch(const nlohmann::json& c) {
  const auto& o = c["options"];
  const std::string kind = c["optimizer"];
  if (kind == "SGD") {
    SgdOptions s;
    s.learning_rate = o["lr"];
    s.momentum = o.value("momentum", 0.0);
    s.dampening = o.value("dampening", 0.0);
    s.nesterov = o.value("nesterov", false);
    s.weight_decay = o.value("weight_decay", 0.0);
    return std::make_unique<Sgd<double>>(s);
  }
  AdamOptions a;
  a.learning_rate = o["lr"];
  if (o.contains("betas")) {
    a.beta_1 = o["betas"][0];
    a.beta_2 = o["betas"][1];
  }
  a.epsilon = o.value("eps", 1e-8);  // PyTorch's default
  a.epsilon_placement = EpsilonPlacement::torch;
  a.weight_decay = o.value("weight_decay", kind == "AdamW" ? 0.01 : 0.0);
  if (kind == "AdamW") return std::make_unique<AdamW<double>>(a);
  return std::make_unique<Adam<double>>(a);
}

TEST(Optimizers, IteratesMatchPyTorch) {
  const nlohmann::json ref = torch_reference();
  const std::vector<double> a = ref["a"], c = ref["c"], w0 = ref["w0"];
  for (const auto& [name, kase] : ref["cases"].items()) {
    auto opt = make_like_torch(kase);
    Tensor1 t{w0, std::vector<double>(w0.size())};
    int step = 0;
    for (const auto& expected : kase["iterates"]) {
      for (std::size_t i = 0; i < w0.size(); ++i) t.g[i] = a[i] * t.w[i] + c[i];
      opt->step({t.param()});
      ++step;
      for (std::size_t i = 0; i < w0.size(); ++i)
        EXPECT_NEAR(t.w[i], expected[i].get<double>(), 1e-12 * std::max(1.0, std::abs(t.w[i])))
            << name << " step " << step << " entry " << i << " (torch " << ref["versions"]["torch"] << ")";
    }
  }
}

// ---- proximal L1 --------------------------------------------------------------------------

TEST(ProximalL1, SgdSoftThresholdsKernelsByLrTimesCAndLeavesBiasesAlone) {
  Tensor1 k{{0.05, -0.5, 0.3}, {0.0, 0.0, 0.0}}, b{{0.05}, {0.0}};
  Sgd<double> sgd({.learning_rate = 0.1, .proximal_l1 = 1.0});
  const double penalty = sgd.step({k.param(), b.param(true)});
  EXPECT_EQ(k.w[0], 0.0);  // |0.05| <= 0.1: exactly zero
  EXPECT_DOUBLE_EQ(k.w[1], -0.4);
  EXPECT_DOUBLE_EQ(k.w[2], 0.2);
  EXPECT_EQ(b.w[0], 0.05);
  EXPECT_DOUBLE_EQ(penalty, 1.0 * (0.05 + 0.5 + 0.3));
}

TEST(ProximalL1, AdamGivesExactZerosWhereTheGradientStaysBelowC) {
  // f(w) = sum 0.5 (w - target)^2 + c |w|: the minimiser is soft(target, c).
  const std::vector<double> target = {0.05, -0.02, 0.8, -0.6, 0.0};
  const double c = 0.1;
  Tensor1 t{{0.3, -0.3, 0.3, -0.3, 0.3}, std::vector<double>(5)};
  Adam<double> adam({.learning_rate = 0.01, .proximal_l1 = c});
  for (int s = 0; s < 3000; ++s) {
    for (std::size_t i = 0; i < 5; ++i) t.g[i] = t.w[i] - target[i];
    adam.step({t.param()});
  }
  EXPECT_EQ(t.w[0], 0.0);
  EXPECT_EQ(t.w[1], 0.0);
  EXPECT_EQ(t.w[4], 0.0);
  EXPECT_NEAR(t.w[2], 0.7, 2e-2);
  EXPECT_NEAR(t.w[3], -0.5, 2e-2);
}

TEST(OptimizerRegistry, BuildsByNameAndRejectsOptionsThatDoNotApply) {
  EXPECT_EQ(optimizer_names(), (std::vector<std::string>{"adam", "adamw", "sgd"}));
  EXPECT_EQ(make_optimizer<float>("adamw", {.learning_rate = 0.1})->learning_rate(), 0.1);
  REGKIT_EXPECT_ERROR(make_optimizer<float>("adam", {.momentum = 0.9}), InvalidArgument, "momentum");
  REGKIT_EXPECT_ERROR(make_optimizer<float>("rmsprop"), InvalidArgument, "unknown name 'rmsprop'");
  REGKIT_EXPECT_ERROR(Sgd<float>({.learning_rate = -1.0}), InvalidArgument, "learning_rate");
}

}  // namespace
}  // namespace regkit::nn
