#include "admin/yaml_edit.hpp"

#include <algorithm>
#include <optional>

#include <yaml-cpp/yaml.h>

namespace risk::admin {

namespace {

constexpr const char* kByHand = " (risk-admin edits block mappings and one-line values; edit this file by hand)";

// ------------------------------------------------------------------ lines --

struct Lines {
  std::vector<std::string> v;
  bool final_newline = true;

  static Lines split(std::string_view text) {
    Lines l;
    std::size_t start = 0;
    while (start < text.size()) {
      const std::size_t nl = text.find('\n', start);
      if (nl == std::string_view::npos) {
        l.v.emplace_back(text.substr(start));
        l.final_newline = false;
        break;
      }
      l.v.emplace_back(text.substr(start, nl - start));
      start = nl + 1;
    }
    return l;
  }
  [[nodiscard]] std::string join() const {
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) {
      out += v[i];
      if (i + 1 < v.size() || final_newline) out += '\n';
    }
    return out;
  }
};

std::size_t indent_of(std::string_view line) {
  const std::size_t p = line.find_first_not_of(' ');
  return p == std::string_view::npos ? line.size() : p;
}

// A line with something other than blanks and a comment.
bool is_content(std::string_view line) {
  const std::size_t p = line.find_first_not_of(" \t\r");
  return p != std::string_view::npos && line[p] != '#';
}

// Just past the quoted scalar that opens at `at` ('...' with '' inside, or
// "..." with backslash escapes), or npos when it does not close on this line.
std::size_t quoted_end(std::string_view line, std::size_t at) {
  const char q = line[at];
  for (std::size_t i = at + 1; i < line.size(); ++i) {
    if (q == '"' && line[i] == '\\') {
      ++i;
    } else if (line[i] == q) {
      if (q == '\'' && i + 1 < line.size() && line[i + 1] == '\'') {
        ++i;
        continue;
      }
      return i + 1;
    }
  }
  return std::string_view::npos;
}

// Where the comment of a line starts (" #" outside quotes), or npos.
std::size_t comment_start(std::string_view line, std::size_t from = 0) {
  for (std::size_t i = from; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '"' || c == '\'') {
      const std::size_t e = quoted_end(line, i);
      if (e == std::string_view::npos) return e;
      i = e - 1;
    } else if (c == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) {
      return i;
    }
  }
  return std::string_view::npos;
}

// The end (exclusive column) of the scalar or flow collection starting at `col`.
Result<std::size_t> value_end(std::string_view line, std::size_t col) {
  if (col >= line.size()) return col;
  const char c = line[col];
  if (c == '|' || c == '>') return make_error(std::string("a block scalar (| or >)") + kByHand);
  if (c == '"' || c == '\'') {
    const std::size_t e = quoted_end(line, col);
    if (e != std::string_view::npos) return e;
    return make_error(std::string("a quoted value that continues on the next line") + kByHand);
  }
  if (c == '{' || c == '[') {
    int depth = 0;
    for (std::size_t i = col; i < line.size(); ++i) {
      const char d = line[i];
      if (d == '"' || d == '\'') {
        const std::size_t e = quoted_end(line, i);
        if (e == std::string_view::npos) break;
        i = e - 1;
      } else if (d == '{' || d == '[') {
        ++depth;
      } else if (d == '}' || d == ']') {
        if (--depth == 0) return i + 1;
      }
    }
    return make_error(std::string("a flow collection that continues on the next line") + kByHand);
  }
  std::size_t end = std::min(comment_start(line, col), line.size());
  while (end > col && (line[end - 1] == ' ' || line[end - 1] == '\t')) --end;
  return end;
}

// -------------------------------------------------------------- structure --
// yaml-cpp's Node::operator= writes into the node a variable refers to (it
// edits the tree); rebinding a variable is reset(). Only the expected trees
// below are assigned to on purpose.

