/*
 * Arrakis plugin C ABI, version 1.1.
 *
 * This header is the whole contract between the Arrakis worker (the host) and a plugin (one shared
 * library handling some slash commands, components, events, HTTP routes or schedules). It is pure
 * C99 so a plugin can be written in any language that can export one C function.
 *
 * Rules of the contract
 *  - One exported symbol, ARRAKIS_PLUGIN_ENTRY_SYMBOL. The host calls it once after loading with a
 *    handshake (the host's ABI version and its service table); the plugin answers with its
 *    descriptor or refuses.
 *  - Every struct starts with `struct_size`. Structs and the host service table only ever grow at
 *    the end (append-only), so a newer host serves an older plugin and vice versa: a reader checks
 *    `struct_size` before touching a field added in a later minor version
 *    (ARRAKIS_HAS_FIELD below).
 *  - The ABI major version changes only when an existing field or slot changes meaning; the host
 *    refuses a plugin of another major version.
 *  - Ownership is in the type names:
 *      arrakis_borrowed_str   bytes lent for the duration of one call; copy what you keep.
 *      arrakis_host_buffer    bytes the host allocated for the plugin; the plugin releases them
 *                             with host->buffer_release() and never frees them itself.
 *    The plugin never frees host memory and the host never frees plugin memory. Everything the
 *    plugin passes to a host function is copied by the host before it returns.
 *  - Errors are values: every hook and host function returns an arrakis_status code. A plugin
 *    explains a failure with host->set_error() before returning it.
 *  - The plugin does no I/O of its own (no sockets, files or threads): everything goes through
 *    the host table, which is what lets the host record, shadow, time and secure each call.
 *  - handle() may run on several threads at once unless the descriptor sets ARRAKIS_PLUGIN_SERIAL.
 *  - The JSON a plugin receives for every ARRAKIS_EVENT_* kind is documented field by field in
 *    arrakis/plugin_events.h, beside this header: the one reference the ingestor, the host and the
 *    SDK follow.
 *
 * History (what each minor version appended; docs/plugin-abi.md explains why):
 *  1.0  the first table and descriptor.
 *  1.1  host slots from guild_get to interaction_delete_original; arrakis_file; the event kind
 *       ARRAKIS_EVENT_INTERNAL; command definitions; component declarations with flags; route
 *       flags, minimum response time and tenant parameter; schedule scope, statement timeout and
 *       attempts.
 */
#ifndef ARRAKIS_PLUGIN_H
#define ARRAKIS_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ARRAKIS_ABI_MAJOR 1
#define ARRAKIS_ABI_MINOR 1

/* The one symbol a plugin exports (see arrakis_plugin_entry_fn). */
#define ARRAKIS_PLUGIN_ENTRY_SYMBOL "arrakis_plugin_entry"

#if defined(_WIN32)
#define ARRAKIS_EXPORT __declspec(dllexport)
#else
#define ARRAKIS_EXPORT __attribute__((visibility("default")))
#endif

/* True when a struct of the given (possibly older) size contains `field`. */
#define ARRAKIS_HAS_FIELD(ptr, type, field) \
  ((ptr) != NULL && (ptr)->struct_size >= offsetof(type, field) + sizeof(((type*)0)->field))
/* True when the host table has the slot and the host filled it. */
#define ARRAKIS_HAS_SLOT(api, slot) (ARRAKIS_HAS_FIELD(api, arrakis_host_api, slot) && (api)->slot != NULL)

/* ------------------------------------------------------------------------------------------ */
/* Status codes                                                                               */
/* ------------------------------------------------------------------------------------------ */

typedef int32_t arrakis_status;

#define ARRAKIS_OK 0
/* Try again later: a dependency is down or busy. Events are requeued with back-off. */
#define ARRAKIS_RETRYABLE 1
/* Will never succeed: the message goes to the dead-letter queue with the reason. */
#define ARRAKIS_PERMANENT 2
/* The input is malformed or invalid: dead-lettered, the user gets a helpful reply. */
#define ARRAKIS_BAD_INPUT 3
/* Host function only: this host does not offer the service (not configured or not implemented). */
#define ARRAKIS_NOT_AVAILABLE 4
/* Entry point only: the plugin refuses to load (see the handshake's refusal buffer). */
#define ARRAKIS_REFUSED 5
/* Host function only: the key, member, row or session does not exist. */
#define ARRAKIS_NOT_FOUND 6
/* Host function only: a cooldown or rate limit is in force. */
#define ARRAKIS_LIMITED 7

