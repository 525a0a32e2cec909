// arrakis-sign keygen --out DIR            writes DIR/arrakis-signing.key (0600) and .pub
// arrakis-sign sign --key KEYFILE FILE...  writes FILE.sig beside each plugin
// arrakis-sign verify --trusted PUBFILE FILE...
// Exit codes: 0 ok, 1 a signature did not verify, 2 usage or I/O error.
#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "arrakis/plugin_host/plugin_signature.hpp"

using namespace arrakis::plugin_host;
namespace fs = std::filesystem;

int main(int argc, char** argv) {
  CLI::App app{"Sign Arrakis plugins with Ed25519 and check their signatures"};
  app.require_subcommand(1);

  std::string out_dir;
  auto* keygen = app.add_subcommand("keygen", "create a key pair");
  keygen->add_option("--out", out_dir, "directory for arrakis-signing.key and arrakis-signing.pub")->required();

  std::string key_file;
  std::vector<std::string> files;
  auto* sign = app.add_subcommand("sign", "write FILE.sig beside each plugin");
  sign->add_option("--key", key_file, "secret key file")->required()->check(CLI::ExistingFile);
  sign->add_option("files", files, "plugin files")->required()->check(CLI::ExistingFile);

  std::string trusted_file;
  auto* verify = app.add_subcommand("verify", "check each FILE.sig against trusted public keys");
  verify->add_option("--trusted", trusted_file, "file with trusted public keys, one per line")->required()->check(CLI::ExistingFile);
  verify->add_option("files", files, "plugin files")->required()->check(CLI::ExistingFile);
  CLI11_PARSE(app, argc, argv);

  try {
    if (*keygen) {
      fs::create_directories(out_dir);
      const auto pair = generate_signing_key();
      const fs::path secret = fs::path(out_dir) / "arrakis-signing.key";
      const mode_t old = umask(077);
      std::ofstream(secret) << pair.secret_key_hex << "\n";
      umask(old);
      fs::permissions(secret, fs::perms::owner_read | fs::perms::owner_write);
      std::ofstream(fs::path(out_dir) / "arrakis-signing.pub") << pair.public_key_hex << "\n";
      std::cout << "secret key: " << secret.string() << " (keep it private)\npublic key: " << pair.public_key_hex << "\n";
      return 0;
    }
    if (*sign) {
      std::ifstream in(key_file);
      std::string secret;
      std::getline(in, secret);
      for (const auto& f : files) {
        std::ofstream(f + ".sig") << sign_plugin_file(f, secret) << "\n";
        std::cout << "signed " << f << " -> " << f << ".sig\n";
      }
      return 0;
    }
    const auto keys = read_public_keys(trusted_file);
    int bad = 0;
    for (const auto& f : files) {
      std::ifstream in(f + ".sig");
      std::string sig;
      std::getline(in, sig);
      if (auto signer = verify_plugin_file(f, sig, keys)) {
        std::cout << f << ": ok (signed by " << signer->substr(0, 16) << "...)\n";
      } else {
        std::cout << f << ": NOT VERIFIED" << (in ? "" : " (no .sig file)") << "\n";
        ++bad;
      }
    }
    return bad ? 1 : 0;
  } catch (const std::exception& e) {
    std::cerr << "arrakis-sign: " << e.what() << "\n";
    return 2;
  }
}
