#include "control/plugin_watcher.hpp"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <map>
#include <stdexcept>

#include "control/plugin_pins.hpp"

namespace arrakis::worker {

namespace fs = std::filesystem;

bool is_plugin_file_name(const std::string& name) {
  return name.size() > 6 && name.rfind("lib", 0) == 0 && name.compare(name.size() - 3, 3, ".so") == 0;
}

PluginWatcher::PluginWatcher(Options options, plugin_host::PluginManager& plugins, PluginPins* pins,
                             std::function<void(const fs::path&, const std::string&)> loaded)
    : options_(std::move(options)), plugins_(plugins), pins_(pins), loaded_(std::move(loaded)) {}

PluginWatcher::~PluginWatcher() { stop(); }

void PluginWatcher::start() {
  fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd_ < 0) throw std::runtime_error("inotify_init1 failed");
  if (inotify_add_watch(fd_, options_.dir.c_str(), IN_CLOSE_WRITE | IN_MOVED_TO) < 0) {
    ::close(fd_);
    fd_ = -1;
    throw std::runtime_error("cannot watch " + options_.dir.string() + " with inotify");
  }
  thread_ = std::thread([this] { run(); });
  spdlog::info("watch mode: loading new lib*.so files in {} by themselves", options_.dir.string());
}

void PluginWatcher::stop() {
  if (!thread_.joinable()) return;
  stopping_ = true;
  thread_.join();
  ::close(fd_);
  fd_ = -1;
}

void PluginWatcher::run() {
  using clock = std::chrono::steady_clock;
  std::map<std::string, clock::time_point> pending;  // file name -> last event
  alignas(inotify_event) char buf[8192];
  while (!stopping_) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, 100) > 0 && (p.revents & POLLIN)) {
      ssize_t n;
      while ((n = ::read(fd_, buf, sizeof buf)) > 0) {
        for (char* at = buf; at < buf + n;) {
          const auto* ev = reinterpret_cast<const inotify_event*>(at);
          if (ev->len > 0 && is_plugin_file_name(ev->name)) pending[ev->name] = clock::now();
          at += sizeof(inotify_event) + ev->len;
        }
      }
    }
    const auto now = clock::now();
    for (auto it = pending.begin(); it != pending.end();) {
      if (now - it->second >= options_.debounce) {
        load(options_.dir / it->first);
        it = pending.erase(it);
      } else {
        ++it;
      }
    }
  }
}

void PluginWatcher::load(const fs::path& file) {
  std::string why;
  try {
    // A pinned plugin: the file's descriptor names it only after loading, so go by file name.
    const std::string stem = file.stem().string().substr(3);
    if (pins_) {
      if (auto pin = pins_->pinned(stem)) {
        spdlog::info("watch mode: {} changed but plugin {} is pinned to {}; not loading it", file.string(), stem, *pin);
        if (loaded_) loaded_(file, "pinned");
        return;
      }
    }
    const auto out = plugins_.load_file(file);
    if (out.changed) {
      spdlog::info("watch mode: {} -> plugin {} {} active (was {})", file.string(), out.name, out.version,
                   out.previous_version.empty() ? "not loaded" : out.previous_version);
    } else {
      spdlog::info("watch mode: {} holds {} {}, already active; nothing to do", file.string(), out.name, out.version);
    }
  } catch (const std::exception& e) {
    why = e.what();
    spdlog::error("watch mode: {} refused, the active version keeps serving: {}", file.string(), why);
  }
  if (loaded_) loaded_(file, why);
}

}  // namespace arrakis::worker
