#pragma once
// The simulator's default contract list: real tick sizes and values, ids and
// roots as the gateway spells them (ES root EP, NQ root ENQ, 6E root EU6, ZB root USA).
#include <vector>

#include "sim/model.hpp"

namespace risk::sim {

std::vector<Contract> default_contracts();

}  // namespace risk::sim
