// The publisher's bookkeeping without a broker: the confirm window (acks, multiple acks, nacks,
// returns, connection loss), the bounded buffer (back-pressure, retry order, drain) and back-off.
#include <gtest/gtest.h>

#include <thread>

#include "arrakis/ingestor/confirm_window.hpp"
#include "arrakis/ingestor/event_buffer.hpp"
#include "arrakis/ingestor/publisher.hpp"

using namespace arrakis::ingestor;
using arrakis::amqp::Confirm;
using namespace std::chrono_literals;

namespace {
OutboundEvent event(const std::string& id) {
  OutboundEvent e;
  e.event_id = id;
  e.event_type = "member.join";
  return e;
}
std::vector<std::string> ids(const std::vector<OutboundEvent>& events) {
  std::vector<std::string> out;
  for (const auto& e : events) out.push_back(e.event_id);
  return out;
}
}  // namespace

TEST(ConfirmWindow, MultipleAckConfirmsEverythingUpToIt) {
  ConfirmWindow w(4);
  for (std::uint64_t s = 1; s <= 4; ++s) w.add(s, event("e" + std::to_string(s)));
  EXPECT_EQ(w.room(), 0u);
  ConfirmWindow::Outcome o;
  w.apply({Confirm::Kind::ack, 3, true, {}}, o);
  EXPECT_EQ(ids(o.confirmed), (std::vector<std::string>{"e1", "e2", "e3"}));
  EXPECT_EQ(o.latencies_ms.size(), 3u);
  EXPECT_EQ(w.size(), 1u);
  EXPECT_EQ(w.room(), 3u);
  w.apply({Confirm::Kind::ack, 4, false, {}}, o);
  EXPECT_TRUE(w.empty());
}

TEST(ConfirmWindow, NackAndReturnAreRetriedNotConfirmed) {
  ConfirmWindow w(8);
  for (std::uint64_t s = 1; s <= 3; ++s) w.add(s, event("e" + std::to_string(s)));
  ConfirmWindow::Outcome o;
  w.apply({Confirm::Kind::nack, 1, false, {}}, o);
  w.apply({Confirm::Kind::returned, 2, false, "NO_ROUTE"}, o);
  w.apply({Confirm::Kind::ack, 3, true, {}}, o);  // acks 2 (returned) and 3
  EXPECT_EQ(ids(o.confirmed), (std::vector<std::string>{"e3"}));
  EXPECT_EQ(ids(o.retry), (std::vector<std::string>{"e1", "e2"}));
  EXPECT_EQ(o.nacked, 1u);
  EXPECT_EQ(o.returned, 1u);
  EXPECT_EQ(o.retry[0].attempts, 1);
}

TEST(ConfirmWindow, ConnectionLossReturnsEverythingInOrder) {
  ConfirmWindow w(8);
  for (std::uint64_t s = 1; s <= 3; ++s) w.add(s, event("e" + std::to_string(s)));
  EXPECT_EQ(ids(w.take_all()), (std::vector<std::string>{"e1", "e2", "e3"}));
  EXPECT_TRUE(w.empty());
}

TEST(EventBuffer, FullBufferRefusesUntilConfirmsFreeRoom) {
  EventBuffer b(3);
  for (int i = 0; i < 3; ++i) {
    auto e = event("e" + std::to_string(i));
    ASSERT_TRUE(b.try_push(e));
  }
  auto extra = event("e3");
  EXPECT_FALSE(b.try_push(extra));
  EXPECT_EQ(extra.event_id, "e3") << "a refused event stays with the caller";
  auto taken = b.take(2, 0ms);
  ASSERT_EQ(taken.size(), 2u);
  EXPECT_FALSE(b.try_push(extra)) << "in-flight events still count until confirmed";
  b.release(1);
  EXPECT_TRUE(b.try_push(extra));
  EXPECT_EQ(b.held(), 3u);
}

TEST(EventBuffer, RetriesGoBackToTheFrontInOrder) {
  EventBuffer b(10);
  for (int i = 0; i < 4; ++i) {
    auto e = event("e" + std::to_string(i));
    b.try_push(e);
  }
  auto taken = b.take(3, 0ms);
  b.requeue_front({taken[1], taken[2]});
  b.release(1);
  EXPECT_EQ(ids(b.take(10, 0ms)), (std::vector<std::string>{"e1", "e2", "e3"}));
}

TEST(EventBuffer, WaitUntilEmptyReturnsWhenTheLastEventIsConfirmed) {
  EventBuffer b(10);
  auto e = event("e");
  b.try_push(e);
  std::thread publisher([&] {
    auto batch = b.take(10, 1000ms);
    std::this_thread::sleep_for(20ms);
    b.release(batch.size());
  });
  EXPECT_TRUE(b.wait_until_empty(std::chrono::steady_clock::now() + 5s));
  publisher.join();
  EXPECT_FALSE(EventBuffer(1).full());
}

TEST(Backoff, DoublesFromOneSecondUpToThirty) {
  std::vector<long long> delays;
  for (int i = 1; i <= 7; ++i) delays.push_back(backoff_delay(i, 1000ms, 30000ms).count());
  EXPECT_EQ(delays, (std::vector<long long>{1000, 2000, 4000, 8000, 16000, 30000, 30000}));
}
