#include "render.hpp"

#include <arrakis/sietch/sietch.hpp>

namespace arrakis::naib {

namespace {

namespace sietch = arrakis::sietch;

constexpr std::uint32_t kGold = 0xFFD700;
constexpr std::uint32_t kParchment = 0x8B7355;
const char* const kSeatEmoji[] = {"1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣"};

std::string plural(long long n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// The displayed seat number is the position in council order, not the stored seat_number.
std::size_t shown_seats(const std::vector<Seat>& seats) {
  return std::min<std::size_t>(seats.size(), static_cast<std::size_t>(sietch::kNaibSeats));
}

}  // namespace

sdk::Embed current_embed(const std::vector<Seat>& seats) {
  sdk::Embed e;
  e.title("👑 Naib Council").color(kGold);
  std::string text;
  for (std::size_t i = 0; i < shown_seats(seats); ++i) {
    const auto& s = seats[i];
    if (!text.empty()) text.append("\n");
    text.append(kSeatEmoji[i]).append(" **").append(s.nym).append("**");
    if (s.founding) text.append(" 🏛️");
    text.append("\n└ ").append(s.rank ? "Rank #" + std::to_string(*s.rank) : std::string("Unranked"));
    text.append(" • ").append(std::to_string(s.tenure_days)).append("d tenure");
  }
  const auto held = static_cast<long long>(shown_seats(seats));
  e.field("Active Seats (" + std::to_string(held) + "/7)", text.empty() ? "No seats are held yet" : text);
  if (held < sietch::kNaibSeats) {
    // A free seat is taken only when a member completes onboarding (which needs a top-69 rank);
    // the eligibility sync never seats anyone.
    e.field("🪑 Empty Seats", plural(sietch::kNaibSeats - held, "seat", "seats") +
                                  " open: the next member to complete onboarding while ranked in the top 69 takes one");
  }
  e.footer("🏛️ = founding member (seated within the council's first hour)");
  return e;
}

sdk::Embed former_embed(const FormerList& former) {
  sdk::Embed e;
  e.title("📜 Former Naib").color(kParchment);
  if (former.shown.empty()) {
    e.description("There are no former Naib yet.");
    return e;
  }
  std::string text;
  for (const auto& f : former.shown) {
    if (!text.empty()) text.append("\n");
    text.append("**").append(f.nym).append("** • ").append(std::to_string(f.served_days)).append("d served over ");
    text.append(plural(f.terms, "term", "terms"));
  }
  const auto rest = former.total - static_cast<long long>(former.shown.size());
  if (rest > 0) text.append("\n…and ").append(std::to_string(rest)).append(" more");
  e.description(text);
  return e;
}

sdk::Embed overview_embed(const std::vector<Seat>& seats, long long former) {
  sdk::Embed e;
  e.title("👑 Naib Council Overview").color(kGold);
  std::string council;
  for (std::size_t i = 0; i < shown_seats(seats); ++i) {
    if (!council.empty()) council.append("\n");
    council.append(kSeatEmoji[i]).append(" **").append(seats[i].nym).append("**");
  }
  e.description(council.empty() ? "No seats are held yet" : council);
  const auto held = static_cast<long long>(shown_seats(seats));
  e.field("Current Council", std::to_string(held) + "/7", true);
  e.field("Available", std::to_string(sietch::kNaibSeats - held), true);
  e.field("Former", std::to_string(former), true);
  e.footer("Use /naib current or /naib former for the details");
  return e;
}

}  // namespace arrakis::naib
