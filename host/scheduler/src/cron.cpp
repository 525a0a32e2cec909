#include "arrakis/cron.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace arrakis::sched {
namespace {

using namespace std::chrono;

struct FieldSpec {
  const char* name;
  int min, max;
  std::array<const char*, 13> names;  // names[i] means min + i; nullptr = no names
};

constexpr FieldSpec kMinute{"minute", 0, 59, {}};
constexpr FieldSpec kHour{"hour", 0, 23, {}};
constexpr FieldSpec kDay{"day-of-month", 1, 31, {}};
constexpr FieldSpec kMonth{"month", 1, 12,
                           {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}};
// 7 is accepted as Sunday (folded onto bit 0 after parsing).
constexpr FieldSpec kWeekday{"day-of-week", 0, 7, {"sun", "mon", "tue", "wed", "thu", "fri", "sat"}};

class FieldError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(text);
  while (std::getline(in, part, separator)) parts.push_back(part);
  if (!text.empty() && text.back() == separator) parts.emplace_back();
  return parts;
}

int parse_value(const std::string& token, const FieldSpec& spec) {
  if (token.empty()) throw FieldError("a number is missing");
  if (std::all_of(token.begin(), token.end(), [](unsigned char c) { return std::isdigit(c); })) {
    if (token.size() > 3) throw FieldError(token + " is out of range " + std::to_string(spec.min) + "-" + std::to_string(spec.max));
    const int value = std::stoi(token);
    if (value < spec.min || value > spec.max) {
      throw FieldError(token + " is out of range " + std::to_string(spec.min) + "-" + std::to_string(spec.max));
    }
    return value;
  }
  std::string lower;
  for (unsigned char c : token) lower += static_cast<char>(std::tolower(c));
  for (std::size_t i = 0; i < spec.names.size(); ++i) {
    if (spec.names[i] && lower == spec.names[i]) return spec.min + static_cast<int>(i);
  }
  throw FieldError("\"" + token + "\" is not a number" + (spec.names[0] ? " or a name" : ""));
}

std::uint64_t parse_field(const std::string& field, const FieldSpec& spec) {
  std::uint64_t bits = 0;
  for (const std::string& item : split(field, ',')) {
    if (item.empty()) throw FieldError("empty list item");
    std::string range = item;
    int step = 1;
    if (const auto slash = item.find('/'); slash != std::string::npos) {
      range = item.substr(0, slash);
      const std::string step_text = item.substr(slash + 1);
      if (step_text.empty() || step_text.size() > 3 ||
          !std::all_of(step_text.begin(), step_text.end(), [](unsigned char c) { return std::isdigit(c); })) {
        throw FieldError("step \"" + step_text + "\" is not a number");
      }
      step = std::stoi(step_text);
      if (step == 0) throw FieldError("step 0");
    }
    int first = spec.min;
    int last = spec.max;
    if (range != "*") {
      if (const auto dash = range.find('-'); dash != std::string::npos) {
        first = parse_value(range.substr(0, dash), spec);
        last = parse_value(range.substr(dash + 1), spec);
        if (first > last) throw FieldError("range " + range + " runs backwards");
      } else {
        first = parse_value(range, spec);
        // "n/step" means from n to the end of the field; a plain "n" is just n.
        last = item.find('/') == std::string::npos ? first : spec.max;
      }
    }
    for (int v = first; v <= last; v += step) bits |= std::uint64_t{1} << v;
  }
  return bits;
}

bool has(std::uint64_t bits, unsigned n) { return (bits >> n) & 1u; }

// The longest each month can be (February 29 in leap years).
constexpr std::array<unsigned, 13> kMaxDays{0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

std::string expand_alias(const std::string& text) {
  if (text == "@yearly" || text == "@annually") return "0 0 1 1 *";
  if (text == "@monthly") return "0 0 1 * *";
  if (text == "@weekly") return "0 0 * * 0";
  if (text == "@daily" || text == "@midnight") return "0 0 * * *";
  if (text == "@hourly") return "0 * * * *";
  if (text.rfind("@every-", 0) == 0 && text.size() > 8) {
    const std::string number = text.substr(7, text.size() - 8);
    const char unit = text.back();
    const bool digits = !number.empty() && number.size() <= 2 &&
                        std::all_of(number.begin(), number.end(), [](unsigned char c) { return std::isdigit(c); });
    const int n = digits ? std::stoi(number) : 0;
    if (unit == 'm' && n > 0 && 60 % n == 0) return "*/" + number + " * * * *";
    if (unit == 'h' && n > 0 && 24 % n == 0) return "0 */" + number + " * * *";
    throw std::invalid_argument("cron \"" + text + "\": @every needs minutes dividing 60 or hours dividing 24 (@every-15m, @every-6h)");
  }
  if (!text.empty() && text[0] == '@') throw std::invalid_argument("cron \"" + text + "\": unknown alias");
  return text;
}

}  // namespace

