// The route listener's pure pieces: the client address behind trusted proxies, path segments
// decoded after splitting, queries, headers, and template matching with parameters.
#include <gtest/gtest.h>

#include "arrakis/plugin_host/plugin_manager.hpp"
#include "routes/route_request.hpp"
#include "routes/trusted_proxies.hpp"

using namespace arrakis::worker::routes;
using arrakis::plugin_host::route_params;

TEST(TrustedProxies, AnUntrustedPeerIsTheClientWhateverItForwards) {
  const auto proxies = TrustedProxies::parse("10.0.0.0/8");
  EXPECT_EQ(proxies.client_address("127.0.0.1", {"198.51.100.7"}), "127.0.0.1");
  EXPECT_EQ(TrustedProxies().client_address("203.0.113.5", {"1.2.3.4"}), "203.0.113.5");
}

TEST(TrustedProxies, RightMostHopThatIsNotATrustedProxyIsTheClient) {
  const auto proxies = TrustedProxies::parse("127.0.0.1, 10.0.0.0/8");
  // 10.1.2.3 is an inner proxy (trusted), 198.51.100.7 the client; 6.6.6.6 is what the client claimed.
  EXPECT_EQ(proxies.client_address("127.0.0.1", {"6.6.6.6, 198.51.100.7, 10.1.2.3"}), "198.51.100.7");
  // The header sent twice by a proxy chain counts as one list, in order.
  EXPECT_EQ(proxies.client_address("127.0.0.1", {"6.6.6.6", "198.51.100.7", "10.1.2.3"}), "198.51.100.7");
  // Every hop trusted: the left-most one.
  EXPECT_EQ(proxies.client_address("127.0.0.1", {"10.0.0.9, 10.0.0.8"}), "10.0.0.9");
  // No header: the proxy itself.
  EXPECT_EQ(proxies.client_address("127.0.0.1", {}), "127.0.0.1");
  // Ports and brackets as some proxies write them.
  EXPECT_EQ(proxies.client_address("127.0.0.1", {"198.51.100.7:5511"}), "198.51.100.7");
  EXPECT_EQ(proxies.client_address("127.0.0.1", {"[2001:db8::1]:443"}), "2001:db8::1");
  // Garbage ends the walk at the last address read, never returns the garbage.
  EXPECT_EQ(proxies.client_address("127.0.0.1", {"198.51.100.7, not-an-ip, 10.1.2.3"}), "10.1.2.3");
}

TEST(TrustedProxies, CidrRangesV4AndV6AndMappedPeers) {
  const auto proxies = TrustedProxies::parse("192.168.4.0/22,fd00::/8,203.0.113.9");
  EXPECT_TRUE(proxies.contains("192.168.7.255"));
  EXPECT_FALSE(proxies.contains("192.168.8.0"));
  EXPECT_TRUE(proxies.contains("fd12:3456::1"));
  EXPECT_FALSE(proxies.contains("fe80::1"));
  EXPECT_TRUE(proxies.contains("203.0.113.9"));
  EXPECT_FALSE(proxies.contains("203.0.113.10"));
  EXPECT_TRUE(proxies.contains("::ffff:192.168.5.1"));  // an IPv4 peer on a dual-stack socket
  EXPECT_EQ(proxies.client_address("::ffff:203.0.113.9", {"198.51.100.7"}), "198.51.100.7");
  EXPECT_FALSE(proxies.contains("garbage"));
}

TEST(TrustedProxies, BadListsAreRefusedNamingTheEntry) {
  try {
    TrustedProxies::parse("10.0.0.0/8, proxy.internal");
    FAIL() << "expected invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("'proxy.internal'"), std::string::npos) << e.what();
  }
  EXPECT_THROW(TrustedProxies::parse("10.0.0.0/33"), std::invalid_argument);
  EXPECT_THROW(TrustedProxies::parse("::1/129"), std::invalid_argument);
  EXPECT_THROW(TrustedProxies::parse("10.0.0.0/x"), std::invalid_argument);
  EXPECT_TRUE(TrustedProxies::parse(" , ").empty());
}

TEST(RouteRequest, SegmentsAreDecodedAfterSplitting) {
  const auto s = path_segments("/verify/a%2Fb/c%20d");
  ASSERT_TRUE(s);
  EXPECT_EQ(*s, (std::vector<std::string>{"verify", "a/b", "c d"}));  // %2F stays inside its segment
  EXPECT_EQ(*path_segments("/"), (std::vector<std::string>{""}));
  EXPECT_EQ(*path_segments("/a/"), (std::vector<std::string>{"a", ""}));
  EXPECT_EQ(*path_segments("/a+b"), (std::vector<std::string>{"a+b"}));  // '+' is a space only in queries
  EXPECT_FALSE(path_segments("/bad%zz"));
  EXPECT_FALSE(path_segments("/bad%4"));
  EXPECT_FALSE(path_segments("no-slash"));
}

TEST(RouteRequest, QueryIsDecodedLastValueWins) {
  const auto q = query_object("x=1&y=a+b%21&x=2&flag&=e&z=");
  ASSERT_TRUE(q);
  EXPECT_EQ(*q, (nlohmann::json{{"x", "2"}, {"y", "a b!"}, {"flag", ""}, {"", "e"}, {"z", ""}}));
  EXPECT_EQ(*query_object(""), nlohmann::json::object());
  EXPECT_FALSE(query_object("a=%G1"));
}

TEST(RouteRequest, EveryHeaderRepeatedOnesJoined) {
  RouteRequest r;
  r.headers = {{"x-forwarded-for", "1.1.1.1"}, {"cookie", "a=1"}, {"x-forwarded-for", "2.2.2.2"},
               {"cookie", "b=2"}, {"x-trace", "t"}};
  const auto h = headers_object(r);
  EXPECT_EQ(h["x-forwarded-for"], "1.1.1.1, 2.2.2.2");
  EXPECT_EQ(h["cookie"], "a=1; b=2");
  EXPECT_EQ(h["x-trace"], "t");
  EXPECT_EQ(header_values(r, "x-forwarded-for"), (std::vector<std::string>{"1.1.1.1", "2.2.2.2"}));
  EXPECT_EQ(split_target("/a/b?x=1?y").second, "x=1?y");
}

TEST(RouteTemplates, ParametersBindWholeNonEmptySegments) {
  auto p = route_params("/verify/{session}/status", {"verify", "a/b", "status"});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->at("session"), "a/b");
  EXPECT_FALSE(route_params("/verify/{session}", {"verify", ""}));
  EXPECT_FALSE(route_params("/verify/{session}", {"verify", "a", "b"}));
  EXPECT_FALSE(route_params("/verify/{session}", {"verify"}));
  EXPECT_FALSE(route_params("/Verify/{session}", {"verify", "a"}));
  EXPECT_TRUE(route_params("/health", {"health"}));
}
