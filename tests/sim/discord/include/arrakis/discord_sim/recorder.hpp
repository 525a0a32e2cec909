#pragma once
// What the simulator saw and did: every REST call and gateway frame (a bounded ring buffer), the
// latency from dispatching an interaction to its first response and to its first follow-up, and
// error counts by code. Thread-safe; read through GET /control/record and /control/stats.
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace arrakis::discord_sim {

// A file part of a multipart request, as the recorder lists it.
struct RecordedFile {
  std::string field;  // "files[0]"
  std::string filename;
  std::string content_type;
  std::size_t size = 0;
};

struct Record {
  std::uint64_t id = 0;        // increasing; GET /control/record?after=<id> pages with it
  std::int64_t unix_ms = 0;
  std::string kind;            // "rest", "gateway_send", "gateway_receive", "gateway_close"
  std::string method;          // REST
  std::string path;            // REST (tokens kept: this is a test tool)
  int status = 0;              // REST status, or the close code
  int op = -1;                 // gateway opcode
  std::string event;           // gateway dispatch name
  std::uint64_t seq = 0;       // gateway sequence
  std::string session;         // gateway session id
  std::size_t bytes = 0;
  std::string body;            // first bytes of the body or payload (a multipart request: its payload_json)
  std::vector<RecordedFile> files;  // the files of a multipart request
  std::string audit_log_reason;     // X-Audit-Log-Reason, decoded
};

// Samples in milliseconds; percentiles computed when asked.
class LatencyHistogram {
 public:
  explicit LatencyHistogram(std::size_t max_samples = 200000) : max_(max_samples) {}
  void add(double ms);
  nlohmann::json summary() const;  // {count, p50, p95, p99, max, mean}
  // The maximum of each run of `window` consecutive samples, in arrival order: at a steady rate it
  // is a time series that shows whether a tail comes from one stall or is spread over the run.
  // Empty once the ring has wrapped (the order is lost).
  nlohmann::json window_max(std::size_t window) const;

 private:
  std::size_t max_;
  std::vector<double> samples_;
  std::size_t next_ = 0;  // ring position once full
  std::uint64_t count_ = 0;
  double max_seen_ = 0;
  double sum_ = 0;
};

class Recorder {
 public:
  explicit Recorder(std::size_t capacity);

  void add(Record record);
  void first_response(double ms);
  void first_followup(double ms);
  void rest_error(int status, int code);   // code 0 = no JSON code
  void gateway_close(int code);
  void count(const std::string& what, std::uint64_t n = 1);  // dispatched, interactions, ...

  nlohmann::json records(std::uint64_t after, std::size_t limit) const;
  nlohmann::json stats() const;
  // window_max of the two latencies: {"dispatch_to_first_response": [...], "dispatch_to_first_followup": [...]}.
  nlohmann::json latency_windows(std::size_t window) const;
  void clear();

 private:
  mutable std::mutex mutex_;
  std::size_t capacity_;
  std::deque<Record> ring_;
  std::uint64_t next_id_ = 1;
  LatencyHistogram first_response_;
  LatencyHistogram first_followup_;
  std::map<std::string, std::uint64_t> errors_by_code_;
  std::map<std::string, std::uint64_t> errors_by_status_;
  std::map<std::string, std::uint64_t> close_codes_;
  std::map<std::string, std::uint64_t> counters_;
};

}  // namespace arrakis::discord_sim
