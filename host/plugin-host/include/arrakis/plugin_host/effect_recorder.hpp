#pragma once
// A HostServices that records every effect a plugin asks for (as JSON: kind, arguments, order)
// instead of performing it. Reads are answered by a pluggable function, then by an optional
// delegate (e.g. the real database), then as "not found". State and sessions behave like a small
// in-memory store with the worker's semantics (TTLs on the recorder's clock; a session is read back
// as the worker's envelope {createdAt, expiresAt, type, userId, data}, and rewriting a live session
// keeps its expiry), so a plugin sees its own writes within a run, and across runs when
// keep_state_across_runs() is set (a test bench playing several interactions of one user).
//
// It is the plugin author's test bench (arrakis-plugin-run, plugin unit tests), the host's
// self-test sandbox, and the basis of shadow runs.
#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <mutex>
#include <optional>

#include "arrakis/plugin_host/host_services.hpp"

namespace arrakis::plugin_host {

class EffectRecorder : public HostServices {
 public:
  // (kind, arguments) -> answer JSON text, or nullopt to fall through. Kinds of reads:
  // "guild.get_member", "state.get", "session.get", "sql.query", "chain.rpc", "config.get".
  using ReadAnswer = std::function<std::optional<std::string>(const std::string& kind, const nlohmann::json& args)>;

  EffectRecorder() = default;
  // SQL (queries, statements and savepoints) goes to `sql` when given, still recorded as effects.
  explicit EffectRecorder(HostServices* sql) : sql_(sql) {}

  void answer_reads(ReadAnswer answer) { answer_ = std::move(answer); }
  // Reads the recorder cannot answer itself go to `reads` (shadow runs read the real world).
  void read_through(HostServices* reads) { reads_ = reads; }
  // Tee mode: every call is recorded AND performed by `real`, whose answers are returned (the
  // active version's effects during a shadow comparison).
  void forward_to(HostServices* real) { forward_ = real; }
  void set_clock(std::int64_t now_ms) { clock_ = now_ms; }
  void set_config(const std::string& key, const std::string& value) { config_[key] = value; }

  // The effects so far, in order: [{"seq":1,"kind":"interaction.reply","message":{...}}, ...]
  nlohmann::json effects() const;
  // Only the effects of one kind.
  nlohmann::json effects(const std::string& kind) const;
  // Forgets the effects; also the state, cooldowns and rate-limit hits unless they are kept.
  void clear();
  void keep_state_across_runs(bool keep = true) { keep_state_ = keep; }
  // Forgets the state, sessions, cooldowns and rate-limit hits (kept or not).
  void forget_state();