CronExpression CronExpression::parse(const std::string& text) {
  std::string trimmed = text;
  trimmed.erase(0, trimmed.find_first_not_of(" \t"));
  trimmed.erase(trimmed.find_last_not_of(" \t") + 1);
  const std::string expanded = expand_alias(trimmed);

  std::vector<std::string> fields;
  std::istringstream in(expanded);
  for (std::string field; in >> field;) fields.push_back(field);
  if (fields.size() != 5) {
    throw std::invalid_argument("cron \"" + text + "\": expected five fields (minute hour day-of-month month day-of-week), got " +
                                std::to_string(fields.size()));
  }

  CronExpression cron;
  cron.text_ = trimmed;
  const FieldSpec* specs[] = {&kMinute, &kHour, &kDay, &kMonth, &kWeekday};
  std::uint64_t* targets[] = {&cron.minutes_, &cron.hours_, &cron.days_, &cron.months_, &cron.weekdays_};
  for (int i = 0; i < 5; ++i) {
    try {
      *targets[i] = parse_field(fields[static_cast<std::size_t>(i)], *specs[i]);
    } catch (const FieldError& e) {
      throw std::invalid_argument("cron \"" + text + "\": " + specs[i]->name + " field \"" +
                                  fields[static_cast<std::size_t>(i)] + "\": " + e.what());
    }
  }
  if (has(cron.weekdays_, 7)) cron.weekdays_ = (cron.weekdays_ | 1u) & ~(std::uint64_t{1} << 7);
  cron.day_star_ = fields[2][0] == '*';
  cron.weekday_star_ = fields[4][0] == '*';

  // Days that no chosen month has (`30 2`) would make next_after search forever. They can only
  // matter when the day-of-month alone decides (day-of-week is `*`-led).
  if (cron.weekday_star_) {
    bool possible = false;
    for (unsigned m = 1; m <= 12 && !possible; ++m) {
      if (!has(cron.months_, m)) continue;
      for (unsigned d = 1; d <= kMaxDays[m] && !possible; ++d) possible = has(cron.days_, d);
    }
    if (!possible) {
      throw std::invalid_argument("cron \"" + text + "\": day-of-month field \"" + fields[2] +
                                  "\": never occurs in the months given (\"" + fields[3] + "\")");
    }
  }
  return cron;
}

bool CronExpression::day_matches(sys_days day) const {
  const year_month_day date{day};
  const bool day_ok = has(days_, static_cast<unsigned>(date.day()));
  const bool weekday_ok = has(weekdays_, weekday{day}.c_encoding());
  if (day_star_ || weekday_star_) return day_ok && weekday_ok;
  return day_ok || weekday_ok;
}

system_clock::time_point CronExpression::next_after(system_clock::time_point t) const {
  const auto start = floor<minutes>(t) + minutes(1);
  sys_days day = floor<days>(start);
  int minute_of_day = static_cast<int>((start - day) / minutes(1));
  // Every valid expression fires within 8 years (29 February skips 2100); 30 is a safe bound.
  const sys_days give_up = day + days(366 * 30);
  while (day < give_up) {
    const year_month_day date{day};
    if (!has(months_, static_cast<unsigned>(date.month()))) {
      day = sys_days{(year_month{date.year(), date.month()} + months(1)) / std::chrono::day(1)};
      minute_of_day = 0;
      continue;
    }
    if (day_matches(day)) {
      for (int h = minute_of_day / 60; h < 24; ++h) {
        if (!has(hours_, static_cast<unsigned>(h))) continue;
        for (int m = (h == minute_of_day / 60 ? minute_of_day % 60 : 0); m < 60; ++m) {
          if (has(minutes_, static_cast<unsigned>(m))) return day + hours(h) + minutes(m);
        }
      }
    }
    day += days(1);
    minute_of_day = 0;
  }
  throw std::logic_error("cron \"" + text_ + "\": no firing within 30 years");
}

}  // namespace arrakis::sched
