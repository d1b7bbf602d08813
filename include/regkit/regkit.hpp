// The one header users include.
#pragma once

#include "regkit/core/check.hpp"
#include "regkit/core/errors.hpp"
#include "regkit/core/types.hpp"
#include "regkit/data/dataset.hpp"
#include "regkit/data/readers.hpp"
#include "regkit/data/split.hpp"
#include "regkit/linear/elastic_net.hpp"
#include "regkit/linear/fit_result.hpp"
#include "regkit/linear/ridge.hpp"
#include "regkit/nn/nn.hpp"
#include "regkit/penalty/conventions.hpp"
#include "regkit/penalty/elastic_net.hpp"
#include "regkit/penalty/l1.hpp"
#include "regkit/penalty/l2.hpp"
#include "regkit/penalty/registry.hpp"
#include "regkit/select/cross_validation.hpp"
