#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <thread>
#include <vector>

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

namespace {

// A raw loopback connection with a 3 s receive timeout (the tests below hold connections open).
int connect_raw(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  timeval tv{3, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Sends one request on `fd` and returns what came back before the server closed or 3 s passed.
std::string exchange(int fd, bool keep_alive) {
  const std::string request = std::string("GET / HTTP/1.1\r\nHost: t\r\nConnection: ") +
                              (keep_alive ? "keep-alive" : "close") + "\r\n\r\n";
  if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) < 0) return {};
  std::string out;
  char buffer[1024];
  while (true) {
    const auto n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    out.append(buffer, static_cast<std::size_t>(n));
    if (keep_alive && out.find("\r\n\r\n") != std::string::npos) break;
  }
  return out;
}

bool closed_by_peer(int fd) {
  char byte;
  return ::recv(fd, &byte, 1, 0) == 0;
}

}  // namespace

TEST(HttpServer, ConnectionsBeyondTheCapAreClosedUntilOneEnds) {
  arrakis::http::ServerOptions o{"127.0.0.1", 0, 1024, 1};
  o.max_sessions = 2;
  arrakis::http::Server server(o, [](const arrakis::http::Request&) { return arrakis::http::Response{}; });
  const int a = connect_raw(server.port()), b = connect_raw(server.port());
  ASSERT_GE(a, 0);
  ASSERT_GE(b, 0);
  // Served once each, and kept open: two live sessions.
  EXPECT_EQ(exchange(a, true).rfind("HTTP/1.1 200", 0), 0u);
  EXPECT_EQ(exchange(b, true).rfind("HTTP/1.1 200", 0), 0u);
  const int c = connect_raw(server.port());
  ASSERT_GE(c, 0);
  EXPECT_TRUE(closed_by_peer(c)) << "a third connection must be closed at once";
  ::close(c);
  ::close(a);
  // The server notices the end of `a` on its next read; then there is room again.
  bool served = false;
  for (int i = 0; i < 100 && !served; ++i) {
    const int d = connect_raw(server.port());
    served = exchange(d, false).rfind("HTTP/1.1 200", 0) == 0;
    ::close(d);
    if (!served) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_TRUE(served);
  ::close(b);
}

TEST(HttpServerDeathTest, KeepsAcceptingAfterRunningOutOfDescriptors) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        arrakis::http::Server server({"127.0.0.1", 0, 1024, 1},
                                     [](const arrakis::http::Request&) { return arrakis::http::Response{}; });
        // Fill the descriptor table but one, then connect: the client takes the last descriptor,
        // its connection waits in the backlog, and the server's accept fails with EMFILE.
        rlimit tight{};
        ::getrlimit(RLIMIT_NOFILE, &tight);
        tight.rlim_cur = 256;  // a small table to fill (the test process holds far fewer)
        ::setrlimit(RLIMIT_NOFILE, &tight);
        std::vector<int> filler;
        while (true) {
          const int fd = ::dup(0);
          if (fd < 0) break;
          filler.push_back(fd);
        }
        if (filler.empty()) std::_Exit(2);
        ::close(filler.back());
        filler.pop_back();
        const int client = connect_raw(server.port());
        if (client < 0) std::_Exit(3);
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        for (int fd : filler) ::close(fd);
        ::close(client);
        const int fd = connect_raw(server.port());
        const bool served = fd >= 0 && exchange(fd, false).rfind("HTTP/1.1 200", 0) == 0;
        std::_Exit(served ? 0 : 1);
      },
      ::testing::ExitedWithCode(0), "");
}