/* ------------------------------------------------------------------------------------------ */
/* Byte spans                                                                                 */
/* ------------------------------------------------------------------------------------------ */

/* Bytes lent for the duration of one call (not NUL-terminated unless stated). */
typedef struct arrakis_borrowed_str {
  const char* data;
  size_t size;
} arrakis_borrowed_str;

/* Bytes the host allocated and the plugin releases with host->buffer_release(). */
typedef struct arrakis_host_buffer {
  const char* data;
  size_t size;
  void* host_handle; /* the host's bookkeeping; opaque to the plugin */
} arrakis_host_buffer;

/* One invocation of a plugin hook: the host knows from it which event, tenant and plugin version
 * is calling. Opaque; only valid during the hook call that received it. */
typedef struct arrakis_call arrakis_call;

/* ------------------------------------------------------------------------------------------ */
/* What the host hands to handle()                                                            */
/* ------------------------------------------------------------------------------------------ */

#define ARRAKIS_EVENT_COMMAND 1      /* interaction.command.{name} */
#define ARRAKIS_EVENT_COMPONENT 2    /* interaction.button / interaction.select */
#define ARRAKIS_EVENT_MODAL 3        /* interaction.modal */
#define ARRAKIS_EVENT_AUTOCOMPLETE 4 /* interaction.autocomplete */
#define ARRAKIS_EVENT_GUILD 5        /* member.*, guild.*, message.*, reaction.* */
#define ARRAKIS_EVENT_HTTP 6         /* a request on one of the plugin's HTTP routes */
#define ARRAKIS_EVENT_SCHEDULE 7     /* one of the plugin's schedules fired (or one community's item of it) */
#define ARRAKIS_EVENT_INTERNAL 8     /* 1.1: internal.{name}, published by another plugin (event_publish) */

typedef struct arrakis_event {
  uint32_t struct_size;
  uint32_t kind;             /* ARRAKIS_EVENT_* */
  arrakis_borrowed_str type; /* routing key, e.g. "interaction.command.naib", "member.join" */
  /* The event as JSON, one object per kind: see arrakis/plugin_events.h. The interaction token
   * is never in it (the host answers the interaction). */
  arrakis_borrowed_str json;
} arrakis_event;

/* ------------------------------------------------------------------------------------------ */
/* The host service table (append-only)                                                       */
/* ------------------------------------------------------------------------------------------ */

#define ARRAKIS_LOG_DEBUG 1
#define ARRAKIS_LOG_INFO 2
#define ARRAKIS_LOG_WARN 3
#define ARRAKIS_LOG_ERROR 4

/* Flags of interaction_defer and of command and component declarations. */
#define ARRAKIS_EPHEMERAL 0x1u

/* 1.1: a file attached to the next message the call sends (see attach_file). All three spans are
 * copied by the host before attach_file returns. */
typedef struct arrakis_file {
  uint32_t struct_size;
  arrakis_borrowed_str filename;     /* "badge.png": [A-Za-z0-9._-]{1,100}; embeds refer to it as attachment://badge.png */
  arrakis_borrowed_str content_type; /* "image/png" */
  arrakis_borrowed_str bytes;        /* at most 8 MiB per file, 10 files per message */
} arrakis_file;