bool same(const YAML::Node& a, const YAML::Node& b) {
  const auto ta = a.Type();
  const auto tb = b.Type();
  const auto nullish = [](const YAML::Node& n) {
    return n.Type() == YAML::NodeType::Null || n.Type() == YAML::NodeType::Undefined;
  };
  if (nullish(a) || nullish(b)) return nullish(a) && nullish(b);
  if (ta != tb) return false;
  if (ta == YAML::NodeType::Scalar) return a.Scalar() == b.Scalar();
  if (a.size() != b.size()) return false;
  if (ta == YAML::NodeType::Sequence) {
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!same(a[i], b[i])) return false;
    }
    return true;
  }
  for (auto it = a.begin(); it != a.end(); ++it) {
    const std::string key = it->first.Scalar();
    const YAML::Node other = b[key];
    if (!other.IsDefined() || !same(it->second, other)) return false;
  }
  return true;
}

Result<YAML::Node> parse(std::string_view text, const char* what) {
  try {
    return YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    return make_error(std::string(what) + " is not valid YAML: " + e.what());
  }
}

// A child of a map or sequence, with where its key (or dash) is.
struct Entry {
  YAML::Node value;
  int key_line = -1;  // the key's line (mappings) or the item's dash line (sequences)
  int key_col = -1;   // the key's column, or the dash's
  bool found = false;
};

Entry child(const YAML::Node& parent, const PathElement& e, const Lines& lines) {
  Entry out;
  if (const auto* key = std::get_if<std::string>(&e)) {
    if (!parent.IsMap()) return out;
    for (auto it = parent.begin(); it != parent.end(); ++it) {
      if (it->first.IsScalar() && it->first.Scalar() == *key) {
        out.value.reset(it->second);
        out.key_line = it->first.Mark().line;
        out.key_col = it->first.Mark().column;
        out.found = true;
        return out;
      }
    }
    return out;
  }
  const std::size_t index = std::get<std::size_t>(e);
  if (!parent.IsSequence() || index >= parent.size()) return out;
  out.value.reset(parent[index]);
  int line = out.value.Mark().line;
  while (line >= 0 &&
         (static_cast<std::size_t>(line) >= lines.v.size() ||
          lines.v[static_cast<std::size_t>(line)].find_first_not_of(' ') == std::string::npos ||
          lines.v[static_cast<std::size_t>(line)][indent_of(lines.v[static_cast<std::size_t>(line)])] != '-')) {
    --line;
  }
  if (line < 0) return out;
  out.key_line = line;
  out.key_col = static_cast<int>(indent_of(lines.v[static_cast<std::size_t>(line)]));
  out.found = true;
  return out;
}

// The last line of the block that belongs to the entry whose key (or dash) is
// at (line, col): following lines indented deeper (or, for a sequence held by a
// key, "- " items at the key's own column). Trailing blank and comment lines
// are left to what follows.
std::size_t block_end(const Lines& lines, std::size_t line, std::size_t col, bool sequence_value) {
  std::size_t last = line;
  for (std::size_t i = line + 1; i < lines.v.size(); ++i) {
    const std::string& l = lines.v[i];
    if (!is_content(l)) continue;
    const std::size_t ind = indent_of(l);
    if (ind > col || (sequence_value && ind == col && l[ind] == '-' && (ind + 1 == l.size() || l[ind + 1] == ' '))) {
      last = i;
      continue;
    }
    break;
  }
  return last;
}

// The column just after "key:" on the key's line (the key starts at `col`).
Result<std::size_t> after_colon(std::string_view line, std::size_t col) {
  std::size_t i = col;
  if (i < line.size() && (line[i] == '"' || line[i] == '\'')) {
    auto e = value_end(line, i);
    if (!e) return e.error();
    i = e.value();
  }
  const std::size_t colon = line.find(':', i);
  if (colon == std::string_view::npos) return make_error(std::string("a key whose ':' is not on its line") + kByHand);
  return colon + 1;
}

// Where the node at `path` is, walking from the root. `depth` = how many path
// elements were found (== path.size() when all of them).
struct Walk {
  std::vector<Entry> entries;  // one per found element
  YAML::Node parent;           // the node holding the first missing element (or the last found's parent)
};

