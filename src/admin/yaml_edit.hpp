#pragma once
// Edits a YAML file's text in place, keeping every comment, blank line and the
// layout of everything it does not touch (risk-admin's configuration edits).
// yaml-cpp finds where a node starts; the edit replaces just that node's text.
// After each edit the result is parsed again and the edited node must equal
// the requested value, or the edit is refused ("edit the file by hand") rather
// than risk writing something else than what was asked for.
//
// Supported: block mappings and block sequences (the layout of the shipped
// files), values that are plain or quoted scalars or one-line flow
// collections. Block scalars (| and >) and multi-line flow values are refused.
#include <cstddef>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.hpp"

namespace risk::admin {

// A key of a mapping or an index of a sequence.
using PathElement = std::variant<std::string, std::size_t>;
using YamlPath = std::vector<PathElement>;

// "rules.daily_realized_loss.loss_limit" -> {"rules", "daily_realized_loss", "loss_limit"}.
YamlPath parse_path(std::string_view dotted);
std::string path_text(const YamlPath& path);

// Sets the value at `path` to `value` (YAML text of one line: a scalar or a
// flow collection). Missing mappings on the way are created. A block value
// (a nested mapping or list) is replaced by the one-line value.
Result<std::string> set_value(std::string_view text, const YamlPath& path, std::string_view value);

// Removes the key at `path` (and its value block); an error when it is not there.
Result<std::string> remove_key(std::string_view text, const YamlPath& path);

// Replaces the entry at `path` (key line and value block) with the entry at
// `from_path` of `source` (e.g. a rule's section from the shipped defaults),
// re-indented; added at the end of the parent mapping when absent.
Result<std::string> replace_entry(std::string_view text, const YamlPath& path, std::string_view source,
                                  const YamlPath& from_path);

// Appends an item to the block sequence at `path`. `item_lines` are the
// item's mapping lines without indentation ("account_id: 5", ...).
Result<std::string> append_item(std::string_view text, const YamlPath& path,
                                const std::vector<std::string>& item_lines);

// Removes item `index` of the block sequence at `path`.
Result<std::string> remove_item(std::string_view text, const YamlPath& path, std::size_t index);

}  // namespace risk::admin
