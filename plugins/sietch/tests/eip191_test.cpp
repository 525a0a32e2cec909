// EIP-191 personal_sign on published Ethereum test vectors: Keccak-256 (not SHA3-256) of known
// inputs, addresses of well-known private keys, and a signature published by web3.js.
#include <gtest/gtest.h>

#include "arrakis/sietch/eip191.hpp"

namespace eip191 = arrakis::sietch::eip191;

namespace {

// web3.js documentation (web3.eth.accounts.privateKeyToAccount / sign): this key, its address, and
// its signature of "Some data" with that message's EIP-191 hash.
const std::string kWeb3Key = "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";
const std::string kWeb3Address = "0x2c7536e3605d9c16a7a3d7b1898e529396a65c23";
const std::string kWeb3Signature =
    "0xb91467e570a6466aa9e9876cbcd013baba02900b8979d43fe208a4a4f339f5fd6007e74cd82e037b800186422fc2da167c747ef045e5"
    "d18a5f5d4300f8e1a0291c";

}  // namespace

TEST(Eip191, Keccak256IsEthereumsHashNotSha3) {
  EXPECT_EQ(eip191::to_hex(eip191::keccak256("")),
            "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");  // SHA3-256 would be a7ffc6f8...
  // The ERC-20 Transfer event topic.
  EXPECT_EQ(eip191::to_hex(eip191::keccak256("Transfer(address,address,uint256)")),
            "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef");
}

TEST(Eip191, PersonalMessageHashPrefixesTheLength) {
  EXPECT_EQ(eip191::to_hex(eip191::personal_message_hash("Some data")),
            "0x1da44b586eb0729ff70a73c326926f6ed5a25f5b056e7f47fbc6e58d86871655");
}

TEST(Eip191, AddressesOfKnownPrivateKeys) {
  EXPECT_EQ(eip191::address_of_private_key("0x0000000000000000000000000000000000000000000000000000000000000001"),
            "0x7e5f4552091a69125d5dfcb7b8c2659029395bdf");
  // Hardhat / Anvil account #0.
  EXPECT_EQ(eip191::address_of_private_key("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"),
            "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
  EXPECT_EQ(eip191::address_of_private_key(kWeb3Key), kWeb3Address);
  EXPECT_EQ(eip191::address_of_private_key("0x" + std::string(64, '0')), std::nullopt) << "zero is not a key";
  EXPECT_EQ(eip191::address_of_private_key("0x1234"), std::nullopt);
}

TEST(Eip191, RecoversThePublishedSigner) {
  EXPECT_EQ(eip191::recover_personal_signer("Some data", kWeb3Signature), kWeb3Address);
  // Upper-case hex and v as 0/1 are accepted too.
  std::string upper = kWeb3Signature;
  for (std::size_t i = 2; i < upper.size(); ++i) upper[i] = static_cast<char>(std::toupper(upper[i]));
  EXPECT_EQ(eip191::recover_personal_signer("Some data", upper), kWeb3Address);
  EXPECT_EQ(eip191::recover_personal_signer("Some data", kWeb3Signature.substr(0, 130) + "01"), kWeb3Address);
}

TEST(Eip191, SigningIsDeterministicAsWalletsSign) {
  EXPECT_EQ(eip191::sign_personal_message("Some data", kWeb3Key), kWeb3Signature);
  const std::string message =
      "Verify wallet ownership for Discord user: chani\nThis signature does NOT authorize any blockchain "
      "transactions.\nNonce: 5b1c7a36-3f8e-4f2a-9d61-0f3b2a1c9e77";
  EXPECT_EQ(eip191::recover_personal_signer(message, eip191::sign_personal_message(message, kWeb3Key)), kWeb3Address);
}

TEST(Eip191, AnotherMessageRecoversAnotherAddress) {
  const auto other = eip191::recover_personal_signer("Some datA", kWeb3Signature);
  ASSERT_TRUE(other.has_value());
  EXPECT_NE(*other, kWeb3Address);
}

TEST(Eip191, MalformedSignaturesRecoverNothing) {
  EXPECT_EQ(eip191::recover_personal_signer("Some data", ""), std::nullopt);
  EXPECT_EQ(eip191::recover_personal_signer("Some data", kWeb3Signature.substr(0, 130)), std::nullopt) << "no v";
  EXPECT_EQ(eip191::recover_personal_signer("Some data", kWeb3Signature.substr(2)), std::nullopt) << "no 0x";
  EXPECT_EQ(eip191::recover_personal_signer("Some data", kWeb3Signature.substr(0, 130) + "1d"), std::nullopt) << "v=29";
  EXPECT_EQ(eip191::recover_personal_signer("Some data", "0x" + std::string(128, '0') + "1b"), std::nullopt) << "r=s=0";
  EXPECT_EQ(eip191::recover_personal_signer("Some data", "0x" + std::string(128, 'f') + "1b"), std::nullopt)
      << "r, s beyond the curve order";
  std::string not_hex = kWeb3Signature;
  not_hex[10] = 'g';
  EXPECT_EQ(eip191::recover_personal_signer("Some data", not_hex), std::nullopt);
}

TEST(Eip191, AddressAndSignatureForms) {
  EXPECT_TRUE(eip191::is_address("0x2C7536E3605D9C16a7a3D7b1898e529396a65c23"));
  EXPECT_FALSE(eip191::is_address("2C7536E3605D9C16a7a3D7b1898e529396a65c23"));
  EXPECT_FALSE(eip191::is_address("0x2C7536E3605D9C16a7a3D7b1898e529396a65c2"));
  EXPECT_TRUE(eip191::is_signature(kWeb3Signature));
  EXPECT_FALSE(eip191::is_signature(kWeb3Signature + "00"));
}
