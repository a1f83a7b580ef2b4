#pragma once
// A thin RAII layer over the SQLite C API: a connection, prepared statements
// with typed binds and columns, and errors as values.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <sqlite3.h>

#include "core/result.hpp"

namespace risk::store {

class Statement;

class Database {
 public:
  enum class Mode { ReadWrite, ReadOnly };

  Database() = default;
  Database(Database&& o) noexcept : db_(o.db_) { o.db_ = nullptr; }
  Database& operator=(Database&& o) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  static Result<Database> open(const std::string& path, Mode mode);

  // Runs one or more statements without results.
  Result<bool> exec(std::string_view sql);
  Result<Statement> prepare(std::string_view sql);
  // The single value of a one-row, one-column query (text), if any.
  Result<std::optional<std::string>> query_text(std::string_view sql);

  [[nodiscard]] sqlite3* handle() const noexcept { return db_; }
  [[nodiscard]] std::string last_error() const;
  [[nodiscard]] bool is_open() const noexcept { return db_ != nullptr; }
  void close() noexcept;

 private:
  explicit Database(sqlite3* db) : db_(db) {}
  sqlite3* db_ = nullptr;
};

class Statement {
 public:
  Statement(Statement&& o) noexcept : st_(o.st_), db_(o.db_) { o.st_ = nullptr; }
  Statement& operator=(Statement&& o) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  Statement& bind(int index, std::int64_t v);
  Statement& bind(int index, std::string_view v);
  Statement& bind_null(int index);
  template <typename T>
  Statement& bind(int index, const std::optional<T>& v) {
    return v ? bind(index, *v) : bind_null(index);
  }

  // true: a row is available; false: done. Errors come back as Error.
  Result<bool> step();
  // Runs to completion (for INSERT/UPDATE/DELETE) and resets for reuse.
  Result<bool> run();
  void reset() noexcept;

  [[nodiscard]] std::int64_t int64(int col) const noexcept;
  [[nodiscard]] std::string text(int col) const;
  [[nodiscard]] bool is_null(int col) const noexcept;

 private:
  friend class Database;
  Statement(sqlite3_stmt* st, sqlite3* db) : st_(st), db_(db) {}
  sqlite3_stmt* st_ = nullptr;
  sqlite3* db_ = nullptr;
};

}  // namespace risk::store
