#pragma once
// splitmix64: a tiny seeded generator that gives the same sequence on every
// platform (std distributions do not), so seeded simulations repeat exactly.
#include <cstdint>

namespace risk::sim {

struct SplitMix64 {
  std::uint64_t state = 0;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
};

}  // namespace risk::sim