  arrakis_status interaction_defer(Call& c, std::uint32_t flags) override;
  arrakis_status interaction_reply(Call& c, std::string_view message_json) override;
  arrakis_status interaction_followup(Call& c, std::string_view message_json, std::string& out) override;
  arrakis_status interaction_edit_original(Call& c, std::string_view message_json) override;
  arrakis_status interaction_update_message(Call& c, std::string_view message_json) override;
  arrakis_status interaction_show_modal(Call& c, std::string_view modal_json) override;
  arrakis_status interaction_autocomplete(Call& c, std::string_view choices_json) override;
  arrakis_status guild_add_role(Call& c, std::string_view user, std::string_view role, std::string_view reason) override;
  arrakis_status guild_remove_role(Call& c, std::string_view user, std::string_view role, std::string_view reason) override;
  arrakis_status guild_get_member(Call& c, std::string_view user, std::string& out) override;
  arrakis_status guild_send_dm(Call& c, std::string_view user, std::string_view message_json) override;
  arrakis_status guild_post_message(Call& c, std::string_view channel, std::string_view message_json,
                                    std::string& out) override;
  arrakis_status state_get(Call& c, std::string_view key, std::string& out) override;
  arrakis_status state_set(Call& c, std::string_view key, std::string_view value, std::uint64_t ttl_ms) override;
  arrakis_status state_delete(Call& c, std::string_view key) override;
  arrakis_status state_increment(Call& c, std::string_view key, std::int64_t delta, std::uint64_t ttl_ms,
                                 std::int64_t& out) override;
  arrakis_status cooldown_try(Call& c, std::string_view command, std::string_view user, std::uint64_t cooldown_ms,
                              std::uint64_t& out_remaining_ms) override;
  arrakis_status session_get(Call& c, std::string_view type, std::string_view user, std::string& out) override;
  arrakis_status session_put(Call& c, std::string_view type, std::string_view user, std::string_view data_json,
                             std::uint64_t ttl_ms) override;
  arrakis_status session_delete(Call& c, std::string_view type, std::string_view user) override;
  arrakis_status rate_limit_hit(Call& c, std::string_view key, std::uint32_t limit, std::uint64_t window_ms,
                                std::uint32_t& out_remaining) override;
  arrakis_status sql_query(Call& c, std::string_view sql, std::string_view params_json, std::string& out) override;
  arrakis_status sql_exec(Call& c, std::string_view sql, std::string_view params_json, std::uint64_t& out) override;
  arrakis_status sql_begin(Call& c) override;
  arrakis_status sql_commit(Call& c) override;
  arrakis_status sql_rollback(Call& c) override;
  arrakis_status chain_rpc(Call& c, std::string_view method, std::string_view params_json, std::string& out) override;
  arrakis_status http_respond(Call& c, std::uint32_t status, std::string_view content_type,
                              std::string_view body) override;
  void log(Call& c, std::uint32_t level, std::string_view message) override;  // never recorded
  void metric_counter(Call& c, std::string_view name, double delta) override;
  void metric_histogram(Call& c, std::string_view name, double value) override;
  std::int64_t clock_now_ms(Call& c) override;
  arrakis_status config_get(Call& c, std::string_view key, std::string& out) override;
  // 1.1. Reads ("guild.get", "guild.list_roles", "guild.list_channels") are answered like the others;
  // creations answer the object with a made-up id; event_publish is recorded, never published.
  arrakis_status guild_get(Call& c, std::string& out) override;
  arrakis_status guild_list_roles(Call& c, std::string& out) override;
  arrakis_status guild_list_channels(Call& c, std::string& out) override;
  arrakis_status guild_create_role(Call& c, std::string_view role_json, std::string_view reason,
                                   std::string& out) override;
  arrakis_status guild_modify_role(Call& c, std::string_view role_id, std::string_view patch_json,
                                   std::string_view reason, std::string& out) override;
  arrakis_status guild_create_channel(Call& c, std::string_view channel_json, std::string_view reason,
                                      std::string& out) override;
  arrakis_status guild_edit_message(Call& c, std::string_view channel, std::string_view message_id,
                                    std::string_view message_json) override;
  arrakis_status attach_file(Call& c, StagedFile file) override;
  arrakis_status event_publish(Call& c, std::string_view type, std::string_view data_json) override;
  arrakis_status route_tenant_bind(Call& c, std::string_view key, std::uint64_t ttl_ms) override;
  arrakis_status interaction_delete_original(Call& c) override;

 private:
  // A read of one of the 1.1 guild reads: forwarded, answered, read through, or not found.
  template <typename Forward>
  arrakis_status read(Call& c, const char* kind, std::string& out, Forward&& forward);
  // The files staged for the message being recorded, as {filename, contentType, size}, consumed.
  static nlohmann::json take_files(Call& c);
  nlohmann::json with_files(nlohmann::json effect, Call& c) const;
  std::string next_id();
  void record(nlohmann::json effect);
  HostServices* sql_target() const;
  std::optional<std::string> answer(const std::string& kind, const nlohmann::json& args);
  static nlohmann::json parse(std::string_view text);

  HostServices* sql_ = nullptr;
  HostServices* reads_ = nullptr;
  HostServices* forward_ = nullptr;
  ReadAnswer answer_;
  std::optional<std::int64_t> clock_;
  std::map<std::string, std::string> config_;
  mutable std::mutex mutex_;
  nlohmann::json effects_ = nlohmann::json::array();
  struct Stored {
    std::string value;
    std::int64_t expires_at_ms = 0;  // 0: never
  };
  // The live entry of `key` (expired ones are dropped), else nullptr. Caller holds mutex_.
  Stored* live_state(const std::string& key, std::int64_t now_ms);
  static std::int64_t expiry(std::int64_t now_ms, std::uint64_t ttl_ms);
  std::map<std::string, Stored> state_;
  bool keep_state_ = false;
  std::map<std::string, std::int64_t> cooldown_until_;
  std::map<std::string, std::vector<std::int64_t>> rate_hits_;
  std::uint64_t next_message_id_ = 1;
};

}  // namespace arrakis::plugin_host
