#include "store/sqlite.hpp"

namespace risk::store {

Database& Database::operator=(Database&& o) noexcept {
  if (this != &o) {
    close();
    db_ = o.db_;
    o.db_ = nullptr;
  }
  return *this;
}

Database::~Database() { close(); }

void Database::close() noexcept {
  if (db_ != nullptr) {
    sqlite3_close_v2(db_);
    db_ = nullptr;
  }
}

Result<Database> Database::open(const std::string& path, Mode mode) {
  sqlite3* db = nullptr;
  const int flags = mode == Mode::ReadOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg =
        "cannot open database '" + path + "': " + (db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    if (db != nullptr) sqlite3_close_v2(db);
    return make_error(std::move(msg));
  }
  sqlite3_extended_result_codes(db, 1);
  return Database(db);
}

std::string Database::last_error() const { return db_ != nullptr ? sqlite3_errmsg(db_) : "database is closed"; }

Result<bool> Database::exec(std::string_view sql) {
  char* err = nullptr;
  const std::string s(sql);
  if (sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err != nullptr ? err : last_error();
    sqlite3_free(err);
    return make_error(std::move(msg));
  }
  return true;
}

Result<Statement> Database::prepare(std::string_view sql) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &st, nullptr) !=
      SQLITE_OK) {
    return make_error("cannot prepare '" + std::string(sql.substr(0, 60)) + "': " + last_error());
  }
  return Statement(st, db_);
}

Result<std::optional<std::string>> Database::query_text(std::string_view sql) {
  auto st = prepare(sql);
  if (!st) return st.error();
  auto row = st.value().step();
  if (!row) return row.error();
  if (!*row || st.value().is_null(0)) return std::optional<std::string>{};
  return std::optional<std::string>{st.value().text(0)};
}

Statement& Statement::operator=(Statement&& o) noexcept {
  if (this != &o) {
    if (st_ != nullptr) sqlite3_finalize(st_);
    st_ = o.st_;
    db_ = o.db_;
    o.st_ = nullptr;
  }
  return *this;
}

Statement::~Statement() {
  if (st_ != nullptr) sqlite3_finalize(st_);
}

Statement& Statement::bind(int index, std::int64_t v) {
  sqlite3_bind_int64(st_, index, v);
  return *this;
}

Statement& Statement::bind(int index, std::string_view v) {
  sqlite3_bind_text(st_, index, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind_null(int index) {
  sqlite3_bind_null(st_, index);
  return *this;
}

Result<bool> Statement::step() {
  const int rc = sqlite3_step(st_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return make_error(sqlite3_errmsg(db_));
}

Result<bool> Statement::run() {
  auto r = step();
  reset();
  if (!r) return r.error();
  return true;
}

void Statement::reset() noexcept {
  sqlite3_reset(st_);
  sqlite3_clear_bindings(st_);
}

std::int64_t Statement::int64(int col) const noexcept { return sqlite3_column_int64(st_, col); }

std::string Statement::text(int col) const {
  const auto* p = sqlite3_column_text(st_, col);
  return p != nullptr
             ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(st_, col)))
             : std::string();
}

bool Statement::is_null(int col) const noexcept { return sqlite3_column_type(st_, col) == SQLITE_NULL; }

}  // namespace risk::store
