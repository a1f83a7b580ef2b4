#pragma once
// Contract ids and symbol roots. The root of `CON.F.US.MNQ.U25` is the fourth
// dot-separated field, `MNQ`; an id of any other shape is its own root.
// Roots are what limits and blocks are keyed by (case-insensitive).
#include <string_view>

#include "core/inline_string.hpp"

namespace risk {

using ContractId = InlineString<47>;
using SymbolRoot = InlineString<47>;  // same capacity: a whole id can be a root

// Upper-cased root of a contract id (`CON.F.US.EP.Z25` -> `EP`).
SymbolRoot symbol_root(std::string_view contract_id) noexcept;
inline SymbolRoot symbol_root(const ContractId& id) noexcept { return symbol_root(id.view()); }

// Upper-cases a configured root so comparisons are case-insensitive.
SymbolRoot normalize_root(std::string_view root) noexcept;

}  // namespace risk
