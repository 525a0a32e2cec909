#include "arrakis/chain_sim/abi.hpp"

#include <algorithm>

namespace arrakis::chain_sim::abi {
namespace {

constexpr std::size_t kWord = 32;

std::size_t padded(std::size_t size) { return (size + kWord - 1) / kWord * kWord; }

void append(Bytes& out, const Bytes& more) { out.insert(out.end(), more.begin(), more.end()); }

Bytes encode_size(std::size_t value) { return encode_uint(static_cast<Wei>(value)); }

// Appends `data` followed by zero bytes up to a whole number of words.
void append_padded(Bytes& out, const Bytes& data) {
  append(out, data);
  out.resize(out.size() + padded(data.size()) - data.size(), 0);
}

void require_word(const Bytes& data, std::size_t offset) {
  if (offset > data.size() || data.size() - offset < kWord) {
    throw AbiError("ABI data too short: need a word at byte " + std::to_string(offset) + " of " +
                   std::to_string(data.size()));
  }
}

// A word used as an offset or a length: it must be small enough to point inside `data`.
std::size_t decode_size(const Bytes& data, std::size_t offset) {
  require_word(data, offset);
  for (std::size_t i = 0; i < kWord - 8; ++i) {
    if (data[offset + i] != 0) throw AbiError("ABI offset or length out of range at byte " + std::to_string(offset));
  }
  std::uint64_t value = 0;
  for (std::size_t i = kWord - 8; i < kWord; ++i) value = value << 8 | data[offset + i];
  if (value > data.size()) throw AbiError("ABI offset or length beyond the data at byte " + std::to_string(offset));
  return static_cast<std::size_t>(value);
}

bool decode_bool(const Bytes& data, std::size_t offset) {
  const Wei value = decode_uint(data, offset);
  if (value > 1) throw AbiError("ABI bool is neither 0 nor 1 at byte " + std::to_string(offset));
  return value == 1;
}

// `bytes` whose length word sits at `offset`.
Bytes decode_bytes(const Bytes& data, std::size_t offset) {
  const std::size_t length = decode_size(data, offset);
  const std::size_t start = offset + kWord;
  if (data.size() - start < length) throw AbiError("ABI bytes run past the end of the data");
  return Bytes(data.begin() + static_cast<std::ptrdiff_t>(start),
               data.begin() + static_cast<std::ptrdiff_t>(start + length));
}

// The element area of a dynamic array of dynamic tuples: returns each tuple's absolute offset.
std::vector<std::size_t> decode_tuple_offsets(const Bytes& data, std::size_t array_offset) {
  const std::size_t count = decode_size(data, array_offset);
  const std::size_t heads = array_offset + kWord;
  if ((data.size() - heads) / kWord < count) throw AbiError("ABI array longer than the data");
  std::vector<std::size_t> offsets;
  offsets.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t relative = decode_size(data, heads + i * kWord);
    if (relative > data.size() - heads) throw AbiError("ABI tuple offset beyond the data");
    offsets.push_back(heads + relative);
  }
  return offsets;
}

// Encodes a dynamic array of already-encoded dynamic tuples (length, heads, tails).
Bytes encode_tuple_array(const std::vector<Bytes>& tuples) {
  Bytes out = encode_size(tuples.size());
  std::size_t offset = tuples.size() * kWord;
  for (const auto& tuple : tuples) {
    append(out, encode_size(offset));
    offset += tuple.size();
  }
  for (const auto& tuple : tuples) append(out, tuple);
  return out;
}

}  // namespace

bool has_selector(const Bytes& call_data, const Selector& selector) {
  return call_data.size() >= 4 && std::equal(selector.begin(), selector.end(), call_data.begin());
}

Bytes encode_uint(Wei value) {
  Bytes word(kWord, 0);
  for (std::size_t i = 0; i < 16; ++i) {
    word[kWord - 1 - i] = static_cast<std::uint8_t>(value & 0xff);
    value >>= 8;
  }
  return word;
}

Bytes encode_address(const std::string& address) {
  const auto canonical = normalize_address(address);
  if (!canonical) throw AbiError("not an address: " + address);
  Bytes word(12, 0);
  append(word, *from_hex(*canonical));
  return word;
}