typedef struct arrakis_host_api {
  uint32_t struct_size;
  uint32_t abi_major;
  uint32_t abi_minor;

  /* --- results and memory ----------------------------------------------------------------- */
  /* Explains the status the current hook is about to return (copied; last call wins). */
  void (*set_error)(arrakis_call* call, arrakis_borrowed_str message);
  /* Why the last host function called with this call failed (a host_buffer to release). */
  arrakis_status (*last_error)(arrakis_call* call, arrakis_host_buffer* out_message);
  void (*buffer_release)(arrakis_host_buffer* buffer);

  /* --- interaction responses (JSON bodies as in Discord's API; no token needed) ------------ */
  /* The host normally defers before handle() runs; these exist for plugins that answer
   * directly (autocomplete, modals) and for the host's own use. */
  arrakis_status (*interaction_defer)(arrakis_call* call, uint32_t flags);
  /* The reply: the first response, or the follow-up / edit of a deferred response. */
  arrakis_status (*interaction_reply)(arrakis_call* call, arrakis_borrowed_str message_json);
  arrakis_status (*interaction_followup)(arrakis_call* call, arrakis_borrowed_str message_json,
                                         arrakis_host_buffer* out_message_json /* may be NULL */);
  arrakis_status (*interaction_edit_original)(arrakis_call* call, arrakis_borrowed_str message_json);
  /* Component interactions: replace the message the component belongs to. */
  arrakis_status (*interaction_update_message)(arrakis_call* call, arrakis_borrowed_str message_json);
  arrakis_status (*interaction_show_modal)(arrakis_call* call, arrakis_borrowed_str modal_json);
  /* choices_json: [{"name":..., "value":...}, ...] (at most 25) */
  arrakis_status (*interaction_autocomplete)(arrakis_call* call, arrakis_borrowed_str choices_json);

  /* --- guild operations (the bot token stays in the host) --------------------------------- */
  arrakis_status (*guild_add_role)(arrakis_call* call, arrakis_borrowed_str user_id, arrakis_borrowed_str role_id,
                                   arrakis_borrowed_str audit_reason);
  arrakis_status (*guild_remove_role)(arrakis_call* call, arrakis_borrowed_str user_id,
                                      arrakis_borrowed_str role_id, arrakis_borrowed_str audit_reason);
  arrakis_status (*guild_get_member)(arrakis_call* call, arrakis_borrowed_str user_id,
                                     arrakis_host_buffer* out_member_json);
  arrakis_status (*guild_send_dm)(arrakis_call* call, arrakis_borrowed_str user_id,
                                  arrakis_borrowed_str message_json);
  arrakis_status (*guild_post_message)(arrakis_call* call, arrakis_borrowed_str channel_id,
                                       arrakis_borrowed_str message_json,
                                       arrakis_host_buffer* out_message_json /* may be NULL */);

  /* --- state (Redis; keys are namespaced per plugin and community by the host) ------------- */
  arrakis_status (*state_get)(arrakis_call* call, arrakis_borrowed_str key, arrakis_host_buffer* out_value);
  arrakis_status (*state_set)(arrakis_call* call, arrakis_borrowed_str key, arrakis_borrowed_str value,
                              uint64_t ttl_ms /* 0 = the host's default TTL; every key expires */);
  arrakis_status (*state_delete)(arrakis_call* call, arrakis_borrowed_str key);
  arrakis_status (*state_increment)(arrakis_call* call, arrakis_borrowed_str key, int64_t delta, uint64_t ttl_ms,
                                    int64_t* out_value);
  /* Takes the cooldown when free (ARRAKIS_OK) or reports ARRAKIS_LIMITED with the time left. */
  arrakis_status (*cooldown_try)(arrakis_call* call, arrakis_borrowed_str command, arrakis_borrowed_str user_id,
                                 uint64_t cooldown_ms, uint64_t* out_remaining_ms);
  /* Sessions: one JSON object per (type, user) of the calling plugin and community, with a TTL.
   * session_get answers the envelope {"createdAt": ms, "expiresAt": ms, "type": ..., "userId": ...,
   * "data": <what session_put stored>}, or ARRAKIS_NOT_FOUND. session_put on a live session
   * replaces its data and keeps its expiry; ttl_ms 0 means the host's default (a day). */
  arrakis_status (*session_get)(arrakis_call* call, arrakis_borrowed_str type, arrakis_borrowed_str user_id,
                                arrakis_host_buffer* out_session_json);
  arrakis_status (*session_put)(arrakis_call* call, arrakis_borrowed_str type, arrakis_borrowed_str user_id,
                                arrakis_borrowed_str data_json, uint64_t ttl_ms);
  arrakis_status (*session_delete)(arrakis_call* call, arrakis_borrowed_str type, arrakis_borrowed_str user_id);
  /* Sliding window: records one hit; ARRAKIS_OK when within `limit` per `window_ms`, else
   * ARRAKIS_LIMITED. out_remaining may be NULL. */
  arrakis_status (*rate_limit_hit)(arrakis_call* call, arrakis_borrowed_str key, uint32_t limit, uint64_t window_ms,
                                   uint32_t* out_remaining);

  /* --- SQL (PostgreSQL, always inside the event's community: row-level security) ----------- */
  /* params_json is a JSON array bound to $1, $2, ... (strings, numbers, booleans, null).
   * Rows come back as a JSON array of objects keyed by column name. Every statement of one hook
   * call runs in one transaction, committed when the hook returns ARRAKIS_OK and rolled back
   * otherwise; sql_begin/sql_commit/sql_rollback nest a savepoint inside it. */
  arrakis_status (*sql_query)(arrakis_call* call, arrakis_borrowed_str sql, arrakis_borrowed_str params_json,
                              arrakis_host_buffer* out_rows_json);
  arrakis_status (*sql_exec)(arrakis_call* call, arrakis_borrowed_str sql, arrakis_borrowed_str params_json,
                             uint64_t* out_affected_rows);
  arrakis_status (*sql_begin)(arrakis_call* call);
  arrakis_status (*sql_commit)(arrakis_call* call);
  arrakis_status (*sql_rollback)(arrakis_call* call);

  /* --- chain (JSON-RPC through the host's endpoints, retries, breaker and cache) ----------- */
  arrakis_status (*chain_rpc)(arrakis_call* call, arrakis_borrowed_str method, arrakis_borrowed_str params_json,
                              arrakis_host_buffer* out_result_json);

  /* --- HTTP routes (only during an ARRAKIS_EVENT_HTTP call) ------------------------------- */
  arrakis_status (*http_respond)(arrakis_call* call, uint32_t status, arrakis_borrowed_str content_type,
                                 arrakis_borrowed_str body);

  /* --- observability, time, configuration ------------------------------------------------- */
  void (*log)(arrakis_call* call, uint32_t level, arrakis_borrowed_str message);
  void (*metric_counter)(arrakis_call* call, arrakis_borrowed_str name, double delta);
  void (*metric_histogram)(arrakis_call* call, arrakis_borrowed_str name, double value);
  /* Milliseconds since the Unix epoch (the host may fix it in tests and shadow runs). */
  int64_t (*clock_now_ms)(arrakis_call* call);
  /* A configuration value for this plugin (ARRAKIS_NOT_FOUND when unset). */
  arrakis_status (*config_get)(arrakis_call* call, arrakis_borrowed_str key, arrakis_host_buffer* out_value);

  /* ======================= 1.1 (check struct_size before use: ARRAKIS_HAS_SLOT) ============= */

  /* --- guild operations on the call's guild (bot token in the host; Discord's rate limits) --- */
  /* The guild object (id, name, owner_id, ...). ARRAKIS_BAD_INPUT when the call has no guild. */
  arrakis_status (*guild_get)(arrakis_call* call, arrakis_host_buffer* out_guild_json);
  /* Arrays of Discord role / channel objects. */
  arrakis_status (*guild_list_roles)(arrakis_call* call, arrakis_host_buffer* out_roles_json);
  arrakis_status (*guild_list_channels)(arrakis_call* call, arrakis_host_buffer* out_channels_json);
  /* role_json: {name, color, hoist, mentionable, permissions}; out: the created role object. */
  arrakis_status (*guild_create_role)(arrakis_call* call, arrakis_borrowed_str role_json,
                                      arrakis_borrowed_str audit_reason, arrakis_host_buffer* out_role_json);
  /* patch_json: any of {name, color, hoist, mentionable, position}; out: the role (may be NULL). */
  arrakis_status (*guild_modify_role)(arrakis_call* call, arrakis_borrowed_str role_id, arrakis_borrowed_str patch_json,
                                      arrakis_borrowed_str audit_reason, arrakis_host_buffer* out_role_json);
  /* channel_json: {name, type, topic, parent_id, permission_overwrites}; out: the channel object. */
  arrakis_status (*guild_create_channel)(arrakis_call* call, arrakis_borrowed_str channel_json,
                                         arrakis_borrowed_str audit_reason, arrakis_host_buffer* out_channel_json);
  /* Edits a message the bot posted (guild_post_message's answer gives its id). */
  arrakis_status (*guild_edit_message)(arrakis_call* call, arrakis_borrowed_str channel_id,
                                       arrakis_borrowed_str message_id, arrakis_borrowed_str message_json);

  /* --- attachments ------------------------------------------------------------------------ */
  /* Stages a file for the NEXT message this call sends (reply, follow-up, edit, update, DM,
   * channel post, message edit), which then goes out as Discord's multipart form. Staged files are
   * consumed by that message; a call that ends with files still staged drops them. */
  arrakis_status (*attach_file)(arrakis_call* call, const arrakis_file* file);

  /* --- plugin-to-plugin events ------------------------------------------------------------ */
  /* Publishes internal.{name} (type must start with "internal.") with data_json (an object) in the
   * call's community. Outbox semantics: it is delivered if and only if this call commits (the
   * handler returns ARRAKIS_OK), exactly once to every plugin subscribed to the type, as an
   * ARRAKIS_EVENT_INTERNAL event with retries, DLQ and idempotency. Shadow and test hosts record it
   * as an effect instead. */
  arrakis_status (*event_publish)(arrakis_call* call, arrakis_borrowed_str type, arrakis_borrowed_str data_json);

  /* --- HTTP routes with a tenant ---------------------------------------------------------- */
  /* Binds `key` (e.g. a session id a route will carry) to the call's plugin and community for
   * ttl_ms. A route declaring tenant_param = "session" is then served under the community bound to
   * the value of its {session} segment; an unbound value is answered 404 by the host. */
  arrakis_status (*route_tenant_bind)(arrakis_call* call, arrakis_borrowed_str key, uint64_t ttl_ms);

  /* --- interaction responses (1.1) -------------------------------------------------------- */
  /* Deletes the interaction's original response (e.g. a public "thinking" placeholder). */
  arrakis_status (*interaction_delete_original)(arrakis_call* call);

  /* Slots added in later minor versions go here, at the end. */
} arrakis_host_api;