Walk walk(const YAML::Node& root, const YamlPath& path, const Lines& lines) {
  Walk w;
  YAML::Node cur = root;
  for (const auto& e : path) {
    w.parent.reset(cur);
    Entry c = child(cur, e, lines);
    if (!c.found) return w;
    w.entries.push_back(c);
    cur.reset(c.value);
  }
  return w;
}

// The clone of `root` with `value` put at `path` (creating maps on the way).
YAML::Node expected_after_set(const YAML::Node& root, const YamlPath& path, const YAML::Node& value) {
  YAML::Node copy = YAML::Clone(root);
  if (path.empty()) return value;
  std::vector<YAML::Node> chain{copy};
  for (std::size_t i = 0; i + 1 < path.size(); ++i) {
    YAML::Node next;
    if (const auto* k = std::get_if<std::string>(&path[i])) {
      const YAML::Node existing = chain.back()[*k];
      if (!existing.IsDefined() || existing.IsNull()) chain.back()[*k] = YAML::Node(YAML::NodeType::Map);
      next.reset(chain.back()[*k]);
    } else {
      next.reset(chain.back()[std::get<std::size_t>(path[i])]);
    }
    chain.push_back(next);
  }
  if (const auto* k = std::get_if<std::string>(&path.back())) {
    chain.back()[*k] = value;
  } else {
    chain.back()[std::get<std::size_t>(path.back())] = value;
  }
  return copy;
}

Result<std::string> verified(const Lines& lines, const YAML::Node& expected) {
  std::string out = lines.join();
  auto again = parse(out, "the edited file");
  if (!again) return again.error();
  if (!same(again.value(), expected)) {
    return make_error(std::string("the edit could not be made without changing something else") + kByHand);
  }
  return out;
}

std::string yaml_of_key(const std::string& key) {
  const bool plain = !key.empty() && key.find_first_of(":#{}[],&*!|>'\"%@` ") == std::string::npos;
  return plain ? key : "\"" + key + "\"";
}

// The child indentation of the mapping held by `entry` (or the root when null).
std::size_t child_indent(const Lines& lines, const Entry* entry, const YAML::Node& map) {
  if (map.IsMap() && map.size() > 0) {
    const auto first = map.begin()->first.Mark();
    (void)lines;
    return static_cast<std::size_t>(first.column);
  }
  return entry == nullptr ? 0 : static_cast<std::size_t>(entry->key_col) + 2;
}

// The line after which new children of the mapping held by `entry` go.
std::size_t insertion_line(const Lines& lines, const Entry* entry) {
  if (entry == nullptr) {  // the root: after the last content line
    std::size_t last = 0;
    for (std::size_t i = 0; i < lines.v.size(); ++i) {
      if (is_content(lines.v[i])) last = i + 1;
    }
    return last;  // insert before this index
  }
  return block_end(lines, static_cast<std::size_t>(entry->key_line), static_cast<std::size_t>(entry->key_col),
                   entry->value.IsSequence()) +
         1;
}

// Makes the (empty: null or {}) value of `entry` an empty block mapping.
Result<bool> clear_inline_value(Lines& lines, const Entry& entry) {
  std::string& line = lines.v[static_cast<std::size_t>(entry.key_line)];
  auto colon = after_colon(line, static_cast<std::size_t>(entry.key_col));
  if (!colon) return colon.error();
  const std::size_t c = comment_start(line, colon.value());
  std::string rest = line.substr(colon.value(), c == std::string::npos ? std::string::npos : c - colon.value());
  rest.erase(0, rest.find_first_not_of(' '));
  while (!rest.empty() && rest.back() == ' ') rest.pop_back();
  if (!rest.empty() && rest != "~" && rest != "null" && rest != "{}") {
    return make_error("'" + rest + "' is not a mapping" + kByHand);
  }
  line = line.substr(0, colon.value()) + (c == std::string::npos ? "" : "  " + line.substr(c));
  return true;
}

}  // namespace

