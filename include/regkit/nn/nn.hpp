// regkit::nn — Keras-shaped neural networks (float32) with kernel regularizers, weight
// decay and proximal L1. One include for the module.
#pragma once

#include "regkit/nn/activations/registry.hpp"
#include "regkit/nn/fashion_mnist.hpp"
#include "regkit/nn/history.hpp"
#include "regkit/nn/initializers/registry.hpp"
#include "regkit/nn/layers/dense.hpp"
#include "regkit/nn/layers/dropout.hpp"
#include "regkit/nn/layers/registry.hpp"
#include "regkit/nn/losses/registry.hpp"
#include "regkit/nn/optimizers/adam.hpp"
#include "regkit/nn/optimizers/adamw.hpp"
#include "regkit/nn/optimizers/registry.hpp"
#include "regkit/nn/optimizers/sgd.hpp"
#include "regkit/nn/regularizer.hpp"
#include "regkit/nn/sequential.hpp"