/* ------------------------------------------------------------------------------------------ */
/* What the plugin declares                                                                   */
/* ------------------------------------------------------------------------------------------ */

/* Command flags: how the host defers (ephemeral or public) and what it checks. */
#define ARRAKIS_COMMAND_EPHEMERAL ARRAKIS_EPHEMERAL
#define ARRAKIS_COMMAND_ADMIN 0x2u        /* the host re-checks the Administrator bit, on every
                                             interaction of the plugin's components too (1.1) */
/* The plugin answers itself: it shows a modal, replies, or calls interaction_defer with the
 * visibility it chooses for this invocation (e.g. ephemeral for your own profile, public for
 * someone else's). If it returns without answering, the host answers "✅ Done." ephemerally. */
#define ARRAKIS_COMMAND_NO_DEFER 0x4u
#define ARRAKIS_COMMAND_AUTOCOMPLETE 0x8u /* route autocomplete for this command here too */

typedef struct arrakis_command_decl {
  uint32_t struct_size;
  uint32_t flags;   /* ARRAKIS_COMMAND_* */
  const char* name; /* "threshold", without the slash */
  /* 1.1: the command's whole Discord application-command definition as JSON (name, description,
   * options, choices, autocomplete, default_member_permissions, dm_permission), registered by
   * `arrakisctl commands sync`. NULL: the command is routed but never registered. */
  const char* definition_json;
} arrakis_command_decl;

