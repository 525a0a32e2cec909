/*
 * Arrakis plugin ABI 1.1 — the JSON a plugin receives in arrakis_event.json, kind by kind.
 *
 * This header holds no declarations; it is the one reference for the event payloads that the
 * ingestor's normaliser produces, the host completes and the SDK's sdk::Event reads. Change a field
 * here, in the normaliser (host/ingestor/src/normaliser.cpp), in the host's invocation builder
 * (host/plugin-host/src/invocation.cpp) and in sdk::Event together. Within ABI major 1 fields are
 * only ever added; a reader ignores fields it does not know.
 *
 * Conventions: ids (Discord snowflakes) are strings; times are milliseconds since the Unix epoch
 * (numbers); a field marked "optional" may be absent; "" means known to be empty.
 *
 * ------------------------------------------------------------------------------------------------
 * Every queue-borne kind (COMMAND, COMPONENT, MODAL, AUTOCOMPLETE, GUILD, INTERNAL, and SCHEDULE
 * items of a per-community job) shares this envelope:
 *   eventId        string  unique per event; the host's idempotency key is eventId + ":" + plugin
 *   eventType      string  the routing key, equal to arrakis_event.type
 *   timestamp      number  when the ingestor (or publisher) created the event
 *   shardId        number  gateway shard (interactions and guild events only)
 *   guildId        string  the guild; ABSENT for DM interactions
 *   communityId    string  the tenant the host resolved (RLS scope of the call's SQL); added by
 *                          the host; "" for a global schedule
 *   channelId      string  optional
 *   userId         string  the user who acted (interactions: the invoking user)
 *   interactionId  string  interactions only
 *   data           object  per kind, below
 * The interaction token is never present: the host answers interactions itself.
 *
 * ARRAKIS_EVENT_COMMAND — type "interaction.command.{name}"
 *   data.type              2
 *   data.commandName       string
 *   data.subcommand        string  "" | "sub" | "group sub"
 *   data.options           object  leaf options of the chosen subcommand, by name: string,
 *                                  number, boolean, or an id string for user/role/channel options
 *   data.targetId          string  optional: user and message commands
 *   data.memberPermissions string  the member's permission bits in decimal ("8" = Administrator);
 *                                  "0" in a DM (no member)
 *   data.memberRoles       array   role ids of the invoking member; [] in a DM
 *   data.userName          string  the invoking user's display name (global_name, else username)
 *   data.locale            string  the user's client locale
 *   data.dm                boolean optional, true for an interaction in a DM (then no guildId)
 *
 * ARRAKIS_EVENT_AUTOCOMPLETE — type "interaction.autocomplete"
 *   as COMMAND, plus
 *   data.focusedOption     string  the option being typed
 *   data.focusedValue      any     what has been typed so far
 *
 * ARRAKIS_EVENT_COMPONENT — type "interaction.button" | "interaction.select"
 *   data.type              3
 *   data.customId          string  routes to the plugin declaring its prefix
 *   data.componentType     number  2 button, 3/5/6/7/8 selects
 *   data.values            array   selects only: the chosen values
 *   data.messageId         string  the message the component is on
 *   data.memberPermissions, data.memberRoles, data.userName, data.locale, data.dm as COMMAND
 *
 * ARRAKIS_EVENT_MODAL — type "interaction.modal"
 *   data.type              5
 *   data.customId          string
 *   data.fields            object  input custom_id -> value (text) or array (select in a label)
 *   data.messageId         string  optional: present only when the modal was opened from a
 *                                  component; a modal opened by a slash command has none (the host
 *                                  then defers with a new message, type 5, not an update, type 6)
 *   data.memberPermissions, data.memberRoles, data.userName, data.locale, data.dm as COMMAND
 *
 * ARRAKIS_EVENT_GUILD — member.*, guild.*, message.*, reaction.*
 *   member.join    data {userId, username, displayName, joinedAt, pending, roles[]}
 *   member.leave   data {userId, username}
 *   member.update  data {userId, username, newNickname|null, currentRoles[]}  (no previous roles:
 *                  the ingestor keeps no cache; the member-update plugin diffs against its table)
 *   guild.join     data {guildId, name, memberCount}         (never sent for an outage)
 *   guild.leave    data {guildId, unavailable:false}          (never sent for an outage)
 *   message.create data {messageId, channelId, authorId, isReply, attachmentCount, length}
 *                  (the content never leaves the ingestor; bots and webhooks are not forwarded)
 *   reaction.add   data {messageId, channelId, userId, emoji ("name" or "name:id"), messageAuthorId?}
 *
 * ARRAKIS_EVENT_INTERNAL — type "internal.{name}", published with host->event_publish
 *   eventId, eventType, timestamp, guildId, communityId   as the envelope
 *   source         object  {plugin, version}: who published it
 *   data           object  exactly the data_json the publisher passed
 *
 * ARRAKIS_EVENT_SCHEDULE — type "schedule.{name}"
 *   schedule       string  the schedule's name
 *   firedAt        number  the firing's time (the same for every item of one firing)
 *   fence          number  strictly increasing per schedule across the fleet: a job can store it
 *                          and ignore a stale run that arrives after a newer one
 *   scope          string  "global" | "per-community"
 *   communityId    string  per-community items: the community (guildId is set too); global: ""
 *   attempt        number  1 for the first run, 2.. for retries after a failure
 *
 * ARRAKIS_EVENT_HTTP — type "http.request", on the public route listener
 *   method         string  "GET", "POST", ...
 *   path           string  the decoded path, "/verify/abc"
 *   route          string  the declared template, "/verify/{session}"
 *   params         object  template parameter -> decoded segment: {"session": "abc"}
 *   query          object  decoded query parameters (last value wins)
 *   headers        object  every request header, lower-case names
 *   body           string  the request body (at most 64 KiB)
 *   remoteAddress  string  the client: the peer, or the last X-Forwarded-For hop when the peer
 *                          is a trusted proxy (ARRAKIS_TRUSTED_PROXIES)
 *   communityId    string  the community bound to params[tenant_param] ("" when the route has none)
 */
#ifndef ARRAKIS_PLUGIN_EVENTS_H
#define ARRAKIS_PLUGIN_EVENTS_H
#endif /* ARRAKIS_PLUGIN_EVENTS_H */