Bytes encode_bool(bool value) { return encode_uint(value ? 1 : 0); }

Bytes encode_string(const std::string& value) {
  Bytes out = encode_size(kWord);
  append(out, encode_size(value.size()));
  append_padded(out, Bytes(value.begin(), value.end()));
  return out;
}

Bytes encode_error_string(const std::string& reason) {
  Bytes out(kErrorString.begin(), kErrorString.end());
  append(out, encode_string(reason));
  return out;
}

Wei decode_uint(const Bytes& data, std::size_t offset) {
  require_word(data, offset);
  for (std::size_t i = 0; i < 16; ++i) {
    if (data[offset + i] != 0) throw AbiError("ABI uint larger than 128 bits at byte " + std::to_string(offset));
  }
  Wei value = 0;
  for (std::size_t i = 16; i < kWord; ++i) value = value << 8 | data[offset + i];
  return value;
}

std::string decode_address(const Bytes& data, std::size_t offset) {
  require_word(data, offset);
  for (std::size_t i = 0; i < 12; ++i) {
    if (data[offset + i] != 0) throw AbiError("ABI address with dirty upper bytes at byte " + std::to_string(offset));
  }
  return to_hex(Bytes(data.begin() + static_cast<std::ptrdiff_t>(offset + 12),
                      data.begin() + static_cast<std::ptrdiff_t>(offset + kWord)));
}

Bytes encode_balance_of_call(const std::string& address) {
  Bytes out(kBalanceOf.begin(), kBalanceOf.end());
  append(out, encode_address(address));
  return out;
}

Bytes encode_aggregate3_call(const std::vector<Call3>& calls) {
  std::vector<Bytes> tuples;
  tuples.reserve(calls.size());
  for (const auto& call : calls) {
    Bytes tuple = encode_address(call.target);
    append(tuple, encode_bool(call.allow_failure));
    append(tuple, encode_size(3 * kWord));  // `bytes` starts after the three head words
    append(tuple, encode_size(call.call_data.size()));
    append_padded(tuple, call.call_data);
    tuples.push_back(std::move(tuple));
  }
  Bytes out(kAggregate3.begin(), kAggregate3.end());
  append(out, encode_size(kWord));
  append(out, encode_tuple_array(tuples));
  return out;
}

std::vector<Call3> decode_aggregate3_args(const Bytes& args) {
  std::vector<Call3> calls;
  for (const std::size_t tuple : decode_tuple_offsets(args, decode_size(args, 0))) {
    Call3 call;
    call.target = decode_address(args, tuple);
    call.allow_failure = decode_bool(args, tuple + kWord);
    const std::size_t relative = decode_size(args, tuple + 2 * kWord);
    if (relative > args.size() - tuple) throw AbiError("ABI bytes offset beyond the data");
    call.call_data = decode_bytes(args, tuple + relative);
    calls.push_back(std::move(call));
  }
  return calls;
}

Bytes encode_aggregate3_result(const std::vector<Call3Result>& results) {
  std::vector<Bytes> tuples;
  tuples.reserve(results.size());
  for (const auto& result : results) {
    Bytes tuple = encode_bool(result.success);
    append(tuple, encode_size(2 * kWord));
    append(tuple, encode_size(result.return_data.size()));
    append_padded(tuple, result.return_data);
    tuples.push_back(std::move(tuple));
  }
  Bytes out = encode_size(kWord);
  append(out, encode_tuple_array(tuples));
  return out;
}

std::vector<Call3Result> decode_aggregate3_result(const Bytes& data) {
  std::vector<Call3Result> results;
  for (const std::size_t tuple : decode_tuple_offsets(data, decode_size(data, 0))) {
    Call3Result result;
    result.success = decode_bool(data, tuple);
    const std::size_t relative = decode_size(data, tuple + kWord);
    if (relative > data.size() - tuple) throw AbiError("ABI bytes offset beyond the data");
    result.return_data = decode_bytes(data, tuple + relative);
    results.push_back(std::move(result));
  }
  return results;
}

}  // namespace arrakis::chain_sim::abi