/* 1.1: component declarations (buttons, selects and modal submits routed by custom_id prefix). */
#define ARRAKIS_COMPONENT_EPHEMERAL ARRAKIS_EPHEMERAL /* deferred as a new ephemeral message (type 5, flag 64)
                                                         instead of a silent update (type 6) */
#define ARRAKIS_COMPONENT_ADMIN 0x2u    /* the host checks the Administrator bit first */
#define ARRAKIS_COMPONENT_NO_DEFER 0x4u /* not deferred: the plugin answers first (e.g. a button opens a modal) */

typedef struct arrakis_component_decl {
  uint32_t struct_size;
  uint32_t flags;     /* ARRAKIS_COMPONENT_* */
  const char* prefix; /* custom_id prefix: "alerts_", "onboard:" */
} arrakis_component_decl;

typedef struct arrakis_route_decl {
  uint32_t struct_size;
  const char* method; /* "GET", "POST" */
  const char* path;   /* "/verify/{session}": {name} matches one path segment */
  /* 1.1 */
  uint32_t flags;           /* reserved: 0 */
  uint32_t min_response_ms; /* every answer is held until at least this long after the request arrived */
  /* Name of the path parameter whose value was bound with route_tenant_bind: the request runs
   * under that community. NULL: the request has no community (SQL sees no tenant rows). */
  const char* tenant_param;
} arrakis_route_decl;

