#include "sim/contracts.hpp"

#include <string>

namespace risk::sim {
namespace {

Decimal d(const char* text) { return Decimal::parse(text).value(); }

Contract make(const std::string& root, const std::string& ticker, const std::string& month_code,
              const std::string& description, const char* tick_size, const char* tick_value, const char* fees,
              const char* commissions, const char* price) {
  // December 2026 (Z26) for every contract: one front month keeps ids predictable in tests.
  Contract c;
  c.id = "CON.F.US." + root + "." + month_code + "26";
  c.name = ticker + month_code + "6";
  c.display_name = ticker + month_code + "26";
  c.description = description;
  c.symbol_id = "F.US." + root;
  c.tick_size = d(tick_size);
  c.tick_value = d(tick_value);
  c.fees = d(fees);
  c.commissions = d(commissions);
  c.initial_price = d(price);
  return c;
}

}  // namespace

std::vector<Contract> default_contracts() {
  // Fees: exchange + regulatory per contract per half-turn. MYM, ZB and ES are the
  // values seen in live fills (gateway-api.md §6.4); the others are close to
  // published exchange schedules (micros ~0.37, minis ~1.40). Commissions 0.25
  // (micros) / 0.50 (full size) per side as in the MYM and ZB fills.
  return {
      make("MNQ", "MNQ", "Z", "Micro E-mini Nasdaq-100", "0.25", "0.50", "0.37", "0.25", "21000"),
      make("MES", "MES", "Z", "Micro E-mini S&P 500", "0.25", "1.25", "0.37", "0.25", "6335.25"),
      make("MYM", "MYM", "Z", "Micro E-mini Dow Jones", "1", "0.50", "0.37", "0.25", "49909"),
      make("ENQ", "NQ", "Z", "E-mini Nasdaq-100", "0.25", "5.00", "1.40", "0.50", "21000"),
      make("EP", "ES", "Z", "E-mini S&P 500", "0.25", "12.50", "1.40", "0.50", "6335.25"),
      make("RTY", "RTY", "Z", "E-mini Russell 2000", "0.10", "5.00", "1.40", "0.50", "2250.5"),
      make("CLE", "CL", "Z", "Crude Oil", "0.01", "10.00", "1.50", "0.50", "68.42"),
      make("GCE", "GC", "Z", "Gold", "0.10", "10.00", "1.60", "0.50", "3350.4"),
      make("EU6", "6E", "Z", "Euro FX", "0.00005", "6.25", "1.62", "0.50", "1.16285"),
      make("USA", "ZB", "Z", "30 Year U.S. Treasury Bond", "0.03125", "31.25", "0.89", "0.50", "113.46875"),
  };
}

}  // namespace risk::sim
