#include <gtest/gtest.h>

#include "arrakis/url.hpp"

using arrakis::parse_service_url;

TEST(ServiceUrl, ParsesEveryPart) {
  auto u = parse_service_url("amqp://user:p%40ss@127.0.0.1:5680/%2F");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->scheme, "amqp");
  EXPECT_EQ(u->user, "user");
  EXPECT_EQ(u->password, "p@ss");
  EXPECT_EQ(u->host, "127.0.0.1");
  EXPECT_EQ(u->port, 5680);
  EXPECT_EQ(u->path, "/");
}

TEST(ServiceUrl, HostOnly) {
  auto u = parse_service_url("redis://localhost");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->host, "localhost");
  EXPECT_EQ(u->port, 0);
  EXPECT_TRUE(u->user.empty());
}

TEST(ServiceUrl, RejectsNonsense) {
  EXPECT_FALSE(parse_service_url("localhost:5432"));
  EXPECT_FALSE(parse_service_url("redis://:6379"));
  EXPECT_FALSE(parse_service_url("redis://host:99999"));
  EXPECT_FALSE(parse_service_url("redis://host:12ab"));
}

TEST(ServiceUrl, QueryIsSeparateFromThePathAndTlsSchemesAreKnown) {
  auto u = parse_service_url("postgresql://app:pw@db.internal:5432/arrakis?sslmode=verify-full&sslrootcert=/ca.pem");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->path, "arrakis");
  EXPECT_EQ(u->query, "sslmode=verify-full&sslrootcert=/ca.pem");
  EXPECT_EQ(u->password, "pw");
  auto q = parse_service_url("rediss://user:pa?ss@cache:6379");  // a '?' in the password is not a query
  ASSERT_TRUE(q);
  EXPECT_EQ(q->password, "pa?ss");
  EXPECT_EQ(q->host, "cache");
  EXPECT_TRUE(arrakis::is_tls_scheme("amqps"));
  EXPECT_TRUE(arrakis::is_tls_scheme("rediss"));
  EXPECT_FALSE(arrakis::is_tls_scheme("amqp"));
}
