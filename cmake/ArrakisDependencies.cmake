# Every external dependency, found once. Targets are named as env.md records them.
find_package(Threads REQUIRED)
find_package(Boost 1.74 REQUIRED COMPONENTS program_options filesystem system)
find_package(cpprestsdk CONFIG REQUIRED)
find_package(nlohmann_json 3 CONFIG REQUIRED)
find_package(GTest CONFIG REQUIRED)
find_package(rabbitmq-c CONFIG REQUIRED)
find_package(spdlog CONFIG REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(ZLIB REQUIRED)
find_package(PNG REQUIRED)  # libpng: the onboarding plugin's generated profile pictures
find_package(CLI11 CONFIG REQUIRED)
if(ARRAKIS_BUILD_BENCHMARKS)
  find_package(benchmark CONFIG REQUIRED)
endif()
find_package(PkgConfig REQUIRED)
pkg_check_modules(PQXX REQUIRED IMPORTED_TARGET libpqxx)
pkg_check_modules(PQ REQUIRED IMPORTED_TARGET libpq)  # libpq itself (transaction status), from libpqxx-dev's dependency libpq-dev
# hiredict: hiredis with TLS (rediss://); Debian 12 has it in bookworm-backports (tools/dev.d/packages.sh).
pkg_check_modules(HIREDICT REQUIRED IMPORTED_TARGET hiredict hiredict_ssl)
pkg_check_modules(SECP256K1 REQUIRED IMPORTED_TARGET libsecp256k1)
pkg_check_modules(CRYPTOPP REQUIRED IMPORTED_TARGET libcrypto++)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
