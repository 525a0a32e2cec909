#include <utility>  // before Asio (Boost 1.74 uses std::exchange without including it)

#include "arrakis/ingestor/shard_manager.hpp"

#include <boost/asio/ssl/context.hpp>

#include "arrakis/ingestor/identify_limiter.hpp"

namespace arrakis::ingestor {

struct ShardManager::Impl {
  Impl(const ShardPlan& plan, double time_factor)
      : ssl(boost::asio::ssl::context::tls_client), limiter(plan.max_concurrency, time_factor) {
    ssl.set_default_verify_paths();
    ssl.set_verify_mode(boost::asio::ssl::verify_peer);
  }
  boost::asio::ssl::context ssl;
  IdentifyLimiter limiter;
  std::vector<std::unique_ptr<GatewayShard>> shards;
};

ShardManager::ShardManager(const ShardPlan& plan, const ShardOptions& base, EventBuffer& buffer, Metrics& metrics,
                           GatewayShard::FatalHandler on_fatal)
    : impl_(std::make_unique<Impl>(plan, base.time_factor)) {
  // Shards start in id order, so the limiter hands out buckets as Discord expects (0..n-1 first).
  for (int id = plan.first; id <= plan.last; ++id) {
    ShardOptions o = base;
    o.shard_id = id;
    o.shard_count = plan.count;
    impl_->shards.push_back(std::make_unique<GatewayShard>(o, impl_->limiter, buffer, metrics, impl_->ssl, on_fatal));
  }
}

ShardManager::~ShardManager() { close(); }

void ShardManager::start() {
  for (auto& s : impl_->shards) s->start();
}

void ShardManager::stop_reading() {
  for (auto& s : impl_->shards) s->stop_reading();
}

void ShardManager::close() {
  for (auto& s : impl_->shards) s->close();
}

std::vector<ShardStatus> ShardManager::status() const {
  std::vector<ShardStatus> out;
  out.reserve(impl_->shards.size());
  for (const auto& s : impl_->shards) out.push_back(s->status());
  return out;
}

}  // namespace arrakis::ingestor
