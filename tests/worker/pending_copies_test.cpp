// PendingCopies: which originals a publisher confirm settles. The consumer acks an original only
// when its copy is confirmed, so getting `multiple` wrong would ack messages whose copies the
// broker may still lose.
#include <gtest/gtest.h>

#include "message/pending_copies.hpp"

using arrakis::amqp::Confirm;
using arrakis::worker::PendingCopies;

namespace {

PendingCopies three_copies() {
  PendingCopies p;
  const auto t = std::chrono::steady_clock::now();
  p.add(1, {101, false, t});
  p.add(2, {102, true, t + std::chrono::milliseconds(1)});
  p.add(3, {103, false, t + std::chrono::milliseconds(2)});
  return p;
}

std::vector<std::uint64_t> tags(const std::vector<PendingCopies::Settled>& settled) {
  std::vector<std::uint64_t> out;
  for (const auto& s : settled) out.push_back(s.copy.delivery_tag);
  return out;
}

}  // namespace

TEST(PendingCopies, SingleAckSettlesOnlyThatCopy) {
  auto p = three_copies();
  const auto settled = p.apply({Confirm::Kind::ack, 2, false, {}});
  EXPECT_EQ(tags(settled), (std::vector<std::uint64_t>{102}));
  EXPECT_TRUE(settled[0].confirmed);
  EXPECT_TRUE(settled[0].copy.requeue_on_nack);
  EXPECT_EQ(p.size(), 2u);
}

TEST(PendingCopies, MultipleAckSettlesEverythingUpToItsSequence) {
  auto p = three_copies();
  const auto settled = p.apply({Confirm::Kind::ack, 2, true, {}});
  EXPECT_EQ(tags(settled), (std::vector<std::uint64_t>{101, 102}));
  EXPECT_EQ(p.size(), 1u);
  EXPECT_TRUE(p.apply({Confirm::Kind::ack, 2, true, {}}).empty()) << "a repeated confirm settles nothing twice";
}

TEST(PendingCopies, NackIsReportedAsNotConfirmed) {
  auto p = three_copies();
  const auto settled = p.apply({Confirm::Kind::nack, 3, true, {}});
  ASSERT_EQ(settled.size(), 3u);
  for (const auto& s : settled) EXPECT_FALSE(s.confirmed);
  EXPECT_TRUE(p.empty());
}

TEST(PendingCopies, ReturnsAndUnknownSequencesSettleNothing) {
  auto p = three_copies();
  EXPECT_TRUE(p.apply({Confirm::Kind::returned, 1, false, "NO_ROUTE"}).empty());
  EXPECT_TRUE(p.apply({Confirm::Kind::ack, 42, false, {}}).empty());
  EXPECT_EQ(p.size(), 3u);
}

TEST(PendingCopies, OldestIsTheEarliestPublishedStillWaiting) {
  auto p = three_copies();
  const auto first = *p.oldest();
  p.apply({Confirm::Kind::ack, 1, false, {}});
  EXPECT_GT(*p.oldest(), first);
  p.clear();
  EXPECT_FALSE(p.oldest().has_value());
}
