#include "sql_guard.hpp"

#include <array>
#include <cctype>
#include <stdexcept>
#include <vector>

namespace arrakis::plugin_host {
namespace {

// A statement as the guard sees it: words (unquoted ones lower-cased), quoted identifiers, and
// the punctuation that matters; literals and comments are gone.
struct Token {
  enum Kind { kWord, kQuotedIdentifier, kOpenParen, kSemicolon, kOther } kind;
  std::string text;
};

bool word_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || static_cast<unsigned char>(c) >= 0x80; }
bool word_char(char c) { return word_start(c) || std::isdigit(static_cast<unsigned char>(c)) || c == '$'; }

class Lexer {
 public:
  explicit Lexer(std::string_view sql) : s_(sql) {}

  // Splits into statements at top-level semicolons; throws std::invalid_argument on an unclosed
  // literal or comment (PostgreSQL would refuse it too, and the guard must not guess).
  std::vector<std::vector<Token>> statements() {
    std::vector<std::vector<Token>> out(1);
    while (i_ < s_.size()) {
      const char c = s_[i_];
      if (std::isspace(static_cast<unsigned char>(c))) {
        ++i_;
      } else if (c == '-' && peek(1) == '-') {
        while (i_ < s_.size() && s_[i_] != '\n') ++i_;
      } else if (c == '/' && peek(1) == '*') {
        block_comment();
      } else if (c == '\'') {
        quoted('\'', false);
      } else if ((c == 'e' || c == 'E') && peek(1) == '\'') {
        ++i_;
        quoted('\'', true);
      } else if ((c == 'u' || c == 'U') && peek(1) == '&' && (peek(2) == '\'' || peek(2) == '"')) {
        i_ += 2;
        if (s_[i_] == '\'') {
          quoted('\'', false);
        } else {
          out.back().push_back({Token::kQuotedIdentifier, quoted('"', false)});
        }
      } else if (c == '"') {
        out.back().push_back({Token::kQuotedIdentifier, quoted('"', false)});
      } else if (c == '$' && dollar_quote()) {
        // skipped
      } else if (word_start(c)) {
        std::string word;
        while (i_ < s_.size() && word_char(s_[i_])) word.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(s_[i_++]))));
        out.back().push_back({Token::kWord, std::move(word)});
      } else if (c == ';') {
        ++i_;
        if (!out.back().empty()) out.emplace_back();
      } else {
        out.back().push_back({c == '(' ? Token::kOpenParen : Token::kOther, std::string(1, c)});
        ++i_;
      }
    }
    if (out.back().empty()) out.pop_back();
    return out;
  }

 private:
  char peek(std::size_t ahead) const { return i_ + ahead < s_.size() ? s_[i_ + ahead] : '\0'; }

  void block_comment() {  // PostgreSQL's block comments nest
    int depth = 0;
    do {
      if (s_[i_] == '/' && peek(1) == '*') {
        ++depth;
        i_ += 2;
      } else if (s_[i_] == '*' && peek(1) == '/') {
        --depth;
        i_ += 2;
      } else {
        ++i_;
      }
    } while (depth > 0 && i_ < s_.size());
    if (depth > 0) throw std::invalid_argument("unterminated /* comment");
  }

  // A '...' or "..." run starting at i_ (a doubled quote is part of it); returns its content.
  std::string quoted(char quote, bool backslash_escapes) {
    std::string content;
    ++i_;
    while (i_ < s_.size()) {
      const char c = s_[i_];
      if (backslash_escapes && c == '\\' && i_ + 1 < s_.size()) {
        content.push_back(s_[i_ + 1]);
        i_ += 2;
      } else if (c == quote && peek(1) == quote) {
        content.push_back(quote);
        i_ += 2;
      } else if (c == quote) {
        ++i_;
        return content;
      } else {
        content.push_back(c);
        ++i_;
      }
    }
    throw std::invalid_argument(quote == '"' ? "unterminated quoted identifier" : "unterminated string literal");
  }

  // $tag$ ... $tag$ (tag may be empty). $1 is a parameter, not a quote: returns false, consumes nothing.
  bool dollar_quote() {
    std::size_t j = i_ + 1;
    if (j < s_.size() && s_[j] != '$' && !word_start(s_[j])) return false;
    while (j < s_.size() && s_[j] != '$' && word_char(s_[j])) ++j;
    if (j >= s_.size() || s_[j] != '$') return false;
    const std::string_view tag = s_.substr(i_, j - i_ + 1);
    const auto end = s_.find(tag, j + 1);
    if (end == std::string_view::npos) throw std::invalid_argument("unterminated dollar-quoted string");
    i_ = end + tag.size();
    return true;
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

std::string upper(std::string word) {
  for (auto& c : word) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return word;
}

bool is_word(const Token& t, std::string_view w) { return t.kind == Token::kWord && t.text == w; }

template <std::size_t N>
bool one_of(const std::string& word, const std::array<std::string_view, N>& words) {
  for (auto w : words) {
    if (word == w) return true;
  }
  return false;
}

// Functions a plugin statement must not call (by any schema and either spelling).
std::optional<SqlRefusal> refused_function(const std::string& name) {
  if (name == "set_config") {
    return SqlRefusal{"set_config()", "session and tenant settings (app.community_id among them) belong to the host"};
  }
  if (name == "pg_notify") return SqlRefusal{"NOTIFY (pg_notify)", "plugins publish events with event_publish"};
  if (name == "record_processed") {
    return SqlRefusal{"app.record_processed()", "idempotency keys are recorded by the host when the call commits"};
  }
  static constexpr std::array<std::string_view, 5> kDynamic{"query_to_xml", "query_to_xmlschema",
                                                            "query_to_xml_and_xmlschema", "ts_stat", "ts_rewrite"};
  if (one_of(name, kDynamic)) {
    return SqlRefusal{name + "()", "it runs SQL text given as a string, which the host cannot check"};
  }
  static constexpr std::array<std::string_view, 4> kSessionLocks{"pg_advisory_lock", "pg_advisory_lock_shared",
                                                                 "pg_try_advisory_lock", "pg_try_advisory_lock_shared"};
  if (one_of(name, kSessionLocks)) {
    return SqlRefusal{name + "()", "a session-level lock outlives the call: use pg_advisory_xact_lock"};
  }
  return std::nullopt;
}

std::optional<SqlRefusal> refuse_statement(const std::vector<Token>& t) {
  std::size_t first = 0;
  // EXPLAIN ANALYZE runs its statement: look at that statement.
  if (!t.empty() && is_word(t[0], "explain")) {
    first = 1;
    while (first < t.size()) {
      if (is_word(t[first], "analyze") || is_word(t[first], "analyse") || is_word(t[first], "verbose")) {
        ++first;
      } else if (t[first].kind == Token::kOpenParen) {
        while (first < t.size() && t[first].text != ")") ++first;
        ++first;
      } else {
        break;
      }
    }
  }
  if (first < t.size() && t[first].kind == Token::kWord) {
    const std::string& w = t[first].text;
    const std::string next = first + 1 < t.size() && t[first + 1].kind == Token::kWord ? t[first + 1].text : "";
    static constexpr std::array<std::string_view, 8> kTransaction{"begin",    "start",   "commit", "end",
                                                                  "rollback", "abort",   "savepoint", "release"};
    if (one_of(w, kTransaction) || (w == "prepare" && next == "transaction")) {
      return SqlRefusal{"transaction control (" + upper(w) + ")",
                        "the host owns the call's transaction: use sql_begin, sql_commit and sql_rollback for savepoints"};
    }
    if (w == "set" || w == "reset" || w == "discard") {
      return SqlRefusal{upper(w), "session settings would leak to the next call on the pooled connection"};
    }
    if (w == "do") return SqlRefusal{"DO", "anonymous code blocks run SQL the host cannot check"};
    if (w == "copy") return SqlRefusal{"COPY", "bulk copy is not available to plugins"};
    if (w == "listen" || w == "notify" || w == "unlisten") {
      return SqlRefusal{upper(w), "notifications would outlive the call on the pooled connection"};
    }
    static constexpr std::array<std::string_view, 6> kSessionObjects{"prepare", "execute", "deallocate",
                                                                     "declare", "close",   "load"};
    if (one_of(w, kSessionObjects)) {
      return SqlRefusal{upper(w), "session objects would outlive the call on the pooled connection"};
    }
    if (w == "alter" && (next == "role" || next == "user" || next == "group" || next == "system")) {
      return SqlRefusal{"ALTER " + upper(next), "role and server settings are the operator's"};
    }
  }
  const bool inserts = first < t.size() && (is_word(t[first], "insert") || is_word(t[first], "merge"));
  for (std::size_t i = first; i < t.size(); ++i) {
    // CREATE [OR REPLACE] [GLOBAL|LOCAL] TEMP|TEMPORARY ..., and SELECT ... INTO TEMP.
    if (i > first && (is_word(t[i], "temp") || is_word(t[i], "temporary"))) {
      const auto& before = t[i - 1];
      if (is_word(before, "create") || is_word(before, "replace") || is_word(before, "global") ||
          is_word(before, "local") || (!inserts && is_word(before, "into"))) {
        return SqlRefusal{"CREATE TEMP", "a temporary table would shadow real tables for the next call on the connection"};
      }
    }
    if ((t[i].kind == Token::kWord || t[i].kind == Token::kQuotedIdentifier) && i + 1 < t.size() &&
        t[i + 1].kind == Token::kOpenParen) {
      if (auto refusal = refused_function(t[i].text)) return refusal;
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<SqlRefusal> refuse_plugin_sql(std::string_view sql) {
  std::vector<std::vector<Token>> statements;
  try {
    statements = Lexer(sql).statements();
  } catch (const std::invalid_argument& e) {
    return SqlRefusal{"malformed SQL", e.what()};
  }
  if (statements.size() > 1) {
    return SqlRefusal{"multiple statements", "send one statement per sql_query or sql_exec call"};
  }
  if (statements.empty()) return std::nullopt;
  return refuse_statement(statements.front());
}

}  // namespace arrakis::plugin_host