/* 1.1 schedule scopes. */
#define ARRAKIS_SCHEDULE_GLOBAL 0u        /* one run per firing across the fleet (chain-wide work) */
#define ARRAKIS_SCHEDULE_PER_COMMUNITY 1u /* one item per active community per firing, each under its
                                             community's row-level security, retried and dead-lettered alone */

typedef struct arrakis_schedule_decl {
  uint32_t struct_size;
  const char* name; /* unique within the plugin */
  const char* cron; /* five-field cron expression, UTC */
  /* 1.1 */
  uint32_t scope;                /* ARRAKIS_SCHEDULE_*; a 1.0 plugin's schedules are GLOBAL */
  uint32_t statement_timeout_ms; /* per SQL statement of the job; 0 = the host's default */
  uint32_t max_attempts;         /* a failed run (or item) is retried with back-off; 0 = the host's default (5) */
} arrakis_schedule_decl;

#define ARRAKIS_PLUGIN_SERIAL 0x1u /* handle() must never run on two threads at once */

/* Hooks. `plugin_state` is what init() stored (NULL when there is no init). */
typedef arrakis_status (*arrakis_init_fn)(arrakis_call* call, void** out_plugin_state);
typedef arrakis_status (*arrakis_handle_fn)(void* plugin_state, arrakis_call* call, const arrakis_event* event);
typedef void (*arrakis_shutdown_fn)(void* plugin_state);
/* Checks the plugin's own invariants before the host swaps it in (runs with a recording host). */
typedef arrakis_status (*arrakis_self_test_fn)(void* plugin_state, arrakis_call* call);

typedef struct arrakis_plugin_descriptor {
  uint32_t struct_size;
  uint32_t abi_major; /* ARRAKIS_ABI_MAJOR the plugin was built with */
  uint32_t abi_minor;
  uint32_t flags; /* ARRAKIS_PLUGIN_* */
  const char* name;    /* [a-z0-9-]{1,64}, unique in a host */
  const char* version; /* semantic version "MAJOR.MINOR.PATCH" */

  /* Each list is an array of pointers (so each element can grow on its own) and a count. */
  const arrakis_command_decl* const* commands;
  uint32_t command_count;
  const char* const* event_types; /* "member.join", "guild.leave", ... */
  uint32_t event_type_count;
  const char* const* component_prefixes; /* custom_id prefixes: "alerts_", "directory_" */
  uint32_t component_prefix_count;
  const arrakis_route_decl* const* routes;
  uint32_t route_count;
  const arrakis_schedule_decl* const* schedules;
  uint32_t schedule_count;
  /* JSON field names whose values differ from run to run (ids, timestamps); shadow comparison
   * ignores them. */
  const char* const* volatile_fields;
  uint32_t volatile_field_count;

  arrakis_init_fn init;           /* may be NULL */
  arrakis_handle_fn handle;       /* required */
  arrakis_shutdown_fn shutdown;   /* may be NULL */
  arrakis_self_test_fn self_test; /* may be NULL */

  /* 1.1: components with flags. A prefix listed here overrides the same prefix in
   * component_prefixes (which a 1.1 plugin still fills, for 1.0 hosts). */
  const arrakis_component_decl* const* components;
  uint32_t component_count;
} arrakis_plugin_descriptor;

/* ------------------------------------------------------------------------------------------ */
/* The entry point                                                                            */
/* ------------------------------------------------------------------------------------------ */

typedef struct arrakis_handshake {
  uint32_t struct_size;
  uint32_t abi_major; /* the host's */
  uint32_t abi_minor;
  const arrakis_host_api* host; /* valid until the plugin is unloaded */
  /* Where a refusing plugin writes why (NUL-terminated, at most refusal_capacity bytes). */
  char* refusal;
  size_t refusal_capacity;
} arrakis_handshake;

/* Exported as ARRAKIS_PLUGIN_ENTRY_SYMBOL. Returns ARRAKIS_OK and sets *out_descriptor to a
 * descriptor the plugin owns and keeps valid until unload, or ARRAKIS_REFUSED (with a reason in
 * handshake->refusal), e.g. when the host's major version is not the plugin's. */
typedef arrakis_status (*arrakis_plugin_entry_fn)(const arrakis_handshake* handshake,
                                                  const arrakis_plugin_descriptor** out_descriptor);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* ARRAKIS_PLUGIN_H */
