#include <gtest/gtest.h>

#include "arrakis/http_server.hpp"
#include "arrakis/testing/http_client.hpp"

using arrakis::testing::http_request;

TEST(HttpServer, RoutesRequestsToTheHandler) {
  arrakis::http::Server server({"127.0.0.1", 0, 1024, 1}, [](const arrakis::http::Request& r) {
    return arrakis::http::Response{r.path == "/echo" ? 200 : 404, "text/plain",
                                   r.method + " " + r.path + " q=" + r.query + " b=" + r.body, {{"x-test", "1"}}};
  });
  auto ok = http_request("127.0.0.1", server.port(), "POST", "/echo?a=1", "hello");
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body, "POST /echo q=a=1 b=hello");
  EXPECT_EQ(ok.headers["x-test"], "1");
  EXPECT_EQ(http_request("127.0.0.1", server.port(), "GET", "/other").status, 404);
}

TEST(HttpServer, OversizedBodyGets413AndServerKeepsRunning) {
  arrakis::http::Server server({"127.0.0.1", 0, 16, 1},
                               [](const arrakis::http::Request&) { return arrakis::http::Response{}; });
  EXPECT_EQ(http_request("127.0.0.1", server.port(), "POST", "/x", std::string(1000, 'a')).status, 413);
  EXPECT_EQ(http_request("127.0.0.1", server.port(), "POST", "/x", "small").status, 200);
}

TEST(HttpServer, HandlerExceptionBecomes500) {
  arrakis::http::Server server({"127.0.0.1", 0, 1024, 1}, [](const arrakis::http::Request&) -> arrakis::http::Response {
    throw std::runtime_error("boom");
  });
  EXPECT_EQ(http_request("127.0.0.1", server.port(), "GET", "/").status, 500);
}

TEST(HttpServer, BusyPortIsAClearError) {
  arrakis::http::Server first({"127.0.0.1", 0, 1024, 1}, [](const arrakis::http::Request&) { return arrakis::http::Response{}; });
  try {
    arrakis::http::Server second({"127.0.0.1", first.port(), 1024, 1},
                                 [](const arrakis::http::Request&) { return arrakis::http::Response{}; });
    FAIL() << "second bind should fail";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot listen on 127.0.0.1:"), std::string::npos);
  }
}