YamlPath parse_path(std::string_view dotted) {
  YamlPath p;
  std::size_t start = 0;
  while (start <= dotted.size()) {
    const std::size_t dot = dotted.find('.', start);
    const std::string_view part = dotted.substr(start, dot == std::string_view::npos ? dotted.npos : dot - start);
    if (!part.empty()) p.emplace_back(std::string(part));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return p;
}

std::string path_text(const YamlPath& path) {
  std::string s;
  for (const auto& e : path) {
    if (const auto* k = std::get_if<std::string>(&e)) {
      if (!s.empty()) s += '.';
      s += *k;
    } else {
      s += "[" + std::to_string(std::get<std::size_t>(e)) + "]";
    }
  }
  return s;
}

static Result<std::string> set_value_unguarded(std::string_view text, const YamlPath& path, std::string_view value) {
  if (path.empty()) return make_error("no key to set");
  if (value.find('\n') != std::string_view::npos) return make_error("a value must fit on one line");
  auto value_node = parse(value, "the new value");
  if (!value_node) return value_node.error();
  auto root = parse(text, "the file");
  if (!root) return root.error();
  Lines lines = Lines::split(text);
  const YAML::Node expected = expected_after_set(root.value(), path, value_node.value());
  Walk w = walk(root.value(), path, lines);

  if (w.entries.size() < path.size()) {
    // Missing: create the rest under the deepest mapping found.
    const std::size_t found = w.entries.size();
    for (std::size_t i = found; i < path.size(); ++i) {
      if (!std::holds_alternative<std::string>(path[i])) {
        return make_error("there is no item " + path_text(YamlPath(path.begin(), path.begin() + long(i) + 1)));
      }
    }
    const Entry* holder = found == 0 ? nullptr : &w.entries.back();
    YAML::Node map = found == 0 ? root.value() : w.entries.back().value;
    if (holder != nullptr && !map.IsMap()) {
      if (!map.IsNull() && !(map.IsMap() && map.size() == 0)) {
        return make_error(path_text(YamlPath(path.begin(), path.begin() + long(found))) + " is not a mapping");
      }
      auto cleared = clear_inline_value(lines, *holder);
      if (!cleared) return cleared.error();
    } else if (holder != nullptr) {
      const std::string& l = lines.v[static_cast<std::size_t>(holder->key_line)];
      auto colon = after_colon(l, static_cast<std::size_t>(holder->key_col));
      if (!colon) return colon.error();
      const std::size_t v = l.find_first_not_of(' ', colon.value());
      if (v != std::string::npos && l[v] == '{') {
        if (map.size() > 0)
          return make_error(path_text(YamlPath(path.begin(), path.begin() + long(found))) +
                            " is a one-line {...} mapping: set it whole");
        auto cleared = clear_inline_value(lines, *holder);
        if (!cleared) return cleared.error();
      }
    }
    std::size_t indent = child_indent(lines, holder, map);
    std::vector<std::string> add;
    for (std::size_t i = found; i < path.size(); ++i) {
      const std::string key = yaml_of_key(std::get<std::string>(path[i]));
      if (i + 1 == path.size()) {
        add.push_back(std::string(indent, ' ') + key + ": " + std::string(value));
      } else {
        add.push_back(std::string(indent, ' ') + key + ":");
        indent += 2;
      }
    }
    const std::size_t at = insertion_line(lines, holder);
    lines.v.insert(lines.v.begin() + long(at), add.begin(), add.end());
    return verified(lines, expected);
  }

  const Entry& e = w.entries.back();
  if (std::holds_alternative<std::size_t>(path.back())) {
    return make_error("set a field of an item, not the whole item (" + path_text(path) + ")");
  }
  std::string& line = lines.v[static_cast<std::size_t>(e.key_line)];
  auto colon = after_colon(line, static_cast<std::size_t>(e.key_col));
  if (!colon) return colon.error();
  const YAML::Mark vm = e.value.Mark();
  const bool on_key_line = vm.line == e.key_line && vm.column >= 0 && static_cast<std::size_t>(vm.column) < line.size();
  const std::size_t first = line.find_first_not_of(' ', colon.value());
  const bool empty_inline = first == std::string::npos || line[first] == '#';
  if ((e.value.IsMap() || e.value.IsSequence()) && empty_inline) {
    // A block value: drop its lines; the new value goes after the colon.
    const std::size_t end = block_end(lines, static_cast<std::size_t>(e.key_line), static_cast<std::size_t>(e.key_col),
                                      e.value.IsSequence());
    const std::size_t c = comment_start(line, colon.value());
    line = line.substr(0, colon.value()) + " " + std::string(value) +
           (c == std::string::npos ? "" : "  " + line.substr(c));
    lines.v.erase(lines.v.begin() + e.key_line + 1, lines.v.begin() + long(end) + 1);
    return verified(lines, expected);
  }
  if (empty_inline) {  // `key:` with nothing: null
    const std::size_t c = comment_start(line, colon.value());
    line = line.substr(0, colon.value()) + " " + std::string(value) +
           (c == std::string::npos ? "" : "  " + line.substr(c));
    return verified(lines, expected);
  }
  const std::size_t start = on_key_line ? static_cast<std::size_t>(vm.column) : first;
  auto end = value_end(line, start);
  if (!end) return end.error();
  line = line.substr(0, start) + std::string(value) + line.substr(end.value());
  return verified(lines, expected);
}

static Result<std::string> remove_key_unguarded(std::string_view text, const YamlPath& path) {
  if (path.empty() || !std::holds_alternative<std::string>(path.back())) return make_error("no key to remove");
  auto root = parse(text, "the file");
  if (!root) return root.error();
  Lines lines = Lines::split(text);
  Walk w = walk(root.value(), path, lines);
  if (w.entries.size() < path.size()) return make_error(path_text(path) + " is not in the file");
  const Entry& e = w.entries.back();
  const std::string& line = lines.v[static_cast<std::size_t>(e.key_line)];
  if (indent_of(line) != static_cast<std::size_t>(e.key_col)) {
    return make_error(path_text(path) + " is inside a one-line {...} mapping" + kByHand);
  }
  const std::size_t end =
      block_end(lines, static_cast<std::size_t>(e.key_line), static_cast<std::size_t>(e.key_col), e.value.IsSequence());
  lines.v.erase(lines.v.begin() + e.key_line, lines.v.begin() + long(end) + 1);
  YAML::Node expected = YAML::Clone(root.value());
  {
    YAML::Node parent = expected;
    for (std::size_t i = 0; i + 1 < path.size(); ++i) {
      if (const auto* k = std::get_if<std::string>(&path[i])) {
        parent.reset(parent[*k]);
      } else {
        parent.reset(parent[std::get<std::size_t>(path[i])]);
      }
    }
    parent.remove(std::get<std::string>(path.back()));
  }
  return verified(lines, expected);
}

static Result<std::string> replace_entry_unguarded(std::string_view text, const YamlPath& path, std::string_view source,
                                                   const YamlPath& from_path) {
  if (path.empty() || !std::holds_alternative<std::string>(path.back())) return make_error("no entry to replace");
  auto root = parse(text, "the file");
  if (!root) return root.error();
  auto src_root = parse(source, "the defaults");
  if (!src_root) return src_root.error();
  const Lines src = Lines::split(source);
  Walk sw = walk(src_root.value(), from_path, src);
  if (sw.entries.size() < from_path.size()) return make_error(path_text(from_path) + " is not in the defaults");
  const Entry& se = sw.entries.back();
  const std::size_t s_end = block_end(src, static_cast<std::size_t>(se.key_line), static_cast<std::size_t>(se.key_col),
                                      se.value.IsSequence());
  Lines lines = Lines::split(text);
  Walk w = walk(root.value(), path, lines);
  std::size_t at = 0;
  std::size_t col = 0;
  if (w.entries.size() == path.size()) {
    const Entry& e = w.entries.back();
    if (indent_of(lines.v[static_cast<std::size_t>(e.key_line)]) != static_cast<std::size_t>(e.key_col)) {
      return make_error(path_text(path) + " is inside a one-line {...} mapping" + kByHand);
    }
    const std::size_t end = block_end(lines, static_cast<std::size_t>(e.key_line), static_cast<std::size_t>(e.key_col),
                                      e.value.IsSequence());
    lines.v.erase(lines.v.begin() + e.key_line, lines.v.begin() + long(end) + 1);
    at = static_cast<std::size_t>(e.key_line);
    col = static_cast<std::size_t>(e.key_col);
  } else if (w.entries.size() + 1 == path.size()) {
    const Entry* holder = w.entries.empty() ? nullptr : &w.entries.back();
    const YAML::Node map = holder == nullptr ? root.value() : holder->value;
    if (!map.IsMap()) return make_error(path_text(YamlPath(path.begin(), path.end() - 1)) + " is not a block mapping");
    col = child_indent(lines, holder, map);
    at = insertion_line(lines, holder);
  } else {
    return make_error(path_text(YamlPath(path.begin(), path.end() - 1)) + " is not in the file");
  }
  std::vector<std::string> add;
  const std::size_t scol = static_cast<std::size_t>(se.key_col);
  for (std::size_t i = static_cast<std::size_t>(se.key_line); i <= s_end; ++i) {
    const std::string& l = src.v[i];
    if (!is_content(l) && l.find_first_not_of(' ') == std::string::npos) {
      add.emplace_back();
    } else if (indent_of(l) >= scol) {
      add.push_back(std::string(col, ' ') + l.substr(scol));
    } else {
      add.push_back(std::string(col, ' ') + l.substr(indent_of(l)));  // a comment less indented
    }
  }
  lines.v.insert(lines.v.begin() + long(at), add.begin(), add.end());
  return verified(lines, expected_after_set(root.value(), path, se.value));
}

static Result<std::string> append_item_unguarded(std::string_view text, const YamlPath& path,
                                                 const std::vector<std::string>& item_lines) {
  if (item_lines.empty()) return make_error("an empty item");
  auto root = parse(text, "the file");
  if (!root) return root.error();
  Lines lines = Lines::split(text);
  Walk w = walk(root.value(), path, lines);
  if (w.entries.size() < path.size()) return make_error(path_text(path) + " is not in the file");
  const Entry& e = w.entries.back();
  std::string item_text;
  for (const auto& l : item_lines) item_text += l + "\n";
  auto item = parse(item_text, "the new item");
  if (!item) return item.error();
  YAML::Node expected = YAML::Clone(root.value());
  {
    YAML::Node seq = expected;
    for (const auto& p : path) {
      if (const auto* k = std::get_if<std::string>(&p)) {
        seq.reset(seq[*k]);
      } else {
        seq.reset(seq[std::get<std::size_t>(p)]);
      }
    }
    if (!seq.IsSequence() && !seq.IsNull()) return make_error(path_text(path) + " is not a list");
    seq.push_back(item.value());
  }
  std::size_t dash = static_cast<std::size_t>(e.key_col) + 2;
  bool blank_between = false;
  if (e.value.IsSequence() && e.value.size() > 0) {
    const Entry first = child(e.value, PathElement{std::size_t{0}}, lines);
    if (!first.found) return make_error(path_text(path) + " is a one-line [...] list" + kByHand);
    dash = static_cast<std::size_t>(first.key_col);
    if (e.value.size() > 1) {
      const Entry second = child(e.value, PathElement{std::size_t{1}}, lines);
      blank_between =
          second.found && second.key_line > 0 &&
          lines.v[static_cast<std::size_t>(second.key_line - 1)].find_first_not_of(' ') == std::string::npos;
    }
  } else {
    auto cleared = clear_inline_value(lines, e);  // `accounts: []` or `accounts:`
    if (!cleared) {
      const std::string& l = lines.v[static_cast<std::size_t>(e.key_line)];
      if (l.find("[]") == std::string::npos) return cleared.error();
      lines.v[static_cast<std::size_t>(e.key_line)] = l.substr(0, l.find("[]"));
      while (!lines.v[static_cast<std::size_t>(e.key_line)].empty() &&
             lines.v[static_cast<std::size_t>(e.key_line)].back() == ' ')
        lines.v[static_cast<std::size_t>(e.key_line)].pop_back();
    }
  }
  const std::size_t at = block_end(lines, static_cast<std::size_t>(e.key_line), static_cast<std::size_t>(e.key_col),
                                   e.value.IsSequence()) +
                         1;
  std::vector<std::string> add;
  if (blank_between) add.emplace_back();
  add.push_back(std::string(dash, ' ') + "- " + item_lines[0]);
  for (std::size_t i = 1; i < item_lines.size(); ++i) add.push_back(std::string(dash + 2, ' ') + item_lines[i]);
  lines.v.insert(lines.v.begin() + long(at), add.begin(), add.end());
  return verified(lines, expected);
}

static Result<std::string> remove_item_unguarded(std::string_view text, const YamlPath& path, std::size_t index) {
  auto root = parse(text, "the file");
  if (!root) return root.error();
  Lines lines = Lines::split(text);
  Walk w = walk(root.value(), path, lines);
  if (w.entries.size() < path.size()) return make_error(path_text(path) + " is not in the file");
  const Entry& e = w.entries.back();
  if (!e.value.IsSequence() || index >= e.value.size()) {
    return make_error(path_text(path) + " has no item " + std::to_string(index));
  }
  const Entry item = child(e.value, PathElement{index}, lines);
  if (!item.found) return make_error(path_text(path) + " is a one-line [...] list" + kByHand);
  const std::size_t first = static_cast<std::size_t>(item.key_line);
  // The item runs to the last line indented deeper than its dash.
  const std::size_t last = block_end(lines, first, static_cast<std::size_t>(item.key_col), false);
  std::size_t erase_from = first;
  // A blank line that separated this item from the previous one goes with it.
  if (erase_from > 0 && lines.v[erase_from - 1].find_first_not_of(' ') == std::string::npos && index > 0) --erase_from;
  lines.v.erase(lines.v.begin() + long(erase_from), lines.v.begin() + long(last) + 1);
  YAML::Node expected = YAML::Clone(root.value());
  {
    YAML::Node seq = expected;
    for (const auto& p : path) {
      if (const auto* k = std::get_if<std::string>(&p)) {
        seq.reset(seq[*k]);
      } else {
        seq.reset(seq[std::get<std::size_t>(p)]);
      }
    }
    YAML::Node rebuilt(YAML::NodeType::Sequence);
    for (std::size_t i = 0; i < seq.size(); ++i) {
      if (i != index) rebuilt.push_back(seq[i]);
    }
    if (rebuilt.size() == 0) {
      // An emptied block list reads back as null (`accounts:`): say so explicitly.
      std::string& kl = lines.v[static_cast<std::size_t>(e.key_line)];
      const std::size_t c = comment_start(kl, static_cast<std::size_t>(e.key_col));
      kl = c == std::string::npos ? kl + " []" : kl.substr(0, c) + "[]  " + kl.substr(c);
    }
    seq = rebuilt;  // assigns through to the parent
  }
  return verified(lines, expected);
}

// yaml-cpp reports some misuse by throwing (a key under a scalar, ...): every
// edit answers with an error instead.
template <typename F>
static Result<std::string> guarded(F&& f) {
  try {
    return f();
  } catch (const YAML::Exception& e) {
    return make_error(std::string("this edit cannot be made: ") + e.what());
  }
}

Result<std::string> set_value(std::string_view text, const YamlPath& path, std::string_view value) {
  return guarded([&] { return set_value_unguarded(text, path, value); });
}
Result<std::string> remove_key(std::string_view text, const YamlPath& path) {
  return guarded([&] { return remove_key_unguarded(text, path); });
}
Result<std::string> replace_entry(std::string_view text, const YamlPath& path, std::string_view source,
                                  const YamlPath& from_path) {
  return guarded([&] { return replace_entry_unguarded(text, path, source, from_path); });
}
Result<std::string> append_item(std::string_view text, const YamlPath& path,
                                const std::vector<std::string>& item_lines) {
  return guarded([&] { return append_item_unguarded(text, path, item_lines); });
}
Result<std::string> remove_item(std::string_view text, const YamlPath& path, std::size_t index) {
  return guarded([&] { return remove_item_unguarded(text, path, index); });
}

}  // namespace risk::admin
